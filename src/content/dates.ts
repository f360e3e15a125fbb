/**
 * Dates in the site's time zone, formatted with PHP date() letters as WordPress users know them
 * (`D. M jS, Y` → "Sat. May 18th, 2024").
 */

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    partsFormatters.set(tz, f);
  }
  return f;
}

/** A zone's offset at the start and the end of each UTC day it has been asked about. */
const dayOffsets = new Map<string, number>();
const DAY = 86_400_000;

/** The zone's offset from UTC in minutes at `ms`, asking Intl directly (slow: tens of µs). */
function intlOffset(ms: number, tz: string): number {
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(ms)) p[part.type] = part.value;
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * The zone's offset at `ms`. A zone changes its offset at most once a day, so when the offset is
 * the same at both ends of the UTC day it holds all day: one Intl call per zone-day, not per date.
 */
function offsetMinutes(ms: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const day = Math.floor(ms / DAY);
  const key = tz + '@' + day;
  let off = dayOffsets.get(key);
  if (off === undefined) {
    const start = intlOffset(day * DAY, tz);
    off = start === intlOffset(day * DAY + DAY - 1, tz) ? start : NaN;
    // Bounded: forgetting only costs a recompute.
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, off);
  }
  return Number.isNaN(off) ? intlOffset(ms, tz) : off;
}

/** The wall-clock parts of instant `ms` in time zone `tz`. */
export function localParts(ms: number, tz: string): LocalParts {
  const offset = offsetMinutes(ms, tz);
  const d = new Date(ms + offset * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    offsetMinutes: offset,
  };
}

/** The instant at which wall-clock `y-m-d h:mi` happens in `tz` (first occurrence). */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let ms = guess - localParts(guess, tz).offsetMinutes * 60000;
  // One correction step covers a DST change between the guess and the answer.
  ms = guess - localParts(ms, tz).offsetMinutes * 60000;
  return ms;
}

/** The next local midnight after `ms` in `tz`, as an instant. */
export function nextMidnight(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return zonedTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz);
}

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Formats `ms` in `tz` with PHP date() letters: d D j l N S w F m M n Y y a A g G h H i s T/e/O/P c r U.
 * A backslash escapes the next letter.
 * @example formatDate(Date.UTC(2024, 4, 18), 'UTC', 'D. M jS, Y') // "Sat. May 18th, 2024"
 */
export function formatDate(ms: number, tz: string, format: string): string {
  const p = localParts(ms, tz);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\') {
      out += format[++i] ?? '';
      continue;
    }
    const h12 = p.hour % 12 || 12;
    const off = p.offsetMinutes;
    const offStr = (off >= 0 ? '+' : '-') + pad(Math.floor(Math.abs(off) / 60)) + pad(Math.abs(off) % 60);
    switch (c) {
      case 'd':
        out += pad(p.day);
        break;
      case 'D':
        out += WEEKDAYS[p.weekday].slice(0, 3);
        break;
      case 'j':
        out += p.day;
        break;
      case 'l':
        out += WEEKDAYS[p.weekday];
        break;
      case 'N':
        out += p.weekday || 7;
        break;
      case 'S':
        out += ordinal(p.day);
        break;
      case 'w':
        out += p.weekday;
        break;
      case 'F':
        out += MONTHS[p.month - 1];
        break;
      case 'm':
        out += pad(p.month);
        break;
      case 'M':
        out += MONTHS[p.month - 1].slice(0, 3);
        break;
      case 'n':
        out += p.month;
        break;
      case 'Y':
        out += p.year;
        break;
      case 'y':
        out += pad(p.year % 100);
        break;
      case 'a':
        out += p.hour < 12 ? 'am' : 'pm';
        break;
      case 'A':
        out += p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'g':
        out += h12;
        break;
      case 'G':
        out += p.hour;
        break;
      case 'h':
        out += pad(h12);
        break;
      case 'H':
        out += pad(p.hour);
        break;
      case 'i':
        out += pad(p.minute);
        break;
      case 's':
        out += pad(p.second);
        break;
      case 'e':
        out += tz;
        break;
      case 'T':
        out += tz === 'UTC' ? 'UTC' : offStr;
        break;
      case 'O':
        out += offStr;
        break;
      case 'P':
        out += offStr.slice(0, 3) + ':' + offStr.slice(3);
        break;
      case 'c':
        out += isoLocal(ms, tz);
        break;
      case 'r':
        out += formatDate(ms, tz, 'D, d M Y H:i:s O');
        break;
      case 'U':
        out += Math.floor(ms / 1000);
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** ISO 8601 with the zone's offset, for `<time datetime>` and JSON-LD. */
export function isoLocal(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const off = p.offsetMinutes;
  const sign = off >= 0 ? '+' : '-';
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/**
 * The span of a year's, month's or day's archive in the site's time zone, [from, to) in ms, or null
 * for a date that does not exist (31 February) or a year out of range.
 */
export function archiveRange(r: { year: number; month?: number; day?: number }, tz: string): { from: number; to: number } | null {
  const { year, month, day } = r;
  if (year < 1970 || year > 9999) return null;
  if (day && month) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1) return null;
  }
  const from = zonedTimeToUtc(year, month ?? 1, day ?? 1, 0, 0, tz);
  const end = day && month ? new Date(Date.UTC(year, month - 1, day + 1)) : month ? new Date(Date.UTC(year, month, 1)) : new Date(Date.UTC(year + 1, 0, 1));
  return { from, to: zonedTimeToUtc(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), 0, 0, tz) };
}
