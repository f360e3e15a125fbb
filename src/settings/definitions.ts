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
  'site.title': {
    label: 'Site name',
    schema: z.string().min(1).max(120),
    default: 'The Gazette',
    help: 'Shown in the masthead, in browser tabs and in feeds.',
  },
  'site.tagline': {
    label: 'Tagline',
    schema: z.string().max(200),
    default: 'Independent news, open conversation',
    help: 'A short line under the name, also used as the front page’s description.',
  },
  'site.logo': {
    label: 'Logo',
    schema: z.string().max(500),
    default: '',
    help: 'Address of a logo image on this site (e.g. /media/2026/01/logo.png). Empty: the name is set in type.',
  },
  'site.accent': {
    label: 'Accent colour',
    schema: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #b3261e'),
    default: '#b3261e',
    help: 'Links, kickers and the breaking-news banner. Where it is too light or too dark to read, the site adjusts it.',
  },
  'site.timezone': {
    label: 'Time zone',
    schema: timeZone,
    default: 'UTC',
    help: 'Where the newsroom is: dates on the site, scheduling and story addresses follow it.',
  },
  'site.date_format': {
    label: 'Date in the masthead',
    schema: z.string().min(1).max(40),
    default: 'D. M jS, Y',
    help: 'How today’s date reads at the top of every page.',
  },
  'site.article_date_format': {
    label: 'Dates under headlines',
    schema: z.string().min(1).max(40),
    default: 'F j, Y',
    help: 'How a story’s date reads under its headline and in lists.',
  },
  'site.language': {
    label: 'Language',
    schema: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or pt-BR'),
    default: 'en',
    help: 'The language the stories are written in, as a tag (en, en-GB, fr, pt-BR): screen readers and search engines read it.',
  },
  'reading.front_page_count': {
    label: 'Stories on the front page',
    schema: int(1, 100),
    default: 12,
    help: 'The lead and the top stories together, before the sections.',
  },
  'reading.per_page': { label: 'Stories per archive page', schema: int(1, 100), default: 10, help: 'On section, tag, author and date pages.' },
  'reading.feed_count': {
    label: 'Stories in each feed',
    schema: int(1, 200),
    default: 20,
    help: 'How many of the newest stories RSS, Atom and JSON feeds carry.',
  },
  'comments.hold_first_time': {
    label: 'Hold a newcomer’s first comment',
    schema: bool,
    default: true,
    help: 'A comment waits for a moderator unless the same name and email already have an approved one, posted from the same browser.',
  },
  'comments.flood_seconds': {
    label: 'Seconds between two comments from one person',
    schema: int(0, 86400),
    default: 15,
    help: 'Faster than this, from the same address or email, is refused. 0 turns it off.',
  },
  'comments.min_form_seconds': {
    label: 'Seconds a reader needs to write a comment',
    schema: int(0, 3600),
    default: 3,
    help: 'A comment sent sooner after the form appeared is held (robots are fast). 0 turns it off.',
  },
  'comments.max_links': {
    label: 'Links that hold a comment',
    schema: int(0, 100),
    default: 2,
    help: 'A comment with this many links or more waits for a moderator.',
  },
  'comments.thread_depth': {
    label: 'Deepest level of replies',
    schema: int(1, 10),
    default: 5,
    help: 'Replies nest up to this many levels; 1 means no replies to replies.',
  },
  'comments.per_page': {
    label: 'Conversations per comment page',
    schema: int(1, 1000),
    default: 50,
    help: 'Top-level comments (each with its replies) per page under a story.',
  },
  'comments.order': {
    label: 'Order of comments',
    schema: z.enum(['oldest', 'newest']),
    default: 'oldest' as 'oldest' | 'newest',
    help: 'Oldest first reads like a conversation; newest first shows the latest at the top.',
  },
  'comments.close_after_days': {
    label: 'Close comments after (days)',
    schema: int(0, 36500),
    default: 0,
    help: 'Days after publication when a story stops taking comments. 0 keeps them open.',
  },
  'comments.moderation_words': {
    label: 'Words that hold a comment',
    schema: z.string().max(100000),
    default: '',
    help: 'One word or phrase a line: a comment containing one waits for a moderator.',
  },
  'comments.disallowed_words': {
    label: 'Words that mark a comment as spam',
    schema: z.string().max(100000),
    default: '',
    help: 'One word or phrase a line: a comment containing one goes straight to the spam.',
  },
  'mail.from_name': { label: 'Sender name', schema: z.string().max(200), default: 'The Gazette', help: 'Who mail from the site says it is from.' },
  'mail.from_address': {
    label: 'Sender address',
    schema: z
      .string()
      .max(200)
      .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address'),
    default: 'newsroom@localhost',
    help: 'The address mail from the site comes from; replies go there.',
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
