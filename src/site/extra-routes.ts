/**
 * Reader routes that are files rather than pages: avatars, robots.txt, sitemaps, /feed.json, the API.
 */
import type { FastifyInstance } from 'fastify';
import { identiconSvg } from '../comments/identicon.js';
import type { SiteContext } from './routes.js';

export function registerExtraRoutes(app: FastifyInstance, ctx: SiteContext): void {
  void ctx;
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
