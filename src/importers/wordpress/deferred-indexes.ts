/**
 * On SQLite, a large import drops the secondary indexes of the tables it fills, and the triggers
 * that keep the article search index in step, then builds them again once at the end: inserting
 * half a million comments into four indexes keyed by hash, email, status and article costs several
 * times more, row by row, than building each index once from sorted data.
 *
 * It all happens inside the import's one transaction (SQLite's DDL is transactional): a failed
 * import rolls the indexes back too, and the running site, reading the last committed state
 * through the WAL, never sees them missing. Unique indexes stay, since they both enforce
 * constraints and serve the importer's own look-ups (slugs, WordPress ids).
 *
 * PostgreSQL is left alone: DROP INDEX would lock readers out of the table for the whole import.
 */
import { SQLITE_REFILL, SQLITE_SEARCH_TRIGGERS } from '../../db/search-index.js';
import type { Deps } from '../../runtime/deps.js';

type Raw = NonNullable<Deps['db']['sqlite']>;

/** The tables an import fills in bulk. */
const TABLES = ['comments', 'articles', 'article_tags', 'article_authors'];
/** Deferring pays once the rows coming in are at least a third of those already there. */
const WORTH_IT = 1 / 3;

interface Dropped {
  name: string;
  sql: string;
}

/**
 * Drops what can be built again later when `expectedRows` is large next to the tables' size;
 * returns the function that builds it all back (run before commit), or null when nothing was dropped.
 */
export function deferIndexes(raw: Raw, expectedRows: number): (() => void) | null {
  const existing = TABLES.reduce((n, t) => n + Number(raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get()), 0);
  if (expectedRows < existing * WORTH_IT) return null;
  const list = TABLES.map(() => '?').join(', ');
  const indexes = raw
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${list}) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`)
    .all(...TABLES) as Dropped[];
  const triggers = raw
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles' AND name IN (${SQLITE_SEARCH_TRIGGERS.map(() => '?').join(', ')})`,
    )
    .all(...SQLITE_SEARCH_TRIGGERS) as Dropped[];
  for (const i of indexes) raw.exec(`DROP INDEX "${i.name}"`);
  for (const t of triggers) raw.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const i of indexes) raw.exec(i.sql);
    for (const t of triggers) raw.exec(t.sql);
    // The search index is filled again from every visible article, in publication order (db/search-index.ts).
    if (triggers.length) for (const statement of SQLITE_REFILL) raw.exec(statement);
  };
}
