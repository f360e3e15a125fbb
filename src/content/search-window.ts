/**
 * What every search shares, whichever database answers it: the window of newest matches it reads
 * and ranks, its pages, the question asked, and relevance with recency (./search.ts).
 */

/** Matches read per query: the most recent this many are ranked; also the deepest result shown. */
export const WINDOW = 1000;
/** Results on a page. */
export const PER_PAGE = 10;
/** The deepest page: the window, a page at a time. */
export const MAX_PAGE = WINDOW / PER_PAGE;
/** The recency boost halves a story's advantage over this many days: relevance × (0.5 + 0.5 × 2^(−age/half-life)). */
export const HALF_LIFE_DAYS = 365;

/**
 * Relevance by where a query matches: all of it in the headline, all of it in the dek; the body
 * always. SQLite ranks common queries so (and rare ones by bm25 with these weights); PostgreSQL
 * ranks every query so.
 */
export const FIELD_WEIGHTS = { headline: 10, dek: 4, body: 1 };

export type SearchSort = 'relevance' | 'newest';

export interface SearchQuery {
  text: string;
  sort: SearchSort;
  /** 1-based, at most MAX_PAGE. */
  page: number;
  sectionId?: number;
  /** Published within [from, to), milliseconds. */
  from?: number;
  to?: number;
}

/** Relevance with recency: `score` (higher is better) times a factor falling from 1 to ½ with age. */
export function withRecency(score: number, publishedAt: number, now: number): number {
  const ageDays = Math.max(0, now - publishedAt) / 86_400_000;
  return score * (0.5 + 0.5 * 2 ** (-ageDays / HALF_LIFE_DAYS));
}
