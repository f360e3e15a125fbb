/**
 * What an uploaded file is, from its first bytes. The name and the browser's content type are
 * never trusted: a PHP script called photo.jpg starts with `<?php`, not with a JPEG marker.
 */

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

/** The content type served for each kind, and the file extension it is stored under. */
export const KIND_INFO: Record<ImageKind, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
  avif: { mime: 'image/avif', ext: 'avif' },
};

const ascii = (buf: Uint8Array, from: number, to: number) => Buffer.from(buf.subarray(from, to)).toString('latin1');

/**
 * The image kind announced by the file's magic bytes, or null for anything else (SVG, HEIC, PDF,
 * scripts, archives…).
 * @example sniffImage(readFileSync('photo.jpg')) // 'jpeg'
 */
export function sniffImage(buf: Uint8Array): ImageKind | null {
  if (buf.length < 12) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf[0] === 0x89 && ascii(buf, 1, 8) === 'PNG\r\n\x1a\n') return 'png';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buf, 4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then compatible brands, up to the end of the ftyp box.
    const boxSize = Math.min(new DataView(buf.buffer, buf.byteOffset, 4).getUint32(0), buf.length, 64);
    const brands: string[] = [ascii(buf, 8, 12)];
    for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(buf, at, at + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  }
  return null;
}
