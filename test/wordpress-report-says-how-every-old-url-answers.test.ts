import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { wxr } from './helpers/wxr.js';
import type { OldUrlReport } from '../src/importers/wordpress/old-urls.js';

/**
 * An old site whose permalinks were /%year%/%monthnum%/%postname%/ (one older post still on
 * /archives/%post_id%), with a category, a tag, a page, an attachment page whose photo is in the
 * uploads copy and one whose file never came. Its sitemap is an index of WordPress's own sitemaps
 * (one gzipped), saved in a folder as a site owner would save them.
 */
const SITE = 'https://harbourlight.example.org';
const U = `${SITE}/wp-content/uploads/2019/05/`;
const QUAY_META = `a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:16:"2019/05/quay.jpg";s:8:"filesize";i:1000;s:5:"sizes";a:1:{s:6:"medium";a:4:{s:4:"file";s:16:"quay-300x200.jpg";s:5:"width";i:300;s:6:"height";i:200;s:9:"mime-type";s:10:"image/jpeg";}}}`;
const HARBOUR = [{ domain: 'category' as const, slug: 'harbour', name: 'Harbour' }];

const EXPORT = wxr({
  site: SITE,
  categories: [{ id: 5, slug: 'harbour', name: 'Harbour' }],
  tags: [{ id: 6, slug: 'ferries', name: 'Ferries' }],
  items: [
    {
      id: 11,
      title: 'Harbour opens',
      slug: 'harbour-opens',
      date: '2019-05-14 08:00:00',
      link: `${SITE}/2019/05/harbour-opens/`,
      categories: [...HARBOUR, { domain: 'post_tag', slug: 'ferries', name: 'Ferries' }],
      content: `<p>The quay at dawn.</p><img src="${U}quay-300x200.jpg" alt="The quay">`,
      meta: { _thumbnail_id: '21' },
    },
    { id: 12, title: 'Ferry timetable', slug: 'ferry-timetable', date: '2019-06-02 08:00:00', link: `${SITE}/2019/06/ferry-timetable/`, categories: HARBOUR },
    { id: 13, title: 'Storm warning', slug: 'storm-warning', date: '2019-07-09 08:00:00', link: `${SITE}/2019/07/storm-warning/`, categories: HARBOUR },
    { id: 14, title: 'Old pier', slug: 'old-pier', date: '2018-03-01 08:00:00', link: `${SITE}/archives/14`, categories: HARBOUR },
    { id: 30, title: 'About', slug: 'about', type: 'page', link: `${SITE}/about/` },
    {
      id: 21,
      title: 'Quay photo',
      slug: 'quay-photo',
      type: 'attachment',
      parent: 11,
      date: '2019-05-14 07:00:00',
      link: `${SITE}/2019/05/harbour-opens/quay-photo/`,
      attachmentUrl: `${U}quay.jpg`,
      meta: { _wp_attached_file: '2019/05/quay.jpg', _wp_attachment_image_alt: 'The quay', _wp_attachment_metadata: QUAY_META },
    },
    {
      id: 22,
      title: 'Lost photo',
      slug: 'lost-photo',
      type: 'attachment',
      link: `${SITE}/lost-photo/`,
      attachmentUrl: `${U}lost.jpg`,
      meta: { _wp_attached_file: '2019/05/lost.jpg' },
    },
  ],
});

const MEDIA = /^\/media\/.+\.jpe?g$/;
/** Every old address, what it must answer here once imported, and where a 301 must lead. */
const EXPECTED: Array<[string, 'ok' | 'moved' | 'missing', string | RegExp | number | null]> = [
  // Post permalinks: the learned structure, an older structure kept as the post's own link, and the ids.
  [`${SITE}/2019/05/harbour-opens/`, 'moved', '/2019/05/14/harbour-opens/'],
  [`${SITE}/2019/06/ferry-timetable/`, 'moved', '/2019/06/02/ferry-timetable/'],
  [`${SITE}/2019/07/storm-warning/`, 'moved', '/2019/07/09/storm-warning/'],
  [`${SITE}/archives/14`, 'moved', '/2018/03/01/old-pier/'],
  [`${SITE}/?p=12`, 'moved', '/2019/06/02/ferry-timetable/'],
  [`${SITE}/about/`, 'ok', null],
  [`${SITE}/?page_id=30`, 'moved', '/about/'],
  // Archives and their feeds.
  [`${SITE}/category/harbour/`, 'moved', '/section/harbour/'],
  [`${SITE}/category/harbour/feed/`, 'moved', '/section/harbour/feed/'],
  [`${SITE}/?cat=5`, 'moved', '/section/harbour/'],
  [`${SITE}/tag/ferries/`, 'ok', null],
  [`${SITE}/tag/ferries/feed/`, 'ok', null],
  [`${SITE}/?tag=ferries`, 'moved', '/tag/ferries/'],
  [`${SITE}/author/editor/`, 'ok', null],
  [`${SITE}/author/editor/feed/`, 'ok', null],
  [`${SITE}/?author=1`, 'moved', '/author/editor/'],
  [`${SITE}/2019/`, 'ok', null],
  [`${SITE}/2019/05/`, 'ok', null],
  [`${SITE}/2019/05/14/`, 'ok', null],
  [`${SITE}/2019/feed/`, 'ok', null],
  [`${SITE}/2019/05/feed/`, 'ok', null],
  [`${SITE}/2019/05/14/feed/`, 'ok', null],
  [SITE, 'ok', null],
  [`${SITE}/feed/`, 'ok', null],
  [`${SITE}/comments/feed/`, 'ok', null],
  [`${SITE}/2019/05/harbour-opens/feed/`, 'moved', '/2019/05/14/harbour-opens/feed/'],
  // Attachment pages and uploads: the local copy, or nothing for the file that never came.
  [`${SITE}/2019/05/harbour-opens/quay-photo/`, 'moved', MEDIA],
  [`${SITE}/?attachment_id=21`, 'moved', MEDIA],
  [`${U}quay.jpg`, 'moved', MEDIA],
  [`${U}quay-300x200.jpg`, 'moved', MEDIA],
  [`${SITE}/lost-photo/`, 'missing', 404],
  [`${U}lost.jpg`, 'missing', 404],
  // Addresses that never were.
  [`${SITE}/2019/05/never-was/`, 'missing', 404],
  [`${SITE}/no/such/page/`, 'missing', 404],
];

const urlset = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${u.replaceAll('&', '&amp;')}</loc></url>`).join('')}</urlset>\n`;

/** What `--report --old-urls --json` prints: the report, and whether the site holds an import. */
interface OldUrls extends OldUrlReport {
  imported: boolean;
}

let dir: string;
let file: string;
let uploads: string;
let index: string;
let list: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gazette-old-urls-'));
  file = join(dir, 'harbourlight.xml');
  writeFileSync(file, EXPORT);
  uploads = join(dir, 'uploads');
  mkdirSync(join(uploads, '2019', '05'), { recursive: true });
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a5a40' } })
    .jpeg()
    .toFile(join(uploads, '2019', '05', 'quay.jpg'));
  // WordPress's sitemap index and its sitemaps, saved in one folder (the last one gzipped).
  const maps = join(dir, 'sitemaps');
  mkdirSync(maps);
  const urls = EXPECTED.map(([u]) => u);
  const parts: Array<[string, string[]]> = [
    ['wp-sitemap-posts-post-1.xml', urls.slice(0, 5)],
    ['wp-sitemap-posts-page-1.xml', urls.slice(5, 7)],
    ['wp-sitemap-taxonomies-category-1.xml', urls.slice(7, 13)],
    ['wp-sitemap-users-1.xml', urls.slice(13, 16)],
    ['more.xml.gz', urls.slice(16)],
  ];
  for (const [name, some] of parts) writeFileSync(join(maps, name), name.endsWith('.gz') ? gzipSync(urlset(some)) : urlset(some));
  index = join(maps, 'wp-sitemap.xml');
  writeFileSync(
    index,
    `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${parts
      .map(([name]) => `<sitemap><loc>${SITE}/${name}</loc></sitemap>`)
      .join('')}</sitemapindex>\n`,
  );
  // The same addresses as a plain list: paths and full URLs, a comment, blank lines, a repeat, and a line that is no address.
  list = join(dir, 'old-urls.txt');
  writeFileSync(
    list,
    `# exported from the old site's logs\n\n${urls.map((u, i) => (i % 2 ? u.slice(SITE.length) || '/' : u)).join('\n')}\n${urls[0]}\nmailto:editor@example.org\n`,
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const d of DIALECTS) {
  describe(`gazette import wordpress --report --old-urls says how every old URL answers (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    const report = async (source: string): Promise<OldUrls> => {
      const r = await s.cli(['import', 'wordpress', file, '--report', '--old-urls', source, '--json']);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout).oldUrls;
    };
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
    });
    after(async () => {
      await s?.close();
    });

    it('before the import: says the site holds no import, finds the archives it has anyway, and writes nothing', async () => {
      const r = await report(index);
      assert.equal(r.imported, false);
      assert.equal(r.checked, EXPECTED.length);
      const by = new Map(r.urls.map((u) => [u.url, u]));
      assert.equal(by.get(`${SITE}/2019/05/harbour-opens/`)?.outcome, 'missing');
      assert.equal(by.get(`${SITE}/feed/`)?.outcome, 'ok');
      const stats = JSON.parse((await s.cli(['stats', '--json'])).stdout);
      assert.deepEqual(stats.articles, {}, JSON.stringify(stats));
    });

    it('after the import: every address of the sitemap index answers as expected', async () => {
      const imp = await s.cli(['import', 'wordpress', file, '--uploads', uploads, '--json']);
      assert.equal(imp.status, 0, imp.stderr);
      assert.equal(JSON.parse(imp.stdout).permalinkStructure, '/%year%/%monthnum%/%postname%/');
      const r = await report(index);
      assert.equal(r.imported, true);
      assert.deepEqual(
        r.urls.map((u) => u.url),
        EXPECTED.map(([u]) => u),
        'every address of every sitemap the index names, in order',
      );
      for (const [url, outcome, where] of EXPECTED) {
        const a = r.urls.find((u) => u.url === url)!;
        assert.equal(a.outcome, outcome, `${url}: ${JSON.stringify(a)}`);
        if (outcome === 'ok') assert.equal(a.status, 200, url);
        if (outcome === 'moved') {
          assert.equal(a.status, 301, url);
          if (where instanceof RegExp) assert.match(a.to ?? '', where, url);
          else assert.equal(a.to, where, url);
        }
        if (outcome === 'missing') assert.equal(a.status, where, url);
      }
      const count = (o: string) => EXPECTED.filter(([, x]) => x === o).length;
      assert.deepEqual([r.checked, r.ok, r.moved, r.missing], [EXPECTED.length, count('ok'), count('moved'), count('missing')]);
    });

    it('agrees with what a reader gets over HTTP from the running server', async () => {
      const r = await report(index);
      for (const a of r.urls) {
        const res = await fetch(s.url + a.path, { redirect: 'manual' });
        await res.arrayBuffer();
        assert.equal(res.status, a.status, a.url);
        if (a.outcome === 'moved') {
          const followed = await fetch(s.url + a.to);
          await followed.arrayBuffer();
          assert.equal(followed.status, 200, `${a.url} → ${a.to}`);
        }
      }
    });

    it('reads a plain list the same way, and names a line that is no address', async () => {
      const fromIndex = await report(index);
      const fromList = await report(list);
      assert.equal(fromList.checked, EXPECTED.length + 1, 'the repeated line is checked once');
      const outcome = (r: OldUrls, path: string) => r.urls.find((u) => u.path === path)?.outcome;
      for (const a of fromIndex.urls) assert.equal(outcome(fromList, a.path!), a.outcome, a.url);
      const odd = fromList.urls.find((u) => u.url.startsWith('mailto:'));
      assert.equal(odd?.outcome, 'missing');
      assert.equal(odd?.status, 0);
    });

    it('prints one line an address and the counts on a terminal', async () => {
      const r = await s.cli(['import', 'wordpress', file, '--report', '--old-urls', index]);
      assert.equal(r.status, 0, r.stderr);
      for (const [url] of EXPECTED) assert.ok(r.stdout.includes(`  ${url}`), url);
      const counts = /(\d+) old addresses: (\d+) answer 200, (\d+) answer 301 to a page, (\d+) do not answer/.exec(r.stdout);
      const json = await report(index);
      assert.deepEqual(counts?.slice(1).map(Number), [json.checked, json.ok, json.moved, json.missing]);
    });

    it('refuses a sitemap that is not well-formed, or an index whose sitemaps are not beside it, with the code', async () => {
      const broken = join(dir, `broken-${d.name}.xml`);
      writeFileSync(broken, '<?xml version="1.0"?><urlset><url><loc>/a/</loc></url>');
      const r1 = await s.cli(['import', 'wordpress', file, '--report', '--old-urls', broken]);
      assert.notEqual(r1.status, 0);
      assert.match(r1.stderr, /GAZ_ERR_IMPORT_MALFORMED/);
      const lonely = join(dir, `lonely-${d.name}.xml`);
      writeFileSync(lonely, `<?xml version="1.0"?><sitemapindex><sitemap><loc>${SITE}/elsewhere.xml</loc></sitemap></sitemapindex>`);
      const r2 = await s.cli(['import', 'wordpress', file, '--report', '--old-urls', lonely]);
      assert.notEqual(r2.status, 0);
      assert.match(r2.stderr, /GAZ_ERR_IMPORT_UNREADABLE/);
      const r3 = await s.cli(['import', 'wordpress', file, '--old-urls', index]);
      assert.notEqual(r3.status, 0, '--old-urls without --report imports nothing');
    });
  });
}
