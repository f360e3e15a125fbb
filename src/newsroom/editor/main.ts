/**
 * The visual story editor (bundled by scripts/build.mjs into dist/public/story-editor.js).
 *
 * It replaces the body's textarea once it has loaded: the textarea stays in the form, hidden, and
 * always holds the editor's HTML, so saving, autosave and the preview send what the editor shows,
 * and without JavaScript the same textarea is the body's HTML source.
 */
import { Editor, Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { cleanPastedHtml } from './paste.js';
import { Citation, Embed, FigureImage, Gallery, PlainLink, PlainTable, Pullquote } from './nodes.js';
import { recogniseEmbed } from '../../kernel/embed-url.js';
import { insertImages, isImage } from './media.js';
import { buildToolbar } from './toolbar.js';
import { storyTools } from './tools.js';
import { storyHtml, wordCount } from './output.js';

function boot(): void {
  const textarea = document.getElementById('f-body') as HTMLTextAreaElement | null;
  if (!textarea || !('visual' in textarea.dataset)) return;
  const form = textarea.form;
  const canUpload = textarea.dataset.canUpload === '1';

  const wrap = document.createElement('div');
  wrap.className = 'ed';
  const surface = document.createElement('div');
  surface.className = 'ed-surface';
  const status = document.createElement('p');
  status.className = 'ed-status';
  status.setAttribute('role', 'status');
  const counts = document.createElement('p');
  counts.className = 'ed-counts';
  counts.id = 'ed-counts';
  const say = (text: string) => {
    status.textContent = text;
  };

  let toolbar: ReturnType<typeof buildToolbar> | null = null;
  const Keys = Extension.create({
    name: 'gazetteKeys',
    addKeyboardShortcuts() {
      return {
        'Alt-F10': () => {
          toolbar?.focus();
          return true;
        },
        'Mod-k': () => {
          (wrap.querySelector('[data-tool="link"]') as HTMLButtonElement | null)?.click();
          return true;
        },
      };
    },
  });

  const editor = new Editor({
    element: surface,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4, 5, 6] }, underline: false, link: false, code: {}, trailingNode: {} }),
      PlainLink,
      ...PlainTable,
      FigureImage,
      Gallery,
      Embed,
      Pullquote,
      Citation,
      Keys,
    ],
    editorProps: {
      attributes: {
        id: 'ed-content',
        class: 'ed-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': 'f-body-label',
        'aria-describedby': 'f-body-help ed-counts',
      },
      transformPastedHTML(html) {
        const r = cleanPastedHtml(html, location.origin);
        if (r.droppedImages)
          say(
            `${r.droppedImages === 1 ? 'One image' : `${r.droppedImages} images`} from the pasted text ${r.droppedImages === 1 ? 'was' : 'were'} left out: images must be uploaded to the site (use Image, or drop the file here).`,
          );
        return r.html;
      },
      handlePaste(_view, event) {
        const files = [...(event.clipboardData?.files ?? [])].filter(isImage);
        if (files.length && canUpload) {
          void insertImages(editor, files, say);
          return true;
        }
        // A lone address the site can embed becomes an embed, as in WordPress.
        const text = event.clipboardData?.getData('text/plain').trim() ?? '';
        const html = event.clipboardData?.getData('text/html') ?? '';
        const { $from } = editor.state.selection;
        if (
          text &&
          !/\s/.test(text) &&
          recogniseEmbed(text) &&
          $from.parent.type.name === 'paragraph' &&
          !$from.parent.textContent.trim() &&
          !/<img/i.test(html)
        ) {
          editor
            .chain()
            .focus()
            .insertContent({ type: 'embed', attrs: { url: text } })
            .run();
          say('The address became an embed.');
          return true;
        }
        return false;
      },
      handleDrop(view, event, _slice, moved) {
        const files = [...(event.dataTransfer?.files ?? [])];
        if (moved || !files.length) return false;
        event.preventDefault();
        if (!canUpload) {
          say('Your role cannot upload images; ask an editor.');
          return true;
        }
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        void insertImages(editor, files, say, at?.pos);
        return true;
      },
    },
  });

  const sync = () => {
    const html = storyHtml(editor);
    if (textarea.value !== html) {
      textarea.value = html;
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const { words, minutes } = wordCount(editor);
    counts.textContent = words ? `${words.toLocaleString('en')} ${words === 1 ? 'word' : 'words'} · ${minutes} min read` : 'No words yet';
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.on('update', () => {
    clearTimeout(timer);
    timer = setTimeout(sync, 150);
  });
  toolbar = buildToolbar(editor, storyTools({ canUpload, say, insertImages: (files, gallery) => insertImages(editor, files, say, undefined, gallery) }));
  editor.on('transaction', () => toolbar?.refresh());
  // Whatever is pending goes into the textarea before the form (or a preview) is sent.
  form?.addEventListener('submit', sync, { capture: true });
  form?.addEventListener('formdata', (e) => {
    sync();
    e.formData.set('body', textarea.value);
  });

  wrap.append(toolbar.element, surface, counts, status);
  textarea.hidden = true;
  textarea.after(wrap);
  document
    .getElementById('f-body-help')
    ?.replaceChildren(
      'Paste from Google Docs, Word or a web page: the structure comes in, the fonts and colours stay out. Alt+F10 moves to the toolbar, Escape back to the text.',
    );
  sync();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
