/**
 * What every reader view needs to know about the site, built per render from cached settings.
 */
import type { SiteSettings } from '../settings/definitions.js';
import { allSections, type SectionRef } from '../content/queries.js';
import type { Deps } from '../runtime/deps.js';
import type { Assets } from '../runtime/assets.js';

export interface SiteView {
  settings: SiteSettings;
  /** Canonical origin, no trailing slash. */
  publicUrl: string;
  /** Fingerprinted asset URLs; `comments` is public/comments.js (the comment form's token refresh). */
  /** `blocks` is public/blocks.css, linked only by stories with WordPress block markup. */
  assets: { css: string; js: string; icon: string; comments?: string; blocks?: string };
  now: number;
  /** Sections for the navigation, in order. */
  sections: SectionRef[];
}

/** An absolute URL on the canonical origin. */
export function absolute(site: SiteView, path: string): string {
  return site.publicUrl + path;
}

export async function siteView(deps: Deps, assets: Assets): Promise<SiteView> {
  const [settings, sections] = await Promise.all([deps.settings.all(), allSections(deps.kysely)]);
  return {
    settings,
    publicUrl: deps.config.publicUrl,
    assets: {
      css: assets.url('style.css'),
      js: assets.url('site.js'),
      icon: assets.url('icon.svg'),
      comments: assets.urls.get('comments.js'),
      blocks: assets.urls.get('blocks.css'),
    },
    now: deps.clock.now(),
    sections: sections.filter((s) => s.parent_id === null).map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
  };
}
