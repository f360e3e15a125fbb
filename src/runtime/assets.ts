/**
 * Static assets from `public/`, fingerprinted at boot (`/assets/style.3f9a1c2b.css`) and served from
 * memory with a year's immutable max-age, compressed once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry, type PageEntry } from './page-entry.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
};

export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));
/** Browser bundles built from src/ by scripts/build.mjs (the story editor). */
export const BUILT_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export class Assets {
  /** Logical name (`style.css`) → fingerprinted URL. */
  readonly urls = new Map<string, string>();
  private readonly entries = new Map<string, PageEntry>();
  private readonly texts = new Map<string, string>();

  /** The content of text asset `name` (a stylesheet to bundle), if there is one. */
  text(name: string): string | undefined {
    return this.texts.get(name);
  }

  /** The fingerprinted URL of `name`; throws for an unknown asset so a typo fails at boot. */
  url(name: string): string {
    const u = this.urls.get(name);
    if (!u) throw new Error(`Unknown asset ${name}`);
    return u;
  }

  get(path: string): PageEntry | undefined {
    return this.entries.get(path);
  }

  static async load(security: string[], dirs = [PUBLIC_DIR, BUILT_DIR]): Promise<Assets> {
    const assets = new Assets();
    // A later folder's file of the same name wins: dist/public/style.css (minified) over public/'s.
    const byName = new Map<string, string>();
    for (const dir of dirs) if (existsSync(dir)) for (const name of readdirSync(dir)) byName.set(name, join(dir, name));
    for (const [name, file] of byName) {
      if (!statSync(file).isFile()) continue;
      const type = TYPES[extname(name)];
      if (!type) continue;
      const body = readFileSync(file);
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const ext = extname(name);
      const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
      const entry = await buildEntry(
        { status: 200, contentType: type, body, tags: [], cacheControl: 'public, max-age=31536000, immutable', route: 'asset' },
        security,
        'both',
      );
      assets.urls.set(name, url);
      if (ext === '.css') assets.texts.set(name, body.toString('utf8'));
      assets.entries.set(url, entry);
    }
    return assets;
  }
}
