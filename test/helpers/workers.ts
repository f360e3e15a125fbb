/**
 * Proving that every worker of a multi-worker server answered. fetch keeps one connection alive,
 * and a connection stays with the worker that accepted it, so many requests can all reach one
 * worker. Here each round opens a new connection, asks the pages and then /metrics on it (which
 * names the worker's pid), so every answer is known to come from that worker.
 */
import assert from 'node:assert/strict';
import http from 'node:http';

function get(agent: http.Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** The pages at `paths`, in order, over one new connection (so from one worker), with its pid. */
export async function overOneConnection(base: string, paths: string[]): Promise<{ pid: string; pages: { status: number; body: string }[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const pages = [];
    for (const p of paths) pages.push(await get(agent, base + p));
    // Asked last, so the pages are the first requests this worker sees on the connection.
    const metrics = await get(agent, base + '/metrics');
    const pid = /gazette_process_resident_memory_bytes\{pid="(\d+)"\}/.exec(metrics.body)?.[1];
    assert.ok(pid, 'the worker names its pid in /metrics');
    return { pid, pages };
  } finally {
    agent.destroy();
  }
}

/**
 * Rounds of {@link overOneConnection} until each of `workers` workers has answered at least
 * twice (or a bound is reached, which fails). Returns every round, for the caller to check all.
 * A server answers /healthz as soon as its first worker listens; on a loaded machine the others
 * may take seconds more, and until then every connection goes to the ones listening. So the
 * bound is time (a minute), with a pause after a round that found no worker not yet counted twice.
 */
export async function fromEveryWorker(base: string, workers: number, paths: string[]): Promise<{ pid: string; pages: { status: number; body: string }[] }[]> {
  const rounds = [];
  const count = new Map<string, number>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (count.size < workers || [...count.values()].some((n) => n < 2))) {
    const r = await overOneConnection(base, paths);
    const seen = count.get(r.pid) ?? 0;
    count.set(r.pid, seen + 1);
    rounds.push(r);
    if (seen >= 2) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(count.size, workers, `answers came from ${count.size} of ${workers} workers`);
  return rounds;
}
