/**
 * Live conversation: what each reader of a story is told about comments approved since their page
 * was rendered, answered from memory.
 *
 * The cached article page is the same bytes for everyone; it only says which approved comment was
 * the newest when it was rendered (`data-live` on the comment section). A reader's browser then
 * holds one Server-Sent Events stream (./live-route.ts) and is sent the ids of the approved
 * comments newer than that, never anything else (no text, no name, no held or spam comment).
 *
 * Per process, per story with readers, this keeps the ids of its newest approved comments. The
 * invalidation bus (../runtime/invalidation.ts) already tells every process of every node about
 * every change to a story's comments (`comments:ID` for a reader's approved comment, `article:ID`
 * for a moderator's decision or an edit, `*`): the story's ids are read again once, at most every
 * {@link REFRESH_MS} whatever the number of readers or comments, and each reader whose news changed
 * is sent one line. With SQLite the bus hears other processes only when asked, so while readers
 * are connected it is asked every {@link SQLITE_POLL_MS} (one `PRAGMA data_version`, microseconds).
 */
import { STORY_BOUND_MS } from '../runtime/page-cache.js';
import type { Deps } from '../runtime/deps.js';
import type { Db } from '../db/schema.js';
import { visibleAt } from '../db/visibility.js';

/** How many of a story's newest approved ids are kept: a reader further behind is told "50". */
export const KEPT = 50;
/** The least time between two reads of one story's ids while comments arrive. */
export const REFRESH_MS = 1000;
const SQLITE_POLL_MS = 250;

/** One reader's stream. */
export interface LiveReader {
  /** The newest approved id the reader's page showed. */
  readonly since: number;
  /** Sends the ids approved after `since` (ascending; at most {@link KEPT}). */
  send(ids: number[]): void;
}

interface Story {
  /** Newest approved ids, ascending. */
  ids: number[];
  visible: boolean;
  ready: Promise<void>;
  readers: Map<LiveReader, string>;
  timer?: NodeJS.Timeout;
  readAt: number;
}

/** The newest approved comment of an article (what a page rendered now shows), or 0. */
export async function newestApproved(db: Db, articleId: number): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

export class LiveComments {
  private readonly stories = new Map<number, Story>();
  private poller?: NodeJS.Timeout;
  /** Reads of a story's ids from the database (for tests and /metrics-minded readers). */
  reads = 0;

  constructor(private readonly deps: Deps) {
    deps.bus.onInvalidate((tags) => {
      for (const tag of tags) {
        if (tag === '*') for (const id of this.stories.keys()) this.changed(id);
        else {
          const m = /^(?:comments|article):(\d+)$/.exec(tag);
          if (m) this.changed(Number(m[1]));
        }
      }
    });
  }

  /** Readers connected to this process. */
  get readers(): number {
    let n = 0;
    for (const s of this.stories.values()) n += s.readers.size;
    return n;
  }

  /**
   * Adds `reader` to article `articleId`'s readers and tells it at once what is already new.
   * Answers a function that removes it, or null when readers may not see the article.
   */
  async join(articleId: number, reader: LiveReader): Promise<(() => void) | null> {
    let story = this.stories.get(articleId);
    if (!story) {
      const s: Story = { ids: [], visible: false, readers: new Map(), readAt: 0, ready: Promise.resolve() };
      s.ready = this.read(articleId, s);
      this.stories.set(articleId, s);
      story = s;
    }
    try {
      await story.ready;
    } catch (err) {
      if (this.stories.get(articleId) === story && !story.readers.size) this.stories.delete(articleId);
      throw err;
    }
    if (!story.visible) {
      if (!story.readers.size && this.stories.get(articleId) === story) this.stories.delete(articleId);
      return null;
    }
    story.readers.set(reader, '');
    this.tell(story, reader);
    this.startPolling();
    const s = story;
    return () => {
      s.readers.delete(reader);
      // Nobody left: forget the story (the next reader reads it again, once).
      if (!s.readers.size && this.stories.get(articleId) === s) {
        clearTimeout(s.timer);
        this.stories.delete(articleId);
      }
      if (!this.stories.size) this.stopPolling();
    };
  }

  private async read(articleId: number, story: Story): Promise<void> {
    this.reads++;
    story.readAt = Date.now();
    const db = this.deps.kysely;
    const [article, rows] = await Promise.all([
      db.selectFrom('articles').select('id').where('id', '=', articleId).where(visibleAt('articles', this.deps.clock.now())).executeTakeFirst(),
      db.selectFrom('comments').select('id').where('article_id', '=', articleId).where('status', '=', 'approved').orderBy('id', 'desc').limit(KEPT).execute(),
    ]);
    story.visible = !!article;
    story.ids = rows.map((r) => r.id).reverse();
  }

  /**
   * A story's comments changed: read them again once the page a reader would fetch to show them
   * has them too (the page cache may serve the story's page for {@link STORY_BOUND_MS} after a
   * comment), and no sooner than {@link REFRESH_MS} after the last read.
   */
  private changed(articleId: number): void {
    const story = this.stories.get(articleId);
    if (!story || story.timer) return;
    const delay = Math.max(STORY_BOUND_MS, story.readAt + REFRESH_MS - Date.now());
    story.timer = setTimeout(() => {
      story.timer = undefined;
      if (this.stories.get(articleId) !== story) return;
      story.ready = this.read(articleId, story).then(
        () => {
          for (const reader of story.readers.keys()) this.tell(story, reader);
        },
        (err: Error) => {
          this.deps.log.warn({ err: { message: err.message }, articleId }, 'live comments: could not read the story');
          // Try again at the next change, or in a moment.
          this.changed(articleId);
        },
      );
    }, delay);
    story.timer.unref();
  }

  /** Sends `reader` its news when it differs from what it was last sent. */
  private tell(story: Story, reader: LiveReader): void {
    const news = story.visible ? story.ids.filter((id) => id > reader.since) : [];
    const key = news.join(',');
    if (key === story.readers.get(reader)) return;
    story.readers.set(reader, key);
    reader.send(news);
  }

  private startPolling(): void {
    if (this.poller || this.deps.db.dialect !== 'sqlite') return;
    this.poller = setInterval(() => this.deps.bus.poll(), SQLITE_POLL_MS);
    this.poller.unref();
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  /** Forgets every story and reader (the server is closing). */
  stop(): void {
    for (const s of this.stories.values()) clearTimeout(s.timer);
    this.stories.clear();
    this.stopPolling();
  }
}
