/**
 * PostgreSQL reads a search's window of newest matches in one of three ways (content/search-postgres.ts
 * WindowRead): walking the stories newest first, through the text index, or through the text index
 * since a time (a range read, which falls back to one of the others when the matches since that
 * time fall short of the window). Whichever it takes, a reader must get the same page and count.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { PG_ADMIN_URL, postgresSkip } from './helpers/services.js';
import { connect } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { sampleIds } from './helpers/site-db.js';
import { PHRASE_CANDIDATES, pgPage, type Read } from '../src/content/search-postgres.js';
import { parseQuery } from '../src/content/search-query.js';
import { WINDOW, type SearchQuery } from '../src/content/search-window.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const skip = await postgresSkip();

describe('search on PostgreSQL', { skip }, () => {
  let s: InProcessServer;
  let world: number;
  let business: number;
  const now = Date.now();
  const page = (text: string, extra: Partial<SearchQuery>, read?: Read) =>
    pgPage(s.deps.kysely, parseQuery(text), { text, sort: 'relevance', page: 1, ...extra }, now, 'english', read);

  before(async () => {
    s = await startInProcess('postgres');
    const ids = await sampleIds(s.deps);
    world = ids.section.world;
    business = ids.section.business;
  });
  after(async () => {
    await s?.close();
  });

  it('reads the same window walking the stories newest first as through the text index', async () => {
    // 30 stories, one every other day, in two sections; "Drevnik" in every third headline and
    // every body, "tram depot" as a phrase in every fourth body and as two apart words in others.
    await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
        published_at, created_at, updated_at, section_id, comments_open, sticky)
      SELECT 'article', 'drevnik-' || i, h, '', b, 'markdown', '<p>' || b || '</p>', b, '', 'published',
        ${now} - (2 * i + 1) * ${DAY}::bigint, ${now}, ${now}, CASE WHEN i % 2 = 1 THEN ${business}::int ELSE ${world}::int END, 1, 0
      FROM generate_series(0, 29) i,
        LATERAL (SELECT CASE WHEN i % 3 = 0 THEN 'Drevnik council meets ' || i ELSE 'Council meets ' || i END AS h,
          CASE WHEN i % 4 = 0 THEN 'Drevnik spoke about the tram depot, day ' || i ELSE 'Drevnik moved the tram to a new depot, day ' || i END AS b) t`.execute(
      s.deps.kysely,
    );
    const asked: [string, Partial<SearchQuery>][] = [
      ['drevnik', {}],
      ['drevnik', { page: 2 }],
      ['drevnik', { sort: 'newest', page: 3 }],
      ['drevnik council', {}],
      ['drevn*', {}],
      ['drevnik', { sectionId: business }],
      ['drevnik', { from: now - 20 * DAY, to: now - 6 * DAY }],
      ['"tram depot"', {}],
      ['"tram depot"', { sectionId: world, page: 1 }],
    ];
    for (const [text, extra] of asked) {
      const [walked, indexed] = await Promise.all((['walk', 'index'] as const).map((read) => page(text, extra, { read })));
      const what = `${text} ${JSON.stringify(extra)}`;
      assert.ok(walked.ids.length > 0, `${what} finds stories`);
      assert.deepEqual({ ...walked, read: 'index' }, indexed, what);
    }
  });

  it('reads the same window through the text index since a time, and falls back when that time holds too few', async () => {
    // 2,600 stories an hour apart, alternating between two sections, "kestrel" in every other one
    // (so every story of one section), "harbour crane" as a phrase in every fourth. A range read
    // 2,200 stories back finds 1,100 kestrels, more than the window: it is read since that time.
    await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
        published_at, created_at, updated_at, section_id, comments_open, sticky)
      SELECT 'article', 'kestrel-' || i, 'Notes from the quay ' || i, '', b, 'markdown', '<p>' || b || '</p>', b, '', 'published',
        ${now} - (i + 1) * ${HOUR}::bigint, ${now}, ${now}, CASE WHEN i % 2 = 1 THEN ${business}::int ELSE ${world}::int END, 1, 0
      FROM generate_series(0, 2599) i,
        LATERAL (SELECT CASE WHEN i % 4 = 0 THEN 'A kestrel on the harbour crane, hour ' || i
          WHEN i % 2 = 0 THEN 'A kestrel over the crane by the harbour, hour ' || i
          ELSE 'Gulls on the quay, hour ' || i END AS b) t`.execute(s.deps.kysely);
    const asked: [string, Partial<SearchQuery>, number][] = [
      ['kestrel', {}, 2200],
      ['kestrel', { page: 100 }, 2200],
      ['kestrel', { sort: 'newest', page: 37 }, 2200],
      ['kestrel harbour', {}, 2200],
      ['kestr*', {}, 2200],
      ['kestrel', { from: now - 2500 * HOUR }, 2200],
      // The section's own stories: 1,100 of them back, all kestrels.
      ['kestrel', { sectionId: world }, 1100],
      ['"harbour crane"', {}, 2200],
    ];
    for (const [text, extra, span] of asked) {
      const what = `${text} ${JSON.stringify(extra)}`;
      const indexed = await page(text, extra, { read: 'index' });
      const ranged = await page(text, extra, { read: 'range', span, otherwise: 'walk' });
      assert.ok(indexed.ids.length > 0, `${what} finds stories`);
      assert.equal(indexed.counted, text.startsWith('"') ? 650 : WINDOW + 1, what);
      // A phrase's candidates (4,000) cannot be had 2,200 stories back: read again by walking.
      assert.deepEqual(ranged, { ...indexed, read: text.startsWith('"') ? 'walk' : 'range' }, what);
      // 200 stories back hold 100 kestrels: too few, so the window is read again.
      const short = await page(text, extra, { read: 'range', span: 200, otherwise: 'index' });
      assert.deepEqual(short, indexed, `${what}, read again after falling short`);
    }
    // A word in every story: chosen by the planner's estimates, it is read since a first day found
    // once and kept for the next query of the same span; the pages are the index's.
    await sql`ANALYZE search_docs`.execute(s.deps.kysely);
    for (const extra of [{}, { page: 3 }, { sort: 'newest' as const }]) {
      const chosen = await page('hour', extra);
      assert.equal(chosen.read, 'range', JSON.stringify(extra));
      assert.deepEqual({ ...chosen, read: 'index' }, await page('hour', extra, { read: 'index' }), JSON.stringify(extra));
    }
    // Every story holds "quay" and "hour". A phrase in every headline: its first 1,500 candidates
    // fill the window, and the page is the one all 2,600 give. A phrase in every other story fills
    // 750 of it from the first 1,500, and one in none, none: both are read again with 4,000. (Two
    // words checked on their candidates, as where the pair index could not read them.)
    for (const [text, counted] of [
      ['"notes from the quay"', WINDOW + 1],
      ['"quay hour"', WINDOW + 1],
      ['"hour quay"', 0],
    ] as const) {
      for (const read of ['index', 'walk'] as const) {
        const first = await page(text, {}, { read, checked: true });
        const wide = await page(text, {}, { read, candidates: PHRASE_CANDIDATES, checked: true });
        assert.equal(first.counted, counted, text);
        assert.deepEqual(first, wide, `${text}, ${read}`);
      }
    }
  });
});

describe('a phrase alone on PostgreSQL', { skip }, () => {
  let s: InProcessServer;
  let world: number;
  const now = Date.now();
  const page = (text: string, extra: Partial<SearchQuery>, read?: Read) =>
    pgPage(s.deps.kysely, parseQuery(text), { text, sort: 'relevance', page: 1, ...extra }, now, 'english', read);
  /** What a reader sees of a page: the stories, the count, whether more exist. */
  const seen = (p: { ids: number[]; counted: number; capped: boolean }) => ({ ids: p.ids, counted: p.counted, capped: p.capped });

  before(async () => {
    s = await startInProcess('postgres');
    world = (await sampleIds(s.deps)).section.world;
  });
  after(async () => {
    await s?.close();
  });

  it('is read as words are: two words through the pair index, one word as that word, with the pages a check of each candidate gives', async () => {
    // 2,400 stories an hour apart: "ferry pier" as a phrase in every other body (more than the
    // window) and in every tenth headline; the two words the other way round, a word apart, in
    // every fourth; farther apart in the rest. Half of them, in pairs, in one section.
    await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
        published_at, created_at, updated_at, section_id, comments_open, sticky)
      SELECT 'article', 'ferry-' || i, h, '', b, 'markdown', '<p>' || b || '</p>', b, '', 'published',
        ${now} - (i + 1) * ${HOUR}::bigint, ${now}, ${now}, CASE WHEN i % 4 < 2 THEN ${world}::int ELSE NULL END, 1, 0
      FROM generate_series(0, 2399) i,
        LATERAL (SELECT CASE WHEN i % 10 = 0 THEN 'Ferry pier reopens, hour ' || i ELSE 'Harbour notes, hour ' || i END AS h,
          CASE WHEN i % 2 = 0 THEN 'The ferry pier was busy at hour ' || i
            WHEN i % 4 = 1 THEN 'At the pier, a ferry waited at hour ' || i
            ELSE 'A ferry left; the old pier stood at hour ' || i END AS b) t`.execute(s.deps.kysely);
    await sql`ANALYZE search_docs`.execute(s.deps.kysely);
    // Read since the story 2,200 back, 1,100 stories hold it (more than the window); since the one
    // 400 back, 200: too few, so it is read again.
    const ranges: Read[] = [
      { read: 'range', span: 2200, otherwise: 'walk' },
      { read: 'range', span: 400, otherwise: 'index' },
    ];
    for (const extra of [{}, { page: 2 }, { sort: 'newest' as const, page: 3 }, { sectionId: world }, { from: now - 600 * HOUR }]) {
      const what = JSON.stringify(extra);
      const checked = await page('"ferry pier"', extra, { read: 'index', checked: true });
      assert.equal(checked.phrase, undefined, what);
      assert.ok(checked.ids.length > 0, what);
      const chosen = await page('"ferry pier"', extra);
      assert.equal(chosen.phrase, 'pair', what);
      assert.deepEqual(seen(chosen), seen(checked), what);
      const reads: Read[] = [{ read: 'walk' }, { read: 'index' }, ...(Object.keys(extra).length <= 1 && !('sectionId' in extra) ? ranges : [])];
      for (const read of reads) assert.deepEqual(seen(await page('"ferry pier"', extra, read)), seen(checked), `${what} ${JSON.stringify(read)}`);
    }
    assert.equal((await page('"ferry pier"', {}, ranges[0])).read, 'range');
    assert.equal((await page('"ferry pier"', {}, ranges[1])).read, 'index');
    // 1,200 stories hold it: the window, and one more to say there are more. The other way round, none.
    assert.equal((await page('"ferry pier"', {})).counted, WINDOW + 1);
    const reversed = await page('"pier ferry"', {});
    assert.equal(reversed.phrase, 'pair');
    assert.equal(reversed.counted, 0);
    // One word once "the" is dropped: the word's own page.
    const one = await page('"the ferry"', {});
    assert.equal(one.phrase, 'word');
    assert.deepEqual(seen(one), seen(await page('ferry', {})));
    // Words longer than the pair index pairs are indexed all the same (a pair of two 2,000-letter
    // words would be refused by a tsvector, and with it the story), and a phrase of one is checked.
    const long = `k${'a'.repeat(39)}`;
    const longest = 'z'.repeat(2000);
    await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
        published_at, created_at, updated_at, section_id, comments_open, sticky)
      VALUES ('article', 'long-words', 'Long words', '', ${`${long} ferry ${longest} ${longest}`}, 'markdown', '', ${`${long} ferry ${longest} ${longest}`},
        '', 'published', ${now - HOUR}, ${now}, ${now}, NULL, 1, 0)`.execute(s.deps.kysely);
    // A story longer than a tsvector's 16,383 positions, where PostgreSQL stacks every later word
    // on the last one: 18,100 different words of 30 letters, whose pairs would pass 1 MB.
    const letters = (n: number) => Array.from({ length: 5 }, (_, i) => String.fromCharCode(97 + (Math.floor(n / 26 ** i) % 26))).join('');
    const endless = Array.from({ length: 18_100 }, (_, n) => `${letters(n)}${'q'.repeat(25)}`).join(' ');
    await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
        published_at, created_at, updated_at, section_id, comments_open, sticky)
      VALUES ('article', 'endless', 'Endless', '', ${endless}, 'markdown', '', ${endless}, '', 'published', ${now - HOUR}, ${now}, ${now}, NULL, 1, 0)`.execute(
      s.deps.kysely,
    );
    const checked = await page(`"${long} ferry"`, {});
    assert.equal(checked.phrase, undefined);
    assert.equal(checked.counted, 1);
    // A word dropped between the two ("pier, a ferry": pier <2> ferry), and three words: checked.
    for (const [text, counted] of [
      ['"pier a ferry"', 600],
      ['"ferry pier was busy"', WINDOW + 1],
    ] as const) {
      const p = await page(text, {});
      assert.equal(p.phrase, undefined, text);
      assert.equal(p.counted, counted, text);
    }
  });
});

describe('search on PostgreSQL where btree_gin cannot be had', { skip }, () => {
  it('keeps the text index over the tsvector alone, and finds stories through it', async () => {
    // A site whose database user may create tables but not extensions (no CREATE on the database):
    // migrations make the plain text index, and search reads by walking or through it.
    const tag = `${process.pid}_${Date.now()}`;
    const role = `gazette_plain_${tag}`;
    const name = `gazette_plain_${tag}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE DATABASE ${name}`);
    const grant = new pg.Client({ connectionString: Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${name}` }).href });
    await grant.connect();
    await grant.query(`REVOKE CREATE ON DATABASE ${name} FROM PUBLIC`);
    await grant.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
    await grant.end();
    const url = new URL(PG_ADMIN_URL);
    url.username = role;
    url.pathname = `/${name}`;
    const site = connect(url.href);
    try {
      await migrate(site.kysely, 'postgres');
      const indexes = await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'search_docs' ORDER BY 1`.execute(site.kysely);
      assert.ok(
        indexes.rows.some((r) => r.name === 'search_docs_doc'),
        JSON.stringify(indexes.rows),
      );
      assert.ok(!indexes.rows.some((r) => r.name === 'search_docs_doc_day'), JSON.stringify(indexes.rows));
      // The pair index needs no extension.
      assert.ok(
        indexes.rows.some((r) => r.name === 'search_docs_pairs'),
        JSON.stringify(indexes.rows),
      );
      const now = Date.now();
      await sql`INSERT INTO articles (type, slug, headline, dek, body, body_format, body_html, body_text, excerpt, status,
          published_at, created_at, updated_at, section_id, comments_open, sticky)
        SELECT 'article', 'plover-' || i, 'Plover count ' || i, '', 'The plover count, day ' || i, 'markdown', '', 'The plover count, day ' || i, '',
          'published', ${now} - (i + 1) * ${DAY}::bigint, ${now}, ${now}, NULL, 1, 0
        FROM generate_series(0, 39) i`.execute(site.kysely);
      const q: SearchQuery = { text: 'plover', sort: 'newest', page: 1 };
      const found = await pgPage(site.kysely, parseQuery(q.text), q, now, 'english');
      assert.equal(found.counted, 40);
      assert.notEqual(found.read, 'range');
      assert.deepEqual(found, { ...(await pgPage(site.kysely, parseQuery(q.text), q, now, 'english', { read: 'walk' })), read: found.read });
      const phrase: SearchQuery = { text: '"plover count"', sort: 'relevance', page: 1 };
      const pair = await pgPage(site.kysely, parseQuery(phrase.text), phrase, now, 'english');
      assert.equal(pair.phrase, 'pair');
      assert.equal(pair.counted, 40);
    } finally {
      await site.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
