import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { DIALECTS, ROOT } from './helpers/server.js';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { launch, noChromium } from './helpers/chromium.js';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious or critical axe-core violations (axe is evaluated: the CSP forbids inline script). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

/** `YYYY-MM-DDTHH:MM` in UTC (the sample site's zone), for the datetime-local field. */
const localUtc = (ms: number) => new Date(ms).toISOString().slice(0, 16);

for (const d of DIALECTS) {
  describe(`the newsroom in a browser (${d.name})`, { skip: d.skip || noChromium }, () => {
    // In this process, on a clock the test moves: the scheduled hour comes without waiting for it.
    let s: InProcessServer;
    let browser: Browser;
    let page: Page;
    before(async () => {
      s = await startInProcess(d.name);
      browser = await launch();
      page = await browser.newPage();
      await page.goto(s.url + '/admin/login');
      await page.getByLabel('Email').fill('admin@example.com');
      await page.getByLabel('Password').fill(s.adminPassword);
      await Promise.all([page.waitForURL(/\/admin\/$/), page.getByRole('button', { name: /sign in/i }).click()]);
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('schedules an article that appears on the front page at its time', async () => {
      await page.goto(s.url + '/admin/articles/new');
      await page.getByLabel('Headline').fill('Night ferry resumes crossing');
      await page.locator('#ed-content').click();
      await page.keyboard.type('The night ferry sails again from Tuesday.');
      const due = Math.ceil((s.clock.now() + 3600_000) / 60_000) * 60_000;
      await page.getByLabel(/Publication time/).fill(localUtc(due));
      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('button', { name: 'Schedule', exact: true }).click()]);
      assert.ok(await page.locator('.badge-scheduled').isVisible(), 'saved as scheduled');

      const front = async () => (await (await fetch(s.url + '/')).text()).includes('Night ferry resumes crossing');
      assert.equal(await front(), false, 'not on the front page before its time');
      s.clock.set(due - 1);
      assert.equal(await front(), false, 'not on the front page a moment before its time');
      s.clock.set(due);
      assert.equal(await front(), true, 'on the front page at its time');
    });

    it('uploads an image, sets it as the featured image and the article shows responsive images', async () => {
      const file = join(s.dataDir, 'lighthouse.jpg');
      writeFileSync(
        file,
        await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#2d5b7a' } })
          .jpeg()
          .toBuffer(),
      );
      await page.goto(s.url + '/admin/media');
      await page.getByLabel('Upload an image').setInputFiles(file);
      await Promise.all([page.waitForURL(/\/admin\/media\/\d+$/), page.getByRole('button', { name: 'Upload', exact: true }).click()]);
      await page.getByLabel('Alt text').fill('A lighthouse at dusk');
      await Promise.all([page.waitForURL(/\/admin\/media\/\d+$/), page.getByRole('button', { name: 'Save', exact: true }).click()]);

      await page.goto(s.url + '/admin/articles/new');
      await page.getByLabel('Headline').fill('Lighthouse keeper retires');
      await page.locator('#ed-content').click();
      await page.keyboard.type('After forty years, the light goes on without him.');
      await page.getByLabel('Image', { exact: true }).selectOption({ label: 'lighthouse.jpg' });
      await page.getByLabel('Alt text', { exact: true }).fill('A lighthouse at dusk');
      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('button', { name: 'Publish', exact: true }).click()]);
      await Promise.all([page.waitForURL(/\/\d{4}\/\d{2}\/\d{2}\/lighthouse-keeper-retires\/$/), page.getByRole('link', { name: 'View on the site' }).click()]);

      const webp = await page.locator('.article-figure source[type="image/webp"]').getAttribute('srcset');
      const avif = await page.locator('.article-figure source[type="image/avif"]').getAttribute('srcset');
      for (const w of [320, 640, 1024, 1600, 1800]) {
        assert.match(webp ?? '', new RegExp(`\\.webp ${w}w`), `webp ${w}`);
        assert.match(avif ?? '', new RegExp(`\\.avif ${w}w`), `avif ${w}`);
      }
      const img = page.locator('.article-figure img');
      assert.equal(await img.getAttribute('alt'), 'A lighthouse at dusk');
      assert.equal(await img.getAttribute('width'), '1800');
      assert.equal(await img.getAttribute('height'), '1200');
      assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), 'the browser loaded one of the sizes');
    });

    it('has no serious or critical accessibility violation on the editor, the article list and the media library', async () => {
      for (const path of ['/admin/articles/new', '/admin/articles', '/admin/media', '/admin/taxonomy']) {
        await page.goto(s.url + path);
        assert.deepEqual(await seriousViolations(page), [], path);
      }
    });
  });
}
