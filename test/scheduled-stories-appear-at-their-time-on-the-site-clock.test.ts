/**
 * A scheduled story appears everywhere readers look at the moment the site's clock reaches its
 * time, without a restart and with no real waiting: the server runs in this process on a clock the
 * test moves (test/helpers/in-process.ts). Until then it is in no page, feed, sitemap or API
 * answer, even those already in the page cache; a draft never is. A scheduled page joins the
 * footer's links the same way, though each process keeps those links in memory between changes
 * (src/runtime/site-chrome.ts). A breaking-news banner leaves at its expiry the same way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createArticle } from '../src/content/articles.js';
import { showBanner } from '../src/content/front.js';
import { DIALECTS } from './helpers/server.js';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { sampleIds } from './helpers/site-db.js';

const SCHEDULED = 'Scheduled dispatch from the harbour';
const DRAFT = 'Unfinished draft about tides';
const PAGE = 'Our corrections policy';
const FOOTER_LINK = '<a href="/corrections-policy/">Our corrections policy</a>';
const HOUR = 3600_000;
const PLACES = ['/', '/section/world/', '/author/elena-marsh/', '/feed/', '/feed.json', '/section/world/feed/', '/news-sitemap.xml', '/api/v1/articles'];

async function text(s: InProcessServer, path: string): Promise<string> {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return r.text();
}

for (const d of DIALECTS) {
  describe(`scheduled stories on the site's clock (${d.name})`, { skip: d.skip }, () => {
    let s: InProcessServer;
    let due = 0;
    before(async () => {
      s = await startInProcess(d.name);
      const ids = await sampleIds(s.deps);
      const now = s.clock.now();
      due = now + HOUR;
      const byline = { sectionId: ids.section.world, authorIds: [ids.user['elena-marsh']] };
      await s.deps.write(async (trx, stale) => {
        await createArticle(trx, { ...byline, headline: SCHEDULED, body: 'Ships are due.', status: 'scheduled', publishedAt: due }, now, stale);
        await createArticle(trx, { ...byline, headline: DRAFT, body: 'Tides.', status: 'draft' }, now, stale);
        await createArticle(
          trx,
          { type: 'page', headline: PAGE, slug: 'corrections-policy', body: 'We correct.', status: 'scheduled', publishedAt: due },
          now,
          stale,
        );
      });
    });
    after(async () => {
      await s?.close();
    });

    it('keeps it out of every page, feed, sitemap and API answer before its time, cached or not', async () => {
      for (const path of PLACES) assert.ok(!(await text(s, path)).includes(SCHEDULED), `${path} before its time`);
      assert.ok(!(await text(s, '/')).includes(PAGE), 'the scheduled page is in the footer before its time');
      s.clock.set(due - 1);
      // The same addresses again: now from the page cache, which must still hold.
      for (const path of PLACES) assert.ok(!(await text(s, path)).includes(SCHEDULED), `${path} a millisecond before its time`);
      // A page not cached yet, rendered with the footer's links as this process keeps them.
      assert.ok(!(await text(s, '/search?q=harbour')).includes(PAGE), 'the scheduled page is in the footer a millisecond before its time');
    });

    it('shows it everywhere at its time, and never the draft', async () => {
      s.clock.set(due);
      for (const path of PLACES) {
        const body = await text(s, path);
        assert.ok(body.includes(SCHEDULED), `${path} at its time`);
        assert.ok(!body.includes(DRAFT), `${path} shows a draft`);
      }
      for (const path of ['/', '/search?q=ships', '/section/world/'])
        assert.ok((await text(s, path)).includes(FOOTER_LINK), `${path}: the page in the footer at its time`);
      assert.ok(!(await text(s, '/search?q=tides')).includes(DRAFT), 'search shows a draft');
    });

    it('takes a breaking-news banner down at its expiry', async () => {
      const now = s.clock.now();
      await s.deps.write(async (trx, stale) => {
        await showBanner(trx, { text: 'Harbour closed by the storm', url: '/', expiresAt: now + 10 * 60_000, by: null }, now);
        stale('front');
      });
      assert.ok((await text(s, '/')).includes('Harbour closed by the storm'), 'the banner is up');
      s.clock.advance(10 * 60_000 - 1);
      assert.ok((await text(s, '/')).includes('Harbour closed by the storm'), 'the banner is up until its expiry');
      s.clock.advance(1);
      assert.ok(!(await text(s, '/')).includes('Harbour closed by the storm'), 'the banner is down at its expiry');
    });
  });
}
