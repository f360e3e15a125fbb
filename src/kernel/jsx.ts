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

/**
 * `markup` with `child` after it. Markup is built by `+`, never by joining arrays: V8 makes `a + b`
 * a rope that points at both, so an element's markup is not copied again by each element around
 * it (joining copied it once per level: rendering a search page allocated 459 KB, now 239 KB; an
 * article 334 KB, now 160 KB). The page is flattened once, when it is sent or stored.
 */
function append(markup: string, child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return markup;
  if (child instanceof Html) return markup + child.value;
  if (typeof child === 'string') return markup + escapeHtml(child);
  if (typeof child === 'number') return markup + String(child);
  if (!Array.isArray(child)) return markup;
  let out = markup;
  for (const c of child) out = append(out, c);
  return out;
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
  let markup = '<' + tag + (props ? attributes(props) : '') + '>';
  if (VOID.has(tag)) return new Html(markup);
  for (const c of children) markup = append(markup, c);
  return new Html(markup + '</' + tag + '>');
}

/** The JSX fragment factory (tsconfig `jsxFragmentFactory`). */
export function Fragment(props: Props | null, ...children: Child[]): Html {
  return new Html(append('', children.length ? children : (props?.children ?? null)));
}

/** Renders any child to a string (for a whole page: prefix the doctype yourself). */
export function render(child: Child): string {
  return append('', child);
}

/** What an attribute may be given: false, null and undefined leave it out, true writes it bare. */
type Value = string | number | boolean | null | undefined;

/** Attributes every HTML element takes, `data-*` and `aria-*` included. */
interface GlobalAttributes {
  children?: Child;
  accesskey?: Value;
  autocapitalize?: Value;
  autofocus?: Value;
  class?: Value;
  contenteditable?: Value;
  dir?: Value;
  draggable?: Value;
  enterkeyhint?: Value;
  hidden?: Value;
  id?: Value;
  inert?: Value;
  inputmode?: Value;
  itemprop?: Value;
  itemscope?: Value;
  itemtype?: Value;
  lang?: Value;
  nonce?: Value;
  popover?: Value;
  role?: Value;
  slot?: Value;
  spellcheck?: Value;
  style?: Value;
  tabindex?: Value;
  title?: Value;
  translate?: Value;
  [data: `data-${string}`]: Value;
  [aria: `aria-${string}`]: Value;
}

type With<K extends string> = GlobalAttributes & { [A in K]?: Value };

type FormControl = 'autocomplete' | 'disabled' | 'form' | 'name' | 'required';

/**
 * Each tag the views use, with the attributes HTML gives it: a misspelt or misplaced attribute
 * (`<a src>`, `<img href>`, `<label htmlFor>`) or an unknown tag fails to compile.
 */
interface HtmlElements {
  a: With<'href' | 'target' | 'rel' | 'download' | 'hreflang' | 'type' | 'referrerpolicy' | 'ping'>;
  article: GlobalAttributes;
  aside: GlobalAttributes;
  b: GlobalAttributes;
  blockquote: With<'cite'>;
  body: GlobalAttributes;
  br: GlobalAttributes;
  button: With<
    FormControl | 'type' | 'value' | 'formaction' | 'formenctype' | 'formmethod' | 'formnovalidate' | 'formtarget' | 'popovertarget' | 'popovertargetaction'
  >;
  caption: GlobalAttributes;
  code: GlobalAttributes;
  datalist: GlobalAttributes;
  dd: GlobalAttributes;
  del: With<'cite' | 'datetime'>;
  details: With<'open' | 'name'>;
  div: GlobalAttributes;
  dl: GlobalAttributes;
  dt: GlobalAttributes;
  em: GlobalAttributes;
  fieldset: With<'disabled' | 'form' | 'name'>;
  figcaption: GlobalAttributes;
  figure: GlobalAttributes;
  footer: GlobalAttributes;
  form: With<'action' | 'method' | 'enctype' | 'novalidate' | 'autocomplete' | 'name' | 'target' | 'accept-charset' | 'rel'>;
  h1: GlobalAttributes;
  h2: GlobalAttributes;
  h3: GlobalAttributes;
  head: GlobalAttributes;
  header: GlobalAttributes;
  html: GlobalAttributes;
  iframe: With<'src' | 'srcdoc' | 'name' | 'width' | 'height' | 'allow' | 'allowfullscreen' | 'loading' | 'referrerpolicy' | 'sandbox'>;
  img: With<'src' | 'alt' | 'width' | 'height' | 'srcset' | 'sizes' | 'loading' | 'decoding' | 'fetchpriority' | 'crossorigin' | 'referrerpolicy'>;
  input: With<
    | FormControl
    | 'type'
    | 'value'
    | 'checked'
    | 'placeholder'
    | 'min'
    | 'max'
    | 'step'
    | 'minlength'
    | 'maxlength'
    | 'pattern'
    | 'readonly'
    | 'accept'
    | 'multiple'
    | 'size'
    | 'list'
    | 'dirname'
  >;
  ins: With<'cite' | 'datetime'>;
  kbd: GlobalAttributes;
  label: With<'for'>;
  legend: GlobalAttributes;
  li: With<'value'>;
  link: With<'rel' | 'href' | 'type' | 'sizes' | 'media' | 'as' | 'crossorigin' | 'integrity' | 'hreflang' | 'fetchpriority' | 'blocking'>;
  main: GlobalAttributes;
  mark: GlobalAttributes;
  meta: With<'name' | 'content' | 'charset' | 'property' | 'http-equiv' | 'media'>;
  nav: GlobalAttributes;
  ol: With<'start' | 'reversed' | 'type'>;
  option: With<'value' | 'selected' | 'disabled' | 'label'>;
  output: With<'for' | 'form' | 'name'>;
  p: GlobalAttributes;
  picture: GlobalAttributes;
  pre: GlobalAttributes;
  script: With<'src' | 'type' | 'async' | 'defer' | 'integrity' | 'crossorigin' | 'nomodule' | 'referrerpolicy' | 'blocking'>;
  section: GlobalAttributes;
  select: With<FormControl | 'multiple' | 'size'>;
  small: GlobalAttributes;
  source: With<'srcset' | 'sizes' | 'type' | 'media' | 'src' | 'width' | 'height'>;
  span: GlobalAttributes;
  strong: GlobalAttributes;
  summary: GlobalAttributes;
  table: GlobalAttributes;
  tbody: GlobalAttributes;
  td: With<'colspan' | 'rowspan' | 'headers'>;
  textarea: With<FormControl | 'rows' | 'cols' | 'placeholder' | 'readonly' | 'maxlength' | 'minlength' | 'wrap' | 'dirname'>;
  th: With<'colspan' | 'rowspan' | 'headers' | 'scope' | 'abbr'>;
  thead: GlobalAttributes;
  time: With<'datetime'>;
  title: GlobalAttributes;
  tr: GlobalAttributes;
  ul: GlobalAttributes;
}

declare global {
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements extends HtmlElements {}
  }
}
