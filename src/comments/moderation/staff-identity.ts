/**
 * A reader's comment that wears a staff member's name or email address waits for a moderator,
 * whatever the other phases say: staff speak from the newsroom (their replies are marked there),
 * and nobody may pass as them by typing what anyone can type. Held, never refused: a refusal would
 * confirm that an address belongs to the staff.
 */
import { sql } from 'kysely';
import type { Phase } from './context.js';
import { prepared } from '../../db/prepared.js';

const staffNamed = prepared(2, (db, email: string, name: string) =>
  db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', email), eb(sql<string>`lower(name)`, '=', name)]))
    .limit(1),
);

/** A name or an email as staff ones are compared: trimmed, spaces folded, lower case. */
export const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

const HELD = { status: 'pending', reason: 'uses the name or email of a staff member' } as const;

export const staffIdentity: Phase = {
  name: 'staff-identity',
  async run(ctx) {
    if (ctx.batch) return ctx.batch.stored.staff ? HELD : undefined;
    const email = norm(ctx.input.email);
    const name = norm(ctx.input.author);
    const [staff] = await staffNamed(ctx.trx, email || '\0', name || '\0');
    return staff ? HELD : undefined;
  },
};
