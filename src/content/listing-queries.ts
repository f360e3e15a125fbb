/**
 * Read queries for distribution: feeds, sitemaps and the JSON API. Like queries.ts, every public
 * query goes through {@link visible}, so nothing a reader may not see leaves through these.
 */
import { sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { visibleAt } from '../db/visibility.js';
import { inSection, toCards, visible, type ArticleCard, type TagRef } from './queries.js';

/** Bodies and WordPress ids of articles, for feed items. */
export async function articleBodies(db: Db, ids: number[]): Promise<Map<number, { body_html: string; wp_id: number | null }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'body_html', 'wp_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { body_html: r.body_html, wp_id: r.wp_id }]));
}

/** Tags of several articles at once, by name. */
export async function tagsOfArticles(db: Db, ids: number[]): Promise<Map<number, TagRef[]>> {
  const out = new Map<number, TagRef[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', ids)
    .orderBy('tags.name')
    .execute();
  for (const r of rows) {
    let list = out.get(r.article_id);
    if (!list) out.set(r.article_id, (list = []));
    list.push({ id: r.id, slug: r.slug, name: r.name });
  }
  return out;
}

/** A position in the newest-first listing: the last item a client has seen. */
export interface ListingCursor {
  publishedAt: number;
  id: number;
}

export interface KeysetOptions {
  limit: number;
  after?: ListingCursor;
  sectionId?: number;
  tagId?: number;
  authorId?: number;
}

/**
 * Visible articles, newest first, strictly after `after` in (published_at, id) order. Keyset rather
 * than offset pagination: each page costs the same however deep a client walks, and an article
 * published while a client pages does not shift the rest by one.
 */
export async function articlesAfter(db: Db, now: number, o: KeysetOptions): Promise<{ items: ArticleCard[]; more: boolean }> {
  let q = db
    .selectFrom('articles')
    .select([
      'articles.id',
      'articles.type',
      'articles.slug',
      'articles.headline',
      'articles.dek',
      'articles.excerpt',
      'articles.published_at',
      'articles.updated_at',
      'articles.section_id',
      'articles.featured_media_id',
    ])
    .where('articles.type', '=', 'article')
    .where(visible(now));
  if (o.after) {
    const { publishedAt, id } = o.after;
    q = q.where((eb) =>
      eb.or([eb('articles.published_at', '<', publishedAt), eb.and([eb('articles.published_at', '=', publishedAt), eb('articles.id', '<', id)])]),
    );
  }
  if (o.sectionId !== undefined) q = q.where(await inSection(db, o.sectionId));
  if (o.tagId !== undefined) {
    const tagId = o.tagId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags')
          .select('article_tags.article_id')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('article_tags.tag_id', '=', tagId),
      ),
    );
  }
  if (o.authorId !== undefined) {
    const authorId = o.authorId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors')
          .select('article_authors.article_id')
          .whereRef('article_authors.article_id', '=', 'articles.id')
          .where('article_authors.user_id', '=', authorId),
      ),
    );
  }
  const rows = await q
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(o.limit + 1)
    .execute();
  const more = rows.length > o.limit;
  return { items: await toCards(db, more ? rows.slice(0, o.limit) : rows), more };
}

export interface FeedComment {
  id: number;
  article_id: number;
  author: string;
  url: string;
  body: string;
  created_at: number;
  headline: string;
  type: 'article' | 'page';
  slug: string;
  published_at: number | null;
}

/**
 * Approved comments on visible articles, newest first: the whole site's, or one article's.
 * The email column is never selected.
 */
export async function latestComments(db: Db, now: number, o: { limit: number; articleId?: number }): Promise<FeedComment[]> {
  let q = db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .select([
      'comments.id',
      'comments.article_id',
      'comments.author',
      'comments.url',
      'comments.body',
      'comments.created_at',
      'articles.headline',
      'articles.type',
      'articles.slug',
      'articles.published_at',
    ])
    .where('comments.status', '=', 'approved')
    .where(visible(now));
  if (o.articleId !== undefined) q = q.where('comments.article_id', '=', o.articleId);
  return q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(o.limit).execute();
}

/**
 * Oldest and newest publication instants of visible articles, or null on an empty site. Asked per
 * status so each bound is one descent of `articles_listing`; rows hidden by a password may widen
 * the range, which only adds a bucket that turns out empty.
 */
export async function publicationRange(db: Db, now: number): Promise<{ first: number; last: number } | null> {
  // min() and max() in one SELECT defeat SQLite's min/max optimisation: four one-row probes instead.
  const probe = (status: 'published' | 'scheduled', dir: 'asc' | 'desc') =>
    db
      .selectFrom('articles')
      .select('articles.published_at')
      .where('articles.type', '=', 'article')
      .where('articles.status', '=', status)
      .where('articles.published_at', '<=', now)
      .orderBy('articles.published_at', dir)
      .limit(1)
      .executeTakeFirst()
      .then((r) => (r?.published_at == null ? null : Number(r.published_at)));
  const [a, b, c, d] = await Promise.all([probe('published', 'asc'), probe('scheduled', 'asc'), probe('published', 'desc'), probe('scheduled', 'desc')]);
  const firsts = [a, b].filter((v): v is number => v !== null);
  const lasts = [c, d].filter((v): v is number => v !== null);
  if (!firsts.length || !lasts.length) return null;
  return { first: Math.min(...firsts), last: Math.max(...lasts) };
}

/** A half-open interval of publication instants [from, to), named by `key` (e.g. `2024-05`). */
export interface Bucket {
  key: string;
  from: number;
  to: number;
}

/**
 * For each bucket holding visible articles: its newest `updated_at`. One query: the buckets are
 * joined as a VALUES list, so each is an index range scan on `articles_listing` (type, status,
 * published_at), and month boundaries computed in the site's zone hold on both databases
 * (SQLite has no time zones; a fixed offset would misfile articles near a DST change).
 */
export async function lastModifiedByBucket(db: Db, now: number, buckets: Bucket[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  // Bound each statement's parameters (3 per bucket) well under SQLite's and PostgreSQL's limits.
  for (let i = 0; i < buckets.length; i += 500) {
    const part = buckets.slice(i, i + 500);
    const values = sql.join(part.map((b) => sql`(${b.key}, ${sql.lit(b.from)}, ${sql.lit(b.to)})`));
    const rows = await sql<{ k: string; lastmod: number | string }>`
      WITH b(k, t0, t1) AS (VALUES ${values})
      SELECT b.k AS k, max(a.updated_at) AS lastmod
      FROM b JOIN articles a ON a.published_at >= b.t0 AND a.published_at < b.t1
      WHERE a.type = 'article' AND ${visibleAt('a', now)}
      GROUP BY b.k`.execute(db);
    for (const r of rows.rows) out.set(r.k, Number(r.lastmod));
  }
  return out;
}

/** Visible articles or pages published in [from, to), oldest first: a sitemap's rows. */
export async function publishedBetween(db: Db, now: number, type: 'article' | 'page', from?: number, to?: number) {
  let q = db
    .selectFrom('articles')
    .select(['articles.id', 'articles.type', 'articles.slug', 'articles.published_at', 'articles.updated_at'])
    .where('articles.type', '=', type)
    .where(visible(now));
  if (from !== undefined) q = q.where('articles.published_at', '>=', from);
  if (to !== undefined) q = q.where('articles.published_at', '<', to);
  return q.orderBy('articles.published_at').orderBy('articles.id').execute();
}

/** Visible articles published at or after `since`, newest first, with headline: the news sitemap. */
export async function publishedSince(db: Db, now: number, since: number, limit: number) {
  return db
    .selectFrom('articles')
    .select(['articles.id', 'articles.type', 'articles.slug', 'articles.headline', 'articles.published_at'])
    .where('articles.type', '=', 'article')
    .where(visible(now))
    .where('articles.published_at', '>=', since)
    .orderBy('articles.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Tags with at least one visible article: a tag used only on a draft says something unpublished. */
export async function tagsInUse(db: Db, now: number) {
  return db
    .selectFrom('tags')
    .select(['tags.id', 'tags.slug', 'tags.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags')
          .innerJoin('articles', 'articles.id', 'article_tags.article_id')
          .select('article_tags.article_id')
          .whereRef('article_tags.tag_id', '=', 'tags.id')
          .where('articles.type', '=', 'article')
          .where(visible(now)),
      ),
    )
    .orderBy('tags.name')
    .execute();
}

/** Users with a byline on a visible article; never their email. */
export async function authorsInUse(db: Db, now: number) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.slug', 'users.name', 'users.bio'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors')
          .innerJoin('articles', 'articles.id', 'article_authors.article_id')
          .select('article_authors.article_id')
          .whereRef('article_authors.user_id', '=', 'users.id')
          .where('articles.type', '=', 'article')
          .where(visible(now)),
      ),
    )
    .orderBy('users.name')
    .execute();
}

/** The newest `updated_at` among visible articles and pages (the front page's lastmod). */
export async function newestUpdate(db: Db, now: number): Promise<number | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('articles.updated_at').as('t'))
    .where(visible(now))
    .executeTakeFirst();
  return row?.t == null ? null : Number(row.t);
}
