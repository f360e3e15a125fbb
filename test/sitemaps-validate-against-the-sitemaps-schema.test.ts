import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createArticle } from '../src/content/articles.js';
import type { Deps } from '../src/runtime/deps.js';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { setSetting } from './helpers/comments.js';
import { openSite, sampleIds } from './helpers/site-db.js';

const XMLLINT = '/usr/bin/xmllint';
const noXmllint = existsSync(XMLLINT) ? false : `xmllint is not installed at ${XMLLINT} (apt-get install libxml2-utils)`;
const SCHEMAS = join(ROOT, 'test', 'fixtures', 'sitemaps');

function validate(xml: string, xsd: 'sitemap.xsd' | 'siteindex.xsd', what: string): void {
  const r = spawnSync(XMLLINT, ['--noout', '--nonet', '--schema', join(SCHEMAS, xsd), '-'], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `${what} does not validate against ${xsd}:\n${r.stderr}`);
}

async function get(s: TestServer, path: string): Promise<string> {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return r.text();
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

for (const d of DIALECTS) {
  describe(`sitemaps and robots.txt (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let deps: Deps;
    before(async () => {
      s = await startServer(d.name);
      deps = await openSite(s);
    });
    after(async () => {
      await deps?.close();
      await s?.close();
    });

    it('serves a sitemap index whose every sitemap validates against the sitemaps.org schema', { skip: noXmllint }, async () => {
      const index = await get(s, '/sitemap.xml');
      validate(index, 'siteindex.xsd', '/sitemap.xml');
      const listed = locs(index);
      assert.deepEqual(
        listed,
        ['pages', '2024-05', 'sections', 'tags', 'authors'].map((n) => `${s.url}/sitemap-${n}.xml`),
      );
      assert.match(index, /<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/lastmod>/);
      const all: string[] = [];
      for (const url of listed) {
        const xml = await get(s, new URL(url).pathname);
        validate(xml, 'sitemap.xsd', url);
        all.push(...locs(xml));
      }
      for (const path of [
        '/',
        '/about/',
        '/privacy/',
        '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/',
        '/section/world/',
        '/tag/china/',
        '/author/elena-marsh/',
      ]) {
        assert.ok(all.includes(s.url + path), `${path} is in a sitemap`);
      }
      assert.ok(!all.some((u) => u.includes('/author/admin/')), 'staff without bylines stay out');
      assert.equal((await fetch(s.url + '/sitemap-2023-01.xml')).status, 404);
      assert.equal((await fetch(s.url + '/sitemap-nope.xml')).status, 404);
    });

    it('names the sitemaps in robots.txt and keeps crawlers out of the newsroom, further search pages and the API', async () => {
      const r = await fetch(s.url + '/robots.txt');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
      const lines = (await r.text()).split('\n');
      for (const line of [
        'User-agent: *',
        'Disallow: /admin/',
        'Disallow: /search?*&',
        'Disallow: /comments/live',
        'Disallow: /api/',
        `Sitemap: ${s.url}/sitemap.xml`,
        `Sitemap: ${s.url}/news-sitemap.xml`,
      ]) {
        assert.ok(lines.includes(line), line);
      }
    });

    it('lists articles of the last 48 hours in the Google News sitemap', async () => {
      const ids = await sampleIds(deps);
      const now = Date.now();
      await deps.write((trx, stale) =>
        createArticle(
          trx,
          {
            headline: 'Harbour talks resume after <tense> week & more',
            body: 'Talks resumed.',
            status: 'published',
            publishedAt: now - 3600_000,
            sectionId: ids.section.world,
            authorIds: [ids.user['elena-marsh']],
          },
          now,
          stale,
        ),
      );
      await deps.write((trx, stale) =>
        createArticle(trx, { headline: 'Three days old', body: 'Old news.', status: 'published', publishedAt: now - 72 * 3600_000 }, now, stale),
      );
      const xml = await get(s, '/news-sitemap.xml');
      const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
      const urls = [doc.urlset.url].flat();
      assert.equal(doc.urlset['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
      assert.equal(urls.length, 1);
      const news = urls[0]['news:news'];
      assert.match(urls[0].loc, new RegExp(`^${s.url}/\\d{4}/\\d\\d/\\d\\d/harbour-talks-resume-after-tense-week-more/$`));
      assert.equal(news['news:publication']['news:name'], 'The Gazette');
      assert.equal(news['news:publication']['news:language'], 'en');
      assert.equal(news['news:title'], 'Harbour talks resume after <tense> week & more');
      assert.ok(!Number.isNaN(Date.parse(news['news:publication_date'])));
      // The new articles are in the index too, under their months.
      assert.ok(locs(await get(s, '/sitemap.xml')).length > 5);
    });

    it("files articles under months of the site's time zone", { skip: noXmllint }, async () => {
      const now = Date.now();
      // 20:00 UTC on 31 May is already 1 June in Tokyo.
      await deps.write((trx, stale) =>
        createArticle(
          trx,
          { headline: 'Late-night vote in the assembly', body: 'A vote.', status: 'published', publishedAt: Date.UTC(2024, 4, 31, 20, 0) },
          now,
          stale,
        ),
      );
      const utc = locs(await get(s, '/sitemap-2024-05.xml'));
      assert.ok(utc.includes(`${s.url}/2024/05/31/late-night-vote-in-the-assembly/`));
      await setSetting(s, 'site.timezone', 'Asia/Tokyo');
      const index = await get(s, '/sitemap.xml');
      assert.ok(locs(index).includes(`${s.url}/sitemap-2024-06.xml`));
      const june = await get(s, '/sitemap-2024-06.xml');
      validate(june, 'sitemap.xsd', '/sitemap-2024-06.xml');
      assert.deepEqual(locs(june), [`${s.url}/2024/06/01/late-night-vote-in-the-assembly/`]);
      assert.ok(!locs(await get(s, '/sitemap-2024-05.xml')).some((u) => u.includes('late-night-vote')));
    });
  });
}
