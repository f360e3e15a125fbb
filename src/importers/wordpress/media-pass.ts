/**
 * Media come home, before the import's transaction opens: every attachment the export lists is
 * found in `--uploads DIR`, or downloaded from the old site with `--download`, and taken in through
 * the newsroom's media pipeline (checked by content, stripped of metadata, resized). Nothing here
 * holds the database's write lock, however slow the old site is.
 *
 * Downloads are bounded (a timeout, a size cap, the content type checked against the file's kind, a
 * few in flight) and land in `DATA_DIR/import/wordpress-uploads/` first, a mirror of the old
 * uploads folder; what was taken in is remembered in `DATA_DIR/import/wordpress-media.json`. A
 * re-run (after a failure, or to retry what the old site refused) fetches and processes only what it
 * does not already have. What could not be had is named with its reason in the summary.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { localParts } from '../../content/dates.js';
import { slugify } from '../../content/permalinks.js';
import { MAX_UPLOAD_BYTES, processImage, type Variant } from '../../media/process.js';
import { sniffImage } from '../../media/sniff.js';
import type { WxrItem } from './records.js';
import { emptyUploadMap, type UploadMap } from './upload-refs.js';
import { mimeFromUrl, uploadRelativePath, wpDate, wpId } from './values.js';
import { readWxr } from './wxr-reader.js';

export interface MediaPassOptions {
  /** A local copy of `wp-content/uploads`. */
  uploadsDir?: string;
  /** Download what the uploads folder does not have from the attachment's URL. */
  download?: boolean;
  /** Per file, from request to last byte. */
  timeoutMs?: number;
  /** Largest file taken in. */
  maxBytes?: number;
  /** Downloads and resizes in flight. */
  concurrency?: number;
}

/** An attachment taken in: what its media row needs. */
export interface LocalMedia {
  rel: string;
  path: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  variants: Variant[];
}

export interface MediaFailure {
  id: string;
  url: string;
  reason: string;
}

export interface MediaPassResult {
  /** Attachment post id → its local copy. */
  byWp: Map<number, LocalMedia>;
  /** What the worker rewrites bodies with. */
  map: UploadMap;
  /** Old upload URL paths (decoded) → local URL path, for the 301s. */
  redirects: Map<string, { target: string; wp: number }>;
  failed: MediaFailure[];
}

interface Attachment {
  wp: number;
  parent: number | null;
  order: number;
  url: string;
  rel: string | null;
  date: number;
  alt: string;
  caption: string;
  meta: AttachmentMeta;
}

export interface AttachmentMeta {
  width: number | null;
  height: number | null;
  /** Resized copies WordPress made: file names in the original's folder. */
  sizes: Array<{ file: string; width: number; height: number }>;
  /** The file before WordPress scaled a big image down (`photo.jpg` for `photo-scaled.jpg`). */
  originalImage?: string;
}

/** `_wp_attachment_metadata`, a PHP-serialised array, read for what matters here. */
export function attachmentMeta(serialized: string): AttachmentMeta {
  const w = /s:5:"width";i:(\d+);/.exec(serialized);
  const h = /s:6:"height";i:(\d+);/.exec(serialized);
  const sizes: AttachmentMeta['sizes'] = [];
  for (const m of serialized.matchAll(/s:4:"file";s:\d+:"([^"]*)";s:5:"width";i:(\d+);s:6:"height";i:(\d+);/g))
    sizes.push({ file: m[1], width: Number(m[2]), height: Number(m[3]) });
  const original = /s:14:"original_image";s:\d+:"([^"]*)";/.exec(serialized)?.[1];
  return { width: w ? Number(w[1]) : null, height: h ? Number(h[1]) : null, sizes, originalImage: original || undefined };
}

const metaOf = (it: WxrItem, key: string) => it.meta.find((m) => m.key === key)?.value;

/** Files other than images the media route serves (newsroom/media/serve.ts). */
const SERVED = new Set(['mp3', 'm4a', 'ogg', 'wav', 'mp4', 'm4v', 'webm', 'pdf']);

const IMAGE = /\.(jpe?g|jpe|png|gif|webp|avif)$/i;

/** The content types a file of this extension may be served with. */
function typeAccepts(rel: string, contentType: string): boolean {
  const t = contentType.split(';')[0].trim().toLowerCase();
  const mime = mimeFromUrl(rel);
  if (mime.startsWith('image/')) return t.startsWith('image/');
  if (mime.startsWith('audio/')) return t.startsWith('audio/') || t === 'application/ogg' || t === 'video/mp4';
  if (mime.startsWith('video/')) return t.startsWith('video/') || t === 'application/ogg';
  // Documents: anything but a web page (an old site answers a missing file with its HTML 404 page).
  return t !== 'text/html' && t !== '';
}

/**
 * Images go through the pipeline one at a time, and each encodes its sizes and formats one after
 * the other, while downloads stay four in flight: four images at once took the import past 500 MB
 * (bench/import.ts with media references) where its goal is under 300, and one image's fourteen
 * encodes at once (libvips's four threads, each with its own malloc arena) held 250 MB more.
 */
let imageQueue: Promise<unknown> = Promise.resolve();
function oneImageAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = imageQueue.then(fn, fn);
  imageQueue = run.catch(() => undefined);
  return run;
}

/** Attachments being taken in at once (downloads four of them, images one): the reading runs this far ahead. */
const IN_FLIGHT = 64;

/** How often the manifest of what was taken in is written while the pass runs. */
const MANIFEST_EVERY_MS = 3000;

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

class Refused extends Error {}

/** Downloads `url` to `dest` (via `dest.part`), or throws Refused with the reason. */
async function download(url: string, rel: string, dest: string, timeoutMs: number, maxBytes: number): Promise<void> {
  let res: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    throw new Refused(
      signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `cannot reach the old site (${(err as Error).cause ?? (err as Error).message})`,
    );
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
    throw new Refused(`the old site answered HTTP ${res.status}`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!typeAccepts(rel, type)) {
    await res.body?.cancel().catch(() => {});
    throw new Refused(`the old site sent ${type || 'no content type'} for a ${mimeFromUrl(rel)} file`);
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  if (length > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new Refused(`larger than the ${mb(maxBytes)} limit (${mb(length)})`);
  }
  if (!res.body) throw new Refused('the old site sent no body');
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  let seen = 0;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) body.destroy(new Refused(`larger than the ${mb(maxBytes)} limit`));
  });
  try {
    await pipeline(body, createWriteStream(part));
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof Refused) throw err;
    throw new Refused(signal.aborted ? `not received within ${timeoutMs / 1000} s` : `download broke off (${(err as Error).message})`);
  }
  await rename(part, dest);
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function firstBytes(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(file, { start: 0, end: 63 })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A function that runs what it is given at most `limit` at a time, the rest in turn. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The local URL of the variant closest to `width` (at least as wide, else the widest) in the original's format. */
function variantFor(m: LocalMedia, width: number): string {
  const ext = m.path.split('.').pop();
  const own = m.variants.filter((v) => v.path.split('.').pop() === ext).sort((a, b) => a.width - b.width);
  const pick = own.find((v) => v.width >= width) ?? own[own.length - 1];
  return `/${(pick?.path ?? m.path).replace(/^\/+/, '')}`;
}

/** What the pass needs of the site: where its files go, its time zone, and now (an attachment without a date). */
export interface MediaSite {
  dataDir: string;
  tz: string;
  now: number;
}

/**
 * Reads the attachments of `file` and takes each one's file in; see the file comment. The import
 * runs it in a child process of its own (media-in-child.ts), whose memory goes back when it ends.
 */
export async function mediaPass(site: MediaSite, file: string, opts: MediaPassOptions): Promise<MediaPassResult> {
  const { tz } = site;
  const dataDir = site.dataDir;
  const mirror = join(dataDir, 'import', 'wordpress-uploads');
  const manifestFile = join(dataDir, 'import', 'wordpress-media.json');
  let manifest: Record<string, LocalMedia> = {};
  try {
    manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, LocalMedia>;
  } catch {
    manifest = {};
  }
  await mkdir(dirname(manifestFile), { recursive: true });
  // The manifest is written every few seconds, not after each file: written whole each time, it cost
  // a site of n attachments n² (50,000 photos, 50 MB of JSON 50,000 times). A pass cut short loses
  // at most those few seconds' entries, whose files a re-run then takes in again. Written to a
  // temporary name and renamed, so a crash never leaves half a manifest.
  let saving = Promise.resolve();
  let unsaved = false;
  let savedAt = 0;
  const save = () => {
    unsaved = false;
    savedAt = Date.now();
    const text = JSON.stringify(manifest);
    saving = saving.then(async () => {
      await writeFile(`${manifestFile}.part`, text);
      await rename(`${manifestFile}.part`, manifestFile);
    });
  };
  const remember = (m: LocalMedia) => {
    manifest[m.rel] = m;
    unsaved = true;
    if (Date.now() - savedAt >= MANIFEST_EVERY_MS) save();
  };

  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  const byWp = new Map<number, LocalMedia>();
  const failed: MediaFailure[] = [];

  const downloads = limiter(opts.concurrency ?? 4);
  const takeIn = async (a: Attachment): Promise<void> => {
    const fail = (reason: string) => void failed.push({ id: String(a.wp), url: a.url, reason });
    if (!a.rel) return fail('its URL is not under wp-content/uploads');
    const known = manifest[a.rel];
    if (known && (await isFile(join(dataDir, known.path)))) return void byWp.set(a.wp, known);

    let source: string | null = null;
    if (opts.uploadsDir && (await isFile(join(opts.uploadsDir, a.rel)))) source = join(opts.uploadsDir, a.rel);
    else if (await isFile(join(mirror, a.rel))) source = join(mirror, a.rel);
    else if (opts.download) {
      if (!/^https?:\/\//i.test(a.url)) return fail('its URL is not an http(s) address');
      try {
        const rel = a.rel;
        await downloads(() => download(a.url, rel, join(mirror, rel), timeoutMs, maxBytes));
        source = join(mirror, a.rel);
      } catch (err) {
        return fail(err instanceof Refused ? err.message : (err as Error).message);
      }
    } else return fail(opts.uploadsDir ? 'not in the uploads folder' : 'no uploads folder given (--uploads) and downloading not asked for (--download)');

    const size = (await stat(source)).size;
    if (size > maxBytes) return fail(`larger than the ${mb(maxBytes)} limit (${mb(size)})`);
    if (IMAGE.test(a.rel)) {
      const head = await firstBytes(source);
      if (!sniffImage(head)) return fail('not an image: its bytes are not those of a JPEG, PNG, GIF, WebP or AVIF file');
      try {
        const name = a.rel.split('/').pop()!;
        const from = source;
        // Read in its turn: the images waiting hold no bytes.
        const img = await oneImageAtATime(async () => processImage(await readFile(from), { dataDir, now: a.date, name, timeZone: tz, oneAtATime: true }));
        const m: LocalMedia = { rel: a.rel, path: img.path, mime: img.mime, bytes: img.bytes, width: img.width, height: img.height, variants: img.variants };
        byWp.set(a.wp, m);
        remember(m);
      } catch (err) {
        fail(`the image pipeline refused it (${(err as Error).message})`);
      }
      return;
    }
    // Other files keep their bytes, under a name the media route serves (media/YYYY/MM/name-hex.ext).
    const ext = /\.([a-z0-9]+)$/i.exec(a.rel)?.[1]?.toLowerCase() ?? '';
    if (!SERVED.has(ext)) return fail(`files of type .${ext || '(none)'} are not served here`);
    const when = localParts(a.date, tz);
    const stem = `${
      slugify(
        a.rel
          .split('/')
          .pop()!
          .replace(/\.[a-z0-9]+$/i, ''),
        48,
      ) || 'file'
    }-${randomBytes(4).toString('hex')}`;
    const path = `media/${when.year}/${String(when.month).padStart(2, '0')}/${stem}.${ext}`;
    await mkdir(dirname(join(dataDir, path)), { recursive: true });
    await copyFile(source, join(dataDir, path));
    const m: LocalMedia = { rel: a.rel, path, mime: mimeFromUrl(a.rel), bytes: size, width: a.meta.width, height: a.meta.height, variants: [] };
    byWp.set(a.wp, m);
    remember(m);
  };

  // Each attachment is taken in as the file is read, so the images are encoded while the rest of
  // the file is parsed (on the other core); at most IN_FLIGHT wait at once, then the reading waits.
  const inFlight = new Set<Promise<void>>();
  const attachments: Attachment[] = [];
  // A file that turns out malformed half-way stops the reading; what was already taken in is
  // finished and remembered for the next run.
  try {
    for await (const r of readWxr(createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }))) {
      if (r.kind !== 'item' || r.postType !== 'attachment') continue;
      const wp = wpId(r.postId);
      if (wp === null) continue;
      const url = r.attachmentUrl || r.guid;
      const a: Attachment = {
        wp,
        parent: wpId(r.postParent),
        order: Number(r.menuOrder) || 0,
        url,
        rel: uploadRelativePath(url, metaOf(r, '_wp_attached_file')),
        date: wpDate(r.postDateGmt, r.postDate, tz) ?? site.now,
        alt: (metaOf(r, '_wp_attachment_image_alt') ?? '').trim(),
        caption: r.excerpt.trim(),
        meta: attachmentMeta(metaOf(r, '_wp_attachment_metadata') ?? ''),
      };
      attachments.push(a);
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      const p = takeIn(a).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  } finally {
    await Promise.allSettled(inFlight);
    if (unsaved) save();
    await saving;
  }

  // The maps: every file name WordPress knew for an attachment → the local copy.
  const map = emptyUploadMap();
  const redirects = new Map<string, { target: string; wp: number }>();
  const kids = new Map<number, Attachment[]>();
  for (const a of attachments) {
    const m = byWp.get(a.wp);
    if (!m || !a.rel) continue;
    const full = `/${m.path.replace(/^\/+/, '')}`;
    const folder = a.rel.includes('/') ? a.rel.slice(0, a.rel.lastIndexOf('/') + 1) : '';
    const names: Array<[string, string]> = [[a.rel, full]];
    if (a.meta.originalImage) names.push([folder + a.meta.originalImage, full]);
    for (const s of a.meta.sizes) names.push([folder + s.file, variantFor(m, s.width)]);
    let prefix = '/wp-content/uploads/';
    try {
      const p = decodeURIComponent(new URL(a.url, 'http://old.invalid').pathname);
      const at = p.indexOf('/wp-content/uploads/');
      if (at >= 0) prefix = p.slice(0, at) + '/wp-content/uploads/';
    } catch {
      // keep the default folder
    }
    for (const [rel, target] of names) {
      map.files[rel] = target;
      redirects.set(prefix + rel, { target, wp: a.wp });
    }
    if (m.mime.startsWith('image/')) {
      map.images[a.wp] = { src: full, alt: a.alt, caption: a.caption, width: m.width, height: m.height };
      if (a.parent !== null) kids.set(a.parent, [...(kids.get(a.parent) ?? []), a]);
    }
  }
  for (const [parent, list] of kids) map.children[parent] = list.sort((x, y) => x.order - y.order || x.wp - y.wp).map((a) => a.wp);
  return { byWp, map, redirects, failed };
}
