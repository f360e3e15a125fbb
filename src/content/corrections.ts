/**
 * Corrections: dated public notes appended to a published story when something in it was wrong.
 * They are never edited or removed from the page (that is what makes them corrections); each one
 * shows under the story with its date and in the article's JSON-LD as a `CorrectionComment`.
 */
import type { Db } from '../db/schema.js';

export interface CorrectionNote {
  id: number;
  body: string;
  created_at: number;
}

/** Appends a correction to article `articleId`. The caller's write names the article stale. */
export async function addCorrection(db: Db, articleId: number, body: string, userId: number | null, now: number): Promise<void> {
  await db.insertInto('corrections').values({ article_id: articleId, body, created_at: now, user_id: userId }).execute();
}

/** An article's corrections, oldest first. */
export async function correctionsOf(db: Db, articleId: number): Promise<CorrectionNote[]> {
  return db.selectFrom('corrections').select(['id', 'body', 'created_at']).where('article_id', '=', articleId).orderBy('created_at').orderBy('id').execute();
}
