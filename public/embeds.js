// Embeds load only when the reader asks. Each placeholder (content/embeds.ts) names the provider
// and links to the item, which is all a reader without JavaScript gets; here it gains a button
// that puts the provider's privacy-enhanced player in its place. Until that click nothing is
// requested from the provider.
(() => {
  for (const figure of document.querySelectorAll('figure.embed-placeholder[data-embed-player]')) {
    const player = figure.getAttribute('data-embed-player');
    const from = figure.getAttribute('data-embed-from') || 'the provider';
    const wrapper = figure.querySelector('.wp-block-embed__wrapper');
    // Only https players, and only the ones the page's frame-src allows would load anyway.
    if (!wrapper || !player || !player.startsWith('https://')) continue;
    const kind = figure.querySelector('.embed-kind');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'embed-load';
    button.textContent = `Load ${kind ? kind.textContent : 'embed'}`;
    const note = document.createElement('p');
    note.className = 'embed-note';
    note.textContent = `Loading it connects to ${from}, which may set cookies and see that you read this page.`;
    const actions = document.createElement('p');
    actions.append(button);
    wrapper.append(actions, note);
    button.addEventListener('click', () => {
      const frame = document.createElement('iframe');
      frame.src = player;
      // Named for screen readers by what it is and, when known, its title (the placeholder's link).
      const name = figure.querySelector('.embed-link a');
      frame.title = [kind ? kind.textContent : `Embedded content from ${from}`, name ? name.textContent : ''].filter(Boolean).join(': ');
      frame.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
      frame.setAttribute('allowfullscreen', '');
      frame.referrerPolicy = 'strict-origin-when-cross-origin';
      frame.className = 'embed-frame';
      wrapper.replaceChildren(frame);
      figure.classList.add('embed-loaded');
      frame.focus();
    });
  }
})();
