import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plainText, renderBody } from '../../content/render-body.js';
import { writeArticle } from './prose.js';
import { Random } from './random.js';
import { SECTIONS } from './vocabulary.js';

describe('demo prose', () => {
  it('writes the HTML and text the real renderer makes of its Markdown', () => {
    for (let i = 0; i < 60; i++) {
      const a = writeArticle(new Random(`test:${i}`), SECTIONS[i % SECTIONS.length]);
      const html = renderBody(a.body.markdown, 'markdown');
      assert.equal(a.body.html, html, `article ${i}`);
      assert.equal(a.body.text, plainText(html), `article ${i}`);
    }
  });

  it('writes bodies of several paragraphs, about 3–6 KB like real news', () => {
    for (let i = 0; i < 60; i++) {
      const { body } = writeArticle(new Random(`size:${i}`), SECTIONS[i % SECTIONS.length]);
      const bytes = Buffer.byteLength(body.markdown);
      assert.ok(bytes >= 3000 && bytes <= 7500, `article ${i}: ${bytes} bytes`);
      assert.ok((body.html.match(/<p>/g) ?? []).length >= 4, `article ${i}: paragraphs`);
    }
  });

  it('writes the same story from the same seed, and another from another seed', () => {
    const a = writeArticle(new Random('same'), SECTIONS[0]);
    assert.deepEqual(writeArticle(new Random('same'), SECTIONS[0]), a);
    assert.notEqual(writeArticle(new Random('other'), SECTIONS[0]).body.markdown, a.body.markdown);
  });
});
