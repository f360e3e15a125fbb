/**
 * The editor's toolbar: one row of labelled buttons in groups, a single tab stop (arrow keys move
 * along it, as the ARIA toolbar pattern has it), `aria-pressed` on the ones that toggle, and the
 * table tools shown only while the cursor is in a table. Alt+F10 in the text jumps here; Escape
 * goes back to the text.
 */
import type { Editor } from '@tiptap/core';

export interface Tool {
  id: string;
  label: string;
  /** Longer description with the keyboard shortcut, shown as the tooltip. */
  title: string;
  run(editor: Editor): void;
  /** For toggles: whether the selection has it. */
  active?(editor: Editor): boolean;
  /** Shown only when this holds (table tools). */
  when?(editor: Editor): boolean;
}

export interface ToolGroup {
  label: string;
  tools: Tool[];
}

export function buildToolbar(editor: Editor, groups: ToolGroup[]): { element: HTMLElement; refresh(): void; focus(): void } {
  const bar = document.createElement('div');
  bar.className = 'ed-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Formatting');
  bar.setAttribute('aria-controls', 'ed-content');
  const buttons: { tool: Tool; button: HTMLButtonElement }[] = [];
  for (const g of groups) {
    const group = document.createElement('div');
    group.className = 'ed-group';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', g.label);
    for (const tool of g.tools) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `ed-tool ed-tool-${tool.id}`;
      b.textContent = tool.label;
      b.title = tool.title;
      b.dataset.tool = tool.id;
      b.tabIndex = -1;
      // Keep the text's selection: a click on a tool must not move focus out before it runs.
      b.addEventListener('mousedown', (e) => e.preventDefault());
      b.addEventListener('click', () => tool.run(editor));
      group.append(b);
      buttons.push({ tool, button: b });
    }
    bar.append(group);
  }
  const visible = () => buttons.filter((x) => !x.button.hidden).map((x) => x.button);
  let current = buttons[0]?.button;
  if (current) current.tabIndex = 0;
  const moveTo = (b: HTMLButtonElement | undefined) => {
    if (!b) return;
    if (current) current.tabIndex = -1;
    current = b;
    b.tabIndex = 0;
    b.focus();
  };
  bar.addEventListener('keydown', (e) => {
    const list = visible();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      moveTo(list[(i + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length]);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      moveTo(e.key === 'Home' ? list[0] : list[list.length - 1]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      editor.commands.focus();
    }
  });
  const refresh = () => {
    for (const { tool, button } of buttons) {
      if (tool.when) button.hidden = !tool.when(editor);
      if (tool.active) button.setAttribute('aria-pressed', String(tool.active(editor)));
    }
    if (current?.hidden) {
      current.tabIndex = -1;
      current = visible()[0];
      if (current) current.tabIndex = 0;
    }
  };
  refresh();
  return { element: bar, refresh, focus: () => moveTo(current ?? visible()[0]) };
}
