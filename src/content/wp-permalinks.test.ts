import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inferStructure, matchStructure } from './wp-permalinks.js';

const post = { postId: '403', postName: 'ferry-fares-rise', postDate: '2022-09-09 07:05:00', categories: ['estuary', 'transport'], author: 'okafor' };

describe('WordPress permalink structures', () => {
  it("reads a post's link as the structure WordPress wrote it in", () => {
    assert.equal(inferStructure('/ferry-fares-rise/', post), '/%postname%/');
    assert.equal(inferStructure('/2022/09/09/ferry-fares-rise/', post), '/%year%/%monthnum%/%day%/%postname%/');
    assert.equal(inferStructure('/2022/09/ferry-fares-rise/', post), '/%year%/%monthnum%/%postname%/');
    assert.equal(inferStructure('/archives/403', post), '/archives/%post_id%');
    assert.equal(inferStructure('/estuary/transport/ferry-fares-rise/', post), '/%category%/%postname%/');
    assert.equal(
      inferStructure('/blog/okafor/403/ferry-fares-rise.html', { ...post, postName: 'ferry-fares-rise.html' }),
      '/blog/%author%/%post_id%/%postname%',
    );
    assert.equal(inferStructure('/about/', post), null, 'says nothing of the post');
  });

  it('reads an old address in a structure, with what WordPress hangs under a post', () => {
    assert.deepEqual(matchStructure('/%postname%/', '/ferry-fares-rise/'), { base: '/ferry-fares-rise', rest: '', postName: 'ferry-fares-rise' });
    assert.deepEqual(matchStructure('/%postname%/', '/Ferry-Fares-Rise'), { base: '/Ferry-Fares-Rise', rest: '', postName: 'ferry-fares-rise' });
    assert.deepEqual(matchStructure('/%postname%/', '/ferry-fares-rise/feed/atom/'), {
      base: '/ferry-fares-rise',
      rest: 'feed/',
      postName: 'ferry-fares-rise',
    });
    assert.deepEqual(matchStructure('/%postname%/', '/ferry-fares-rise/comment-page-3/'), {
      base: '/ferry-fares-rise',
      rest: 'comment-page-3/',
      postName: 'ferry-fares-rise',
    });
    for (const tail of ['amp/', 'embed/', 'trackback/', '2/', 'page/2/'])
      assert.deepEqual(
        matchStructure('/%postname%/', `/ferry-fares-rise/${tail}`),
        { base: '/ferry-fares-rise', rest: '', postName: 'ferry-fares-rise' },
        tail,
      );
    assert.equal(matchStructure('/%postname%/', '/ferry-fares-rise/some-attachment/'), null);
    assert.deepEqual(matchStructure('/archives/%post_id%', '/archives/403'), { base: '/archives/403', rest: '', postId: 403 });
    assert.equal(matchStructure('/archives/%post_id%', '/archives/x'), null);
    assert.deepEqual(matchStructure('/%year%/%monthnum%/%postname%/', '/2022/09/ferry-fares-rise/'), {
      base: '/2022/09/ferry-fares-rise',
      rest: '',
      postName: 'ferry-fares-rise',
      date: { year: 2022, month: 9 },
    });
    assert.deepEqual(matchStructure('/%category%/%postname%/', '/estuary/transport/ferry-fares-rise/'), {
      base: '/estuary/transport/ferry-fares-rise',
      rest: '',
      postName: 'ferry-fares-rise',
    });
    assert.equal(matchStructure('/?p=%post_id%', '/'), null);
  });
});
