/**
 * Full-text search: SQLite FTS5 (bm25) or PostgreSQL tsvector with a GIN index (ts_rank_cd), over
 * visible articles and pages, ranked, with highlighted snippets.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { visibleAt } from '../db/visibility.js';
import { escapeHtml } from '../kernel/jsx.js';
import { toCards, visible, type ArticleCard } from './queries.js';

export interface SearchResult {
  card: ArticleCard;
  snippet: string;
}

const START = '\u0001';
const STOP = '\u0002';

/** Turns what a reader typed into an FTS5 query of quoted terms; the last one matches as a prefix. */
export function fts5Query(q: string): string | null {
  const terms = q
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (!terms.length) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

/** Escapes a snippet and turns the engine's match markers into <mark>. */
export function markSnippet(raw: string): string {
  return escapeHtml(raw).split(START).join('<mark>').split(STOP).join('</mark>');
}

type Row = {
  id: number;
  type: 'article' | 'page';
  slug: string;
  headline: string;
  dek: string;
  excerpt: string;
  published_at: number | null;
  updated_at: number;
  section_id: number | null;
  featured_media_id: number | null;
  snippet: string;
};

/**
 * SQLite: rank inside the FTS index first, then check visibility on those candidates only.
 * Joining every match to `articles` would read each matching row (a common word matches most of
 * the site, and a row's status sits after its body, on overflow pages). And bm25 over every match
 * of a word found in 98k of 100k articles costs most of a second, so relevance is ranked among the
 * most recent matches (RANK_WINDOW, or more for deep pages): exact for any query with fewer
 * matches, and a recency bias a news site wants for the broad ones.
 */
const RANK_WINDOW = 2000;

async function sqliteSearch(db: Kysely<Database>, match: string, now: number, limit: number, offset: number): Promise<Row[]> {
  const need = offset + limit + 1;
  for (let k = need * 2 + 20; ; k *= 4) {
    const window = Math.max(RANK_WINDOW, k * 4);
    const ranked = await sql<{ id: number }>`
      SELECT id FROM (
        SELECT rowid AS id, bm25(articles_fts, 10.0, 4.0, 1.0) AS score FROM articles_fts
        WHERE articles_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${window})
      ORDER BY score, id DESC LIMIT ${k}`.execute(db);
    const ids = ranked.rows.map((r) => r.id);
    if (!ids.length) return [];
    const shown = await db
      .selectFrom('articles')
      .select(['id', 'type', 'slug', 'headline', 'dek', 'excerpt', 'published_at', 'updated_at', 'section_id', 'featured_media_id'])
      .where('id', 'in', ids)
      .where(visible(now))
      .execute();
    const exhausted = ids.length < k;
    if (shown.length < need && !exhausted) continue;
    const order = new Map(ids.map((id, i) => [id, i]));
    const page = shown.sort((a, b) => order.get(a.id)! - order.get(b.id)!).slice(offset, offset + limit + 1);
    if (!page.length) return [];
    const snippets = await sql<{ id: number; snippet: string }>`
      SELECT rowid AS id, snippet(articles_fts, 2, ${START}, ${STOP}, '…', 28) AS snippet
      FROM articles_fts WHERE articles_fts MATCH ${match} AND rowid IN (${sql.join(page.map((r) => r.id))})`.execute(db);
    const snippetById = new Map(snippets.rows.map((r) => [r.id, r.snippet]));
    return page.map((r) => ({ ...r, snippet: snippetById.get(r.id) ?? '' }));
  }
}

export async function searchArticles(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  q: string,
  now: number,
  limit: number,
  offset: number,
): Promise<{ results: SearchResult[]; more: boolean }> {
  const query = q.trim().slice(0, 200);
  if (!query) return { results: [], more: false };
  let rows: Row[];
  if (dialect === 'sqlite') {
    const match = fts5Query(query);
    if (!match) return { results: [], more: false };
    rows = await sqliteSearch(db, match, now, limit, offset);
  } else {
    const r = await sql<(typeof rows)[number]>`
      WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS query),
      hits AS (
        SELECT a.*, ts_rank_cd(a.search, q.query) AS rank, q.query
        FROM articles a, q
        WHERE a.search @@ q.query
          AND ${visibleAt('a', now)}
        ORDER BY rank DESC, a.published_at DESC
        LIMIT ${limit + 1} OFFSET ${offset})
      SELECT id, type, slug, headline, dek, excerpt, published_at, updated_at, section_id, featured_media_id,
             ts_headline('english', body_text, query, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`}) AS snippet
      FROM hits ORDER BY rank DESC, published_at DESC`.execute(db);
    rows = r.rows;
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const cards = await toCards(db, page);
  return { results: cards.map((card, i) => ({ card, snippet: markSnippet(page[i].snippet ?? '') })), more };
}
