import { startInProcess } from './dist/test/helpers/in-process.js';
import { launch, signInAs, seriousViolations } from './dist/test/helpers/chromium.js';
const s = await startInProcess('sqlite');
const browser = await launch();
try {
  for (const [w, h] of [[390, 844], [1280, 900]]) {
    for (const scheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
      const page = await ctx.newPage();
      await signInAs(page, s.url, 'admin@example.com', s.adminPassword);
      await page.goto(s.url + '/admin/taxonomy');
      // A form as no page sends it: the name twice, a field the form does not have.
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate(() => {
          const f = document.querySelector('form[action="/admin/taxonomy/sections"]');
          for (const [n, v] of [['name', 'Docks'], ['colour', 'red']]) {
            const i = document.createElement('input');
            i.type = 'hidden'; i.name = n; i.value = v; f.append(i);
          }
          f.querySelector('[name="name"]').value = 'Harbour';
          f.querySelector('[name="description"]').value = 'Ships, quays and the people who work them.';
          f.submit();
        }),
      ]);
      const file = `/tmp/zod-refused-${w}-${scheme}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file, await page.title(), JSON.stringify(await seriousViolations(page)));
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await s.close();
}
