/**
 * The themable components and what each receives: the views render their building blocks through
 * {@link components}, so a theme (./theme.ts, docs/theming.md) can replace one and every page that
 * uses it follows. This interface is the theme's contract.
 *
 * Each default registers itself from its own module (`register({ StoryCard, … })` at the end of
 * ./cards.tsx and ./layout.tsx): the components call each other through this registry, so the
 * registry cannot import them.
 */
import type { Child, Html } from '../kernel/jsx.js';
import type { ArticleCard, AuthorRef } from '../content/queries.js';
import type { SiteView } from './site-view.js';

export interface LayoutProps {
  site: SiteView;
  /** The page's own title; the site name is appended. */
  title?: string;
  description?: string;
  /** Path of the canonical URL. */
  canonical: string;
  /** Extra head elements (Open Graph, JSON-LD, feed links). */
  head?: Child;
  /** Marks the current section in the navigation. */
  currentSection?: string;
  noindex?: boolean;
  /** A page of many stories (front page, archives, search, not found): it links listing.css, the
   *  styles an article does not need. */
  listing?: boolean;
  /** The page has its own search box: on a phone the masthead's stands aside, so there are not two. */
  pageSearch?: boolean;
  children?: Child;
}

export interface StoryCardProps {
  site: SiteView;
  card: ArticleCard;
  lead?: boolean;
  /** Its image is at the top of the page on a phone (the first of a list): loaded at once, first. */
  eager?: boolean;
  /** The image's `sizes` when the card's width is not the usual one (the front page's lead). */
  sizes?: string;
  showSection?: boolean;
  headingLevel?: 2 | 3;
}

/** Which of a list's cards shows its image eagerly: the first with an image, if it is among the first two. */
export function eagerIndex(cards: { image: unknown }[]): number {
  const i = cards.findIndex((c) => c.image);
  return i >= 0 && i < 2 ? i : -1;
}

export interface PagerProps {
  base: string;
  page: number;
  more: boolean;
  query?: string;
  /** How many stories the list holds in all: the pager then numbers its pages and says the total. */
  total?: number;
  /** Stories a page. */
  per?: number;
}

export interface Components {
  Layout(p: LayoutProps): Html;
  Masthead(p: { site: SiteView; currentSection?: string }): Html;
  Footer(p: { site: SiteView }): Html;
  StoryCard(p: StoryCardProps): Html;
  Byline(p: { authors: AuthorRef[] }): Html;
  /** `time`: the hour too (the article's dateline). */
  Dateline(p: { site: SiteView; at: number; time?: boolean }): Html;
  Pager(p: PagerProps): Html;
  AuthorBox(p: { author: AuthorRef }): Html;
  SearchForm(p: { query: string; id: string }): Html;
}

export type ComponentName = keyof Components;

export const COMPONENT_NAMES = [
  'Layout',
  'Masthead',
  'Footer',
  'StoryCard',
  'Byline',
  'Dateline',
  'Pager',
  'AuthorBox',
  'SearchForm',
] as const satisfies readonly ComponentName[];

/** What the views call; a theme's overrides replace entries at boot. */
export const components = {} as Components;

/** The built-in components, as registered (a theme's override can wrap them). */
export const defaults = {} as Components;

/** Called once by each module that defines defaults. */
export function register(defined: Partial<Components>): void {
  Object.assign(defaults, defined);
  Object.assign(components, defined);
}
