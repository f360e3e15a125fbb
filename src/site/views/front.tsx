/**
 * The front page: the lead story beside the latest headlines, more stories in a grid, then a block
 * per section.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { articlePermalink, sectionUrl } from '../../content/permalinks.js';
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

/**
 * How wide the lead's picture is (public/listing.css): two thirds of the 72rem column beside the
 * ranked rail from 56rem, the whole column when nothing is ranked beside it (a new site's few
 * stories); the screen less its margins below. A 1366 px screen was sent a 720 px picture for a
 * lead 1,152 px wide.
 */
const LEAD_BESIDE_RAIL = '(min-width: 76rem) 47rem, (min-width: 56rem) 62vw, calc(100vw - 2rem)';
const LEAD_ALONE = '(min-width: 76rem) 72rem, calc(100vw - 2rem)';

/** Stories under the lead, beside each other: the secondary leads. */
const SECONDARY = 2;
/** Headlines in the ranked "Latest" column beside them; the rest go to "More news". */
const RANKED = 5;

/** One line of the ranked column: its rank, the headline, and how fresh it is. */
function RankedItem({ site, card }: { site: SiteView; card: ArticleCard }): Html {
  return (
    <li class="ranked-item">
      {card.section ? (
        <a class="kicker" href={sectionUrl(card.section.slug)}>
          {card.section.name}
        </a>
      ) : null}
      <h3 class="story-headline ranked-headline">
        <a href={articlePermalink(card, site.settings['site.timezone'])}>{card.headline}</a>
      </h3>
      <p class="story-meta">
        <c.Dateline site={site} at={card.published_at} />
      </p>
    </li>
  );
}

export function FrontPage(p: FrontProps): Html {
  const s = p.site.settings;
  const canonical = p.page > 1 ? `/page/${p.page}/` : '/';
  // Page 1 with a lead: the lead, the secondary leads under it and the ranked column beside them
  // (on a phone, one after the other in that order); the rest is "More news".
  const secondary = p.lead ? p.latest.slice(0, SECONDARY) : [];
  const ranked = p.lead ? p.latest.slice(SECONDARY, SECONDARY + RANKED) : [];
  const rest = p.lead ? p.latest.slice(SECONDARY + RANKED) : p.latest;
  return (
    <c.Layout
      site={p.site}
      title={p.page > 1 ? `Page ${p.page}` : undefined}
      description={s['site.tagline']}
      canonical={canonical}
      listing
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
        <div class={ranked.length ? 'front-top' : 'front-top front-top-single'}>
          <section class="front-lead" aria-label="Top story">
            <c.StoryCard site={p.site} card={p.lead} lead headingLevel={2} sizes={ranked.length ? LEAD_BESIDE_RAIL : LEAD_ALONE} />
          </section>
          {secondary.length ? (
            <section class="front-secondary" aria-label="Also leading">
              {secondary.map((card) => (
                <c.StoryCard site={p.site} card={card} headingLevel={2} />
              ))}
            </section>
          ) : null}
          {ranked.length ? (
            <section class="front-rail" aria-labelledby="latest-heading">
              <h2 id="latest-heading" class="block-heading">
                Latest
              </h2>
              <ol class="ranked">
                {ranked.map((card) => (
                  <RankedItem site={p.site} card={card} />
                ))}
              </ol>
            </section>
          ) : null}
        </div>
      ) : null}
      {rest.length ? (
        <section class="front-latest" aria-labelledby="more-heading">
          <h2 id="more-heading" class="block-heading">
            {p.lead ? 'More news' : p.page > 1 ? `Earlier stories, page ${p.page}` : 'Latest'}
          </h2>
          <div class="story-grid">
            {rest.map((card) => (
              <c.StoryCard site={p.site} card={card} />
            ))}
          </div>
        </section>
      ) : null}
      {!p.lead && !rest.length ? <p class="empty">Nothing has been published yet.</p> : null}
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
      {/* The pager at the very end, after everything page 1 shows. */}
      <c.Pager base="/" page={p.page} more={p.more} />
    </c.Layout>
  );
}
