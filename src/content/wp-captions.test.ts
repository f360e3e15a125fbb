import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wpCaptionsToFigures } from './wp-captions.js';
import { renderBody } from './render-body.js';

describe('WordPress [caption] shortcodes', () => {
  it('become a figure with the image and a figcaption', () => {
    const out = wpCaptionsToFigures(
      '[caption id="attachment_6" align="alignright" width="300"]<img src="https://x.example/a.jpg" alt="Quay" width="300" /> The quay at dawn[/caption]',
    );
    assert.equal(
      out.trim(),
      '<figure id="attachment_6"><img src="https://x.example/a.jpg" alt="Quay" width="300" /><figcaption>The quay at dawn</figcaption></figure>',
    );
  });

  it('keep a link around the image, and read the older caption attribute', () => {
    const out = wpCaptionsToFigures(
      `[caption align='aligncenter' caption='Old style']<a href="https://x.example/a"><img src="https://x.example/a.jpg"></a>[/caption]`,
    );
    assert.equal(out.trim(), '<figure><a href="https://x.example/a"><img src="https://x.example/a.jpg"></a><figcaption>Old style</figcaption></figure>');
  });

  it('leave other shortcodes and captions without an image as written', () => {
    const body = '[gallery ids="1,2"] and [caption]just words[/caption]';
    assert.equal(wpCaptionsToFigures(body), body);
  });

  it('render on the reader page as a figure outside any paragraph, sanitised', () => {
    const html = renderBody(
      'Before the photo.\n[caption id="attachment_6" width="300"]<img src="/media/2020/01/a.jpg" onerror="alert(1)"> The <em>quay</em> at dawn[/caption]\nAfter.',
      'html',
    );
    assert.match(
      html,
      /<figure id="attachment_6"><img [^>]*src="\/media\/2020\/01\/a\.jpg"[^>]*\/?><figcaption>The <em>quay<\/em> at dawn<\/figcaption><\/figure>/,
    );
    assert.ok(!html.includes('onerror'));
    assert.ok(!/<p>\s*<figure/.test(html), html);
    assert.ok(!html.includes('[caption'));
  });
});
