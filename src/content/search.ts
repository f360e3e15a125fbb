/**
 * Full-text search over what readers may see (db/search-index.ts), at a cost that does not grow
 * with the archive or the word's frequency.
 *
 * Every query reads at most {@link WINDOW} matches, newest first, from the index, and stops there:
 * SQLite's FTS5 walks its rowids (publication order) backwards; PostgreSQL walks its time index or
 * reads its text index, whichever is cheaper by the planner's estimates. Relevance (headline above
 * dek above body: bm25 or where the query matches on SQLite, where it matches on PostgreSQL) is
 * ranked inside that window with a recency boost, so a story from this week outranks an equal one
 * from 2004. The count is exact up to the window and
 * "more than" above it; pages go as deep as the window and no further.
 *
 * What a reader types is parsed (search-query.ts) into words, "phrases" and prefixes (word*), never passed through
 * as query syntax: FTS5 gets quoted strings, PostgreSQL gets plainto/phraseto/to_tsquery of
 * letters and digits only.
 *
 * The SQLite path is here; PostgreSQL's is ./search-postgres.ts, and what both share is
 * ./search-window.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { fts5Tokens, fts5WordFor } from '../db/fts5-words.js';
import { firstKeyAt, KEY_SPREAD, lastKeyAt, periodTokens, publicRowText, searchConfigFor, windowPeriods } from '../db/search-index.js';
import { escapeHtml } from '../kernel/jsx.js';
import type { Known } from '../runtime/site-chrome.js';
import { fts5Query, markPattern, parseQuery, withoutStopWords, type SearchTerm } from './search-query.js';
import { pgPage } from './search-postgres.js';
import { FIELD_WEIGHTS, PER_PAGE, WINDOW, withRecency, type SearchQuery } from './search-window.js';
import { toCards, visible, type ArticleCard } from './queries.js';

export { MAX_PAGE, PER_PAGE, WINDOW, withRecency, type SearchQuery, type SearchSort } from './search-window.js';
export { PHRASE_CANDIDATES } from './search-postgres.js';

export interface SearchResult {
  card: ArticleCard;
  /** Escaped text with <mark> around the words searched for. */
  snippet: string;
}

export interface SearchOutcome {
  results: SearchResult[];
  /** Matches counted, at most WINDOW. */
  total: number;
  /** True when there are more matches than `total` (the count is a lower bound). */
  more: boolean;
  /** Pages of results available (total / PER_PAGE, rounded up). */
  pages: number;
}

/** A SQLite match: its index key (publication order), its time and its score. */
interface Hit {
  id: number;
  publishedAt: number;
  score: number;
}

/**
 * bm25 is used only when every term is in at most this many stories: FTS5's bm25 counts every
 * story holding each term (its IDF) on each query, which for "the" at a million stories is a
 * million-row scan. Commoner queries are ranked by where they match instead (FIELD_WEIGHTS).
 */
const BM25_MAX_DOCS = 2000;

/** The matches of `match` in [lower, upper], newest first (or oldest first, `forwards`); a limit of -1 is none. */
async function sqliteKeys(
  db: Kysely<Database>,
  match: string,
  upper: number,
  lower: number,
  limit: number,
  ranked = false,
  forwards = false,
): Promise<{ key: number; score: number }[]> {
  const score = ranked ? sql`bm25(search_fts, 10.0, 4.0, 1.0, 0.0)` : sql`0`;
  const r = await sql<{ key: number; score: number }>`
    SELECT rowid AS key, ${score} AS score FROM search_fts
    WHERE search_fts MATCH ${match} AND rowid <= ${upper} AND rowid >= ${lower}
    ORDER BY rowid ${sql.raw(forwards ? 'ASC' : 'DESC')} LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Forward reads a window takes (see newestKeys) before it reads the rest backwards. */
const FORWARD_STEPS = 3;
/** Below this share of stories matching, newestKeys reads the rest backwards: the query's lists are sparse, cheap to skip. */
const FORWARD_SHARE = 0.25;

/**
 * The key that begins the newest `count` stories in [lower, upper] (of the section, when there is
 * one), or null when the range holds fewer: from an ordinary index, the section's public stories in
 * `articles` (the stories the index's `s<ID>` facet holds), else `search_docs`' keys.
 */
async function startOfNewest(db: Kysely<Database>, sectionId: number | undefined, lower: number, upper: number, count: number): Promise<number | null> {
  if (sectionId === undefined) {
    const r = await sql<{ key: number }>`
      SELECT key FROM search_docs WHERE key <= ${upper} AND key >= ${lower} ORDER BY key DESC LIMIT 1 OFFSET ${count - 1}`.execute(db);
    return r.rows[0]?.key ?? null;
  }
  const second = (key: number) => Math.floor(key / KEY_SPREAD) * 1000;
  const r = await sql<{ at: number }>`
    SELECT published_at AS at FROM articles
    WHERE section_id = ${sectionId} AND ${sql.raw(publicRowText('articles'))} AND published_at >= ${second(lower)} AND published_at < ${second(upper) + 1000}
    ORDER BY published_at DESC LIMIT 1 OFFSET ${count - 1}`.execute(db);
  const at = r.rows[0]?.at;
  // The first key of its second: a story of the same second with a smaller key is not missed.
  return at == null ? null : Math.floor(Number(at) / 1000) * KEY_SPREAD;
}

/**
 * The newest `limit` matches in [lower, upper], newest first, for a range that ends in the past (a
 * date filter): read forwards where that is cheaper. FTS5 starts a backward read at the end of each
 * list and steps back through its pages to the range: at a million stories, a word in nearly every
 * story, in a section and a year two years back, read 2.9 ms backwards and 0.9 ms forwards. So the newest `limit` stories of the range (every match among
 * them lies at or after their first) are found in an ordinary index, and the matches among them are
 * read forwards through their periods (db/search-index.ts periodTokens). When fewer match, the next
 * step spans as many stories as the share seen predicts; a sparse query (under FORWARD_SHARE) reads
 * the rest backwards, as every query once did, its lists short to skip. The keys stay exact either
 * way: where a read starts changes only its cost.
 */
async function newestKeys(
  db: Kysely<Database>,
  terms: SearchTerm[],
  sectionId: number | undefined,
  range: { upper: number; lower: number; periods: string[] | null },
  limit: number,
): Promise<number[]> {
  const { upper, lower } = range;
  const out: number[] = [];
  let high = upper;
  let span = limit;
  for (let step = 0; step < FORWARD_STEPS; step++) {
    const start = await startOfNewest(db, sectionId, lower, high, span);
    const periods = start === null ? await periodsBetween(db, lower, high) : periodTokens(start, high);
    if (!periods) break;
    const rows = await sqliteKeys(db, fts5Query(terms, { sectionId, periods }), high, start ?? lower, -1, false, true);
    for (let i = rows.length - 1; i >= 0 && out.length < limit; i--) out.push(rows[i].key);
    if (out.length === limit || start === null) return out;
    high = start - 1;
    const share = rows.length / span;
    if (share < FORWARD_SHARE) break;
    span = Math.ceil(((limit - out.length) / share) * 1.25) + 16;
  }
  // The range's own periods, not those of what is left of it: FTS5 reads an OR of tokens at a cost
  // that grows with their number (a year's 41 months and days took twice its one token), and the
  // matches it passes over after `high` are only those the forward steps spanned.
  const rest = await sqliteKeys(db, fts5Query(terms, { sectionId, periods: range.periods }), high, lower, limit - out.length);
  for (const r of rest) out.push(r.key);
  return out;
}

/** Whether each term is in at most BM25_MAX_DOCS stories (each count stops there). */
async function allTermsRare(db: Kysely<Database>, terms: SearchTerm[]): Promise<boolean> {
  for (const t of terms) {
    const r = await sql<{ n: number }>`
      SELECT count(*) AS n FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ${fts5Query([t])} LIMIT ${BM25_MAX_DOCS + 1})`.execute(db);
    if (Number(r.rows[0]?.n ?? 0) > BM25_MAX_DOCS) return false;
  }
  return true;
}

/**
 * Most index words a prefix stands for on SQLite, the first in the index's (alphabetical) order;
 * a prefix of more finds only those, and the count says "more than".
 */
export const MAX_EXPANSIONS = 200;

/**
 * SQLite: each prefix as the words of the index it covers (`any`), found through the index's
 * vocabulary one word at a time (a seek each, however many stories hold them). FTS5's own `word *`
 * merges the lists of every story holding each of those words before it can read them newest
 * first: at a million stories "offic*" was the one query that grew with the archive. The prefix is
 * read as FTS5 reads it (folded and stemmed by the index's tokenizer), and each word is named by a
 * word FTS5 stems to exactly it (fts5WordFor); a prefix where that fails keeps FTS5's own form.
 * `none`: a prefix no word of the index has, so nothing can match.
 */
/** A prefix's words in the index, or `native` when one of them has no word FTS5 reads as exactly it. */
type Expansion = { words: string[]; capped: boolean } | 'native';

/**
 * Prefix expansions, per database handle, kept while the index's structure record is the same:
 * FTS5 rewrites that record (its list of segments) with every change to the index, so a story
 * published or edited is found by a prefix at the next request, as by any word. Kept because
 * finding the word after a common one walks that word's whole list in FTS5 (its pages carry no
 * term), the one part of a prefix that grows with the archive (about 10–70 ms for "offic*" at a
 * million stories, then well under a millisecond until the index changes).
 */
const expansions = new WeakMap<object, { structure: Buffer; byStem: Map<string, Expansion> }>();

async function expandOne(db: Kysely<Database>, stem: string, config: string): Promise<Expansion> {
  const words: string[] = [];
  // 'instance' rows come in word order; a word's own rows are skipped by asking for the next
  // word from its name plus U+0001, which sorts before any letter (a ">" would walk them all).
  for (let from = stem; ; ) {
    const r = await sql<{ term: string }>`SELECT term FROM temp.search_vocab WHERE term >= ${from} AND term < ${`${stem}\u{10FFFF}`} LIMIT 1`.execute(db);
    const term = r.rows[0]?.term;
    if (term === undefined || !term.startsWith(stem)) return { words, capped: false };
    if (words.length === MAX_EXPANSIONS) return { words, capped: true };
    const word = fts5WordFor(config, term);
    if (word === null) return 'native';
    words.push(word);
    from = `${term}\u0001`;
  }
}

async function expandPrefixes(db: Kysely<Database>, terms: SearchTerm[], config: string): Promise<{ terms: SearchTerm[]; capped: boolean; none: boolean }> {
  if (!terms.some((t) => t.kind === 'prefix')) return { terms, capped: false, none: false };
  // A view of the index's words for this connection only (temp: nothing is written to the site's file).
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'search_fts', 'instance')`.execute(db);
  const structure = (await sql<{ block: Buffer }>`SELECT block FROM search_fts_data WHERE id = 10`.execute(db)).rows[0]?.block ?? Buffer.alloc(0);
  let kept = expansions.get(db);
  if (!kept || !kept.structure.equals(structure)) expansions.set(db, (kept = { structure, byStem: new Map() }));
  let capped = false;
  let none = false;
  const out: SearchTerm[] = [];
  for (const t of terms) {
    const tokens = t.kind === 'prefix' ? fts5Tokens(config, t.words[0]) : [];
    if (tokens.length !== 1) {
      out.push(t);
      continue;
    }
    const key = `${config}\u0000${tokens[0]}`;
    let e = kept.byStem.get(key);
    if (!e) {
      e = await expandOne(db, tokens[0], config);
      if (kept.byStem.size >= 10_000) kept.byStem.clear();
      kept.byStem.set(key, e);
    }
    if (e === 'native') out.push(t);
    else if (!e.words.length) none = true;
    else {
      capped ||= e.capped;
      out.push({ kind: 'any', words: e.words });
    }
  }
  return { terms: out, capped, none };
}

/**
 * SQLite: the newest WINDOW matches by key (publication order, FTS5 stops there). Ranked by bm25
 * when the query's terms are rare enough for its IDF count to be cheap, else by field: two queries
 * of the small headline-and-dek table over the window's key range find which matches have the
 * whole query in the headline or the dek. Every path reads O(WINDOW) index entries per term, whatever the archive's size.
 */
async function sqliteHits(db: Kysely<Database>, asked: SearchTerm[], q: SearchQuery, now: number, config: string): Promise<{ hits: Hit[]; capped: boolean }> {
  const { terms, capped, none } = await expandPrefixes(db, asked, config);
  if (none) return { hits: [], capped: false };
  return { hits: await sqliteWindow(db, terms, q, now), capped };
}

/** The period tokens covering [lower, upper], from the oldest story indexed when there is no lower bound. */
async function periodsBetween(db: Kysely<Database>, lower: number, upper: number): Promise<string[] | null> {
  if (lower > 0) return periodTokens(lower, upper);
  const oldest = (await sql<{ key: number | null }>`SELECT min(key) AS key FROM search_docs`.execute(db)).rows[0]?.key;
  return oldest == null || oldest > upper ? null : periodTokens(Math.max(lower, oldest), upper);
}

async function sqliteWindow(db: Kysely<Database>, terms: SearchTerm[], q: SearchQuery, now: number): Promise<Hit[]> {
  const upper = lastKeyAt(q.to === undefined ? now : Math.min(now, q.to - 1));
  const lower = q.from === undefined ? 0 : firstKeyAt(q.from);
  // A date filter: FTS5 would read every match newer than its range on the way there, and every
  // older one after it when the range holds fewer than the window. The periods covering the range
  // let it seek and stop (db/search-index.ts periodTokens); the keys still bound it.
  const periods = q.to === undefined && q.from === undefined ? null : await periodsBetween(db, lower, upper);
  const match = fts5Query(terms, { sectionId: q.sectionId, periods });
  const hit = (key: number, score: number) => ({ id: key, publishedAt: Math.floor(key / KEY_SPREAD) * 1000, score });
  const rows =
    q.to === undefined
      ? await sqliteKeys(db, match, upper, lower, WINDOW + 1)
      : (await newestKeys(db, terms, q.sectionId, { upper, lower, periods }, WINDOW + 1)).map((key) => ({ key, score: 0 }));
  if (q.sort !== 'relevance' || !rows.length) return rows.map((r) => hit(r.key, 0));
  if (rows.length <= WINDOW && (await allTermsRare(db, terms))) {
    return (await sqliteKeys(db, match, upper, lower, WINDOW + 1, true)).map((r) => hit(r.key, -r.score));
  }
  const windowLow = rows[Math.min(rows.length, WINDOW) - 1].key;
  // The window's periods (as few as cover it): without them FTS5 reads on past the window's oldest
  // key to the end of each word's list when the window holds few matches in a headline (3–19 ms at
  // a million stories).
  const titlePeriods = windowPeriods(Math.max(lower, windowLow), upper);
  // Over search_titles (headlines and deks alone: short, cheap to read), within the window's keys
  // and its section, so what it reads is a part of the window (at most WINDOW keys). Forwards when
  // the range ends in the past, as the window was read (newestKeys): the same keys at half the cost.
  const inField = async (column: string) => {
    const r = await sql<{ key: number }>`
      SELECT rowid AS key FROM search_titles
      WHERE search_titles MATCH ${fts5Query(terms, { sectionId: q.sectionId, periods: titlePeriods }, column)}
        AND rowid <= ${upper} AND rowid >= ${Math.max(lower, windowLow)}
      ORDER BY rowid ${sql.raw(q.to === undefined ? 'DESC' : 'ASC')} LIMIT ${WINDOW + 1}`.execute(db);
    return new Set(r.rows.map((row) => row.key));
  };
  const [headline, dek] = [await inField('headline'), await inField('dek')];
  return rows.map((r) => hit(r.key, FIELD_WEIGHTS.body + (headline.has(r.key) ? FIELD_WEIGHTS.headline : 0) + (dek.has(r.key) ? FIELD_WEIGHTS.dek : 0)));
}

/** About `length` characters of `text` around its first match of `pattern`, escaped, matches in <mark>. */
export function snippetOf(text: string, pattern: RegExp | null, length = 220): string {
  let start = 0;
  if (pattern) {
    pattern.lastIndex = 0;
    const first = pattern.exec(text);
    if (first) start = Math.max(0, first.index - Math.floor(length / 3));
  }
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space === -1 || space - start > 30 ? start : space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + length / 2) end = space;
  }
  const piece = text.slice(start, end);
  let html = '';
  let at = 0;
  if (pattern) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(piece); m; m = pattern.exec(piece)) {
      html += `${escapeHtml(piece.slice(at, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
      at = m.index + m[0].length;
    }
  }
  html += escapeHtml(piece.slice(at));
  return (start > 0 ? '…' : '') + html + (end < text.length ? '…' : '');
}

/**
 * Runs `q`: the page asked for, the count, whether more exist. A query with no usable word (only
 * punctuation, or only words the language ignores) finds nothing; callers bound the page to
 * MAX_PAGE and the text to MAX_QUERY.
 */
export async function search(db: Kysely<Database>, dialect: Dialect, q: SearchQuery, now: number, cfg?: string, known?: Known): Promise<SearchOutcome> {
  const config = cfg ?? searchConfigFor(dialect, 'en');
  // Nothing usable, or only words the language ignores: nothing to find.
  const terms = withoutStopWords(parseQuery(q.text), config);
  if (!terms.length) return { results: [], total: 0, more: false, pages: 0 };
  if (dialect === 'postgres') {
    const { ids, counted, capped } = await pgPage(db, terms, q, now, config);
    const total = Math.min(counted, WINDOW);
    return { results: await resultsFor(db, dialect, ids, terms, now, known), total, more: counted > WINDOW || capped, pages: Math.ceil(total / PER_PAGE) };
  }
  const { hits, capped } = await sqliteHits(db, terms, q, now, config);
  const more = hits.length > WINDOW || capped;
  const window = more ? hits.slice(0, WINDOW) : hits;
  if (q.sort === 'relevance') {
    const ranked = window.map((h) => ({ h, s: withRecency(h.score, h.publishedAt, now) }));
    ranked.sort((a, b) => b.s - a.s || b.h.publishedAt - a.h.publishedAt || b.h.id - a.h.id);
    window.splice(0, window.length, ...ranked.map((r) => r.h));
  }
  const total = window.length;
  const pages = Math.ceil(total / PER_PAGE);
  const slice = window.slice((q.page - 1) * PER_PAGE, q.page * PER_PAGE);
  const results = await resultsFor(
    db,
    dialect,
    slice.map((h) => h.id),
    terms,
    now,
    known,
  );
  return { results, total, more, pages };
}

/** Cards and snippets for one page of matches, in their order (SQLite's are index keys, mapped to articles here). */
async function resultsFor(db: Kysely<Database>, dialect: Dialect, page: number[], terms: SearchTerm[], now: number, known?: Known): Promise<SearchResult[]> {
  if (!page.length) return [];
  let ids = page;
  if (dialect === 'sqlite') {
    const r = await sql<{ key: number; article_id: number }>`SELECT key, article_id FROM search_docs WHERE key IN (${sql.join(ids)})`.execute(db);
    const byKey = new Map(r.rows.map((row) => [row.key, row.article_id]));
    ids = ids.map((k) => byKey.get(k) ?? 0).filter((id) => id > 0);
  }
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'type', 'slug', 'headline', 'dek', 'excerpt', 'published_at', 'updated_at', 'section_id', 'featured_media_id', 'body_text'])
    .where('id', 'in', ids)
    .where(visible(now))
    .execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const cards = await toCards(db, rows, known);
  const pattern = markPattern(terms);
  return cards.map((card, i) => ({ card, snippet: snippetOf(rows[i].body_text, pattern) }));
}
