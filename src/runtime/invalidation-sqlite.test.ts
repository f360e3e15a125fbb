import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { SqliteFeed } from './invalidation-sqlite.js';

describe('SqliteFeed', () => {
  it('gives a database it cannot read to the observer instead of throwing, and applies nothing', async () => {
    const raw = new Database(':memory:');
    raw.exec('CREATE TABLE invalidations (id INTEGER PRIMARY KEY, tags TEXT NOT NULL, created_at INTEGER NOT NULL)');
    const applied: string[][] = [];
    const errors: string[] = [];
    const feed = new SqliteFeed(raw, (tags) => applied.push(tags), { connectionError: (source, err) => errors.push(`${source}: ${err.message}`), notice() {} });
    raw.close();
    assert.doesNotThrow(() => feed.poll());
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^sqlite: /);
    assert.deepEqual(applied, []);
    // Every later turn fails too (before each request): the log hears it once a second, not each time.
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      assert.doesNotThrow(() => feed.poll());
    }
    assert.equal(errors.length, 1, 'reported again within the second');
  });
});
