/**
 * What one approved comment costs the server (issue 8): server CPU per comment (every process of
 * `gazette serve`, from /proc: the worker that parses and answers, the writer, the other worker
 * hearing the invalidation) and, on PostgreSQL, round trips per comment (counted by a proxy in
 * front of the database, ./lib/pg-counter.ts: the pool's, and the listeners'). Default setup, two
 * workers, on a fresh database with the sample site; the flood limit, the form timing and the
 * first-time hold lifted so every comment is approved, each from its own writer and address, all on
 * one article, over real HTTP (JSON posts, keep-alive).
 *
 * Two loads: 100 a second on a fixed schedule (as on a hot story: mostly a batch each) and 32 at a
 * time (closed loop: batches share their transaction).
 *
 * Baseline in the same run: with GAZETTE_BENCH_BASE=/path/to/other/checkout/bin/gazette.js (e.g. a
 * worktree at an older commit, built), that build measured the same way, alternating with this one;
 * without it, GET /healthz on the same server (the cost of a trivial request).
 *
 * `node dist/bench/comment-cost.js [--rounds R] [--sqlite-only|--postgres-only]` runs it alone.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { liftCommentLimits, request, serve, type Served } from './comments.js';
import pg from 'pg';
import { BIN } from './lib/paths.js';
import { cpuSeconds } from './lib/proc.js';
import { startPgCounter, type PgCounter } from './lib/pg-counter.js';
import { freshPgDatabase, pgUnavailable } from './lib/postgres.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';

/**
 * 100 a second on a fixed schedule (the hot story's rate: most comments are a batch of their own,
 * and both builds run for the same time, so what a server spends idling weighs alike), then 32 at
 * a time (closed loop: batches share their transaction).
 */
const LOADS = [
  { label: '100/s', rate: 100, concurrency: 0, count: 500 },
  { label: 'C=32', rate: 0, concurrency: 32, count: 2000 },
];
const WORKERS = 2;

interface Cost {
  load: string;
  comments: number;
  perSecond: number;
  /** Server CPU milliseconds per comment, all processes. */
  cpuMs: number;
  /** The cluster primary's share (with SQLite: the comment writer). */
  primaryMs: number;
  /** PostgreSQL's own CPU milliseconds per comment (the bench database's backends). */
  pgMs: number;
  /** GET /healthz on the same server, CPU milliseconds per request. */
  healthMs: number;
  /** PostgreSQL round trips per comment: pool, listeners. */
  rtPool: number;
  rtListener: number;
}

/**
 * CPU seconds of each PostgreSQL backend serving the database of `url`, by pid (from /proc: the
 * database runs on this machine). A backend that ended between two readings takes its CPU with it;
 * the pool keeps its connections while the load runs.
 */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid, 2)]));
  } finally {
    await c.end();
  }
}

let writer = 0;
const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

async function closedLoop(count: number, concurrency: number, one: () => Promise<number>): Promise<{ ok: number; seconds: number }> {
  let next = 0;
  let ok = 0;
  const t = performance.now();
  const loop = async () => {
    while (next < count) {
      next++;
      const status = await one();
      if (status >= 200 && status < 300) ok++;
      else throw new Error(`a comment was answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { ok, seconds: (performance.now() - t) / 1000 };
}

/** `count` comments sent `rate` a second on a fixed schedule, whatever the answers do. */
async function pacedLoop(count: number, rate: number, one: () => Promise<number>): Promise<{ ok: number; seconds: number }> {
  const t = performance.now();
  const sent: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(one());
  }
  const statuses = await Promise.all(sent);
  const bad = statuses.find((s) => s < 200 || s >= 300);
  if (bad) throw new Error(`a comment was answered ${bad}`);
  return { ok: statuses.length, seconds: (performance.now() - t) / 1000 };
}

/** One server of `bin` on `dialect`: each load's cost. */
async function measure(bin: string, dialect: 'sqlite' | 'postgres'): Promise<Cost[]> {
  let counter: PgCounter | undefined;
  let drop: (() => Promise<void>) | undefined;
  let backends: () => Promise<Map<number, number>> = async () => new Map();
  const env: Record<string, string> = {};
  if (dialect === 'postgres') {
    const db = await freshPgDatabase();
    drop = db.drop;
    backends = () => backendCpu(db.url);
    const url = new URL(db.url);
    counter = await startPgCounter({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${counter.port}`;
    env.DATABASE_URL = url.href;
  }
  let s: Served | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    s = await serve(WORKERS, env, bin);
    const server = s;
    await liftCommentLimits(server);
    const front = await request(agent, server.url + '/', 'GET', {});
    const path = /href="(\/\d{4}\/\d\d\/\d\d\/[^"/]+\/)"/.exec(front.body)?.[1];
    if (!path) throw new Error('no article on the front page');
    const page = await request(agent, server.url + path, 'GET', {});
    const articleId = Number(/name="article_id" value="(\d+)"/.exec(page.body)?.[1]);
    const token = JSON.parse((await request(agent, `${server.url}/comments/token?article=${articleId}`, 'GET', {})).body).token as string;
    const post = async () => {
      const n = ++writer;
      const body = JSON.stringify({
        article_id: String(articleId),
        author: `Cost Reader ${n}`,
        email: `cost.reader.${n}@example.net`,
        url: '',
        comment: `Comment ${n} on the talks in Beijing: a point worth making (${n.toString(36)}).`,
        form_token: token,
      });
      const headers = { 'x-forwarded-for': ip(n), 'user-agent': 'GazetteBench/1.0', accept: 'application/json', 'content-type': 'application/json' };
      const r = await request(agent, server.url + '/comments', 'POST', headers, body);
      if (r.status === 201 && JSON.parse(r.body).status !== 'approved') throw new Error(`a comment was not approved: ${r.body}`);
      return r.status;
    };
    // Warm up every worker's code paths.
    await closedLoop(300, 8, post);
    const healthCpu0 = server.cpu();
    const health = 2000;
    await closedLoop(health, 8, async () => (await request(agent, server.url + '/healthz', 'GET', {})).status);
    const healthMs = ((server.cpu() - healthCpu0) * 1000) / health;
    const out: Cost[] = [];
    if (process.env.PG_COUNTER_TRACE && counter) {
      counter.traced();
      await post();
      await new Promise((r) => setTimeout(r, 500));
      process.stderr.write(`one comment's queries:\n${counter.traced().join('\n')}\n`);
    }
    for (const { label, rate, concurrency, count } of LOADS) {
      const rt0 = counter?.counts();
      const pg0 = await backends();
      const cpu0 = server.cpu();
      const primary0 = server.primaryCpu();
      const r = rate ? await pacedLoop(count, rate, post) : await closedLoop(count, concurrency, post);
      const pg1 = await backends();
      let pgSeconds = 0;
      for (const [pid, cpu] of pg1) pgSeconds += cpu - (pg0.get(pid) ?? 0);
      const cpuMs = ((server.cpu() - cpu0) * 1000) / r.ok;
      const primaryMs = ((server.primaryCpu() - primary0) * 1000) / r.ok;
      const rt1 = counter?.counts();
      out.push({
        load: label,
        comments: r.ok,
        perSecond: r.ok / r.seconds,
        cpuMs,
        primaryMs,
        pgMs: dialect === 'postgres' ? (pgSeconds * 1000) / r.ok : NaN,
        healthMs,
        rtPool: rt0 && rt1 ? (rt1.pool - rt0.pool) / r.ok : NaN,
        rtListener: rt0 && rt1 ? (rt1.listener - rt0.listener) / r.ok : NaN,
      });
    }
    return out;
  } finally {
    agent.destroy();
    await s?.close();
    await counter?.close();
    await drop?.();
  }
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

function describe(label: string, c: Cost): string {
  const rt = Number.isFinite(c.rtPool)
    ? `, PostgreSQL ${c.pgMs.toFixed(2)} ms CPU/comment, round trips/comment ${c.rtPool.toFixed(2)} pool + ${c.rtListener.toFixed(2)} listeners`
    : '';
  return `${label} ${c.load}: ${c.cpuMs.toFixed(2)} ms CPU/comment (primary ${c.primaryMs.toFixed(2)}; /healthz ${c.healthMs.toFixed(2)}), ${c.perSecond.toFixed(0)} comments/s${rt}`;
}

/** Every (dialect, load) figure: this build against the baseline build, or against /healthz. */
export async function commentCost(opts: {
  rounds: number;
  dialects: ('sqlite' | 'postgres')[];
  base?: string;
  log(line: string): void;
}): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const dialect of opts.dialects) {
    const mine: Cost[][] = [];
    const theirs: Cost[][] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // Alternating, so a neighbour's burst falls on both builds alike.
      if (opts.base) {
        const b = await measure(opts.base, dialect);
        for (const c of b) opts.log(describe(`${dialect} base`, c));
        theirs.push(b);
      }
      const m = await measure(BIN, dialect);
      for (const c of m) opts.log(describe(`${dialect} this`, c));
      mine.push(m);
    }
    LOADS.forEach(({ label }, i) => {
      const pick = (runs: Cost[][], f: (c: Cost) => number) => median(runs.map((r) => f(r[i])));
      const cpu = pick(mine, (c) => c.cpuMs);
      const baseCpu = opts.base ? pick(theirs, (c) => c.cpuMs) : pick(mine, (c) => c.healthMs);
      const rt = pick(mine, (c) => c.rtPool);
      const rtNote = Number.isFinite(rt)
        ? `; PostgreSQL's own CPU ${pick(mine, (c) => c.pgMs).toFixed(2)} ms/comment` +
          (opts.base ? ` (base ${pick(theirs, (c) => c.pgMs).toFixed(2)})` : '') +
          `; PostgreSQL round trips/comment ${rt.toFixed(2)} pool + ${pick(mine, (c) => c.rtListener).toFixed(2)} listeners` +
          (opts.base ? ` (base ${pick(theirs, (c) => c.rtPool).toFixed(2)} + ${pick(theirs, (c) => c.rtListener).toFixed(2)})` : '')
        : '';
      out.push({
        bench: 'comment-cost',
        what: `server CPU per approved comment, ${dialect}, ${WORKERS} workers, ${label}`,
        value: Math.round(cpu * 100) / 100,
        unit: 'ms',
        baseline: opts.base ? { what: 'base build', value: Math.round(baseCpu * 100) / 100 } : { what: 'GET /healthz', value: Math.round(baseCpu * 100) / 100 },
        ratio: ratio(cpu, baseCpu),
        ratioMeans: opts.base ? '× base build' : '× /healthz',
        note: `median of ${opts.rounds}, ${pick(mine, (c) => c.perSecond).toFixed(0)} comments/s${rtNote}`,
      });
      if (opts.base && Number.isFinite(rt)) {
        const both = pick(mine, (c) => c.cpuMs + c.pgMs);
        const baseBoth = pick(theirs, (c) => c.cpuMs + c.pgMs);
        out.push({
          bench: 'comment-cost',
          what: `server and PostgreSQL CPU per approved comment, ${WORKERS} workers, ${label}`,
          value: Math.round(both * 100) / 100,
          unit: 'ms',
          baseline: { what: 'base build', value: Math.round(baseBoth * 100) / 100 },
          ratio: ratio(both, baseBoth),
          ratioMeans: '× base build',
        });
        const baseRt = pick(theirs, (c) => c.rtPool + c.rtListener);
        const all = pick(mine, (c) => c.rtPool + c.rtListener);
        out.push({
          bench: 'comment-cost',
          what: `PostgreSQL round trips per approved comment, ${WORKERS} workers, ${label}`,
          value: Math.round(all * 100) / 100,
          unit: 'round trips',
          baseline: { what: 'base build', value: Math.round(baseRt * 100) / 100 },
          ratio: ratio(all, baseRt),
          ratioMeans: '× base build',
        });
      }
    });
  }
  return out;
}

export const commentCostBench: Benchmark = {
  name: 'comment-cost',
  title: 'Server CPU and PostgreSQL round trips per approved comment (100/s and C=32), SQLite and PostgreSQL',
  needs: [],
  async run(ctx) {
    const reason = await pgUnavailable();
    if (reason) ctx.log(`PostgreSQL skipped: ${reason}`);
    return commentCost({ rounds: 3, dialects: reason ? ['sqlite'] : ['sqlite', 'postgres'], base: process.env.GAZETTE_BENCH_BASE, log: ctx.log });
  },
};

// Alone: node dist/bench/comment-cost.js [--rounds R] [--sqlite-only|--postgres-only]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--rounds');
  const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
  const dialects: ('sqlite' | 'postgres')[] = process.argv.includes('--sqlite-only')
    ? ['sqlite']
    : process.argv.includes('--postgres-only')
      ? ['postgres']
      : ['sqlite', 'postgres'];
  const log = (line: string) => process.stderr.write(`comment-cost: ${line}\n`);
  const results = await commentCost({ rounds, dialects, base: process.env.GAZETTE_BENCH_BASE, log });
  for (const m of results)
    process.stdout.write(
      `${m.what}: ${m.value} ${m.unit} vs ${m.baseline.what} ${m.baseline.value} = ${m.ratio.toFixed(2)} ${m.ratioMeans}${m.note ? ` (${m.note})` : ''}\n`,
    );
}
