/**
 * Lighthouse on a phone (its default emulation) scores the front page, an article with a wide lead
 * image, a section and a search at least 0.95 in accessibility, best practices and SEO, and finds
 * nothing the pages themselves do that costs speed: no layout shift, the lead image neither lazy
 * nor without priority and sized for the screen, every image sized, text compressed, fonts shown
 * while they load, assets cached for long, one render-blocking stylesheet.
 *
 * The performance score itself is a measure of time (simulated from how long this machine's CPU
 * took), and tests never assert on time: on this two-core machine shared by other sessions a bare
 * static page scores 0.73 at a load average of 28. `npm run bench -- lighthouse` reports it against
 * that bare page measured in the same run.
 *
 * SQLite only: what Lighthouse sees does not depend on the database, and each page takes 20–60 s.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './helpers/server.js';
import { noChromium } from './helpers/chromium.js';
import { lighthouseBrowser, type LighthouseRun } from './helpers/lighthouse.js';
import { addWideLeadImage, READER_PAGES } from './helpers/lead-image.js';

/** Audits of the performance category that the page decides, not the machine's speed. */
const PAGE_AUDITS = [
  'unsized-images',
  'uses-responsive-images',
  'offscreen-images',
  'uses-text-compression',
  'lcp-lazy-loaded',
  'font-display',
  'uses-long-cache-ttl',
];

describe('Lighthouse on a phone: the reader pages', { skip: noChromium }, () => {
  let s: TestServer;
  let lh: Awaited<ReturnType<typeof lighthouseBrowser>>;
  before(async () => {
    s = await startServer('sqlite');
    await addWideLeadImage(s);
    lh = await lighthouseBrowser();
  });
  after(async () => {
    await lh?.close();
    await s?.close();
  });

  for (const [name, path] of Object.entries(READER_PAGES)) {
    it(`scores the ${name} at least 0.95 in accessibility, best practices and SEO, with nothing of its own slowing it`, async () => {
      const r: LighthouseRun = await lh.run(s.url + path);
      for (const c of ['accessibility', 'best-practices', 'seo'] as const) {
        assert.ok(r.scores[c] >= 0.95, `${name} ${c} ${r.scores[c]}: ${r.weak(c).join('; ')}`);
      }
      for (const id of PAGE_AUDITS) {
        const a = r.audits[id];
        assert.ok(a, `Lighthouse ran ${id}`);
        assert.ok(a.score === null || a.score >= 0.9, `${name}: ${id} ${a.score} ${a.displayValue ?? ''} ${JSON.stringify(a.details?.items?.slice(0, 3))}`);
      }
      assert.equal(r.audits['cumulative-layout-shift'].numericValue, 0, `${name}: nothing moves while it loads`);
      const blocking = (r.audits['render-blocking-resources'].details?.items ?? []).map((i) => String(i.url));
      assert.ok(blocking.length <= 1, `${name}: one render-blocking stylesheet at most, found ${blocking.join(', ')}`);
      if (name === 'article') {
        const lcp = r.audits['prioritize-lcp-image'];
        assert.ok(lcp.score === null || lcp.score >= 0.9, `article: the lead image is fetched first (${lcp.displayValue ?? ''})`);
      }
    });
  }
});
