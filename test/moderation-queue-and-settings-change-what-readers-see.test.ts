/**
 * The moderation queue over HTTP: counts per status, each action (approve, unapprove, spam, not
 * spam, trash, restore, edit, reply as staff, bulk, empty spam) moves comments and refreshes the
 * article page at its next request; and the settings page validates like the CLI, keeps what was
 * typed beside the error, and a save shows on the site.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, adminPassword, sql } from './helpers/admin.js';
import { ARTICLE, fields, formOf, getSetting, postJson, setSetting } from './helpers/comments.js';

const statusOf = async (s: TestServer, id: number) => String((await sql(s, 'SELECT status FROM comments WHERE id = ?', [id]))[0]?.status ?? 'gone');
const article = async (s: TestServer) => (await fetch(s.url + ARTICLE)).text();

for (const d of DIALECTS) {
  describe(`moderation queue and settings (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let admin: Browser;
    const held: number[] = [];
    before(async () => {
      s = await startServer(d.name);
      await setSetting(s, 'comments.min_form_seconds', '0');
      await setSetting(s, 'comments.flood_seconds', '0');
      const form = await formOf(s);
      for (const n of [1, 2, 3]) {
        const r = await postJson(s, fields(form, { author: `Writer ${n}`, email: `w${n}@example.net`, comment: `Held comment number ${n} on the pledge.` }));
        assert.equal(r.body.status, 'pending');
        held.push(r.body.id);
      }
      admin = new Browser(s.url);
      assert.equal((await admin.signIn('admin@example.com', adminPassword(s))).status, 303);
    });
    after(async () => {
      await s?.close();
    });

    it('lists held comments with their article, email, IP hash and deciding phase, and counts each status', async () => {
      await article(s); // cached now: approvals must refresh it
      const q = await admin.get('/admin/comments?status=pending');
      assert.equal(q.status, 200);
      assert.match(q.html, /data-status-count="pending">\(3\)/);
      assert.match(q.html, /data-pending-count="3"/);
      assert.match(q.html, /w1@example\.net/);
      assert.match(q.html, /China and Russia pledge closer strategic cooperation/);
      const [row] = await sql(s, 'SELECT decided_by, ip_hash FROM comments WHERE id = ?', [held[0]]);
      assert.ok(q.html.includes(String(row.decided_by)));
      assert.ok(String(row.ip_hash) && q.html.includes(String(row.ip_hash)));
    });

    it('approves in bulk and the article shows the comments at its next request', async () => {
      const r = await admin.post('/admin/comments/bulk', {
        action: 'approve',
        ids: [String(held[0]), String(held[1])],
        back: '/admin/comments?status=pending',
      });
      assert.equal(r.status, 303);
      assert.equal(await statusOf(s, held[0]), 'approved');
      assert.equal(await statusOf(s, held[1]), 'approved');
      assert.equal(await statusOf(s, held[2]), 'pending');
      const html = await article(s);
      assert.ok(html.includes('Held comment number 1'));
      assert.ok(!html.includes('Held comment number 3'));
    });

    it('unapproves, edits, marks spam and not spam, trashes and restores one comment', async () => {
      const id = held[0];
      const act = (action: string) => admin.post(`/admin/comments/${id}/moderate`, { action, back: '/admin/comments' });
      assert.equal((await act('unapprove')).status, 303);
      assert.equal(await statusOf(s, id), 'pending');
      assert.ok(!(await article(s)).includes('Held comment number 1'));
      assert.equal((await act('spam')).status, 303);
      assert.equal(await statusOf(s, id), 'spam');
      assert.equal(String((await sql(s, 'SELECT trained FROM comments WHERE id = ?', [id]))[0].trained), 'spam');
      assert.equal((await act('notspam')).status, 303);
      assert.equal(await statusOf(s, id), 'approved');
      assert.equal(String((await sql(s, 'SELECT trained FROM comments WHERE id = ?', [id]))[0].trained), 'ham');
      assert.equal((await act('trash')).status, 303);
      assert.equal(await statusOf(s, id), 'trash');
      assert.equal((await act('restore')).status, 303);
      assert.equal(await statusOf(s, id), 'pending');
      assert.equal((await act('approve')).status, 303);

      await admin.get(`/admin/comments/${id}/edit`);
      const bad = await admin.post(`/admin/comments/${id}/edit`, { author: '', email: 'w1@example.net', url: 'javascript:alert(1)', body: 'Kept text' });
      assert.equal(bad.status, 422);
      assert.match(bad.html, /Kept text/);
      const ok = await admin.post(`/admin/comments/${id}/edit`, {
        author: 'Writer One',
        email: 'w1@example.net',
        url: '',
        body: 'An edited comment on the pledge.',
      });
      assert.equal(ok.status, 303);
      assert.ok((await article(s)).includes('An edited comment on the pledge.'));
    });

    it('publishes a staff reply at once, linked to the account', async () => {
      const r = await admin.post(`/admin/comments/${held[1]}/reply`, { body: 'Thanks, we have corrected the date.', back: '/admin/comments' });
      assert.equal(r.status, 303);
      const [reply] = await sql(s, 'SELECT status, user_id, parent_id FROM comments WHERE body = ?', ['Thanks, we have corrected the date.']);
      assert.equal(reply.status, 'approved');
      assert.ok(reply.user_id !== null);
      assert.equal(Number(reply.parent_id), held[1]);
      assert.ok((await article(s)).includes('Thanks, we have corrected the date.'));
    });

    it('empties the spam', async () => {
      await admin.post(`/admin/comments/${held[2]}/moderate`, { action: 'spam' });
      const q = await admin.get('/admin/comments?status=spam');
      assert.match(q.html, /Empty spam \(1\)/);
      assert.equal((await admin.post('/admin/comments/empty-spam', {})).status, 303);
      assert.equal(await statusOf(s, held[2]), 'gone');
    });

    it('refuses an invalid setting beside its field, keeping what was typed, and saves valid ones for the site', async () => {
      const page = await admin.get('/admin/settings');
      assert.equal(page.status, 200);
      for (const key of ['site.title', 'reading.per_page', 'comments.hold_first_time', 'comments.order', 'mail.from_address'])
        assert.ok(page.html.includes(`name="${key}"`), key);
      const bad = await admin.post('/admin/settings', { 'site.title': 'The Evening Ledger', 'reading.per_page': 'many', 'site.timezone': 'Mars/Olympus' });
      assert.equal(bad.status, 422);
      assert.match(bad.html, /value="many"/);
      assert.match(bad.html, /value="Mars\/Olympus"/);
      assert.match(bad.html, /id="set-reading-per-page-error"/);
      assert.equal(await getSetting(s, 'site.title'), 'The Gazette', 'nothing saved');
      assert.ok((await article(s)).includes('The Gazette'));
      const good = await admin.post('/admin/settings', { 'site.title': 'The Evening Ledger', 'reading.per_page': '7', 'comments.hold_first_time': ['false'] });
      assert.equal(good.status, 303);
      assert.equal(await getSetting(s, 'reading.per_page'), 7);
      assert.equal(await getSetting(s, 'comments.hold_first_time'), false);
      assert.ok((await article(s)).includes('The Evening Ledger'));
      const mail = await admin.post('/admin/settings/test-mail', {});
      assert.equal(mail.status, 303);
      assert.equal((await sql(s, "SELECT id FROM outbox WHERE kind = 'test'")).length, 1);
    });
  });
}
