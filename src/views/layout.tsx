/**
 * The page shell: head (title, canonical, feeds, social cards, JSON-LD), masthead, navigation,
 * footer. Everything a page adds to the head comes in through `head`.
 */
import { h, Fragment, raw, type Child, type Html } from '../kernel/jsx.js';
import { formatDate, isoLocal } from '../content/dates.js';
import { sectionUrl } from '../content/permalinks.js';
import { absolute, type SiteView } from './site-view.js';
import { components, register, type LayoutProps } from './components.js';
import { themeCss } from './theme-css.js';

/** Serialises JSON-LD so that no string can close the script element. */
export function jsonLd(data: unknown): Html {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return raw(`<script type="application/ld+json">${json}</script>`);
}

export function Layout(p: LayoutProps): Html {
  const s = p.site.settings;
  const title = p.title ? `${p.title} – ${s['site.title']}` : `${s['site.title']} – ${s['site.tagline']}`;
  return (
    <html lang={s['site.language']}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {p.description ? <meta name="description" content={p.description} /> : null}
        <link rel="canonical" href={absolute(p.site, p.canonical)} />
        {p.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="theme-color" content={s['site.accent']} />
        {/* One render-blocking stylesheet: the site's CSS and the theme together (./theme-css.ts). */}
        <link rel="stylesheet" href={themeCss(s['site.accent'], !!p.listing).url} />
        <link rel="icon" href={p.site.assets.icon} type="image/svg+xml" />
        <link rel="alternate" type="application/rss+xml" title={`${s['site.title']} – RSS`} href="/feed/" />
        <link rel="alternate" type="application/atom+xml" title={`${s['site.title']} – Atom`} href="/feed/atom/" />
        <link rel="alternate" type="application/feed+json" title={`${s['site.title']} – JSON Feed`} href="/feed.json" />
        {p.head}
        <script src={p.site.assets.js} defer></script>
      </head>
      <body class={p.pageSearch ? 'has-page-search' : undefined}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <components.Masthead site={p.site} currentSection={p.currentSection} />
        <main id="main" class="wrap">
          {p.children}
        </main>
        <components.Footer site={p.site} />
      </body>
    </html>
  );
}

export function Masthead({ site, currentSection }: { site: SiteView; currentSection?: string }): Html {
  const s = site.settings;
  const tz = s['site.timezone'];
  return (
    <header class="masthead">
      <div class="masthead-top wrap">
        <time class="masthead-date" datetime={isoLocal(site.now, tz).slice(0, 10)}>
          {formatDate(site.now, tz, s['site.date_format'])}
        </time>
        <form class="masthead-search" role="search" action="/search" method="get">
          <label for="masthead-q" class="visually-hidden">
            Search
          </label>
          <input id="masthead-q" type="search" name="q" placeholder="Search" />
          <button type="submit">Search</button>
        </form>
      </div>
      <div class="masthead-brand wrap">
        <p class={s['site.logo'] ? 'site-title site-logo' : 'site-title'}>
          <a href="/" rel="home">
            {s['site.logo'] ? <img src={s['site.logo']} alt={s['site.title']} height="64" /> : s['site.title']}
          </a>
        </p>
        {s['site.tagline'] ? <p class="site-tagline">{s['site.tagline']}</p> : null}
      </div>
      {site.sections.length ? (
        <nav class="sections-nav" aria-label="Sections">
          <ul class="wrap">
            {site.sections.map((sec) => (
              <li>
                <a href={sectionUrl(sec.slug)} aria-current={currentSection === sec.slug ? 'page' : undefined}>
                  {sec.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function Footer({ site }: { site: SiteView }): Html {
  const s = site.settings;
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p class="site-footer-title">
          <a href="/">{s['site.title']}</a>
        </p>
        {site.pages?.length ? (
          <nav aria-label="About this site">
            <ul class="footer-links footer-pages">
              {site.pages.map((pg) => (
                <li>
                  <a href={`/${pg.slug}/`}>{pg.headline}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <nav aria-label="Subscribe">
          <ul class="footer-links">
            <li>
              <a href="/feed/">RSS</a>
            </li>
            <li>
              <a href="/feed/atom/">Atom</a>
            </li>
            <li>
              <a href="/feed.json">JSON Feed</a>
            </li>
            <li>
              <a href="/sitemap.xml">Sitemap</a>
            </li>
          </ul>
        </nav>
        <p class="site-footer-note">Published with Gazette. No trackers, no third-party requests.</p>
      </div>
    </footer>
  );
}

/** A whole document: doctype + layout. */
export function page(html: Html): string {
  return '<!DOCTYPE html>\n' + html.value;
}

export { Fragment };

register({ Layout, Masthead, Footer });
