/**
 * The search index: what readers may find, kept in step with `articles` by triggers, in the order
 * of publication so a query can walk it newest first and stop early (content/search.ts).
 *
 * Only rows visible to readers are indexed (published or scheduled, no password): a draft, a
 * trashed or a password-protected story is never in the index, so no query can find it. A
 * scheduled story is in it from the start, keyed by its publication time, and queries stop at the
 * key of "now".
 *
 * - SQLite: a contentless FTS5 table (`search_fts`, with `contentless_delete`) whose rowid is the
 *   search key: the publication second times 2^21 plus the article id modulo 2^21, so rowid order
 *   is publication order and FTS5's `ORDER BY rowid DESC` reads the newest matches first. Columns
 *   headline, dek, body and `facets` (the section, `s<ID>`, the year, month and day,
 *   `y2024 m202405 d20240518`, and each of them within the section, `s3y2024`, for filters and
 *   ranges; see SQLITE_FACETS). `search_titles` holds the headlines, deks
 *   and facets alone under the same keys (cheap to read, for ranking common queries by where they
 *   match). `search_docs` maps a key back to its article.
 * - PostgreSQL: `search_docs` (one row per visible article: its time, section and weighted
 *   tsvector) with a GIN index on the tsvector and a b-tree on the time. A search walks the time
 *   index (common words) or reads the text index (rarer ones), whichever is cheaper
 *   (content/search-postgres.ts).
 *   `search_titles` holds each one's headline and dek as tsvectors of their own, small and in
 *   the row, for ranking by where a query matches (./search-index-postgres.ts).
 *
 * The text search configuration follows the site's language ({@link searchConfigFor}); it is
 * recorded in `search_meta` and changing it means `gazette search rebuild`.
 */
import { sql } from 'kysely';
import type { Dialect } from './connect.js';
import { type AnyDb, createPgSearchIndex, dropPgSearchIndex, fillPgSearchIndex } from './search-index-postgres.js';

/** 2^21: ids modulo this break ties inside one second; keys stay under 2^53 until the year 2106. */
export const KEY_SPREAD = 2_097_152;

/** The search key of an article published at `publishedAt` (ms) with `id`. */
export function searchKey(publishedAt: number, id: number): number {
  return Math.floor(publishedAt / 1000) * KEY_SPREAD + (id % KEY_SPREAD);
}

/** The largest key of anything published at or before `ms`. */
export function lastKeyAt(ms: number): number {
  return Math.floor(ms / 1000) * KEY_SPREAD + (KEY_SPREAD - 1);
}

/** The smallest key of anything published at or after `ms`. */
export function firstKeyAt(ms: number): number {
  return Math.ceil(ms / 1000) * KEY_SPREAD;
}

/** A month or day as period tokens write it: two digits. */
const two = (n: number) => String(n).padStart(2, '0');

/** The most period tokens a range names; a longer list is left out and the keys alone bound it. */
export const MAX_PERIOD_TOKENS = 128;

/**
 * The facet tokens (see SQLITE_FACETS) of the periods that together hold every key in
 * [lowKey, highKey], the widest that fit: whole years as `y2024`, whole months as `m202405`, days
 * at the ragged ends as `d20240518`. The keys still bound the range exactly; the tokens let FTS5
 * seek to it and stop after it. Null when that takes more than {@link MAX_PERIOD_TOKENS}.
 */
export function periodTokens(lowKey: number, highKey: number): string[] | null {
  const at = new Date(Math.floor(lowKey / KEY_SPREAD) * 1000);
  const high = new Date(Math.floor(highKey / KEY_SPREAD) * 1000);
  const end = Date.UTC(high.getUTCFullYear(), high.getUTCMonth(), high.getUTCDate());
  let y = at.getUTCFullYear();
  let m = at.getUTCMonth();
  let d = at.getUTCDate();
  const out: string[] = [];
  // Each step takes the widest period that starts here and ends by the last day.
  while (Date.UTC(y, m, d) <= end) {
    if (out.length === MAX_PERIOD_TOKENS) return null;
    if (d === 1 && m === 0 && Date.UTC(y, 11, 31) <= end) {
      out.push(`y${y}`);
      y++;
    } else if (d === 1 && Date.UTC(y, m + 1, 0) <= end) {
      out.push(`m${y}${two(m + 1)}`);
      [y, m] = m === 11 ? [y + 1, 0] : [y, m + 1];
    } else {
      out.push(`d${y}${two(m + 1)}${two(d)}`);
      const next = new Date(Date.UTC(y, m, d + 1));
      [y, m, d] = [next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate()];
    }
  }
  return out;
}

/** How many exact periods a window's reads take before a coarser cover is cheaper (see windowPeriods). */
const EXACT_WINDOW_PERIODS = 12;
/** The most periods of one size a coarse cover names; past that it takes the next size up. */
const COARSE_PERIODS = 6;

/**
 * Periods that hold every key in [lowKey, highKey], for reads that need only to stop near a range
 * (the keys bound it exactly): the exact periods when few, else the whole months that hold it, else
 * the whole years. FTS5 reads an OR of tokens at a cost that grows with their number: a search's
 * headline and dek reads over 38 exact periods took 2.2 ms at 100k stories, over two years 1.0 ms.
 * A coarse cover also reads the matches of at most one month or year beyond each end (after the
 * end only when a date filter ends it mid-period): less than many tokens, far less than none. Not
 * for a search's own window read, which would read the matches after its range before any in it.
 */
export function windowPeriods(lowKey: number, highKey: number): string[] | null {
  const exact = periodTokens(lowKey, highKey);
  if (exact && exact.length <= EXACT_WINDOW_PERIODS) return exact;
  const a = new Date(Math.floor(lowKey / KEY_SPREAD) * 1000);
  const b = new Date(Math.floor(highKey / KEY_SPREAD) * 1000);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
  const out: string[] = [];
  if (months <= COARSE_PERIODS) {
    for (let i = 0; i < months; i++) {
      const at = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + i, 1));
      out.push(`m${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}`);
    }
  } else for (let y = a.getUTCFullYear(); y <= b.getUTCFullYear(); y++) out.push(`y${y}`);
  return out.length <= MAX_PERIOD_TOKENS ? out : null;
}

/** PostgreSQL text search configurations by the site's language (its primary subtag). */
const PG_CONFIGS: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};
/** SQLite's English configuration: FTS5's porter stemmer over unicode61. */
const SQLITE_ENGLISH = 'porter unicode61 remove_diacritics 2';

/**
 * The text search configuration for a site language tag (`site.language`): PostgreSQL's stemmer
 * for that language (`simple` when it has none); SQLite's FTS5 has only an English stemmer
 * (porter), so other languages match whole words there, accents folded.
 */
export function searchConfigFor(dialect: Dialect, language: string): string {
  const primary = language.toLowerCase().split('-')[0];
  if (dialect === 'sqlite') return primary === 'en' ? SQLITE_ENGLISH : 'unicode61 remove_diacritics 2';
  return PG_CONFIGS[primary] ?? 'simple';
}

/** Whether `config` (from {@link searchConfigFor}) is English's, on either database. */
export const isEnglishConfig = (config: string): boolean => config === PG_CONFIGS.en || config === SQLITE_ENGLISH;

/**
 * What readers may see, apart from time: db/visibility.ts's publicRow for row `t` (as text, for
 * trigger bodies; search-index.test.ts checks the two say the same), with a publication time.
 */
export function publicRowText(t: string): string {
  return `${t}.status IN ('published', 'scheduled') AND ${t}.password IS NULL`;
}

/** Whether row `t` is in the index: what readers may see, with a publication time. */
export function indexed(t: string): string {
  return `${publicRowText(t)} AND ${t}.published_at IS NOT NULL`;
}

const SQLITE_KEY = (t: string) => `(${t}.published_at / 1000) * ${KEY_SPREAD} + (${t}.id % ${KEY_SPREAD})`;
/**
 * The facets of a story: its section (`s<ID>`) and its period, the year, month and day of its
 * publication in UTC (`y2024`, `m202405`, `d20240518`). A range of keys names the periods that
 * cover it (see {@link periodTokens}): FTS5 takes a rowid bound only as a filter, reading every
 * match before the range to reach it and every one after it to the end of the word's list, while
 * an AND with a period token seeks through that token's doclist index and ends with the period.
 *
 * And each period again within the section (`s3y2024 s3m202405 s3d20240518`): a search in a
 * section and a range reads one short list of the section's stories in those periods instead of
 * walking the section's list and the period's (every story of the year) side by side.
 */
const SQLITE_FACETS = (t: string) => {
  const at = `${t}.published_at / 1000, 'unixepoch'`;
  const s = `'s' || ${t}.section_id`;
  const within = `${s} || strftime('y%Y ', ${at}) || ${s} || strftime('m%Y%m ', ${at}) || ${s} || strftime('d%Y%m%d ', ${at})`;
  return `CASE WHEN ${t}.section_id IS NULL THEN '' ELSE ${s} || ' ' || ${within} END || strftime('y%Y m%Y%m d%Y%m%d', ${at})`;
};
/** The columns whose change can change what the index holds. */
const WATCHED = 'headline, dek, body_text, status, password, published_at, section_id';

/** Inserts `t` into both FTS tables when its key is its own in search_docs (a key taken by another story is skipped). */
const sqliteAdd = (t: string, when = 'true') => `
    INSERT OR IGNORE INTO search_docs(key, article_id) SELECT ${SQLITE_KEY(t)}, ${t}.id WHERE ${when};
    INSERT INTO search_fts(rowid, headline, dek, body, facets)
      SELECT ${SQLITE_KEY(t)}, ${t}.headline, ${t}.dek, ${t}.body_text, ${SQLITE_FACETS(t)}
      WHERE ${when} AND EXISTS (SELECT 1 FROM search_docs WHERE key = ${SQLITE_KEY(t)} AND article_id = ${t}.id);
    INSERT INTO search_titles(rowid, headline, dek, facets)
      SELECT ${SQLITE_KEY(t)}, ${t}.headline, ${t}.dek, ${SQLITE_FACETS(t)}
      WHERE ${when} AND EXISTS (SELECT 1 FROM search_docs WHERE key = ${SQLITE_KEY(t)} AND article_id = ${t}.id);`;
const sqliteRemove = (t: string) => `
    DELETE FROM search_fts WHERE rowid = (SELECT key FROM search_docs WHERE article_id = ${t}.id);
    DELETE FROM search_titles WHERE rowid = (SELECT key FROM search_docs WHERE article_id = ${t}.id);
    DELETE FROM search_docs WHERE article_id = ${t}.id;`;

function sqliteTriggers(): string[] {
  return [
    `CREATE TRIGGER search_ai AFTER INSERT ON articles WHEN ${indexed('new')} BEGIN ${sqliteAdd('new')} END`,
    `CREATE TRIGGER search_ad AFTER DELETE ON articles WHEN ${indexed('old')} BEGIN ${sqliteRemove('old')} END`,
    `CREATE TRIGGER search_au AFTER UPDATE OF ${WATCHED} ON articles BEGIN ${sqliteRemove('old')} ${sqliteAdd('new', indexed('new'))} END`,
  ];
}

/** SQLite: the small second table of headlines and deks alone, which ranks common queries by where they match cheaply. */
function sqliteTitlesTable(config: string) {
  return sql`CREATE VIRTUAL TABLE search_titles USING fts5(headline, dek, facets, content='', contentless_delete=1, tokenize=${sql.lit(config)})`;
}

export { sqliteTitlesTable, sqliteTriggers };

/** SQLite: fills search_titles from search_docs. */
export const SQLITE_FILL_TITLES = `INSERT INTO search_titles(rowid, headline, dek, facets)
  SELECT d.key, a.headline, a.dek, ${SQLITE_FACETS('a')} FROM search_docs d JOIN articles a ON a.id = d.article_id ORDER BY d.key`;

/** SQLite: fills the empty index from every visible article, in key order (FTS5 appends cheapest in rowid order). */
const SQLITE_FILL = [
  `INSERT OR IGNORE INTO search_docs(key, article_id) SELECT ${SQLITE_KEY('a')}, a.id FROM articles a WHERE ${indexed('a')}`,
  `INSERT INTO search_fts(rowid, headline, dek, body, facets)
     SELECT d.key, a.headline, a.dek, a.body_text, ${SQLITE_FACETS('a')} FROM search_docs d JOIN articles a ON a.id = d.article_id ORDER BY d.key`,
  SQLITE_FILL_TITLES,
];

/**
 * SQLite, synchronous (bulk imports on the raw handle, inside their transaction): empties the index
 * and fills it again from every visible article — after rows were inserted with the triggers dropped.
 */
export const SQLITE_REFILL: readonly string[] = [
  `DELETE FROM search_docs`,
  `INSERT INTO search_fts(search_fts) VALUES ('delete-all')`,
  `INSERT INTO search_titles(search_titles) VALUES ('delete-all')`,
  ...SQLITE_FILL,
];

/** Creates the index tables and triggers, empty, for configuration `config` (a known name: see searchConfigFor). */
export async function createSearchIndex(db: AnyDb, dialect: Dialect, config: string): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS search_meta (name text PRIMARY KEY, value text NOT NULL)`.execute(db);
  if (dialect === 'sqlite') {
    await sql`CREATE TABLE search_docs (key INTEGER PRIMARY KEY, article_id INTEGER NOT NULL UNIQUE)`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(headline, dek, body, facets, content='', contentless_delete=1, tokenize=${sql.lit(config)})`.execute(
      db,
    );
    await sqliteTitlesTable(config).execute(db);
    for (const t of sqliteTriggers()) await sql.raw(t).execute(db);
  } else await createPgSearchIndex(db, config, indexed('new'), WATCHED);
  await sql`INSERT INTO search_meta (name, value) VALUES ('config', ${config}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`.execute(db);
}

/** Drops the index (tables, triggers). */
export async function dropSearchIndex(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const t of ['search_ai', 'search_ad', 'search_au']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
    await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
    await sql`DROP TABLE IF EXISTS search_titles`.execute(db);
  } else await dropPgSearchIndex(db);
  await sql`DROP TABLE IF EXISTS search_docs`.execute(db);
}

/**
 * Fills the (empty) index from every visible article, oldest first: FTS5 appends in rowid order,
 * the cheapest way to build it. Used by the migration, `gazette search rebuild` and bulk imports.
 */
export async function fillSearchIndex(db: AnyDb, dialect: Dialect, step?: (what: string) => void): Promise<void> {
  if (dialect === 'sqlite') {
    for (const [i, statement] of SQLITE_FILL.entries()) {
      await sql.raw(statement).execute(db);
      step?.(['search_docs filled', 'search_fts filled', 'search_titles filled'][i]);
    }
    return;
  }
  await fillPgSearchIndex(db, (await indexConfig(db)) ?? 'english', indexed('a'));
}

/**
 * Empties and refills the index with configuration `config` (changing language, repairing);
 * `step` hears when each part is done (bench/bulk.ts times them).
 */
export async function rebuildSearchIndex(db: AnyDb, dialect: Dialect, config: string, step?: (what: string) => void): Promise<void> {
  await dropSearchIndex(db, dialect);
  await createSearchIndex(db, dialect, config);
  await fillSearchIndex(db, dialect, step);
  if (dialect === 'sqlite') {
    await sql`INSERT INTO search_fts(search_fts) VALUES ('optimize')`.execute(db);
    step?.('search_fts optimized');
    await sql`INSERT INTO search_titles(search_titles) VALUES ('optimize')`.execute(db);
    step?.('search_titles optimized');
  } else {
    step?.('search_docs filled');
    // The planner's statistics of the new rows, which choose how each search reads
    // (content/search-postgres.ts): without them every common word was read through the text
    // index until autovacuum came (at 300k, 18–22 cold article renders a search instead of 1).
    await sql`ANALYZE search_docs`.execute(db);
    await sql`ANALYZE search_titles`.execute(db);
    step?.('search_docs analyzed');
  }
}

/** The configuration the index was built with. */
export async function indexConfig(db: AnyDb): Promise<string | undefined> {
  const r = await sql<{ value: string }>`SELECT value FROM search_meta WHERE name = 'config'`.execute(db);
  return r.rows[0]?.value;
}

/** The SQLite trigger names (bulk imports drop them and fill the index once at the end). */
export const SQLITE_SEARCH_TRIGGERS = ['search_ai', 'search_ad', 'search_au'];
