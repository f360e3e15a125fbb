/**
 * The newsroom's article list: every status, filtered by status, section, author and publication
 * date, searched by headline, sorted by last change (the default), publication time, headline or
 * status.
 */
import type { Kysely } from 'kysely';
import type { ArticleStatus, ArticleType, Database } from '../../db/schema.js';

export interface ArticleListFilter {
  type: ArticleType;
  /** A status, or `all` (everything but the trash). */
  status: ArticleStatus | 'all';
  sectionId?: number;
  authorId?: number;
  q?: string;
  /** Published (or scheduled) on or after / before these instants. */
  from?: number;
  to?: number;
  sort?: ListSort;
  dir?: 'asc' | 'desc';
  page: number;
  perPage: number;
}

/** The columns the list sorts by: last change (the default), publication time, headline, status. */
export const LIST_SORTS = ['updated', 'published', 'headline', 'status'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

const SORT_COLUMN = {
  updated: 'articles.updated_at',
  published: 'articles.published_at',
  headline: 'articles.headline',
  status: 'articles.status',
} as const;

export interface ArticleListRow {
  id: number;
  headline: string;
  slug: string;
  status: ArticleStatus;
  published_at: number | null;
  updated_at: number;
  section_name: string | null;
  authors: { id: number; name: string }[];
}

/** One page of the list, and whether more follow. */
export async function listArticles(db: Kysely<Database>, f: ArticleListFilter): Promise<{ rows: ArticleListRow[]; more: boolean }> {
  let q = db
    .selectFrom('articles')
    .leftJoin('sections', 'sections.id', 'articles.section_id')
    .select([
      'articles.id',
      'articles.headline',
      'articles.slug',
      'articles.status',
      'articles.published_at',
      'articles.updated_at',
      'sections.name as section_name',
    ])
    .where('articles.type', '=', f.type);
  q = f.status === 'all' ? q.where('articles.status', '!=', 'trash') : q.where('articles.status', '=', f.status);
  if (f.sectionId !== undefined) q = q.where('articles.section_id', '=', f.sectionId);
  if (f.authorId !== undefined) {
    const authorId = f.authorId;
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
  const term = f.q
    ?.trim()
    .toLowerCase()
    .replace(/[%_\\]/g, '');
  if (term)
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['articles.headline']), 'like', `%${term}%`), eb(eb.fn('lower', ['articles.slug']), 'like', `%${term}%`)]));
  if (f.from !== undefined) q = q.where('articles.published_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('articles.published_at', '<', f.to);
  const dir = f.dir ?? (f.sort === 'headline' ? 'asc' : 'desc');
  const rows = await q
    .orderBy(SORT_COLUMN[f.sort ?? 'updated'], dir)
    .orderBy('articles.id', dir)
    .limit(f.perPage + 1)
    .offset((f.page - 1) * f.perPage)
    .execute();
  const page = rows.slice(0, f.perPage);
  const ids = page.map((r) => r.id);
  const authors = ids.length
    ? await db
        .selectFrom('article_authors')
        .innerJoin('users', 'users.id', 'article_authors.user_id')
        .select(['article_authors.article_id', 'users.id', 'users.name'])
        .where('article_authors.article_id', 'in', ids)
        .orderBy('article_authors.position')
        .execute()
    : [];
  return {
    rows: page.map((r) => ({ ...r, authors: authors.filter((a) => a.article_id === r.id).map((a) => ({ id: a.id, name: a.name })) })),
    more: rows.length > f.perPage,
  };
}

/** How many articles of `type` have each status, for the filter links. */
export async function statusCounts(db: Kysely<Database>, type: ArticleType): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('articles')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('type', '=', type)
    .groupBy('status')
    .execute();
  const out: Record<string, number> = { all: 0 };
  for (const r of rows) {
    out[r.status] = Number(r.n);
    if (r.status !== 'trash') out.all += Number(r.n);
  }
  return out;
}
