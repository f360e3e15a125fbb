/**
 * A reply must answer an approved comment of the same article. Replies deeper than
 * `comments.thread_depth` attach at the deepest allowed level (to the ancestor one level up), as
 * a conversation that has reached the bottom of the page continues beside its last message.
 */
import { commentError } from '../errors.js';
import type { Phase } from './context.js';
import { prepared } from '../../db/prepared.js';

const commentById = prepared(1, (db, id: number) => db.selectFrom('comments').select(['id', 'article_id', 'status', 'parent_id']).where('id', '=', id));

/** Imported threads can be deep; the walk up stops here (a cycle, or absurd depth). */
const MAX_WALK = 200;

export const thread: Phase = {
  name: 'thread',
  async run(ctx) {
    const posted = ctx.input.parentId;
    if (posted === null) return undefined;
    const [parent] = await commentById(ctx.trx, posted);
    if (parent?.status !== 'approved' || parent.article_id !== ctx.article!.id) throw commentError('GAZ_ERR_COMMENT_PARENT_INVALID');

    // The parent's ancestors, nearest first: chain[i] sits at depth chain.length - i.
    const chain = [parent.id];
    let up = parent.parent_id;
    while (up !== null && chain.length < MAX_WALK && !chain.includes(up)) {
      const [row] = await commentById(ctx.trx, up);
      if (!row) break;
      chain.push(up);
      up = row.parent_id;
    }
    const maxDepth = ctx.settings['comments.thread_depth'];
    const depth = chain.length + 1;
    if (depth <= maxDepth) ctx.parentId = parent.id;
    else ctx.parentId = maxDepth <= 1 ? null : chain[chain.length - (maxDepth - 1)];
    return undefined;
  },
};
