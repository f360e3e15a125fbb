/**
 * Bulk inserts for `gazette demo`, one transaction per chunk.
 *
 * Ids are reserved before rows are built so articles, their bylines, tags and threaded comments
 * can reference each other without reading anything back:
 * - SQLite: under the write lock (BEGIN IMMEDIATE) the next ids are the table's AUTOINCREMENT
 *   counter onwards; rows are inserted one by one through cached prepared statements, the fastest
 *   way into SQLite (the FTS triggers run per row either way).
 * - PostgreSQL: `nextval` of the table's sequence, then multi-row INSERTs (the generated
 *   tsvector column indexes each row).
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Connection } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';

export type BulkTable = 'articles' | 'article_authors' | 'article_tags' | 'comments';
export type Row<T extends BulkTable> = Insertable<Database[T]>;

export interface BulkChunk {
  /** `n` fresh ids for `table`, ascending. */
  reserveIds(table: 'articles' | 'comments', n: number): Promise<number[]>;
  insert<T extends BulkTable>(table: T, rows: Row<T>[]): Promise<void>;
  /** Which of `slugs` articles already use. */
  takenSlugs(slugs: string[]): Promise<Set<string>>;
}

export interface BulkWriter {
  /** How many chunks may be written at once. */
  readonly parallel: number;
  /** Runs `fn` in one transaction: all of the chunk's rows commit together. */
  chunk(fn: (c: BulkChunk) => Promise<void>): Promise<void>;
}

export function bulkWriter(db: Connection): BulkWriter {
  return db.sqlite ? new SqliteWriter(db.sqlite) : new PgWriter(db.kysely);
}

class SqliteWriter implements BulkWriter {
  // One connection, one writer: chunks go one after another.
  readonly parallel = 1;
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly sqlite: SQLite.Database) {
    // Synthetic rows: a crash may lose the last chunks, which the next run simply adds again; not
    // waiting for the disk at each chunk's commit halves the time on a busy machine.
    sqlite.pragma('synchronous = OFF');
  }

  async chunk(fn: (c: BulkChunk) => Promise<void>): Promise<void> {
    const db = this.sqlite;
    db.exec('BEGIN IMMEDIATE');
    try {
      await fn({
        reserveIds: async (table, n) => {
          const seq = db
            .prepare('SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), (SELECT coalesce(max(id), 0) FROM ' + table + '))')
            .pluck()
            .get(table) as number;
          return Array.from({ length: n }, (_, i) => seq + 1 + i);
        },
        insert: async (table, rows) => {
          if (!rows.length) return;
          const stmt = this.statement(table, Object.keys(rows[0]));
          for (const r of rows) stmt.run(r);
        },
        takenSlugs: async (slugs) => {
          const taken = new Set<string>();
          const stmt = db.prepare("SELECT 1 FROM articles WHERE type = 'article' AND slug = ?").pluck();
          for (const s of slugs) if (stmt.get(s)) taken.add(s);
          return taken;
        },
      });
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  private statement(table: string, columns: string[]): SQLite.Statement {
    const key = table + ':' + columns.join(',');
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}

/** PostgreSQL accepts at most 65,535 parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;

class PgWriter implements BulkWriter {
  // The server spends most of the time computing each row's tsvector: two connections keep two cores busy.
  readonly parallel = 2;
  constructor(private readonly kysely: Kysely<Database>) {}

  async chunk(fn: (c: BulkChunk) => Promise<void>): Promise<void> {
    await this.kysely.transaction().execute(async (trx: Transaction<Database>) => {
      // Synthetic rows: a crash may lose the last chunk, which the next run simply adds again.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      await fn({
        reserveIds: async (table, n) => {
          const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n})`.execute(trx);
          return r.rows.map((row) => row.id).sort((a, b) => a - b);
        },
        insert: async (table, rows) => {
          if (!rows.length) return;
          const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]).length));
          for (let i = 0; i < rows.length; i += per) {
            // The table is a variable here, which Kysely's types cannot follow; the rows are typed above.
            await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
              .insertInto(table)
              .values(rows.slice(i, i + per) as Record<string, unknown>[])
              .execute();
          }
        },
        takenSlugs: async (slugs) => {
          if (!slugs.length) return new Set();
          const rows = await trx.selectFrom('articles').select('slug').where('type', '=', 'article').where('slug', 'in', slugs).execute();
          return new Set(rows.map((r) => r.slug));
        },
      });
    });
  }
}
