import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, isoLocal, localParts, nextMidnight, zonedTimeToUtc } from './dates.js';

describe('dates', () => {
  it('formats the masthead like WordPress: "Sat. May 18th, 2024"', () => {
    assert.equal(formatDate(Date.UTC(2024, 4, 18, 12), 'UTC', 'D. M jS, Y'), 'Sat. May 18th, 2024');
    assert.equal(formatDate(Date.UTC(2024, 4, 1), 'UTC', 'jS'), '1st');
    assert.equal(formatDate(Date.UTC(2024, 4, 12), 'UTC', 'jS'), '12th');
    assert.equal(formatDate(Date.UTC(2024, 4, 23), 'UTC', 'jS'), '23rd');
    assert.equal(formatDate(Date.UTC(2024, 4, 18, 15, 4), 'UTC', 'g:i a \\a\\t H'), '3:04 pm at 15');
  });

  it('uses the site time zone, across daylight saving', () => {
    // 02:30 UTC on May 18 is still May 17 in New York (UTC-4 in summer).
    assert.equal(formatDate(Date.UTC(2024, 4, 18, 2, 30), 'America/New_York', 'Y-m-d H:i'), '2024-05-17 22:30');
    assert.equal(isoLocal(Date.UTC(2024, 0, 18, 12), 'America/New_York'), '2024-01-18T07:00:00-05:00');
    const ms = zonedTimeToUtc(2024, 3, 10, 12, 0, 'America/New_York');
    assert.equal(new Date(ms).toISOString(), '2024-03-10T16:00:00.000Z');
    assert.equal(localParts(ms, 'America/New_York').hour, 12);
  });

  it('knows the next local midnight', () => {
    const at = Date.UTC(2024, 4, 18, 20, 0);
    assert.equal(new Date(nextMidnight(at, 'UTC')).toISOString(), '2024-05-19T00:00:00.000Z');
    assert.equal(new Date(nextMidnight(at, 'Asia/Tokyo')).toISOString(), '2024-05-19T15:00:00.000Z');
  });

  it('agrees with Intl at any instant in zones with odd offsets and DST, including transition days', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2e12;
    for (const tz of ['America/New_York', 'Australia/Adelaide', 'Asia/Kathmandu', 'Pacific/Chatham', 'Europe/London']) {
      const f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      // Random instants, plus every quarter hour around New York's 2024 spring-forward change.
      const instants = Array.from({ length: 3000 }, next).concat(Array.from({ length: 200 }, (_, i) => Date.UTC(2024, 2, 10) + i * 900_000));
      for (const ms of instants) {
        const p = localParts(ms, tz);
        const q: Record<string, string> = {};
        for (const part of f.formatToParts(ms)) q[part.type] = part.value;
        assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute], [+q.year, +q.month, +q.day, +q.hour, +q.minute], `${tz} ${new Date(ms).toISOString()}`);
      }
    }
  });
});
