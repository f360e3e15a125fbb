/**
 * What every migration file needs: the dialect, and the column types that differ between SQLite
 * and PostgreSQL.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type describes the tables
export type MigrationDb = Kysely<any>;
export type Migrations = Record<string, Migration>;

export interface Columns {
  dialect: Dialect;
  /** Identity column type: SQLite INTEGER, PostgreSQL SERIAL. */
  id: 'integer' | 'serial';
  /** SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (ids never reused); PostgreSQL: SERIAL PRIMARY KEY. */
  pk: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** Milliseconds since the epoch and other large integers. */
  big: 'integer' | 'bigint';
}

export function columnsFor(dialect: Dialect): Columns {
  return {
    dialect,
    id: dialect === 'sqlite' ? 'integer' : 'serial',
    pk: (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()),
    big: dialect === 'sqlite' ? 'integer' : 'bigint',
  };
}
