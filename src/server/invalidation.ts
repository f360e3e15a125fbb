/**
 * Page-cache invalidation across processes and nodes.
 *
 * A write names the tags it makes stale inside its own transaction, so the record commits or rolls
 * back with the change:
 * - SQLite: a row in `invalidations`. Every process checks `PRAGMA data_version` (a counter that moves
 *   when another connection commits, about a microsecond to read) before it answers a request, and
 *   reads the new rows only when it moved. The CLI, another worker, anything writing the file is seen
 *   at the next request.
 * - PostgreSQL: `pg_notify` in the transaction, delivered on commit to every LISTENing process.
 * - Redis (when REDIS_URL is set): published after commit too, for nodes that share a cache policy.
 * The writing process drops its own pages right after commit.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { PageCache } from './page-cache.js';

const CHANNEL = 'gazette_invalidate';
/** How long invalidation rows are kept; a process idle for longer flushes everything. */
const KEEP_MS = 60 * 60 * 1000;

type Listener = (tags: string[]) => void;

export class InvalidationBus {
  private lastId = 0;
  private lastVersion = -1;
  private versionStmt?: { get(): unknown };
  private rowsStmt?: { all(id: number): unknown[] };
  private readonly listeners: Listener[] = [];
  private pgClient?: import('pg').PoolClient;
  private redisSub?: Redis;
  private redisPub?: Redis;
  private polledThisTurn = false;
  private readonly endTurn = () => {
    this.polledThisTurn = false;
  };
  private readonly origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly db: Db,
    readonly cache: PageCache,
  ) {}

  /** Starts listening. Call once at boot. */
  async start(redisUrl?: string): Promise<void> {
    if (this.db.sqlite) {
      const raw = this.db.sqlite;
      const v = raw.prepare('PRAGMA data_version').pluck();
      this.versionStmt = v;
      this.lastVersion = v.get() as number;
      this.rowsStmt = raw.prepare('SELECT id, tags FROM invalidations WHERE id > ? ORDER BY id') as never;
      const max = raw.prepare('SELECT coalesce(max(id), 0) FROM invalidations').pluck().get() as number;
      this.lastId = max;
    } else if (this.db.pool) {
      await this.listenPg();
    }
    if (redisUrl) {
      const { Redis } = await import('ioredis');
      this.redisPub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
      this.redisSub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
      this.redisPub.on('error', () => {});
      this.redisSub.on('error', () => {});
      await this.redisSub.subscribe(CHANNEL);
      this.redisSub.on('message', (_ch, msg: string) => {
        const sep = msg.indexOf(' ');
        if (msg.slice(0, sep) === this.origin) return;
        this.apply(msg.slice(sep + 1).split(' '));
      });
    }
  }

  private async listenPg(): Promise<void> {
    const client = await this.db.pool!.connect();
    this.pgClient = client;
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.apply(n.payload.split(' '));
    });
    client.on('error', () => {
      // The connection is gone: anything may have changed while we were deaf.
      this.pgClient = undefined;
      this.apply(['*']);
      setTimeout(() => this.listenPg().catch(() => {}), 1000).unref();
    });
    await client.query(`LISTEN ${CHANNEL}`);
  }

  /** Registers a callback for every invalidation seen (own or another process's). */
  onInvalidate(fn: Listener): void {
    this.listeners.push(fn);
  }

  /**
   * Synchronous check before answering a request: picks up other processes' SQLite writes.
   * Cheap enough for the hot path (one prepared pragma).
   */
  poll(): void {
    const stmt = this.versionStmt;
    if (!stmt || this.polledThisTurn) return;
    // Requests that arrive in the same event-loop turn share one check (microseconds apart).
    this.polledThisTurn = true;
    setImmediate(this.endTurn);
    const version = stmt.get() as number;
    if (version === this.lastVersion) return;
    this.lastVersion = version;
    const rows = this.rowsStmt!.all(this.lastId) as { id: number; tags: string }[];
    if (!rows.length) return;
    const tags: string[] = [];
    if (this.lastId && rows[0].id > this.lastId + 1 && this.oldestKeptAfter(this.lastId)) tags.push('*');
    for (const r of rows) {
      for (const t of r.tags.split(' ')) tags.push(t);
      this.lastId = r.id;
    }
    this.apply(tags);
  }

  private oldestKeptAfter(id: number): boolean {
    // A gap after our last row means rows we never read were pruned.
    const min = this.db.sqlite!.prepare('SELECT min(id) FROM invalidations').pluck().get() as number | null;
    return min !== null && min > id + 1;
  }

  /** Records `tags` as stale inside the write's transaction. */
  async record(trx: Kysely<Database> | Transaction<Database>, tags: string[]): Promise<void> {
    if (!tags.length) return;
    const joined = [...new Set(tags)].join(' ');
    if (this.db.dialect === 'sqlite') {
      await trx.insertInto('invalidations').values({ tags: joined, created_at: Date.now() }).execute();
    } else {
      await sql`SELECT pg_notify(${CHANNEL}, ${joined})`.execute(trx);
    }
  }

  /** After commit: drops this process's pages and tells Redis subscribers. */
  committed(tags: string[]): void {
    if (!tags.length) return;
    this.apply(tags);
    // SQLite's data_version does not move for our own commits; our rows are read again only
    // when another process writes, which drops nothing that is still fresh.
    this.redisPub?.publish(CHANNEL, `${this.origin} ${[...new Set(tags)].join(' ')}`).catch(() => {});
  }

  private apply(tags: string[]): void {
    this.cache.invalidate(tags);
    for (const fn of this.listeners) fn(tags);
  }

  /** Deletes invalidation rows older than an hour. */
  async prune(now = Date.now()): Promise<void> {
    if (this.db.dialect !== 'sqlite') return;
    await this.db.kysely.deleteFrom('invalidations').where('created_at', '<', now - KEEP_MS).execute();
  }

  async stop(): Promise<void> {
    this.pgClient?.release(true);
    this.redisSub?.disconnect();
    this.redisPub?.disconnect();
  }
}
