/**
 * `node dist/bench/grow.js DATABASE_URL TARGET`: grows a `gazette demo` database to TARGET articles
 * by copying its stories (with their bylines and tags) to later dates, inside the database, until
 * it holds TARGET. Each round copies every story once more, shifted by the span the archive
 * already covers, so dates stay spread and never pass the present (rounds that would are shifted
 * back instead). The text repeats (a word in one story of the base is in 2^rounds of the grown
 * one), the cost per story is the database's own insert and indexing: about half of
 * `gazette demo`'s, which also writes each story's prose in JavaScript. For scale tests and the
 * search benchmark on a machine where writing a million stories one by one takes hours.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';

const COLUMNS = [
  'type',
  'headline',
  'dek',
  'body',
  'body_format',
  'body_html',
  'body_text',
  'excerpt',
  'status',
  'section_id',
  'featured_media_id',
  'comments_open',
  'sticky',
  'password',
];

interface Exec {
  one(sql: string): Promise<number>;
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

function sqliteExec(file: string): Exec {
  const db = new SQLite(file);
  db.pragma('synchronous = OFF');
  db.pragma('busy_timeout = 60000');
  return {
    one: async (sql) => Number(db.prepare(sql).pluck().get()),
    run: async (sql) => {
      db.exec(sql);
    },
    close: async () => {
      db.close();
    },
  };
}

async function pgExec(url: string): Promise<Exec> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  return {
    one: async (sql) => Number(Object.values((await client.query(sql)).rows[0] as Record<string, unknown>)[0]),
    run: async (sql) => void (await client.query(sql)),
    close: () => client.end(),
  };
}

async function main(): Promise<void> {
  const [url, targetText] = process.argv.slice(2);
  const target = Number(targetText);
  if (!url || !Number.isInteger(target) || target < 1) {
    process.stderr.write('usage: node dist/bench/grow.js sqlite:/path/gazette.db|postgres://… TARGET\n');
    process.exit(2);
  }
  const db = url.startsWith('sqlite:') ? sqliteExec(url.slice('sqlite:'.length)) : await pgExec(url);
  const now = Date.now();
  try {
    for (;;) {
      const count = await db.one(`SELECT count(*) AS n FROM articles WHERE type = 'article'`);
      if (count >= target) break;
      const first = await db.one(`SELECT min(published_at) AS n FROM articles WHERE type = 'article'`);
      const last = await db.one(`SELECT max(published_at) AS n FROM articles WHERE type = 'article'`);
      const maxId = await db.one(`SELECT max(id) AS n FROM articles`);
      const span = last - first + 3_600_000;
      // Later while that stays in the past, else earlier.
      const shift = last + span < now ? span : -span;
      const take = Math.min(count, target - count);
      const started = performance.now();
      const cols = COLUMNS.join(', ');
      await db.run('BEGIN');
      await db.run(`INSERT INTO articles (id, slug, ${cols}, published_at, created_at, updated_at)
        SELECT id + ${maxId}, slug || '-g' || (id + ${maxId}), ${cols}, published_at + ${shift}, created_at + ${shift}, updated_at + ${shift}
        FROM articles WHERE type = 'article' AND id IN (SELECT id FROM articles WHERE type = 'article' ORDER BY id LIMIT ${take})`);
      await db.run(`INSERT INTO article_authors (article_id, user_id, position)
        SELECT x.article_id + ${maxId}, x.user_id, x.position FROM article_authors x WHERE x.article_id + ${maxId} IN (SELECT id FROM articles WHERE id > ${maxId})`);
      await db.run(`INSERT INTO article_tags (article_id, tag_id)
        SELECT x.article_id + ${maxId}, x.tag_id FROM article_tags x WHERE x.article_id + ${maxId} IN (SELECT id FROM articles WHERE id > ${maxId})`);
      await db.run('COMMIT');
      if (!url.startsWith('sqlite:')) await db.run(`SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))`);
      process.stderr.write(`grow: ${count + take} articles (+${take} in ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    if (!url.startsWith('sqlite:')) await db.run('ANALYZE');
  } finally {
    await db.close();
  }
}

await main();
