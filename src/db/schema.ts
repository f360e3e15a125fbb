/**
 * The database's tables as Kysely sees them. Times are integers: milliseconds since the epoch, UTC.
 * Booleans are integers 0/1 on both dialects so rows look the same everywhere.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

type Id = Generated<number>;
/** A column the database fills in when an insert leaves it out. */
type Default<T> = ColumnType<T, T | undefined, T>;

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export type Role = 'contributor' | 'author' | 'editor' | 'administrator';

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  slug: string;
  bio: Default<string>;
  role: Role;
  password_hash: Default<string | null>;
  photo_media_id: Default<number | null>;
  wp_id: Default<number | null>;
  created_at: number;
  updated_at: number;
  /** When the account was deactivated (it can no longer sign in); null while active. */
  disabled_at: Default<number | null>;
}

export interface SectionsTable {
  id: Id;
  slug: string;
  name: string;
  description: Default<string>;
  position: Default<number>;
  parent_id: Default<number | null>;
  wp_id: Default<number | null>;
}

export interface TagsTable {
  id: Id;
  slug: string;
  name: string;
  wp_id: Default<number | null>;
}

export type ArticleStatus = 'draft' | 'pending' | 'scheduled' | 'published' | 'private' | 'trash';
export type ArticleType = 'article' | 'page';

export interface ArticlesTable {
  id: Id;
  type: ArticleType;
  slug: string;
  headline: string;
  dek: string;
  /** The source the editor writes: Markdown, or HTML for imported posts. */
  body: string;
  body_format: 'markdown' | 'html';
  /** `body` rendered and sanitised, ready to print. */
  body_html: string;
  /** Plain text of the body, for search, snippets and descriptions. */
  body_text: string;
  excerpt: string;
  status: ArticleStatus;
  /** When the article is (or will be) published; null for an undated draft. */
  published_at: number | null;
  created_at: number;
  updated_at: number;
  section_id: number | null;
  featured_media_id: number | null;
  comments_open: number;
  sticky: number;
  password: string | null;
  wp_id: number | null;
  /** The status before the article went to the trash, so restoring puts it back. */
  trashed_status: Default<ArticleStatus | null>;
}

export interface ArticleAuthorsTable {
  article_id: number;
  user_id: number;
  position: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

/** An old path (a changed slug, an imported WordPress permalink) that answers 301 to an article. */
export interface RedirectsTable {
  path: string;
  article_id: number;
}

/** What an import learned about the old WordPress site (`permalink_structure`). */
export interface WordpressSiteTable {
  key: string;
  value: string;
}

/** An old WordPress upload path and the local copy it answers 301 to. */
export interface UploadRedirectsTable {
  path: string;
  target: string;
  media_id: number | null;
}

export type MentionKind = 'pingback' | 'trackback';

/** A pingback or trackback: another site said it linked to the article. */
export interface MentionsTable {
  id: Id;
  article_id: number;
  kind: MentionKind;
  source_url: string;
  title: string;
  excerpt: string;
  status: CommentStatus;
  created_at: number;
  wp_id: number | null;
}

/** Sections an article is listed in besides its own (`articles.section_id`). */
export interface ArticleSectionsTable {
  article_id: number;
  section_id: number;
}

export interface MediaTable {
  id: Id;
  path: string;
  mime: string;
  width: Default<number | null>;
  height: Default<number | null>;
  bytes: Default<number>;
  alt: Default<string>;
  caption: Default<string>;
  /** JSON: [{ width, format, path }] of the responsive variants. */
  variants: string;
  original_url: string | null;
  wp_id: number | null;
  created_at: number;
  /** The uploaded file's name, for searching the library. */
  name: Default<string>;
  uploaded_by: Default<number | null>;
}

export type CommentStatus = 'approved' | 'pending' | 'spam' | 'trash';

/** Approved comments per article, kept by triggers (migration 0009): read, never written by code. */
export interface CommentCountsTable {
  article_id: number;
  approved: number;
  /** Approved comments with no parent (replies whose parent is not approved are counted apart). */
  top_level: number;
}

export interface CommentsTable {
  id: Id;
  article_id: number;
  parent_id: Default<number | null>;
  author: string;
  email: Default<string>;
  url: Default<string>;
  body: string;
  status: CommentStatus;
  created_at: number;
  ip_hash: Default<string>;
  user_agent: Default<string>;
  user_id: Default<number | null>;
  /** Which moderation phase decided the status, and why. */
  decided_by: Default<string>;
  reason: Default<string>;
  notify: Default<number>;
  wp_id: Default<number | null>;
  /** Which class the learned spam filter was trained with this comment as: '', 'spam' or 'ham'. */
  trained: Default<'' | 'spam' | 'ham'>;
}

/** Page-cache invalidations, written in the same transaction as the change they describe. */
export interface InvalidationsTable {
  id: Id;
  tags: string; // space-separated
  created_at: number;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'logged';

/** Outgoing mail, written in the same transaction as its cause and delivered by src/mail/worker.ts. */
export interface OutboxTable {
  id: Id;
  to: string;
  subject: string;
  text: string;
  html: Default<string>;
  /** JSON object of extra headers (List-Unsubscribe…). */
  headers: Default<string>;
  /** What the message is (`moderation`, `confirm`, `reply`) and what it is about (`comment:12`). */
  kind: Default<string>;
  ref: Default<string>;
  /** `sending` is a claimed message; its `next_attempt_at` is then the claim's expiry. */
  status: Default<OutboxStatus>;
  attempts: Default<number>;
  next_attempt_at: number;
  last_error: Default<string>;
  created_at: number;
  sent_at: Default<number | null>;
}

/** Consent to reply notifications, per address (keyed hash), confirmed by double opt-in. */
export interface SubscriptionsTable {
  id: Id;
  email_hash: string;
  token: string;
  created_at: number;
  confirm_sent_at: Default<number | null>;
  confirmed_at: Default<number | null>;
  unsubscribed_at: Default<number | null>;
}

/** A saved state of an article: one per save, plus one rolling autosave per writer. */
export interface RevisionsTable {
  id: Id;
  article_id: number;
  user_id: number | null;
  kind: 'save' | 'autosave';
  created_at: number;
  headline: string;
  dek: string;
  slug: string;
  excerpt: string;
  body: string;
  status: ArticleStatus;
}

/** A signed-in browser. `id` is a hash of the cookie's token, so a leaked table signs no one in. */
export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip_hash: Default<string>;
  user_agent: Default<string>;
}

/** Failed sign-ins per key (`account:HASH`, `ip:HASH`) and how long the key must wait. */
export interface LoginThrottleTable {
  key: string;
  failures: Default<number>;
  last_failed_at: number;
  locked_until: Default<number>;
}

export type UserTokenPurpose = 'reset' | 'invite';

/** One-time links (password reset, invitation); `id` is a hash of the token in the link. */
export interface UserTokensTable {
  id: string;
  user_id: number;
  purpose: UserTokenPurpose;
  created_at: number;
  expires_at: number;
  used_at: Default<number | null>;
}

/** The learned spam filter: in how many spam and ham comments each token appeared. */
export interface SpamTokensTable {
  token: string;
  spam: Default<number>;
  ham: Default<number>;
}

/** The learned spam filter: how many comments each class was trained with. */
export interface SpamDocumentsTable {
  class: 'spam' | 'ham';
  count: Default<number>;
}

/** A dated public note appended to a published story (content/corrections.ts). */
export interface CorrectionsTable {
  id: Id;
  article_id: number;
  body: string;
  created_at: number;
  user_id: number | null;
}

/**
 * The editors' arrangement of the front page (content/front.ts): the stories they picked, in
 * order (`position`, lowest first), one of them possibly pinned as the lead (`lead` = 1). Stories
 * not picked follow in the automatic order (newest first).
 */
export interface FrontPicksTable {
  article_id: number;
  position: number;
  lead: Default<number>;
}

/** A breaking-news banner over the front page, shown until `expires_at` or until cleared. */
export interface BreakingNewsTable {
  id: Id;
  text: string;
  /** Where the banner leads: a path of this site or an https address; empty for none. */
  url: Default<string>;
  created_at: number;
  expires_at: number;
  cleared_at: Default<number | null>;
  created_by: Default<number | null>;
}

/** What a query runs on: the database, or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface Database {
  settings: SettingsTable;
  users: UsersTable;
  sections: SectionsTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_tags: ArticleTagsTable;
  redirects: RedirectsTable;
  media: MediaTable;
  comments: CommentsTable;
  comment_counts: CommentCountsTable;
  invalidations: InvalidationsTable;
  spam_tokens: SpamTokensTable;
  spam_documents: SpamDocumentsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  user_tokens: UserTokensTable;
  revisions: RevisionsTable;
  outbox: OutboxTable;
  subscriptions: SubscriptionsTable;
  corrections: CorrectionsTable;
  front_picks: FrontPicksTable;
  breaking_news: BreakingNewsTable;
  upload_redirects: UploadRedirectsTable;
  wordpress_site: WordpressSiteTable;
  mentions: MentionsTable;
  article_sections: ArticleSectionsTable;
}

export type Article = Selectable<ArticlesTable>;
export type NewArticle = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type User = Selectable<UsersTable>;
export type Section = Selectable<SectionsTable>;
export type Tag = Selectable<TagsTable>;
export type Media = Selectable<MediaTable>;
export type Revision = Selectable<RevisionsTable>;
export type Comment = Selectable<CommentsTable>;
export type { ColumnType };
