import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { publicRow } from './visibility.js';
import { fts5Tokens, fts5WordFor, KEY_SPREAD, lastKeyAt, publicRowText, searchConfigFor, searchKey } from './search-index.js';

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
});
