/**
 * Sign-in throttling, per account and per IP, with delays that double as failures grow.
 *
 * Counted in the database (table `login_throttle`) so every worker and every node sees the same
 * count. The account key is a keyed hash of the typed email whether or not such an account
 * exists, so an unknown address is throttled exactly like a real one and the answers cannot be
 * told apart. An IP gets more free attempts than an account because offices and phone carriers
 * share addresses.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface ThrottleRule {
  /** Failures allowed before any delay. */
  free: number;
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5 };
export const IP_RULE: ThrottleRule = { free: 20 };
/** Password-reset mails one address may ask for before waiting (each request counts, not only failures). */
export const FORGOT_RULE: ThrottleRule = { free: 3 };
/** First delay; each further failure doubles it, up to the cap. */
const BASE_DELAY_MS = 30 * 1000;
const MAX_DELAY_MS = 60 * 60 * 1000;
/** A key quiet for a day starts again from zero. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** The wait imposed after `failures` failures under `rule` (0: none). */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - rule.free, 20), MAX_DELAY_MS);
}

/** Milliseconds until every key in `keys` may try again (0: now). */
export async function waitFor(db: Kysely<Database>, keys: string[], now: number): Promise<number> {
  const rows = await db.selectFrom('login_throttle').select('locked_until').where('key', 'in', keys).execute();
  return Math.max(0, ...rows.map((r) => r.locked_until - now));
}

/** Counts one failure for `key` and sets its wait. */
export async function recordFailure(db: Kysely<Database>, key: string, rule: ThrottleRule, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const failures = row && now - row.last_failed_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
    const delay = delayAfter(failures, rule);
    const values = { failures, last_failed_at: now, locked_until: delay ? now + delay : 0 };
    await trx
      .insertInto('login_throttle')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  });
}

/** Forgets the failures of `key` (after a successful sign-in). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
