/**
 * Roles and what they may do, with WordPress's meaning: a contributor writes and submits drafts, an
 * author publishes their own, an editor publishes and edits everyone's, moderates comments and
 * manages sections and tags, an administrator does everything, users and settings included.
 */
import type { Role } from '../db/schema.js';

/** Roles from least to most trusted; each holds every capability of the ones before it. */
export const ROLE_ORDER: readonly Role[] = ['contributor', 'author', 'editor', 'administrator'];

/** The least role a route admits; `anonymous` for the sign-in and password pages. */
export type RouteRole = Role | 'anonymous';

/** Capabilities and the least role holding each (WordPress's table, trimmed to what Gazette does). */
export const CAPABILITIES = {
  read_admin: 'contributor',
  edit_own_articles: 'contributor',
  upload_files: 'author',
  publish_own_articles: 'author',
  edit_others_articles: 'editor',
  publish_articles: 'editor',
  delete_others_articles: 'editor',
  manage_pages: 'editor',
  manage_taxonomy: 'editor',
  arrange_front: 'editor',
  moderate_comments: 'editor',
  list_users: 'administrator',
  manage_users: 'administrator',
  manage_settings: 'administrator',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITIES;

/** True when `role` is `least` or above it. */
export function roleAtLeast(role: Role, least: RouteRole): boolean {
  if (least === 'anonymous') return true;
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(least);
}

/** True when `role` holds `capability`. */
export function can(role: Role, capability: Capability): boolean {
  return roleAtLeast(role, CAPABILITIES[capability]);
}

export function isRole(value: string): value is Role {
  return (ROLE_ORDER as readonly string[]).includes(value);
}
