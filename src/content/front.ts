/**
 * The front page's arrangement: what the editors chose, and what readers get from it.
 *
 * The model (tables `front_picks` and `breaking_news`, migration 0010):
 * - **Picks** are stories the editors put on the front page, in their order (`position`, lowest
 *   first). At most one pick is pinned as the **lead** (`lead = 1`).
 * - The **automatic order** is newest first: it fills the page after the picks, and stands in for
 *   any pick readers cannot see (not yet published, unpublished, trashed). With no picks the front
 *   page is entirely automatic.
 * - A **breaking-news banner** is a line of text, optionally a link, shown above everything until
 *   it expires or is cleared. Only the newest live one shows.
 *
 * {@link frontPageStories} is what the front page reads; the newsroom writes through
 * {@link savePicks}, {@link showBanner} and {@link clearBanner}. Every write names the `front`
 * cache tag; a banner's expiry is one of the moments the server's time watch clears the cache at.
 */
import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/schema.js';
import type { Known } from '../runtime/site-chrome.js';
import { cardsByIds, latestArticles, type ArticleCard } from './queries.js';

export interface Pick {
  articleId: number;
  lead: boolean;
}

export interface Banner {
  id: number;
  text: string;
  url: string;
  expires_at: number;
}

/** The editors' picks, in order. */
export async function frontPicks(db: Db): Promise<Pick[]> {
  const rows = await db.selectFrom('front_picks').select(['article_id', 'lead']).orderBy('position').orderBy('article_id').execute();
  return rows.map((r) => ({ articleId: r.article_id, lead: r.lead === 1 }));
}

/** Replaces the picks with `picks`, in that order; the first one marked lead is the lead. */
export async function savePicks(db: Db, picks: Pick[]): Promise<void> {
  const seen = new Set<number>();
  let leadTaken = false;
  const rows = [];
  for (const p of picks) {
    if (seen.has(p.articleId)) continue;
    seen.add(p.articleId);
    const lead = p.lead && !leadTaken;
    if (lead) leadTaken = true;
    rows.push({ article_id: p.articleId, position: rows.length, lead: lead ? 1 : 0 });
  }
  await db.deleteFrom('front_picks').execute();
  if (rows.length) await db.insertInto('front_picks').values(rows).execute();
}

/** The banner readers see at `now`, if any. */
export async function currentBanner(db: Db, now: number): Promise<Banner | null> {
  const row = await db
    .selectFrom('breaking_news')
    .select(['id', 'text', 'url', 'expires_at'])
    .where('cleared_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

/** When the live banner goes away by itself (the time watch empties the cache then). */
export async function bannerExpiry(db: Db, now: number): Promise<number | null> {
  return (await currentBanner(db, now))?.expires_at ?? null;
}

export async function showBanner(db: Db, b: { text: string; url: string; expiresAt: number; by: number | null }, now: number): Promise<void> {
  await db.updateTable('breaking_news').set({ cleared_at: now }).where('cleared_at', 'is', null).execute();
  await db.insertInto('breaking_news').values({ text: b.text, url: b.url, created_at: now, expires_at: b.expiresAt, created_by: b.by }).execute();
}

export async function clearBanner(db: Db, now: number): Promise<void> {
  await db.updateTable('breaking_news').set({ cleared_at: now }).where('cleared_at', 'is', null).execute();
}

export interface FrontStories {
  lead: ArticleCard | null;
  /** The top stories after the lead: the visible picks in order, then the automatic order. */
  latest: ArticleCard[];
  /** Whether the automatic order has more for page 2. */
  more: boolean;
  /** Ids of the picks shown (the rest of the page leaves them out). */
  picked: number[];
}

/** The first page's stories: `count` in all, the lead first. */
export async function frontPageStories(db: Kysely<Database>, now: number, count: number, known?: Known): Promise<FrontStories> {
  const picks = await frontPicks(db);
  const cards = picks.length
    ? await cardsByIds(
        db,
        now,
        picks.map((p) => p.articleId),
        known,
      )
    : [];
  const byId = new Map(cards.map((c) => [c.id, c]));
  const shown = picks.filter((p) => byId.has(p.articleId)).slice(0, count);
  const pinned = shown.find((p) => p.lead);
  const picked = shown.map((p) => p.articleId);
  const { items: automatic, more } = await latestArticles(db, now, { limit: count - shown.length, excludeIds: picked, known });
  const inOrder = [...shown.map((p) => byId.get(p.articleId)!), ...automatic];
  const lead = pinned ? byId.get(pinned.articleId)! : (inOrder[0] ?? null);
  return { lead, latest: inOrder.filter((c) => c !== lead), more, picked };
}
