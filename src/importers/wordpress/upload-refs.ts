/**
 * Every reference a WordPress body makes to its uploads, pointed at the local copies: `src`,
 * `srcset`, links to the full-size file, the resized files WordPress made (`photo-1024x576.jpg`)
 * and the `[gallery]`, `[audio]` and `[video]` shortcodes (`[caption]` keeps its image, which is
 * rewritten like any other). Runs on the raw body before it is sanitised, so the stored body and
 * its rendering agree, and an editor who opens the story later sees local images too.
 *
 * Pure and small: it runs in the reader's worker thread (wxr-worker.ts) with the map the media
 * pass built (media-pass.ts).
 */

/** One local file for the gallery shortcode. */
export interface LocalImage {
  src: string;
  alt: string;
  caption: string;
  width: number | null;
  height: number | null;
}

export interface UploadMap {
  /** Path under the uploads folder (`2019/03/photo-1024x576.jpg`, decoded) → local URL path (`/media/…`). */
  files: Record<string, string>;
  /** Attachment post id → its image, for `[gallery ids="…"]`. */
  images: Record<string, LocalImage>;
  /** Post id → its attached images' ids in menu order, for `[gallery]` without ids. */
  children: Record<string, number[]>;
}

export const emptyUploadMap = (): UploadMap => ({ files: {}, images: {}, children: {} });

/** An uploads URL, absolute, protocol-relative or root-relative, with any folder before `wp-content`. */
const UPLOAD_URL = /(?:(?:https?:)?\/\/[a-z0-9.-]+(?::\d+)?)?(?:\/[^\s"'<>()[\],]*?)?\/wp-content\/uploads\/([^\s"'<>()[\]?#,]+)(?:\?[^\s"'<>()[\],#]*)?/gi;
const SIZED = /-\d+x\d+(?=\.[a-z0-9]+$)/i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The local URL for a file under the uploads folder: itself, else the file a resized or scaled copy came from. */
export function localUpload(map: UploadMap, rel: string): string | undefined {
  const r = decode(rel);
  return map.files[r] ?? map.files[r.replace(SIZED, '')] ?? map.files[r.replace(SIZED, '').replace(/-scaled(?=\.[a-z0-9]+$)/i, '')];
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g)) out[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

function gallery(map: UploadMap, a: Record<string, string>, postId: string): string {
  const ids = (a.ids ?? a.include ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const list = ids.length ? ids : (map.children[postId] ?? []).map(String);
  const images = list.map((id) => map.images[id]).filter((x): x is LocalImage => x !== undefined);
  if (!images.length) return '';
  const columns = Math.min(Math.max(Number.parseInt(a.columns ?? '3', 10) || 3, 1), 9);
  const figures = images
    .map((img) => {
      const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : '';
      const caption = img.caption ? `<figcaption>${escapeAttr(img.caption)}</figcaption>` : '';
      return `<figure class="wp-block-image"><img src="${escapeAttr(img.src)}" alt="${escapeAttr(img.alt)}"${size}>${caption}</figure>`;
    })
    .join('');
  return `\n\n<figure class="wp-block-gallery has-nested-images columns-${columns}">${figures}</figure>\n\n`;
}

function player(kind: 'audio' | 'video', a: Record<string, string>, inner: string): string {
  const exts = kind === 'audio' ? ['mp3', 'm4a', 'ogg', 'wav', 'src'] : ['mp4', 'm4v', 'webm', 'ogv', 'src'];
  const src = (a.src ?? exts.map((e) => a[e]).find(Boolean) ?? inner.trim()).trim();
  if (!src) return '';
  const poster = kind === 'video' && a.poster ? ` poster="${escapeAttr(a.poster)}"` : '';
  const size = kind === 'video' && a.width && a.height ? ` width="${escapeAttr(a.width)}" height="${escapeAttr(a.height)}"` : '';
  return `\n\n<figure class="wp-block-${kind}"><${kind} controls preload="none" src="${escapeAttr(src)}"${poster}${size}></${kind}></figure>\n\n`;
}

/** `body` with its upload references local; `postId` names the post for `[gallery]` without ids. */
export function rewriteUploads(body: string, map: UploadMap, postId = ''): string {
  let out = body;
  if (out.includes('[gallery') || out.includes('[audio') || out.includes('[video')) {
    out = out
      .replace(/\[gallery\b([^\]]*)\]/gi, (_m, a: string) => gallery(map, attrs(a), postId))
      .replace(/\[(audio|video)\b([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/gi, (_m, kind: string, a: string, inner = '') =>
        player(kind.toLowerCase() as 'audio' | 'video', attrs(a), inner),
      );
  }
  if (!out.includes('wp-content/uploads/')) return out;
  return out.replace(UPLOAD_URL, (whole, rel: string) => localUpload(map, rel) ?? whole);
}
