/**
 * Two server processes (one of them a two-worker cluster) on one PostgreSQL database, reached
 * through a proxy that plays the outage: every connection cut, new ones refused, then back. Also
 * Redis, through a proxy of its own, when REDIS_URL is set.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { cliRun, DIALECTS, freshDatabase, startServer, type TestServer } from './helpers/server.js';
import { startOutageProxy, throughProxy, type OutageProxy } from './helpers/outage-proxy.js';
import { adminPassword, Browser } from './helpers/admin.js';
import { REDIS_URL, redisSkip as redisReason } from './helpers/services.js';
import { fields, formOf, freshToken, postComment, postJson, ARTICLE } from './helpers/comments.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

/** Polls `check` until it holds (every 100 ms, at most two minutes on a busy machine). */
async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function health(s: TestServer): Promise<{ status: string; checks: Record<string, unknown> }> {
  const r = await fetch(s.url + '/healthz');
  assert.equal(r.status, 200, 'a degraded node still answers /healthz');
  return (await r.json()) as { status: string; checks: Record<string, unknown> };
}

/** Several GETs, so every worker of a cluster node answers at least once (round-robin). */
async function getAll(s: TestServer, path: string, n = 4, init: RequestInit = {}): Promise<Response[]> {
  const out: Response[] = [];
  for (let i = 0; i < n; i++) out.push(await fetch(s.url + path, init));
  return out;
}

function noCrash(s: TestServer, name: string): void {
  assert.doesNotMatch(s.output(), /exited \(|Unhandled 'error' event|unhandledRejection|uncaught/i, `${name} lost a process:\n${s.output()}`);
}

describe('nodes outlive their database', { skip: postgres.skip }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pgProxy: OutageProxy;
  let redisProxy: OutageProxy;
  let redisSkip: string | false;
  let a: TestServer;
  let b: TestServer;
  let direct: pg.Client;
  let articleId: number;

  before(async () => {
    db = await freshDatabase('postgres');
    const real = new URL(db.databaseUrl);
    pgProxy = await startOutageProxy({ host: real.hostname, port: Number(real.port || 5432) });
    redisSkip = await redisReason();
    const redis = new URL(REDIS_URL);
    redisProxy = await startOutageProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const env = { ...(redisSkip ? {} : { REDIS_URL: throughProxy(REDIS_URL, redisProxy) }), LOG_LEVEL: 'warn' };
    const databaseUrl = throughProxy(db.databaseUrl, pgProxy);
    a = await startServer('postgres', { process: true, databaseUrl, env: { ...env, WORKERS: '1' } });
    b = await startServer('postgres', { process: true, databaseUrl, env: { ...env, WORKERS: '2' } });
    // The CLI blocks this process, and with it the proxy: it goes to the database directly.
    for (const [key, value] of [
      ['comments.flood_seconds', '0'],
      ['comments.min_form_seconds', '0'],
      ['comments.hold_first_time', 'false'],
    ]) {
      const r = await cliRun(['settings', 'set', key, value], { ...a.env, DATABASE_URL: db.databaseUrl });
      assert.equal(r.status, 0, r.stderr);
    }
    direct = new pg.Client({ connectionString: db.databaseUrl });
    await direct.connect();
    articleId = (await formOf(a)).articleId;
  });

  after(async () => {
    await direct?.end().catch(() => {});
    await a?.close();
    await b?.close();
    await pgProxy?.close();
    await redisProxy?.close();
    await db?.drop();
  });

  it('serves cached pages, answers 503 keeping what was typed, and comes back fresh on every node', async () => {
    const browser = new Browser(a.url);
    const email = /email:\s+(\S+)/.exec(a.output())?.[1] ?? '';
    assert.equal((await browser.signIn(email, adminPassword(a))).status, 303);
    await browser.get(`/admin/articles/${articleId}`);
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.equal(r.status, 200);
    const token = await freshToken(a, articleId);

    await pgProxy.cut();
    await waitFor('both nodes say they are degraded', async () => (await health(a)).status === 'degraded' && (await health(b)).status === 'degraded');

    // Cached pages keep answering, on every worker.
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.equal(r.status, 200, `${s.url}${ARTICLE} while the database is away`);

    // A page nobody asked for yet: 503, Retry-After, a page a person can read.
    const cold = await fetch(a.url + '/search?q=outage');
    assert.equal(cold.status, 503);
    assert.ok(Number(cold.headers.get('retry-after')) > 0);
    assert.match(cold.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await cold.text(), /<h1>[^<]+<\/h1>/);

    // A comment: 503, and the text comes back, in the form and in JSON.
    const typed = fields({ articleId, token }, { comment: 'Written while the database restarts: <keep> "this" & that.' });
    const form = await postComment(b, typed);
    assert.equal(form.status, 503);
    assert.ok(Number(form.headers.get('retry-after')) > 0);
    const page = await form.text();
    assert.ok(page.includes('Written while the database restarts: &lt;keep&gt; &quot;this&quot; &amp; that.'), 'the comment is given back, escaped');
    assert.match(page, /<form method="post" action="\/comments">/);
    const json = await postJson(a, typed);
    assert.equal(json.status, 503);
    assert.equal(json.body.code, 'GAZ_ERR_COMMENT_UNAVAILABLE');
    assert.equal(json.body.typed.comment, typed.comment);

    // A story being saved: 503, and the headline and body typed come back.
    const save = await browser.post(`/admin/articles/${articleId}`, {
      headline: 'Typed during the outage',
      body: '<p>Every word of it.</p>',
      status: 'published',
    });
    assert.equal(save.status, 503);
    assert.ok(save.html.includes('value="Typed during the outage"'));
    assert.ok(save.html.includes('&lt;p&gt;Every word of it.&lt;/p&gt;'));

    // A change the nodes cannot hear about (made straight on the database, no notification).
    await direct.query('UPDATE articles SET headline = $1 WHERE id = $2', ['Changed while nobody listened', articleId]);

    await pgProxy.restore();
    await waitFor('both nodes are back to ok', async () => (await health(a)).status === 'ok' && (await health(b)).status === 'ok');

    // Each node dropped what it may have missed.
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.match(await r.text(), /Changed while nobody listened/);

    // The next edit on one node is fresh on the other at once (every worker of it).
    const comment = fields({ articleId, token: await freshToken(a, articleId) });
    const posted = await postJson(a, comment);
    assert.equal(posted.status, 201);
    assert.equal(posted.body.status, 'approved');
    // To its writer (the cookie that came with the comment); other readers within a second.
    const writer = { headers: { cookie: (posted.headers.get('set-cookie') ?? '').split(';')[0] } };
    for (const r of await getAll(b, ARTICLE, 4, writer)) assert.ok((await r.text()).includes(comment.author), 'the comment shows on the other node at once');

    noCrash(a, 'node a');
    noCrash(b, 'node b');
  });

  it('outlives a Redis outage and drops its cache when Redis is back', async (t) => {
    if (redisSkip) return t.skip(redisSkip);
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.equal(r.status, 200);
    await redisProxy.cut();
    await waitFor(
      'both nodes see Redis away',
      async () => (await health(a)).checks.redis === 'reconnecting' && (await health(b)).checks.redis === 'reconnecting',
    );
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.equal(r.status, 200);
    // Comments do not need Redis.
    const posted = await postJson(b, fields({ articleId, token: await freshToken(b, articleId) }));
    assert.equal(posted.status, 201);
    await direct.query('UPDATE articles SET headline = $1 WHERE id = $2', ['Changed while Redis was away', articleId]);
    await redisProxy.restore();
    await waitFor('both nodes are back to ok', async () => (await health(a)).status === 'ok' && (await health(b)).status === 'ok');
    for (const s of [a, b]) for (const r of await getAll(s, ARTICLE)) assert.match(await r.text(), /Changed while Redis was away/);
    noCrash(a, 'node a');
    noCrash(b, 'node b');
  });
});
