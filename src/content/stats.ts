/**
 * What the site holds, by kind and status (`gazette stats`, the dashboard).
 */
import type { Deps } from '../runtime/deps.js';

export interface SiteStats {
  articles: Record<string, number>;
  pages: Record<string, number>;
  comments: Record<string, number>;
  sections: number;
  tags: number;
  authors: number;
  users: number;
  media: number;
}

export async function collectStats(deps: Deps): Promise<SiteStats> {
  const db = deps.kysely;
  const byStatus = await db
    .selectFrom('articles')
    .select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['type', 'status'])
    .execute();
  const comments = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const count = async (table: 'sections' | 'tags' | 'users' | 'media') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const authors = Number(
    (
      await db
        .selectFrom('article_authors')
        .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const articles: Record<string, number> = {};
  const pages: Record<string, number> = {};
  for (const r of byStatus) (r.type === 'page' ? pages : articles)[r.status] = Number(r.n);
  return {
    articles,
    pages,
    comments: Object.fromEntries(comments.map((c) => [c.status, Number(c.n)])),
    sections: await count('sections'),
    tags: await count('tags'),
    authors,
    users: await count('users'),
    media: await count('media'),
  };
}
