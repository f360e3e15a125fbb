/**
 * `gazette import wordpress FILE --report --old-urls LIST`: how each address of the old site answers
 * here. LIST is a file of URLs (one a line) or the old site's sitemap (`<urlset>`, or a
 * `<sitemapindex>` whose sitemaps sit beside it in the same folder, as `wp-sitemap.xml` and its
 * `wp-sitemap-posts-post-1.xml`… do once saved; `.gz` too). Nothing is fetched from the network.
 *
 * Each address is asked of the site's real route table by the caller's {@link Resolve} (the CLI
 * injects a GET into the application built on the site's database), so the answer is the one a
 * reader would get, not a second copy of the routing rules. A 301 is followed (a few hops) to say
 * whether it ends on a page.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { ImportError } from '../errors.js';

/** One GET on the site: its status and, for a redirect, its Location. */
export type Resolve = (path: string) => Promise<{ status: number; location?: string }>;

export interface OldUrlAnswer {
  /** As the list or sitemap gave it. */
  url: string;
  /** The path and query asked of the site; absent when `url` is no address. */
  path?: string;
  /** The site's first answer (0: never asked, the line is no address). */
  status: number;
  /** Where a redirect ends: the last Location followed. */
  to?: string;
  /** The status of `to` when it is not 200 (a redirect to a missing page is no answer). */
  finalStatus?: number;
  /** ok: 200 at once; moved: a redirect that ends on a 200; missing: anything else. */
  outcome: 'ok' | 'moved' | 'missing';
  /** Why, when the status alone does not say. */
  note?: string;
}

export interface OldUrlReport {
  checked: number;
  ok: number;
  moved: number;
  missing: number;
  urls: OldUrlAnswer[];
}

/** How deep sitemap indexes may nest, and how many redirects are followed. */
const MAX_INDEX_DEPTH = 3;
const MAX_HOPS = 5;

async function readText(file: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  } catch (err) {
    throw new ImportError('GAZ_ERR_IMPORT_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** The `<loc>`s of a sitemap and whether it is an index, or a clear error for XML that is not well-formed. */
function sitemapLocs(file: string, xml: string): { index: boolean; locs: string[] } {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const locs: string[] = [];
  let root: string | undefined;
  let inLoc = false;
  let text = '';
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= new ImportError('GAZ_ERR_IMPORT_MALFORMED', `${file}: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`, parser.line, parser.column);
  });
  parser.on('opentag', (t) => {
    const name = t.name.replace(/^.*:/, '');
    root ??= name;
    if (name === 'loc') (inLoc = true), (text = '');
  });
  parser.on('text', (t) => {
    if (inLoc) text += t;
  });
  parser.on('cdata', (t) => {
    if (inLoc) text += t;
  });
  parser.on('closetag', (t) => {
    if (inLoc && t.name.replace(/^.*:/, '') === 'loc') {
      inLoc = false;
      if (text.trim()) locs.push(text.trim());
    }
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (root !== 'urlset' && root !== 'sitemapindex')
    throw new ImportError('GAZ_ERR_IMPORT_MALFORMED', `${file} is XML but no sitemap (its root is <${root ?? 'nothing'}>, not <urlset> or <sitemapindex>)`);
  return { index: root === 'sitemapindex', locs };
}

/** The file a sitemap index names, looked for beside the index by its file name. */
function besideIndex(indexFile: string, loc: string): string {
  let name: string;
  try {
    name = basename(new URL(loc, 'http://old.invalid').pathname);
  } catch {
    name = basename(loc);
  }
  return join(dirname(indexFile), name);
}

async function readSitemap(file: string, xml: string, depth: number, out: string[]): Promise<void> {
  const { index, locs } = sitemapLocs(file, xml);
  if (!index) return void out.push(...locs);
  if (depth >= MAX_INDEX_DEPTH) throw new ImportError('GAZ_ERR_IMPORT_MALFORMED', `${file}: sitemap indexes nest deeper than ${MAX_INDEX_DEPTH}`);
  for (const loc of locs) {
    const child = besideIndex(file, loc);
    let text: string;
    try {
      text = await readText(child);
    } catch {
      throw new ImportError(
        'GAZ_ERR_IMPORT_UNREADABLE',
        `${file} names the sitemap ${loc}, and ${child} is not there to read (save the index's sitemaps beside it)`,
      );
    }
    await readSitemap(child, text, depth + 1, out);
  }
}

/** The old site's addresses in `file`: a sitemap (or index), else one URL or path a line (`#` starts a comment). */
export async function readOldUrls(file: string): Promise<string[]> {
  const text = await readText(file);
  const out: string[] = [];
  if (/^\s*</.test(text)) await readSitemap(file, text, 0, out);
  else
    for (const line of text.split(/\r?\n/)) {
      const url = line.trim();
      if (url && !url.startsWith('#')) out.push(url);
    }
  return [...new Set(out)];
}

/** The path and query of an old URL, absolute or root-relative; undefined for anything else. */
export function oldPath(url: string): string | undefined {
  if (!(/^https?:\/\//i.test(url) || (url.startsWith('/') && !url.startsWith('//'))) || url.length > 2000) return undefined;
  try {
    const u = new URL(url, 'http://old.invalid');
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}

/** Where a Location leads on this site, or undefined when it leaves the site. */
function localTarget(location: string, publicUrl: string): string | undefined {
  if (location.startsWith('/') && !location.startsWith('//')) return location;
  const own = new URL(publicUrl);
  try {
    const u = new URL(location);
    return u.origin === own.origin ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
}

/** Asks the site for every address in `urls`, in order, and counts the outcomes. */
export async function checkOldUrls(urls: string[], resolve: Resolve, publicUrl: string): Promise<OldUrlReport> {
  const report: OldUrlReport = { checked: 0, ok: 0, moved: 0, missing: 0, urls: [] };
  for (const url of urls) {
    const answer = await checkOne(url, resolve, publicUrl);
    report.checked++;
    report[answer.outcome]++;
    report.urls.push(answer);
  }
  return report;
}

async function checkOne(url: string, resolve: Resolve, publicUrl: string): Promise<OldUrlAnswer> {
  const path = oldPath(url);
  if (path === undefined) return { url, status: 0, outcome: 'missing', note: 'not an http(s) URL or a path' };
  const first = await resolve(path);
  if (first.status === 200) return { url, path, status: 200, outcome: 'ok' };
  if (first.status < 300 || first.status >= 400 || !first.location) return { url, path, status: first.status, outcome: 'missing' };
  let to = first.location;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const next = localTarget(to, publicUrl);
    // A redirect off the site: the reader is sent on, which is an answer, but not one this site can vouch for.
    if (next === undefined) return { url, path, status: first.status, to, outcome: 'moved', note: 'to another site' };
    const r = await resolve(next);
    if (r.status === 200) return { url, path, status: first.status, to: next, outcome: 'moved' };
    if (r.status < 300 || r.status >= 400 || !r.location) return { url, path, status: first.status, to: next, finalStatus: r.status, outcome: 'missing' };
    to = r.location;
  }
  return { url, path, status: first.status, to, outcome: 'missing', note: `more than ${MAX_HOPS} redirects` };
}
