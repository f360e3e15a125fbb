/**
 * What an archive's numbered pagination and its date navigation need: how many stories it holds,
 * and which neighbouring months or years have any. Each is one indexed query (counts and EXISTS on
 * the partial indexes of visible articles), run only when an archive page is rendered.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inArchive, visible, type ListOptions } from './queries.js';

/** The number of visible articles an archive with these filters lists. */
export async function countArticles(db: Kysely<Database>, now: number, o: Omit<ListOptions, 'limit' | 'offset' | 'excludeIds'>): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(await inArchive(db, now, o))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The publication time of the newest visible article before `at`, or of the oldest at or after it. */
export async function neighbour(db: Kysely<Database>, now: number, at: number, direction: 'before' | 'after'): Promise<number | null> {
  const r = await db
    .selectFrom('articles')
    .select('articles.published_at')
    .where('articles.type', '=', 'article')
    .where(visible(now))
    .where('articles.published_at', direction === 'before' ? '<' : '>=', at)
    .orderBy('articles.published_at', direction === 'before' ? 'desc' : 'asc')
    .limit(1)
    .executeTakeFirst();
  return (r?.published_at as number | undefined) ?? null;
}
