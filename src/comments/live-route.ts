/**
 * `GET /comments/live?article=ID&since=N`: a Server-Sent Events stream of the ids of comments
 * approved on article ID after comment N (what the reader's page showed). Each event is
 * `data: {"ids":[…]}`, the whole list of what is new for that reader (at most ./live.ts KEPT), sent
 * when it changes; public/live.js shows "N new comments — show" from it. A request that does not
 * accept `text/event-stream` gets one event, what is new now, and the answer ends.
 *
 * Why a stream rather than long polling: a story with thousands of readers and a comment a second
 * costs one write of a few bytes per reader per change here, where long polling costs a whole
 * request per reader per change (headers, routing, a new stream) and a herd of them at once after
 * each change. EventSource reconnects by itself, and the browser closes it when the reader leaves;
 * public/live.js also closes it while the tab is hidden, so background tabs hold no connection.
 * The page itself stays cached and identical for every reader: the stream is all that is live.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Deps } from '../runtime/deps.js';
import { securityHeaders } from '../runtime/page-entry.js';
import { GazetteError } from '../kernel/errors.js';
import { ERRORS } from '../kernel/error-catalogue.js';
import { LiveComments } from './live.js';
import { z } from 'zod';
import { parseInput } from '../kernel/input.js';

/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 5000;

/** `article`: the story; `since`: the newest approved comment its page showed (0: none). */
const LiveQuery = z.object({
  article: z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
  since: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .optional(),
});

export function registerLiveRoute(app: FastifyInstance, deps: Deps): LiveComments {
  const live = new LiveComments(deps);
  const streams = new Set<ServerResponse>();
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx would otherwise hold the events in its buffer.
    'x-accel-buffering': 'no',
  };
  const security = securityHeaders(deps.config.publicUrl.startsWith('https:'));
  for (let i = 0; i < security.length; i += 2) headers[security[i]] = security[i + 1];

  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': \n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  app.get('/comments/live', async (req, reply) => {
    const { article, since = 0 } = parseInput(LiveQuery, req.query);
    const res = reply.raw;
    // What join() tells at once comes before the stream's head is written: kept until then.
    let state: 'joining' | 'open' | 'closed' = 'joining';
    let first: number[] | undefined;
    const event = (ids: number[]) => `data: {"ids":[${ids.join(',')}]}\n\n`;
    const reader = {
      since,
      send(ids: number[]) {
        if (state === 'open') res.write(event(ids));
        else if (state === 'joining') first = ids;
      },
    };
    const leave = await live.join(article, reader);
    if (!leave) throw new GazetteError('GAZ_ERR_NOT_FOUND', 404, ERRORS.GAZ_ERR_NOT_FOUND.message);
    // Only EventSource asks for a stream: anything else (a crawler following the address in the
    // page, a script) gets what is new now, once, and the answer ends.
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      leave();
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
      return reply.send(event(first ?? []));
    }
    reply.hijack();
    // Gone while it joined: nothing to hold.
    if (!res.socket || res.socket.destroyed) return leave();
    res.writeHead(200, headers);
    res.write(`retry: ${RETRY_MS}\n\n` + (first ? event(first) : ''));
    state = 'open';
    streams.add(res);
    res.once('close', () => {
      state = 'closed';
      streams.delete(res);
      leave();
    });
  });

  // A stream never finishes by itself: closing the server ends them (browsers reconnect elsewhere).
  app.addHook('preClose', (done) => {
    clearInterval(heartbeat);
    for (const res of streams) res.end();
    streams.clear();
    live.stop();
    done();
  });
  return live;
}
