import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sniffImage } from './sniff.js';
import { variantWidths } from './process.js';

describe('sniffImage', () => {
  it('recognises the five accepted formats by their bytes', async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } });
    assert.equal(sniffImage(await base.clone().jpeg().toBuffer()), 'jpeg');
    assert.equal(sniffImage(await base.clone().png().toBuffer()), 'png');
    assert.equal(sniffImage(await base.clone().webp().toBuffer()), 'webp');
    assert.equal(sniffImage(await base.clone().gif().toBuffer()), 'gif');
    assert.equal(sniffImage(await base.clone().avif().toBuffer()), 'avif');
  });

  it('refuses scripts, SVG and short files whatever they claim', () => {
    assert.equal(sniffImage(Buffer.from('<?php echo 1; ?>            ')), null);
    assert.equal(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')), null);
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8])), null);
  });
});

describe('variantWidths', () => {
  it('never goes wider than the image and stops at 2400', () => {
    assert.deepEqual(variantWidths(200), [200]);
    assert.deepEqual(variantWidths(700), [320, 640, 700]);
    assert.deepEqual(variantWidths(1024), [320, 640, 720, 1024]);
    assert.deepEqual(variantWidths(5000), [320, 640, 720, 1024, 1600, 2400]);
  });
});
