/**
 * Group commit for comment submissions: one transaction, and so one fsync, for every comment that
 * arrived while the previous transaction was being written, or, under a stream of them, within
 * {@link BATCH_SPACING_MS} of its start.
 *
 * - Each comment runs its whole pipeline (./submit.ts `storeComment`) under its own SAVEPOINT, in
 *   arrival order: a refused comment rolls back alone, and the duplicate, flood and first-time
 *   checks of a later comment see the earlier comments of the same batch, as they would have seen
 *   them committed one transaction earlier.
 * - Every commenter of the batch is locked at its start (../lock.ts), as a single submission was.
 * - Nobody hears back before the batch commits: acknowledgements (and refusals, which may rest on
 *   an earlier comment of the batch) are sent after COMMIT, and after the pages the batch made stale
 *   are dropped here and recorded for the other processes, so the next request shows the comment.
 * - If the transaction fails as a whole (the disk, a lock timeout), every comment of it fails.
 *
 * On PostgreSQL every statement is a round trip, so a batch is written in a fixed number of them
 * whatever its size: the commenters' locks, one read of everything the moderation phases need for
 * every comment (./moderation/batch-facts.ts), the pipeline in memory, one multi-row INSERT. A comment
 * refused by a phase wrote nothing, so no savepoint is needed. On SQLite (in-process, no round
 * trips) each comment runs under its savepoint as it always did.
 */
import { CompiledQuery } from 'kysely';
import type { Deps } from '../runtime/deps.js';
import { lockCommenters } from './lock.js';
import { afterInsert, decideComment, insertComments, storeComment, type Decided, type Submission, type SubmittedComment } from './store.js';
import { CommentError, commentError } from './errors.js';
import { readStoredFacts } from './moderation/batch-facts.js';
import { orderOf, pageAmongRoots, threadFound, threadOf, type ThreadBefore } from './thread.js';
import type { SiteSettings } from '../settings/definitions.js';
import type { Db } from '../db/schema.js';
import { articleKey } from './moderation/closed.js';
import { SPAM_DOCUMENTS } from './moderation/spam-score.js';
import type { EarlierComment } from './moderation/context.js';

/** A batch this large is written even if more are waiting: bounds how long one transaction takes. */
const MAX_BATCH = 128;

/**
 * Under a stream of comments a batch waits, up to this long after the one before it began, for
 * others to join it: 100 a second arrive 10 ms apart, and were each written alone. Every
 * transaction costs more than its comments: its commit and fsync, the commenters' locks, the check
 * of the article, the invalidation recorded and heard by every process (on SQLite every process's
 * page cache starts cold after it). On PostgreSQL at 100 a second on one story, waiting up to 50 ms
 * halved the round trips and the database's CPU per comment in one pair of runs (7.0 → 3.5, 2.2 →
 * 1.4 ms); in a later pair, on a loaded machine that already batched them by itself, it changed
 * little (3.5 → 3.3, 1.8 → 1.6 ms). Up to 100 ms rather than 50: on PostgreSQL each worker batches
 * its own comments, so at 100 a second a worker's batches held two or three; now four, and the
 * server's and the database's CPU per comment fell to 0.81× (comment-cost, median of three runs
 * alternating with 50 ms), while at 1,000 a second batches fill before they would wait. A comment
 * after a quiet spell is written at once; under a stream one waits at most 100 ms, unseen beside a
 * page load.
 */
export const BATCH_SPACING_MS = 100;
/** A batch this large does not wait: enough comments share its transaction. */
const SHARED_BATCH = 4;

/**
 * A batch returns once committed, without waiting for the other server processes to drop the
 * pages it made stale: each writer's cookie skips stale pages on whichever process answers them
 * (../runtime/page-cache.ts), and the others hear of it within milliseconds, inside the story's
 * bound. With one server process frozen, a comment no longer waits for it at all.
 */
const UNFENCED = { waitForOthers: false };

// The same text on SQLite and PostgreSQL; compiled once.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT comment');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT comment');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT comment');
/**
 * PostgreSQL: the batch's prepared reads run on their generic plans, planned once per connection.
 * Left to choose, PostgreSQL kept planning the moderation read afresh for every batch (its custom
 * plans looked cheaper by estimates), a third of the database's CPU per comment at 100 a second
 * (0.90 → 0.52 and 1.04 → 0.72 ms with every plan generic). The generic plans are the ones
 * test/comment-reads-on-a-hot-story-stay-bounded-on-postgres.test.ts keeps bounded. It goes out
 * with the BEGIN (../db/pg-round-trips.ts): no round trip of its own.
 */
const GENERIC_PLANS = CompiledQuery.raw('SET LOCAL plan_cache_mode = force_generic_plan');

interface Pending extends Submission {
  resolve(c: SubmittedComment): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; comment: SubmittedComment } | { ok: false; error: unknown };

export class CommentBatcher {
  private queue: Pending[] = [];
  private writing = false;
  /** When the last batch began (performance.now()). */
  private began = -Infinity;
  /** Ends the wait for others to join the next batch (see BATCH_SPACING_MS), while it lasts. */
  private joined: (() => void) | null = null;

  /**
   * @param deps the process that writes: its `write` runs the batch transaction.
   * @param beforeBatch called before each batch (e.g. to notice settings changed elsewhere).
   */
  constructor(
    private readonly deps: Deps,
    private readonly beforeBatch: () => void = () => {},
  ) {}

  /** Queues a submission; settles once its batch has committed (or failed). */
  submit(submission: Submission): Promise<SubmittedComment> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...submission, resolve, reject });
      if (this.queue.length >= SHARED_BATCH) this.joined?.();
      if (!this.writing) {
        this.writing = true;
        // Let submissions that arrive in the same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Waits for others to join the next batch: until BATCH_SPACING_MS since the last began, or SHARED_BATCH are waiting. */
  private async gather(): Promise<void> {
    const wait = this.began + BATCH_SPACING_MS - performance.now();
    if (wait <= 0 || this.queue.length >= SHARED_BATCH) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.joined?.(), wait);
      this.joined = () => {
        clearTimeout(timer);
        this.joined = null;
        resolve();
      };
    });
  }

  /** Submissions waiting for a batch (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        // Under a stream, those that arrive meanwhile join too (see BATCH_SPACING_MS).
        await this.gather();
        this.began = performance.now();
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    if (this.deps.db.dialect === 'postgres') return this.writeAhead(batch);
    const { deps } = this;
    const outcomes: Outcome[] = [];
    try {
      this.beforeBatch();
      const settings = await deps.settings.all();
      await deps.write(async (trx, stale) => {
        await lockCommenters(
          deps.db.dialect,
          trx,
          batch.map((p) => ({ ipHash: p.request.ipHash, email: p.input.email, articleId: p.input.articleId })),
        );
        const threads = await threadsOf(trx, batch, deps.clock.now());
        const shared = new Map<string, Promise<unknown>>();
        for (const p of batch) {
          const tags: string[] = [];
          await trx.executeQuery(SAVEPOINT);
          try {
            const comment = await storeComment(deps, trx, settings, p, (...t) => void tags.push(...t), shared);
            await trx.executeQuery(RELEASE);
            stale(...tags);
            outcomes.push({ ok: true, comment });
          } catch (error) {
            // Undoes this comment only; a failure to roll back fails the whole batch.
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
        // The writers of top-level comments learn their page from the batch, not by asking after.
        const pages = pagesOf(
          outcomes.map((o) => (o.ok ? o.comment : null)),
          threads,
          settings,
        );
        outcomes.forEach((o, i) => {
          if (o.ok && pages[i] !== undefined) o.comment.page = pages[i];
        });
      }, UNFENCED);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    settle(batch, outcomes);
  }

  /** PostgreSQL: the batch in a fixed number of statements (see the file comment). */
  private async writeAhead(batch: Pending[]): Promise<void> {
    const { deps } = this;
    const outcomes: Outcome[] = [];
    try {
      this.beforeBatch();
      const settings = await deps.settings.all();
      const flood = settings['comments.flood_seconds'];
      await deps.write(async (trx, stale) => {
        await trx.executeQuery(GENERIC_PLANS);
        await lockCommenters(
          deps.db.dialect,
          trx,
          batch.map((p) => ({ ipHash: p.request.ipHash, email: p.input.email, articleId: p.input.articleId })),
        );
        // Ids no integer column can hold are refused before any statement sees them: one bad
        // value must not abort the transaction the whole batch shares.
        const valid = batch.filter((p, i) => {
          const bad = outOfRange(p);
          if (bad) outcomes[i] = { ok: false, error: bad };
          return !bad;
        });
        const now = deps.clock.now();
        const facts = await readStoredFacts(trx, valid, flood ? now - flood * 1000 : null, now);
        const stored = facts.stored;
        // What the phases read through `sharedRead` is already here.
        const shared = new Map<string, Promise<unknown>>([[SPAM_DOCUMENTS, Promise.resolve(facts.spam)]]);
        for (const [id, row] of facts.articles) shared.set(articleKey(id), Promise.resolve(row));
        const earlier: EarlierComment[] = [];
        const decided: { i: number; d: Decided }[] = [];
        let v = 0;
        for (const [i, p] of batch.entries()) {
          if (outcomes[i]) continue;
          const view = { stored: stored[v++], earlier };
          try {
            const d = await decideComment(deps, trx, settings, p, shared, view);
            const { input, request } = p;
            earlier.push({ ...input, ipHash: request.ipHash, status: d.verdict.status, createdAt: d.now });
            decided.push({ i, d });
          } catch (error) {
            // A refusal wrote nothing; anything else (the database) fails the batch.
            if (!(error instanceof CommentError)) throw error;
            outcomes[i] = { ok: false, error };
          }
        }
        const ids = await insertComments(
          trx,
          decided.map((x) => x.d),
        );
        const pages = pagesOf(
          decided.map(({ d }) => ({ articleId: d.submission.input.articleId, status: d.verdict.status, parentId: d.parentId })),
          facts.threads,
          settings,
        );
        for (const [k, { i, d }] of decided.entries()) outcomes[i] = { ok: true, comment: await afterInsert(deps, trx, d, ids[k], stale, pages[k]) };
      }, UNFENCED);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    settle(batch, outcomes);
  }
}

/** A comment the batch stored: its story, its status, and where in the thread. */
type Stored = Pick<SubmittedComment, 'articleId' | 'status' | 'parentId'>;

/**
 * The comment page each stored comment is on, where the batch knows it: an approved top-level
 * comment is a root of its thread, after the roots the batch read under the story's lock and before
 * the batch's own later ones. Otherwise (not stored, a reply, held or spam, or a thread holding a
 * comment newer than the batch's time, from a clock ahead elsewhere) undefined: asked after the
 * commit (./routes.ts).
 */
function pagesOf(stored: (Stored | null)[], threads: Map<number, ThreadBefore>, settings: SiteSettings): (number | undefined)[] {
  const order = orderOf(settings);
  const per = settings['comments.per_page'];
  const isRoot = (s: Stored | null): s is Stored => s?.status === 'approved' && s.parentId === null;
  const added = new Map<number, number>();
  for (const s of stored) if (isRoot(s)) added.set(s.articleId, (added.get(s.articleId) ?? 0) + 1);
  const placed = new Map<number, number>();
  return stored.map((s) => {
    if (!isRoot(s)) return undefined;
    const thread = threads.get(s.articleId);
    if (!thread || thread.future) return undefined;
    const mine = added.get(s.articleId) ?? 0;
    const k = (placed.get(s.articleId) ?? 0) + 1;
    placed.set(s.articleId, k);
    return pageAmongRoots(thread.roots + mine, mine - k, order, per);
  });
}

/**
 * The thread of each story a top-level comment of the batch is posted to, as a batch written a
 * comment at a time finds it, under its lock (SQLite: one read a story, where asking after the
 * commit was one a comment, 0.29 ms each on the readers' processes). A reply's page follows its
 * parent's, asked after the commit: no read for a batch of replies.
 */
async function threadsOf(trx: Db, batch: Pending[], now: number): Promise<Map<number, ThreadBefore>> {
  const threads = new Map<number, ThreadBefore>();
  for (const id of new Set(batch.filter((p) => p.input.parentId === null).map((p) => p.input.articleId))) {
    threads.set(id, threadFound((await threadOf(trx, id, now))[0]));
  }
  return threads;
}

const INT_MAX = 2 ** 31 - 1;

function outOfRange(p: Pending): CommentError | undefined {
  if (p.input.articleId > INT_MAX) return commentError('GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND');
  if (p.input.parentId !== null && p.input.parentId > INT_MAX) return commentError('GAZ_ERR_COMMENT_PARENT_INVALID');
  return undefined;
}

function settle(batch: Pending[], outcomes: Outcome[]): void {
  batch.forEach((p, i) => {
    const o = outcomes[i];
    if (o.ok) p.resolve(o.comment);
    else p.reject(o.error);
  });
}
