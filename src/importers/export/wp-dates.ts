/**
 * The date shapes WordPress writes in WXR.
 */
import { localParts } from '../../content/dates.js';

const pad = (n: number) => (n < 10 ? '0' + n : String(n));

/** `YYYY-MM-DD HH:MM:SS` in UTC (WordPress's `*_gmt` fields). */
export function wpGmt(ms: number | null): string {
  if (ms === null) return '0000-00-00 00:00:00';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DD HH:MM:SS` in the site's time zone (WordPress's local fields). */
export function wpLocal(ms: number | null, tz: string): string {
  if (ms === null) return '0000-00-00 00:00:00';
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** RFC 2822, as RSS's pubDate. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
