/**
 * In Chromium: two comments held for moderation, one approved with the keyboard (j, a) and one
 * with a click in the queue; both then appear on the article. axe-core finds no serious or
 * critical violation on the dashboard, the queue, the users and the settings pages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { adminPassword } from './helpers/admin.js';
import { launch, noChromium } from './helpers/chromium.js';
import { ARTICLE, fields, formOf, postJson, setSetting } from './helpers/comments.js';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious or critical axe-core violations (axe is evaluated: the CSP forbids inline script). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const all = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

for (const d of DIALECTS) {
  describe(`moderating in a browser (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];
    before(async () => {
      s = await startServer(d.name);
      // Post at once, but keep first comments held (the default) so they wait in the queue.
      await setSetting(s, 'comments.min_form_seconds', '0');
      await setSetting(s, 'comments.flood_seconds', '0');
      browser = await launch();
      page = await browser.newPage();
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('approves held comments from the queue, by keyboard and by click, and they appear on the article', async () => {
      const form = await formOf(s);
      const first = await postJson(s, fields(form, { author: 'Ada Quill', email: 'ada@example.net', comment: 'The first held remark about the summit.' }));
      const second = await postJson(s, fields(form, { author: 'Bo Lark', email: 'bo@example.net', comment: 'The second held remark about the pledge.' }));
      assert.equal(first.body.status, 'pending');
      assert.equal(second.body.status, 'pending');
      const before = await (await fetch(s.url + ARTICLE)).text();
      assert.ok(!before.includes('first held remark'));

      await page.goto(s.url + '/admin/comments?status=pending');
      assert.match(page.url(), /\/admin\/login\?next=/);
      await page.fill('#f-email', 'admin@example.com');
      await page.fill('#f-password', adminPassword(s));
      await Promise.all([page.waitForURL(/\/admin\/comments\?status=pending$/), page.click('button[type=submit]')]);
      assert.equal(await page.locator('.admin-nav .count').first().getAttribute('data-pending-count'), '2');

      // Newest first: j selects the second comment, a approves it.
      await page.keyboard.press('j');
      await Promise.all([page.waitForURL(/status=pending/), page.waitForEvent('load'), page.keyboard.press('a')]);
      await page.locator('.flash').waitFor();
      assert.equal(await page.locator(`#c-${second.body.id}`).count(), 0);
      await Promise.all([page.waitForEvent('load'), page.click(`#c-${first.body.id} button[value=approve]`)]);
      assert.equal(await page.locator('.queue-item').count(), 0);
      assert.equal(await page.locator('.admin-nav .count').first().getAttribute('data-pending-count'), '0');

      await page.goto(s.url + ARTICLE);
      const html = await page.content();
      assert.ok(html.includes('The first held remark about the summit.'));
      assert.ok(html.includes('The second held remark about the pledge.'));
      assert.deepEqual(errors, []);
    });

    it('finds no serious or critical accessibility violation on the dashboard, queue, users and settings', async () => {
      for (const path of ['/admin/', '/admin/comments?status=approved', '/admin/users', '/admin/settings', '/admin/profile']) {
        await page.goto(s.url + path);
        assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${path} opened`);
        assert.deepEqual(await seriousViolations(page), [], path);
      }
      await page.context().clearCookies();
      await page.goto(s.url + '/admin/login');
      assert.deepEqual(await seriousViolations(page), [], '/admin/login');
    });
  });
}
