import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFields, LIMITS } from './length.js';
import { readCommentForm } from '../input.js';

const ok = { author: 'Ann', email: 'ann@example.com', url: '', body: 'Hello' };

describe('comment field limits (WordPress)', () => {
  it('accepts values at the limits and refuses one character more', () => {
    const at = {
      author: 'a'.repeat(LIMITS.author),
      email: 'e'.repeat(LIMITS.email - 12) + '@example.com',
      url: 'https://x.example/' + 'p'.repeat(LIMITS.url - 18),
      body: 'c'.repeat(LIMITS.comment),
    };
    assert.deepEqual(checkFields(at), []);
    assert.deepEqual(checkFields({ ...at, author: at.author + 'a' }), ['GAZ_ERR_COMMENT_AUTHOR_TOO_LONG']);
    assert.deepEqual(checkFields({ ...at, email: 'e' + at.email }), ['GAZ_ERR_COMMENT_EMAIL_TOO_LONG']);
    assert.deepEqual(checkFields({ ...at, url: at.url + 'p' }), ['GAZ_ERR_COMMENT_URL_TOO_LONG']);
    assert.deepEqual(checkFields({ ...at, body: at.body + 'c' }), ['GAZ_ERR_COMMENT_TEXT_TOO_LONG']);
  });

  it('counts characters, not UTF-16 units', () => {
    assert.deepEqual(checkFields({ ...ok, author: '😀'.repeat(LIMITS.author) }), []);
  });

  it('requires name, email and text, and a valid email', () => {
    assert.deepEqual(checkFields({ author: '', email: '', url: '', body: '' }), [
      'GAZ_ERR_COMMENT_AUTHOR_REQUIRED',
      'GAZ_ERR_COMMENT_EMAIL_REQUIRED',
      'GAZ_ERR_COMMENT_TEXT_REQUIRED',
    ]);
    for (const email of ['ann', 'ann@', 'ann@example', 'a nn@example.com', 'ann@exa mple.com', '"ann"@example.com'])
      assert.deepEqual(checkFields({ ...ok, email }), ['GAZ_ERR_COMMENT_EMAIL_INVALID'], email);
  });

  it('allows only http(s) websites, in every spelling of another scheme', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>',
      'vbscript:msgbox(1)',
      'ftp://files.example/',
      'https://',
      'http:///path',
    ]) {
      const input = readCommentForm({ author: 'A', email: 'a@example.com', comment: 'x', url });
      assert.deepEqual(checkFields(input), ['GAZ_ERR_COMMENT_URL_INVALID'], JSON.stringify(url));
    }
    assert.equal(readCommentForm({ url: 'example.com/me' }).url, 'https://example.com/me');
    assert.deepEqual(checkFields({ ...ok, url: 'https://example.com/me' }), []);
  });
});
