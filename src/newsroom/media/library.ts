/**
 * The media library: storing an upload, listing and searching, editing alt text and captions,
 * and deleting, which warns while an article or an author profile still shows the image.
 */
import type { Db, Media } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { MediaError } from '../../media/errors.js';
import { processImage, removeFiles, type Variant } from '../../media/process.js';

/** Every file a media row owns, relative to the data directory. */
export function mediaFiles(m: Pick<Media, 'path' | 'variants'>): string[] {
  const files = new Set<string>();
  if (m.path) files.add(m.path.replace(/^\/+/, ''));
  try {
    for (const v of JSON.parse(m.variants) as Variant[]) files.add(v.path.replace(/^\/+/, ''));
  } catch {
    // An unreadable variants list owns nothing more.
  }
  // Only files under media/ are ours to delete, whatever a row says.
  return [...files].filter((f) => /^media\/[\w/.-]+$/.test(f) && !f.includes('..'));
}

/**
 * Checks, cleans and stores an upload; returns the new media row.
 * Files are written first and removed again if the row cannot be stored.
 */
export async function storeUpload(deps: Deps, upload: { data: Buffer; filename: string; userId: number | null }): Promise<Media> {
  const tz = (await deps.settings.all())['site.timezone'];
  const img = await processImage(upload.data, { dataDir: deps.config.dataDir, now: deps.clock.now(), name: upload.filename || 'image', timeZone: tz });
  try {
    return await deps.write(async (trx) =>
      trx
        .insertInto('media')
        .values({
          path: img.path,
          mime: img.mime,
          width: img.width,
          height: img.height,
          bytes: img.bytes,
          alt: '',
          caption: '',
          variants: JSON.stringify(img.variants),
          original_url: null,
          wp_id: null,
          created_at: deps.clock.now(),
          name: upload.filename.slice(0, 200),
          uploaded_by: upload.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  } catch (err) {
    await removeFiles(deps.config.dataDir, img.files);
    throw err;
  }
}

export interface MediaListOptions {
  q?: string;
  page: number;
  perPage: number;
}

/** Newest first, optionally filtered by file name, alt text or caption. Fetches one extra row to tell if more exist. */
export async function listMedia(db: Db, o: MediaListOptions): Promise<{ items: Media[]; more: boolean }> {
  const q = o.q?.trim();
  const rows = await db
    .selectFrom('media')
    .selectAll()
    .$if(!!q, (qb) => {
      // LIKE wildcards typed by the user are dropped: escaping differs between the two databases.
      const like = `%${q!.toLowerCase().replace(/[%_\\]/g, '')}%`;
      return qb.where((eb) =>
        eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['alt']), 'like', like), eb(eb.fn('lower', ['caption']), 'like', like)]),
      );
    })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.perPage + 1)
    .offset((o.page - 1) * o.perPage)
    .execute();
  return { items: rows.slice(0, o.perPage), more: rows.length > o.perPage };
}

export interface MediaUsage {
  articles: { id: number; headline: string; status: string }[];
  authors: { id: number; name: string }[];
}

/** Where an image is shown: as a featured image, inside a body, or as an author's photo. */
export async function mediaUsage(db: Db, m: Pick<Media, 'id' | 'path'>): Promise<MediaUsage> {
  const stem = m.path.replace(/^\/+/, '').replace(/\.[a-z0-9]+$/i, '');
  const [articles, authors] = await Promise.all([
    db
      .selectFrom('articles')
      .select(['id', 'headline', 'status'])
      .where((eb) => eb.or([eb('featured_media_id', '=', m.id), ...(stem ? [eb('body', 'like', `%${stem}%`)] : [])]))
      .orderBy('id', 'desc')
      .limit(50)
      .execute(),
    db.selectFrom('users').select(['id', 'name']).where('photo_media_id', '=', m.id).execute(),
  ]);
  return { articles, authors };
}

/** Cache tags of every page showing the image. */
const pagesShowing = (use: MediaUsage) => [...use.articles.map((a) => `article:${a.id}`), ...use.authors.map((u) => `author:${u.id}`)];

export async function mediaById(db: Db, id: number): Promise<Media | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sets alt text and caption; pages showing the image render again. */
export async function updateMediaText(deps: Deps, id: number, text: { alt: string; caption: string }): Promise<void> {
  await deps.write(async (trx, stale) => {
    const m = await mediaById(trx, id);
    if (!m) throw new MediaError('GAZ_ERR_MEDIA_NOT_FOUND');
    await trx
      .updateTable('media')
      .set({ alt: text.alt.trim().slice(0, 500), caption: text.caption.trim().slice(0, 2000) })
      .where('id', '=', id)
      .execute();
    stale(...pagesShowing(await mediaUsage(trx, m)));
  });
}

/**
 * Deletes an image and its files. While something still shows it, refuses with
 * `GAZ_ERR_MEDIA_IN_USE` unless `force` (then featured images and photos are cleared).
 */
export async function deleteMedia(deps: Deps, id: number, force = false): Promise<void> {
  const files = await deps.write(async (trx, stale) => {
    const m = await mediaById(trx, id);
    if (!m) throw new MediaError('GAZ_ERR_MEDIA_NOT_FOUND');
    const use = await mediaUsage(trx, m);
    if (!force && (use.articles.length || use.authors.length)) throw new MediaError('GAZ_ERR_MEDIA_IN_USE');
    await trx.updateTable('articles').set({ featured_media_id: null }).where('featured_media_id', '=', id).execute();
    await trx.updateTable('users').set({ photo_media_id: null }).where('photo_media_id', '=', id).execute();
    await trx.deleteFrom('media').where('id', '=', id).execute();
    stale(...pagesShowing(use));
    return mediaFiles(m);
  });
  await removeFiles(deps.config.dataDir, files);
}
