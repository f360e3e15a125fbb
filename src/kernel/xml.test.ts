import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { cdata, esc, x, xmlDocument } from './xml.js';

/** Every element's text and attributes as a strict parser reads them back. */
function readBack(doc: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const out: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const stack: (typeof out)[number][] = [];
  const p = new SaxesParser();
  p.on('opentag', (t) => {
    const el = { name: t.name, attrs: t.attributes as Record<string, string>, text: '' };
    out.push(el);
    stack.push(el);
  });
  p.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  p.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  p.on('closetag', () => stack.pop());
  p.write(doc).close();
  return out;
}

const HOSTILE = [
  'Ann]]>]]></title><link>https://evil.test/phish</link><title><![CDATA[',
  'a ]]> b ]]> c ]]>',
  '<script>alert(1)</script> & "quotes" \'single\'',
  'tab\tnew\nline\rreturn',
  'nul\u0000 and \uFFFE gone',
];

describe('the XML writer', () => {
  it('gives back every hostile text exactly, in an element and in an attribute, as one element each', () => {
    for (const text of HOSTILE) {
      const doc = xmlDocument(x('root', {}, x('title', { label: text }, text), x('link', {}, 'https://ok.test/')));
      const els = readBack(doc);
      const clean = text.replaceAll(String.fromCharCode(0), '').replaceAll('\uFFFE', '');
      assert.deepEqual(
        els.map((e) => e.name),
        ['root', 'title', 'link'],
        doc,
      );
      assert.equal(els[1].text, clean);
      assert.equal(els[1].attrs.label, clean);
      assert.equal(els[2].text, 'https://ok.test/');
      assert.ok(!doc.includes('<![CDATA['), 'no CDATA');
    }
  });

  it('splits every ]]> of a CDATA section, not only the first', () => {
    const text = 'one ]]> two ]]> three ]]>';
    const els = readBack(`<r>${cdata(text)}</r>`);
    assert.equal(els[0].text, text);
  });

  it('refuses an element or attribute name that is not one', () => {
    assert.throws(() => x('a b'));
    assert.throws(() => x('a', { 'x="1" y': 'z' }));
  });
});

describe('esc, the one XML escaper', () => {
  it('escapes the five XML specials, for text and attributes in either quotes', () => {
    assert.equal(esc(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });
  it('drops what XML 1.0 cannot carry and keeps the rest of Unicode', () => {
    assert.equal(esc('a\u0000b\u0008c\uFFFEd\té😀'), 'abcd\té😀');
  });
});
