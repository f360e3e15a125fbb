/**
 * `gazette export --format wxr FILE.xml`: the site as a WordPress export (WXR 1.2) that
 * WordPress's own importer reads, so no one is locked in.
 *
 * Everything is read in one snapshot (a read transaction; REPEATABLE READ on PostgreSQL) and
 * written a page of articles at a time. Items keep their WordPress ids when they came from
 * WordPress, so `/?p=ID` links survive a move back; native items get ids above every imported one.
 */
import type { Transaction } from 'kysely';
import type { Article, Database } from '../../db/schema.js';
import { articlePermalink } from '../../content/permalinks.js';
import type { Deps } from '../../runtime/deps.js';
import { FileWriter } from './file-writer.js';
import { cdata, esc } from '../../kernel/xml.js';
import { rfc2822, wpGmt, wpLocal } from './wp-dates.js';

type Trx = Transaction<Database>;

const WP_STATUS: Record<Article['status'], string> = {
  published: 'publish',
  scheduled: 'future',
  draft: 'draft',
  pending: 'pending',
  private: 'private',
  trash: 'trash',
};
const COMMENT_APPROVED = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' } as const;
const PAGE = 500;

/** Ids in WordPress's spaces: a row's own WordPress id, else its id above every WordPress id in use. */
class IdSpace {
  constructor(private readonly base: number) {}
  of(row: { id: number; wp_id: number | null }, offset = 0): number {
    return row.wp_id ?? this.base + offset + row.id;
  }
}

async function maxOf(trx: Trx, table: 'articles' | 'media' | 'sections' | 'tags' | 'comments' | 'users', column: 'id' | 'wp_id'): Promise<number> {
  const r = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max(column).as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Runs `fn` in a read snapshot of the whole database. */
export async function inSnapshot<T>(deps: Deps, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const t = deps.db.dialect === 'postgres' ? deps.kysely.transaction().setIsolationLevel('repeatable read') : deps.kysely.transaction();
  return t.execute(fn);
}

export async function exportWxr(deps: Deps, file: string): Promise<{ items: number; comments: number }> {
  const settings = await deps.settings.all();
  const tz = String(settings['site.timezone']);
  const site = deps.config.publicUrl.replace(/\/+$/, '');
  const out = new FileWriter(file);
  let items = 0;
  let commentCount = 0;
  await inSnapshot(deps, async (trx) => {
    const postBase = Math.max(await maxOf(trx, 'articles', 'wp_id'), await maxOf(trx, 'media', 'wp_id'));
    const maxArticle = await maxOf(trx, 'articles', 'id');
    const posts = new IdSpace(postBase);
    const terms = new IdSpace(Math.max(await maxOf(trx, 'sections', 'wp_id'), await maxOf(trx, 'tags', 'wp_id')));
    const maxSection = await maxOf(trx, 'sections', 'id');
    const users = new IdSpace(await maxOf(trx, 'users', 'wp_id'));
    const comments = new IdSpace(await maxOf(trx, 'comments', 'wp_id'));

    await out.write(
      `<?xml version="1.0" encoding="UTF-8" ?>\n<!-- WordPress eXtended RSS written by Gazette; import it with Tools → Import → WordPress. -->\n` +
        `<rss version="2.0"\n\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n` +
        `\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n\txmlns:dc="http://purl.org/dc/elements/1.1/"\n\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n` +
        `\t<title>${esc(String(settings['site.title']))}</title>\n\t<link>${esc(site)}</link>\n\t<description>${esc(String(settings['site.tagline']))}</description>\n` +
        `\t<pubDate>${rfc2822(deps.clock.now())}</pubDate>\n\t<language>${esc(String(settings['site.language']))}</language>\n` +
        `\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>${esc(site)}</wp:base_site_url>\n\t<wp:base_blog_url>${esc(site)}</wp:base_blog_url>\n`,
    );

    const people = await trx.selectFrom('users').select(['id', 'wp_id', 'email', 'slug', 'name']).orderBy('id').execute();
    const loginOf = new Map(people.map((u) => [u.id, u.slug]));
    const userById = new Map(people.map((u) => [u.id, u]));
    for (const u of people) {
      await out.write(
        `\t<wp:author><wp:author_id>${users.of(u)}</wp:author_id><wp:author_login>${cdata(u.slug)}</wp:author_login>` +
          `<wp:author_email>${cdata(u.email)}</wp:author_email><wp:author_display_name>${cdata(u.name)}</wp:author_display_name>` +
          `<wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>\n`,
      );
    }
    const sections = await trx.selectFrom('sections').selectAll().orderBy('id').execute();
    const sectionById = new Map(sections.map((s) => [s.id, s]));
    // WordPress's importer wants a parent before its children.
    const written = new Set<number>();
    const writeSection = async (s: (typeof sections)[number], seen: Set<number> = new Set()): Promise<void> => {
      if (written.has(s.id) || seen.has(s.id)) return;
      seen.add(s.id);
      const parent = s.parent_id !== null ? sectionById.get(s.parent_id) : undefined;
      if (parent) await writeSection(parent, seen);
      written.add(s.id);
      await out.write(
        `\t<wp:category><wp:term_id>${terms.of(s)}</wp:term_id><wp:category_nicename>${cdata(s.slug)}</wp:category_nicename>` +
          `<wp:category_parent>${cdata(parent?.slug ?? '')}</wp:category_parent><wp:cat_name>${cdata(s.name)}</wp:cat_name>` +
          (s.description ? `<wp:category_description>${cdata(s.description)}</wp:category_description>` : '') +
          `</wp:category>\n`,
      );
    };
    for (const s of sections) await writeSection(s);
    const tags = await trx.selectFrom('tags').selectAll().orderBy('id').execute();
    const tagById = new Map(tags.map((t) => [t.id, t]));
    for (const t of tags) {
      await out.write(
        `\t<wp:tag><wp:term_id>${terms.of(t, maxSection)}</wp:term_id><wp:tag_slug>${cdata(t.slug)}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>\n`,
      );
    }
    await out.write(`\t<generator>Gazette</generator>\n`);

    // Attachments first, so a featured image is known before the post that names it.
    const mediaPostId = new Map<number, number>();
    for (let after = 0; ; ) {
      const page = await trx.selectFrom('media').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (!page.length) break;
      for (const m of page) {
        const postId = posts.of(m, maxArticle);
        mediaPostId.set(m.id, postId);
        const url = m.original_url || `${site}/${m.path.replace(/^\/+/, '')}`;
        const file = m.path.replace(/^\/*media\//, '') || new URL(url, site).pathname.replace(/^.*\/uploads\//, '');
        await out.write(
          `\t<item>\n\t\t<title>${cdata(file.split('/').pop() ?? '')}</title>\n\t\t<link>${esc(url)}</link>\n\t\t<pubDate>${rfc2822(m.created_at)}</pubDate>\n` +
            `\t\t<dc:creator>${cdata('')}</dc:creator>\n\t\t<guid isPermaLink="false">${esc(url)}</guid>\n\t\t<description></description>\n` +
            `\t\t<content:encoded>${cdata('')}</content:encoded>\n\t\t<excerpt:encoded>${cdata(m.caption)}</excerpt:encoded>\n` +
            `\t\t<wp:post_id>${postId}</wp:post_id>\n\t\t<wp:post_date>${cdata(wpLocal(m.created_at, tz))}</wp:post_date>\n\t\t<wp:post_date_gmt>${cdata(wpGmt(m.created_at))}</wp:post_date_gmt>\n` +
            `\t\t<wp:comment_status>${cdata('closed')}</wp:comment_status>\n\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>\n\t\t<wp:post_name>${cdata('')}</wp:post_name>\n` +
            `\t\t<wp:status>${cdata('inherit')}</wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type>${cdata('attachment')}</wp:post_type>\n` +
            `\t\t<wp:post_password>${cdata('')}</wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n\t\t<wp:attachment_url>${cdata(url)}</wp:attachment_url>\n` +
            meta('_wp_attached_file', file) +
            (m.alt ? meta('_wp_attachment_image_alt', m.alt) : '') +
            (m.width && m.height ? meta('_wp_attachment_metadata', `a:2:{s:5:"width";i:${m.width};s:6:"height";i:${m.height};}`) : '') +
            `\t</item>\n`,
        );
        items++;
      }
      after = page[page.length - 1].id;
    }

    for (let after = 0; ; ) {
      const page = await trx.selectFrom('articles').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (!page.length) break;
      const ids = page.map((a) => a.id);
      const [authors, articleTags, pageComments] = await Promise.all([
        trx.selectFrom('article_authors').select(['article_id', 'user_id']).where('article_id', 'in', ids).orderBy('position').execute(),
        trx.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', ids).execute(),
        trx
          .selectFrom('comments')
          .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
          .selectAll('comments')
          .select(['parent.wp_id as parent_wp_id'])
          .where('comments.article_id', 'in', ids)
          .orderBy('comments.id')
          .execute(),
      ]);
      for (const a of page) {
        const byline = authors.find((x) => x.article_id === a.id);
        const when = a.published_at ?? a.created_at;
        const link = site + articlePermalink(a, tz);
        const postId = posts.of(a);
        let xml =
          `\t<item>\n\t\t<title>${cdata(a.headline)}</title>\n\t\t<link>${esc(link)}</link>\n\t\t<pubDate>${rfc2822(when)}</pubDate>\n` +
          `\t\t<dc:creator>${cdata(byline ? (loginOf.get(byline.user_id) ?? '') : '')}</dc:creator>\n\t\t<guid isPermaLink="false">${esc(`${site}/?p=${postId}`)}</guid>\n\t\t<description></description>\n` +
          `\t\t<content:encoded>${cdata(a.body_format === 'html' ? a.body : a.body_html)}</content:encoded>\n\t\t<excerpt:encoded>${cdata(a.excerpt)}</excerpt:encoded>\n` +
          `\t\t<wp:post_id>${postId}</wp:post_id>\n\t\t<wp:post_date>${cdata(wpLocal(a.published_at, tz))}</wp:post_date>\n\t\t<wp:post_date_gmt>${cdata(wpGmt(a.published_at))}</wp:post_date_gmt>\n` +
          `\t\t<wp:post_modified>${cdata(wpLocal(a.updated_at, tz))}</wp:post_modified>\n\t\t<wp:post_modified_gmt>${cdata(wpGmt(a.updated_at))}</wp:post_modified_gmt>\n` +
          `\t\t<wp:comment_status>${cdata(a.comments_open ? 'open' : 'closed')}</wp:comment_status>\n\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>\n` +
          `\t\t<wp:post_name>${cdata(a.slug)}</wp:post_name>\n\t\t<wp:status>${cdata(WP_STATUS[a.status])}</wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n` +
          `\t\t<wp:post_type>${cdata(a.type === 'page' ? 'page' : 'post')}</wp:post_type>\n\t\t<wp:post_password>${cdata(a.password ?? '')}</wp:post_password>\n\t\t<wp:is_sticky>${a.sticky ? 1 : 0}</wp:is_sticky>\n`;
        const section = a.section_id !== null ? sectionById.get(a.section_id) : undefined;
        if (section) xml += `\t\t<category domain="category" nicename="${esc(section.slug)}">${cdata(section.name)}</category>\n`;
        for (const at of articleTags) {
          const t = at.article_id === a.id ? tagById.get(at.tag_id) : undefined;
          if (t) xml += `\t\t<category domain="post_tag" nicename="${esc(t.slug)}">${cdata(t.name)}</category>\n`;
        }
        if (a.featured_media_id !== null && mediaPostId.has(a.featured_media_id)) xml += meta('_thumbnail_id', String(mediaPostId.get(a.featured_media_id)));
        const commentIdOf = new Map<number, number>();
        for (const c of pageComments) {
          if (c.article_id !== a.id) continue;
          const id = comments.of(c);
          commentIdOf.set(c.id, id);
          const parent = c.parent_id === null ? 0 : (c.parent_wp_id ?? commentIdOf.get(c.parent_id) ?? comments.of({ id: c.parent_id, wp_id: null }));
          const userWp = c.user_id !== null ? userById.get(c.user_id) : undefined;
          xml +=
            `\t\t<wp:comment>\n\t\t\t<wp:comment_id>${id}</wp:comment_id>\n\t\t\t<wp:comment_author>${cdata(c.author)}</wp:comment_author>\n` +
            `\t\t\t<wp:comment_author_email>${cdata(c.email)}</wp:comment_author_email>\n\t\t\t<wp:comment_author_url>${esc(c.url)}</wp:comment_author_url>\n` +
            `\t\t\t<wp:comment_author_IP>${cdata('')}</wp:comment_author_IP>\n\t\t\t<wp:comment_date>${cdata(wpLocal(c.created_at, tz))}</wp:comment_date>\n` +
            `\t\t\t<wp:comment_date_gmt>${cdata(wpGmt(c.created_at))}</wp:comment_date_gmt>\n\t\t\t<wp:comment_content>${cdata(c.body)}</wp:comment_content>\n` +
            `\t\t\t<wp:comment_approved>${cdata(COMMENT_APPROVED[c.status])}</wp:comment_approved>\n\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>\n` +
            `\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>${userWp ? users.of(userWp) : 0}</wp:comment_user_id>\n\t\t</wp:comment>\n`;
          commentCount++;
        }
        await out.write(xml + `\t</item>\n`);
        items++;
      }
      after = page[page.length - 1].id;
    }
    await out.write('</channel>\n</rss>\n');
  });
  await out.close();
  return { items, comments: commentCount };
}

function meta(key: string, value: string): string {
  return `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
}
