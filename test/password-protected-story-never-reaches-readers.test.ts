/**
 * "Visible to readers" is defined once (src/db/visibility.ts). A password-protected story, published
 * and due, shares a rare word with a visible one; on both databases its headline must never reach a
 * reader through search, listings, feeds, sitemaps or the API, its month must not appear in the
 * sitemap index, and the listing query must be able to use the partial index built from the same
 * definition. Deleting the password condition from the definition (or writing a copy without it)
 * fails this test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { createArticle } from '../src/content/articles.js';
import { visible } from '../src/content/queries.js';
import type { Deps } from '../src/runtime/deps.js';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { openSite, sampleIds } from './helpers/site-db.js';

const WORD = 'zanzibarquokka';
const HIDDEN = 'Quokka ledger behind a password';
const SHOWN = 'Quokka ledger open to everyone';
/** A month with no other article: only the protected story could put it in the sitemap index. */
const HIDDEN_AT = Date.UTC(2019, 2, 15, 12);

async function get(s: TestServer, path: string): Promise<string> {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return r.text();
}

for (const d of DIALECTS) {
  describe(`a password-protected story stays out of every public listing (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let deps: Deps;
    let hiddenId = 0;
    before(async () => {
      s = await startServer(d.name);
      deps = await openSite(s);
      const ids = await sampleIds(deps);
      const now = Date.now();
      await deps.write(async (trx, stale) => {
        const common = { status: 'published' as const, sectionId: ids.section.world, tagIds: [ids.tag.china], authorIds: [ids.user['elena-marsh']] };
        hiddenId = await createArticle(
          trx,
          { ...common, headline: HIDDEN, body: `The ${WORD} accounts, for subscribers.`, publishedAt: HIDDEN_AT, password: 'letmein' },
          now,
          stale,
        );
        await createArticle(trx, { ...common, headline: SHOWN, body: `The ${WORD} accounts, for all.`, publishedAt: now - 60_000 }, now, stale);
      });
    });
    after(async () => {
      await deps?.close();
      await s?.close();
    });

    it('finds the visible story by its rare word and never the protected one', async () => {
      for (const path of [`/search?q=${WORD}`, `/search?q=quokka+ledger`]) {
        const page = await get(s, path);
        assert.ok(page.includes(SHOWN), `${path} finds the visible story`);
        assert.ok(!page.includes(HIDDEN), `${path} shows the protected headline`);
      }
    });

    it('leaves it out of listings, feeds, sitemaps and the API', async () => {
      const paths = [
        '/',
        '/section/world/',
        '/tag/china/',
        '/author/elena-marsh/',
        '/2019/',
        '/2019/03/',
        '/feed/',
        '/feed/atom/',
        '/feed.json',
        '/section/world/feed/',
        '/tag/china/feed/atom/',
        '/author/elena-marsh/feed/json/',
        '/news-sitemap.xml',
        '/api/v1/articles?limit=100',
        '/api/v1/articles?limit=100&tag=china',
      ];
      const index = await get(s, '/sitemap.xml');
      assert.ok(!index.includes('sitemap-2019-03.xml'), 'the protected story alone puts its month in the sitemap index');
      for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.push(new URL(loc).pathname);
      let seenShown = 0;
      for (const path of paths) {
        const r = await fetch(s.url + path);
        // A date archive holding only the protected story has nothing to show.
        assert.equal(r.status, path.startsWith('/2019/') ? 404 : 200, path);
        const body = await r.text();
        assert.ok(!body.includes(HIDDEN), `the protected headline appears in ${path}`);
        if (body.includes(SHOWN)) seenShown++;
      }
      assert.ok(seenShown >= 8, `the visible story shows in the listings (${seenShown})`);
      assert.equal((await fetch(`${s.url}/api/v1/articles/${hiddenId}`)).status, 404);
    });

    it('lets the planner use the partial index built from the same definition', async () => {
      const q = deps.kysely
        .selectFrom('articles')
        .select('articles.id')
        .where('articles.type', '=', 'article')
        .where(visible(Date.now()))
        .orderBy('articles.published_at', 'desc')
        .limit(10)
        .compile();
      const plan = await deps.kysely.transaction().execute(async (trx) => {
        if (d.name === 'sqlite') return trx.executeQuery(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]));
        // Tiny tables make a sequential scan cheapest; forbid it to see whether the index fits at all.
        await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
        return trx.executeQuery(CompiledQuery.raw(`EXPLAIN ${q.sql}`, [...q.parameters]));
      });
      assert.match(JSON.stringify(plan.rows), /articles_public/);
      // And the indexes hold only what a reader may see (a weaker one would still be used).
      const defs =
        d.name === 'sqlite'
          ? await deps.kysely.executeQuery<{ def: string }>(CompiledQuery.raw("SELECT sql AS def FROM sqlite_master WHERE name LIKE 'articles_public%'"))
          : await deps.kysely.executeQuery<{ def: string }>(
              CompiledQuery.raw("SELECT indexdef AS def FROM pg_indexes WHERE indexname LIKE 'articles_public%'"),
            );
      assert.equal(defs.rows.length, 2);
      for (const { def } of defs.rows) assert.match(def, /password"?\)? IS NULL/i, def);
    });
  });
}
