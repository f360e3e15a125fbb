/**
 * The services the tests need besides SQLite: PostgreSQL (every integration test runs on both
 * databases) and Redis (invalidation between nodes). On a laptop without them those tests are
 * skipped with one line saying why; in CI (`CI` set, as `.ci/run` does) a missing service fails
 * the run instead, so CI never passes having checked only half.
 */
import pg from 'pg';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const inCi = !!process.env.CI && process.env.CI !== 'false';

function absent(reason: string): string {
  if (inCi) throw new Error(`${reason}; CI=${process.env.CI}, so this fails instead of skipping the tests that need it`);
  return reason;
}

/** Why PostgreSQL tests are skipped here, or false when it answers. */
export async function postgresSkip(): Promise<string | false> {
  // Generous: a PostgreSQL that refuses answers at once; one on a loaded machine can take seconds.
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 30_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return false;
  } catch (err) {
    return absent(`PostgreSQL is not reachable at ${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message})`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why Redis tests are skipped here, or false when it answers. */
export async function redisSkip(): Promise<string | false> {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return false;
  } catch (err) {
    return absent(`Redis is not reachable at ${REDIS_URL} (${(err as Error).message})`);
  } finally {
    r.disconnect();
  }
}
