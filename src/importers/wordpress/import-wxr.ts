/**
 * `gazette import wordpress FILE.xml`: the whole import in ONE transaction, so a file that turns out
 * malformed half-way leaves the database exactly as it was, and the running site sees the import
 * all at once (`stale('*')` is recorded with it).
 *
 * A worker thread parses the file and sanitises bodies (wxr-in-worker.ts) while this thread
 * writes; records stream through a few at a time, comments are written in batches
 * (comment-queue.ts), and between records only id maps are kept (see ImportContext). On SQLite a
 * large import builds secondary indexes once at the end (deferred-indexes.ts). Items are keyed by
 * their WordPress ids, so running the same import again updates in place.
 */
import { access, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../../runtime/deps.js';
import { ImportError } from '../errors.js';
import { emptySummary, type ImportContext, type ImportSummary } from './context.js';
import { importComments } from './comments.js';
import { classifyNamespace, isKnownVersion } from './namespaces.js';
import { importAuthor, importCategory, importTag, linkSectionParents } from './people-and-terms.js';
import { importAttachment, importPost, linkPendingThumbnails } from './posts.js';
import type { WxrItem } from './records.js';
import { removeCopies } from './uploads.js';
import { guidKey, wpId } from './values.js';
import { readWxrInWorker } from './wxr-in-worker.js';
import { spamTrainer } from './spam-training.js';
import { hotStatements } from './hot-statements.js';
import { CommentQueue } from './comment-queue.js';
import { deferIndexes } from './deferred-indexes.js';
import type { MediaPassResult } from './media-pass.js';
import { mediaPassInChild } from './media-in-child.js';
import { emptyOldLinks, noteAttachmentLink, notePostLink, saveOldLinks } from './old-links.js';

/** A WXR spends about a kilobyte per post or comment: how many rows a file will bring, roughly. */
const BYTES_PER_ROW = 1000;

export interface Progress {
  bytes: number;
  totalBytes: number;
  /** Records and comments handled so far. */
  items: number;
}

export interface WxrImportOptions {
  file: string;
  /** A local copy of `wp-content/uploads`. */
  uploadsDir?: string;
  /** Download attachments the uploads folder does not have from the old site. */
  download?: boolean;
  /** Per download, from request to last byte. */
  downloadTimeoutMs?: number;
  /** Largest attachment taken in. */
  maxMediaBytes?: number;
  /** The author (login, email or slug) of posts whose dc:creator is no author of the export. */
  defaultAuthor?: string;
  onProgress?: (p: Progress) => void;
}

/**
 * Refuses an unknown WXR version before anything is opened for writing: the `wp` namespace and
 * `wp:wxr_version` sit in the first few kilobytes of every export.
 */
export async function checkWxrVersion(file: string): Promise<void> {
  let head: string;
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new ImportError('GAZ_ERR_IMPORT_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
  const lineCol = (index: number) => {
    const before = head.slice(0, index).split('\n');
    return [before.length, before[before.length - 1].length + 1] as const;
  };
  for (const m of head.matchAll(/xmlns:\w+\s*=\s*["']([^"']*wordpress\.org\/export\/[^"']*)["']/g)) {
    const v = classifyNamespace(m[1]).version;
    if (v !== undefined && !isKnownVersion(v))
      throw new ImportError(
        'GAZ_ERR_IMPORT_VERSION',
        `unknown WXR version ${v} (namespace ${m[1]}); this importer reads 1.0, 1.1 and 1.2`,
        ...lineCol(m.index),
      );
  }
  const version = /<(?:\w+:)?wxr_version>\s*([^<\s]*)\s*</.exec(head);
  if (version && !isKnownVersion(version[1]))
    throw new ImportError('GAZ_ERR_IMPORT_VERSION', `unknown WXR version "${version[1]}"; this importer reads 1.0, 1.1 and 1.2`, ...lineCol(version.index));
}

/** Imports a WXR file; resolves with the summary once it has committed. */
export async function importWordPress(deps: Deps, opts: WxrImportOptions): Promise<ImportSummary> {
  await checkWxrVersion(opts.file);
  const totalBytes = (await stat(opts.file)).size;
  const tz = String((await deps.settings.all())['site.timezone'] ?? 'UTC');
  const summary = emptySummary();
  // Media first, outside the transaction (downloads can be slow): when asked for, or when an
  // earlier run took files in (so a re-run keeps pointing at them).
  const manifest = join(deps.config.dataDir, 'import', 'wordpress-media.json');
  const hadMedia = await access(manifest).then(
    () => true,
    () => false,
  );
  let media: MediaPassResult | undefined;
  if (opts.uploadsDir || opts.download || hadMedia) {
    media = await mediaPassInChild({ dataDir: deps.config.dataDir, tz, now: deps.clock.now() }, opts.file, {
      uploadsDir: opts.uploadsDir,
      download: opts.download,
      timeoutMs: opts.downloadTimeoutMs,
      maxBytes: opts.maxMediaBytes,
    });
    summary.mediaFailed = media.failed.sort((a, b) => Number(a.id) - Number(b.id));
  }
  let ctx: ImportContext | undefined;
  try {
    await deps.write(async (trx, stale) => {
      const hot = hotStatements(deps, trx);
      const spam = spamTrainer(trx);
      const c: ImportContext = (ctx = {
        trx,
        hot,
        deps,
        tz,
        now: deps.clock.now(),
        summary,
        authorsListed: false,
        defaultAuthor: opts.defaultAuthor,
        usersByLogin: new Map(),
        usersByWpId: new Map(),
        sections: new Map(),
        tags: new Map(),
        pendingParents: [],
        media: new Map(),
        pendingThumbnails: [],
        copiedFiles: [],
        uploadsDir: opts.uploadsDir,
        localMedia: media?.byWp ?? new Map(),
        comments: new CommentQueue(hot, spam),
        spam,
        oldLinks: emptyOldLinks(),
      });
      const rebuildIndexes = deps.db.sqlite ? deferIndexes(deps.db.sqlite, totalBytes / BYTES_PER_ROW) : null;
      const progress: Progress = { bytes: 0, totalBytes, items: 0 };
      const records = readWxrInWorker({ file: opts.file, secret: deps.secret, uploads: media?.map }, { onChunk: (n) => void (progress.bytes += n) });
      let lastReport = 0;
      for await (const r of records) {
        switch (r.kind) {
          case 'author':
            await importAuthor(c, r);
            break;
          case 'category':
            await importCategory(c, r);
            break;
          case 'tag':
            await importTag(c, r);
            break;
          case 'term':
            summary.skipped.push({ id: `term-${r.id}`, reason: `taxonomy ${r.taxonomy} is not imported` });
            break;
          case 'item':
            progress.items += await importItem(c, r);
            break;
        }
        progress.items++;
        if (opts.onProgress && progress.items - lastReport >= 200) {
          lastReport = progress.items;
          opts.onProgress(progress);
        }
      }
      await c.comments.flush();
      await c.spam.flush();
      await linkSectionParents(c);
      await linkPendingThumbnails(c);
      if (media) await saveUploadRedirects(c, media);
      await saveOldLinks(c, c.oldLinks);
      rebuildIndexes?.();
      opts.onProgress?.({ ...progress, bytes: totalBytes });
      stale('*');
    });
  } catch (err) {
    if (ctx) await removeCopies(ctx);
    throw err;
  }
  return summary;
}

/** Old `/wp-content/uploads/…` paths answer 301 to the local copies (site/routes.ts). */
async function saveUploadRedirects(ctx: ImportContext, media: MediaPassResult): Promise<void> {
  const rows = [...media.redirects].map(([path, r]) => ({ path, target: r.target, media_id: ctx.media.get(r.wp) ?? null }));
  for (let i = 0; i < rows.length; i += 200) {
    await ctx.trx
      .insertInto('upload_redirects')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('path').doUpdateSet((eb) => ({ target: eb.ref('excluded.target'), media_id: eb.ref('excluded.media_id') })))
      .execute();
  }
}

/** One `<item>`: a post, page or attachment (and its comments); returns how many comments came in. */
async function importItem(ctx: ImportContext, it: WxrItem): Promise<number> {
  // An item without wp:post_id is keyed by its GUID (the same GUID finds it again on a re-import).
  const wp = wpId(it.postId) ?? guidKey(it.guid);
  if (wp === null) {
    ctx.summary.skipped.push({ id: it.postId || it.title || '(no id)', reason: 'item without wp:post_id or guid' });
    return 0;
  }
  if (!it.postId) it.postId = String(wp);
  // Categories are all read by the first item (WordPress writes them first): link parents now so
  // sections are whole before anything is filed under them.
  if (ctx.pendingParents.length) await linkSectionParents(ctx);
  const type = it.postType || 'post';
  if (type === 'attachment') {
    await importAttachment(ctx, it, wp);
    noteAttachmentLink(ctx.oldLinks, it, wp);
    return 0;
  }
  if (type !== 'post' && type !== 'page') {
    ctx.summary.skipped.push({ id: it.postId, reason: `post type ${type} is not imported` });
    return 0;
  }
  const articleId = await importPost(ctx, it, wp);
  if (articleId !== null) notePostLink(ctx.oldLinks, it);
  if (articleId === null || !it.comments.length) return 0;
  return importComments(ctx, articleId, it.postId, it.comments);
}
