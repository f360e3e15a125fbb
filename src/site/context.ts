/**
 * What every reader view needs to know about the site, built per render from cached settings.
 */
import type { SiteSettings } from '../settings/definitions.js';
import type { SectionRef } from '../content/queries.js';

export interface SiteView {
  settings: SiteSettings;
  /** Canonical origin, no trailing slash. */
  publicUrl: string;
  /** Fingerprinted asset URLs; `comments` is public/comments.js (the comment form's token refresh). */
  assets: { css: string; js: string; icon: string; comments?: string };
  now: number;
  /** Sections for the navigation, in order. */
  sections: SectionRef[];
}

/** An absolute URL on the canonical origin. */
export function absolute(site: SiteView, path: string): string {
  return site.publicUrl + path;
}
