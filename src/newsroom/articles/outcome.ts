/**
 * What a save did, said in words after it: "Published.", "Scheduled for Thu 3 Dec, 09:00
 * Europe/London.", "Updated.", "Unpublished: it is a draft again." — with a link to the story
 * (or to its private preview while readers cannot see it yet).
 */
import type { ArticleStatus } from '../../db/schema.js';

export interface SavedState {
  status: ArticleStatus;
  published_at: number | null;
}

/** "Thu 3 Dec, 09:00" in `tz`: the weekday and the 24-hour time a newsroom plans by. */
export function plannedTime(ms: number, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`;
}

const visible = (s: SavedState | null, now: number) =>
  s !== null && (s.status === 'published' || s.status === 'scheduled') && s.published_at !== null && s.published_at <= now;
const upcoming = (s: SavedState, now: number) => (s.status === 'published' || s.status === 'scheduled') && s.published_at !== null && s.published_at > now;

export interface Outcome {
  text: string;
  /** Where the link goes: `view` the public page, `preview` the private preview, or none. */
  link: 'view' | 'preview' | null;
}

/** The sentence for a save that took the story from `before` (null: it is new) to `after`. */
export function saveOutcome(before: SavedState | null, after: SavedState, now: number, tz: string, noun: string): Outcome {
  if (upcoming(after, now)) {
    const when = `${plannedTime(after.published_at!, tz)} ${tz}`;
    const moved = before && upcoming(before, now) && before.published_at !== after.published_at;
    return { text: moved ? `Rescheduled for ${when}.` : `Scheduled for ${when}.`, link: 'preview' };
  }
  if (visible(after, now)) return { text: visible(before, now) ? 'Updated.' : 'Published.', link: 'view' };
  if (after.status === 'pending') return { text: `Submitted for review: an editor will publish the ${noun}.`, link: 'preview' };
  if (visible(before, now) || (before && upcoming(before, now))) return { text: `Unpublished: the ${noun} is a draft again.`, link: 'preview' };
  return { text: before ? 'Draft saved.' : 'Draft created.', link: 'preview' };
}
