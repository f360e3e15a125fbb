import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveReaderPath } from './paths.js';

describe('resolveReaderPath', () => {
  it('resolves the WordPress-shaped reader URLs', () => {
    assert.deepEqual(resolveReaderPath('/'), { kind: 'front', page: 1 });
    assert.deepEqual(resolveReaderPath('/page/3/'), { kind: 'front', page: 3 });
    assert.deepEqual(resolveReaderPath('/2024/05/18/some-slug/'), { kind: 'article', year: 2024, month: 5, day: 18, slug: 'some-slug' });
    assert.deepEqual(resolveReaderPath('/2024/05/18/some-slug/feed/'), { kind: 'article-feed', year: 2024, month: 5, day: 18, slug: 'some-slug' });
    assert.deepEqual(resolveReaderPath('/2024/05/18/some-slug/comment-page-2/'), {
      kind: 'comment-page',
      year: 2024,
      month: 5,
      day: 18,
      slug: 'some-slug',
      page: 2,
    });
    assert.deepEqual(resolveReaderPath('/2024/'), { kind: 'date', year: 2024, page: 1 });
    assert.deepEqual(resolveReaderPath('/2024/05/page/2/'), { kind: 'date', year: 2024, month: 5, page: 2 });
    assert.deepEqual(resolveReaderPath('/2024/05/18/'), { kind: 'date', year: 2024, month: 5, day: 18, page: 1 });
    assert.deepEqual(resolveReaderPath('/section/world/'), { kind: 'section', slug: 'world', page: 1 });
    assert.deepEqual(resolveReaderPath('/tag/china/page/2/'), { kind: 'tag', slug: 'china', page: 2 });
    assert.deepEqual(resolveReaderPath('/author/elena-marsh/feed/'), { kind: 'author-feed', slug: 'elena-marsh', format: 'rss' });
    assert.deepEqual(resolveReaderPath('/feed/'), { kind: 'feed', format: 'rss' });
    assert.deepEqual(resolveReaderPath('/feed/atom/'), { kind: 'feed', format: 'atom' });
    assert.deepEqual(resolveReaderPath('/comments/feed/'), { kind: 'comments-feed', format: 'rss' });
    assert.deepEqual(resolveReaderPath('/about/'), { kind: 'page', slug: 'about' });
  });

  it("resolves a year's, month's or day's archive feed, as WordPress has them", () => {
    assert.deepEqual(resolveReaderPath('/2024/feed/'), { kind: 'date-feed', year: 2024, month: undefined, day: undefined, format: 'rss' });
    assert.deepEqual(resolveReaderPath('/2024/05/feed/atom/'), { kind: 'date-feed', year: 2024, month: 5, day: undefined, format: 'atom' });
    assert.deepEqual(resolveReaderPath('/2024/05/18/feed/json/'), { kind: 'date-feed', year: 2024, month: 5, day: 18, format: 'json' });
    // Not dates: an article's own feed, a month that does not exist, a page of a feed.
    assert.equal(resolveReaderPath('/2024/05/18/some-slug/feed/')?.kind, 'article-feed');
    for (const p of ['/2024/13/feed/', '/2024/05/feed/page/2/', '/2024/05/feed/rss3/', '/2024/5/feed/']) assert.equal(resolveReaderPath(p), null, p);
  });

  it('keeps percent-encoded slugs as WordPress stores them', () => {
    assert.deepEqual(resolveReaderPath('/2024/05/18/%E4%B8%AD%E6%96%87/'), { kind: 'article', year: 2024, month: 5, day: 18, slug: '%e4%b8%ad%e6%96%87' });
  });

  it('refuses malformed shapes', () => {
    for (const p of ['/2024/5/18/x/', '/2024/13/', '/2024/05/32/', '/page/1/', '/page/x/', '/section/', '/a/b/c/', '/about', '//', '/2024/05/18/x/y/']) {
      assert.equal(resolveReaderPath(p), null, p);
    }
  });
});
