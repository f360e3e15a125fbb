/**
 * An item's comments, with their threads, statuses and authors. The IP address is stored only as a
 * keyed hash, as for comments posted here. They are written in batches (comment-queue.ts), which
 * also links each reply to its parent.
 */
import type { CommentStatus } from '../../db/schema.js';
import type { ImportContext } from './context.js';
import type { WxrComment } from './records.js';
import { plainText, truncateWords } from '../../content/render-body.js';
import { commentStatus, webUrl, wpDate, wpId } from './values.js';

/** Queues the comments of article `articleId` (see comment-queue.ts); returns how many will come in. */
export async function importComments(ctx: ImportContext, articleId: number, postId: string, comments: WxrComment[]): Promise<number> {
  // WordPress ids grow with time, so in id order parents nearly always precede their replies.
  const ordered = comments.length > 1 ? [...comments].sort((a, b) => Number(a.id) - Number(b.id)) : comments;
  let n = 0;
  for (const c of ordered) {
    const wp = wpId(c.id);
    const type = c.type || 'comment';
    if (wp === null) {
      ctx.summary.skipped.push({ id: `${postId}/comment`, reason: 'comment without wp:comment_id' });
      continue;
    }
    const status: CommentStatus | null = commentStatus(c.approved);
    if (status === null) {
      ctx.summary.skipped.push({ id: `${postId}/comment-${c.id}`, reason: `comment status ${c.approved || '(none)'} is unknown` });
      continue;
    }
    // Pingbacks and trackbacks are notices from other sites, not reader comments: kept as mentions.
    if (type === 'pingback' || type === 'trackback') {
      await importMention(ctx, articleId, c, wp, type, status);
      continue;
    }
    if (type !== 'comment') {
      ctx.summary.skipped.push({ id: `${postId}/comment-${c.id}`, reason: `comment type ${type} is not imported` });
      continue;
    }
    const userWp = wpId(c.userId);
    await ctx.comments.add({
      row: {
        article_id: articleId,
        parent_id: null,
        author: c.author,
        email: c.email.trim().toLowerCase(),
        url: webUrl(c.url),
        body: c.content,
        status,
        created_at: wpDate(c.dateGmt, c.date, ctx.tz) ?? ctx.now,
        ip_hash: c.ip ? (c.ipHash ?? ctx.deps.keyedHash('ip', c.ip)) : '',
        user_id: userWp !== null ? (ctx.usersByWpId.get(userWp) ?? null) : null,
        decided_by: 'import',
        reason: `WordPress status ${c.approved}`,
        wp_id: wp,
      },
      parentWp: wpId(c.parent),
      spam: status === 'spam' ? { author: c.author, url: c.url, body: c.content, email: c.email } : undefined,
    });
    n++;
  }
  await ctx.comments.maybeFlush();
  ctx.summary.comments += n;
  return n;
}

/** A pingback or trackback: the linking site's address and title, its excerpt, WordPress's status. */
async function importMention(ctx: ImportContext, articleId: number, c: WxrComment, wp: number, kind: 'pingback' | 'trackback', status: CommentStatus) {
  const row = {
    article_id: articleId,
    kind,
    source_url: webUrl(c.url),
    title: c.author.trim().slice(0, 300),
    excerpt: truncateWords(plainText(c.content), 300),
    status,
    created_at: wpDate(c.dateGmt, c.date, ctx.tz) ?? ctx.now,
    wp_id: wp,
  };
  await ctx.trx
    .insertInto('mentions')
    .values(row)
    .onConflict((oc) => oc.column('wp_id').doUpdateSet({ ...row }))
    .execute();
  ctx.summary.mentions = (ctx.summary.mentions ?? 0) + 1;
}
