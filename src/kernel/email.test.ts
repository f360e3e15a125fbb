import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isEmailAddress } from './email.js';

describe('isEmailAddress', () => {
  it('takes ordinary addresses and refuses what is not one', () => {
    for (const ok of ['a@b.co', 'first.last+tag@news.example.org']) assert.ok(isEmailAddress(ok), ok);
    for (const bad of ['', 'a', 'a@b', '@b.co', 'a@@b.co', 'a@b.', 'a b@c.de', 'a@.co', `${'x'.repeat(320)}@b.co`]) assert.ok(!isEmailAddress(bad), bad);
  });

  it('answers a 40,000-character value in one pass (no backtracking), by refusing it', () => {
    // Not a timing assertion: a value this long is refused by its length before anything else looks at it.
    assert.equal(isEmailAddress('a@' + 'a'.repeat(40_000)), false);
    assert.equal(isEmailAddress('a'.repeat(300) + '@' + 'b'.repeat(15)), false);
  });
});
