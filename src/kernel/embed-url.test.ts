import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embedFigureClass, recogniseEmbed } from './embed-url.js';

describe('embed addresses', () => {
  it('recognises one item of the providers WordPress embeds, with WordPress’s classes', () => {
    assert.equal(embedFigureClass('https://www.youtube.com/watch?v=dQw4w9WgXcQ'), 'wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube');
    assert.equal(recogniseEmbed('https://youtu.be/dQw4w9WgXcQ')?.slug, 'youtube');
    assert.equal(recogniseEmbed('https://vimeo.com/76979871')?.slug, 'vimeo');
    assert.equal(recogniseEmbed('https://x.com/newsroom/status/1790000000000000000')?.slug, 'twitter');
    assert.equal(recogniseEmbed('https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk')?.type, 'rich');
    assert.equal(recogniseEmbed('https://www.flickr.com/photos/someone/5133385926/')?.type, 'photo');
  });

  it('refuses what is not one embeddable item', () => {
    for (const url of ['https://www.youtube.com/', 'https://example.com/video/1', 'javascript:alert(1)', 'not a url', 'https://user:pw@vimeo.com/1']) {
      assert.equal(recogniseEmbed(url), null, url);
    }
  });
});
