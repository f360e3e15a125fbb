/**
 * A fresh PostgreSQL database for one benchmark run (dropped after), or the reason there is none.
 */
import pg from 'pg';

export const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let counter = 0;

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

/** Why PostgreSQL benchmarks cannot run here, or false. */
export async function pgUnavailable(): Promise<string | false> {
  try {
    await admin('SELECT 1');
    return false;
  } catch (err) {
    return `PostgreSQL is not reachable at ${PG_URL.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message})`;
  }
}

export async function freshPgDatabase(): Promise<BenchDatabase> {
  const name = `gazette_bench_${process.pid}_${counter++}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(PG_URL), { pathname: '/' + name }).href;
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
