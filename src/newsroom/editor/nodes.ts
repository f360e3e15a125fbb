/**
 * The story's document beyond Tiptap's starter kit: images with alt text, caption and credit,
 * galleries, embeds, pull quotes, and tables and links that serialise to plain HTML.
 *
 * Every node writes the markup readers get and parses it back, so a stored body opens in the
 * editor exactly as it was saved. The markup is WordPress's block markup where WordPress has one
 * (`wp-block-image`, `wp-block-gallery`, `wp-block-embed`, `wp-block-pullquote`), so imported
 * stories and new ones look alike and share the site's styles. Nothing carries a `style` attribute:
 * the sanitiser would strip it, and the CSP forbids it in the editor.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import Link from '@tiptap/extension-link';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import type { DOMOutputSpec } from '@tiptap/pm/model';
import { embedFigureClass, recogniseEmbed } from '../../kernel/embed-url.js';
import { embedView, imageView } from './node-views.js';

export interface ImageAttrs {
  src: string;
  srcset: string | null;
  alt: string;
  width: string | null;
  height: string | null;
  caption: string;
  credit: string;
}

/** Responsive images fill the text column, or the whole width on a phone (the article page's rule). */
export const BODY_IMAGE_SIZES = '(min-width: 48em) 46em, 100vw';

const img = (el: Element) => (el.tagName === 'IMG' ? el : el.querySelector('img'));

/** Caption and credit from a `<figcaption>`: the credit is its `small.credit`. */
function captionParts(figure: Element): { caption: string; credit: string } {
  const cap = figure.querySelector(':scope > figcaption');
  if (!cap) return { caption: '', credit: '' };
  const copy = cap.cloneNode(true) as Element;
  const credit = copy.querySelector('.credit');
  const creditText = credit?.textContent?.trim() ?? '';
  credit?.remove();
  return { caption: (copy.textContent ?? '').replace(/\s+/g, ' ').trim(), credit: creditText };
}

/** An image with its alt text, caption and credit: `<figure class="wp-block-image">`. */
export const FigureImage = Node.create({
  name: 'figureImage',
  group: 'block figure',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      src: { default: '' },
      srcset: { default: null },
      alt: { default: '' },
      width: { default: null },
      height: { default: null },
      caption: { default: '' },
      credit: { default: '' },
    };
  },

  parseHTML() {
    const fromImage = (el: Element, figure: Element | null): ImageAttrs | false => {
      const i = img(el);
      const src = i?.getAttribute('src');
      if (!i || !src) return false;
      return {
        src,
        srcset: i.getAttribute('srcset'),
        alt: i.getAttribute('alt') ?? '',
        width: i.getAttribute('width'),
        height: i.getAttribute('height'),
        ...(figure ? captionParts(figure) : { caption: '', credit: '' }),
      };
    };
    return [
      {
        tag: 'figure',
        // A figure holding one image (not a gallery, an embed or a pull quote).
        getAttrs: (el) => (el.classList.contains('wp-block-gallery') || el.querySelectorAll('img').length !== 1 ? false : fromImage(el, el)),
      },
      { tag: 'img[src]', getAttrs: (el) => fromImage(el, null) },
    ];
  },

  renderHTML({ node }) {
    const a = node.attrs as ImageAttrs;
    // Attribute order as the sanitiser writes it (loading and decoding first), so a saved body
    // and its sanitised copy are the same text.
    const image: Record<string, string> = { loading: 'lazy', decoding: 'async', src: a.src };
    if (a.srcset) Object.assign(image, { srcset: a.srcset, sizes: BODY_IMAGE_SIZES });
    image.alt = a.alt;
    if (a.width) image.width = a.width;
    if (a.height) image.height = a.height;
    const caption: (string | DOMOutputSpec)[] = [];
    if (a.caption) caption.push(a.caption);
    if (a.credit) caption.push(['small', { class: 'credit' }, a.credit]);
    const spec: DOMOutputSpec[] = [['img', image]];
    if (caption.length) spec.push(['figcaption', {}, ...caption] as DOMOutputSpec);
    return ['figure', { class: 'wp-block-image' }, ...spec] as DOMOutputSpec;
  },

  addNodeView() {
    return imageView;
  },
});

/** Images side by side: `<figure class="wp-block-gallery has-nested-images columns-N">`. */
export const Gallery = Node.create({
  name: 'gallery',
  group: 'block',
  content: 'figureImage+',
  draggable: true,
  parseHTML() {
    return [{ tag: 'figure.wp-block-gallery', priority: 60 }];
  },
  renderHTML({ node }) {
    const columns = Math.min(3, Math.max(1, node.childCount));
    return ['figure', { class: `wp-block-gallery has-nested-images columns-${columns}` }, 0];
  },
});

/**
 * A video, post or track from another site, stored as WordPress stores it; the site renders it
 * as a placeholder that loads nothing from the provider until the reader asks.
 */
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { url: { default: '' } };
  },
  parseHTML() {
    return [
      {
        tag: 'figure.wp-block-embed',
        priority: 70,
        getAttrs: (el) => {
          // A stored figure holds the address as text; a rendered one (a Markdown story's HTML) its placeholder's link.
          const link = el.querySelector('.embed-link a')?.getAttribute('href');
          const url = (link ?? el.querySelector('.wp-block-embed__wrapper')?.textContent ?? el.textContent ?? '').trim();
          return recogniseEmbed(url) ? { url } : false;
        },
      },
    ];
  },
  renderHTML({ node }) {
    const url = String(node.attrs.url);
    return ['figure', { class: embedFigureClass(url) }, ['div', { class: 'wp-block-embed__wrapper' }, url]];
  },
  addNodeView() {
    return embedView;
  },
});

/** Who said a pull quote: `<cite>` at its end. */
export const Citation = Node.create({
  name: 'citation',
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML() {
    return [{ tag: 'cite', context: 'pullquote/' }];
  },
  renderHTML() {
    return ['cite', 0];
  },
});

/** A quotation set large in the story: `<figure class="wp-block-pullquote"><blockquote>…<cite>`. */
export const Pullquote = Node.create({
  name: 'pullquote',
  group: 'block',
  content: 'paragraph+ citation?',
  defining: true,
  parseHTML() {
    return [{ tag: 'figure.wp-block-pullquote', contentElement: 'blockquote', priority: 60 }];
  },
  renderHTML() {
    return ['figure', { class: 'wp-block-pullquote' }, ['blockquote', 0]];
  },
});

/** Links carry their address and nothing else: no `target`, no `rel`, no pasted classes. */
export const PlainLink = Link.extend({
  addAttributes() {
    return { href: { default: null, parseHTML: (el: HTMLElement) => el.getAttribute('href') } };
  },
  renderHTML({ HTMLAttributes }) {
    return ['a', { href: HTMLAttributes.href }, 0];
  },
}).configure({ openOnClick: false, autolink: true, linkOnPaste: true, defaultProtocol: 'https', protocols: ['mailto', 'tel'] });

// Cells keep their spans; widths and alignment (pasted from Docs and Word as styles) are dropped.
const plainCell = {
  addAttributes() {
    return {
      colspan: { default: 1 },
      rowspan: { default: 1 },
      colwidth: { default: null, parseHTML: () => null, renderHTML: () => ({}) },
    };
  },
};

/** Tables as `<table><tbody>…`, header cells as `<th>`, without widths or styles. */
export const PlainTable = [
  Table.extend({
    renderHTML({ HTMLAttributes }) {
      return ['table', mergeAttributes(HTMLAttributes), ['tbody', 0]];
    },
  }).configure({ resizable: false, HTMLAttributes: {} }),
  TableRow,
  TableHeader.extend(plainCell),
  TableCell.extend(plainCell),
];
