/**
 * WordPress values → Gazette values: statuses, dates, flags, MIME types. Pure functions, each with
 * the WordPress rule it follows.
 */
import type { ArticleStatus, CommentStatus } from '../../db/schema.js';
import { normalize } from 'node:path';
import { zonedTimeToUtc } from '../../content/dates.js';

/** `publish` → published, `future` → scheduled; draft, pending, private and trash keep their names. */
export function articleStatus(wp: string): ArticleStatus | null {
  switch (wp) {
    case 'publish':
      return 'published';
    case 'future':
      return 'scheduled';
    case 'draft':
    case 'pending':
    case 'private':
    case 'trash':
      return wp;
    default:
      // auto-draft, inherit (revisions): WordPress's own bookkeeping, not content.
      return null;
  }
}

/** `1` → approved, `0` → pending, `spam`, `trash` (and `post-trashed`, a comment of a trashed post). */
export function commentStatus(wp: string): CommentStatus | null {
  switch (wp) {
    case '1':
    case 'approve':
      return 'approved';
    case '0':
    case 'hold':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'trash';
    default:
      return null;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/;

/**
 * A WordPress date: the GMT one when it is set, else the local one read in the site's time zone.
 * WordPress writes `0000-00-00 00:00:00` for "no date" (drafts never saved with a date); null then.
 */
export function wpDate(gmt: string, local: string, tz: string): number | null {
  const g = DATE.exec(gmt);
  if (g && g[1] !== '0000') return Date.UTC(+g[1], +g[2] - 1, +g[3], +g[4], +g[5], +(g[6] ?? 0));
  const l = DATE.exec(local);
  if (l && l[1] !== '0000') return zonedTimeToUtc(+l[1], +l[2], +l[3], +l[4], +l[5], tz) + +(l[6] ?? 0) * 1000;
  return null;
}

/** A positive integer id, or null for empty, zero or garbage. */
export function wpId(s: string): number | null {
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/x-icon',
  heic: 'image/heic',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** WXR carries no MIME type for attachments; the file extension is what WordPress itself goes by. */
export function mimeFromUrl(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** Width and height from `_wp_attachment_metadata`, a PHP-serialised array (`s:5:"width";i:1200;`). */
export function attachmentSize(serialized: string): { width: number | null; height: number | null } {
  // The first width/height are the original's; the sizes that follow are WordPress's thumbnails.
  const w = /s:5:"width";i:(\d+);/.exec(serialized);
  const h = /s:6:"height";i:(\d+);/.exec(serialized);
  return { width: w ? Number(w[1]) : null, height: h ? Number(h[1]) : null };
}

/** The path of an old permalink, as a request for it arrives (`/2019/03/04/slug/`), or null for `/?p=ID` shapes. */
export function permalinkPath(link: string): string | null {
  if (!link) return null;
  let u: URL;
  try {
    u = new URL(link, 'http://old.invalid');
  } catch {
    return null;
  }
  // Query-string permalinks (`/?p=123`, `/?page_id=7`) are answered by the WordPress id instead.
  if (u.search) return null;
  return u.pathname === '/' ? null : u.pathname;
}

/**
 * A commenter's website as an importer may store it: an absolute http(s) URL, or '' for anything
 * else (`javascript:`, `data:`, relative paths, garbage). WordPress's own `esc_url` drops the same.
 */
export function webUrl(s: string): string {
  const t = s.trim();
  if (!t || t.length > 2000) return '';
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return '';
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? t : '';
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

/**
 * A stable id for an item without `wp:post_id`, from its GUID: the id in `?p=123`, else a number
 * above the ids a WordPress site reaches (10^9 + an FNV-1a hash of the GUID, below 2^31 so it fits
 * PostgreSQL's integer), so a re-import finds it again.
 */
export function guidKey(guid: string): number | null {
  const g = guid.trim();
  if (!g) return null;
  const p = /[?&]p=(\d+)(?:&|$)/.exec(g);
  if (p && wpId(p[1]) !== null) return Number(p[1]);
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(g, 'utf8')) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return 1_000_000_000 + Number(h % 1_100_000_000n);
}
