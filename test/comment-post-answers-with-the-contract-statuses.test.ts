import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, asWriter, fields, formOf, freshIp, liftLimits, listComments, postComment, postJson, setSetting } from './helpers/comments.js';

for (const d of DIALECTS) {
  describe(`POST /comments answers (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let form: { articleId: number; token: string };
    before(async () => {
      s = await startServer(d.name);
      form = await formOf(s);
      await liftLimits(s);
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
      await setSetting(s, 'comments.hold_first_time', 'true');
      try {
        const r = await postComment(s, fields(form));
        assert.equal(r.status, 303);
        assert.match(r.headers.get('location') ?? '', new RegExp(`^${ARTICLE}\\?unapproved=(\\d+)&moderation-hash=[\\w-]+#comment-\\1$`));
      } finally {
        await setSetting(s, 'comments.hold_first_time', 'false');
      }
    });

    /** Follows a refused post's 303 back to the form, as a browser does (with the cookie it was given). */
    async function backToForm(r: Response): Promise<{ html: string; cookie: string; location: string }> {
      const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
      assert.match(cookie, /^gazette_unsent=[\w-]+$/);
      const location = r.headers.get('location') ?? '';
      const page = await fetch(s.url + location, { headers: { cookie } });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('cache-control') ?? '', /no-store/);
      return { html: await page.text(), cookie, location };
    }

    it('answers 422 by a 303 back to the form, which shows each error beside its field and everything typed', async () => {
      const f = fields(form, { author: '', email: 'nobody-at-example', url: 'ftp://files.example/', comment: 'Kept <text> & "quotes" of mine' });
      const r = await postComment(s, f);
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_COMMENT_INVALID');
      assert.match(r.headers.get('cache-control') ?? '', /no-store/);
      assert.equal(r.headers.get('location'), `${ARTICLE}?unsent=1#respond`);
      const setCookie = r.headers.get('set-cookie') ?? '';
      assert.match(setCookie, new RegExp(`Path=${ARTICLE}; Max-Age=\\d+; HttpOnly; SameSite=Lax`));
      assert.doesNotMatch(setCookie, /nobody|example|Kept/, 'sealed: nothing typed is readable in the cookie');
      const { html, cookie, location } = await backToForm(r);
      for (const field of ['author', 'email', 'url']) {
        assert.match(html, new RegExp(`id="${field}-error"`), `error beside ${field}`);
        assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`), `${field} marked invalid`);
      }
      assert.doesNotMatch(html, /id="comment-error"/);
      assert.match(html, /value="nobody-at-example"/);
      assert.match(html, /value="ftp:\/\/files.example\/"/);
      assert.match(html, /Kept &lt;text&gt; &amp; &quot;quotes&quot; of mine<\/textarea>/);
      assert.match(html, /<input id="author" name="author" autofocus/, 'the first field in error is focused');
      // Reloading shows the same form again and posts nothing.
      const again = await (await fetch(s.url + location, { headers: { cookie } })).text();
      assert.match(again, /Kept &lt;text&gt; &amp; &quot;quotes&quot; of mine<\/textarea>/);
      // A cookie someone altered is not read, and the page without ?unsent is the shared one.
      const forged = await (await fetch(s.url + location, { headers: { cookie: cookie.slice(0, -3) + 'AAA' } })).text();
      assert.doesNotMatch(forged, /Kept &lt;text&gt;/);
      assert.doesNotMatch(await (await fetch(s.url + ARTICLE, { headers: { cookie } })).text(), /Kept &lt;text&gt;/);
      // The next accepted comment clears it.
      const ok = await postComment(s, fields(form), { headers: { cookie } });
      assert.equal(ok.status, 303);
      assert.ok(
        ok.headers.getSetCookie().some((c) => c.startsWith(`gazette_unsent=; Path=${ARTICLE}; Max-Age=0`)),
        'the unsent form is forgotten',
      );
    });

    it('answers a refused reply with the form under its comment, and a comment too long for a cookie with the page itself (422)', async () => {
      const reply = await postComment(s, fields(form, { parent_id: '1', email: 'not-an-address' }));
      assert.equal(reply.status, 303);
      assert.equal(reply.headers.get('location'), `${ARTICLE}?replytocom=1&unsent=1#respond`);
      const { html } = await backToForm(reply);
      assert.match(html, /name="parent_id" id="parent_id" value="1"/);
      const long = Array.from({ length: 2500 }, (_, i) => `word${(i * 7919) % 10007}`).join(' ');
      const r = await postComment(s, fields(form, { email: 'not-an-address', comment: long }));
      assert.equal(r.status, 422);
      assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_COMMENT_EMAIL_INVALID');
      const page = await r.text();
      assert.ok(page.includes(long + '</textarea>'), 'everything typed kept');
      assert.match(page, /<input id="email" name="email" autofocus/);
    });

    it('answers posting too fast by a 303 back to the form with Retry-After, the text kept (429 for JSON)', async () => {
      await setSetting(s, 'comments.flood_seconds', '30');
      try {
        const ip = freshIp();
        assert.equal((await postComment(s, fields(form), { ip })).status, 303);
        const again = fields(form, { comment: 'A second thought, typed quickly.' });
        const r = await postComment(s, again, { ip });
        assert.equal(r.status, 303);
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
        assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_COMMENT_RATE_LIMITED');
        const { html } = await backToForm(r);
        assert.match(html, /A second thought, typed quickly\.<\/textarea>/);
        assert.match(html, /class="form-error" role="alert"/);
        const j = await postJson(s, fields(form), { ip });
        assert.equal(j.status, 429);
        assert.equal(j.body.code, 'GAZ_ERR_COMMENT_RATE_LIMITED');
        assert.ok(Number(j.headers.get('retry-after')) >= 1);
      } finally {
        await setSetting(s, 'comments.flood_seconds', '0');
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
      assert.match(ok.body.location, new RegExp(`^${ARTICLE}#comment-${ok.body.id}$`));
      const bad = await postJson(s, fields(form, { comment: '' }));
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'GAZ_ERR_COMMENT_TEXT_REQUIRED');
      assert.equal(typeof bad.body.errors.comment, 'string');
    });

    it('answers 403 once comments close after comments.close_after_days, and the page says so', async () => {
      await setSetting(s, 'comments.close_after_days', '1');
      try {
        const r = await postComment(s, fields(form));
        assert.equal(r.status, 403);
        assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_COMMENT_CLOSED');
        const j = await postJson(s, fields(form));
        assert.equal(j.status, 403);
        assert.equal(j.body.code, 'GAZ_ERR_COMMENT_CLOSED');
        const page = await (await fetch(s.url + ARTICLE)).text();
        assert.match(page, /Comments are closed\./);
        assert.doesNotMatch(page, /id="commentform"/);
      } finally {
        await setSetting(s, 'comments.close_after_days', '0');
      }
      assert.equal((await postJson(s, fields(form))).status, 201);
    });

    it('answers a list or an object where a field takes text with the contract’s 422, each error beside its field, nothing stored', async () => {
      const before = (await listComments(s)).length;
      const send = (body: Record<string, unknown>, accept: string) =>
        fetch(s.url + '/comments', {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/json', accept, 'x-forwarded-for': freshIp() },
          body: JSON.stringify(body),
        });
      const typed = fields(form);
      const j = await send({ ...typed, author: [typed.author, 'Someone else'], email: { $ne: '' } }, 'application/json');
      assert.equal(j.status, 422);
      const body = (await j.json()) as { code: string; errors: Record<string, string>; codes: Record<string, string> };
      assert.equal(body.code, 'GAZ_ERR_COMMENT_INVALID');
      assert.equal(typeof body.errors.author, 'string');
      assert.equal(body.codes.email, 'GAZ_ERR_COMMENT_INVALID');
      // A JSON number is read as its text: a script may send the article's id as a number.
      const n = await send({ ...fields(form), article_id: form.articleId }, 'application/json');
      assert.equal(n.status, 201);
      // A browser is sent back to the form with what was typed and the error beside the field.
      const h = await send({ ...typed, author: [typed.author] }, 'text/html');
      assert.equal(h.status, 303);
      assert.equal(h.headers.get('x-gazette-error'), 'GAZ_ERR_COMMENT_INVALID');
      const back = await backToForm(h);
      assert.ok(back.html.includes(typed.comment), 'the comment typed is kept');
      assert.equal((await listComments(s)).length, before + 1, 'only the well-formed post was stored');
    });

    it('answers 404 for an article that does not exist', async () => {
      const j = await postJson(s, fields(form, { article_id: '987654' }));
      assert.equal(j.status, 404);
      assert.equal(j.body.code, 'GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND');
    });
  });
}
