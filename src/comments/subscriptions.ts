/**
 * Consent to reply notifications, one record per email address, by double opt-in.
 *
 * The first time an address asks ("Notify me of replies"), it receives a confirmation mail; only a
 * confirmed, not unsubscribed address is ever notified. The address itself is not stored here, only
 * its keyed hash: notifications go to the email of the comment being replied to, and this table
 * only answers "did that address say yes?".
 *
 * One random token per record makes both its confirm and its unsubscribe links. Anyone can type
 * someone else's address into the form, so a confirmation is sent at most once a day per address.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/schema.js';
import type { Deps } from '../runtime/deps.js';
import { enqueueMail } from '../mail/outbox.js';
import { confirmMail } from '../mail/templates.js';

/** Least time between two confirmation mails to one address. */
const RESEND_AFTER_MS = 24 * 60 * 60 * 1000;

export const CONFIRM_PATH = '/comments/notifications/confirm';
export const UNSUBSCRIBE_PATH = '/comments/notifications/unsubscribe';

/** The form of an address we compare and hash: trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The keyed hash a subscription is stored under. */
export function subscriptionKey(deps: Pick<Deps, 'keyedHash'>, email: string): string {
  return deps.keyedHash('subscription', normalizeEmail(email));
}

export const confirmUrl = (publicUrl: string, token: string) => `${publicUrl}${CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;

const newToken = () => randomBytes(24).toString('base64url');

/** The subscription record of `email`, in any state. */
export async function subscriptionOf(deps: Pick<Deps, 'keyedHash'>, db: Db, email: string) {
  return db.selectFrom('subscriptions').selectAll().where('email_hash', '=', subscriptionKey(deps, email)).executeTakeFirst();
}

/** The record of `email` if it may be notified now (confirmed and not unsubscribed). */
export async function activeSubscription(deps: Pick<Deps, 'keyedHash'>, db: Db, email: string) {
  const s = await subscriptionOf(deps, db, email);
  return s && s.confirmed_at !== null && s.unsubscribed_at === null ? s : undefined;
}

/**
 * Records that `email` asked for reply notifications and, unless it is already confirmed (or was
 * asked within the day), queues the confirmation mail in the caller's transaction.
 * @returns the state of the address afterwards.
 */
export async function requestReplyNotifications(
  deps: Deps,
  trx: Transaction<Database>,
  email: string,
  article: { headline: string; url: string },
): Promise<'active' | 'confirmation-sent' | 'awaiting-confirmation'> {
  const now = deps.clock.now();
  const existing = await subscriptionOf(deps, trx, email);
  if (existing && existing.confirmed_at !== null && existing.unsubscribed_at === null) return 'active';
  if (existing && existing.confirm_sent_at !== null && now - existing.confirm_sent_at < RESEND_AFTER_MS) return 'awaiting-confirmation';

  let token: string;
  if (!existing) {
    token = newToken();
    await trx
      .insertInto('subscriptions')
      .values({ email_hash: subscriptionKey(deps, email), token, created_at: now, confirm_sent_at: now })
      .execute();
  } else {
    // Asked again after unsubscribing (or an old, unconfirmed request): start over with a new token,
    // so links in older mails stop working.
    token = newToken();
    await trx
      .updateTable('subscriptions')
      .set({ token, confirm_sent_at: now, confirmed_at: null, unsubscribed_at: null })
      .where('id', '=', existing.id)
      .execute();
  }
  const site = (await deps.settings.all())['site.title'];
  const body = confirmMail({ site, article, confirmUrl: confirmUrl(deps.config.publicUrl, token) });
  const sub = await subscriptionOf(deps, trx, email);
  await enqueueMail(trx, { to: email.trim(), ...body, kind: 'confirm', ref: `subscription:${sub!.id}` }, now);
  return 'confirmation-sent';
}

/** The record a link's token belongs to. */
export async function subscriptionByToken(db: Db, token: unknown) {
  if (typeof token !== 'string' || token.length < 16 || token.length > 64) return undefined;
  return db.selectFrom('subscriptions').selectAll().where('token', '=', token).executeTakeFirst();
}

/** Confirms the subscription of `token`; false when the token is unknown (or replaced). */
export async function confirmSubscription(deps: Deps, token: unknown): Promise<boolean> {
  return deps.write(async (trx) => {
    const s = await subscriptionByToken(trx, token);
    if (!s) return false;
    await trx
      .updateTable('subscriptions')
      .set({ confirmed_at: s.confirmed_at ?? deps.clock.now(), unsubscribed_at: null })
      .where('id', '=', s.id)
      .execute();
    return true;
  });
}

/** Unsubscribes the address of `token` from every reply notification; false when unknown. */
export async function unsubscribe(deps: Deps, token: unknown): Promise<boolean> {
  return deps.write(async (trx) => {
    const s = await subscriptionByToken(trx, token);
    if (!s) return false;
    if (s.unsubscribed_at === null) await trx.updateTable('subscriptions').set({ unsubscribed_at: deps.clock.now() }).where('id', '=', s.id).execute();
    // Notifications already queued for this address stop too (found by hashing their recipients).
    const queued = await trx.selectFrom('outbox').select(['id', 'to']).where('status', '=', 'queued').where('kind', '=', 'reply').execute();
    const mine = queued.filter((m) => subscriptionKey(deps, m.to) === s.email_hash).map((m) => m.id);
    if (mine.length) await trx.deleteFrom('outbox').where('id', 'in', mine).execute();
    return true;
  });
}
