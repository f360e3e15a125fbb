/**
 * Every admin route (read from the newsroom's own registry, so routes added later are covered
 * without touching this file) against every role: anonymous visitors are sent to sign in, a role
 * below the route's gets 403, the right role gets through; and every state-changing route refuses
 * a request without the CSRF token, or with a wrong one, with 403.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, adminPassword } from './helpers/admin.js';
import { adminRoutes } from '../src/newsroom/routes.js';
import { ROLE_ORDER, roleAtLeast } from '../src/newsroom/access.js';
import { isStateChanging } from '../src/newsroom/registry.js';
import type { Role } from '../src/db/schema.js';

/** A concrete path for a route pattern: ids become 1 (the sample site has a #1 of everything). */
function concrete(path: string): string {
  return path.replace(/:[a-zA-Z_]+/g, '1').replace(/\*$/, 'no-such-admin-page');
}

const PASSWORD = 'correct horse battery';

for (const d of DIALECTS) {
  describe(`admin routes × roles (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    const as = new Map<Role, Browser>();
    const routes = adminRoutes();

    before(async () => {
      s = await startServer(d.name);
      for (const role of ROLE_ORDER) {
        const b = new Browser(s.url);
        if (role === 'administrator') {
          assert.equal((await b.signIn('admin@example.com', adminPassword(s))).status, 303);
        } else {
          const r = await s.cli(['user', 'create', '--email', `${role}@example.com`, '--role', role, '--password', PASSWORD]);
          assert.equal(r.status, 0, r.stderr);
          assert.equal((await b.signIn(`${role}@example.com`, PASSWORD)).status, 303);
        }
        as.set(role, b);
      }
    });
    after(async () => {
      await s?.close();
    });

    it('knows the routes it checks (the registry is not empty and covers the queue, users and settings)', () => {
      const paths = new Set(routes.map((r) => `${r.method} ${r.path}`));
      for (const p of ['GET /admin/', 'GET /admin/comments', 'POST /admin/comments/bulk', 'GET /admin/users', 'GET /admin/settings', 'POST /admin/login'])
        assert.ok(paths.has(p), p);
    });

    it('sends anonymous visitors to sign in on every guarded route', async () => {
      const anon = new Browser(s.url);
      await anon.get('/admin/login'); // a pre-session token: the refusal must be for the role, not CSRF
      for (const r of routes.filter((x) => x.role !== 'anonymous')) {
        const path = concrete(r.path);
        const res = r.method === 'GET' ? await anon.get(path) : await anon.post(path, {});
        assert.ok([302, 303].includes(res.status), `${r.method} ${path}: ${res.status}`);
        assert.match(res.location ?? '', /^\/admin\/login\?next=/, `${r.method} ${path}`);
      }
    });

    it('answers 403 to a signed-in role below the route’s, even with a valid CSRF token', async () => {
      let checked = 0;
      for (const r of routes.filter((x) => x.role !== 'anonymous')) {
        for (const role of ROLE_ORDER.filter((x) => !roleAtLeast(x, r.role))) {
          const b = as.get(role)!;
          await b.get('/admin/profile'); // fresh token for this session
          const path = concrete(r.path);
          const res = r.method === 'GET' ? await b.get(path) : await b.post(path, {});
          assert.equal(res.status, 403, `${role} ${r.method} ${path}`);
          assert.equal(res.res.headers.get('x-gazette-error'), 'GAZ_ERR_FORBIDDEN');
          checked++;
        }
      }
      assert.ok(checked > 10, `only ${checked} refusals checked`);
    });

    it('lets every role at or above the route’s through its pages', async () => {
      for (const r of routes.filter((x) => x.method === 'GET' && x.role !== 'anonymous')) {
        for (const role of ROLE_ORDER.filter((x) => roleAtLeast(x, r.role))) {
          const path = concrete(r.path);
          const res = await as.get(role)!.get(path);
          // A page about one object (`:id`) may still refuse by a rule of its own ("an author edits
          // only their own articles"); an administrator is never refused, and no list page is.
          const perObject = r.path.includes(':') && role !== 'administrator';
          const allowed = perObject ? [200, 302, 303, 403, 404] : [200, 302, 303, 404];
          assert.ok(allowed.includes(res.status), `${role} GET ${path}: ${res.status}`);
          assert.doesNotMatch(res.location ?? '', /^\/admin\/login/, `${role} GET ${path} was sent to sign in`);
          assert.equal(res.res.headers.get('cache-control'), 'no-store', `${role} GET ${path}`);
        }
      }
    });

    it('refuses every state-changing route without a CSRF token or with a wrong one (403)', async () => {
      const admin = as.get('administrator')!;
      const anon = new Browser(s.url);
      await anon.get('/admin/login');
      for (const r of routes.filter((x) => isStateChanging(x.method))) {
        const b = r.role === 'anonymous' ? anon : admin;
        const path = concrete(r.path);
        const none = await b.post(path, {}, { csrf: false });
        assert.equal(none.status, 403, `${r.method} ${path} without a token`);
        assert.equal(none.res.headers.get('x-gazette-error'), 'GAZ_ERR_CSRF');
        const wrong = await b.post(path, { _csrf: 'x'.repeat(43) });
        assert.equal(wrong.status, 403, `${r.method} ${path} with a wrong token`);
        const otherSession = await b.post(path, {}, { csrf: false, headers: { 'x-csrf-token': as.get('editor')!.csrf } });
        assert.equal(otherSession.status, 403, `${r.method} ${path} with another session's token`);
      }
      // Still signed in: the refusals changed nothing.
      assert.equal((await admin.get('/admin/')).status, 200);
    });

    it('accepts the token in the x-csrf-token header as well as the _csrf field', async () => {
      const admin = as.get('administrator')!;
      await admin.get('/admin/settings');
      const r = await admin.post(
        '/admin/comments/bulk',
        { action: 'approve', back: '/admin/comments' },
        { csrf: false, headers: { 'x-csrf-token': admin.csrf } },
      );
      assert.equal(r.status, 303);
    });
  });
}
