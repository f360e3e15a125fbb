/**
 * Restoring a revision (or an autosave): its headline, dek, excerpt and body become the article's
 * text again, as a new save; the status, date and slug stay as they are.
 */
import type { ArticleType } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { ArticleError } from './errors.js';
import { revisionById } from './revisions.js';
import { canEdit, type Writer } from './rules.js';
import { afterWrite, loadArticle, rewrite } from './save.js';

export async function restoreRevision(deps: Deps, writer: Writer, type: ArticleType, articleId: number, revisionId: number): Promise<void> {
  const now = deps.clock.now();
  const tz = (await deps.settings.all())['site.timezone'];
  await deps.write(async (trx, stale) => {
    const l = await loadArticle(trx, articleId);
    if (!l || l.article.type !== type) throw new ArticleError('GAZ_ERR_ARTICLE_NOT_FOUND');
    if (!canEdit(writer, { type, status: l.article.status, authorIds: l.authorIds })) throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
    const r = await revisionById(trx, articleId, revisionId);
    // Someone else's autosave is theirs alone.
    if (!r || (r.kind === 'autosave' && r.user_id !== writer.id)) throw new ArticleError('GAZ_ERR_ARTICLE_NOT_FOUND');
    await rewrite(trx, stale, l, { headline: r.headline, dek: r.dek, excerpt: r.excerpt, body: r.body }, now, tz);
    await afterWrite(trx, articleId, writer.id, now);
  });
}
