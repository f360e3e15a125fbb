/** The search index in publication order (db/search-index.ts), replacing the first one keyed by article id. */
import { sql } from 'kysely';
import {
  createSearchIndex,
  fillSearchIndex,
  indexConfig,
  indexed,
  rebuildSearchIndex,
  SQLITE_FILL_TITLES,
  searchConfigFor,
  sqliteTitlesTable,
  sqliteTriggers,
} from '../search-index.js';
import { createPgPairIndex, createPgSearchSync, createPgSearchTitles, createPgTextIndex, fillPgSearchTitles } from '../search-index-postgres.js';
import type { Columns, MigrationDb, Migrations } from './columns.js';

export function searchMigrations({ dialect, big }: Columns): Migrations {
  return {
    '0011_search': {
      async up(db: MigrationDb) {
        if (dialect === 'sqlite') {
          for (const t of ['articles_fts_ai', 'articles_fts_ad', 'articles_fts_au']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
          await sql`DROP TABLE IF EXISTS articles_fts`.execute(db);
        } else {
          await sql`DROP INDEX IF EXISTS articles_search`.execute(db);
          await sql`ALTER TABLE articles DROP COLUMN IF EXISTS search`.execute(db);
        }
        const lang = await db.selectFrom('settings').select('value').where('key', '=', 'site.language').executeTakeFirst();
        const language = lang ? (JSON.parse(lang.value) as string) : 'en';
        await createSearchIndex(db, dialect, searchConfigFor(dialect, language));
        await fillSearchIndex(db, dialect);
        // Per-client counts of expensive anonymous requests (runtime/rate-limit.ts).
        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('win', big, (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    // SQLite: headlines and deks in a small table of their own, which ranks common queries by
    // where they match without decoding the bodies' positions (content/search.ts).
    '0012_search_titles': {
      async up(db: MigrationDb) {
        if (dialect !== 'sqlite') return;
        for (const t of ['search_ai', 'search_ad', 'search_au']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
        // A site created at 0011 with this code already has it (empty); one migrated from 0011 has not.
        await sql`DROP TABLE IF EXISTS search_titles`.execute(db);
        await sqliteTitlesTable((await indexConfig(db)) ?? searchConfigFor(dialect, 'en')).execute(db);
        for (const t of sqliteTriggers()) await sql.raw(t).execute(db);
        await sql.raw(SQLITE_FILL_TITLES).execute(db);
      },
    },
    // The previous window's count beside the current one: limits slide instead of resetting at
    // each window's edge (runtime/rate-limit.ts).
    '0014_rate_limit_previous_window': {
      async up(db: MigrationDb) {
        await db.schema
          .alterTable('rate_limits')
          .addColumn('prev', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // Built the index again with years and months among the facets; 0018 does it with days too,
    // so this one does nothing now (a site that ran it is rebuilt by 0018 all the same).
    '0017_search_periods': {
      async up() {},
    },
    // SQLite: each story's year, month and day among its facets, in both tables, so a range of
    // keys (a date filter, the window ranked by field) seeks to its periods and ends with them
    // instead of reading every match outside it (db/search-index.ts). Contentless FTS5 rows cannot
    // be changed, so the index is built again (six minutes at a million stories).
    '0018_search_periods': {
      async up(db: MigrationDb) {
        if (dialect !== 'sqlite') return;
        await rebuildSearchIndex(db, dialect, (await indexConfig(db)) ?? searchConfigFor(dialect, 'en'));
      },
    },
    // PostgreSQL: the section index ends with the article id, so a section's stories come newest
    // first in the order search reads them (content/search.ts), without a sort, and a search
    // narrowed to a section reads its range of (section, time) there.
    '0019_search_section_order': {
      async up(db: MigrationDb) {
        if (dialect !== 'postgres') return;
        await sql`DROP INDEX IF EXISTS search_docs_section`.execute(db);
        await sql`CREATE INDEX search_docs_section ON search_docs (section_id, published_at, article_id)`.execute(db);
      },
    },
    // PostgreSQL: each story's headline and dek as tsvectors of their own, small and in the row,
    // which a search ranks by instead of reading the story's whole tsvector a second time
    // (db/search-index-postgres.ts). Filled from the stories already indexed (7 s at 300k).
    '0020_search_titles_postgres': {
      async up(db: MigrationDb) {
        if (dialect !== 'postgres') return;
        const config = (await indexConfig(db)) ?? searchConfigFor(dialect, 'en');
        // A site created at 0011 with this code already has it (empty); one migrated from 0011 has not.
        await sql`DROP TABLE IF EXISTS search_titles`.execute(db);
        await createPgSearchTitles(db);
        await createPgSearchSync(db, config, indexed('new'));
        await fillPgSearchTitles(db, config);
      },
    },
    // PostgreSQL: the text index over the tsvector, the section and the time where btree_gin can
    // be had (db/search-index-postgres.ts), so a word in one story of five reads the window through
    // it instead of walking 5,000 stories (24 s at 300k). Now over the day (0022), which it makes.
    '0021_search_time_index_postgres': {
      async up(db: MigrationDb) {
        if (dialect !== 'postgres') return;
        await createPgTextIndex(db);
      },
    },
    // PostgreSQL: the text index over the day instead of the time (db/search-index-postgres.ts):
    // a range read spans one entry per day instead of one per story (39 s at 300k, 89 MB against
    // 130).
    '0022_search_day_index_postgres': {
      async up(db: MigrationDb) {
        if (dialect !== 'postgres') return;
        await createPgTextIndex(db);
      },
    },
    // PostgreSQL: the pair index (db/search-index-postgres.ts), so a two-word phrase is read as a
    // word is instead of checked on each candidate's tsvector (2 min 30 s at 300k, 162 MB), and the
    // planner's statistics of the pairs, which choose how a phrase is read.
    '0023_search_pairs_postgres': {
      async up(db: MigrationDb) {
        if (dialect !== 'postgres') return;
        await createPgPairIndex(db);
        await sql`ANALYZE search_docs`.execute(db);
      },
    },
    // SQLite: each period again within the story's section among the facets of both FTS5 tables
    // (`s3y2024`), so a search in a section and a year reads the section's stories of that year
    // alone instead of every story of the year beside them (db/search-index.ts). Built again, as
    // 0018 was (ten minutes at a million stories on a slow machine).
    '0024_search_section_periods': {
      async up(db: MigrationDb) {
        if (dialect !== 'sqlite') return;
        await rebuildSearchIndex(db, dialect, (await indexConfig(db)) ?? searchConfigFor(dialect, 'en'));
      },
    },
  };
}
