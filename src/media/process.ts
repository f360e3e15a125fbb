/**
 * The image pipeline: check what a file really is, then write a clean copy and its responsive
 * sizes under `DATA_DIR/media/YYYY/MM/`.
 *
 * Every stored file is re-encoded by sharp, which writes no metadata unless asked: EXIF (GPS
 * position, camera serial numbers), XMP and IPTC never leave the upload. Orientation is applied to
 * the pixels first, so a portrait photo stays upright once its EXIF orientation is gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metadata, Sharp } from 'sharp';

/** sharp (libvips) is loaded on the first upload: most processes never resize an image, and it
 * weighs about 25 MB of memory and a noticeable part of start-up. */
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;
import { localParts } from '../content/dates.js';
import { slugify } from '../content/permalinks.js';
import { MediaError } from './errors.js';
import { KIND_INFO, sniffImage, type ImageKind } from './sniff.js';

/** Widths of the responsive sizes; none is made wider than the image itself. */
// 720: a phone's full-width picture (about 380 CSS px at 1.75–2 device pixels), which 640 is too
// small for and 1024 too large (Lighthouse counted half of a lead photograph's bytes as wasted).
export const VARIANT_WIDTHS = [320, 640, 720, 1024, 1600, 2400] as const;
/** The most an upload may weigh. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Decompression bombs stop here: a small file can claim a billion pixels. */
const MAX_PIXELS = 100_000_000;
const MAX_SIDE = 20_000;

/** One stored size, as `ResponsiveImage` reads it: `path` is relative to the site root. */
export interface Variant {
  width: number;
  format: ImageKind;
  path: string;
}

export interface ProcessedImage {
  kind: ImageKind;
  mime: string;
  /** The cleaned full-size copy, e.g. `media/2025/05/harbour-at-dawn-k3f9a2.jpg`. */
  path: string;
  width: number;
  height: number;
  bytes: number;
  variants: Variant[];
  /** Every file written, relative to the data directory (for clean-up on failure). */
  files: string[];
}

/** sharp's name for each kind's container, to cross-check the magic bytes. */
function sharpAgrees(kind: ImageKind, meta: Metadata): boolean {
  if (kind === 'avif') return meta.format === 'heif' && meta.compression === 'av1';
  return meta.format === kind;
}

function encode(img: Sharp, format: ImageKind): Sharp {
  switch (format) {
    case 'jpeg':
      return img.jpeg({ quality: 82, progressive: true });
    case 'png':
      return img.png({ compressionLevel: 8 });
    case 'webp':
      return img.webp({ quality: 78, effort: 4 });
    case 'gif':
      return img.gif();
    case 'avif':
      // effort 2: a tenth of the default's time for files a few percent larger.
      return img.avif({ quality: 52, effort: 2 });
  }
}

/** Reads and checks an upload without writing anything; throws a {@link MediaError} when refused. */
export async function inspectImage(input: Buffer): Promise<{ kind: ImageKind; meta: Metadata; width: number; height: number; animated: boolean }> {
  const kind = sniffImage(input);
  if (!kind) throw new MediaError('GAZ_ERR_MEDIA_TYPE');
  let meta: Metadata;
  try {
    const sharp = await loadSharp();
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaError('GAZ_ERR_MEDIA_UNREADABLE');
  }
  if (!sharpAgrees(kind, meta)) throw new MediaError('GAZ_ERR_MEDIA_TYPE');
  const animated = (kind === 'gif' || kind === 'webp') && (meta.pages ?? 1) > 1;
  const frameHeight = animated ? (meta.pageHeight ?? meta.height) : meta.height;
  if (!meta.width || !frameHeight) throw new MediaError('GAZ_ERR_MEDIA_UNREADABLE');
  if (meta.width * frameHeight > MAX_PIXELS || meta.width > MAX_SIDE || frameHeight > MAX_SIDE) throw new MediaError('GAZ_ERR_MEDIA_DIMENSIONS');
  // EXIF orientations 5–8 turn the picture a quarter: width and height swap once applied.
  const turned = (meta.orientation ?? 1) >= 5;
  return { kind, meta, animated, width: turned ? frameHeight : meta.width, height: turned ? meta.width : frameHeight };
}

/** The widths to make for an image `width` px wide: the standard ones below it, and its own up to the largest. */
export function variantWidths(width: number): number[] {
  const out: number[] = VARIANT_WIDTHS.filter((w) => w < width);
  const top = Math.min(width, VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]);
  if (!out.includes(top)) out.push(top);
  return out;
}

/**
 * For a process that takes in many images and wants its memory small (the WordPress import's media
 * pass): libvips keeps no cache of operations and runs each on one thread.
 */
export async function lowMemoryImages(): Promise<void> {
  const sharp = await loadSharp();
  sharp.cache(false);
  sharp.concurrency(1);
}

/**
 * Checks `input` and writes its clean copy and responsive variants under `dataDir`; with
 * `oneAtATime`, one size and format after the other (slower, a fraction of the memory) rather than
 * all at once.
 * @example const img = await processImage(buf, { dataDir, now: Date.now(), name: 'Harbour at dawn.jpg', timeZone: 'UTC' });
 */
export async function processImage(
  input: Buffer,
  opts: { dataDir: string; now: number; name: string; timeZone: string; oneAtATime?: boolean },
): Promise<ProcessedImage> {
  const info = await inspectImage(input);
  const { kind, animated } = info;
  const p = localParts(opts.now, opts.timeZone);
  const folder = `media/${p.year}/${String(p.month).padStart(2, '0')}`;
  const stem = `${slugify(opts.name.replace(/\.[a-z0-9]{1,5}$/i, ''), 48)}-${randomBytes(4).toString('hex')}`;
  await mkdir(join(opts.dataDir, folder), { recursive: true });

  const files: string[] = [];
  const sharp = await loadSharp();
  const source = sharp(input, { animated, limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
  const write = async (img: Sharp, format: ImageKind, rel: string) => {
    files.push(rel);
    await encode(img, format).toFile(join(opts.dataDir, rel));
  };
  try {
    const path = `${folder}/${stem}.${KIND_INFO[kind].ext}`;
    await write(source.clone(), kind, path);
    // AVIF cannot hold an animation here: an animated GIF or WebP gets WebP sizes only.
    const formats = [...new Set<ImageKind>([kind, 'webp', ...(animated ? [] : ['avif' as const])])];
    const variants: Variant[] = [];
    const jobs: Promise<void>[] = [];
    for (const width of variantWidths(info.width)) {
      for (const format of formats) {
        if (width === info.width && format === kind) {
          variants.push({ width, format, path });
          continue;
        }
        const rel = `${folder}/${stem}-${width}w.${KIND_INFO[format].ext}`;
        variants.push({ width, format, path: rel });
        const job = () => write(source.clone().resize({ width, withoutEnlargement: true }), format, rel);
        if (opts.oneAtATime) await job();
        else jobs.push(job());
      }
    }
    await Promise.all(jobs);
    const bytes = (await stat(join(opts.dataDir, path))).size;
    return { kind, mime: KIND_INFO[kind].mime, path, width: info.width, height: info.height, bytes, variants, files };
  } catch (err) {
    await removeFiles(opts.dataDir, files);
    if (err instanceof MediaError) throw err;
    throw new MediaError('GAZ_ERR_MEDIA_UNREADABLE');
  }
}

/** Deletes stored files (relative to `dataDir`), ignoring any already gone. */
export async function removeFiles(dataDir: string, files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(join(dataDir, f), { force: true })));
}
