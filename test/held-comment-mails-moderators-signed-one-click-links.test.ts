import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { linksIn, mailCatcher, type MailCatcher, type Received } from './helpers/mail-catcher.js';
import { ARTICLE_PATH, SECRET, eventually, formIn, postComment, sampleArticleId, setSettings, withDb } from './helpers/mail-tests.js';
import { signLink } from '../src/mail/signed-links.js';

const MODERATORS = ['admin@example.com', 'tom.okafor@example.com'];

for (const d of DIALECTS) {
  describe(`a held comment mails the moderators (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let smtp: MailCatcher;
    let articleId: number;
    let commentId: number;
    let mails: Received[];
    const words = `heldword${Date.now().toString(36)}`;
    const email = 'first.timer@example.net';

    before(async () => {
      smtp = await mailCatcher();
      s = await startServer(d.name, { env: { SMTP_URL: smtp.url, SECRET } });
      await setSettings(s, { 'comments.min_form_seconds': '0', 'comments.flood_seconds': '0' });
      articleId = await sampleArticleId(s);
      const posted = await postComment(s, {
        article_id: articleId,
        author: 'First <b>Timer</b>',
        email,
        url: 'https://first.example.net/',
        comment: `A first comment, so it waits: ${words}.`,
      });
      assert.equal(posted.status, 'pending');
      commentId = posted.id;
      mails = await Promise.all(MODERATORS.map((to) => smtp.waitFor((m) => m.to.includes(to) && (m.mail.subject ?? '').includes('moderate'))));
    });
    after(async () => {
      await s?.close();
      await smtp?.close();
    });

    it('sends one mail to each editor and administrator, and to no one else', async () => {
      const rows = await withDb(s, (db) =>
        db.selectFrom('outbox').select(['to', 'status']).where('kind', '=', 'moderation').where('ref', '=', `comment:${commentId}`).execute(),
      );
      assert.deepEqual(rows.map((r) => r.to).sort(), MODERATORS);
      for (const m of mails) {
        assert.match(m.mail.text ?? '', new RegExp(words));
        // Escaped in HTML, never interpreted; and the commenter's address is in neither part.
        assert.match(String(m.mail.html), /First &lt;b&gt;Timer&lt;\/b&gt;/);
        assert.ok(!m.raw.toLowerCase().includes(email), 'the commenter email is in the moderation mail');
        assert.equal(m.mail.from?.value[0].address, 'newsroom@localhost');
      }
    });

    it('opens a confirmation page on GET without changing anything, and approves on POST', async () => {
      const [approve] = linksIn(mails[0], `${s.url}/comments/moderate?`);
      assert.ok(approve?.includes('action=approve'), 'an approve link');
      const page = await fetch(approve);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const html = await page.text();
      assert.match(html, new RegExp(words));
      const status = async () =>
        withDb(s, async (db) => (await db.selectFrom('comments').select('status').where('id', '=', commentId).executeTakeFirstOrThrow()).status);
      assert.equal(await status(), 'pending', 'a GET changed the comment');
      assert.ok(!(await (await fetch(s.url + ARTICLE_PATH)).text()).includes(words), 'held comment shown on the article page');

      const form = formIn(html);
      const done = await fetch(s.url + form.action, { method: 'POST', body: new URLSearchParams(form.fields), redirect: 'manual' });
      assert.equal(done.status, 200);
      assert.equal(await status(), 'approved');
      const article = await (await fetch(s.url + ARTICLE_PATH)).text();
      assert.match(article, new RegExp(words), 'the approved comment is on the article page');
      assert.match(article, new RegExp(`id="comment-${commentId}"`));
    });

    it('refuses a tampered link with 403 and GAZ_ERR_LINK_INVALID, on GET and on POST', async () => {
      const [spam] = linksIn(mails[1], `${s.url}/comments/moderate?`).filter((l) => l.includes('action=spam'));
      const u = new URL(spam);
      const variants = [
        (p: URLSearchParams) => p.set('sig', p.get('sig')!.slice(0, -1) + (p.get('sig')!.endsWith('A') ? 'B' : 'A')),
        (p: URLSearchParams) => p.set('action', 'approve'),
        (p: URLSearchParams) => p.set('id', String(commentId + 1)),
        (p: URLSearchParams) => p.set('exp', String(Number(p.get('exp')) + 86400)),
        (p: URLSearchParams) => p.set('by', String(Number(p.get('by')) + 1)),
        (p: URLSearchParams) => p.set('from', 'approved'),
        (p: URLSearchParams) => p.delete('sig'),
      ];
      for (const change of variants) {
        const p = new URLSearchParams(u.search);
        change(p);
        const r = await fetch(`${s.url}/comments/moderate?${p}`);
        assert.equal(r.status, 403, p.toString());
        assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_LINK_INVALID');
        assert.match(await r.text(), /GAZ_ERR_LINK_INVALID/);
        const post = await fetch(`${s.url}/comments/moderate`, { method: 'POST', body: p });
        assert.equal(post.status, 403);
      }
      const still = await withDb(
        s,
        async (db) => (await db.selectFrom('comments').select('status').where('id', '=', commentId).executeTakeFirstOrThrow()).status,
      );
      assert.equal(still, 'approved');
    });

    it('refuses an expired link with 403 and GAZ_ERR_LINK_EXPIRED', async () => {
      const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
      const by = Number(new URL(linksIn(mails[0], `${s.url}/comments/moderate?`)[0]).searchParams.get('by'));
      const { exp, sig } = signLink(Buffer.from(SECRET), 'moderate', [commentId, 'trash', by, 'pending'], eightDaysAgo);
      const r = await fetch(`${s.url}/comments/moderate?id=${commentId}&action=trash&by=${by}&from=pending&exp=${exp}&sig=${sig}`);
      assert.equal(r.status, 403);
      assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_LINK_EXPIRED');
      const post = await fetch(`${s.url}/comments/moderate`, {
        method: 'POST',
        body: new URLSearchParams({ id: String(commentId), action: 'trash', by: String(by), from: 'pending', exp: String(exp), sig }),
      });
      assert.equal(post.status, 403);
      // …while the same link signed now, for the comment as it now is, works (the signature scheme is the server's).
      const fresh = signLink(Buffer.from(SECRET), 'moderate', [commentId, 'trash', by, 'approved'], Date.now());
      const ok = await fetch(`${s.url}/comments/moderate?id=${commentId}&action=trash&by=${by}&from=approved&exp=${fresh.exp}&sig=${fresh.sig}`);
      assert.equal(ok.status, 200);
    });

    it('marks the mail sent in the outbox', async () => {
      await eventually(
        () =>
          withDb(s, async (db) =>
            (await db.selectFrom('outbox').select('status').where('kind', '=', 'moderation').execute()).every((r) => r.status === 'sent'),
          ),
        'every moderation mail marked sent',
      );
    });
  });
}
