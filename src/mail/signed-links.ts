/**
 * Signed, expiring link parameters for one-click actions in mail (approve, spam, trash).
 *
 * The signature is an HMAC of the purpose and every parameter with the server secret, so a link
 * cannot be altered (another id, another action, a later expiry) without the secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a moderation link in a mail works. */
export const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export type LinkCheck = { ok: true } | { ok: false; code: 'GAZ_ERR_LINK_INVALID' | 'GAZ_ERR_LINK_EXPIRED' };

function mac(secret: Buffer, purpose: string, fields: (string | number)[], exp: number): string {
  const h = createHmac('sha256', secret).update('gazette-link\0').update(purpose);
  for (const f of fields) h.update('\0').update(String(f));
  return h.update('\0').update(String(exp)).digest('base64url');
}

/**
 * Signs `fields` for `purpose`, valid until `now + lifetime`.
 * @example const { exp, sig } = signLink(deps.secret, 'moderate', [12, 'approve'], deps.clock.now());
 */
export function signLink(secret: Buffer, purpose: string, fields: (string | number)[], now: number, lifetime = LINK_LIFETIME_MS): { exp: number; sig: string } {
  // Seconds are precise enough and keep the link short.
  const exp = Math.floor((now + lifetime) / 1000);
  return { exp, sig: mac(secret, purpose, fields, exp) };
}

/** Checks a signature (in constant time) and then the expiry; a bad signature wins over expiry. */
export function verifyLink(secret: Buffer, purpose: string, fields: (string | number)[], exp: unknown, sig: unknown, now: number): LinkCheck {
  const expNum = typeof exp === 'string' && /^\d{1,12}$/.test(exp) ? Number(exp) : typeof exp === 'number' ? exp : NaN;
  if (!Number.isSafeInteger(expNum) || typeof sig !== 'string' || sig.length > 100) return { ok: false, code: 'GAZ_ERR_LINK_INVALID' };
  const want = Buffer.from(mac(secret, purpose, fields, expNum));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, code: 'GAZ_ERR_LINK_INVALID' };
  if (expNum * 1000 < now) return { ok: false, code: 'GAZ_ERR_LINK_EXPIRED' };
  return { ok: true };
}
