/**
 * Writing articles and pages: the one place that renders the body, keeps slugs unique, records
 * old URLs as redirects and names what a change makes stale.
 */
import type { ArticleStatus, ArticleType, Db } from '../db/schema.js';
import type { Stale } from '../runtime/deps.js';
import { localParts } from './dates.js';
import { articlePermalink, RESERVED_SLUGS, slugify } from './permalinks.js';
import { plainText, renderBody, truncateWords } from './render-body.js';
import { freeSlug } from './slugs.js';

export interface ArticleInput {
  type?: ArticleType;
  headline: string;
  dek?: string;
  slug?: string;
  body: string;
  bodyFormat?: 'markdown' | 'html';
  excerpt?: string;
  status: ArticleStatus;
  publishedAt?: number | null;
  sectionId?: number | null;
  authorIds?: number[];
  tagIds?: number[];
  featuredMediaId?: number | null;
  commentsOpen?: boolean;
  sticky?: boolean;
  password?: string | null;
  wpId?: number | null;
}

/** A slug free among articles of `type`, from `wanted`: `name`, `name-2`, `name-3`… */
export async function uniqueSlug(db: Db, type: ArticleType, wanted: string, exceptId?: number): Promise<string> {
  let base = slugify(wanted);
  if (type === 'page' && RESERVED_SLUGS.has(base)) base += '-page';
  return freeSlug(db, 'articles', base, { type, exceptId });
}

/**
 * `slug`, or the next free one when the address it gives (with this date) is another article's old
 * address: a new story never answers at a URL that readers' links and search engines know as
 * another one's.
 */
async function slugClearOfRedirects(db: Db, type: ArticleType, slug: string, publishedAt: number | null, tz: string, id?: number): Promise<string> {
  let candidate = slug;
  for (let n = 2; n < 100; n++) {
    const path = articlePermalink({ type, slug: candidate, published_at: publishedAt }, tz);
    const owner = await db.selectFrom('redirects').select('article_id').where('path', '=', path).executeTakeFirst();
    if (!owner || owner.article_id === id) return candidate;
    candidate = await uniqueSlug(db, type, `${slug}-${n}`, id);
  }
  return candidate;
}

/** Tags a change to a visible article makes stale: it, and every listing that shows it. */
export function articleStaleTags(
  a: { id: number; section_id: number | null; published_at: number | null },
  tz: string,
  tagIds: number[],
  authorIds: number[],
): string[] {
  const tags = [`article:${a.id}`, 'front', 'feeds', 'sitemaps'];
  if (a.section_id !== null) tags.push(`section:${a.section_id}`);
  for (const t of tagIds) tags.push(`tag:${t}`);
  for (const u of authorIds) tags.push(`author:${u}`);
  if (a.published_at !== null) tags.push(`date:${localParts(a.published_at, tz).year}`);
  return tags;
}

function rendered(input: ArticleInput) {
  const format = input.bodyFormat ?? 'markdown';
  const html = renderBody(input.body, format);
  const text = plainText(html);
  return { body_html: html, body_text: text, excerpt: input.excerpt?.trim() || truncateWords(text, 280) };
}

/** Creates an article (or page) with its authors and tags; returns its id. */
export async function createArticle(db: Db, input: ArticleInput, now: number, stale: Stale, tz = 'UTC'): Promise<number> {
  const type = input.type ?? 'article';
  const publishedAt = input.publishedAt ?? (input.status === 'published' ? now : null);
  const slug = await slugClearOfRedirects(db, type, await uniqueSlug(db, type, input.slug || input.headline), publishedAt, tz);
  const r = rendered(input);
  const { id } = await db
    .insertInto('articles')
    .values({
      type,
      slug,
      headline: input.headline,
      dek: input.dek ?? '',
      body: input.body,
      body_format: input.bodyFormat ?? 'markdown',
      ...r,
      status: input.status,
      published_at: publishedAt,
      created_at: now,
      updated_at: now,
      section_id: input.sectionId ?? null,
      featured_media_id: input.featuredMediaId ?? null,
      comments_open: input.commentsOpen === false ? 0 : 1,
      sticky: input.sticky ? 1 : 0,
      password: input.password ?? null,
      wp_id: input.wpId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setAuthorsAndTags(db, id, input.authorIds ?? [], input.tagIds ?? []);
  stale(...articleStaleTags({ id, section_id: input.sectionId ?? null, published_at: publishedAt }, tz, input.tagIds ?? [], input.authorIds ?? []));
  return id;
}

async function setAuthorsAndTags(db: Db, id: number, authorIds: number[], tagIds: number[]): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', id).execute();
  await db.deleteFrom('article_tags').where('article_id', '=', id).execute();
  if (authorIds.length)
    await db
      .insertInto('article_authors')
      .values(authorIds.map((user_id, position) => ({ article_id: id, user_id, position })))
      .execute();
  if (tagIds.length)
    await db
      .insertInto('article_tags')
      .values([...new Set(tagIds)].map((tag_id) => ({ article_id: id, tag_id })))
      .execute();
}

/**
 * Updates an article. When its permalink changes (slug or date), the old one is kept as a 301.
 */
export async function updateArticle(db: Db, id: number, input: ArticleInput, now: number, stale: Stale, tz = 'UTC'): Promise<void> {
  const before = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const beforeTags = (await db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute()).map((r) => r.tag_id);
  const beforeAuthors = (await db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).execute()).map((r) => r.user_id);
  const type = input.type ?? before.type;
  const publishedAt = input.publishedAt !== undefined ? input.publishedAt : (before.published_at ?? (input.status === 'published' ? now : null));
  const wantedSlug = input.slug && input.slug !== before.slug ? await uniqueSlug(db, type, input.slug, id) : before.slug;
  const slug = await slugClearOfRedirects(db, type, wantedSlug, publishedAt, tz, id);
  const r = rendered(input);
  await db
    .updateTable('articles')
    .set({
      type,
      slug,
      headline: input.headline,
      dek: input.dek ?? '',
      body: input.body,
      body_format: input.bodyFormat ?? before.body_format,
      ...r,
      status: input.status,
      published_at: publishedAt,
      updated_at: now,
      section_id: input.sectionId !== undefined ? input.sectionId : before.section_id,
      featured_media_id: input.featuredMediaId !== undefined ? input.featuredMediaId : before.featured_media_id,
      comments_open: input.commentsOpen === undefined ? before.comments_open : input.commentsOpen ? 1 : 0,
      sticky: input.sticky === undefined ? before.sticky : input.sticky ? 1 : 0,
      password: input.password !== undefined ? input.password : before.password,
    })
    .where('id', '=', id)
    .execute();
  const authorIds = input.authorIds ?? beforeAuthors;
  const tagIds = input.tagIds ?? beforeTags;
  await setAuthorsAndTags(db, id, authorIds, tagIds);
  const oldPath = articlePermalink(before, tz);
  const newPath = articlePermalink({ type, slug, published_at: publishedAt }, tz);
  // Only an address readers could have seen is kept, and an address is never taken from another
  // article: the first story to have lived there keeps its redirect. A draft touches no redirects
  // but its own (a live article at the same address answers first anyway: redirects are only
  // looked up when no article matches).
  if ((before.status === 'published' || before.status === 'scheduled') && before.published_at !== null && before.published_at <= now && oldPath !== newPath) {
    await db
      .insertInto('redirects')
      .values({ path: oldPath, article_id: id })
      .onConflict((oc) => oc.column('path').doNothing())
      .execute();
  }
  // Back at an address it once had: its own redirect from there goes.
  await db.deleteFrom('redirects').where('path', '=', newPath).where('article_id', '=', id).execute();
  stale(...articleStaleTags(before, tz, beforeTags, beforeAuthors));
  stale(...articleStaleTags({ id, section_id: input.sectionId ?? before.section_id, published_at: publishedAt }, tz, tagIds, authorIds));
}
