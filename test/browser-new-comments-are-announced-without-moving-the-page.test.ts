/**
 * Live conversation: a reader of a story on one server process is told of comments approved
 * through another ("2 new comments — show", and the same in a polite live region) without a single
 * element of the page moving; "show" puts each new comment in its thread. A held comment is never
 * announced, and the stream carries comment ids, nothing else. The cached page stays one page for
 * every reader: the stream is all that is live.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { launch, noChromium } from './helpers/chromium.js';
import { ARTICLE, fields, formOf, liftLimits, listComments, postJson, setSetting } from './helpers/comments.js';

/** Every element's box (and the scroll position), the live pill and status aside. */
function boxes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = [`scroll ${window.scrollX},${window.scrollY}`];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.live-pill') || el.matches('[role=status].visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      out.push(`${el.tagName}#${el.id}.${el.className} ${r.x},${r.y},${r.width},${r.height}`);
    }
    return out;
  });
}

/** The events of the live stream of `articleId` read for `ms` milliseconds. */
async function streamFor(s: TestServer, articleId: number, since: number, ms: number): Promise<{ status: number; type: string; text: string }> {
  const ac = new AbortController();
  const r = await fetch(`${s.url}/comments/live?article=${articleId}&since=${since}`, { signal: ac.signal, headers: { accept: 'text/event-stream' } });
  let text = '';
  const reader = r.body!.getReader();
  const stop = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  } catch {
    // aborted: what came so far is the answer
  } finally {
    clearTimeout(stop);
  }
  return { status: r.status, type: r.headers.get('content-type') ?? '', text };
}

for (const d of DIALECTS) {
  describe(`new comments are announced without moving the page (${d.name}, two server processes)`, { skip: d.skip || noChromium }, () => {
    let s1: TestServer;
    let s2: TestServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    before(async () => {
      // Two `gazette serve` processes on one database: what one hears, the other must hear too.
      s1 = await startServer(d.name, { process: true });
      s2 = await startServer(d.name, { databaseUrl: s1.databaseUrl, process: true });
      await liftLimits(s1);
      await setSetting(s1, 'comments.moderation_words', 'holdmeplease');
      browser = await launch();
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await s2?.close();
      await s1?.close();
    });

    const open = async (s: TestServer, width: number): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, reducedMotion: 'reduce' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(s.url + ARTICLE);
      await page.evaluate(() => document.fonts.ready);
      return page;
    };

    it('announces comments posted through the other process, moves nothing, and shows them in their threads when asked', async () => {
      const { articleId, token } = await formOf(s1);
      const approvedBefore = (await listComments(s1, 'approved')).filter((c) => c.article_id === articleId);
      const parent = approvedBefore.find((c) => c.parent_id === null)!;
      assert.ok(parent, 'the sample story has a top-level comment');

      // Readers on the second process, at phone and desktop width, reading the conversation.
      const readers = [await open(s2, 390), await open(s2, 1366)];
      for (const r of readers) {
        await r.locator(`#comment-${parent.id}`).scrollIntoViewIfNeeded();
        assert.equal(await r.locator('.live-pill').isVisible(), false, 'nothing announced before anyone posts');
      }
      const before = await Promise.all(readers.map(boxes));

      // A writer on the first process posts through the form (in place, with JavaScript)…
      const writer = await open(s1, 1366);
      await writer.fill('#comment', 'Posted through the form on the first process.');
      await writer.fill('#author', 'Form Writer');
      await writer.fill('#email', 'form.writer@example.net');
      await writer.click('#submit');
      await writer.waitForSelector('.comment-just-posted');
      const mine = Number((await writer.locator('.comment-just-posted').getAttribute('id'))!.slice('comment-'.length));
      // …another replies to a comment, and a third writes what a moderator must see first.
      const reply = await postJson(s1, fields({ articleId, token }, { parent_id: String(parent.id), email: 'replier@example.net' }));
      assert.equal(reply.status, 201);
      assert.equal(reply.body.status, 'approved');
      const held = await postJson(s1, fields({ articleId, token }, { comment: 'Please holdmeplease, moderator.', email: 'held@example.net' }));
      assert.equal(held.body.status, 'pending');

      for (const [i, r] of readers.entries()) {
        await r.waitForFunction(() => document.querySelector('.live-pill:not([hidden])')?.textContent === '2 new comments — show', undefined, {
          timeout: 30_000,
        });
        assert.match((await r.locator('[role=status].visually-hidden').textContent()) ?? '', /2 new comments/);
        assert.equal(await r.getAttribute('[role=status].visually-hidden', 'aria-live'), 'polite');
        assert.deepEqual(await boxes(r), before[i], `nothing moved on the page at ${i ? 1366 : 390} px`);
      }
      // The writer is told of the reply only: their own comment is on their page already.
      await writer.waitForFunction(() => document.querySelector('.live-pill:not([hidden])')?.textContent === '1 new comment — show', undefined, {
        timeout: 30_000,
      });

      for (const r of readers) {
        await r.click('.live-pill');
        await r.waitForSelector(`#comment-${mine}`);
        assert.equal(await r.locator(`#comment-${parent.id} > ol.children > #comment-${reply.body.id}`).count(), 1, 'the reply sits under its parent');
        assert.equal(await r.locator(`#comments > ol.comment-list > #comment-${mine}`).count(), 1, 'the new comment is in the list');
        assert.equal(await r.locator(`#comment-${held.body.id}`).count(), 0, 'the held comment is not shown');
        assert.equal(await r.locator('.live-pill').isVisible(), false);
        assert.match((await r.locator('#comments-title').textContent()) ?? '', new RegExp(`^${approvedBefore.length + 2} responses`));
        const html = await r.content();
        assert.doesNotMatch(html, /@example\.net/, 'no email on the page');
      }
    });

    it('streams only the ids of approved comments newer than the page, and refuses what is not a story', async () => {
      const { articleId } = await formOf(s2);
      const approved = (await listComments(s1, 'approved')).filter((c) => c.article_id === articleId).map((c) => c.id);
      const held = (await listComments(s1, 'pending')).filter((c) => c.article_id === articleId).map((c) => c.id);
      assert.ok(held.length > 0);
      const since = Math.min(...approved) - 1;
      const r = await streamFor(s2, articleId, since, 1500);
      assert.equal(r.status, 200);
      assert.match(r.type, /^text\/event-stream/);
      const events = r.text.split('\n\n').filter((e) => e.startsWith('data: '));
      assert.equal(events.length, 1, r.text);
      assert.deepEqual(JSON.parse(events[0].slice(6)), { ids: approved.sort((a, b) => a - b) });
      // Asked without `Accept: text/event-stream` (a crawler following the page's address): one answer, ended.
      const once = await fetch(`${s2.url}/comments/live?article=${articleId}&since=${since}`);
      assert.equal(await once.text(), `data: {"ids":[${approved.join(',')}]}\n\n`);
      assert.equal((await fetch(`${s2.url}/comments/live?article=999999&since=0`)).status, 404);
      assert.equal((await fetch(`${s2.url}/comments/live?article=abc`)).status, 400);
    });
  });
}
