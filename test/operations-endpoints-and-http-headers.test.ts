import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, cliRun, type TestServer } from './helpers/server.js';

for (const d of DIALECTS) {
  describe(`operations and HTTP (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { process: true });
    });
    after(async () => {
      await s?.close();
    });

    it('reports liveness and database readiness at /healthz', async () => {
      const r = await fetch(s.url + '/healthz');
      assert.equal(r.status, 200);
      const body = (await r.json()) as { status: string; database: string };
      assert.equal(body.status, 'ok');
      assert.equal(body.database, d.name);
    });

    it('exposes Prometheus metrics: requests by route, cache hits and misses, comments by status', async () => {
      await fetch(s.url + '/');
      await fetch(s.url + '/');
      const text = await (await fetch(s.url + '/metrics')).text();
      assert.match(text, /gazette_http_requests_total\{route="front",status="200"\} \d+/);
      assert.match(text, /gazette_http_request_duration_seconds_bucket\{route="front",le="\+Inf"\} \d+/);
      assert.match(text, /gazette_page_cache_hits_total [1-9]/);
      assert.match(text, /gazette_comments\{status="approved"\} 3/);
    });

    it('sends security headers, ETag, Last-Modified and a CDN-friendly Cache-Control', async () => {
      const r = await fetch(s.url + '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/');
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(r.headers.get('referrer-policy'));
      assert.ok(r.headers.get('etag'));
      assert.ok(r.headers.get('last-modified'));
      assert.match(r.headers.get('cache-control') ?? '', /s-maxage=\d+/);
    });

    it('answers HEAD with headers and no body, and serves fingerprinted assets for a year', async () => {
      const head = await fetch(s.url + '/', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal((await head.text()).length, 0);
      const html = await (await fetch(s.url + '/')).text();
      // The page's one stylesheet: the site's CSS with the theme's, fingerprinted (runtime/assets.ts).
      const css = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
      assert.ok(css, 'stylesheet link');
      const r = await fetch(s.url + css);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
      assert.match(r.headers.get('content-type') ?? '', /text\/css/);
    });

    it('finishes a request in flight on SIGTERM, then exits', async () => {
      const slow = fetch(s.url + '/search?q=cooperation');
      await s.stop();
      const r = await slow.catch(() => null);
      assert.ok(r === null || r.status === 200 || r.status === 503);
      await s.restart();
      assert.equal((await fetch(s.url + '/healthz')).status, 200);
    });
  });
}

describe('configuration errors', () => {
  it('stop start-up with one line naming the variable', async () => {
    const r = await cliRun(['serve'], { PORT: 'not-a-port', DATA_DIR: '/tmp/gazette-never' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PORT/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
