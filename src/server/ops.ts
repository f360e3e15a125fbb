/**
 * Operations: /healthz (liveness and database readiness) and /metrics (Prometheus).
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
    try {
      await sql`SELECT 1`.execute(deps.kysely);
      return { status: 'ok', database: deps.db.dialect, uptime_seconds: Math.round((Date.now() - deps.metrics.started) / 1000) };
    } catch (err) {
      reply.code(503);
      return { status: 'unavailable', database: deps.db.dialect, error: (err as Error).message };
    }
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
    const comments = await deps.kysely
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const mem = process.memoryUsage();
    reply.header('cache-control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8');
    return deps.metrics.render([
      { name: 'gazette_page_cache_hits_total', help: 'Pages answered from the page cache.', type: 'counter', values: [[{}, deps.cache.hits]] },
      { name: 'gazette_page_cache_misses_total', help: 'Pages rendered because the cache had none.', type: 'counter', values: [[{}, deps.cache.misses]] },
      { name: 'gazette_page_cache_entries', help: 'Pages held in the page cache.', type: 'gauge', values: [[{}, deps.cache.size]] },
      { name: 'gazette_comments', help: 'Comments by status.', type: 'gauge', values: comments.map((c) => [{ status: c.status }, Number(c.n)]) },
      {
        name: 'gazette_process_resident_memory_bytes',
        help: 'Resident memory of this process.',
        type: 'gauge',
        values: [[{ pid: String(process.pid) }, mem.rss]],
      },
    ]);
  });
}
