/**
 * WordPress's word lists: one entry a line, matched case-insensitively anywhere inside the name,
 * email, website, text, IP address and user agent ("press" matches "WordPress").
 */
import type { ModerationContext } from './context.js';

/** The entries of a list setting, trimmed, blank lines dropped. */
export function entries(list: string): string[] {
  return list
    .split(/\r?\n/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

// The lists change only when a moderator edits them; every comment would split them again.
const parsed = new Map<string, string[]>();
function entriesOf(list: string): string[] {
  let e = parsed.get(list);
  if (!e) {
    if (parsed.size >= 8) parsed.clear();
    e = entries(list);
    parsed.set(list, e);
  }
  return e;
}

/** The first entry found in the submission, and where; null when none is. */
export function findListed(ctx: ModerationContext, list: string): { entry: string; field: string } | null {
  const words = entriesOf(list);
  if (!words.length) return null;
  const { input, request } = ctx;
  const fields: [string, string][] = [
    ['name', input.author],
    ['email', input.email],
    ['website', input.url],
    ['text', input.body],
    ['IP address', request.ip],
    ['user agent', request.userAgent],
  ];
  for (const [field, value] of fields) {
    const v = value.toLowerCase();
    for (const entry of words) if (v.includes(entry)) return { entry, field };
  }
  return null;
}
