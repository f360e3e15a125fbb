import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pageNumbers, searchUrl } from './search.js';

describe('search page', () => {
  it('numbers pages: first, last and two either side of the current one, gaps marked', () => {
    assert.deepEqual(pageNumbers(1, 1), [1]);
    assert.deepEqual(pageNumbers(1, 100), [1, 2, 3, null, 100]);
    assert.deepEqual(pageNumbers(50, 100), [1, null, 48, 49, 50, 51, 52, null, 100]);
    assert.deepEqual(pageNumbers(4, 6), [1, 2, 3, 4, 5, 6]);
  });

  it('writes one address per search: defaults left out, parameters in one order, encoded as a form would', () => {
    const form = { q: 'flood "barrier" & more', sort: 'relevance' as const, section: '', from: '', to: '', page: 1 };
    assert.equal(searchUrl(form), '/search?q=flood+%22barrier%22+%26+more');
    assert.equal(
      searchUrl({ ...form, sort: 'newest', section: 'world', from: '2024-01-01', page: 3 }),
      '/search?q=flood+%22barrier%22+%26+more&section=world&from=2024-01-01&sort=newest&page=3',
    );
    assert.equal(searchUrl({ ...form, q: '' }), '/search');
  });
});
