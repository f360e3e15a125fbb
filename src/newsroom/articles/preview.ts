/**
 * Private preview links: `/preview/ID/?exp=…&sig=…`, signed with the server secret, so a writer can
 * show an unpublished article to someone without an account. The page is marked noindex and never
 * cached (not by the page cache, a browser or a CDN).
 */
import { z } from 'zod';
import { fieldsOf } from '../../kernel/input.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../runtime/deps.js';
import type { SiteContext } from '../../runtime/site-context.js';
import { toCards, type ArticleFull } from '../../content/queries.js';
import { siteView } from '../../views/site-view.js';
import { page } from '../../views/layout.js';
import { ArticlePage, StaticPage } from '../../site/views/article.js';

/** How long a preview link works. */
export const PREVIEW_TTL_MS = 7 * 24 * 3600 * 1000;

function signature(secret: Buffer, id: number, exp: number): string {
  return createHmac('sha256', secret).update(`preview\0${id}\0${exp}`).digest('base64url');
}

/** A preview link for article `id`, valid for {@link PREVIEW_TTL_MS} from `now`. */
export function previewLink(deps: Deps, id: number, now: number): string {
  const exp = now + PREVIEW_TTL_MS;
  return `/preview/${id}/?exp=${exp}&sig=${signature(deps.secret, id, exp)}`;
}

/** True when `sig` signs `id` and `exp` and the link has not expired. */
export function previewLinkValid(deps: Deps, id: number, exp: number, sig: string, now: number): boolean {
  if (!Number.isSafeInteger(exp) || exp < now) return false;
  const want = Buffer.from(signature(deps.secret, id, exp));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The article as the site would show it, whatever its status but the trash (a trashed story's links stop working at once). */
async function anyArticle(deps: Deps, id: number): Promise<ArticleFull | null> {
  const db = deps.kysely;
  const row = await db
    .selectFrom('articles')
    .select([
      'id',
      'type',
      'slug',
      'headline',
      'dek',
      'excerpt',
      'published_at',
      'updated_at',
      'section_id',
      'featured_media_id',
      'body_html',
      'body_text',
      'comments_open',
    ])
    .where('id', '=', id)
    .where('status', '!=', 'trash')
    .executeTakeFirst();
  if (!row || row.type === undefined) return null;
  const [card] = await toCards(db, [row]);
  const tags = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['tags.id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', '=', id)
    .orderBy('tags.name')
    .execute();
  return { ...card, published_at: row.published_at ?? deps.clock.now(), body_html: row.body_html, body_text: row.body_text, comments_open: false, tags };
}

const NO_STORE = 'private, no-store, max-age=0';

/** A preview link's parts; one that does not fit is answered like a forged one. */
const PreviewLink = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
  exp: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  sig: z.string().max(200),
});

/** Registers GET `/preview/:id/` (outside /admin: the link is for people without an account). */
export function registerPreviewRoute(app: FastifyInstance, ctx: SiteContext): void {
  const { deps } = ctx;
  app.get('/preview/:id/', async (req, reply) => {
    reply.header('cache-control', NO_STORE).header('x-robots-tag', 'noindex, nofollow');
    const link = PreviewLink.safeParse({ ...fieldsOf(req.params), ...fieldsOf(req.query) });
    const now = deps.clock.now();
    const id = link.success ? link.data.id : 0;
    const ok = link.success && previewLinkValid(deps, id, link.data.exp, link.data.sig, now);
    const article = ok ? await anyArticle(deps, id) : null;
    if (!article) return reply.code(404).type('text/plain; charset=utf-8').send('This preview link is not valid or has expired.');
    const site = await siteView(deps, ctx.assets);
    const html =
      article.type === 'page'
        ? page(StaticPage({ site, article }))
        : page(ArticlePage({ site, article, related: [], comments: { comments: [], open: false } }));
    // The layout has no noindex switch for this page; the header says it for every crawler.
    return reply.type('text/html; charset=utf-8').send(html.replace('<head>', '<head><meta name="robots" content="noindex, nofollow">'));
  });
}
