/**
 * Sign-in throttling: after a few failures an account must wait, each further failure doubles
 * the wait (429 with Retry-After), an unknown address is throttled exactly like a real one, and
 * one address trying many accounts is throttled too. The count lives in the database, so it holds
 * across workers: here the server runs two.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, adminPassword, sql } from './helpers/admin.js';

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

/** Fails `n` times for `email`, each from a new address so only the account counts. */
async function failFor(b: Browser, email: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    b.ip = freshIp();
    statuses.push((await b.post('/admin/login', { email, password: 'wrong password ' + i })).status);
  }
  return statuses;
}

for (const d of DIALECTS) {
  describe(`sign-in throttling (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { env: { WORKERS: '2' } });
    });
    after(async () => {
      await s?.close();
    });

    for (const [label, email] of [
      ['a real account', 'admin@example.com'],
      ['an unknown account', 'ghost@example.com'],
    ] as const) {
      it(`makes ${label} wait longer after each failure once the free attempts are used`, async () => {
        const b = new Browser(s.url);
        await b.get('/admin/login');
        assert.deepEqual(await failFor(b, email, 5), [401, 401, 401, 401, 401]);
        b.ip = freshIp();
        const locked = await b.post('/admin/login', { email, password: 'wrong again' });
        assert.equal(locked.status, 429);
        assert.equal(locked.res.headers.get('x-gazette-error'), 'GAZ_ERR_LOGIN_THROTTLED');
        const first = Number(locked.res.headers.get('retry-after'));
        assert.ok(first > 0);
        // Even the right password waits: the throttle answers before any password is checked.
        if (email === 'admin@example.com') {
          b.ip = freshIp();
          assert.equal((await b.post('/admin/login', { email, password: adminPassword(s) })).status, 429);
        }
        // Let the wait pass (in the table, as time would), fail once more: the wait doubles.
        await sql(s, 'UPDATE login_throttle SET locked_until = 0');
        assert.deepEqual(await failFor(b, email, 1), [401]);
        b.ip = freshIp();
        const again = await b.post('/admin/login', { email, password: 'wrong again' });
        assert.equal(again.status, 429);
        const second = Number(again.res.headers.get('retry-after'));
        assert.ok(second > first, `${second} > ${first}`);
      });
    }

    it('throttles one address trying many accounts', async () => {
      const b = new Browser(s.url);
      await b.get('/admin/login');
      b.ip = '192.0.2.200';
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await b.post('/admin/login', { email: `someone${i}@example.com`, password: 'guess' })).status);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
      assert.equal(statuses[20], 429);
    });

    it('lets the account in again after the wait, and forgets its failures on success', async () => {
      await sql(s, 'UPDATE login_throttle SET locked_until = 0');
      const counted = async () => (await sql(s, "SELECT key FROM login_throttle WHERE key LIKE 'account:%'")).length;
      const before = await counted();
      const b = new Browser(s.url);
      b.ip = freshIp();
      assert.equal((await b.signIn('admin@example.com', adminPassword(s))).status, 303);
      assert.equal(await counted(), before - 1, 'the account’s failures are forgotten');
    });
  });
}
