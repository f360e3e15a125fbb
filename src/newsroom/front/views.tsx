/**
 * The front page desk: the breaking-news banner, the lead and the top stories in the editors'
 * order (move with the buttons, or drag with public/front.js), stories to add, and what the
 * automatic order puts after them.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { Field, PageHeader, When } from '../views/forms.js';

export interface PickRow {
  id: number;
  headline: string;
  lead: boolean;
  /** Whether readers can see it now (a pick they cannot see is skipped on the page). */
  visible: boolean;
  published_at: number | null;
}

export interface FrontDeskProps {
  csrf: Html;
  picks: PickRow[];
  candidates: { id: number; headline: string; published_at: number | null }[];
  automatic: { id: number; headline: string }[];
  banner: { text: string; url: string; expires_at: number } | null;
  bannerForm: { text: string; url: string; expires: string };
  errors: Record<string, string>;
  timeZone: string;
  nowLocal: string;
}

function PickItem({ r, i, n, csrf }: { r: PickRow; i: number; n: number; csrf: Html }): Html {
  return (
    <li class={r.lead ? 'pick pick-lead' : 'pick'} data-pick={String(r.id)} draggable="true">
      <span class="pick-handle" aria-hidden="true">
        ⠿
      </span>
      <span class="pick-title">
        {r.lead ? <strong class="badge badge-lead">Lead</strong> : null} {r.headline}
        {r.visible ? null : <span class="pick-note"> (not on the site yet: skipped until it is)</span>}
      </span>
      <form method="post" action="/admin/front/picks" class="pick-actions">
        {csrf}
        <input type="hidden" name="article_id" value={String(r.id)} />
        <button type="submit" name="op" value="up" disabled={i === 0} aria-label={`Move “${r.headline}” up`}>
          Up
        </button>
        <button type="submit" name="op" value="down" disabled={i === n - 1} aria-label={`Move “${r.headline}” down`}>
          Down
        </button>
        {r.lead ? (
          <button type="submit" name="op" value="unlead" aria-label={`Stop pinning “${r.headline}” as the lead`}>
            Unpin lead
          </button>
        ) : (
          <button type="submit" name="op" value="lead" aria-label={`Pin “${r.headline}” as the lead`}>
            Make lead
          </button>
        )}
        <button type="submit" name="op" value="remove" class="danger" aria-label={`Take “${r.headline}” off the top stories`}>
          Remove
        </button>
      </form>
    </li>
  );
}

export function FrontDesk(p: FrontDeskProps): Html {
  return (
    <Fragment>
      <PageHeader title="Front page">
        <a href="/" target="_blank" rel="noopener">
          See the front page
        </a>
      </PageHeader>
      <section class="panel" aria-labelledby="banner-heading">
        <h2 id="banner-heading">Breaking news banner</h2>
        {p.banner ? (
          <form method="post" action="/admin/front/banner/clear" class="banner-now">
            {p.csrf}
            <p>
              Showing now: <strong>{p.banner.text}</strong>
              {p.banner.url ? [' → ', <a href={p.banner.url}>{p.banner.url}</a>] : null}, until <When ms={p.banner.expires_at} tz={p.timeZone} />.
            </p>
            <button type="submit" class="danger">
              Take the banner down
            </button>
          </form>
        ) : (
          <p>No banner is showing.</p>
        )}
        <form method="post" action="/admin/front/banner">
          {p.csrf}
          <Field name="text" label="Banner text" value={p.bannerForm.text} error={p.errors.text} required attrs={{ maxlength: 200 }} />
          <Field
            name="url"
            label="Link (optional)"
            value={p.bannerForm.url}
            error={p.errors.url}
            help="A page of this site (/2026/12/02/story/) or an https:// address."
          />
          <Field
            name="expires_at"
            label={`Show until (${p.timeZone})`}
            type="datetime-local"
            value={p.bannerForm.expires}
            error={p.errors.expires_at}
            required
            attrs={{ min: p.nowLocal }}
          />
          <button type="submit" class="primary">
            {p.banner ? 'Replace the banner' : 'Show the banner'}
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="picks-heading">
        <h2 id="picks-heading">Lead and top stories</h2>
        <p class="help" id="picks-help">
          These come first on the front page, in this order; the lead is set largest. Move them with the buttons, or drag them. After them, the newest stories
          follow by themselves.
        </p>
        {p.picks.length ? (
          <ol class="picks" aria-describedby="picks-help" data-order-action="/admin/front/picks">
            {p.picks.map((r, i) => (
              <PickItem r={r} i={i} n={p.picks.length} csrf={p.csrf} />
            ))}
          </ol>
        ) : (
          <p>
            <strong>No stories are picked:</strong> the front page shows the newest stories, the newest as the lead.
          </p>
        )}
        {p.candidates.length ? (
          <form method="post" action="/admin/front/picks" class="pick-add">
            {p.csrf}
            <input type="hidden" name="op" value="add" />
            <div class="field">
              <label for="f-add-article">Add a story</label>
              <select id="f-add-article" name="article_id">
                {p.candidates.map((c) => (
                  <option value={String(c.id)}>
                    {c.headline}
                    {c.published_at === null ? ' (draft)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div class="field field-check">
              <input type="checkbox" id="f-add-lead" name="lead" value="1" />
              <label for="f-add-lead">As the lead</label>
            </div>
            <button type="submit">Add to the top stories</button>
          </form>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="auto-heading">
        <h2 id="auto-heading">Then, automatically</h2>
        {p.automatic.length ? (
          <ol class="plain-numbered">
            {p.automatic.map((a) => (
              <li>{a.headline}</li>
            ))}
          </ol>
        ) : (
          <p>Nothing else is published.</p>
        )}
      </section>
    </Fragment>
  );
}
