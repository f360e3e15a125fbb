/** What later features added: mail, comment moderation, the newsroom, the editor, public indexes. */
import { sql } from 'kysely';
import { publicRow } from '../visibility.js';
import type { Columns, MigrationDb, Migrations } from './columns.js';

export function featureMigrations({ id, pk, big }: Columns): Migrations {
  return {
    // Mail: a durable outbox written in the same transaction as its cause, and reply-notification
    // consent per address (double opt-in). See src/mail/ and src/comments/subscriptions.ts.
    '0002_mail': {
      async up(db: MigrationDb) {
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
      async up(db: MigrationDb) {
        await db.schema
          .alterTable('comments')
          .addColumn('trained', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
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
      async up(db: MigrationDb) {
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
      async up(db: MigrationDb) {
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
        await db.schema
          .alterTable('media')
          .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('media')
          .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .execute();
        await db.schema.alterTable('articles').addColumn('trashed_status', 'text').execute();
      },
    },
    // What readers may see, in date order, as partial indexes: listings and "related" read these
    // instead of every row (a row's status and password sit after its body, on overflow pages).
    // The WHERE is db/visibility.ts's publicRow, the text every public query uses, so the planner
    // matches them.
    '0007_public_index': {
      async up(db: MigrationDb) {
        const where = publicRow();
        await sql`CREATE INDEX articles_public ON articles (type, published_at, id) WHERE ${where}`.execute(db);
        await sql`CREATE INDEX articles_public_section ON articles (section_id, published_at, id) WHERE ${where}`.execute(db);
      },
    },
    // The news desk: corrections appended to published stories, the editors' arrangement of the
    // front page (picked stories in order, one pinned as the lead) and a breaking-news banner.
    '0010_news_desk': {
      async up(db: MigrationDb) {
        await db.schema
          .createTable('corrections')
          .addColumn('id', id, pk)
          .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .execute();
        await db.schema.createIndex('corrections_article').on('corrections').columns(['article_id', 'created_at']).execute();
        await db.schema
          .createTable('front_picks')
          .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('lead', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('breaking_news')
          .addColumn('id', id, pk)
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull())
          .addColumn('cleared_at', big)
          .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .execute();
      },
    },
  };
}
