/**
 * Reader routes that are files rather than pages: avatars, robots.txt, sitemaps, /feed.json.
 */
import { z } from 'zod';
import { parseInput } from '../kernel/input.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identiconSvg } from '../comments/identicon.js';
import { sendPage, type SiteContext } from '../runtime/site-context.js';
import { registerThemeCss } from '../views/theme-css.js';
import { notFoundPage } from './pages.js';
import type { SiteView } from '../views/site-view.js';
import { feedPage } from './feeds.js';
import { resolveReaderPath } from './paths.js';
import { newsSitemap, robotsTxt, sitemapFile, sitemapIndex } from './sitemaps.js';
import { siteView } from '../views/site-view.js';
import type { Rendered } from '../runtime/site-context.js';

type Render = (site: SiteView, req: FastifyRequest) => Promise<Rendered> | Rendered;

/**
 * A GET route for a file-like path rendered through the page cache, keyed by its path (a query
 * string renders fresh, as for pages). `cached: false` for what changes with the clock alone.
 */
function fileRoute(app: FastifyInstance, ctx: SiteContext, path: string, render: Render, cached = true): void {
  app.get(path, async (req: FastifyRequest, reply: FastifyReply) => {
    const gen = ctx.deps.cache.generation;
    const site = await siteView(ctx.deps, ctx.assets);
    const r = await render(site, req);
    const key = cached && !req.url.includes('?') ? req.url : null;
    if (r.type === 'page') return sendPage(ctx, req, reply, key, r.input, gen);
    if (r.type === 'redirect') return reply.code(r.status).header('location', r.location).send();
    return sendPage(ctx, req, reply, null, await notFoundPage(ctx.deps, site, req.url), gen);
  });
}

const SitemapParams = z.object({ name: z.string().max(500) });

export function registerExtraRoutes(app: FastifyInstance, ctx: SiteContext): void {
  registerThemeCss(app, ctx);
  const { deps } = ctx;
  fileRoute(app, ctx, '/feed.json', (site) => feedPage(deps, site, { kind: 'feed', format: 'json' }));
  fileRoute(app, ctx, '/robots.txt', (site) => robotsTxt(site));
  fileRoute(app, ctx, '/sitemap.xml', (site) => sitemapIndex(deps, site));
  fileRoute(app, ctx, '/sitemap-:name', (site, req) => {
    const { name } = parseInput(SitemapParams, req.params);
    // This route also catches `/sitemap-something`, a page's address without its slash.
    if (!name.endsWith('.xml') && resolveReaderPath(`/sitemap-${name}/`)) return { type: 'redirect', location: `/sitemap-${name}/`, status: 301 };
    return sitemapFile(deps, site, name);
  });
  fileRoute(app, ctx, '/news-sitemap.xml', (site) => newsSitemap(deps, site), false);
  app.get<{ Params: { key: string } }>('/avatar/:key', async (req, reply) => {
    const m = /^([A-Za-z0-9_-]{8,64})\.svg$/.exec(req.params.key);
    if (!m) return reply.code(404).send();
    reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return identiconSvg(m[1]);
  });
}
