/**
 * A small modal form for one address (a link, an embed): a native `<dialog>`, so focus is trapped
 * and Escape closes it without any code of ours, and the focus goes back where it was.
 */

export interface AskOptions {
  title: string;
  label: string;
  help?: string;
  value?: string;
  confirm: string;
  /** A second, destructive choice (e.g. "Remove link"), answered as `{ remove: true }`. */
  remove?: string;
  /** Returns an error message for a value that will not do, or null. */
  check?: (value: string) => string | null;
}

export type AskAnswer = { value: string } | { remove: true } | null;

let seq = 0;

export function ask(o: AskOptions): Promise<AskAnswer> {
  const n = ++seq;
  const back = document.activeElement as HTMLElement | null;
  const dialog = document.createElement('dialog');
  dialog.className = 'ed-dialog';
  dialog.setAttribute('aria-labelledby', `ed-dialog-${n}-title`);
  const form = document.createElement('form');
  form.method = 'dialog';
  const h = document.createElement('h2');
  h.id = `ed-dialog-${n}-title`;
  h.textContent = o.title;
  const label = document.createElement('label');
  label.htmlFor = `ed-dialog-${n}-input`;
  label.textContent = o.label;
  const input = document.createElement('input');
  input.id = `ed-dialog-${n}-input`;
  input.type = 'text';
  input.inputMode = 'url';
  input.autocomplete = 'off';
  input.value = o.value ?? '';
  const described: string[] = [];
  const help = document.createElement('p');
  help.className = 'help';
  help.id = `ed-dialog-${n}-help`;
  if (o.help) {
    help.textContent = o.help;
    described.push(help.id);
  }
  const error = document.createElement('p');
  error.className = 'error';
  error.id = `ed-dialog-${n}-error`;
  error.hidden = true;
  described.push(error.id);
  input.setAttribute('aria-describedby', described.join(' '));
  const actions = document.createElement('div');
  actions.className = 'ed-dialog-actions';
  const ok = document.createElement('button');
  ok.type = 'submit';
  ok.className = 'primary';
  ok.textContent = o.confirm;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  actions.append(ok);
  let removeButton: HTMLButtonElement | null = null;
  if (o.remove) {
    removeButton = document.createElement('button');
    removeButton.type = 'button';
    removeButton.className = 'danger';
    removeButton.textContent = o.remove;
    actions.append(removeButton);
  }
  actions.append(cancel);
  form.append(h, label, input, ...(o.help ? [help] : []), error, actions);
  dialog.append(form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let answer: AskAnswer = null;
    const close = () => dialog.close();
    cancel.addEventListener('click', close);
    removeButton?.addEventListener('click', () => {
      answer = { remove: true };
      close();
    });
    form.addEventListener('submit', (e) => {
      const value = input.value.trim();
      const problem = o.check?.(value) ?? null;
      if (problem) {
        e.preventDefault();
        error.textContent = problem;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      answer = { value };
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      back?.focus();
      resolve(answer);
    });
    dialog.showModal();
    input.focus();
    input.select();
  });
}
