/**
 * The learned filter (../spam/): a comment it scores at or above the threshold is spam. While it
 * has seen too few spam or ham comments it has no opinion and the comment goes on.
 */
import { documentCounts, learnedSpamScore, SPAM_THRESHOLD } from '../spam/store.js';
import { sharedRead, type Phase } from './context.js';

/** The key of the filter's document counts among a batch's shared reads. */
export const SPAM_DOCUMENTS = 'spam-documents';

export const spamScore: Phase = {
  name: 'spam-score',
  async run(ctx) {
    const counts = await sharedRead(ctx, SPAM_DOCUMENTS, () => documentCounts(ctx.trx));
    const score = await learnedSpamScore(ctx.trx, ctx.input, counts);
    if (score === null || score < SPAM_THRESHOLD) return undefined;
    return { status: 'spam', reason: `learned spam score ${score.toFixed(3)}` };
  },
};
