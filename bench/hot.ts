/**
 * The hot story (issue 8): one article read as fast as wrk can, while approved comments arrive on
 * it at 20 and at 100 a second, sent on a fixed schedule (open loop: the next comment is due at its
 * time whatever the answers do). Reported as hot ÷ quiet throughput of the same server in the same
 * run, quiet being the same story with its first page of comments full (the page the hot runs
 * serve; the empty page's figure is reported beside it), wrk's p99 during the hot runs, and the
 * renders of the hot page per second (page-cache misses from /metrics: nothing else is read
 * meanwhile, and JSON comment posts render nothing). On SQLite
 * and on PostgreSQL, each on a fresh database holding the sample site, with the default two
 * workers (with SQLite the comments are then written by the cluster primary, off the workers' event
 * loops; with one worker every commit's fsync would stall the readers).
 *
 * Plain wrk (no Lua script: one path), one thread, 32 connections, pinned to core 1 with the
 * comment sender (the bench's own process, during the hot runs); the server and PostgreSQL
 * wherever the scheduler puts them. The hot runs are repeated in {@link ROUNDS} rounds (20 a
 * second, then 100 and the floor below, in turn first), with the page measured quiet before the
 * first round and after each: each hot run's ratio is to the mean of the quiet runs on either side
 * of its round, and the figure is the median over the rounds (on this two-core machine one ratio
 * moved by ±0.1 from run to run, more than most changes did). wrk's own CPU time is reported (a
 * generator that saturates its core caps every figure). The ceilings beside the ratios: nginx (two
 * workers) serving the full page's bytes as a static file, and a bare node:http server (one
 * process) answering the same bytes and headers, each measured right after a quiet run (the
 * first, and the last): the ratio to a ceiling is the mean of the two pairs' (measured once, after
 * the rounds, a ceiling had met the machine in another hour: 1.32 × bare node:http, once).
 *
 * The floor beside the hot ratio: the same sender sending, at the top rate, a request the server
 * answers from memory. Whatever a stream of requests costs this machine, comments or not (the
 * sender's wake-ups and the kernel's, each a millisecond or so on this VM), shows in it; the
 * comments against the floor of the same rounds is what the comments themselves cost the readers.
 *
 * `node dist/bench/hot.js [--seconds S] [--rounds R] [--postgres-only]` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import { startBare } from './article.js';
import { startNginx } from './lib/nginx.js';
import { get, pinSelf, usePinning } from './lib/proc.js';
import { requestStream, type Stream } from './lib/stream.js';
import { counters, startNode } from './lib/hot-node.js';
import { ensureTools } from './lib/tools.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';
import { merged, plainWrk, type WrkRun } from './lib/wrk.js';
import type { RunningServer } from './lib/gazette.js';

const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
const RATES = [20, 100];
/** Rounds of hot runs (see the file comment); `--rounds` when run alone. */
const ROUNDS = 5;
/**
 * The floor: requests at the top rate that the server answers from memory (robots.txt, from the
 * page cache), sent by the same sender on the same schedule. What any such stream costs this
 * machine (the sender's wake-ups, the kernel's, the server's HTTP), comments or not.
 */
const FLOOR_RATE = RATES[RATES.length - 1];
const FLOOR_PATH = '/robots.txt';
/** Comments sent before the quiet run: more than the sample site's page of 50 conversations. */
const FILL = 60;
/** The default on this two-core machine (one per core); with SQLite, comments are written by the primary. */
const WORKERS = 2;

/** Stream `run`'s comment `n`, as a browser's script posts it (JSON answer), from its own address. */
function commentRequest(host: string, articleId: number, token: string, run: string, n: number): Buffer {
  const body =
    `article_id=${articleId}&author=Hot+reader+${n}+${run}&email=hot${n}.${run}%40example.net` +
    `&comment=Comment+${n}+on+the+story+everyone+reads+%28${run}%29.&form_token=${encodeURIComponent(token)}`;
  return Buffer.from(
    `POST /comments HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-www-form-urlencoded\r\naccept: application/json\r\n` +
      `x-forwarded-for: 10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    'latin1',
  );
}

let streams = 0;

/** Sends approved comments on the article at `rate` a second, on schedule, until `stop()`. */
export function commentStream(url: string, articleId: number, token: string, rate: number): Stream {
  const { host } = new URL(url);
  // Unique to this stream, so no comment repeats an earlier stream's (the duplicate check).
  const run = `${process.pid}x${++streams}`;
  return requestStream(url, rate, (n) => commentRequest(host, articleId, token, run, n), 201);
}

export interface HotFigures {
  dialect: 'sqlite' | 'postgres';
  /** The story with its first page of comments full, as the hot runs show it: every quiet run, summed (rps: their mean). */
  quiet: WrkRun;
  /** The quiet runs' throughputs: before the first round and after each. */
  quietRuns: number[];
  /** The story before any comment of the run: a smaller page. */
  empty: WrkRun;
  bytes: { empty: number; full: number };
  /** Every hot run, round by round; `quiet` is the mean of the quiet runs before and after its round. */
  hot: { kind: Load['kind']; rate: number; round: number; run: WrkRun; quiet: WrkRun; rendersPerSecond: number; sent: number; accepted: number }[];
  /** The ceilings, each measured right after a quiet run (before the rounds and after them): none when not asked. */
  ceilings: CeilingPair[];
}

/** nginx and bare node:http serving the page's bytes, measured beside the quiet run they are paired with. */
interface CeilingPair {
  quiet: WrkRun;
  nginx: WrkRun;
  bare: WrkRun;
}

/** Quiet ÷ a ceiling: the mean of the paired ratios, so a drift of the machine falls on both sides. */
function ceilingRatio(pairs: CeilingPair[], which: 'nginx' | 'bare'): number {
  return pairs.reduce((a, p) => a + ratio(p.quiet.rps, p[which].rps), 0) / pairs.length;
}

/** What a hot run sends beside the readers: comments on the story, or the floor. */
interface Load {
  kind: 'comments' | 'floor';
  rate: number;
}

/** A round's runs: the lower rates, then the top rate and the floor, in turn first (drift falls on both alike). */
function roundPlan(round: number): Load[] {
  const top: Load = { kind: 'comments', rate: RATES[RATES.length - 1] };
  const floor: Load = { kind: 'floor', rate: FLOOR_RATE };
  return [...RATES.slice(0, -1).map((rate): Load => ({ kind: 'comments', rate })), ...(round % 2 ? [floor, top] : [top, floor])];
}

export async function hotRun(
  dialect: 'sqlite' | 'postgres',
  seconds: number,
  log: (l: string) => void,
  ceilings: boolean,
  rounds = ROUNDS,
): Promise<HotFigures> {
  const wrkCpus = '1';
  const node = await startNode(dialect, WORKERS, log);
  const started: RunningServer[] = [];
  try {
    const page = await get(node.url + ARTICLE);
    if (page.status !== 200) throw new Error(`${ARTICLE} answered ${page.status}`);
    const html = page.body.toString();
    const articleId = Number(/name="article_id" value="(\d+)"/.exec(html)?.[1]);
    const token = JSON.parse((await get(`${node.url}/comments/token?article=${articleId}`)).body.toString()).token as string;
    await plainWrk(node.url + ARTICLE, 1, wrkCpus); // warm-up
    const empty = await plainWrk(node.url + ARTICLE, seconds, wrkCpus, node.pid);
    const emptyBytes = (await get(node.url + ARTICLE)).body.length;
    // The story as the hot runs show it: its first page of comments full. A hot story's page is
    // that one (the first comments to arrive fill it within seconds), and it is about four times
    // the size of the page with none, so quiet is measured on it: against the empty page, the
    // ratio measured the page growing, not the cache holding.
    const fill = commentStream(node.url, articleId, token, 200);
    await new Promise((r) => setTimeout(r, (FILL / 200) * 1000));
    await fill.stop();
    await new Promise((r) => setTimeout(r, 1500)); // past the story's bound: the full page is stored
    await plainWrk(node.url + ARTICLE, 1, wrkCpus);
    const quiet = await plainWrk(node.url + ARTICLE, seconds, wrkCpus, node.pid);
    const full = await get(node.url + ARTICLE);
    const fullBytes = full.body.length;
    log(
      `${dialect} quiet: ${Math.round(quiet.rps)} req/s, p99 ${quiet.p99} ms, ${fullBytes} bytes (before its comments: ${Math.round(empty.rps)} req/s, ${emptyBytes} bytes)`,
    );
    const pairs: CeilingPair[] = [];
    const measureCeilings = ceilings ? await ceilingServers(full, started, seconds, wrkCpus) : undefined;
    const besideQuiet = async (q: WrkRun) => {
      if (!measureCeilings) return;
      const c = await measureCeilings();
      pairs.push({ quiet: q, ...c });
      log(`ceilings beside a quiet run of ${Math.round(q.rps)} req/s: nginx ${Math.round(c.nginx.rps)} req/s, bare node:http ${Math.round(c.bare.rps)} req/s`);
    };
    await besideQuiet(quiet);
    const floorRequest = Buffer.from(`GET ${FLOOR_PATH} HTTP/1.1\r\nhost: ${new URL(node.url).host}\r\n\r\n`, 'latin1');
    const hot: HotFigures['hot'] = [];
    const quietRuns = [quiet];
    for (let round = 0; round < rounds; round++) {
      const runs: Omit<HotFigures['hot'][number], 'quiet'>[] = [];
      for (const { kind, rate } of roundPlan(round)) {
        const what = kind === 'floor' ? `the floor, ${rate} GET ${FLOOR_PATH}/s` : `${rate} comments/s`;
        const before = await counters(node.url, WORKERS);
        // The comment sender is a load generator too: it runs on wrk's core, not the server's.
        const unpin = pinSelf(wrkCpus);
        let run: WrkRun;
        let sent: number;
        let accepted: number;
        try {
          const stream: Stream = kind === 'floor' ? requestStream(node.url, rate, () => floorRequest, 200) : commentStream(node.url, articleId, token, rate);
          run = await plainWrk(node.url + ARTICLE, seconds, wrkCpus, node.pid);
          ({ sent, accepted } = await stream.stop());
        } finally {
          unpin();
        }
        const now = await counters(node.url, WORKERS);
        const rendered = now.misses - before.misses;
        log(
          `${dialect} ${what}: hits ${now.hits - before.hits} (stale ${now.stale_hits - before.stale_hits}), waited for a render ${now.coalesced - before.coalesced}, renders ${rendered}`,
        );
        runs.push({ kind, rate, round, run, rendersPerSecond: rendered / seconds, sent, accepted });
        log(
          `${dialect} round ${round + 1}, ${what}: ${Math.round(run.rps)} req/s (${ratio(run.rps, quiet.rps).toFixed(2)} × the first quiet run), p99 ${run.p99} ms, ${rendered} renders, ${accepted}/${sent} answered as they should`,
        );
      }
      // Quiet again, the page as the hot runs left it: each round's baseline is the mean of the
      // quiet runs on either side of it, so a drift of the machine does not land on one side.
      await new Promise((r) => setTimeout(r, 1500));
      const after = await plainWrk(node.url + ARTICLE, seconds, wrkCpus, node.pid);
      log(`${dialect} quiet after round ${round + 1}: ${Math.round(after.rps)} req/s, p99 ${after.p99} ms`);
      const around = merged([quietRuns[quietRuns.length - 1], after]);
      quietRuns.push(after);
      for (const r of runs) hot.push({ ...r, quiet: around });
    }
    await besideQuiet(quietRuns[quietRuns.length - 1]);
    const quietMean = merged(quietRuns);
    return { dialect, quiet: quietMean, quietRuns: quietRuns.map((r) => r.rps), empty, bytes: { empty: emptyBytes, full: fullBytes }, hot, ceilings: pairs };
  } finally {
    for (const s of started) await s.stop();
    await node.drop();
  }
}

/**
 * Starts nginx (two workers) serving `page`'s bytes as a static file with its headers, and a bare
 * node:http server answering the same bytes and headers; answers a function that measures both.
 */
async function ceilingServers(
  page: Awaited<ReturnType<typeof get>>,
  started: RunningServer[],
  seconds: number,
  wrkCpus: string,
): Promise<() => Promise<{ nginx: WrkRun; bare: WrkRun }>> {
  const extra: [string, string][] = [];
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'etag', 'last-modified', 'transfer-encoding']);
  for (let i = 0; i < page.rawHeaders.length; i += 2)
    if (!own.has(page.rawHeaders[i].toLowerCase())) extra.push([page.rawHeaders[i].toLowerCase(), page.rawHeaders[i + 1]]);
  const n = await startNginx({ body: page.body, headers: extra, contentType: String(page.headers['content-type']), workers: WORKERS });
  started.push(n);
  const b = await startBare(page.body, page.rawHeaders, undefined);
  started.push(b);
  return async () => {
    await plainWrk(n.url + '/', 1, wrkCpus);
    const nginx = await plainWrk(n.url + '/', seconds, wrkCpus);
    await plainWrk(b.url + '/', 1, wrkCpus);
    const bare = await plainWrk(b.url + '/', seconds, wrkCpus);
    return { nginx, bare };
  };
}

/** Server CPU seconds per read: steadier than rates on a shared machine. */
const perRead = (r: WrkRun) => r.serverCpu / Math.max(1, r.requests);

function measurements(f: HotFigures): Measurement[] {
  const cpu = (r: WrkRun) => `wrk CPU ${((r.wrkCpu / r.seconds) * 100).toFixed(0)}% of a core`;
  const out: Measurement[] = [];
  const ceiling = f.ceilings.length
    ? `ceiling: quiet is ${ceilingRatio(f.ceilings, 'nginx').toFixed(2)} × nginx static, ${ceilingRatio(f.ceilings, 'bare').toFixed(2)} × bare node:http (each beside a quiet run, before the rounds and after)`
    : 'ceilings not measured (run without --postgres-only)';
  for (const rate of RATES) {
    // The round with the median ratio stands for the rate; every round's ratio is in the note.
    const rounds = f.hot.filter((h) => h.kind === 'comments' && h.rate === rate).map((h) => ({ ...h, ratio: ratio(h.run.rps, h.quiet.rps) }));
    if (!rounds.length) continue;
    const byRatio = [...rounds].sort((a, b) => a.ratio - b.ratio);
    const h = byRatio[(byRatio.length - 1) >> 1];
    out.push({
      bench: 'hot',
      what: `hot story, ${f.dialect}, ${h.rate} comments/s`,
      value: Math.round(h.run.rps),
      unit: 'req/s',
      baseline: {
        what: `quiet, same server and page, around the median round of ${rounds.length} (quiet runs: ${f.quietRuns.map(Math.round).join(', ')})`,
        value: Math.round(h.quiet.rps),
      },
      ratio: h.ratio,
      ratioMeans: '× quiet',
      cpuRatio: perRead(h.quiet) / perRead(h.run),
      goal: { atLeast: 0.8 },
      note: [
        `rounds ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')} (median ${h.ratio.toFixed(2)}; by server CPU ${rounds.map((r) => (perRead(r.quiet) / perRead(r.run)).toFixed(2)).join(', ')})`,
        `server CPU ${(perRead(h.run) * 1e6).toFixed(0)} vs ${(perRead(h.quiet) * 1e6).toFixed(0)} µs per read, comments included (${(((h.run.serverCpu - h.run.requests * perRead(h.quiet)) / Math.max(1, h.accepted)) * 1000).toFixed(1)} ms each)`,
        `p99 ${h.run.p99.toFixed(1)} ms, worst round ${Math.max(...rounds.map((r) => r.run.p99)).toFixed(1)} (goal < 25; quiet ${f.quiet.p99.toFixed(1)})`,
        `${h.rendersPerSecond.toFixed(1)} renders/s of the page`,
        `${h.accepted}/${h.sent} comments approved`,
        cpu(h.run),
        ceiling,
        `the page: ${f.bytes.full} bytes with its comments, ${f.bytes.empty} before them (${Math.round(f.empty.rps)} req/s quiet; ${ratio(h.run.rps, f.empty.rps).toFixed(2)} × that)`,
      ].join('; '),
    });
  }
  out.push(...againstFloor(f));
  return out;
}

const us = (r: WrkRun) => `${(perRead(r) * 1e6).toFixed(0)} µs`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

/**
 * The top rate's comments against the floor of the same rounds: what the comments cost beyond any
 * stream of requests at their rate. Each round's floor and comment runs share their quiet runs.
 */
function againstFloor(f: HotFigures): Measurement[] {
  const floors = f.hot.filter((h) => h.kind === 'floor');
  const pairs = floors.flatMap((fl) => {
    const c = f.hot.find((h) => h.kind === 'comments' && h.rate === fl.rate && h.round === fl.round);
    return c ? [{ floor: fl, comments: c }] : [];
  });
  if (!pairs.length) return [];
  const floorRatios = pairs.map((p) => ratio(p.floor.run.rps, p.floor.quiet.rps));
  const beyond = pairs.map((p) => ratio(p.comments.run.rps, p.floor.run.rps));
  const m = median(beyond);
  const p = pairs[beyond.indexOf(m)];
  return [
    {
      bench: 'hot',
      what: `hot story, ${f.dialect}, ${p.floor.rate} comments/s against the floor`,
      value: Math.round(p.comments.run.rps),
      unit: 'req/s',
      baseline: { what: `the same rounds' floor, ${p.floor.rate} GET ${FLOOR_PATH} a second from the same sender`, value: Math.round(p.floor.run.rps) },
      ratio: m,
      ratioMeans: '× the floor',
      note: [
        `rounds ${beyond.map((r) => r.toFixed(2)).join(', ')} (median ${m.toFixed(2)})`,
        `the floor itself: ${floorRatios.map((r) => r.toFixed(2)).join(', ')} × quiet (median ${median(floorRatios).toFixed(2)}), p99 at most ${Math.max(...floors.map((r) => r.run.p99)).toFixed(1)} ms`,
        `server CPU per read in that round: ${us(p.floor.quiet)} quiet, ${us(p.floor.run)} under the floor, ${us(p.comments.run)} under the comments`,
        `${Math.max(...floors.map((r) => r.rendersPerSecond)).toFixed(1)} renders/s of the page during it`,
      ].join('; '),
    },
  ];
}

/** The quiet page against the ceilings, from the runs paired with them. */
function againstCeilings(f: HotFigures): Measurement[] {
  if (!f.ceilings.length) return [];
  const mean = (g: (p: CeilingPair) => number) => f.ceilings.reduce((a, p) => a + g(p), 0) / f.ceilings.length;
  const nginxCpu = mean((p) => p.nginx.wrkCpu / p.nginx.seconds);
  return [
    {
      bench: 'hot',
      what: `quiet article, ${f.dialect}, ${WORKERS} workers`,
      value: Math.round(mean((p) => p.quiet.rps)),
      unit: 'req/s',
      baseline: { what: 'bare node:http, same bytes, each beside a quiet run', value: Math.round(mean((p) => p.bare.rps)) },
      ratio: ceilingRatio(f.ceilings, 'bare'),
      ratioMeans: '× bare node:http',
      note: [
        `pairs (quiet, nginx, bare): ${f.ceilings.map((p) => [p.quiet, p.nginx, p.bare].map((r) => Math.round(r.rps)).join('/')).join(', ')}`,
        `nginx static, ${WORKERS} workers: ${Math.round(mean((p) => p.nginx.rps))} req/s (${ceilingRatio(f.ceilings, 'nginx').toFixed(2)} × nginx)`,
        `wrk CPU ${(nginxCpu * 100).toFixed(0)}% of a core against nginx`,
      ].join('; '),
    },
  ];
}

/** Set when run alone (see the end of the file). */
let roundsAlone = ROUNDS;
let postgresOnly = false;

export const hotBench: Benchmark = {
  name: 'hot',
  title: 'The hot story: an article read while comments arrive on it at 20 and 100 a second',
  needs: ['wrk', 'nginx'],
  async run(ctx) {
    const out: Measurement[] = [];
    if (postgresOnly) return measurements(await hotRun('postgres', ctx.seconds, ctx.log, false, roundsAlone));
    const sqlite = await hotRun('sqlite', ctx.seconds, ctx.log, true, roundsAlone);
    out.push(...measurements(sqlite), ...againstCeilings(sqlite));
    try {
      out.push(...measurements(await hotRun('postgres', ctx.seconds, ctx.log, true, roundsAlone)));
    } catch (err) {
      ctx.log(`hot story on PostgreSQL skipped: ${(err as Error).message.split('\n')[0]}`);
    }
    return out;
  },
};

// `node dist/bench/hot.js [--seconds S] [--rounds R] [--postgres-only]`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, otherwise: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : otherwise;
  };
  const seconds = arg('--seconds', 6);
  roundsAlone = arg('--rounds', ROUNDS);
  postgresOnly = process.argv.includes('--postgres-only');
  const log = (l: string) => process.stderr.write(`hot: ${l}\n`);
  usePinning(ensureTools(log).taskset);
  const { loadavg } = await import('node:os');
  log(`load average ${loadavg()[0].toFixed(2)}`);
  const ms = await hotBench.run({ tools: ensureTools(log), log, seconds, dataset: async () => '' });
  for (const m of ms)
    process.stdout.write(
      `${m.what}: ${m.value} ${m.unit} = ${m.ratio.toFixed(2)} ${m.ratioMeans}${m.cpuRatio ? ` (by server CPU ${m.cpuRatio.toFixed(2)})` : ''} (${m.baseline.what} ${m.baseline.value}); ${m.note ?? ''}\n`,
    );
  log(`load average ${loadavg()[0].toFixed(2)}`);
}
