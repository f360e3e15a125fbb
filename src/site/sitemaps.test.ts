import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monthBuckets } from './sitemaps.js';

describe('monthBuckets', () => {
  it('cuts months at local midnight on the 1st, across a DST change', () => {
    // Paris: winter UTC+1, summer UTC+2 (change on 31 March 2024).
    const b = monthBuckets(Date.UTC(2024, 1, 15), Date.UTC(2024, 3, 15), 'Europe/Paris');
    assert.deepEqual(
      b.map((x) => x.key),
      ['2024-02', '2024-03', '2024-04'],
    );
    assert.equal(b[1].from, Date.UTC(2024, 1, 29, 23, 0)); // 1 March 00:00 CET
    assert.equal(b[1].to, Date.UTC(2024, 2, 31, 22, 0)); // 1 April 00:00 CEST
    assert.equal(b[2].from, b[1].to);
  });

  it('puts an instant in the month of the site zone, not of UTC', () => {
    const t = Date.UTC(2024, 4, 31, 20, 0);
    assert.deepEqual(
      monthBuckets(t, t, 'Asia/Tokyo').map((x) => x.key),
      ['2024-06'],
    );
    assert.deepEqual(
      monthBuckets(t, t, 'UTC').map((x) => x.key),
      ['2024-05'],
    );
  });

  it('rolls over the year', () => {
    assert.deepEqual(
      monthBuckets(Date.UTC(2023, 10, 5), Date.UTC(2024, 1, 5), 'UTC').map((x) => x.key),
      ['2023-11', '2023-12', '2024-01', '2024-02'],
    );
  });
});
