import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';

const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';

for (const d of DIALECTS) {
  describe(`reader pages (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    it('prints the admin password once and serves the sample front page with the date', async () => {
      assert.match(s.output(), /password: \S{10,}/);
      const r = await fetch(s.url + '/');
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /<time class="masthead-date"/);
      assert.match(html, /China and Russia pledge closer strategic cooperation/);
      assert.match(html, /href="\/section\/world\/"/);
    });

    it('serves the article with byline, tags, threaded comments and the reply form', async () => {
      const r = await fetch(s.url + ARTICLE);
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /By <a href="\/author\/elena-marsh\/" rel="author">Elena Marsh<\/a>/);
      assert.match(html, /rel="tag">China</);
      assert.match(html, /<ol class="children">/);
      assert.match(html, /Leave a Reply/);
      assert.match(html, /Your email address will not be published\./);
      assert.match(html, /"@type":"NewsArticle"/);
      for (const email of ['marcus.webb@example.net', 'irina.p@example.org', 'dcho@example.com']) assert.ok(!html.includes(email), `${email} leaked`);
    });

    it('answers 304 to a matching ETag and compresses when asked', async () => {
      const first = await fetch(s.url + ARTICLE);
      const etag = first.headers.get('etag')!;
      assert.ok(etag);
      const again = await fetch(s.url + ARTICLE, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      const br = await fetch(s.url + ARTICLE, { headers: { 'accept-encoding': 'br' } });
      assert.equal(br.headers.get('content-encoding'), 'br');
      assert.match(await br.text(), /Leave a Reply/);
    });

    it('redirects a path without its trailing slash and answers 404 with a search box', async () => {
      const r = await fetch(s.url + ARTICLE.slice(0, -1), { redirect: 'manual' });
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), ARTICLE);
      const nf = await fetch(s.url + '/no/such/page/');
      assert.equal(nf.status, 404);
      assert.match(await nf.text(), /type="search"/);
    });

    it('serves section, tag, author and date archives, and static pages', async () => {
      for (const path of ['/section/world/', '/tag/china/', '/author/elena-marsh/', '/2024/', '/2024/05/', '/2024/05/18/', '/about/', '/privacy/']) {
        const r = await fetch(s.url + path);
        assert.equal(r.status, 200, path);
      }
      assert.equal((await fetch(s.url + '/section/nope/')).status, 404);
      assert.equal((await fetch(s.url + '/2023/')).status, 404);
    });

    it('finds the article by full-text search with a highlighted snippet', async () => {
      const r = await fetch(s.url + '/search?q=sanctions');
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /China and Russia pledge/);
      assert.match(html, /<mark>sanctions<\/mark>/i);
    });
  });
}
