/**
 * Per-client rate limits for expensive anonymous work (search), shared across processes and nodes.
 *
 * A fixed window per client key: in Redis when REDIS_URL is set (INCR + PEXPIRE), else in the
 * database every process already shares (table `rate_limits`, one upsert returning the count).
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
  private local = new Map<string, { window: number; count: number }>();
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
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    let mine = this.local.get(client);
    if (!mine || mine.window !== window) {
      if (this.local.size > 50_000) this.local.clear();
      mine = { window, count: 0 };
      this.local.set(client, mine);
    }
    mine.count++;
    if (mine.count <= Math.min(LOCAL_FREE, limit)) return { ok: true, retryAfter };
    // Past the free allowance: the shared count decides (the first time, with what was let through).
    const add = mine.count === Math.min(LOCAL_FREE, limit) + 1 ? mine.count : 1;
    const key = `${this.name}:${client}`;
    let shared: number;
    try {
      shared = this.redis?.status === 'ready' ? await this.redisCount(key, window, add) : await this.dbCount(key, window, add, now);
    } catch {
      // The shared store is unreachable: this process's own count still limits.
      shared = mine.count;
    }
    return { ok: shared <= limit, retryAfter };
  }

  private async redisCount(key: string, window: number, add: number): Promise<number> {
    const k = `gazette:rate:${key}:${window}`;
    const r = await this.redis!.multi()
      .incrby(k, add)
      .pexpire(k, this.rule.windowMs * 2)
      .exec();
    return Number(r?.[0]?.[1] ?? 0);
  }

  private async dbCount(key: string, window: number, add: number, now: number): Promise<number> {
    const r = await sql<{ count: number }>`
      INSERT INTO rate_limits (key, win, count) VALUES (${key}, ${window}, ${add})
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits.win = excluded.win THEN rate_limits.count + excluded.count ELSE excluded.count END,
        win = excluded.win
      RETURNING count`.execute(this.db.kysely);
    if (now - this.lastSweep > this.rule.windowMs) {
      this.lastSweep = now;
      await sql`DELETE FROM rate_limits WHERE win < ${window - 1}`.execute(this.db.kysely);
    }
    return Number(r.rows[0]?.count ?? add);
  }

  close(): void {
    this.redis?.disconnect();
  }
}
