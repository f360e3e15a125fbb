import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createArticle } from '../src/content/articles.js';
import type { ArticleStatus } from '../src/db/schema.js';
import { createUser } from '../src/content/users.js';
import type { Deps } from '../src/runtime/deps.js';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { openSite, sampleIds } from './helpers/site-db.js';

const LEAD = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
/** Strings that only unpublished content, its author, tag and comments carry. */
const MARKERS = [
  'unpublished-marker',
  'Unpublished marker',
  'Hidden Writer',
  'hidden-writer',
  'secret-tag',
  'Secret Tag',
  'Ghost Commenter',
  'Pending Person',
  '@example.',
];

const FEEDS = [
  '/feed/',
  '/feed/atom/',
  '/feed.json',
  '/feed/json/',
  '/comments/feed/',
  '/comments/feed/atom/',
  '/comments/feed/json/',
  '/section/world/feed/',
  '/tag/china/feed/atom/',
  '/author/elena-marsh/feed/json/',
  LEAD + 'feed/',
];

async function text(s: TestServer, path: string): Promise<string> {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return r.text();
}

/** Every feed, every sitemap and every API answer, as text. */
async function everythingPublic(s: TestServer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of FEEDS) out.set(path, await text(s, path));
  const index = await text(s, '/sitemap.xml');
  out.set('/sitemap.xml', index);
  for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) out.set(loc, await text(s, new URL(loc).pathname));
  out.set('/news-sitemap.xml', await text(s, '/news-sitemap.xml'));
  for (const path of ['/api/v1/sections', '/api/v1/tags', '/api/v1/authors']) out.set(path, await text(s, path));
  let cursor: string | null = null;
  do {
    const path: string = '/api/v1/articles?limit=100' + (cursor ? `&cursor=${cursor}` : '');
    const body = await text(s, path);
    out.set(path, body);
    const page = JSON.parse(body) as { data: { id: number }[]; next_cursor: string | null };
    for (const a of page.data) out.set(`/api/v1/articles/${a.id}`, await text(s, `/api/v1/articles/${a.id}`));
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

for (const d of DIALECTS) {
  describe(`unpublished content in distribution (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let deps: Deps;
    const hiddenIds: number[] = [];
    before(async () => {
      s = await startServer(d.name);
      deps = await openSite(s);
      const ids = await sampleIds(deps);
      const now = Date.now();
      const hour = 3600_000;
      await deps.write(async (trx, stale) => {
        const writer = await createUser(trx, { email: 'hidden.writer@example.com', name: 'Hidden Writer', role: 'author' }, now);
        const secret = (await trx.insertInto('tags').values({ slug: 'secret-tag', name: 'Secret Tag' }).returning('id').executeTakeFirstOrThrow()).id;
        const cases: [string, ArticleStatus, number | null, string | null][] = [
          ['draft', 'draft', null, null],
          ['pending', 'pending', now - hour, null],
          ['scheduled', 'scheduled', now + 30 * 24 * hour, null],
          ['trash', 'trash', now - hour, null],
          ['private', 'private', now - hour, null],
          ['password', 'published', now - hour, 'letmein'],
        ];
        for (const [kind, status, publishedAt, password] of cases) {
          const id = await createArticle(
            trx,
            {
              headline: `Unpublished marker ${kind}`,
              slug: `unpublished-marker-${kind}`,
              body: `Unpublished marker ${kind} body.`,
              status,
              publishedAt,
              password,
              sectionId: ids.section.world,
              tagIds: [ids.tag.china, secret],
              authorIds: [writer],
            },
            now,
            stale,
          );
          hiddenIds.push(id);
        }
        // An approved comment on an unpublished article, and a held one on a published article.
        await trx
          .insertInto('comments')
          .values({
            article_id: hiddenIds[1],
            author: 'Ghost Commenter',
            email: 'ghost@example.com',
            body: 'Unpublished marker comment',
            status: 'approved',
            created_at: now,
          })
          .execute();
        const lead = (
          await trx.selectFrom('articles').select('id').where('slug', '=', 'china-and-russia-pledge-closer-strategic-cooperation').executeTakeFirstOrThrow()
        ).id;
        await trx
          .insertInto('comments')
          .values({
            article_id: lead,
            author: 'Pending Person',
            email: 'pending.person@example.com',
            body: 'Unpublished marker held comment',
            status: 'pending',
            created_at: now,
          })
          .execute();
        stale('comments-feed', `article:${lead}`);
      });
    });
    after(async () => {
      await deps?.close();
      await s?.close();
    });

    it('keeps drafts, held, scheduled, trashed, private and protected articles out of every feed, sitemap and API answer', async () => {
      const all = await everythingPublic(s);
      assert.ok(all.size > 20);
      for (const [where, body] of all) for (const m of MARKERS) assert.ok(!body.includes(m), `"${m}" appears in ${where}`);
      for (const id of hiddenIds) assert.equal((await fetch(`${s.url}/api/v1/articles/${id}`)).status, 404, `article ${id}`);
      for (const path of ['/tag/secret-tag/feed/', '/author/hidden-writer/feed/atom/']) assert.equal((await fetch(s.url + path)).status, 404, path);
      // The comment feed of the sample article still holds its three approved comments only.
      assert.equal((all.get(LEAD + 'feed/')!.match(/<item>/g) ?? []).length, 3);
    });
    // A scheduled article joining the feeds at its time: scheduled-stories-appear-at-their-time-on-the-site-clock.
  });
}
