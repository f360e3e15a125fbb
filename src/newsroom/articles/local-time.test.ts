import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocalInput, toLocalInput } from './local-time.js';

describe('the editor’s date field', () => {
  it('reads a wall-clock time in the site’s zone', () => {
    assert.equal(parseLocalInput('2024-05-18T09:30', 'Asia/Almaty'), Date.UTC(2024, 4, 18, 4, 30));
    assert.equal(parseLocalInput('2024-07-01 12:00:15', 'America/New_York'), Date.UTC(2024, 6, 1, 16, 0, 15));
  });

  it('tells an empty field from a wrong one', () => {
    assert.equal(parseLocalInput('  ', 'UTC'), null);
    assert.equal(parseLocalInput('2024-02-30T10:00', 'UTC'), undefined);
    assert.equal(parseLocalInput('tomorrow', 'UTC'), undefined);
  });

  it('writes back what it reads, to the minute', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5);
    assert.equal(toLocalInput(at, 'Europe/Paris'), '2025-01-02T04:04');
    assert.equal(parseLocalInput(toLocalInput(at, 'Europe/Paris'), 'Europe/Paris'), Date.UTC(2025, 0, 2, 3, 4));
  });
});
