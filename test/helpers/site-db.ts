/**
 * The site's own write path, opened from a test on a running server's database: what the newsroom
 * or the CLI would do, with the same cache invalidation, for content no route can create yet.
 */
import pino from 'pino';
import { loadConfig } from '../../src/kernel/config.js';
import { buildDeps, type Deps } from '../../src/runtime/deps.js';
import type { TestServer } from './server.js';

/** Deps on `s`'s database (not listening for invalidations). Close it with `deps.close()`. */
export async function openSite(s: TestServer): Promise<Deps> {
  return buildDeps(loadConfig(s.env), { listen: false, log: pino({ level: 'silent' }) });
}

/** Ids by slug of the sample site's sections, tags and authors. */
export async function sampleIds(deps: Deps) {
  const db = deps.kysely;
  const [sections, tags, users] = await Promise.all([
    db.selectFrom('sections').select(['id', 'slug']).execute(),
    db.selectFrom('tags').select(['id', 'slug']).execute(),
    db.selectFrom('users').select(['id', 'slug']).execute(),
  ]);
  const by = (rows: { id: number; slug: string }[]) => Object.fromEntries(rows.map((r) => [r.slug, r.id])) as Record<string, number>;
  return { section: by(sections), tag: by(tags), user: by(users) };
}
