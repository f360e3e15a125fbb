/**
 * First: is there an open article to comment on? A missing, unpublished or future article is
 * 404; one closed by hand or by `comments.close_after_days` is 403.
 */
import { visible } from '../../content/queries.js';
import { prepared } from '../../db/prepared.js';
import { commentError } from '../errors.js';
import { sharedRead, type ArticleRow, type Phase } from './context.js';

const DAY_MS = 86_400_000;

/** Open unless closed on the article or by the close-after-days setting (0: never). */
export function commentsAreOpen(open: boolean, publishedAt: number, closeAfterDays: number, now: number): boolean {
  return open && (!closeAfterDays || now < publishedAt + closeAfterDays * DAY_MS);
}

/** The article a reader may comment on at `now`, if there is one. */
const readArticle = prepared(2, (db, id: number, now: number) =>
  db
    .selectFrom('articles')
    .select(['id', 'published_at', 'comments_open', 'slug', 'type'])
    .where('id', '=', id)
    .where('type', '=', 'article')
    .where(visible(now)),
);

/** The key of an article's read among a batch's shared reads (./context.ts `sharedRead`). */
export const articleKey = (id: number) => `article:${id}`;

export const closed: Phase = {
  name: 'closed',
  async run(ctx) {
    const row = await sharedRead<ArticleRow | undefined>(
      ctx,
      articleKey(ctx.input.articleId),
      async () => (await readArticle(ctx.trx, ctx.input.articleId, ctx.now))[0],
    );
    if (!row || row.published_at === null) throw commentError('GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND');
    ctx.article = { id: row.id, published_at: row.published_at, comments_open: !!row.comments_open, slug: row.slug, type: row.type };
    if (!commentsAreOpen(!!row.comments_open, row.published_at, ctx.settings['comments.close_after_days'], ctx.now)) {
      throw commentError('GAZ_ERR_COMMENT_CLOSED');
    }
    return undefined;
  },
};
