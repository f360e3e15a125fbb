/**
 * What one WXR import carries from record to record: the transaction, the site's time zone and the
 * maps from WordPress identities to Gazette ids. Only small maps are kept (authors, terms,
 * attachments, post ids), never the records themselves, so memory stays flat with the file's size.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import type { CommentQueue } from './comment-queue.js';
import type { HotStatements } from './hot-statements.js';
import type { SpamTrainer } from './spam-training.js';
import type { LocalMedia, MediaFailure } from './media-pass.js';

export interface Skipped {
  id: string;
  reason: string;
}

/** The summary printed at the end (and with `--json`, exactly this shape). */
export interface ImportSummary {
  articles: number;
  pages: number;
  comments: number;
  sections: number;
  tags: number;
  authors: number;
  media: number;
  /** Items not imported, and why (nav menus, revisions, pingbacks…). */
  skipped: Skipped[];
  /** Private and password-protected posts: imported, but kept from the public. */
  unpublished: Skipped[];
  /** dc:creator values that are no author of the export (given to `--default-author`, or to no one). */
  strayAuthors?: string[];
  /** Pingbacks and trackbacks, kept as mentions under their story (present when there were any). */
  mentions?: number;
  /** Attachments whose file could not be taken in, and why (present when media were asked for). */
  mediaFailed?: MediaFailure[];
  /** The old site's permalink structure, read from its posts' links (present when one was found). */
  permalinkStructure?: string;
}

/** The old site's addresses learned while the items go by (old-links.ts). */
export interface OldLinks {
  /** Structure → how many posts' links were written in it. */
  structures: Map<string, number>;
  /** Attachment pages: their old paths, the attachment and the post it belongs to. */
  attachments: Array<{ paths: string[]; wp: number; parentWp: number | null }>;
}

export interface ImportContext {
  trx: Transaction<Database>;
  /** The per-post and per-comment statements, prepared once. */
  hot: HotStatements;
  deps: Deps;
  tz: string;
  now: number;
  summary: ImportSummary;
  /** Whether the export listed its authors (WXR 1.1+): then a stray dc:creator never makes a new one. */
  authorsListed: boolean;
  /** `--default-author`: the login or email of the account stray dc:creator values go to. */
  defaultAuthor?: string;
  /** Author login (dc:creator) → user id; WordPress author id → user id (comments by staff). */
  usersByLogin: Map<string, number>;
  usersByWpId: Map<number, number>;
  /** Category and tag slugs → ids. */
  sections: Map<string, number>;
  tags: Map<string, number>;
  /** Sections whose parent had not been read yet: [section id, parent slug]. */
  pendingParents: Array<[number, string]>;
  /** Attachment post id → media id, for featured images. */
  media: Map<number, number>;
  /** Featured images named before their attachment was read: [article id, attachment post id]. */
  pendingThumbnails: Array<[number, number]>;
  /** Files copied from `--uploads`, removed again if the import fails. */
  copiedFiles: string[];
  uploadsDir?: string;
  /** Attachment post id → its file taken in by the media pass (media-pass.ts). */
  localMedia: Map<number, LocalMedia>;
  /** Comments waiting to be written in a batch (comment-queue.ts). */
  comments: CommentQueue;
  /** Imported spam trains the learned filter (spam-training.ts). */
  spam: SpamTrainer;
  /** The permalink structure and attachment pages, written at the end (old-links.ts). */
  oldLinks: OldLinks;
}

export function emptySummary(): ImportSummary {
  return { articles: 0, pages: 0, comments: 0, sections: 0, tags: 0, authors: 0, media: 0, skipped: [], unpublished: [] };
}
