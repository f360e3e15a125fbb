/**
 * Full-text search at 100k articles (PAGE_CACHE=0), against rendering an article page cold on the
 * same database: a search result page should cost about what an article page costs.
 */
import { LARGE, articlePaths } from './lib/data.js';
import { startGazette } from './lib/gazette.js';
import { get } from './lib/proc.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';
import { wrk } from './lib/wrk.js';
import { COLD_CONNECTIONS } from './cold.js';

/** A common word, a section's subject, a two-word phrase, a rare coined name, a prefix. */
const QUERIES = ['officials', 'referendum', 'flood barrier', 'Quarro', 'harbo'];

export const searchBench: Benchmark = {
  name: 'search',
  title: 'Search at 100k articles vs a cold article page',
  needs: ['wrk'],
  async run(ctx) {
    const dataDir = await ctx.dataset(LARGE);
    const paths = articlePaths(dataDir, 200);
    const server = await startGazette({ dataDir, workers: 1, pageCache: false, cpus: '0' });
    const cpus = ctx.tools.taskset ? '1' : undefined;
    const seconds = Math.max(2, Math.round(ctx.seconds * 0.75));
    try {
      const serverPid = server.child.pid;
      await wrk({ url: server.url, paths, connections: COLD_CONNECTIONS, seconds: 1, cpus });
      const base = await wrk({ url: server.url, paths, connections: COLD_CONNECTIONS, seconds, cpus, serverPid });
      const out: Measurement[] = [];
      for (const q of QUERIES) {
        const path = `/search?q=${encodeURIComponent(q)}`;
        const page = await get(server.url + path);
        if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
        const hits = (page.body.toString().match(/<mark>/g) ?? []).length > 0;
        const r = await wrk({ url: server.url + path, connections: COLD_CONNECTIONS, seconds, cpus, serverPid });
        if (!r.requests) throw new Error(`${path}: no request completed`);
        out.push({
          bench: 'search',
          what: `search “${q}”`,
          value: Math.round(r.rps * 10) / 10,
          unit: 'req/s',
          baseline: { what: 'cold article page at 100k', value: Math.round(base.rps * 10) / 10 },
          ratio: ratio(r.rps, base.rps),
          ratioMeans: '× article render rate',
          cpuRatio: ratio(base.cpuMs, r.cpuMs),
          note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; CPU ${r.cpuMs.toFixed(2)} vs ${base.cpuMs.toFixed(2)} ms/req${hits ? '' : '; no results'}${r.errors ? `; ${r.errors} errors or timeouts` : ''}`,
        });
      }
      return out;
    } finally {
      await server.stop();
    }
  },
};
