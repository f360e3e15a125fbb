/**
 * Pages change with time as well as with writes: the masthead date turns at local midnight and a
 * scheduled article appears at its hour. The watch knows the next such moment and empties the page
 * cache when it passes, so nothing waits for a restart or a cron job. A breaking-news banner's
 * expiry is such a moment too.
 */
import { nextMidnight } from '../content/dates.js';
import { nextScheduledAt } from '../content/queries.js';
import { bannerExpiry } from '../content/front.js';
import type { Deps } from '../runtime/deps.js';

export class TimeWatch {
  private next = Infinity;
  private computing: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private retry?: NodeJS.Timeout;

  constructor(private readonly deps: Deps) {
    // Every change to an article names `front` (content/articles.ts); comments name only their
    // article, and cannot move a publication time.
    deps.bus.onInvalidate((tags) => {
      if (tags.some((t) => t === '*' || t === 'settings' || t === 'front')) void this.recompute();
    });
  }

  /** The next moment a page changes on its own. */
  get nextChange(): number {
    return this.next;
  }

  /** Hot path: one comparison unless the moment has come. */
  check(now: number): void {
    if (now < this.next) return;
    // With the database away the pages could not be rendered again: keep serving them, and look
    // again in a second.
    if (!this.deps.db.availability.up) {
      this.next = now + 1000;
      return;
    }
    this.next = Infinity;
    this.deps.cache.clear();
    void this.recompute();
  }

  recompute(): Promise<void> {
    // Any number of requests while one runs collapse into a single rerun after it.
    if (this.computing) {
      this.again ??= this.computing.then(() => {
        this.again = null;
        return this.recompute();
      });
      return this.again;
    }
    this.computing = (async () => {
      try {
        const now = this.deps.clock.now();
        const tz = (await this.deps.settings.all())['site.timezone'];
        const [scheduled, banner] = await Promise.all([nextScheduledAt(this.deps.kysely, now), bannerExpiry(this.deps.kysely, now)]);
        this.next = Math.min(nextMidnight(now, tz), scheduled ?? Infinity, banner ?? Infinity);
      } catch (err) {
        // The database is away, most likely. Emptying the cache now would take down the pages
        // still served from it, so the watch keeps the moment it knew and asks again soon.
        this.deps.log.warn({ err }, 'time watch: could not compute the next change; trying again in 5 s');
        if (!this.retry) {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            void this.recompute();
          }, 5000);
          this.retry.unref();
        }
      } finally {
        this.computing = null;
      }
    })();
    return this.computing;
  }
}
