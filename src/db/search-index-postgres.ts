/**
 * PostgreSQL's search index (./search-index.ts): `search_docs`, one row per visible article with
 * its time, section and weighted tsvector, and `search_titles`, its headline and dek as tsvectors
 * of their own.
 *
 * `search_titles` is what a search ranks by (content/search-postgres.ts): where the query matches,
 * all of it in the headline, in the dek, or in the body only, as SQLite ranks common queries. The
 * story's whole tsvector (3.6 KB on average, stored out of line) is then read once, to match it,
 * where ranking it with `ts_rank` read it a second time: about 5 µs a story of the window, the half
 * of a common word's database time. Its two small vectors (about 100 and 160 bytes) live in the row
 * and are reached by the article id.
 *
 * The text index is, where the `btree_gin` extension can be had (it ships with PostgreSQL and is
 * trusted: the database's owner may create it), one GIN index over the tsvector, the section and
 * the day (`search_docs_doc_day`), so one scan finds a word's matches in a section since a day
 * without visiting the others (content/search-postgres.ts, the `range` read). The day is indexed
 * as `published_at / DAY_MS` (UTC days since 1970): only a condition written so is read through
 * it, since a condition on the time itself would make GIN read one entry per story for an open
 * range such as "up to now". By the day rather than the time: a range of days is one entry per
 * day, each listing its stories, where a range of times was one entry per story (at 300k, 107,000
 * stories spanned for a phrase's candidates: 3 ms against 10). Where the extension cannot be had,
 * the index is over the tsvector alone (`search_docs_doc`).
 *
 * Beside it, the **pair index** (`search_docs_pairs_day`, else `search_docs_pairs`): a GIN index
 * over each story's pairs of adjacent words (`search_pairs(doc)`: "flood barrier" from "…the flood
 * barrier held…", as lexemes), so a two-word phrase is one entry, as search engines index word
 * pairs for phrases. PostgreSQL's text index keeps no positions, so without it a phrase is checked
 * on each candidate's whole tsvector (3.6 KB out of line: about 5 µs a story); with it, a two-word
 * phrase is read as a word is. It is made from the tsvector, so it holds what the phrase operator
 * `<->` matches (a word's positions past its 256th are in neither), of words up to
 * PAIR_WORD_BYTES long, before the last position (LAST_POSITION). At 300k stories: 2 min 30 s to build, 162 MB beside the text index's 110 MB.
 */
import { sql, type Kysely } from 'kysely';

/**
 * The text index's day: `published_at / DAY_MS`, written in a query with this constant inline (not
 * as a parameter), so the planner sees the index's own expression.
 */
export const DAY_MS = 86_400_000;

// biome-ignore lint/suspicious/noExplicitAny: runs in migrations too, before the schema type describes the tables
export type AnyDb = Kysely<any>;

const doc = (cfg: string, t: string) =>
  `setweight(to_tsvector('${cfg}', coalesce(${t}.headline, '')), 'A') || setweight(to_tsvector('${cfg}', coalesce(${t}.dek, '')), 'B') || setweight(to_tsvector('${cfg}', coalesce(${t}.body_text, '')), 'C')`;
const headline = (cfg: string, t: string) => `to_tsvector('${cfg}', coalesce(${t}.headline, ''))`;
const dek = (cfg: string, t: string) => `to_tsvector('${cfg}', coalesce(${t}.dek, ''))`;

function checkConfig(config: string): void {
  if (!/^[a-z_]+$/.test(config)) throw new Error(`not a text search configuration: ${config}`);
}

/** `search_titles`, empty: dropped with its story's row in search_docs. */
export async function createPgSearchTitles(db: AnyDb): Promise<void> {
  await sql`CREATE TABLE search_titles (
    article_id integer PRIMARY KEY REFERENCES search_docs(article_id) ON DELETE CASCADE,
    headline tsvector NOT NULL,
    dek tsvector NOT NULL)`.execute(db);
}

/**
 * The trigger function that keeps both tables in step with `articles`: `indexedNew` says whether
 * the new row is one readers may find.
 */
export async function createPgSearchSync(db: AnyDb, config: string, indexedNew: string): Promise<void> {
  checkConfig(config);
  await sql
    .raw(`CREATE OR REPLACE FUNCTION search_docs_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NOT (${indexedNew}) THEN
          DELETE FROM search_docs WHERE article_id = old.id;
        ELSIF ${indexedNew} THEN
          INSERT INTO search_docs (article_id, published_at, section_id, doc)
          VALUES (new.id, new.published_at, new.section_id, ${doc(config, 'new')})
          ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at, section_id = excluded.section_id, doc = excluded.doc;
          INSERT INTO search_titles (article_id, headline, dek)
          VALUES (new.id, ${headline(config, 'new')}, ${dek(config, 'new')})
          ON CONFLICT (article_id) DO UPDATE SET headline = excluded.headline, dek = excluded.dek;
        END IF;
        RETURN NULL;
      END $$`)
    .execute(db);
}

/** Both tables, their indexes and the trigger, empty. `watched`: the columns whose change can change the index. */
export async function createPgSearchIndex(db: AnyDb, config: string, indexedNew: string, watched: string): Promise<void> {
  checkConfig(config);
  await sql`CREATE TABLE search_docs (
    article_id integer PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    published_at bigint NOT NULL,
    section_id integer,
    doc tsvector NOT NULL)`.execute(db);
  await createPgTextIndex(db);
  await createPgPairIndex(db);
  await sql`CREATE INDEX search_docs_time ON search_docs (published_at, article_id)`.execute(db);
  await sql`CREATE INDEX search_docs_section ON search_docs (section_id, published_at, article_id)`.execute(db);
  await createPgSearchTitles(db);
  await createPgSearchSync(db, config, indexedNew);
  await sql.raw(`CREATE TRIGGER search_sync AFTER INSERT OR UPDATE OF ${watched} ON articles FOR EACH ROW EXECUTE FUNCTION search_docs_sync()`).execute(db);
}

/**
 * The extension the time-ordered text index needs, created when it is not yet and may be; false
 * where it cannot be had. A superuser may create it; since PostgreSQL 13 it is trusted, so anyone
 * who may create objects in the database may too.
 */
async function btreeGin(db: AnyDb): Promise<boolean> {
  const r = await sql<{ installed: boolean; available: boolean; allowed: boolean }>`SELECT
    EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') AS installed,
    EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin') AS available,
    (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      OR (current_setting('server_version_num')::int >= 130000 AND has_database_privilege(current_database(), 'CREATE')) AS allowed`.execute(db);
  const { installed, available, allowed } = r.rows[0];
  if (installed) return true;
  if (!available || !allowed) return false;
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
  return true;
}

/**
 * The text index (see above): over the tsvector, the section and the day where `btree_gin` can be
 * had, else over the tsvector alone; the others dropped (`search_docs_doc_time`, over the time, is
 * what migration 0021 made).
 */
export async function createPgTextIndex(db: AnyDb): Promise<void> {
  if (await btreeGin(db)) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS search_docs_doc_day ON search_docs USING gin (doc, section_id, (published_at / ${DAY_MS}))`).execute(db);
    await sql`DROP INDEX IF EXISTS search_docs_doc`.execute(db);
  } else await sql`CREATE INDEX IF NOT EXISTS search_docs_doc ON search_docs USING gin (doc)`.execute(db);
  await sql`DROP INDEX IF EXISTS search_docs_doc_time`.execute(db);
}

/**
 * The pair index (see above) and its function, where not yet made: over the pairs and the day
 * where `btree_gin` can be had, as the text index is, so a pair is read since a day as a word is,
 * else over the pairs alone. The day is written as an integer: written as the text index's
 * (`published_at / DAY_MS`), the planner read a common word's range through the pair index's day
 * and matched every story's tsvector in the heap ("minister": 42 ms instead of 8). The
 * function only reads its argument (IMMUTABLE, as an index needs) with pg_catalog's functions, so
 * it reads the same under any search_path. The planner's statistics of the pairs come with the
 * next ANALYZE of search_docs (the callers run it).
 */
export async function createPgPairIndex(db: AnyDb): Promise<void> {
  const word = `SELECT lexeme, unnest(positions) AS pos FROM unnest(doc) WHERE octet_length(lexeme) <= ${PAIR_WORD_BYTES}`;
  await sql
    .raw(`CREATE OR REPLACE FUNCTION search_pairs(doc tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), ''::tsvector)
      FROM (${word}) a JOIN (${word}) b ON b.pos = a.pos + 1 AND b.pos < ${LAST_POSITION}
    $$`)
    .execute(db);
  if (await btreeGin(db)) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${PAIRS_BY_DAY} ON search_docs USING gin (search_pairs(doc), ${PAIR_DAY_SQL()})`).execute(db);
    await sql.raw(`DROP INDEX IF EXISTS ${PAIRS}`).execute(db);
  } else await sql.raw(`CREATE INDEX IF NOT EXISTS ${PAIRS} ON search_docs USING gin (search_pairs(doc))`).execute(db);
}

/**
 * The longest word (lexeme, in bytes) the pair index pairs. A tsvector refuses a lexeme over 2,047
 * bytes and lexemes over 1 MB in all. A story's words stand at positions 1 to LAST_POSITION, one
 * word each (the configurations a site may choose stem each word to one lexeme), so it has at most
 * 16,381 pairs before the last, and pairs of words this long stay under both limits: no story,
 * however written, fails to be indexed. A phrase with a longer word is checked on its candidates
 * (content/search-postgres.ts).
 */
export const PAIR_WORD_BYTES = 30;
/**
 * A tsvector's last position, where PostgreSQL puts every word after it: a long story's tail would
 * pair the word before with each of them (18,100 different words made 1.1 MB of pairs), so words
 * there are not paired. A phrase that ends there in a story longer than 16,382 words is not found
 * through the pair index.
 */
const LAST_POSITION = 16_383;

/** The pair index's names: over the pairs and the day, and (without `btree_gin`) over the pairs alone. */
export const PAIRS_BY_DAY = 'search_docs_pairs_day';
export const PAIRS = 'search_docs_pairs';
/**
 * The pair index's day, of row `t` (none: the index's own column): the text index's day as an
 * integer, a different expression, so the planner reads only a pair's range through it (see
 * {@link createPgPairIndex}).
 */
export const PAIR_DAY_SQL = (t?: string) => `((${t ? `${t}.` : ''}published_at / ${DAY_MS})::integer)`;

/** The trigger, its function and `search_titles` (the caller drops `search_docs`). */
export async function dropPgSearchIndex(db: AnyDb): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS search_sync ON articles`.execute(db);
  await sql`DROP FUNCTION IF EXISTS search_docs_sync()`.execute(db);
  await sql`DROP TABLE IF EXISTS search_titles`.execute(db);
}

/** Fills `search_titles` from the stories in search_docs that it lacks. */
export async function fillPgSearchTitles(db: AnyDb, config: string): Promise<void> {
  checkConfig(config);
  await sql
    .raw(`INSERT INTO search_titles (article_id, headline, dek)
      SELECT a.id, ${headline(config, 'a')}, ${dek(config, 'a')} FROM search_docs d JOIN articles a ON a.id = d.article_id
      ON CONFLICT (article_id) DO NOTHING`)
    .execute(db);
}

/** Fills both tables from every article `indexedA` says readers may find (as row `a`). */
export async function fillPgSearchIndex(db: AnyDb, config: string, indexedA: string): Promise<void> {
  checkConfig(config);
  await sql
    .raw(`INSERT INTO search_docs (article_id, published_at, section_id, doc)
      SELECT a.id, a.published_at, a.section_id, ${doc(config, 'a')} FROM articles a WHERE ${indexedA}
      ON CONFLICT (article_id) DO NOTHING`)
    .execute(db);
  await fillPgSearchTitles(db, config);
}
