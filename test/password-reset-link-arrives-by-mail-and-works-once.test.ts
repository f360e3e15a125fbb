/**
 * Password reset and invitations by mail, caught by an SMTP server in this process: the link
 * works once, signs the account out everywhere, and the same answer is given for an unknown
 * address. `gazette user reset-password` prints such a link.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, adminPassword, sql } from './helpers/admin.js';
import { linksIn, mailCatcher, type MailCatcher } from './helpers/mail-catcher.js';

for (const d of DIALECTS) {
  describe(`password reset and invitations (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let smtp: MailCatcher;
    before(async () => {
      smtp = await mailCatcher();
      s = await startServer(d.name, { env: { SMTP_URL: smtp.url } });
    });
    after(async () => {
      await s?.close();
      await smtp?.close();
    });

    it('mails a one-time link that sets a new password and signs out everywhere', async () => {
      const other = new Browser(s.url);
      assert.equal((await other.signIn('admin@example.com', adminPassword(s))).status, 303);

      const b = new Browser(s.url);
      await b.get('/admin/password/forgot');
      const known = await b.post('/admin/password/forgot', { email: 'admin@example.com' });
      const unknown = await b.post('/admin/password/forgot', { email: 'nobody@example.com' });
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      assert.equal(unknown.html, known.html);

      const mail = await smtp.waitFor((m) => m.to.includes('admin@example.com') && /reset/i.test(m.mail.subject ?? ''));
      const [link] = linksIn(mail, s.env.PUBLIC_URL ?? s.url);
      assert.ok(link, 'the message carries the link');
      const path = new URL(link).pathname + new URL(link).search;
      // The table keeps a hash of the token, not the token.
      const token = new URL(link).searchParams.get('token')!;
      assert.equal((await sql(s, 'SELECT id FROM user_tokens WHERE id = ?', [token])).length, 0);

      const page = await b.get(path);
      assert.equal(page.status, 200);
      const short = await b.post('/admin/password/set', { token, password: 'short' });
      assert.equal(short.status, 422);
      const set = await b.post('/admin/password/set', { token, password: 'a brand new password' });
      assert.equal(set.status, 303);
      assert.equal((await b.get('/admin/')).status, 200, 'signed in with the new password set');
      assert.equal((await other.get('/admin/')).status, 302, 'the other session ended');

      const reused = await new Browser(s.url).get(path);
      assert.equal(reused.status, 400);
      assert.equal(reused.res.headers.get('x-gazette-error'), 'GAZ_ERR_TOKEN_INVALID');
      const fresh = new Browser(s.url);
      assert.equal((await fresh.signIn('admin@example.com', 'a brand new password')).status, 303);
      // No message went to the unknown address.
      assert.ok(!smtp.received.some((m) => m.to.includes('nobody@example.com')));
    });

    it('invites someone by email with a link to choose their password', async () => {
      const admin = new Browser(s.url);
      await admin.signIn('admin@example.com', 'a brand new password');
      await admin.get('/admin/users');
      const bad = await admin.post('/admin/users/invite', { email: 'not-an-address', name: 'Nadia', role: 'author' });
      assert.equal(bad.status, 422);
      assert.match(bad.html, /value="not-an-address"/);
      const r = await admin.post('/admin/users/invite', { email: 'nadia@example.com', name: 'Nadia Reyes', role: 'author' });
      assert.equal(r.status, 303);
      const mail = await smtp.waitFor((m) => m.to.includes('nadia@example.com'));
      const link = new URL(linksIn(mail, s.env.PUBLIC_URL ?? s.url)[0]);
      const nadia = new Browser(s.url);
      assert.equal((await nadia.get(link.pathname + link.search)).status, 200);
      assert.equal((await nadia.post('/admin/password/set', { token: link.searchParams.get('token')!, password: 'nadia writes stories' })).status, 303);
      const dash = await nadia.get('/admin/');
      assert.equal(dash.status, 200);
      assert.equal((await nadia.get('/admin/users')).status, 403, 'an author does not manage users');
    });

    it('prints a reset link from the command line', async () => {
      const r = await s.cli(['user', 'reset-password', '--email', 'admin@example.com']);
      assert.equal(r.status, 0, r.stderr);
      const link = /https?:\/\/\S+\/admin\/password\/set\?token=\S+/.exec(r.stdout)?.[0];
      assert.ok(link, r.stdout);
      const u = new URL(link);
      assert.equal((await new Browser(s.url).get(u.pathname + u.search)).status, 200);
      assert.notEqual((await s.cli(['user', 'reset-password', '--email', 'nobody@example.com'])).status, 0);
    });
  });
}
