/**
 * What every reader view needs to know about the site, built per render from the settings and the
 * chrome (sections, the footer's pages), both kept in memory until a change names them.
 */
import type { SiteSettings } from '../settings/definitions.js';
import type { SectionRef } from '../content/queries.js';
import type { Known } from '../runtime/site-chrome.js';
import type { Deps } from '../runtime/deps.js';
import type { Assets } from '../runtime/assets.js';

export interface SiteView {
  settings: SiteSettings;
  /** Canonical origin, no trailing slash. */
  publicUrl: string;
  /** Fingerprinted asset URLs; `comments` is public/comments.js (the comment form's token refresh). */
  /** `blocks` is public/blocks.css, linked only by stories with WordPress block markup; `listing` is
   *  public/listing.css, linked only by pages of many stories; `embeds` is public/embeds.js, loaded
   *  only by stories with an embed a reader may load. */
  assets: { css: string; js: string; icon: string; comments?: string; live?: string; blocks?: string; listing?: string; embeds?: string };
  now: number;
  /** Sections for the navigation, in order. */
  sections: SectionRef[];
  /** The site's own pages (About, Privacy…) for the footer, oldest first. */
  pages?: { slug: string; headline: string }[];
  /** What lists of stories need of the sections, so they need not read it (src/runtime/site-chrome.ts). */
  known?: Known;
}

/** An absolute URL on the canonical origin. */
export function absolute(site: SiteView, path: string): string {
  return site.publicUrl + path;
}

export async function siteView(deps: Deps, assets: Assets): Promise<SiteView> {
  const now = deps.clock.now();
  const [settings, { sections, pages, known }] = await Promise.all([deps.settings.all(), deps.chrome.read(now)]);
  return {
    settings,
    publicUrl: deps.config.publicUrl,
    assets: {
      css: assets.url('style.css'),
      js: assets.url('site.js'),
      icon: assets.url('icon.svg'),
      comments: assets.urls.get('comments.js'),
      live: assets.urls.get('live.js'),
      blocks: assets.urls.get('blocks.css'),
      listing: assets.urls.get('listing.css'),
      embeds: assets.urls.get('embeds.js'),
    },
    now,
    pages,
    known,
    sections: sections.filter((s) => s.parent_id === null).map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
  };
}
