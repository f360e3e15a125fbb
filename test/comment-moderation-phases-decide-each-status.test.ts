import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { fields, formOf, freshIp, freshToken, liftLimits, moderate, postJson, setSetting, storedComment } from './helpers/comments.js';

for (const d of DIALECTS) {
  describe(`comment moderation phases (${d.name})`, { skip: d.skip }, () => {
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

    /** Posts and returns the stored comment's status and deciding phase. */
    async function decided(f: Record<string, string>, o: { ip?: string; userAgent?: string; headers?: Record<string, string> } = {}) {
      const r = await postJson(s, f, o);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const c = await storedComment(s, r.body.id);
      assert.equal(c.status, r.body.status);
      // The browser's proof of what it wrote (first-time hold), as a cookie jar would keep it.
      const cookie = (r.headers.getSetCookie().find((h) => h.startsWith('gazette_commenter=')) ?? '').split(';')[0];
      return { status: c.status, decided_by: c.decided_by, id: c.id as number, cookie };
    }

    it('approves a comment that passes every phase', async () => {
      assert.deepEqual(await decided(fields(form)).then(({ status, decided_by }) => ({ status, decided_by })), { status: 'approved', decided_by: 'approve' });
    });

    it('marks a filled-in honeypot as spam', async () => {
      const r = await decided(fields(form, { hp_website: 'http://spam.example/' }));
      assert.deepEqual([r.status, r.decided_by], ['spam', 'honeypot']);
    });

    it('holds a post without the form token, or with a forged one, for a moderator', async () => {
      const missing = await decided(fields(form, { form_token: '' }));
      assert.deepEqual([missing.status, missing.decided_by], ['pending', 'form-token']);
      const [issued] = form.token.split('.');
      const forged = await decided(fields(form, { form_token: `${issued}.AAAAAAAAAAAAAAAAAAAAAA` }));
      assert.deepEqual([forged.status, forged.decided_by], ['pending', 'form-token']);
      // A token for another article is forged for this one.
      const other = await decided(fields(form, { form_token: await freshToken(s, form.articleId + 1000) }));
      assert.deepEqual([other.status, other.decided_by], ['pending', 'form-token']);
    });

    it('holds a form posted sooner than comments.min_form_seconds after it was shown, unless a later rule calls it spam', async () => {
      await setSetting(s, 'comments.min_form_seconds', '600');
      try {
        const r = await decided(fields(form, { form_token: await freshToken(s, form.articleId) }));
        assert.deepEqual([r.status, r.decided_by], ['pending', 'form-token']);
        await setSetting(s, 'comments.disallowed_words', 'casino-bonus');
        const spam = await decided(fields(form, { form_token: await freshToken(s, form.articleId), comment: 'Win big at casino-bonus today' }));
        assert.deepEqual([spam.status, spam.decided_by], ['spam', 'disallowed-words']);
      } finally {
        await setSetting(s, 'comments.min_form_seconds', '0');
        await setSetting(s, 'comments.disallowed_words', '');
      }
    });

    it('refuses a second comment from one IP or one email within comments.flood_seconds (429, Retry-After)', async () => {
      await setSetting(s, 'comments.flood_seconds', '60');
      try {
        const ip = freshIp();
        assert.equal((await postJson(s, fields(form), { ip })).status, 201);
        const byIp = await postJson(s, fields(form), { ip });
        assert.equal(byIp.status, 429);
        assert.equal(byIp.body.code, 'GAZ_ERR_COMMENT_RATE_LIMITED');
        const wait = Number(byIp.headers.get('retry-after'));
        assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
        const first = fields(form);
        assert.equal((await postJson(s, first)).status, 201);
        const byEmail = await postJson(s, fields(form, { author: first.author, email: first.email }));
        assert.equal(byEmail.status, 429);
        assert.equal(byEmail.body.code, 'GAZ_ERR_COMMENT_RATE_LIMITED');
      } finally {
        await setSetting(s, 'comments.flood_seconds', '0');
      }
    });

    it('marks a comment with a disallowed entry in its text, name, IP or user agent as spam', async () => {
      await setSetting(s, 'comments.disallowed_words', 'cheap pills\n192.0.2.\nEvilBot');
      try {
        for (const [f, o] of [
          [fields(form, { comment: 'Buy CHEAP PILLS today' }), {}],
          [fields(form, { author: 'cheap pills shop' }), {}],
          [fields(form), { ip: '192.0.2.77' }],
          [fields(form), { userAgent: 'Mozilla/5.0 evilbot/2' }],
        ] as const) {
          const r = await decided(f, o);
          assert.deepEqual([r.status, r.decided_by], ['spam', 'disallowed-words']);
        }
      } finally {
        await setSetting(s, 'comments.disallowed_words', '');
      }
    });

    it('holds a comment with a moderation word', async () => {
      await setSetting(s, 'comments.moderation_words', 'casino');
      try {
        const r = await decided(fields(form, { comment: 'What about the casino deal mentioned last week?' }));
        assert.deepEqual([r.status, r.decided_by], ['pending', 'moderation-words']);
        const site = await decided(fields(form, { url: 'https://best-casino.example/' }));
        assert.deepEqual([site.status, site.decided_by], ['pending', 'moderation-words']);
      } finally {
        await setSetting(s, 'comments.moderation_words', '');
      }
    });

    it('holds a comment with comments.max_links links or more', async () => {
      const two = await decided(fields(form, { comment: 'See https://a.example/one and <a href="https://b.example/">this</a>.' }));
      assert.deepEqual([two.status, two.decided_by], ['pending', 'link-count']);
      const one = await decided(fields(form, { comment: 'See https://a.example/only-one for the transcript.' }));
      assert.deepEqual([one.status, one.decided_by], ['approved', 'approve']);
    });

    it('marks a comment the learned filter scores as spam once moderators have taught it', async () => {
      await setSetting(s, 'comments.hold_first_time', 'true');
      try {
        const spammy = [
          'Replica watches cheap discount replica watches free shipping',
          'Cheap replica handbags discount outlet free shipping now',
          'Discount replica watches and cheap pills, free shipping worldwide',
          'Free shipping on replica watches, discount cheap prices',
        ];
        const hammy = [
          'The point about trade flows matters more than the statements made in Beijing.',
          'Lavrov and Wang have said similar things at every meeting; watch the technology exports.',
          'A balanced piece on a partnership that is clearly uneven.',
          'Good analysis of the leverage Beijing now has over Moscow.',
        ];
        for (const text of spammy) {
          const r = await decided(fields(form, { comment: text }));
          assert.equal(r.status, 'pending');
          await moderate(s, r.id, 'spam');
        }
        for (const text of hammy) {
          const r = await decided(fields(form, { comment: text }));
          assert.equal(r.status, 'pending');
          await moderate(s, r.id, 'approved');
        }
        const r = await decided(fields(form, { comment: 'cheap replica watches, discount, free shipping' }));
        assert.deepEqual([r.status, r.decided_by], ['spam', 'spam-score']);
      } finally {
        await setSetting(s, 'comments.hold_first_time', 'false');
      }
    });

    it('holds a first comment from a new name and email, and approves their next once one is approved', async () => {
      await setSetting(s, 'comments.hold_first_time', 'true');
      try {
        const first = fields(form);
        const held = await decided(first);
        assert.deepEqual([held.status, held.decided_by], ['pending', 'first-time']);
        await moderate(s, held.id, 'approved');
        // The same name and email typed by anyone else (no proof of the approved comment) still wait…
        const typed = await decided(fields(form, { author: first.author, email: first.email }));
        assert.deepEqual([typed.status, typed.decided_by], ['pending', 'first-time']);
        // …while the browser that wrote the approved comment goes straight up.
        const next = await decided(fields(form, { author: first.author, email: first.email }), { headers: { cookie: held.cookie } });
        assert.deepEqual([next.status, next.decided_by], ['approved', 'approve']);
      } finally {
        await setSetting(s, 'comments.hold_first_time', 'false');
      }
    });

    it('refuses before storing: invalid fields (422), a bad parent (422), a duplicate (409)', async () => {
      const bad = await postJson(s, fields(form, { author: 'x'.repeat(246), email: 'not-an-email', url: 'javascript:alert(1)' }));
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'GAZ_ERR_COMMENT_INVALID');
      assert.deepEqual(bad.body.codes, {
        author: 'GAZ_ERR_COMMENT_AUTHOR_TOO_LONG',
        email: 'GAZ_ERR_COMMENT_EMAIL_INVALID',
        url: 'GAZ_ERR_COMMENT_URL_INVALID',
      });
      assert.ok(bad.body.errors.author && bad.body.errors.email && bad.body.errors.url);
      const parent = await postJson(s, fields(form, { parent_id: '999999' }));
      assert.equal(parent.status, 422);
      assert.equal(parent.body.code, 'GAZ_ERR_COMMENT_PARENT_INVALID');
      const once = fields(form);
      assert.equal((await postJson(s, once)).status, 201);
      const twice = await postJson(s, once);
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'GAZ_ERR_COMMENT_DUPLICATE');
    });
  });
}
