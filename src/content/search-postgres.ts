/**
 * Search on PostgreSQL (./search.ts): the window of newest matches read by walking the time (or
 * section) index or through the text index, whichever is cheaper (./search-postgres-read.ts), ranked
 * by where the query matches and cut to one page inside the query.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY_MS } from '../db/search-index-postgres.js';
import {
  choicesOf,
  fellShort,
  holds,
  keep,
  lonePhrase,
  type Match,
  matchOf,
  READ_TTL_MS,
  type Read,
  type Scope,
  textSince,
  type WindowRead,
  windowRead,
} from './search-postgres-read.js';
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

/**
 * A phrase's candidates are read in two steps: first the newest this many, and only when the
 * phrase fills less than the window among them (and there are more), the newest
 * PHRASE_CANDIDATES. The first step's page is exact when it suffices: the newest WINDOW + 1
 * stories holding the phrase are among the newest stories holding its words. A phrase whose words
 * mostly stand together (most phrases readers type) then reads and sorts 1,500 candidates, not
 * 4,000 (of "flood barrier"'s 17.4 ms at 300k stories, 3.7 went to keeping and sorting 4,000).
 * Each process remembers which phrases took the second step (for READ_TTL_MS) and starts there.
 */
export const PHRASE_FIRST_CANDIDATES = Math.ceil(1.5 * WINDOW);

/** The terms with each phrase as its words, all required: what a phrase's candidates must hold. */
function phraseWords(terms: SearchTerm[]): SearchTerm[] {
  return terms.flatMap((t) => (t.kind === 'phrase' ? t.words.map((w) => ({ kind: 'word' as const, words: [w] })) : [t]));
}

export type { Read } from './search-postgres-read.js';

/** One page of matches (article ids, in order), and the matches counted (at most WINDOW + 1). */
export interface Page {
  ids: number[];
  counted: number;
  capped: boolean;
  /** How the window was read in the end (a range read that fell short was read again). */
  read: WindowRead;
  /** A phrase alone read as words are (see {@link lonePhrase}): as its pair, or as its one word. */
  phrase?: 'pair' | 'word';
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
  /** How to read the window, or a phrase's candidates (tests compare them); else {@link windowRead} chooses. */
  readOverride?: Read,
): Promise<Page> {
  const tsq = tsQuery(terms, cfg);
  const scope = scopeOf(q, now);
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
  const lone = readOverride?.checked ? null : await lonePhrase(db, terms, cfg);
  const toPage = (rows: Row[], capped: boolean, read: Read): Page => ({
    ids: rows.filter((row) => row.id !== null).map((row) => Number(row.id)),
    counted: Number(rows[0]?.counted ?? 0),
    capped,
    read: read.read,
    ...(lone ? { phrase: 'pair' in lone ? ('pair' as const) : ('word' as const) } : {}),
  });
  const key = `${cfg}\u0000${JSON.stringify(terms)}\u0000${q.sectionId}\u0000${q.from}\u0000${q.to}`;
  if (lone || !terms.some((t) => t.kind === 'phrase')) {
    // A phrase of two words is read as a word is, through the pair index (no tsvector read) or
    // walked and matched as a phrase; a phrase of one word is that word (`tsq` is its lexeme).
    const match = matchOf(tsq, lone);
    let read = readOverride ?? (await windowRead(db, match, scope, WINDOW + 1, key));
    for (;;) {
      const r = await sql<Row>`
        WITH w AS MATERIALIZED (${newestMatches(read, match, scope, WINDOW + 1, false)})
        SELECT p.id, n.counted FROM (SELECT count(*) AS counted FROM w) n ${page}`.execute(db);
      const got = toPage(r.rows, false, read);
      if (read.read !== 'range' || got.counted > WINDOW) return got;
      read = fellShort(db, key, read, !readOverride);
    }
  }
  // c: the newest candidates (their tsvectors read only if walked to: the sort carries pointers);
  // w: the phrase checked on them newest first, stopping at the window (OFFSET 0 keeps the check
  // out of the sort below it, and the query is a scalar so no join reorders them). One row even
  // when w is empty, for the counts. In two steps (PHRASE_FIRST_CANDIDATES), each chosen and kept
  // under its own key.
  const words = tsQuery(phraseWords(terms), cfg);
  const { wide } = choicesOf(db);
  const wideSince = wide.get(key);
  let wanted = readOverride?.candidates ?? (wideSince !== undefined && Date.now() - wideSince < READ_TTL_MS ? PHRASE_CANDIDATES : PHRASE_FIRST_CANDIDATES);
  const keyOf = (n: number) => `${key}\u0000${n}`;
  // A phrase alone: its words stand together, and the rarer one tells how many stories hold both.
  const together = terms.length === 1 ? terms[0].words.map((w) => holds(tsQuery([{ kind: 'word', words: [w] }], cfg)).indexed) : [];
  let read = readOverride ?? (await windowRead(db, holds(words), scope, wanted, keyOf(wanted), together));
  for (;;) {
    const r = await sql<Row>`
      WITH q AS MATERIALIZED (SELECT ${tsq} AS query),
      c AS MATERIALIZED (${newestMatches(read, holds(words), scope, wanted, true)}),
      w AS MATERIALIZED (
        SELECT s.article_id, s.published_at FROM (SELECT * FROM c ORDER BY c.published_at DESC, c.article_id DESC OFFSET 0) s
        WHERE s.doc @@ (SELECT query FROM q)
        ORDER BY s.published_at DESC, s.article_id DESC LIMIT ${WINDOW + 1})
      SELECT p.id, n.counted, n.candidates
      FROM (SELECT (SELECT count(*) FROM w) AS counted, (SELECT count(*) FROM c) AS candidates) n ${page}`.execute(db);
    const candidates = Number(r.rows[0]?.candidates ?? 0);
    if (read.read === 'range' && candidates < wanted) {
      read = fellShort(db, keyOf(wanted), read, !readOverride);
      continue;
    }
    const counted = Number(r.rows[0]?.counted ?? 0);
    if (counted > WINDOW || candidates < wanted || wanted >= PHRASE_CANDIDATES) return toPage(r.rows, candidates >= PHRASE_CANDIDATES, read);
    wanted = PHRASE_CANDIDATES;
    if (!readOverride) keep(wide, key, Date.now());
    read = readOverride ?? (await windowRead(db, holds(words), scope, wanted, keyOf(wanted), together));
  }
}

/**
 * The stories a search asks for (see {@link Scope}). With a section, its time range is written as
 * (section, time) pairs: only the section index (section, time, id) can read those as a range, so
 * PostgreSQL walks the section's stories alone. Written as times, it walked the time index and read
 * every section's stories in the range (section and year at 300k: 8,000 tsvectors read for 1,000
 * kept, 44 ms against 15).
 */
function scopeOf(q: SearchQuery, now: number): Scope {
  const to = q.to === undefined ? now : Math.min(now, q.to - 1);
  const from = q.from ?? -Number.MAX_SAFE_INTEGER;
  const open = q.to === undefined || q.to > now;
  const time = (t: string) => sql.ref(`${t}.published_at`);
  const times = (t: string) => sql`${time(t)} <= ${to} AND ${time(t)} >= ${from}`;
  if (q.sectionId === undefined)
    return {
      where: times('d'),
      open,
      from,
      key: `${from}`,
      bound: (span) => sql`(SELECT b.published_at FROM search_docs b WHERE ${times('b')}
        ORDER BY b.published_at DESC, b.article_id DESC OFFSET ${span} LIMIT 1)`,
    };
  const id = q.sectionId;
  const section = (t: string) => {
    const s = sql.ref(`${t}.section_id`);
    return sql`${s} = ${id} AND (${s}, ${time(t)}) <= (${id}, ${to}) AND (${s}, ${time(t)}) >= (${id}, ${from})`;
  };
  return {
    where: section('d'),
    wide: times('d'),
    open,
    from,
    key: `${id}\u0000${from}`,
    bound: (span) => sql`(SELECT b.published_at FROM search_docs b WHERE ${section('b')}
      ORDER BY b.section_id DESC, b.published_at DESC, b.article_id DESC OFFSET ${span} LIMIT 1)`,
  };
}

/**
 * The newest `limit` stories in range holding `match`, newest first, read as `read` says (see
 * {@link WindowRead}), with their tsvectors (as pointers, not read) when `withDoc`. walk: the
 * condition sits above OFFSET 0, so the planner cannot take the text index instead; index and
 * range: the matches below OFFSET 0, so it cannot walk the time index to skip the sort. range: the
 * bound written on the day as the match's index holds it (see {@link Match}), which only that
 * index reads.
 */
function newestMatches(read: Read, match: Match, scope: Scope, limit: number, withDoc: boolean): RawBuilder<unknown> {
  const doc = withDoc ? sql`, s.doc` : sql``;
  const { where } = scope;
  if (read.read === 'walk')
    return sql`SELECT s.article_id, s.published_at${doc} FROM (
        SELECT d.article_id, d.published_at, d.doc FROM search_docs d WHERE ${where}
        ORDER BY d.published_at DESC, d.article_id DESC OFFSET 0) s
      WHERE ${match.walked} LIMIT ${limit}`;
  const first = read.since ?? sql`(coalesce(${scope.bound(read.span ?? 0)}, ${scope.from}) / ${sql.lit(DAY_MS)})`;
  // A range read of a match whose index holds no day (given only by tests) reads the day as a filter.
  const since = read.read === 'range' ? sql` AND ${(match.since ?? textSince)(first)}` : sql``;
  return sql`SELECT s.article_id, s.published_at${doc} FROM (
        SELECT d.article_id, d.published_at, d.doc FROM search_docs d WHERE ${match.indexed} AND ${where}${since} OFFSET 0) s
      ORDER BY s.published_at DESC, s.article_id DESC LIMIT ${limit}`;
}
