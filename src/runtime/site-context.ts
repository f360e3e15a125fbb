/**
 * What reader-facing routes share: the process's dependencies and assets, the shape of a rendered
 * page, and the one function that stores a rendered page in the page cache and sends it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from './deps.js';
import type { Assets } from './assets.js';
import type { PageInput } from './page-entry.js';
import { sendEntry } from './respond.js';

export type Rendered = { type: 'page'; input: PageInput } | { type: 'redirect'; location: string; status: 301 | 302 } | { type: 'notfound' };

export interface SiteContext {
  deps: Deps;
  assets: Assets;
}

/**
 * Sends a rendered page, storing it in the page cache under `key` (null: not cached). `generation`
 * is the cache's generation when the render began: a change applied since leaves it stored stale.
 */
export async function sendPage(
  ctx: SiteContext,
  req: FastifyRequest,
  reply: FastifyReply,
  key: string | null,
  input: PageInput,
  generation: number,
): Promise<void> {
  const entry = await ctx.deps.cache.put(key, input, generation, req.headers['accept-encoding'], req.raw);
  // Metrics label misses like hits: by the page's route name.
  (req as FastifyRequest & { pageRoute?: string }).pageRoute = input.route;
  reply.hijack();
  sendEntry(req.raw, reply.raw, entry);
  ctx.deps.cache.misses++;
}
