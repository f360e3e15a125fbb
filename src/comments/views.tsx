/**
 * The conversation under an article: the threaded list of approved comments and "Leave a Reply".
 */
import { h, Fragment, raw, type Html } from '../kernel/jsx.js';
import { formatDate, isoLocal } from '../content/dates.js';
import { articlePermalink } from '../content/permalinks.js';
import type { ArticleFull, PublicComment } from '../content/queries.js';
import type { SiteView } from '../views/site-view.js';
import { renderCommentBody } from './render.js';

/** What the visitor typed, kept on a 422, and the errors beside each field. */
export interface FormState {
  author?: string;
  email?: string;
  url?: string;
  comment?: string;
  remember?: boolean;
  notify?: boolean;
  parent_id?: number;
  errors?: Partial<Record<'author' | 'email' | 'url' | 'comment' | 'form', string>>;
}

export interface CommentsProps {
  site: SiteView;
  article: ArticleFull;
  comments: PublicComment[];
  /** The comment being replied to (`?replytocom=ID`), rendered as "Reply to NAME". */
  replyTo?: PublicComment;
  form?: FormState;
  /** Hidden anti-spam fields the form carries (token…). */
  hidden?: Record<string, string>;
  open: boolean;
  /** A held comment shown to its own writer only. */
  pending?: PublicComment;
  /** Approved comments on every page of the thread (the heading's count); `comments.length` when absent. */
  total?: number;
  /** Comment pages (`comment-page-N/`), when the thread has more than one. */
  pagination?: CommentPagination;
  /** The signed form token; `refresh` when the page is shared (cached) and public/comments.js should renew it. */
  token?: { value: string; refresh: boolean };
  /** URL of public/comments.js (the token refresh), when the assets have it. */
  script?: string;
  /** The live conversation (./live.ts): the newest approved comment shown, and public/live.js. */
  live?: { newest: number; script: string };
}

export interface CommentPagination {
  current: number;
  total: number;
  /** The article's permalink: page 1; page N is `${base}comment-page-N/`. */
  base: string;
}

/** The URL of comment page `n` (page 1 is the article itself). */
export function commentPageUrl(base: string, n: number): string {
  return n <= 1 ? base : `${base}comment-page-${n}/`;
}

function CommentPages({ p }: { p: CommentPagination }): Html {
  return (
    <nav class="comment-navigation" aria-label="Comment pages">
      {p.current > 1 ? (
        <a class="comment-nav-previous" href={commentPageUrl(p.base, p.current - 1) + '#comments'} rel="prev">
          Previous comments
        </a>
      ) : null}{' '}
      <span class="comment-nav-position">
        Page {p.current} of {p.total}
      </span>{' '}
      {p.current < p.total ? (
        <a class="comment-nav-next" href={commentPageUrl(p.base, p.current + 1) + '#comments'} rel="next">
          Next comments
        </a>
      ) : null}
    </nav>
  );
}

interface Node {
  c: PublicComment;
  children: Node[];
  /** The writer's own held comment, shown to them alone. */
  mine?: boolean;
}

/**
 * The comments as a tree at most `maxDepth` levels deep. A reply deeper than that is shown beside
 * its parent at the deepest level, as WordPress does with its thread depth: an imported chain
 * 1,500 replies deep renders as one level of 1,496 siblings, never 1,500 nested lists. Built
 * without recursion (a chain that deep would exhaust the stack). The writer's held comment goes
 * where it will stand once approved: under its parent when the parent is on this page, else at
 * the end of the list.
 */
export function thread(comments: PublicComment[], maxDepth: number, pending?: PublicComment): Node[] {
  const byId = new Map<number, Node>();
  const roots: Node[] = [];
  for (const c of comments) byId.set(c.id, { c, children: [] });
  if (pending && !byId.has(pending.id)) byId.set(pending.id, { c: pending, children: [], mine: true });
  // Where each node is shown: its depth (1 = top level) and the node it is listed under.
  const placed = new Map<number, { depth: number; under: Node | null }>();
  const place = (start: Node): void => {
    // Up the parents until one is placed (or a root, or a loop); then place the way back down.
    const chain: Node[] = [];
    const seen = new Set<number>();
    let n: Node | undefined = start;
    while (n && !placed.has(n.c.id) && !seen.has(n.c.id)) {
      seen.add(n.c.id);
      chain.push(n);
      n = n.c.parent_id !== null ? byId.get(n.c.parent_id) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      const parent = node.c.parent_id !== null ? byId.get(node.c.parent_id) : undefined;
      const p = parent && placed.get(parent.c.id);
      if (!parent || !p) placed.set(node.c.id, { depth: 1, under: null });
      else if (p.depth < maxDepth) placed.set(node.c.id, { depth: p.depth + 1, under: parent });
      else placed.set(node.c.id, { depth: p.depth, under: p.under });
    }
  };
  for (const node of byId.values()) {
    place(node);
    const { under } = placed.get(node.c.id)!;
    if (under) under.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Only an absolute http(s) address becomes a link (an import or an old row may hold anything). */
const linkable = (url: string) => /^https?:\/\/[^\s]+$/i.test(url);

/** One comment and its replies. */
export function CommentItem({ site, node, path }: { site: SiteView; node: Node; path: string }): Html {
  const c = node.c;
  const pendingNote = node.mine;
  const tz = site.settings['site.timezone'];
  const name = linkable(c.url) ? (
    <a class="comment-author-name" href={c.url} rel="external nofollow ugc noopener">
      {c.author}
    </a>
  ) : (
    <span class="comment-author-name">{c.author}</span>
  );
  return (
    <li id={`comment-${c.id}`} class={['comment', c.staff ? 'comment-staff' : '', pendingNote ? 'comment-mine comment-held' : ''].filter(Boolean).join(' ')}>
      <article class="comment-body" aria-label={pendingNote ? `Your comment, awaiting moderation` : `Comment by ${c.author}`}>
        <header class="comment-meta">
          <img class="avatar" src={`/avatar/${c.avatar_key}.svg`} alt="" width="40" height="40" loading="lazy" />
          <b class="comment-author">{name}</b>
          {c.staff ? <span class="staff-badge">Staff</span> : null}
          {pendingNote ? <span class="mine-badge">You</span> : null}
          <a class="comment-time" href={`${path}#comment-${c.id}`}>
            <time datetime={isoLocal(c.created_at, tz)}>{formatDate(c.created_at, tz, 'F j, Y \\a\\t g:i a')}</time>
          </a>
        </header>
        {pendingNote ? (
          <p class="comment-awaiting" role="status">
            Your comment is awaiting moderation. Only you can see it until a moderator approves it.
          </p>
        ) : null}
        <div class="comment-content">{raw(renderCommentBody(c.body))}</div>
        {pendingNote ? null : (
          <p class="reply">
            <a
              class="comment-reply-link"
              href={`${path}?replytocom=${c.id}#respond`}
              data-comment-id={c.id}
              data-author={c.author}
              aria-label={`Reply to ${c.author}`}
            >
              Reply
            </a>
          </p>
        )}
      </article>
      {node.children.length ? (
        <ol class="children">
          {node.children.map((n) => (
            <CommentItem site={site} node={n} path={path} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function Field(p: { id: string; label: string; required?: boolean; error?: string; children: Html }): Html {
  return (
    <p class={p.error ? `comment-form-${p.id} has-error` : `comment-form-${p.id}`}>
      <label for={p.id}>
        {p.label}
        {p.required ? (
          <Fragment>
            {' '}
            <span class="required" aria-hidden="true">
              *
            </span>
          </Fragment>
        ) : null}
      </label>
      {p.children}
      {p.error ? (
        <span class="field-error" id={`${p.id}-error`} role="alert">
          {p.error}
        </span>
      ) : null}
    </p>
  );
}

export function CommentForm({
  site,
  article,
  replyTo,
  form = {},
  hidden = {},
  token,
  script,
}: Pick<CommentsProps, 'site' | 'article' | 'replyTo' | 'form' | 'hidden' | 'token' | 'script'>): Html {
  const path = articlePermalink(article, site.settings['site.timezone']);
  const e = form.errors ?? {};
  const describedBy = (id: string) => (e[id as keyof typeof e] ? `${id}-error` : undefined);
  // A refused form opens on its first field in error (the comment itself when the error is the
  // form's as a whole): focused, so it is in view and read out, whichever way the page came back.
  const focus = Object.keys(e).length ? (['comment', 'author', 'email', 'url'].find((f) => e[f as keyof typeof e]) ?? 'comment') : undefined;
  const autofocus = (id: string) => (focus === id ? true : undefined);
  return (
    <div id="respond" class="comment-respond">
      <h2 id="reply-title" class="comment-reply-title">
        <span id="reply-title-text">{replyTo ? `Reply to ${replyTo.author}` : 'Leave a Reply'}</span>{' '}
        {/* Always present so site.js can show it when the form moves under a comment. */}
        <small>
          <a id="cancel-comment-reply-link" href={`${path}#respond`} hidden={replyTo ? undefined : true}>
            Cancel reply
          </a>
        </small>
      </h2>
      <form action="/comments" method="post" id="commentform" class="comment-form" novalidate={Object.keys(e).length ? true : undefined}>
        <p class="comment-notes">
          <span id="email-notes">Your email address will not be published.</span>{' '}
          <a class="privacy-link" href="/privacy/">
            How we use your details
          </a>
          .{' '}
          <span class="required-field-message">
            Required fields are marked <span class="required">*</span>
          </span>
        </p>
        {e.form ? (
          <p class="form-error" role="alert">
            {e.form}
          </p>
        ) : null}
        <Field id="comment" label="Comment" required error={e.comment}>
          <textarea
            id="comment"
            name="comment"
            autofocus={autofocus('comment')}
            cols="45"
            rows="8"
            maxlength="65525"
            required
            aria-required="true"
            aria-invalid={e.comment ? 'true' : undefined}
            aria-describedby={describedBy('comment')}
          >
            {form.comment ?? ''}
          </textarea>
        </Field>
        <Field id="author" label="Name" required error={e.author}>
          <input
            id="author"
            name="author"
            autofocus={autofocus('author')}
            type="text"
            value={form.author ?? ''}
            size="30"
            maxlength="245"
            autocomplete="name"
            required
            aria-required="true"
            aria-invalid={e.author ? 'true' : undefined}
            aria-describedby={describedBy('author')}
          />
        </Field>
        <Field id="email" label="Email" required error={e.email}>
          <input
            id="email"
            name="email"
            autofocus={autofocus('email')}
            type="email"
            value={form.email ?? ''}
            size="30"
            maxlength="100"
            autocomplete="email"
            required
            aria-required="true"
            aria-invalid={e.email ? 'true' : undefined}
            aria-describedby={e.email ? 'email-error email-notes' : 'email-notes'}
          />
        </Field>
        <Field id="url" label="Website" error={e.url}>
          <input
            id="url"
            name="url"
            autofocus={autofocus('url')}
            type="url"
            value={form.url ?? ''}
            size="30"
            maxlength="200"
            autocomplete="url"
            aria-invalid={e.url ? 'true' : undefined}
            aria-describedby={describedBy('url')}
          />
        </Field>
        <p class="comment-form-cookies-consent">
          <input id="remember" name="remember" type="checkbox" value="yes" checked={form.remember || undefined} />{' '}
          <label for="remember">Save my name, email, and website in this browser for the next time I comment.</label>
        </p>
        <p class="comment-form-notify">
          <input id="notify" name="notify" type="checkbox" value="yes" checked={form.notify || undefined} />{' '}
          <label for="notify">Notify me of replies by email.</label>
        </p>
        <p class="comment-form-hp" aria-hidden="true">
          <label for="hp-website">Leave this field empty</label>
          <input id="hp-website" name="hp_website" type="text" value="" tabindex="-1" autocomplete="off" />
        </p>
        <p class="form-submit">
          <button type="submit" id="submit" class="submit">
            Post Comment
          </button>
          <input type="hidden" name="article_id" value={article.id} />
          <input type="hidden" name="parent_id" id="parent_id" value={replyTo ? replyTo.id : (form.parent_id ?? 0)} />
          {Object.entries(hidden).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {token ? (
            <input type="hidden" name="form_token" value={token.value} data-refresh={token.refresh ? `/comments/token?article=${article.id}` : undefined} />
          ) : null}
        </p>
      </form>
      {script ? <script src={script} defer></script> : null}
    </div>
  );
}

export function CommentsSection(p: CommentsProps): Html {
  // On comment page N, comment links and reply links stay on that page.
  const path = p.pagination ? commentPageUrl(p.pagination.base, p.pagination.current) : articlePermalink(p.article, p.site.settings['site.timezone']);
  const roots = thread(p.comments, p.site.settings['comments.thread_depth'], p.pending);
  const n = p.total ?? p.comments.length;
  const pages = p.pagination && p.pagination.total > 1 ? p.pagination : undefined;
  // Where a new top-level comment lands, for public/live.js when it is on another comment page.
  const newestPage = pages && commentPageUrl(pages.base, p.site.settings['comments.order'] === 'newest' ? 1 : pages.total);
  return (
    <section
      id="comments"
      class="comments-area"
      aria-labelledby="comments-title"
      data-live={p.live ? `/comments/live?article=${p.article.id}&since=${p.live.newest}` : undefined}
      data-newest-page={p.live && newestPage ? newestPage + '#comments' : undefined}
    >
      <h2 id="comments-title" class="comments-title">
        {n === 0 ? 'No comments yet' : n === 1 ? `One response to “${p.article.headline}”` : `${n} responses to “${p.article.headline}”`}
      </h2>
      {roots.length || p.pending ? (
        <ol class="comment-list">
          {roots.map((node) => (
            <CommentItem site={p.site} node={node} path={path} />
          ))}
        </ol>
      ) : null}
      {p.pagination && p.pagination.total > 1 ? <CommentPages p={p.pagination} /> : null}
      {p.open ? (
        <CommentForm site={p.site} article={p.article} replyTo={p.replyTo} form={p.form} hidden={p.hidden} token={p.token} script={p.script} />
      ) : (
        <p class="comments-closed">Comments are closed.</p>
      )}
      {p.live ? <script src={p.live.script} defer></script> : null}
    </section>
  );
}
