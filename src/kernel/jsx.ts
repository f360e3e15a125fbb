/**
 * JSX to string, escaped by construction.
 *
 * Every string child and attribute value is escaped; the only way to print markup is to pass an
 * {@link Html} value, which only {@link raw} (for already-sanitised HTML) and the elements
 * themselves produce.
 *
 * @example
 *   import { h } from './jsx.js';
 *   const page = <p class="dek">{article.dek}</p>; // an Html
 *   page.value; // '<p class="dek">…escaped…</p>'
 */

/** A fragment of markup that is safe to print as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | boolean | null | undefined | Child[];
export type Props = Record<string, unknown> & { children?: Child };
// biome-ignore lint/suspicious/noExplicitAny: a component of any props (JSX checks each call site)
export type Component<P = any> = (props: P & { children?: Child }) => Html;

const ESCAPE_RE = /[&<>"']/;
const ESCAPE_RE_G = /[&<>"']/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most strings need nothing: test first, so the common case allocates nothing.
  if (!ESCAPE_RE.test(text)) return text;
  return text.replace(ESCAPE_RE_G, (c) => ESCAPES[c]);
}

/** Marks already-sanitised HTML as safe to print. Never pass it anything a visitor typed. */
export function raw(html: string): Html {
  return new Html(html);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

function appendChild(out: string[], child: Child): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Html) out.push(child.value);
  else if (typeof child === 'string') out.push(escapeHtml(child));
  else if (typeof child === 'number') out.push(String(child));
  else if (Array.isArray(child)) for (const c of child) appendChild(out, c);
}

function attributes(props: Record<string, unknown>): string {
  let s = '';
  for (const key in props) {
    if (key === 'children') continue;
    const v = props[key];
    if (v === null || v === undefined || v === false) continue;
    if (v === true) s += ' ' + key;
    else s += ' ' + key + '="' + escapeHtml(String(v)) + '"';
  }
  return s;
}

/** The JSX factory (tsconfig `jsxFactory`). */
export function h(tag: string | Component, props: Props | null, ...children: Child[]): Html {
  if (typeof tag === 'function') {
    const p = { ...(props ?? {}) } as Props;
    if (children.length) p.children = children.length === 1 ? children[0] : children;
    return tag(p);
  }
  const out: string[] = ['<' + tag + (props ? attributes(props) : '') + '>'];
  if (VOID.has(tag)) return new Html(out[0]);
  for (const c of children) appendChild(out, c);
  out.push('</' + tag + '>');
  return new Html(out.join(''));
}

/** The JSX fragment factory (tsconfig `jsxFragmentFactory`). */
export function Fragment(props: Props | null, ...children: Child[]): Html {
  const out: string[] = [];
  appendChild(out, children.length ? children : (props?.children ?? null));
  return new Html(out.join(''));
}

/** Renders any child to a string (for a whole page: prefix the doctype yourself). */
export function render(child: Child): string {
  const out: string[] = [];
  appendChild(out, child);
  return out.join('');
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}
