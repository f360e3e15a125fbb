/**
 * Writes the whole site to the JSON site format, from one consistent snapshot taken while the site
 * keeps serving: a read transaction on SQLite (WAL readers see one committed state throughout), a
 * REPEATABLE READ, READ ONLY transaction on PostgreSQL (one snapshot for every table, read through
 * cursors so memory stays flat). pg_dump is not used: its version must match the server's.
 */
import type { Deps } from '../../runtime/deps.js';
import { FileWriter } from '../export/file-writer.js';
import { encodeRow, FORMAT, VERSION, type DumpHeader } from './format.js';
import { pgTables, sqliteTables, type TableInfo } from './tables.js';

export interface DumpOptions {
  /** Include the server secret (backups: yes, so hashes and tokens stay valid; exports: no). */
  includeSecret: boolean;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function dumpSite(deps: Deps, file: string, opts: DumpOptions): Promise<{ tables: number; rows: number }> {
  const out = new FileWriter(file);
  let rows = 0;
  let tables: TableInfo[] = [];
  const header = (migrations: string[]): string => {
    const h: DumpHeader = { format: FORMAT, version: VERSION, created_at: new Date(deps.clock.now()).toISOString(), source: deps.db.dialect, migrations };
    return JSON.stringify(h).slice(0, -1) + ',"tables":{\n';
  };
  const keep = (t: TableInfo, row: Record<string, unknown>) => opts.includeSecret || t.name !== 'settings' || row.key !== '_secret';

  if (deps.db.sqlite) {
    const raw = deps.db.sqlite;
    raw.exec('BEGIN');
    try {
      tables = sqliteTables(raw);
      await out.write(header(raw.prepare('SELECT name FROM gazette_migrations ORDER BY name').pluck().all() as string[]));
      for (const [i, t] of tables.entries()) {
        await out.write(`${JSON.stringify(t.name)}:[\n`);
        let first = true;
        for (const row of raw.prepare(`SELECT ${t.columns.map(q).join(', ')} FROM ${q(t.name)}`).iterate() as Iterable<Record<string, unknown>>) {
          if (!keep(t, row)) continue;
          await out.write((first ? '' : ',\n') + encodeRow(row));
          first = false;
          rows++;
        }
        await out.write((first ? '' : '\n') + (i === tables.length - 1 ? ']\n' : '],\n'));
      }
    } finally {
      raw.exec('COMMIT');
    }
  } else {
    const client = await deps.db.pool!.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      tables = await pgTables(client);
      await out.write(header((await client.query<{ name: string }>('SELECT name FROM gazette_migrations ORDER BY name')).rows.map((r) => r.name)));
      for (const [i, t] of tables.entries()) {
        await out.write(`${JSON.stringify(t.name)}:[\n`);
        let first = true;
        const order = t.columns.includes('id') ? ' ORDER BY "id"' : '';
        await client.query(`DECLARE dump_rows NO SCROLL CURSOR FOR SELECT ${t.columns.map(q).join(', ')} FROM ${q(t.name)}${order}`);
        for (;;) {
          const batch = await client.query<Record<string, unknown>>('FETCH 1000 FROM dump_rows');
          if (!batch.rows.length) break;
          for (const row of batch.rows) {
            if (!keep(t, row)) continue;
            await out.write((first ? '' : ',\n') + encodeRow(row));
            first = false;
            rows++;
          }
        }
        await client.query('CLOSE dump_rows');
        await out.write((first ? '' : '\n') + (i === tables.length - 1 ? ']\n' : '],\n'));
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  await out.write('}}\n');
  await out.close();
  return { tables: tables.length, rows };
}
