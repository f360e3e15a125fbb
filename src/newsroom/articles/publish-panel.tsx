/**
 * The editor's side column: where the story stands and the actions that fit it (Save draft,
 * Publish, Schedule, Update, Submit for review: each a submit button sending the contract's
 * `status` field), the preview, filing and bylines, the featured image and corrections.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { Field } from '../views/forms.js';
import { When } from '../views/forms.js';
import { plannedTime } from './outcome.js';
import type { EditorProps } from './editor-props.js';

function Select(p: { name: string; label: string; value: string; options: [string, string][]; error?: string; help?: string }): Html {
  const id = `f-${p.name.replace(/_/g, '-')}`;
  const described = [p.help ? `${id}-help` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={described}>
        {p.options.map(([v, l]) => (
          <option value={v} selected={v === p.value}>
            {l}
          </option>
        ))}
      </select>
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

/** Where the story stands, in a sentence. */
function StateLine({ p }: { p: EditorProps }): Html {
  const c = p.current;
  if (!c) return <p class="pub-state">Not saved yet.</p>;
  const at = c.publishedAt;
  if ((c.status === 'published' || c.status === 'scheduled') && at !== null) {
    return at > p.now ? (
      <p class="pub-state pub-scheduled">
        Scheduled for{' '}
        <time datetime={new Date(at).toISOString()}>
          {plannedTime(at, p.timeZone)} {p.timeZone}
        </time>
        .
      </p>
    ) : (
      <p class="pub-state pub-live">
        Published <When ms={at} tz={p.timeZone} /> ({p.timeZone}).
      </p>
    );
  }
  if (c.status === 'pending') return <p class="pub-state">Waiting for an editor’s review; not on the site.</p>;
  if (c.status === 'trash') return <p class="pub-state">In the trash; not on the site.</p>;
  return <p class="pub-state">Draft; not on the site.</p>;
}

/** The save buttons that fit the story's state and the writer's role, the safest first (Enter presses it). */
function Actions({ p }: { p: EditorProps }): Html {
  const c = p.current;
  const mayPublish = p.statuses.includes('published');
  const live = c !== null && (c.status === 'published' || c.status === 'scheduled') && c.publishedAt !== null;
  const button = (status: string, label: string, cls = '', extra: Record<string, string> = {}) => (
    <button type="submit" name="status" value={status} class={cls} {...extra}>
      {label}
    </button>
  );
  if (!mayPublish) {
    return (
      <Fragment>
        {button('draft', 'Save draft')}
        {button('pending', 'Submit for review', 'primary')}
      </Fragment>
    );
  }
  if (live && c.publishedAt! <= p.now) return button('published', 'Update', 'primary');
  if (live) return button('scheduled', 'Update schedule', 'primary', { 'data-when': 'later' });
  return (
    <Fragment>
      {button('draft', 'Save draft')}
      {button('published', 'Publish', 'primary', { 'data-when': 'now' })}
      {button('scheduled', 'Schedule', 'primary', { 'data-when': 'later' })}
    </Fragment>
  );
}

function Bylines({ p }: { p: EditorProps }): Html {
  const chosen = new Set(p.values.authorIds);
  if (!p.chooseAuthors) {
    return (
      <p class="field">
        <span class="label">Byline</span> {p.people.map((u) => u.name).join(', ')}
      </p>
    );
  }
  return (
    <fieldset class="bylines" data-bylines="">
      <legend>Byline</legend>
      <p class="help" id="bylines-help">
        Tick everyone who wrote the story, in the order they are credited.
      </p>
      <ul class="byline-options">
        {p.people.map((u) => (
          <li>
            <input type="checkbox" id={`author-${u.id}`} name="author_ids" value={String(u.id)} checked={chosen.has(String(u.id))} />
            <label for={`author-${u.id}`}>{u.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function PublishPanel(p: EditorProps): Html {
  const v = p.values;
  const e = p.errors;
  const live = p.current !== null && (p.current.status === 'published' || p.current.status === 'scheduled') && (p.current.publishedAt ?? Infinity) <= p.now;
  const sectionOptions: [string, string][] = [['', '(none)'], ...p.sections.map((s): [string, string] => [String(s.id), s.parent_id ? `— ${s.name}` : s.name])];
  return (
    <div class="editor-side">
      <fieldset class="publishing">
        <legend>Publishing</legend>
        <StateLine p={p} />
        {e.status ? <p class="error">{e.status}</p> : null}
        <Field
          name="publish_at"
          label={`Publication time (${p.timeZone})`}
          type="datetime-local"
          value={v.publishAt}
          error={e.publish_at}
          help="Empty: now. A time still to come schedules the story."
          attrs={{ 'data-now': p.nowLocal }}
        />
        <div class="pub-actions">
          <Actions p={p} />
        </div>
        <button type="submit" name="preview" value="1" formaction={`${p.base}/preview`} formtarget="_blank" class="link preview-button">
          Preview in the article template
        </button>
      </fieldset>
      {p.type === 'article' ? (
        <fieldset>
          <legend>Filing</legend>
          <Select name="section_id" label="Section" value={v.sectionId} options={sectionOptions} error={e.section_id} />
          <Field
            name="tags"
            label="Tags"
            value={v.tags}
            error={e.tags}
            help="Separated by commas; new tags are created."
            attrs={{ list: 'tag-suggestions', autocomplete: 'off' }}
          />
          <datalist id="tag-suggestions"></datalist>
          <Bylines p={p} />
          <div class="field field-check">
            <input type="checkbox" id="f-comments-open" name="comments_open" value="1" checked={v.commentsOpen} />
            <label for="f-comments-open">Readers may comment</label>
          </div>
        </fieldset>
      ) : null}
      <fieldset class="featured">
        <legend>Featured image</legend>
        <Select
          name="featured_media_id"
          label="Image"
          value={v.featuredMediaId}
          options={[['', '(none)'], ...p.media.map((m): [string, string] => [String(m.id), m.name || m.path.split('/').pop() || `#${m.id}`])]}
          error={e.featured_media_id}
          help="From the media library."
        />
        <div id="featured-upload" class="field" hidden>
          <label for="f-featured-file">Or upload a new image</label>
          <input type="file" id="f-featured-file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" />
          <p class="help" id="featured-upload-status" role="status"></p>
        </div>
        <Field name="featured_alt" label="Alt text" value={v.featuredAlt} error={e.featured_alt} help="Required to publish with an image." />
        <Field name="featured_caption" label="Caption" value={v.featuredCaption} rows={2} />
      </fieldset>
      {live ? (
        <fieldset class="corrections-field">
          <legend>Corrections</legend>
          {p.corrections.length ? (
            <ul class="plain">
              {p.corrections.map((c) => (
                <li>
                  <When ms={c.created_at} tz={p.timeZone} />: {c.body}
                </li>
              ))}
            </ul>
          ) : null}
          <Field
            name="correction"
            label="Add a correction"
            value={v.correction}
            error={e.correction}
            rows={3}
            help="What was wrong and what is right. It appears under the story with today’s date when you update it, and stays there."
          />
        </fieldset>
      ) : null}
      <p class="autosave-status" id="autosave-status" role="status"></p>
    </div>
  );
}
