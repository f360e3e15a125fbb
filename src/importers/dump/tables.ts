/**
 * Which tables make up a site, found by asking the database itself, so a table another feature
 * adds in its own migration is exported, backed up and restored without anyone listing it here.
 * Tables come in an order where every foreign key points at a table already written.
 */
import type SQLite from 'better-sqlite3';
import type pg from 'pg';

export interface TableInfo {
  name: string;
  /** Stored columns (generated ones, like PostgreSQL's `search`, are left to the database). */
  columns: string[];
  /** Foreign keys: column → table. */
  refs: Array<{ column: string; table: string }>;
}

/**
 * Bookkeeping, not content: migration state, page-cache invalidations, comment counts and the
 * search index (kept by triggers as the comments and articles come in), rate-limit counts.
 */
const NOT_CONTENT = new Set([
  'gazette_migrations',
  'gazette_migrations_lock',
  'invalidations',
  'comment_counts',
  'search_docs',
  'search_titles',
  'search_meta',
  'rate_limits',
]);

export function sqliteTables(db: SQLite.Database): TableInfo[] {
  const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{
    name: string;
    sql: string | null;
  }>;
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  // Full-text indexes and their shadow tables are rebuilt by triggers as rows come in.
  const tables = all.filter((t) => !NOT_CONTENT.has(t.name) && !virtual.some((v) => t.name === v || t.name.startsWith(v + '_')));
  return ordered(
    tables.map(({ name }) => ({
      name,
      columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string }>).map((c) => c.name),
      refs: (db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Array<{ from: string; table: string }>).map((f) => ({ column: f.from, table: f.table })),
    })),
  );
}

export async function pgTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const cols = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const fks = await client.query<{ tbl: string; col: string; ref: string }>(
    `SELECT cl.relname AS tbl, a.attname AS col, rf.relname AS ref
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_class rf ON rf.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`,
  );
  const byName = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    if (NOT_CONTENT.has(r.table_name)) continue;
    let t = byName.get(r.table_name);
    if (!t) byName.set(r.table_name, (t = { name: r.table_name, columns: [], refs: [] }));
    t.columns.push(r.column_name);
  }
  for (const f of fks.rows) byName.get(f.tbl)?.refs.push({ column: f.col, table: f.ref });
  return ordered([...byName.values()]);
}

/** Orders tables so each comes after the tables it references (self-references aside). */
export function ordered(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: TableInfo) => {
    if (state.get(t.name)) return; // done, or a cycle: break it here
    state.set(t.name, 'visiting');
    for (const r of t.refs) {
      const target = byName.get(r.table);
      if (target && target !== t) visit(target);
    }
    state.set(t.name, 'done');
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}
