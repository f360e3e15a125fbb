/**
 * Starting mail delivery in a server process: the outbox worker over the configured transport.
 */
import type { Deps } from '../runtime/deps.js';
import { createMailTransport } from './transport.js';
import { MailWorker } from './worker.js';

/** Starts delivering the outbox (SMTP_URL, or the log without it); `stop()` on shutdown. */
export function startMailDelivery(deps: Deps): { stop(): Promise<void> } {
  const worker = new MailWorker(deps, createMailTransport(deps.config.smtpUrl)).start();
  return {
    async stop() {
      // A send in flight gets a moment to finish; if it is cut off, its claim expires and the
      // message is sent again later (at least once, never lost).
      await Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 3000).unref())]);
    },
  };
}
