import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'wxr');
const SITE = join(FIXTURES, 'site-1.2-https.xml');
const FERRY = '/2019/03/04/ferry-timetable-rewritten/';

const get = (s: TestServer, path: string) => fetch(s.url + path, { redirect: 'manual' });

for (const d of DIALECTS) {
  describe(`WordPress import on a running site (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let firstSummary: Record<string, unknown>;
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      // The site is served (and cached) before the import: the import must show on the next request.
      assert.equal((await get(s, '/')).status, 200);
      const r = await s.cli(['import', 'wordpress', SITE, '--json']);
      assert.equal(r.status, 0, r.stderr);
      firstSummary = JSON.parse(r.stdout);
    });
    after(async () => {
      await s?.close();
    });

    it('prints the summary as JSON, naming what was skipped and what was kept from the public', () => {
      assert.deepEqual(
        { ...firstSummary, skipped: undefined, unpublished: undefined },
        {
          articles: 8,
          pages: 1,
          comments: 5,
          sections: 3,
          tags: 2,
          authors: 2,
          media: 1,
          mentions: 1,
          // Read from the posts' own links (most are WordPress's "Day and name").
          permalinkStructure: '/%year%/%monthnum%/%day%/%postname%/',
          skipped: undefined,
          unpublished: undefined,
        },
      );
      // The pingback (comment 506) is kept as a mention, not skipped.
      const skipped = (firstSummary.skipped as Array<{ id: string }>).map((x) => x.id).sort();
      assert.deepEqual(skipped, ['120', 'term-31']);
      const unpublished = (firstSummary.unpublished as Array<{ id: string }>).map((x) => x.id).sort();
      assert.deepEqual(unpublished, ['103', '104']);
    });

    it('puts the imported article on the front page, never pointing a reader at the old site for its image', async () => {
      const r = await get(s, '/');
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /Ferry timetable rewritten after 🚢 strike: 𝔘nusual week/);
      // Without --uploads or --download the featured image stayed on the old site: it is left out.
      assert.doesNotMatch(html, /old\.example\.com\/wp-content/);
      const story = await (await get(s, FERRY)).text();
      assert.match(story, /<span class="media-missing">The quay<\/span>/);
    });

    it('answers /?p=ID, /?page_id=ID and old custom permalinks with 301 to the new URL', async () => {
      const p = await get(s, '/?p=101');
      assert.equal(p.status, 301);
      assert.equal(p.headers.get('location'), FERRY);
      const page = await get(s, '/?page_id=2');
      assert.equal(page.status, 301);
      assert.equal(page.headers.get('location'), '/about-the-ledger/');
      const custom = await get(s, '/news/quay-extension-approved/');
      assert.equal(custom.status, 301);
      assert.equal(custom.headers.get('location'), '/2019/03/05/quay-extension-approved/');
      assert.equal((await get(s, '/2019/03/05/quay-extension-approved/')).status, 200);
    });

    it('keeps percent-encoded UTF-8 slugs as WordPress wrote them', async () => {
      const r = await fetch(s.url + '/2019/03/08/%E6%B8%AF%E3%81%AE%E6%9C%9D/');
      assert.equal(r.status, 200);
      assert.match(await r.text(), /港の朝/);
    });

    it('shows the body sanitised, with text beyond the BMP and a split CDATA intact, and threaded approved comments only', async () => {
      const r = await get(s, FERRY);
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /a\]\]&gt;b must survive, as must 𝔘 and ✓/);
      assert.ok(!html.includes("alert('xss')"), 'script survived');
      assert.ok(!/onclick=/.test(html), 'event handler survived');
      assert.match(html, /Top-level: will the early sailing return\?/);
      assert.match(html, /<ol class="children">[\s\S]*Reply: the 07:10 sailing is back from Friday\./);
      for (const hidden of ['Unapproved comment text', 'Buy cheap pills', 'Trashed comment text', 'a pingback', 'master@port.example.org'])
        assert.ok(!html.includes(hidden), `${hidden} shown`);
    });

    it('never shows a password-protected, private, draft, pending or future post', async () => {
      for (const path of ['/?p=103', '/?p=104', '/?p=105', '/?p=106', '/?p=107', '/2019/03/06/secret-budget-briefing/']) {
        assert.equal((await get(s, path)).status, 404, path);
      }
      for (const path of [
        '/',
        '/feed/',
        '/feed/atom/',
        '/feed.json',
        '/section/city/',
        '/author/jlee/',
        '/2019/03/',
        '/search?q=Zanzibarquill',
        '/sitemap.xml',
      ]) {
        const r = await get(s, path);
        const text = await r.text();
        // The search page repeats the query itself; the body's word must not appear anywhere else.
        const secrets = [
          'secret-budget-briefing',
          'Secret budget briefing',
          'Private memo',
          'Regatta preview',
          'Pending letter',
          ...(path.startsWith('/search') ? [] : ['Zanzibarquill']),
        ];
        for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} on ${path}`);
      }
    });

    it('updates in place when the same file is imported again, duplicating nothing', async () => {
      const before = await s.cli(['stats', '--json']);
      const again = await s.cli(['import', 'wordpress', SITE, '--json']);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(JSON.parse(again.stdout), firstSummary);
      assert.deepEqual(JSON.parse((await s.cli(['stats', '--json'])).stdout), JSON.parse(before.stdout));
      assert.equal((await get(s, '/?p=101')).headers.get('location'), FERRY);
    });

    it('takes in files from a local copy of wp-content/uploads with --uploads, resized like any upload', async () => {
      const uploads = mkdtempSync(join(tmpdir(), 'gazette-uploads-'));
      try {
        mkdirSync(join(uploads, '2019', '03'), { recursive: true });
        await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } })
          .jpeg()
          .toFile(join(uploads, '2019', '03', 'quay.jpg'));
        const r = await s.cli(['import', 'wordpress', SITE, '--uploads', uploads, '--json']);
        assert.equal(r.status, 0, r.stderr);
        const html = await (await get(s, '/')).text();
        const src = /\/media\/2019\/03\/quay-[a-z0-9-]+\.jpg/.exec(html);
        assert.ok(src, 'front page does not use the local copy');
        // The clean copy and its responsive sizes are in DATA_DIR/media/.
        const meta = await sharp(join(s.dataDir, src[0])).metadata();
        assert.equal(meta.format, 'jpeg');
        assert.equal(meta.width, 800);
      } finally {
        rmSync(uploads, { recursive: true, force: true });
      }
    });

    it('imports a WXR 1.0 file with http namespaces and few optional tags', async () => {
      const r = await s.cli(['import', 'wordpress', join(FIXTURES, 'old-1.0-http.xml'), '--json']);
      assert.equal(r.status, 0, r.stderr);
      const summary = JSON.parse(r.stdout);
      assert.equal(summary.articles, 1);
      assert.equal(summary.comments, 1);
      assert.equal(summary.authors, 1);
      const page = await fetch(s.url + '/2008/07/12/lighthouse-relit/');
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Hundreds watched from the breakwater/);
      assert.match(html, /My grandfather kept that light/);
      const old = await get(s, '/2008/07/lighthouse-relit/');
      assert.equal(old.status, 301);
      assert.equal(old.headers.get('location'), '/2008/07/12/lighthouse-relit/');
    });
  });
}
