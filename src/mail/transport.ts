/**
 * The one place mail leaves the system: nodemailer over SMTP_URL. Without SMTP_URL there is no
 * transport and the worker records messages as `logged` (written to the log) instead.
 */
import nodemailer from 'nodemailer';

/** A message as the worker hands it over, with its sender already chosen. */
export interface Envelope {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Sends one message or throws; `permanent` on the error marks a refusal not worth retrying. */
export interface MailTransport {
  send(mail: Envelope): Promise<void>;
  close(): void;
}

/** An SMTP answer in the 5xx range: the server refused for good (unknown mailbox, policy). */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * A transport for `smtpUrl` (`smtp://user:pass@host:587`, `smtps://…:465`), or null without one.
 * Timeouts are short so that a dead server fails one attempt quickly instead of holding the worker;
 * they must stay well under the worker's claim lease (see worker.ts).
 */
export function createMailTransport(smtpUrl: string | undefined): MailTransport | null {
  if (!smtpUrl) return null;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html || undefined,
        headers: mail.headers,
      });
    },
    close() {
      transporter.close();
    },
  };
}
