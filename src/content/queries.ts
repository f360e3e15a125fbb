/**
 * Reading published content. Every public query goes through {@link visible}, so a draft, a
 * pending or trashed article, or a scheduled one before its time never reaches a reader.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Article, Database, Media } from '../db/schema.js';
import { publicRow } from '../db/visibility.js';
import type { Known } from '../runtime/site-chrome.js';
import { correctionsOf, type CorrectionNote } from './corrections.js';

export interface SectionRef {
  id: number;
  slug: string;
  name: string;
}
export interface AuthorRef {
  id: number;
  slug: string;
  name: string;
  bio: string;
}
export interface TagRef {
  id: number;
  slug: string;
  name: string;
}
export interface ArticleCard {
  id: number;
  type: 'article' | 'page';
  slug: string;
  headline: string;
  dek: string;
  excerpt: string;
  published_at: number;
  updated_at: number;
  comment_count: number;
  section: SectionRef | null;
  authors: AuthorRef[];
  image: Media | null;
}
export interface ArticleFull extends ArticleCard {
  body_html: string;
  body_text: string;
  comments_open: boolean;
  tags: TagRef[];
  /** Dated corrections, oldest first (content/corrections.ts). */
  corrections?: CorrectionNote[];
}

type Eb = ExpressionBuilder<Database, 'articles'>;

/**
 * The part of "visible" that does not move with time (db/visibility.ts, the one definition), matched
 * by the planner to the partial index `articles_public` (migration 0007).
 */
export const PUBLIC_ROW = publicRow('articles');

/** Published, or scheduled and due: what a reader may see at `now`. */
export function visible(now: number) {
  return (eb: Eb) => eb.and([PUBLIC_ROW, eb('articles.published_at', '<=', now)]);
}

const CARD_COLUMNS = [
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
] as const;

type CardRow = Pick<Article, 'id' | 'type' | 'slug' | 'headline' | 'dek' | 'excerpt' | 'published_at' | 'updated_at' | 'section_id' | 'featured_media_id'>;

export interface ListOptions {
  limit: number;
  offset?: number;
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  /** Published within [from, to). */
  from?: number;
  to?: number;
  excludeIds?: number[];
  /** What this process knows of the sections (src/runtime/site-chrome.ts); without it, they are read. */
  known?: Known;
}

/**
 * Articles of a section: its own, and those filed under it as a further category (a WordPress post's
 * other categories, article_sections). A section with none of the latter (the usual case) keeps the
 * plain filter its index serves.
 */
export async function inSection(db: Kysely<Database>, sectionId: number, known?: Known) {
  const alsoFiled = known
    ? known.alsoFiled.has(sectionId)
    : (await db.selectFrom('article_sections').select('article_id').where('section_id', '=', sectionId).limit(1).executeTakeFirst()) !== undefined;
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    !alsoFiled
      ? eb('articles.section_id', '=', sectionId)
      : eb.or([
          eb('articles.section_id', '=', sectionId),
          eb.exists(
            eb
              .selectFrom('article_sections')
              .select('article_sections.article_id')
              .whereRef('article_sections.article_id', '=', 'articles.id')
              .where('article_sections.section_id', '=', sectionId),
          ),
        ]);
}

/**
 * The archive a listing shows: visible articles, filtered by section (with its further filings),
 * tag, author and publication period. The list and its count (./archive-count.ts) both use it, so
 * the numbered pages always agree with what is listed.
 */
export async function inArchive(db: Kysely<Database>, now: number, o: Omit<ListOptions, 'limit' | 'offset' | 'excludeIds'>) {
  const section = o.sectionId !== undefined ? await inSection(db, o.sectionId, o.known) : undefined;
  return (eb: ExpressionBuilder<Database, 'articles'>) => {
    const all = [eb('articles.type', '=', 'article'), visible(now)(eb)];
    if (section) all.push(section(eb));
    if (o.tagId !== undefined) {
      all.push(
        eb.exists(
          eb
            .selectFrom('article_tags')
            .select('article_tags.article_id')
            .whereRef('article_tags.article_id', '=', 'articles.id')
            .where('article_tags.tag_id', '=', o.tagId),
        ),
      );
    }
    if (o.authorId !== undefined) {
      all.push(
        eb.exists(
          eb
            .selectFrom('article_authors')
            .select('article_authors.article_id')
            .whereRef('article_authors.article_id', '=', 'articles.id')
            .where('article_authors.user_id', '=', o.authorId),
        ),
      );
    }
    if (o.from !== undefined) all.push(eb('articles.published_at', '>=', o.from));
    if (o.to !== undefined) all.push(eb('articles.published_at', '<', o.to));
    return eb.and(all);
  };
}

/** Latest visible articles, newest first, as cards. Fetches one extra row to tell if more exist. */
export async function latestArticles(db: Kysely<Database>, now: number, o: ListOptions): Promise<{ items: ArticleCard[]; more: boolean }> {
  let q = db
    .selectFrom('articles')
    .select(CARD_COLUMNS)
    .where(await inArchive(db, now, o));
  if (o.excludeIds?.length) q = q.where('articles.id', 'not in', o.excludeIds);
  const rows = await q
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(o.limit + 1)
    .offset(o.offset ?? 0)
    .execute();
  const more = rows.length > o.limit;
  return { items: await toCards(db, more ? rows.slice(0, o.limit) : rows, o.known), more };
}

/** Visible articles by id, in the order of `ids` (those readers cannot see are left out). */
export async function cardsByIds(db: Kysely<Database>, now: number, ids: number[], known?: Known): Promise<ArticleCard[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('articles')
    .select(CARD_COLUMNS)
    .where('articles.type', '=', 'article')
    .where('articles.id', 'in', ids)
    .where(visible(now))
    .execute();
  const cards = new Map((await toCards(db, rows, known)).map((c) => [c.id, c]));
  return ids.map((id) => cards.get(id)).filter((c): c is ArticleCard => c !== undefined);
}

/**
 * Loads sections, authors, images and approved-comment counts for rows, in four queries; three when
 * the sections are `known` (a section made since is read, not left off the card).
 */
export async function toCards(db: Kysely<Database>, rows: CardRow[], known?: Known): Promise<ArticleCard[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const sectionIds = [...new Set(rows.map((r) => r.section_id).filter((v): v is number => v !== null))];
  const mediaIds = [...new Set(rows.map((r) => r.featured_media_id).filter((v): v is number => v !== null))];
  const knownSections = known && sectionIds.every((id) => known.sections.has(id)) ? known.sections : undefined;
  const [sections, authors, media, commentCounts] = await Promise.all([
    knownSections || !sectionIds.length ? [] : db.selectFrom('sections').select(['id', 'slug', 'name']).where('id', 'in', sectionIds).execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('users', 'users.id', 'article_authors.user_id')
      .select(['article_authors.article_id', 'users.id', 'users.slug', 'users.name', 'users.bio'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.article_id')
      .orderBy('article_authors.position')
      .execute(),
    // Only images on this site: a reader's browser never asks another host (an imported image
    // whose file never came home is left out rather than shown broken).
    mediaIds.length ? db.selectFrom('media').selectAll().where('id', 'in', mediaIds).where('path', '<>', '').execute() : [],
    db.selectFrom('comment_counts').select(['article_id', 'approved']).where('article_id', 'in', ids).execute(),
  ]);
  const sectionById = knownSections ?? new Map(sections.map((s) => [s.id, s]));
  const mediaById = new Map(media.map((m) => [m.id, m]));
  const countById = new Map(commentCounts.map((c) => [c.article_id, Number(c.approved)]));
  const authorsById = new Map<number, AuthorRef[]>();
  for (const a of authors) {
    let list = authorsById.get(a.article_id);
    if (!list) authorsById.set(a.article_id, (list = []));
    list.push({ id: a.id, slug: a.slug, name: a.name, bio: a.bio });
  }
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    excerpt: r.excerpt,
    published_at: r.published_at ?? r.updated_at,
    updated_at: r.updated_at,
    comment_count: countById.get(r.id) ?? 0,
    section: r.section_id !== null ? (sectionById.get(r.section_id) ?? null) : null,
    authors: authorsById.get(r.id) ?? [],
    image: r.featured_media_id !== null ? (mediaById.get(r.featured_media_id) ?? null) : null,
  }));
}

/** A visible article or page by slug, with its body and tags. */
export async function articleBySlug(db: Kysely<Database>, now: number, type: 'article' | 'page', slug: string, known?: Known): Promise<ArticleFull | null> {
  const row = await db
    .selectFrom('articles')
    .select([...CARD_COLUMNS, 'articles.body_html', 'articles.body_text', 'articles.comments_open'])
    .where('articles.type', '=', type)
    .where('articles.slug', '=', slug)
    .where(visible(now))
    .executeTakeFirst();
  if (!row) return null;
  return fullArticle(db, row, known);
}

/** A visible article or page by id. */
export async function articleById(db: Kysely<Database>, now: number, id: number): Promise<ArticleFull | null> {
  const row = await db
    .selectFrom('articles')
    .select([...CARD_COLUMNS, 'articles.body_html', 'articles.body_text', 'articles.comments_open'])
    .where('articles.id', '=', id)
    .where(visible(now))
    .executeTakeFirst();
  if (!row) return null;
  return fullArticle(db, row);
}

async function fullArticle(
  db: Kysely<Database>,
  row: CardRow & { body_html: string; body_text: string; comments_open: number },
  known?: Known,
): Promise<ArticleFull> {
  const [[card], tags, corrections] = await Promise.all([
    toCards(db, [row], known),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', '=', row.id)
      .orderBy('tags.name')
      .execute(),
    correctionsOf(db, row.id),
  ]);
  return { ...card, body_html: row.body_html, body_text: row.body_text, comments_open: !!row.comments_open, tags, corrections };
}

/** Stories sharing a tag with `a`, else from its section; newest first. */
export async function relatedArticles(db: Kysely<Database>, now: number, a: ArticleFull, limit = 3, known?: Known): Promise<ArticleCard[]> {
  const tagIds = a.tags.map((t) => t.id);
  let rows: CardRow[] = [];
  if (tagIds.length) {
    rows = await db
      .selectFrom('articles')
      .select(CARD_COLUMNS)
      .where('articles.type', '=', 'article')
      .where(visible(now))
      .where('articles.id', '!=', a.id)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_tags')
            .select('article_tags.article_id')
            .whereRef('article_tags.article_id', '=', 'articles.id')
            .where('article_tags.tag_id', 'in', tagIds),
        ),
      )
      .orderBy('articles.published_at', 'desc')
      .limit(limit)
      .execute();
  }
  if (rows.length < limit) {
    const more = await latestArticles(db, now, {
      limit: limit - rows.length,
      sectionId: a.section?.id,
      excludeIds: [a.id, ...rows.map((r) => r.id)],
      known,
    });
    return [...(await toCards(db, rows, known)), ...more.items];
  }
  return toCards(db, rows, known);
}

export async function allSections(db: Kysely<Database>) {
  return db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
}

export async function sectionBySlug(db: Kysely<Database>, slug: string) {
  return db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function tagBySlug(db: Kysely<Database>, slug: string) {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** An author: a user with at least one visible article (staff without public bylines stay private). */
export async function authorBySlug(db: Kysely<Database>, slug: string, now: number) {
  return db
    .selectFrom('users')
    .select(['id', 'slug', 'name', 'bio', 'photo_media_id'])
    .where('slug', '=', slug)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors')
          .innerJoin('articles', 'articles.id', 'article_authors.article_id')
          .select('article_authors.user_id')
          .whereRef('article_authors.user_id', '=', 'users.id')
          .where(visible(now)),
      ),
    )
    .executeTakeFirst();
}

export interface PublicComment {
  id: number;
  parent_id: number | null;
  author: string;
  url: string;
  body: string;
  created_at: number;
  /** Keyed hash of the comment id, for the identicon: nothing about the address. */
  avatar_key: string;
  staff: boolean;
}

/** The article an old path (changed slug, WordPress permalink) now belongs to. */
export async function redirectTarget(db: Kysely<Database>, now: number, path: string) {
  return db
    .selectFrom('redirects')
    .innerJoin('articles', 'articles.id', 'redirects.article_id')
    .select(['articles.id', 'articles.type', 'articles.slug', 'articles.published_at'])
    .where('redirects.path', '=', path)
    .where(visible(now))
    .executeTakeFirst();
}

/** A visible article by its WordPress post ID (`/?p=ID`). */
export async function articleByWpId(db: Kysely<Database>, now: number, wpId: number) {
  return db
    .selectFrom('articles')
    .select(['articles.id', 'articles.type', 'articles.slug', 'articles.published_at'])
    .where('articles.wp_id', '=', wpId)
    .where(visible(now))
    .executeTakeFirst();
}

/** The earliest scheduled publication after `now`, so caches know when the site next changes. */
export async function nextScheduledAt(db: Kysely<Database>, now: number): Promise<number | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min('published_at').as('t'))
    .where('status', 'in', ['published', 'scheduled'])
    .where('published_at', '>', now)
    .executeTakeFirst();
  return row?.t == null ? null : Number(row.t);
}
