/**
 * Search on PostgreSQL (./search.ts): the window of newest matches read by walking the time (or
 * section) index or through the text index, whichever is cheaper (see {@link WindowRead}), ranked
 * by where the query matches and cut to one page inside the query.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY_MS, PAIR_DAY_SQL, PAIR_WORD_BYTES, PAIRS, PAIRS_BY_DAY } from '../db/search-index-postgres.js';
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

/**
 * How the newest matches of a query (a phrase's: of its words) are read:
 * - `walk`: the stories in range newest first, each one's tsvector read to match it. A common word
 *   fills the window within a few stories.
 * - `index`: every match in range found through the text index, the newest kept. A rare word is
 *   found at once.
 * - `range`: through the text index, the matches since a time found first (the time of the story
 *   so many back that the window is expected twice over in it), the newest kept: the matches of a
 *   word in between, without walking past the stories that do not match nor visiting every match.
 *   Needs the text index by day (db/search-index-postgres.ts) and no upper date bound; when
 *   the matches since that time fall short of the window, the query is read again as `walk` or
 *   `index`, whichever is cheaper.
 * Between a common and a rare word the walk reads the tsvectors of many stories that do not
 * match (a word in one story of five at 300,000 stories: 5,000 read for 1,000 kept, 11–13 ms, out
 * of line, 3.6 KB each), and the index visits every match (60,000: 19 ms). PostgreSQL's planner
 * does not count that a tsvector is read out of line to be matched, so it chose the walk even for a
 * word in 8% of the stories (28 ms where the index took 10). Read by range, a search's reads took
 * 5 ms for the word in one story of five (walked: 20) and 7 ms for the word in 8% (index: 15).
 */
export type WindowRead = 'walk' | 'index' | 'range';

/**
 * Measured at 300k stories, per story walked: reading its tsvector out of line and matching it
 * (2.2–2.4 µs); per match found through the text index: visiting it and sorting it by time
 * (0.39–0.41 µs); per story in a range read's span: reading its day's entry in the text index
 * (a day's entry lists its stories: about 0.02 µs in these units, from the day index's range reads
 * against the time index's at 300k, 3 ms against 10 for 107,000 stories; the bound itself is found
 * once per READ_TTL_MS, see {@link sinceDay}). Only their ratios matter.
 */
const WALK_US = 2.3;
const INDEX_US = 0.4;
const SPAN_US = 0.02;
/** A range read spans the stories in which the planner expects the window this many times over. */
const SPAN_MARGIN = 2;
/**
 * Each process keeps its choices (per database, by query and filters; the first days of its range
 * reads, see {@link sinceDay}) this long, at most this many of each.
 */
const READ_TTL_MS = 10 * 60_000;
const READS_KEPT = 1000;

/** Keeps `value` under `key` in one of the maps of {@link Choices}, emptied when full. */
function keep<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= READS_KEPT) map.clear();
  map.set(key, value);
}

/**
 * How a window is read: with `range`, how many stories back its bound is, and the read if the
 * range falls short. Given only by tests: `candidates`, how many candidates a phrase's first step
 * reads; `checked`, a phrase alone checked on its candidates even where it could be read as
 * words are (see {@link lonePhrase}).
 */
export interface Read {
  read: WindowRead;
  span?: number;
  otherwise?: Exclude<WindowRead, 'range'>;
  /** With `range`: the first day read (see {@link sinceDay}); else found in the query itself. */
  since?: number;
  candidates?: number;
  checked?: boolean;
}
interface Choices {
  /**
   * Whether the text index is by day (a range read needs it), whether the pair index is there and
   * by day, and when that was read.
   */
  indexes: { byDay: boolean; pairs: 'byDay' | 'alone' | null; at: number };
  reads: Map<string, Read & { at: number }>;
  /** Range reads' first days, by scope and span (see {@link sinceDay}). */
  bounds: Map<string, { day: number; at: number }>;
  /** The phrases (keyed as reads) whose first step fell short, and when. */
  wide: Map<string, number>;
  /** How each phrase alone is read (see {@link lonePhrase}), by configuration and phrase. */
  phrases: Map<string, { read: LonePhrase | null; at: number }>;
}
const readsOf = new WeakMap<object, Choices>();

/** This process's choices for database `db`. */
function choicesOf(db: Kysely<Database>): Choices {
  let mine = readsOf.get(db);
  if (!mine) {
    mine = { indexes: { byDay: false, pairs: null, at: -Infinity }, reads: new Map(), bounds: new Map(), wide: new Map(), phrases: new Map() };
    readsOf.set(db, mine);
  }
  return mine;
}

/** Which of the search indexes this database has (see {@link Choices}), read once per READ_TTL_MS. */
async function indexesOf(db: Kysely<Database>): Promise<Choices['indexes']> {
  const mine = choicesOf(db);
  const now = Date.now();
  if (now - mine.indexes.at >= READ_TTL_MS) {
    const r = await sql<{ by_day: boolean; pairs_by_day: boolean; pairs: boolean }>`SELECT to_regclass('search_docs_doc_day') IS NOT NULL AS by_day,
      to_regclass(${PAIRS_BY_DAY}) IS NOT NULL AS pairs_by_day, to_regclass(${PAIRS}) IS NOT NULL AS pairs`.execute(db);
    const row = r.rows[0];
    mine.indexes = { byDay: Boolean(row?.by_day), pairs: row?.pairs_by_day ? 'byDay' : row?.pairs ? 'alone' : null, at: now };
  }
  return mine.indexes;
}

/**
 * A query that is one phrase, read as words are (see {@link lonePhrase}): `pair`, two adjacent
 * words, through the pair index, by its entry (a tsquery literal); `word`, one word once the
 * configuration drops the others ("the minister"), as that word.
 */
type LonePhrase = { pair: string; byDay: boolean } | { word: true };

/**
 * How a query that is one phrase is read as words are (see {@link LonePhrase}), or null: for any
 * other query, for a phrase with a word the configuration drops between its words ("flood of
 * barriers", `<2>` to the phrase operator), of three words or more, of two where the database has
 * no pair index or one is longer than it pairs (PAIR_WORD_BYTES). Those are checked on their
 * candidates. The words are the configuration's
 * lexemes, asked of the database (0.2 ms) and kept per process for READ_TTL_MS.
 */
async function lonePhrase(db: Kysely<Database>, terms: SearchTerm[], cfg: string): Promise<LonePhrase | null> {
  const [term] = terms;
  if (terms.length !== 1 || term.kind !== 'phrase') return null;
  const text = term.words.join(' ');
  const phrases = choicesOf(db).phrases;
  const key = `${cfg}\u0000${text}`;
  const now = Date.now();
  const kept = phrases.get(key);
  if (kept && now - kept.at < READ_TTL_MS) return kept.read;
  const r = await sql<{ lexeme: string; pos: number }>`SELECT t.lexeme, p.pos FROM unnest(to_tsvector(${cfg}::regconfig, ${text})) t,
    unnest(t.positions) p(pos) ORDER BY p.pos`.execute(db);
  const [a, b] = r.rows;
  // A lexeme is quoted in a tsquery as a string in SQL, a backslash escaping the next character.
  const quote = (x: string) => `'${x.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  let read: LonePhrase | null = null;
  const { pairs: index } = await indexesOf(db);
  if (r.rows.length === 1) read = { word: true };
  else if (r.rows.length === 2 && b.pos === a.pos + 1 && index && r.rows.every((x) => Buffer.byteLength(x.lexeme) <= PAIR_WORD_BYTES))
    read = { pair: quote(`${a.lexeme} ${b.lexeme}`), byDay: index === 'byDay' };
  keep(phrases, key, { read, at: now });
  return read;
}

/**
 * What a story of a window must hold: a condition on row `d` read through an index (the text
 * index, or the pair index), and the same as a match of each story's tsvector in row `s`, which a
 * walk reads. `since`: a range read's condition, the stories since a first day, written on the
 * day as that index holds it (the text index's, the pair index's: db/search-index-postgres.ts),
 * or null where it holds none.
 */
interface Match {
  indexed: RawBuilder<unknown>;
  walked: RawBuilder<unknown>;
  since: ((first: unknown) => RawBuilder<unknown>) | null;
}
const textSince = (first: unknown) => sql`(d.published_at / ${sql.lit(DAY_MS)}) >= ${first}`;
const holds = (tsq: RawBuilder<unknown>): Match => ({ indexed: sql`d.doc @@ ${tsq}`, walked: sql`s.doc @@ ${tsq}`, since: textSince });

/** The rows PostgreSQL's planner expects `query` to give (its statistics; nothing is run). */
async function plannedRows(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return Number(r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** What a search asks of search_docs: its range and its filters, written for each way of reading it. */
interface Scope {
  /** The stories in range, as row `d`: each condition on the time itself, for the time and section indexes. */
  where: RawBuilder<unknown>;
  /** The same stories with the time in range and without the section: what a range read's bound scans past. */
  wide?: RawBuilder<unknown>;
  /** No upper date bound (the newest stories are in range): a range read may be used. */
  open: boolean;
  /** The bound of a range read: the time of the story `span` back, as a scalar query (NULL past the oldest). */
  bound(span: number): RawBuilder<unknown>;
  /** The lowest time in range. */
  from: number;
  /** What the bound depends on besides the span: the section and the lowest time. */
  key: string;
}

/**
 * A range read's first day: the day of the story `span` back in `scope` (DAY_MS days, as the text
 * index has them). Finding it walks the time index past `span` stories, which cost more than the
 * rest of the read (107,000 stories for a phrase's candidates at 300k: 15 ms), so each process
 * finds it once per READ_TTL_MS for a scope and span, shared by every query. Spans are rounded up
 * to steps of 2^¼ to be shared. Newer stories published meanwhile only widen the range: it still
 * holds every match newer than its first day.
 */
async function sinceDay(db: Kysely<Database>, scope: Scope, span: number): Promise<number> {
  const bounds = choicesOf(db).bounds;
  const key = `${scope.key}\u0000${span}`;
  const now = Date.now();
  const kept = bounds.get(key);
  if (kept && now - kept.at < READ_TTL_MS) return kept.day;
  const r = await sql<{ day: string }>`SELECT coalesce(${scope.bound(span)}, ${scope.from}) / ${sql.lit(DAY_MS)} AS day`.execute(db);
  const day = Number(r.rows[0]?.day);
  keep(bounds, key, { day, at: now });
  return day;
}

/**
 * The cheapest way to read the newest `wanted` stories holding `match` (see {@link WindowRead}),
 * from the planner's own estimates of the matches in range and the stories in range (two EXPLAINs,
 * three with a section, 0.5–1.2 ms; kept per process for READ_TTL_MS under `key`). The estimates
 * need the query written into the condition: its statistics of the tsvector column (or of the
 * pairs) tell a common word from a rare one (behind a CTE it guessed 0.5% of the stories for
 * every word).
 */
async function windowRead(db: Kysely<Database>, match: Match, scope: Scope, wanted: number, key: string, together: RawBuilder<unknown>[] = []): Promise<Read> {
  const now = Date.now();
  const mine = choicesOf(db);
  const kept = mine.reads.get(key);
  if (kept && now - kept.at < READ_TTL_MS) return kept;
  const { byDay } = await indexesOf(db);
  const [all, stories, wide, ...each] = await Promise.all([
    plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE ${match.indexed} AND ${scope.where}`),
    plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE ${scope.where}`),
    scope.wide && plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE ${scope.wide}`),
    ...together.map((w) => plannedRows(db, sql`SELECT 1 FROM search_docs d WHERE ${w} AND ${scope.where}`)),
  ]);
  // Words that stand together are not independent, as the planner takes them: it expected 683
  // stories to hold both words of "flood barrier" where 8,400 do (its rarer word alone: 8,950).
  const matches = each.length ? Math.max(all, Math.min(...each)) : all;
  const walk = WALK_US * Math.min(stories, (wanted * stories) / Math.max(matches, 1));
  const index = INDEX_US * matches;
  const otherwise = walk < index ? 'walk' : 'index';
  const span = Math.ceil((SPAN_MARGIN * wanted * stories) / Math.max(matches, 1));
  // The bound is found among the stories in range; the text index reads the time of every story
  // since it, of any section.
  const spanned = span * (wide ? Math.max(1, wide / Math.max(stories, 1)) : 1);
  const range = SPAN_US * spanned + INDEX_US * SPAN_MARGIN * wanted;
  const useRange = byDay && match.since !== null && scope.open && span < stories && range < Math.min(walk, index);
  let read: Read = { read: otherwise };
  if (useRange) {
    const rounded = Math.ceil(2 ** (Math.ceil(4 * Math.log2(span)) / 4));
    read = { read: 'range', span: rounded, since: await sinceDay(db, scope, rounded), otherwise };
  }
  keep(mine.reads, key, { ...read, at: now });
  return read;
}

/**
 * A range read that fell short: read as `otherwise`. A choice of this process's own (`own`) is
 * replaced, so it reads the query so until the choice is made again.
 */
function fellShort(db: Kysely<Database>, key: string, read: Read, own: boolean): Read {
  const fallback: Read = { read: read.otherwise ?? 'index' };
  if (own) keep(choicesOf(db).reads, key, { ...fallback, at: Date.now() });
  return fallback;
}

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
    const match: Match =
      lone && 'pair' in lone
        ? {
            indexed: sql`search_pairs(d.doc) @@ ${lone.pair}::tsquery`,
            walked: sql`s.doc @@ ${tsq}`,
            since: lone.byDay ? (first) => sql`${sql.raw(PAIR_DAY_SQL('d'))} >= (${first})::integer` : null,
          }
        : holds(tsq);
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
