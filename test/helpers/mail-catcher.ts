/**
 * A real SMTP server in the test process (npm `smtp-server`) that keeps every message it receives,
 * parsed with `mailparser`. Start the Gazette server with `SMTP_URL=smtp://127.0.0.1:PORT`.
 */
import { createServer as createNetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
  to: string[];
  mail: ParsedMail;
  /** The raw message as it arrived (headers and body). */
  raw: string;
}

export interface MailCatcher {
  port: number;
  url: string;
  received: Received[];
  /** Starts listening (again) on the same port. */
  listen(): Promise<void>;
  /** Waits for a message matching `pred` that arrived after `since` messages (default: any). */
  waitFor(pred: (m: Received) => boolean, opts?: { timeoutMs?: number; since?: number }): Promise<Received>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, not listened on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** An SMTP catcher on a free port; `listen: false` leaves it down until `listen()`. */
export async function mailCatcher(opts: { listen?: boolean } = {}): Promise<MailCatcher> {
  const port = await freePort();
  const received: Received[] = [];
  let server: SMTPServer | undefined;
  const catcher: MailCatcher = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async listen() {
      server = new SMTPServer({
        authOptional: true,
        // Plain SMTP on loopback: no certificate to trust.
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, done) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', async () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            try {
              received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw });
              done();
            } catch (err) {
              done(err as Error);
            }
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async waitFor(pred, o = {}) {
      const deadline = Date.now() + (o.timeoutMs ?? 20_000);
      for (;;) {
        const hit = received.slice(o.since ?? 0).find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`no matching mail arrived; got ${received.length}: ${received.map((r) => `${r.to.join(',')} "${r.mail.subject}"`).join('; ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    },
  };
  if (opts.listen !== false) await catcher.listen();
  return catcher;
}

/** Links in a mail's plain text that start with `prefix`. */
export function linksIn(m: Received, prefix: string): string[] {
  const text = m.mail.text ?? '';
  return [...text.matchAll(/https?:\/\/\S+/g)].map((x) => x[0]).filter((u) => u.startsWith(prefix));
}

/** A header of the message as it was sent (unfolded), or undefined. */
export function headerOf(m: Received, name: string): string | undefined {
  const line = m.mail.headerLines.find((l) => l.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
