import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { articleStatus, attachmentSize, commentStatus, permalinkPath, wpDate } from './values.js';

describe('WordPress values', () => {
  it('maps post and comment statuses, refusing WordPress bookkeeping', () => {
    assert.equal(articleStatus('publish'), 'published');
    assert.equal(articleStatus('future'), 'scheduled');
    assert.equal(articleStatus('private'), 'private');
    assert.equal(articleStatus('auto-draft'), null);
    assert.equal(commentStatus('1'), 'approved');
    assert.equal(commentStatus('0'), 'pending');
    assert.equal(commentStatus('spam'), 'spam');
    assert.equal(commentStatus('post-trashed'), 'trash');
  });

  it('reads the GMT date, else the local one in the site time zone, else none', () => {
    assert.equal(wpDate('2019-03-04 09:30:00', '2019-03-04 10:30:00', 'Europe/Paris'), Date.UTC(2019, 2, 4, 9, 30));
    assert.equal(wpDate('0000-00-00 00:00:00', '2019-03-04 10:30:00', 'Europe/Paris'), Date.UTC(2019, 2, 4, 9, 30));
    assert.equal(wpDate('0000-00-00 00:00:00', '0000-00-00 00:00:00', 'UTC'), null);
  });

  it('keeps path permalinks and leaves query-string ones to the WordPress id', () => {
    assert.equal(permalinkPath('https://old.example.com/2019/03/04/old-slug/'), '/2019/03/04/old-slug/');
    assert.equal(permalinkPath('https://old.example.com/news/old-slug'), '/news/old-slug');
    assert.equal(permalinkPath('https://old.example.com/?p=123'), null);
  });

  it('reads the original size from PHP-serialised attachment metadata', () => {
    assert.deepEqual(attachmentSize('a:2:{s:5:"width";i:800;s:6:"height";i:600;s:5:"sizes";a:1:{s:5:"width";i:150;}}'), { width: 800, height: 600 });
  });
});
