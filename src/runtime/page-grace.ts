/**
 * How long a page may still be served after what it shows changed (its grace), and when it is
 * rendered again meanwhile: the rules ./page-cache.ts applies, by tag.
 */
import type { PageEntry } from './page-entry.js';

/** The longest other readers see a story's own pages without a comment approved on it. */
export const STORY_BOUND_MS = 1000;
/** The soonest a story's page is rendered again after its last render ({@link refreshFor}). */
export const STORY_SETTLE_MS = 600;
/** Room left before the bound to render again: 4 × the last render's time, at least 150 ms. */
const RENDER_ROOM_FACTOR = 4;
const RENDER_ROOM_MS = 150;
/** The longest a comment count on another page's card may lag. */
export const CARD_BOUND_MS = 5000;
export const CARD_SETTLE_MS = 2500;

export interface Grace {
  /** Earliest re-render after the entry's own render (rate bound under a stream of changes). */
  settle: number;
  /** Latest moment, after the change, at which another reader may still get the old page. */
  bound: number;
}
export const IMMEDIATE: Grace = { settle: 0, bound: 0 };
const STORY: Grace = { settle: STORY_SETTLE_MS, bound: STORY_BOUND_MS };
const CARD: Grace = { settle: CARD_SETTLE_MS, bound: CARD_BOUND_MS };

/**
 * How long pages carrying `tag` may be served after it changed. Only what a reader's approved
 * comment changes has any grace (see {@link commentTags}); every edit is fresh at once.
 */
export function graceOf(tag: string): Grace {
  if (tag.startsWith('comments:')) return STORY;
  if (tag.startsWith('count:')) return CARD;
  return IMMEDIATE;
}

/** Tags of a page showing the card of article `id` (its headline and its comment count). */
export function cardTags(id: number): string[] {
  return [`article:${id}`, `count:${id}`];
}

/** Tags of an article's own pages that a reader's comment changes (besides `article:id`). */
export function storyTag(id: number): string {
  return `comments:${id}`;
}

/**
 * What a reader's approved comment on article `id` makes stale: its story's pages, the comment
 * feeds, and the cards counting its comments, each within its grace. A moderator's decision names
 * `article:id` instead, fresh at once everywhere.
 */
export function commentTags(id: number): string[] {
  return [storyTag(id), `count:${id}`, COMMENT_FEEDS];
}

/** Carried by the comment feeds beside `comments-feed` (which a moderator's decision names). */
export const COMMENT_FEEDS = 'comments:feeds';

/**
 * When stale `e` is rendered again: not before its settle, else as late as its bound counted from
 * its last render allows, with room for a slow render (renders slow down under load, and one not
 * stored by the bound makes readers wait). Under a stream of comments a quick page renders every
 * ~850 ms, not 600 (0.7× the renders); a slow one, or one whose render time is unknown, at the
 * settle; one whose last render is older than its bound (a comment after a quiet spell), at once.
 */
export function refreshFor(e: PageEntry, now: number, grace: Grace): number {
  const took = e.renderedFrom ? e.storedAt - e.renderedFrom : Infinity;
  const room = Math.max(RENDER_ROOM_MS, RENDER_ROOM_FACTOR * took);
  return Math.max(now, e.storedAt + grace.settle, Math.min(e.serveUntil, e.storedAt + grace.bound) - room);
}
