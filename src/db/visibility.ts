/**
 * "Visible to readers", defined once. A reader may see an article or page that is published, or
 * scheduled and due, and not behind a password. Every public query (content/queries.ts `visible`,
 * search on both databases, the sitemaps' per-month dates) and the partial indexes of migration 0007
 * are built from {@link publicRow}, so no copy can drift; test/password-protected-story-never-reaches-
 * readers checks it on both databases, the planner's use of the indexes included.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * The part of "visible" that does not move with time, as literal SQL (no bound parameters) so the
 * planner can match a query's WHERE to the partial indexes built from the same text. `table`
 * qualifies the columns (`articles`, or an alias); the index definition leaves them bare.
 */
export function publicRow(table?: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<boolean>`${col('status')} IN ('published', 'scheduled') AND ${col('password')} IS NULL`;
}

/** Published, or scheduled and due at `now`, and not behind a password: what a reader may see. */
export function visibleAt(table: string, now: number): RawBuilder<boolean> {
  return sql<boolean>`${publicRow(table)} AND ${sql.ref(`${table}.published_at`)} <= ${sql.lit(Math.trunc(now))}`;
}
