import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { wxr } from './helpers/wxr.js';

const ORIGIN = 'https://quiet.example.org';

function exportFile(): string {
  return wxr({
    site: ORIGIN,
    authors: [
      { id: 2, login: 'mtorres', email: 'maria@quiet.example.org', name: 'María Torres' },
      { id: 3, login: 'jlee', email: 'jun@quiet.example.org', name: 'Jun Lee' },
    ],
    categories: [
      { id: 11, slug: 'city', name: 'City' },
      { id: 12, slug: 'sport', name: 'Sport' },
    ],
    items: [
      {
        id: 40,
        title: 'Stadium vote',
        creator: '  MTorres ',
        date: '2022-03-01 09:00:00',
        content: 'The council voted on the stadium.',
        categories: [
          { domain: 'category', slug: 'city', name: 'City' },
          { domain: 'category', slug: 'sport', name: 'Sport' },
          { domain: 'post_tag', slug: 'stadium', name: 'Stadium' },
        ],
        comments: [
          { id: 900, author: 'Fan Blog', url: 'https://fans.example.net/stadium/', content: '[…] the vote […]', type: 'pingback', approved: '1' },
          { id: 901, author: 'Held Blog', url: 'https://held.example.net/', content: '[…] held […]', type: 'trackback', approved: '0' },
          { id: 902, author: 'Spam Blog', url: 'https://spam.example.net/', content: 'pills', type: 'pingback', approved: 'spam' },
          { id: 903, author: 'Reader', content: 'A real comment.' },
        ],
      },
      { id: 41, title: 'Ghost written', creator: 'ghost-writer', date: '2022-03-02 09:00:00', content: 'Who wrote this?' },
      {
        title: 'No post id but a p guid',
        creator: 'jlee',
        guid: `${ORIGIN}/?p=777`,
        date: '2022-03-03 09:00:00',
        slug: 'guid-p',
        content: 'Keyed by its GUID.',
      },
      {
        title: 'No post id, odd guid',
        creator: 'jlee',
        guid: 'urn:uuid:6f1c1f2e-2a5b-4d5e-9a0b-1c2d3e4f5a6b',
        date: '2022-03-04 09:00:00',
        slug: 'guid-urn',
        content: 'Also keyed by its GUID.',
      },
    ],
  });
}

for (const d of DIALECTS) {
  describe(`a WordPress import drops nothing quietly (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let dir: string;
    let file: string;
    let summary: Record<string, unknown>;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gazette-quiet-'));
      file = join(dir, 'export.xml');
      writeFileSync(file, exportFile());
      s = await startServer(d.name, { args: ['--no-sample'] });
      // Pages served before the import: the server keeps the sections it read (none), and must
      // read them again once the import lands (src/runtime/site-chrome.ts).
      for (const path of ['/', '/search?q=stadium']) assert.equal((await fetch(s.url + path)).status, 200);
      const r = await s.cli(['import', 'wordpress', file, '--default-author', 'jlee', '--json']);
      assert.equal(r.status, 0, r.stderr);
      summary = JSON.parse(r.stdout);
    });
    after(async () => {
      await s?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps pingbacks and trackbacks as mentions with their status, and lists only approved ones', async () => {
      assert.equal(summary.mentions, 3);
      assert.equal(summary.comments, 1);
      const html = await (await fetch(s.url + '/2022/03/01/stadium-vote/')).text();
      assert.match(
        html,
        /<section class="mentions"[^>]*>[\s\S]*<a href="https:\/\/fans\.example\.net\/stadium\/" rel="external nofollow ugc noopener">Fan Blog<\/a>/,
      );
      assert.doesNotMatch(html, /Held Blog|Spam Blog/);
      assert.match(html, /A real comment\./);
    });

    it('gives a stray dc:creator to the matching author or to --default-author, never to a new account', async () => {
      assert.equal(summary.authors, 2);
      assert.deepEqual(summary.strayAuthors, ['ghost-writer']);
      assert.match(await (await fetch(s.url + '/2022/03/01/stadium-vote/')).text(), /María Torres/);
      assert.match(await (await fetch(s.url + '/2022/03/02/ghost-written/')).text(), /Jun Lee/);
      assert.equal((await fetch(s.url + '/author/ghost-writer/')).status, 404);
    });

    it('imports items without wp:post_id keyed by their GUID, and a re-import finds them again', async () => {
      assert.equal(summary.articles, 4);
      const p = await fetch(s.url + '/?p=777', { redirect: 'manual' });
      assert.equal(p.status, 301);
      assert.equal(p.headers.get('location'), '/2022/03/03/guid-p/');
      assert.equal((await fetch(s.url + '/2022/03/04/guid-urn/')).status, 200);
      const again = await s.cli(['import', 'wordpress', file, '--default-author', 'jlee', '--json']);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(JSON.parse(again.stdout).articles, 4);
      assert.equal((await fetch(s.url + '/2022/03/04/guid-urn-2/')).status, 404, 'the re-import made a copy');
    });

    it('keeps every category: the first is the section, the others list the story in their archives', async () => {
      const city = await (await fetch(s.url + '/section/city/')).text();
      const sport = await (await fetch(s.url + '/section/sport/')).text();
      assert.match(city, /Stadium vote/);
      assert.match(sport, /Stadium vote/);
      // The archive's count agrees with its list: a story filed there as a further category counts.
      assert.match(sport, /<p class="pager-total">One story<\/p>/);
    });

    it('answers WordPress archive addresses with 301 to the section, tag and author pages', async () => {
      for (const [old, now] of [
        ['/?cat=12', '/section/sport/'],
        ['/?tag=stadium', '/tag/stadium/'],
        ['/?author=3', '/author/jlee/'],
        ['/category/sport/', '/section/sport/'],
        ['/category/city/sport/', '/section/sport/'],
        ['/category/sport/feed/', '/section/sport/feed/'],
        ['/category/sport/page/2/', '/section/sport/page/2/'],
      ]) {
        const r = await fetch(s.url + old, { redirect: 'manual' });
        assert.equal(r.status, 301, old);
        assert.equal(r.headers.get('location'), now, old);
      }
      for (const missing of ['/?cat=999', '/?author=999', '/category/nothing-here/'])
        assert.equal((await fetch(s.url + missing, { redirect: 'manual' })).status, 404, missing);
      assert.equal((await fetch(s.url + '/section/sport/feed/')).status, 200);
    });

    it('refuses a --default-author that names no one', async () => {
      const r = await s.cli(['import', 'wordpress', file, '--default-author', 'nobody-at-all']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr + r.stdout, /GAZ_ERR_IMPORT_AUTHOR/);
    });
  });
}
