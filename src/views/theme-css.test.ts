import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAPER, contrast, readableAccent, themeStylesheet } from './theme-css.js';

describe('theme stylesheet', () => {
  it('keeps an accent that already reads well on light paper', () => {
    assert.equal(readableAccent('#b3261e', PAPER.light), '#b3261e');
  });

  it('darkens a pale accent and lightens a deep one until text in it reaches 4.5:1', () => {
    for (const accent of ['#ffee00', '#7fdbff', '#b3261e', '#0b5394', '#000000', '#ffffff']) {
      assert.ok(contrast(readableAccent(accent, PAPER.light), PAPER.light) >= 4.5, `${accent} on light`);
      assert.ok(contrast(readableAccent(accent, PAPER.dark), PAPER.dark) >= 4.5, `${accent} on dark`);
    }
  });

  it('sets the accent for both schemes and appends the theme CSS', () => {
    const css = themeStylesheet('#0b5394', '.site-footer{border:0}');
    assert.match(css, /^:root\{--accent:#0b5394;--on-accent:#ffffff\}/);
    assert.match(css, /@media \(prefers-color-scheme:dark\)\{:root\{--accent:#[0-9a-f]{6};--on-accent:#111111\}\}/);
    assert.ok(css.endsWith('.site-footer{border:0}\n'));
  });
});
