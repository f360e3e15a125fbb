/**
 * Form bodies: `application/x-www-form-urlencoded` parsed into a record whose repeated names
 * (checkbox lists) become arrays. Routes never read the record by hand: each declares the schema
 * of its body (registry.ts) and receives it parsed (input.tsx).
 */
import type { FastifyInstance } from 'fastify';
import { addFormParser } from '../kernel/form-body.js';

/** Large enough for the settings page's word lists (up to 100,000 characters each). */
const FORM_LIMIT = 1024 * 1024;

/**
 * Adds the urlencoded parser to the admin scope, replacing (only inside it) one another feature
 * added at the root: admin forms rely on repeated names becoming arrays, so that a name sent twice
 * where the form has it once is seen, and refused, by the route's schema.
 */
export function addAdminFormParser(scope: FastifyInstance): void {
  addFormParser(scope, { bodyLimit: FORM_LIMIT, repeated: 'list' });
}
