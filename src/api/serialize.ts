/**
 * Rows → the API's JSON shapes (see openapi.ts). Only fields a reader may see: never an email,
 * never a draft's anything. Times are ISO 8601 in UTC; URLs are absolute.
 */
import { articlePermalink, authorUrl, sectionUrl, tagUrl } from '../content/permalinks.js';
import type { ArticleCard, ArticleFull, AuthorRef, TagRef } from '../content/queries.js';
import type { Media } from '../db/schema.js';
import { mediaUrl } from '../site/feed-format.js';

export interface ApiSite {
  publicUrl: string;
  timezone: string;
  /** Section descriptions by id (cards carry only id, slug and name). */
  sections: Map<number, { id: number; slug: string; name: string; description: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function sectionJson(site: ApiSite, s: { id: number; slug: string; name: string; description?: string }) {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description ?? site.sections.get(s.id)?.description ?? '',
    url: site.publicUrl + sectionUrl(s.slug),
  };
}

export function tagJson(site: ApiSite, t: TagRef) {
  return { id: t.id, slug: t.slug, name: t.name, url: site.publicUrl + tagUrl(t.slug) };
}

export function authorJson(site: ApiSite, a: AuthorRef) {
  return { id: a.id, slug: a.slug, name: a.name, bio: a.bio, url: site.publicUrl + authorUrl(a.slug) };
}

function imageJson(site: ApiSite, m: Media) {
  return { url: mediaUrl(site.publicUrl, m), width: m.width, height: m.height, alt: m.alt, caption: m.caption, mime: m.mime };
}

/** ArticleSummary: what a listing shows. */
export function articleSummaryJson(site: ApiSite, c: ArticleCard) {
  return {
    id: c.id,
    slug: c.slug,
    headline: c.headline,
    dek: c.dek,
    excerpt: c.excerpt,
    url: site.publicUrl + articlePermalink(c, site.timezone),
    published_at: iso(c.published_at),
    updated_at: iso(c.updated_at),
    section: c.section ? sectionJson(site, c.section) : null,
    authors: c.authors.map((a) => authorJson(site, a)),
    image: c.image ? imageJson(site, c.image) : null,
    comment_count: c.comment_count,
  };
}

/** Article: the summary plus its body and tags. */
export function articleJson(site: ApiSite, a: ArticleFull) {
  return { ...articleSummaryJson(site, a), body_html: a.body_html, tags: a.tags.map((t) => tagJson(site, t)) };
}
