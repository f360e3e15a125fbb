/**
 * The search page: one search box (with sort and filters), the count, results as the archives'
 * cards with a snippet under each, and numbered pages with their total.
 */
import { h, Fragment, raw, type Html } from '../../kernel/jsx.js';
import type { SearchResult, SearchSort } from '../../content/search.js';
import type { SiteView } from '../../views/site-view.js';
import { components as c } from '../../views/components.js';
// Registers the story cards this page renders through `c`.
import '../../views/cards.js';

export interface SearchForm {
  q: string;
  sort: SearchSort;
  /** Section slug, or '' for every section. */
  section: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
  page: number;
}

export interface SearchPageProps {
  site: SiteView;
  form: SearchForm;
  /** Every section a search can be narrowed to. */
  sections: { slug: string; name: string }[];
  results: SearchResult[];
  total: number;
  /** More matches than `total` exist. */
  more: boolean;
  pages: number;
  /** Why the search was refused or failed, in a sentence. */
  error?: string;
}

/** The address of `form` at page `page`: parameters in one order, defaults left out (the page cache's key). */
export function searchUrl(form: SearchForm, page = form.page): string {
  const p = new URLSearchParams();
  if (form.q) p.set('q', form.q);
  if (form.section) p.set('section', form.section);
  if (form.from) p.set('from', form.from);
  if (form.to) p.set('to', form.to);
  if (form.sort !== 'relevance') p.set('sort', form.sort);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/search?${s}` : '/search';
}

const number = (n: number) => n.toLocaleString('en-US');

function countLine(total: number, more: boolean, page: number, pages: number): string {
  const count = more ? `More than ${number(total)} results` : `${number(total)} result${total === 1 ? '' : 's'}`;
  return pages > 1 ? `${count} · page ${number(page)} of ${number(pages)}` : count;
}

/** Numbered pages: first, last, and two either side of the current one, with gaps marked. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const want = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const sorted = [...want].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, n] of sorted.entries()) {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  }
  return out;
}

function Pagination({ form, pages }: { form: SearchForm; pages: number }): Html {
  if (pages <= 1) return <Fragment />;
  const page = form.page;
  return (
    <nav class="pagination" aria-label="Result pages">
      {page > 1 ? (
        <a class="pagination-step" href={searchUrl(form, page - 1)} rel="prev">
          ← Previous
        </a>
      ) : null}
      <ol class="pagination-pages">
        {pageNumbers(page, pages).map((n) =>
          n === null ? (
            <li class="pagination-gap" aria-hidden="true">
              …
            </li>
          ) : n === page ? (
            <li>
              <span aria-current="page">{number(n)}</span>
            </li>
          ) : (
            <li>
              <a href={searchUrl(form, n)} aria-label={`Page ${n}`}>
                {number(n)}
              </a>
            </li>
          ),
        )}
      </ol>
      {page < pages ? (
        <a class="pagination-step" href={searchUrl(form, page + 1)} rel="next">
          Next →
        </a>
      ) : null}
    </nav>
  );
}

function Form({ form, sections }: { form: SearchForm; sections: SearchPageProps['sections'] }): Html {
  return (
    <form class="search-form search-page-form" role="search" action="/search" method="get">
      <label for="search-q">Search the site</label>
      <input id="search-q" type="search" name="q" value={form.q} maxlength={200} />
      <button type="submit">Search</button>
      <details class="search-options" open={Boolean(form.section || form.from || form.to) || undefined}>
        <summary>Sort and filter</summary>
        <div class="search-option-fields">
          <label>
            Sort by{' '}
            <select name="sort">
              <option value="relevance" selected={form.sort === 'relevance' || undefined}>
                Relevance
              </option>
              <option value="newest" selected={form.sort === 'newest' || undefined}>
                Newest first
              </option>
            </select>
          </label>
          <label>
            Section{' '}
            <select name="section">
              <option value="">Every section</option>
              {sections.map((s) => (
                <option value={s.slug} selected={form.section === s.slug || undefined}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From <input type="date" name="from" value={form.from} />
          </label>
          <label>
            To <input type="date" name="to" value={form.to} />
          </label>
        </div>
      </details>
    </form>
  );
}

function SortLinks({ form }: { form: SearchForm }): Html {
  const other: SearchSort = form.sort === 'relevance' ? 'newest' : 'relevance';
  return (
    <p class="search-sort">
      Sorted by {form.sort === 'relevance' ? 'relevance' : 'newest first'} ·{' '}
      <a href={searchUrl({ ...form, sort: other }, 1)}>{other === 'relevance' ? 'sort by relevance' : 'sort by newest first'}</a>
    </p>
  );
}

export function SearchPage(p: SearchPageProps): Html {
  const { site, form, results } = p;
  const q = form.q;
  return (
    // A page of results is a page worth finding (its own canonical address and description); an empty
    // form, a refusal or a search that found nothing is not, and says so to search engines.
    <c.Layout
      site={site}
      title={q ? `Search: ${q}` : 'Search'}
      canonical={results.length ? searchUrl(form) : '/search'}
      description={
        results.length
          ? `${number(p.total)}${p.more ? '+' : ''} ${p.total === 1 ? 'story matches' : 'stories match'} “${q}” on ${site.settings['site.title']}.`
          : undefined
      }
      noindex={!results.length}
      listing
    >
      <header class="archive-header">
        <h1 class="archive-title">{q ? `Results for “${q}”` : 'Search'}</h1>
        <Form form={form} sections={p.sections} />
      </header>
      {p.error ? (
        <p class="empty search-refusal" role="alert">
          {p.error}
        </p>
      ) : null}
      {q && !p.error && !results.length ? (
        <p class="empty">
          {p.more
            ? `Nothing matched “${q}” among the most recent stories holding its words. Add a section or dates to reach older ones.`
            : `Nothing matched “${q}”. Try other words, or fewer.`}
        </p>
      ) : null}
      {results.length ? (
        <Fragment>
          <div class="search-summary">
            <p class="search-count">{countLine(p.total, p.more, form.page, p.pages)}</p>
            <SortLinks form={form} />
          </div>
          <ol class="search-results" start={(form.page - 1) * 10 + 1}>
            {results.map(({ card, snippet }) => (
              <li class="search-result">
                <c.StoryCard site={site} card={card} headingLevel={2} />
                <p class="search-snippet">{raw(snippet)}</p>
              </li>
            ))}
          </ol>
          {p.more && form.page === p.pages ? (
            <p class="search-more">These are the {number(p.total)} most recent matches. Add a word, a section or dates to reach older ones.</p>
          ) : null}
        </Fragment>
      ) : null}
      <Pagination form={form} pages={p.pages} />
    </c.Layout>
  );
}
