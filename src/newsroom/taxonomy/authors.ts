/**
 * Author profiles: the public side of an account (name on the byline, slug of the author page,
 * biography, photo from the media library).
 */
import type { Db } from '../../db/schema.js';
import type { Stale } from '../../runtime/deps.js';
import { slugify } from '../../content/permalinks.js';

/** The longest name a byline shows (every page listing the author's stories prints it). */
export const MAX_NAME = 120;

export interface ProfileInput {
  name: string;
  slug: string;
  bio: string;
  photoMediaId: number | null;
}

export async function checkProfile(db: Db, id: number, p: ProfileInput): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!p.name.trim()) errors.name = 'Give the name shown on bylines.';
  else if (p.name.trim().length > MAX_NAME) errors.name = `Keep the name under ${MAX_NAME} characters.`;
  const slug = slugify(p.slug || p.name);
  if (await db.selectFrom('users').select('id').where('slug', '=', slug).where('id', '!=', id).executeTakeFirst())
    errors.slug = 'Another author has this slug.';
  if (p.photoMediaId !== null && !(await db.selectFrom('media').select('id').where('id', '=', p.photoMediaId).executeTakeFirst()))
    errors.photo_media_id = 'Choose an image from the library.';
  if (p.bio.length > 5000) errors.bio = 'Keep the biography under 5,000 characters.';
  return errors;
}

/** Saves a profile; the author page and every article with the byline render again. */
export async function updateProfile(db: Db, stale: Stale, id: number, p: ProfileInput, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ name: p.name.trim(), slug: slugify(p.slug || p.name), bio: p.bio.trim(), photo_media_id: p.photoMediaId, updated_at: now })
    .where('id', '=', id)
    .execute();
  stale(...(await bylineStaleTags(db, id)));
}

/**
 * What a change to an author's name or slug makes stale: their page, the feeds, and their articles,
 * which also names every listing showing one of them (a listing is tagged with its cards'
 * articles), rather than the whole site.
 */
export async function bylineStaleTags(db: Db, userId: number): Promise<string[]> {
  const bylines = await db.selectFrom('article_authors').select('article_id').where('user_id', '=', userId).execute();
  return [`author:${userId}`, 'feeds', ...bylines.map((b) => `article:${b.article_id}`)];
}

/** Everyone who can write, with how many articles carry their byline. */
export async function authorsWithCounts(db: Db) {
  const rows = await db
    .selectFrom('users')
    .leftJoin('article_authors', 'article_authors.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.slug', 'users.role', (eb) => eb.fn.count<number>('article_authors.article_id').as('n')])
    .groupBy(['users.id', 'users.name', 'users.slug', 'users.role'])
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
