/**
 * Reader pages: each function loads what its page shows and renders it, naming the cache tags the
 * page depends on. Routing, caching and sending are in routes.ts.
 */
import type { Deps } from '../runtime/deps.js';
import { cardTags as tagsOfCard, giveWay, storyTag } from '../runtime/page-cache.js';
import type { PageInput } from '../runtime/page-entry.js';
import { archiveRange, localParts, zonedTimeToUtc } from '../content/dates.js';
import { articlePermalink, authorUrl, dateArchiveUrl, sectionUrl, tagUrl } from '../content/permalinks.js';
import { articleBySlug, authorBySlug, latestArticles, relatedArticles, sectionBySlug, tagBySlug, type ArticleCard } from '../content/queries.js';
import { currentBanner, frontPageStories } from '../content/front.js';
import { countArticles, neighbour } from '../content/archive-count.js';
import { page } from '../views/layout.js';
import { FrontPage } from './views/front.js';
import { ArticlePage, StaticPage } from './views/article.js';
import { ArchivePage, DateNavigation, NotFoundPage } from './views/listing.js';
import type { SiteView } from '../views/site-view.js';
import type { ReaderRoute } from './paths.js';
import { loadConversation } from '../comments/conversation.js';
import { commentPageUrl, type FormState } from '../comments/views.js';
import type { UnsentForm } from '../comments/unsent.js';

import type { Rendered } from '../runtime/site-context.js';
import { ERROR_HEADER } from '../kernel/error-catalogue.js';

export const HTML = 'text/html; charset=utf-8';
/** Browsers revalidate (cheap 304s); a CDN in front may keep a page for a minute. */
export const HTML_CACHE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';

const cardTags = (cards: ArticleCard[]) => cards.flatMap((c) => tagsOfCard(c.id));

function htmlPage(route: string, tags: string[], body: string, lastModified?: number): Rendered {
  return { type: 'page', input: { status: 200, contentType: HTML, body, tags: ['sections', ...tags], cacheControl: HTML_CACHE, route, lastModified } };
}

/** Page 1 of the front page: the editors' arrangement (content/front.ts), then a block per section. */
async function frontPageOne(deps: Deps, site: SiteView) {
  const db = deps.kysely;
  const per = site.settings['reading.front_page_count'];
  const [front, banner] = await Promise.all([frontPageStories(db, site.now, per, site.known), currentBanner(db, site.now)]);
  const top = front.lead ? [front.lead, ...front.latest] : front.latest;
  const shownIds = top.map((c) => c.id);
  const sectionBlocks = (
    await Promise.all(
      site.sections.map(async (section) => ({
        section,
        items: (await latestArticles(db, site.now, { limit: 4, sectionId: section.id, excludeIds: shownIds, known: site.known })).items,
      })),
    )
  ).filter((b) => b.items.length);
  // Everything page 1 shows, so that page 2 repeats none of it.
  const ids = [...shownIds, ...sectionBlocks.flatMap((b) => b.items.map((c) => c.id))];
  return { lead: front.lead, latest: front.latest, banner, sectionBlocks, ids };
}

export async function frontPage(deps: Deps, site: SiteView, pageNo: number): Promise<Rendered> {
  const per = site.settings['reading.front_page_count'];
  const db = deps.kysely;
  const one = await frontPageOne(deps, site);
  if (pageNo === 1) {
    const { lead, latest, banner, sectionBlocks, ids } = one;
    const more = (await latestArticles(db, site.now, { limit: 1, excludeIds: ids, known: site.known })).items.length > 0;
    const body = page(FrontPage({ site, page: 1, lead, latest, more, sectionBlocks, banner }));
    const all = [...(lead ? [lead] : []), ...latest, ...sectionBlocks.flatMap((b) => b.items)];
    return htmlPage('front', ['front', ...cardTags(all)], body);
  }
  // Later pages: the newest stories page 1 did not show, `per` a page.
  const rest = await latestArticles(db, site.now, { limit: per, offset: (pageNo - 2) * per, excludeIds: one.ids, known: site.known });
  if (!rest.items.length) return { type: 'notfound' };
  const body = page(FrontPage({ site, page: pageNo, lead: null, latest: rest.items, more: rest.more, sectionBlocks: [] }));
  return htmlPage('front', ['front', ...cardTags(rest.items)], body);
}

/** What an article page shows besides the article (comment pages, query, a refused comment). */
export interface ArticlePageOptions {
  /** `comment-page-N/` (page 1 is the article URL itself). */
  commentPage?: number;
  /** `?replytocom=`, `?unapproved=&moderation-hash=`: rendered for this request only. */
  query?: Record<string, string | undefined>;
  /** A refused comment, re-rendered with what was typed and the errors (POST /comments). */
  form?: FormState;
  keepToken?: string;
  /** A refused comment carried back by the sealed cookie (comments/unsent.ts). */
  unsent?: UnsentForm | null;
  status?: number;
  headers?: [string, string][];
}

export async function articlePage(deps: Deps, site: SiteView, r: { slug: string }, path: string, given: ArticlePageOptions = {}): Promise<Rendered> {
  const a = await articleBySlug(deps.kysely, site.now, 'article', r.slug, site.known);
  if (!a) return { type: 'notfound' };
  const permalink = articlePermalink(a, site.settings['site.timezone']);
  // comment-page-1 is the article itself; every page has exactly one address.
  const wanted = given.commentPage ?? 1;
  const canonical = commentPageUrl(permalink, wanted);
  if (canonical !== path) return { type: 'redirect', location: canonical, status: 301 };
  await giveWay();
  const u = given.unsent?.articleId === a.id ? given.unsent : null;
  const opts: ArticlePageOptions = u ? { ...given, form: u.form, keepToken: u.token, headers: [[ERROR_HEADER, u.code]] } : given;
  const [related, conversation, mentions] = await Promise.all([
    relatedArticles(deps.kysely, site.now, a, 3, site.known),
    loadConversation(deps, site, a, { page: wanted, query: opts.query, form: opts.form, keepToken: opts.keepToken }),
    // Pingbacks and trackbacks a WordPress import brought: approved ones, newest last, as WordPress lists them.
    deps.kysely
      .selectFrom('mentions')
      .select(['id', 'kind', 'source_url', 'title', 'created_at'])
      .where('article_id', '=', a.id)
      .where('status', '=', 'approved')
      .orderBy('created_at')
      .orderBy('id')
      .limit(200)
      .execute(),
  ]);
  if (!conversation) return { type: 'notfound' };
  await giveWay();
  const open = commentsOpen(site, a.comments_open, a.published_at);
  const body = page(ArticlePage({ site, article: a, related, canonical, mentions, comments: { ...conversation.props, open } }));
  const tags = [`article:${a.id}`, storyTag(a.id), ...cardTags(related), ...a.tags.map((t) => `tag:${t.id}`)];
  if (a.section) tags.push(`section:${a.section.id}`);
  const rendered = htmlPage('article', tags, body, a.updated_at) as Extract<Rendered, { type: 'page' }>;
  // A held comment shown to its writer, or a refused form with what they typed: theirs alone.
  if (conversation.personal || opts.form) rendered.input.cacheControl = 'private, no-store';
  if (opts.status) rendered.input.status = opts.status;
  if (opts.headers) rendered.input.headers = opts.headers;
  return rendered;
}

/** Open unless closed on the article or by the close-after-days setting. */
export function commentsOpen(site: SiteView, open: boolean, publishedAt: number): boolean {
  const days = site.settings['comments.close_after_days'];
  return open && (!days || site.now < publishedAt + days * 86400000);
}

export async function staticPage(deps: Deps, site: SiteView, slug: string): Promise<Rendered> {
  const a = await articleBySlug(deps.kysely, site.now, 'page', slug, site.known);
  if (!a) return { type: 'notfound' };
  return htmlPage('page', [`article:${a.id}`], page(StaticPage({ site, article: a })), a.updated_at);
}

export async function sectionArchive(deps: Deps, site: SiteView, slug: string, pageNo: number): Promise<Rendered> {
  const section = await sectionBySlug(deps.kysely, slug);
  if (!section) return { type: 'notfound' };
  const per = site.settings['reading.per_page'];
  const [{ items, more }, total] = await Promise.all([
    latestArticles(deps.kysely, site.now, { limit: per, offset: (pageNo - 1) * per, sectionId: section.id, known: site.known }),
    countArticles(deps.kysely, site.now, { sectionId: section.id, known: site.known }),
  ]);
  if (pageNo > 1 && !items.length) return { type: 'notfound' };
  const base = sectionUrl(section.slug);
  const body = page(
    ArchivePage({
      site,
      heading: section.name,
      kicker: 'Section',
      description: section.description,
      base,
      page: pageNo,
      items,
      more,
      feed: base + 'feed/',
      currentSection: section.slug,
      total,
      per,
    }),
  );
  return htmlPage('section', [`section:${section.id}`, ...cardTags(items)], body);
}

export async function tagArchive(deps: Deps, site: SiteView, slug: string, pageNo: number): Promise<Rendered> {
  const tag = await tagBySlug(deps.kysely, slug);
  if (!tag) return { type: 'notfound' };
  const per = site.settings['reading.per_page'];
  const [{ items, more }, total] = await Promise.all([
    latestArticles(deps.kysely, site.now, { limit: per, offset: (pageNo - 1) * per, tagId: tag.id, known: site.known }),
    countArticles(deps.kysely, site.now, { tagId: tag.id }),
  ]);
  if (pageNo > 1 && !items.length) return { type: 'notfound' };
  const base = tagUrl(tag.slug);
  const body = page(ArchivePage({ site, heading: tag.name, kicker: 'Tag', base, page: pageNo, items, more, feed: base + 'feed/', total, per }));
  return htmlPage('tag', [`tag:${tag.id}`, ...cardTags(items)], body);
}

export async function authorArchive(deps: Deps, site: SiteView, slug: string, pageNo: number): Promise<Rendered> {
  const author = await authorBySlug(deps.kysely, slug, site.now);
  if (!author) return { type: 'notfound' };
  const per = site.settings['reading.per_page'];
  const [{ items, more }, total] = await Promise.all([
    latestArticles(deps.kysely, site.now, { limit: per, offset: (pageNo - 1) * per, authorId: author.id, known: site.known }),
    countArticles(deps.kysely, site.now, { authorId: author.id }),
  ]);
  if (pageNo > 1 && !items.length) return { type: 'notfound' };
  const base = authorUrl(author.slug);
  const body = page(
    ArchivePage({ site, heading: author.name, kicker: 'Author', description: author.bio, base, page: pageNo, items, more, feed: base + 'feed/', total, per }),
  );
  return htmlPage('author', [`author:${author.id}`, ...cardTags(items)], body);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export async function dateArchive(deps: Deps, site: SiteView, r: Extract<ReaderRoute, { kind: 'date' }>): Promise<Rendered> {
  const tz = site.settings['site.timezone'];
  const { year, month, day } = r;
  const range = archiveRange(r, tz);
  if (!range) return { type: 'notfound' };
  const { from, to } = range;
  const per = site.settings['reading.per_page'];
  const [{ items, more }, total, before, after, months] = await Promise.all([
    latestArticles(deps.kysely, site.now, { limit: per, offset: (r.page - 1) * per, from, to, known: site.known }),
    countArticles(deps.kysely, site.now, { from, to }),
    neighbour(deps.kysely, site.now, from, 'before'),
    neighbour(deps.kysely, site.now, to, 'after'),
    // A year's archive lists its months that have stories.
    month
      ? []
      : Promise.all(
          MONTHS.map(async (name, i) => ({
            name,
            n: await countArticles(deps.kysely, site.now, {
              from: zonedTimeToUtc(year, i + 1, 1, 0, 0, tz),
              to: zonedTimeToUtc(i === 11 ? year + 1 : year, i === 11 ? 1 : i + 2, 1, 0, 0, tz),
            }),
            url: dateArchiveUrl(year, i + 1),
          })),
        ),
  ]);
  if (!items.length) return { type: 'notfound' };
  const heading = day ? `${MONTHS[month! - 1]} ${day}, ${year}` : month ? `${MONTHS[month - 1]} ${year}` : String(year);
  const base = dateArchiveUrl(year, month, day);
  // The neighbouring day, month or year that has stories, at this archive's own grain.
  const at = (t: number | null) => {
    if (t === null) return null;
    const p = localParts(t, tz);
    if (day) return { url: dateArchiveUrl(p.year, p.month, p.day), label: `${MONTHS[p.month - 1]} ${p.day}, ${p.year}` };
    if (month) return { url: dateArchiveUrl(p.year, p.month), label: `${MONTHS[p.month - 1]} ${p.year}` };
    return { url: dateArchiveUrl(p.year), label: String(p.year) };
  };
  const extra = DateNavigation({
    earlier: at(before),
    later: at(after),
    months: months.filter((m) => m.n > 0),
    year: month ? { url: dateArchiveUrl(year), label: String(year) } : null,
  });
  const body = page(ArchivePage({ site, heading, kicker: 'Archive', base, page: r.page, items, more, total, per, extra }));
  const ym = localParts(from, tz);
  return htmlPage('date', [`date:${ym.year}`, ...cardTags(items)], body);
}

export async function notFoundPage(deps: Deps, site: SiteView, path: string): Promise<PageInput> {
  const { items } = await latestArticles(deps.kysely, site.now, { limit: 5, known: site.known });
  const body = page(NotFoundPage({ site, path, latest: items }));
  return { status: 404, contentType: HTML, body, tags: [], cacheControl: 'public, max-age=0, s-maxage=60', route: 'notfound' };
}
