/**
 * Queries built and compiled once, then run with each call's values.
 *
 * Kysely builds a tree of frozen objects for every query and compiles it to SQL on every run; on
 * the comment path that cost more than SQLite takes to run the queries (measured: the writer's
 * moderation reads and insert were mostly query building). A {@link prepared} query is built once
 * per database (dialect) with placeholders where the values go, compiled, and then only its
 * parameters change. The database keeps it prepared too: SQLite through the statement cache,
 * PostgreSQL as a named statement on each connection (./pg-round-trips.ts).
 *
 * Only for queries whose shape does not depend on the values: a value that changes the SQL (a list
 * for `in`, a null that must read `is null`) cannot be a placeholder. A placeholder the compiled
 * query does not pass as a parameter is an error at the first run, not a wrong query.
 */
import { CompiledQuery, type Compilable, type QueryResult, type RawBuilder } from 'kysely';
import type { Db } from './schema.js';

/** Where the `i`th value goes, in the query built once. */
class Slot {
  constructor(readonly i: number) {}
}

/**
 * The SQL of every prepared query, by the name PostgreSQL knows it by on each connection
 * (./pg-round-trips.ts): parsed once per connection instead of at every run.
 */
export const statementNames = new Map<string, string>();

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A query built by `build` with `arity` placeholder values, compiled once for each database it runs
 * on. The placeholders stand in for values: use them only where a value goes.
 */
export function prepared<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Db, ...values: A) => Compilable<R> | RawBuilder<R>,
): (db: Db, ...values: A) => Promise<R[]> {
  // By dialect adapter: one per Kysely instance, shared by its transactions.
  const compiled = new WeakMap<object, Compiled>();
  return async (db, ...values) => {
    const adapter = db.getExecutor().adapter;
    let c = compiled.get(adapter);
    if (!c) {
      const slots = Array.from({ length: arity }, (_, i) => new Slot(i)) as unknown as A;
      const built = build(db, ...slots);
      // A query builder compiles itself; an `sql` template with the database's help.
      const q = 'isRawBuilder' in built ? built.compile(db) : built.compile();
      const used = new Set(q.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.i));
      if (used.size !== arity) throw new Error(`a prepared query does not pass every value as a parameter: ${q.sql}`);
      c = { sql: q.sql, parameters: q.parameters };
      if (!statementNames.has(q.sql)) statementNames.set(q.sql, `gazette_${statementNames.size + 1}`);
      compiled.set(adapter, c);
    }
    const parameters = c.parameters.map((p) => (p instanceof Slot ? values[p.i] : p));
    const result: QueryResult<R> = await db.executeQuery(CompiledQuery.raw(c.sql, parameters) as CompiledQuery<R>);
    return result.rows;
  };
}
