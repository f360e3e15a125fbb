/**
 * Accounts: creating users with a unique slug for their author page.
 */
import type { Db, Role } from '../db/schema.js';
import { slugify } from './permalinks.js';
import { hashPassword } from '../kernel/passwords.js';
import { freeSlug } from './slugs.js';

export const ROLES: Role[] = ['contributor', 'author', 'editor', 'administrator'];

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  password?: string | null;
  bio?: string;
  slug?: string;
  wpId?: number | null;
}

async function uniqueUserSlug(db: Db, wanted: string): Promise<string> {
  return freeSlug(db, 'users', slugify(wanted));
}

export async function createUser(db: Db, u: UserInput, now: number): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({
      email: u.email.trim().toLowerCase(),
      name: u.name,
      slug: await uniqueUserSlug(db, u.slug || u.name),
      bio: u.bio ?? '',
      role: u.role,
      password_hash: u.password ? await hashPassword(u.password) : null,
      photo_media_id: null,
      wp_id: u.wpId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
