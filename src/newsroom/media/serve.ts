/**
 * `/media/YYYY/MM/name.ext`: stored images, streamed from disk. Names are random and files never
 * change, so browsers and CDNs may keep them for a year.
 *
 * The path must match one strict pattern before it touches the file system: no `..`, no encoded
 * slashes, no other directories, only the image, audio, video and PDF extensions of {@link TYPES}.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../runtime/deps.js';

const FILE = /^\/media\/(\d{4})\/(\d{2})\/([a-z0-9][a-z0-9-]{0,120})\.(jpg|png|webp|gif|avif|mp3|m4a|ogg|wav|mp4|m4v|webm|pdf)$/;
/** Images, and the audio, video and documents a WordPress import brings (media stored as they came). */
export const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

/** Registers GET/HEAD `/media/*`. */
export function registerMediaFiles(app: FastifyInstance, deps: Deps): void {
  app.get('/media/*', async (req, reply) => {
    const path = req.url.split('?')[0];
    const m = FILE.exec(path);
    const notFound = () => reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=60').send('Not found');
    if (!m) return notFound();
    const file = join(deps.config.dataDir, 'media', m[1], m[2], `${m[3]}.${m[4]}`);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return notFound();
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    reply
      .header('content-type', TYPES[m[4]])
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('last-modified', new Date(info.mtimeMs).toUTCString())
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'");
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.header('content-length', info.size);
    return reply.send(createReadStream(file));
  });
}
