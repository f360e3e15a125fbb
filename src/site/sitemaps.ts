/**
 * Sitemaps (sitemaps.org 0.9), the Google News sitemap and robots.txt.
 *
 * `/sitemap.xml` is an index of: `/sitemap-pages.xml` (the front page and static pages), one
 * sitemap per month with visible articles (`/sitemap-YYYY-MM.xml`, months in the site's zone), and
 * `/sitemap-sections.xml`, `/sitemap-tags.xml`, `/sitemap-authors.xml` when they list anything
 * (a urlset may not be empty).
 *
 * The XML is written here rather than with the `sitemap` package: the documents are a few flat
 * elements, built synchronously from rows already in hand, with only the namespaces they use; the
 * package's stream pipeline adds nothing but plumbing. They are built with the kernel's XML writer
 * (../kernel/xml.ts), which escapes every text, and the tests validate them against the published XSDs.
 */
import type { Deps } from '../runtime/deps.js';
import { x, xmlDocument } from '../kernel/xml.js';
import { isoLocal, localParts, zonedTimeToUtc } from '../content/dates.js';
import { articlePermalink, authorUrl, sectionUrl, tagUrl } from '../content/permalinks.js';
import { allSections } from '../content/queries.js';
import {
  authorsInUse,
  lastModifiedByBucket,
  newestUpdate,
  publicationRange,
  publishedBetween,
  publishedSince,
  tagsInUse,
  type Bucket,
} from '../content/listing-queries.js';
import type { SiteView } from '../views/site-view.js';
import { HTML_CACHE } from './pages.js';
import type { Rendered } from '../runtime/site-context.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML = 'application/xml; charset=utf-8';
/** Google News takes articles of the last two days, at most 1,000 per sitemap. */
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
const NEWS_MAX = 1000;

/** W3C datetime in UTC, without milliseconds. */
const w3c = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const pad = (n: number) => String(n).padStart(2, '0');

function xmlPage(body: string, tags: string[] = ['sitemaps'], contentType = XML): Rendered {
  return { type: 'page', input: { status: 200, contentType, body, tags, cacheControl: HTML_CACHE, route: 'sitemap' } };
}

interface UrlEntry {
  loc: string;
  lastmod?: number;
}

const entry = (tag: 'url' | 'sitemap', e: UrlEntry) => x(tag, {}, x('loc', {}, e.loc), e.lastmod ? x('lastmod', {}, w3c(e.lastmod)) : null);

function urlset(entries: UrlEntry[]): string {
  return xmlDocument(
    x(
      'urlset',
      { xmlns: SITEMAP_NS },
      entries.map((e) => entry('url', e)),
    ),
  );
}

/** Months (in `tz`) from the one holding `first` to the one holding `last`, as instant ranges. */
export function monthBuckets(first: number, last: number, tz: string): Bucket[] {
  const out: Bucket[] = [];
  const a = localParts(first, tz);
  const b = localParts(last, tz);
  for (let y = a.year, m = a.month; y < b.year || (y === b.year && m <= b.month); m === 12 ? (y++, (m = 1)) : m++) out.push(monthBucket(y, m, tz));
  return out;
}

function monthBucket(year: number, month: number, tz: string): Bucket {
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  return { key: `${year}-${pad(month)}`, from: zonedTimeToUtc(year, month, 1, 0, 0, tz), to: zonedTimeToUtc(next[0], next[1], 1, 0, 0, tz) };
}

/** `/sitemap.xml`: the index. */
export async function sitemapIndex(deps: Deps, site: SiteView): Promise<Rendered> {
  const db = deps.kysely;
  const tz = site.settings['site.timezone'];
  const range = await publicationRange(db, site.now);
  const [months, newest, sections, tags, authors] = await Promise.all([
    range ? lastModifiedByBucket(db, site.now, monthBuckets(range.first, range.last, tz)) : new Map<string, number>(),
    newestUpdate(db, site.now),
    allSections(db),
    tagsInUse(db, site.now),
    authorsInUse(db, site.now),
  ]);
  const entries: UrlEntry[] = [{ loc: site.publicUrl + '/sitemap-pages.xml', lastmod: newest ?? undefined }];
  for (const [key, lastmod] of [...months].sort((x, y) => (x[0] < y[0] ? 1 : -1))) entries.push({ loc: `${site.publicUrl}/sitemap-${key}.xml`, lastmod });
  if (sections.length) entries.push({ loc: site.publicUrl + '/sitemap-sections.xml' });
  if (tags.length) entries.push({ loc: site.publicUrl + '/sitemap-tags.xml' });
  if (authors.length) entries.push({ loc: site.publicUrl + '/sitemap-authors.xml' });
  return xmlPage(
    xmlDocument(
      x(
        'sitemapindex',
        { xmlns: SITEMAP_NS },
        entries.map((e) => entry('sitemap', e)),
      ),
    ),
  );
}

/** `/sitemap-NAME`: a month, the pages, or one kind of archive; not found for anything else. */
export async function sitemapFile(deps: Deps, site: SiteView, name: string): Promise<Rendered> {
  const db = deps.kysely;
  const pub = site.publicUrl;
  const tz = site.settings['site.timezone'];
  const month = /^(\d{4})-(\d{2})\.xml$/.exec(name);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    if (year < 1970 || m < 1 || m > 12) return { type: 'notfound' };
    const { from, to } = monthBucket(year, m, tz);
    const rows = await publishedBetween(db, site.now, 'article', from, to);
    if (!rows.length) return { type: 'notfound' };
    return xmlPage(urlset(rows.map((r) => ({ loc: pub + articlePermalink(r, tz), lastmod: r.updated_at }))));
  }
  switch (name) {
    case 'pages.xml': {
      const [pages, newest] = await Promise.all([publishedBetween(db, site.now, 'page'), newestUpdate(db, site.now)]);
      return xmlPage(
        urlset([{ loc: pub + '/', lastmod: newest ?? undefined }, ...pages.map((p) => ({ loc: pub + articlePermalink(p, tz), lastmod: p.updated_at }))]),
      );
    }
    case 'sections.xml':
      return listOrMissing((await allSections(db)).map((s) => ({ loc: pub + sectionUrl(s.slug) })));
    case 'tags.xml':
      return listOrMissing((await tagsInUse(db, site.now)).map((t) => ({ loc: pub + tagUrl(t.slug) })));
    case 'authors.xml':
      return listOrMissing((await authorsInUse(db, site.now)).map((a) => ({ loc: pub + authorUrl(a.slug) })));
    default:
      return { type: 'notfound' };
  }
}

function listOrMissing(entries: UrlEntry[]): Rendered {
  return entries.length ? xmlPage(urlset(entries)) : { type: 'notfound' };
}

/** Google News wants `zh-cn`/`zh-tw`, and otherwise the bare ISO 639 code. */
function newsLanguage(tag: string): string {
  const t = tag.toLowerCase();
  return t === 'zh-cn' || t === 'zh-tw' ? t : t.split('-')[0];
}

/**
 * `/news-sitemap.xml`: articles of the last 48 hours. Not stored in the page cache: articles age
 * out of it with the clock, and nothing would mark it stale then. One indexed range query.
 */
export async function newsSitemap(deps: Deps, site: SiteView): Promise<Rendered> {
  const tz = site.settings['site.timezone'];
  const rows = await publishedSince(deps.kysely, site.now, site.now - NEWS_WINDOW_MS, NEWS_MAX);
  const name = site.settings['site.title'];
  const lang = newsLanguage(site.settings['site.language']);
  const urls = rows.map((r) =>
    x(
      'url',
      {},
      x('loc', {}, site.publicUrl + articlePermalink(r, tz)),
      x(
        'news:news',
        {},
        x('news:publication', {}, x('news:name', {}, name), x('news:language', {}, lang)),
        x('news:publication_date', {}, isoLocal(r.published_at ?? site.now, tz)),
        x('news:title', {}, r.headline),
      ),
    ),
  );
  return xmlPage(xmlDocument(x('urlset', { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS }, urls)));
}

/** `/robots.txt`: everything but the newsroom, searches past their first page and the API; the sitemaps by absolute URL. */
export function robotsTxt(site: SiteView): Rendered {
  const body = [
    'User-agent: *',
    'Disallow: /admin/',
    // The first page of a search (`/search?q=words`) may be crawled; its other pages, sorts, sections
    // and dates (every address with a second parameter) may not: an endless space of near-copies.
    'Disallow: /search?*&',
    'Disallow: /comments/live',
    'Disallow: /api/',
    'Allow: /',
    '',
    `Sitemap: ${site.publicUrl}/sitemap.xml`,
    `Sitemap: ${site.publicUrl}/news-sitemap.xml`,
    '',
  ].join('\n');
  return xmlPage(body, ['sitemaps'], 'text/plain; charset=utf-8');
}
