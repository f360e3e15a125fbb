/**
 * The API's OpenAPI 3.1 document: the contract for clients, served at `/api/v1/openapi.json`.
 * Kept beside the routes and serializers it describes; the tests check every route is in it.
 */
import { API_ERROR_CODES } from './errors.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string) => ({ type: 'string', ...(description ? { description } : {}) });
const uri = (description?: string) => ({ type: 'string', format: 'uri', ...(description ? { description } : {}) });
const int = { type: 'integer', minimum: 1 };
const dateTime = (description: string) => ({ type: 'string', format: 'date-time', description });
const list = (item: string) => ({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref(item) } } });
const jsonContent = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: jsonContent(ref('Error')) });
const CACHE_HEADER = { 'Cache-Control': { description: 'Answers may be cached for 60 seconds.', schema: { type: 'string', example: 'public, max-age=60' } } };
const ok = (description: string, schema: object) => ({ description, headers: CACHE_HEADER, content: jsonContent(schema) });

const SCHEMAS = {
  Section: {
    type: 'object',
    required: ['id', 'slug', 'name', 'description', 'url'],
    properties: { id: int, slug: str(), name: str(), description: str(), url: uri('The section page') },
  },
  Tag: {
    type: 'object',
    required: ['id', 'slug', 'name', 'url'],
    properties: { id: int, slug: str(), name: str(), url: uri('The tag page') },
  },
  Author: {
    type: 'object',
    description: 'A person with a byline. Email addresses are never published.',
    required: ['id', 'slug', 'name', 'bio', 'url'],
    properties: { id: int, slug: str(), name: str(), bio: str(), url: uri('The author page') },
  },
  Image: {
    type: 'object',
    required: ['url', 'width', 'height', 'alt', 'caption', 'mime'],
    properties: {
      url: uri(),
      width: { type: ['integer', 'null'] },
      height: { type: ['integer', 'null'] },
      alt: str(),
      caption: str(),
      mime: str('Media type, e.g. image/jpeg'),
    },
  },
  ArticleSummary: {
    type: 'object',
    required: ['id', 'slug', 'headline', 'dek', 'excerpt', 'url', 'published_at', 'updated_at', 'section', 'authors', 'image', 'comment_count'],
    properties: {
      id: int,
      slug: str(),
      headline: str(),
      dek: str('Standfirst under the headline (may be empty)'),
      excerpt: str('Plain-text summary'),
      url: uri('The article page (permalink)'),
      published_at: dateTime('Publication time, UTC'),
      updated_at: dateTime('Last edit, UTC'),
      section: { oneOf: [ref('Section'), { type: 'null' }] },
      authors: { type: 'array', items: ref('Author') },
      image: { oneOf: [ref('Image'), { type: 'null' }], description: 'Featured image' },
      comment_count: { type: 'integer', minimum: 0, description: 'Approved comments' },
    },
  },
  Article: {
    allOf: [
      ref('ArticleSummary'),
      {
        type: 'object',
        required: ['body_html', 'tags'],
        properties: { body_html: str('The body as sanitised HTML'), tags: { type: 'array', items: ref('Tag') } },
      },
    ],
  },
  ArticleList: {
    type: 'object',
    required: ['data', 'next_cursor'],
    properties: {
      data: { type: 'array', items: ref('ArticleSummary') },
      next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page' },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: API_ERROR_CODES }, message: str('For people; may be reworded') },
      },
    },
  },
};

const slugFilter = (name: string, what: string) => ({
  name,
  in: 'query',
  required: false,
  description: `Only articles ${what} (slug); 404 if there is none`,
  schema: { type: 'string' },
});

/** The document, with `publicUrl` as its server. */
export function openApiDocument(publicUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gazette API',
      version: '1.0.0',
      description:
        'Read-only access to what the site publishes: articles, sections, tags and authors. Drafts, scheduled articles before their time and email addresses never appear.',
    },
    servers: [{ url: publicUrl }],
    paths: {
      '/api/v1/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'Published articles, newest first',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', required: false, description: 'Opaque: `next_cursor` of the previous page', schema: { type: 'string' } },
            slugFilter('section', 'in this section'),
            slugFilter('tag', 'with this tag'),
            slugFilter('author', 'by this author'),
          ],
          responses: {
            '200': ok('A page of articles', ref('ArticleList')),
            '400': errorResponse('Invalid limit or cursor'),
            '404': errorResponse('Unknown section, tag or author'),
          },
        },
      },
      '/api/v1/articles/{id}': {
        get: {
          operationId: 'getArticle',
          summary: 'One published article with its body',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': ok('The article', ref('Article')),
            '400': errorResponse('The id is not a number'),
            '404': errorResponse('No published article has this id'),
          },
        },
      },
      '/api/v1/sections': {
        get: { operationId: 'listSections', summary: 'Sections, in navigation order', responses: { '200': ok('Sections', list('Section')) } },
      },
      '/api/v1/tags': { get: { operationId: 'listTags', summary: 'Tags used on published articles', responses: { '200': ok('Tags', list('Tag')) } } },
      '/api/v1/authors': {
        get: { operationId: 'listAuthors', summary: 'People with a byline on a published article', responses: { '200': ok('Authors', list('Author')) } },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: { schemas: SCHEMAS },
  };
}
