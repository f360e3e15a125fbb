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
  filter: { status: string; section: string; author: string; q: string };
  counts: Record<string, number>;
  sections: { id: number; name: string }[];
  authors: { id: number; name: string }[];
  csrf: Html;
  timeZone: string;
  now: number;
}

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
        <label for="filter-q">Search</label>
        <input id="filter-q" type="search" name="q" value={p.filter.q} />
        <button type="submit">Filter</button>
      </form>
      <form method="post" action={`${p.base}/bulk`} class="bulk">
        {p.csrf}
        <div class="bulk-actions">
          <label for="bulk-action">With the selected {noun}</label>
          <select id="bulk-action" name="action">
            {inTrash ? (
              <option value="restore">Restore</option>
            ) : (
              <Fragment>
                <option value="publish">Publish</option>
                <option value="unpublish">Unpublish</option>
                <option value="trash">Move to the trash</option>
              </Fragment>
            )}
          </select>
          <button type="submit">Apply</button>
        </div>
        {p.rows.length ? (
          <table class="list-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col">Headline</th>
                {p.type === 'article' ? <th scope="col">Section</th> : null}
                <th scope="col">Authors</th>
                <th scope="col">Status</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>
                    <input type="checkbox" name="ids" value={String(r.id)} id={`sel-${r.id}`} aria-label={`Select “${r.headline}”`} />
                  </td>
                  <td>
                    <a href={`${p.base}/${r.id}`}>{r.headline}</a>
                  </td>
                  {p.type === 'article' ? <td>{r.section_name ?? '—'}</td> : null}
                  <td>{r.authors.map((a) => a.name).join(', ') || '—'}</td>
                  <td>
                    <span class={`badge badge-${r.status}`}>{r.status === 'scheduled' && (r.published_at ?? 0) <= p.now ? 'published' : r.status}</span>
                  </td>
                  <td>
                    {r.published_at !== null ? (
                      <When ms={r.published_at} tz={p.timeZone} />
                    ) : (
                      <span>
                        Updated <When ms={r.updated_at} tz={p.timeZone} />
                      </span>
                    )}
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
