/**
 * The database seam on PostgreSQL, through a proxy that cuts every connection: a query in flight
 * on a checked-out connection, and idle pooled ones, fail as "unavailable" without an unhandled
 * 'error' event (which would end this very process, and so this test); then the pool connects
 * again by itself.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connect, isDatabaseUnavailable, type Connection } from '../src/db/connect.js';
import { DIALECTS, freshDatabase } from './helpers/server.js';
import { startOutageProxy, throughProxy, type OutageProxy } from './helpers/outage-proxy.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

describe('a broken PostgreSQL connection', { skip: postgres.skip }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: OutageProxy;
  let db: Connection;
  const errors: string[] = [];

  before(async () => {
    database = await freshDatabase('postgres');
    const real = new URL(database.databaseUrl);
    proxy = await startOutageProxy({ host: real.hostname, port: Number(real.port || 5432) });
    db = connect(throughProxy(database.databaseUrl, proxy), { onConnectionError: (source) => errors.push(source) });
  });

  after(async () => {
    await db?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('fails the query in flight and the idle connections as unavailable, then reconnects', async () => {
    // Several idle connections in the pool, and one busy inside a transaction.
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(db.kysely)));
    const inFlight = db.kysely.transaction().execute((trx) => sql`SELECT pg_sleep(30)`.execute(trx));
    await new Promise((r) => setTimeout(r, 300));

    await proxy.cut();
    const err = await inFlight.then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err, 'the query in flight failed');
    assert.ok(isDatabaseUnavailable(err), `the error says the database is unavailable: ${String(err)}`);
    assert.ok(errors.length > 0, 'the broken connections were reported');

    const refused = await sql`SELECT 1`.execute(db.kysely).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(isDatabaseUnavailable(refused), 'a new query while the database is away: unavailable');
    assert.equal(db.availability.up, false);

    await proxy.restore();
    let answer: unknown;
    for (let i = 0; i < 600 && answer === undefined; i++) {
      answer = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely).then(
        (r) => r.rows[0].one,
        () => undefined,
      );
      if (answer === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(answer, 1);
    assert.equal(db.availability.up, true);
  });
});
