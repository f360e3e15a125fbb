/**
 * The same words from the same person on the same article, again: usually a double click or a
 * retried request. Refused (409) with a clear message; the first one stands.
 */
import { commentError } from '../errors.js';
import type { Phase } from './context.js';
import { prepared } from '../../db/prepared.js';

const sameComment = prepared(4, (db, articleId: number, email: string, author: string, body: string) =>
  db
    .selectFrom('comments')
    .select('id')
    .where('article_id', '=', articleId)
    .where('email', '=', email)
    .where('author', '=', author)
    .where('body', '=', body)
    .where('status', '!=', 'trash')
    .limit(1),
);

export const duplicate: Phase = {
  name: 'duplicate',
  async run(ctx) {
    const { input } = ctx;
    if (ctx.batch) {
      const { stored, earlier } = ctx.batch;
      const again = earlier.some((e) => e.articleId === input.articleId && e.email === input.email && e.author === input.author && e.body === input.body);
      if (stored.duplicate || again) throw commentError('GAZ_ERR_COMMENT_DUPLICATE');
      return undefined;
    }
    const [same] = await sameComment(ctx.trx, input.articleId, input.email, input.author, input.body);
    if (same) throw commentError('GAZ_ERR_COMMENT_DUPLICATE');
    return undefined;
  },
};
