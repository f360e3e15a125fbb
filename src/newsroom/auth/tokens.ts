/**
 * One-time links: password reset (valid one hour) and invitations (valid a week). The link carries
 * a random token; the table keeps only its hash, marks it used, and a new link of the same kind
 * replaces an older unused one.
 */
import { randomBytes } from 'node:crypto';
import type { Db, User, UserTokenPurpose } from '../../db/schema.js';
import { sessionIdOf } from './sessions.js';

export const TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  invite: 7 * 24 * 3600 * 1000,
};

/** Issues a token for `userId`; returns the token for the link (never stored). */
export async function issueToken(db: Db, userId: number, purpose: UserTokenPurpose, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('user_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('user_tokens')
    .values({ id: sessionIdOf(token), user_id: userId, purpose, created_at: now, expires_at: now + TOKEN_LIFETIME_MS[purpose] })
    .execute();
  return token;
}

/** The live, unused token's purpose and account, or null (unknown, used, expired, deactivated). */
export async function findToken(db: Db, token: string, now: number): Promise<{ id: string; purpose: UserTokenPurpose; user: User } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const row = await db.selectFrom('user_tokens').selectAll().where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (!row) return null;
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).where('disabled_at', 'is', null).executeTakeFirst();
  return user ? { id, purpose: row.purpose, user } : null;
}

/** Marks a token used; false when another request used it first. */
export async function consumeToken(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('user_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when a link of `purpose` was issued to `userId` since `since` (limits reset mail). */
export async function issuedSince(db: Db, userId: number, purpose: UserTokenPurpose, since: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}
