/**
 * What the comment section of an article page shows: one page of the thread (`comments.per_page`
 * top-level comments with all their replies, in `comments.order`), the comment replied to
 * (`?replytocom=ID`), the writer's own held comment (`?unapproved=ID&moderation-hash=…`) and the
 * form's token. Held comments appear nowhere else.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from '../runtime/deps.js';
import type { SiteView } from '../views/site-view.js';
import type { SiteSettings } from '../settings/definitions.js';
import type { ArticleFull, PublicComment } from '../content/queries.js';
import { articlePermalink } from '../content/permalinks.js';
import { issueFormToken } from './form-token.js';
import type { CommentsProps, FormState } from './views.js';
import { newestApproved } from './live.js';
import { approvedComment, onSnapshot, orderOf, pageOfComment, pageOfTopLevel, threadPage, threadSize, type AvatarKey } from './thread.js';

export interface ConversationOptions {
  /** Comment page (1: the article URL itself). */
  page: number;
  /** The request's query: `replytocom`, `unapproved`, `moderation-hash`. */
  query?: Record<string, string | undefined>;
  /** A refused submission: what was typed and the errors. */
  form?: FormState;
  /** The refused submission's token, still good: kept so the time already spent on the form counts. */
  keepToken?: string;
}

export interface Conversation {
  props: Omit<CommentsProps, 'site' | 'article' | 'open'>;
  /** The page shows something for this visitor only (their held comment): never cache or share it. */
  personal: boolean;
}

/** The secret that lets a held comment's writer, and nobody else, see it (WordPress's moderation-hash). */
export function moderationHash(deps: Deps, commentId: number): string {
  return deps.keyedHash('moderation-hash', String(commentId));
}

/** Where a held comment's writer is sent: the article, with the link that shows them their comment. */
export function heldCommentUrl(deps: Deps, permalink: string, commentId: number): string {
  return `${permalink}?unapproved=${commentId}&moderation-hash=${moderationHash(deps, commentId)}#comment-${commentId}`;
}

/** The page (1-based) that shows approved comment `commentId` of `articleId` (`parentId`: see {@link pageOfComment}). */
export function commentPageOf(deps: Deps, settings: SiteSettings, articleId: number, commentId: number, parentId?: number | null): Promise<number> {
  return onSnapshot(deps.kysely, (db) => pageOfComment(db, articleId, commentId, orderOf(settings), settings['comments.per_page'], parentId));
}

/**
 * The page that shows approved comment `c`, just posted: a top-level one in one statement
 * (../thread.ts `pageOfTopLevel`), a reply through its chain of parents.
 */
export function newCommentPageOf(
  deps: Deps,
  settings: SiteSettings,
  c: { articleId: number; id: number; parentId: number | null; createdAt?: number },
): Promise<number> {
  if (c.parentId !== null || c.createdAt === undefined) return commentPageOf(deps, settings, c.articleId, c.id, c.parentId);
  return pageOfTopLevel(deps.kysely, c.articleId, c.id, c.createdAt, orderOf(settings), settings['comments.per_page']);
}

/** The comment section's content, or null when page `o.page` does not exist. */
export async function loadConversation(deps: Deps, site: SiteView, article: ArticleFull, o: ConversationOptions): Promise<Conversation | null> {
  const avatarKey: AvatarKey = (id) => deps.keyedHash('avatar', `comment:${id}`);
  const per = site.settings['comments.per_page'];
  const q = o.query ?? {};
  const replyToId = Number(q.replytocom);
  const read = await onSnapshot(deps.kysely, async (db) => {
    const { approved, roots, pages } = await threadSize(db, article.id, per);
    if (o.page > pages) return null;
    const [comments, replyTo, pending, newest] = await Promise.all([
      approved ? threadPage(db, { articleId: article.id, order: orderOf(site.settings), page: o.page, per, roots, avatarKey }) : [],
      replyToId > 0 && Number.isSafeInteger(replyToId) ? approvedComment(db, article.id, replyToId, avatarKey) : undefined,
      heldComment(deps, db, article.id, q.unapproved, q['moderation-hash'], avatarKey),
      newestApproved(db, article.id),
    ]);
    return { approved, pages, comments, replyTo, pending, newest };
  });
  if (!read) return null;
  const { approved, pages, comments, replyTo, pending, newest } = read;

  return {
    props: {
      comments,
      total: approved,
      pagination: { current: o.page, total: pages, base: articlePermalink(article, site.settings['site.timezone']) },
      replyTo,
      pending,
      form: o.form,
      token: o.keepToken ? { value: o.keepToken, refresh: false } : { value: issueFormToken(deps.secret, article.id, site.now), refresh: true },
      script: site.assets.comments,
      live: site.assets.live ? { newest, script: site.assets.live } : undefined,
    },
    personal: !!pending,
  };
}

/** The held comment `id` of the article, if `hash` proves the visitor wrote it. */
async function heldComment(
  deps: Deps,
  db: Kysely<Database>,
  articleId: number,
  id: string | undefined,
  hash: string | undefined,
  avatarKey: AvatarKey,
): Promise<PublicComment | undefined> {
  if (!id || !hash || !/^\d{1,15}$/.test(id)) return undefined;
  const expected = Buffer.from(moderationHash(deps, Number(id)));
  const given = Buffer.from(hash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const r = await db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author', 'email', 'url', 'body', 'created_at', 'user_id'])
    .where('id', '=', Number(id))
    .where('article_id', '=', articleId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    parent_id: r.parent_id,
    author: r.author,
    url: r.url,
    body: r.body,
    created_at: r.created_at,
    avatar_key: avatarKey(r.id),
    staff: r.user_id !== null,
  };
}
