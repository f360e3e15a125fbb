import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderCommentBody } from './render.js';

describe('a comment body as HTML', () => {
  it('marks every link as user-generated and not followed, typed or auto-linked, whatever rel was typed', () => {
    for (const text of ['See <a href="https://x.test/">this</a>.', 'See <a href="https://x.test/" rel="follow">this</a>.', 'See https://x.test/ now.']) {
      const html = renderCommentBody(text);
      const links = html.match(/<a\b[^>]*>/g) ?? [];
      assert.equal(links.length, 1, html);
      assert.match(links[0], /\brel="nofollow ugc noopener"/, html);
    }
  });
});
