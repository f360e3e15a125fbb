/**
 * The HTTP application: a node:http server whose first move is the page cache, then Fastify for
 * everything that is not a cached page.
 *
 * Why before routing: a cached article answered here costs a Map lookup and one writeHead; through
 * Fastify's route path the same bytes cost about twice as much (measured in bench/).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeConnectionsGracefully } from './graceful-close.js';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../runtime/deps.js';
import { Assets } from '../runtime/assets.js';
import { type Decision, predates } from '../runtime/page-cache.js';
import { type PageEntry, securityHeaders } from '../runtime/page-entry.js';
import { sendEntry, wroteAt, writerSince } from '../runtime/respond.js';
import { sendUnavailable } from '../runtime/unavailable.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { TimeWatch } from './time-watch.js';
import { registerSiteRoutes } from '../site/routes.js';
import { articlePage } from '../site/pages.js';
import { registerOpsRoutes } from './ops.js';
import { registerExtraRoutes } from '../site/extra-routes.js';
import { registerApiRoutes } from '../api/routes.js';
import { registerNewsroomRoutes } from '../newsroom/routes.js';
import { registerEditorPublicRoutes } from '../newsroom/public-routes.js';
import { registerCommentMailRoutes } from '../comments/mail-routes.js';
import { registerCommentRoutes } from '../comments/routes.js';
import { registerLiveRoute } from '../comments/live-route.js';
import type { SiteContext } from '../runtime/site-context.js';
import { sendError } from '../runtime/errors.js';

/** A route as Fastify registered it: its method(s), address and config (an admin route's role and input schemas). */
export interface RegisteredRoute {
  method: string | string[];
  url: string;
  config: unknown;
}

export interface App {
  fastify: FastifyInstance;
  /** Every route Fastify registered, in order (read by the test that every admin route has its schemas). */
  routes: readonly RegisteredRoute[];
  ctx: SiteContext;
  timeWatch: TimeWatch;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createApp(deps: Deps): Promise<App> {
  const assets = await Assets.load(securityHeaders(deps.config.publicUrl.startsWith('https:')));
  const timeWatch = new TimeWatch(deps);
  await timeWatch.recompute();
  await deps.settings.all();
  const { cache, bus, metrics, clock } = deps;

  /**
   * A GET of a page the cache holds stale or not at all: answered stale, after the one render in
   * flight, or rendered (by the route, which stores it). See runtime/page-cache.ts.
   */
  const answer = (req: IncomingMessage, res: ServerResponse, entry: PageEntry, start: number): void => {
    cache.hits++;
    sendEntry(req, res, entry);
    metrics.observe(entry.route, res.statusCode, (performance.now() - start) / 1000);
  };

  const notFresh = (
    req: IncomingMessage,
    res: ServerResponse,
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    start: number,
    attempt: number,
  ): void => {
    const url = req.url!;
    const now = Date.now();
    const writer = writerSince(req, now);
    const d = url.includes('?') || attempt > 2 ? ({ kind: 'render' } as Decision) : cache.decide(url, now, writer);
    if (d.kind === 'serve') {
      answer(req, res, d.entry, start);
      return;
    }
    if (d.kind === 'wait') {
      void d.flight.promise.then((entry) => {
        if (entry && cache.fitFor(entry, Date.now(), writer)) answer(req, res, entry, start);
        else notFresh(req, res, handler, start, attempt + 1);
      });
      return;
    }
    const flight = d.flight;
    cache.began(req, now, flight);
    if (flight) res.once('close', () => cache.endFlight(flight, res.writableFinished));
    handler(req, res);
  };

  const hotPath = (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
    createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      const method = req.method;
      // Every request first takes in what other processes wrote (settings, invalidations).
      bus.poll();
      if (method === 'GET' || method === 'HEAD') {
        const start = performance.now();
        timeWatch.check(clock.now());
        const url = req.url!;
        if (url.charCodeAt(1) === 97 /* a */ && url.startsWith('/assets/')) {
          const asset = assets.get(url);
          if (asset) return answer(req, res, asset, start);
        } else {
          const entry = cache.peek(url);
          // Fresh, unless the reader commented since its render began (then notFresh decides).
          if (entry && !entry.staleSince) {
            const wrote = wroteAt(req);
            if (!wrote || !predates(entry, wrote)) return answer(req, res, entry, start);
          }
          return notFresh(req, res, handler, start, 0);
        }
      }
      handler(req, res);
    });

  const fastify = Fastify({
    serverFactory: hotPath,
    logger: false,
    bodyLimit: 64 * 1024,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 500 },
  });
  closeConnectionsGracefully(fastify.server);
  const routes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (r) => {
    routes.push({ method: r.method, url: r.url, config: r.config });
  });

  // Every response Fastify sends carries the security headers (a scope may set its own value of one
  // first, as the newsroom does for Referrer-Policy). Cached pages carry the same list, from the cache.
  const security = securityHeaders(deps.config.publicUrl.startsWith('https:'));
  fastify.addHook('onSend', async (_req, reply, payload) => {
    for (let i = 0; i < security.length; i += 2) if (!reply.hasHeader(security[i])) reply.header(security[i], security[i + 1]);
    return payload;
  });

  fastify.addHook('onRequest', async (req) => {
    (req as unknown as { startedAt: number }).startedAt = performance.now();
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const started = (req as unknown as { startedAt: number }).startedAt;
    const route = (req as typeof req & { pageRoute?: string }).pageRoute ?? req.routeOptions.url ?? 'unmatched';
    metrics.observe(route, reply.statusCode, (performance.now() - started) / 1000);
  });
  fastify.setErrorHandler((err, req, reply) => {
    const unavailable = isDatabaseUnavailable(err);
    const status = unavailable ? 503 : ((err as { statusCode?: number }).statusCode ?? 500);
    // A page that failed to render answers as it last rendered (stale-if-error), the database
    // away or not.
    const last = status >= 500 && (req.method === 'GET' || req.method === 'HEAD') && !reply.sent ? cache.failed(req.url, req.raw) : undefined;
    if (unavailable)
      deps.log.warn(
        { url: req.url, method: req.method, err: { message: (err as Error).message } },
        `database unavailable: answered ${last ? 'the last good page' : '503'}`,
      );
    if (last) {
      if (!unavailable) deps.log.error({ err, url: req.url }, 'request failed: answered the last good page');
      reply.hijack();
      return sendEntry(req.raw, reply.raw, last);
    }
    if (unavailable) return sendUnavailable(deps, assets, req, reply);
    // Everything else: the one answer for every error (runtime/errors.ts), which logs a 500.
    return sendError(deps.log, req, reply, err);
  });
  // An address no route takes (a POST to a page, an unknown method) answers like any other error.
  fastify.setNotFoundHandler((req, reply) => sendError(deps.log, req, reply, Object.assign(new Error('not found'), { statusCode: 404 })));

  const ctx: SiteContext = { deps, assets };
  registerOpsRoutes(fastify, deps);
  registerExtraRoutes(fastify, ctx);
  registerApiRoutes(fastify, ctx);
  registerNewsroomRoutes(fastify, ctx);
  registerEditorPublicRoutes(fastify, ctx);
  registerSiteRoutes(fastify, ctx);
  registerCommentMailRoutes(fastify, ctx);
  registerCommentRoutes(fastify, ctx, (site, slug, path, form) => articlePage(deps, site, { slug }, path, form));
  registerLiveRoute(fastify, deps);
  await fastify.ready();

  return {
    fastify,
    routes,
    ctx,
    timeWatch,
    async listen(port, host) {
      return fastify.listen({ port, host });
    },
    async close() {
      // Finish requests in flight. A keep-alive connection that goes idle after close began would
      // otherwise linger for keepAliveTimeout, so idle ones are ended as they appear (gracefully:
      // ./graceful-close.ts), and after ten seconds whatever is left is cut.
      const server = fastify.server;
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
      try {
        await fastify.close();
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
      }
    },
  };
}
