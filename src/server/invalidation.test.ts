import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrations.js';
import { InvalidationBus } from './invalidation.js';
import { PageCache } from './page-cache.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReason(): Promise<string | false> {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return false;
  } catch (err) {
    return `Redis is not reachable at ${REDIS_URL} (${(err as Error).message})`;
  } finally {
    r.disconnect();
  }
}

async function bus(file: string, redis?: string) {
  const db = connect(`sqlite:${file}`);
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
    a.bus.committed(['article:1']);
    assert.ok(b.cache.get('/x/'), 'dropped before the poll');
    b.bus.poll();
    assert.equal(b.cache.get('/x/'), undefined);
    assert.ok(b.cache.get('/y/'));
    await a.db.close();
    await b.db.close();
  });

  it('carries invalidations between nodes over Redis', async (t) => {
    const reason = await redisReason();
    if (reason) return t.skip(reason);
    const dir = (await import('node:fs')).mkdtempSync('/tmp/gazette-bus-');
    // Two separate database files: only Redis connects these two "nodes".
    const a = await bus(`${dir}/a.db`, REDIS_URL);
    const b = await bus(`${dir}/b.db`, REDIS_URL);
    await cached(b.cache, '/x/', ['front']);
    a.bus.committed(['front']);
    for (let i = 0; i < 50 && b.cache.get('/x/'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(b.cache.get('/x/'), undefined);
    await a.bus.stop();
    await b.bus.stop();
    await a.db.close();
    await b.db.close();
  });
});
