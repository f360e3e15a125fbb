/**
 * Every admin page (read from the route registry, so a page added later is checked without
 * touching this file) has no serious or critical axe-core violation at desktop (1366 px) and phone
 * (390 px) width, and the article list, the queue and the editor fit a phone without scrolling
 * sideways. Screenshots of the pages a newsroom lives in are written to dist/screenshots/ (light and
 * dark, phone and desktop) for people to look at, by `npm run screenshots`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { MARKUP_DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { adminPassword, NewsroomClient } from './helpers/newsroom-client.js';
import { sql } from './helpers/admin.js';
import { launch, noChromium, noScreenshots, seriousViolations, signInAs } from './helpers/chromium.js';
import { adminPages } from './helpers/admin-pages.js';

const WIDTHS = [1366, 390];
const SHOTS = join(ROOT, 'dist', 'screenshots');
/** The pages screenshotted for review. */
const REVIEWED: Record<string, string> = {
  editor: '/admin/articles/1',
  'new-story': '/admin/articles/new',
  settings: '/admin/settings',
  queue: '/admin/comments?status=pending',
  dashboard: '/admin/',
  articles: '/admin/articles',
  front: '/admin/front',
};

for (const d of MARKUP_DIALECTS) {
  describe(`every admin page is accessible, on a desktop and a phone (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    let page: Page;
    const ids: Record<string, number> = {};

    before(async () => {
      s = await startServer(d.name);
      const client = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
      const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#5a7d3a' } })
        .jpeg()
        .toBuffer();
      ids.media = (await client.upload(jpeg, 'meadow.jpg', 'image/jpeg')).json<{ id: number }>().id;
      const [article] = await sql(s, "SELECT id FROM articles WHERE type = 'article' ORDER BY id LIMIT 1");
      const [pg] = await sql(s, "SELECT id FROM articles WHERE type = 'page' ORDER BY id LIMIT 1");
      const [section] = await sql(s, 'SELECT id FROM sections ORDER BY id LIMIT 1');
      const [author] = await sql(s, 'SELECT id FROM users ORDER BY id LIMIT 1');
      // A held reply, so the queue shows a comment with its context.
      const [comment] = await sql(s, "SELECT id, article_id FROM comments WHERE status = 'approved' ORDER BY id LIMIT 1");
      await sql(
        s,
        "INSERT INTO comments (article_id, parent_id, author, email, body, status, created_at) VALUES (?, ?, 'Rosa Quint', 'rosa@example.com', ?, 'pending', ?)",
        [
          comment.article_id,
          comment.id,
          'A first reply that waits for a moderator, long enough to show how the queue wraps a paragraph of a reader’s words on a phone.',
          Date.now(),
        ],
      );
      Object.assign(ids, {
        article: Number(article.id),
        page: Number(pg.id),
        section: Number(section.id),
        author: Number(author.id),
        comment: Number(comment.id),
      });
      browser = await launch();
      page = await browser.newPage();
      await signInAs(page, s.url, 'admin@example.com', adminPassword(s.output()));
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('finds no serious or critical violation on any page, at 1366 and at 390 px', async () => {
      const list = adminPages(ids);
      assert.ok(list.includes('/admin/front') && list.includes('/admin/articles/new') && list.length >= 18, list.join(' '));
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of list) {
          const res = await page.goto(s.url + path);
          assert.equal(res?.status(), 200, `${path} answers`);
          assert.deepEqual(await seriousViolations(page), [], `${path} at ${width} px`);
        }
      }
    });

    it('finds none in the dark scheme either, on the pages a newsroom lives in', async () => {
      const ctx = await browser.newContext({ colorScheme: 'dark' });
      const dark = await ctx.newPage();
      await signInAs(dark, s.url, 'admin@example.com', adminPassword(s.output()));
      for (const path of Object.values(REVIEWED)) {
        await dark.goto(s.url + path.replace('/1', `/${ids.article}`));
        assert.deepEqual(await seriousViolations(dark), [], `${path} in the dark`);
      }
      await ctx.close();
    });

    it('is readable signed out too (the sign-in page)', async () => {
      const anon = await browser.newPage();
      for (const width of WIDTHS) {
        await anon.setViewportSize({ width, height: 800 });
        await anon.goto(s.url + '/admin/login');
        assert.deepEqual(await seriousViolations(anon), [], `sign-in at ${width} px`);
      }
      await anon.close();
    });

    it('fits the article list, the queue and the editor into a phone’s width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['/admin/articles', '/admin/comments?status=pending', `/admin/articles/${ids.article}`, '/admin/front', '/admin/settings']) {
        await page.goto(s.url + path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${path} scrolls sideways by ${overflow} px`);
      }
    });

    it('writes screenshots of the pages a newsroom lives in', { skip: noScreenshots }, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const written: string[] = [];
      for (const scheme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({ colorScheme: scheme });
        const p = await ctx.newPage();
        await signInAs(p, s.url, 'admin@example.com', adminPassword(s.output()));
        for (const width of WIDTHS) {
          await p.setViewportSize({ width, height: 900 });
          for (const [name, path] of Object.entries(REVIEWED)) {
            await p.goto(s.url + path.replace('/1', `/${ids.article}`));
            const file = join(SHOTS, `${name}-${width}-${scheme}.png`);
            writeFileSync(file, await p.screenshot({ fullPage: true }));
            assert.equal((await sharp(file).metadata()).width, width, file);
            written.push(file);
          }
        }
        await ctx.close();
      }
      assert.equal(written.length, Object.keys(REVIEWED).length * WIDTHS.length * 2);
      process.stdout.write(`# screenshots in ${SHOTS}\n`);
    });
  });
}
