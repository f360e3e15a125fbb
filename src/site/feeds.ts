/**
 * RSS 2.0, Atom and JSON Feed for the site, sections, tags, authors and comments: what each feed
 * holds and which cache tags it carries. Writing the formats is in feed-format.ts.
 *
 * Feed URLs: `BASE/feed/` (RSS), `BASE/feed/atom/`, `BASE/feed/json/`, where BASE is `/`,
 * `/section/slug/`, `/tag/slug/`, `/author/slug/`, a date archive (`/YYYY/`, `/YYYY/MM/`,
 * `/YYYY/MM/DD/`) or `/comments/`; the site's JSON Feed is also
 * `/feed.json` (its canonical address). An article's comments: `/YYYY/MM/DD/slug/feed/` (RSS).
 */
import type { Deps } from '../runtime/deps.js';
import { COMMENT_FEEDS } from '../runtime/page-cache.js';
import { renderCommentBody } from '../comments/render.js';
import { articlePermalink, authorUrl, dateArchiveUrl, sectionUrl, tagUrl } from '../content/permalinks.js';
import { archiveRange, formatDate } from '../content/dates.js';
import { plainText, truncateWords } from '../content/render-body.js';
import { articleBySlug, authorBySlug, latestArticles, sectionBySlug, tagBySlug, type ArticleCard, type ListOptions } from '../content/queries.js';
import { articleBodies, latestComments, tagsOfArticles, type FeedComment } from '../content/listing-queries.js';
import type { SiteView } from '../views/site-view.js';
import type { FeedFormat, ReaderRoute } from './paths.js';
import type { Rendered } from '../runtime/site-context.js';
import { entryId, FEED_CACHE, FEED_CONTENT_TYPES, mediaUrl, writeFeed, type FeedEntry, type FeedMeta } from './feed-format.js';

type FeedRoute = Extract<ReaderRoute, { kind: 'feed' | 'comments-feed' | 'section-feed' | 'tag-feed' | 'author-feed' | 'article-feed' | 'date-feed' }>;

/** The three addresses of the feed that follows the page at `base`. */
export function feedLinks(publicUrl: string, base: string): Record<FeedFormat, string> {
  return {
    rss: publicUrl + base + 'feed/',
    atom: publicUrl + base + 'feed/atom/',
    json: publicUrl + (base === '/' ? '/feed.json' : base + 'feed/json/'),
  };
}

/** Renders the feed a feed route names, or not found. */
export async function feedPage(deps: Deps, site: SiteView, route: ReaderRoute): Promise<Rendered> {
  const r = route as FeedRoute;
  const db = deps.kysely;
  const title = site.settings['site.title'];
  switch (r.kind) {
    case 'feed':
      return articleFeed(deps, site, r.format, { title, description: site.settings['site.tagline'], base: '/' }, {}, []);
    case 'section-feed': {
      const section = await sectionBySlug(db, r.slug);
      if (!section) return { type: 'notfound' };
      const meta = { title: `${title} – ${section.name}`, description: section.description, base: sectionUrl(section.slug) };
      return articleFeed(deps, site, r.format, meta, { sectionId: section.id }, [`section:${section.id}`]);
    }
    case 'tag-feed': {
      const tag = await tagBySlug(db, r.slug);
      if (!tag) return { type: 'notfound' };
      const meta = { title: `${title} – ${tag.name}`, description: `Stories tagged ${tag.name}`, base: tagUrl(tag.slug) };
      return articleFeed(deps, site, r.format, meta, { tagId: tag.id }, [`tag:${tag.id}`], true);
    }
    case 'author-feed': {
      const author = await authorBySlug(db, r.slug, site.now);
      if (!author) return { type: 'notfound' };
      const meta = { title: `${title} – ${author.name}`, description: author.bio, base: authorUrl(author.slug) };
      return articleFeed(deps, site, r.format, meta, { authorId: author.id }, [`author:${author.id}`], true);
    }
    case 'date-feed': {
      // A year's, month's or day's stories, newest first, as WordPress's date archive feeds.
      const tz = site.settings['site.timezone'];
      const range = archiveRange(r, tz);
      if (!range) return { type: 'notfound' };
      const base = dateArchiveUrl(r.year, r.month, r.day);
      const when = formatDate(range.from, tz, r.day ? 'F j, Y' : r.month ? 'F Y' : 'Y');
      const meta = { title: `${title} – ${when}`, description: `Stories of ${when}`, base };
      return articleFeed(deps, site, r.format, meta, range, [`date:${r.year}`], true);
    }
    case 'comments-feed': {
      const comments = await latestComments(db, site.now, { limit: site.settings['reading.feed_count'] });
      const meta = { title: `Comments for ${title}`, description: site.settings['site.tagline'], base: '/', links: feedLinks(site.publicUrl, '/comments/') };
      return commentFeed(site, r.format, meta, comments, []);
    }
    case 'article-feed': {
      const a = await articleBySlug(db, site.now, 'article', r.slug);
      if (!a) return { type: 'notfound' };
      const permalink = articlePermalink(a, site.settings['site.timezone']);
      const wanted = `/${r.year}/${String(r.month).padStart(2, '0')}/${String(r.day).padStart(2, '0')}/${r.slug}/`;
      if (permalink !== wanted) return { type: 'redirect', location: permalink + 'feed/', status: 301 };
      const comments = await latestComments(db, site.now, { limit: site.settings['reading.feed_count'], articleId: a.id });
      const self = site.publicUrl + permalink + 'feed/';
      // One address in every format: article comment feeds are RSS, as WordPress serves them.
      const meta = { title: `Comments on: ${a.headline}`, description: a.dek, base: permalink, links: { rss: self, atom: self, json: self }, single: true };
      return commentFeed(site, 'rss', meta, comments, [`article:${a.id}`]);
    }
  }
}

function feedRendered(format: FeedFormat, route: string, body: string, tags: string[], links: Record<FeedFormat, string> | null): Rendered {
  const alternates = links
    ? (Object.keys(links) as FeedFormat[]).map((f) => `<${links[f]}>; rel="alternate"; type="${FEED_CONTENT_TYPES[f].split(';')[0]}"`).join(', ')
    : null;
  return {
    type: 'page',
    input: {
      status: 200,
      contentType: FEED_CONTENT_TYPES[format],
      body,
      tags: [...new Set(tags)],
      cacheControl: FEED_CACHE,
      route,
      // Lets a reader that was handed one format find the others.
      headers: alternates ? [['link', alternates]] : undefined,
    },
  };
}

async function articleFeed(
  deps: Deps,
  site: SiteView,
  format: FeedFormat,
  m: { title: string; description: string; base: string },
  filter: Pick<ListOptions, 'sectionId' | 'tagId' | 'authorId' | 'from' | 'to'>,
  scopeTags: string[],
  /** A tag or byline seen only on unpublished work must not show even its name; an empty date has no feed. */
  emptyIsMissing = false,
): Promise<Rendered> {
  const db = deps.kysely;
  const { items } = await latestArticles(db, site.now, { limit: site.settings['reading.feed_count'], ...filter });
  if (emptyIsMissing && !items.length) return { type: 'notfound' };
  const ids = items.map((c) => c.id);
  const [bodies, tags] = await Promise.all([articleBodies(db, ids), tagsOfArticles(db, ids)]);
  const links = feedLinks(site.publicUrl, m.base);
  const meta: FeedMeta = {
    title: m.title,
    description: m.description,
    language: site.settings['site.language'],
    homeUrl: site.publicUrl + m.base,
    links,
    publisher: site.settings['site.title'],
  };
  const entries = items.map((c) => articleEntry(site, c, bodies.get(c.id), tags.get(c.id) ?? []));
  const body = writeFeed(meta, entries, format, site.now);
  return feedRendered(format, 'feed', body, ['feeds', ...scopeTags, ...ids.map((id) => `article:${id}`)], links);
}

function articleEntry(
  site: SiteView,
  c: ArticleCard,
  body: { body_html: string; wp_id: number | null } | undefined,
  tags: { slug: string; name: string }[],
): FeedEntry {
  const pub = site.publicUrl;
  const categories = [
    ...(c.section ? [{ name: c.section.name, term: c.section.slug, url: pub + sectionUrl(c.section.slug) }] : []),
    ...tags.map((t) => ({ name: t.name, term: t.slug, url: pub + tagUrl(t.slug) })),
  ];
  return {
    id: entryId(pub, 'article', c.id, body?.wp_id),
    title: c.headline,
    url: pub + articlePermalink(c, site.settings['site.timezone']),
    published: c.published_at,
    updated: Math.max(c.updated_at, c.published_at),
    authors: c.authors.map((a) => ({ name: a.name, url: pub + authorUrl(a.slug) })),
    summary: c.dek || c.excerpt,
    contentHtml: body?.body_html ?? '',
    categories,
    image: c.image ? { url: mediaUrl(pub, c.image), type: c.image.mime, length: c.image.bytes } : undefined,
  };
}

function commentFeed(
  site: SiteView,
  format: FeedFormat,
  m: { title: string; description: string; base: string; links: Record<FeedFormat, string>; single?: boolean },
  comments: FeedComment[],
  scopeTags: string[],
): Rendered {
  const pub = site.publicUrl;
  const tz = site.settings['site.timezone'];
  const meta: FeedMeta = {
    title: m.title,
    description: m.description,
    language: site.settings['site.language'],
    homeUrl: pub + m.base,
    links: m.links,
    publisher: site.settings['site.title'],
  };
  const entries: FeedEntry[] = comments.map((c) => {
    const html = renderCommentBody(c.body);
    return {
      id: entryId(pub, 'comment', c.id),
      title: `Comment on ${c.headline} by ${c.author}`,
      url: `${pub}${articlePermalink(c, tz)}#comment-${c.id}`,
      published: c.created_at,
      updated: c.created_at,
      // The commenter's name and the website they chose to show; the email is never selected.
      authors: [{ name: c.author, url: c.url || undefined }],
      summary: truncateWords(plainText(html), 200),
      contentHtml: html,
      categories: [],
    };
  });
  const body = writeFeed(meta, entries, format, site.now);
  const tags = ['comments-feed', COMMENT_FEEDS, ...scopeTags, ...comments.map((c) => `article:${c.article_id}`)];
  return feedRendered(format, 'comments-feed', body, tags, m.single ? null : m.links);
}
