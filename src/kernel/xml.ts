/**
 * XML text: escaping, and CDATA sections that survive any content. Every XML the site writes
 * (feeds, sitemaps, WXR) escapes through here.
 */

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text escaped for an element or an attribute in either quotes, without what XML cannot carry. */
export function esc(s: string): string {
  return s.replace(INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A CDATA section holding `s` exactly. `]]>` cannot appear inside one, so it is split across two
 * sections (`]]]]><![CDATA[>`), which every XML reader joins back into the same text.
 */
export function cdata(s: string): string {
  return '<![CDATA[' + s.replace(INVALID, '').replace(/]]>/g, ']]]]><![CDATA[>') + ']]>';
}
