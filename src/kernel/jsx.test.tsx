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
});
