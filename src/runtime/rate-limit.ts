/**
 * Per-client rate limits for expensive anonymous work (search), shared across processes and nodes.
 *
 * A sliding window per client key, estimated from two fixed windows (the current window's count
 * plus the previous window's, weighted by how much of it still lies within one window of now), so
 * a client cannot get twice the limit by straddling a window's edge, nor a fresh allowance at each
 * edge. The counts live in Redis when REDIS_URL is set (INCRBY + PEXPIRE on the current window's
 * key, GET of the previous one), else in the database every process already shares (table
 * `rate_limits`, one upsert returning both counts).
 * So that ordinary readers cost no write, each process lets a client's first {@link LOCAL_FREE}
 * requests of a window through on its own count and only then starts counting in the shared
 * store (adding what it let through): a client spread over N processes may get N × LOCAL_FREE
 * more than the limit, never more.
 */
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Connection } from '../db/connect.js';

/** Requests a process admits per client and window before it asks the shared store. */
export const LOCAL_FREE = 4;

export interface RateRule {
  /** Requests per window (0: no limit). */
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  ok: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

export class RateLimiter {
  private local = new Map<string, { window: number; count: number; prev: number; shared?: number }>();
  private redis?: Redis;
  private lastSweep = 0;

  constructor(
    private readonly db: Connection,
    private readonly name: string,
    private readonly rule: RateRule,
    redisUrl?: string,
  ) {
    if (redisUrl && rule.limit > 0) void this.connect(redisUrl);
  }

  private async connect(url: string): Promise<void> {
    const { Redis } = await import('ioredis');
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {});
  }

  /** Counts one request by `client` (a keyed hash, never a raw address) at `now`. */
  async take(client: string, now: number): Promise<RateDecision> {
    const { limit, windowMs } = this.rule;
    if (limit <= 0) return { ok: true, retryAfter: 0 };
    const window = Math.floor(now / windowMs);
    // The share of the previous window that still lies within one window of now.
    const weight = 1 - (now - window * windowMs) / windowMs;
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    let mine = this.local.get(client);
    if (!mine || mine.window !== window) {
      if (this.local.size > 50_000) this.local.clear();
      const prev = mine?.window === window - 1 ? mine.count : 0;
      mine = { window, count: 0, prev };
      this.local.set(client, mine);
    }
    mine.count++;
    const free = Math.min(LOCAL_FREE, limit);
    if (mine.count + mine.prev * weight <= free) return { ok: true, retryAfter };
    // Past the free allowance: the shared count decides (the first time in a window, with what
    // was let through).
    const add = mine.shared === window ? 1 : mine.count;
    mine.shared = window;
    const key = `${this.name}:${client}`;
    let counts: { count: number; prev: number };
    try {
      counts = this.redis?.status === 'ready' ? await this.redisCount(key, window, add) : await this.dbCount(key, window, add, now);
    } catch {
      // The shared store is unreachable: this process's own count still limits.
      counts = mine;
    }
    return { ok: counts.count + counts.prev * weight <= limit, retryAfter };
  }

  private async redisCount(key: string, window: number, add: number): Promise<{ count: number; prev: number }> {
    const k = `gazette:rate:${key}:${window}`;
    const r = await this.redis!.multi()
      .incrby(k, add)
      .pexpire(k, this.rule.windowMs * 2)
      .get(`gazette:rate:${key}:${window - 1}`)
      .exec();
    return { count: Number(r?.[0]?.[1] ?? 0), prev: Number(r?.[2]?.[1] ?? 0) };
  }

  private async dbCount(key: string, window: number, add: number, now: number): Promise<{ count: number; prev: number }> {
    // SET reads the row as it was: `prev` takes the count of the window just ended.
    const r = await sql<{ count: number; prev: number }>`
      INSERT INTO rate_limits (key, win, count, prev) VALUES (${key}, ${window}, ${add}, 0)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits.win = excluded.win THEN rate_limits.count + excluded.count ELSE excluded.count END,
        prev = CASE WHEN rate_limits.win = excluded.win THEN rate_limits.prev WHEN rate_limits.win = excluded.win - 1 THEN rate_limits.count ELSE 0 END,
        win = excluded.win
      RETURNING count, prev`.execute(this.db.kysely);
    if (now - this.lastSweep > this.rule.windowMs) {
      this.lastSweep = now;
      await sql`DELETE FROM rate_limits WHERE win < ${window - 1}`.execute(this.db.kysely);
    }
    const row = r.rows[0];
    return { count: Number(row?.count ?? add), prev: Number(row?.prev ?? 0) };
  }

  close(): void {
    this.redis?.disconnect();
  }
}
