/**
 * XML text for the WXR writer: escaping, CDATA sections that survive any content, and the
 * date shapes WordPress writes.
 */
import { localParts } from '../../content/dates.js';

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text escaped for an element or attribute. */
export function esc(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A CDATA section holding `s` exactly. `]]>` cannot appear inside one, so it is split across two
 * sections (`]]]]><![CDATA[>`), which every XML reader joins back into the same text.
 */
export function cdata(s: string): string {
  return '<![CDATA[' + s.replace(INVALID, '').replace(/]]>/g, ']]]]><![CDATA[>') + ']]>';
}

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
