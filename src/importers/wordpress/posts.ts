/**
 * Posts and pages become articles and pages; attachments become media records pointing at their
 * original URLs. Bodies are kept as WordPress wrote them (block-editor comments, shortcodes) in
 * `body`, and rendered through the same sanitiser as everything else into `body_html`.
 */
import type { ArticleType } from '../../db/schema.js';
import { articlePermalink, RESERVED_SLUGS, slugify } from '../../content/permalinks.js';
import type { ImportContext } from './context.js';
import type { ArticleRow } from './hot-statements.js';
import { renderItemBody } from './item-body.js';
import { sectionFor, tagFor, userForLogin } from './people-and-terms.js';
import type { WxrItem } from './records.js';
import { articleStatus, attachmentSize, mimeFromUrl, permalinkPath, wpDate, wpId } from './values.js';

const metaValue = (it: WxrItem, key: string) => it.meta.find((m) => m.key === key)?.value;

/** A slug free among articles of `type`: the wanted one, else `-2`, `-3`… (checked by equality, so indexed). */
async function freeSlug(ctx: ImportContext, type: ArticleType, wanted: string, selfId?: number): Promise<string> {
  for (let i = 1; ; i++) {
    const slug = i === 1 ? wanted : `${wanted}-${i}`;
    if (type === 'page' && RESERVED_SLUGS.has(slug)) continue;
    const owner = await ctx.hot.slugOwner(type, slug);
    if (owner === undefined || owner === selfId) return slug;
  }
}

/**
 * The item's sections: the first category (preferring any over WordPress's default "uncategorized")
 * is its section; every other category still lists it in its archive (article_sections).
 */
async function itemSections(ctx: ImportContext, it: WxrItem): Promise<{ primary: number | null; others: number[] }> {
  let cats = it.categories.filter((c) => c.domain === 'category');
  // WXR 1.0 names categories without a domain.
  if (!cats.length) cats = it.categories.filter((c) => c.domain === '' && c.name);
  if (!cats.length) return { primary: null, others: [] };
  const pick = cats.find((c) => c.nicename !== 'uncategorized') ?? cats[0];
  const primary = await sectionFor(ctx, pick.nicename, pick.name);
  const others = new Set<number>();
  for (const c of cats) if (c !== pick) others.add(await sectionFor(ctx, c.nicename, c.name));
  others.delete(primary);
  return { primary, others: [...others] };
}

async function itemTags(ctx: ImportContext, it: WxrItem): Promise<number[]> {
  const ids = new Set<number>();
  for (const c of it.categories) if (c.domain === 'post_tag') ids.add(await tagFor(ctx, c.nicename, c.name));
  return [...ids];
}

/** Imports a post or page; returns its article id, or null when skipped (named in the summary). */
export async function importPost(ctx: ImportContext, it: WxrItem, wp: number): Promise<number | null> {
  const { tz } = ctx;
  const type: ArticleType = it.postType === 'page' ? 'page' : 'article';
  let status = articleStatus(it.status);
  if (status === null) {
    ctx.summary.skipped.push({ id: it.postId, reason: `status ${it.status || '(none)'} is not content` });
    return null;
  }
  const password = it.postPassword || null;
  // A password-protected post never becomes public: it comes in unpublished (the password kept).
  if (password && (status === 'published' || status === 'scheduled')) {
    status = 'private';
    ctx.summary.unpublished.push({ id: it.postId, reason: `password-protected: imported unpublished ("${it.title}")` });
  } else if (status === 'private') ctx.summary.unpublished.push({ id: it.postId, reason: `private: imported unpublished ("${it.title}")` });

  let publishedAt = wpDate(it.postDateGmt, it.postDate, tz);
  if (publishedAt === null && (status === 'published' || status === 'scheduled')) publishedAt = ctx.now;
  const updatedAt = wpDate(it.postModifiedGmt, '', tz) ?? publishedAt ?? ctx.now;
  const { html: bodyHtml, text: bodyText, excerpt } = it.rendered ?? renderItemBody(it.content, it.excerpt, it.meta);
  const { primary: sectionId, others: moreSections } = await itemSections(ctx, it);
  const tagIds = await itemTags(ctx, it);
  const authorId = await userForLogin(ctx, it.creator);
  const thumbWp = wpId(metaValue(it, '_thumbnail_id') ?? '');
  const featured = thumbWp !== null ? (ctx.media.get(thumbWp) ?? null) : null;

  const existing = await ctx.hot.articleByWpId(wp);
  const slug = await freeSlug(ctx, type, (it.postName || slugify(it.title || `post-${wp}`)).toLowerCase(), existing?.id);
  const values: ArticleRow = {
    type,
    slug,
    headline: it.title,
    body: it.content,
    body_format: 'html' as const,
    body_html: bodyHtml,
    body_text: bodyText,
    excerpt,
    status,
    published_at: publishedAt,
    updated_at: updatedAt,
    section_id: sectionId,
    featured_media_id: featured,
    comments_open: it.commentStatus === 'closed' ? 0 : 1,
    sticky: it.isSticky === '1' ? 1 : 0,
    password,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    await ctx.hot.updateArticle(id, values);
    await ctx.hot.unlinkArticle(id);
    // The permalink moved (slug or date edited in WordPress since the last import): keep the old one.
    const before = articlePermalink(existing, tz);
    if (existing.published_at !== null && before !== articlePermalink(values, tz)) await addRedirect(ctx, before, id);
  } else {
    id = await ctx.hot.insertArticle(values, publishedAt ?? updatedAt, wp);
  }
  if (authorId !== null) await ctx.hot.linkAuthor(id, authorId);
  for (const tagId of tagIds) await ctx.hot.linkTag(id, tagId);
  if (existing) await ctx.trx.deleteFrom('article_sections').where('article_id', '=', id).execute();
  if (moreSections.length)
    await ctx.trx
      .insertInto('article_sections')
      .values(moreSections.map((section_id) => ({ article_id: id, section_id })))
      .execute();
  if (thumbWp !== null && featured === null) ctx.pendingThumbnails.push([id, thumbWp]);

  // Every old URL keeps working: the WordPress permalink answers 301 unless it is the new one.
  const now = articlePermalink(values, tz);
  const old = permalinkPath(it.link);
  if (old !== null && old !== now) await addRedirect(ctx, old, id);
  await ctx.hot.dropRedirect(now);
  if (type === 'page') ctx.summary.pages++;
  else ctx.summary.articles++;
  return id;
}

function addRedirect(ctx: ImportContext, path: string, articleId: number): Promise<void> {
  return ctx.hot.addRedirect(path, articleId);
}

/** An attachment: a media record of its local copy (media-pass.ts), or of its original URL when it has none. */
export async function importAttachment(ctx: ImportContext, it: WxrItem, wp: number): Promise<number> {
  const url = it.attachmentUrl || it.guid;
  const size = attachmentSize(metaValue(it, '_wp_attachment_metadata') ?? '');
  const created = wpDate(it.postDateGmt, it.postDate, ctx.tz) ?? ctx.now;
  const local = ctx.localMedia.get(wp);
  const values = {
    path: local?.path ?? '',
    mime: local?.mime ?? mimeFromUrl(url),
    width: local?.width ?? size.width,
    height: local?.height ?? size.height,
    bytes: local?.bytes ?? 0,
    alt: (metaValue(it, '_wp_attachment_image_alt') ?? '').trim(),
    caption: it.excerpt.trim(),
    variants: JSON.stringify(local?.variants ?? []),
    original_url: url,
  };
  const existing = await ctx.trx.selectFrom('media').select('id').where('wp_id', '=', wp).executeTakeFirst();
  let id: number;
  if (existing) {
    id = existing.id;
    await ctx.trx.updateTable('media').set(values).where('id', '=', id).execute();
  } else {
    ({ id } = await ctx.trx
      .insertInto('media')
      .values({ ...values, wp_id: wp, created_at: created })
      .returning('id')
      .executeTakeFirstOrThrow());
  }
  ctx.media.set(wp, id);
  ctx.summary.media++;
  return id;
}

/** Featured images whose attachment came later in the file. */
export async function linkPendingThumbnails(ctx: ImportContext): Promise<void> {
  for (const [articleId, thumbWp] of ctx.pendingThumbnails) {
    const mediaId = ctx.media.get(thumbWp) ?? (await ctx.trx.selectFrom('media').select('id').where('wp_id', '=', thumbWp).executeTakeFirst())?.id;
    if (mediaId !== undefined) await ctx.trx.updateTable('articles').set({ featured_media_id: mediaId }).where('id', '=', articleId).execute();
  }
  ctx.pendingThumbnails.length = 0;
}
