/**
 * The one database seam: a Kysely instance over better-sqlite3 (default) or pg.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { fewerRoundTrips } from './pg-round-trips.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle, for the few synchronous checks on the hot path (see page cache). */
  sqlite?: SQLite.Database;
  /** The pg pool (queries go through {@link Connection.kysely}, which takes its connections from here). */
  pool?: pg.Pool;
  /** A new PostgreSQL connection outside the pool, for a LISTEN session that lives as long as it can. */
  newClient?(): pg.Client;
  /** Whether the last attempt to reach the database worked (always true on SQLite). */
  readonly availability: Availability;
  close(): Promise<void>;
}

/** Told about every broken connection: `source` says whose (`pool`, `listener`…). */
export type ConnectionErrorHandler = (source: string, err: Error) => void;

export interface ConnectOptions {
  onConnectionError?: ConnectionErrorHandler;
}

/** The database is out of reach (down, restarting, refusing connections): answer 503, try again later. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'GAZ_ERR_DATABASE_UNAVAILABLE';
  readonly statusCode = 503;
  constructor(cause?: unknown) {
    super('The database is unavailable for a moment.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

// Socket errors, and the SQLSTATE classes that mean "not reachable now": 08 (connection
// exception), 57P01–57P03 (shut down, crashed, starting up), 53300 (too many connections).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const LOST =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Connection ended|the database system is (?:starting up|shutting down)/;

/** Whether `err` (or its cause) says the database could not be reached, rather than that a query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')) return true;
    if (LOST.test((e as { message?: unknown }).message as string)) return true;
  }
  return false;
}

/**
 * Reachability of the database, and the backoff between attempts while it is away: after a
 * failed connection, queries fail at once (503) until the next attempt is due, so a database
 * that is restarting is not hammered by every request, and readers get their answer at once.
 */
export class Availability {
  up = true;
  /** When the database was last found out of reach (0: never). */
  downSince = 0;
  lastError = '';
  private nextAttempt = 0;
  private delay = 0;

  /** Throws {@link DatabaseUnavailableError} while waiting out the backoff. */
  gate(): void {
    if (!this.up && Date.now() < this.nextAttempt) throw new DatabaseUnavailableError(this.lastError);
  }

  failed(err: Error): void {
    if (this.up) this.downSince = Date.now();
    this.up = false;
    this.lastError = err.message;
    // 100 ms, doubling to 2 s: short enough that a database back from a restart is found quickly.
    this.delay = Math.min(this.delay ? this.delay * 2 : 100, 2000);
    this.nextAttempt = Date.now() + this.delay;
  }

  succeeded(): void {
    this.up = true;
    this.delay = 0;
    this.nextAttempt = 0;
  }
}

// int8 (count(*), bigint columns) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * How long a PostgreSQL connection may sit idle in the pool before it is closed: ten minutes, not
 * pg's 10 s. A burst (readers, a stream of comments) opens connections that the next burst needs
 * again, and a new one costs a backend's start and each statement's first plans (20 ms for the
 * comment batch's read). Closed after 10 s, the connections a burst of /healthz had opened went
 * while comments poured in at 1,000 a second, and their closing showed in the comments' tail (p99
 * 185 ms, where kept: 42-43 ms). The pool holds at most its `max` either way.
 */
const IDLE_MS = 10 * 60_000;

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
 * SQLite transactions declared `read write` (Deps.write) take the write lock when they begin
 * (BEGIN IMMEDIATE). A deferred one that reads and then writes fails at once with SQLITE_BUSY,
 * busy_timeout or not, when another connection committed in between (a CLI command beside a busy
 * server, two workers); an immediate one waits its turn as busy_timeout allows. Other
 * transactions (a read snapshot) stay deferred and never hold writers up.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === 'read write') await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    else await super.beginTransaction(connection);
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
export function connect(url: string, opts: ConnectOptions = {}): Connection {
  const availability = new Availability();
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
      availability,
      async close() {
        await kysely.destroy();
      },
    };
  }
  const onError = opts.onConnectionError ?? (() => {});
  // Connecting fails fast when nothing listens; a server that accepts but never answers costs 5 s.
  const config: pg.ClientConfig = { connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true };
  const pool = new pg.Pool({ ...config, max: 10, idleTimeoutMillis: IDLE_MS });
  // A connection that breaks emits 'error' on its client: the pool listens while the client is
  // idle, nobody while it is checked out (Kysely holds one for each query and transaction), and an
  // 'error' without a listener ends the process. So every client gets a listener of its own for
  // its whole life; the query it was running fails on its own, and the pool drops it when released.
  pool.on('connect', (client) => {
    fewerRoundTrips(client);
    client.on('error', (err) => {
      availability.failed(err);
      onError('pool', err);
    });
  });
  pool.on('error', (err) => {
    availability.failed(err);
    onError('pool-idle', err);
  });
  // Kysely takes its connections through this gate: no attempt while the backoff runs.
  const gated = {
    async connect() {
      availability.gate();
      try {
        const client = await pool.connect();
        availability.succeeded();
        return client;
      } catch (err) {
        if (isDatabaseUnavailable(err)) availability.failed(err as Error);
        throw isDatabaseUnavailable(err) ? new DatabaseUnavailableError(err) : err;
      }
    },
    end: () => pool.end(),
  };
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: gated }) });
  return {
    kysely,
    dialect: 'postgres',
    pool,
    newClient: () => new pg.Client(config),
    availability,
    async close() {
      await kysely.destroy();
    },
  };
}
