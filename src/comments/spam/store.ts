/**
 * The learned spam filter's memory: token counts per class in `spam_tokens`, comments per class
 * in `spam_documents`. Moderators teach it (marking spam, approving), the WordPress importer seeds
 * it with imported spam, and the `spam-score` moderation phase asks it.
 */
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { spamScore, type Corpus } from './bayes.js';
import { prepared } from '../../db/prepared.js';
import { tokenize, type SpamDocument } from './tokenize.js';

export type SpamClass = 'spam' | 'ham';

/** A comment to learn from; with an `id`, a stored comment (trained at most once per class). */
export interface TrainableComment extends SpamDocument {
  id?: number;
}

/** Below this many comments in either class the filter has no opinion. */
export const MIN_DOCUMENTS = 3;
/** A score at or above this is spam. */
export const SPAM_THRESHOLD = 0.9;

async function count(trx: Db, tokens: string[], cls: SpamClass, delta: 1 | -1): Promise<void> {
  if (delta === 1) {
    if (tokens.length) {
      await trx
        .insertInto('spam_tokens')
        .values(tokens.map((token) => ({ token, [cls]: 1 })))
        .onConflict((oc) => oc.column('token').doUpdateSet((eb) => ({ [cls]: eb(`spam_tokens.${cls}`, '+', 1) })))
        .execute();
    }
    await trx
      .insertInto('spam_documents')
      .values({ class: cls, count: 1 })
      .onConflict((oc) => oc.column('class').doUpdateSet((eb) => ({ count: eb('spam_documents.count', '+', 1) })))
      .execute();
    return;
  }
  if (tokens.length) {
    await trx
      .updateTable('spam_tokens')
      .set((eb) => ({ [cls]: eb(`spam_tokens.${cls}`, '-', 1) }))
      .where('token', 'in', tokens)
      .where(cls, '>', 0)
      .execute();
  }
  await trx
    .updateTable('spam_documents')
    .set((eb) => ({ count: eb('spam_documents.count', '-', 1) }))
    .where('class', '=', cls)
    .where('count', '>', 0)
    .execute();
}

/**
 * Teaches the filter that `comment` is spam or ham. A stored comment already trained the other
 * way is moved (a moderator changed their mind); one already trained this way is left alone.
 */
export async function train(deps: Deps, trx: Transaction<Database>, comment: TrainableComment, as: SpamClass): Promise<void> {
  let before: '' | SpamClass = '';
  if (comment.id !== undefined) {
    const row = await trx.selectFrom('comments').select('trained').where('id', '=', comment.id).executeTakeFirst();
    before = row?.trained ?? '';
    if (before === as) return;
  }
  const tokens = tokenize(comment);
  if (before) await count(trx, tokens, before, -1);
  await count(trx, tokens, as, 1);
  if (comment.id !== undefined) await trx.updateTable('comments').set({ trained: as }).where('id', '=', comment.id).execute();
  deps.log.debug({ comment: comment.id, as, tokens: tokens.length }, 'spam filter trained');
}

const allDocumentCounts = prepared(0, (db) => db.selectFrom('spam_documents').select(['class', 'count']));

/** How many comments the filter has learned of each class. */
export async function documentCounts(db: Db): Promise<{ spamDocs: number; hamDocs: number }> {
  const docs = await allDocumentCounts(db);
  return {
    spamDocs: Number(docs.find((d) => d.class === 'spam')?.count ?? 0),
    hamDocs: Number(docs.find((d) => d.class === 'ham')?.count ?? 0),
  };
}

/**
 * The comment's spam score (0 ham … 1 spam), or null while the filter knows too little.
 * `counts`: the {@link documentCounts}, when the caller already has them.
 */
export async function learnedSpamScore(db: Db, doc: SpamDocument, counts?: { spamDocs: number; hamDocs: number }): Promise<number | null> {
  const { spamDocs, hamDocs } = counts ?? (await documentCounts(db));
  if (spamDocs < MIN_DOCUMENTS || hamDocs < MIN_DOCUMENTS) return null;
  const tokens = tokenize(doc);
  if (!tokens.length) return 0.5;
  const rows = await db.selectFrom('spam_tokens').select(['token', 'spam', 'ham']).where('token', 'in', tokens).execute();
  const corpus: Corpus = { spamDocs, hamDocs, tokens: new Map(rows.map((r) => [r.token, { spam: Number(r.spam), ham: Number(r.ham) }])) };
  return spamScore(tokens, corpus);
}
