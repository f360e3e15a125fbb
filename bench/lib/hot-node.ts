/**
 * The hot story's server (bench/hot.ts): a fresh sample site on SQLite or PostgreSQL, its comment
 * limits lifted, and its page-cache counters summed over its workers.
 */
import http from 'node:http';
import { liftCommentLimits, serve, type Served } from '../comments.js';
import { freshPgDatabase } from './postgres.js';

export interface Node {
  url: string;
  /** The server's process (its primary): its CPU time counts the workers'. */
  pid: number;
  drop(): Promise<void>;
}

/** `gazette serve` with `workers` workers on a fresh database holding the sample site, every comment approved at once. */
export async function startNode(dialect: 'sqlite' | 'postgres', workers: number, log: (l: string) => void): Promise<Node> {
  const db = dialect === 'postgres' ? await freshPgDatabase() : undefined;
  let s: Served | undefined;
  try {
    s = await serve(workers, db ? { DATABASE_URL: db.url } : {});
    await liftCommentLimits(s);
  } catch (err) {
    await s?.close();
    await db?.drop();
    throw err;
  }
  const server = s;
  log(`${dialect}: serving the sample site at ${server.url}`);
  return {
    url: server.url,
    pid: server.pid,
    async drop() {
      await server.close();
      await db?.drop();
    },
  };
}

function getFresh(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/**
 * Page-cache counters so far (`misses`: renders), summed over the workers: new connections are
 * dealt round-robin, and each answer names its worker's pid.
 */
export async function counters(url: string, workers: number): Promise<Record<'misses' | 'hits' | 'stale_hits' | 'coalesced', number>> {
  const byPid = new Map<string, string>();
  for (let i = 0; i < workers * 8 && byPid.size < workers; i++) {
    const text = await getFresh(url + '/metrics');
    byPid.set(/^gazette_process_resident_memory_bytes\{pid="(\d+)"\}/m.exec(text)?.[1] ?? '', text);
  }
  if (byPid.size < workers) throw new Error(`/metrics reached ${byPid.size} of ${workers} workers`);
  const sum = (name: string) =>
    [...byPid.values()].reduce((a, text) => a + Number(new RegExp(`^gazette_page_cache_${name}_total (\\d+)$`, 'm').exec(text)?.[1] ?? NaN), 0);
  return { misses: sum('misses'), hits: sum('hits'), stale_hits: sum('stale_hits'), coalesced: sum('coalesced') };
}
