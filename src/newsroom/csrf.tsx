/**
 * CSRF protection with synchronizer tokens.
 *
 * A signed-in browser's token is an HMAC of its session id under the server secret: unguessable,
 * tied to the session (a new one at every sign-in) and needing no storage. A signed-out browser
 * (the sign-in and password forms) gets a random pre-session cookie `gz_pre`, and its token is an
 * HMAC of that; so a forged cross-site sign-in cannot guess it either.
 */
import { fieldsOf } from '../kernel/input.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type Html } from '../kernel/jsx.js';
import type { NewsroomContext } from './context.js';
import { maybeSignedIn } from './context.js';
import { readCookies, setCookie } from './cookies.js';

export const PRE_SESSION_COOKIE = 'gz_pre';
const preSeeds = new WeakMap<FastifyRequest, string>();

function hmac(secret: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(purpose).update('\0').update(value).digest('base64url');
}

/**
 * Makes sure a signed-out request has a pre-session seed (setting the cookie when it is new).
 * The guard calls this for routes that admit anonymous visitors.
 */
export function ensurePreSession(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply): void {
  let seed = readCookies(req)[PRE_SESSION_COOKIE];
  if (!seed || !/^[A-Za-z0-9_-]{20,64}$/.test(seed)) {
    seed = randomBytes(18).toString('base64url');
    setCookie(reply, PRE_SESSION_COOKIE, seed, { secure: ctx.deps.config.publicUrl.startsWith('https:') });
  }
  preSeeds.set(req, seed);
}

/** The token forms on this request's page must carry (empty when there is nothing to tie it to). */
export function csrfToken(ctx: NewsroomContext, req: FastifyRequest): string {
  const who = maybeSignedIn(req);
  if (who) return hmac(ctx.deps.secret, 'csrf', who.sessionId);
  const seed = preSeeds.get(req) ?? readCookies(req)[PRE_SESSION_COOKIE];
  return seed ? hmac(ctx.deps.secret, 'csrf-pre', seed) : '';
}

/** The token a request carries: the `_csrf` field of its body, or the `x-csrf-token` header. */
function presentedToken(req: FastifyRequest): string {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header) return header;
  const field = fieldsOf(req.body)._csrf;
  if (typeof field === 'string') return field;
  if (Array.isArray(field) && typeof field[0] === 'string') return field[0];
  return '';
}

/** True when the request carries this browser's token (compared in constant time). */
export function csrfValid(ctx: NewsroomContext, req: FastifyRequest): boolean {
  const expected = csrfToken(ctx, req);
  const given = presentedToken(req);
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hidden form field carrying the token. */
export function CsrfField({ ctx, req }: { ctx: NewsroomContext; req: FastifyRequest }): Html {
  return <input type="hidden" name="_csrf" value={csrfToken(ctx, req)} />;
}
