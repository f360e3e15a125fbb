/**
 * Where things live. Reader URLs are WordPress-shaped so an imported site keeps its links.
 */
import { localParts } from './dates.js';

/** First path segments that belong to the site itself and can never be a page's slug. */
export const RESERVED_SLUGS = new Set([
  'section',
  'tag',
  'author',
  'feed',
  'comments',
  'page',
  'search',
  'admin',
  'api',
  'assets',
  'media',
  'avatar',
  'sitemap.xml',
  'robots.txt',
]);

const pad = (n: number) => (n < 10 ? '0' + n : String(n));

/** `/YYYY/MM/DD/slug/` for an article (date in the site's zone), `/slug/` for a page. */
export function articlePermalink(a: { type: string; slug: string; published_at: number | null }, tz: string): string {
  if (a.type === 'page' || a.published_at === null) return `/${a.slug}/`;
  const p = localParts(a.published_at, tz);
  return `/${p.year}/${pad(p.month)}/${pad(p.day)}/${a.slug}/`;
}

export const sectionUrl = (slug: string) => `/section/${slug}/`;
export const tagUrl = (slug: string) => `/tag/${slug}/`;
export const authorUrl = (slug: string) => `/author/${slug}/`;
export const dateArchiveUrl = (year: number, month?: number, day?: number) => `/${year}/` + (month ? `${pad(month)}/` : '') + (day ? `${pad(day)}/` : '');

/**
 * A URL-safe slug from any text: lower case, ASCII letters and digits joined by hyphens.
 * @example slugify('China & Russia: “Strategic” ties') // 'china-russia-strategic-ties'
 */
export function slugify(text: string, max = 80): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s || 'untitled';
}
