/**
 * One list of feed entries written as RSS 2.0, Atom 1.0 or JSON Feed 1.1.
 *
 * The XML is built with the kernel's writer (../kernel/xml.ts), which escapes every text: no CDATA
 * section, so no `]]>` in a headline, a body or a commenter's name can end one and smuggle markup in.
 * No author email is ever written (RSS's own `<author>` must be one, so RSS bylines are
 * `dc:creator`); Atom titles and summaries are plain text, bodies HTML; a link is http(s) or absent.
 */
import type { Media } from '../db/schema.js';
import { escapeHtml } from '../kernel/jsx.js';
import { x, xmlDocument, type XmlElement } from '../kernel/xml.js';
import type { FeedFormat } from './paths.js';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Readers poll; a CDN may keep a feed for a minute and the page cache answers the rest. */
export const FEED_CACHE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';

export interface FeedPerson {
  name: string;
  /** A public page: the author archive, or a commenter's own website. Never an email. */
  url?: string;
}

export interface FeedEntry {
  /** Stable across edits, slug changes and host moves within the feed's life (see {@link entryId}). */
  id: string;
  title: string;
  url: string;
  published: number;
  updated: number;
  authors: FeedPerson[];
  summary?: string;
  contentHtml: string;
  categories: { name: string; term: string; url: string }[];
  image?: { url: string; type: string; length: number };
}

export interface FeedMeta {
  title: string;
  description: string;
  language: string;
  /** The HTML page the feed follows (absolute). */
  homeUrl: string;
  /** The feed in each format (absolute); the one being written is its self link. */
  links: Record<FeedFormat, string>;
  /** Feed-level author, required by Atom when an entry has none. */
  publisher: string;
}

/**
 * A stable entry id. An imported WordPress post keeps the guid WordPress gave it (`/?p=ID`, which
 * this site also answers), so readers moving with the site do not see old posts as new; anything
 * else gets a tag URI (RFC 4151). The tag's date is fixed: it only has to be a day the site's
 * owner held the name, and a constant keeps every id unchanged forever.
 */
export function entryId(publicUrl: string, kind: 'article' | 'comment', id: number, wpId?: number | null): string {
  if (kind === 'article' && wpId) return `${publicUrl}/?p=${wpId}`;
  return `tag:${new URL(publicUrl).hostname},2024:${kind}-${id}`;
}

/** The absolute URL of a stored image (same rule as the pages' `<img src>`). */
export function mediaUrl(publicUrl: string, media: Media): string {
  if (media.original_url && !media.path) return media.original_url;
  return publicUrl + '/' + media.path.replace(/^\/+/, '');
}

/** A URL the feed package can print: http(s) only; anything else (or garbage) is dropped. */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const rfc822 = (ms: number) => new Date(ms).toUTCString();
const iso = (ms: number) => new Date(ms).toISOString();

function rssItem(e: FeedEntry): XmlElement {
  return x(
    'item',
    {},
    x('title', {}, e.title),
    x('link', {}, e.url),
    x('guid', { isPermaLink: 'false' }, e.id),
    x('pubDate', {}, rfc822(e.published)),
    // A summary is plain text; an RSS description is read as HTML.
    e.summary ? x('description', {}, escapeHtml(e.summary)) : null,
    x('content:encoded', {}, e.contentHtml || '<p></p>'),
    e.categories.map((c) => x('category', { domain: c.url }, c.name)),
    e.image ? x('enclosure', { url: e.image.url, length: e.image.length, type: e.image.type }) : null,
    e.authors.map((a) => x('dc:creator', {}, a.name)),
  );
}

function rss(meta: FeedMeta, entries: FeedEntry[], updated: number): string {
  return xmlDocument(
    x(
      'rss',
      {
        version: '2.0',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
      },
      x(
        'channel',
        {},
        x('title', {}, meta.title),
        x('link', {}, meta.homeUrl),
        x('description', {}, meta.description || meta.title),
        x('lastBuildDate', {}, rfc822(updated)),
        x('docs', {}, 'https://www.rssboard.org/rss-specification'),
        x('generator', {}, 'Gazette'),
        x('language', {}, meta.language),
        x('atom:link', { href: meta.links.rss, rel: 'self', type: 'application/rss+xml' }),
        entries.map(rssItem),
      ),
    ),
  );
}

function atomPerson(tag: string, p: FeedPerson): XmlElement {
  const uri = safeLink(p.url);
  return x(tag, {}, x('name', {}, p.name), uri ? x('uri', {}, uri) : null);
}

function atomEntry(e: FeedEntry): XmlElement {
  return x(
    'entry',
    {},
    x('title', { type: 'text' }, e.title),
    x('id', {}, e.id),
    x('link', { href: e.url }),
    e.image ? x('link', { rel: 'enclosure', href: e.image.url, type: e.image.type, length: e.image.length }) : null,
    x('updated', {}, iso(e.updated)),
    e.summary ? x('summary', { type: 'text' }, e.summary) : null,
    x('content', { type: 'html' }, e.contentHtml || '<p></p>'),
    e.authors.map((a) => atomPerson('author', a)),
    e.categories.map((c) => x('category', { label: c.name, scheme: c.url, term: c.term })),
    x('published', {}, iso(e.published)),
  );
}

function atom(meta: FeedMeta, entries: FeedEntry[], updated: number): string {
  return xmlDocument(
    x(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': meta.language },
      x('id', {}, meta.links.atom),
      x('title', { type: 'text' }, meta.title),
      x('updated', {}, iso(updated)),
      x('generator', {}, 'Gazette'),
      atomPerson('author', { name: meta.publisher }),
      x('link', { rel: 'alternate', type: 'text/html', href: meta.homeUrl }),
      x('link', { rel: 'self', type: 'application/atom+xml', href: meta.links.atom }),
      meta.description ? x('subtitle', { type: 'text' }, meta.description) : null,
      entries.map(atomEntry),
    ),
  );
}

/** JSON Feed 1.1 (`author` kept beside `authors` for 1.0 readers, as the 1.1 spec allows). */
function jsonFeed(meta: FeedMeta, entries: FeedEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.links.json,
    description: meta.description || undefined,
    language: meta.language,
    authors: [{ name: meta.publisher }],
    items: entries.map((e) => {
      const authors = e.authors.map((a) => ({ name: a.name, url: safeLink(a.url) }));
      return {
        id: e.id,
        content_html: e.contentHtml || '<p></p>',
        url: e.url,
        title: e.title,
        summary: e.summary || undefined,
        image: e.image?.url,
        date_modified: iso(e.updated),
        date_published: iso(e.published),
        author: authors[0],
        authors: authors.length ? authors : undefined,
        tags: e.categories.length ? e.categories.map((c) => c.name) : undefined,
      };
    }),
  });
}

/** Writes `entries` (newest first) as one feed document. */
export function writeFeed(meta: FeedMeta, entries: FeedEntry[], format: FeedFormat, fallbackUpdated: number): string {
  const updated = entries.reduce((t, e) => Math.max(t, e.updated), 0) || fallbackUpdated;
  if (format === 'rss') return rss(meta, entries, updated);
  if (format === 'atom') return atom(meta, entries, updated);
  return jsonFeed(meta, entries);
}
