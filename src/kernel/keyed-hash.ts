/**
 * The keyed hash behind `deps.keyedHash` (identicons, IP records), as a function of the secret so
 * that code without `deps` — the WordPress importer's worker thread — hashes exactly alike.
 */
import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of `purpose`, NUL, and the trimmed, lower-cased `value`; 22 base64url characters. */
export function keyedHashWith(secret: Uint8Array, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(purpose).update('\0').update(value.trim().toLowerCase()).digest('base64url').slice(0, 22);
}
