/**
 * `gazette backup FILE`: a consistent copy taken while the site keeps serving.
 * - SQLite: SQLite's online backup API (better-sqlite3's `.backup()`), page by page, between the
 *   site's own writes; the result is a SQLite database file, restorable to either dialect.
 * - PostgreSQL: one REPEATABLE READ, READ ONLY snapshot of every table, written in the JSON site
 *   format (pg_dump is not used: its version must match the server's, and it may be absent).
 * Media files under DATA_DIR/media are not inside the database: copy that folder alongside.
 */
import type { Deps } from '../runtime/deps.js';
import { dumpSite } from './dump/dump.js';

export async function backupSite(deps: Deps, file: string): Promise<{ kind: 'sqlite' | 'json' }> {
  if (deps.db.sqlite) {
    await deps.db.sqlite.backup(file);
    return { kind: 'sqlite' };
  }
  await dumpSite(deps, file, { includeSecret: true });
  return { kind: 'json' };
}
