import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, noChromium } from './helpers/chromium.js';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const SITE = join(ROOT, 'test', 'fixtures', 'wxr', 'embeds-and-attachments.xml');
const STORM = '/2022/09/14/storm-season/';
const WALL = '/2022/09/15/harbour-wall-repairs/';
const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const vnuMissing = spawnSync('java', ['-version']).error ? 'java is not installed' : existsSync(VNU) ? false : 'vnu-jar is missing';
/** Screenshots are kept here to be looked at (the test prints the folder). */
const SHOTS = join(tmpdir(), 'gazette-embed-screenshots');

const page = async (s: TestServer, path: string) => {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return { html: await r.text(), csp: r.headers.get('content-security-policy') ?? '' };
};
/** Each embed placeholder of a page: its classes, player (if any) and link. */
const placeholders = (html: string) =>
  [...html.matchAll(/<figure class="([^"]*embed-placeholder[^"]*)"([^>]*)>([\s\S]*?)<\/figure>/g)].map((m) => ({
    cls: m[1],
    player: /data-embed-player="([^"]*)"/.exec(m[2])?.[1]?.replaceAll('&amp;', '&') ?? null,
    link: /<a href="([^"]*)"/.exec(m[3])?.[1]?.replaceAll('&amp;', '&'),
    text: m[3].replace(/<[^>]*>/g, ' '),
  }));

for (const d of DIALECTS) {
  describe(`WordPress embeds load nothing until the reader asks (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', SITE, '--json']);
      assert.equal(r.status, 0, r.stderr);
    });
    after(async () => {
      await s?.close();
    });

    it('turns embed blocks and iframes into placeholders with the provider, a link and a privacy-enhanced player', async () => {
      const { html, csp } = await page(s, STORM);
      assert.doesNotMatch(html, /<iframe/i, 'no frame on page load');
      const found = placeholders(html);
      assert.deepEqual(
        found.map((f) => [f.link, f.player]),
        [
          ['https://www.youtube.com/watch?v=aqz-KE-bpKQ', 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'],
          ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
          ['https://twitter.com/metoffice/status/1569940000000000000', 'https://platform.twitter.com/embed/Tweet.html?id=1569940000000000000&dnt=true'],
          ['https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk', 'https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk'],
          // Flickr draws its embed with its own script: readers get the link.
          ['https://www.flickr.com/photos/estuarywatch/5133385926/', null],
          // An <iframe> of a known player comes back as a placeholder of the same video.
          ['https://www.youtube.com/embed/ScMzIvxBSi4?si=x1', 'https://www.youtube-nocookie.com/embed/ScMzIvxBSi4'],
          // Any other frame becomes a link to what it showed, and is never framed.
          ['https://maps.example.org/embed?pb=estuary&zoom=12', null],
        ],
      );
      assert.match(found[0].text, /YouTube video/);
      // WordPress's oEmbed cache (post meta) named the video: its title is the link's text.
      assert.match(found[0].text, /Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film/);
      assert.match(found[1].text, /vimeo\.com\/76979871/, 'without a cached title, the address');
      assert.match(found[0].cls, /is-provider-youtube/);
      assert.match(html, /<figcaption class="wp-element-caption">Waves over the harbour wall, filmed by a reader<\/figcaption>/);
      assert.match(found[6].text, /Embedded content from maps\.example\.org/);
      assert.match(html, /<script src="\/assets\/embeds\.[0-9a-f]+\.js" defer><\/script>/, 'the loader comes with the embeds');
      // The page allows the players a click may load, and no other frame.
      const frameSrc = /frame-src ([^;]*)/.exec(csp)?.[1] ?? '';
      assert.match(frameSrc, /https:\/\/www\.youtube-nocookie\.com/);
      assert.doesNotMatch(frameSrc, /maps\.example\.org|\*/);
    });

    it('embeds a provider URL alone on its line and [embed], and leaves URLs in sentences and <pre> as text', async () => {
      const { html } = await page(s, WALL);
      assert.deepEqual(
        placeholders(html).map((f) => f.player),
        [
          'https://www.youtube-nocookie.com/embed/ScMzIvxBSi4',
          'https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Ftidewater-radio%2Fharbour-wall-interview',
        ],
      );
      assert.match(html, /<pre>\nhttps:\/\/vimeo\.com\/76979871\n<\/pre>/);
      assert.match(html, /A link in a sentence stays a link: https:\/\/vimeo\.com\/76979871 is not an embed\./);
    });

    it('is valid HTML, placeholders and all', { skip: vnuMissing }, async () => {
      const errors: string[] = [];
      for (const path of [STORM, WALL]) {
        const file = join(SHOTS, `embeds-${d.name}-${path.split('/').at(-2)}.html`);
        mkdirSync(SHOTS, { recursive: true });
        writeFileSync(file, (await page(s, path)).html);
        const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--stdout', file], { encoding: 'utf8', timeout: 180_000 });
        const messages = (JSON.parse(r.stdout) as { messages: Array<{ type: string; message: string; extract?: string }> }).messages;
        errors.push(...messages.filter((m) => m.type === 'error').map((m) => `${path}: ${m.message} ${m.extract ?? ''}`));
      }
      assert.deepEqual(errors, []);
    });

    it('sends a page without embeds no embed loader', async () => {
      const { html } = await page(s, '/');
      assert.doesNotMatch(html, /embeds\.[0-9a-f]+\.js/);
    });

    it('asks nothing of a provider until the reader clicks, then loads its privacy-enhanced player; a plain link without JavaScript', {
      skip: d.name === 'sqlite' ? noChromium : 'one browser run is enough',
    }, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const browser = await launch();
      try {
        for (const [name, width, scheme] of [
          ['desktop', 1280, 'light'],
          ['phone', 390, 'light'],
          ['desktop-dark', 1280, 'dark'],
          ['phone-dark', 390, 'dark'],
        ] as const) {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
          const offsite: string[] = [];
          // Every request leaving the site is recorded, and a provider's answered by a stand-in (no network here).
          await context.route(
            (url) => !url.href.startsWith(s.url) && !url.href.startsWith('data:'),
            (route) => {
              offsite.push(route.request().url());
              return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>player</title><p>The player would play here.</p>' });
            },
          );
          const tab = await context.newPage();
          await tab.goto(s.url + STORM, { waitUntil: 'load' });
          await tab.evaluate(() => window.scrollTo(0, document.querySelector('.embed-placeholder')!.getBoundingClientRect().top - 80));
          await tab.waitForTimeout(200);
          assert.deepEqual(offsite, [], 'nothing asked of any provider on page load');
          assert.equal(await tab.locator('.article-body iframe').count(), 0);
          await tab.screenshot({ path: join(SHOTS, `embed-${name}.png`) });
          const load = tab.getByRole('button', { name: 'Load YouTube video' }).first();
          await load.click();
          const frame = tab.locator('.article-body iframe').first();
          await frame.waitFor();
          assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ');
          assert.equal(await frame.getAttribute('title'), 'YouTube video: Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film');
          await tab.waitForTimeout(200);
          assert.deepEqual(offsite, ['https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'], 'only the chosen player, from its privacy-enhanced host');
          const box = await frame.boundingBox();
          assert.ok(box && Math.abs(box.width / box.height - 16 / 9) < 0.05, `a 16:9 player (${box?.width}×${box?.height})`);
          await tab.screenshot({ path: join(SHOTS, `embed-${name}-loaded.png`) });
          await context.close();
        }
        const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
        const tab = await noJs.newPage();
        await tab.goto(s.url + STORM);
        assert.equal(await tab.getByRole('button', { name: /Load/ }).count(), 0, 'no button that could do nothing');
        const link = tab.getByRole('link', { name: 'Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film' });
        assert.equal(await link.getAttribute('href'), 'https://www.youtube.com/watch?v=aqz-KE-bpKQ');
        await noJs.close();
        console.log(`# screenshots in ${SHOTS}`);
      } finally {
        await browser.close();
      }
    });
  });
}
