/**
 * The sample site with a photograph on its lead story, as a newsroom would have it: a wide
 * 2400×1350 picture stored through the media library (so its responsive sizes exist) and set as the
 * sample article's lead image, with alt text and a caption.
 */
import sharp from 'sharp';
import { storeUpload, updateMediaText } from '../../src/newsroom/media/library.js';
import { ARTICLE } from './comments.js';
import type { TestServer } from './server.js';

/** The reader pages measured and photographed: front, an article, a section and a search. */
export const READER_PAGES = {
  front: '/',
  article: ARTICLE,
  section: '/section/world/',
  search: '/search?q=talks',
} as const;

/** A wide picture with enough detail to compress like a photograph. */
async function widePicture(): Promise<Buffer> {
  const width = 2400;
  const height = 1350;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const wave = Math.sin(x / 37) * Math.cos(y / 23);
      raw[i] = 60 + 80 * (x / width) + 30 * wave;
      raw[i + 1] = 90 + 60 * (y / height) + 25 * wave;
      raw[i + 2] = 140 - 60 * (x / width) + 20 * Math.sin((x + y) / 11);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Stores the picture and makes it the sample article's lead image; answers the media id. */
export async function addWideLeadImage(s: TestServer): Promise<number> {
  const deps = await s.site();
  const media = await storeUpload(deps, { data: await widePicture(), filename: 'harbour-at-dawn.jpg', userId: null });
  await updateMediaText(deps, media.id, { alt: 'Container cranes along a harbour at dawn', caption: 'The harbour at dawn. Photograph: The Gazette' });
  const slug = ARTICLE.split('/').filter(Boolean).at(-1)!;
  await deps.write(async (trx, stale) => {
    await trx.updateTable('articles').set({ featured_media_id: media.id }).where('slug', '=', slug).execute();
    stale('*');
  });
  return media.id;
}
