import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from 'feedsmith';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { setSetting } from './helpers/comments.js';

const LEAD = 'China and Russia pledge closer strategic cooperation as Lavrov meets Xi in Beijing';
const SECOND = 'Port volumes climb for a third month as shipping routes return';
const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
const EMAILS = ['marcus.webb@example.net', 'irina.p@example.org', 'dcho@example.com', 'elena.marsh@example.com', 'tom.okafor@example.com', 'admin@example.com'];
const TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' };

/** Fetches a feed, checks its content type and that no email is in it, and parses it. */
async function read(s: TestServer, path: string, type: keyof typeof TYPES) {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  assert.equal(r.headers.get('content-type'), TYPES[type], path);
  const text = await r.text();
  for (const email of EMAILS) assert.ok(!text.includes(email), `${email} leaked in ${path}`);
  const parsed = parseFeed(text);
  assert.equal(parsed.format, type, path);
  return { text, parsed };
}

/** The JSON Feed 1.1 rules a reader relies on: version, title, items with ids and content. */
function assertJsonFeed11(doc: Record<string, any>, selfUrl: string): void {
  assert.equal(doc.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(typeof doc.title, 'string');
  assert.equal(doc.feed_url, selfUrl);
  assert.ok(new URL(doc.home_page_url));
  assert.ok(Array.isArray(doc.items));
  for (const item of doc.items) {
    assert.equal(typeof item.id, 'string');
    assert.ok(typeof item.content_html === 'string' || typeof item.content_text === 'string', 'item has content');
    assert.ok(new URL(item.url));
    if (item.date_published) assert.ok(!Number.isNaN(Date.parse(item.date_published)));
    if (item.authors) for (const a of item.authors) assert.equal(typeof a.name, 'string');
  }
}

for (const d of DIALECTS) {
  describe(`feeds (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    it('serves the site as RSS 2.0 with absolute links, dates, bylines, categories and a self link', async () => {
      const { parsed } = await read(s, '/feed/', 'rss');
      assert.equal(parsed.format, 'rss');
      const feed = parsed.feed;
      assert.equal(feed.title, 'The Gazette');
      assert.equal(feed.link, s.url + '/');
      assert.ok(feed.atom?.links?.some((l) => l.rel === 'self' && l.href === s.url + '/feed/'));
      const items = feed.items ?? [];
      assert.deepEqual(
        items.map((i) => i.title),
        [LEAD, SECOND],
      );
      const lead = items[0];
      assert.equal(lead.link, s.url + ARTICLE);
      assert.equal(lead.pubDate, 'Sat, 18 May 2024 09:30:00 GMT');
      assert.deepEqual(lead.dc?.creators, ['Elena Marsh']);
      assert.match(lead.content?.encoded ?? '', /Wang Yi/);
      assert.match(lead.description ?? '', /top diplomat/);
      assert.deepEqual(
        lead.categories?.map((c) => c.name),
        ['World', 'China', 'Diplomacy', 'Russia'],
      );
      assert.equal(lead.guid?.isPermaLink, false);
    });

    it('serves the same stories as Atom with ids, published dates and authors', async () => {
      const { parsed } = await read(s, '/feed/atom/', 'atom');
      assert.equal(parsed.format, 'atom');
      const feed = parsed.feed;
      assert.ok(feed.links?.some((l) => l.rel === 'self' && l.href === s.url + '/feed/atom/'));
      assert.ok(feed.links?.some((l) => l.rel === 'alternate' && l.href === s.url + '/'));
      const entries = feed.entries ?? [];
      assert.deepEqual(
        entries.map((e) => e.title?.value),
        [LEAD, SECOND],
      );
      assert.equal(entries[0].published, '2024-05-18T09:30:00.000Z');
      assert.deepEqual(
        entries[0].authors?.map((a) => [a.name, a.uri]),
        [['Elena Marsh', s.url + '/author/elena-marsh/']],
      );
      assert.equal(entries[0].links?.[0].href, s.url + ARTICLE);
      const rss = (await read(s, '/feed/', 'rss')).parsed;
      // One story keeps one id across formats.
      assert.equal(entries[0].id, rss.format === 'rss' ? rss.feed.items?.[0].guid?.value : undefined);
    });

    it('serves JSON Feed 1.1 at /feed.json with authors and dates', async () => {
      const { text } = await read(s, '/feed.json', 'json');
      const doc = JSON.parse(text);
      assertJsonFeed11(doc, s.url + '/feed.json');
      assert.deepEqual(
        doc.items.map((i: { title: string }) => i.title),
        [LEAD, SECOND],
      );
      assert.deepEqual(doc.items[0].authors, [{ name: 'Elena Marsh', url: s.url + '/author/elena-marsh/' }]);
      assert.equal(doc.items[0].date_published, '2024-05-18T09:30:00.000Z');
      assert.equal(doc.items[0].url, s.url + ARTICLE);
      assert.equal(doc.language, 'en');
      const again = await fetch(s.url + '/feed.json', { headers: { 'if-none-match': (await fetch(s.url + '/feed.json')).headers.get('etag')! } });
      assert.equal(again.status, 304);
    });

    it('serves section, tag and author feeds in every format, each holding only its stories', async () => {
      const rss = (await read(s, '/section/business/feed/', 'rss')).parsed;
      assert.deepEqual(rss.format === 'rss' && rss.feed.items?.map((i) => i.title), [SECOND]);
      const atom = (await read(s, '/tag/russia/feed/atom/', 'atom')).parsed;
      assert.deepEqual(atom.format === 'atom' && atom.feed.entries?.map((e) => e.title?.value), [LEAD]);
      const json = JSON.parse((await read(s, '/author/tom-okafor/feed/json/', 'json')).text);
      assertJsonFeed11(json, s.url + '/author/tom-okafor/feed/json/');
      assert.deepEqual(
        json.items.map((i: { title: string }) => i.title),
        [SECOND],
      );
      assert.equal((await read(s, '/section/world/feed/json/', 'json')).parsed.format, 'json');
      assert.equal((await read(s, '/tag/china/feed/', 'rss')).parsed.format, 'rss');
      assert.equal((await read(s, '/author/elena-marsh/feed/atom/', 'atom')).parsed.format, 'atom');
      for (const missing of ['/section/nope/feed/', '/tag/nope/feed/atom/', '/author/nope/feed/json/'])
        assert.equal((await fetch(s.url + missing)).status, 404, missing);
    });

    it("serves a year's, a month's and a day's feed, as WordPress's date archives have them, each holding only its days", async () => {
      const month = (await read(s, '/2024/05/feed/', 'rss')).parsed;
      assert.deepEqual(month.format === 'rss' && month.feed.items?.map((i) => i.title), [LEAD, SECOND]);
      const day = (await read(s, '/2024/05/17/feed/atom/', 'atom')).parsed;
      assert.deepEqual(day.format === 'atom' && day.feed.entries?.map((e) => e.title?.value), [SECOND]);
      const year = JSON.parse((await read(s, '/2024/feed/json/', 'json')).text);
      assertJsonFeed11(year, s.url + '/2024/feed/json/');
      assert.deepEqual(
        year.items.map((i: { title: string }) => i.title),
        [LEAD, SECOND],
      );
      // A date with no stories, or none at all, has no feed.
      for (const missing of ['/2024/06/feed/', '/2023/feed/', '/2024/02/30/feed/']) assert.equal((await fetch(s.url + missing)).status, 404, missing);
    });

    it("serves the sample article's three comments as its comment feed, by name and never by email", async () => {
      const { parsed } = await read(s, ARTICLE + 'feed/', 'rss');
      assert.equal(parsed.format, 'rss');
      const items = parsed.feed.items ?? [];
      assert.equal(items.length, 3);
      assert.deepEqual(
        items.map((i) => i.title),
        ['Daniel Cho', 'Irina P.', 'Marcus Webb'].map((n) => `Comment on ${LEAD} by ${n}`),
      );
      for (const i of items) assert.match(i.link ?? '', new RegExp(`^${s.url}${ARTICLE}#comment-\\d+$`));
      assert.deepEqual(
        items.map((i) => i.dc?.creators?.[0]),
        ['Daniel Cho', 'Irina P.', 'Marcus Webb'],
      );
      assert.match(items[2].content?.encoded ?? '', /<p>The point about leverage/);
      // A wrong date in the path answers with the right feed's address.
      const moved = await fetch(s.url + '/2024/05/19/china-and-russia-pledge-closer-strategic-cooperation/feed/', { redirect: 'manual' });
      assert.equal(moved.status, 301);
      assert.equal(moved.headers.get('location'), ARTICLE + 'feed/');
    });

    it("serves the site's comments as RSS, Atom and JSON Feed", async () => {
      const rss = (await read(s, '/comments/feed/', 'rss')).parsed;
      assert.equal(rss.format === 'rss' && rss.feed.items?.length, 3);
      const atom = (await read(s, '/comments/feed/atom/', 'atom')).parsed;
      assert.deepEqual(atom.format === 'atom' && atom.feed.entries?.map((e) => e.authors?.[0].name), ['Daniel Cho', 'Irina P.', 'Marcus Webb']);
      // The commenter chose to show a website; it is the author link, never an email.
      assert.equal(atom.format === 'atom' && atom.feed.entries?.[1].authors?.[0].uri, 'https://example.org/irina');
      const json = JSON.parse((await read(s, '/comments/feed/json/', 'json')).text);
      assertJsonFeed11(json, s.url + '/comments/feed/json/');
      assert.equal(json.items.length, 3);
    });

    it('takes the number of items from reading.feed_count', async () => {
      await setSetting(s, 'reading.feed_count', '1');
      const { parsed } = await read(s, '/feed/', 'rss');
      assert.deepEqual(parsed.format === 'rss' && parsed.feed.items?.map((i) => i.title), [LEAD]);
      const comments = (await read(s, '/comments/feed/', 'rss')).parsed;
      assert.equal(comments.format === 'rss' && comments.feed.items?.length, 1);
      await setSetting(s, 'reading.feed_count', '20');
    });
  });
}
