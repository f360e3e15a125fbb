/** The first schema: articles, sections, tags, authors, media, comments, redirects, settings, search. */
import { sql } from 'kysely';
import type { Columns, MigrationDb, Migrations } from './columns.js';

export function coreMigrations({ dialect, id, pk, big }: Columns): Migrations {
  return {
    '0001_core': {
      async up(db: MigrationDb) {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('media')
          .addColumn('id', id, pk)
          .addColumn('path', 'text', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('width', 'integer')
          .addColumn('height', 'integer')
          .addColumn('bytes', big, (c) => c.notNull().defaultTo(0))
          .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('original_url', 'text')
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', id, pk)
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('updated_at', big, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sections')
          .addColumn('id', id, pk)
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .execute();

        await db.schema
          .createTable('tags')
          .addColumn('id', id, pk)
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .execute();

        await db.schema
          .createTable('articles')
          .addColumn('id', id, pk)
          .addColumn('type', 'text', (c) => c.notNull().defaultTo('article'))
          .addColumn('slug', 'text', (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('dek', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
          .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
          .addColumn('published_at', big)
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('updated_at', big, (c) => c.notNull())
          .addColumn('section_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
          .addColumn('featured_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
          .addColumn('comments_open', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('sticky', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('password', 'text')
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .execute();
        // A slug is unique among articles, and among pages (pages live at /slug/).
        await db.schema.createIndex('articles_type_slug').on('articles').columns(['type', 'slug']).unique().execute();
        // The hot listing: published articles, newest first (front page, feeds, archives by date).
        await db.schema.createIndex('articles_listing').on('articles').columns(['type', 'status', 'published_at', 'id']).execute();
        await db.schema.createIndex('articles_section_listing').on('articles').columns(['section_id', 'status', 'published_at']).execute();

        await db.schema
          .createTable('article_authors')
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'user_id'])
          .execute();
        await db.schema.createIndex('article_authors_user').on('article_authors').columns(['user_id', 'article_id']).execute();

        await db.schema
          .createTable('article_tags')
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
          .execute();
        await db.schema.createIndex('article_tags_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

        await db.schema
          .createTable('redirects')
          .addColumn('path', 'text', (c) => c.primaryKey())
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .execute();

        await db.schema
          .createTable('comments')
          .addColumn('id', id, pk)
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('ip_hash', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('decided_by', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('wp_id', 'integer', (c) => c.unique())
          .execute();
        await db.schema.createIndex('comments_article').on('comments').columns(['article_id', 'status', 'created_at']).execute();
        await db.schema.createIndex('comments_status').on('comments').columns(['status', 'created_at']).execute();

        await db.schema
          .createTable('invalidations')
          .addColumn('id', id, pk)
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();

        if (dialect === 'sqlite') {
          // External-content FTS5 index kept in step with `articles` by triggers.
          await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(
            headline, dek, body_text, content='articles', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
          await sql`CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, headline, dek, body_text) VALUES (new.id, new.headline, new.dek, new.body_text);
          END`.execute(db);
          await sql`CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, dek, body_text) VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
          END`.execute(db);
          await sql`CREATE TRIGGER articles_fts_au AFTER UPDATE OF headline, dek, body_text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, dek, body_text) VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
            INSERT INTO articles_fts(rowid, headline, dek, body_text) VALUES (new.id, new.headline, new.dek, new.body_text);
          END`.execute(db);
        } else {
          await sql`ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(headline, '')), 'A') ||
            setweight(to_tsvector('english', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('english', coalesce(body_text, '')), 'C')) STORED`.execute(db);
          await sql`CREATE INDEX articles_search ON articles USING GIN (search)`.execute(db);
        }
      },
    },
  };
}
