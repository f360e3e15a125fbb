/**
 * Writing XML that is well-formed by construction. Every XML document the site writes (RSS, Atom,
 * sitemaps, WXR) goes through here: elements are built as values with {@link x} and serialised by
 * {@link xmlDocument}, which escapes every text and attribute value, so no content (a headline, a
 * commenter's name, a body with `]]>` in it) can close an element or open one. Text is escaped,
 * never wrapped in CDATA; {@link cdata} remains for the WordPress export, whose readers expect it.
 */

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/**
 * Text escaped for an element or an attribute in either quotes, without what XML cannot carry (`>`
 * too, so `]]>` never appears; a carriage return as a reference, which a reader would otherwise turn
 * into a line feed).
 */
export function esc(s: string): string {
  return s.replace(INVALID, '').replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

/** An attribute value: {@link esc}, and tabs and line breaks as references so they survive normalisation. */
function escAttr(s: string): string {
  return esc(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/**
 * A CDATA section holding `s` exactly. `]]>` cannot appear inside one, so every occurrence is split
 * across two sections (`]]]]><![CDATA[>`), which every XML reader joins back into the same text.
 */
export function cdata(s: string): string {
  return '<![CDATA[' + s.replace(INVALID, '').replace(/]]>/g, ']]]]><![CDATA[>') + ']]>';
}

export type XmlAttrs = Record<string, string | number | null | undefined>;
export type XmlChild = XmlElement | string | number | null | undefined | false | readonly XmlChild[];

export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttrs;
  readonly children: readonly XmlChild[];
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

/**
 * An element. Strings among `children` are text (escaped when written); null, undefined and false
 * are skipped, arrays flattened. Attributes whose value is null or undefined are left out.
 * @example xmlDocument(x('urlset', { xmlns: NS }, rows.map((r) => x('url', {}, x('loc', {}, r.url)))))
 */
export function x(name: string, attrs: XmlAttrs = {}, ...children: XmlChild[]): XmlElement {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  for (const key of Object.keys(attrs)) if (!NAME.test(key)) throw new Error(`not an XML attribute name: ${key}`);
  return { name, attrs, children };
}

function write(node: XmlChild, out: string[], depth: number, pretty: boolean): void {
  if (node === null || node === undefined || node === false) return;
  if (typeof node === 'string' || typeof node === 'number') {
    out.push(esc(String(node)));
    return;
  }
  if (Array.isArray(node)) {
    for (const c of node) write(c, out, depth, pretty);
    return;
  }
  const el = node as XmlElement;
  const pad = pretty ? '\n' + '  '.repeat(depth) : '';
  let open = `${pad}<${el.name}`;
  for (const [k, v] of Object.entries(el.attrs)) if (v !== null && v !== undefined) open += ` ${k}="${escAttr(String(v))}"`;
  const kids = el.children.flat(Infinity as 1).filter((c) => c !== null && c !== undefined && c !== false) as (XmlElement | string | number)[];
  if (!kids.length) {
    out.push(open + '/>');
    return;
  }
  out.push(open + '>');
  const onlyText = kids.every((c) => typeof c !== 'object');
  for (const c of kids) write(c, out, depth + 1, pretty && !onlyText);
  out.push(`${pretty && !onlyText ? '\n' + '  '.repeat(depth) : ''}</${el.name}>`);
}

/** `root` as a document, with the XML declaration; indented unless `pretty` is false. */
export function xmlDocument(root: XmlElement, pretty = true): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, out, 0, pretty);
  return out.join('') + '\n';
}
