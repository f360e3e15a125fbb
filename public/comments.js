// Gazette comment form: renews the form's signed token when a cached page loads, so the token
// says when *this* reader opened the form (see src/comments/form-token.ts). Without this script
// the token printed in the page still works for a day.
(() => {
  const input = document.querySelector('#commentform input[name="form_token"][data-refresh]');
  if (!input || !window.fetch) return;
  fetch(input.getAttribute('data-refresh'), { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : null))
    .then((data) => {
      if (data && typeof data.token === 'string') input.value = data.token;
    })
    .catch(() => {});
})();
