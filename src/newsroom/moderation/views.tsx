/**
 * The moderation queue: tabs by status with counts, a bulk-action bar, and one row per comment
 * with everything a moderator weighs (article, name, email, website, IP hash, when, which phase
 * decided and why) and the actions that fit its status.
 */
import type { FastifyRequest } from 'fastify';
import { h, type Html } from '../../kernel/jsx.js';
import type { CommentStatus } from '../../db/schema.js';
import { articlePermalink } from '../../content/permalinks.js';
import type { NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { Field, PageHeader, When } from '../views/forms.js';
import { historyKey, QUEUE_STATUSES, type History, type ParentQuote, type QueueItem } from './queries.js';
import type { ModerationAction } from './actions.js';

const LABELS: Record<CommentStatus, string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };

const ACTION_LABELS: Record<ModerationAction, string> = {
  approve: 'Approve',
  unapprove: 'Back to the queue',
  spam: 'Spam',
  notspam: 'Not spam',
  trash: 'Trash',
  restore: 'Restore',
  delete: 'Delete permanently',
};

/** The bulk menu, read after "With the selected comments:". */
const BULK_LABELS: Record<ModerationAction, string> = {
  approve: 'Approve them',
  unapprove: 'Send them back to the queue',
  spam: 'Mark them as spam',
  notspam: 'Approve them (not spam)',
  trash: 'Move them to the trash',
  restore: 'Put them back in the queue',
  delete: 'Delete them for good',
};

const excerpt = (text: string, max = 220) =>
  text.length <= max ? text : text.slice(0, text.lastIndexOf(' ', max) > max * 0.6 ? text.lastIndexOf(' ', max) : max) + '…';

function HistoryLine({ record }: { record: History | undefined }): Html {
  const r = record;
  if (!r || r.approved + r.pending + r.spam + r.trash <= 1) return <p class="history">First comment from this address.</p>;
  return (
    <p class="history">
      History: {r.approved} approved · {r.pending} held · {r.spam} spam{r.trash ? ` · ${r.trash} trashed` : ''}
    </p>
  );
}

/** The actions offered for a comment in each status (also the bulk menu). */
export const ACTIONS_FOR: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['notspam', 'trash', 'delete'],
  trash: ['restore', 'spam', 'delete'],
};

/** Keyboard shortcut per action (admin.js reads `data-key`). */
const KEYS: Partial<Record<ModerationAction, string>> = { approve: 'a', notspam: 'a', spam: 's', trash: 't', unapprove: 'u', restore: 'r' };

function articleLink(c: QueueItem, tz: string): Html {
  const live = c.article_status === 'published' && c.published_at !== null;
  return live ? (
    <a href={articlePermalink({ type: c.article_type, slug: c.article_slug, published_at: c.published_at }, tz) + `#comment-${c.id}`}>{c.headline}</a>
  ) : (
    <a href={`/admin/articles/${c.article_id}`}>{c.headline}</a>
  );
}

function Row({
  c,
  tz,
  back,
  ctx,
  req,
  parent,
  history,
}: {
  c: QueueItem;
  tz: string;
  back: string;
  ctx: NewsroomContext;
  req: FastifyRequest;
  parent?: ParentQuote;
  history?: History;
}): Html {
  const formId = `act-${c.id}`;
  return (
    <li class="queue-item" id={`c-${c.id}`} data-comment-id={c.id} tabindex="-1">
      <div class="queue-select">
        <input type="checkbox" name="ids" value={c.id} form="bulk" id={`sel-${c.id}`} />
        <label for={`sel-${c.id}`} class="visually-hidden">
          Select the comment by {c.author}
        </label>
      </div>
      <div class="queue-meta">
        <p class="queue-author">
          <strong>{c.author || 'Anonymous'}</strong>
          {c.user_id !== null ? <span class="badge">staff</span> : null}
        </p>
        <HistoryLine record={history} />
        <dl>
          <dt>Email</dt>
          <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</dd>
          <dt>Website</dt>
          <dd>
            {c.url ? (
              <a href={c.url} rel="nofollow noopener noreferrer">
                {c.url}
              </a>
            ) : (
              '—'
            )}
          </dd>
          <dt>IP hash</dt>
          <dd>
            <code>{c.ip_hash || '—'}</code>
          </dd>
          <dt>When</dt>
          <dd>
            <When ms={c.created_at} tz={tz} />
          </dd>
          <dt>Decided by</dt>
          <dd>
            {c.decided_by || '—'}
            {c.reason ? `: ${c.reason}` : ''}
          </dd>
        </dl>
      </div>
      <div class="queue-body">
        <p class="on-story">
          On <strong>{articleLink(c, tz)}</strong>
        </p>
        {parent ? (
          <figure class="in-reply">
            <figcaption>
              In reply to {parent.author || 'Anonymous'}
              {parent.status !== 'approved' ? ` (${LABELS[parent.status].toLowerCase()})` : ''}:
            </figcaption>
            <blockquote>{excerpt(parent.body)}</blockquote>
          </figure>
        ) : c.parent_id !== null ? (
          <p class="in-reply">In reply to a comment that has been deleted.</p>
        ) : null}
        {c.body.split(/\n{2,}/).map((p) => (
          <p>{p}</p>
        ))}
        <form method="post" action={`/admin/comments/${c.id}/moderate`} id={formId} class="queue-actions">
          <CsrfField ctx={ctx} req={req} />
          <input type="hidden" name="back" value={back} />
          {ACTIONS_FOR[c.status].map((a) => (
            <button type="submit" name="action" value={a} data-key={KEYS[a]} class={`act act-${a}`}>
              {ACTION_LABELS[a]}
            </button>
          ))}
          <a href={`/admin/comments/${c.id}/edit`} class="act">
            Edit
          </a>
        </form>
        <details class="queue-reply">
          <summary>Reply</summary>
          <form method="post" action={`/admin/comments/${c.id}/reply`}>
            <CsrfField ctx={ctx} req={req} />
            <input type="hidden" name="back" value={back} />
            <Field name="body" id={`reply-${c.id}`} label={`Reply to ${c.author} as staff`} rows={4} required />
            <button type="submit" class="primary">
              Publish reply
            </button>
          </form>
        </details>
      </div>
    </li>
  );
}

export interface QueueViewProps {
  ctx: NewsroomContext;
  req: FastifyRequest;
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  items: QueueItem[];
  parents: Map<number, ParentQuote>;
  history: Map<string, History>;
  page: number;
  more: boolean;
  tz: string;
}

export function QueueView(p: QueueViewProps): Html {
  const back = `/admin/comments?status=${p.status}${p.page > 1 ? `&page=${p.page}` : ''}`;
  return (
    <section class="queue" aria-labelledby="queue-title">
      <PageHeader title="Comments" />
      <h2 id="queue-title" class="visually-hidden">
        {LABELS[p.status]} comments
      </h2>
      <nav class="tabs" aria-label="Comment status">
        <ul>
          {QUEUE_STATUSES.map((s) => (
            <li>
              <a href={`/admin/comments?status=${s}`} aria-current={s === p.status ? 'page' : undefined}>
                {LABELS[s]}{' '}
                <span class="count" data-status-count={s}>
                  ({p.counts[s]})
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="bulk-bar">
        <form method="post" action="/admin/comments/bulk" id="bulk">
          <CsrfField ctx={p.ctx} req={p.req} />
          <input type="hidden" name="back" value={back} />
          <label for="bulk-action">With the selected comments:</label>
          <select name="action" id="bulk-action">
            {ACTIONS_FOR[p.status].map((a) => (
              <option value={a}>{BULK_LABELS[a]}</option>
            ))}
          </select>
          <button type="submit">Apply</button>
          <button type="button" class="link select-all" hidden>
            Select all
          </button>
        </form>
        {p.status === 'spam' && p.counts.spam > 0 ? (
          <form method="post" action="/admin/comments/empty-spam" class="inline">
            <CsrfField ctx={p.ctx} req={p.req} />
            <button type="submit" class="danger">
              Empty spam ({p.counts.spam})
            </button>
          </form>
        ) : null}
      </div>
      <p class="shortcuts-help" hidden>
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>s</kbd> spam, <kbd>t</kbd> trash, <kbd>x</kbd> select.
      </p>
      {p.items.length ? (
        <ol class="queue-list">
          {p.items.map((c) => (
            <Row
              c={c}
              tz={p.tz}
              back={back}
              ctx={p.ctx}
              req={p.req}
              parent={c.parent_id !== null ? p.parents.get(c.parent_id) : undefined}
              history={p.history.get(historyKey(c))}
            />
          ))}
        </ol>
      ) : (
        <p class="empty">No {LABELS[p.status].toLowerCase()} comments.</p>
      )}
      <nav class="pager" aria-label="Pages">
        {p.page > 1 ? <a href={`/admin/comments?status=${p.status}&page=${p.page - 1}`}>Newer</a> : null}
        {p.more ? <a href={`/admin/comments?status=${p.status}&page=${p.page + 1}`}>Older</a> : null}
      </nav>
    </section>
  );
}

export function EditCommentView(p: {
  ctx: NewsroomContext;
  req: FastifyRequest;
  c: QueueItem;
  values: { author: string; email: string; url: string; body: string };
  errors: Record<string, string>;
}): Html {
  return (
    <section aria-labelledby="edit-title">
      <h1 id="edit-title">Edit comment {p.c.id}</h1>
      <p>On “{p.c.headline}”.</p>
      <form method="post" action={`/admin/comments/${p.c.id}/edit`}>
        <CsrfField ctx={p.ctx} req={p.req} />
        <Field name="author" label="Name" value={p.values.author} error={p.errors.author} required />
        <Field name="email" label="Email" type="email" value={p.values.email} error={p.errors.email} />
        <Field name="url" label="Website" type="url" value={p.values.url} error={p.errors.url} />
        <Field name="body" label="Comment" rows={10} value={p.values.body} error={p.errors.body} required />
        <button type="submit" class="primary">
          Save
        </button>{' '}
        <a href={`/admin/comments?status=${p.c.status}`}>Cancel</a>
      </form>
    </section>
  );
}
