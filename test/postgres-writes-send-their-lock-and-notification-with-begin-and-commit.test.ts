/**
 * A write on PostgreSQL sends its locks with its BEGIN and its notification with its COMMIT
 * (src/db/pg-round-trips.ts): a comment batch waits for four round trips, not six. Counted by a
 * proxy in front of the real database, and checked for what must not change: the lock is the same
 * lock, a SET LOCAL holds for its transaction alone, the notification arrives with every character
 * the write gave it, a notification that fails fails the write and keeps nothing of it, and a
 * write that throws keeps nothing either.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/kernel/config.js';
import { buildDeps, type Deps } from '../src/runtime/deps.js';
import { lockCommenters } from '../src/comments/lock.js';
import { CHANNEL } from '../src/runtime/invalidation-pg.js';
import { startPgCounter, type PgCounter } from '../bench/lib/pg-counter.js';
import { freshDatabase } from './helpers/server.js';
import { postgresSkip } from './helpers/services.js';

const skip = await postgresSkip();

/** Values a hostile commenter could choose: quotes, a backslash, a semicolon, SQL of its own. */
const EMAIL = "o'brien\\x';DROP TABLE comments;--@example.net";
const TAG = "tag:it's\\a;b";

describe('a write on PostgreSQL', { skip }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let counter: PgCounter;
  let deps: Deps;
  let watcher: pg.Client;
  const heard: string[] = [];

  before(async () => {
    db = await freshDatabase('postgres');
    const url = new URL(db.databaseUrl);
    counter = await startPgCounter({ host: url.hostname, port: Number(url.port || 5432) }, { trace: true });
    url.host = `127.0.0.1:${counter.port}`;
    deps = await buildDeps(loadConfig({ DATA_DIR: db.dataDir, DATABASE_URL: url.href }), { listen: false, log: pino({ level: 'silent' }) });
    // Straight to the database: what the other processes hear.
    watcher = new pg.Client({ connectionString: db.databaseUrl });
    await watcher.connect();
    watcher.on('notification', (n) => heard.push(n.payload ?? ''));
    await watcher.query(`LISTEN ${CHANNEL}`);
    // The first write also starts the writer's own listener and reads who listens: not counted.
    await deps.write(async (_trx, stale) => stale('warm-up'));
  });

  after(async () => {
    await watcher?.end();
    await deps?.close();
    await counter?.close();
    await db?.drop();
  });

  /** Round trips and statements the pool sent while `fn` ran. */
  async function counted(fn: () => Promise<unknown>): Promise<{ trips: number; sent: string[] }> {
    counter.traced();
    const before = counter.counts().pool;
    await fn();
    return { trips: counter.counts().pool - before, sent: counter.traced() };
  }

  const stored = async (key: string) => (await deps.kysely.selectFrom('settings').select('value').where('key', '=', key).execute()).length;

  it('sends its locks with the BEGIN and its notification with the COMMIT, and holds the same lock', async () => {
    const commenter = { ipHash: "ip'\\hash", email: EMAIL, articleId: 7 };
    let heldElsewhere: boolean | undefined;
    const { trips, sent } = await counted(() =>
      deps.write(async (trx, stale) => {
        await lockCommenters('postgres', trx, [commenter]);
        // The key as a parameter, from another connection: taken, so the literal named the same lock.
        const other = new pg.Client({ connectionString: db.databaseUrl });
        await other.connect();
        try {
          const r = await other.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [`comment-email:${EMAIL}`]);
          heldElsewhere = !r.rows[0].got;
        } finally {
          await other.end();
        }
        await trx.insertInto('settings').values({ key: 'round-trips', value: '"kept"' }).execute();
        stale('article:7', TAG);
      }),
    );
    assert.equal(heldElsewhere, true, 'the lock taken with the BEGIN is the lock the key names');
    assert.equal(trips, 3, `BEGIN with the lock, the insert, the notification with the COMMIT: ${sent.join(' | ')}`);
    assert.match(sent[0], /^start transaction read write; SELECT pg_advisory_xact_lock/);
    assert.match(sent[sent.length - 1], /^SELECT pg_notify\(.*\); commit$/);
    assert.equal(await stored('round-trips'), 1);
    await waitFor(() => heard.some((p) => p.endsWith(` article:7 ${TAG}`)), `the notification, whole: ${heard.join(' | ')}`);
  });

  it('fails, and keeps nothing, when its notification fails at the COMMIT', async () => {
    // PostgreSQL refuses a notification payload of 8,000 bytes or more.
    const write = deps.write(async (trx, stale) => {
      await trx.insertInto('settings').values({ key: 'lost-with-its-notification', value: '"no"' }).execute();
      stale(`tag:${'x'.repeat(9000)}`);
    });
    await assert.rejects(write, /payload string too long/);
    assert.equal(await stored('lost-with-its-notification'), 0);
    // The connection went back to the pool usable.
    await deps.write(async (trx) => void (await trx.insertInto('settings').values({ key: 'after-a-failed-commit', value: '"yes"' }).execute()));
    assert.equal(await stored('after-a-failed-commit'), 1);
  });

  it('keeps nothing of a write that throws after its lock', async () => {
    const { trips } = await counted(() =>
      assert.rejects(
        deps.write(async (trx, stale) => {
          await lockCommenters('postgres', trx, [{ ipHash: 'h', email: 'a@example.net', articleId: 8 }]);
          await trx.insertInto('settings').values({ key: 'thrown', value: '"no"' }).execute();
          stale('article:8');
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      ),
    );
    assert.equal(trips, 3, 'BEGIN with the lock, the insert, ROLLBACK');
    assert.equal(await stored('thrown'), 0);
  });

  it('sends a SET LOCAL with the BEGIN too, and it holds for that transaction alone', async () => {
    const mode = async (trx: Parameters<Parameters<Deps['write']>[0]>[0]) =>
      (await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(trx)).rows[0].plan_cache_mode;
    let inside = '';
    const { trips, sent } = await counted(() =>
      deps.write(async (trx) => {
        await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
        await lockCommenters('postgres', trx, [{ ipHash: 'h', email: 'b@example.net', articleId: 9 }]);
        inside = await mode(trx);
      }),
    );
    assert.equal(inside, 'force_generic_plan');
    assert.equal(trips, 3, sent.join(' | '));
    assert.match(sent[0], /^start transaction read write; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_advisory_xact_lock/);
    let after = '';
    await deps.write(async (trx) => void (after = await mode(trx)));
    assert.equal(after, 'auto', 'the next transaction on the pool plans as PostgreSQL chooses');
  });

  it('sends nothing for a transaction with no statement, and a BEGIN of its own before any other first statement', async () => {
    assert.equal((await counted(() => deps.write(async () => undefined))).trips, 0);
    const { trips, sent } = await counted(() => deps.write(async (trx) => void (await sql`SELECT 1`.execute(trx))));
    assert.equal(trips, 3, sent.join(' | '));
    assert.deepEqual(sent, ['start transaction read write', 'SELECT 1', 'commit']);
  });
});

async function waitFor(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), what);
}
