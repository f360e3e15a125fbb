/**
 * The editor's date and time fields, in the site's time zone: `<input type="datetime-local">`
 * sends `2025-05-18T09:30`, which means 9:30 where the newsroom is, not where the server is.
 */
import { localParts, zonedTimeToUtc } from '../../content/dates.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM` of instant `ms` in `tz`, for a datetime-local input (minutes: nobody schedules a second). */
export function toLocalInput(ms: number | null, tz: string): string {
  if (ms === null) return '';
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant a `YYYY-MM-DDTHH:MM[:SS]` (or with a space for the T) means in `tz`;
 * null for an empty value, undefined for one that is not a date.
 */
export function parseLocalInput(value: string, tz: string): number | null | undefined {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(v);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return undefined;
  return zonedTimeToUtc(year, month, day, hour, minute, tz) + second * 1000;
}
