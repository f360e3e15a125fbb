/**
 * Media library pages: the grid with search and upload, and one image's page (alt text, caption,
 * where it is used, delete).
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import type { Media } from '../../db/schema.js';
import { Field, PageHeader } from '../views/forms.js';
import type { MediaUsage } from './library.js';
import type { Variant } from '../../media/process.js';

/** The smallest stored size of an image, for thumbnails. */
export function thumbnailUrl(m: Media): string {
  let variants: Variant[] = [];
  try {
    variants = JSON.parse(m.variants) as Variant[];
  } catch {
    variants = [];
  }
  const pick = variants.filter((v) => v.format === 'webp').sort((a, b) => a.width - b.width)[0] ?? variants.sort((a, b) => a.width - b.width)[0];
  const path = pick?.path ?? m.path;
  return m.original_url && !m.path ? m.original_url : '/' + path.replace(/^\/+/, '');
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function UploadForm({ csrf, error }: { csrf: Html; error?: string }): Html {
  return (
    <form class="media-upload" method="post" action="/admin/media" enctype="multipart/form-data">
      {csrf}
      <div class={error ? 'field field-error' : 'field'}>
        <label for="f-file">Upload an image</label>
        <input
          id="f-file"
          type="file"
          name="file"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
          required
          aria-describedby={error ? 'f-file-help f-file-error' : 'f-file-help'}
          aria-invalid={error ? 'true' : undefined}
        />
        <p class="help" id="f-file-help">
          JPEG, PNG, WebP, GIF or AVIF, up to 20 MB. Location and camera details are removed.
        </p>
        {error ? (
          <p class="error" id="f-file-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit">Upload</button>
    </form>
  );
}

export function MediaLibrary(p: { items: Media[]; q: string; page: number; more: boolean; csrf: Html; error?: string; canUpload: boolean }): Html {
  const link = (n: number) => `/admin/media?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <Fragment>
      <PageHeader title="Media library" />
      {p.canUpload ? <UploadForm csrf={p.csrf} error={p.error} /> : null}
      <form class="media-search" method="get" action="/admin/media" role="search">
        <label for="media-q">Search by file name, alt text or caption</label> <input id="media-q" type="search" name="q" value={p.q} />{' '}
        <button type="submit">Search</button>
      </form>
      {p.items.length ? (
        <ul class="media-grid">
          {p.items.map((m) => (
            <li class="media-item">
              <a href={`/admin/media/${m.id}`}>
                <img src={thumbnailUrl(m)} alt={m.alt} width="160" height="120" loading="lazy" />
                <span class="media-name">{m.name || m.path.split('/').pop()}</span>
              </a>
              {m.alt ? null : <span class="badge badge-warn">No alt text</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{p.q ? 'No image matches that search.' : 'No images yet.'}</p>
      )}
      <nav class="pager" aria-label="Pages">
        {p.page > 1 ? <a href={link(p.page - 1)}>← Newer</a> : null} {p.more ? <a href={link(p.page + 1)}>Older →</a> : null}
      </nav>
    </Fragment>
  );
}

export function MediaDetail(p: {
  media: Media;
  usage: MediaUsage;
  csrf: Html /** May change its words and delete it (its uploader, or an editor). */;
  canDelete: boolean;
  errors?: Record<string, string>;
}): Html {
  const m = p.media;
  const used = p.usage.articles.length + p.usage.authors.length;
  return (
    <Fragment>
      <PageHeader title={m.name || 'Image'}>
        <a href="/admin/media">Back to the library</a>
      </PageHeader>
      <div class="media-detail">
        <figure>
          <img src={thumbnailUrl(m)} alt={m.alt} width={m.width ?? undefined} height={m.height ?? undefined} class="media-preview" />
          <figcaption>
            {m.width}×{m.height} px · {kb(m.bytes)} · {m.mime} · <a href={'/' + m.path}>original</a>
          </figcaption>
        </figure>
        {p.canDelete ? (
          <form method="post" action={`/admin/media/${m.id}`}>
            {p.csrf}
            <Field
              name="alt"
              label="Alt text"
              value={m.alt}
              error={p.errors?.alt}
              help="What the image shows, for readers who cannot see it. Needed to publish an article with this image."
            />
            <Field name="caption" label="Caption" value={m.caption} rows={2} />
            <button type="submit">Save</button>
          </form>
        ) : (
          <dl>
            <dt>Alt text</dt>
            <dd>{m.alt || 'None yet.'}</dd>
            <dt>Caption</dt>
            <dd>{m.caption || 'None.'}</dd>
            <dd>Its uploader or an editor can change these.</dd>
          </dl>
        )}
      </div>
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">Where it is used</h2>
        {used ? (
          <ul>
            {p.usage.articles.map((a) => (
              <li>
                <a href={`/admin/articles/${a.id}`}>{a.headline}</a> ({a.status})
              </li>
            ))}
            {p.usage.authors.map((u) => (
              <li>Photo of {u.name}</li>
            ))}
          </ul>
        ) : (
          <p>Not used by any article or profile.</p>
        )}
      </section>
      {p.canDelete ? (
        <form method="post" action={`/admin/media/${m.id}/delete`} class="danger-zone">
          {p.csrf}
          {used ? (
            <div class="field">
              <input type="checkbox" id="f-force" name="force" value="1" />{' '}
              <label for="f-force">
                Delete even though {used === 1 ? 'one article or profile uses' : `${used} articles or profiles use`} it (they lose the image)
              </label>
            </div>
          ) : null}
          <button type="submit" class="danger">
            Delete image
          </button>
        </form>
      ) : null}
    </Fragment>
  );
}
