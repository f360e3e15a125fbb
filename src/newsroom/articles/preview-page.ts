/**
 * The editor's Preview: the story as the form has it now, saved or not, rendered by the site's own
 * article template (layout, fonts, byline, featured image, body through the reader's sanitiser).
 * Answered to the signed-in writer only, never cached, never indexed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ArticleType } from '../../db/schema.js';
import type { ArticleFull } from '../../content/queries.js';
import { plainText, renderBody, truncateWords } from '../../content/render-body.js';
import { slugify } from '../../content/permalinks.js';
import { siteView } from '../../views/site-view.js';
import { page } from '../../views/layout.js';
import { ArticlePage, StaticPage } from '../../site/views/article.js';
import { tagNames } from '../taxonomy/tags.js';
import type { NewsroomContext } from '../context.js';
import { writerOf } from './editor-page.js';
import { parseLocalInput } from './local-time.js';
import type { EditorForm } from './save.js';

const toId = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : null);

export async function previewPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, type: ArticleType, v: EditorForm): Promise<FastifyReply> {
  const deps = ctx.deps;
  const db = deps.kysely;
  const site = await siteView(deps, ctx.assets);
  const tz = site.settings['site.timezone'];
  const now = deps.clock.now();
  const sectionId = toId(v.sectionId);
  const mediaId = toId(v.featuredMediaId);
  const authorIds = v.authorIds.map(toId).filter((n): n is number => n !== null);
  const [section, authors, image] = await Promise.all([
    sectionId !== null ? db.selectFrom('sections').select(['id', 'slug', 'name']).where('id', '=', sectionId).executeTakeFirst() : undefined,
    db
      .selectFrom('users')
      .select(['id', 'slug', 'name', 'bio'])
      .where('id', 'in', authorIds.length ? authorIds : [writerOf(req).id])
      .execute(),
    mediaId !== null ? db.selectFrom('media').selectAll().where('id', '=', mediaId).executeTakeFirst() : undefined,
  ]);
  const bodyHtml = renderBody(v.body.slice(0, 2_000_000), v.bodyFormat === 'markdown' ? 'markdown' : 'html');
  const text = plainText(bodyHtml);
  const at = parseLocalInput(v.publishAt, tz);
  const article: ArticleFull = {
    id: 0,
    type,
    slug: slugify(v.slug || v.headline || 'preview'),
    headline: v.headline || 'Untitled story',
    dek: v.dek,
    excerpt: v.excerpt || truncateWords(text, 280),
    published_at: typeof at === 'number' ? at : now,
    updated_at: now,
    comment_count: 0,
    section: section ?? null,
    authors: authorIds.length ? authorIds.map((id) => authors.find((a) => a.id === id)).filter((a) => a !== undefined) : authors,
    image: image ? { ...image, alt: v.featuredAlt || image.alt, caption: v.featuredCaption || image.caption } : null,
    body_html: bodyHtml,
    body_text: text,
    comments_open: false,
    tags: tagNames(v.tags).map((name, i) => ({ id: -1 - i, slug: slugify(name), name })),
  };
  const html =
    type === 'page' ? page(StaticPage({ site, article })) : page(ArticlePage({ site, article, related: [], comments: { comments: [], open: false } }));
  return reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .type('text/html; charset=utf-8')
    .send(html.replace('<head>', '<head><meta name="robots" content="noindex, nofollow">'));
}
