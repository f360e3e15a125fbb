/**
 * What the toolbar offers, in the order a story is written: text styles, emphasis and links,
 * blocks, things to insert, the table tools, and undo.
 */
import type { Editor } from '@tiptap/core';
import { ask } from './dialog.js';
import { recogniseEmbed } from '../../kernel/embed-url.js';
import type { ToolGroup } from './toolbar.js';

export interface ToolContext {
  canUpload: boolean;
  say(text: string): void;
  insertImages(files: File[], gallery: boolean): Promise<void>;
}

const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** A link address as typed: `example.org/x` means https; site paths, mailto: and tel: stay as they are. */
export function normaliseHref(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (v.startsWith('/') && !v.startsWith('//')) return v;
  if (/^(?:mailto|tel):/i.test(v)) return v;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
  try {
    const u = new URL(withScheme);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

async function editLink(editor: Editor): Promise<void> {
  const current = editor.getAttributes('link').href as string | undefined;
  const answer = await ask({
    title: current ? 'Edit link' : 'Add a link',
    label: 'Address',
    help: 'A web address (https://…), a page of this site (/section/news/), mailto: or tel:.',
    value: current ?? '',
    confirm: current ? 'Update link' : 'Add link',
    remove: current ? 'Remove link' : undefined,
    check: (v) => (normaliseHref(v) ? null : 'That is not an address a reader can follow.'),
  });
  if (!answer) return void editor.commands.focus();
  if ('remove' in answer) return void editor.chain().focus().extendMarkRange('link').unsetLink().run();
  const href = normaliseHref(answer.value)!;
  if (editor.state.selection.empty && !current) {
    editor
      .chain()
      .focus()
      .insertContent({ type: 'text', text: answer.value, marks: [{ type: 'link', attrs: { href } }] })
      .run();
  } else {
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  }
}

async function insertEmbed(editor: Editor, say: (t: string) => void): Promise<void> {
  const answer = await ask({
    title: 'Embed a video or post',
    label: 'Address of the video, post or track',
    help: 'YouTube, Vimeo, X, Instagram, Facebook, TikTok, Spotify, SoundCloud, Flickr and more. Readers see a placeholder until they choose to load it.',
    confirm: 'Embed',
    check: (v) => (recogniseEmbed(v) ? null : 'The site cannot embed that address. Paste the address of one video, post or track.'),
  });
  if (!answer || 'remove' in answer) return void editor.commands.focus();
  editor
    .chain()
    .focus()
    .insertContent({ type: 'embed', attrs: { url: answer.value } })
    .run();
  say(`${recogniseEmbed(answer.value)?.name ?? 'The'} embed is in.`);
}

/** Adds (or moves the cursor into) the attribution of the pull quote around the cursor. */
function attribution(editor: Editor): void {
  const { $from } = editor.state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (node.type.name !== 'pullquote') continue;
    const end = $from.end(d);
    const last = node.lastChild;
    if (last?.type.name === 'citation') {
      editor
        .chain()
        .focus()
        .setTextSelection(end - 1)
        .run();
      return;
    }
    const { tr, schema } = editor.state;
    tr.insert(end, schema.nodes.citation.create());
    editor.view.dispatch(tr);
    editor
      .chain()
      .focus()
      .setTextSelection(end + 1)
      .run();
    return;
  }
}

function pickFiles(multiple: boolean, then: (files: File[]) => void): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/jpeg,image/png,image/webp,image/gif,image/avif';
  input.multiple = multiple;
  input.addEventListener('change', () => then([...(input.files ?? [])]));
  input.click();
}

const inTable = (e: Editor) => e.isActive('table');

export function storyTools(c: ToolContext): ToolGroup[] {
  const insert: ToolGroup = {
    label: 'Insert',
    tools: [
      {
        id: 'table',
        label: 'Table',
        title: 'Insert a table with a header row',
        run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      { id: 'embed', label: 'Embed', title: 'Embed a video or post from another site', run: (e) => void insertEmbed(e, c.say) },
    ],
  };
  if (c.canUpload) {
    insert.tools.unshift(
      {
        id: 'image',
        label: 'Image',
        title: 'Upload an image (or drop or paste one into the text)',
        run: () => pickFiles(false, (f) => void c.insertImages(f, false)),
      },
      { id: 'gallery', label: 'Gallery', title: 'Upload several images shown side by side', run: () => pickFiles(true, (f) => void c.insertImages(f, true)) },
    );
  }
  return [
    {
      label: 'Text style',
      tools: [
        {
          id: 'paragraph',
          label: 'Text',
          title: 'Ordinary paragraph',
          run: (e) => e.chain().focus().setParagraph().run(),
          active: (e) => e.isActive('paragraph'),
        },
        {
          id: 'h2',
          label: 'Heading',
          title: `Heading (${mod}Alt+2)`,
          run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
          active: (e) => e.isActive('heading', { level: 2 }),
        },
        {
          id: 'h3',
          label: 'Subheading',
          title: `Subheading (${mod}Alt+3)`,
          run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
          active: (e) => e.isActive('heading', { level: 3 }),
        },
      ],
    },
    {
      label: 'Emphasis',
      tools: [
        { id: 'bold', label: 'Bold', title: `Bold (${mod}B)`, run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
        { id: 'italic', label: 'Italic', title: `Italic (${mod}I)`, run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
        { id: 'link', label: 'Link', title: `Link (${mod}K)`, run: (e) => void editLink(e), active: (e) => e.isActive('link') },
      ],
    },
    {
      label: 'Blocks',
      tools: [
        {
          id: 'bullets',
          label: 'Bullets',
          title: `Bulleted list (${mod}Shift+8)`,
          run: (e) => e.chain().focus().toggleBulletList().run(),
          active: (e) => e.isActive('bulletList'),
        },
        {
          id: 'numbers',
          label: 'Numbers',
          title: `Numbered list (${mod}Shift+7)`,
          run: (e) => e.chain().focus().toggleOrderedList().run(),
          active: (e) => e.isActive('orderedList'),
        },
        {
          id: 'quote',
          label: 'Quote',
          title: `Quotation (${mod}Shift+B)`,
          run: (e) => e.chain().focus().toggleBlockquote().run(),
          active: (e) => e.isActive('blockquote'),
        },
        {
          id: 'pullquote',
          label: 'Pull quote',
          title: 'A quotation set large in the story',
          run: (e) => (e.isActive('pullquote') ? e.chain().focus().lift('pullquote').run() : e.chain().focus().wrapIn('pullquote').run()),
          active: (e) => e.isActive('pullquote'),
        },
        { id: 'cite', label: 'Attribution', title: 'Who said the pull quote', run: attribution, when: (e) => e.isActive('pullquote') },
        { id: 'separator', label: 'Separator', title: 'A line between parts of the story', run: (e) => e.chain().focus().setHorizontalRule().run() },
      ],
    },
    insert,
    {
      label: 'Table',
      tools: [
        { id: 'row', label: 'Add row', title: 'Add a row below', run: (e) => e.chain().focus().addRowAfter().run(), when: inTable },
        { id: 'column', label: 'Add column', title: 'Add a column to the right', run: (e) => e.chain().focus().addColumnAfter().run(), when: inTable },
        { id: 'del-row', label: 'Delete row', title: 'Delete this row', run: (e) => e.chain().focus().deleteRow().run(), when: inTable },
        { id: 'del-column', label: 'Delete column', title: 'Delete this column', run: (e) => e.chain().focus().deleteColumn().run(), when: inTable },
        { id: 'del-table', label: 'Delete table', title: 'Delete the whole table', run: (e) => e.chain().focus().deleteTable().run(), when: inTable },
      ],
    },
    {
      label: 'History',
      tools: [
        { id: 'undo', label: 'Undo', title: `Undo (${mod}Z)`, run: (e) => e.chain().focus().undo().run() },
        { id: 'redo', label: 'Redo', title: `Redo (${mod}Shift+Z)`, run: (e) => e.chain().focus().redo().run() },
      ],
    },
  ];
}
