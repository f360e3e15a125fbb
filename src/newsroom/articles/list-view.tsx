/**
 * The article (or page) list: status filters with counts, section and author filters, search,
 * bulk actions and pagination.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import type { ArticleType } from '../../db/schema.js';
import { PageHeader, When } from '../views/forms.js';
import type { ArticleListRow } from './list.js';

export interface ListProps {
  type: ArticleType;
  base: string;
  rows: ArticleListRow[];
  more: boolean;
  page: number;
  filter: { status: string; section: string; author: string; q: string; from: string; to: string; sort: string; dir: string };
  counts: Record<string, number>;
  sections: { id: number; name: string }[];
  authors: { id: number; name: string }[];
  csrf: Html;
  timeZone: string;
  now: number;
}

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft',
  pending: 'Pending review',
  scheduled: 'Scheduled',
  published: 'Published',
  trash: 'In the trash',
  private: 'Private',
};

/** A scheduled story whose time has come is published, whatever its row says. */
const shownStatus = (r: { status: string; published_at: number | null }, now: number) =>
  r.status === 'scheduled' && (r.published_at ?? Infinity) <= now ? 'published' : r.status;

const STATUS_TABS: [string, string][] = [
  ['all', 'All'],
  ['draft', 'Drafts'],
  ['pending', 'Pending review'],
  ['scheduled', 'Scheduled'],
  ['published', 'Published'],
  ['trash', 'Trash'],
];

export function ArticleList(p: ListProps): Html {
  const noun = p.type === 'page' ? 'pages' : 'articles';
  const qs = (over: Record<string, string>) => {
    const all = { ...p.filter, ...over };
    const params = new URLSearchParams(Object.entries(all).filter(([k, v]) => v && !(k === 'status' && v === 'all') && !(k === 'page' && v === '1')));
    const s = params.toString();
    return s ? `${p.base}?${s}` : p.base;
  };
  const inTrash = p.filter.status === 'trash';
  const sortedBy = p.filter.sort || 'updated';
  const dirOf = (col: string) => (p.filter.dir || (col === 'headline' ? 'asc' : 'desc')) as 'asc' | 'desc';
  /** A column heading that sorts by it (again: the other way round). */
  const SortHeader = ({ label, col }: { label: string; col: string }): Html => {
    const active = sortedBy === col;
    const dir = active ? dirOf(col) : undefined;
    const next = active ? (dir === 'asc' ? 'desc' : 'asc') : col === 'headline' ? 'asc' : 'desc';
    return (
      <th scope="col" aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <a href={qs({ sort: col === 'updated' ? '' : col, dir: next, page: '1' })}>
          {label}
          {dir ? <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
          <span class="visually-hidden">{active ? `, sorted ${dir === 'asc' ? 'ascending' : 'descending'}` : ', sort by this'}</span>
        </a>
      </th>
    );
  };
  return (
    <Fragment>
      <PageHeader title={p.type === 'page' ? 'Pages' : 'Articles'}>
        <a class="button primary" href={`${p.base}/new`}>
          {p.type === 'page' ? 'New page' : 'New article'}
        </a>
      </PageHeader>
      <nav aria-label="Filter by status" class="status-tabs">
        <ul>
          {STATUS_TABS.map(([s, label]) => (
            <li>
              <a href={qs({ status: s, page: '1' })} aria-current={p.filter.status === s ? 'page' : undefined}>
                {label} <span class="count">({p.counts[s] ?? 0})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={p.base} class="list-filters" role="search">
        <input type="hidden" name="status" value={p.filter.status} />
        {p.type === 'article' ? (
          <Fragment>
            <label for="filter-section">Section</label>
            <select id="filter-section" name="section">
              <option value="">All sections</option>
              {p.sections.map((s) => (
                <option value={String(s.id)} selected={p.filter.section === String(s.id)}>
                  {s.name}
                </option>
              ))}
            </select>
            <label for="filter-author">Author</label>
            <select id="filter-author" name="author">
              <option value="">All authors</option>
              {p.authors.map((a) => (
                <option value={String(a.id)} selected={p.filter.author === String(a.id)}>
                  {a.name}
                </option>
              ))}
            </select>
          </Fragment>
        ) : null}
        <span class="filter-item">
          <label for="filter-from">Published from</label>
          <input id="filter-from" type="date" name="from" value={p.filter.from} />
        </span>
        <span class="filter-item">
          <label for="filter-to">to</label>
          <input id="filter-to" type="date" name="to" value={p.filter.to} />
        </span>
        <span class="filter-item">
          <label for="filter-q">Headline contains</label>
          <input id="filter-q" type="search" name="q" value={p.filter.q} />
        </span>
        {p.filter.sort ? <input type="hidden" name="sort" value={p.filter.sort} /> : null}
        {p.filter.dir ? <input type="hidden" name="dir" value={p.filter.dir} /> : null}
        <button type="submit">Filter</button>
        {p.filter.section || p.filter.author || p.filter.q || p.filter.from || p.filter.to ? (
          <a href={qs({ section: '', author: '', q: '', from: '', to: '', page: '1' })}>Clear the filters</a>
        ) : null}
      </form>
      <form method="post" action={`${p.base}/bulk`} class="bulk">
        {p.csrf}
        <div class="bulk-actions">
          <label for="bulk-action">With the selected {noun}:</label>
          <select id="bulk-action" name="action">
            {inTrash ? (
              <option value="restore">Restore them</option>
            ) : (
              <Fragment>
                <option value="publish">Publish them</option>
                <option value="unpublish">Unpublish them (back to drafts)</option>
                <option value="trash">Move them to the trash</option>
              </Fragment>
            )}
          </select>
          <button type="submit">Apply</button>
        </div>
        {p.rows.length ? (
          <table class="list-table responsive-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <SortHeader label="Headline" col="headline" />
                {p.type === 'article' ? <th scope="col">Section</th> : null}
                <th scope="col">Authors</th>
                <SortHeader label="Status" col="status" />
                <SortHeader label="Published" col="published" />
                <SortHeader label="Last changed" col="updated" />
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td class="col-select">
                    <input type="checkbox" name="ids" value={String(r.id)} id={`sel-${r.id}`} aria-label={`Select “${r.headline}”`} />
                  </td>
                  <td class="col-headline">
                    <a href={`${p.base}/${r.id}`}>{r.headline}</a>
                  </td>
                  {p.type === 'article' ? <td data-label="Section">{r.section_name ?? '—'}</td> : null}
                  <td data-label="Authors">{r.authors.map((a) => a.name).join(', ') || '—'}</td>
                  <td data-label="Status">
                    <span class={`badge badge-${shownStatus(r, p.now)}`}>{STATUS_WORDS[shownStatus(r, p.now)]}</span>
                  </td>
                  <td data-label="Published">
                    {r.published_at !== null && r.status !== 'draft' && r.status !== 'pending' ? <When ms={r.published_at} tz={p.timeZone} /> : '—'}
                  </td>
                  <td data-label="Last changed">
                    <When ms={r.updated_at} tz={p.timeZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No {noun} here.</p>
        )}
      </form>
      <nav class="pager" aria-label="Pages">
        {p.page > 1 ? <a href={qs({ page: String(p.page - 1) })}>← Previous</a> : null} <span>Page {p.page}</span>{' '}
        {p.more ? <a href={qs({ page: String(p.page + 1) })}>Next →</a> : null}
      </nav>
    </Fragment>
  );
}
