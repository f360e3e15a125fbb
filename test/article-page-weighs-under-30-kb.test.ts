import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';

const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
/** WordPress's default theme sends 99 KB of HTML and CSS for a page like this one. */
const BUDGET = 30 * 1024;
/** site.js only enhances commenting: a few kilobytes. */
const SCRIPT_BUDGET = 6 * 1024;

const bytes = async (url: string) => {
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  // fetch decompresses: these are the bytes before compression, as the budget counts them.
  return Buffer.from(await r.arrayBuffer());
};

for (const d of DIALECTS) {
  describe(`the article page is light (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    it('sends under 30 KB of HTML and CSS together, before compression', async () => {
      const html = await bytes(s.url + ARTICLE);
      const text = html.toString('utf8');
      const sheets = [...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(sheets.length >= 1, 'the page links its stylesheet');
      let total = html.length;
      for (const href of sheets) total += (await bytes(new URL(href, s.url).href)).length;
      assert.ok(total < BUDGET, `article HTML + CSS is ${total} bytes, over the ${BUDGET}-byte budget`);
    });

    it('loads its scripts deferred, and site.js stays a few kilobytes', async () => {
      const text = (await bytes(s.url + ARTICLE)).toString('utf8');
      const scripts = text.match(/<script src="[^"]+"[^>]*>/g) ?? [];
      for (const tag of scripts) assert.match(tag, / defer>/, 'deferred: never blocks reading');
      const site = /<script src="(\/assets\/site\.[^"]+)"/.exec(text);
      assert.ok(site, 'the page loads site.js');
      const js = await bytes(new URL(site[1], s.url).href);
      assert.ok(js.length < SCRIPT_BUDGET, `site.js is ${js.length} bytes`);
    });

    it('gives every image its dimensions and loads comment avatars lazily', async () => {
      const text = (await bytes(s.url + ARTICLE)).toString('utf8');
      const imgs = text.match(/<img [^>]*>/g) ?? [];
      assert.ok(imgs.length >= 3, 'the sample comments show avatars');
      for (const img of imgs) {
        assert.match(img, / width="\d+"/, img);
        assert.match(img, / height="\d+"/, img);
        assert.match(img, / alt="/, img);
      }
      for (const img of imgs.filter((i) => i.includes('class="avatar"'))) assert.match(img, /loading="lazy"/);
    });
  });
}
