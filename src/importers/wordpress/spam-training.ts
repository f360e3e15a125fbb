/**
 * Imported spam trains the learned spam filter (src/comments/spam/), so years of a WordPress
 * site's caught spam teach Gazette's filter from the first day. Training happens inside the
 * import's transaction: a failed import teaches nothing, and a comment already trained as spam
 * (a re-import) is not counted twice.
 *
 * The filter's tables hold counts, so instead of one round of writes per spam comment (what
 * `train()` in spam/store.ts does for a moderator's click) the import adds the counts up in memory
 * and writes them in a few statements — per token, once — whenever enough have gathered.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { tokenize, type SpamDocument } from '../../comments/spam/tokenize.js';

/** Distinct tokens or comments held before the counts are written (a few MB at most). */
const FLUSH_AT = 20_000;
/** Rows per multi-row statement: 500 × 3 parameters. */
const CHUNK = 500;

export interface SpamTrainer {
  /** Counts comment `id` as spam; `before` is what it was trained as until now ('' or 'ham'). */
  add(id: number, doc: SpamDocument, before: '' | 'ham'): Promise<void>;
  /** Writes what has been counted so far. */
  flush(): Promise<void>;
}

export function spamTrainer(trx: Transaction<Database>): SpamTrainer {
  /** token → [spam delta, ham delta] */
  let tokens = new Map<string, [number, number]>();
  let ids: number[] = [];
  let spamDocs = 0;
  let hamDocs = 0;

  async function flush(): Promise<void> {
    const counted = tokens;
    const trained = ids;
    const docs: Array<['spam' | 'ham', number]> = [
      ['spam', spamDocs],
      ['ham', hamDocs],
    ];
    tokens = new Map();
    ids = [];
    spamDocs = hamDocs = 0;
    for (let at = 0; at < trained.length; at += CHUNK) {
      await trx
        .updateTable('comments')
        .set({ trained: 'spam' })
        .where('id', 'in', trained.slice(at, at + CHUNK))
        .execute();
    }
    const rows = [...counted].map(([token, [spam, ham]]) => ({ token, spam, ham }));
    // Only a comment moved from ham takes a count away; a count never goes below zero (as in train()).
    const plus = rows.filter((r) => r.ham >= 0);
    const minus = rows.filter((r) => r.ham < 0);
    for (let at = 0; at < plus.length; at += CHUNK) {
      await trx
        .insertInto('spam_tokens')
        .values(plus.slice(at, at + CHUNK))
        .onConflict((oc) => oc.column('token').doUpdateSet({ spam: sql`spam_tokens.spam + excluded.spam`, ham: sql`spam_tokens.ham + excluded.ham` }))
        .execute();
    }
    for (const r of minus) {
      await trx
        .insertInto('spam_tokens')
        .values({ token: r.token, spam: 0, ham: 0 })
        .onConflict((oc) => oc.column('token').doNothing())
        .execute();
      await trx
        .updateTable('spam_tokens')
        .set({ spam: sql`spam + ${r.spam}`, ham: sql`CASE WHEN ham + ${r.ham} < 0 THEN 0 ELSE ham + ${r.ham} END` })
        .where('token', '=', r.token)
        .execute();
    }
    for (const [cls, n] of docs) {
      if (n === 0) continue;
      await trx
        .insertInto('spam_documents')
        .values({ class: cls, count: 0 })
        .onConflict((oc) => oc.column('class').doNothing())
        .execute();
      await trx
        .updateTable('spam_documents')
        .set({ count: sql`CASE WHEN ${sql.ref('count')} + ${n} < 0 THEN 0 ELSE ${sql.ref('count')} + ${n} END` })
        .where('class', '=', cls)
        .execute();
    }
  }

  return {
    async add(id, doc, before) {
      const ham = before === 'ham' ? -1 : 0;
      for (const token of tokenize(doc)) {
        const c = tokens.get(token);
        if (c) c[0]++, (c[1] += ham);
        else tokens.set(token, [1, ham]);
      }
      ids.push(id);
      spamDocs++;
      hamDocs += ham;
      if (tokens.size >= FLUSH_AT || ids.length >= FLUSH_AT) await flush();
    },
    flush,
  };
}
