/**
 * Page-cache invalidation across processes and nodes.
 *
 * A write names the tags it makes stale inside its own transaction, so the record commits or rolls
 * back with the change, and the writing process drops its own pages right after commit. The others
 * hear of it by the database's own means:
 * - SQLite: a row in `invalidations`, noticed before the next request (./invalidation-sqlite.ts).
 * - PostgreSQL: `pg_notify`, acknowledged by every server process before the write returns
 *   (./invalidation-pg.ts).
 * - Redis (when REDIS_URL is set): published after commit too, for nodes that share a cache policy
 *   (./invalidation-redis.ts).
 *
 * A lost connection (the database or Redis restarting) never ends the process and never empties
 * the cache by itself: pages already rendered keep being served, stale if need be, while the
 * listener tries again with backoff. Once it listens again, every cached page is dropped, because
 * invalidations sent meanwhile were not heard.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Connection } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { PageCache } from './page-cache.js';
import { type BusObserver, quiet } from './bus-observer.js';
import { PgListener } from './invalidation-pg.js';
import { RedisRelay } from './invalidation-redis.js';
import { pruneSqlite, recordSqlite, SqliteFeed } from './invalidation-sqlite.js';

type Listener = (tags: string[]) => void;

/** How the bus hears other processes, for /healthz. */
export interface BusState {
  /** PostgreSQL LISTEN session: `listening`, `reconnecting` (lost, trying again), or `none` (SQLite). */
  listener: 'listening' | 'reconnecting' | 'none';
  /** Redis subscription when REDIS_URL is set. */
  redis?: 'ready' | 'reconnecting';
  /** Server processes left out of the acknowledgement fence until they answer again. */
  silent: number[];
}

export class InvalidationBus {
  private readonly listeners: Listener[] = [];
  /** Prefix of this process's notifications and messages, so it can skip its own. */
  private readonly origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly pg?: PgListener;
  private sqlite?: SqliteFeed;
  private redis?: RedisRelay;
  private readonly apply = (tags: string[], at?: number): void => {
    this.cache.invalidate(tags, at);
    for (const fn of this.listeners) fn(tags);
  };

  constructor(
    private readonly db: Connection,
    readonly cache: PageCache,
    private readonly observer: BusObserver = quiet,
  ) {
    if (db.newClient) this.pg = new PgListener(db.newClient, db.kysely, this.origin, this.apply, observer);
  }

  /** Starts listening. Call once at boot (a server process; a one-shot command does not). */
  async start(redisUrl?: string): Promise<void> {
    if (this.db.sqlite) this.sqlite = new SqliteFeed(this.db.sqlite, this.apply, this.observer);
    else await this.pg?.serve();
    if (redisUrl) this.redis = await RedisRelay.start(redisUrl, this.origin, this.apply, this.observer);
  }

  /** How this process hears the others (for /healthz). */
  state(): BusState {
    return {
      listener: this.pg?.state ?? 'none',
      redis: this.redis?.state,
      silent: this.pg?.silent ?? [],
    };
  }

  /** Before a write: on PostgreSQL, makes sure the acknowledgements of the write can be waited for (when `acknowledged`). */
  async beforeWrite(acknowledged = true): Promise<void> {
    await this.pg?.beforeWrite(acknowledged);
  }

  /** Registers a callback for every invalidation seen (own or another process's). */
  onInvalidate(fn: Listener): void {
    this.listeners.push(fn);
  }

  /** Synchronous check before answering a request: picks up other processes' SQLite writes. */
  poll(): void {
    this.sqlite?.poll();
  }

  /**
   * Records `tags` as stale inside the write's transaction. On PostgreSQL it answers the token
   * of the notification, for {@link committed} to wait on when `acknowledged`.
   */
  async record(trx: Kysely<Database> | Transaction<Database>, tags: string[], acknowledged = true): Promise<string | undefined> {
    if (!tags.length) return undefined;
    const joined = [...new Set(tags)].join(' ');
    if (!this.pg) return void (await recordSqlite(trx, joined));
    return this.pg.record(trx, joined, acknowledged);
  }

  /**
   * After commit: drops this process's pages, tells Redis subscribers and, on PostgreSQL, waits
   * until every other server process has acknowledged `token`.
   */
  async committed(tags: string[], token?: string): Promise<void> {
    if (!tags.length) return;
    this.apply(tags);
    // SQLite's data_version does not move for our own commits; our rows are read again only
    // when another process writes, which drops nothing that is still fresh.
    this.redis?.publish([...new Set(tags)].join(' '), (err) => this.observer.connectionError('redis', err));
    if (token) await this.pg?.done(token);
  }

  /** The write of `token` rolled back: nothing will come back to wait for. */
  disarm(token: string | undefined): void {
    if (token) this.pg?.disarm(token);
  }

  /** Deletes invalidation rows older than an hour (SQLite; PostgreSQL keeps none). */
  async prune(now = Date.now()): Promise<void> {
    if (this.db.dialect === 'sqlite') await pruneSqlite(this.db.kysely, now);
  }

  async stop(): Promise<void> {
    await this.pg?.stop();
    this.redis?.stop();
  }
}
