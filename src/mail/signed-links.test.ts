import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LINK_LIFETIME_MS, signLink, verifyLink } from './signed-links.js';
import { backoffMs } from './worker.js';

const secret = Buffer.from('a secret of at least thirty-two characters');
const now = 1_700_000_000_000;

describe('signed mail links', () => {
  it('accepts its own signature until the expiry, then reports it expired', () => {
    const { exp, sig } = signLink(secret, 'moderate', [12, 'approve'], now);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], String(exp), sig, now + 1000), { ok: true });
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], String(exp), sig, now + LINK_LIFETIME_MS + 1000), {
      ok: false,
      code: 'GAZ_ERR_LINK_EXPIRED',
    });
  });

  it('refuses another id, action, purpose, expiry or secret', () => {
    const { exp, sig } = signLink(secret, 'moderate', [12, 'approve'], now);
    const invalid = { ok: false, code: 'GAZ_ERR_LINK_INVALID' };
    assert.deepEqual(verifyLink(secret, 'moderate', [13, 'approve'], String(exp), sig, now), invalid);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'spam'], String(exp), sig, now), invalid);
    assert.deepEqual(verifyLink(secret, 'other', [12, 'approve'], String(exp), sig, now), invalid);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], String(exp + 1), sig, now), invalid);
    assert.deepEqual(verifyLink(Buffer.from('another secret entirely, also long'), 'moderate', [12, 'approve'], String(exp), sig, now), invalid);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], 'soon', sig, now), invalid);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], String(exp), undefined, now), invalid);
  });

  it('says a forged link is invalid even when its expiry has passed', () => {
    const { exp } = signLink(secret, 'moderate', [12, 'approve'], now);
    assert.deepEqual(verifyLink(secret, 'moderate', [12, 'approve'], String(exp), 'x'.repeat(43), now + 2 * LINK_LIFETIME_MS), {
      ok: false,
      code: 'GAZ_ERR_LINK_INVALID',
    });
  });
});

describe('mail retry backoff', () => {
  it('doubles from two seconds and stops growing at an hour', () => {
    assert.deepEqual([1, 2, 3, 4].map(backoffMs), [2000, 4000, 8000, 16000]);
    assert.equal(backoffMs(30), 60 * 60 * 1000);
  });
});
