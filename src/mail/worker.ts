/**
 * The delivery worker: one in every server process, sending what the outbox holds.
 *
 * How it wakes: it polls every second (an indexed look-up of due rows, microseconds on SQLite), so
 * a message goes out about a second after the transaction that queued it commits, in whichever
 * process polls first. Polling rather than a post-commit signal also picks up mail queued by the
 * CLI or another node, and needs nothing beyond the database.
 *
 * Why a message is sent once: before sending, a process claims the row with
 * `UPDATE outbox SET status = 'sending' … WHERE id = ? AND status = 'queued'`. On SQLite writes are
 * serialised; on PostgreSQL a second, concurrent UPDATE waits for the first and then re-checks its
 * WHERE against the committed row, finding `sending`. Either way exactly one process sees one
 * updated row, and only that one sends.
 *
 * A crash mid-send leaves a row `sending`; its `next_attempt_at` is the claim's expiry (LEASE_MS),
 * after which any worker puts it back in the queue. The SMTP timeouts (transport.ts) are far
 * shorter than the lease, so a live sender never loses its claim.
 *
 * Failures retry with exponential backoff: 2 s, 4 s, 8 s … capped at an hour, up to MAX_ATTEMPTS
 * (about ten hours in all); an SMTP 5xx refusal fails at once.
 */
import { sql } from 'kysely';
import type { Deps } from '../runtime/deps.js';
import { isPermanentFailure, type MailTransport } from './transport.js';

export const POLL_MS = 1000;
export const LEASE_MS = 5 * 60 * 1000;
export const MAX_ATTEMPTS = 20;
const BATCH = 20;

/** Delay before attempt `attempts + 1`, after `attempts` failures (≥ 1). */
export function backoffMs(attempts: number): number {
  const base = 2000 * 2 ** Math.min(Math.max(attempts - 1, 0), 20);
  return Math.min(base, 60 * 60 * 1000);
}

export interface MailWorkerOptions {
  pollMs?: number;
}

/** Sends queued mail until stopped. Start with {@link MailWorker.start}; `stop()` waits for a send in flight. */
export class MailWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly deps: Pick<Deps, 'kysely' | 'settings' | 'log' | 'clock'>,
    private readonly transport: MailTransport | null,
    private readonly opts: MailWorkerOptions = {},
  ) {}

  start(): this {
    this.schedule();
    return this;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((err) => this.deps.log.warn({ err }, 'mail worker: poll failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.opts.pollMs ?? POLL_MS);
    this.timer.unref();
  }

  /** One round: release expired claims, then claim and deliver what is due. Returns how many it handled. */
  async tick(): Promise<number> {
    const db = this.deps.kysely;
    const now = this.deps.clock.now();
    // Read first: an UPDATE would take SQLite's write lock every second even with nothing to do.
    const abandoned = await db.selectFrom('outbox').select('id').where('status', '=', 'sending').where('next_attempt_at', '<', now).limit(1).execute();
    if (abandoned.length) await db.updateTable('outbox').set({ status: 'queued' }).where('status', '=', 'sending').where('next_attempt_at', '<', now).execute();
    const due = await db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    let handled = 0;
    for (const { id } of due) {
      if (this.stopped) break;
      if (await this.deliver(id)) handled++;
    }
    return handled;
  }

  /** Claims message `id` and sends (or logs) it; false when another process claimed it first. */
  private async deliver(id: number): Promise<boolean> {
    const db = this.deps.kysely;
    const now = this.deps.clock.now();
    const claim = await db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: sql<number>`attempts + 1`, next_attempt_at: now + LEASE_MS })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return false;
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    if (!this.transport) {
      // The text goes to the log with its links' signatures and tokens hidden (kernel/log.ts): the
      // message itself stays in the outbox table for whoever runs the site.
      this.deps.log.info({ outbox: id, to: row.to, subject: row.subject, text: row.text }, 'mail (no SMTP_URL): kept in the outbox, not sent');
      await db.updateTable('outbox').set({ status: 'logged', sent_at: this.deps.clock.now() }).where('id', '=', id).execute();
      return true;
    }
    const settings = await this.deps.settings.all();
    try {
      await this.transport.send({
        from: { name: settings['mail.from_name'], address: settings['mail.from_address'] },
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
        headers: JSON.parse(row.headers) as Record<string, string>,
      });
      await db.updateTable('outbox').set({ status: 'sent', sent_at: this.deps.clock.now(), last_error: '' }).where('id', '=', id).execute();
    } catch (err) {
      const giveUp = isPermanentFailure(err) || row.attempts >= MAX_ATTEMPTS;
      const message = String((err as Error).message ?? err).slice(0, 500);
      this.deps.log.warn({ outbox: id, attempts: row.attempts, err: message }, giveUp ? 'mail failed for good' : 'mail failed; will retry');
      await db
        .updateTable('outbox')
        .set({ status: giveUp ? 'failed' : 'queued', next_attempt_at: this.deps.clock.now() + backoffMs(row.attempts), last_error: message })
        .where('id', '=', id)
        .execute();
    }
    return true;
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport?.close();
  }
}
