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
 * What runs, and in what order, is unchanged; only the messages are fewer. Both merged statements
 * are written with their values as literals (pg's `escapeLiteral`: quotes and backslashes doubled,
 * and `E''` when there is a backslash, whatever `standard_conforming_strings` says). A failure of
 * the held-back statement fails the COMMIT sent with it (the transaction is rolled back and the
 * write fails), as it would have failed the statement. A transaction with no statement sends
 * nothing at all.
 */
import pg from 'pg';
import { statementNames } from './prepared.js';

/** How to write a statement with its values inline, by its SQL text. */
type Inline = (values: readonly unknown[]) => string;

const withBegin = new Map<string, Inline>();
const beforeCommit = new Map<string, Inline>();

/** A value as an SQL literal (text). */
export const literal = (value: string): string => pg.escapeLiteral(value);

/**
 * Registers `text` as a statement that may go out in one message with the BEGIN before it, written
 * by `inline`. Answers `text`.
 */
export function travelsWithBegin(text: string, inline: Inline): string {
  withBegin.set(text, inline);
  return text;
}

/**
 * Registers `text` as a statement whose answer nobody reads, that may wait inside its transaction
 * and go out in one message with the COMMIT after it, written by `inline`. Answers `text`.
 */
export function waitsForCommit(text: string, inline: Inline): string {
  beforeCommit.set(text, inline);
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
    if (plain && begin) {
      const inline = withBegin.get(text);
      if (inline) {
        const b = begin;
        begin = null;
        return send(`${b}; ${inline(values)}`).then(last);
      }
    }
    if (plain && open && !begin && !held) {
      const inline = beforeCommit.get(text);
      if (inline) {
        held = inline(values);
        return answered('SELECT');
      }
    }
    if (!begin && !held) return named(text, rest);
    const callback = rest.find((r) => typeof r === 'function') as ((err: Error) => void) | undefined;
    const sent = flush().then(() => named(text, rest));
    // A callback caller reads no promise: a failed flush reaches it through its callback.
    return callback ? void sent.catch(callback) : sent;
  };
  Object.assign(client, { query });
}
