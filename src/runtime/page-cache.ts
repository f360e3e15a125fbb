/**
 * Rendered pages kept in memory by path, each tagged with what it shows (`article:12`, `front`,
 * `section:3`, `feeds`…). A write names the tags it makes stale and exactly those pages go stale.
 *
 * An entry holds everything the hot path needs to answer without work: the body, its gzip and
 * brotli forms, and the header arrays for each, built once.
 *
 * A stale entry is not thrown away. How long other readers may still be given it depends on what
 * changed (see {@link graceOf}): after an edit, not at all; after a reader's comment, for at most
 * {@link STORY_BOUND_MS} on the story's own pages and {@link CARD_BOUND_MS} on pages that merely show
 * its card, plus the time of one render when the comment came while the page was being rendered. Meanwhile one request re-renders it (one render in flight per page, "single flight")
 * and the others get the page they would have got a moment earlier. Past its bound, readers wait
 * for that one render instead of each rendering their own. A render that fails answers the last
 * good page (stale-if-error), and is retried once a second. The writer of a comment carries a
 * cookie ({@link WRITER_COOKIE}, the comment's time) that makes their requests skip stale pages and
 * every page whose render began before their comment (see {@link predates}), so they see their
 * comment at once, whether or not this process has heard of it yet.
 */
import { buildEntry, type PageEntry, type PageInput, wanted } from './page-entry.js';
import { graceOf, IMMEDIATE, refreshFor, type Grace } from './page-grace.js';

export * from './page-grace.js';

/** Cookie of a reader who just commented: the time (ms) of their comment. */
export const WRITER_COOKIE = 'gz_wrote';
/** How long after commenting a writer's requests skip stale pages. */
export const WRITER_WINDOW_MS = 10_000;
/**
 * How far apart two nodes' clocks may be: a page whose render began (by its node's clock) less than
 * this after a writer's comment (by the clock of the node that took it) is not given to that writer.
 */
export const WRITER_CLOCK_SKEW_MS = 1000;
/**
 * Lets the requests waiting on this process's sockets be answered (from the cache, most of them)
 * before a render goes on. A render's reads and its markup otherwise run as one turn of the event
 * loop, tens of milliseconds on a long thread, and every reader of a hot story behind it waits that
 * long (the hot story's p99). Renders call it between their phases: reads, markup.
 */
export function giveWay(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** After a failed render, the last good page is served and a render retried this often. */
export const ERROR_RETRY_MS = 1000;

/** One render of a page in flight, which the other readers of that page may wait for. */
export interface Flight {
  key: string;
  /** The cache's generation when it began. */
  version: number;
  startedAt: number;
  promise: Promise<PageEntry | undefined>;
  settled: boolean;
  resolve(entry: PageEntry | undefined): void;
}

/** What the hot path does with a GET for a page that is not fresh in the cache. */
export type Decision =
  | { kind: 'serve'; entry: PageEntry }
  | { kind: 'wait'; flight: Flight }
  /** Render it (a route stores it); `flight` is this request's, ended by {@link PageCache.endFlight}. */
  | { kind: 'render'; flight?: Flight };

export class PageCache {
  private readonly entries = new Map<string, PageEntry>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  /** Bumped by every invalidation; a render remembers the one it began at. */
  generation = 0;
  /** The generation of each tag's latest change. */
  private readonly tagChanged = new Map<string, number>();
  /** Changes older than this generation are no longer in `tagChanged` (it is trimmed). */
  private forgotten = 0;
  private everything = 0;
  /** Recent generations and when each was applied, oldest first. */
  private readonly log: { version: number; at: number }[] = [];
  private readonly flights = new Map<string, Flight>();
  /** Requests rendering a page: when the render began, and its flight if it has one. */
  private readonly renders = new WeakMap<object, { at: number; flight?: Flight }>();
  /** Paths whose last render was not stored (a redirect, a 404, a page for one reader). */
  private readonly uncacheable = new Set<string>();
  hits = 0;
  misses = 0;
  /** Hits answered with a page a change had made stale (within its grace). */
  staleHits = 0;
  /** Requests that waited for another request's render of the same page. */
  coalesced = 0;
  /** Failed renders answered with the last good page. */
  staleOnError = 0;

  constructor(
    private readonly security: string[],
    private readonly maxBytes = 256 * 1024 * 1024,
    readonly enabled = true,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The entry under `key` if it is fresh. */
  get(key: string): PageEntry | undefined {
    const e = this.entries.get(key);
    return e && !e.staleSince ? e : undefined;
  }

  /** The entry under `key`, fresh or stale (the hot path checks `staleSince` itself). */
  peek(key: string): PageEntry | undefined {
    return this.entries.get(key);
  }

  /**
   * Whether a reader may be given `e` at `now`: a reader who commented at `writer` (0: not lately)
   * only a fresh page rendered after their comment; any other reader a fresh one or a stale one
   * within its grace.
   */
  fitFor(e: PageEntry, now: number, writer: number): boolean {
    return writer ? !e.staleSince && !predates(e, writer) : !e.staleSince || now < e.serveUntil;
  }

  /**
   * For a GET of `key` whose entry is missing or stale: serve the stale entry, wait for the render
   * in flight, or render (starting the flight). `writer` is the time of the reader's own latest
   * comment (0: none); such a reader is never given a stale page.
   */
  decide(key: string, now: number, writer: number): Decision {
    if (!this.enabled || this.uncacheable.has(key)) return { kind: 'render' };
    const e = this.entries.get(key);
    const f = this.flights.get(key);
    // Fresh: for anyone, unless the reader commented since its render began.
    if (e && !e.staleSince && !(writer && predates(e, writer))) return { kind: 'serve', entry: e };
    if (e && !writer && now < e.serveUntil) {
      if (f || now < e.refreshAt) {
        this.staleHits++;
        return { kind: 'serve', entry: e };
      }
      return { kind: 'render', flight: this.beginFlight(key, now) };
    }
    if (f) {
      // A writer waits only for a render that began after their comment and after the change
      // that made the page stale.
      if (!writer || (f.startedAt >= writer + WRITER_CLOCK_SKEW_MS && (!e || f.version >= e.changedAt))) {
        this.coalesced++;
        return { kind: 'wait', flight: f };
      }
      return { kind: 'render' };
    }
    return { kind: 'render', flight: this.beginFlight(key, now) };
  }

  private beginFlight(key: string, now: number): Flight {
    let resolve!: (e: PageEntry | undefined) => void;
    const promise = new Promise<PageEntry | undefined>((r) => (resolve = r));
    const f: Flight = {
      key,
      version: this.generation,
      startedAt: now,
      promise,
      settled: false,
      resolve: (entry) => {
        if (f.settled) return;
        f.settled = true;
        if (this.flights.get(key) === f) this.flights.delete(key);
        resolve(entry);
      },
    };
    this.flights.set(key, f);
    return f;
  }

  /**
   * `req` renders its page from `at` on (the entry remembers when its render began), as `flight`
   * if it has one (its route's {@link put} settles it).
   */
  began(req: object, at: number, flight?: Flight): void {
    this.renders.set(req, { at, flight });
  }

  /**
   * The request rendering `flight` is over. If it answered without storing a page (a redirect, a
   * page not found, a page for one reader), the path is not cached: the old entry goes, and the
   * path's next requests render without waiting for each other.
   */
  endFlight(flight: Flight, answered: boolean): void {
    if (flight.settled) return;
    if (answered) {
      this.delete(flight.key);
      this.rememberUncacheable(flight.key);
    }
    flight.resolve(undefined);
  }

  private rememberUncacheable(key: string): void {
    if (this.uncacheable.size >= 10_000) this.uncacheable.clear();
    this.uncacheable.add(key);
  }

  /**
   * The render of `key` by `req` failed. Answers the last good page if there is one (and serves it
   * to everyone for {@link ERROR_RETRY_MS}, after which one request tries again).
   */
  failed(key: string, req: object): PageEntry | undefined {
    const f = this.renders.get(req)?.flight;
    const e = this.enabled ? this.entries.get(key) : undefined;
    if (e) {
      const now = Date.now();
      e.staleSince ||= now;
      e.refreshAt = e.serveUntil = now + ERROR_RETRY_MS;
      this.staleOnError++;
    }
    f?.resolve(e);
    return e;
  }

  /**
   * Builds an entry (compressing it) and stores it under `key` (null: don't store). A render that
   * began before a change it shows is stored all the same, already stale, so a stream of changes
   * never leaves a page uncached. Settles the flight `req` was rendering.
   */
  async put(key: string | null, input: PageInput, startedAtGeneration: number, acceptEncoding?: string, req?: object): Promise<PageEntry> {
    const storing = key !== null && this.enabled && input.status === 200;
    // A stored page is compressed both ways once, for every later reader; a page sent once is
    // compressed only the way this reader asked.
    const entry = await buildEntry(input, this.security, storing ? 'both' : wanted(acceptEncoding));
    const render = req ? this.renders.get(req) : undefined;
    if (!storing) return entry;
    // Unknown (a render not begun through the hot path): as old as can be, never given to a writer.
    entry.renderedFrom = render?.at ?? 0;
    const flight = render?.flight;
    const kept = this.store(key, entry, startedAtGeneration);
    if (flight?.key === key) flight.resolve(kept);
    return entry;
  }

  /** Stores `entry`, rendered from generation `version`, unless a newer render is already stored. */
  private store(key: string, entry: PageEntry, version: number): PageEntry {
    const old = this.entries.get(key);
    if (old && old.version > version) return old;
    const now = Date.now();
    entry.version = version;
    entry.storedAt = now;
    // Changes applied while it rendered: it is stale from the first of them.
    if (version < this.generation) {
      let grace: Grace | undefined;
      let changed = 0;
      const consider = (g: Grace, v: number) => {
        if (v <= version) return;
        changed = Math.max(changed, v);
        if (!grace || g.bound < grace.bound) grace = g;
      };
      consider(IMMEDIATE, this.everything);
      if (version < this.forgotten) consider(IMMEDIATE, this.generation);
      for (const tag of entry.tags) consider(graceOf(tag), this.tagChanged.get(tag) ?? 0);
      if (grace) {
        // After an edit it may not be served at all. After a comment, it is the freshest page
        // there is: served for the bound from now (so a render slower than the bound does not
        // leave every reader waiting for the next one), and rendered again after the settle.
        const since = this.appliedAfter(version);
        entry.staleSince = since || now;
        entry.changedAt = changed;
        entry.serveUntil = grace.bound ? now + grace.bound : since;
        entry.refreshAt = refreshFor(entry, now, grace);
      }
    }
    this.uncacheable.delete(key);
    this.delete(key);
    while (this.bytes + entry.bytes > this.maxBytes && this.entries.size) {
      // Maps iterate in insertion order: drop the oldest entry first.
      this.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const tag of entry.tags) {
      let set = this.byTag.get(tag);
      if (!set) this.byTag.set(tag, (set = new Set()));
      set.add(key);
    }
    return entry;
  }

  /** When the first change after generation `version` was applied (0 if too long ago to know). */
  private appliedAfter(version: number): number {
    const log = this.log;
    if (!log.length || log[0].version > version + 1) return 0;
    for (let i = log.length - 1; i >= 0; i--) if (log[i].version === version + 1) return log[i].at;
    return 0;
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
    for (const tag of e.tags) {
      const set = this.byTag.get(tag);
      if (!set) continue;
      set.delete(key);
      if (!set.size) this.byTag.delete(tag);
    }
  }

  /**
   * Makes every page carrying one of `tags` stale, each within its tag's grace counted from `at`
   * (when the change was made, if known); `*`: every page, at once.
   */
  invalidate(tags: Iterable<string>, at?: number): void {
    const version = ++this.generation;
    const now = Math.min(Date.now(), at ?? Infinity);
    this.log.push({ version, at: now });
    if (this.log.length > 4096) this.log.splice(0, 2048);
    if (this.tagChanged.size > 50_000) {
      this.tagChanged.clear();
      this.forgotten = version;
    }
    for (const tag of tags) {
      if (tag === '*') {
        this.everything = version;
        for (const e of this.entries.values()) mark(e, now, version, IMMEDIATE);
        continue;
      }
      this.tagChanged.set(tag, version);
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      const grace = graceOf(tag);
      for (const key of keys) mark(this.entries.get(key)!, now, version, grace);
    }
  }

  /** Everything is stale at once (kept only to answer if a render fails). */
  clear(): void {
    this.invalidate(['*']);
  }
}

/**
 * Whether `e`'s render began before (or too close to) a writer's comment at `writer`: it may not
 * show that comment, even fresh, since this process may not have heard of the comment yet (a
 * process that just joined, or one the write stopped waiting for).
 */
export function predates(e: PageEntry, writer: number): boolean {
  return e.renderedFrom < writer + WRITER_CLOCK_SKEW_MS;
}

function mark(e: PageEntry, now: number, version: number, grace: Grace): void {
  if (!e.staleSince) {
    e.staleSince = now;
    e.serveUntil = Infinity;
    e.refreshAt = Infinity;
  }
  e.changedAt = version;
  e.serveUntil = Math.min(e.serveUntil, now + grace.bound);
  e.refreshAt = Math.min(e.refreshAt, refreshFor(e, now, grace));
}
