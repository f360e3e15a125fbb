/**
 * Every site setting, its default and its rule. Settings live in the `settings` table; a key
 * absent there has its default. `gazette settings list|get|set` and the newsroom read this table.
 */
import { z } from 'zod';

const bool = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'is not a known IANA time zone');

export const settingDefinitions = {
  'site.title': { schema: z.string().min(1).max(120), default: 'The Gazette', help: 'Site name, shown in the masthead' },
  'site.tagline': { schema: z.string().max(200), default: 'Independent news, open conversation', help: 'Short description under the name' },
  'site.logo': { schema: z.string().max(500), default: '', help: 'Logo image URL or path (empty: the name is set in type)' },
  'site.accent': { schema: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #b3261e'), default: '#b3261e', help: 'Accent colour' },
  'site.timezone': { schema: timeZone, default: 'UTC', help: 'IANA time zone for dates and permalinks' },
  'site.date_format': { schema: z.string().min(1).max(40), default: 'D. M jS, Y', help: 'Masthead date, in PHP date() letters as WordPress uses' },
  'site.article_date_format': { schema: z.string().min(1).max(40), default: 'F j, Y', help: 'Dates under headlines, in PHP date() letters' },
  'site.language': { schema: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), default: 'en', help: 'Language tag of the content' },
  'reading.front_page_count': { schema: int(1, 100), default: 12, help: 'Stories on the front page' },
  'reading.per_page': { schema: int(1, 100), default: 10, help: 'Stories per archive page' },
  'reading.feed_count': { schema: int(1, 200), default: 20, help: 'Items in each feed' },
  'comments.hold_first_time': { schema: bool, default: true, help: 'Hold a comment unless its writer has an approved one' },
  'comments.flood_seconds': { schema: int(0, 86400), default: 15, help: 'Least time between two comments from one IP or email (0: off)' },
  'comments.min_form_seconds': { schema: int(0, 3600), default: 3, help: 'Least time between showing the form and posting it (0: off)' },
  'comments.max_links': { schema: int(0, 100), default: 2, help: 'Hold a comment with this many links or more' },
  'comments.thread_depth': { schema: int(1, 10), default: 5, help: 'Deepest reply level' },
  'comments.per_page': { schema: int(1, 1000), default: 50, help: 'Top-level comments per page' },
  'comments.order': { schema: z.enum(['oldest', 'newest']), default: 'oldest' as 'oldest' | 'newest', help: 'Oldest or newest first' },
  'comments.close_after_days': { schema: int(0, 36500), default: 0, help: 'Close comments this many days after publication (0: never)' },
  'comments.moderation_words': { schema: z.string().max(100000), default: '', help: 'One entry a line: hold a comment containing it' },
  'comments.disallowed_words': { schema: z.string().max(100000), default: '', help: 'One entry a line: mark a comment containing it as spam' },
  'mail.from_name': { schema: z.string().max(200), default: 'The Gazette', help: 'Sender name of outgoing mail' },
  'mail.from_address': {
    schema: z
      .string()
      .max(200)
      .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address'),
    default: 'newsroom@localhost',
    help: 'Sender address of outgoing mail',
  },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = (typeof settingDefinitions)[K]['default'] extends boolean
  ? boolean
  : (typeof settingDefinitions)[K]['default'] extends number
    ? number
    : (typeof settingDefinitions)[K]['default'] extends string
      ? string
      : (typeof settingDefinitions)[K]['default'];

export type SiteSettings = { [K in SettingKey]: SettingValue<K> };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

/** Validates a value given as text (CLI, form) or JSON; throws a message naming the key. */
export function parseSetting<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
  const r = settingDefinitions[key].schema.safeParse(value);
  if (!r.success) throw new Error(`${key} ${r.error.issues[0].message}`);
  return r.data as SettingValue<K>;
}

export function defaultSettings(): SiteSettings {
  const out: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(settingDefinitions)) out[k] = d.default;
  return out as SiteSettings;
}
