/**
 * The editor's two routes outside /admin: stored images (`/media/…`) and private preview links
 * (`/preview/ID/?exp=…&sig=…`). Neither needs a session.
 */
import type { FastifyInstance } from 'fastify';
import type { SiteContext } from '../runtime/site-context.js';
import { registerMediaFiles } from './media/serve.js';
import { registerPreviewRoute } from './articles/preview.js';

export function registerEditorPublicRoutes(app: FastifyInstance, ctx: SiteContext): void {
  registerMediaFiles(app, ctx.deps);
  registerPreviewRoute(app, ctx);
}
