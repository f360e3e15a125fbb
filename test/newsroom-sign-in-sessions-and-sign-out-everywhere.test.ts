/**
 * Signing in to the newsroom: a server-side session in an HttpOnly, SameSite=Lax cookie (Secure
 * under an https PUBLIC_URL), rotated at every sign-in; sign-out ends it, sign-out everywhere ends
 * every session of the account; a deactivated account is signed out at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, adminPassword, sql } from './helpers/admin.js';

const cookieOf = (b: Browser, name: string) => b.setCookies.filter((c) => c.startsWith(name + '=')).at(-1) ?? '';

for (const d of DIALECTS) {
  describe(`newsroom sign-in and sessions (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let password: string;
    before(async () => {
      s = await startServer(d.name, { env: { PUBLIC_URL: 'https://news.example.org' } });
      password = adminPassword(s);
    });
    after(async () => {
      await s?.close();
    });

    it('sets an HttpOnly, SameSite=Lax, Secure session cookie and sends back to the page asked for', async () => {
      const b = new Browser(s.url);
      const first = await b.get('/admin/settings');
      assert.equal(first.status, 302);
      assert.equal(first.location, '/admin/login?next=%2Fadmin%2Fsettings');
      await b.get(first.location!);
      const r = await b.post('/admin/login', { email: 'admin@example.com', password, next: '/admin/settings' });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/admin/settings');
      const c = cookieOf(b, 'gz_session');
      assert.match(c, /; HttpOnly/);
      assert.match(c, /; SameSite=Lax/);
      assert.match(c, /; Secure/);
      assert.match(c, /; Path=\/admin/);
      const page = await b.get('/admin/settings');
      assert.equal(page.status, 200);
      assert.equal(page.res.headers.get('cache-control'), 'no-store');
      // The table keeps a hash of the token, never the token.
      const rows = await sql(s, 'SELECT id FROM sessions');
      assert.ok(rows.length >= 1);
      assert.ok(!rows.some((row) => row.id === b.cookies.get('gz_session')));
    });

    it('never sends the user to another site after signing in', async () => {
      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const b = new Browser(s.url);
        await b.get('/admin/login');
        const r = await b.post('/admin/login', { email: 'admin@example.com', password, next });
        assert.equal(r.status, 303);
        assert.equal(r.location, '/admin/');
      }
    });

    it('rotates the session at sign-in: the cookie from before no longer works', async () => {
      const b = new Browser(s.url);
      await b.signIn('admin@example.com', password);
      const before = b.cookies.get('gz_session')!;
      await b.get('/admin/login?next=/admin/');
      await b.post('/admin/login', { email: 'admin@example.com', password });
      const now = b.cookies.get('gz_session')!;
      assert.notEqual(now, before);
      const stale = new Browser(s.url);
      stale.cookies.set('gz_session', before);
      assert.equal((await stale.get('/admin/')).status, 302);
    });

    it('signs out one browser, and every browser with "sign out everywhere"', async () => {
      const a = new Browser(s.url);
      const b = new Browser(s.url);
      const c = new Browser(s.url);
      for (const x of [a, b, c]) assert.equal((await x.signIn('admin@example.com', password)).status, 303);
      const out = await a.post('/admin/logout', {});
      assert.equal(out.status, 303);
      assert.equal((await a.get('/admin/')).status, 302);
      assert.equal((await b.get('/admin/')).status, 200);
      const everywhere = await b.post('/admin/logout-everywhere', {});
      assert.equal(everywhere.status, 303);
      assert.equal((await b.get('/admin/')).status, 302);
      assert.equal((await c.get('/admin/')).status, 302);
    });

    it('refuses a wrong password and an unknown account with the same answer', async () => {
      const b = new Browser(s.url);
      b.ip = '198.51.100.7';
      await b.get('/admin/login');
      const wrong = await b.post('/admin/login', { email: 'admin@example.com', password: 'not the password' });
      const unknown = await b.post('/admin/login', { email: 'nobody@example.com', password: 'not the password' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, wrong.status);
      assert.equal(wrong.res.headers.get('x-gazette-error'), 'GAZ_ERR_LOGIN_FAILED');
      assert.equal(unknown.res.headers.get('x-gazette-error'), 'GAZ_ERR_LOGIN_FAILED');
      assert.equal(unknown.html.replace('nobody@example.com', 'EMAIL'), wrong.html.replace('admin@example.com', 'EMAIL'));
      assert.equal(b.cookies.has('gz_session'), false);
    });

    it('signs a deactivated account out at once and refuses its sign-in', async () => {
      assert.equal((await s.cli(['user', 'create', '--email', 'leaver@example.com', '--role', 'editor', '--password', 'leaver password 1'])).status, 0);
      const leaver = new Browser(s.url);
      assert.equal((await leaver.signIn('leaver@example.com', 'leaver password 1')).status, 303);
      const admin = new Browser(s.url);
      await admin.signIn('admin@example.com', password);
      const [row] = await sql(s, 'SELECT id FROM users WHERE email = ?', ['leaver@example.com']);
      await admin.get('/admin/users');
      assert.equal((await admin.post(`/admin/users/${row.id}/deactivate`, {})).status, 303);
      assert.equal((await leaver.get('/admin/')).status, 302);
      leaver.ip = '198.51.100.99';
      assert.equal((await leaver.signIn('leaver@example.com', 'leaver password 1')).status, 401);
    });
  });
}
