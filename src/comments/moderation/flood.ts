/**
 * One comment per `comments.flood_seconds` (0: off) from one IP address or one email address:
 * 429 with Retry-After. Counted in the comments table itself, inside the write transaction that
 * holds the commenter's lock (../lock.ts), so the limit holds across workers and nodes.
 */
import { commentError } from '../errors.js';
import type { ModerationContext, Phase } from './context.js';
import { prepared } from '../../db/prepared.js';

const latestBy = (column: 'ip_hash' | 'email') =>
  prepared(2, (db, value: string, since: number) =>
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where(column, '=', value)
      .where('created_at', '>', since),
  );
const LATEST = { ip_hash: latestBy('ip_hash'), email: latestBy('email') };

async function latest(ctx: ModerationContext, column: 'ip_hash' | 'email', value: string, since: number): Promise<number | null> {
  const [row] = await LATEST[column](ctx.trx, value, since);
  return row?.at == null ? null : Number(row.at);
}

export const flood: Phase = {
  name: 'flood',
  async run(ctx) {
    const seconds = ctx.settings['comments.flood_seconds'];
    if (!seconds) return undefined;
    const since = ctx.now - seconds * 1000;
    const [byIp, byEmail] = ctx.batch
      ? [ctx.batch.stored.lastByIp, ctx.batch.stored.lastByEmail]
      : await Promise.all([latest(ctx, 'ip_hash', ctx.request.ipHash, since), latest(ctx, 'email', ctx.input.email, since)]);
    let last = Math.max(byIp ?? -Infinity, byEmail ?? -Infinity);
    // The batch's own earlier comments count as stored ones (./batch-facts.ts).
    for (const e of ctx.batch?.earlier ?? [])
      if ((e.ipHash === ctx.request.ipHash || e.email === ctx.input.email) && e.createdAt > since) last = Math.max(last, e.createdAt);
    if (last === -Infinity) return undefined;
    const retryAfter = Math.max(1, Math.ceil((last + seconds * 1000 - ctx.now) / 1000));
    throw commentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter });
  },
};
