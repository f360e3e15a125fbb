/**
 * WordPress exports written at test time: a channel with authors and terms, then items with their
 * meta and comments, in the shape WordPress 6 writes them. Values go in CDATA (split where they hold
 * `]]>`), so any string can be a body, a URL or a name.
 */

export interface WxrCommentSpec {
  id: number;
  author?: string;
  email?: string;
  url?: string;
  content: string;
  approved?: string;
  type?: string;
  parent?: number;
  date?: string;
}

export interface WxrItemSpec {
  id?: number;
  title: string;
  slug?: string;
  link?: string;
  guid?: string;
  creator?: string;
  content?: string;
  excerpt?: string;
  date?: string;
  type?: string;
  status?: string;
  parent?: number;
  attachmentUrl?: string;
  categories?: Array<{ domain: 'category' | 'post_tag'; slug: string; name: string }>;
  meta?: Record<string, string>;
  comments?: WxrCommentSpec[];
}

export interface WxrSpec {
  site?: string;
  authors?: Array<{ id: number; login: string; email: string; name: string }>;
  categories?: Array<{ id: number; slug: string; name: string; parent?: string }>;
  tags?: Array<{ id: number; slug: string; name: string }>;
  items: WxrItemSpec[];
}

/** A CDATA section holding `s` exactly (a `]]>` inside is split across two sections). */
export const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function comment(c: WxrCommentSpec): string {
  const date = c.date ?? '2020-05-01 10:00:00';
  return `<wp:comment><wp:comment_id>${c.id}</wp:comment_id><wp:comment_author>${cdata(c.author ?? 'Reader')}</wp:comment_author><wp:comment_author_email>${cdata(
    c.email ?? '',
  )}</wp:comment_author_email><wp:comment_author_url>${cdata(c.url ?? '')}</wp:comment_author_url><wp:comment_author_IP>${cdata(
    '192.0.2.1',
  )}</wp:comment_author_IP><wp:comment_date>${cdata(date)}</wp:comment_date><wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt><wp:comment_content>${cdata(
    c.content,
  )}</wp:comment_content><wp:comment_approved>${cdata(c.approved ?? '1')}</wp:comment_approved><wp:comment_type>${cdata(
    c.type ?? 'comment',
  )}</wp:comment_type><wp:comment_parent>${c.parent ?? 0}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>`;
}

function item(site: string, it: WxrItemSpec): string {
  const date = it.date ?? '2020-05-01 09:00:00';
  const slug = it.slug ?? it.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const [y, m, d] = date.split(/[- ]/);
  const link = it.link ?? `${site}/${y}/${m}/${d}/${slug}/`;
  const meta = Object.entries(it.meta ?? {})
    .map(([k, v]) => `<wp:postmeta><wp:meta_key>${cdata(k)}</wp:meta_key><wp:meta_value>${cdata(v)}</wp:meta_value></wp:postmeta>`)
    .join('\n');
  return `<item>
<title>${cdata(it.title)}</title>
<link>${link}</link>
<dc:creator>${cdata(it.creator ?? 'editor')}</dc:creator>
<guid isPermaLink="false">${it.guid ?? `${site}/?p=${it.id}`}</guid>
<description></description>
<content:encoded>${cdata(it.content ?? '')}</content:encoded>
<excerpt:encoded>${cdata(it.excerpt ?? '')}</excerpt:encoded>
${it.id !== undefined ? `<wp:post_id>${it.id}</wp:post_id>` : ''}
<wp:post_date>${cdata(date)}</wp:post_date>
<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
<wp:comment_status>${cdata('open')}</wp:comment_status>
<wp:post_name>${cdata(slug)}</wp:post_name>
<wp:status>${cdata(it.status ?? (it.type === 'attachment' ? 'inherit' : 'publish'))}</wp:status>
<wp:post_parent>${it.parent ?? 0}</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>${cdata(it.type ?? 'post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
${it.attachmentUrl ? `<wp:attachment_url>${cdata(it.attachmentUrl)}</wp:attachment_url>` : ''}
${(it.categories ?? []).map((c) => `<category domain="${c.domain}" nicename="${c.slug}">${cdata(c.name)}</category>`).join('\n')}
${meta}
${(it.comments ?? []).map(comment).join('\n')}
</item>`;
}

/** The export as text. */
export function wxr(spec: WxrSpec): string {
  const site = spec.site ?? 'https://old.example.com';
  const authors = spec.authors ?? [{ id: 1, login: 'editor', email: 'editor@old.example.com', name: 'The Editor' }];
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old site</title>
<link>${site}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${site}</wp:base_site_url>
<wp:base_blog_url>${site}</wp:base_blog_url>
${authors
  .map(
    (a) =>
      `<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login><wp:author_email>${cdata(
        a.email,
      )}</wp:author_email><wp:author_display_name>${cdata(a.name)}</wp:author_display_name></wp:author>`,
  )
  .join('\n')}
${(spec.categories ?? [])
  .map(
    (c) =>
      `<wp:category><wp:term_id>${c.id}</wp:term_id><wp:category_nicename>${cdata(c.slug)}</wp:category_nicename><wp:category_parent>${cdata(
        c.parent ?? '',
      )}</wp:category_parent><wp:cat_name>${cdata(c.name)}</wp:cat_name></wp:category>`,
  )
  .join('\n')}
${(spec.tags ?? []).map((t) => `<wp:tag><wp:term_id>${t.id}</wp:term_id><wp:tag_slug>${cdata(t.slug)}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>`).join('\n')}
${spec.items.map((i) => item(site, i)).join('\n')}
</channel>
</rss>
`;
}
