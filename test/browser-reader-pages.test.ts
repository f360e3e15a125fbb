import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MARKUP_DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const noChromium = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}`;
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
const PAGES = ['/', ARTICLE, '/section/world/', '/search?q=china', '/about/', '/no/such/page/'];
const PHONE = { width: 360, height: 740 };

interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** Runs axe-core in the page (evaluated, since the CSP forbids inline script) and returns serious or critical violations. */
async function seriousViolations(page: Page): Promise<Violation[]> {
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
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const respondInside = (page: Page, selector: string) =>
  page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.getElementById('respond')), selector);

for (const d of MARKUP_DIALECTS) {
  describe(`reader pages in a browser (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    before(async () => {
      s = await startServer(d.name);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('renders the front page and the article with its comments and the reply form', async () => {
      const page = await browser.newPage();
      await page.goto(s.url + '/');
      await page.getByRole('heading', { level: 2, name: /China and Russia pledge/ }).waitFor();
      assert.ok(await page.locator('.masthead-date').isVisible());
      await page.goto(s.url + ARTICLE);
      assert.ok(await page.getByRole('heading', { level: 1, name: /China and Russia pledge/ }).isVisible());
      assert.ok(await page.locator('#comment-2 .comment-content').isVisible());
      for (const label of ['Comment', 'Name', 'Email', 'Website']) assert.ok(await page.getByLabel(label, { exact: false }).first().isVisible(), label);
      assert.ok(await page.getByRole('button', { name: 'Post Comment' }).isVisible());
      // The honeypot is off-screen and skipped by Tab: from Website the next stop is the checkbox.
      const trap = await page.locator('#hp-website').boundingBox();
      assert.ok(!trap || trap.x + trap.width <= 0 || trap.width <= 1, 'the honeypot is not visible');
      await page.focus('#url');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'remember');
      await page.close();
    });

    it('makes no request outside the site and breaks no content security rule', async () => {
      const page = await browser.newPage();
      const origin = new URL(s.url).origin;
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => void requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => void problems.push(e.message));
      for (const path of PAGES) {
        await page.goto(s.url + path);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForLoadState('networkidle');
      }
      assert.ok(requests.some((u) => u.includes('/assets/theme-')) && requests.some((u) => u.includes('/avatar/')), 'stylesheet and avatars were requested');
      assert.deepEqual(
        requests.filter((u) => new URL(u).origin !== origin),
        [],
      );
      assert.deepEqual(problems, []);
      await page.close();
    });

    for (const mode of [
      { name: 'light, desktop', colorScheme: 'light' as const, viewport: { width: 1280, height: 900 } },
      { name: 'dark, desktop', colorScheme: 'dark' as const, viewport: { width: 1280, height: 900 } },
      { name: 'light, phone', colorScheme: 'light' as const, viewport: PHONE },
      { name: 'dark, phone', colorScheme: 'dark' as const, viewport: PHONE },
    ]) {
      it(`has no serious or critical accessibility violations (${mode.name})`, async () => {
        const page = await browser.newPage({ viewport: mode.viewport });
        await page.emulateMedia({ colorScheme: mode.colorScheme });
        const found: string[] = [];
        for (const path of PAGES) {
          await page.goto(s.url + path);
          for (const v of await seriousViolations(page)) found.push(`${path} ${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
        }
        assert.deepEqual(found, []);
        await page.close();
      });
    }

    it('moves the reply form under the comment on "Reply" and back on "Cancel reply"', async () => {
      const page = await browser.newPage();
      await page.goto(s.url + ARTICLE);
      assert.equal(await respondInside(page, '.comment'), false);
      assert.equal(await page.locator('#cancel-comment-reply-link').isVisible(), false);
      await page.locator('#comment-1 .comment-reply-link').first().click();
      assert.equal(new URL(page.url()).search, '', 'no navigation');
      assert.ok(await respondInside(page, '#comment-1'));
      assert.equal(await respondInside(page, '#comment-2'), false, 'placed under the comment, not its replies');
      assert.equal(await page.inputValue('#parent_id'), '1');
      assert.match(await page.locator('#reply-title').innerText(), /Reply to Marcus Webb/);
      assert.ok(await page.evaluate(() => document.activeElement?.id === 'comment'), 'focus moves to the comment field');
      await page.locator('#comment-2 .comment-reply-link').click();
      assert.ok(await respondInside(page, '#comment-2'));
      assert.equal(await page.inputValue('#parent_id'), '2');
      await page.getByRole('link', { name: 'Cancel reply' }).click();
      assert.equal(await respondInside(page, '.comment'), false);
      assert.equal(await page.inputValue('#parent_id'), '0');
      assert.match(await page.locator('#reply-title').innerText(), /Leave a Reply/);
      assert.equal(await page.locator('#cancel-comment-reply-link').isVisible(), false);
      await page.close();
    });

    it('works with JavaScript off: the article, the form, and the reply link as a plain link', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(s.url + ARTICLE);
      assert.ok(await page.getByRole('heading', { level: 1, name: /China and Russia pledge/ }).isVisible());
      assert.ok(await page.locator('#commentform textarea#comment').isVisible());
      await page.locator('#comment-1 .comment-reply-link').first().click();
      await page.waitForURL(/replytocom=1/);
      assert.match(await page.locator('#reply-title').innerText(), /Reply to Marcus Webb/);
      assert.equal(await page.inputValue('#parent_id'), '1');
      assert.ok(await page.getByRole('link', { name: 'Cancel reply' }).isVisible());
      await context.close();
    });

    it('remembers name, email and website in localStorage when asked, and forgets them when unticked', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const submit = async (remember: boolean) => {
        await page.goto(s.url + ARTICLE);
        await page.fill('#comment', 'A thoughtful remark about the talks.');
        await page.fill('#author', 'Ada Reader');
        await page.fill('#email', 'ada.reader@example.org');
        await page.fill('#url', 'https://example.org/ada');
        await page.setChecked('#remember', remember);
        // Posted in place: the answer is the held comment, or an error beside the form (too soon after the last).
        await page.click('#submit');
        await page.locator('.comment-held, .form-error').first().waitFor();
        await page.goto(s.url + ARTICLE);
      };
      await submit(true);
      assert.equal(await page.inputValue('#author'), 'Ada Reader');
      assert.equal(await page.inputValue('#email'), 'ada.reader@example.org');
      assert.equal(await page.inputValue('#url'), 'https://example.org/ada');
      assert.ok(await page.isChecked('#remember'));
      assert.ok(!(await page.evaluate(() => document.cookie)).includes('ada.reader'), 'not kept in a cookie');
      await submit(false);
      assert.equal(await page.inputValue('#author'), '');
      assert.equal(await page.inputValue('#email'), '');
      assert.equal(await page.isChecked('#remember'), false);
      await context.close();
    });
  });
}
