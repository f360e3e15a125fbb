/**
 * Proof that this browser wrote a comment: a cookie holding a comment id and a keyed hash of it,
 * set when the comment is posted. The first-time hold lets a returning commenter straight through
 * only when the browser proves it wrote an approved comment under the same name and email:
 * WordPress's rule (the same name and email typed again) would let anyone who knows both wear that
 * reader's standing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../runtime/deps.js';

export const COMMENTER_COOKIE = 'gazette_commenter';
const YEAR_S = 365 * 24 * 3600;

const proofOf = (deps: Deps, id: number) => deps.keyedHash('commenter-proof', String(id));

/** The id of the comment the request's cookie proves it wrote, or null. */
export function provenCommentId(deps: Deps, req: FastifyRequest): number | null {
  const header = req.headers.cookie ?? '';
  const m = new RegExp(`(?:^|;\\s*)${COMMENTER_COOKIE}=(\\d{1,15})\\.([\\w-]{22})(?:;|$)`).exec(header);
  if (!m) return null;
  const id = Number(m[1]);
  const want = Buffer.from(proofOf(deps, id));
  const got = Buffer.from(m[2]);
  return got.length === want.length && timingSafeEqual(got, want) ? id : null;
}

/** Remembers that this browser wrote comment `id`. */
export function rememberCommenter(deps: Deps, reply: FastifyReply, id: number): void {
  const secure = deps.config.publicUrl.startsWith('https:') ? '; Secure' : '';
  reply.header('set-cookie', `${COMMENTER_COOKIE}=${id}.${proofOf(deps, id)}; Path=/comments; Max-Age=${YEAR_S}; SameSite=Lax; HttpOnly${secure}`);
}
