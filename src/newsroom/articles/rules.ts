/**
 * Who may do what to an article, with WordPress's meaning: a contributor writes and submits for
 * review (drafts and pending only, and only until published), an author publishes their own, an
 * editor or administrator publishes and edits everyone's. Pages are the editors'.
 */
import type { ArticleStatus, ArticleType, Role } from '../../db/schema.js';
import { can } from '../access.js';

export interface Writer {
  id: number;
  role: Role;
}

/** The part of an article the rules look at. */
export interface ArticleAccess {
  type: ArticleType;
  status: ArticleStatus;
  authorIds: number[];
}

/** Statuses a writer may give an article. `trash` goes through its own action. */
export function allowedStatuses(w: Writer, type: ArticleType): ArticleStatus[] {
  if (type === 'page') return can(w.role, 'manage_pages') ? ['draft', 'pending', 'scheduled', 'published'] : [];
  if (can(w.role, 'publish_own_articles')) return ['draft', 'pending', 'scheduled', 'published'];
  return ['draft', 'pending'];
}

/** May `w` create an article (or page)? */
export function canCreate(w: Writer, type: ArticleType): boolean {
  return type === 'page' ? can(w.role, 'manage_pages') : can(w.role, 'edit_own_articles');
}

/** May `w` open and change this article? */
export function canEdit(w: Writer, a: ArticleAccess): boolean {
  if (a.type === 'page') return can(w.role, 'manage_pages');
  if (can(w.role, 'edit_others_articles')) return true;
  if (!a.authorIds.includes(w.id)) return false;
  // A contributor's story is the editors' once it is out.
  if (!can(w.role, 'publish_own_articles')) return a.status === 'draft' || a.status === 'pending' || a.status === 'trash';
  return true;
}

/** May `w` move this article to the trash, or back? */
export function canTrash(w: Writer, a: ArticleAccess): boolean {
  if (a.type === 'page') return can(w.role, 'manage_pages');
  if (can(w.role, 'delete_others_articles')) return true;
  return canEdit(w, a);
}

/** May `w` choose the byline (other authors than themselves)? */
export function canChooseAuthors(w: Writer): boolean {
  return can(w.role, 'edit_others_articles');
}
