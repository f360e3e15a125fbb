import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrations.js';
import type { Database } from '../db/schema.js';
import { search, snippetOf, withRecency } from './search.js';
import { parseQuery } from './search-query.js';

const DAY = 86_400_000;
/** The sites' clock: every search asks at this time, and every story was written then. */
const now = Date.UTC(2026, 0, 1);

interface Site {
  db: Kysely<Database>;
  sql: SQLite.Database;
  /** Adds a section named `slug`; its id. */
  section(slug: string): number;
  /** Writes the stories `fill` gives in one transaction, published at `at`, in a section or none. */
  stories(fill: (story: (slug: string, headline: string, body: string, at: number, sectionId?: number) => void) => void): void;
}

/** A new SQLite site in a file of its own, migrated, for `check`; removed after it. */
async function withSite(check: (site: Site) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-search-'));
  const db = connect(`sqlite:${join(dir, 'g.db')}`);
  try {
    await migrate(db.kysely, 'sqlite');
    const sql = db.sqlite!;
    const insert = sql.prepare(
      `INSERT INTO articles (type, slug, headline, dek, body, body_text, status, published_at, created_at, updated_at, section_id) VALUES ('article', ?, ?, '', '', ?, 'published', ?, ?, ?, ?)`,
    );
    await check({
      db: db.kysely,
      sql,
      section: (slug) => Number(sql.prepare(`INSERT INTO sections (slug, name) VALUES (?, ?)`).run(slug, slug).lastInsertRowid),
      stories: (fill) =>
        sql.transaction(() => fill((slug, headline, body, at, sectionId) => insert.run(slug, headline, body, at, now, now, sectionId ?? null)))(),
    });
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('search (SQLite, in process)', () => {
  it('parses words, phrases and prefixes, and never passes syntax through', () => {
    assert.deepEqual(parseQuery('harbour "flood barrier" offic* a* NEAR(x)'), [
      { kind: 'word', words: ['harbour'] },
      { kind: 'phrase', words: ['flood', 'barrier'] },
      { kind: 'prefix', words: ['offic'] },
      { kind: 'word', words: ['a'] },
      { kind: 'word', words: ['near'] },
      { kind: 'word', words: ['x'] },
    ]);
    assert.deepEqual(parseQuery('"""*:^-()'), []);
    // A term given twice is required once (the longest query a reader may send repeats words).
    assert.deepEqual(parseQuery('Flood the flood "flood barrier" the "flood  barrier" offic* offic'), [
      { kind: 'word', words: ['flood'] },
      { kind: 'word', words: ['the'] },
      { kind: 'phrase', words: ['flood', 'barrier'] },
      { kind: 'prefix', words: ['offic'] },
      { kind: 'word', words: ['offic'] },
    ]);
  });

  it('marks the words searched for in an escaped snippet', () => {
    const html = snippetOf('Ships <b>left</b> the harbours at dawn.', /(?<![\p{L}\p{N}])(?:harbou)[\p{L}\p{N}]*/giu);
    assert.equal(html, 'Ships &lt;b&gt;left&lt;/b&gt; the <mark>harbours</mark> at dawn.');
  });

  it('a recent story outranks an equal old one, by a factor that halves a year', () => {
    assert.ok(withRecency(1, now - 7 * DAY, now) > withRecency(1, now - 20 * 365 * DAY, now));
    assert.ok(withRecency(3, now - 20 * 365 * DAY, now) > withRecency(1, now, now), 'a much better old match still wins');
  });

  it('ranks a query too common for bm25 by where it matches, recent first among equals, reading only the newest window', async () => {
    await withSite(async (site) => {
      site.stories((story) => {
        // 2,500 stories with "council" in the body: more than bm25 is allowed to count.
        for (let i = 0; i < 2500; i++) story(`s${i}`, `Story ${i}`, `The council met on day ${i}.`, now - (i + 10) * DAY);
        // Older than most of the window: found in its headline only if the headline read's periods
        // reach back to it (a window of 1,000 days is read through whole years).
        story('old', 'Council budget passed', 'The council passed it.', now - 300 * DAY);
        story('new', 'Council budget passed', 'The council passed it.', now - 1 * DAY);
      });
      const r = await search(site.db, 'sqlite', { text: 'council', sort: 'relevance', page: 1 }, now);
      assert.deepEqual(
        r.results.slice(0, 3).map((x) => x.card.slug),
        ['new', 'old', 's0'],
      );
      assert.equal(r.total, 1000);
      assert.equal(r.more, true);
      assert.equal(r.pages, 100);
      const newest = await search(site.db, 'sqlite', { text: 'council', sort: 'newest', page: 100 }, now);
      assert.equal(newest.results.length, 10);
      assert.equal(newest.results[9].card.slug, 's997');
    });
  });

  it('a date range reads its newest matches, years back as recently', async () => {
    await withSite(async (site) => {
      // 4,000 stories a day apart; the oldest 1,100 days and a recent stretch, each with more
      // matches than the window: the newest of them, not the first the index reaches.
      site.stories((story) => {
        for (let i = 0; i < 4000; i++) story(`h${i}`, `Harbour ${i}`, `The harbour on day ${i}.`, now - (i + 1) * DAY - 3_600_000);
      });
      for (const [from, to] of [
        [now - 4000 * DAY, now - 2900 * DAY],
        [now - 1200 * DAY, now - 10 * DAY],
      ]) {
        const expected = site.sql
          .prepare(`SELECT slug FROM articles WHERE published_at >= ? AND published_at < ? ORDER BY published_at DESC LIMIT 1000`)
          .pluck()
          .all(from, to) as string[];
        const first = await search(site.db, 'sqlite', { text: 'harbour', sort: 'newest', page: 1, from, to }, now);
        const last = await search(site.db, 'sqlite', { text: 'harbour', sort: 'newest', page: 100, from, to }, now);
        assert.equal(first.total, 1000);
        assert.equal(first.more, true);
        assert.deepEqual(
          first.results.map((r) => r.card.slug),
          expected.slice(0, 10),
        );
        assert.deepEqual(
          last.results.map((r) => r.card.slug),
          expected.slice(990, 1000),
        );
      }
    });
  });

  it('a date range read forwards finds exactly its newest matches, in a section or not, whatever share of stories match', async () => {
    await withSite(async (site) => {
      const sectionOf = ['a', 'b'].map(site.section);
      // 3,000 stories six hours apart, alternately in sections a and b. "alpha" is in 49 of 50
      // (the forward read takes a second, short step), "beta" in two of five (a longer second
      // step), "gamma" in one of 20, all in a (a first step, then the rest read backwards).
      site.stories((story) => {
        for (let i = 0; i < 3000; i++) {
          const words = [i % 50 ? 'alpha' : '', i % 5 < 2 ? 'beta' : '', i % 20 ? '' : 'gamma'].join(' ');
          story(`p${i}`, `Piece ${i}`, `The piece ${words} on hour ${i * 6}.`, now - (i + 1) * 6 * 3_600_000, sectionOf[i % 2]);
        }
      });
      const ranges = [{ from: now - 700 * DAY, to: now - 30 * DAY }, { to: now - 30 * DAY }, { from: now - 200 * DAY, to: now - 100 * DAY }];
      for (const word of ['alpha', 'beta', 'gamma'])
        for (const sectionId of [undefined, sectionOf[0]])
          for (const range of ranges) {
            const expected = site.sql
              .prepare(
                `SELECT slug FROM articles WHERE body_text LIKE ? AND (? IS NULL OR section_id = ?) AND published_at >= ? AND published_at < ? ORDER BY published_at DESC LIMIT 1001`,
              )
              .pluck()
              .all(`% ${word} %`, sectionId ?? null, sectionId ?? null, range.from ?? 0, range.to) as string[];
            const what = `${word} in ${sectionId ?? 'every section'} ${JSON.stringify(range)}`;
            const ask = (page: number) => search(site.db, 'sqlite', { text: word, sort: 'newest', page, sectionId, ...range }, now);
            const first = await ask(1);
            assert.equal(first.total, Math.min(expected.length, 1000), what);
            assert.equal(first.more, expected.length > 1000, what);
            assert.deepEqual(
              first.results.map((r) => r.card.slug),
              expected.slice(0, 10),
              what,
            );
            const last = await ask(first.pages);
            assert.deepEqual(
              last.results.map((r) => r.card.slug),
              expected.slice((first.pages - 1) * 10, Math.min(expected.length, 1000)),
              what,
            );
          }
    });
  });

  it('in a section, ranks by the headlines of its own window, however many other sections match', async () => {
    await withSite(async (site) => {
      const [a, b] = ['a', 'b'].map(site.section);
      // 3,300 stories an hour apart, every "council" in its body; one in three in a. Every story of
      // b has it in its headline too, and of a only the 1,000th newest: the oldest of a's window,
      // with 2,000 headline matches of b newer than it.
      site.stories((story) => {
        for (let i = 0; i < 3300; i++) {
          const inA = i % 3 === 0;
          const headline = !inA ? `Council story ${i}` : i === 999 * 3 ? 'Council budget passed' : `Story ${i}`;
          story(`c${i}`, headline, `The council met in hour ${i}.`, now - (i + 1) * 3_600_000, inA ? a : b);
        }
      });
      for (const to of [undefined, now]) {
        const r = await search(site.db, 'sqlite', { text: 'council', sort: 'relevance', page: 1, sectionId: a, to }, now);
        assert.equal(r.total, 1000);
        assert.equal(r.results[0].card.slug, `c${999 * 3}`, `its headline ranks it first (to: ${to})`);
      }
    });
  });
});
