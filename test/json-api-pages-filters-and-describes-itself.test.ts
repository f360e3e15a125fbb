import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createArticle } from '../src/content/articles.js';
import type { Deps } from '../src/runtime/deps.js';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { openSite, sampleIds } from './helpers/site-db.js';

interface Summary {
  id: number;
  published_at: string;
  section: { slug: string } | null;
  authors: { slug: string }[];
  [k: string]: unknown;
}

async function api(s: TestServer, path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(s.url + path);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/, path);
  return { status: r.status, body: await r.json(), headers: r.headers };
}

/** Follows `next_cursor` from the first page to the last; returns every item in order. */
async function walk(s: TestServer, query: string): Promise<Summary[]> {
  const out: Summary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const r = await api(s, `/api/v1/articles?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200);
    out.push(...r.body.data);
    cursor = r.body.next_cursor;
    if (cursor === null) return out;
  }
  throw new Error('pagination did not end');
}

const EMAIL = /[a-z0-9._-]+@[a-z0-9-]+\.[a-z]+/i;

for (const d of DIALECTS) {
  describe(`JSON API (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let deps: Deps;
    before(async () => {
      s = await startServer(d.name);
      deps = await openSite(s);
      const ids = await sampleIds(deps);
      const now = Date.now();
      const base = Date.UTC(2024, 0, 10, 12, 0);
      await deps.write(async (trx, stale) => {
        for (let i = 0; i < 23; i++) {
          const business = i % 3 === 0;
          // Five stories share one instant: the cursor must break the tie by id.
          const publishedAt = i < 5 ? base : base + i * 3600_000;
          await createArticle(
            trx,
            {
              headline: `Wire story ${i}`,
              body: `Story number ${i}.`,
              status: 'published',
              publishedAt,
              sectionId: business ? ids.section.business : ids.section.world,
              authorIds: [business ? ids.user['tom-okafor'] : ids.user['elena-marsh']],
              tagIds: business ? [ids.tag.trade] : [],
            },
            now,
            stale,
          );
        }
      });
    });
    after(async () => {
      await deps?.close();
      await s?.close();
    });

    it('walks every visible article exactly once, newest first, following cursors', async () => {
      const walked = await walk(s, 'limit=7');
      const ids = walked.map((a) => a.id);
      assert.equal(ids.length, 25);
      assert.equal(new Set(ids).size, 25);
      for (let i = 1; i < walked.length; i++) {
        const [a, b] = [walked[i - 1], walked[i]];
        const order = Date.parse(a.published_at) - Date.parse(b.published_at) || a.id - b.id;
        assert.ok(order > 0, `item ${i} is out of order`);
      }
      const one = await api(s, '/api/v1/articles?limit=100');
      assert.deepEqual(
        one.body.data.map((a: Summary) => a.id),
        ids,
      );
      assert.equal(one.body.next_cursor, null);
      const first = await api(s, '/api/v1/articles');
      assert.equal(first.body.data.length, 20);
      assert.equal(first.headers.get('cache-control'), 'public, max-age=60');
    });

    it('filters by section, tag and author slug', async () => {
      const business = await walk(s, 'limit=3&section=business');
      assert.equal(business.length, 9); // 8 wire stories and the sample's port story
      assert.ok(business.every((a) => a.section?.slug === 'business'));
      const trade = await walk(s, 'tag=trade');
      assert.equal(trade.length, 9);
      const elena = await walk(s, 'limit=5&author=elena-marsh');
      assert.equal(elena.length, 16);
      assert.ok(elena.every((a) => a.authors.some((u) => u.slug === 'elena-marsh')));
    });

    it('answers errors as JSON with codes: 400 for a bad limit or cursor, 404 for what does not exist', async () => {
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1&limit=2']) {
        const r = await api(s, `/api/v1/articles?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(r.body.error.code, 'GAZ_ERR_API_INVALID_QUERY', q);
      }
      for (const c of ['garbage', Buffer.from('12.x').toString('base64url')]) {
        const r = await api(s, `/api/v1/articles?cursor=${c}`);
        assert.equal(r.status, 400);
        assert.equal(r.body.error.code, 'GAZ_ERR_API_INVALID_CURSOR');
      }
      for (const path of [
        '/api/v1/articles/999999',
        '/api/v1/articles?section=nope',
        '/api/v1/articles?tag=nope',
        '/api/v1/articles?author=nope',
        '/api/v1/nothing',
      ]) {
        const r = await api(s, path);
        assert.equal(r.status, 404, path);
        assert.equal(r.body.error.code, 'GAZ_ERR_API_NOT_FOUND', path);
      }
      const bad = await api(s, '/api/v1/articles/abc');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'GAZ_ERR_API_INVALID_QUERY');
      // Pages are not articles.
      const about = await deps.kysely.selectFrom('articles').select('id').where('slug', '=', 'about').executeTakeFirstOrThrow();
      assert.equal((await api(s, `/api/v1/articles/${about.id}`)).status, 404);
    });

    it('serves one article with body, tags, authors, section, comment count and url, and no email', async () => {
      const list = await api(s, '/api/v1/articles?limit=100');
      const lead = list.body.data.find((a: { slug: string }) => a.slug === 'china-and-russia-pledge-closer-strategic-cooperation');
      const r = await api(s, `/api/v1/articles/${lead.id}`);
      assert.equal(r.status, 200);
      const a = r.body;
      assert.match(a.body_html, /<h2>Talks with Wang Yi<\/h2>/);
      assert.deepEqual(
        a.tags.map((t: { slug: string }) => t.slug),
        ['china', 'diplomacy', 'russia'],
      );
      assert.deepEqual(
        a.authors.map((u: { name: string }) => u.name),
        ['Elena Marsh'],
      );
      assert.equal(a.section.slug, 'world');
      assert.equal(a.comment_count, 3);
      assert.equal(a.url, s.url + '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/');
      assert.equal(a.published_at, '2024-05-18T09:30:00.000Z');
      assert.doesNotMatch(JSON.stringify(a), EMAIL);
    });

    it('lists sections, tags and authors with names, slugs and urls, never emails', async () => {
      const sections = await api(s, '/api/v1/sections');
      assert.deepEqual(
        sections.body.data.map((x: { slug: string }) => x.slug),
        ['world', 'business'],
      );
      const tags = await api(s, '/api/v1/tags');
      assert.deepEqual(
        tags.body.data.map((x: { slug: string }) => x.slug),
        ['china', 'diplomacy', 'russia', 'trade'],
      );
      const authors = await api(s, '/api/v1/authors');
      assert.deepEqual(
        authors.body.data.map((x: { slug: string }) => x.slug),
        ['elena-marsh', 'tom-okafor'],
      );
      assert.equal(authors.body.data[0].url, s.url + '/author/elena-marsh/');
      assert.match(authors.body.data[0].bio, /diplomacy/);
      for (const r of [sections, tags, authors]) assert.doesNotMatch(JSON.stringify(r.body), EMAIL);
    });

    it('describes exactly its routes in an OpenAPI 3.1 document whose references all resolve', async () => {
      const r = await api(s, '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      const doc = r.body;
      assert.equal(doc.openapi, '3.1.0');
      assert.deepEqual(Object.keys(doc.paths).sort(), [
        '/api/v1/articles',
        '/api/v1/articles/{id}',
        '/api/v1/authors',
        '/api/v1/openapi.json',
        '/api/v1/sections',
        '/api/v1/tags',
      ]);
      for (const name of ['Article', 'ArticleSummary', 'Section', 'Tag', 'Author', 'Error']) assert.ok(doc.components.schemas[name], name);
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
      for (const ref of refs) assert.ok(doc.components.schemas[ref], `$ref ${ref} resolves`);
      // Each path in the document answers, and answers with the fields its schema requires.
      const summary = (await api(s, '/api/v1/articles?limit=1')).body.data[0];
      for (const key of doc.components.schemas.ArticleSummary.required) assert.ok(key in summary, `ArticleSummary.${key}`);
      const full = (await api(s, `/api/v1/articles/${summary.id}`)).body;
      for (const key of doc.components.schemas.Article.allOf[1].required) assert.ok(key in full, `Article.${key}`);
      for (const [list, schema] of [
        ['sections', 'Section'],
        ['tags', 'Tag'],
        ['authors', 'Author'],
      ]) {
        const item = (await api(s, `/api/v1/${list}`)).body.data[0];
        for (const key of doc.components.schemas[schema].required) assert.ok(key in item, `${schema}.${key}`);
      }
      const err = (await api(s, '/api/v1/articles/999999')).body;
      assert.ok(doc.components.schemas.Error.properties.error.properties.code.enum.includes(err.error.code));
    });
  });
}
