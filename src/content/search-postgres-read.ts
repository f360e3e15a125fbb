/**
 * How search on PostgreSQL reads a window of newest matches (./search-postgres.ts): walking, through
 * the text index or since a day, whichever is cheaper by the planner's own estimates, and a phrase
 * alone read as words are where it can be (the pair index). Each process keeps its choices.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY_MS, PAIR_DAY_SQL, PAIR_WORD_BYTES, PAIRS, PAIRS_BY_DAY } from '../db/search-index-postgres.js';
import type { SearchTerm } from './search-query.js';

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
export const READ_TTL_MS = 10 * 60_000;
const READS_KEPT = 1000;

/** Keeps `value` under `key` in one of the maps of {@link Choices}, emptied when full. */
export function keep<V>(map: Map<string, V>, key: string, value: V): void {
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
export function choicesOf(db: Kysely<Database>): Choices {
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
export type LonePhrase = { pair: string; byDay: boolean } | { word: true };

/**
 * How a query that is one phrase is read as words are (see {@link LonePhrase}), or null: for any
 * other query, for a phrase with a word the configuration drops between its words ("flood of
 * barriers", `<2>` to the phrase operator), of three words or more, of two where the database has
 * no pair index or one is longer than it pairs (PAIR_WORD_BYTES). Those are checked on their
 * candidates. The words are the configuration's
 * lexemes, asked of the database (0.2 ms) and kept per process for READ_TTL_MS.
 */
export async function lonePhrase(db: Kysely<Database>, terms: SearchTerm[], cfg: string): Promise<LonePhrase | null> {
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
export interface Match {
  indexed: RawBuilder<unknown>;
  walked: RawBuilder<unknown>;
  since: ((first: unknown) => RawBuilder<unknown>) | null;
}
export const textSince = (first: unknown) => sql`(d.published_at / ${sql.lit(DAY_MS)}) >= ${first}`;
export const holds = (tsq: RawBuilder<unknown>): Match => ({ indexed: sql`d.doc @@ ${tsq}`, walked: sql`s.doc @@ ${tsq}`, since: textSince });

/**
 * What the stories of a query read as words are must hold: `tsq`, or where it is a phrase alone of
 * two words, its pair, through the pair index (see {@link lonePhrase}); a walk matches the phrase.
 */
export function matchOf(tsq: RawBuilder<unknown>, lone: LonePhrase | null): Match {
  if (!lone || !('pair' in lone)) return holds(tsq);
  return {
    indexed: sql`search_pairs(d.doc) @@ ${lone.pair}::tsquery`,
    walked: sql`s.doc @@ ${tsq}`,
    since: lone.byDay ? (first) => sql`${sql.raw(PAIR_DAY_SQL('d'))} >= (${first})::integer` : null,
  };
}

/** The rows PostgreSQL's planner expects `query` to give (its statistics; nothing is run). */
async function plannedRows(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return Number(r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** What a search asks of search_docs: its range and its filters, written for each way of reading it. */
export interface Scope {
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
export async function windowRead(
  db: Kysely<Database>,
  match: Match,
  scope: Scope,
  wanted: number,
  key: string,
  together: RawBuilder<unknown>[] = [],
): Promise<Read> {
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
export function fellShort(db: Kysely<Database>, key: string, read: Read, own: boolean): Read {
  const fallback: Read = { read: read.otherwise ?? 'index' };
  if (own) keep(choicesOf(db).reads, key, { ...fallback, at: Date.now() });
  return fallback;
}
