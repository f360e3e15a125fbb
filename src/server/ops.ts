/**
 * Operations: /healthz (liveness and database readiness) and /metrics (Prometheus).
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../runtime/deps.js';

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

  app.get('/metrics', async (_req, reply) => {
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
        name: 'gazette_process_resident_memory_bytes',
        help: 'Resident memory of this process.',
        type: 'gauge',
        values: [[{ pid: String(process.pid) }, mem.rss]],
      },
    ]);
  });
}
