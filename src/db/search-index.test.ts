import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { publicRow } from './visibility.js';
import { KEY_SPREAD, lastKeyAt, publicRowText, searchConfigFor, searchKey } from './search-index.js';

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
});
