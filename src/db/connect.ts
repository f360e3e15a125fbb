/**
 * The one database seam: a Kysely instance over better-sqlite3 (default) or pg.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle, for the few synchronous checks on the hot path (see page cache). */
  sqlite?: SQLite.Database;
  /** The pg pool, for LISTEN/NOTIFY. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// int8 (count(*), bigint columns) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** How many distinct SQL texts keep their prepared statement (queries with IN lists vary). */
const STATEMENT_CACHE = 1000;

/**
 * Kysely's SQLite driver prepares every query afresh; preparing costs more than running most of
 * ours. The same SQL text reuses its statement (one connection runs one query at a time; a
 * statement still being iterated is never shared).
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        if (cache.size >= STATEMENT_CACHE) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE). A deferred one
 * that reads and then writes fails at once with SQLITE_BUSY, busy_timeout or not, when another
 * process committed in between (a CLI command beside a busy server, two workers); an immediate
 * one waits its turn as busy_timeout allows.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** Opens the database named by `url` (`sqlite:/path/to.db` or `postgres://…`). */
export function connect(url: string): Connection {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: an acknowledged write survives power loss as well as a process crash.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -32000');
    const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      kysely,
      dialect: 'sqlite',
      sqlite,
      async close() {
        await kysely.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    pool,
    async close() {
      await kysely.destroy();
    },
  };
}
