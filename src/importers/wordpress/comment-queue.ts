/**
 * Comments wait here until a few hundred have gathered, then go in with a handful of multi-row
 * upserts (one statement per comment was most of an import's time).
 *
 * A reply needs its parent's id, which the database gives only once the parent is in. So a batch
 * goes in by generations: first every comment whose parent is not waiting in the batch, then the
 * replies to those, and so on (most threads are two or three deep). A reply whose parent is in no
 * generation (it came earlier in the file, or never) is linked afterwards by the parent's
 * WordPress id, as before batching.
 */
import type { SpamDocument } from '../../comments/spam/tokenize.js';
import type { CommentRow, HotStatements } from './hot-statements.js';
import type { SpamTrainer } from './spam-training.js';

/** Comments per batch; flushed between items, so an item's comments stay together. */
const BATCH = 1000;

export interface QueuedComment {
  row: CommentRow;
  /** The parent's WordPress id, or null for a top-level comment. */
  parentWp: number | null;
  /** Set for spam, which trains the learned filter once the comment has its id. */
  spam?: SpamDocument;
}

export class CommentQueue {
  private waiting: QueuedComment[] = [];
  private waitingWp = new Set<number>();

  constructor(
    private readonly hot: HotStatements,
    private readonly spam: SpamTrainer,
  ) {}

  /** Queues one comment; the queue writes itself out when full (call between items). */
  async add(c: QueuedComment): Promise<void> {
    // One statement must not name a WordPress id twice (PostgreSQL refuses; SQLite would keep the
    // second silently): a file repeating an id sends the first copy in before the second.
    if (this.waitingWp.has(c.row.wp_id)) await this.flush();
    this.waiting.push(c);
    this.waitingWp.add(c.row.wp_id);
  }

  /** Writes out the batch once it is big enough. */
  async maybeFlush(): Promise<void> {
    if (this.waiting.length >= BATCH) await this.flush();
  }

  /** Writes every queued comment. */
  async flush(): Promise<void> {
    let pending = this.waiting;
    const inBatch = this.waitingWp;
    this.waiting = [];
    this.waitingWp = new Set();
    const idOf = new Map<number, number>();
    const orphans: Array<[number, number]> = [];
    while (pending.length) {
      let ready: QueuedComment[] = [];
      const later: QueuedComment[] = [];
      for (const c of pending) {
        const p = c.parentWp;
        if (p === null || idOf.has(p) || !inBatch.has(p)) ready.push(c);
        else later.push(c);
      }
      // Only a loop of replies (a comment its own ancestor) leaves no one ready: break it.
      if (!ready.length) ready = later.splice(0);
      for (const c of ready) {
        c.row.parent_id = c.parentWp !== null ? (idOf.get(c.parentWp) ?? null) : null;
        inBatch.delete(c.row.wp_id);
      }
      const got = await this.hot.upsertComments(ready.map((c) => c.row));
      const byWp = new Map(got.map((r) => [r.wp_id, r]));
      for (const c of ready) {
        const r = byWp.get(c.row.wp_id)!;
        idOf.set(c.row.wp_id, r.id);
        if (c.parentWp !== null && c.row.parent_id === null) orphans.push([r.id, c.parentWp]);
        if (c.spam && r.trained !== 'spam') await this.spam.add(r.id, c.spam, r.trained);
      }
      pending = later;
    }
    for (const [id, parentWp] of orphans) {
      const parentId = idOf.get(parentWp) ?? (await this.hot.commentIdByWpId(parentWp));
      if (parentId !== undefined && parentId !== id) await this.hot.setCommentParent(id, parentId);
    }
  }
}
