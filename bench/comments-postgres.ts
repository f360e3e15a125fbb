/**
 * PostgreSQL takes comments as fast as SQLite's default does (issue 8): comments sent on a fixed
 * schedule of 1,000 a second (open loop, latency counted from when each was due) to one node with
 * the default number of workers, on PostgreSQL and then on SQLite, in the same run. Each batch of
 * comments is written in a fixed number of statements on PostgreSQL (src/comments/batch.ts).
 *
 * Reported: PostgreSQL's p99 against the 50 ms goal, and its accepted rate against SQLite's at
 * the same schedule.
 */
import { cpus } from 'node:os';
import { commentRun, describeRun, type CommentRun } from './comments.js';
import { freshPgDatabase, pgUnavailable } from './lib/postgres.js';
import { ratio, type Benchmark } from './lib/types.js';

const RATE = 1000;

export const commentsPostgresBench: Benchmark = {
  name: 'comments-postgres',
  title: `POST /comments at ${RATE}/s (open loop), PostgreSQL vs SQLite, one node with the default workers`,
  needs: [],
  async run(ctx) {
    const reason = await pgUnavailable();
    if (reason) {
      ctx.log(`skipped: ${reason}`);
      return [];
    }
    const workers = Math.max(1, cpus().length);
    const database = await freshPgDatabase();
    let onPg: CommentRun;
    try {
      onPg = await commentRun(workers, ctx.seconds, undefined, false, { DATABASE_URL: database.url });
    } finally {
      await database.drop();
    }
    ctx.log(`postgres ${describeRun(workers, onPg)}`);
    const onSqlite = await commentRun(workers, ctx.seconds, undefined, false);
    ctx.log(`sqlite ${describeRun(workers, onSqlite)}`);
    const pg = onPg.atRate;
    return [
      {
        bench: 'comments-postgres',
        what: `p99 latency of comments sent at ${RATE}/s (open loop), PostgreSQL, ${workers} workers`,
        value: Math.round(pg.p99 * 10) / 10,
        unit: 'ms',
        baseline: { what: 'goal', value: 50 },
        ratio: ratio(pg.p99, 50),
        ratioMeans: '× the 50 ms goal',
        goal: { atMost: 1 },
        note: `${pg.perSecond.toFixed(0)} accepted/s of ${RATE} sent, p50 ${pg.p50.toFixed(1)} ms; server CPU ${pg.cpuMs.toFixed(2)} ms/comment`,
      },
      {
        bench: 'comments-postgres',
        what: `comments accepted/s at ${RATE}/s sent, PostgreSQL vs SQLite, ${workers} workers`,
        value: Math.round(pg.perSecond),
        unit: 'req/s',
        baseline: { what: 'SQLite, same schedule', value: Math.round(onSqlite.atRate.perSecond) },
        ratio: ratio(pg.perSecond, onSqlite.atRate.perSecond),
        ratioMeans: '× SQLite',
        goal: { atLeast: 1 },
        note: `SQLite p99 ${onSqlite.atRate.p99.toFixed(1)} ms, PostgreSQL p99 ${pg.p99.toFixed(1)} ms; closed loop C=32: PostgreSQL ${onPg.posts.perSecond.toFixed(0)}/s, SQLite ${onSqlite.posts.perSecond.toFixed(0)}/s`,
      },
    ];
  },
};
