/**
 * A refused comment, carried back to the article's form (DESIGN.md: "a redirect back to the form
 * carrying the input and errors; never a page that resubmits on reload").
 *
 * `POST /comments` answers a refused browser post with 303 to `PERMALINK?unsent=1#respond` and puts
 * what was typed, the errors and the still-good form token in a cookie: sealed (AES-256-GCM under a
 * key derived from the server secret), so the email address is neither readable in the browser's
 * cookie store nor in any URL, and nobody can plant text in our page through it. The cookie lives
 * ten minutes, is sent only to that article's pages (its Path), and is cleared by the next accepted
 * comment. Reloading the page shows the same form again; nothing is posted twice.
 *
 * A cookie holds about 4 KB: a comment too long for it (rare) is answered the older way, with the
 * page rendered in the POST's answer and the first field in error focused (see routes.ts).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FormState } from './views.js';

export const UNSENT_COOKIE = 'gazette_unsent';
/** Seconds the typed text waits for its writer. */
export const UNSENT_MAX_AGE = 600;
/** Browsers keep 4,096 bytes per cookie, name and attributes included. */
const MAX_VALUE = 3_600;

export interface UnsentForm {
  articleId: number;
  form: FormState;
  /** The refusal's code (x-gazette-error on the page that shows it). */
  code: string;
  retryAfter?: number;
  /** The form token, still good: the time already spent on the form keeps counting. */
  token?: string;
  /** Milliseconds since the epoch after which the cookie is ignored. */
  expires: number;
}

const keyOf = (secret: Buffer) => createHmac('sha256', secret).update('unsent-comment-cookie').digest();

/** The cookie's value for `u`, or null when it would not fit in a cookie. */
export function sealUnsent(secret: Buffer, u: UnsentForm): string | null {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const sealed = Buffer.concat([cipher.update(deflateRawSync(Buffer.from(JSON.stringify(u)))), cipher.final()]);
  const value = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  return value.length <= MAX_VALUE ? value : null;
}

/** What `sealUnsent` sealed, if the value is ours, intact and not expired. */
export function openUnsent(secret: Buffer, value: string, now: number): UnsentForm | null {
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    const u = JSON.parse(inflateRawSync(plain, { maxOutputLength: 256 * 1024 }).toString('utf8')) as UnsentForm;
    return typeof u.expires === 'number' && u.expires > now && Number.isSafeInteger(u.articleId) ? u : null;
  } catch {
    return null;
  }
}

/** The named cookie's value in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A Set-Cookie value for the unsent form of the article at `path` (an empty value deletes it). */
export function unsentCookie(value: string, path: string, secure: boolean): string {
  return `${UNSENT_COOKIE}=${value}; Path=${path}; Max-Age=${value ? UNSENT_MAX_AGE : 0}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
