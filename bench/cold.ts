/**
 * Cold render (PAGE_CACHE=0): article pages and the front page on a database of 1k articles
 * against one of 100k. A site ten times older should not be much slower to render: the goal is
 * at most 1.5× the time per page.
 *
 * Article URLs rotate over 200 stories spread over the whole date range, not only the newest.
 */
import { LARGE, SMALL, articlePaths, type Dataset } from './lib/data.js';
import { startGazette } from './lib/gazette.js';
import { get } from './lib/proc.js';
import { ratio, type BenchContext, type Benchmark, type Measurement } from './lib/types.js';
import { wrk, type WrkResult } from './lib/wrk.js';

/** Few connections: one worker renders one page at a time; more only queue. */
export const COLD_CONNECTIONS = 4;

export interface ColdRun {
  article: WrkResult;
  front: WrkResult;
}

/** Starts an uncached server on `d` and loads its article pages and front page. */
export async function coldRun(ctx: BenchContext, d: Dataset): Promise<ColdRun> {
  const dataDir = await ctx.dataset(d);
  const paths = articlePaths(dataDir, 200);
  const server = await startGazette({ dataDir, workers: 1, pageCache: false, cpus: '0' });
  const cpus = ctx.tools.taskset ? '1' : undefined;
  try {
    for (const p of paths.slice(0, 3)) {
      const r = await get(server.url + p);
      if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
    }
    const serverPid = server.child.pid;
    await wrk({ url: server.url, paths, connections: COLD_CONNECTIONS, seconds: 1, cpus }); // warm-up
    const article = await wrk({ url: server.url, paths, connections: COLD_CONNECTIONS, seconds: ctx.seconds, cpus, serverPid });
    const front = await wrk({ url: server.url + '/', connections: COLD_CONNECTIONS, seconds: Math.max(2, Math.round(ctx.seconds * 0.75)), cpus, serverPid });
    for (const [name, r] of [
      ['article', article],
      ['front', front],
    ] as const)
      if (!r.requests) throw new Error(`${d.name} ${name}: no request completed`);
    return { article, front };
  } finally {
    await server.stop();
  }
}

export const coldBench: Benchmark = {
  name: 'cold',
  title: 'Cold render (no page cache): 100k articles vs 1k',
  needs: ['wrk'],
  async run(ctx) {
    const small = await coldRun(ctx, SMALL);
    const large = await coldRun(ctx, LARGE);
    const m = (what: string, s: WrkResult, l: WrkResult): Measurement => ({
      bench: 'cold',
      what: `${what} at 100k articles`,
      value: Math.round(l.rps * 10) / 10,
      unit: 'req/s',
      baseline: { what: `${what} at 1k`, value: Math.round(s.rps * 10) / 10 },
      // Reported as how many times slower the big site is: 1k rate / 100k rate.
      ratio: ratio(s.rps, l.rps),
      ratioMeans: '× slower than at 1k',
      cpuRatio: ratio(l.cpuMs, s.cpuMs),
      goal: { atMost: 1.5 },
      note: `p50 ${l.p50.toFixed(1)} vs ${s.p50.toFixed(1)} ms; CPU ${l.cpuMs.toFixed(2)} vs ${s.cpuMs.toFixed(2)} ms/req${l.errors + s.errors ? `; ${l.errors + s.errors} errors or timeouts` : ''}`,
    });
    return [m('article page', small.article, large.article), m('front page', small.front, large.front)];
  },
};
