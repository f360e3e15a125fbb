/**
 * Images into the story: files chosen, dropped or pasted are uploaded to the media library (which
 * checks, resizes and strips them) and come back as image nodes pointing at the site's own copy.
 */
import type { Editor } from '@tiptap/core';
import type { ImageAttrs } from './nodes.js';

interface Uploaded {
  id: number;
  url: string;
  srcset?: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string;
  message?: string;
}

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

export const isImage = (f: File) => /^image\/(?:jpeg|png|webp|gif|avif)$/.test(f.type);

/** Uploads one image; resolves with the node's attributes or rejects with the server's words. */
export async function upload(file: File): Promise<ImageAttrs> {
  const data = new FormData();
  data.append('file', file, file.name || 'pasted-image.png');
  const r = await fetch('/admin/media', {
    method: 'POST',
    body: data,
    headers: { 'x-csrf-token': csrf(), accept: 'application/json' },
    credentials: 'same-origin',
  });
  const j = (await r.json().catch(() => ({}))) as Partial<Uploaded>;
  if (!r.ok || !j.url) throw new Error(j.message || `The upload of ${file.name || 'the image'} failed.`);
  return {
    src: j.url,
    srcset: j.srcset || null,
    alt: j.alt ?? '',
    width: j.width ? String(j.width) : null,
    height: j.height ? String(j.height) : null,
    caption: j.caption ?? '',
    credit: '',
  };
}

/**
 * Uploads `files` and inserts them at `pos` (the selection when undefined): one image as an image,
 * several as a gallery. Says what happens in `say`, and puts the focus in the first alt text field.
 */
export async function insertImages(editor: Editor, files: File[], say: (text: string) => void, pos?: number, asGallery = files.length > 1): Promise<void> {
  const images = files.filter(isImage);
  if (!images.length) {
    if (files.length) say('Only JPEG, PNG, WebP, GIF and AVIF images can be put into a story.');
    return;
  }
  say(images.length === 1 ? 'Uploading the image…' : `Uploading ${images.length} images…`);
  const done: ImageAttrs[] = [];
  const failed: string[] = [];
  for (const f of images) {
    try {
      done.push(await upload(f));
    } catch (err) {
      failed.push((err as Error).message);
    }
  }
  if (!done.length) {
    say(failed.join(' '));
    return;
  }
  const nodes = done.map((attrs) => ({ type: 'figureImage', attrs }));
  const content = asGallery ? { type: 'gallery', content: nodes } : nodes;
  const chain = editor.chain();
  (pos === undefined ? chain.focus() : chain.focus().setTextSelection(pos)).insertContent(content).run();
  const inserted = done.length === 1 ? 'The image is in.' : `${done.length} images are in.`;
  say(`${inserted} Now describe ${done.length === 1 ? 'it' : 'each one'} in the alt text field.${failed.length ? ' ' + failed.join(' ') : ''}`);
  // The newest image's alt text field: the image nodes render their fields synchronously.
  const fields = editor.view.dom.querySelectorAll<HTMLInputElement>('.ed-figure input[data-field="alt"]');
  const firstEmpty = [...fields].find((i) => !i.value && done.some((d) => i.closest('figure')?.querySelector('img')?.getAttribute('src') === d.src));
  firstEmpty?.focus();
}
