/**
 * A process keeps its settings until a write names them stale. A read of them that was already on
 * its way when that happened (the query run before the change committed, its answer arriving after
 * the invalidation) answers its request, but is not kept: kept, that process would serve the old
 * settings until the next change of any setting (a comment hold an editor had just switched on,
 * ignored by one worker). The answer is held back in a TCP proxy, so the order is certain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connect, type Connection } from '../src/db/connect.js';
import { SettingsStore } from '../src/settings/store.js';
import { DIALECTS, freshDatabase } from './helpers/server.js';
import { startOutageProxy, throughProxy, type OutageProxy } from './helpers/outage-proxy.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

describe('settings read while they change', { skip: postgres.skip }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: OutageProxy;
  let slow: Connection;
  let direct: Connection;

  before(async () => {
    database = await freshDatabase('postgres');
    const real = new URL(database.databaseUrl);
    proxy = await startOutageProxy({ host: real.hostname, port: Number(real.port || 5432) });
    slow = connect(throughProxy(database.databaseUrl, proxy));
    direct = connect(database.databaseUrl);
    await sql`CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL)`.execute(direct.kysely);
    await sql`INSERT INTO settings (key, value) VALUES ('comments.hold_first_time', 'false')`.execute(direct.kysely);
  });

  after(async () => {
    await slow?.close();
    await direct?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('does not keep a read that began before the change it missed', async () => {
    const store = new SettingsStore(slow.kysely);
    assert.equal(await store.get('comments.hold_first_time'), false);
    store.forget();

    proxy.hold();
    const inFlight = store.all();
    // The query has run and its answer (the old value) waits in the proxy.
    for (let i = 0; i < 500 && proxy.held === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(proxy.held > 0, 'the answer is held in the proxy');
    // An editor switches the hold on; the invalidation reaches this process.
    await sql`UPDATE settings SET value = 'true' WHERE key = 'comments.hold_first_time'`.execute(direct.kysely);
    store.forget();
    proxy.release();

    assert.equal((await inFlight)['comments.hold_first_time'], false, 'the read in flight answers with what it read');
    assert.equal(await store.get('comments.hold_first_time'), true, 'the next read reads again');
  });
});
