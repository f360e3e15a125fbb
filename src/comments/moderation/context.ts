/**
 * What every moderation phase receives: the submission, facts about the request, the open
 * transaction, the settings and the clock. Phases read from it; two of them fill in what later
 * phases need (`article`, `parentId`).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import type { SiteSettings } from '../../settings/definitions.js';

/** A submission, trimmed and cleaned of control characters (see ../input.ts). */
export interface CommentInput {
  articleId: number;
  /** The comment replied to, as posted (null: a top-level comment). */
  parentId: number | null;
  author: string;
  email: string;
  url: string;
  body: string;
  /** The hidden field only bots fill in. */
  honeypot: string;
  /** The signed form token (see ../form-token.ts). */
  token: string;
  notify: boolean;
}

export interface RequestFacts {
  /** The client address as Fastify's trustProxy resolves it. Never stored: only `ipHash` is. */
  ip: string;
  ipHash: string;
  userAgent: string;
  /** A comment this browser proved it wrote (../commenter-proof.ts), or null. */
  provenCommentId?: number | null;
}

/** The article being commented on, once the `closed` phase has found it. */
export interface CommentedArticle {
  id: number;
  published_at: number;
  comments_open: boolean;
  /** What its permalink is made of (../../content/permalinks.ts), so the writer is sent there without another read. */
  slug: string;
  type: string;
}

/** The `closed` phase's read of an article (undefined: none a reader may see), shared by a batch. */
export interface ArticleRow {
  id: number;
  published_at: number | null;
  comments_open: boolean | number;
  slug: string;
  type: string;
}

export interface ModerationContext {
  deps: Deps;
  trx: Transaction<Database>;
  now: number;
  settings: SiteSettings;
  input: CommentInput;
  request: RequestFacts;
  article?: CommentedArticle;
  /** The parent the comment will be stored under, after depth clamping (`thread` phase). */
  parentId: number | null;
  /**
   * Reads shared by the comments of one group-committed batch (../batch.ts): only rows that no
   * submission writes (the article, the spam filter's counts). Absent: every comment reads anew.
   */
  shared?: Map<string, Promise<unknown>>;
  /**
   * In a batch read ahead (./batch-facts.ts): what the table holds about this comment's writer,
   * and the batch's comments decided before it. Absent: the phases query the table themselves.
   */
  batch?: BatchView;
}

/** `read()`, once per batch for the same `key` (see {@link ModerationContext.shared}). */
export function sharedRead<T>(ctx: ModerationContext, key: string, read: () => Promise<T>): Promise<T> {
  if (!ctx.shared) return read();
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = read();
    ctx.shared.set(key, p);
    // A failed read is not kept: the next comment tries again.
    p.catch(() => ctx.shared?.delete(key));
  }
  return p;
}

export type DecidedStatus = 'approved' | 'pending' | 'spam';

/** A phase's verdict. Returning nothing passes the comment to the next phase. */
export interface Decision {
  status: DecidedStatus;
  reason: string;
  /**
   * A hold that later phases may still turn into spam (a form sent too fast): the phases after it
   * run, a spam verdict or a refusal wins, anything milder leaves this hold standing.
   */
  holdUnlessWorse?: boolean;
}

export interface Phase {
  /** Stored in `comments.decided_by` when this phase decides. */
  name: string;
  /**
   * Decides from the submission, the request, the settings and the clock alone (never `trx`,
   * `article` or `parentId`), so it can run before the write transaction (see `premoderate`).
   */
  pure?: boolean;
  /** Decides, passes (undefined) or refuses (throws a CommentError: nothing is stored). */
  run(ctx: ModerationContext): Promise<Decision | undefined> | Decision | undefined;
}

// What a batch read ahead tells the phases (./batch-facts.ts).

/** What the table already holds, for one comment of the batch. */
export interface StoredFacts {
  /** The same words from the same writer on the same article (not trashed). */
  duplicate: boolean;
  /** The writer's latest comment after the flood window began, by IP hash and by email. */
  lastByIp: number | null;
  lastByEmail: number | null;
  /** The writer (same name and email) has an approved comment. */
  known: boolean;
  /** The name or the email is a staff member's (./staff-identity.ts). */
  staff: boolean;
}

/** A comment of the batch already decided (and to be inserted with it). */
export interface EarlierComment {
  articleId: number;
  author: string;
  email: string;
  body: string;
  ipHash: string;
  status: DecidedStatus;
  createdAt: number;
}

/** One comment's view of the batch: what the table holds, and the comments decided before it. */
export interface BatchView {
  stored: StoredFacts;
  earlier: readonly EarlierComment[];
}
