/**
 * Reader routes. Cached pages are answered before Fastify sees the request (server/app.ts); what
 * reaches here is a miss: it is rendered and sent by sendPage, which keeps it in the page cache
 * under its path when the URL has no query string (search results and 404 pages are never kept).
 */
import { z } from 'zod';
import { parseInput, text } from '../kernel/input.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, type Rendered, type SiteContext } from '../runtime/site-context.js';
import { articlePermalink } from '../content/permalinks.js';
import { articleByWpId, redirectTarget } from '../content/queries.js';
import { isCanonicalPath, resolveReaderPath, type ReaderRoute } from './paths.js';
import { registerSearchRoute } from './search-route.js';
import { articlePage, authorArchive, dateArchive, frontPage, notFoundPage, sectionArchive, staticPage, tagArchive } from './pages.js';
import { siteView } from '../views/site-view.js';
import { feedPage } from './feeds.js';
import type { SiteView } from '../views/site-view.js';
import { cookieValue, openUnsent, UNSENT_COOKIE, type UnsentForm } from '../comments/unsent.js';
import { oldWordPressAddress, wordpressArchive } from './wordpress-links.js';

async function dispatch(
  ctx: SiteContext,
  site: SiteView,
  route: ReaderRoute,
  path: string,
  query: Record<string, string | undefined> = {},
  unsent: UnsentForm | null = null,
): Promise<Rendered> {
  const { deps } = ctx;
  switch (route.kind) {
    case 'front':
      return frontPage(deps, site, route.page);
    case 'article':
      return articlePage(deps, site, route, path, { query, unsent });
    case 'page':
      return staticPage(deps, site, route.slug);
    case 'section':
      return sectionArchive(deps, site, route.slug, route.page);
    case 'tag':
      return tagArchive(deps, site, route.slug, route.page);
    case 'author':
      return authorArchive(deps, site, route.slug, route.page);
    case 'date':
      return dateArchive(deps, site, route);
    case 'feed':
    case 'comments-feed':
    case 'section-feed':
    case 'tag-feed':
    case 'author-feed':
    case 'article-feed':
    case 'date-feed':
      return feedPage(deps, site, route);
    case 'comment-page':
      return articlePage(deps, site, route, path, { commentPage: route.page, query, unsent });
  }
}

function redirect(reply: FastifyReply, location: string, status: 301 | 302 = 301): void {
  reply.code(status).header('location', location).header('cache-control', 'public, max-age=3600').send();
}

/** The 404 page, after checking whether the path is an old URL of something that still exists. */
async function notFound(ctx: SiteContext, req: FastifyRequest, reply: FastifyReply, site: SiteView, path: string): Promise<void> {
  const moved = await redirectTarget(ctx.deps.kysely, site.now, path);
  if (moved) return redirect(reply, articlePermalink(moved, site.settings['site.timezone']));
  const old = await oldWordPressAddress(ctx.deps.kysely, site, path);
  if (old) return redirect(reply, old);
  const gen = ctx.deps.cache.generation;
  await sendPage(ctx, req, reply, null, await notFoundPage(ctx.deps, site, path), gen);
}

/** One query parameter: a string (a repeated one keeps its first value), anything else read as absent. */
const param = text(10_000)
  .catch('')
  .transform((v) => v || undefined);
/**
 * The query parameters reader pages read: WordPress's old addresses (`?p=`, `?page_id=`, `?attachment_id=`, `?cat=`,
 * `?tag=`, `?author=`) and the comment form's (`?replytocom=`, `?unapproved=`, `?moderation-hash=`,
 * `?unsent=`). Anything else (tracking, cache busters) is ignored, as before.
 */
const ReaderQuery = z.object({
  p: param,
  page_id: param,
  attachment_id: param,
  cat: param,
  tag: param,
  author: param,
  replytocom: param,
  unapproved: param,
  'moderation-hash': param,
  unsent: param,
});

export function registerSiteRoutes(app: FastifyInstance, ctx: SiteContext): void {
  const { deps } = ctx;

  registerSearchRoute(app, ctx);

  app.get('/*', async (req, reply) => {
    const gen = deps.cache.generation;
    const url = req.url;
    const qAt = url.indexOf('?');
    const path = qAt === -1 ? url : url.slice(0, qAt);
    const site = await siteView(deps, ctx.assets);
    const query = parseInput(ReaderQuery, req.query);

    // A WordPress attachment page by its id: the file, or the story that holds it.
    if (path === '/' && query.attachment_id) {
      const raw = String(query.attachment_id);
      const target = /^\d{1,9}$/.test(raw) ? await oldWordPressAddress(deps.kysely, site, `/?attachment_id=${Number(raw)}`) : null;
      if (target) return redirect(reply, target);
      return notFound(ctx, req, reply, site, path);
    }

    // WordPress's /?p=ID and /?page_id=ID: the permanent address of an imported post.
    if (path === '/' && (query.p || query.page_id)) {
      // Digits only, within a database integer (`1e99` is a JavaScript integer, and PostgreSQL refused it with a 500).
      const raw = String(query.p ?? query.page_id);
      const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      const target = Number.isSafeInteger(id) ? await articleByWpId(deps.kysely, site.now, id) : undefined;
      if (target) return redirect(reply, articlePermalink(target, site.settings['site.timezone']));
      return notFound(ctx, req, reply, site, path);
    }

    // WordPress's other query-string addresses and its /category/ archives (a WordPress import's old links).
    const wpArchive = await wordpressArchive(deps.kysely, path, query);
    if (wpArchive === null) return notFound(ctx, req, reply, site, path);
    if (wpArchive) return redirect(reply, wpArchive);

    // Our paths end with a slash; a path missing it (and not a file) answers 301 to the right one.
    if (!path.endsWith('/') && !/\.[a-z0-9]{1,5}$/i.test(path) && resolveReaderPath(path + '/')) {
      return redirect(reply, path + '/' + (qAt === -1 ? '' : url.slice(qAt)));
    }
    // A case variant (`/SECTION/world/`, `/FEED/`) answers 301 to the address the site links to.
    const lower = path.toLowerCase();
    if (lower !== path && resolveReaderPath(lower)) return redirect(reply, lower + (qAt === -1 ? '' : url.slice(qAt)));
    const route = resolveReaderPath(path);
    if (!route) return notFound(ctx, req, reply, site, path);
    // Back from a refused comment (comments/unsent.ts): the form as it was typed, from the sealed cookie.
    const sealed = query.unsent ? cookieValue(req.headers.cookie, UNSENT_COOKIE) : undefined;
    const unsent = sealed ? openUnsent(deps.secret, sealed, site.now) : null;
    const r = await dispatch(ctx, site, route, path, query, unsent);
    if (r.type === 'redirect') return redirect(reply, r.location, r.status);
    if (r.type === 'notfound') return notFound(ctx, req, reply, site, path);
    // Only the bare path, spelled as the site links to it, is cached: a query string (tracking,
    // ?replytocom=) or another spelling renders fresh.
    await sendPage(ctx, req, reply, qAt === -1 && isCanonicalPath(path) ? path : null, r.input, gen);
  });
}
