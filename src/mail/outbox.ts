/**
 * The durable outbox. A message is a row written in the same transaction as the event that causes
 * it (a held comment, an approved reply), so it exists exactly when its cause committed; the
 * delivery worker (worker.ts) sends it later. Nothing sends mail inline in a request.
 */
import type { Db } from '../db/schema.js';

/** A message to queue. `html` and `text` come from templates.tsx, escaped by construction. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe…). */
  headers?: Record<string, string>;
  /** What the message is: `moderation`, `confirm`, `reply`. */
  kind: string;
  /** What it is about (`comment:12`, `subscription:3`), for de-duplication and erasure. */
  ref: string;
}

/** Queues `mail` in the caller's transaction; returns the outbox id. */
export async function enqueueMail(db: Db, mail: OutgoingMail, now: number): Promise<number> {
  const { id } = await db
    .insertInto('outbox')
    .values({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: JSON.stringify(mail.headers ?? {}),
      kind: mail.kind,
      ref: mail.ref,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Whether a message of `kind` about `ref` was already queued (or sent): notifications go once. */
export async function alreadyQueued(db: Db, kind: string, ref: string, to?: string): Promise<boolean> {
  let q = db.selectFrom('outbox').select('id').where('ref', '=', ref).where('kind', '=', kind);
  if (to !== undefined) q = q.where('to', '=', to);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
