import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, fields, formOf, liftLimits, moderate, postComment, setSetting } from './helpers/comments.js';

const commentCount = (html: string) => Number(/"commentCount":(\d+)/.exec(html)?.[1] ?? -1);

for (const d of DIALECTS) {
  describe(`a held comment (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let writerUrl: string;
    let id: number;
    let countBefore: number;
    const secretWords = `Held words ${Math.random().toString(36).slice(2)}`;

    before(async () => {
      s = await startServer(d.name);
      const form = await formOf(s);
      await liftLimits(s);
      await setSetting(s, 'comments.hold_first_time', 'true');
      // Warm the cache: the page everyone gets is stored before the comment arrives.
      countBefore = commentCount(await (await fetch(s.url + ARTICLE)).text());
      assert.ok(countBefore >= 0, 'the article page states its comment count');
      const r = await postComment(s, fields(form, { comment: secretWords }));
      assert.equal(r.status, 303);
      writerUrl = r.headers.get('location')!;
      id = Number(/#comment-(\d+)$/.exec(writerUrl)![1]);
    });
    after(async () => {
      await s?.close();
    });

    it('is shown to its writer, marked as awaiting moderation, never cached', async () => {
      const r = await fetch(s.url + writerUrl.replace(/#.*$/, ''));
      assert.equal(r.status, 200);
      assert.match(r.headers.get('cache-control') ?? '', /private/);
      assert.match(r.headers.get('cache-control') ?? '', /no-store/);
      const html = await r.text();
      assert.ok(html.includes(secretWords));
      assert.match(html, /Your comment is awaiting moderation\./);
      assert.match(html, new RegExp(`id="comment-${id}"`));
    });

    it('is not shown with a wrong or missing moderation hash', async () => {
      for (const url of [
        `${ARTICLE}?unapproved=${id}&moderation-hash=AAAAAAAAAAAAAAAAAAAAAA`,
        `${ARTICLE}?unapproved=${id}`,
        `${ARTICLE}?unapproved=${id + 1}&moderation-hash=${/moderation-hash=([^#&]+)/.exec(writerUrl)![1]}`,
      ]) {
        const r = await fetch(s.url + url);
        assert.equal(r.status, 200, url);
        assert.ok(!(await r.text()).includes(secretWords), url);
      }
    });

    it('is not on the page anyone else gets, nor in its count, nor in any feed', async () => {
      const page = await fetch(s.url + ARTICLE);
      const html = await page.text();
      assert.ok(!html.includes(secretWords));
      assert.doesNotMatch(html, /awaiting moderation/);
      assert.equal(commentCount(html), countBefore);
      for (const feed of ['/comments/feed/', ARTICLE + 'feed/', '/feed/', '/feed.json', '/']) {
        const r = await fetch(s.url + feed);
        assert.equal(r.status, 200, feed);
        assert.ok(!(await r.text()).includes(secretWords), feed);
      }
    });

    it('appears for everyone once a moderator approves it, and the count grows', async () => {
      await moderate(s, id, 'approved');
      const html = await (await fetch(s.url + ARTICLE)).text();
      assert.ok(html.includes(secretWords));
      assert.doesNotMatch(html, /awaiting moderation/);
      assert.equal(commentCount(html), countBefore + 1);
      for (const path of ['/comments/feed/', ARTICLE + 'feed/']) {
        const feed = await fetch(s.url + path);
        assert.equal(feed.status, 200, path);
        assert.ok((await feed.text()).includes(secretWords), `${path} shows it`);
      }
    });
  });
}
