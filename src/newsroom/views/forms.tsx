/**
 * Small form pieces for admin pages: a labelled field with its error beside it, kept accessible
 * (the error is tied to the input with aria-describedby and marks it aria-invalid).
 */
import { h, type Child, type Html } from '../../kernel/jsx.js';

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  help?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  /** Renders a textarea with this many rows instead of an input. */
  rows?: number;
  id?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** A labelled input (or textarea) with its help and its error. */
export function Field(p: FieldProps): Html {
  const id = p.id ?? `f-${p.name.replace(/[^a-z0-9_-]/gi, '-')}`;
  const described = [p.help ? `${id}-help` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: p.name, required: p.required, 'aria-invalid': p.error ? 'true' : undefined, 'aria-describedby': described, ...p.attrs };
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.rows ? (
        <textarea {...common} rows={p.rows}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={p.type ?? 'text'} value={p.value ?? ''} autocomplete={p.autocomplete} />
      )}
      {p.help ? (
        <p class="help" id={`${id}-help`}>
          {p.help}
        </p>
      ) : null}
      {p.error ? (
        <p class="error" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** A page heading with optional actions beside it. */
export function PageHeader({ title, children }: { title: string; children?: Child }): Html {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-actions">{children}</div> : null}
    </div>
  );
}

/** A time shown in the site's zone, with the machine-readable instant. */
export function When({ ms, tz }: { ms: number; tz: string }): Html {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  return <time datetime={new Date(ms).toISOString()}>{text}</time>;
}
