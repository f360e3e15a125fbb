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
    // 750 of it from the first 1,500, and one in none, none: both are read again with 4,000.
    for (const [text, counted] of [
      ['"notes from the quay"', WINDOW + 1],
      ['"quay hour"', WINDOW + 1],
      ['"hour quay"', 0],
    ] as const) {
      for (const read of ['index', 'walk'] as const) {
        const first = await page(text, {}, { read });
        const wide = await page(text, {}, { read, candidates: PHRASE_CANDIDATES });
        assert.equal(first.counted, counted, text);
        assert.deepEqual(first, wide, `${text}, ${read}`);
      }
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
    } finally {
      await site.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
