import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, asWriter, fields, formOf, freshIp, liftLimits, postComment, postJson, setSetting } from './helpers/comments.js';

for (const d of DIALECTS) {
  describe(`POST /comments answers (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let form: { articleId: number; token: string };
    before(async () => {
      s = await startServer(d.name);
      form = await formOf(s);
      liftLimits(s);
    });
    after(async () => {
      await s?.close();
    });

    it('answers 303 to the permalink #comment-ID for an approved comment, which is then on the page', async () => {
      const f = fields(form);
      const r = await postComment(s, f);
      assert.equal(r.status, 303);
      const m = new RegExp(`^${ARTICLE}#comment-(\\d+)$`).exec(r.headers.get('location') ?? '');
      assert.ok(m, r.headers.get('location') ?? 'no location');
      const html = await (await fetch(s.url + ARTICLE, asWriter())).text();
      assert.match(html, new RegExp(`id="comment-${m[1]}"`));
    });

    it('answers 303 with the moderation link for a held comment', async () => {
      setSetting(s, 'comments.hold_first_time', 'true');
      try {
        const r = await postComment(s, fields(form));
        assert.equal(r.status, 303);
        assert.match(r.headers.get('location') ?? '', new RegExp(`^${ARTICLE}\\?unapproved=(\\d+)&moderation-hash=[\\w-]+#comment-\\1$`));
      } finally {
        setSetting(s, 'comments.hold_first_time', 'false');
      }
    });

    it('answers 422 with the page re-rendered, each error beside its field and everything typed kept', async () => {
      const f = fields(form, { author: '', email: 'nobody-at-example', url: 'ftp://files.example/', comment: 'Kept <text> & "quotes" of mine' });
      const r = await postComment(s, f);
      assert.equal(r.status, 422);
      assert.equal(r.headers.get('x-error-code'), 'GAZ_ERR_COMMENT_INVALID');
      assert.match(r.headers.get('cache-control') ?? '', /no-store/);
      const html = await r.text();
      for (const field of ['author', 'email', 'url']) {
        assert.match(html, new RegExp(`id="${field}-error"`), `error beside ${field}`);
        assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`), `${field} marked invalid`);
      }
      assert.doesNotMatch(html, /id="comment-error"/);
      assert.match(html, /value="nobody-at-example"/);
      assert.match(html, /value="ftp:\/\/files.example\/"/);
      assert.match(html, /Kept &lt;text&gt; &amp; &quot;quotes&quot; of mine<\/textarea>/);
      assert.match(html, /Leave a Reply/);
    });

    it('answers 429 with Retry-After and the form kept when posting too fast', async () => {
      setSetting(s, 'comments.flood_seconds', '30');
      try {
        const ip = freshIp();
        assert.equal((await postComment(s, fields(form), { ip })).status, 303);
        const again = fields(form, { comment: 'A second thought, typed quickly.' });
        const r = await postComment(s, again, { ip });
        assert.equal(r.status, 429);
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
        assert.equal(r.headers.get('x-error-code'), 'GAZ_ERR_COMMENT_RATE_LIMITED');
        assert.match(await r.text(), /A second thought, typed quickly\.<\/textarea>/);
        const j = await postJson(s, fields(form), { ip });
        assert.equal(j.status, 429);
        assert.equal(j.body.code, 'GAZ_ERR_COMMENT_RATE_LIMITED');
        assert.ok(Number(j.headers.get('retry-after')) >= 1);
      } finally {
        setSetting(s, 'comments.flood_seconds', '0');
      }
    });

    it('answers 413 to a body over 64 KB, in HTML and JSON', async () => {
      const big = fields(form, { comment: 'x'.repeat(65 * 1024) });
      const r = await postComment(s, big);
      assert.equal(r.status, 413);
      const j = await postJson(s, big);
      assert.equal(j.status, 413);
      assert.equal(j.body.code, 'GAZ_ERR_COMMENT_TOO_LARGE');
    });

    it('answers the JSON variant: 201 { id, status } and 422 { code, errors }', async () => {
      const ok = await postJson(s, fields(form));
      assert.equal(ok.status, 201);
      assert.ok(Number.isInteger(ok.body.id));
      assert.equal(ok.body.status, 'approved');
      const bad = await postJson(s, fields(form, { comment: '' }));
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'GAZ_ERR_COMMENT_TEXT_REQUIRED');
      assert.equal(typeof bad.body.errors.comment, 'string');
    });

    it('answers 403 once comments close after comments.close_after_days, and the page says so', async () => {
      setSetting(s, 'comments.close_after_days', '1');
      try {
        const r = await postComment(s, fields(form));
        assert.equal(r.status, 403);
        assert.equal(r.headers.get('x-error-code'), 'GAZ_ERR_COMMENT_CLOSED');
        const j = await postJson(s, fields(form));
        assert.equal(j.status, 403);
        assert.equal(j.body.code, 'GAZ_ERR_COMMENT_CLOSED');
        const page = await (await fetch(s.url + ARTICLE)).text();
        assert.match(page, /Comments are closed\./);
        assert.doesNotMatch(page, /id="commentform"/);
      } finally {
        setSetting(s, 'comments.close_after_days', '0');
      }
      assert.equal((await postJson(s, fields(form))).status, 201);
    });

    it('answers 404 for an article that does not exist', async () => {
      const j = await postJson(s, fields(form, { article_id: '987654' }));
      assert.equal(j.status, 404);
      assert.equal(j.body.code, 'GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND');
    });
  });
}
