/** Comment threads read a page at a time: their indexes, and the counts kept by triggers. */
import { sql } from 'kysely';
import type { Columns, MigrationDb, Migrations } from './columns.js';

export function threadMigrations({ dialect }: Columns): Migrations {
  return {
    // A page of a thread is read without loading the rest (src/comments/thread.ts): roots counted and
    // paged from one covering index, replies found by parent.
    '0008_comment_threads': {
      async up(db: MigrationDb) {
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
      async up(db: MigrationDb) {
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
    // The newest approved comment of an article, read by every render of its page and by the live
    // conversation (src/comments/live.ts): one step down this index on both databases.
    '0015_comments_newest': {
      async up(db: MigrationDb) {
        await db.schema.createIndex('comments_newest').on('comments').columns(['article_id', 'status', 'id']).execute();
      },
    },
    // 0015's index led SQLite's planner astray (it has no statistics): the duplicate check of every
    // new comment (article, email, author, body; status not trash) took it for `article_id = ?` over
    // comments_email and read the whole thread, so a hot thread's comments got slower with each one
    // (1,000 comments a second sent: 770 accepted, p99 5 s, against 998 and 44 ms without it). Only
    // approved comments are in the new one: a query must name that status to use it, and the
    // newest approved comment is still one step down it.
    '0016_comments_newest_approved_only': {
      async up(db: MigrationDb) {
        await db.schema.dropIndex('comments_newest').ifExists().execute();
        await db.schema
          .createIndex('comments_newest_approved')
          .on('comments')
          .columns(['article_id', 'id'])
          .where(sql.ref('status'), '=', 'approved')
          .execute();
      },
    },
  };
}
