/**
 * Story cards, bylines, datelines, author boxes and images: the pieces every page is made of.
 */
import { h, Fragment, type Html } from '../kernel/jsx.js';
import { formatDate, isoLocal } from '../content/dates.js';
import { articlePermalink, authorUrl, sectionUrl } from '../content/permalinks.js';
import type { ArticleCard, AuthorRef } from '../content/queries.js';
import type { Media } from '../db/schema.js';
import type { SiteView } from './site-view.js';
import { components as c, register, type PagerProps, type StoryCardProps } from './components.js';

export function Byline({ authors }: { authors: AuthorRef[] }): Html {
  if (!authors.length) return <Fragment />;
  return (
    <span class="byline">
      By{' '}
      {authors.map((a, i) => (
        <Fragment>
          {i > 0 ? (i === authors.length - 1 ? ' and ' : ', ') : ''}
          <a href={authorUrl(a.slug)} rel="author">
            {a.name}
          </a>
        </Fragment>
      ))}
    </span>
  );
}

export function Dateline({ site, at, time }: { site: SiteView; at: number; time?: boolean }): Html {
  const tz = site.settings['site.timezone'];
  const day = formatDate(at, tz, site.settings['site.article_date_format']);
  return (
    <time class="dateline" datetime={isoLocal(at, tz)}>
      {time ? `${day}, ${formatDate(at, tz, 'g:i a T')}` : day}
    </time>
  );
}

interface Variant {
  width: number;
  format: string;
  path: string;
}

/** A responsive image: `srcset` from the stored variants, dimensions always set, lazy unless `eager` (then fetched first). */
export function ResponsiveImage({ media, sizes, eager }: { media: Media; sizes: string; eager?: boolean }): Html {
  let variants: Variant[] = [];
  try {
    variants = JSON.parse(media.variants) as Variant[];
  } catch {
    variants = [];
  }
  const src = media.original_url && !media.path ? media.original_url : '/' + media.path.replace(/^\/+/, '');
  const byFormat = (fmt: string) =>
    variants
      .filter((v) => v.format === fmt)
      .map((v) => `/${v.path.replace(/^\/+/, '')} ${v.width}w`)
      .join(', ');
  const avif = byFormat('avif');
  const webp = byFormat('webp');
  const img = (
    <img
      src={src}
      alt={media.alt}
      width={media.width ?? undefined}
      height={media.height ?? undefined}
      loading={eager ? undefined : 'lazy'}
      // The eager image is the page's largest paint (the lead photograph): fetched before the rest.
      fetchpriority={eager ? 'high' : undefined}
      decoding={eager ? undefined : 'async'}
      sizes={variants.length ? sizes : undefined}
    />
  );
  if (!avif && !webp) return img;
  return (
    <picture>
      {avif ? <source type="image/avif" srcset={avif} sizes={sizes} /> : null}
      {webp ? <source type="image/webp" srcset={webp} sizes={sizes} /> : null}
      {img}
    </picture>
  );
}

export function CommentCount({ site, card }: { site: SiteView; card: ArticleCard }): Html {
  if (!card.comment_count) return <Fragment />;
  const href = articlePermalink(card, site.settings['site.timezone']) + '#comments';
  return (
    <a class="comment-count" href={href}>
      {card.comment_count === 1 ? '1 comment' : `${card.comment_count} comments`}
    </a>
  );
}

/** Byline, dateline and comment count, separated by middle dots. */
function StoryMeta({ site, card }: { site: SiteView; card: ArticleCard }): Html {
  const parts: Html[] = [];
  if (card.authors.length) parts.push(<c.Byline authors={card.authors} />);
  parts.push(<c.Dateline site={site} at={card.published_at} />);
  if (card.comment_count) parts.push(<CommentCount site={site} card={card} />);
  return <p class="story-meta">{parts.map((part, i) => (i ? [' · ', part] : part))}</p>;
}

/** A story in a list. `lead` is the front page's top story: bigger, with its image loaded eagerly (as is an `eager` card's). */
export function StoryCard({ site, card, lead, eager, sizes, showSection = true, headingLevel = 3 }: StoryCardProps): Html {
  const href = articlePermalink(card, site.settings['site.timezone']);
  const heading = <a href={href}>{card.headline}</a>;
  // The picture repeats the headline's link: one link in the tab order and for screen readers
  // (biome.json lets this file hide a link, which Biome's a11y rules otherwise refuse).
  const image = card.image ? (
    <a class="story-image" href={href} tabindex="-1" aria-hidden="true">
      <ResponsiveImage
        media={card.image}
        sizes={sizes ?? (lead ? '(min-width: 60em) 44rem, calc(100vw - 2rem)' : '(min-width: 60em) 18rem, calc(100vw - 2rem)')}
        eager={lead || eager}
      />
    </a>
  ) : null;
  return (
    <article class={lead ? 'story story-lead' : card.image ? 'story has-image' : 'story'}>
      {image}
      <div class="story-text">
        {showSection && card.section ? (
          <a class="kicker" href={sectionUrl(card.section.slug)}>
            {card.section.name}
          </a>
        ) : null}
        {headingLevel === 2 ? <h2 class="story-headline">{heading}</h2> : <h3 class="story-headline">{heading}</h3>}
        {card.dek ? <p class="story-dek">{card.dek}</p> : null}
        <StoryMeta site={site} card={card} />
      </div>
    </article>
  );
}

/** The page numbers worth a link around `page` of `pages`: the ends, and two either side (null: a gap). */
export function pageWindow(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

/** Newer/older links for a paginated list; with `total`, the page numbers and the count too. */
export function Pager({ base, page, more, query, total, per }: PagerProps): Html {
  const pages = total !== undefined && per ? Math.max(1, Math.ceil(total / per)) : undefined;
  if (page <= 1 && !more)
    return pages !== undefined && total ? <p class="pager-total">{total === 1 ? 'One story' : `${total.toLocaleString('en')} stories`}</p> : <Fragment />;
  const url = (n: number) => (query !== undefined ? `${base}?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ''}` : n > 1 ? `${base}page/${n}/` : base);
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a href={url(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      {pages !== undefined ? (
        <div class="pager-middle">
          <ol class="pager-pages">
            {pageWindow(page, pages).map((n) =>
              n === null ? (
                <li class="pager-gap" aria-hidden="true">
                  …
                </li>
              ) : (
                <li>
                  {n === page ? (
                    <span class="pager-here" aria-current="page">
                      {n}
                    </span>
                  ) : (
                    <a href={url(n)} aria-label={`Page ${n}`}>
                      {n}
                    </a>
                  )}
                </li>
              ),
            )}
          </ol>
          <span class="pager-current">
            Page {page} of {pages} · {total === 1 ? 'one story' : `${(total ?? 0).toLocaleString('en')} stories`}
          </span>
        </div>
      ) : (
        <span class="pager-current">Page {page}</span>
      )}
      {more ? (
        <a href={url(page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A few lines about an author under the story. */
export function AuthorBox({ author }: { author: AuthorRef }): Html {
  return (
    <aside class="author-box" aria-label={`About ${author.name}`}>
      <p class="author-box-name">
        <a href={authorUrl(author.slug)}>{author.name}</a>
      </p>
      <p class="author-box-bio">{author.bio}</p>
    </aside>
  );
}

/** The site's search box (the search page, the 404 page). */
export function SearchForm({ query, id }: { query: string; id: string }): Html {
  return (
    <form class="search-form" role="search" action="/search" method="get">
      <label for={id}>Search the site</label>
      <input id={id} type="search" name="q" value={query} />
      <button type="submit">Search</button>
    </form>
  );
}

register({ Byline, Dateline, StoryCard, Pager, AuthorBox, SearchForm });
