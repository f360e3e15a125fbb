/**
 * Sections & tags, and author profiles: the pages.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import type { Media, Section } from '../../db/schema.js';
import { Field, PageHeader } from '../views/forms.js';

type SectionRow = Section & { depth: number };

function ParentSelect({ sections, value, self, error }: { sections: SectionRow[]; value: string; self: number | null; error?: string }): Html {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="f-parent-id">Inside</label>
      <select id="f-parent-id" name="parent_id" aria-describedby={error ? 'f-parent-id-error' : undefined}>
        <option value="">(top level)</option>
        {sections
          .filter((s) => s.depth === 0 && s.id !== self)
          .map((s) => (
            <option value={String(s.id)} selected={value === String(s.id)}>
              {s.name}
            </option>
          ))}
      </select>
      {error ? (
        <p class="error" id="f-parent-id-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface SectionFormValues {
  name: string;
  slug: string;
  description: string;
  position: string;
  parentId: string;
}

export function SectionForm({
  action,
  values,
  errors,
  sections,
  self,
  csrf,
  submit,
}: {
  action: string;
  values: SectionFormValues;
  errors: Record<string, string>;
  sections: SectionRow[];
  self: number | null;
  csrf: Html;
  submit: string;
}): Html {
  return (
    <form method="post" action={action} class="stacked">
      {csrf}
      <Field name="name" label="Name" value={values.name} error={errors.name} required />
      <Field name="slug" label="Slug" value={values.slug} error={errors.slug} help="Made from the name when left empty." />
      <Field name="description" label="Description" value={values.description} rows={2} />
      <Field name="position" label="Order" type="number" value={values.position} help="Lower numbers come first in the navigation." />
      <ParentSelect sections={sections} value={values.parentId} self={self} error={errors.parent_id} />
      <button type="submit">{submit}</button>
    </form>
  );
}

export function TaxonomyPage(p: {
  sections: SectionRow[];
  tags: { id: number; name: string; slug: string; n: number }[];
  csrf: Html;
  errors: Record<string, string>;
  values: SectionFormValues;
  tagError?: string;
}): Html {
  return (
    <Fragment>
      <PageHeader title="Sections & tags" />
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">Sections</h2>
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Order</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {p.sections.map((s) => (
              <tr>
                <td>
                  {s.depth ? '— ' : ''}
                  <a href={`/admin/taxonomy/sections/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.slug}</td>
                <td>{s.position}</td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Add a section</h3>
        <SectionForm
          action="/admin/taxonomy/sections"
          values={p.values}
          errors={p.errors}
          sections={p.sections}
          self={null}
          csrf={p.csrf}
          submit="Add section"
        />
      </section>
      <section aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags</h2>
        <form method="post" action="/admin/taxonomy/tags" class="inline-form">
          {p.csrf}
          <Field name="name" label="New tag" error={p.tagError} />
          <button type="submit">Add tag</button>
        </form>
        {p.tags.length ? (
          <table class="list-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Articles</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {p.tags.map((t) => (
                <tr>
                  <td>
                    <form method="post" action={`/admin/taxonomy/tags/${t.id}`} class="inline">
                      {p.csrf}
                      <label class="visually-hidden" for={`tag-${t.id}`}>
                        Name of tag {t.name}
                      </label>
                      <input id={`tag-${t.id}`} name="name" value={t.name} /> <input type="hidden" name="slug" value={t.slug} />
                      <button type="submit">Rename</button>
                    </form>
                  </td>
                  <td>{t.slug}</td>
                  <td>{t.n}</td>
                  <td>
                    <form method="post" action={`/admin/taxonomy/tags/${t.id}/delete`} class="inline">
                      {p.csrf}
                      <button type="submit" class="danger" aria-label={`Delete tag ${t.name}`}>
                        Delete
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No tags yet. Writers create them from the editor.</p>
        )}
      </section>
    </Fragment>
  );
}

export interface ProfileValues {
  name: string;
  slug: string;
  bio: string;
  photoMediaId: string;
}

export function AuthorsPage({ authors }: { authors: { id: number; name: string; slug: string; role: string; n: number }[] }): Html {
  return (
    <Fragment>
      <PageHeader title="Author profiles" />
      <table class="list-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Role</th>
            <th scope="col">Articles</th>
          </tr>
        </thead>
        <tbody>
          {authors.map((a) => (
            <tr>
              <td>
                <a href={`/admin/authors/${a.id}`}>{a.name}</a>
              </td>
              <td>{a.slug}</td>
              <td>{a.role}</td>
              <td>{a.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Fragment>
  );
}

export function ProfileForm({
  id,
  values,
  errors,
  media,
  csrf,
}: {
  id: number;
  values: ProfileValues;
  errors: Record<string, string>;
  media: Media[];
  csrf: Html;
}): Html {
  return (
    <Fragment>
      <PageHeader title="Author profile">
        <a href={`/author/${values.slug}/`}>Author page</a>
      </PageHeader>
      <form method="post" action={`/admin/authors/${id}`} class="stacked">
        {csrf}
        <Field name="name" label="Name on bylines" value={values.name} error={errors.name} required />
        <Field name="slug" label="Slug" value={values.slug} error={errors.slug} help="The author page's address: /author/slug/." />
        <Field name="bio" label="Biography" value={values.bio} error={errors.bio} rows={5} />
        <div class={errors.photo_media_id ? 'field field-error' : 'field'}>
          <label for="f-photo-media-id">Photo</label>
          <select id="f-photo-media-id" name="photo_media_id">
            <option value="">(none)</option>
            {media.map((m) => (
              <option value={String(m.id)} selected={values.photoMediaId === String(m.id)}>
                {m.name || m.path.split('/').pop()}
              </option>
            ))}
          </select>
          {errors.photo_media_id ? <p class="error">{errors.photo_media_id}</p> : null}
        </div>
        <button type="submit">Save profile</button>
      </form>
    </Fragment>
  );
}
