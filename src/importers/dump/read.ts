/**
 * Reading a site back, a row at a time, from either kind of file `restore` accepts: the JSON site
 * format (exports, PostgreSQL backups) or a SQLite database file (SQLite backups).
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { ImportError } from '../errors.js';
import { decodeValue, FORMAT, VERSION, type DumpHeader } from './format.js';
import { sqliteTables } from './tables.js';

/** A table's start (`row: null`, so empty tables are seen too) or one of its rows. */
export interface DumpEvent {
  table: string;
  row: Record<string, unknown> | null;
}

export interface DumpSource {
  header: DumpHeader;
  events(): AsyncGenerator<DumpEvent>;
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

export async function openDump(file: string): Promise<DumpSource> {
  let magic: string;
  try {
    const fh = await open(file, 'r');
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    await fh.close();
    magic = buf.subarray(0, bytesRead).toString('latin1');
  } catch (err) {
    throw new ImportError('GAZ_ERR_IMPORT_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
  if (magic.startsWith(SQLITE_MAGIC)) return sqliteSource(file);
  if (magic.startsWith(`{"format":"${FORMAT}"`)) return lineSource(file);
  if (magic.trimStart().startsWith('{')) return wholeJsonSource(file);
  throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} is neither a Gazette backup (SQLite) nor a Gazette JSON export`);
}

function checkHeader(h: Partial<DumpHeader>, file: string): DumpHeader {
  if (h.format !== FORMAT || typeof h.version !== 'number') throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} is not in the Gazette site format`);
  if (h.version > VERSION) throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} is format version ${h.version}; this Gazette reads up to ${VERSION}`);
  return { format: FORMAT, version: h.version, created_at: h.created_at ?? '', source: h.source ?? 'sqlite', migrations: h.migrations ?? [] };
}

const decodeRow = (o: Record<string, unknown>) => {
  for (const k in o) o[k] = decodeValue(o[k]);
  return o;
};

/** The layout Gazette writes: header line, `"table":[`, one row a line, `]`. Read line by line. */
async function lineSource(file: string): Promise<DumpSource> {
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    rl.once('line', (l) => (resolve(l), rl.close()));
    rl.once('error', reject);
  });
  const suffix = ',"tables":{';
  if (!first.endsWith(suffix)) return wholeJsonSource(file);
  const header = checkHeader(JSON.parse(first.slice(0, -suffix.length) + '}') as Partial<DumpHeader>, file);
  return {
    header,
    async *events() {
      const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      let table: string | null = null;
      let n = 0;
      for await (const line of rl) {
        n++;
        if (n === 1 || line === '' || line === '}}') continue;
        const start = /^("(?:[^"\\]|\\.)*"):\[$/.exec(line);
        if (start) {
          table = JSON.parse(start[1]) as string;
          yield { table, row: null };
        } else if (line === ']' || line === '],') table = null;
        else if (table !== null) {
          try {
            yield { table, row: decodeRow(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>) };
          } catch (err) {
            throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${(err as Error).message}`, n, 1);
          }
        } else throw new ImportError('GAZ_ERR_RESTORE_FORMAT', 'unexpected line outside a table', n, 1);
      }
    },
    close() {},
  };
}

/** Any other layout of the same JSON (reformatted by hand or a tool): parsed whole. */
async function wholeJsonSource(file: string): Promise<DumpSource> {
  if ((await stat(file)).size > 512 * 1024 * 1024)
    throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} is not laid out one row per line and is too large to read whole`);
  let doc: DumpHeader & { tables: Record<string, Array<Record<string, unknown>>> };
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ImportError('GAZ_ERR_RESTORE_FORMAT', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const header = checkHeader(doc, file);
  return {
    header,
    async *events() {
      for (const [table, rows] of Object.entries(doc.tables ?? {})) {
        yield { table, row: null };
        for (const row of rows) yield { table, row: decodeRow(row) };
      }
    },
    close() {},
  };
}

/** A SQLite backup file, opened read-only. */
function sqliteSource(file: string): DumpSource {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  const migrations = db.prepare('SELECT name FROM gazette_migrations ORDER BY name').pluck().all() as string[];
  return {
    header: { format: FORMAT, version: VERSION, created_at: '', source: 'sqlite', migrations },
    async *events() {
      for (const t of sqliteTables(db)) {
        yield { table: t.name, row: null };
        for (const row of db.prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}"`).iterate() as Iterable<Record<string, unknown>>)
          yield { table: t.name, row };
      }
    },
    close: () => db.close(),
  };
}
