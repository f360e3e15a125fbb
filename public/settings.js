// Settings: the accent's contrast in both schemes as the colour is picked, and today's date in a
// format as it is chosen or typed. The page works without it (the server says the same on save).
(() => {
  // WCAG contrast, as src/site/theme-css.ts computes it.
  const rgb = (hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const lum = (hex) => {
    const [r, g, b] = rgb(hex).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const readable = (accent, paper) => {
    const toward = lum(paper) > 0.5 ? [0, 0, 0] : [255, 255, 255];
    const from = rgb(accent);
    for (let t = 0; t <= 1; t += 0.05) {
      const mixed =
        '#' +
        from
          .map((v, i) =>
            Math.round(v + (toward[i] - v) * t)
              .toString(16)
              .padStart(2, '0'),
          )
          .join('');
      if (contrast(mixed, paper) >= 4.5) return mixed;
    }
    return lum(paper) > 0.5 ? '#000000' : '#ffffff';
  };

  document.querySelectorAll('[data-accent]').forEach((field) => {
    const input = field.querySelector('input[type="color"]');
    const report = () => {
      field.querySelectorAll('[data-scheme]').forEach((li) => {
        const scheme = li.getAttribute('data-scheme');
        const paper = field.getAttribute('data-paper-' + scheme);
        const ratio = contrast(input.value, paper);
        const swatch = li.querySelector('.swatch');
        li.textContent = '';
        li.appendChild(swatch);
        li.append(
          ' ' +
            (scheme === 'light' ? 'Light' : 'Dark') +
            ' pages: contrast ' +
            ratio.toFixed(1) +
            ':1 ' +
            (ratio >= 4.5 ? '— readable.' : '— too faint for text; the site uses ' + readable(input.value, paper) + ' instead.'),
        );
        swatch.style.color = readable(input.value, paper);
      });
    };
    input.addEventListener('input', report);
    report();
  });

  document.querySelectorAll('[data-date-format]').forEach((field) => {
    const select = field.querySelector('select');
    const custom = field.querySelector('.custom-format');
    const text = custom.querySelector('input');
    const preview = custom.querySelector('output');
    let timer = null;
    const show = () => {
      custom.hidden = select.value !== '__custom';
      if (!custom.hidden && !text.value) text.value = select.getAttribute('data-last') || '';
    };
    select.addEventListener('change', show);
    text.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fetch('/admin/settings/date-preview?format=' + encodeURIComponent(text.value), { credentials: 'same-origin' })
          .then((r) => r.json())
          .then((j) => {
            preview.textContent = j.text;
          })
          .catch(() => {});
      }, 250);
    });
    show();
  });
})();
