/**
 * The benchmark databases: made once under bench/.data/NAME (with `gazette demo`, or bench/bulk.ts
 * for the large search sites) and reused while their recorded recipe matches. Also picks article
 * URLs spread over the whole date range.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { articlePermalink } from '../../src/content/permalinks.js';
import { BIN, DATA, ROOT } from './paths.js';

export interface Dataset {
  name: string;
  articles: number;
  comments: number;
  /**
   * Write the stories straight into the file (bench/bulk.ts: the same stories `gazette demo`
   * writes, at a lower priority), for sizes demo takes hours to write on a busy machine.
   */
  bulk?: boolean;
}

export const SMALL: Dataset = { name: '1k', articles: 1_000, comments: 5_000 };
export const LARGE: Dataset = { name: '100k', articles: 100_000, comments: 500_000 };
const SEED = 'bench';

/** The DATA_DIR of `d`, building it first when missing or made from another recipe. */
export async function ensureDataset(d: Dataset, log: (line: string) => void): Promise<string> {
  const dir = join(DATA, d.name);
  const marker = join(dir, 'dataset.json');
  const recipe = JSON.stringify({ articles: d.articles, comments: d.comments, seed: SEED, ...(d.bulk ? { bulk: true } : {}) });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === recipe) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(
    `building the ${d.name} database once (${d.bulk ? 'bench/bulk.ts' : 'gazette demo'} --articles ${d.articles} --comments ${d.comments}); later runs reuse it`,
  );
  const started = performance.now();
  // bench/bulk.ts runs at the lowest priority: a million stories take a while on a shared machine.
  const child = d.bulk
    ? spawn('nice', ['-n', '19', process.execPath, join(ROOT, 'dist', 'bench', 'bulk.js'), dir, String(d.articles), SEED], {
        env: { ...process.env, DATABASE_URL: '' },
        stdio: 'inherit',
      })
    : spawn(process.execPath, [BIN, 'demo', '--articles', String(d.articles), '--comments', String(d.comments), '--seed', SEED], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
        cwd: dir,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`${d.bulk ? 'bench/bulk' : 'gazette demo'} failed (exit ${code}) building ${dir}`);
  // Fold the write-ahead log into the file so every run starts from the same state.
  const db = new SQLite(join(dir, 'gazette.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(marker, recipe);
  log(`built ${d.name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

function timeZone(db: SQLite.Database): string {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'site.timezone'").pluck().get() as string | undefined;
  return row ? (JSON.parse(row) as string) : 'UTC';
}

/**
 * `count` article paths evenly spaced over the publication dates (oldest to newest), so cold
 * renders are not all of the newest, best-cached rows.
 */
export function articlePaths(dataDir: string, count: number): string[] {
  const db = new SQLite(join(dataDir, 'gazette.db'), { readonly: true });
  try {
    const tz = timeZone(db);
    const total = db.prepare("SELECT count(*) FROM articles WHERE type = 'article' AND status = 'published'").pluck().get() as number;
    const at = db.prepare(
      "SELECT type, slug, published_at FROM articles WHERE type = 'article' AND status = 'published' ORDER BY published_at, id LIMIT 1 OFFSET ?",
    );
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const row = at.get(Math.floor(((i + 0.5) * total) / count)) as { type: string; slug: string; published_at: number } | undefined;
      if (row) paths.push(articlePermalink(row, tz));
    }
    return paths;
  } finally {
    db.close();
  }
}

/** The path of a published article with about `wanted` approved comments (a typical busy page). */
export function articleWithComments(dataDir: string, wanted: number): string {
  const db = new SQLite(join(dataDir, 'gazette.db'), { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT a.type, a.slug, a.published_at FROM articles a JOIN comments c ON c.article_id = a.id AND c.status = 'approved'
         WHERE a.type = 'article' AND a.status = 'published' GROUP BY a.id ORDER BY abs(count(*) - ?), a.id LIMIT 1`,
      )
      .get(wanted) as { type: string; slug: string; published_at: number };
    return articlePermalink(row, timeZone(db));
  } finally {
    db.close();
  }
}
