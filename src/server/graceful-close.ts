/**
 * Closing an HTTP server without cutting a response short.
 *
 * Node's `server.close()` destroys every keep-alive connection it finds idle
 * (`closeIdleConnections`), and Fastify calls that too. A connection whose response has just been
 * ended but not yet flushed to the kernel, or whose next request is still in the socket buffer,
 * counts as idle, and `destroy()` throws away what was not written: the client sees the
 * connection drop mid-answer (Node 24 does so more readily than 20). Here every connection is
 * *ended* instead (`socket.end()` writes what is pending, then closes): an idle one at once, a
 * busy one when its response has finished, its response telling the client not to reuse it.
 *
 * "At once" is a few milliseconds later: a request that reached the socket just before the signal
 * to stop is read first (Node 24 runs the SIGTERM handler before it), so it is answered (503 from
 * Fastify while closing, or its page) instead of finding its connection gone.
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Call once, right after the server is created: tracks its connections from the first one. */
export function closeConnectionsGracefully(server: Server): void {
  const sockets = new Set<Socket>();
  const ending = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const endAll = () => {
    for (const socket of sockets) {
      if (ending.has(socket)) continue;
      ending.add(socket);
      // Node keeps the response being written on its socket (an internal field, stable since 0.x).
      const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (!res || res.writableFinished) {
        socket.end();
        continue;
      }
      if (!res.headersSent) res.shouldKeepAlive = false;
      res.once('finish', () => socket.end());
      res.once('close', () => socket.end());
    }
  };
  // Instead of Node's destroy-the-idle-ones, which server.close() and Fastify call on close.
  server.closeIdleConnections = () => void setTimeout(endAll, 10);
}
