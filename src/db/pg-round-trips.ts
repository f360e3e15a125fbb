/**
 * Fewer waits for PostgreSQL: what a pool connection sends, reshaped without changing what runs.
 *
 * - **Named statements.** The queries of ./prepared.ts run as named statements: PostgreSQL parses
 *   each once per connection, not at every run (Kysely sends every query unnamed).
 * - **A transaction's first and last statements travel with its BEGIN and COMMIT.** Kysely sends
 *   `start transaction` and `commit` each as a round trip of its own. The BEGIN is held back here
 *   until the transaction's first statement: one that {@link travelsWithBegin} registered goes out
 *   with it in one simple query, any other after it as before. A `SET LOCAL` of a plain value
 *   waits with the BEGIN (it answers nothing). A statement registered by
 *   {@link waitsForCommit} whose answer nobody reads (the invalidation's `pg_notify`) is held back
 *   until the COMMIT and goes out with it. A comment batch's six statements (BEGIN, its locks, its
 *   read, its insert, its notification, COMMIT) then take four round trips, not six.
 *
 * What runs, and in what order, is unchanged; only the messages are fewer. A merged statement is
 * its own text with each `$n` written as a literal ({@link inline}: pg's `escapeLiteral`, quotes and
 * backslashes doubled and `E''` when there is a backslash, whatever `standard_conforming_strings`
 * says; a list as `ARRAY[…]`, which the text's own cast types). A failure of
 * the held-back statement fails the COMMIT sent with it (the transaction is rolled back and the
 * write fails), as it would have failed the statement. A transaction with no statement sends
 * nothing at all.
 */
import pg from 'pg';
import { statementNames } from './prepared.js';

/** Registered statements' SQL texts: our own constants, with no quote or comment of their own. */
const withBegin = new Set<string>();
const beforeCommit = new Set<string>();

/** A value as SQL: text quoted, a list as an array of them (typed by the statement's own cast). */
function literal(value: unknown): string {
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  throw new TypeError(`a merged statement takes text or lists of text, not ${typeof value}`);
}

/** `text` with each `$n` written as the literal of `values[n - 1]`. */
function inline(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]));
}

/** Registers `text` as a statement that may go out in one message with the BEGIN before it. Answers `text`. */
export function travelsWithBegin(text: string): string {
  withBegin.add(text);
  return text;
}

/**
 * Registers `text` as a statement whose answer nobody reads, that may wait inside its transaction
 * and go out in one message with the COMMIT after it. Answers `text`.
 */
export function waitsForCommit(text: string): string {
  beforeCommit.add(text);
  return text;
}

/** What Kysely reads of an answer: as PostgreSQL answers a statement that returns no rows. */
const answered = (command: string) => Promise.resolve({ command, rowCount: null, rows: [] });
/** A simple query of several statements answers each: Kysely wants the last (the COMMIT's tag). */
const last = (r: unknown) => (Array.isArray(r) ? r[r.length - 1] : r);
const BEGIN = /^start transaction\b/i;
const SET_LOCAL = /^SET LOCAL [a-z_]+ = [a-z_]+$/i;

/** Reshapes what `client` sends (see the file comment). */
export function fewerRoundTrips(client: pg.PoolClient): void {
  const send = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const named = (text: unknown, rest: unknown[]) => {
    const name = typeof text === 'string' && Array.isArray(rest[0]) ? statementNames.get(text) : undefined;
    return name ? send({ name, text, values: rest[0] }, ...rest.slice(1)) : send(text, ...rest);
  };
  /** In a transaction begun here; the BEGIN held back (nothing sent yet); the statement held back. */
  let open = false;
  let begin: string | null = null;
  let held: string | null = null;
  /** Sends what is held back, in order, before any other statement. */
  const flush = async () => {
    const [b, h] = [begin, held];
    begin = held = null;
    if (b) await send(b);
    if (h) await send(h);
  };
  const query = (text: unknown, ...rest: unknown[]): unknown => {
    const values = rest[0] ?? [];
    // Kysely's calls: (text, values). Anything else (a callback, a query object) goes as it came.
    const plain = typeof text === 'string' && rest.length <= 1 && Array.isArray(values);
    if (plain && !open && BEGIN.test(text) && values.length === 0) {
      open = true;
      begin = text;
      return answered('BEGIN');
    }
    if (plain && open && (text === 'commit' || text === 'rollback')) {
      open = false;
      const [b, h] = [begin, held];
      begin = held = null;
      if (b) return answered(text.toUpperCase());
      if (h && text === 'commit') return send(`${h}; commit`).then(last);
      return send(text);
    }
    if (plain && begin && values.length === 0 && SET_LOCAL.test(text)) {
      // A setting of the transaction's own: no answer to read, so it waits with the BEGIN.
      begin = `${begin}; ${text}`;
      return answered('SET');
    }
    if (plain && begin && withBegin.has(text)) {
      const b = begin;
      begin = null;
      return send(`${b}; ${inline(text, values)}`).then(last);
    }
    if (plain && open && !begin && !held && beforeCommit.has(text)) {
      held = inline(text, values);
      return answered('SELECT');
    }
    if (!begin && !held) return named(text, rest);
    const callback = rest.find((r) => typeof r === 'function') as ((err: Error) => void) | undefined;
    const sent = flush().then(() => named(text, rest));
    // A callback caller reads no promise: a failed flush reaches it through its callback.
    return callback ? void sent.catch(callback) : sent;
  };
  Object.assign(client, { query });
}
