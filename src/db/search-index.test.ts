import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { publicRow } from './visibility.js';
import { fts5Tokens, fts5WordFor } from './fts5-words.js';
import { KEY_SPREAD, lastKeyAt, periodTokens, publicRowText, searchConfigFor, searchKey, windowPeriods } from './search-index.js';

/** A key at noon (or hour `h`) UTC of that day, for story 7. */
const key = (y: number, m: number, d: number, h = 12) => searchKey(Date.UTC(y, m - 1, d, h), 7);

/** Whether the day of time `t` falls in one of the period tokens. */
function holds(tokens: string[], t: number): boolean {
  const d = new Date(t);
  const [y, m, day] = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
  return tokens.includes(`y${y}`) || tokens.includes(`m${y}${m}`) || tokens.includes(`d${y}${m}${day}`);
}

describe('search index', () => {
  it('indexes exactly what db/visibility.ts calls visible (the trigger text follows publicRow)', () => {
    const db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    const compiled = publicRow('t').compile(db).sql.replaceAll('"', '');
    assert.equal(publicRowText('t'), compiled);
  });

  it('keys follow publication order, ties broken by id, and stop at the second of now', () => {
    const at = Date.UTC(2024, 4, 18, 9, 30);
    assert.ok(searchKey(at, 5) < searchKey(at + 1000, 1));
    assert.ok(searchKey(at, 1) < searchKey(at, 2));
    assert.ok(searchKey(at + 999, 7) <= lastKeyAt(at + 999));
    assert.ok(searchKey(at + 1000, 0) > lastKeyAt(at + 999));
    assert.ok(searchKey(Date.UTC(2100, 0, 1), KEY_SPREAD - 1) < Number.MAX_SAFE_INTEGER);
  });

  it('stems in the site language where the database can', () => {
    assert.equal(searchConfigFor('postgres', 'fr-CA'), 'french');
    assert.equal(searchConfigFor('postgres', 'en'), 'english');
    assert.equal(searchConfigFor('postgres', 'xx'), 'simple');
    assert.match(searchConfigFor('sqlite', 'en-GB'), /^porter /);
    assert.doesNotMatch(searchConfigFor('sqlite', 'de'), /porter/);
  });

  it('names an index word by a word FTS5 reads as exactly it, though a stem is not always its own stem', () => {
    const porter = searchConfigFor('sqlite', 'en');
    assert.deepEqual(fts5Tokens(porter, 'Conceded Zürich harbours'), ['conced', 'zurich', 'harbour']);
    // "conced" (the index's word for "conceded") is itself read as "conc": asked for by its own name it finds nothing.
    assert.deepEqual(fts5Tokens(porter, 'conced'), ['conc']);
    for (const word of ['conceded', 'officials', 'tarveleded', 'harbours', 'running', 'convoys', 'relational', 'plovik7q', 'the']) {
      const token = fts5Tokens(porter, word)[0];
      const named = fts5WordFor(porter, token);
      assert.ok(named !== null, word);
      assert.deepEqual(fts5Tokens(porter, named), [token], `${word}: ${named}`);
    }
    const plain = searchConfigFor('sqlite', 'de');
    assert.deepEqual(fts5Tokens(plain, 'Häfen laufen'), ['hafen', 'laufen']);
    assert.equal(fts5WordFor(plain, 'hafen'), 'hafen');
  });

  it('names the years, months and days that together hold a range of keys, and no more', () => {
    assert.deepEqual(periodTokens(key(2011, 1, 1, 0), key(2011, 12, 31, 23)), ['y2011']);
    assert.deepEqual(periodTokens(key(2011, 3, 5), key(2011, 3, 7)), ['d20110305', 'd20110306', 'd20110307']);
    assert.deepEqual(periodTokens(key(2011, 3, 1), key(2011, 3, 31)), ['m201103']);
    assert.deepEqual(periodTokens(key(2010, 12, 30), key(2012, 2, 2)), ['d20101230', 'd20101231', 'y2011', 'm201201', 'd20120201', 'd20120202']);
    assert.deepEqual(periodTokens(key(2010, 1, 1), key(2012, 12, 31)), ['y2010', 'y2011', 'y2012']);
    assert.deepEqual(periodTokens(key(2011, 12, 31, 23), key(2012, 1, 1, 0)), ['d20111231', 'd20120101']);
    assert.deepEqual(periodTokens(key(2012, 2, 28), key(2012, 3, 1)), ['d20120228', 'd20120229', 'd20120301'], 'a leap day');
    // Every day of the range falls in a period named, and no day outside it: checked over years.
    const cover = periodTokens(key(2009, 7, 17), key(2013, 2, 3))!;
    const covered = (t: number) => holds(cover, t);
    for (let t = Date.UTC(2009, 6, 17, 12); t <= Date.UTC(2013, 1, 3, 12); t += 86_400_000) assert.ok(covered(t), new Date(t).toISOString());
    assert.ok(!covered(Date.UTC(2009, 6, 16, 12)) && !covered(Date.UTC(2013, 1, 4, 12)), 'the days either side are left out');
    assert.equal(periodTokens(key(1900, 1, 15), key(2025, 6, 1)), null, 'too many periods: the keys alone bound it');
  });

  it('covers a search window with few periods: the exact ones when few, else whole months or years', () => {
    // The first day of [from, to] no token holds, or null.
    const covers = (tokens: string[], from: number, to: number) => {
      for (let t = from; t <= to; t += 86_400_000) if (!holds(tokens, t)) return new Date(t).toISOString();
      return null;
    };
    assert.deepEqual(windowPeriods(key(2011, 3, 5), key(2011, 3, 7)), ['d20110305', 'd20110306', 'd20110307'], 'few: exact');
    assert.deepEqual(windowPeriods(key(2026, 11, 15), key(2026, 12, 4)), ['m202611', 'm202612'], '20 days: their two months');
    assert.deepEqual(windowPeriods(key(2026, 7, 15), key(2026, 12, 4)), ['m202607', 'm202608', 'm202609', 'm202610', 'm202611', 'm202612']);
    assert.deepEqual(windowPeriods(key(2025, 3, 18), key(2026, 12, 4)), ['y2025', 'y2026'], '38 exact periods: two years');
    assert.deepEqual(windowPeriods(key(2010, 12, 31, 23), key(2011, 1, 1, 0)), ['d20101231', 'd20110101'], 'across a new year');
    for (const [from, to] of [
      [Date.UTC(2009, 6, 17, 12), Date.UTC(2013, 1, 3, 12)],
      [Date.UTC(2011, 10, 20, 12), Date.UTC(2012, 1, 10, 12)],
      [Date.UTC(2012, 1, 1, 12), Date.UTC(2012, 1, 29, 12)],
    ]) {
      const tokens = windowPeriods(searchKey(from, 1), searchKey(to, 1))!;
      assert.equal(covers(tokens, from, to), null, `${tokens.join(' ')}: every day of the range is held`);
      assert.ok(tokens.length <= 12, tokens.join(' '));
    }
  });
});
