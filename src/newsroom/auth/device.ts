/**
 * Known devices, so that strangers cannot lock an owner out (OWASP's "device cookie" defence).
 *
 * After a successful sign-in the browser gets a cookie naming the account it signed in to, signed
 * with the server secret. At the next sign-in a browser that presents a valid device cookie for
 * the typed address is throttled only by its own failures; every other client is throttled by the
 * account's failures from unknown devices and by its address. Five wrong passwords from rotating IPs
 * therefore make strangers (and new devices) wait, while the owner's own browser still signs in
 * with the right password. A stolen device cookie gives nothing but its own five tries.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../runtime/deps.js';
import { readCookies, setCookie } from '../cookies.js';

export const DEVICE_COOKIE = 'gazette_device';
const YEAR_S = 365 * 24 * 3600;

const sign = (deps: Deps, email: string, nonce: string) => deps.keyedHash('device', `${email}\0${nonce}`);

/** The device key (`device:…`) when the request carries a valid device cookie for `email`, else null. */
export function knownDevice(deps: Deps, req: FastifyRequest, email: string): string | null {
  const value = readCookies(req)[DEVICE_COOKIE];
  const m = value ? /^([\w-]{16,64})\.([\w-]{22})$/.exec(value) : null;
  if (!m || !email) return null;
  const want = Buffer.from(sign(deps, email, m[1]));
  const got = Buffer.from(m[2]);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return 'device:' + deps.keyedHash('device-key', m[1]);
}

/** Marks this browser as a known device of `email` (after a successful sign-in). */
export function rememberDevice(deps: Deps, reply: FastifyReply, email: string): void {
  const nonce = randomBytes(18).toString('base64url');
  setCookie(reply, DEVICE_COOKIE, `${nonce}.${sign(deps, email, nonce)}`, {
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: YEAR_S,
    path: '/admin/login',
  });
}
