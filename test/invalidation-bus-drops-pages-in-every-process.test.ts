import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { connect } from '../src/db/connect.js';
import type { Database } from '../src/db/schema.js';
import { migrate } from '../src/db/migrations.js';
import { InvalidationBus } from '../src/runtime/invalidation.js';
import { PageCache } from '../src/runtime/page-cache.js';
import { PG_ADMIN_URL, postgresSkip, REDIS_URL, redisSkip } from './helpers/services.js';

/** Writes through `b` the way Deps.write does: record in the transaction, fence after commit. */
async function write(b: InvalidationBus, kysely: Kysely<Database>, tags: string[], acknowledged = true): Promise<void> {
  await b.beforeWrite(acknowledged);
  let token: string | undefined;
  await kysely.transaction().execute(async (trx) => {
    token = await b.record(trx, tags, acknowledged);
  });
  await b.committed(tags, token);
}

async function bus(file: string, redis?: string) {
  const db = connect(file.startsWith('postgres') ? file : `sqlite:${file}`);
  await migrate(db.kysely, db.dialect);
  const cache = new PageCache([], 1 << 20, true);
  const b = new InvalidationBus(db, cache);
  await b.start(redis);
  return { db, cache, bus: b };
}

async function cached(cache: PageCache, key: string, tags: string[]) {
  await cache.put(key, { status: 200, contentType: 'text/plain', body: key, tags, cacheControl: 'no-cache', route: 't' }, cache.generation);
}

describe('invalidation bus', () => {
  it('sees another connection’s SQLite writes through data_version, and only the named pages go', async () => {
    const dir = (await import('node:fs')).mkdtempSync('/tmp/gazette-bus-');
    const a = await bus(`${dir}/g.db`);
    const b = await bus(`${dir}/g.db`);
    await cached(b.cache, '/x/', ['article:1']);
    await cached(b.cache, '/y/', ['article:2']);
    await a.db.kysely.transaction().execute((trx) => a.bus.record(trx, ['article:1']));
    void a.bus.committed(['article:1']); // not awaited: the poll below is what must drop the page
    assert.ok(b.cache.get('/x/'), 'dropped before the poll');
    b.bus.poll();
    assert.equal(b.cache.get('/x/'), undefined);
    assert.ok(b.cache.get('/y/'));
    await a.db.close();
    await b.db.close();
  });

  it('carries invalidations between nodes over Redis', async (t) => {
    const reason = await redisSkip();
    if (reason) return t.skip(reason);
    const dir = (await import('node:fs')).mkdtempSync('/tmp/gazette-bus-');
    // Two separate database files: only Redis connects these two "nodes".
    const a = await bus(`${dir}/a.db`, REDIS_URL);
    const b = await bus(`${dir}/b.db`, REDIS_URL);
    await cached(b.cache, '/x/', ['front']);
    void a.bus.committed(['front']);
    for (let i = 0; i < 50 && b.cache.get('/x/'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(b.cache.get('/x/'), undefined);
    await a.bus.stop();
    await b.bus.stop();
    await a.db.close();
    await b.db.close();
  });
});

describe('invalidation bus on PostgreSQL', async () => {
  const reason = await postgresSkip();
  // A database of its own, so other suites' server processes are not among the listeners.
  const name = `gazette_bus_${process.pid}`;
  const url = Object.assign(new URL(PG_ADMIN_URL), { pathname: '/' + name }).href;
  const admin = async (q: string) => {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  before(async () => {
    if (!reason) await admin(`CREATE DATABASE ${name}`);
  });
  after(async () => {
    if (!reason) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  it('returns from a write only once every other server process has dropped the pages', { skip: reason }, async () => {
    const a = await bus(url);
    const b = await bus(url);
    const c = await bus(url);
    try {
      for (let i = 0; i < 20; i++) {
        await cached(b.cache, '/x/', ['article:1']);
        await cached(c.cache, '/x/', ['article:1']);
        await cached(c.cache, '/y/', ['article:2']);
        await write(a.bus, a.db.kysely, ['article:1']);
        // No waiting, no polling: the write itself waited for both acknowledgements.
        assert.equal(b.cache.get('/x/'), undefined, `write ${i}: b still had the page`);
        assert.equal(c.cache.get('/x/'), undefined, `write ${i}: c still had the page`);
        assert.ok(c.cache.get('/y/'), 'a page the write did not name was dropped');
      }
    } finally {
      for (const x of [a, b, c]) {
        await x.bus.stop();
        await x.db.close();
      }
    }
  });

  it('asks no acknowledgement of a write that waits for nobody (a reader’s comment), and every process still drops the pages', { skip: reason }, async () => {
    const pg = (await import('pg')).default;
    const a = await bus(url);
    const b = await bus(url);
    // Hears every acknowledgement sent on the database.
    const spy = new pg.Client({ connectionString: url });
    const acks: string[] = [];
    await spy.connect();
    spy.on('notification', (n) => {
      if (n.payload && !/^(hello|bye) /.test(n.payload)) acks.push(n.payload);
    });
    await spy.query('LISTEN gazette_invalidated');
    try {
      await cached(b.cache, '/x/', ['article:1']);
      await write(a.bus, a.db.kysely, ['article:1'], false);
      for (let i = 0; i < 200 && b.cache.get('/x/'); i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(b.cache.get('/x/'), undefined, 'b never dropped the page');
      // An acknowledged write after it: b's acknowledgements leave on one connection, in order,
      // so once this one's has come, one for the first write would have come before it.
      await write(a.bus, a.db.kysely, ['article:2']);
      for (let i = 0; i < 200 && !acks.length; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(acks.length, 1, `acknowledgements heard: ${acks.join(', ')}`);
      assert.doesNotMatch(acks[0], /!/);
      assert.deepEqual(a.bus.state().silent, []);
    } finally {
      await spy.end();
      for (const x of [a, b]) {
        await x.bus.stop();
        await x.db.close();
      }
    }
  });

  it('opens no listening connection for a one-shot process’s write that waits for nobody', { skip: reason }, async () => {
    // A one-shot process (a CLI command): its bus is not started, so it listens only to hear the
    // acknowledgements of its own writes.
    const db = connect(url);
    const cli = new InvalidationBus(db, new PageCache([], 1 << 20, true));
    const server = await bus(url);
    try {
      await cached(server.cache, '/x/', ['article:1']);
      await write(cli, db.kysely, ['article:1'], false);
      assert.notEqual(cli.state().listener, 'listening', 'it listened for acknowledgements nobody sends');
      for (let i = 0; i < 200 && server.cache.get('/x/'); i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(server.cache.get('/x/'), undefined, 'the server process never dropped the page');
      // An acknowledged write does listen, and waits for the server process.
      await cached(server.cache, '/x/', ['article:1']);
      await write(cli, db.kysely, ['article:1']);
      assert.equal(cli.state().listener, 'listening');
      assert.equal(server.cache.get('/x/'), undefined);
    } finally {
      await cli.stop();
      await db.close();
      await server.bus.stop();
      await server.db.close();
    }
  });

  it('lets a write go on when a server process never acknowledges (it died or hangs)', { skip: reason }, async () => {
    const pg = (await import('pg')).default;
    const mute = new pg.Client({ connectionString: url, application_name: 'gazette-cache' });
    await mute.connect();
    await mute.query('LISTEN gazette_invalidate');
    const a = await bus(url);
    const b = await bus(url);
    try {
      await cached(b.cache, '/x/', ['front']);
      await write(a.bus, a.db.kysely, ['front']);
      assert.equal(b.cache.get('/x/'), undefined);
      // It missed the acknowledgement: left out of later writes' fences…
      const mutePid = (mute as unknown as { processID: number }).processID;
      assert.deepEqual(a.bus.state().silent, [mutePid]);
      await write(a.bus, a.db.kysely, ['front']);
      // …until it acknowledges anything again.
      await mute.query(`SELECT pg_notify('gazette_invalidated', $1)`, [`late ${mutePid}`]);
      for (let i = 0; i < 600 && a.bus.state().silent.length; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(a.bus.state().silent, []);
    } finally {
      await mute.end();
      for (const x of [a, b]) {
        await x.bus.stop();
        await x.db.close();
      }
    }
  });
});
