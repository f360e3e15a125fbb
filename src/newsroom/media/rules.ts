/**
 * Who may change an image in the library: its uploader (an author or above), or an editor. The
 * rule is checked where an image's words change (its page, and an article featuring it) as well as
 * where it is deleted: an image shown on someone else's published story is theirs to describe.
 */
import type { Media, Role } from '../../db/schema.js';
import { can } from '../access.js';

export function canChangeMedia(me: { id: number; role: Role }, m: Pick<Media, 'uploaded_by'>): boolean {
  return can(me.role, 'delete_others_articles') || (can(me.role, 'upload_files') && m.uploaded_by === me.id);
}
