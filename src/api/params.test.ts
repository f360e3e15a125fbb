import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { articleListQuery, decodeCursor, encodeCursor, parseQuery } from './params.js';
import { ApiError } from './errors.js';

describe('API cursors', () => {
  it('round-trips a position and refuses anything else with GAZ_ERR_API_INVALID_CURSOR', () => {
    const c = { publishedAt: 1716024600000, id: 42 };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
    for (const bad of ['', 'x', Buffer.from('1.2.3').toString('base64url'), Buffer.from('a.1').toString('base64url')]) {
      assert.throws(
        () => decodeCursor(bad),
        (e: unknown) => e instanceof ApiError && e.code === 'GAZ_ERR_API_INVALID_CURSOR' && e.status === 400,
      );
    }
  });
});

describe('articles query', () => {
  it('defaults the limit to 20 and refuses one outside 1–100', () => {
    assert.equal(parseQuery(articleListQuery, {}).limit, 20);
    assert.equal(parseQuery(articleListQuery, { limit: '100' }).limit, 100);
    for (const limit of ['0', '101', '2.5', 'ten']) {
      assert.throws(
        () => parseQuery(articleListQuery, { limit }),
        (e: unknown) => e instanceof ApiError && e.code === 'GAZ_ERR_API_INVALID_QUERY',
      );
    }
  });
});
