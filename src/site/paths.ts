/**
 * Reader paths → what they show. One pure function, so every URL shape is tested in one place.
 */
import { RESERVED_SLUGS } from '../content/permalinks.js';

export type ReaderRoute =
  | { kind: 'front'; page: number }
  | { kind: 'article'; year: number; month: number; day: number; slug: string }
  | { kind: 'article-feed'; year: number; month: number; day: number; slug: string }
  | { kind: 'comment-page'; year: number; month: number; day: number; slug: string; page: number }
  | { kind: 'date'; year: number; month?: number; day?: number; page: number }
  | { kind: 'date-feed'; year: number; month?: number; day?: number; format: FeedFormat }
  | { kind: 'section' | 'tag' | 'author'; slug: string; page: number }
  | { kind: 'section-feed' | 'tag-feed' | 'author-feed'; slug: string; format: FeedFormat }
  | { kind: 'feed'; format: FeedFormat }
  | { kind: 'comments-feed'; format: FeedFormat }
  | { kind: 'page'; slug: string };

export type FeedFormat = 'rss' | 'atom' | 'json';

const SLUG = /^[a-z0-9%][a-z0-9_%.-]*$/i;

const isInt = (s: string | undefined, len?: number) => s !== undefined && /^\d+$/.test(s) && (!len || s.length === len);

function feedFormat(rest: string[]): FeedFormat | null {
  if (rest.length === 1 && rest[0] === 'feed') return 'rss';
  if (rest.length === 2 && rest[0] === 'feed' && rest[1] === 'atom') return 'atom';
  if (rest.length === 2 && rest[0] === 'feed' && rest[1] === 'json') return 'json';
  return null;
}

/** Splits `/page/N/` off the end; returns null for a malformed page number (page 1 is canonical without it). */
function paged(segs: string[]): { segs: string[]; page: number } | null {
  const n = segs.length;
  if (n >= 2 && segs[n - 2] === 'page') {
    if (!isInt(segs[n - 1])) return null;
    const page = Number(segs[n - 1]);
    if (page < 2 || page > 100000) return null;
    return { segs: segs.slice(0, -2), page };
  }
  return { segs, page: 1 };
}

/**
 * Resolves a path (without query) to a reader route, or null for "not ours" (404 after redirects).
 * A path must end with a slash (WordPress shape) except the few files (`/feed.json`…), which the
 * caller handles before; a path without its slash is answered by a 301 elsewhere.
 */
export function resolveReaderPath(path: string): ReaderRoute | null {
  if (path === '/') return { kind: 'front', page: 1 };
  if (!path.endsWith('/')) return null;
  const raw = path.slice(1, -1).split('/');
  // Slugs stay percent-encoded, as WordPress stores non-ASCII slugs.
  const segs = raw.map((s) => s.toLowerCase());
  if (segs.some((s) => s === '')) return null;
  const p = paged(segs);
  if (!p) return null;
  const [a, b, c, d, e] = p.segs;
  const len = p.segs.length;

  if (len === 0) return { kind: 'front', page: p.page };

  if (a === 'feed' && p.page === 1) {
    const fmt = feedFormat(p.segs);
    if (fmt) return { kind: 'feed', format: fmt };
  }
  if (a === 'comments' && p.page === 1) {
    const fmt = feedFormat(p.segs.slice(1));
    if (fmt) return { kind: 'comments-feed', format: fmt };
  }
  if ((a === 'section' || a === 'tag' || a === 'author') && b && SLUG.test(b)) {
    if (len === 2) return { kind: a, slug: b, page: p.page };
    const fmt = p.page === 1 ? feedFormat(p.segs.slice(2)) : null;
    if (fmt) return { kind: `${a}-feed`, slug: b, format: fmt };
    return null;
  }
  if (isInt(a, 4)) {
    // A year's, month's or day's archive feed, as WordPress has them: /2024/05/feed/ and so on.
    const at = p.segs.indexOf('feed');
    const fmt = at >= 1 && p.page === 1 ? feedFormat(p.segs.slice(at)) : null;
    if (fmt) {
      const archive = resolveReaderPath(`/${p.segs.slice(0, at).join('/')}/`);
      if (archive?.kind === 'date') return { kind: 'date-feed', year: archive.year, month: archive.month, day: archive.day, format: fmt };
    }
    const year = Number(a);
    if (len === 1) return { kind: 'date', year, page: p.page };
    if (!isInt(b, 2)) return null;
    const month = Number(b);
    if (month < 1 || month > 12) return null;
    if (len === 2) return { kind: 'date', year, month, page: p.page };
    if (!isInt(c, 2)) return null;
    const day = Number(c);
    if (day < 1 || day > 31) return null;
    if (len === 3) return { kind: 'date', year, month, day, page: p.page };
    if (!d || !SLUG.test(d) || p.page !== 1) return null;
    if (len === 4) return { kind: 'article', year, month, day, slug: d };
    if (len === 5 && e === 'feed') return { kind: 'article-feed', year, month, day, slug: d };
    if (len === 5 && e?.startsWith('comment-page-') && isInt(e.slice(13))) {
      const page = Number(e.slice(13));
      if (page >= 1) return { kind: 'comment-page', year, month, day, slug: d, page };
    }
    return null;
  }
  if (len === 1 && p.page === 1 && SLUG.test(a) && !RESERVED_SLUGS.has(a)) return { kind: 'page', slug: a };
  return null;
}

/**
 * True when `path` is the one spelling the site links to: lower case, page numbers without leading
 * zeros. Other spellings of the same page are answered (or redirected) but never cached, so a
 * client cannot fill the page cache with variants of one page.
 */
export function isCanonicalPath(path: string): boolean {
  return path === path.toLowerCase() && !/\/(?:page\/|comment-page-)0/.test(path);
}
