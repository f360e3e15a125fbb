/**
 * The comment form's signed token: `ISSUED.SIGNATURE`, where ISSUED is when the form was shown
 * (milliseconds, base 36) and SIGNATURE an HMAC with the server secret over the article id and
 * that time. It proves the form came from us and tells how long it was open.
 *
 * Why the time travels in the token: the article page is cached and identical for everyone, so
 * the token printed in it is from render time. With JavaScript on, `public/comments.js` asks
 * `GET /comments/token?article=ID` for a fresh one when the page loads, so "shown at" is the
 * reader's own load and the least-time check means something. With JavaScript off the render-time
 * token still works for a day; an older one answers 422 with a fresh form (nothing typed is lost).
 * A token is not single-use: a shared page cannot carry a per-reader secret, so the token stops
 * form-less bots and instant posts, and the other phases do the rest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a shown form stays valid. */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Clocks of several nodes may differ a little; a token from slightly in the future is fine. */
const SKEW_MS = 60_000;

function sign(secret: Buffer, articleId: number, issued: number): string {
  return createHmac('sha256', secret).update(`comment-form\0${articleId}\0${issued}`).digest('base64url').slice(0, 22);
}

/** A token for the form under article `articleId`, shown at `now`. */
export function issueFormToken(secret: Buffer, articleId: number, now: number): string {
  return `${now.toString(36)}.${sign(secret, articleId, now)}`;
}

export type TokenCheck = { ok: true; age: number } | { ok: false; why: 'missing' | 'forged' | 'expired' };

/** Checks a posted token; `age` is how long ago the form was shown. */
export function checkFormToken(secret: Buffer, articleId: number, token: string, now: number): TokenCheck {
  if (!token) return { ok: false, why: 'missing' };
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return { ok: false, why: 'forged' };
  const issued = Number.parseInt(m[1], 36);
  const expected = Buffer.from(sign(secret, articleId, issued));
  if (!timingSafeEqual(expected, Buffer.from(m[2]))) return { ok: false, why: 'forged' };
  const age = now - issued;
  if (age < -SKEW_MS) return { ok: false, why: 'forged' };
  if (age > FORM_TOKEN_MAX_AGE_MS) return { ok: false, why: 'expired' };
  return { ok: true, age: Math.max(0, age) };
}
