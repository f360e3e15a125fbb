/**
 * `node dist/bench/bulk.js DATA_DIR ARTICLES [SEED]`: a SQLite site of ARTICLES demo stories,
 * written straight into the file instead of through the application, for the sizes (a million)
 * that `gazette demo` takes hours to write on a busy machine (bench/bulk-pg.ts copies them to
 * PostgreSQL).
 *
 * Nothing here defines the schema or the index: `gazette demo --articles 0` makes the database the
 * application's way (migrations, settings, the sections, tags and bylines of demo stories); the
 * stories are the rows `gazette demo` writes for the same seed (demoArticleRows: same headlines,
 * bodies, dates, bylines and tags, so word frequencies are those of the demo vocabulary: coined
 * names rare, "said" in nearly every story); the search index is built at the end by the function
 * behind `gazette search rebuild`. What makes it fast, for the build only: no journal, no syncing,
 * one transaction per 5,000 stories through prepared statements, the search triggers dropped
 * during the load and the index filled once at the end, in key order. The other indexes stay:
 * made after the load, each one read the whole table again through the rows' overflow pages (the
 * indexed columns come after the bodies), over half an hour at a million stories, longer than
 * the load itself; kept, they take inserts in publication order.
 * No ANALYZE: the application never runs it, so neither does a bench site.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { demoArticleRows } from '../src/cli/demo/generate.js';
import { ensureFixtures } from '../src/cli/demo/fixtures.js';
import { indexConfig, rebuildSearchIndex, searchConfigFor } from '../src/db/search-index.js';
import type { Database } from '../src/db/schema.js';
import { BIN } from './lib/paths.js';

const CHUNK = 5000;
const YEARS = 5;
const DAY = 86_400_000;

const log = (line: string) => process.stderr.write(`bulk: ${line}\n`);

function insertFor(db: SQLite.Database, table: string, row: object): SQLite.Statement {
  const cols = Object.keys(row);
  return db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
}

/** The schema, settings and demo fixtures, made by the application itself (`gazette demo --articles 0`). */
export function makeSite(dir: string, seed: string, databaseUrl: string): void {
  mkdirSync(dir, { recursive: true });
  const made = spawnSync(process.execPath, [BIN, 'demo', '--articles', '0', '--seed', seed], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (made.status !== 0) throw new Error(`gazette demo --articles 0 failed (exit ${made.status})`);
}

const YEARS_SPAN = (articles: number, now: number) => {
  const end = now - 60_000;
  const span = YEARS * 365.25 * DAY;
  return (i: number) => end - span + ((i + 1) * span) / articles;
};

export function timer() {
  const started = performance.now();
  return (what: string) => log(`${what} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

export async function bulkBuild(dir: string, articles: number, seed: string): Promise<void> {
  const lap = timer();
  makeSite(dir, seed, '');
  const sqlite = new SQLite(join(dir, 'gazette.db'));
  // For the build only (a crash means building again): no journal, no waiting for the disk.
  // (A WAL database has to leave WAL before it can go without a journal.)
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('locking_mode = EXCLUSIVE');
  sqlite.pragma('cache_size = -262144');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const now = Date.now();
    const fixtures = await kysely.transaction().execute((trx) => ensureFixtures(trx, now));
    const language = (await kysely.selectFrom('settings').select('value').where('key', '=', 'site.language').executeTakeFirst())?.value;
    const config = (await indexConfig(kysely)) ?? searchConfigFor('sqlite', language ? (JSON.parse(language) as string) : 'en');
    const first = Number(sqlite.prepare(`SELECT coalesce(max(id), 0) FROM articles`).pluck().get()) + 1;

    // The triggers and tables go now and come back, filled once, with the rebuild at the end.
    for (const t of ['search_ai', 'search_ad', 'search_au']) sqlite.exec(`DROP TRIGGER IF EXISTS ${t}`);

    const dateOf = YEARS_SPAN(articles, now);
    let stmts: Record<string, SQLite.Statement> | undefined;
    for (let from = 0; from < articles; from += CHUNK) {
      const to = Math.min(articles, from + CHUNK);
      sqlite.exec('BEGIN');
      for (let i = from; i < to; i++) {
        const rows = demoArticleRows(fixtures, seed, i, first + i, dateOf, now);
        stmts ??= {
          articles: insertFor(sqlite, 'articles', rows.article),
          article_authors: insertFor(sqlite, 'article_authors', rows.authors[0]),
          article_tags: insertFor(sqlite, 'article_tags', rows.tags[0]),
        };
        stmts.articles.run(rows.article);
        for (const a of rows.authors) stmts.article_authors.run(a);
        for (const t of rows.tags) stmts.article_tags.run(t);
      }
      sqlite.exec('COMMIT');
      if (to === articles || (to / CHUNK) % 20 === 0) lap(`${to} stories`);
    }
    // The function behind `gazette search rebuild`: tables, triggers, filled in key order, optimized.
    await kysely.transaction().execute((trx) => rebuildSearchIndex(trx, 'sqlite', config, lap));
    lap('search index');
    sqlite.pragma('journal_mode = WAL');
  } finally {
    await kysely.destroy();
  }
}

const [dir, count, seed = 'bench'] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(count);
  if (!dir || !Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: node dist/bench/bulk.js DATA_DIR ARTICLES [SEED]\n');
    process.exit(2);
  }
  await bulkBuild(dir, n, seed);
}
