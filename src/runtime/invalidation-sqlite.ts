/**
 * SQLite's side of the invalidation bus: a write adds a row to `invalidations` in its own
 * transaction, and every process checks `PRAGMA data_version` (a counter that moves when another
 * connection commits, about a microsecond to read) before it answers a request, reading the new
 * rows only when it moved. The CLI, another worker, anything writing the file is seen at the next
 * request.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { prepared } from '../db/prepared.js';
import { type BusObserver, quiet } from './bus-observer.js';

/** While the file cannot be read, a failure is reported at most this often. */
const REPORT_EVERY_MS = 1000;

/** How long invalidation rows are kept; a process idle for longer flushes everything. */
const KEEP_MS = 60 * 60 * 1000;

interface Row {
  id: number;
  tags: string;
  created_at: number;
}

/** What the rows say to drop: `tags`, stale since `at` (when the first was written). */
type Apply = (tags: string[], at?: number) => void;

export class SqliteFeed {
  private lastId = 0;
  private lastVersion = -1;
  private readonly version: SQLite.Statement<[], number>;
  private readonly rowsAfter: SQLite.Statement<[number], Row>;
  private readonly oldest: SQLite.Statement<[], number | null>;
  private polledThisTurn = false;
  /** When a failure to read was last reported. */
  private reportedAt = 0;
  private readonly endTurn = () => {
    this.polledThisTurn = false;
  };

  constructor(
    raw: SQLite.Database,
    private readonly apply: Apply,
    private readonly observer: BusObserver = quiet,
  ) {
    this.version = raw.prepare<[], number>('PRAGMA data_version').pluck();
    this.rowsAfter = raw.prepare<[number], Row>('SELECT id, tags, created_at FROM invalidations WHERE id > ? ORDER BY id');
    this.oldest = raw.prepare<[], number | null>('SELECT min(id) FROM invalidations').pluck();
    this.lastVersion = this.version.get() ?? -1;
    this.lastId = raw.prepare<[], number>('SELECT coalesce(max(id), 0) FROM invalidations').pluck().get() ?? 0;
  }

  /**
   * Synchronous check before answering a request: picks up other processes' writes. Cheap enough
   * for the hot path (one prepared pragma).
   */
  poll(): void {
    if (this.polledThisTurn) return;
    // Requests that arrive in the same event-loop turn share one check (microseconds apart).
    this.polledThisTurn = true;
    setImmediate(this.endTurn);
    // It runs before every request and on the live conversation's timer: a failure to read is
    // logged and counted, and the request is answered as if nothing had changed, never a crash.
    // A file that stays unreadable fails every turn: reported once a second, not thousands of times.
    try {
      this.read();
    } catch (err) {
      const now = Date.now();
      if (now - this.reportedAt < REPORT_EVERY_MS) return;
      this.reportedAt = now;
      this.observer.connectionError('sqlite', err as Error);
    }
  }

  private read(): void {
    const version = this.version.get();
    if (version === undefined || version === this.lastVersion) return;
    this.lastVersion = version;
    const rows = this.rowsAfter.all(this.lastId);
    if (!rows.length) return;
    const tags: string[] = [];
    if (this.lastId && rows[0].id > this.lastId + 1 && this.prunedAfter(this.lastId)) tags.push('*');
    for (const r of rows) {
      for (const t of r.tags.split(' ')) tags.push(t);
      this.lastId = r.id;
    }
    // Stale since it was written, not since this process first had a request to notice it.
    this.apply(tags, rows[0].created_at);
  }

  /** A gap after our last row means rows we never read were pruned. */
  private prunedAfter(id: number): boolean {
    const min = this.oldest.get() ?? null;
    return min !== null && min > id + 1;
  }
}

/** Records `joined` tags as stale inside the write's transaction. */
export async function recordSqlite(trx: Kysely<Database> | Transaction<Database>, joined: string): Promise<void> {
  await insertInvalidation(trx, joined, Date.now());
}

const insertInvalidation = prepared(2, (db, tags: string, at: number) => db.insertInto('invalidations').values({ tags, created_at: at }));

/** Deletes invalidation rows older than an hour. */
export async function pruneSqlite(kysely: Kysely<Database>, now: number): Promise<void> {
  await kysely
    .deleteFrom('invalidations')
    .where('created_at', '<', now - KEEP_MS)
    .execute();
}
