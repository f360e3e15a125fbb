import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { demoStory } from '../src/cli/demo/generate.js';

const stats = async (s: TestServer) => {
  const r = await s.cli(['stats', '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { articles: Record<string, number>; comments: Record<string, number>; sections: number; authors: number };
};

for (const d of DIALECTS) {
  describe(`gazette demo (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    it('adds the articles and approved comments asked for, and a running server shows them at its next request', async () => {
      const before = await stats(s);
      // The front page is now in the running server's page cache.
      assert.equal((await fetch(s.url + '/')).status, 200);
      const cached = await (await fetch(s.url + '/')).text();

      const r = await s.cli(['demo', '--articles', '50', '--comments', '200', '--seed', 'test']);
      assert.equal(r.status, 0, r.stderr);

      const after = await stats(s);
      assert.equal(after.articles.published, before.articles.published + 50);
      assert.equal(after.comments.approved, before.comments.approved + 200);
      assert.ok(after.sections >= 8 && after.authors > before.authors);

      // Dates run up to a minute ago, so the last story leads the front page.
      const newest = demoStory('test', 49).text.headline;
      assert.ok(!cached.includes(newest));
      const front = await (await fetch(s.url + '/')).text();
      assert.ok(front.includes(newest), 'the newest demo story is on the front page');

      const href = new RegExp(`<a href="(/\\d{4}/\\d{2}/\\d{2}/[^"]+/)"[^>]*>${newest}</a>`).exec(front)?.[1];
      assert.ok(href, 'the story links to its permalink');
      const page = await fetch(s.url + href);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h2>/);
    });

    it('runs again on the same site without clashing, and refuses a bad count', async () => {
      const before = await stats(s);
      const r = await s.cli(['demo', '--articles', '5', '--comments', '10', '--seed', 'test']);
      assert.equal(r.status, 0, r.stderr);
      const after = await stats(s);
      assert.equal(after.articles.published, before.articles.published + 5);
      assert.equal(after.comments.approved, before.comments.approved + 10);
      assert.notEqual((await s.cli(['demo', '--articles', '-3'])).status, 0);
    });
  });
}
