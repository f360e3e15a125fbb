import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { setSetting } from './helpers/comments.js';

const THEME_MJS = `
export function Footer({ site }, { h }) {
  return h('footer', { class: 'site-footer' }, h('p', null, 'Custom footer of ', site.settings['site.title'], ' <b>escaped</b>'));
}
`;
const THEME_CSS = '.site-footer{border-top:8px solid rebeccapurple}';

const themeHref = (html: string) => /<link rel="stylesheet" href="(\/assets\/theme-[0-9a-f]+\.css)"/.exec(html)?.[1];

/** Fetches `path` until `ok(html)` holds: another process's write reaches the server at its next poll. */
async function until(s: TestServer, path: string, ok: (html: string) => boolean): Promise<string> {
  let html = '';
  for (let i = 0; i < 50; i++) {
    html = await (await fetch(s.url + path)).text();
    if (ok(html)) return html;
    await new Promise((r) => setTimeout(r, 100));
  }
  return html;
}

for (const d of DIALECTS) {
  describe(`theme files in DATA_DIR override the look (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
      mkdirSync(join(s.dataDir, 'theme'));
      writeFileSync(join(s.dataDir, 'theme', 'theme.mjs'), THEME_MJS);
      writeFileSync(join(s.dataDir, 'theme', 'style.css'), THEME_CSS);
      await s.restart(); // the theme is loaded once, at boot
    });
    after(async () => {
      await s?.close();
    });

    it('renders the overriding Footer on every page, escaping what it prints', async () => {
      for (const path of ['/', '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/', '/no/such/page/']) {
        const html = await (await fetch(s.url + path)).text();
        assert.match(html, /<footer class="site-footer"><p>Custom footer of The Gazette &lt;b&gt;escaped&lt;\/b&gt;<\/p><\/footer>/, path);
        assert.ok(!html.includes('Published with Gazette'), 'the default footer is replaced');
        assert.match(html, /class="masthead"/, 'other components keep their defaults');
      }
    });

    it("serves the theme's style.css after the default stylesheet, in the page's one stylesheet, fingerprinted and cached for a year", async () => {
      const html = await (await fetch(s.url + '/')).text();
      const href = themeHref(html);
      assert.ok(href, 'the theme stylesheet is linked');
      assert.equal(html.match(/<link rel="stylesheet"/g)?.length, 1, 'one render-blocking stylesheet');
      const r = await fetch(s.url + href);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/css/);
      assert.match(r.headers.get('cache-control') ?? '', /immutable/);
      const css = await r.text();
      assert.ok(css.includes(THEME_CSS));
      assert.match(css, /--accent:#b3261e/);
      const siteCss = css.indexOf('.masthead');
      assert.ok(siteCss >= 0 && siteCss < css.indexOf(THEME_CSS), "the theme's CSS comes after the site's, so it wins");
    });

    it('changes the accent colour and the logo from settings, under a new stylesheet address', async () => {
      const before = themeHref(await (await fetch(s.url + '/')).text())!;
      await setSetting(s, 'site.accent', '#0b5394');
      await setSetting(s, 'site.logo', '/media/logo.png');
      const html = await until(s, '/', (h) => themeHref(h) !== before && h.includes('/media/logo.png'));
      const href = themeHref(html)!;
      assert.notEqual(href, before);
      assert.match(await (await fetch(s.url + href)).text(), /--accent:#0b5394/);
      assert.match(html, /<a href="\/" rel="home"><img src="\/media\/logo.png" alt="The Gazette"/);
      const stale = await fetch(s.url + before);
      assert.equal(stale.status, 200);
      assert.equal(stale.headers.get('cache-control'), 'no-cache', 'an old address is not cached for a year');
    });
  });
}
