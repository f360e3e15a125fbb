/**
 * The editor page: the writing column (headline, slug, dek, Markdown body with its preview,
 * excerpt) and the publishing column (status and time, section, tags, bylines, featured image,
 * comments). Works without JavaScript; public/editor.js adds the live preview, tag suggestions,
 * image upload, autosave and the warning before leaving with unsaved changes.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import type { ArticleStatus, ArticleType, Media, Revision } from '../../db/schema.js';
import { Field, PageHeader } from '../views/forms.js';
import type { EditorForm } from './save.js';

/** What the form shows: exactly what it sends (see save.ts). */
export type EditorValues = EditorForm;

export interface EditorProps {
  type: ArticleType;
  base: string;
  id: number | null;
  values: EditorValues;
  errors: Record<string, string>;
  errorMessage?: string;
  csrf: Html;
  statuses: ArticleStatus[];
  currentStatus: ArticleStatus | null;
  sections: { id: number; name: string; parent_id: number | null }[];
  /** Users who may be credited; empty when the writer may not choose bylines. */
  people: { id: number; name: string }[];
  media: Media[];
  timeZone: string;
  /** Where the article can be read: its permalink when visible, else a private preview link. */
  viewUrl: string | null;
  previewUrl: string | null;
  autosave: Revision | null;
  canTrash: boolean;
}

const STATUS_LABEL: Record<string, string> = {
  draft: 'Draft',
  pending: 'Pending review',
  scheduled: 'Scheduled',
  published: 'Published',
  trash: 'In the trash',
  private: 'Private',
};

function Select({
  name,
  label,
  value,
  options,
  error,
  help,
}: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
  help?: string;
}): Html {
  const id = `f-${name.replace(/_/g, '-')}`;
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={described}>
        {options.map(([v, l]) => (
          <option value={v} selected={v === value}>
            {l}
          </option>
        ))}
      </select>
      {help ? (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function EditorPage(p: EditorProps): Html {
  const v = p.values;
  const e = p.errors;
  const noun = p.type === 'page' ? 'page' : 'article';
  const action = p.id === null ? `${p.base}/new` : `${p.base}/${p.id}`;
  const sectionOptions: [string, string][] = [['', '(none)'], ...p.sections.map((s): [string, string] => [String(s.id), s.parent_id ? `— ${s.name}` : s.name])];
  return (
    <Fragment>
      <PageHeader title={p.id === null ? `New ${noun}` : `Edit ${noun}`}>
        {p.currentStatus ? <span class={`badge badge-${p.currentStatus}`}>{STATUS_LABEL[p.currentStatus]}</span> : null}
        {p.viewUrl ? <a href={p.viewUrl}>View on the site</a> : null}
        {p.previewUrl ? (
          <a href={p.previewUrl} rel="noopener" target="_blank">
            Private preview link
          </a>
        ) : null}
        {p.id !== null ? <a href={`${p.base}/${p.id}/revisions`}>Revisions</a> : null}
      </PageHeader>
      {p.errorMessage ? (
        <p class="flash flash-error" role="alert">
          {p.errorMessage}
        </p>
      ) : null}
      {p.autosave ? (
        <form class="notice" method="post" action={`${p.base}/${p.id}/revisions/${p.autosave.id}/restore`}>
          {p.csrf}
          <p>
            There is an autosaved version newer than the saved one. <button type="submit">Restore the autosave</button>
          </p>
        </form>
      ) : null}
      <form
        id="editor-form"
        class="editor"
        method="post"
        action={action}
        data-autosave={p.id === null ? `${p.base}/new/autosave` : `${p.base}/${p.id}/autosave`}
        data-base={p.base}
      >
        {p.csrf}
        <div class="editor-main">
          <Field name="headline" label="Headline" value={v.headline} error={e.headline} required attrs={{ maxlength: 300 }} />
          <Field
            name="slug"
            label="Slug"
            value={v.slug}
            error={e.slug}
            help={p.id === null ? 'Made from the headline when left empty.' : 'Changing it keeps the old address working (it redirects).'}
            attrs={{ pattern: '[A-Za-z0-9-]*', maxlength: 80 }}
          />
          <Field name="dek" label="Dek (standfirst)" value={v.dek} error={e.dek} rows={2} />
          <div class="field body-field">
            <div class="body-head">
              <label for="f-body">Body (Markdown)</label>
              <button type="button" id="preview-toggle" class="link" hidden aria-controls="body-preview" aria-expanded="false">
                Preview
              </button>
            </div>
            <textarea id="f-body" name="body" rows={22} aria-describedby="f-body-help">
              {v.body}
            </textarea>
            <p class="help" id="f-body-help">
              Paragraphs are separated by a blank line; **bold**, *italic*, [links](https://…), ## headings, &gt; quotes.
            </p>
            <section id="body-preview" class="body-preview article-body" aria-label="Preview" aria-live="polite" hidden></section>
          </div>
          <Field
            name="excerpt"
            label="Excerpt"
            value={v.excerpt}
            error={e.excerpt}
            rows={3}
            help="Shown in listings and feeds. Left empty, the start of the body is used."
          />
        </div>
        <div class="editor-side">
          <fieldset>
            <legend>Publishing</legend>
            <Select name="status" label="Status" value={v.status} options={p.statuses.map((s): [string, string] => [s, STATUS_LABEL[s]])} error={e.status} />
            <Field
              name="publish_at"
              label={`Publication date and time (${p.timeZone})`}
              type="datetime-local"
              value={v.publishAt}
              error={e.publish_at}
              help="Needed to schedule. Leave empty to publish now."
              attrs={{ step: 1 }}
            />
            <button type="submit" class="primary">
              Save
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
              {p.people.length ? (
                <div class="field">
                  <label for="f-author-ids">Authors</label>
                  <select id="f-author-ids" name="author_ids" multiple size={Math.min(6, p.people.length)} aria-describedby="f-author-ids-help">
                    {p.people.map((u) => (
                      <option value={String(u.id)} selected={v.authorIds.includes(String(u.id))}>
                        {u.name}
                      </option>
                    ))}
                  </select>
                  <p class="help" id="f-author-ids-help">
                    Hold Ctrl (or ⌘) to credit more than one.
                  </p>
                </div>
              ) : null}
              <div class="field checkbox">
                <input type="checkbox" id="f-comments-open" name="comments_open" value="1" checked={v.commentsOpen} />{' '}
                <label for="f-comments-open">Comments open</label>
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
          <p class="autosave-status" id="autosave-status" role="status"></p>
        </div>
      </form>
      {p.id !== null && p.canTrash ? (
        <div class="editor-actions">
          {p.currentStatus === 'published' || p.currentStatus === 'scheduled' ? (
            <form method="post" action={`${p.base}/${p.id}/status`}>
              {p.csrf}
              <input type="hidden" name="action" value="unpublish" />
              <button type="submit">Unpublish (back to draft)</button>
            </form>
          ) : null}
          <form method="post" action={`${p.base}/${p.id}/status`}>
            {p.csrf}
            <input type="hidden" name="action" value={p.currentStatus === 'trash' ? 'restore' : 'trash'} />
            <button type="submit" class={p.currentStatus === 'trash' ? '' : 'danger'}>
              {p.currentStatus === 'trash' ? 'Restore from the trash' : 'Move to the trash'}
            </button>
          </form>
        </div>
      ) : null}
    </Fragment>
  );
}
