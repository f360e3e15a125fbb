import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h, Fragment, raw, render } from './jsx.js';

describe('jsx', () => {
  it('escapes text and attribute values by construction', () => {
    const evil = `"><script>alert(1)</script>&'`;
    const html = render(
      <p title={evil} data-x={evil}>
        {evil}
      </p>,
    );
    assert.ok(!html.includes('<script>'));
    assert.equal(
      html,
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;" data-x="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('prints raw() markup, booleans as bare attributes, and drops null/false', () => {
    assert.equal(render(<div>{raw('<b>ok</b>')}</div>), '<div><b>ok</b></div>');
    assert.equal(render(<input required disabled={false} value={undefined} />), '<input required>');
    assert.equal(
      render(
        <ul>
          {[1, 2].map((n) => (
            <li>{n}</li>
          ))}
        </ul>,
      ),
      '<ul><li>1</li><li>2</li></ul>',
    );
    assert.equal(
      render(
        <Fragment>
          {'a'}
          {null}
          {false}
          {'b'}
        </Fragment>,
      ),
      'ab',
    );
  });

  it('calls components with their children', () => {
    const Box = ({ children }: { children?: unknown }) => <section>{children as string}</section>;
    assert.equal(render(<Box>{'<x>'}</Box>), '<section>&lt;x&gt;</section>');
  });

  it('accepts only the attributes a tag has (checked when the tests compile)', () => {
    const ok = <img src="/x.png" alt="X" data-kind="photo" aria-describedby="c" />;
    // @ts-expect-error: a paragraph has no href
    const wrongAttribute = <p href="/x" />;
    // @ts-expect-error: React's spelling is not HTML's
    const reactSpelling = <time dateTime="2026-01-01" />;
    // @ts-expect-error: no such element
    const unknownTag = <frobnicate />;
    assert.equal(
      render([ok, wrongAttribute, reactSpelling, unknownTag]),
      '<img src="/x.png" alt="X" data-kind="photo" aria-describedby="c"><p href="/x"></p><time dateTime="2026-01-01"></time><frobnicate></frobnicate>',
    );
  });
});
