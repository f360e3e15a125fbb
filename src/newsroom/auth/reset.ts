/**
 * Password reset and invitations: issuing the one-time link and queueing the message in the same
 * transaction, so a link is mailed exactly when its token exists.
 */
import type { Transaction } from 'kysely';
import type { Database, User } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { queueNewsroomMail } from '../mailer.js';
import { issueToken, issuedSince } from './tokens.js';

/** The page a one-time link opens. */
export function passwordLink(deps: Deps, token: string): string {
  return `${deps.config.publicUrl}/admin/password/set?token=${token}`;
}

/** At most one reset message per account in this window, against mail-bombing someone. */
const RESET_QUIET_MS = 2 * 60 * 1000;

/** Issues a reset link for `user` and queues it; false when one was sent moments ago. */
export async function sendResetLink(deps: Deps, trx: Transaction<Database>, user: User): Promise<boolean> {
  const now = deps.clock.now();
  if (await issuedSince(trx, user.id, 'reset', now - RESET_QUIET_MS)) return false;
  const token = await issueToken(trx, user.id, 'reset', now);
  const site = (await deps.settings.all())['site.title'];
  await queueNewsroomMail(
    trx,
    {
      to: user.email,
      subject: `Reset your ${site} newsroom password`,
      paragraphs: [
        `Someone (we hope you) asked to reset the password of ${user.email} in the ${site} newsroom.`,
        'The link below works once, within an hour. If you did not ask, ignore this message: your password stays as it is.',
      ],
      link: { href: passwordLink(deps, token), label: 'Choose a new password' },
      kind: 'password-reset',
      ref: `user:${user.id}`,
    },
    now,
  );
  return true;
}

/** Issues an invitation link for the (password-less) account `user` and queues it. */
export async function sendInvitation(deps: Deps, trx: Transaction<Database>, user: User, inviter: User): Promise<string> {
  const now = deps.clock.now();
  const token = await issueToken(trx, user.id, 'invite', now);
  const site = (await deps.settings.all())['site.title'];
  const link = passwordLink(deps, token);
  await queueNewsroomMail(
    trx,
    {
      to: user.email,
      subject: `You are invited to the ${site} newsroom`,
      paragraphs: [
        `${inviter.name} has invited you to the ${site} newsroom as ${user.role === 'administrator' || user.role === 'author' || user.role === 'editor' ? 'an' : 'a'} ${user.role}.`,
        'Choose your password with the link below; it works once, within a week.',
      ],
      link: { href: link, label: 'Accept the invitation' },
      kind: 'invitation',
      ref: `user:${user.id}`,
    },
    now,
  );
  return link;
}
