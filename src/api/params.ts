/**
 * Query parameters and cursors of the API, parsed with zod. A bad value is a 400 with a code,
 * never a silent default.
 */
import { z } from 'zod';
import type { ListingCursor } from '../content/listing-queries.js';
import { ApiError } from './errors.js';

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

/** Parses `input` with `schema`, or throws a 400 naming the offending parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ApiError('GAZ_ERR_API_INVALID_QUERY', `${issue.path.join('.') || 'query'}: ${issue.message}`);
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
