/**
 * One comment stored: the moderation pipeline inside the writer's transaction, the row, and the
 * mail it causes. The writer (./writer.ts, ./batch.ts) calls this for each submission it takes.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps, Stale } from '../runtime/deps.js';
import { commentTags } from '../runtime/page-cache.js';
import type { SiteSettings } from '../settings/definitions.js';
import { moderate, PHASES, type Premoderated, type Verdict } from './moderation/index.js';
import type { BatchView } from './moderation/context.js';
import type { CommentedArticle, CommentInput, DecidedStatus, ModerationContext, RequestFacts } from './moderation/context.js';
import { notifyAfterSubmit } from './notify.js';
import { prepared } from '../db/prepared.js';

export interface SubmittedComment {
  id: number;
  articleId: number;
  /** Where it was stored (after depth clamping). */
  parentId: number | null;
  status: DecidedStatus;
  decidedBy: string;
  reason: string;
  /** When it was stored (`created_at`). */
  createdAt: number;
  /** The article as the `closed` phase read it: what its permalink is made of. */
  article?: Pick<CommentedArticle, 'slug' | 'type' | 'published_at'>;
  /** The comment page it was stored on, where the writer knew it (./batch.ts); else asked after. */
  page?: number;
}

/** Stores the user agent, trimmed to a sane length; the IP only as its keyed hash. */
const MAX_USER_AGENT = 500;

/** A submission on its way to the writer: the cleaned input, the request, the pure phases' outcomes. */
export interface Submission {
  input: CommentInput;
  request: RequestFacts;
  pre?: Premoderated;
}

/** A comment decided by the pipeline, not yet stored. */
export interface Decided {
  submission: Submission;
  verdict: Verdict;
  /** Where it will be stored (after depth clamping). */
  parentId: number | null;
  now: number;
  article?: CommentedArticle;
}

/**
 * Runs the moderation pipeline for one submission inside the writer's transaction. Throws what a
 * refusing phase throws. `batch`: the batch's facts read ahead (./moderation/batch-facts.ts).
 */
export async function decideComment(
  deps: Deps,
  trx: Transaction<Database>,
  settings: SiteSettings,
  submission: Submission,
  shared?: ModerationContext['shared'],
  batch?: BatchView,
): Promise<Decided> {
  const now = deps.clock.now();
  const { input, request, pre } = submission;
  const ctx: ModerationContext = { deps, trx, now, settings, input, request, parentId: null, shared, batch };
  const verdict = await moderate(ctx, PHASES, pre);
  return { submission, verdict, parentId: ctx.parentId, now, article: ctx.article };
}

function rowOf({ submission: { input, request }, verdict, parentId, now }: Decided) {
  return {
    article_id: input.articleId,
    parent_id: parentId,
    author: input.author,
    email: input.email,
    url: input.url,
    body: input.body,
    status: verdict.status,
    created_at: now,
    ip_hash: request.ipHash,
    user_agent: request.userAgent.slice(0, MAX_USER_AGENT),
    decided_by: verdict.decidedBy,
    reason: verdict.reason,
    notify: input.notify ? 1 : 0,
  };
}

type CommentRow = ReturnType<typeof rowOf>;
// Every column rowOf writes (a Record: the compiler refuses one left out), in a fixed order.
const COLUMNS = Object.keys({
  article_id: 1,
  parent_id: 1,
  author: 1,
  email: 1,
  url: 1,
  body: 1,
  status: 1,
  created_at: 1,
  ip_hash: 1,
  user_agent: 1,
  decided_by: 1,
  reason: 1,
  notify: 1,
} satisfies Record<keyof CommentRow, 1>) as (keyof CommentRow)[];

/** One comment, its values in the order of {@link COLUMNS}. */
const insertOne = prepared(COLUMNS.length, (db, ...values: CommentRow[keyof CommentRow][]) =>
  db
    .insertInto('comments')
    .values(Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as CommentRow)
    .returning('id'),
);

/**
 * Inserts decided comments, in one statement, and answers their ids in the same order (a multi-row
 * INSERT … RETURNING returns its rows in the order of its VALUES on both databases).
 */
export async function insertComments(trx: Transaction<Database>, decided: Decided[]): Promise<number[]> {
  if (!decided.length) return [];
  if (decided.length === 1) {
    const row = rowOf(decided[0]);
    return (await insertOne(trx, ...COLUMNS.map((c) => row[c]))).map((r) => r.id);
  }
  const rows = await trx.insertInto('comments').values(decided.map(rowOf)).returning('id').execute();
  return rows.map((r) => r.id);
}

/** After the row is in: the pages it makes stale, and the mail it causes. `page`: see {@link SubmittedComment}. */
export async function afterInsert(deps: Deps, trx: Transaction<Database>, d: Decided, id: number, stale: Stale, page?: number): Promise<SubmittedComment> {
  const { input } = d.submission;
  // A reader's comment: the story's pages and the feeds follow within a second, the cards counting it
  // within a few (runtime/page-cache.ts); the writer sees it at once.
  if (d.verdict.status === 'approved') stale(...commentTags(input.articleId));
  await notifyAfterSubmit(deps, trx, {
    id,
    article_id: input.articleId,
    parent_id: d.parentId,
    status: d.verdict.status,
    notify: input.notify,
    email: input.email,
    author: input.author,
  });
  const a = d.article;
  return {
    id,
    articleId: input.articleId,
    parentId: d.parentId,
    status: d.verdict.status,
    decidedBy: d.verdict.decidedBy,
    reason: d.verdict.reason,
    createdAt: d.now,
    article: a && { slug: a.slug, type: a.type, published_at: a.published_at },
    page,
  };
}

/**
 * One comment, inside a transaction that already holds its commenter's lock (../lock.ts):
 * the moderation pipeline, the row, and the mail it causes. Throws what a refusing phase throws.
 */
export async function storeComment(
  deps: Deps,
  trx: Transaction<Database>,
  settings: SiteSettings,
  submission: Submission,
  stale: Stale,
  shared?: ModerationContext['shared'],
): Promise<SubmittedComment> {
  const d = await decideComment(deps, trx, settings, submission, shared);
  const [id] = await insertComments(trx, [d]);
  return afterInsert(deps, trx, d, id, stale);
}
