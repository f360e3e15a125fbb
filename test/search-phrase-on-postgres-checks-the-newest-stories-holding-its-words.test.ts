/**
 * PostgreSQL keeps no word positions in its text index, so checking a phrase reads each story's
 * tsvector. A phrase is therefore checked only in the newest PHRASE_CANDIDATES stories holding all
 * its words (found through the index without reading any): the cost stays bounded however many
 * stories hold them, the page says there may be more, and a date range reaches older ones.
 * (SQLite's FTS5 checks phrases in its index, with no such bound.) A phrase of two words is
 * read through the pair index instead, as a word is, with no such bound either.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { openSite } from './helpers/site-db.js';
import type { Deps } from '../src/runtime/deps.js';
import { PHRASE_CANDIDATES } from '../src/content/search.js';

const DAY = 86_400_000;
const pg = DIALECTS.find((d) => d.name === 'postgres')!;

async function search(s: TestServer, query: string) {
  const r = await fetch(`${s.url}/search?${query}`);
  const html = await r.text();
  const headlines = [...html.matchAll(/<h2 class="story-headline"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
  return { status: r.status, html, headlines };
}

describe('a phrase on PostgreSQL', { skip: pg.skip }, () => {
  let s: TestServer;
  let deps: Deps;
  const now = Date.now();

  before(async () => {
    s = await startServer('postgres', { env: { SEARCH_RATE_LIMIT: '0' } });
    deps = await openSite(s);
    // Stories through the articles table as any write (its trigger indexes them): the phrase in
    // one from 2010 and in one from last week, and its words apart in more stories than are
    // checked, all newer than 2010's. Three words: a phrase of two is read otherwise (below).
    const add = (headline: string, body: string, publishedAt: number | string, count = 1) =>
      sql`INSERT INTO articles (type, slug, headline, body, body_html, body_text, status, published_at, created_at, updated_at)
        SELECT 'article', ${headline.toLowerCase().replaceAll(' ', '-')} || '-' || g, ${headline}, ${body}, '', ${body}, 'published',
          ${publishedAt}::bigint - g * 60000, ${publishedAt}::bigint - g * 60000, ${publishedAt}::bigint - g * 60000
        FROM generate_series(1, ${count}) g`.execute(deps.kysely);
    await add('Quorvex plinth restored', 'Masons restored the quorvex granite plinth.', Date.UTC(2010, 3, 1));
    await add('Apart', 'The quorvex granite stood beside a plinth.', now - 30 * DAY, PHRASE_CANDIDATES + 50);
    await add('Quorvex plinth cracks', 'The quorvex granite plinth cracked on Monday.', now - 7 * DAY);
    await deps.write(async (_trx, stale) => stale('*'));
  });
  after(async () => {
    await deps?.close();
    await s?.close();
  });

  it('is checked in the newest stories holding its words, says there may be more, and reaches older ones by date', async () => {
    const recent = await search(s, 'q=%22quorvex+granite+plinth%22');
    assert.equal(recent.status, 200);
    assert.deepEqual(recent.headlines, ['Quorvex plinth cracks']);
    assert.match(recent.html, /More than 1 result/);
    assert.match(recent.html, /Add a word, a section or dates to reach older ones/);
    const older = await search(s, 'q=%22quorvex+granite+plinth%22&to=2011-01-01');
    assert.deepEqual(older.headlines, ['Quorvex plinth restored']);
    assert.match(older.html, /1 result\b/);
    // The words alone (no phrase) are not bounded this way: the window of 1,000 as for any query.
    const words = await search(s, 'q=quorvex+plinth&sort=newest');
    assert.equal(words.headlines[0], 'Quorvex plinth cracks');
  });

  it('of two words is read through the pair index, which reaches every story holding it', async () => {
    const both = await search(s, 'q=%22granite+plinth%22');
    assert.deepEqual(both.headlines, ['Quorvex plinth cracks', 'Quorvex plinth restored']);
    assert.match(both.html, /2 results\b/);
    assert.doesNotMatch(both.html, /More than/);
  });

  it('says so when none of the newest stories holding its words has it', async () => {
    const r = await search(s, 'q=%22plinth+granite+quorvex%22');
    assert.equal(r.status, 200);
    assert.deepEqual(r.headlines, []);
    assert.match(r.html, /among the most recent stories holding its words/);
  });
});
