/**
 * The front page: the lead story beside the latest headlines, more stories in a grid, then a block
 * per section.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { sectionUrl } from '../../content/permalinks.js';
import type { ArticleCard, SectionRef } from '../../content/queries.js';
import type { Banner } from '../../content/front.js';
import type { SiteView } from '../../views/site-view.js';
import { components as c } from '../../views/components.js';
// Registers the cards and the search form this page renders through `c`.
import '../../views/cards.js';
import { jsonLd } from '../../views/layout.js';

export interface FrontProps {
  site: SiteView;
  page: number;
  lead: ArticleCard | null;
  latest: ArticleCard[];
  more: boolean;
  sectionBlocks: { section: SectionRef; items: ArticleCard[] }[];
  /** The breaking-news banner, while it lasts (content/front.ts). */
  banner?: Banner | null;
}

/** Breaking news above everything, in the accent colour: a line of text, a link when there is one. */
export function BreakingBanner({ banner }: { banner: Banner }): Html {
  return (
    <section class="breaking" aria-labelledby="breaking-label">
      <p>
        <strong id="breaking-label" class="breaking-label">
          Breaking
        </strong>{' '}
        {banner.url ? <a href={banner.url}>{banner.text}</a> : banner.text}
      </p>
    </section>
  );
}

/** Headlines in the column beside the lead story; the rest go to the grid below. */
const RAIL = 4;

export function FrontPage(p: FrontProps): Html {
  const s = p.site.settings;
  const canonical = p.page > 1 ? `/page/${p.page}/` : '/';
  const rail = p.lead ? p.latest.slice(0, RAIL) : [];
  const rest = p.lead ? p.latest.slice(RAIL) : p.latest;
  return (
    <c.Layout
      site={p.site}
      title={p.page > 1 ? `Page ${p.page}` : undefined}
      description={s['site.tagline']}
      canonical={canonical}
      head={jsonLd({
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: s['site.title'],
        url: p.site.publicUrl + '/',
        potentialAction: { '@type': 'SearchAction', target: p.site.publicUrl + '/search?q={q}', 'query-input': 'required name=q' },
      })}
    >
      <h1 class="visually-hidden">{p.page > 1 ? `${s['site.title']}, page ${p.page}` : s['site.title']}</h1>
      {p.banner ? <BreakingBanner banner={p.banner} /> : null}
      {p.lead ? (
        <div class={rail.length ? 'front-top' : 'front-top front-top-single'}>
          <section class="front-lead" aria-label="Top story">
            <c.StoryCard site={p.site} card={p.lead} lead headingLevel={2} />
          </section>
          {rail.length ? (
            <section class="front-rail" aria-labelledby="latest-heading">
              <h2 id="latest-heading" class="block-heading">
                Latest
              </h2>
              {rail.map((card) => (
                <c.StoryCard site={p.site} card={card} />
              ))}
            </section>
          ) : null}
        </div>
      ) : null}
      {rest.length ? (
        <section class="front-latest" aria-labelledby="more-heading">
          <h2 id="more-heading" class="block-heading">
            {p.lead ? 'More news' : 'Latest'}
          </h2>
          <div class="story-grid">
            {rest.map((card) => (
              <c.StoryCard site={p.site} card={card} />
            ))}
          </div>
        </section>
      ) : null}
      {!p.lead && !rest.length ? <p class="empty">Nothing has been published yet.</p> : null}
      <c.Pager base="/" page={p.page} more={p.more} />
      {p.sectionBlocks.map(({ section, items }) => (
        <section class="front-section" aria-labelledby={`section-${section.slug}`}>
          <h2 id={`section-${section.slug}`} class="block-heading">
            <a href={sectionUrl(section.slug)}>{section.name}</a>
          </h2>
          <div class="story-grid">
            {items.map((card) => (
              <c.StoryCard site={p.site} card={card} showSection={false} />
            ))}
          </div>
        </section>
      ))}
      <Fragment />
    </c.Layout>
  );
}
