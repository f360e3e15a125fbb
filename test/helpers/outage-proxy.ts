/**
 * A TCP proxy that plays an outage of the service behind it (PostgreSQL, Redis) without touching
 * the real server, which other tests share: `cut()` breaks every open connection and refuses new
 * ones (the port stops listening, as a stopped server's does); `restore()` listens again on the same
 * port. `hold()` keeps the service's answers in the proxy until `release()`: a reply that is late
 * for a reason of the network's, the query already run.
 */
import net from 'node:net';

export interface OutageProxy {
  port: number;
  /** Connections currently open through the proxy. */
  readonly open: number;
  /** Breaks every connection and refuses new ones until {@link restore}. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Stops passing the service's answers on (they wait in the proxy) until {@link release}. */
  hold(): void;
  release(): void;
  /** Bytes of answers waiting in the proxy while held. */
  readonly held: number;
  close(): Promise<void>;
}

/** Starts a proxy on a free local port forwarding to `host:port`. */
export async function startOutageProxy(target: { host: string; port: number }): Promise<OutageProxy> {
  const sockets = new Set<net.Socket>();
  const upstreams = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    upstreams.add(upstream);
    // Forward each write at once: with Nagle's delay a query and its answer wait on each other's ACKs.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      upstreams.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    get open() {
      return sockets.size / 2;
    },
    async cut() {
      const closed = stopListening();
      // A reset, as a crashed or restarted server's peer sees it.
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
      await closed;
    },
    async restore() {
      await listen(port);
    },
    hold() {
      for (const u of upstreams) u.pause();
    },
    release() {
      for (const u of upstreams) u.resume();
    },
    get held() {
      let n = 0;
      for (const u of upstreams) n += u.readableLength;
      return n;
    },
    async close() {
      const closed = stopListening();
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: OutageProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.href;
}
