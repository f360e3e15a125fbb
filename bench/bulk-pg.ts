/**
 * `node dist/bench/bulk-pg.js SQLITE_DATA_DIR POSTGRES_URL ARTICLES DATA_DIR`: a PostgreSQL site of
 * ARTICLES stories copied from a SQLite site that bench/bulk.ts built (every k-th story, so the
 * dates still span the whole archive; a smaller site is copied more than once), for the search
 * benchmark on PostgreSQL.
 *
 * Writing the stories costs most of a bulk build (the prose is written in JavaScript), so
 * PostgreSQL's copies them instead of writing them again. As in bench/bulk.ts, nothing defines the
 * schema or the index here: `gazette demo --articles 0` makes the (empty) database the
 * application's way, the search trigger and table are dropped during the load, and the function
 * behind `gazette search rebuild` builds the index at the end. Rows go over in batches of 1,000 as
 * one JSON parameter each (json_populate_recordset), without waiting for the disk at commit.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.js';
import { dropSearchIndex, indexConfig, rebuildSearchIndex, searchConfigFor } from '../src/db/search-index.js';
import { makeSite, timer } from './bulk.js';

const BATCH = 1000;

/** Rows of `table` whose `id` in the SQLite site maps to another in PostgreSQL's, by a unique key. */
async function idMap(src: SQLite.Database, k: ReturnType<typeof connect>['kysely'], table: string, key: string): Promise<Map<number, number>> {
  const theirs = src.prepare(`SELECT id, ${key} AS k FROM ${table}`).all() as { id: number; k: string }[];
  const ours = (await sql<{ id: number; k: string }>`SELECT id, ${sql.ref(key)} AS k FROM ${sql.table(table)}`.execute(k)).rows;
  const byKey = new Map(ours.map((r) => [r.k, Number(r.id)]));
  return new Map(theirs.filter((r) => byKey.has(r.k)).map((r) => [r.id, byKey.get(r.k)!]));
}

export async function copyToPg(sqliteDir: string, url: string, articles: number, dir: string): Promise<void> {
  const lap = timer();
  makeSite(dir, 'bench', url);
  const src = new SQLite(join(sqliteDir, 'gazette.db'), { readonly: true });
  const db = connect(url);
  const k = db.kysely;
  try {
    const sections = await idMap(src, k, 'sections', 'slug');
    const tags = await idMap(src, k, 'tags', 'slug');
    const users = await idMap(src, k, 'users', 'email');
    const total = src.prepare(`SELECT count(*) FROM articles WHERE type = 'article'`).pluck().get() as number;
    const every = Math.max(1, Math.floor(total / articles));
    const language = (await k.selectFrom('settings').select('value').where('key', '=', 'site.language').executeTakeFirst())?.value;
    const config = (await indexConfig(k)) ?? searchConfigFor('postgres', language ? (JSON.parse(language) as string) : 'en');
    const first = Number((await sql<{ n: number }>`SELECT coalesce(max(id), 0) AS n FROM articles`.execute(k)).rows[0].n);
    await dropSearchIndex(k, 'postgres');
    const read = src.prepare(`SELECT * FROM articles WHERE type = 'article' AND id > ? AND id % ${every} = 0 ORDER BY id LIMIT ${BATCH}`);
    const authorsOf = src.prepare(`SELECT * FROM article_authors WHERE article_id BETWEEN ? AND ?`);
    const tagsOf = src.prepare(`SELECT * FROM article_tags WHERE article_id BETWEEN ? AND ?`);
    // A source smaller than wanted is copied more than once (its stories at the same dates again).
    const rounds = Math.ceil(articles / total);
    const span = src.prepare(`SELECT max(id) FROM articles`).pluck().get() as number;
    let copied = 0;
    for (let round = 0, after = 0; copied < articles && round < rounds; round++, after = 0)
      for (;;) {
        const rows = (read.all(after) as Record<string, unknown>[]).slice(0, articles - copied);
        if (!rows.length) break;
        const low = rows[0].id as number;
        const high = (after = rows.at(-1)!.id as number);
        const id = (old: unknown) => first + round * span + (old as number);
        const taken = new Set(rows.map((r) => r.id as number));
        const arts = rows.map((r) => ({
          ...r,
          id: id(r.id),
          slug: round ? `${r.slug}-r${round}` : r.slug,
          section_id: r.section_id == null ? null : sections.get(r.section_id as number),
        }));
        const by = (authorsOf.all(low, high) as Record<string, number>[])
          .filter((r) => taken.has(r.article_id))
          .map((r) => ({ ...r, article_id: id(r.article_id), user_id: users.get(r.user_id) }));
        const tg = (tagsOf.all(low, high) as Record<string, number>[])
          .filter((r) => taken.has(r.article_id))
          .map((r) => ({ ...r, article_id: id(r.article_id), tag_id: tags.get(r.tag_id) }));
        await k.transaction().execute(async (trx) => {
          await sql`SET LOCAL synchronous_commit = off`.execute(trx);
          for (const [table, list] of [
            ['articles', arts],
            ['article_authors', by],
            ['article_tags', tg],
          ] as const)
            await sql`INSERT INTO ${sql.table(table)} SELECT * FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(list)}::json)`.execute(
              trx,
            );
        });
        copied += rows.length;
        if (copied % 50_000 === 0 || copied === articles) lap(`${copied} stories`);
      }
    await sql`SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))`.execute(k);
    await k.transaction().execute(async (trx) => {
      await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
      await rebuildSearchIndex(trx, 'postgres', config);
    });
    lap('search index');
    // Autovacuum would analyze the new rows soon after; the bench measures after it.
    await sql`VACUUM ANALYZE`.execute(k);
    lap('vacuum analyze');
    // The load's dirty buffers written now, not by the checkpointer during the first measurement
    // (one first run after a build measured its cold-article baseline at a tenth of the next run's;
    // the cause was not pinned down). Needs a superuser, or pg_checkpoint from PostgreSQL 15.
    await sql`CHECKPOINT`.execute(k).catch((err: Error) => process.stderr.write(`bulk: no CHECKPOINT (${err.message})\n`));
    lap('checkpoint');
  } finally {
    src.close();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sqliteDir, url, count, dir] = process.argv.slice(2);
  const n = Number(count);
  if (!sqliteDir || !url?.startsWith('postgres') || !Number.isInteger(n) || n < 1 || !dir) {
    process.stderr.write('usage: node dist/bench/bulk-pg.js SQLITE_DATA_DIR POSTGRES_URL ARTICLES DATA_DIR\n');
    process.exit(2);
  }
  await copyToPg(sqliteDir, url, n, dir);
}
