import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plannedTime, saveOutcome } from './outcome.js';

const now = Date.UTC(2026, 11, 2, 12, 0);
const later = Date.UTC(2026, 11, 3, 9, 0);

describe('what a save says it did', () => {
  it('names the weekday, day, month and 24-hour time in the site’s zone', () => {
    assert.equal(plannedTime(later, 'Europe/London'), 'Thu 3 Dec, 09:00');
    assert.equal(plannedTime(later, 'America/New_York'), 'Thu 3 Dec, 04:00');
  });

  it('tells publishing, scheduling, updating, unpublishing and drafts apart', () => {
    const tz = 'Europe/London';
    assert.deepEqual(saveOutcome(null, { status: 'scheduled', published_at: later }, now, tz, 'story'), {
      text: 'Scheduled for Thu 3 Dec, 09:00 Europe/London.',
      link: 'preview',
    });
    assert.deepEqual(saveOutcome({ status: 'draft', published_at: null }, { status: 'published', published_at: now }, now, tz, 'story'), {
      text: 'Published.',
      link: 'view',
    });
    assert.equal(
      saveOutcome({ status: 'published', published_at: now - 1 }, { status: 'published', published_at: now - 1 }, now, tz, 'story').text,
      'Updated.',
    );
    assert.equal(
      saveOutcome({ status: 'published', published_at: now - 1 }, { status: 'draft', published_at: now - 1 }, now, tz, 'story').text,
      'Unpublished: the story is a draft again.',
    );
    assert.equal(
      saveOutcome({ status: 'scheduled', published_at: later }, { status: 'scheduled', published_at: later + 3600_000 }, now, tz, 'story').text,
      'Rescheduled for Thu 3 Dec, 10:00 Europe/London.',
    );
    assert.equal(saveOutcome(null, { status: 'draft', published_at: null }, now, tz, 'story').text, 'Draft created.');
    assert.match(saveOutcome(null, { status: 'pending', published_at: null }, now, tz, 'story').text, /^Submitted for review/);
  });
});
