/**
 * Media references for the import bench (issue 10): what a newsroom's export carries beside its
 * words. Every post shows one of a few attachments the way the block editor writes it (a resized
 * copy in `src`, a `srcset` of sizes, a link to the full file), every fifth a `[caption]`, every
 * third a YouTube embed, and each has a featured image; the attachments themselves are real JPEG
 * files in an uploads folder, so the import's media pass takes them in and every body is rewritten
 * to the local copies. Few files, many references: the figure is the rewriting, not image resizing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { cdata } from '../src/kernel/xml.js';

/** How many attachments the posts share. */
export const ATTACHMENTS = 20;
const FIRST_ID = 10_000_000;
const SITE = 'https://bench.example';
const upload = (k: number, size = '') => `${SITE}/wp-content/uploads/2010/01/photo-${k}${size}.jpg`;

/** The attachment post id of photo `k` (1-based). */
export const attachmentId = (k: number) => FIRST_ID + k;

/** The attachment items, in WXR. */
export function attachmentItems(): string {
  let xml = '';
  for (let k = 1; k <= ATTACHMENTS; k++) {
    const meta = `a:4:{s:5:"width";i:1600;s:6:"height";i:1067;s:4:"file";s:${`2010/01/photo-${k}.jpg`.length}:"2010/01/photo-${k}.jpg";s:5:"sizes";a:2:{s:6:"medium";a:4:{s:4:"file";s:${`photo-${k}-300x200.jpg`.length}:"photo-${k}-300x200.jpg";s:5:"width";i:300;s:6:"height";i:200;s:9:"mime-type";s:10:"image/jpeg";}s:5:"large";a:4:{s:4:"file";s:${`photo-${k}-1024x683.jpg`.length}:"photo-${k}-1024x683.jpg";s:5:"width";i:1024;s:6:"height";i:683;s:9:"mime-type";s:10:"image/jpeg";}}}`;
    xml += `<item><title>${cdata(`photo-${k}`)}</title><link>${SITE}/?attachment_id=${attachmentId(k)}</link><dc:creator>${cdata('writer1')}</dc:creator><content:encoded>${cdata('')}</content:encoded><excerpt:encoded>${cdata(`Photo ${k} caption`)}</excerpt:encoded><wp:post_id>${attachmentId(k)}</wp:post_id><wp:post_date>${cdata('2010-01-01 00:00:00')}</wp:post_date><wp:post_date_gmt>${cdata('2010-01-01 00:00:00')}</wp:post_date_gmt><wp:post_name>${cdata(`photo-${k}`)}</wp:post_name><wp:status>inherit</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>${cdata(upload(k))}</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>${cdata(`2010/01/photo-${k}.jpg`)}</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(`Photo ${k}`)}</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>${cdata(meta)}</wp:meta_value></wp:postmeta></item>\n`;
  }
  return xml;
}

/** The media a post's body shows: an image block, and now and then a caption and an embed. */
export function mediaBody(p: number): string {
  const k = (p % ATTACHMENTS) + 1;
  let body = `\n\n<!-- wp:image {"id":${attachmentId(k)},"sizeSlug":"large","linkDestination":"media"} -->\n<figure class="wp-block-image size-large"><a href="${upload(k)}"><img src="${upload(k, '-1024x683')}" alt="Photo ${k}" class="wp-image-${attachmentId(k)}" srcset="${upload(k, '-1024x683')} 1024w, ${upload(k, '-300x200')} 300w, ${upload(k)} 1600w" sizes="(max-width: 1024px) 100vw, 1024px"/></a><figcaption class="wp-element-caption">Photo ${k}</figcaption></figure>\n<!-- /wp:image -->`;
  if (p % 5 === 0)
    body += `\n\n[caption id="attachment_${attachmentId(k)}" align="alignnone" width="300"]<img src="${upload(k, '-300x200')}" alt="Photo ${k}" width="300" height="200" /> Photo ${k}, small[/caption]`;
  if (p % 3 === 0)
    body += `\n\n<!-- wp:embed {"url":"https://www.youtube.com/watch?v=aqz-KE-bpKQ","type":"video","providerNameSlug":"youtube"} -->\n<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n</div></figure>\n<!-- /wp:embed -->`;
  return body;
}

/** The featured image of post `p`, as post meta. */
export const thumbnailMeta = (p: number) =>
  `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${attachmentId((p % ATTACHMENTS) + 1)}</wp:meta_value></wp:postmeta>`;

/** A copy of wp-content/uploads holding every attachment's file (made once, kept with the WXR). */
export async function uploadsFolder(dir: string): Promise<string> {
  const folder = join(dir, 'uploads');
  mkdirSync(join(folder, '2010', '01'), { recursive: true });
  for (let k = 1; k <= ATTACHMENTS; k++) {
    const file = join(folder, '2010', '01', `photo-${k}.jpg`);
    if (!existsSync(file))
      await sharp({ create: { width: 1600, height: 1067, channels: 3, background: { r: (k * 37) % 256, g: (k * 91) % 256, b: (k * 53) % 256 } } })
        .jpeg()
        .toFile(file);
  }
  return folder;
}
