/**
 * The most expensive request anyone can send (issue 9, "every request has a budget"): each
 * anonymous request we could think of that does real work (deep and long searches, feeds, sitemaps,
 * the API's largest page, the busiest article, a deep archive page, a refused comment that re-renders
 * its article, a sign-in's password hash), measured as server CPU time per request against two
 * baselines on the same server in the same run: a cached article and a cold article render. The goal:
 * none costs more than 20 cold renders.
 *
 * Pages are asked for with a different query string each time (`?r=N`), which the page cache does
 * not keep: every request is rendered, as an attacker's would be.
 */
import { SMALL, articlePaths, articleWithComments } from './lib/data.js';
import { startGazette } from './lib/gazette.js';
import { cpuSeconds, get } from './lib/proc.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';
import { wrk } from './lib/wrk.js';

const CONNECTIONS = 2;
const LONG_QUERY = Array.from({ length: 30 }, (_, i) => ['officials', 'harbour', 'council', 'referendum', 'flood', 'barrier'][i % 6]).join(' ');

/** `path` with a fresh `r` parameter for each of `n` requests. */
const fresh = (path: string, n = 4000) => Array.from({ length: n }, (_, i) => `${path}${path.includes('?') ? '&' : '?'}r=${i}`);

/** Server CPU ms per request for `count` sequential POSTs of `body(i)` (wrk sends GETs only). */
async function postCost(url: string, pid: number, count: number, body: (i: number) => string, headers: Record<string, string> = {}): Promise<number> {
  const before = cpuSeconds(pid);
  for (let i = 0; i < count; i++) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i % 250}`, ...headers },
      body: body(i),
    });
    await r.arrayBuffer();
  }
  return ((cpuSeconds(pid) - before) * 1000) / count;
}

export const anonymousBench: Benchmark = {
  name: 'anonymous',
  title: 'The most expensive anonymous requests vs a cached and a cold article (1k articles)',
  needs: ['wrk'],
  async run(ctx) {
    const dataDir = await ctx.dataset(SMALL);
    const articles = articlePaths(dataDir, 200);
    const busy = articleWithComments(dataDir, 1_000_000);
    const server = await startGazette({ dataDir, workers: 1, cpus: '0', env: { TRUST_PROXY: 'true' } });
    const cpus = ctx.tools.taskset ? '1' : undefined;
    const seconds = Math.max(2, Math.round(ctx.seconds / 2));
    const pid = server.child.pid as number;
    const cost = async (paths: string[]) => {
      await wrk({ url: server.url, paths, connections: CONNECTIONS, seconds: 1, cpus });
      const r = await wrk({ url: server.url, paths, connections: CONNECTIONS, seconds, cpus, serverPid: pid });
      if (!r.requests) throw new Error(`${paths[0]}: no request completed`);
      return r;
    };
    try {
      const first = await get(server.url + articles[0]);
      if (first.status !== 200) throw new Error(`${articles[0]} answered ${first.status}`);
      const cached = await cost([articles[0]]);
      const cold = await cost(articles.flatMap((p) => fresh(p, 20)));
      const month = /\/(\d{4})\/(\d{2})\//.exec(articles[articles.length - 1]);
      const candidates: [string, string[]][] = [
        ['search, deepest page (page=1000)', fresh('/search?q=officials&page=1000')],
        ['search, a 30-word query', fresh(`/search?q=${encodeURIComponent(LONG_QUERY)}`)],
        ['search, a one-letter query', fresh('/search?q=t')],
        ['front page', fresh('/')],
        ['busiest article (most comments)', fresh(busy)],
        ['RSS feed', fresh('/feed/')],
        ['comments feed', fresh('/comments/feed/')],
        ['busiest article’s comment feed', fresh(`${busy}feed/`)],
        ['sitemap index', fresh('/sitemap.xml')],
        ['a month’s sitemap', fresh(`/sitemap-${month?.[1]}-${month?.[2]}.xml`)],
        ['news sitemap', fresh('/news-sitemap.xml')],
        ['API, 100 articles', fresh('/api/v1/articles?limit=100')],
        ['API, tags', fresh('/api/v1/tags')],
        ['deep date archive page', fresh('/2024/page/50/')],
      ];
      const out: Measurement[] = [];
      const push = (what: string, cpuMs: number, note: string) =>
        out.push({
          bench: 'anonymous',
          what,
          value: Math.round(cpuMs * 100) / 100,
          unit: 'CPU ms/req',
          baseline: { what: 'cold article render', value: Math.round(cold.cpuMs * 100) / 100 },
          ratio: ratio(cpuMs, cold.cpuMs),
          ratioMeans: '× a cold article render',
          cpuRatio: ratio(cpuMs, cold.cpuMs),
          goal: { atMost: 20 },
          note: `${ratio(cpuMs, cached.cpuMs).toFixed(0)}× a cached article (${cached.cpuMs.toFixed(3)} ms); ${note}`,
        });
      for (const [what, paths] of candidates) {
        const r = await cost(paths);
        push(what, r.cpuMs, `p50 ${r.p50.toFixed(1)} ms${r.errors ? `; ${r.errors} non-2xx (refusals count: a 4xx is the budget working)` : ''}`);
      }
      // POSTs, sequentially: a refused comment re-renders its article; a sign-in hashes a password.
      const articleId = Number(/name="article_id" value="(\d+)"/.exec(first.body.toString())?.[1] ?? 0);
      push(
        'refused comment (422, the article re-rendered)',
        await postCost(server.url + '/comments', pid, 40, () =>
          new URLSearchParams({ article_id: String(articleId), author: '', email: 'x', comment: '' }).toString(),
        ),
        '40 sequential POSTs',
      );
      // A sign-in form as a browser has it (pre-session cookie and token), then wrong passwords for
      // different unknown addresses from different clients: each hashes (no throttle applies yet).
      const login = await fetch(server.url + '/admin/login');
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(await login.text())?.[1] ?? '';
      push(
        'failed sign-in (a password hash)',
        await postCost(
          server.url + '/admin/login',
          pid,
          15,
          (i) => new URLSearchParams({ _csrf: csrf, email: `nobody${i}@example.com`, password: 'wrong password' }).toString(),
          { cookie },
        ),
        '15 sequential POSTs, each a different address and client',
      );
      out.push({
        bench: 'anonymous',
        what: 'cached article (baseline)',
        value: Math.round(cached.cpuMs * 1000) / 1000,
        unit: 'CPU ms/req',
        baseline: { what: 'cold article render', value: Math.round(cold.cpuMs * 100) / 100 },
        ratio: ratio(cached.cpuMs, cold.cpuMs),
        ratioMeans: '× a cold article render',
        note: `${cached.rps.toFixed(0)} req/s cached vs ${cold.rps.toFixed(0)} cold`,
      });
      const worst = out.filter((m) => m.what !== 'cached article (baseline)').sort((a, b) => b.ratio - a.ratio)[0];
      ctx.log(`most expensive anonymous request: ${worst.what}, ${worst.ratio.toFixed(1)}× a cold article render`);
      return out;
    } finally {
      await server.stop();
    }
  },
};
