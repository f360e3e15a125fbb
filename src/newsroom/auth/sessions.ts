/**
 * Server-side sessions. The browser holds a random token in the `gz_session` cookie; the table holds
 * only its SHA-256, so reading the table (a backup, a leak) signs nobody in.
 *
 * Why the database rather than Redis when REDIS_URL is set: every node already shares the
 * database, a session check is one primary-key look-up, and "sign out everywhere" and
 * deactivating an account are one DELETE that holds at once on every node. Redis would add a
 * second place to keep consistent for no measurable gain at newsroom traffic.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import type { SignedIn } from '../context.js';
import { readCookies, setCookie } from '../cookies.js';

export const SESSION_COOKIE = 'gz_session';
/** A session ends after a week without use, and after 30 days whatever happens. */
export const IDLE_MS = 7 * 24 * 3600 * 1000;
export const ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
/** `last_seen_at` is written at most this often, so reading admin pages is not a write each time. */
const TOUCH_MS = 60 * 1000;

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const secure = (deps: Deps) => deps.config.publicUrl.startsWith('https:');

/** Starts a session for `userId` and sets the cookie (a fresh token: sign-in rotates it). */
export async function startSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  const now = deps.clock.now();
  await deps.kysely.transaction().execute(async (trx) => {
    // Old expired rows go whenever someone signs in: no timer needed.
    await trx.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    await trx
      .insertInto('sessions')
      .values({
        id,
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: now + IDLE_MS,
        ip_hash: deps.keyedHash('ip', req.ip),
        user_agent: String(req.headers['user-agent'] ?? '').slice(0, 300),
      })
      .execute();
  });
  setCookie(reply, SESSION_COOKIE, token, { secure: secure(deps), maxAge: Math.floor(ABSOLUTE_MS / 1000) });
  return id;
}

/** The session and user a request's cookie names, if it is live and the account active. */
export async function loadSession(deps: Deps, req: FastifyRequest): Promise<SignedIn | null> {
  const token = readCookies(req)[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  const id = sessionIdOf(token);
  const now = deps.clock.now();
  const s = await deps.kysely.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
  if (!s) return null;
  const user = await deps.kysely.selectFrom('users').selectAll().where('id', '=', s.user_id).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user) return null;
  if (now - s.last_seen_at > TOUCH_MS) {
    const expires = Math.min(s.created_at + ABSOLUTE_MS, now + IDLE_MS);
    await deps.kysely.updateTable('sessions').set({ last_seen_at: now, expires_at: expires }).where('id', '=', id).execute();
  }
  return { user, sessionId: id };
}

/** Ends one session and clears the cookie. */
export async function endSession(deps: Deps, reply: FastifyReply, sessionId: string): Promise<void> {
  await deps.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
  setCookie(reply, SESSION_COOKIE, '', { secure: secure(deps), maxAge: 0 });
}

/** Ends every session of a user (sign out everywhere, password change, deactivation). */
export async function endAllSessions(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Live sessions of a user, newest first (shown on the profile page). */
export async function sessionsOf(db: Db, userId: number, now: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}
