/**
 * The reads each posted comment makes on PostgreSQL touch a handful of rows however many comments
 * the story already has, even when the planner's statistics were gathered before those comments
 * came (a hot story on an established site: the story had none when the table was last analysed,
 * and autovacuum will not analyse a large table again for a long while) and each statement runs
 * its generic plan (the prepared statements' usual plan).
 *
 * Rows touched are PostgreSQL's own count for this transaction (pg_stat_get_xact_tuples_returned:
 * rows its scans of `comments` read and entries its indexes returned), not a time. With statistics that old, the planner chose the
 * story's index and filtered every one of its comments, for each comment posted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Transaction } from 'kysely';
import { connect, type Connection } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import type { Database } from '../src/db/schema.js';
import { createArticle } from '../src/content/articles.js';
import { pageOfTopLevel, threadSize } from '../src/comments/thread.js';
import { readStoredFacts } from '../src/comments/moderation/batch-facts.js';
import { freshDatabase } from './helpers/server.js';
import { postgresSkip } from './helpers/services.js';

/** Comments already on the story when the reads run. */
const ON_STORY = 3000;
/** The most `comments` rows and index entries all the reads of one posted comment may touch. */
const BOUND = 60;

const skip = await postgresSkip();

/**
 * Both states of the statistics broke it, each for other reads: gathered while the site had only
 * other stories' comments (the established site), and never gathered (a new site's first hot story).
 */
for (const analysed of [true, false])
  describe(`comment reads on a hot story (postgres, statistics ${analysed ? 'gathered before the story' : 'never gathered'})`, { skip }, () => {
    let db: Connection;
    let drop: () => Promise<void>;
    let articleId: number;
    let newest: { id: number; created_at: number };
    const now = 1_800_000_000_000;

    before(async () => {
      const fresh = await freshDatabase('postgres');
      drop = fresh.drop;
      db = connect(fresh.databaseUrl);
      await migrate(db.kysely, db.dialect);
      articleId = await createArticle(db.kysely, { headline: 'The story everyone reads', body: 'Text.', status: 'published' }, now - 3_600_000, () => {});
      const other = await createArticle(db.kysely, { headline: 'Yesterday', body: 'Text.', status: 'published' }, now - 86_400_000, () => {});
      // The site before the story took off: a few comments elsewhere, statistics gathered, and no
      // autovacuum to gather them again while the test runs.
      await sql`INSERT INTO comments (article_id, author, email, body, status, created_at)
      SELECT ${other}, 'Reader ' || i, 'r' || i || '@example.net', 'Comment ' || i, 'approved', ${now - 86_000_000}::bigint + i FROM generate_series(1, 50) i`.execute(
        db.kysely,
      );
      await sql`ALTER TABLE comments SET (autovacuum_enabled = false)`.execute(db.kysely);
      if (analysed) await sql`ANALYZE comments`.execute(db.kysely);
      // Then the story's comments pour in: top-level ones, and a held comment with an approved reply
      // (which stands as a root, so the count of such replies is read too).
      await sql`INSERT INTO comments (article_id, author, email, body, status, created_at)
      SELECT ${articleId}, 'Hot reader ' || i, 'hot' || i || '@example.net', 'Hot comment ' || i, 'approved', ${now - 3_000_000}::bigint + i * 100
      FROM generate_series(1, ${ON_STORY}) i`.execute(db.kysely);
      const held = await db.kysely
        .insertInto('comments')
        .values({ article_id: articleId, author: 'Held', email: 'held@example.net', body: 'Held.', status: 'pending', created_at: now - 1000 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.kysely
        .insertInto('comments')
        .values({
          article_id: articleId,
          parent_id: held.id,
          author: 'Reply',
          email: 'reply@example.net',
          body: 'A reply.',
          status: 'approved',
          created_at: now - 500,
        })
        .execute();
      const last = await db.kysely
        .insertInto('comments')
        .values({ article_id: articleId, author: 'Newest', email: 'newest@example.net', body: 'Just posted.', status: 'approved', created_at: now })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      newest = { id: last.id, created_at: Number(last.created_at) };
    });
    after(async () => {
      await db?.close();
      await drop?.();
    });

    /** `comments` rows and index entries read by `fn` in a transaction of its own, on generic plans. */
    async function touched(fn: (trx: Transaction<Database>) => Promise<unknown>): Promise<number> {
      return db.kysely.transaction().execute(async (trx) => {
        await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
        const read = async () => {
          // The table's rows read by scans, and the entries each of its indexes returned.
          const r = await sql<{ n: string }>`
          SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(c.oid)), 0) AS n FROM pg_class c
          WHERE c.oid = 'comments'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'comments'::regclass)`.execute(trx);
          return Number(r.rows[0].n);
        };
        const start = await read();
        await fn(trx);
        return (await read()) - start;
      });
    }

    it('has the story the test means: its comments unknown to the statistics', async () => {
      const r = await sql<{ n: string }>`SELECT n_live_tup AS n FROM pg_stat_user_tables WHERE relname = 'comments'`.execute(db.kysely);
      const size = await threadSize(db.kysely, articleId, 50);
      assert.equal(size.approved, ON_STORY + 2);
      assert.equal(size.roots, ON_STORY + 2, 'the reply to a held comment stands as a root');
      const stats = await sql<{ n: string }>`SELECT reltuples AS n FROM pg_class WHERE relname = 'comments'`.execute(db.kysely);
      assert.ok(Number(stats.rows[0].n) <= 50, `the planner believes the table holds ${stats.rows[0].n} rows (live: ${r.rows[0].n})`);
    });

    it('finds the page of a comment just posted without reading the story', async () => {
      const pages: number[] = [];
      const n = await touched(async (trx) => {
        // Several times: PostgreSQL settles on a prepared statement's plan after the first few.
        for (let i = 0; i < 7; i++) pages.push(await pageOfTopLevel(trx, articleId, newest.id, newest.created_at, 'oldest', 50));
      });
      assert.deepEqual(pages, Array(7).fill(Math.ceil((ON_STORY + 2) / 50)), 'the last page, where the newest comment is');
      assert.ok(n <= BOUND * 7, `7 lookups touched ${n} comment rows and index entries (story: ${ON_STORY} comments)`);
    });

    it('sizes the thread without reading the story', async () => {
      const n = await touched(async (trx) => {
        for (let i = 0; i < 7; i++) await threadSize(trx, articleId, 50);
      });
      assert.ok(n <= BOUND * 7, `7 sizes touched ${n} comment rows and index entries`);
    });

    it("reads a batch's moderation facts without reading the story", async () => {
      const items = [1, 2, 3].map((i) => ({
        input: {
          articleId,
          parentId: null,
          author: `Hot reader ${i}`,
          email: `hot${i}@example.net`,
          url: '',
          body: `Hot comment ${i}`,
          honeypot: '',
          token: '',
          notify: false,
        },
        request: { ip: '10.0.0.1', ipHash: `ip${i}`, userAgent: 'test', provenCommentId: newest.id },
      }));
      let facts: Awaited<ReturnType<typeof readStoredFacts>> | undefined;
      const n = await touched(async (trx) => {
        for (let i = 0; i < 7; i++) facts = await readStoredFacts(trx, items, now - 60_000, now);
      });
      assert.deepEqual(
        facts?.stored.map((s) => [s.duplicate, s.known]),
        [
          [true, false],
          [true, false],
          [true, false],
        ],
        'each is the same comment again; the proven comment is under another name',
      );
      assert.ok(n <= BOUND * 7, `7 batches of 3 touched ${n} comment rows and index entries`);
    });
  });
