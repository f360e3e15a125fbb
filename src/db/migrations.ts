/**
 * Schema migrations, in order. They run at start-up (server and CLI) and are written once for both
 * dialects; where SQLite and PostgreSQL differ (identity columns, full-text search, triggers) the
 * branch is explicit. The steps live in ./migrations/, grouped by what they build.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './connect.js';
import { columnsFor } from './migrations/columns.js';
import { coreMigrations } from './migrations/core.js';
import { featureMigrations } from './migrations/features.js';
import { searchMigrations } from './migrations/search.js';
import { threadMigrations } from './migrations/threads.js';
import { wordpressMigrations } from './migrations/wordpress.js';

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const c = columnsFor(this.dialect);
    return { ...coreMigrations(c), ...featureMigrations(c), ...threadMigrations(c), ...searchMigrations(c), ...wordpressMigrations(c) };
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type describes the tables
export async function migrate(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeProvider(dialect),
    migrationTableName: 'gazette_migrations',
    migrationLockTableName: 'gazette_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
