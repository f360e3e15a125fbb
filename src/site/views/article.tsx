/**
 * The article page: headline, dek, byline, dateline, featured image, body, tags, related stories,
 * then the conversation and the reply form.
 */
import { h, Fragment, raw, type Html } from '../../kernel/jsx.js';
import { formatDate, isoLocal } from '../../content/dates.js';
import { articlePermalink, sectionUrl, tagUrl, authorUrl } from '../../content/permalinks.js';
import type { ArticleCard, ArticleFull, AuthorRef } from '../../content/queries.js';
import { absolute, type SiteView } from '../../views/site-view.js';
import { jsonLd } from '../../views/layout.js';
import { ResponsiveImage } from '../../views/cards.js';
import { components as c } from '../../views/components.js';
import { CommentsSection, type CommentsProps } from '../../comments/views.js';

export interface ArticleProps {
  site: SiteView;
  article: ArticleFull;
  related: ArticleCard[];
  comments: Omit<CommentsProps, 'site' | 'article'>;
  /** The page's own address when it is not the permalink (`comment-page-N/`). */
  canonical?: string;
  /** Approved pingbacks and trackbacks (from a WordPress import). */
  mentions?: Array<{ id: number; kind: string; source_url: string; title: string; created_at: number }>;
}

/** Other sites that linked to the story, as WordPress lists pingbacks: compact, one line each. */
function Mentions({ site, mentions }: { site: SiteView; mentions: NonNullable<ArticleProps['mentions']> }): Html {
  const tz = site.settings['site.timezone'];
  return (
    <section class="mentions" aria-labelledby="mentions-heading">
      <h2 id="mentions-heading" class="block-heading">
        Mentions
      </h2>
      <ul>
        {mentions.map((m) => (
          <li id={`mention-${m.id}`} class={`mention mention-${m.kind}`}>
            {/^https?:\/\//i.test(m.source_url) ? (
              <a href={m.source_url} rel="external nofollow ugc noopener">
                {m.title || m.source_url}
              </a>
            ) : (
              <span>{m.title}</span>
            )}{' '}
            <time datetime={isoLocal(m.created_at, tz)}>{formatDate(m.created_at, tz, 'F j, Y')}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}

function imageUrl(site: SiteView, a: ArticleFull): string | undefined {
  if (!a.image) return undefined;
  return a.image.path ? absolute(site, '/' + a.image.path.replace(/^\/+/, '')) : (a.image.original_url ?? undefined);
}

/**
 * What a body with WordPress block markup needs, and only such a body, so an ordinary story stays
 * light: the block stylesheet, and for embeds the script that offers to load their players.
 */
function bodyAssets(site: SiteView, a: ArticleFull): Html | null {
  const sheet = site.assets.blocks && /class="[^"]*\bwp-block-/.test(a.body_html) ? <link rel="stylesheet" href={site.assets.blocks} /> : null;
  const script = site.assets.embeds && a.body_html.includes(' data-embed-player="') ? <script src={site.assets.embeds} defer></script> : null;
  return sheet || script ? (
    <Fragment>
      {sheet}
      {script}
    </Fragment>
  ) : null;
}

function articleHead(site: SiteView, a: ArticleFull, path: string): Html {
  const s = site.settings;
  const tz = s['site.timezone'];
  const url = absolute(site, path);
  const img = imageUrl(site, a);
  const description = a.dek || a.excerpt || a.body_text.slice(0, 200);
  const crumbs = [{ name: s['site.title'], url: site.publicUrl + '/' }];
  if (a.section) crumbs.push({ name: a.section.name, url: absolute(site, sectionUrl(a.section.slug)) });
  crumbs.push({ name: a.headline, url });
  return (
    <Fragment>
      {bodyAssets(site, a)}
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={s['site.title']} />
      <meta property="og:title" content={a.headline} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      {img ? <meta property="og:image" content={img} /> : null}
      {img && a.image?.alt ? <meta property="og:image:alt" content={a.image.alt} /> : null}
      <meta property="article:published_time" content={isoLocal(a.published_at, tz)} />
      <meta property="article:modified_time" content={isoLocal(a.updated_at, tz)} />
      {a.section ? <meta property="article:section" content={a.section.name} /> : null}
      {a.tags.map((t) => (
        <meta property="article:tag" content={t.name} />
      ))}
      {/* Twitter/X reads the og: tags above; only the card type has no og: equivalent. */}
      <meta name="twitter:card" content={img ? 'summary_large_image' : 'summary'} />
      <link rel="alternate" type="application/rss+xml" title={`Comments on ${a.headline}`} href={path + 'feed/'} />
      {jsonLd({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: a.headline,
        description,
        image: img ? [img] : undefined,
        datePublished: isoLocal(a.published_at, tz),
        dateModified: isoLocal(a.updated_at, tz),
        author: a.authors.map((au) => ({ '@type': 'Person', name: au.name, url: absolute(site, authorUrl(au.slug)) })),
        publisher: {
          '@type': 'Organization',
          name: s['site.title'],
          logo: { '@type': 'ImageObject', url: s['site.logo'] ? new URL(s['site.logo'], site.publicUrl + '/').href : absolute(site, site.assets.icon) },
        },
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
        articleSection: a.section?.name,
        keywords: a.tags.map((t) => t.name).join(', ') || undefined,
        commentCount: a.comment_count,
        correction: a.corrections?.length
          ? a.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.body, datePublished: isoLocal(c.created_at, tz) }))
          : undefined,
      })}
      {jsonLd({
        '@context': 'https://schema.org',
        '@type': 'BreadcrumbList',
        itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.url })),
      })}
    </Fragment>
  );
}

/** The story's corrections, dated, oldest first, right under its text. */
export function Corrections({ site, article }: { site: SiteView; article: ArticleFull }): Html {
  if (!article.corrections?.length) return <Fragment />;
  return (
    <aside class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading" class="corrections-heading">
        {article.corrections.length === 1 ? 'Correction' : 'Corrections'}
      </h2>
      <ul>
        {article.corrections.map((note) => (
          <li id={`correction-${note.id}`}>
            <c.Dateline site={site} at={note.created_at} />: {note.body}
          </li>
        ))}
      </ul>
    </aside>
  );
}

const sameDay = (site: SiteView, x: number, y: number) =>
  isoLocal(x, site.settings['site.timezone']).slice(0, 10) === isoLocal(y, site.settings['site.timezone']).slice(0, 10);

/** How long after publication a change counts as an update in the dateline. */
const UPDATED_AFTER_MS = 15 * 60 * 1000;

export function ArticlePage(p: ArticleProps): Html {
  const { site, article: a } = p;
  const path = articlePermalink(a, site.settings['site.timezone']);
  const meta: Html[] = [];
  if (a.authors.length) meta.push(<c.Byline authors={a.authors} />);
  meta.push(<c.Dateline site={site} at={a.published_at} time />);
  // "Updated" once the story changed well after it went out (a typo fixed in the first minutes is not news).
  if (a.updated_at - a.published_at > UPDATED_AFTER_MS)
    meta.push(
      <span class="article-updated">
        Updated{' '}
        {sameDay(site, a.updated_at, a.published_at) ? (
          <time class="dateline" datetime={isoLocal(a.updated_at, site.settings['site.timezone'])}>
            {formatDate(a.updated_at, site.settings['site.timezone'], 'g:i a T')}
          </time>
        ) : (
          <c.Dateline site={site} at={a.updated_at} time />
        )}
      </span>,
    );
  if (a.corrections?.length)
    meta.push(
      <a class="article-corrected" href="#corrections-heading">
        {a.corrections.length === 1 ? 'Correction appended' : `${a.corrections.length} corrections appended`}
      </a>,
    );
  if (a.comment_count) meta.push(<a href="#comments">{a.comment_count === 1 ? '1 comment' : `${a.comment_count} comments`}</a>);
  return (
    <c.Layout
      site={site}
      title={a.headline}
      description={a.dek || a.excerpt || a.body_text.slice(0, 160)}
      canonical={p.canonical ?? path}
      head={articleHead(site, a, path)}
      currentSection={a.section?.slug}
    >
      <article class="article" aria-labelledby="headline">
        <header class="article-header">
          {a.section ? (
            <a class="kicker" href={sectionUrl(a.section.slug)}>
              {a.section.name}
            </a>
          ) : null}
          <h1 id="headline" class="article-headline">
            {a.headline}
          </h1>
          {a.dek ? <p class="article-dek">{a.dek}</p> : null}
          <p class="article-meta">{meta.map((part, i) => (i ? [' · ', part] : part))}</p>
          {/* On paper only: where the story lives. */}
          <p class="print-url">{absolute(site, path)}</p>
        </header>
        {a.image ? (
          <figure class="article-figure">
            <ResponsiveImage media={a.image} sizes="(min-width: 64em) 60rem, calc(100vw - 2rem)" eager />
            {a.image.caption ? <figcaption>{a.image.caption}</figcaption> : null}
          </figure>
        ) : null}
        <div class="article-body">{raw(a.body_html)}</div>
        <Corrections site={site} article={a} />
        {a.tags.length ? (
          <footer class="article-tags">
            <h2 class="visually-hidden">Tags</h2>
            <ul>
              {a.tags.map((t) => (
                <li>
                  <a href={tagUrl(t.slug)} rel="tag">
                    {t.name}
                  </a>
                </li>
              ))}
            </ul>
          </footer>
        ) : null}
        {a.authors
          .filter((au) => au.bio)
          .map((au) => (
            <c.AuthorBox author={au} />
          ))}
      </article>
      {p.mentions?.length ? <Mentions site={site} mentions={p.mentions} /> : null}
      {p.related.length ? (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading" class="block-heading">
            Related stories
          </h2>
          <div class="story-grid">
            {p.related.map((card) => (
              <c.StoryCard site={site} card={card} />
            ))}
          </div>
        </section>
      ) : null}
      <CommentsSection site={site} article={a} {...p.comments} />
    </c.Layout>
  );
}

export function StaticPage({ site, article: a }: { site: SiteView; article: ArticleFull }): Html {
  const path = articlePermalink(a, site.settings['site.timezone']);
  return (
    <c.Layout site={site} title={a.headline} description={a.dek || a.body_text.slice(0, 160)} canonical={path} head={bodyAssets(site, a)}>
      <article class="article page" aria-labelledby="headline">
        <header class="article-header">
          <h1 id="headline" class="article-headline">
            {a.headline}
          </h1>
          {a.dek ? <p class="article-dek">{a.dek}</p> : null}
        </header>
        <div class="article-body">{raw(a.body_html)}</div>
        <p class="page-updated">
          Updated <c.Dateline site={site} at={a.updated_at} />
        </p>
      </article>
    </c.Layout>
  );
}
