/**
 * The Gazette JSON site format (docs/export-format.md): one JSON document, laid out one row per
 * line so it can be written and read back a row at a time, whatever the site's size.
 *
 *   {"format":"gazette-site","version":1,…,"tables":{
 *   "users":[
 *   {"id":1,"email":"…",…},
 *   {"id":2,…}
 *   ],
 *   …
 *   }}
 */

export const FORMAT = 'gazette-site';
export const VERSION = 1;

export interface DumpHeader {
  format: typeof FORMAT;
  version: number;
  /** ISO 8601, when the snapshot was taken. */
  created_at: string;
  /** The dialect it was taken from (informative: rows are the same on both). */
  source: 'sqlite' | 'postgres';
  /** Schema migrations applied in the source; a restore needs each of them. */
  migrations: string[];
}

/** Row values as JSON: binary columns (none in the core schema) as `{"$base64": "…"}`. */
export function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $base64: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

export function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && '$base64' in v) return Buffer.from(String((v as { $base64: string }).$base64), 'base64');
  return v;
}

export function encodeRow(row: Record<string, unknown>): string {
  const o: Record<string, unknown> = {};
  for (const k in row) o[k] = encodeValue(row[k]);
  return JSON.stringify(o);
}
