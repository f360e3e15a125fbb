/**
 * Every public page holds from 320 px to a wide screen: nothing sticks out sideways, and every
 * section in the navigation (eight here, more than a phone or a tablet can show at once) can be
 * reached by keyboard and is then fully in view. Screenshots of each page at the four widths the
 * issue names, light and dark, are written to dist/screenshots/reader/ for review by
 * `npm run screenshots` (once, on SQLite).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { MARKUP_DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { launch, noChromium, noScreenshots } from './helpers/chromium.js';
import { ARTICLE } from './helpers/comments.js';

const SHOTS = join(ROOT, 'dist', 'screenshots', 'reader');
const PAGES = ['/', '/page/2/', ARTICLE, '/section/world/', '/tag/china/', '/2024/05/', '/author/elena-marsh/', '/search?q=china', '/about/', '/no/such/page/'];
const WIDTHS = [320, 390, 600, 768, 1366];

for (const d of MARKUP_DIALECTS) {
  describe(`every public page fits every width (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    before(async () => {
      s = await startServer(d.name);
      const demo = await s.cli(['demo', '--articles', '40', '--comments', '30', '--seed', 'widths']);
      assert.equal(demo.status, 0, demo.stderr);
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('has no horizontal overflow on any public page', async () => {
      const wide: string[] = [];
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        for (const path of PAGES) {
          await page.goto(s.url + path);
          const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (over > 0) wide.push(`${path} at ${width} px: ${over} px too wide`);
        }
        await page.close();
      }
      assert.deepEqual(wide, []);
    });

    it('reaches every section by keyboard, each fully in view when focused', async () => {
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.goto(s.url + '/');
        const names = await page.locator('.sections-nav a').allTextContents();
        assert.ok(names.length >= 8, `${names.length} sections`);
        await page.locator('.masthead-search button').focus();
        const seen: string[] = [];
        for (let i = 0; i < names.length + 5 && seen.length < names.length; i++) {
          await page.keyboard.press('Tab');
          const at = await page.evaluate(() => {
            const a = document.activeElement;
            if (!a?.closest('.sections-nav')) return null;
            const r = a.getBoundingClientRect();
            const row = a.closest('ul')!.getBoundingClientRect();
            return { text: a.textContent ?? '', inView: r.left >= Math.max(0, row.left) - 1 && r.right <= Math.min(window.innerWidth, row.right) + 1 };
          });
          if (!at) continue;
          await page.waitForFunction(() => {
            const a = document.activeElement!;
            const r = a.getBoundingClientRect();
            const row = a.closest('ul')!.getBoundingClientRect();
            return r.left >= Math.max(0, row.left) - 1 && r.right <= Math.min(window.innerWidth, row.right) + 1;
          });
          seen.push(at.text);
        }
        assert.deepEqual(seen, names, `every section reached in order at ${width} px`);
        await page.close();
      }
    });

    it('writes screenshots of every page at four widths, light and dark', { skip: noScreenshots }, async () => {
      mkdirSync(SHOTS, { recursive: true });
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [390, 600, 768, 1366]) {
          const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
          for (const path of PAGES) {
            await page.goto(s.url + path);
            const name = (path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'front').slice(0, 40);
            writeFileSync(join(SHOTS, `${name}-${width}-${colorScheme}.png`), await page.screenshot({ fullPage: true }));
          }
          await page.close();
        }
      }
    });
  });
}
