/**
 * The old WordPress site for import tests: a loopback HTTP server that serves `/wp-content/uploads/`
 * files from a map, and can play a slow file, a missing one, a wrong content type and an oversized
 * one. It counts requests by path, so a test can see what a re-run fetched again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OldFile {
  body: Buffer;
  type: string;
  /** Milliseconds between the headers and each of a few chunks: slower than a download timeout. */
  dripMs?: number;
  status?: number;
}

export interface OldSite {
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startOldSite(files: Record<string, OldFile>): Promise<OldSite> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = files[path];
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    res.writeHead(f.status ?? 200, { 'content-type': f.type, 'content-length': String(f.body.length) });
    if (!f.dripMs) return void res.end(f.body);
    const step = Math.ceil(f.body.length / 4);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return void clearInterval(timer);
      res.write(f.body.subarray(at, at + step));
      at += step;
      if (at >= f.body.length) clearInterval(timer), res.end();
    }, f.dripMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
