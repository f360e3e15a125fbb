/**
 * How images and embeds look inside the editor: an image with its alt text, caption and credit
 * fields right under it (alt text marked required until it is written), an embed as a card naming
 * the provider and linking to the item (the reader's placeholder is the site's to draw).
 */
import type { NodeViewRendererProps } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { recogniseEmbed } from '../../kernel/embed-url.js';

let seq = 0;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

type ImageField = 'alt' | 'caption' | 'credit';

const FIELDS: { name: ImageField; label: string; help?: string }[] = [
  { name: 'alt', label: 'Alt text (required)', help: 'What the image shows, for readers who cannot see it.' },
  { name: 'caption', label: 'Caption' },
  { name: 'credit', label: 'Credit', help: 'Who made the image, e.g. “Photo: Ana Ruiz”.' },
];

/** The node view of `figureImage`. */
export function imageView({ node, getPos, editor }: NodeViewRendererProps) {
  let current: PmNode = node;
  const n = ++seq;
  const dom = el('figure', { class: 'ed-figure', contenteditable: 'false', 'data-image': '' });
  const image = el('img', { src: String(node.attrs.src), alt: String(node.attrs.alt) });
  dom.append(image);
  const fields = el('div', { class: 'ed-figure-fields' });
  const inputs = {} as Record<ImageField, HTMLInputElement>;
  for (const f of FIELDS) {
    const id = `ed-img-${n}-${f.name}`;
    const wrap = el('div', { class: 'ed-field' });
    const input = el('input', { id, type: 'text', 'data-field': f.name, autocomplete: 'off' });
    input.value = String(node.attrs[f.name] ?? '');
    // Not `required`: that would stop a draft from being saved; publishing is refused without it.
    if (f.name === 'alt') input.setAttribute('aria-required', 'true');
    wrap.append(el('label', { for: id }, f.label), input);
    if (f.help) {
      wrap.append(el('p', { class: 'help', id: `${id}-help` }, f.help));
      input.setAttribute('aria-describedby', `${id}-help`);
    }
    input.addEventListener('input', () => {
      const pos = typeof getPos === 'function' ? getPos() : undefined;
      if (pos === undefined) return;
      editor.view.dispatch(editor.view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, [f.name]: input.value }));
    });
    inputs[f.name] = input;
    fields.append(wrap);
  }
  dom.append(fields);
  const mark = () => {
    const missing = !String(current.attrs.alt).trim();
    dom.classList.toggle('ed-missing-alt', missing);
    inputs.alt.setAttribute('aria-invalid', missing ? 'true' : 'false');
  };
  mark();

  return {
    dom,
    update(updated: PmNode) {
      if (updated.type !== current.type) return false;
      current = updated;
      image.src = String(updated.attrs.src);
      image.alt = String(updated.attrs.alt);
      for (const f of FIELDS) {
        const v = String(updated.attrs[f.name] ?? '');
        if (document.activeElement !== inputs[f.name] && inputs[f.name].value !== v) inputs[f.name].value = v;
      }
      mark();
      return true;
    },
    // Typing in the fields is the fields' business, not the editor's.
    stopEvent: (e: Event) => e.target instanceof HTMLElement && fields.contains(e.target),
    ignoreMutation: () => true,
    selectNode: () => dom.classList.add('ProseMirror-selectednode'),
    deselectNode: () => dom.classList.remove('ProseMirror-selectednode'),
  };
}

/** The node view of `embed`. */
export function embedView({ node }: NodeViewRendererProps) {
  const url = String(node.attrs.url);
  const provider = recogniseEmbed(url);
  const dom = el('figure', { class: 'ed-embed', contenteditable: 'false' });
  dom.append(el('p', { class: 'ed-embed-kind' }, `${provider?.name ?? 'Embedded'} ${provider?.type === 'video' ? 'video' : 'post'}`));
  const link = el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url);
  const p = el('p');
  p.append(link);
  dom.append(p, el('p', { class: 'help' }, `Readers see a placeholder; nothing is loaded from ${provider?.name ?? 'the provider'} until they choose to.`));
  return {
    dom,
    ignoreMutation: () => true,
    selectNode: () => dom.classList.add('ProseMirror-selectednode'),
    deselectNode: () => dom.classList.remove('ProseMirror-selectednode'),
  };
}
