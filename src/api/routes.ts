/**
 * The read-only JSON API under `/api/v1/`. Answers go through the page cache like pages do (a bare
 * path is stored and tagged with what it shows; a query string renders fresh), so a busy client
 * costs a Map lookup. Everything read goes through the public `visible` predicate.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { articleById, allSections, authorBySlug, sectionBySlug, tagBySlug } from '../content/queries.js';
import { articlesAfter, authorsInUse, tagsInUse } from '../content/listing-queries.js';
import { sendPage, type SiteContext } from '../runtime/site-context.js';
import { cardTags } from '../runtime/page-cache.js';
import { ApiError } from './errors.js';
import { articleIdParam, articleListQuery, decodeCursor, encodeCursor, parseQuery } from './params.js';
import { articleJson, articleSummaryJson, authorJson, sectionJson, tagJson, type ApiSite } from './serialize.js';
import { openApiDocument } from './openapi.js';

const JSON_TYPE = 'application/json; charset=utf-8';
export const API_CACHE = 'public, max-age=60';

interface Answer {
  body: unknown;
  /** Page-cache tags: what the answer shows. */
  tags: string[];
}

type Handler = (req: FastifyRequest, site: ApiSite, now: number) => Promise<Answer>;

export function registerApiRoutes(app: FastifyInstance, ctx: SiteContext): void {
  const { deps } = ctx;

  const site = async (): Promise<ApiSite> => {
    const [settings, sections] = await Promise.all([deps.settings.all(), allSections(deps.kysely)]);
    return { publicUrl: deps.config.publicUrl, timezone: settings['site.timezone'], sections: new Map(sections.map((s) => [s.id, s])) };
  };

  const route = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
    const gen = deps.cache.generation;
    const key = req.url.includes('?') ? null : req.url;
    // Anyone may read a public API from a browser page on any origin.
    const headers: [string, string][] = [['access-control-allow-origin', '*']];
    try {
      const a = await handler(req, await site(), deps.clock.now());
      await sendPage(
        ctx,
        req,
        reply,
        key,
        { status: 200, contentType: JSON_TYPE, body: JSON.stringify(a.body), tags: a.tags, cacheControl: API_CACHE, route: 'api', headers },
        gen,
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      await sendPage(
        ctx,
        req,
        reply,
        null,
        { status: err.status, contentType: JSON_TYPE, body: JSON.stringify(err), tags: [], cacheControl: 'no-store', route: 'api', headers },
        gen,
      );
    }
  };

  app.get(
    '/api/v1/articles',
    route(async (req, s, now) => {
      const q = parseQuery(articleListQuery, req.query);
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const db = deps.kysely;
      const [section, tag, author] = await Promise.all([
        q.section ? sectionBySlug(db, q.section) : null,
        q.tag ? tagBySlug(db, q.tag) : null,
        q.author ? authorBySlug(db, q.author, now) : null,
      ]);
      if (q.section && !section) throw new ApiError('GAZ_ERR_API_NOT_FOUND', `No section "${q.section}".`);
      if (q.tag && !tag) throw new ApiError('GAZ_ERR_API_NOT_FOUND', `No tag "${q.tag}".`);
      if (q.author && !author) throw new ApiError('GAZ_ERR_API_NOT_FOUND', `No author "${q.author}".`);
      const { items, more } = await articlesAfter(db, now, { limit: q.limit, after, sectionId: section?.id, tagId: tag?.id, authorId: author?.id });
      const last = items.at(-1);
      const tags = ['feeds', ...items.flatMap((c) => cardTags(c.id))];
      if (section) tags.push(`section:${section.id}`);
      if (tag) tags.push(`tag:${tag.id}`);
      if (author) tags.push(`author:${author.id}`);
      return {
        body: {
          data: items.map((c) => articleSummaryJson(s, c)),
          next_cursor: more && last ? encodeCursor({ publishedAt: last.published_at, id: last.id }) : null,
        },
        tags,
      };
    }),
  );

  app.get(
    '/api/v1/articles/:id',
    route(async (req, s, now) => {
      const { id } = parseQuery(articleIdParam, req.params);
      const a = await articleById(deps.kysely, now, id);
      // Pages have their own addresses; the API's articles are articles.
      if (a?.type !== 'article') throw new ApiError('GAZ_ERR_API_NOT_FOUND', `No article ${id}.`);
      const tags = [...cardTags(a.id), ...a.tags.map((t) => `tag:${t.id}`), ...a.authors.map((u) => `author:${u.id}`)];
      if (a.section) tags.push(`section:${a.section.id}`);
      return { body: articleJson(s, a), tags };
    }),
  );

  app.get(
    '/api/v1/sections',
    route(async (_req, s) => {
      const sections = [...s.sections.values()];
      return { body: { data: sections.map((x) => sectionJson(s, x)) }, tags: ['sections', ...sections.map((x) => `section:${x.id}`)] };
    }),
  );

  app.get(
    '/api/v1/tags',
    route(async (_req, s, now) => {
      const tags = await tagsInUse(deps.kysely, now);
      return { body: { data: tags.map((t) => tagJson(s, t)) }, tags: ['feeds', ...tags.map((t) => `tag:${t.id}`)] };
    }),
  );

  app.get(
    '/api/v1/authors',
    route(async (_req, s, now) => {
      const authors = await authorsInUse(deps.kysely, now);
      return { body: { data: authors.map((a) => authorJson(s, a)) }, tags: ['feeds', ...authors.map((a) => `author:${a.id}`)] };
    }),
  );

  app.get(
    '/api/v1/openapi.json',
    route(async (_req, s) => ({ body: openApiDocument(s.publicUrl), tags: ['api'] })),
  );

  app.get(
    '/api/*',
    route(async () => {
      throw new ApiError('GAZ_ERR_API_NOT_FOUND');
    }),
  );
}
