/**
 * The editor page: the writing column (headline, slug, dek, the story, excerpt) and the side
 * column (publishing, filing, bylines, featured image, corrections; publish-panel.tsx).
 *
 * The story's body is a textarea of HTML that public/story-editor.js (src/newsroom/editor/)
 * replaces with the visual editor; without JavaScript the textarea itself is the editor.
 * public/editor.js adds tag suggestions, the byline picker, the featured-image upload, autosave
 * and the warning before leaving with unsaved changes. The form works without either.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { Field, PageHeader } from '../views/forms.js';
import { STATUS_LABEL, type EditorProps } from './editor-props.js';
import { PublishPanel } from './publish-panel.js';

export type { EditorProps, EditorValues } from './editor-props.js';

export function EditorPage(p: EditorProps): Html {
  const v = p.values;
  const e = p.errors;
  const noun = p.type === 'page' ? 'page' : 'article';
  const action = p.id === null ? `${p.base}/new` : `${p.base}/${p.id}`;
  const bodyDescribed = ['f-body-help', e.body ? 'f-body-error' : ''].filter(Boolean).join(' ');
  return (
    <Fragment>
      <PageHeader title={p.id === null ? `New ${noun}` : `Edit ${noun}`}>
        {p.current ? <span class={`badge badge-${p.current.status}`}>{STATUS_LABEL[p.current.status]}</span> : null}
        <ul class="header-links">
          {p.viewUrl ? (
            <li>
              <a href={p.viewUrl}>View on the site</a>
            </li>
          ) : null}
          {p.previewUrl ? (
            <li>
              <a href={p.previewUrl} rel="noopener" target="_blank">
                Private preview link
              </a>
            </li>
          ) : null}
          {p.id !== null ? (
            <li>
              <a href={`${p.base}/${p.id}/revisions`}>Revisions</a>
            </li>
          ) : null}
        </ul>
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
        <input type="hidden" name="body_format" value="html" />
        <div class="editor-main">
          <Field name="headline" label="Headline" value={v.headline} error={e.headline} required attrs={{ maxlength: 300 }} />
          <Field name="dek" label="Standfirst" value={v.dek} error={e.dek} rows={2} help="One or two sentences under the headline." />
          <div class={e.body ? 'field body-field field-error' : 'field body-field'}>
            <label for="f-body" id="f-body-label">
              Story
            </label>
            <textarea
              id="f-body"
              name="body"
              rows={22}
              aria-describedby={bodyDescribed}
              aria-invalid={e.body ? 'true' : undefined}
              data-visual=""
              data-can-upload={p.canUpload ? '1' : '0'}
            >
              {v.body}
            </textarea>
            <p class="help" id="f-body-help">
              The story as HTML: paragraphs in &lt;p&gt;, headings in &lt;h2&gt;, links in &lt;a href="…"&gt;.
            </p>
            {e.body ? (
              <p class="error" id="f-body-error">
                {e.body}
              </p>
            ) : null}
          </div>
          <Field
            name="slug"
            label="Address (slug)"
            value={v.slug}
            error={e.slug}
            help={p.id === null ? 'Made from the headline when left empty.' : 'Changing it keeps the old address working (it redirects).'}
            attrs={{ pattern: '[A-Za-z0-9-]*', maxlength: 80 }}
          />
          <Field
            name="excerpt"
            label="Excerpt"
            value={v.excerpt}
            error={e.excerpt}
            rows={3}
            help="Shown in listings and feeds. Left empty, the start of the story is used."
          />
        </div>
        <PublishPanel {...p} />
      </form>
      {p.id !== null && p.canTrash ? (
        <div class="editor-actions">
          {p.current?.status === 'published' || p.current?.status === 'scheduled' ? (
            <form method="post" action={`${p.base}/${p.id}/status`}>
              {p.csrf}
              <input type="hidden" name="action" value="unpublish" />
              <button type="submit">Unpublish (back to draft)</button>
            </form>
          ) : null}
          <form method="post" action={`${p.base}/${p.id}/status`}>
            {p.csrf}
            <input type="hidden" name="action" value={p.current?.status === 'trash' ? 'restore' : 'trash'} />
            <button type="submit" class={p.current?.status === 'trash' ? '' : 'danger'}>
              {p.current?.status === 'trash' ? 'Restore from the trash' : 'Move to the trash'}
            </button>
          </form>
        </div>
      ) : null}
    </Fragment>
  );
}
