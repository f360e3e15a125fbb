/**
 * Article page throughput with a warm page cache, against nginx serving the identical bytes as a
 * static file, at the same concurrency. Also a bare node:http server holding the bytes (the
 * practical ceiling for Node), and both servers with two workers.
 *
 * Server on core 0, wrk on core 1 so they do not fight; the two-worker runs use both cores for the
 * server and share one with wrk, alike for both. Rounds alternate the servers and the best round
 * of each counts, which evens out a neighbour's burst of work.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleWithComments, SMALL } from './lib/data.js';
import { startGazette, type RunningServer } from './lib/gazette.js';
import { startNginx } from './lib/nginx.js';
import { captureOutput, freePort, get, spawnPinned, stop, waitForOk } from './lib/proc.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';
import { wrk } from './lib/wrk.js';

const CONNECTIONS = 50;
const ROUNDS = 2;
/** Headers nginx makes itself (or that describe the connection), not copied to its config. */
const OWN_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'etag',
  'last-modified',
  'transfer-encoding',
  'server',
  'accept-ranges',
]);

/** A bare node:http server answering every request with `body` and `rawHeaders` (the Node ceiling). */
export async function startBare(body: Buffer, rawHeaders: string[], cpus: string | undefined): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-bare-'));
  const flat: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (name !== 'date' && name !== 'connection' && name !== 'keep-alive') flat.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  writeFileSync(join(dir, 'body'), body);
  writeFileSync(join(dir, 'headers.json'), JSON.stringify(flat));
  const port = await freePort();
  const script = new URL('./lib/bare-server.js', import.meta.url).pathname;
  const child = spawnPinned(process.execPath, [script, join(dir, 'body'), join(dir, 'headers.json'), String(port)], cpus);
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const startMs = await waitForOk(url + '/', child, performance.now(), 10_000).catch((err) => {
    throw new Error(`bare server: ${(err as Error).message}\n${output()}`);
  });
  return { url, child, startMs, stop: async () => (await stop(child), rmSync(dir, { recursive: true, force: true })) };
}

interface Best {
  rps: number;
  /** Least server CPU milliseconds per request over the rounds. */
  cpuMs: number;
}

/** Best requests/second (and least CPU per request) of each server over alternating rounds. */
async function compare(servers: Record<string, RunningServer>, path: string, seconds: number, cpus: string | undefined): Promise<Record<string, Best>> {
  const best: Record<string, Best> = {};
  for (const s of Object.values(servers)) await wrk({ url: s.url + path, connections: CONNECTIONS, seconds: 1, cpus }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, s] of Object.entries(servers)) {
      const r = await wrk({ url: s.url + path, connections: CONNECTIONS, seconds, cpus, serverPid: s.child.pid });
      if (r.errors) throw new Error(`${name}: ${r.errors} failed requests under load`);
      const b = (best[name] ??= { rps: 0, cpuMs: Infinity });
      b.rps = Math.max(b.rps, r.rps);
      b.cpuMs = Math.min(b.cpuMs, r.cpuMs);
    }
  }
  return best;
}

export const articleBench: Benchmark = {
  name: 'article',
  title: 'Article page, warm page cache, vs nginx serving the same bytes',
  needs: ['wrk', 'nginx'],
  async run(ctx) {
    const dataDir = await ctx.dataset(SMALL);
    const path = articleWithComments(dataDir, 8);
    const pin = ctx.tools.taskset;
    const started: RunningServer[] = [];
    try {
      // One worker each, server on core 0, wrk on core 1.
      const g1 = await startGazette({ dataDir, workers: 1, cpus: '0' });
      started.push(g1);
      await get(g1.url + path);
      const page = await get(g1.url + path);
      if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
      ctx.log(`article ${path}: ${page.body.length} bytes, served from the page cache`);
      const extra: [string, string][] = [];
      for (let i = 0; i < page.rawHeaders.length; i += 2)
        if (!OWN_HEADERS.has(page.rawHeaders[i].toLowerCase())) extra.push([page.rawHeaders[i].toLowerCase(), page.rawHeaders[i + 1]]);
      const contentType = String(page.headers['content-type']);
      const n1 = await startNginx({ body: page.body, headers: extra, contentType, workers: 1, cpus: '0' });
      started.push(n1);
      const bare = await startBare(page.body, page.rawHeaders, '0');
      started.push(bare);
      const check = await get(n1.url + '/');
      if (!check.body.equals(page.body)) throw new Error('nginx does not serve the same bytes');

      const one = await compare({ gazette: g1, nginx: n1, bare }, path, ctx.seconds, pin ? '1' : undefined);
      for (const s of started.splice(0)) await s.stop();

      // Two workers each, on both cores; wrk shares core 1 with them, alike for both.
      const g2 = await startGazette({ dataDir, workers: 2 });
      started.push(g2);
      const n2 = await startNginx({ body: page.body, headers: extra, contentType, workers: 2 });
      started.push(n2);
      // Each worker has its own cache: fill both.
      for (let i = 0; i < 8; i++) await get(g2.url + path);
      const two = await compare({ gazette: g2, nginx: n2 }, path, ctx.seconds, pin ? '1' : undefined);

      const m = (what: string, v: Best, base: string, b: Best, goal?: Measurement['goal'], note?: string): Measurement => ({
        bench: 'article',
        what,
        value: Math.round(v.rps),
        unit: 'req/s',
        baseline: { what: base, value: Math.round(b.rps) },
        ratio: ratio(v.rps, b.rps),
        ratioMeans: `× ${base}`,
        cpuRatio: ratio(b.cpuMs, v.cpuMs),
        goal,
        note: [note, `CPU ${(v.cpuMs * 1000).toFixed(0)} vs ${(b.cpuMs * 1000).toFixed(0)} µs/req`].filter(Boolean).join('; '),
      });
      return [
        m('Gazette, 1 worker', one.gazette, 'nginx, 1 worker', one.nginx, { atLeast: 0.6 }, `${page.body.length} B page, wrk -c${CONNECTIONS}`),
        m('bare node:http, same bytes', one.bare, 'nginx, 1 worker', one.nginx, undefined, 'the practical ceiling for Node'),
        m('Gazette, 1 worker', one.gazette, 'bare node:http', one.bare),
        m('Gazette, 2 workers', two.gazette, 'nginx, 2 workers', two.nginx, { atLeast: 0.6 }),
      ];
    } finally {
      for (const s of started) await s.stop();
    }
  },
};
