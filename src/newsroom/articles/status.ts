/**
 * Changing only an article's status: publish, unpublish (back to draft), trash and restore.
 * Each goes through `updateArticle`, so the pages that showed the article render again, and
 * each is recorded as a revision.
 */
import type { ArticleType } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { ArticleError } from './errors.js';
import { afterWrite, loadArticle, rewrite } from './save.js';
import { allowedStatuses, canEdit, canTrash, type Writer } from './rules.js';

export type StatusAction = 'publish' | 'unpublish' | 'trash' | 'restore';

/**
 * Applies `action` to article `id` as `writer`. Throws {@link ArticleError} when the article does
 * not exist (or is of another type) or the writer may not do it.
 */
export async function changeStatus(deps: Deps, writer: Writer, type: ArticleType, id: number, action: StatusAction): Promise<void> {
  const now = deps.clock.now();
  const tz = (await deps.settings.all())['site.timezone'];
  await deps.write(async (trx, stale) => {
    const l = await loadArticle(trx, id);
    if (!l || l.article.type !== type) throw new ArticleError('GAZ_ERR_ARTICLE_NOT_FOUND');
    const access = { type, status: l.article.status, authorIds: l.authorIds };
    const a = l.article;
    switch (action) {
      case 'publish': {
        if (!canEdit(writer, access)) throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
        if (!allowedStatuses(writer, type).includes('published')) throw new ArticleError('GAZ_ERR_ARTICLE_STATUS_FORBIDDEN');
        if (a.status === 'trash') throw new ArticleError('GAZ_ERR_ARTICLE_INVALID', { status: 'Restore the article from the trash first.' });
        if (a.featured_media_id !== null) {
          const m = await trx.selectFrom('media').select('alt').where('id', '=', a.featured_media_id).executeTakeFirst();
          if (m && !m.alt.trim()) throw new ArticleError('GAZ_ERR_ARTICLE_ALT_REQUIRED', { featured_alt: 'Describe the featured image first.' });
        }
        // A scheduled article keeps its time; anything else is published now (or at its date).
        const status = a.status === 'scheduled' && (a.published_at ?? 0) > now ? 'scheduled' : 'published';
        await rewrite(trx, stale, l, { status, publishedAt: a.published_at ?? now }, now, tz);
        break;
      }
      case 'unpublish':
        if (!canEdit(writer, access)) throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
        await rewrite(trx, stale, l, { status: 'draft' }, now, tz);
        break;
      case 'trash':
        if (!canTrash(writer, access)) throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
        if (a.status === 'trash') return;
        await rewrite(trx, stale, l, { status: 'trash' }, now, tz);
        await trx.updateTable('articles').set({ trashed_status: a.status }).where('id', '=', id).execute();
        break;
      case 'restore': {
        if (!canTrash(writer, access)) throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
        if (a.status !== 'trash') return;
        // Back to what it was, except that a contributor's restored story waits for review.
        const was = a.trashed_status ?? 'draft';
        const status = allowedStatuses(writer, type).includes(was) ? was : 'draft';
        await rewrite(trx, stale, l, { status }, now, tz);
        await trx.updateTable('articles').set({ trashed_status: null }).where('id', '=', id).execute();
        break;
      }
    }
    await afterWrite(trx, id, writer.id, now);
  });
}

/** Applies `action` to each id; returns how many changed and how many were refused. */
export async function bulkChangeStatus(
  deps: Deps,
  writer: Writer,
  type: ArticleType,
  ids: number[],
  action: StatusAction,
): Promise<{ done: number; refused: number }> {
  let done = 0;
  let refused = 0;
  for (const id of ids.slice(0, 500)) {
    try {
      await changeStatus(deps, writer, type, id, action);
      done++;
    } catch (err) {
      if (!(err instanceof ArticleError)) throw err;
      refused++;
    }
  }
  return { done, refused };
}
