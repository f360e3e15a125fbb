import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Connection } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { RateLimiter } from '../src/runtime/rate-limit.js';
import { DIALECTS, freshDatabase } from './helpers/server.js';

const WINDOW = 60_000;
const LIMIT = 12;

for (const d of DIALECTS) {
  describe(`rate limits slide across window edges (${d.name})`, { skip: d.skip }, () => {
    let db: Connection;
    let drop: () => Promise<void>;
    before(async () => {
      const fresh = await freshDatabase(d.name);
      drop = fresh.drop;
      db = connect(fresh.databaseUrl);
      await migrate(db.kysely, db.dialect);
    });
    after(async () => {
      await db?.close();
      await drop?.();
    });

    it('gives a client who spent the limit just before an edge no fresh allowance just after it, in any process', async () => {
      // Two processes' limiters over one database, the client spread over both.
      const a = new RateLimiter(db, 'search', { limit: LIMIT, windowMs: WINDOW });
      const b = new RateLimiter(db, 'search', { limit: LIMIT, windowMs: WINDOW });
      const edge = 1_000 * WINDOW;
      const before: boolean[] = [];
      for (let i = 0; i < 20; i++) before.push((await (i % 2 ? a : b).take('client-1', edge - 1_000 + i)).ok);
      assert.ok(before.slice(0, LIMIT).every(Boolean), before.join(' '));
      assert.ok(
        before.slice(LIMIT + 8).every((ok) => !ok),
        before.join(' '),
      );
      // A second after the edge, the previous window still weighs 59/60 of its count.
      const after: boolean[] = [];
      for (let i = 0; i < 10; i++) after.push((await (i % 2 ? a : b).take('client-1', edge + 1_000 + i)).ok);
      assert.deepEqual(after, Array(10).fill(false));
      // Another client is not held back, and a whole window later this one is welcome again.
      assert.equal((await a.take('client-2', edge + 1_000)).ok, true);
      assert.equal((await a.take('client-1', edge + 2 * WINDOW)).ok, true);
    });
  });
}
