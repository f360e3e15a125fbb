/**
 * Words for the synthetic newspaper. Each section has its own actors and subjects so a section
 * reads like itself, and shared lists supply people, places and connective phrases.
 *
 * The words are data, in vocabulary.json beside this file (the build copies it next to the
 * compiled module); this module reads them once and checks what the generator relies on: every
 * entry is plain text that Markdown and HTML print unchanged: no `&`, `<`, `>`, `*`, `_`,
 * backquotes, straight quotes or bare URLs (typographic quotes and apostrophes are written as they
 * would be printed), so the generator can write Markdown, HTML and text side by side.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const plain = z
  .string()
  .min(1)
  .refine((s) => !/[&<>*_`'"]|:\/\//.test(s), { message: 'not plain text (see vocabulary.ts)' });
const words = z.array(plain).min(1).readonly();
const exactly = (n: number) => z.array(plain).length(n).readonly();

const sectionWords = z
  .object({
    slug: z.string().regex(/^[a-z]+(-[a-z]+)*$/),
    name: plain,
    description: plain,
    /** Institutions and groups that act in this section's stories. */
    actors: words,
    /** What this section's stories are about (singular noun phrases: verbs agree with them). */
    subjects: words,
    /** Roles for quoted people. */
    roles: words,
    /** Things measured, for sentences with figures. */
    metrics: words,
  })
  .readonly();

export type SectionWords = z.infer<typeof sectionWords>;

const vocabulary = z
  .object({
    sections: z.array(sectionWords).min(1).readonly(),
    firstNames: words,
    lastNames: words,
    places: words,
    timeframes: words,
    weekdays: exactly(7),
    months: exactly(12),
    ordinals: words,
    headlineVerbs: words,
    futureVerbs: words,
    presentVerbs: words,
    reasons: words,
    claims: words,
    backgrounds: words,
    adjectives: words,
    announcements: words,
    details: words,
    commentOpeners: words,
    commentReplies: words,
    commentThoughts: words,
  })
  .strict();

const W = vocabulary.parse(JSON.parse(readFileSync(new URL('./vocabulary.json', import.meta.url), 'utf8')));

export const SECTIONS = W.sections;
export const FIRST_NAMES = W.firstNames;
export const LAST_NAMES = W.lastNames;
export const PLACES = W.places;
export const TIMEFRAMES = W.timeframes;
export const WEEKDAYS = W.weekdays;
export const MONTHS = W.months;
export const ORDINALS = W.ordinals;
export const HEADLINE_VERBS = W.headlineVerbs;
export const FUTURE_VERBS = W.futureVerbs;
export const PRESENT_VERBS = W.presentVerbs;
export const REASONS = W.reasons;
export const CLAIMS = W.claims;
export const BACKGROUNDS = W.backgrounds;
export const ADJECTIVES = W.adjectives;
export const ANNOUNCEMENTS = W.announcements;
export const DETAILS = W.details;
export const COMMENT_OPENERS = W.commentOpeners;
export const COMMENT_REPLIES = W.commentReplies;
export const COMMENT_THOUGHTS = W.commentThoughts;
