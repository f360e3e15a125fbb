/**
 * Unique slugs, one rule for articles, pages, users and tags: `name` if it is free, else the first
 * free of `name-2`, `name-3`…
 */
import { sql } from 'kysely';
import type { ArticleType, Db } from '../db/schema.js';

export interface SlugScope {
  /** The row being renamed (its own slug does not count as taken). */
  exceptId?: number;
  /** Articles and pages each have their own slugs. */
  type?: ArticleType;
}

/** The first of `base`, `base-2`, `base-3`… that no row of `table` (within `scope`) holds. */
export async function freeSlug(db: Db, table: 'articles' | 'users' | 'tags', base: string, scope: SlugScope = {}): Promise<string> {
  const { rows } = await sql<{ slug: string }>`
    SELECT slug FROM ${sql.table(table)}
    WHERE (slug = ${base} OR slug LIKE ${`${base}-%`})
      ${scope.type ? sql`AND type = ${scope.type}` : sql``}
      ${scope.exceptId !== undefined ? sql`AND id <> ${scope.exceptId}` : sql``}`.execute(db);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
