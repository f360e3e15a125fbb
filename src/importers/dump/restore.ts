/**
 * `gazette restore FILE` and `gazette import json FILE`: a backup or JSON export read into an empty
 * site, in one transaction (all or nothing), ids kept, so every link and reference stays as it was.
 *
 * A site that already has content is refused: restoring over it would mix two sites.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { ImportError } from '../errors.js';
import { openDump } from './read.js';
import { pgTables, sqliteTables, type TableInfo } from './tables.js';

const CONTENT_TABLES = ['users', 'articles', 'comments', 'sections', 'tags', 'media'] as const;

/** Throws GAZ_ERR_RESTORE_NOT_EMPTY unless the site has no content (its own secret aside). */
export async function assertEmptySite(deps: Deps): Promise<void> {
  const found: string[] = [];
  for (const t of CONTENT_TABLES) {
    const n = Number(
      (
        await deps.kysely
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (n) found.push(`${n} ${t}`);
  }
  const settings = await deps.kysely.selectFrom('settings').select('key').where('key', '!=', '_secret').execute();
  if (settings.length) found.push(`${settings.length} settings`);
  if (found.length) {
    throw new ImportError(
      'GAZ_ERR_RESTORE_NOT_EMPTY',
      `the site already has content (${found.join(', ')}); restore into an empty data directory or an empty database`,
    );
  }
}

async function targetTables(deps: Deps): Promise<TableInfo[]> {
  if (deps.db.sqlite) return sqliteTables(deps.db.sqlite);
  const client = await deps.db.pool!.connect();
  try {
    return await pgTables(client);
  } finally {
    client.release();
  }
}

export async function restoreSite(deps: Deps, file: string): Promise<{ tables: number; rows: number }> {
  const source = await openDump(file);
  try {
    const applied = new Set((await sql<{ name: string }>`SELECT name FROM gazette_migrations`.execute(deps.kysely)).rows.map((r) => r.name));
    const unknown = source.header.migrations.filter((m) => !applied.has(m));
    if (unknown.length) throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} comes from a newer Gazette (migrations ${unknown.join(', ')}); upgrade first`);
    await assertEmptySite(deps);
    const tables = new Map((await targetTables(deps)).map((t) => [t.name, t]));
    let rows = 0;
    const seen = new Set<string>();
    await deps.write(async (trx, stale) => {
      // A fresh site holds only its own secret (and whatever migrations seed): the backup's replace them.
      for (const t of [...tables.values()].reverse()) await trx.deleteFrom(t.name as never).execute();
      const deferred: Array<[string, string, unknown, unknown]> = [];
      let batch: Array<Record<string, unknown>> = [];
      let current: TableInfo | undefined;
      const flush = async () => {
        if (current && batch.length)
          await trx
            .insertInto(current.name as never)
            .values(batch as never)
            .execute();
        batch = [];
      };
      for await (const ev of source.events()) {
        if (ev.row === null) {
          await flush();
          current = tables.get(ev.table);
          if (current) seen.add(current.name);
          continue;
        }
        if (!current || current.name !== ev.table) continue;
        const row: Record<string, unknown> = {};
        for (const c of current.columns) if (c in ev.row) row[c] = ev.row[c];
        // Self-references (a reply's parent, a section's parent) are set once every row is in.
        for (const r of current.refs) {
          if (r.table === current.name && row[r.column] != null && 'id' in row) {
            deferred.push([current.name, r.column, row.id, row[r.column]]);
            row[r.column] = null;
          }
        }
        batch.push(row);
        rows++;
        if (batch.length >= Math.max(1, Math.min(500, Math.floor(30000 / current.columns.length)))) await flush();
      }
      await flush();
      for (const [table, column, id, value] of deferred) {
        await trx
          .updateTable(table as never)
          .set({ [column]: value } as never)
          .where('id' as never, '=', id as never)
          .execute();
      }
      if (deps.db.dialect === 'postgres') await resetSequences(trx, [...tables.values()]);
      stale('*');
    });
    return { tables: seen.size, rows };
  } finally {
    source.close();
  }
}

/** PostgreSQL's serial counters continue after the restored ids, not from 1. */
async function resetSequences(trx: Transaction<Database>, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    if (!t.columns.includes('id')) continue;
    const name = `"${t.name.replace(/"/g, '""')}"`;
    // Only serial ids have a sequence (a text id, e.g. a session token, has none).
    const seq = (await sql<{ s: string | null }>`SELECT pg_get_serial_sequence(${name}, 'id') AS s`.execute(trx)).rows[0]?.s;
    if (!seq) continue;
    await sql`SELECT setval(${seq}, coalesce(max(id), 0) + 1, false) FROM ${sql.raw(name)}`.execute(trx);
  }
}
