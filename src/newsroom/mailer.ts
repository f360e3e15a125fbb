/**
 * The one place the newsroom sends mail from: messages go into the durable outbox (src/mail/) in
 * the caller's transaction and the mail worker delivers them, so a reset link exists exactly when
 * its token was committed.
 */
import type { Db } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import { escapeHtml } from '../kernel/jsx.js';

export interface NewsroomMail {
  to: string;
  subject: string;
  /** Plain-text paragraphs; the HTML part is made from them, escaped. */
  paragraphs: string[];
  /** An action link shown on its own line. */
  link?: { href: string; label: string };
  kind: 'password-reset' | 'invitation' | 'test';
  ref: string;
}

/** Queues a short newsroom message (reset link, invitation, test) in the caller's transaction. */
export async function queueNewsroomMail(db: Db, mail: NewsroomMail, now: number): Promise<number> {
  const text = [...mail.paragraphs, ...(mail.link ? [mail.link.href] : [])].join('\n\n') + '\n';
  const html =
    mail.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') +
    (mail.link ? `\n<p><a href="${escapeHtml(mail.link.href)}">${escapeHtml(mail.link.label)}</a></p>` : '');
  return enqueueMail(db, { to: mail.to, subject: mail.subject, text, html, kind: mail.kind, ref: mail.ref }, now);
}
