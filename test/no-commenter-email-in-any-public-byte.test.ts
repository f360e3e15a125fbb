/**
 * A commenter's email address is never published. This posts comments with a unique address, then
 * fetches every public URL it can name or reach (pages, archives, search, feeds, sitemaps, robots,
 * the API from its OpenAPI document, avatars, the 404 page) and looks for the address in every
 * form a leak could take: as typed, lower- and upper-cased, URL-encoded, HTML- and JSON-escaped,
 * and as the MD5, SHA-1 or SHA-256 of it (what Gravatar-style avatars publish).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE_PATH, postComment, sampleArticleId, setSettings, type Posted } from './helpers/mail-tests.js';

const MAX_FETCHES = 400;

/** Every spelling of `email` that would count as publishing it. */
function leakForms(email: string): string[] {
  const norm = email.trim().toLowerCase();
  const [local, domain] = norm.split('@');
  const hex = (alg: string) => createHash(alg).update(norm).digest('hex');
  const forms = new Set<string>([
    email,
    norm,
    norm.toUpperCase(),
    encodeURIComponent(email),
    encodeURIComponent(norm),
    encodeURIComponent(norm).replace(/%40/g, '%2540'),
    norm.replace('@', '&#64;'),
    norm.replace('@', '&#x40;'),
    norm.replace('@', '\\u0040'),
    Buffer.from(norm).toString('base64'),
    Buffer.from(norm).toString('base64url'),
    // The local part and the domain were made unique for this test: neither may appear alone.
    local,
    domain,
    hex('md5'),
    hex('sha1'),
    hex('sha256'),
  ]);
  for (const f of [...forms]) if (/^[0-9a-f]+$/.test(f)) forms.add(f.toUpperCase());
  return [...forms];
}

/** Same-origin URLs mentioned in a body: href/src attributes, <loc> and <link> in XML, "url"-like JSON strings. */
function linksIn(body: string, origin: string): string[] {
  const out = new Set<string>();
  const add = (raw: string) => {
    const v = raw.replace(/&amp;/g, '&').replace(/\\\//g, '/');
    try {
      const u = new URL(v, origin + '/');
      if (u.origin === origin) out.add(u.pathname + u.search);
    } catch {
      // not a URL
    }
  };
  for (const m of body.matchAll(/\b(?:href|src|action)="([^"#]*)/g)) add(m[1]);
  for (const m of body.matchAll(/<(?:loc|link|id|guid|comments|wfw:commentRss)>([^<]+)</g)) add(m[1]);
  for (const m of body.matchAll(/<link[^>]*\bhref="([^"#]+)"/g)) add(m[1]);
  for (const m of body.matchAll(/"(https?:\/\/[^"]+|\/[^"\s]*)"/g)) add(m[1]);
  for (const m of body.matchAll(/^Sitemap:\s*(\S+)/gm)) add(m[1]);
  return [...out];
}

/** Paths that are public but not for crawling: the newsroom behind its login, and POST-only endpoints. */
const skip = (path: string) =>
  /^\/admin\/(?!login)/.test(path) || path.startsWith('/comments/moderate') || path.startsWith('/comments/notifications/') || path === '/comments';

for (const d of DIALECTS) {
  describe(`no commenter email in any public byte (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let articleId: number;
    let top: Posted;
    let reply: Posted;
    const tag = randomBytes(5).toString('hex');
    const email = `Zq.Leak-${tag}@Leak-${tag}.Example`;
    // An address of the same shape that nobody used: pages that echo what was asked for (search,
    // 404) must answer for the real address exactly as they answer for this one.
    const control = `Zq.Leak-${randomBytes(5).toString('hex')}@Leak-${tag.replace(/./g, (c) => (c === 'a' ? 'b' : 'a'))}.Example`;
    const word = `marmalade${tag}`;

    before(async () => {
      s = await startServer(d.name);
      await setSettings(s, { 'comments.min_form_seconds': '0', 'comments.flood_seconds': '0', 'comments.hold_first_time': 'false' });
      articleId = await sampleArticleId(s);
      top = await postComment(s, {
        article_id: articleId,
        author: 'Lee Leaky',
        email,
        url: 'https://leaky.example.net/',
        comment: `I said ${word} and nothing else.`,
        notify: true,
      });
      reply = await postComment(s, {
        article_id: articleId,
        parent_id: top.id,
        author: 'Lee Leaky',
        email: ` ${email.toUpperCase()} `,
        comment: `Replying to myself about ${word}.`,
      });
      assert.equal(top.status, 'approved');
      assert.equal(reply.status, 'approved');
    });
    after(async () => {
      await s?.close();
    });

    it('finds the address in none of the pages, feeds, sitemaps, API answers and avatars', async (t) => {
      const forms = leakForms(email);
      const seeds = [
        '/',
        '/page/2/',
        ARTICLE_PATH,
        `${ARTICLE_PATH}comment-page-1/`,
        `${ARTICLE_PATH}?replytocom=${top.id}`,
        `${ARTICLE_PATH}feed/`,
        `${ARTICLE_PATH}feed/atom/`,
        '/section/world/',
        '/tag/china/',
        '/author/elena-marsh/',
        '/2024/',
        '/2024/05/',
        '/2024/05/18/',
        '/about/',
        '/privacy/',
        `/search?q=${word}`,
        `/search?q=${encodeURIComponent(email)}`,
        `/search?q=${encodeURIComponent(email.split('@')[0])}`,
        '/search?q=Lee+Leaky',
        '/feed/',
        '/feed/atom/',
        '/feed/json/',
        '/feed.json',
        '/comments/feed/',
        '/comments/feed/atom/',
        '/comments/feed/json/',
        '/section/world/feed/',
        '/tag/china/feed/',
        '/author/elena-marsh/feed/',
        '/sitemap.xml',
        '/news-sitemap.xml',
        '/robots.txt',
        '/api/v1/openapi.json',
        '/api/v1/articles',
        `/api/v1/articles/${articleId}`,
        `/api/v1/articles/${articleId}/comments`,
        `/api/v1/comments`,
        `/api/v1/comments?article=${articleId}`,
        `/api/v1/comments/${top.id}`,
        '/api/v1/sections',
        '/api/v1/tags',
        '/api/v1/authors',
        '/no/such/page/',
        `/${email}`,
        '/admin/login',
        '/healthz',
      ];
      // Every path the API documents, with its parameters filled in with what exists.
      const openapi = await fetch(s.url + '/api/v1/openapi.json');
      if (openapi.ok) {
        const doc = (await openapi.json()) as { paths?: Record<string, unknown> };
        for (const p of Object.keys(doc.paths ?? {})) {
          const path = p.startsWith('/api/') ? p : `/api/v1${p}`;
          for (const id of [articleId, top.id, reply.id]) seeds.push(path.replace(/\{[^}]*id[^}]*\}/gi, String(id)).replace(/\{[^}]*\}/g, 'china'));
        }
      }

      const queue = [...new Set(seeds)];
      const seen = new Set<string>(queue);
      const statuses: Record<string, number> = {};
      let fetched = 0;
      const leaks: string[] = [];
      while (queue.length && fetched < MAX_FETCHES) {
        const path = queue.shift()!;
        const r = await fetch(s.url + path, { redirect: 'follow' });
        fetched++;
        statuses[path] = r.status;
        const body = await r.text();
        const bytes = body + '\n' + [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
        const lower = bytes.toLowerCase();
        if (forms.some((f) => path.toLowerCase().includes(f.toLowerCase()))) {
          // The URL itself names the address: compare with the same request for the control address.
          const controlForms = leakForms(control);
          const swap = (text: string, from: string[], to: string[]) =>
            from.reduce((t, f, i) => t.split(f).join(to[i]).split(f.toLowerCase()).join(to[i].toLowerCase()), text);
          const other = await fetch(s.url + swap(path, forms, controlForms), { redirect: 'follow' });
          const expected = await other.text();
          if (other.status !== r.status || swap(body, forms, controlForms) !== expected) leaks.push(`${path} answers differently than for an unknown address`);
        } else {
          for (const f of forms) if (lower.includes(f.toLowerCase())) leaks.push(`${path} contains ${f}`);
        }
        for (const link of linksIn(body, s.url)) {
          if (!seen.has(link) && !skip(link)) {
            seen.add(link);
            queue.push(link);
          }
        }
      }
      const missing = Object.entries(statuses)
        .filter(([, st]) => st === 404)
        .map(([p]) => p);
      t.diagnostic(`${fetched} URLs scanned; answering 404: ${missing.join(' ')}`);
      assert.deepEqual(leaks, []);

      // The scan saw the comments (so it could have found the address) and reached their avatars.
      const article = await (await fetch(s.url + ARTICLE_PATH)).text();
      assert.match(article, new RegExp(word));
      assert.ok(
        [...seen].some((p) => p.startsWith('/avatar/')),
        'no avatar URL was found to check',
      );
      assert.equal(statuses[ARTICLE_PATH], 200);
      assert.ok(fetched > 40, `only ${fetched} URLs fetched`);
      const commentFeed = await fetch(s.url + '/comments/feed/');
      assert.equal(commentFeed.status, 200);
      assert.match(await commentFeed.text(), new RegExp(word), 'the comment feed does not show the comment');
    });
  });
}
