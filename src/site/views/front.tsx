/**
 * The front page: the lead story, the latest stories and a block per section.
 */
import { h, Fragment, type Html } from '../../views/jsx.js';
import { sectionUrl } from '../../content/permalinks.js';
import type { ArticleCard, SectionRef } from '../../content/queries.js';
import type { SiteView } from '../context.js';
import { Layout, jsonLd } from './layout.js';
import { Pager, StoryCard } from './cards.js';

export interface FrontProps {
  site: SiteView;
  page: number;
  lead: ArticleCard | null;
  latest: ArticleCard[];
  more: boolean;
  sectionBlocks: { section: SectionRef; items: ArticleCard[] }[];
}

export function FrontPage(p: FrontProps): Html {
  const s = p.site.settings;
  const canonical = p.page > 1 ? `/page/${p.page}/` : '/';
  return (
    <Layout
      site={p.site}
      title={p.page > 1 ? `Page ${p.page}` : undefined}
      description={s['site.tagline']}
      canonical={canonical}
      head={jsonLd({ '@context': 'https://schema.org', '@type': 'WebSite', name: s['site.title'], url: p.site.publicUrl + '/', potentialAction: { '@type': 'SearchAction', target: p.site.publicUrl + '/search?q={q}', 'query-input': 'required name=q' } })}
    >
      <h1 class="visually-hidden">{s['site.title']}</h1>
      {p.lead ? (
        <section class="front-lead" aria-label="Top story">
          <StoryCard site={p.site} card={p.lead} lead headingLevel={2} />
        </section>
      ) : null}
      {p.latest.length ? (
        <section class="front-latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading" class="block-heading">
            Latest
          </h2>
          <div class="story-grid">
            {p.latest.map((card) => (
              <StoryCard site={p.site} card={card} />
            ))}
          </div>
          <Pager base="/" page={p.page} more={p.more} />
        </section>
      ) : p.lead ? null : (
        <p class="empty">Nothing has been published yet.</p>
      )}
      {p.sectionBlocks.map(({ section, items }) => (
        <section class="front-section" aria-labelledby={`section-${section.slug}`}>
          <h2 id={`section-${section.slug}`} class="block-heading">
            <a href={sectionUrl(section.slug)}>{section.name}</a>
          </h2>
          <div class="story-grid">
            {items.map((card) => (
              <StoryCard site={p.site} card={card} showSection={false} />
            ))}
          </div>
        </section>
      ))}
      <Fragment />
    </Layout>
  );
}
