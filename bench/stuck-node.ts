/**
 * A stuck node (issue 8): two single-process nodes on one PostgreSQL database; comments posted to
 * one of them on a fixed schedule (open loop), first with both running, then with the other
 * frozen by SIGSTOP. An edit returns once every other node has acknowledged its invalidation
 * (src/runtime/invalidation.ts), and a node that misses an acknowledgement is left out until it
 * answers again: a frozen node costs edits one wait (the fence's 2 s). A reader's comment waits
 * for no acknowledgement (src/comments/batch.ts), so it should cost comments nothing, not even
 * the first.
 *
 * Reported: comment p99 with one node frozen ÷ p99 with both running (goal ≤ 2), and the first
 * comment after the freeze.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { liftCommentLimits, paced, request, serve, type Served } from './comments.js';
import { freshPgDatabase, pgUnavailable } from './lib/postgres.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';

/** Comments a second: well below saturation even on a shared machine, so latency is what is measured. */
const RATE = 25;

export interface StuckRun {
  normal: Awaited<ReturnType<typeof paced>>;
  frozen: Awaited<ReturnType<typeof paced>>;
  /** The first comment after the freeze (it waited out the fence once, when comments waited for it). */
  firstWaitMs: number;
}

export async function stuckRun(seconds: number): Promise<StuckRun> {
  const database = await freshPgDatabase();
  const env = { DATABASE_URL: database.url };
  let a: Served | undefined;
  let b: Served | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  try {
    a = await serve(1, env);
    b = await serve(1, env);
    await liftCommentLimits(a);
    const front = await request(agent, a.url + '/', 'GET', {});
    const path = /href="(\/\d{4}\/\d\d\/\d\d\/[^"/]+\/)"/.exec(front.body)?.[1];
    const page = await request(agent, a.url + path, 'GET', {});
    const articleId = Number(/name="article_id" value="(\d+)"/.exec(page.body)?.[1]);
    const token = JSON.parse((await request(agent, `${a.url}/comments/token?article=${articleId}`, 'GET', {})).body).token as string;
    let n = 0;
    const post = async () => {
      const i = ++n;
      const body = JSON.stringify({
        article_id: String(articleId),
        author: `Stuck Bench ${i}`,
        email: `stuck.${i}@example.net`,
        comment: `Comment ${i} while a neighbour node may be frozen (${i.toString(36)}).`,
        form_token: token,
      });
      const headers = { 'x-forwarded-for': `10.9.${(i >> 8) & 255}.${i & 255}`, accept: 'application/json', 'content-type': 'application/json' };
      return (await request(agent, a!.url + '/comments', 'POST', headers, body)).status;
    };
    // Warm up, and let both nodes see each other (the list of listeners is read every few seconds).
    for (let i = 0; i < 50; i++) await post();
    await new Promise((r) => setTimeout(r, 6000));
    const normal = await paced(RATE, seconds, post);
    process.kill(b.pid, 'SIGSTOP');
    try {
      const t = performance.now();
      await post();
      const firstWaitMs = performance.now() - t;
      const frozen = await paced(RATE, seconds, post);
      return { normal, frozen, firstWaitMs };
    } finally {
      process.kill(b.pid, 'SIGCONT');
    }
  } finally {
    agent.destroy();
    await a?.close();
    await b?.close();
    await database.drop();
  }
}

export function describeStuck(r: StuckRun): string {
  return (
    `both running: p50 ${r.normal.p50.toFixed(1)} ms p99 ${r.normal.p99.toFixed(1)} ms (${r.normal.ok}/${r.normal.done}); ` +
    `one frozen: first comment ${r.firstWaitMs.toFixed(0)} ms, then p50 ${r.frozen.p50.toFixed(1)} ms p99 ${r.frozen.p99.toFixed(1)} ms (${r.frozen.ok}/${r.frozen.done})`
  );
}

export const stuckNodeBench: Benchmark = {
  name: 'stuck-node',
  title: `Comments at ${RATE}/s (open loop) on one of two PostgreSQL nodes, the other running vs frozen (SIGSTOP)`,
  needs: [],
  async run(ctx) {
    const reason = await pgUnavailable();
    if (reason) {
      ctx.log(`skipped: ${reason}`);
      return [];
    }
    const r = await stuckRun(ctx.seconds);
    ctx.log(describeStuck(r));
    const out: Measurement[] = [
      {
        bench: 'stuck-node',
        what: `comment p99 at ${RATE}/s with the other node frozen`,
        value: Math.round(r.frozen.p99 * 10) / 10,
        unit: 'ms',
        baseline: { what: 'p99 with both nodes running', value: Math.round(r.normal.p99 * 10) / 10 },
        ratio: ratio(r.frozen.p99, r.normal.p99),
        ratioMeans: '× normal p99',
        goal: { atMost: 2 },
        note: `the first comment after the freeze took ${r.firstWaitMs.toFixed(0)} ms (comments wait for no acknowledgement; edits would wait out the 2 s fence once); p50 ${r.frozen.p50.toFixed(1)} vs ${r.normal.p50.toFixed(1)} ms`,
      },
    ];
    return out;
  },
};

// Alone: node dist/bench/stuck-node.js [--seconds S]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--seconds');
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 6;
  process.stdout.write(describeStuck(await stuckRun(seconds)) + '\n');
}
