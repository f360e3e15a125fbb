/**
 * The editor and library styles (public/editor.css), linked from the page body: the admin layout
 * takes extra scripts but not stylesheets, and a body-ok `<link>` needs no inline style.
 */
import { h, type Html } from '../../kernel/jsx.js';
import type { NewsroomContext } from '../context.js';

export function EditorStyles({ ctx }: { ctx: NewsroomContext }): Html {
  return <link rel="stylesheet" href={ctx.assets.url('editor.css')} />;
}
