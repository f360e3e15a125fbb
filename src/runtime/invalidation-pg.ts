/**
 * PostgreSQL's side of the invalidation bus: `pg_notify` in the write's transaction, delivered on
 * commit to every LISTENing process.
 *
 * Delivery is asynchronous: a reader's next request can reach a worker before the notification
 * does (measured here: 16% of first requests after a write; 1% even after waiting for the writer's
 * own notification to come back). So every server process acknowledges each invalidation once
 * applied (NOTIFY on a second channel), and a write returns only when every other server process
 * listening on the database has acknowledged it, or after `FENCE_MS`; a process that misses one is
 * left out until it answers again (./ack-fence.ts).
 *
 * The listening connection lives outside the pool. Lost (the database restarting), it is an event,
 * not the end of the process: a server process listens again with backoff and then drops every
 * cached page, because invalidations sent meanwhile were not heard.
 */
import type { Kysely, Transaction } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import type pg from 'pg';
import { waitsForCommit } from '../db/pg-round-trips.js';
import type { Database } from '../db/schema.js';
import { AckFence } from './ack-fence.js';
import type { BusObserver } from './bus-observer.js';

export const CHANNEL = 'gazette_invalidate';
/** The longest a PostgreSQL write waits for the other server processes' acknowledgements. */
const FENCE_MS = 2000;
const ACK_CHANNEL = 'gazette_invalidated';
/**
 * A write's notification: nobody reads its answer, so it goes out with the COMMIT
 * (../db/pg-round-trips.ts).
 */
const NOTIFY = waitsForCommit('SELECT pg_notify($1, $2)');
/**
 * Ends the token of a notification nobody waits on (a reader's comment): the other processes apply
 * it without acknowledging. Each acknowledgement is itself delivered to every listener, so with n
 * server processes one acknowledged write costs n - 1 statements and n² deliveries.
 */
const UNACKNOWLEDGED = '!';
/** application_name of a listener whose process holds a page cache (a server worker). */
const CACHE_APP = 'gazette-cache';
const WRITER_APP = 'gazette-writer';
/** How long the list of listening server processes is trusted before a write reads it again. */
const MEMBERS_MS = 5000;
/** Backoff between attempts to listen again: from the first, doubling up to the last. */
const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 5000;

/** The backend pid, which came with the connection (BackendKeyData): pg keeps it, untyped. */
function backendPid(client: pg.Client): number {
  const pid: unknown = Reflect.get(client, 'processID');
  return typeof pid === 'number' ? pid : 0;
}

export class PgListener {
  private listener?: { client: pg.Client; pid: number };
  private listening?: Promise<void>;
  private stopped = false;
  /** The listener was lost: invalidations may have been missed until it listens again. */
  private deaf = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelay = 0;
  /** The other server processes listening on the database, by backend pid, and when that was read. */
  private members: number[] = [];
  private membersAt = 0;
  private membersRead?: Promise<void>;
  private seq = 0;
  /** Own writes awaiting the other server processes' acknowledgements. */
  private readonly fence: AckFence;

  /**
   * A server process (see {@link serve}): it holds a page cache, acknowledges, and listens again
   * when cut off. A one-shot CLI process listens only to hear the acknowledgements of its writes.
   */
  private holdsCache = false;

  constructor(
    private readonly newClient: () => pg.Client,
    private readonly kysely: Kysely<Database>,
    /** This process's prefix of notification tokens, so it can skip its own. */
    private readonly origin: string,
    private readonly apply: (tags: string[]) => void,
    private readonly observer: BusObserver,
  ) {
    this.fence = new AckFence(FENCE_MS, (pid, silent) =>
      observer.notice(silent ? 'a server process missed an acknowledgement: writes no longer wait for it' : 'a silent server process answers again', {
        pid,
      }),
    );
  }

  /** `listening`, or `reconnecting` while the connection is lost. */
  get state(): 'listening' | 'reconnecting' {
    return this.listener ? 'listening' : 'reconnecting';
  }

  /** Server processes left out of the acknowledgement fence until they answer again. */
  get silent(): number[] {
    return [...this.fence.silent];
  }

  /** Starts listening as a server process. Call once at boot. */
  serve(): Promise<void> {
    this.holdsCache = true;
    return this.listen();
  }

  /** Listens on a connection of its own (once at a time). */
  private listen(): Promise<void> {
    this.listening ??= this.connect().finally(() => {
      this.listening = undefined;
    });
    return this.listening;
  }

  private async connect(): Promise<void> {
    const client = this.newClient();
    let lost = false;
    // A broken connection is an event: this client is dropped (never queried again) and, in a
    // server process, a new one is tried after a backoff.
    const onLost = (err: Error) => {
      if (lost) return;
      lost = true;
      client.end().catch(() => {});
      if (this.listener?.client !== client) return;
      this.listener = undefined;
      // Acknowledgements cannot reach us now: our writes stop waiting for them.
      this.fence.endAll();
      if (this.stopped) return;
      this.observer.connectionError('listener', err);
      this.deaf = true;
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
    const pid = backendPid(client);
    this.listener = { client, pid };
    this.membersAt = 0;
    if (this.holdsCache) {
      // Tell the writers on other processes to wait for us from now on.
      client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `hello ${pid}`]).catch((e: Error) => this.observer.connectionError('listener', e));
    }
    if (this.deaf) {
      // Whatever changed while we could not hear it: every cached page goes.
      this.deaf = false;
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
      this.listen().then(
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
        if (pid !== this.listener?.pid && !this.members.includes(pid)) this.members.push(pid);
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
    if (this.holdsCache && this.listener?.client === client && !token.endsWith(UNACKNOWLEDGED)) {
      client
        .query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `${token} ${this.listener.pid}`])
        .catch((err: Error) => this.observer.connectionError('listener', err));
    }
  }

  /**
   * Before a write: a one-shot CLI process starts listening, so the acknowledgements of its write
   * can come back; the list of server processes to wait for is read when old. A server process
   * whose listener is lost writes without waiting (no acknowledgement could reach it). A write
   * nobody acknowledges (a reader's comment) needs neither.
   */
  async beforeWrite(acknowledged: boolean): Promise<void> {
    if (!acknowledged) return;
    if (!this.holdsCache && !this.listener) await this.listen();
    if (this.listener && Date.now() - this.membersAt > MEMBERS_MS) await this.readMembers();
  }

  private readMembers(): Promise<void> {
    this.membersRead ??= (async () => {
      const own = this.listener?.pid ?? 0;
      const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ${CACHE_APP} AND pid <> ${own}`.execute(this.kysely);
      this.members = rows.map((r) => r.pid);
      this.membersAt = Date.now();
    })().finally(() => {
      this.membersRead = undefined;
    });
    return this.membersRead;
  }

  /**
   * Notifies `joined` tags inside the write's transaction; answers the token {@link done} waits on
   * (at once unless `acknowledged`).
   */
  async record(trx: Kysely<Database> | Transaction<Database>, joined: string, acknowledged: boolean): Promise<string> {
    const token = `${this.origin}:${++this.seq}${acknowledged ? '' : UNACKNOWLEDGED}`;
    // Every other server process's listener must acknowledge. Armed before the commit: the
    // acknowledgements may come back before the commit's own answer.
    if (this.listener && acknowledged) this.fence.arm(token, this.members);
    await trx.executeQuery(CompiledQuery.raw(NOTIFY, [CHANNEL, `${token} ${joined}`]));
    return token;
  }

  /** After commit: waits until every other server process has acknowledged `token` (at most `FENCE_MS`). */
  async done(token: string): Promise<void> {
    await this.fence.done(token);
  }

  /** The write of `token` rolled back: nothing will come back to wait for. */
  disarm(token: string): void {
    this.fence.end(token);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.fence.endAll();
    const listener = this.listener;
    this.listener = undefined;
    if (!listener) return;
    // Writers elsewhere stop waiting for us at once, rather than after a missed acknowledgement.
    if (this.holdsCache) await listener.client.query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `bye ${listener.pid}`]).catch(() => {});
    await listener.client.end().catch(() => {});
  }
}
