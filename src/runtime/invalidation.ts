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
 *   other server process listening on the database has acknowledged it, or after `FENCE_MS`;
 *   a process that misses one is left out until it answers again (./ack-fence.ts).
 * - Redis (when REDIS_URL is set): published after commit too, for nodes that share a cache policy.
 * The writing process drops its own pages right after commit.
 *
 * A lost connection (the database or Redis restarting) never ends the process and never empties
 * the cache by itself: pages already rendered keep being served, stale if need be, while the
 * listener tries again with backoff. Once it listens again, every cached page is dropped, because
 * invalidations sent meanwhile were not heard.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Connection } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { PageCache } from './page-cache.js';
import { AckFence } from './ack-fence.js';

const CHANNEL = 'gazette_invalidate';
/** How long invalidation rows are kept; a process idle for longer flushes everything. */
const KEEP_MS = 60 * 60 * 1000;

/** The longest a PostgreSQL write waits for the other server processes' acknowledgements. */
const FENCE_MS = 2000;
const ACK_CHANNEL = 'gazette_invalidated';
/** application_name of a listener whose process holds a page cache (a server worker). */
const CACHE_APP = 'gazette-cache';
const WRITER_APP = 'gazette-writer';
/** How long the list of listening server processes is trusted before a write reads it again. */
const MEMBERS_MS = 5000;
/** Backoff between attempts to listen again: from the first, doubling up to the last. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5000;

type Listener = (tags: string[]) => void;

/** Where the bus reports what goes wrong with its connections (server: the log and /metrics). */
export interface BusObserver {
  connectionError(source: string, err: Error): void;
  notice(message: string, fields?: Record<string, unknown>): void;
}

const quiet: BusObserver = { connectionError() {}, notice() {} };

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
  private lastId = 0;
  private lastVersion = -1;
  private versionStmt?: { get(): unknown };
  private rowsStmt?: { all(id: number): unknown[] };
  private readonly listeners: Listener[] = [];
  private pgListener?: { client: pg.Client; pid: number };
  private redisSub?: Redis;
  private redisPub?: Redis;
  private polledThisTurn = false;
  private readonly endTurn = () => {
    this.polledThisTurn = false;
  };
  private readonly origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private seq = 0;
  /** Own PostgreSQL writes awaiting the other server processes' acknowledgements. */
  private readonly fence: AckFence;
  private listening?: Promise<void>;
  /** A server process (it holds a page cache, acknowledges, and listens again when cut off). */
  private holdsCache = false;
  private stopped = false;
  /** The listener was lost: invalidations may have been missed until it listens again. */
  private pgDeaf = false;
  private redisDeaf = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelay = 0;
  /** The other server processes listening on the database, by backend pid, and when that was read. */
  private members: number[] = [];
  private membersAt = 0;

  constructor(
    private readonly db: Connection,
    readonly cache: PageCache,
    private readonly observer: BusObserver = quiet,
  ) {
    this.fence = new AckFence(FENCE_MS, (pid, silent) =>
      observer.notice(silent ? 'a server process missed an acknowledgement: writes no longer wait for it' : 'a silent server process answers again', {
        pid,
      }),
    );
  }

  /** Starts listening. Call once at boot. */
  async start(redisUrl?: string): Promise<void> {
    if (this.db.sqlite) {
      const raw = this.db.sqlite;
      const v = raw.prepare('PRAGMA data_version').pluck();
      this.versionStmt = v;
      this.lastVersion = v.get() as number;
      this.rowsStmt = raw.prepare('SELECT id, tags, created_at FROM invalidations WHERE id > ? ORDER BY id') as never;
      const max = raw.prepare('SELECT coalesce(max(id), 0) FROM invalidations').pluck().get() as number;
      this.lastId = max;
    } else if (this.db.newClient) {
      this.holdsCache = true;
      await this.listenPg();
    }
    if (redisUrl) await this.startRedis(redisUrl);
  }

  /**
   * Redis: ioredis reconnects by itself (with backoff); the subscription is made again on every
   * connection, and after a lost one the page cache is dropped (publishes may have been missed).
   */
  private async startRedis(url: string): Promise<void> {
    const { Redis } = await import('ioredis');
    const options = { maxRetriesPerRequest: 2, autoResubscribe: false, retryStrategy: (times: number) => Math.min(times * 200, RECONNECT_MAX_MS) };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    this.redisPub = pub;
    this.redisSub = sub;
    pub.on('error', (err: Error) => this.observer.connectionError('redis', err));
    sub.on('error', (err: Error) => this.observer.connectionError('redis-subscriber', err));
    sub.on('close', () => {
      if (!this.stopped) this.redisDeaf = true;
    });
    sub.on('message', (_ch, msg: string) => {
      const sep = msg.indexOf(' ');
      if (msg.slice(0, sep) === this.origin) return;
      this.apply(msg.slice(sep + 1).split(' '));
    });
    const first = new Promise<void>((resolve) => {
      sub.on('ready', () => {
        sub.subscribe(CHANNEL).then(
          () => {
            if (this.redisDeaf) {
              this.redisDeaf = false;
              this.observer.notice('subscribed to Redis again: dropped every cached page (invalidations may have been missed)');
              this.apply(['*']);
            }
            resolve();
          },
          (err: Error) => this.observer.connectionError('redis-subscriber', err),
        );
      });
      // Redis away at boot: serve anyway; the subscription is made when it answers.
      sub.once('error', () => resolve());
    });
    await first;
  }

  /**
   * Listens on a connection of its own, outside the pool. A server process (`holdsCache`) names
   * that connection so writers know whose acknowledgement to wait for; a one-shot CLI process
   * listens only to hear the acknowledgements of its own writes.
   */
  private listenPg(): Promise<void> {
    this.listening ??= this.connectListener().finally(() => {
      this.listening = undefined;
    });
    return this.listening;
  }

  private async connectListener(): Promise<void> {
    const client = this.db.newClient!();
    let lost = false;
    // A broken connection is an event: this client is dropped (never queried again) and, in a
    // server process, a new one is tried after a backoff.
    const onLost = (err: Error) => {
      if (lost) return;
      lost = true;
      client.end().catch(() => {});
      if (this.pgListener?.client !== client) return;
      this.pgListener = undefined;
      // Acknowledgements cannot reach us now: our writes stop waiting for them.
      this.fence.endAll();
      if (this.stopped) return;
      this.observer.connectionError('listener', err);
      this.pgDeaf = true;
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the listening connection ended')));
    client.on('notification', (n) => this.notified(client, n));
    try {
      await client.connect();
      await client.query(`SET application_name = '${this.holdsCache ? CACHE_APP : WRITER_APP}'; LISTEN ${CHANNEL}; LISTEN ${ACK_CHANNEL}`);
    } catch (err) {
      lost = true;
      client.end().catch(() => {});
      throw err;
    }
    // The backend pid came with the connection (BackendKeyData): no query needed.
    const pid = (client as unknown as { processID?: number }).processID ?? 0;
    this.pgListener = { client, pid };
    this.membersAt = 0;
    if (this.holdsCache) {
      // Tell the writers on other processes to wait for us from now on.
      client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `hello ${pid}`]).catch((e: Error) => this.observer.connectionError('listener', e));
    }
    if (this.pgDeaf) {
      // Whatever changed while we could not hear it: every cached page goes.
      this.pgDeaf = false;
      this.observer.notice('listening for invalidations again: dropped every cached page (some may have been missed)');
      this.apply(['*']);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectDelay = Math.min(this.reconnectDelay ? this.reconnectDelay * 2 : RECONNECT_FIRST_MS, RECONNECT_MAX_MS);
    // Jitter, so the nodes of a site do not all knock at the same instant.
    const delay = this.reconnectDelay * (0.5 + Math.random() / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listenPg().then(
        () => {
          this.reconnectDelay = 0;
        },
        (err: Error) => {
          this.observer.connectionError('listener', err);
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private notified(client: pg.Client, n: pg.Notification): void {
    if (!n.payload) return;
    const sep = n.payload.indexOf(' ');
    if (n.channel === ACK_CHANNEL) {
      const head = n.payload.slice(0, sep);
      const pid = Number(n.payload.slice(sep + 1));
      if (head === 'bye') {
        this.members = this.members.filter((p) => p !== pid);
        return;
      }
      if (head === 'hello') {
        // A server process (re)joined: wait for it from the next write on.
        if (pid !== this.pgListener?.pid && !this.members.includes(pid)) this.members.push(pid);
        this.membersAt = 0;
        return;
      }
      // "<token> <listener pid>": one cache holder has applied a write.
      this.fence.ack(head, pid);
      return;
    }
    if (n.channel !== CHANNEL) return;
    // "<origin>:<seq> tag tag…". Our own was applied at commit.
    const token = n.payload.slice(0, sep);
    if (token.startsWith(this.origin + ':')) return;
    this.apply(n.payload.slice(sep + 1).split(' '));
    if (this.holdsCache && this.pgListener?.client === client) {
      client
        .query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `${token} ${this.pgListener.pid}`])
        .catch((err: Error) => this.observer.connectionError('listener', err));
    }
  }

  /** How this process hears the others (for /healthz). */
  state(): BusState {
    return {
      listener: this.db.dialect === 'sqlite' ? 'none' : this.pgListener ? 'listening' : 'reconnecting',
      redis: this.redisSub ? (this.redisSub.status === 'ready' && !this.redisDeaf ? 'ready' : 'reconnecting') : undefined,
      silent: [...this.fence.silent],
    };
  }

  /**
   * Before a write on PostgreSQL: a one-shot CLI process starts listening, so the acknowledgements
   * of its write can come back; the list of server processes to wait for is read when old. A
   * server process whose listener is lost writes without waiting (no acknowledgement could reach it).
   */
  async beforeWrite(): Promise<void> {
    if (!this.db.newClient) return;
    if (!this.holdsCache && !this.pgListener) await this.listenPg();
    if (this.pgListener && Date.now() - this.membersAt > MEMBERS_MS) await this.readMembers();
  }

  private membersRead?: Promise<void>;

  private readMembers(): Promise<void> {
    this.membersRead ??= (async () => {
      const own = this.pgListener?.pid ?? 0;
      const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ${CACHE_APP} AND pid <> ${own}`.execute(this.db.kysely);
      this.members = rows.map((r) => r.pid);
      this.membersAt = Date.now();
    })().finally(() => {
      this.membersRead = undefined;
    });
    return this.membersRead;
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
    const rows = this.rowsStmt!.all(this.lastId) as { id: number; tags: string; created_at: number }[];
    if (!rows.length) return;
    const tags: string[] = [];
    if (this.lastId && rows[0].id > this.lastId + 1 && this.oldestKeptAfter(this.lastId)) tags.push('*');
    for (const r of rows) {
      for (const t of r.tags.split(' ')) tags.push(t);
      this.lastId = r.id;
    }
    // Stale since it was written, not since this process first had a request to notice it.
    this.apply(tags, rows[0].created_at);
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
    // Every other server process's listener must acknowledge. Armed before the commit: the
    // acknowledgements may come back before the commit's own answer.
    if (this.pgListener) this.fence.arm(token, this.members);
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
    this.redisPub?.publish(CHANNEL, `${this.origin} ${[...new Set(tags)].join(' ')}`).catch((err: Error) => this.observer.connectionError('redis', err));
    if (token) await this.fence.done(token);
  }

  /** The write of `token` rolled back: nothing will come back to wait for. */
  disarm(token: string | undefined): void {
    if (token) this.fence.end(token);
  }

  private apply(tags: string[], at?: number): void {
    this.cache.invalidate(tags, at);
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
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.fence.endAll();
    const listener = this.pgListener;
    this.pgListener = undefined;
    if (listener) {
      // Writers elsewhere stop waiting for us at once, rather than after a missed acknowledgement.
      if (this.holdsCache) await listener.client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `bye ${listener.pid}`]).catch(() => {});
      await listener.client.end().catch(() => {});
    }
    this.redisSub?.disconnect();
    this.redisPub?.disconnect();
  }
}
