/**
 * One list of feed entries written as RSS 2.0, Atom 1.0 or JSON Feed 1.1, with the `feed` package.
 *
 * What the package does not do is patched here, each in one place: no author email is ever handed
 * to it (it prints `author.email` in RSS and Atom); RSS bylines go out as `dc:creator` because
 * RSS's own `<author>` must be an email address; Atom titles are declared `type="html"` by the
 * package, so they are escaped for it (summaries too, in RSS and Atom); and its JSON output (version 1.0, one `author`) is raised to
 * 1.1 (`authors`, `language`).
 */
import { Feed, type Item } from 'feed';
import type { Media } from '../db/schema.js';
import { escapeHtml } from '../kernel/jsx.js';
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

function toItem(e: FeedEntry, format: FeedFormat): Item {
  const names = e.authors.map((a) => a.name);
  return {
    id: e.id,
    title: format === 'atom' ? escapeHtml(e.title) : e.title,
    link: e.url,
    date: new Date(e.updated),
    published: new Date(e.published),
    // A summary is plain text; RSS descriptions and Atom summaries are read as HTML.
    description: !e.summary ? undefined : format === 'json' ? e.summary : escapeHtml(e.summary),
    // The package declares the content namespaces only when an item has content.
    content: e.contentHtml || '<p></p>',
    // `name` only: the package would print an email here.
    author: format === 'rss' ? undefined : e.authors.map((a) => ({ name: a.name, link: safeLink(a.url) })),
    // xml-js writes an array value as repeated elements: one `dc:creator` per author.
    extensions:
      format === 'rss' && names.length ? [{ name: 'dc:creator', objects: names.map((n) => ({ _text: n })) as unknown as Record<string, unknown> }] : undefined,
    category: e.categories.map((c) => ({ name: c.name, term: c.term, domain: c.url, scheme: c.url })),
    image: e.image,
  };
}

/** Writes `entries` (newest first) as one feed document. */
export function writeFeed(meta: FeedMeta, entries: FeedEntry[], format: FeedFormat, fallbackUpdated: number): string {
  const updated = new Date(entries.reduce((t, e) => Math.max(t, e.updated), 0) || fallbackUpdated);
  const feed = new Feed({
    id: meta.links.atom,
    title: meta.title,
    description: meta.description || undefined,
    link: meta.homeUrl,
    language: meta.language,
    updated,
    generator: 'Gazette',
    feed: meta.links[format],
    feedLinks: meta.links,
    author: { name: meta.publisher },
  });
  for (const e of entries) feed.addItem(toItem(e, format));
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return jsonFeed11(feed.json1(), meta, entries);
}

/** Raises the package's JSON Feed 1.0 to 1.1: version, `language`, `authors` on each item. */
function jsonFeed11(json: string, meta: FeedMeta, entries: FeedEntry[]): string {
  const doc = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const out: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.links.json,
    description: meta.description || undefined,
    language: meta.language,
    authors: [{ name: meta.publisher }],
  };
  out.items = doc.items.map((item, i) => {
    const authors = entries[i].authors.map((a) => ({ name: a.name, url: safeLink(a.url) }));
    // `author` stays beside `authors` for 1.0 readers, as the 1.1 spec allows.
    return { ...item, authors: authors.length ? authors : undefined, author: authors[0] };
  });
  return JSON.stringify(out);
}
