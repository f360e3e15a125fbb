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
 *   Delivery is asynchronous: a reader's next request can reach a worker before the notification
 *   does (measured here: 16% of first requests after a write; 1% even after waiting for the
 *   writer's own notification to come back). So every server process acknowledges each
 *   invalidation once applied (NOTIFY on a second channel), and a write returns only when every
 *   other server process listening on the database has acknowledged it, or after `FENCE_MS`.
 * - Redis (when REDIS_URL is set): published after commit too, for nodes that share a cache policy.
 * The writing process drops its own pages right after commit.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Connection } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { PageCache } from './page-cache.js';

const CHANNEL = 'gazette_invalidate';
/** How long invalidation rows are kept; a process idle for longer flushes everything. */
const KEEP_MS = 60 * 60 * 1000;

/** The longest a PostgreSQL write waits for the other server processes' acknowledgements. */
const FENCE_MS = 2000;
const ACK_CHANNEL = 'gazette_invalidated';
/** application_name of a listener whose process holds a page cache (a server worker). */
const CACHE_APP = 'gazette-cache';
const WRITER_APP = 'gazette-writer';

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
  private seq = 0;
  /** Own PostgreSQL writes awaiting the other server processes' acknowledgements, by token. */
  private readonly fences = new Map<string, { ack(pid: number): void; end(): void; done: Promise<void> }>();
  private listenerPid = 0;
  private listening?: Promise<void>;

  constructor(
    private readonly db: Connection,
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
      await this.listenPg(true);
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

  /**
   * Listens on a connection of its own. A server process (`holdsCache`) names that connection so
   * writers know whose acknowledgement to wait for; a one-shot CLI process listens only to hear
   * the acknowledgements of its own writes.
   */
  private listenPg(holdsCache = false): Promise<void> {
    this.listening ??= this.connectListener(holdsCache).catch((err: unknown) => {
      this.listening = undefined;
      throw err;
    });
    return this.listening;
  }

  private async connectListener(holdsCache: boolean): Promise<void> {
    const client = await this.db.pool!.connect();
    client.on('notification', (n) => {
      if (!n.payload) return;
      if (n.channel === ACK_CHANNEL) {
        // "<token> <listener pid>": one cache holder has applied our write.
        const sep = n.payload.indexOf(' ');
        this.fences.get(n.payload.slice(0, sep))?.ack(Number(n.payload.slice(sep + 1)));
        return;
      }
      if (n.channel !== CHANNEL) return;
      // "<origin>:<seq> tag tag…". Our own was applied at commit.
      const sep = n.payload.indexOf(' ');
      const token = n.payload.slice(0, sep);
      if (token.startsWith(this.origin + ':')) return;
      this.apply(n.payload.slice(sep + 1).split(' '));
      if (holdsCache) client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `${token} ${this.listenerPid}`]).catch(() => {});
    });
    client.on('error', () => {
      // The connection is gone: anything may have changed while we were deaf.
      this.pgClient = undefined;
      this.listening = undefined;
      for (const f of this.fences.values()) f.end();
      this.apply(['*']);
      setTimeout(() => this.listenPg(holdsCache).catch(() => {}), 1000).unref();
    });
    await client.query(`SET application_name = '${holdsCache ? CACHE_APP : WRITER_APP}'`);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    this.listenerPid = rows[0].pid;
    await client.query(`LISTEN ${CHANNEL}`);
    await client.query(`LISTEN ${ACK_CHANNEL}`);
    this.pgClient = client;
  }

  /**
   * Before a write: on PostgreSQL, makes sure this process listens, so the acknowledgements of
   * the write can come back (one-shot CLI processes start listening here).
   */
  async beforeWrite(): Promise<void> {
    if (this.db.pool && !this.pgClient) await this.listenPg();
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

  /**
   * Records `tags` as stale inside the write's transaction. On PostgreSQL it answers the token
   * of the notification, for {@link committed} to wait on.
   */
  async record(trx: Kysely<Database> | Transaction<Database>, tags: string[]): Promise<string | undefined> {
    if (!tags.length) return undefined;
    const joined = [...new Set(tags)].join(' ');
    if (this.db.dialect === 'sqlite') {
      await trx.insertInto('invalidations').values({ tags: joined, created_at: Date.now() }).execute();
      return undefined;
    }
    const token = `${this.origin}:${++this.seq}`;
    if (this.pgClient) {
      // Every other server process's listener must acknowledge. Armed before the commit: the
      // acknowledgements may come back before the commit's own answer.
      const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ${CACHE_APP} AND pid <> ${this.listenerPid}`.execute(trx);
      if (rows.length)
        this.arm(
          token,
          rows.map((r) => r.pid),
        );
    }
    await sql`SELECT pg_notify(${CHANNEL}, ${token + ' ' + joined})`.execute(trx);
    return token;
  }

  /**
   * After commit: drops this process's pages, tells Redis subscribers and, on PostgreSQL, waits
   * until every other server process has acknowledged `token` (at most `FENCE_MS`).
   */
  async committed(tags: string[], token?: string): Promise<void> {
    if (!tags.length) return;
    this.apply(tags);
    // SQLite's data_version does not move for our own commits; our rows are read again only
    // when another process writes, which drops nothing that is still fresh.
    this.redisPub?.publish(CHANNEL, `${this.origin} ${[...new Set(tags)].join(' ')}`).catch(() => {});
    if (token) await this.fences.get(token)?.done;
  }

  /** The write of `token` rolled back: nothing will come back to wait for. */
  disarm(token: string | undefined): void {
    if (token) this.fences.get(token)?.end();
  }

  private arm(token: string, pids: number[]): void {
    const waiting = new Set(pids);
    let end!: () => void;
    const done = new Promise<void>((resolve) => {
      end = () => {
        clearTimeout(timer);
        this.fences.delete(token);
        resolve();
      };
    });
    // A process that died or hangs must not hold writes for long: it is at most this late.
    const timer = setTimeout(end, FENCE_MS);
    this.fences.set(token, {
      ack(pid) {
        if (waiting.delete(pid) && !waiting.size) end();
      },
      end,
      done,
    });
  }

  private apply(tags: string[]): void {
    this.cache.invalidate(tags);
    for (const fn of this.listeners) fn(tags);
  }

  /** Deletes invalidation rows older than an hour. */
  async prune(now = Date.now()): Promise<void> {
    if (this.db.dialect !== 'sqlite') return;
    await this.db.kysely
      .deleteFrom('invalidations')
      .where('created_at', '<', now - KEEP_MS)
      .execute();
  }

  async stop(): Promise<void> {
    for (const f of this.fences.values()) f.end();
    this.pgClient?.release(true);
    this.redisSub?.disconnect();
    this.redisPub?.disconnect();
  }
}
