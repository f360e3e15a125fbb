import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cdata, esc } from './xml.js';

describe('esc, the one XML escaper', () => {
  it('escapes the five XML specials, for text and attributes in either quotes', () => {
    assert.equal(esc(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });
  it('drops what XML 1.0 cannot carry and keeps the rest of Unicode', () => {
    assert.equal(esc('a\u0000b\u0008c\uFFFEd\té😀'), 'abcd\té😀');
  });
});

describe('cdata', () => {
  it('keeps any text, ]]> included', () => {
    assert.equal(cdata('x]]>y'), '<![CDATA[x]]]]><![CDATA[>y]]>');
  });
});
