import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFormToken, FORM_TOKEN_MAX_AGE_MS, issueFormToken } from './form-token.js';

const secret = Buffer.from('a test secret of at least thirty-two characters');
const now = 1_750_000_000_000;

describe('comment form token', () => {
  it('accepts its own token and tells how long the form was open', () => {
    const t = issueFormToken(secret, 7, now);
    assert.deepEqual(checkFormToken(secret, 7, t, now + 4000), { ok: true, age: 4000 });
  });

  it('refuses a token for another article, another secret, or tampered with', () => {
    const t = issueFormToken(secret, 7, now);
    assert.deepEqual(checkFormToken(secret, 8, t, now), { ok: false, why: 'forged' });
    assert.deepEqual(checkFormToken(Buffer.from('another secret, just as long as the first one'), 7, t, now), { ok: false, why: 'forged' });
    const [, sig] = t.split('.');
    assert.deepEqual(checkFormToken(secret, 7, `${(now - 60_000).toString(36)}.${sig}`, now), { ok: false, why: 'forged' });
    assert.deepEqual(checkFormToken(secret, 7, '', now), { ok: false, why: 'missing' });
    assert.deepEqual(checkFormToken(secret, 7, 'garbage', now), { ok: false, why: 'forged' });
  });

  it('expires after a day and refuses a token from the future', () => {
    const t = issueFormToken(secret, 7, now);
    assert.equal(checkFormToken(secret, 7, t, now + FORM_TOKEN_MAX_AGE_MS).ok, true);
    assert.deepEqual(checkFormToken(secret, 7, t, now + FORM_TOKEN_MAX_AGE_MS + 1), { ok: false, why: 'expired' });
    assert.deepEqual(checkFormToken(secret, 7, t, now - 10 * 60_000), { ok: false, why: 'forged' });
  });
});
