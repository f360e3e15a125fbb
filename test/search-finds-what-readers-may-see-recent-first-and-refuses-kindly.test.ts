/**
 * Search on both databases, against a running server (two workers) written to by another process:
 * relevance with recency, exact phrases, prefixes, the words English ignores left out alike, section
 * and date filters, findable at the next request after publishing and gone after unpublishing,
 * never a draft, a scheduled or a password-protected story, deep pages and hostile queries refused
 * kindly (never a 500), and a per-client rate limit shared by the workers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { openSite, sampleIds } from './helpers/site-db.js';
import type { Deps } from '../src/runtime/deps.js';
import { createArticle, updateArticle, type ArticleInput } from '../src/content/articles.js';

const DAY = 86_400_000;
let ipCounter = 0;
/** Each call a client of its own (the server believes X-Forwarded-For from loopback), so rate limits stay out of the way. */
function newClient(): Record<string, string> {
  ipCounter++;
  return { 'x-forwarded-for': `198.51.100.${ipCounter % 250}` };
}

async function search(s: TestServer, query: string, headers = newClient(), redirect: 'manual' | 'follow' = 'manual') {
  const r = await fetch(`${s.url}/search?${query}`, { headers, redirect });
  const html = await r.text();
  const headlines = [...html.matchAll(/<h2 class="story-headline"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
  return { status: r.status, html, headlines };
}

for (const d of DIALECTS) {
  describe(`search (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let deps: Deps;
    let world: number;
    let business: number;
    const now = Date.now();

    const add = async (input: Partial<ArticleInput> & { headline: string; body: string }) =>
      deps.write((trx, stale) => createArticle(trx, { status: 'published', publishedAt: now - DAY, sectionId: world, ...input }, deps.clock.now(), stale));
    /** Saves story `id` as `input` says, published in world unless it says otherwise. */
    const update = (id: number, input: Partial<ArticleInput> & { headline: string; body: string }) =>
      deps.write((trx, stale) => updateArticle(trx, id, { sectionId: world, status: 'published', ...input }, deps.clock.now(), stale));

    before(async () => {
      s = await startServer(d.name, { env: { WORKERS: '2', SEARCH_RATE_LIMIT: '12' } });
      deps = await openSite(s);
      const ids = await sampleIds(deps);
      world = ids.section.world;
      business = ids.section.business;
    });
    after(async () => {
      await deps?.close();
      await s?.close();
    });

    it('ranks a recent story above an older one that matches equally, and newest-first sorts by date', async () => {
      const text = { headline: 'Velmora harbour reopens', dek: 'Boats return.', body: 'The Velmora harbour reopened to fishing boats on Monday.' };
      // The recent one is written first (the lower id), so neither id nor insertion order can explain the result.
      await add({ ...text, publishedAt: now - 3 * DAY });
      await add({ ...text, publishedAt: Date.UTC(2004, 5, 1) });
      await add({ headline: 'Markets close', body: 'Shares in the Velmora shipping line fell.', publishedAt: now - 2 * DAY, sectionId: business });
      const r = await search(s, 'q=velmora');
      assert.equal(r.status, 200);
      assert.deepEqual(r.headlines.filter((h) => h.startsWith('Velmora')).length, 2);
      assert.equal(r.headlines.length, 3);
      assert.match(r.html, /href="\/\d{4}\/\d{2}\/\d{2}\/velmora-harbour-reopens\/"/);
      // The two equal stories: this week's first, 2004's after it.
      const years = [...r.html.matchAll(/<article[^>]*>[\s\S]*?<a href="\/(\d{4})\/[^"]*">([^<]*)<\/a>/g)]
        .filter((m) => m[2] === 'Velmora harbour reopens')
        .map((m) => m[1]);
      assert.deepEqual(years, [String(new Date(now - 3 * DAY).getUTCFullYear()), '2004']);
      assert.match(r.html, /3 results/);
      assert.match(r.html, /<mark>Velmora<\/mark>/);
      const newest = await search(s, 'q=velmora&sort=newest');
      assert.deepEqual(newest.headlines, ['Markets close', 'Velmora harbour reopens', 'Velmora harbour reopens']);
      assert.match(newest.html, /Sorted by newest first/);
    });

    it('leaves out the words English ignores, as PostgreSQL does, and finds nothing for them alone', async () => {
      await add({ headline: 'Quintalo ferry sails', dek: 'A new route.', body: 'A Quintalo ferry left port for Orsk.' });
      // None of "the", "this", "was" is in the story: with them required, SQLite found nothing.
      const r = await search(s, 'q=the+Quintalo+ferry+for+this+was');
      assert.equal(r.status, 200);
      assert.deepEqual(r.headlines, ['Quintalo ferry sails']);
      assert.match(r.html, /<mark>Quintalo<\/mark>/);
      // "for" is in the story, but no database matched it: the snippet does not mark it.
      assert.doesNotMatch(r.html, /<mark>for<\/mark>/i);
      const none = await search(s, 'q=the+of+this+was');
      assert.equal(none.status, 200);
      assert.deepEqual(none.headlines, []);
      assert.match(none.html, /No results|no results|nothing/i);
    });

    it('pages through every match once, best first and newest first alike', async () => {
      // 13 stories name the word in the headline, 10 only in the body, one a day.
      const wanted = new Map<string, number>();
      for (let i = 0; i < 23; i++) {
        const inHeadline = i % 2 === 0 || i >= 20;
        const headline = inHeadline ? `Thornwick ferry report ${i}` : `Ferry report ${i}`;
        wanted.set(headline, now - (i + 1) * DAY);
        await add({ headline, body: `Crews spoke about the Thornwick crossing on day ${i}.`, publishedAt: now - (i + 1) * DAY });
      }
      const pages = async (query: string) => {
        const all: string[] = [];
        for (let page = 1; page <= 3; page++) {
          const r = await search(s, `${query}${page > 1 ? `&page=${page}` : ''}`);
          assert.equal(r.status, 200, `${query} page ${page}`);
          assert.match(r.html, /23 results/);
          assert.equal(r.headlines.length, page < 3 ? 10 : 3, `${query} page ${page}`);
          all.push(...r.headlines);
        }
        assert.deepEqual([...all].sort(), [...wanted.keys()].sort(), `${query}: every match once`);
        return all;
      };
      const best = await pages('q=thornwick');
      // The headline matches first, then the body-only ones.
      assert.ok(
        best.slice(0, 13).every((h) => h.startsWith('Thornwick')),
        best.join(' | '),
      );
      assert.ok(
        best.slice(13).every((h) => h.startsWith('Ferry')),
        best.join(' | '),
      );
      const newest = await pages('q=thornwick&sort=newest');
      assert.deepEqual(
        newest,
        [...wanted.keys()].sort((a, b) => wanted.get(b)! - wanted.get(a)!),
      );
    });

    it('honours exact phrases, prefixes, sections and dates', async () => {
      await add({ headline: 'Quillon marsh drained', body: 'Engineers drained the quillon marsh last spring.', publishedAt: now - 10 * DAY });
      await add({ headline: 'Marsh birds return', body: 'The marsh, once quillon country, has birds again.', publishedAt: now - 4 * DAY, sectionId: business });
      assert.deepEqual((await search(s, 'q=%22quillon+marsh%22')).headlines, ['Quillon marsh drained']);
      assert.deepEqual((await search(s, 'q=quillon+marsh')).headlines.sort(), ['Marsh birds return', 'Quillon marsh drained']);
      assert.deepEqual((await search(s, 'q=quill*')).headlines.sort(), ['Marsh birds return', 'Quillon marsh drained']);
      assert.deepEqual((await search(s, 'q=quillon&section=business')).headlines, ['Marsh birds return']);
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const within = await search(s, `q=velmora&from=2004-01-01&to=2004-12-31`);
      assert.deepEqual(within.headlines, ['Velmora harbour reopens']);
      assert.deepEqual((await search(s, `q=quillon&from=${day(now - 6 * DAY)}`)).headlines, ['Marsh birds return']);
    });

    it('finds exactly the stories of a date range, whichever months and years it begins, ends or spans, and follows a story moved to another date', async () => {
      // Midday, so the site's time zone cannot move a story across a day. SQLite seeks a range
      // through its year and month tokens (db/search-index.ts periodTokens); its keys bound it.
      const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 12);
      const stories: [string, number][] = [
        ['Brenvik one', at(2010, 6, 10)],
        ['Brenvik two', at(2010, 12, 31)],
        ['Brenvik three', at(2011, 1, 1)],
        ['Brenvik four', at(2011, 3, 15)],
        ['Brenvik five', at(2011, 12, 31)],
        ['Brenvik six', at(2012, 1, 1)],
        ['Brenvik seven', at(2012, 7, 4)],
      ];
      const ids = new Map<string, number>();
      for (const [headline, publishedAt] of stories) ids.set(headline, await add({ headline, body: `The brenvik ferry, ${headline}.`, publishedAt }));
      const found = async (range: string) => (await search(s, `q=brenvik&sort=newest&${range}`, newClient(), 'follow')).headlines.reverse();
      assert.deepEqual(await found('from=2011-01-01&to=2011-12-31'), ['Brenvik three', 'Brenvik four', 'Brenvik five']);
      assert.deepEqual(await found('from=2011-03-01&to=2011-03-31'), ['Brenvik four']);
      assert.deepEqual(await found('from=2011-03-16&to=2011-03-31'), []);
      assert.deepEqual(await found('from=2010-12-31&to=2012-01-01'), ['Brenvik two', 'Brenvik three', 'Brenvik four', 'Brenvik five', 'Brenvik six']);
      assert.deepEqual(await found('from=2010-07-01&to=2012-06-30'), ['Brenvik two', 'Brenvik three', 'Brenvik four', 'Brenvik five', 'Brenvik six']);
      assert.deepEqual(await found('to=2011-01-01'), ['Brenvik one', 'Brenvik two', 'Brenvik three']);
      assert.deepEqual(await found('from=2012-01-02'), ['Brenvik seven']);
      // Moved from March 2011 to May 2013: found there at the next request, and no longer in 2011.
      await update(ids.get('Brenvik four')!, { headline: 'Brenvik four', body: 'The brenvik ferry, Brenvik four.', publishedAt: at(2013, 5, 20) });
      assert.deepEqual(await found('from=2011-01-01&to=2011-12-31'), ['Brenvik three', 'Brenvik five']);
      assert.deepEqual(await found('from=2013-05-01&to=2013-05-31'), ['Brenvik four']);
      // A section and dates together (PostgreSQL reads them as one range of its section index;
      // SQLite as the section's own periods, s<ID>y2011).
      for (const [headline, publishedAt, sectionId] of [
        ['Ostrevan world old', at(2010, 6, 1), world],
        ['Ostrevan business', at(2011, 6, 1), business],
        ['Ostrevan world', at(2011, 7, 1), world],
        ['Ostrevan world new', at(2012, 6, 1), world],
      ] as const)
        ids.set(headline, await add({ headline, body: 'The ostrevan line.', publishedAt, sectionId }));
      const inSection = async (range: string) => (await search(s, `q=ostrevan&sort=newest&${range}`, newClient(), 'follow')).headlines.reverse();
      assert.deepEqual(await inSection('section=world&from=2011-01-01&to=2011-12-31'), ['Ostrevan world']);
      assert.deepEqual(await inSection('section=business&from=2011-01-01&to=2011-12-31'), ['Ostrevan business']);
      assert.deepEqual(await inSection('section=world&to=2011-12-31'), ['Ostrevan world old', 'Ostrevan world']);
      assert.deepEqual(await inSection('section=world&from=2011-01-01'), ['Ostrevan world', 'Ostrevan world new']);
      // Moved to business: found there in its year and month at the next request, no longer in world.
      await update(ids.get('Ostrevan world')!, { headline: 'Ostrevan world', body: 'The ostrevan line.', sectionId: business, publishedAt: at(2011, 7, 1) });
      assert.deepEqual(await inSection('section=business&from=2011-01-01&to=2011-12-31'), ['Ostrevan business', 'Ostrevan world']);
      assert.deepEqual(await inSection('section=business&from=2011-07-01&to=2011-07-31'), ['Ostrevan world']);
      assert.deepEqual(await inSection('section=world&from=2011-01-01&to=2011-12-31'), []);
    });

    it('finds every word a prefix begins, as the stemmer stored it, and says so when a prefix covers more words than are read', async () => {
      // "tarveleded" is indexed as "tarveled", a stem that is not its own stem (FTS5 reads "tarveled" as "tarvel"):
      // SQLite's prefix, read as the index's words, has to name each by a word that gives exactly it.
      await add({ headline: 'Tarveleded ferry sails', body: 'The tarveleded ferry sailed at dawn.', publishedAt: now - 5 * DAY });
      await add({ headline: 'Tarvelund bridge opens', body: 'The tarvelund bridge opened.', publishedAt: now - 6 * DAY });
      await add({ headline: 'Tarvelings gather', body: 'The tarvelings gathered in the square.', publishedAt: now - 7 * DAY });
      await add({ headline: 'Tarvex unrelated', body: 'Nothing to do with the others: tarvex.', publishedAt: now - 8 * DAY });
      assert.deepEqual((await search(s, 'q=tarvel*&sort=newest')).headlines, ['Tarveleded ferry sails', 'Tarvelund bridge opens', 'Tarvelings gather']);
      assert.deepEqual((await search(s, 'q=tarvelu*')).headlines, ['Tarvelund bridge opens']);
      assert.deepEqual((await search(s, 'q=tarvelede*')).headlines, ['Tarveleded ferry sails']);
      assert.deepEqual((await search(s, 'q=tarvelz*')).headlines, []);
      // 201 stories, each with a word of its own starting "plovik": PostgreSQL reads every word of a
      // prefix; SQLite reads the first 200 of the index's words (MAX_EXPANSIONS) and says there are more.
      await deps.write(async (trx, stale) => {
        for (let i = 0; i < 201; i++)
          await createArticle(
            trx,
            { headline: `Affair number ${i}`, body: `The plovik${i}q affair.`, status: 'published', publishedAt: now - (20 + i) * 60_000, sectionId: world },
            deps.clock.now(),
            stale,
          );
      });
      const many = await search(s, 'q=plovik*');
      assert.equal(many.status, 200);
      assert.equal(many.headlines.length, 10);
      assert.match(many.html, d.name === 'sqlite' ? /More than 200 results/ : /201 results/);
    });

    it('finds a story at the next request after publishing, and not after unpublishing', async () => {
      const before = await search(s, 'q=zentrofax');
      assert.equal(before.status, 200);
      assert.deepEqual(before.headlines, []);
      assert.match(before.html, /Nothing matched/);
      // A prefix asked before the story exists (SQLite keeps a prefix's words until the index changes).
      assert.deepEqual((await search(s, 'q=zentro*')).headlines, []);
      const id = await add({ headline: 'Zentrofax plant opens', body: 'A plant opened.', status: 'draft', publishedAt: null });
      assert.deepEqual((await search(s, 'q=zentrofax')).headlines, [], 'a draft was found');
      assert.deepEqual((await search(s, 'q=zentro*')).headlines, [], 'a draft was found by a prefix');
      const write = (input: Partial<ArticleInput>) => update(id, { headline: 'Zentrofax plant opens', body: 'A plant opened.', ...input });
      await write({ status: 'published', publishedAt: now - 1000 });
      // Every request after the write, whichever worker answers it, finds it.
      for (let i = 0; i < 4; i++) assert.deepEqual((await search(s, 'q=zentrofax')).headlines, ['Zentrofax plant opens'], `request ${i}`);
      for (let i = 0; i < 4; i++) assert.deepEqual((await search(s, 'q=zentro*')).headlines, ['Zentrofax plant opens'], `prefix, request ${i}`);
      await write({ headline: 'Zentrofax plant opens', body: 'A plant opened beside the Ostrava canal.' });
      assert.deepEqual((await search(s, 'q=ostrava')).headlines, ['Zentrofax plant opens'], 'an edit is searchable at once');
      await write({ status: 'draft', publishedAt: null });
      for (let i = 0; i < 4; i++) assert.deepEqual((await search(s, 'q=zentrofax')).headlines, [], `unpublished, request ${i}`);
      for (let i = 0; i < 4; i++) assert.deepEqual((await search(s, 'q=zentro*')).headlines, [], `unpublished, prefix, request ${i}`);
    });

    it('never finds a password-protected, draft, pending, private, trashed or not-yet-due story', async () => {
      await add({ headline: 'Krombelt secret memo', body: 'Krombelt details.', password: 'hunter22' });
      await add({ headline: 'Krombelt draft notes', body: 'Krombelt notes.', status: 'draft', publishedAt: null });
      await add({ headline: 'Krombelt pending piece', body: 'Krombelt pending.', status: 'pending', publishedAt: null });
      await add({ headline: 'Krombelt private', body: 'Krombelt private.', status: 'private' });
      await add({ headline: 'Krombelt tomorrow', body: 'Krombelt scheduled.', status: 'scheduled', publishedAt: now + 2 * DAY });
      const trashed = await add({ headline: 'Krombelt trashed', body: 'Krombelt trashed.' });
      await deps.kysely.updateTable('articles').set({ status: 'trash', trashed_status: 'published' }).where('id', '=', trashed).execute();
      await add({ headline: 'Krombelt public', body: 'Krombelt in public.' });
      for (const q of ['q=krombelt', 'q=krombelt&sort=newest', 'q=krombel*', 'q=%22krombelt+secret%22', 'q=krombelt+memo']) {
        const r = await search(s, q);
        assert.equal(r.status, 200, q);
        assert.deepEqual(r.headlines, q.includes('secret') || q.includes('memo') ? [] : ['Krombelt public'], q);
        for (const word of ['secret memo', 'draft notes', 'pending piece', 'private', 'tomorrow', 'trashed'])
          assert.ok(!r.html.includes(`Krombelt ${word}`), `${q}: ${word}`);
      }
    });

    it('refuses pages past the last kept one, and malformed settings, with a page saying what to change', async () => {
      for (const [query, status, says] of [
        ['q=velmora&page=101', 400, /Add a word, a section or dates/],
        ['q=velmora&page=99999999999999', 400, /Pages are numbered from 1|Add a word/],
        ['q=velmora&page=2', 400, /one page of results/],
        ['q=velmora&page=-1', 400, /Pages are numbered from 1/],
        ['q=velmora&page=abc', 400, /Pages are numbered from 1/],
        ['q=velmora&sort=random', 400, /relevance or newest/],
        ['q=velmora&from=yesterday', 400, /2024-05-18/],
        ['q=velmora&section=atlantis', 400, /no such section/],
        ['q=a&q=b', 400, /once/],
        [`q=${'word+'.repeat(100)}`, 400, /characters long/],
      ] as const) {
        const r = await search(s, query);
        assert.equal(r.status, status, query);
        assert.match(r.html, says, query);
        assert.match(r.html, /<input id="search-q" type="search" name="q"/, `${query}: the search box is there`);
      }
      const long = await search(s, `q=${'word+'.repeat(100)}`);
      assert.ok(long.html.includes(`value="${'word '.repeat(99)}word"`), 'what was typed is kept');
      // Default values and empty fields redirect to the one canonical address (one cache entry per search).
      const r = await fetch(`${s.url}/search?q=velmora&sort=relevance&section=&from=&to=&page=1`, { redirect: 'manual', headers: newClient() });
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), '/search?q=velmora');
    });

    it('answers hostile queries with a page, never a 500, and escapes what was typed', async () => {
      const hostile = [
        '"',
        '""""',
        '"unclosed phrase',
        '*',
        '***',
        'a*',
        'NEAR(a b, 2)',
        'a OR b NOT c AND',
        '{headline}: x',
        'headline:velmora',
        '^velmora',
        '-velmora',
        '(velmora',
        "velmora') OR 1=1 --",
        '!:&|<->',
        '<script>alert(1)</script>',
        '\u0000\u0001velmora',
        'é'.repeat(199),
        'the of and a to in',
        '😀 velmora 😀',
        'x'.repeat(5000),
      ];
      for (const q of hostile) {
        const r = await search(s, `q=${encodeURIComponent(q)}`, newClient(), 'follow');
        assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(q.slice(0, 40))} answered ${r.status}`);
        assert.ok(!r.html.includes('<script>alert(1)'), 'typed markup is escaped');
      }
      assert.equal((await search(s, `q=${encodeURIComponent('(velmora')}`, newClient(), 'follow')).headlines.length, 3);
    });

    it('rebuilds the index from the command line, and the site finds the same stories at the next request', async () => {
      const r = await s.cli(['search', 'rebuild']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Rebuilt the search index \((english|porter unicode61 remove_diacritics 2)\)/);
      if (d.name === 'postgres') {
        // The planner has the new rows' statistics at once (they choose how a search reads).
        const stats = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'search_docs' AND attname = 'doc'`.execute(
          deps.kysely,
        );
        assert.equal(stats.rows[0]?.n, 1);
      }
      assert.equal((await search(s, 'q=velmora')).headlines.length, 3);
      assert.deepEqual((await search(s, 'q=krombelt')).headlines, ['Krombelt public']);
      // Prefixes too (addresses not asked before, so no page is cached), in workers that read the
      // old index's words before it was rebuilt.
      for (let i = 0; i < 4; i++) assert.deepEqual((await search(s, 'q=krombe*')).headlines, ['Krombelt public'], `request ${i}`);
      assert.deepEqual((await search(s, 'q=tarve*&sort=newest')).headlines, [
        'Tarveleded ferry sails',
        'Tarvelund bridge opens',
        'Tarvelings gather',
        'Tarvex unrelated',
      ]);
    });

    it('limits one client to its share of uncached searches across both workers, and not another client', async () => {
      const me = { 'x-forwarded-for': '203.0.113.77' };
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${s.url}/search?q=limitword${i}`, { headers: me });
        await r.text();
        statuses.push(r.status);
        if (r.status === 429) retryAfter ??= r.headers.get('retry-after');
      }
      // 12 a minute, plus at most 4 let through by each of the 2 workers before they ask the shared count.
      assert.ok(
        statuses.slice(0, 12).every((x) => x === 200),
        statuses.join(' '),
      );
      assert.ok(
        statuses.slice(20).every((x) => x === 429),
        statuses.join(' '),
      );
      assert.match(retryAfter ?? '', /^\d+$/);
      const other = await fetch(`${s.url}/search?q=limitword99`, { headers: { 'x-forwarded-for': '203.0.113.78' } });
      assert.equal(other.status, 200);
    });
  });
}
