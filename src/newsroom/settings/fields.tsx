/**
 * One setting as a form control a person understands: its label and help in plain words (from
 * settings/definitions.ts), a checkbox for yes/no, a colour picker with its contrast in both
 * schemes, a list of time zones, date formats as examples of today's date, numbers with their
 * limits. public/settings.js makes the contrast and the date examples live.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { formatDate } from '../../content/dates.js';
import { settingDefinitions, type SettingKey } from '../../settings/definitions.js';
import { contrast, PAPER, readableAccent } from '../../views/theme-css.js';
import { Field } from '../views/forms.js';

export const LONG_TEXT = new Set<SettingKey>(['comments.moderation_words', 'comments.disallowed_words']);

/** Date formats newsrooms use, as PHP date() letters (WordPress's way of writing them). */
export const DATE_PRESETS = ['l, F j, Y', 'D. M jS, Y', 'F j, Y', 'j F Y', 'D j M Y', 'Y-m-d', 'd/m/Y', 'm/d/Y'];
export const CUSTOM = '__custom';

const CHOICES: Partial<Record<SettingKey, [string, string][]>> = {
  'comments.order': [
    ['oldest', 'Oldest first'],
    ['newest', 'Newest first'],
  ],
};

/** Every IANA zone the runtime knows, UTC first. */
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

export const idOf = (key: string) => 'set-' + key.replace(/[^a-z0-9]+/gi, '-');

export interface FieldContext {
  now: number;
  tz: string;
}

function Help({ id, text }: { id: string; text: string }): Html {
  return (
    <p class="help" id={`${id}-help`}>
      {text}
    </p>
  );
}

function ErrorLine({ id, error }: { id: string; error?: string }): Html {
  return error ? (
    <p class="error" id={`${id}-error`}>
      {error}
    </p>
  ) : (
    <Fragment />
  );
}

const describedBy = (id: string, error?: string) => (error ? `${id}-help ${id}-error` : `${id}-help`);

/** The accent's contrast against the paper of each scheme, and what the site turns it into. */
export function accentReport(accent: string): { scheme: 'light' | 'dark'; ratio: number; used: string }[] {
  if (!/^#[0-9a-f]{6}$/i.test(accent)) return [];
  return (['light', 'dark'] as const).map((scheme) => ({ scheme, ratio: contrast(accent, PAPER[scheme]), used: readableAccent(accent, PAPER[scheme]) }));
}

function AccentField({ k, value, error }: { k: SettingKey; value: string; error?: string }): Html {
  const id = idOf(k);
  const def = settingDefinitions[k];
  return (
    <div class={error ? 'field field-error accent-field' : 'field accent-field'} data-accent="" data-paper-light={PAPER.light} data-paper-dark={PAPER.dark}>
      <label for={id}>{def.label}</label>
      <input
        type="color"
        id={id}
        name={k}
        value={/^#[0-9a-f]{6}$/i.test(value) ? value : '#b3261e'}
        aria-describedby={`${describedBy(id, error)} ${id}-contrast`}
      />
      <Help id={id} text={def.help} />
      <ul class="contrast" id={`${id}-contrast`} aria-live="polite">
        {accentReport(value).map((r) => (
          <li data-scheme={r.scheme}>
            <span class={`swatch swatch-${r.scheme}`} aria-hidden="true">
              Aa
            </span>{' '}
            {r.scheme === 'light' ? 'Light' : 'Dark'} pages: contrast {r.ratio.toFixed(1)}:1{' '}
            {r.ratio >= 4.5 ? '— readable.' : `— too faint for text; the site uses ${r.used} instead.`}
          </li>
        ))}
      </ul>
      <ErrorLine id={id} error={error} />
    </div>
  );
}

function DateFormatField({ k, value, error, c }: { k: SettingKey; value: string; error?: string; c: FieldContext }): Html {
  const id = idOf(k);
  const def = settingDefinitions[k];
  const preset = DATE_PRESETS.includes(value);
  return (
    <div class={error ? 'field field-error date-format-field' : 'field date-format-field'} data-date-format="">
      <label for={id}>{def.label}</label>
      <select id={id} name={k} aria-describedby={describedBy(id, error)}>
        {DATE_PRESETS.map((f) => (
          <option value={f} selected={f === value}>
            {formatDate(c.now, c.tz, f)}
          </option>
        ))}
        <option value={CUSTOM} selected={!preset}>
          Another format…
        </option>
      </select>
      <Help id={id} text={def.help} />
      <div class="field custom-format">
        <label for={`${id}-custom`}>Another format, in PHP date() letters (as WordPress writes them)</label>
        <input type="text" id={`${id}-custom`} name={`${k}.custom`} value={preset ? '' : value} aria-describedby={`${id}-custom-help`} />
        <p class="help" id={`${id}-custom-help`}>
          j day, F month, Y year, D weekday, M short month, S st/nd/rd. Today reads:{' '}
          <output class="date-preview" for={`${id}-custom`}>
            {preset ? '' : formatDate(c.now, c.tz, value)}
          </output>
        </p>
      </div>
      <ErrorLine id={id} error={error} />
    </div>
  );
}

export function SettingField({ k, value, error, c }: { k: SettingKey; value: string; error?: string; c: FieldContext }): Html {
  const def = settingDefinitions[k];
  const id = idOf(k);
  if (k === 'site.accent') return <AccentField k={k} value={value} error={error} />;
  if (k === 'site.date_format' || k === 'site.article_date_format') return <DateFormatField k={k} value={value} error={error} c={c} />;
  if (typeof def.default === 'boolean') {
    return (
      <div class={error ? 'field field-check field-error' : 'field field-check'}>
        <input type="hidden" name={k} value="false" />
        <input type="checkbox" id={id} name={k} value="true" checked={value === 'true'} aria-describedby={describedBy(id, error)} />
        <label for={id}>{def.label}</label>
        <Help id={id} text={def.help} />
        <ErrorLine id={id} error={error} />
      </div>
    );
  }
  let choices: [string, string][] | undefined = k === 'site.timezone' ? ZONES.map((z) => [z, z.replace(/_/g, ' ')]) : CHOICES[k];
  if (choices) {
    // A refused value (sent by a script, or a zone this runtime no longer knows) stays in view.
    if (value && !choices.some(([v]) => v === value)) choices = [[value, value], ...choices];
    return (
      <div class={error ? 'field field-error' : 'field'}>
        <label for={id}>{def.label}</label>
        <select id={id} name={k} aria-describedby={describedBy(id, error)}>
          {choices.map(([v, label]) => (
            <option value={v} selected={v === value}>
              {label}
            </option>
          ))}
        </select>
        <Help id={id} text={def.help} />
        <ErrorLine id={id} error={error} />
      </div>
    );
  }
  const numeric = typeof def.default === 'number';
  return (
    <Field
      id={id}
      name={k}
      label={def.label}
      value={value}
      error={error}
      help={def.help}
      rows={LONG_TEXT.has(k) ? 6 : undefined}
      type={numeric ? 'number' : k === 'mail.from_address' ? 'email' : 'text'}
      attrs={numeric ? { min: 0, inputmode: 'numeric' } : undefined}
    />
  );
}
