/**
 * The conversation never loses a word or a person, at phone, tablet and desktop widths, with
 * JavaScript and without: a refused comment comes back with its error in view and the text kept
 * (and reloading posts nothing); a comment sent a second after the page loaded is held, and its
 * writer sees it as theirs, awaiting moderation; a held reply sits under the comment it answers,
 * in view and not clipped by the top edge.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { launch, noChromium } from './helpers/chromium.js';
import { ARTICLE, listComments, liftLimits, setSetting } from './helpers/comments.js';

const WIDTHS = [390, 600, 768, 1366];

/** Whether the element is entirely inside the viewport (its top not under the top edge). */
async function waitInView(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector);
}

let n = 0;
async function fillForm(page: Page, o: { email?: string; comment?: string } = {}): Promise<{ author: string; comment: string }> {
  const author = `Reader ${++n} ${process.pid}`;
  const comment = o.comment ?? `A remark from ${author}, with "quotes" & <angle brackets>.`;
  await page.fill('#comment', comment);
  await page.fill('#author', author);
  await page.fill('#email', o.email ?? `reader${n}.${process.pid}@example.net`);
  return { author, comment };
}

for (const d of DIALECTS) {
  describe(`a comment is never lost, at every width (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    before(async () => {
      s = await startServer(d.name);
      await liftLimits(s);
      // Far longer than anyone takes here: every post in this test is "too fast".
      await setSetting(s, 'comments.min_form_seconds', '600');
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    // Where the form and the error sit at each width is the page's markup, the same on both
    // databases (test/every-page-is-the-same-markup-on-both-databases.test.ts): every width on
    // SQLite; on PostgreSQL the flows themselves, at a phone's width.
    for (const width of d.name === 'sqlite' ? WIDTHS : WIDTHS.slice(0, 1)) {
      for (const js of [true, false]) {
        const how = `${width} px, JavaScript ${js ? 'on' : 'off'}`;
        const open = async (): Promise<{ context: BrowserContext; page: Page; posts: string[] }> => {
          const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: js, reducedMotion: 'reduce' });
          const page = await context.newPage();
          const posts: string[] = [];
          page.on('request', (r) => {
            if (r.method() === 'POST') posts.push(r.url());
          });
          await page.goto(s.url + ARTICLE);
          return { context, page, posts };
        };

        it(`shows a refused comment's error in view beside the form, the text kept (${how})`, async () => {
          const { context, page, posts } = await open();
          // A browser takes `reader@localhost` as an email address; the server wants a domain with a dot.
          const { comment } = await fillForm(page, { email: 'reader@localhost' });
          await page.click('#submit');
          await waitInView(page, '#email-error');
          assert.equal(await page.inputValue('#comment'), comment);
          assert.equal(await page.inputValue('#email'), 'reader@localhost');
          // Without JavaScript the address's #respond brings the form into view (a fragment wins over autofocus).
          if (js) assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the field in error has the focus');
          assert.equal(posts.length, 1);
          if (!js) {
            assert.match(page.url(), /\?unsent=1#respond$/);
            // Reloading shows the same form and posts nothing.
            await page.reload();
            await waitInView(page, '#email-error');
            assert.equal(await page.inputValue('#comment'), comment);
            assert.equal(posts.length, 1, 'reloading sent nothing');
          } else {
            assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, ARTICLE, 'no page load');
            // Corrected, it posts in place and the error goes.
            await page.fill('#email', `fixed${n}@example.net`);
            await page.click('#submit');
            await page.locator('.comment-held').waitFor();
            assert.equal(await page.locator('#email-error').count(), 0);
          }
          await context.close();
        });

        it(`holds a comment sent a second after the page loaded and shows it to its writer (${how})`, async () => {
          const { context, page } = await open();
          await page.waitForTimeout(1000);
          const { author, comment } = await fillForm(page);
          await page.click('#submit');
          const held = page.locator('.comment-held', { hasText: author });
          await held.waitFor();
          const id = await held.getAttribute('id');
          await waitInView(page, `#${id}`);
          assert.match(await held.innerText(), /awaiting moderation/);
          assert.equal(await held.locator('.mine-badge').textContent(), 'You');
          assert.ok((await held.locator('.comment-content').innerText()).includes(comment.slice(0, 20)));
          const stored = (await listComments(s)).find((c) => c.author === author);
          assert.deepEqual([stored?.status, stored?.decided_by], ['pending', 'form-token']);
          // Nobody else sees it.
          assert.doesNotMatch(await (await fetch(s.url + ARTICLE)).text(), new RegExp(author));
          await context.close();
        });

        it(`shows a held reply under the comment it answers, un-clipped (${how})`, async () => {
          const { context, page } = await open();
          await page.locator('#comment-1 .comment-reply-link').first().click();
          if (!js) await page.waitForURL(/replytocom=1/);
          const { author } = await fillForm(page);
          await page.click('#submit');
          const held = page.locator('#comment-1 > ol.children > li.comment-held', { hasText: author });
          await held.waitFor();
          await waitInView(page, `#${await held.getAttribute('id')}`);
          const top = await held.evaluate((el) => el.querySelector('.comment-author')?.getBoundingClientRect().top ?? -1);
          assert.ok(top >= 8, `the writer's name sits below the top edge (${top} px)`);
          await context.close();
        });
      }
    }
  });
}
