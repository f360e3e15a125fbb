import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countLinks } from './link-count.js';
import { renderCommentBody } from '../render.js';

/** What readers see: the anchors of the rendered comment. */
const rendered = (body: string) => renderCommentBody(body).match(/<a\s/gi)?.length ?? 0;

describe('link count (comments.max_links)', () => {
  it('counts the anchors readers see, typed, auto-linked or spelled with entities, and skips rendering text that cannot hold one', () => {
    const bodies = [
      'Plain words, a colon: and a dot. (And brackets.)',
      'See https://example.com/a and http://example.org/b, then www.example.net.',
      'HTTPS://EXAMPLE.COM in capitals',
      '<a href="https://example.com">typed</a> and <A HREF="http://x.example">shouting</A>',
      '<a href="javascript:alert(1)">not a link</a>',
      '&#104;ttps://example.com spelled with an entity',
      '&lt;a href="https://example.com"&gt;escaped&lt;/a&gt;',
      'mailto:ann@example.com and ann@example.com',
      '<b>bold</b> only',
      '',
    ];
    for (const body of bodies) assert.equal(countLinks(body), rendered(body), body);
    assert.equal(countLinks(bodies[0]), 0);
    assert.equal(countLinks(bodies[1]), 2);
    assert.equal(countLinks(bodies[3]), 2);
  });
});
