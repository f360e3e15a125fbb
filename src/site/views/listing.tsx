/**
 * Archives (section, tag, author, date) and the 404 page (search is views/search.tsx).
 */
import { h, Fragment, raw, type Html, type Child } from '../../kernel/jsx.js';
import type { ArticleCard } from '../../content/queries.js';
import { articlePermalink } from '../../content/permalinks.js';
import type { SiteView } from '../../views/site-view.js';
import { components as c, eagerIndex } from '../../views/components.js';
// Registers the cards and the search form this page renders through `c`.
import '../../views/cards.js';

export interface ArchiveProps {
  site: SiteView;
  /** "World", "Tag: China", "May 2024"… */
  heading: string;
  kicker?: string;
  description?: string;
  /** Canonical path of page 1 (ends with /). */
  base: string;
  page: number;
  items: ArticleCard[];
  more: boolean;
  /** Feed links for this archive. */
  feed?: string;
  currentSection?: string;
  extra?: Child;
  /** Stories the archive holds in all, and a page's worth: the pager numbers its pages. */
  total?: number;
  per?: number;
}

interface DateLink {
  url: string;
  label: string;
}

/** A date archive's way around: the year's months with stories, the year, and the neighbouring period with stories. */
/** An archive's card picture (public/style.css .story-list): 12rem beside the text from 40rem, the screen less its margins below. */
const LIST_IMAGE = '(min-width: 40rem) 12rem, calc(100vw - 2rem)';

export function DateNavigation(p: {
  earlier: DateLink | null;
  later: DateLink | null;
  months: { url: string; name: string; n: number }[];
  year: DateLink | null;
}): Html {
  return (
    <nav class="date-nav" aria-label="Other dates">
      {p.months.length ? (
        <ul class="date-months">
          {p.months.map((m) => (
            <li>
              <a href={m.url}>
                {m.name} <span class="date-count">({m.n})</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="date-steps">
        {p.later ? <a href={p.later.url}>← {p.later.label}</a> : null}
        {p.year ? <a href={p.year.url}>All of {p.year.label}</a> : null}
        {p.earlier ? <a href={p.earlier.url}>{p.earlier.label} →</a> : null}
      </p>
    </nav>
  );
}

export function ArchivePage(p: ArchiveProps): Html {
  const canonical = p.page > 1 ? `${p.base}page/${p.page}/` : p.base;
  const title = p.page > 1 ? `${p.heading} – Page ${p.page}` : p.heading;
  return (
    <c.Layout
      site={p.site}
      title={title}
      description={p.description || undefined}
      canonical={canonical}
      currentSection={p.currentSection}
      listing
      head={
        <Fragment>
          {p.feed ? <link rel="alternate" type="application/rss+xml" title={`${p.heading} – RSS`} href={p.feed} /> : null}
          {p.page > 1 ? <link rel="prev" href={p.page === 2 ? p.base : `${p.base}page/${p.page - 1}/`} /> : null}
          {p.more ? <link rel="next" href={`${p.base}page/${p.page + 1}/`} /> : null}
        </Fragment>
      }
    >
      <header class="archive-header">
        {p.kicker ? <p class="kicker">{p.kicker}</p> : null}
        <h1 class="archive-title">{p.heading}</h1>
        {p.description ? <p class="archive-description">{p.description}</p> : null}
        {p.extra}
        {p.feed ? (
          <p class="archive-feed">
            <a href={p.feed}>Follow by RSS</a>
          </p>
        ) : null}
      </header>
      {p.items.length ? (
        <div class="story-list">
          {p.items.map((card, i) => (
            <c.StoryCard site={p.site} card={card} headingLevel={2} eager={i === eagerIndex(p.items)} sizes={LIST_IMAGE} />
          ))}
        </div>
      ) : (
        <p class="empty">No stories here yet.</p>
      )}
      <c.Pager base={p.base} page={p.page} more={p.more} total={p.total} per={p.per} />
    </c.Layout>
  );
}

export function NotFoundPage({ site, path, latest }: { site: SiteView; path: string; latest: ArticleCard[] }): Html {
  return (
    <c.Layout site={site} title="Page not found" canonical={path} noindex pageSearch listing>
      <header class="archive-header">
        <h1 class="archive-title">Page not found</h1>
        <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <c.SearchForm query="" id="notfound-q" />
      </header>
      {latest.length ? (
        <section aria-labelledby="nf-latest">
          <h2 id="nf-latest" class="block-heading">
            Latest stories
          </h2>
          <ul class="plain-list">
            {latest.map((card) => (
              <li>
                <a href={linkOf(site, card)}>{card.headline}</a> <c.Dateline site={site} at={card.published_at} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </c.Layout>
  );
}

function linkOf(site: SiteView, card: ArticleCard): string {
  return articlePermalink(card, site.settings['site.timezone']);
}
