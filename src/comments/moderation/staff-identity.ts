/**
 * A reader's comment that wears a staff member's name or email address waits for a moderator,
 * whatever the other phases say: staff speak from the newsroom (their replies are marked there),
 * and nobody may pass as them by typing what anyone can type. Held, never refused: a refusal would
 * confirm that an address belongs to the staff.
 */
import { sql } from 'kysely';
import type { Phase } from './context.js';

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export const staffIdentity: Phase = {
  name: 'staff-identity',
  async run(ctx) {
    const email = norm(ctx.input.email);
    const name = norm(ctx.input.author);
    const staff = await ctx.trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', email || '\0'), eb(sql<string>`lower(name)`, '=', name || '\0')]))
      .limit(1)
      .executeTakeFirst();
    return staff ? { status: 'pending', reason: 'uses the name or email of a staff member' } : undefined;
  },
};
