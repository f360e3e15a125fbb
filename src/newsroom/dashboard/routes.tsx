/**
 * The dashboard: what the site holds, comments waiting, recent drafts and what is scheduled.
 */
import { h, type Html } from '../../kernel/jsx.js';
import { collectStats } from '../../content/stats.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { signedIn } from '../context.js';
import { can } from '../access.js';
import { PageHeader, When } from '../views/forms.js';
import { renderAdmin } from '../views/page.js';
import { queuePage } from '../moderation/queries.js';
import { truncateWords } from '../../content/render-body.js';

/** Statuses and kinds as the dashboard says them. */
const WORDS: Record<string, string> = {
  published: 'published',
  scheduled: 'scheduled',
  draft: 'drafts',
  pending: 'waiting for review',
  private: 'private',
  trash: 'in the trash',
  approved: 'approved',
  spam: 'spam',
  sections: 'sections',
  tags: 'tags',
  authors: 'authors',
  users: 'accounts',
  media: 'images',
};

/** "1 image", "2 images": the plural words above, made singular for one. */
const one = (n: number, word: string) => (n === 1 && /^(?:sections|tags|authors|accounts|images|drafts)$/.test(word) ? word.slice(0, -1) : word);

function Counts({ title, counts, pendingWord }: { title: string; counts: Record<string, number>; pendingWord?: string }): Html {
  const entries = Object.entries(counts);
  return (
    <div class="stat">
      <h3>{title}</h3>
      {entries.length ? (
        <ul>
          {entries.map(([k, v]) => (
            <li>
              <strong>{v}</strong> {k === 'pending' && pendingWord ? pendingWord : one(v, WORDS[k] ?? k)}
            </li>
          ))}
        </ul>
      ) : (
        <p>None yet.</p>
      )}
    </div>
  );
}

export const dashboardRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/', 'contributor', NO_INPUT, async (ctx, req, reply) => {
    const { deps } = ctx;
    const me = signedIn(req).user;
    const tz = (await deps.settings.all())['site.timezone'];
    const now = deps.clock.now();
    const stats = await collectStats(deps);
    const moderator = can(me.role, 'moderate_comments');
    const pending = moderator ? await queuePage(deps.kysely, 'pending', 1, 5) : [];
    // Contributors and authors see their own drafts; editors see everyone's.
    let drafts = deps.kysely.selectFrom('articles').select(['id', 'headline', 'status', 'updated_at']).where('status', 'in', ['draft', 'pending']);
    if (!can(me.role, 'edit_others_articles'))
      drafts = drafts.where('id', 'in', deps.kysely.selectFrom('article_authors').select('article_id').where('user_id', '=', me.id));
    const recentDrafts = await drafts.orderBy('updated_at', 'desc').limit(8).execute();
    const scheduled = await deps.kysely
      .selectFrom('articles')
      .select(['id', 'headline', 'published_at'])
      .where((eb) => eb.or([eb('status', '=', 'scheduled'), eb.and([eb('status', '=', 'published'), eb('published_at', '>', now)])]))
      .orderBy('published_at', 'asc')
      .limit(8)
      .execute();
    return renderAdmin(ctx, req, reply, {
      title: 'Dashboard',
      current: 'dashboard',
      body: (
        <div class="dashboard">
          <PageHeader title="Dashboard">
            <a class="button primary" href="/admin/articles/new">
              New article
            </a>
          </PageHeader>
          <section aria-labelledby="at-a-glance">
            <h2 id="at-a-glance">At a glance</h2>
            <div class="stats">
              <Counts title="Articles" counts={stats.articles} />
              <Counts title="Pages" counts={stats.pages} />
              <Counts title="Comments" counts={stats.comments} pendingWord="waiting for a moderator" />
              <Counts title="Site" counts={{ sections: stats.sections, tags: stats.tags, authors: stats.authors, users: stats.users, media: stats.media }} />
            </div>
          </section>
          {moderator ? (
            <section aria-labelledby="dash-pending">
              <h2 id="dash-pending">Awaiting moderation</h2>
              {pending.length ? (
                <ul class="plain pending-list">
                  {pending.map((c) => (
                    <li>
                      <a href={`/admin/comments?status=pending#c-${c.id}`}>{c.author || 'Anonymous'}</a> on <em>{c.headline}</em> ·{' '}
                      <When ms={c.created_at} tz={tz} />
                      <p class="pending-excerpt">{truncateWords(c.body.replace(/\s+/g, ' '), 160)}</p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Nothing is waiting.</p>
              )}
            </section>
          ) : null}
          <section aria-labelledby="dash-drafts">
            <h2 id="dash-drafts">Recent drafts</h2>
            {recentDrafts.length ? (
              <ul class="plain">
                {recentDrafts.map((a) => (
                  <li>
                    <a href={`/admin/articles/${a.id}`}>{a.headline || '(no headline)'}</a> · {a.status === 'pending' ? 'pending review' : 'draft'} ·{' '}
                    <When ms={a.updated_at} tz={tz} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>No drafts.</p>
            )}
          </section>
          <section aria-labelledby="dash-scheduled">
            <h2 id="dash-scheduled">Scheduled</h2>
            {scheduled.length ? (
              <ul class="plain">
                {scheduled.map((a) => (
                  <li>
                    <a href={`/admin/articles/${a.id}`}>{a.headline}</a> · {a.published_at ? <When ms={a.published_at} tz={tz} /> : 'no date'}
                  </li>
                ))}
              </ul>
            ) : (
              <p>Nothing is scheduled.</p>
            )}
          </section>
        </div>
      ),
    });
  }),
];
