/**
 * `--uploads DIR`: a local copy of WordPress's `wp-content/uploads`. An attachment whose file is
 * there is taken in like any upload: images go through the newsroom's image pipeline (checked,
 * stripped of metadata, resized into responsive variants); other files are copied as they are.
 * Every file written is remembered so a failed import can remove them again.
 */
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { processImage, removeFiles } from '../../media/process.js';
import type { ImportContext } from './context.js';

export interface LocalCopy {
  path: string;
  bytes: number;
  variants: string;
}

/** The file's path inside the uploads folder: `_wp_attached_file`, else what follows `/uploads/` in its URL. */
export function uploadRelativePath(url: string, attachedFile?: string): string | null {
  let rel = attachedFile?.trim();
  if (!rel) {
    const m = /\/wp-content\/uploads\/(.+)$/.exec(url.split(/[?#]/)[0]) ?? /\/uploads\/(.+)$/.exec(url.split(/[?#]/)[0]);
    if (!m) return null;
    try {
      rel = decodeURIComponent(m[1]);
    } catch {
      rel = m[1];
    }
  }
  const clean = normalize(rel).replace(/^[/\\]+/, '');
  // Never outside the uploads folder, whatever the export says.
  return clean.split(/[/\\]/).includes('..') ? null : clean;
}

const IMAGE = /\.(jpe?g|png|gif|webp|avif)$/i;

/** Copies one attachment's file in, or returns null when the uploads folder does not have it. */
export async function copyUpload(ctx: ImportContext, url: string, attachedFile: string | undefined, date: number): Promise<LocalCopy | null> {
  const rel = uploadRelativePath(url, attachedFile);
  if (!rel || !ctx.uploadsDir) return null;
  const source = join(ctx.uploadsDir, rel);
  const exists = await stat(source).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return null;
  const dataDir = ctx.deps.config.dataDir;
  if (IMAGE.test(rel)) {
    try {
      const img = await processImage(await readFile(source), { dataDir, now: date, name: rel.split(/[/\\]/).pop()!, timeZone: ctx.tz });
      ctx.copiedFiles.push(...img.files);
      return { path: img.path, bytes: img.bytes, variants: JSON.stringify(img.variants) };
    } catch {
      // An image the pipeline refuses (damaged, too large) is kept as it was, like any other file.
    }
  }
  const path = `media/wp/${rel.replace(/\\/g, '/')}`;
  await mkdir(dirname(join(dataDir, path)), { recursive: true });
  await copyFile(source, join(dataDir, path));
  ctx.copiedFiles.push(path);
  return { path, bytes: (await stat(source)).size, variants: '[]' };
}

/** Removes what a failed import copied. */
export async function removeCopies(ctx: ImportContext): Promise<void> {
  await removeFiles(ctx.deps.config.dataDir, ctx.copiedFiles);
}
