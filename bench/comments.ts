/**
 * Comment posting (issue 3): accepted comments per second, p50/p99 latency and the time from an
 * acknowledged approved comment to its appearance on the article page, on a fresh SQLite database
 * with the flood limit, the form timing and the first-time hold lifted by configuration.
 *
 * Every poster is a distinct writer (own name, email and X-Forwarded-For; the server runs with
 * TRUST_PROXY=true so each counts as its own address). Posts use the JSON variant over keep-alive
 * connections, C at a time, bounded by count and by time.
 *
 * Baseline, same server, same run: the same number of `GET /healthz` at the same concurrency over
 * the same keep-alive agent. It goes through the same HTTP stack, cluster, client and database
 * connection (it runs `SELECT 1`), so the ratio is "how much of a trivial request's rate a comment
 * keeps", and neighbours stealing the cores move both figures alike. The rate of single-row
 * transactions SQLite commits with synchronous=FULL in this process (one fsync each) is printed in
 * the note: it is the ceiling one-transaction-per-comment could reach on this disk.
 *
 * Two loads, one after the other on the same server:
 * - Saturation (closed loop): C posters each send their next comment as soon as the last is
 *   answered. Its rate is the most the server accepts; its latency is mostly the queue C makes.
 * - The goal rate (open loop, as wrk2 measures): comments sent on a fixed schedule of `RATE` a
 *   second whatever the answers do, each latency counted from the moment its comment was due, so a
 *   stall delays every comment scheduled behind it and shows in the p99 (no coordinated omission).
 *   This is the "1,000 comments/s with p99 under 50 ms".
 *
 * Visibility: during the paced load a probe posts the HTML form (as a browser does), follows the
 * 303 to the comment's page at once and checks the comment is on it; "post→visible" is the time
 * from sending the post to reading that page, and "missed" counts pages that did not show it on
 * that very next request.
 *
 * `node dist/bench/comments.js [--workers N] [--seconds S] [--runs R] [--concurrency C] [--probe 0]` runs it alone.
 */
import http from 'node:http';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { BIN } from './lib/paths.js';
import { captureOutput, cpuSeconds, freePort, spawnPinned, stop, waitForOk } from './lib/proc.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';
import { freshPgDatabase } from './lib/postgres.js';

const MAX_POSTS = 20_000;
const CONCURRENCY = 32;
/** The goal rate of the open-loop load (issue 3). */
const RATE = 1000;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(body);
  });
}

export const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
export const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

interface LoadResult {
  done: number;
  ok: number;
  other: Map<number, number>;
  perSecond: number;
  /** Server CPU milliseconds per request. */
  cpuMs: number;
  /** The primary's share of it. */
  primaryCpuMs?: number;
  p50: number;
  p99: number;
}

/** Runs `one(i)` `count` times, `concurrency` at a time, stopping early after `seconds`. */
async function load(
  count: number,
  concurrency: number,
  seconds: number,
  one: (i: number) => Promise<number>,
  cpu: () => number = () => NaN,
): Promise<LoadResult> {
  const cpu0 = cpu();
  const latencies: number[] = [];
  const other = new Map<number, number>();
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      const status = await one(i);
      latencies.push(performance.now() - t);
      if (status >= 200 && status < 300) ok++;
      else other.set(status, (other.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const cpuMs = ((cpu() - cpu0) * 1000) / Math.max(1, latencies.length);
  return { done: latencies.length, ok, other, perSecond: ok / elapsed, cpuMs, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/**
 * Open loop: request `i` is due at start + i/rate; each latency runs from when it was due. Stops
 * scheduling after `seconds`, then waits for what is in flight.
 */
export async function paced(rate: number, seconds: number, one: (i: number) => Promise<number>, cpu: () => number = () => NaN): Promise<LoadResult> {
  const cpu0 = cpu();
  const latencies: number[] = [];
  const other = new Map<number, number>();
  let ok = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    for (; sent < total && started + (sent * 1000) / rate <= now; sent++) {
      const due = started + (sent * 1000) / rate;
      inFlight.push(
        one(sent).then((status) => {
          latencies.push(performance.now() - due);
          if (status >= 200 && status < 300) ok++;
          else other.set(status, (other.get(status) ?? 0) + 1);
        }),
      );
    }
    // Sleep until the next comment is due (not spin: the client shares the cores with the server).
    const next = started + (sent * 1000) / rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const cpuMs = ((cpu() - cpu0) * 1000) / Math.max(1, latencies.length);
  return { done: latencies.length, ok, other, perSecond: ok / elapsed, cpuMs, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** Single-row transactions per second SQLite commits here with WAL and synchronous=FULL. */
function fsyncRate(dir: string, seconds = 1): number {
  const db = new SQLite(join(dir, 'fsync.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) insert.run(`row ${n++}`);
  const rate = n / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

export interface Served {
  url: string;
  /** The server's process (with WORKERS=1, the one that answers). */
  pid: number;
  /** CPU seconds the server (primary and workers) has used so far. */
  cpu(): number;
  /** CPU seconds of the primary alone (with several workers: the comment writer). */
  primaryCpu(): number;
  cli(args: string[]): void;
  /** The same, without blocking this process (which may be serving a proxy the command goes through). */
  cliAsync(args: string[]): Promise<void>;
  close(): Promise<void>;
}

/** `bin`: the `gazette` command to start (another checkout's, to compare builds in one run). */
export async function serve(workers: number, env: Record<string, string> = {}, bin = BIN): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-bench-comments-'));
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WORKERS: String(workers),
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  delete childEnv.SMTP_URL;
  Object.assign(childEnv, env);
  // With the sample site: two articles to comment on.
  // BENCH_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnPinned(process.execPath, [...nodeArgs, bin, 'serve'], undefined, { env: childEnv, cwd: dataDir });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    // Generous: on a shared, busy machine a start can take minutes.
    await waitForOk(url + '/healthz', child, performance.now(), 180_000);
  } catch (err) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  return {
    url,
    pid: child.pid!,
    cpu: () => cpuSeconds(child.pid!),
    primaryCpu: () => cpuSeconds(child.pid!, 2),
    cli(args) {
      const r = spawnSync(process.execPath, [bin, ...args], { env: childEnv, cwd: dataDir, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr}`);
    },
    cliAsync(args) {
      return new Promise((resolve, reject) => {
        execFile(process.execPath, [bin, ...args], { env: childEnv, cwd: dataDir, encoding: 'utf8', timeout: 60_000 }, (err, _out, stderr) =>
          err ? reject(new Error(`gazette ${args.join(' ')}: ${stderr || err.message}`)) : resolve(),
        );
      });
    },
    async close() {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Lifts the limits a stream of comments from one bench would meet (the flood interval, the form's
 * minimum time, the first-time hold): every comment is approved at once. Through `cliAsync`, as the
 * database may sit behind a proxy this process serves.
 */
export async function liftCommentLimits(s: Served): Promise<void> {
  await s.cliAsync(['settings', 'set', 'comments.flood_seconds', '0']);
  await s.cliAsync(['settings', 'set', 'comments.min_form_seconds', '0']);
  await s.cliAsync(['settings', 'set', 'comments.hold_first_time', 'false']);
}

export interface CommentRun {
  /** Closed loop, C at a time: the most the server takes. */
  posts: LoadResult;
  /** Open loop at RATE a second. */
  atRate: LoadResult;
  health: LoadResult;
  visibleMs: number[];
  missed: number;
}

let writer = 0;
const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** One server start: baseline, then the comment load with the visibility probe beside it. */
export async function commentRun(
  workers: number,
  seconds: number,
  concurrency = CONCURRENCY,
  probeVisibility = true,
  env: Record<string, string> = {},
): Promise<CommentRun> {
  const s = await serve(workers, env);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 1 });
  // The paced load opens what connections its backlog needs, as independent readers would.
  const open = new http.Agent({ keepAlive: true, maxSockets: 512 });
  try {
    await liftCommentLimits(s);
    const front = await request(agent, s.url + '/', 'GET', {});
    const paths = [...new Set([...front.body.matchAll(/href="(\/\d{4}\/\d\d\/\d\d\/[^"/]+\/)"/g)].map((m) => m[1]))];
    if (!paths.length) throw new Error('no article on the front page');
    const page = await request(agent, s.url + paths[0], 'GET', {});
    const articleId = Number(/name="article_id" value="(\d+)"/.exec(page.body)?.[1]);
    const token = JSON.parse((await request(agent, `${s.url}/comments/token?article=${articleId}`, 'GET', {})).body).token as string;

    const post = (json: boolean, via = agent) => {
      const n = ++writer;
      const body = {
        article_id: String(articleId),
        author: `Bench Reader ${n}`,
        email: `bench.reader.${n}@example.net`,
        url: '',
        comment: `Comment ${n} on the talks in Beijing: a point worth making (${n.toString(36)}).`,
        form_token: token,
      };
      const headers = {
        'x-forwarded-for': ip(n),
        'user-agent': 'GazetteBench/1.0',
        accept: json ? 'application/json' : 'text/html',
        'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      };
      return request(via, s.url + '/comments', 'POST', headers, json ? JSON.stringify(body) : new URLSearchParams(body).toString());
    };

    // Warm up both workers' code paths and caches.
    await load(200, concurrency, 30, async () => (await post(true)).status);
    const health = await load(MAX_POSTS, concurrency, seconds, async () => (await request(agent, s.url + '/healthz', 'GET', {})).status, s.cpu);

    const visibleMs: number[] = [];
    let missed = 0;
    let probing = probeVisibility;
    const probe = async () => {
      while (probing) {
        const t = performance.now();
        const r = await post(false);
        if (r.status !== 303) throw new Error(`probe post answered ${r.status}`);
        const location = String(r.headers.location);
        const id = /#comment-(\d+)$/.exec(location)?.[1];
        const shown = await request(agent, s.url + location.replace(/#.*/, ''), 'GET', {});
        if (shown.body.includes(`id="comment-${id}"`)) visibleMs.push(performance.now() - t);
        else missed++;
      }
    };
    const primary0 = s.primaryCpu();
    const posts = await load(MAX_POSTS, concurrency, seconds, async () => (await post(true)).status, s.cpu);
    posts.primaryCpuMs = ((s.primaryCpu() - primary0) * 1000) / Math.max(1, posts.done);
    const probing$ = probe();
    const atRate = await paced(RATE, seconds, async () => (await post(true, open)).status, s.cpu);
    probing = false;
    await probing$;
    return { posts, atRate, health, visibleMs, missed };
  } finally {
    agent.destroy();
    open.destroy();
    await s.close();
  }
}

export function describeRun(workers: number, r: CommentRun): string {
  const others = [...r.posts.other].map(([k, v]) => `${v}×${k}`).join(' ');
  const vis = [...r.visibleMs].sort((a, b) => a - b);
  const a = r.atRate;
  const aOthers = [...a.other].map(([k, v]) => `${v}×${k}`).join(' ');
  return (
    `workers=${workers}: ${r.posts.perSecond.toFixed(0)} comments/s (p50 ${r.posts.p50.toFixed(1)} ms, p99 ${r.posts.p99.toFixed(1)} ms, ${r.posts.ok}/${r.posts.done} accepted${others ? ', ' + others : ''}); ` +
    `paced at ${RATE}/s: ${a.perSecond.toFixed(0)}/s p50 ${a.p50.toFixed(1)} ms p99 ${a.p99.toFixed(1)} ms (${a.ok}/${a.done} accepted${aOthers ? ', ' + aOthers : ''}); ` +
    `/healthz ${r.health.perSecond.toFixed(0)}/s (p99 ${r.health.p99.toFixed(1)} ms); server CPU/req ${r.posts.cpuMs.toFixed(2)} ms (primary ${r.posts.primaryCpuMs?.toFixed(2)}) vs ${r.health.cpuMs.toFixed(2)} ms; ` +
    `post→visible p50 ${quantile(vis, 0.5).toFixed(1)} ms p99 ${quantile(vis, 0.99).toFixed(1)} ms over ${vis.length} probes, ${r.missed} missed`
  );
}

export const commentsBench: Benchmark = {
  name: 'comments',
  title: 'POST /comments from distinct writers (limits lifted), SQLite, default and 1 worker, vs GET /healthz',
  needs: [],
  async run(ctx) {
    const runs = 3;
    const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-fsync-'));
    const fsync = fsyncRate(dir);
    rmSync(dir, { recursive: true, force: true });
    const out: Measurement[] = [];
    for (const workers of [Math.max(1, cpus().length), 1]) {
      const rs: CommentRun[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await commentRun(workers, ctx.seconds);
        ctx.log(describeRun(workers, r));
        rs.push(r);
      }
      const rate = median(rs.map((r) => r.posts.perSecond));
      const base = median(rs.map((r) => r.health.perSecond));
      const vis = rs.flatMap((r) => r.visibleMs).sort((a, b) => a - b);
      const missed = rs.reduce((n, r) => n + r.missed, 0);
      const label = workers === 1 ? '1 worker' : `${workers} workers (default)`;
      out.push({
        bench: 'comments',
        what: `comments accepted/s, ${label}, C=${CONCURRENCY}`,
        value: Math.round(rate),
        unit: 'req/s',
        baseline: { what: 'GET /healthz', value: Math.round(base) },
        ratio: ratio(rate, base),
        ratioMeans: '× /healthz',
        cpuRatio: ratio(median(rs.map((r) => r.health.cpuMs)), median(rs.map((r) => r.posts.cpuMs))),
        note: `median of ${runs}, closed loop: p50 ${median(rs.map((r) => r.posts.p50)).toFixed(1)} ms, p99 ${median(rs.map((r) => r.posts.p99)).toFixed(1)} ms; fsync-bound SQLite commits ${Math.round(fsync)}/s`,
      });
      const p99 = median(rs.map((r) => r.atRate.p99));
      out.push({
        bench: 'comments',
        what: `p99 latency of comments sent at ${RATE}/s (open loop), ${label}`,
        value: Math.round(p99 * 10) / 10,
        unit: 'ms',
        baseline: { what: 'goal', value: 50 },
        ratio: ratio(p99, 50),
        ratioMeans: '× the 50 ms goal',
        goal: { atMost: 1 },
        note: `median of ${runs}: ${median(rs.map((r) => r.atRate.perSecond)).toFixed(0)} accepted/s, p50 ${median(rs.map((r) => r.atRate.p50)).toFixed(1)} ms (goal: ${RATE}/s with p99 < 50 ms)`,
      });
      out.push({
        bench: 'comments',
        what: `approved comment post→visible on next request, ${label}`,
        value: Math.round(quantile(vis, 0.5) * 10) / 10,
        unit: 'ms',
        baseline: { what: 'p99 of a comment post', value: Math.round(median(rs.map((r) => r.posts.p99)) * 10) / 10 },
        ratio: ratio(quantile(vis, 0.5), median(rs.map((r) => r.posts.p99))),
        ratioMeans: '× post p99',
        note: `p99 ${quantile(vis, 0.99).toFixed(1)} ms over ${vis.length} probes; ${missed} not visible on the very next request`,
      });
    }
    return out;
  },
};

// Alone: node dist/bench/comments.js [--workers N] [--seconds S] [--runs R] [--concurrency C] [--probe 0]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const workers = arg('workers', Math.max(1, cpus().length));
  const seconds = arg('seconds', 6);
  const runs = arg('runs', 3);
  const concurrency = arg('concurrency', CONCURRENCY);
  // --probe 0: no visibility probe.
  const probe = arg('probe', 1) !== 0;
  const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-fsync-'));
  process.stdout.write(`fsync-bound SQLite commits: ${fsyncRate(dir).toFixed(0)}/s\n`);
  rmSync(dir, { recursive: true, force: true });
  // --postgres: on a fresh PostgreSQL database (BENCH_PG_URL) instead of SQLite.
  const postgres = process.argv.includes('--postgres') ? await freshPgDatabase() : undefined;
  try {
    for (let i = 0; i < runs; i++)
      process.stdout.write(describeRun(workers, await commentRun(workers, seconds, concurrency, probe, postgres ? { DATABASE_URL: postgres.url } : {})) + '\n');
  } finally {
    await postgres?.drop();
  }
}
