/**
 * The admin scope's hooks: who is signed in and whether their role admits the route (before the
 * body is even read), the CSRF check (once the body is parsed), and the caching and referrer headers
 * every admin response carries (the security headers are the root hook's, server/app.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, type RouteRole } from './access.js';
import { setSignedIn, maybeSignedIn, type NewsroomContext } from './context.js';
import { csrfValid, ensurePreSession } from './csrf.js';
import { loadSession } from './auth/sessions.js';
import { isStateChanging } from './registry.js';
import { errorPage, forbidden } from './views/page.js';
import { isDatabaseUnavailable } from '../db/connect.js';

/** The route's least role, from its config (set by routes.ts for every admin route). */
export function routeRole(req: FastifyRequest): RouteRole {
  return (req.routeOptions.config as { newsroom?: RouteRole }).newsroom ?? 'administrator';
}

/** Where an anonymous visitor is sent: the sign-in page, coming back here afterwards. */
export function loginRedirect(req: FastifyRequest): string {
  const back = req.method === 'GET' ? req.url : '/admin/';
  return '/admin/login?next=' + encodeURIComponent(back);
}

/** Posts that found the database away before their body was read. */
const unreachable = new WeakMap<FastifyRequest, unknown>();

export function addGuard(scope: FastifyInstance, ctx: NewsroomContext): void {
  scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const role = routeRole(req);
    let who: Awaited<ReturnType<typeof loadSession>>;
    try {
      who = await loadSession(ctx.deps, req);
    } catch (err) {
      // The database is away: a form being posted is read first, so the 503 page can give back
      // what was typed (../runtime/unavailable.ts). Nothing runs before the preHandler throws.
      if (!isStateChanging(req.method) || !isDatabaseUnavailable(err)) throw err;
      unreachable.set(req, err);
      return;
    }
    if (who) setSignedIn(req, who);
    if (role === 'anonymous') {
      if (!who) ensurePreSession(ctx, req, reply);
      return;
    }
    if (!who) return reply.code(302).header('location', loginRedirect(req)).send();
    if (!roleAtLeast(who.user.role, role)) return forbidden(ctx, req, reply);
  });

  scope.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (unreachable.has(req)) throw unreachable.get(req);
    if (isStateChanging(req.method) && !csrfValid(ctx, req)) return errorPage(ctx, req, reply, 'GAZ_ERR_CSRF');
  });

  scope.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Admin pages are per person: never stored by a browser, a proxy or a CDN.
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    // Reset and invitation links carry a token in the URL: send no Referer anywhere else.
    reply.header('referrer-policy', 'same-origin');
    if (maybeSignedIn(req)) reply.header('vary', 'Cookie');
    return payload;
  });
}
