/** What a WordPress site brings beyond posts and comments: its upload paths, its mentions, its extra categories. */
import type { Columns, MigrationDb, Migrations } from './columns.js';

export function wordpressMigrations({ id, pk, big }: Columns): Migrations {
  return {
    '0013_wordpress_arrival': {
      async up(db: MigrationDb) {
        // Old `/wp-content/uploads/…` paths (the original and each resized file WordPress made)
        // and the local copy each answers 301 to.
        await db.schema
          .createTable('upload_redirects')
          .addColumn('path', 'text', (c) => c.primaryKey())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('media_id', 'integer', (c) => c.references('media.id').onDelete('cascade'))
          .execute();
        // Pingbacks and trackbacks: other sites' notices that they linked to a story, shown as a
        // compact list of mentions under it, with WordPress's status kept.
        await db.schema
          .createTable('mentions')
          .addColumn('id', id, pk)
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('source_url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .execute();
        await db.schema.createIndex('mentions_article').on('mentions').columns(['article_id', 'status', 'created_at']).execute();
        // A post's categories beyond its first (its section): it is listed in their archives too.
        await db.schema
          .createTable('article_sections')
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('article_sections_pk', ['article_id', 'section_id'])
          .execute();
        await db.schema.createIndex('article_sections_section').on('article_sections').columns(['section_id', 'article_id']).execute();
      },
    },
    '0015_wordpress_site': {
      async up(db: MigrationDb) {
        // What an import learned about the old site as a whole: its permalink structure
        // (`permalink_structure`, content/wp-permalinks.ts), so any old link of that shape answers 301.
        await db.schema
          .createTable('wordpress_site')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}
