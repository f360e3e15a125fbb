/**
 * Start-up time (spawn to the first 200 from /healthz) and memory per worker (RSS right after
 * start and after 100 different pages are rendered and cached), against a bare `node -e`
 * node:http server started and measured the same way.
 */
import { SMALL, articlePaths } from './lib/data.js';
import { startGazette } from './lib/gazette.js';
import { freePort, get, rssMiB, spawnPinned, stop, waitForOk } from './lib/proc.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';

const RUNS = 5;
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bareRun(): Promise<{ ms: number; rss: number; rssWarm: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnPinned(process.execPath, ['-e', BARE, String(port)], '0');
  try {
    const url = `http://127.0.0.1:${port}/`;
    const ms = await waitForOk(url, child, started);
    const rss = rssMiB(child.pid!);
    for (let i = 0; i < 100; i++) await get(url);
    return { ms, rss, rssWarm: rssMiB(child.pid!) };
  } finally {
    await stop(child);
  }
}

export const startupBench: Benchmark = {
  name: 'startup',
  title: 'Start-up time and memory per worker vs a bare node:http server',
  needs: [],
  async run(ctx) {
    const dataDir = await ctx.dataset(SMALL);
    const paths = articlePaths(dataDir, 100);
    const bare = { ms: [] as number[], rss: [] as number[], rssWarm: [] as number[] };
    const gaz = { ms: [] as number[], rss: [] as number[], rssWarm: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const b = await bareRun();
      bare.ms.push(b.ms);
      bare.rss.push(b.rss);
      bare.rssWarm.push(b.rssWarm);
      const g = await startGazette({ dataDir, workers: 1, cpus: '0' });
      try {
        gaz.ms.push(g.startMs);
        gaz.rss.push(rssMiB(g.child.pid!));
        for (const p of paths) {
          const r = await get(g.url + p);
          if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
        }
        gaz.rssWarm.push(rssMiB(g.child.pid!));
      } finally {
        await g.stop();
      }
    }
    const m = (what: string, value: number, unit: string, base: string, baseValue: number, note?: string): Measurement => ({
      bench: 'startup',
      what,
      value: Math.round(value * 10) / 10,
      unit,
      baseline: { what: base, value: Math.round(baseValue * 10) / 10 },
      ratio: ratio(value, baseValue),
      ratioMeans: `× ${base}`,
      note,
    });
    return [
      m('start-up to /healthz OK', median(gaz.ms), 'ms', 'bare node -e http server', median(bare.ms), `median of ${RUNS}, 1k-article database`),
      m('RSS after start', median(gaz.rss), 'MiB', 'bare node:http RSS', median(bare.rss)),
      m('RSS after 100 pages cached', median(gaz.rssWarm), 'MiB', 'bare node:http RSS after 100 requests', median(bare.rssWarm)),
    ];
  },
};
