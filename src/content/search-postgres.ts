/**
 * Search on PostgreSQL (./search.ts): the window of newest matches read by walking the time (or
 * section) index or through the text index, whichever is cheaper (see {@link WindowRead}), ranked
 * by where the query matches and cut to one page inside the query.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { tsQuery, type SearchTerm } from './search-query.js';
import { FIELD_WEIGHTS, HALF_LIFE_DAYS, PER_PAGE, WINDOW, type SearchQuery } from './search-window.js';

/**
 * PostgreSQL, a query with a phrase: the newest this many stories holding the phrase's words are
 * found first (through the text index, where an AND of plain words needs no recheck, or by walking,
 * whichever is cheaper), and only those are checked for the phrase (which has to read each one's
 * tsvector), newest first, until the window is full. Without it, every story holding the words
 * was checked: all of them, at any size. Above this many, older matches are left out and the count
 * says "more than" (the window's, as for any query).
 */
export const PHRASE_CANDIDATES = 4 * WINDOW;

/** The terms with each phrase as its words, all required: what a phrase's candidates must hold. */
function phraseWords(terms: SearchTerm[]): SearchTerm[] {
  return terms.flatMap((t) => (t.kind === 'phrase' ? t.words.map((w) => ({ kind: 'word' as const, words: [w] })) : [t]));
}

/**
 * How the newest matches of a query (a phrase's: of its words) are read: by walking the stories in
 * range newest first and reading each one's tsvector to match it (`walk`), or by finding every
 * match in range through the text index and keeping the newest (`index`). A common word fills the
 * window within a few stories walked; a rare one is found at once through the index. Between them
 * the walk reads the tsvectors of many stories that do not match (a word in 8% of 300,000 stories:
 * 12,700 read for 1,000 kept, 30 ms), and PostgreSQL's planner chose it there, since it does not
 * count that a tsvector is read out of line (3.6 KB on average) to be matched. The index found the
 * same window in 10 ms.
 */
export type WindowRead = 'walk' | 'index';

/**
 * Measured at 300k stories: reading one story's tsvector out of line and matching it, per story
 * walked (2.2–2.4 µs), and visiting one match found through the text index and sorting it by
 * time (0.39–0.41 µs). Only their ratio matters.
 */
const WALK_US = 2.3;
const INDEX_US = 0.4;
/** Each process keeps its choices (per database, by query and filters) this long, at most this many. */
const READ_TTL_MS = 10 * 60_000;
const READS_KEPT = 1000;
const readsOf = new WeakMap<object, Map<string, { read: WindowRead; at: number }>>();

/** The rows PostgreSQL's planner expects `query` to give (its statistics; nothing is run). */
async function plannedRows(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return Number(r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * The cheaper way to read the newest `wanted` matches of `tsq` (see {@link WindowRead}), from the
 * planner's own estimates of the matches in range and the stories in range (two EXPLAINs, 0.5–1.2
 * ms; kept per process for READ_TTL_MS under `key`). The estimates need the query written into the
 * condition: its statistics of the tsvector column tell a common word from a rare one (behind a
 * CTE it guessed 0.5% of the stories for every word).
 */
async function windowRead(db: Kysely<Database>, tsq: RawBuilder<unknown>, where: RawBuilder<unknown>, wanted: number, key: string): Promise<WindowRead> {
  const now = Date.now();
  let reads = readsOf.get(db);
  if (!reads) readsOf.set(db, (reads = new Map()));
  const kept = reads.get(key);
  if (kept && now - kept.at < READ_TTL_MS) return kept.read;
  const [matches, stories] = await Promise.all([
    plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE d.doc @@ ${tsq} AND ${where}`),
    plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE ${where}`),
  ]);
  const walked = Math.min(stories, (wanted * stories) / Math.max(matches, 1));
  const read: WindowRead = WALK_US * walked < INDEX_US * matches ? 'walk' : 'index';
  if (reads.size >= READS_KEPT) reads.clear();
  reads.set(key, { read, at: now });
  return read;
}

/** One page of matches (article ids, in order), and the matches counted (at most WINDOW + 1). */
export interface Page {
  ids: number[];
  counted: number;
  capped: boolean;
}

/**
 * PostgreSQL: the newest WINDOW matches (walked to or found through the text index: see
 * {@link WindowRead}), ranked and cut to the page asked for inside the query, so one page of rows
 * comes back, not the window: fetching, parsing and sorting the window's thousand rows in Node took
 * more CPU than the query itself (about 1.5 ms of a search's 4 ms of worker CPU at 300k, and much
 * of its garbage).
 * `capped` when a phrase's candidates were cut at PHRASE_CANDIDATES.
 */
export async function pgPage(
  db: Kysely<Database>,
  terms: SearchTerm[],
  q: SearchQuery,
  now: number,
  cfg: string,
  /** How to read the window, or a phrase's candidates (tests compare the two); else {@link windowRead} chooses. */
  readOverride?: WindowRead,
): Promise<Page> {
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
  const where = sql.join(filters, sql` AND `);
  const key = `${cfg}\u0000${JSON.stringify(terms)}\u0000${q.sectionId}\u0000${q.from}\u0000${q.to}`;
  if (!terms.some((t) => t.kind === 'phrase')) {
    const read = readOverride ?? (await windowRead(db, tsq, where, WINDOW + 1, key));
    const r = await sql<Row>`
      WITH w AS MATERIALIZED (${newestMatches(read, tsq, where, WINDOW + 1, false)})
      SELECT p.id, n.counted FROM (SELECT count(*) AS counted FROM w) n ${page}`.execute(db);
    return toPage(r.rows, false);
  }
  // c: the newest candidates (their tsvectors read only if walked to: the sort carries pointers);
  // w: the phrase checked on them newest first, stopping at the window (OFFSET 0 keeps the check
  // out of the sort below it, and the query is a scalar so no join reorders them). One row even
  // when w is empty, for the counts.
  const words = tsQuery(phraseWords(terms), cfg);
  const read = readOverride ?? (await windowRead(db, words, where, PHRASE_CANDIDATES, key));
  const r = await sql<Row>`
    WITH q AS MATERIALIZED (SELECT ${tsq} AS query),
    c AS MATERIALIZED (${newestMatches(read, words, where, PHRASE_CANDIDATES, true)}),
    w AS MATERIALIZED (
      SELECT s.article_id, s.published_at FROM (SELECT * FROM c ORDER BY c.published_at DESC, c.article_id DESC OFFSET 0) s
      WHERE s.doc @@ (SELECT query FROM q)
      ORDER BY s.published_at DESC, s.article_id DESC LIMIT ${WINDOW + 1})
    SELECT p.id, n.counted, n.candidates
    FROM (SELECT (SELECT count(*) FROM w) AS counted, (SELECT count(*) FROM c) AS candidates) n ${page}`.execute(db);
  return toPage(r.rows, Number(r.rows[0]?.candidates ?? 0) >= PHRASE_CANDIDATES);
}

/**
 * The newest `limit` stories in range (`where`) matching `tsq`, newest first, read as `read` says
 * (see {@link WindowRead}), with their tsvectors (as pointers, not read) when `withDoc`. walk: the
 * condition sits above OFFSET 0, so the planner cannot take the text index instead; index: the
 * matches below OFFSET 0, so it cannot walk the time index to skip the sort.
 */
function newestMatches(read: WindowRead, tsq: RawBuilder<unknown>, where: RawBuilder<unknown>, limit: number, withDoc: boolean): RawBuilder<unknown> {
  const doc = withDoc ? sql`, s.doc` : sql``;
  return read === 'walk'
    ? sql`SELECT s.article_id, s.published_at${doc} FROM (
        SELECT d.article_id, d.published_at, d.doc FROM search_docs d WHERE ${where}
        ORDER BY d.published_at DESC, d.article_id DESC OFFSET 0) s
      WHERE s.doc @@ ${tsq} LIMIT ${limit}`
    : sql`SELECT s.article_id, s.published_at${doc} FROM (
        SELECT d.article_id, d.published_at, d.doc FROM search_docs d WHERE d.doc @@ ${tsq} AND ${where} OFFSET 0) s
      ORDER BY s.published_at DESC, s.article_id DESC LIMIT ${limit}`;
}
