/**
 * Cleaning what Google Docs, Word and web pages put on the clipboard, before the editor reads it.
 *
 * The editor's schema already drops what it has no node for (spans, styles, classes, scripts), so
 * this only fixes what the schema cannot see: Word's lists are paragraphs with a typed bullet
 * (`mso-list` styles), its empty `<o:p>` paragraphs and conditional comments; Google Docs wraps
 * everything in a `<b style="font-weight:normal">` and nests sub-lists directly in lists; a pasted
 * `<h1>` would compete with the headline; and images from other sites would be requests to them
 * from every reader (and `file:` images from Word cannot be read at all), so they are left out and
 * counted for the journalist to upload.
 */

export interface CleanResult {
  html: string;
  /** Images left out because they live on another site or on the writer's disk. */
  droppedImages: number;
}

const JUNK = 'script, style, meta, link, title, xml, noscript, iframe, object, embed, template, svg, canvas, form, input, button, select, textarea';

/** True for a URL the site itself serves (root-relative, or on this origin). */
function local(src: string, origin: string): boolean {
  if (src.startsWith('/') && !src.startsWith('//')) return true;
  try {
    return new URL(src).origin === origin;
  } catch {
    return false;
  }
}

const styleOf = (el: Element) => (el.getAttribute('style') ?? '').toLowerCase();

/** Word's list paragraph: its level (1-based) and whether the typed marker is a number. */
function wordListItem(p: Element): { level: number; ordered: boolean } | null {
  const m = /mso-list:\s*l\d+\s+level(\d+)/.exec(styleOf(p));
  if (!m) return null;
  const marker = p.querySelector('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]');
  const text = (marker?.textContent ?? '').replace(/\s+/g, '');
  return { level: Number(m[1]), ordered: /^(?:\d+|[a-z]|[ivxlc]+)[.)]$/i.test(text) };
}

/** Rebuilds runs of Word list paragraphs as nested `<ul>`/`<ol>`. */
function wordLists(doc: Document): void {
  const paragraphs = [...doc.querySelectorAll('p')].filter((p) => wordListItem(p));
  const done = new Set<Element>();
  for (const first of paragraphs) {
    if (done.has(first)) continue;
    // The run: this paragraph and the list paragraphs that follow it directly.
    const run: Element[] = [];
    for (let el: Element | null = first; el && wordListItem(el); el = el.nextElementSibling) run.push(el);
    const stack: { level: number; list: HTMLElement }[] = [];
    let top: HTMLElement | null = null;
    for (const p of run) {
      done.add(p);
      const { level, ordered } = wordListItem(p)!;
      for (const m of p.querySelectorAll('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')) m.remove();
      while (stack.length && stack[stack.length - 1].level > level) stack.pop();
      if (!stack.length || stack[stack.length - 1].level < level) {
        const list = doc.createElement(ordered ? 'ol' : 'ul');
        const parentItem = stack.length ? stack[stack.length - 1].list.lastElementChild : null;
        if (parentItem) parentItem.append(list);
        else top = list;
        stack.push({ level, list });
      }
      const li = doc.createElement('li');
      const para = doc.createElement('p');
      para.append(...p.childNodes);
      li.append(para);
      stack[stack.length - 1].list.append(li);
    }
    if (top) first.before(top);
    for (const p of run) p.remove();
  }
}

/** Google Docs writes a sub-list as a sibling of the items, directly inside the list. */
function nestStrayLists(doc: Document): void {
  for (const list of doc.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')) {
    const prev = list.previousElementSibling;
    if (prev?.tagName === 'LI') prev.append(list);
  }
}

function unwrap(el: Element): void {
  el.replaceWith(...el.childNodes);
}

function removeComments(doc: Document): void {
  const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
}

/**
 * Bold and italic written as styles (Google Docs writes every run as a styled span) become
 * `<strong>` and `<em>`, and every style attribute goes. The editor cannot read styles itself: the
 * CSP that keeps the admin safe also stops the browser from applying pasted inline styles.
 */
function stylesToMarks(doc: Document): void {
  for (const el of [...doc.body.querySelectorAll('[style]')]) {
    const style = (el.getAttribute('style') ?? '').toLowerCase();
    el.removeAttribute('style');
    if (/^(?:b|strong|h[1-6]|th)$/i.test(el.tagName)) continue;
    const weight = /(?:^|;)\s*font-weight\s*:\s*([a-z0-9]+)/.exec(style)?.[1] ?? '';
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    const italic = /(?:^|;)\s*font-style\s*:\s*italic/.test(style);
    for (const [on, tag] of [
      [bold, 'strong'],
      [italic, 'em'],
    ] as const) {
      if (!on) continue;
      const wrap = doc.createElement(tag);
      wrap.append(...el.childNodes);
      el.append(wrap);
    }
  }
}

const blank = (el: Element) => !el.querySelector('img, hr, table, br') && !(el.textContent ?? '').replace(/[\s\u00a0]+/g, '');

/** Cleans clipboard HTML; `origin` is the site's own origin (images from it are kept). */
export function cleanPastedHtml(html: string, origin: string): CleanResult {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  removeComments(doc);
  for (const e of body.querySelectorAll(JUNK)) e.remove();
  // Word's empty paragraph marks and namespaced tags (o:p, v:shape, w:sdt…): keep their text only.
  for (const e of [...body.querySelectorAll('*')]) if (e.tagName.includes(':')) unwrap(e);
  // Google Docs' wrapper of the whole slice (a <b> that is not bold).
  for (const b of body.querySelectorAll('b[id^="docs-internal-guid"]')) unwrap(b);
  // Word's lists are recognised by their styles, so they are rebuilt before the styles go.
  wordLists(doc);
  stylesToMarks(doc);
  nestStrayLists(doc);

  let droppedImages = 0;
  for (const img of [...body.querySelectorAll('img')]) {
    if (local(img.getAttribute('src') ?? '', origin)) continue;
    droppedImages++;
    (img.closest('figure') ?? img).remove();
  }
  // Line breaks between blocks (Docs' spacing, Chrome's interchange newline) are not content.
  for (const br of [...body.querySelectorAll('br')]) {
    const parent = br.parentElement;
    if (
      br.classList.contains('Apple-interchange-newline') ||
      !parent ||
      parent === body ||
      /^(?:DIV|B|SECTION|ARTICLE|UL|OL|TABLE|TBODY|TR)$/.test(parent.tagName)
    ) {
      br.remove();
    }
  }
  for (const p of [...body.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li')]) if (blank(p)) p.remove();
  // The story's headline is its only h1: pasted headings move one level down when the paste has one.
  if (body.querySelector('h1')) {
    for (const level of [5, 4, 3, 2, 1]) {
      for (const h of [...body.querySelectorAll(`h${level}`)]) {
        const to = doc.createElement(`h${level + 1}`);
        to.append(...h.childNodes);
        h.replaceWith(to);
      }
    }
  }
  // Word's spacing is made of no-break spaces; in a story they are ordinary spaces.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode as Text;
    if (t.data.includes('\u00a0')) t.data = t.data.replace(/\u00a0/g, ' ');
  }
  return { html: body.innerHTML, droppedImages };
}
