/**
 * Operations: /healthz (liveness and database readiness) and /metrics (Prometheus).
 *
 * /healthz answers 200 as long as the process serves: `ok`, or `degraded` with what is wrong
 * (the database out of reach, invalidations not heard, Redis away). A degraded node still serves
 * its cached pages, so a load balancer should keep sending it readers; monitoring reads `status`.
 */
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../runtime/deps.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics (it shows pending and spam counts): a request with the configured bearer
 * token, or without one configured, a request from this machine that came through no proxy.
 */
export function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const got = Buffer.from(String(req.headers.authorization ?? ''));
    const want = Buffer.from(`Bearer ${token}`);
    return got.length === want.length && timingSafeEqual(got, want);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    let database: 'ok' | 'unavailable' = 'ok';
    let error: string | undefined;
    try {
      await sql`SELECT 1`.execute(deps.kysely);
    } catch (err) {
      database = 'unavailable';
      error = (err as Error).message;
    }
    const bus = deps.bus.state();
    const degraded = database !== 'ok' || bus.listener === 'reconnecting' || bus.redis === 'reconnecting';
    return {
      status: degraded ? 'degraded' : 'ok',
      database: deps.db.dialect,
      checks: { database, invalidations: bus.listener, ...(bus.redis ? { redis: bus.redis } : {}), silent_processes: bus.silent.length },
      ...(error ? { error } : {}),
      uptime_seconds: Math.round((Date.now() - deps.metrics.started) / 1000),
    };
  });

  app.get('/metrics', async (req, reply) => {
    if (!mayReadMetrics(req, deps.config.metricsToken)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .header('x-gazette-error', 'GAZ_ERR_METRICS_UNAUTHORIZED')
        .type('text/plain; charset=utf-8')
        .send('Metrics need the token configured as METRICS_TOKEN.');
    }
    // The counts need the database; the rest of the metrics matter most when it is away.
    const comments = await deps.kysely
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
      .catch(() => []);
    const mem = process.memoryUsage();
    reply.header('cache-control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8');
    return deps.metrics.render([
      { name: 'gazette_page_cache_hits_total', help: 'Pages answered from the page cache.', type: 'counter', values: [[{}, deps.cache.hits]] },
      { name: 'gazette_page_cache_misses_total', help: 'Pages rendered because the cache had none.', type: 'counter', values: [[{}, deps.cache.misses]] },
      { name: 'gazette_page_cache_entries', help: 'Pages held in the page cache.', type: 'gauge', values: [[{}, deps.cache.size]] },
      {
        name: 'gazette_page_cache_stale_hits_total',
        help: 'Hits answered with a page a comment had made stale, within its bound, while it was rendered again.',
        type: 'counter',
        values: [[{}, deps.cache.staleHits]],
      },
      {
        name: 'gazette_page_cache_coalesced_total',
        help: 'Requests that waited for the render of the same page already in flight.',
        type: 'counter',
        values: [[{}, deps.cache.coalesced]],
      },
      {
        name: 'gazette_page_cache_stale_on_error_total',
        help: 'Failed renders answered with the last good page.',
        type: 'counter',
        values: [[{}, deps.cache.staleOnError]],
      },
      { name: 'gazette_comments', help: 'Comments by status.', type: 'gauge', values: comments.map((c) => [{ status: c.status }, Number(c.n)]) },
      {
        name: 'gazette_database_up',
        help: 'Whether the last attempt to reach the database worked.',
        type: 'gauge',
        values: [[{}, deps.db.availability.up ? 1 : 0]],
      },
      {
        name: 'gazette_invalidations_listening',
        help: "Whether this process hears other processes' invalidations (1), or is reconnecting (0).",
        type: 'gauge',
        values: [[{}, deps.bus.state().listener === 'reconnecting' ? 0 : 1]],
      },
      {
        name: 'gazette_process_resident_memory_bytes',
        help: 'Resident memory of this process.',
        type: 'gauge',
        values: [[{ pid: String(process.pid) }, mem.rss]],
      },
    ]);
  });
}
