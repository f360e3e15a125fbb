/**
 * The one check that a typed value looks like an email address, for staff forms and the CLI: its
 * length first, then a single linear pass. A regex such as `^[^\s@]+@[^\s@]+\.[^\s@]+$` backtracks
 * quadratically on a long value without a dot (40,000 characters took 3.3 s).
 */

/** The longest address accepted (RFC 5321's 64 + 1 + 255, rounded as the forms always said). */
export const MAX_EMAIL = 320;

/** `local@domain.tld`: one `@`, no whitespace, a dot inside the domain; at most {@link MAX_EMAIL} characters. */
export function isEmailAddress(value: string): boolean {
  if (!value || value.length > MAX_EMAIL || /\s/.test(value)) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.');
  return dot > 0 && dot < domain.length - 1;
}
