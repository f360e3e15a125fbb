/**
 * A stream of prebuilt requests sent on a fixed schedule (open loop: the next is due at its time
 * whatever the answers do), as the hot story's comment sender and its floor (bench/hot.ts).
 */
import net from 'node:net';

/**
 * One kept-alive connection that sends prebuilt requests one at a time and reads each answer's
 * status line and length, nothing more. The comment sender is a load generator sharing wrk's core,
 * so what it costs is taken from wrk: against a server that answers at once (scratch measurement,
 * quiet machine), node:http's client cost 1.0–1.1 ms of CPU a comment at 100 a second and this
 * 0.50 (most of it the process waking for each comment), 0.27 and 0.11 ms at 1,000 a second.
 */
class RawConnection {
  private readonly socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  closed = false;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      const head = this.buffered.indexOf('\r\n\r\n');
      if (head < 0) return;
      const header = this.buffered.toString('latin1', 0, head);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(header)?.[1] ?? 0);
      if (this.buffered.length < head + 4 + length) return;
      this.buffered = this.buffered.subarray(head + 4 + length);
      this.settle(Number(header.slice(9, 12)));
    });
    const end = () => {
      this.closed = true;
      this.settle(0);
    };
    this.socket.on('error', end);
    this.socket.on('close', end);
  }

  private settle(status: number): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(status);
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface Stream {
  /** Stops sending, waits for the answers still due: how many were sent and answered `ok`. */
  stop(): Promise<{ sent: number; accepted: number }>;
}

/**
 * Sends `request(n)` to `url`'s port at `rate` a second, on schedule, until `stop()`; an answer
 * with status `ok` counts as accepted.
 */
export function requestStream(url: string, rate: number, request: (n: number) => Buffer, ok: number): Stream {
  const port = Number(new URL(url).port);
  const idle: RawConnection[] = [];
  const all: RawConnection[] = [];
  let sent = 0;
  let accepted = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const loop = (async () => {
    while (running) {
      const now = performance.now();
      for (; running && started + (sent * 1000) / rate <= now; sent++) {
        let c = idle.pop();
        while (c?.closed) c = idle.pop();
        if (!c) all.push((c = new RawConnection(port)));
        const conn = c;
        const p = conn.send(request(sent)).then((status) => {
          if (status === ok) accepted++;
          if (!conn.closed) idle.push(conn);
          inFlight.delete(p);
        });
        inFlight.add(p);
      }
      await new Promise((r) => setTimeout(r, Math.max(1, started + (sent * 1000) / rate - performance.now())));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
      for (const c of all) c.close();
      return { sent, accepted };
    },
  };
}
