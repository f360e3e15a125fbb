/**
 * A comment with `comments.max_links` links or more (0: off) waits for a moderator. Links are
 * counted as readers would see them: the rendered comment's anchors, typed or auto-linked.
 */
import { renderCommentBody } from '../render.js';
import type { Phase } from './context.js';

/** How many links the comment shows once rendered. */
export function countLinks(body: string): number {
  // Anchors come only from a typed tag or an http(s) address (which an entity can spell): without
  // `<`, `&` or `http` there is none, and the text need not be rendered.
  if (!MAY_LINK.test(body)) return 0;
  return renderCommentBody(body).match(/<a\s/gi)?.length ?? 0;
}

const MAY_LINK = /[<&]|http/i;

export const linkCount: Phase = {
  name: 'link-count',
  pure: true,
  run(ctx) {
    const max = ctx.settings['comments.max_links'];
    if (!max) return undefined;
    const n = countLinks(ctx.input.body);
    return n >= max ? { status: 'pending', reason: `${n} links (holding at ${max})` } : undefined;
  },
};
