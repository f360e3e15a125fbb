/**
 * What newsroom handlers receive, and who is signed in for a request.
 */
import type { FastifyRequest } from 'fastify';
import type { User } from '../db/schema.js';
import type { SiteContext } from '../runtime/site-context.js';

/** The newsroom's dependencies: the same as the site's (deps and fingerprinted assets). */
export type NewsroomContext = SiteContext;

/** A signed-in request: the user's row and the session it came with. */
export interface SignedIn {
  user: User;
  /** The session's id (a hash of the cookie's token). */
  sessionId: string;
}

const viewers = new WeakMap<FastifyRequest, SignedIn>();

/** Called by the guard once the session is checked. */
export function setSignedIn(req: FastifyRequest, who: SignedIn): void {
  viewers.set(req, who);
}

/** The signed-in user and session, or undefined on an anonymous request. */
export function maybeSignedIn(req: FastifyRequest): SignedIn | undefined {
  return viewers.get(req);
}

/** The signed-in user and session; throws on a route that admits anonymous visitors. */
export function signedIn(req: FastifyRequest): SignedIn {
  const who = viewers.get(req);
  if (!who) throw new Error('signedIn() on an anonymous request: the route must require a role');
  return who;
}
