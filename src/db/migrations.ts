/**
 * Schema migrations, in order. They run at start-up (server and CLI) and are written once for both
 * dialects; where SQLite and PostgreSQL differ (identity columns, full-text search) the branch is
 * explicit.
 */
import { Kysely, Migrator, sql, type ColumnDefinitionBuilder, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './connect.js';

type Db = Kysely<any>;

function idColumn(dialect: Dialect) {
  return dialect === 'sqlite' ? ('integer' as const) : ('serial' as const);
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const id = idColumn(dialect);
  // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (ids never reused); PostgreSQL: SERIAL PRIMARY KEY.
  const pk = (c: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const big = dialect === 'sqlite' ? ('integer' as const) : ('bigint' as const);
  return {
    '0001_core': {
      async up(db: Db) {
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
        await db.schema
          .createIndex('articles_listing')
          .on('articles')
          .columns(['type', 'status', 'published_at', 'id'])
          .execute();
        await db.schema
          .createIndex('articles_section_listing')
          .on('articles')
          .columns(['section_id', 'status', 'published_at'])
          .execute();

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
        await db.schema
          .createIndex('comments_article')
          .on('comments')
          .columns(['article_id', 'status', 'created_at'])
          .execute();
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
    // Mail: a durable outbox written in the same transaction as its cause, and reply-notification
    // consent per address (double opt-in). See src/mail/ and src/comments/subscriptions.ts.
    '0002_mail': {
      async up(db: Db) {
        await db.schema
          .createTable('outbox')
          .addColumn('id', id, pk)
          .addColumn('to', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('kind', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('ref', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', big, (c) => c.notNull())
          .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('sent_at', big)
          .execute();
        // The delivery worker's query: due messages, oldest first.
        await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
        await db.schema.createIndex('outbox_to').on('outbox').columns(['to']).execute();
        await db.schema.createIndex('outbox_ref').on('outbox').columns(['ref']).execute();

        await db.schema
          .createTable('subscriptions')
          .addColumn('id', id, pk)
          .addColumn('email_hash', 'text', (c) => c.notNull().unique())
          .addColumn('token', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('confirm_sent_at', big)
          .addColumn('confirmed_at', big)
          .addColumn('unsubscribed_at', big)
          .execute();
      },
    },
    // Comments: indexes for the flood limit, duplicate and first-time checks (by IP hash and by
    // email), the learned spam filter's token counts, and which class each comment trained.
    '0003_comments': {
      async up(db: Db) {
        await db.schema.alterTable('comments').addColumn('trained', 'text', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.createIndex('comments_ip_hash').on('comments').columns(['ip_hash', 'created_at']).execute();
        await db.schema.createIndex('comments_email').on('comments').columns(['email', 'created_at']).execute();
        await db.schema
          .createTable('spam_tokens')
          .addColumn('token', 'text', (c) => c.primaryKey())
          .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('ham', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('spam_documents')
          .addColumn('class', 'text', (c) => c.primaryKey())
          .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // The newsroom's accounts: server-side sessions, sign-in throttling (in the database so every
    // worker and node sees the same counts), one-time tokens for password reset and invitations,
    // and deactivated accounts (kept so their bylines stay).
    '0005_newsroom': {
      async up(db: Db) {
        await db.schema.alterTable('users').addColumn('disabled_at', big).execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('last_seen_at', big, (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull())
          .addColumn('ip_hash', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
        await db.schema.createIndex('sessions_expires').on('sessions').columns(['expires_at']).execute();
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_failed_at', big, (c) => c.notNull())
          .addColumn('locked_until', big, (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('user_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull())
          .addColumn('used_at', big)
          .execute();
        await db.schema.createIndex('user_tokens_user').on('user_tokens').columns(['user_id', 'purpose']).execute();
      },
    },
    // The editor: revisions of every save (and one autosave per writer), the media library's
    // file names and uploaders, and the status an article had before it went to the trash.
    '0006_editor': {
      async up(db: Db) {
        await db.schema
          .createTable('revisions')
          .addColumn('id', id, pk)
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('kind', 'text', (c) => c.notNull().defaultTo('save'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('dek', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('slug', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
          .execute();
        await db.schema.createIndex('revisions_article').on('revisions').columns(['article_id', 'created_at']).execute();
        await db.schema.alterTable('media').addColumn('name', 'text', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.alterTable('media').addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
        await db.schema.alterTable('articles').addColumn('trashed_status', 'text').execute();
      },
    },
    // What readers may see, in date order, as partial indexes: listings and "related" read these
    // instead of every row (a row's status and password sit after its body, on overflow pages).
    // The WHERE text must match PUBLIC_ROW in content/queries.ts for the planner to use them.
    '0007_public_index': {
      async up(db: Db) {
        const where = sql`status IN ('published', 'scheduled') AND password IS NULL`;
        await sql`CREATE INDEX articles_public ON articles (type, published_at, id) WHERE ${where}`.execute(db);
        await sql`CREATE INDEX articles_public_section ON articles (section_id, published_at, id) WHERE ${where}`.execute(db);
      },
    },
    // A page of a thread is read without loading the rest (src/comments/thread.ts): roots counted and
    // paged from one covering index, replies found by parent.
    '0008_comment_threads': {
      async up(db: Db) {
        await db.schema.createIndex('comments_thread').on('comments').columns(['article_id', 'status', 'created_at', 'id', 'parent_id']).execute();
        await db.schema.dropIndex('comments_article').execute();
        await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'status']).execute();
      },
    },
    // Approved comments per article, and how many of them are top-level, kept by triggers on every
    // insert, delete and change of status, parent or article (any path: the pipeline, moderation,
    // imports, restores), so cards and thread pages read one row instead of counting a thread
    // (WordPress keeps wp_posts.comment_count for the same reason). Each row's contribution depends
    // on that row alone, so the triggers are exact whatever order a bulk statement takes. A table of
    // its own: an UPDATE of `articles` would recompute PostgreSQL's search vector on every comment.
    '0009_comment_counts': {
      async up(db: Db) {
        await sql`CREATE TABLE comment_counts (
          article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
          approved integer NOT NULL DEFAULT 0,
          top_level integer NOT NULL DEFAULT 0)`.execute(db);
        await sql`INSERT INTO comment_counts (article_id, approved, top_level)
          SELECT article_id, count(*), sum(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END)
            FROM comments WHERE status = 'approved' GROUP BY article_id`.execute(db);
        if (dialect === 'sqlite') {
          // Not INSERT OR IGNORE: inside an UPSERT's DO UPDATE, SQLite applies the outer statement's
          // conflict handling to the trigger's statements too, and the insert fails.
          const ensure = (r: string) =>
            `INSERT INTO comment_counts (article_id) SELECT ${r}.article_id WHERE NOT EXISTS (SELECT 1 FROM comment_counts WHERE article_id = ${r}.article_id);`;
          const change = (r: string, sign: '+' | '-') =>
            `UPDATE comment_counts SET approved = approved ${sign} (${r}.status = 'approved'),
               top_level = top_level ${sign} (${r}.status = 'approved' AND ${r}.parent_id IS NULL) WHERE article_id = ${r}.article_id;`;
          await sql`CREATE TRIGGER comment_counts_ai AFTER INSERT ON comments WHEN NEW.status = 'approved'
            BEGIN ${sql.raw(ensure('NEW') + change('NEW', '+'))} END`.execute(db);
          await sql`CREATE TRIGGER comment_counts_ad AFTER DELETE ON comments WHEN OLD.status = 'approved'
            BEGIN ${sql.raw(change('OLD', '-'))} END`.execute(db);
          await sql`CREATE TRIGGER comment_counts_au AFTER UPDATE OF status, parent_id, article_id ON comments
            WHEN OLD.status IS NOT NEW.status OR OLD.parent_id IS NOT NEW.parent_id OR OLD.article_id IS NOT NEW.article_id
            BEGIN ${sql.raw(change('OLD', '-') + ensure('NEW') + change('NEW', '+'))} END`.execute(db);
        } else {
          await sql`CREATE FUNCTION gazette_comment_counts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'INSERT' AND OLD.status = 'approved' THEN
                UPDATE comment_counts SET approved = approved - 1, top_level = top_level - (OLD.parent_id IS NULL)::int
                  WHERE article_id = OLD.article_id;
              END IF;
              -- Fired at COMMIT: the article may have gone since, with its comments.
              IF TG_OP <> 'DELETE' AND NEW.status = 'approved' THEN
                INSERT INTO comment_counts (article_id, approved, top_level)
                  SELECT NEW.article_id, 1, (NEW.parent_id IS NULL)::int WHERE EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id)
                  ON CONFLICT (article_id) DO UPDATE
                  SET approved = comment_counts.approved + 1, top_level = comment_counts.top_level + EXCLUDED.top_level;
              END IF;
              RETURN NULL;
            END $$`.execute(db);
          // Deferred to COMMIT: the article's row of comment_counts is locked only for the moment of
          // committing, so concurrent comment batches (one per worker) queue there briefly instead
          // of for each other's whole transaction.
          await sql`CREATE CONSTRAINT TRIGGER comment_counts AFTER INSERT OR DELETE ON comments
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION gazette_comment_counts()`.execute(db);
          await sql`CREATE CONSTRAINT TRIGGER comment_counts_update AFTER UPDATE OF status, parent_id, article_id ON comments
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.article_id IS DISTINCT FROM NEW.article_id)
            EXECUTE FUNCTION gazette_comment_counts()`.execute(db);
        }
      },
    },
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), migrationTableName: 'gazette_migrations', migrationLockTableName: 'gazette_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
