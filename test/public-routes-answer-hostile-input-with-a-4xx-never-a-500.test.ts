/**
 * Every route anyone can reach, sent hostile parameters: huge, deep, repeated, of the wrong type,
 * in another case, with bytes that are not text. Each answer is a clear refusal (4xx) or the page
 * with the junk ignored; never a 500, and a refusal is never Fastify's raw JSON to a browser.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE } from './helpers/comments.js';

/** GET routes of the reader site, the API, the mailed links and the anonymous newsroom. */
const GETS = [
  '/',
  '/search',
  ARTICLE,
  `${ARTICLE}feed/`,
  `${ARTICLE}comment-page-2/`,
  '/feed/',
  '/feed/atom/',
  '/feed.json',
  '/comments/feed/',
  '/section/world/',
  '/section/world/feed/',
  '/tag/china/',
  '/author/elena-marsh/',
  '/2024/',
  '/2024/05/',
  '/2024/05/18/',
  '/about/',
  '/sitemap.xml',
  '/sitemap-2024-05.xml',
  '/news-sitemap.xml',
  '/robots.txt',
  '/avatar/abcdefghijklmnop.svg',
  '/preview/1/',
  '/comments/token',
  '/comments/moderate',
  '/comments/notifications/confirm',
  '/comments/notifications/unsubscribe',
  '/api/v1/articles',
  '/api/v1/articles/1',
  '/api/v1/sections',
  '/api/v1/tags',
  '/api/v1/authors',
  '/api/v1/openapi.json',
  '/admin/login',
  '/admin/password/forgot',
  '/admin/password/set',
  '/healthz',
];

/** Query strings a hostile client sends to every GET. */
const QUERIES = [
  'page=-1',
  'page=99999999999999999999',
  'page=1e400',
  'page=abc',
  'page=1&page=2&page=3',
  'q=' + 'x'.repeat(6000),
  'q[]=a&q[]=b',
  'q[a][b][c][d][e][f]=1',
  '__proto__[polluted]=1&constructor[prototype][x]=1',
  'q=%00%01%ff',
  'q=%E0%A4%A',
  'next=%0d%0aSet-Cookie:%20x=1',
  'next=caf%C3%A9',
  'id=1&id=2&token=a&token=b&exp=1&exp=x&sig[]=1',
  'article=NaN',
  'article=-5',
  'cursor=' + encodeURIComponent('{"__proto__":1}'),
  'limit=100000',
  'per_page=0',
  'unapproved=1&moderation-hash=' + 'a'.repeat(5000),
  'replytocom=' + '9'.repeat(30),
  'p=1e99',
];

/** Path variants of the same routes. */
const PATHS = [
  '/FEED/',
  '/Section/World/',
  '/section/world/page/0/',
  '/section/world/page/00000000000000000002/',
  '/section/world/page/99999999999999999999/',
  '/tag/' + 'a'.repeat(600) + '/',
  '/2024/13/',
  '/9999/99/99/x/',
  '/0000/',
  '/%E0%A4%A/',
  '/%00/',
  '/..%2f..%2fetc%2fpasswd',
  '/section//world/',
  '/preview/99999999999999999999999/',
  '/preview/-1/?exp=1&sig=x',
  '/api/v1/articles/abc',
  '/api/v1/articles/1e9',
  '/avatar/' + 'a'.repeat(100) + '.svg',
  '/sitemap-9999-99.xml',
  '/sitemap-../../x.xml',
];

/** Bodies a hostile client POSTs to each anonymous route, as form and JSON. */
const POSTS = [
  '/comments',
  '/comments/moderate',
  '/comments/notifications/confirm',
  '/comments/notifications/unsubscribe',
  '/admin/login',
  '/admin/password/forgot',
  '/admin/password/set',
];
const FORM_BODIES = [
  '',
  'a=1&a=2&a=3&comment=x&comment=y',
  'article_id=1e400&parent_id=-1&author[]=x&email[a]=b',
  'comment=' + 'x'.repeat(200_000),
  'email=' + encodeURIComponent('a@' + 'a'.repeat(40_000)) + '&password=x',
  '%%%=%%%&\u0000=\u0000',
  'next=%0d%0a&email=admin%40example.com&password=x',
  'token=' + 'x'.repeat(3000) + '&password=y',
];
const JSON_BODIES = [
  '{',
  '[]',
  'null',
  '"x"',
  '{"article_id":{"$gt":1},"author":["a"],"email":{},"comment":1}',
  '['.repeat(5000) + ']'.repeat(5000),
  JSON.stringify({ __proto__: { x: 1 }, constructor: { prototype: { y: 1 } } }),
];

for (const d of DIALECTS) {
  describe(`public routes answer hostile input with a 4xx, never a 500 (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    const failures: string[] = [];
    const check = async (label: string, r: Response) => {
      const text = await r.text();
      if (r.status >= 500) failures.push(`${label} → ${r.status} ${text.slice(0, 120)}`);
      // A browser asking for a page never gets a framework's raw error object.
      else if (r.status >= 400 && /^\{"statusCode":\d+,"(code|error)"/.test(text)) failures.push(`${label} → raw framework error ${text.slice(0, 120)}`);
    };

    it('GET: every route with every hostile query, and hostile spellings of the paths', async () => {
      failures.length = 0;
      for (const path of GETS) {
        for (const q of QUERIES)
          await check(`GET ${path}?${q.slice(0, 60)}`, await fetch(`${s.url}${path}?${q}`, { redirect: 'manual', headers: { accept: 'text/html' } }));
      }
      for (const path of PATHS) await check(`GET ${path.slice(0, 80)}`, await fetch(s.url + path, { redirect: 'manual', headers: { accept: 'text/html' } }));
      assert.deepEqual(failures, []);
    });

    it('POST: every anonymous route with hostile form and JSON bodies and query strings', async () => {
      failures.length = 0;
      for (const path of POSTS) {
        for (const body of FORM_BODIES) {
          const r = await fetch(s.url + path, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            body,
          });
          await check(`POST ${path} form ${body.slice(0, 50)}`, r);
        }
        for (const body of JSON_BODIES) {
          const r = await fetch(s.url + path, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body,
          });
          await check(`POST ${path} json ${body.slice(0, 50)}`, r);
        }
        for (const q of QUERIES.slice(0, 12)) {
          const r = await fetch(`${s.url}${path}?${q}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'text/plain' }, body: 'x' });
          await check(`POST ${path}?${q.slice(0, 40)} text/plain`, r);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
