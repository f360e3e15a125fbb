/**
 * `gazette import wordpress FILE --report`: what an import of FILE would do, read from the file
 * alone and written nowhere — what comes in, what is left out and why, which media would be
 * missing, and which old addresses will answer 301 (and to where). The same rules as the import
 * decide each line (values.ts, old-links.ts), so the report and the import agree.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { articlePermalink, RESERVED_SLUGS, slugify } from '../../content/permalinks.js';
import { checkWxrVersion } from './import-wxr.js';
import { attachmentPaths, commonStructure, emptyOldLinks, notePostLink } from './old-links.js';
import type { Skipped } from './context.js';
import type { WxrItem } from './records.js';
import { articleStatus, commentStatus, guidKey, permalinkPath, uploadRelativePath, wpDate, wpId } from './values.js';
import { readWxr } from './wxr-reader.js';

export interface ImportReport {
  /** What would come in. */
  would: { articles: number; pages: number; media: number; comments: number; mentions: number; authors: number; sections: number; tags: number };
  /** Posts that would come in kept from the public (private, password-protected, drafts…), and why. */
  unpublished: Skipped[];
  /** What would be left out, and why. */
  dropped: Skipped[];
  /** Attachments whose file would not come home, and why. */
  mediaMissing: Array<{ id: string; url: string; reason: string }>;
  /** With `--download`: attachments not in the uploads folder, which the import would try to fetch. */
  mediaToDownload: number;
  /** The old site's permalink structure, as its posts' links show it. */
  permalinkStructure?: string;
  /** Old addresses that will answer 301, and where to. */
  redirects: Array<{ from: string; to: string }>;
}

export interface ReportOptions {
  file: string;
  tz: string;
  uploadsDir?: string;
  download?: boolean;
}

const metaOf = (it: WxrItem, key: string) => it.meta.find((m) => m.key === key)?.value;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Reads the export once and says what its import would do. Opens nothing for writing. */
export async function reportImport(opts: ReportOptions): Promise<ImportReport> {
  await checkWxrVersion(opts.file);
  const report: ImportReport = {
    would: { articles: 0, pages: 0, media: 0, comments: 0, mentions: 0, authors: 0, sections: 0, tags: 0 },
    unpublished: [],
    dropped: [],
    mediaMissing: [],
    mediaToDownload: 0,
    redirects: [],
  };
  const links = emptyOldLinks();
  const slugs = new Set<string>();
  const stories = new Map<number, string>();
  const attachments: Array<{ it: WxrItem; wp: number }> = [];
  for await (const r of readWxr(createReadStream(opts.file, { encoding: 'utf8', highWaterMark: 256 * 1024 }))) {
    if (r.kind === 'author') report.would.authors++;
    else if (r.kind === 'category') report.would.sections++;
    else if (r.kind === 'tag') report.would.tags++;
    else if (r.kind === 'term') report.dropped.push({ id: `term-${r.id}`, reason: `taxonomy ${r.taxonomy} is not imported` });
    else if (r.kind === 'item') {
      const wp = wpId(r.postId) ?? guidKey(r.guid);
      const id = r.postId || String(wp ?? (r.title || '(no id)'));
      const type = r.postType || 'post';
      if (wp === null) report.dropped.push({ id, reason: 'item without wp:post_id or guid' });
      else if (type === 'attachment') report.would.media++, attachments.push({ it: r, wp });
      else if (type !== 'post' && type !== 'page') report.dropped.push({ id, reason: `post type ${type} is not imported` });
      else if (articleStatus(r.status) === null) report.dropped.push({ id, reason: `status ${r.status || '(none)'} is not content` });
      else {
        const path = storyPath(r, wp, type, slugs, opts.tz);
        if (type === 'page') report.would.pages++;
        else report.would.articles++;
        const status = articleStatus(r.status);
        if (r.postPassword) report.unpublished.push({ id, reason: `password-protected: imported unpublished ("${r.title}")` });
        else if (status !== 'published' && status !== 'scheduled') report.unpublished.push({ id, reason: `${status}: imported unpublished ("${r.title}")` });
        else {
          stories.set(wp, path);
          const old = permalinkPath(r.link);
          if (old && old !== path) report.redirects.push({ from: old, to: path });
          report.redirects.push({ from: `/?${type === 'page' ? 'page_id' : 'p'}=${wp}`, to: path });
          notePostLink(links, r);
        }
        countComments(report, id, r);
      }
    }
  }
  report.permalinkStructure = commonStructure(links);
  for (const { it, wp } of attachments) await reportAttachment(report, opts, it, wp, stories);
  return report;
}

/** The address the story will have: its slug made free as the import makes it (within the file). */
function storyPath(it: WxrItem, wp: number, type: string, slugs: Set<string>, tz: string): string {
  const wanted = (it.postName || slugify(it.title || `post-${wp}`)).toLowerCase();
  let slug = wanted;
  for (let i = 2; slugs.has(`${type}:${slug}`) || (type === 'page' && RESERVED_SLUGS.has(slug)); i++) slug = `${wanted}-${i}`;
  slugs.add(`${type}:${slug}`);
  const published = wpDate(it.postDateGmt, it.postDate, tz);
  return articlePermalink({ type: type === 'page' ? 'page' : 'article', slug, published_at: published }, tz);
}

function countComments(report: ImportReport, id: string, it: WxrItem): void {
  for (const c of it.comments) {
    const type = c.type || 'comment';
    if (!wpId(c.id)) report.dropped.push({ id: `${id}/comment`, reason: 'comment without wp:comment_id' });
    else if (commentStatus(c.approved) === null)
      report.dropped.push({ id: `${id}/comment-${c.id}`, reason: `comment status ${c.approved || '(none)'} is unknown` });
    else if (type === 'pingback' || type === 'trackback') report.would.mentions++;
    else if (type !== 'comment') report.dropped.push({ id: `${id}/comment-${c.id}`, reason: `comment type ${type} is not imported` });
    else report.would.comments++;
  }
}

/** Whether an attachment's file would come home, and where its old page will lead. */
async function reportAttachment(report: ImportReport, opts: ReportOptions, it: WxrItem, wp: number, stories: Map<number, string>): Promise<void> {
  const url = it.attachmentUrl || it.guid;
  const rel = uploadRelativePath(url, metaOf(it, '_wp_attached_file'));
  let home = false;
  if (!rel) report.mediaMissing.push({ id: String(wp), url, reason: 'no file named (no _wp_attached_file, no /uploads/ in its URL)' });
  else if (opts.uploadsDir && (await isFile(join(opts.uploadsDir, rel)))) home = true;
  // A report asks nothing of the old site: whether a download would work is known only by trying.
  else if (opts.download) report.mediaToDownload++;
  else
    report.mediaMissing.push({
      id: String(wp),
      url,
      reason: opts.uploadsDir ? `not in the uploads folder (${rel})` : 'neither --uploads nor --download given: it stays on the old site',
    });
  const story = stories.get(wpId(it.postParent) ?? -1);
  for (const from of attachmentPaths(it, wp)) {
    if (home) report.redirects.push({ from, to: `(the local copy of ${rel})` });
    else if (story) report.redirects.push({ from, to: story });
  }
  if (home && rel) report.redirects.push({ from: `/wp-content/uploads/${rel}`, to: `(the local copy of ${rel})` });
}
