/**
 * What every reader page shows around its story or list: the sections in navigation order, the
 * site's own pages for the footer, and the configuration the search index was built with; and what
 * lists of stories need of the sections (their names on the cards, and which have further filings).
 * Each page read them afresh: five of a search page's nine round trips to PostgreSQL, five of an
 * article's twenty-two. They change only with the newsroom's edits, so a process reads them once and
 * keeps them until a change names them, as it keeps the settings (../settings/store.ts).
 *
 * What names them: `sections` (a section made, renamed, moved or deleted), `front` (every change to
 * a story or page, and `gazette search rebuild`), `*` (imports, restores, and a listener that
 * reconnected and may have missed changes). Time moves the pages too: a scheduled page appears at
 * its hour. So the pages are kept with their publication times and the ones due are picked at each
 * read, never a list computed for a moment that has passed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { publicRow } from '../db/visibility.js';
import { indexConfig } from '../db/search-index.js';

/** The tags whose changes make the chrome stale. */
export const CHROME_TAGS: readonly string[] = ['sections', 'front', '*'];

/** How many of the site's own pages the footer lists. */
export const FOOTER_PAGES = 6;

export interface SectionRow {
  id: number;
  slug: string;
  name: string;
  parent_id: number | null;
}

/**
 * What lists of stories need to know of the sections, known here so they need not ask: each
 * section's name for the cards, and which sections have stories filed under them as a further
 * category (`article_sections`, from WordPress), whose listings must look there too.
 */
export interface Known {
  sections: ReadonlyMap<number, { id: number; slug: string; name: string }>;
  alsoFiled: ReadonlySet<number>;
}

export interface PageLink {
  slug: string;
  headline: string;
}

interface Held {
  /** Every section, in navigation order (position, then name). */
  sections: SectionRow[];
  /** Every section by name, as a list to choose from (the search form's). */
  sectionsByName: SectionRow[];
  /** The first pages by publication time, due or not (a scheduled one among them appears at its hour). */
  pages: (PageLink & { published_at: number })[];
  /** The search index's configuration, if it records one. */
  searchConfig: string | undefined;
  known: Known;
}

export interface Chrome {
  sections: SectionRow[];
  sectionsByName: SectionRow[];
  known: Known;
  /** The pages a reader may see at the moment asked for, oldest first. */
  pages: PageLink[];
  searchConfig: string | undefined;
}

export class SiteChrome {
  /**
   * The read, shared by every request while it runs and kept after. {@link forget} drops it, so a
   * read that began before a change answers the requests that waited for it and is not kept.
   */
  private current: Promise<Held> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /** The chrome as a reader sees it at `now`. One read of the database per change, shared by the requests meanwhile. */
  async read(now: number): Promise<Chrome> {
    const held = await this.held();
    const pages: PageLink[] = [];
    // Ordered by publication time: the due ones come first, so they are the first due pages of all.
    for (const p of held.pages) if (p.published_at <= now) pages.push({ slug: p.slug, headline: p.headline });
    return { sections: held.sections, sectionsByName: held.sectionsByName, pages, searchConfig: held.searchConfig, known: held.known };
  }

  forget(): void {
    this.current = null;
  }

  private held(): Promise<Held> {
    if (this.current) return this.current;
    const loading = this.load();
    this.current = loading;
    // The database is away: the next read asks again.
    loading.catch(() => {
      if (this.current === loading) this.current = null;
    });
    return loading;
  }

  private async load(): Promise<Held> {
    const [sections, pages, searchConfig, alsoFiled] = await Promise.all([
      this.db.selectFrom('sections').select(['id', 'slug', 'name', 'parent_id']).orderBy('position').orderBy('name').execute(),
      this.db
        .selectFrom('articles')
        .select(['slug', 'headline', 'published_at'])
        .where('type', '=', 'page')
        .where(publicRow('articles'))
        .where('published_at', 'is not', null)
        .orderBy('published_at')
        .orderBy('id')
        .limit(FOOTER_PAGES)
        .execute(),
      indexConfig(this.db),
      // One probe of article_sections' index per section.
      this.db
        .selectFrom('sections')
        .select('id')
        .where((eb) => eb.exists(eb.selectFrom('article_sections').select('article_id').whereRef('article_sections.section_id', '=', 'sections.id')))
        .execute(),
    ]);
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    return {
      sections,
      sectionsByName: [...sections].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id),
      pages: pages.map((p) => ({ slug: p.slug, headline: p.headline, published_at: Number(p.published_at) })),
      searchConfig,
      known: {
        sections: new Map(sections.map((x) => [x.id, { id: x.id, slug: x.slug, name: x.name }])),
        alsoFiled: new Set(alsoFiled.map((x) => x.id)),
      },
    };
  }
}
