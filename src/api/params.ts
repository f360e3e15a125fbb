/**
 * Query parameters and cursors of the API, parsed with zod. A bad value is a 400 with a code,
 * never a silent default.
 */
import { z } from 'zod';
import type { ListingCursor } from '../content/listing-queries.js';
import { ApiError } from './errors.js';
import { checkInput } from '../kernel/input.js';

const slug = z.string().min(1).max(200);

/** `GET /api/v1/articles` query. Unknown parameters (cache busters, tracking) are ignored. */
export const articleListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  section: slug.optional(),
  tag: slug.optional(),
  author: slug.optional(),
});

export const articleIdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/)
    .transform(Number),
});

/**
 * Parses `input` with `schema` (the one input check, ../kernel/input.ts), or throws a 400 with the
 * API's own code naming the offending parameters.
 */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = checkInput(schema, input);
  if (r.ok) return r.data;
  throw new ApiError(
    'GAZ_ERR_API_INVALID_QUERY',
    Object.entries(r.errors)
      .map(([k, v]) => `${k === 'form' ? 'query' : k}: ${v}`)
      .join(' '),
  );
}

/** The opaque cursor for "after this item": base64url of `published_at.id`. */
export function encodeCursor(c: ListingCursor): string {
  return Buffer.from(`${c.publishedAt}.${c.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): ListingCursor {
  const m = /^(-?\d{1,16})\.(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m) throw new ApiError('GAZ_ERR_API_INVALID_CURSOR');
  return { publishedAt: Number(m[1]), id: Number(m[2]) };
}
