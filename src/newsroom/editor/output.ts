/**
 * What the editor hands to the form: the story's HTML, written the way the sanitiser writes it, and
 * its length in words and minutes.
 */
import type { Editor } from '@tiptap/core';

/** Words a minute of an ordinary reader of news. */
const WORDS_PER_MINUTE = 230;

/** The body's HTML: empty for an empty story, no empty attributions, no-break spaces as characters. */
export function storyHtml(editor: Editor): string {
  if (editor.isEmpty) return '';
  return (
    editor
      .getHTML()
      .replace(/<cite><\/cite>/g, '')
      // The empty paragraph kept after a table or an image so the cursor can get there.
      .replace(/(?:<p><\/p>)+$/, '')
      .replace(/&nbsp;/g, '\u00a0')
  );
}

export function wordCount(editor: Editor): { words: number; minutes: number } {
  const doc = editor.state.doc;
  const text = doc.textBetween(0, doc.content.size, '\n', ' ');
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)?.length ?? 0;
  return { words, minutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)) };
}
