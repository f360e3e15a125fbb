/**
 * A TCP proxy in front of PostgreSQL that counts the round trips its clients make: every simple
 * query (`Q`) and every `Sync` that ends an extended-protocol exchange (`S`: node-postgres sends
 * Parse/Bind/Describe/Execute/Sync in one write and waits for the answer) is one wait for the
 * server. Connections that LISTEN (the invalidation listeners, src/runtime/invalidation-pg.ts) are
 * counted apart from the pool's.
 */
import net from 'node:net';

export interface RoundTrips {
  /** Pool connections: the queries of requests and writes. */
  pool: number;
  /** LISTEN connections: acknowledgements of invalidations and the like. */
  listener: number;
}

export interface PgCounter {
  port: number;
  counts(): RoundTrips;
  /** When tracing: the queries seen since the last call. */
  traced(): string[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Starts a counting proxy on a free local port forwarding to `host:port`; with `trace`, it keeps the
 * text of every query (to see which ones a comment makes; PG_COUNTER_TRACE=1 in the benches).
 */
export async function startPgCounter(target: { host: string; port: number }, { trace: tracing = !!process.env.PG_COUNTER_TRACE } = {}): Promise<PgCounter> {
  const sockets = new Set<net.Socket>();
  const totals: RoundTrips = { pool: 0, listener: 0 };
  const trace: string[] | undefined = tracing ? [] : undefined;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    // As a direct connection: no Nagle delay on the small writes of a round trip.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    let started = false;
    let listens = false;
    let pool = 0;
    let buf: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let at = 0;
      for (;;) {
        if (!started) {
          // Untyped: the startup message, or a request for encryption before it.
          if (buf.length - at < 8) break;
          const len = buf.readInt32BE(at);
          if (buf.length - at < len) break;
          const code = buf.readInt32BE(at + 4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
          at += len;
          continue;
        }
        if (buf.length - at < 5) break;
        const type = buf[at];
        const len = buf.readInt32BE(at + 1);
        if (buf.length - at < 1 + len) break;
        if (trace && (type === 0x51 || type === 0x50)) {
          // Q: the text; P: name\0text\0.
          const body = buf.toString('utf8', at + 5, at + 1 + len);
          trace.push((type === 0x50 ? body.slice(body.indexOf('\0') + 1) : body).split('\0')[0].replace(/\s+/g, ' ').slice(0, 160));
        }
        if (type === 0x51 /* Q */ || type === 0x53 /* S */) {
          if (type === 0x51 && !listens && /\bLISTEN\s/i.test(buf.toString('utf8', at + 5, at + 1 + len))) {
            listens = true;
            // What this connection did before it listened was counted as the pool's.
            totals.pool -= pool;
            totals.listener += pool;
          }
          if (listens) totals.listener++;
          else {
            totals.pool++;
            pool++;
          }
        }
        at += 1 + len;
      }
      buf = at === buf.length ? Buffer.alloc(0) : buf.subarray(at);
    });
    upstream.pipe(client);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    port,
    counts: () => ({ ...totals }),
    traced: () => trace?.splice(0) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
