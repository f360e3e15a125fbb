import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PageEntry } from './page-entry.js';
import { graceOf, IMMEDIATE, refreshFor, STORY_BOUND_MS, STORY_SETTLE_MS, storyTag } from './page-grace.js';

/** A page stored at t = 10,000 whose render began `took` ms before (no time: unknown), stale until its bound. */
const stored = (took?: number): PageEntry =>
  ({ storedAt: 10_000, renderedFrom: took === undefined ? 0 : 10_000 - took, serveUntil: 10_010 + STORY_BOUND_MS }) as PageEntry;
const story = graceOf(storyTag(1));

describe('when a page a comment made stale is rendered again', () => {
  it('renders a quick page as late as its bound from its last render allows, with 150 ms to spare', () => {
    assert.equal(refreshFor(stored(15), 10_010, story), 10_000 + STORY_BOUND_MS - 150);
  });

  it('leaves a slower render four times its last time', () => {
    assert.equal(refreshFor(stored(80), 10_010, story), 10_000 + STORY_BOUND_MS - 320);
  });

  it('renders at once a page last rendered longer ago than its bound (a comment after a quiet spell)', () => {
    const e = { ...stored(15), serveUntil: 60_000 + STORY_BOUND_MS };
    assert.equal(refreshFor(e, 60_000, story), 60_000);
  });

  it('never sooner than the settle after its last render, however slow it was or if unknown', () => {
    assert.equal(refreshFor(stored(300), 10_010, story), 10_000 + STORY_SETTLE_MS);
    assert.equal(refreshFor(stored(), 10_010, story), 10_000 + STORY_SETTLE_MS);
  });

  it('renders a page an edit made stale at once', () => {
    const e = { ...stored(15), serveUntil: 12_345 };
    assert.equal(refreshFor(e, 12_345, IMMEDIATE), 12_345);
  });
});
