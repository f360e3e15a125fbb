/**
 * Search on PostgreSQL (./search.ts): the window of newest matches read through the time, section
 * or text index, whichever the planner finds cheaper, ranked by where the query matches and cut to
 * one page inside the query.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { tsQuery, type SearchTerm } from './search-query.js';
import { FIELD_WEIGHTS, HALF_LIFE_DAYS, PER_PAGE, WINDOW, type SearchQuery } from './search-window.js';

/**
 * PostgreSQL, a query with a phrase: the phrase's words are found through the GIN index first (an
 * AND of plain words needs no recheck, so no story's tsvector is read), the newest this many such
 * stories are kept, and only those are checked for the phrase (which has to read each one's
 * tsvector), newest first, until the window is full. Without it, every story holding the words
 * was checked: all of them, at any size. Above this many, older matches are left out and the count
 * says "more than" (the window's, as for any query).
 */
export const PHRASE_CANDIDATES = 4 * WINDOW;

/** The terms with each phrase as its words, all required: what a phrase's candidates must hold. */
function phraseWords(terms: SearchTerm[]): SearchTerm[] {
  return terms.flatMap((t) => (t.kind === 'phrase' ? t.words.map((w) => ({ kind: 'word' as const, words: [w] })) : [t]));
}

/** One page of matches (article ids, in order), and the matches counted (at most WINDOW + 1). */
export interface Page {
  ids: number[];
  counted: number;
  capped: boolean;
}

/**
 * PostgreSQL: the newest WINDOW matches (time index or text index, as the planner finds cheaper),
 * ranked and cut to the page asked for inside the query, so one page of rows comes back, not the
 * window: fetching, parsing and sorting the window's thousand rows in Node took more CPU than the
 * query itself (about 1.5 ms of a search's 4 ms of worker CPU at 300k, and much of its garbage).
 * `capped` when a phrase's candidates were cut at PHRASE_CANDIDATES.
 */
export async function pgPage(db: Kysely<Database>, terms: SearchTerm[], q: SearchQuery, now: number, cfg: string): Promise<Page> {
  const tsq = tsQuery(terms, cfg);
  const to = q.to === undefined ? now : Math.min(now, q.to - 1);
  // With a section, its time range is written as (section, time) pairs: only the section index
  // (section, time, id) can read those as a range, so PostgreSQL walks the section's stories alone.
  // Written as times, it walked the time index and read every section's stories in the range
  // (section and year at 300k: 8,000 tsvectors read for 1,000 kept, 44 ms against 15).
  const filters =
    q.sectionId === undefined
      ? [sql`d.published_at <= ${to}`, ...(q.from === undefined ? [] : [sql`d.published_at >= ${q.from}`])]
      : [
          sql`d.section_id = ${q.sectionId}`,
          sql`(d.section_id, d.published_at) <= (${q.sectionId}, ${to})`,
          sql`(d.section_id, d.published_at) >= (${q.sectionId}, ${q.from ?? -Number.MAX_SAFE_INTEGER})`,
        ];
  // The page of the window (its newest WINDOW rows), in the order search() would give in Node:
  // relevance × recency (withRecency), then newest first. Relevance is where the query matches
  // (FIELD_WEIGHTS), read from search_titles' small vectors: the story's whole tsvector was read
  // once already, to match it, and ranking it with ts_rank read it again (./search-index-postgres.ts).
  const { headline, dek, body } = FIELD_WEIGHTS;
  const ranked = q.sort === 'relevance';
  const order = ranked
    ? sql`(${body} + ${headline} * coalesce(t.headline @@ ${tsq}, false)::int + ${dek} * coalesce(t.dek @@ ${tsq}, false)::int)::float8
        * (0.5 + 0.5 * power(2::float8, -(greatest(0, ${now}::bigint - k.published_at)::float8 / 86400000 / ${HALF_LIFE_DAYS}))) DESC,`
    : sql``;
  const page = sql`
    LEFT JOIN LATERAL (
      SELECT k.article_id AS id FROM (SELECT * FROM w ORDER BY w.published_at DESC, w.article_id DESC LIMIT ${WINDOW}) k
      ${ranked ? sql`LEFT JOIN search_titles t ON t.article_id = k.article_id` : sql``}
      ORDER BY ${order} k.published_at DESC, k.article_id DESC
      LIMIT ${PER_PAGE} OFFSET ${(q.page - 1) * PER_PAGE}) p ON true`;
  type Row = { id: number | null; counted: number; candidates?: number };
  const toPage = (rows: Row[], capped: boolean): Page => ({
    ids: rows.filter((row) => row.id !== null).map((row) => Number(row.id)),
    counted: Number(rows[0]?.counted ?? 0),
    capped,
  });
  if (!terms.some((t) => t.kind === 'phrase')) {
    // The query is written into the condition, not read from a CTE: PostgreSQL then plans with
    // the words' frequencies (its statistics of the tsvector column) and walks the time index for
    // a common word, the text index for a rare one. Hidden in a CTE it guessed 0.5% of the rows
    // for every word, took the text index, and sorted all 300,000 stories holding "said": 160 ms.
    const r = await sql<Row>`
      WITH w AS MATERIALIZED (
        SELECT d.article_id, d.published_at FROM search_docs d
        WHERE d.doc @@ ${tsq} AND ${sql.join(filters, sql` AND `)}
        ORDER BY d.published_at DESC, d.article_id DESC LIMIT ${WINDOW + 1})
      SELECT p.id, n.counted FROM (SELECT count(*) AS counted FROM w) n ${page}`.execute(db);
    return toPage(r.rows, false);
  }
  // c: the newest candidates (their tsvectors not read: the sort carries pointers); w: the phrase
  // checked on them newest first, stopping at the window (OFFSET 0 keeps the check out of the
  // sort below it, and the query is a scalar so no join reorders them). One row even when w is
  // empty, for the counts.
  const r = await sql<Row>`
    WITH q AS MATERIALIZED (SELECT ${tsq} AS query),
    c AS MATERIALIZED (
      SELECT d.article_id, d.published_at, d.doc FROM search_docs d
      WHERE d.doc @@ ${tsQuery(phraseWords(terms), cfg)} AND ${sql.join(filters, sql` AND `)}
      ORDER BY d.published_at DESC, d.article_id DESC LIMIT ${PHRASE_CANDIDATES}),
    w AS MATERIALIZED (
      SELECT s.article_id, s.published_at FROM (SELECT * FROM c ORDER BY c.published_at DESC, c.article_id DESC OFFSET 0) s
      WHERE s.doc @@ (SELECT query FROM q)
      ORDER BY s.published_at DESC, s.article_id DESC LIMIT ${WINDOW + 1})
    SELECT p.id, n.counted, n.candidates
    FROM (SELECT (SELECT count(*) FROM w) AS counted, (SELECT count(*) FROM c) AS candidates) n ${page}`.execute(db);
  return toPage(r.rows, Number(r.rows[0]?.candidates ?? 0) >= PHRASE_CANDIDATES);
}
