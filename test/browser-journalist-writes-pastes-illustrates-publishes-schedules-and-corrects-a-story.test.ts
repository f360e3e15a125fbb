/**
 * The visual editor driven as a journalist would: typing and formatting with the keyboard and the
 * toolbar, pasting what Google Docs, Word and web pages put on the clipboard, putting an image and
 * an embed into the text, publishing, scheduling and correcting; then the public article's markup.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { adminPassword, NewsroomClient } from './helpers/newsroom-client.js';
import { launch, noChromium, paste, signInAs } from './helpers/chromium.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'clipboard');

/** The body as the form would send it now (the editor fills the field on `formdata`). */
const bodyHtml = (page: Page) => page.evaluate(() => String(new FormData(document.getElementById('editor-form') as HTMLFormElement).get('body')));

/** The body and the server's sanitised rendering of it, both parsed and serialised by the browser. */
async function throughSanitiser(page: Page, html: string): Promise<{ mine: string; sanitised: string }> {
  return page.evaluate(async (body) => {
    const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
    const r = await fetch('/admin/articles/render', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      body: new URLSearchParams({ body, body_format: 'html' }),
    });
    const { html: sanitised } = (await r.json()) as { html: string };
    const norm = (h: string) => {
      const t = document.createElement('template');
      t.innerHTML = h;
      return t.innerHTML;
    };
    return { mine: norm(body), sanitised: norm(sanitised) };
  }, html);
}

async function newStory(page: Page, base: string, headline: string): Promise<void> {
  await page.goto(base + '/admin/articles/new');
  await page.getByLabel('Headline').fill(headline);
  await page.locator('#ed-content').click();
}

const tool = (page: Page, name: string) => page.locator('.ed-toolbar').getByRole('button', { name, exact: true });

for (const d of DIALECTS) {
  describe(`a journalist in the visual editor (${d.name})`, { skip: d.skip || noChromium }, () => {
    let s: TestServer;
    let browser: Browser;
    let page: Page;
    let published = '';
    let publishedId = 0;
    before(async () => {
      s = await startServer(d.name);
      browser = await launch();
      page = await browser.newPage();
      await signInAs(page, s.url, 'admin@example.com', adminPassword(s.output()));
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    it('types and formats a story with the keyboard and the toolbar, and counts its words', async () => {
      await newStory(page, s.url, 'Ferry timetable restored');
      const k = page.keyboard;
      await k.type('The ');
      await k.press('Control+b');
      await k.type('harbour office');
      await k.press('Control+b');
      await k.type(' confirmed the winter timetable on Monday.');
      await k.press('Enter');
      await tool(page, 'Heading').click();
      await k.type('What changes');
      await k.press('Enter');
      await tool(page, 'Bullets').click();
      await k.type('Two evening sailings');
      await k.press('Enter');
      await k.type('Bicycles travel free');
      await k.press('Enter');
      await k.press('Enter');
      await k.type('Read ');
      await k.press('Control+k');
      await page.getByRole('dialog').getByLabel('Address').fill('harbour.example/timetable');
      await page.getByRole('dialog').getByRole('button', { name: 'Add link' }).click();
      await k.press('Enter');
      await tool(page, 'Table').click();
      for (const cell of ['Village', 'Sailings', 'Last crossing', 'Kelby Strand', '2', '22:15']) {
        await k.type(cell);
        await k.press('Tab');
      }
      await page.evaluate(() => document.getElementById('ed-content')!.focus());
      await k.press('Control+End');
      await tool(page, 'Separator').click();
      await k.type('The sea decides; we only keep watch.');
      await tool(page, 'Pull quote').click();
      await tool(page, 'Attribution').click();
      await k.type('Harbour master');

      const html = await bodyHtml(page);
      assert.match(html, /<p>The <strong>harbour office<\/strong> confirmed the winter timetable on Monday\.<\/p>/);
      assert.match(html, /<h2>What changes<\/h2>/);
      assert.match(html, /<ul><li><p>Two evening sailings<\/p><\/li><li><p>Bicycles travel free<\/p><\/li><\/ul>/);
      assert.match(html, /<a href="https:\/\/harbour\.example\/timetable">harbour\.example\/timetable<\/a>/);
      assert.match(
        html,
        /<table><tbody><tr><th><p>Village<\/p><\/th><th><p>Sailings<\/p><\/th><th><p>Last crossing<\/p><\/th><\/tr><tr><td><p>Kelby Strand<\/p><\/td><td><p>2<\/p><\/td><td><p>22:15<\/p><\/td><\/tr>/,
      );
      assert.match(html, /<hr>/);
      assert.match(
        html,
        /<figure class="wp-block-pullquote"><blockquote><p>The sea decides; we only keep watch\.<\/p><cite>Harbour master<\/cite><\/blockquote><\/figure>/,
      );
      assert.doesNotMatch(html, /style=|<span/);
      assert.match((await page.locator('.ed-counts').textContent()) ?? '', /^\d{2} words · 1 min read$/);
      const { mine, sanitised } = await throughSanitiser(page, html);
      assert.equal(sanitised, mine, 'the sanitiser changes nothing the editor wrote');
    });

    it('reaches the toolbar and back with the keyboard alone', async () => {
      await newStory(page, s.url, 'Keyboard only');
      await page.getByLabel('Standfirst').focus();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') !== null), true, 'Tab reaches the toolbar');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'ed-content', 'one more Tab reaches the text');
      await page.keyboard.type('Quiet words');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Alt+F10');
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.tool), 'paragraph');
      for (const step of ['h2', 'h3', 'bold']) {
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.tool), step);
      }
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      // The editor takes the focus back on the next animation frame (Tiptap's focus command).
      await page.waitForFunction(() => document.activeElement?.id === 'ed-content', null, { timeout: 2000 }).catch(() => {});
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'ed-content', 'Escape goes back to the text');
      assert.match(await bodyHtml(page), /<p><strong>Quiet words<\/strong><\/p>/);
    });

    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.html'))) {
      it(`pastes ${file} clean: structure kept, styles, spans, scripts and other sites' images gone`, async () => {
        await newStory(page, s.url, `Pasted from ${file}`);
        await paste(page, readFileSync(join(FIXTURES, file), 'utf8'));
        const html = await bodyHtml(page);
        assert.ok(html.length > 100, 'something came in');
        assert.doesNotMatch(
          html,
          /style=|<span|class="(?!wp-block|credit)|<script|<iframe|onerror|javascript:|target=|<o:p|<!--|mso-|docs-internal|googleusercontent|othernews\.example\/2026|file:/i,
        );
        assert.doesNotMatch(html, /<h1/, 'the headline stays the only h1');
        const { mine, sanitised } = await throughSanitiser(page, html);
        assert.equal(sanitised, mine, 'the sanitiser changes nothing the editor wrote');
        assert.match((await page.locator('.ed-status').textContent()) ?? '', /image[s]? from the pasted text (?:was|were) left out/);
        if (file.startsWith('google-docs')) {
          assert.match(html, /<h2>Night ferry returns to the islands<\/h2><p>The <strong>night ferry<\/strong> sails again/);
          assert.match(html, /<em>confirmed<\/em>/);
          assert.match(html, /<a href="https:\/\/harbour\.example\/notices\/ferry-timetable">a winter timetable<\/a>/);
          assert.match(
            html,
            /<h3>What changes<\/h3><ul><li><p>Two evening sailings<\/p><ul><li><p>at 19:40 and 22:15<\/p><\/li><\/ul><\/li><li><p>Bicycles travel free<\/p><\/li><\/ul>/,
          );
          assert.match(html, /<table><tbody><tr><td[^>]*><p><strong>Village<\/strong><\/p><\/td>/);
          assert.match(html, /<p>Tickets are sold on board\.<\/p>$/);
        }
        if (file.startsWith('word')) {
          assert.match(html, /^<h2>Council approves the new library<\/h2><p>The town council voted <strong>seven to two<\/strong>/);
          assert.match(html, /<em>ends a decade<\/em>/);
          assert.match(
            html,
            /<ul><li><p>A reading room open until nine<\/p><ul><li><p>with forty desks<\/p><\/li><\/ul><\/li><li><p>A garden on the roof<\/p><\/li><\/ul>/,
          );
          assert.match(html, /<ol><li><p>Clearing the depot<\/p><\/li><li><p>Building from spring<\/p><\/li><\/ol>/);
          assert.match(html, /<td[^>]*><p>£1\.2m<\/p><\/td>/);
          assert.doesNotMatch(html, /<p>\s*<\/p>|·/, 'no empty paragraphs, no typed bullets');
        }
        if (file.startsWith('web-page')) {
          assert.match(html, /<p>After forty years, the <strong>lighthouse keeper<\/strong> of Holm Point/);
          assert.match(html, /<a href="https:\/\/othernews\.example\/keepers">the keepers’ history<\/a>, or click here\./);
          assert.match(html, /<blockquote><p>“The sea decides; we only keep watch\.”<\/p><\/blockquote>/);
        }
      });
    }

    it('puts an uploaded image with alt text, caption and credit and a YouTube embed into the story, and publishes it', async () => {
      const file = join(s.dataDir, 'quay.jpg');
      writeFileSync(
        file,
        await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#31556f' } })
          .jpeg()
          .toBuffer(),
      );
      await newStory(page, s.url, 'New quay opens at Holm Point');
      await page.keyboard.type('The quay opened on Saturday.');
      await page.keyboard.press('Enter');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tool(page, 'Image').click()]);
      await chooser.setFiles(file);
      await page.locator('.ed-figure img').waitFor();
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.field), 'alt', 'the alt text field has the focus');

      // Publishing with the alt text empty is refused, and nothing typed is lost.
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/admin/articles/new') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Publish', exact: true }).click(),
      ]);
      assert.match((await page.locator('#f-body-error').textContent()) ?? '', /One image in the story has no alt text/);
      assert.equal(await page.getByLabel('Headline').inputValue(), 'New quay opens at Holm Point');
      await page.locator('.ed-figure img').waitFor();

      await page.locator('.ed-figure').getByLabel('Alt text (required)').fill('The new stone quay at low tide');
      await page.locator('.ed-figure').getByLabel('Caption').fill('The quay on its first morning.');
      await page.locator('.ed-figure').getByLabel('Credit').fill('Photo: Ana Ruiz');
      await page.locator('#ed-content').click();
      await page.keyboard.press('Control+End');
      await tool(page, 'Embed').click();
      await page.getByRole('dialog').getByLabel('Address of the video, post or track').fill('https://www.youtube.com/watch?v=aqz-KE-bpKQ');
      await page.getByRole('dialog').getByRole('button', { name: 'Embed' }).click();
      await page.locator('.ed-embed').waitFor();
      const html = await bodyHtml(page);
      assert.match(
        html,
        /<figure class="wp-block-image"><img loading="lazy" decoding="async" src="\/media\/[^"]+" srcset="[^"]+ 320w[^"]*" sizes="[^"]+" alt="The new stone quay at low tide" width="1600" height="900"><figcaption>The quay on its first morning\.<small class="credit">Photo: Ana Ruiz<\/small><\/figcaption><\/figure>/,
      );
      assert.match(
        html,
        /<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">https:\/\/www\.youtube\.com\/watch\?v=aqz-KE-bpKQ<\/div><\/figure>/,
      );
      const { mine, sanitised } = await throughSanitiser(page, html);
      // Everything the editor writes is kept; its embed figure is drawn as the reader's
      // placeholder, which loads nothing from YouTube until the reader asks (content/embeds.ts).
      const embed = /<figure class="wp-block-embed[^>]*>[\s\S]*?<\/figure>/;
      assert.equal(sanitised.replace(embed, ''), mine.replace(embed, ''));
      assert.match(
        sanitised,
        /<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube embed-placeholder" data-embed-player="https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ"[^>]*>[\s\S]*?<a href="https:\/\/www\.youtube\.com\/watch\?v=aqz-KE-bpKQ"/,
      );

      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('button', { name: 'Publish', exact: true }).click()]);
      assert.match((await page.locator('.flash').textContent()) ?? '', /^Published\. View it$/);
      publishedId = Number(/\/admin\/articles\/(\d+)$/.exec(page.url())![1]);
      await Promise.all([
        page.waitForURL(/\/\d{4}\/\d{2}\/\d{2}\/new-quay-opens-at-holm-point\/$/),
        page.locator('.flash').getByRole('link', { name: 'View it' }).click(),
      ]);
      published = page.url();
      const img = page.locator('.article-body figure.wp-block-image img');
      assert.equal(await img.getAttribute('alt'), 'The new stone quay at low tide');
      assert.ok(await img.evaluate(async (el: HTMLImageElement) => (await el.decode().catch(() => {}), el.naturalWidth > 0)), 'the image loads from the site');
      assert.equal(await page.locator('.article-body figcaption').textContent(), 'The quay on its first morning.Photo: Ana Ruiz');
      assert.equal(await page.locator('.article-body figcaption .credit').textContent(), 'Photo: Ana Ruiz');
      const body = await page.locator('.article-body').innerHTML();
      assert.match(body, /youtube\.com\/watch\?v=aqz-KE-bpKQ/, 'the embed is in the story');
      assert.equal(await page.locator('.article-body iframe[src*="youtube"]').count(), 0, 'nothing loads from the provider on its own');
      assert.doesNotMatch(body, /style=/);
    });

    it('takes images dropped on the text or pasted as files, and several at once as a gallery', async () => {
      const png = async (colour: string) =>
        (
          await sharp({ create: { width: 900, height: 600, channels: 3, background: colour } })
            .png()
            .toBuffer()
        ).toString('base64');
      await newStory(page, s.url, 'Three pictures of the regatta');
      await page.keyboard.type('The regatta in pictures.');
      const send = async (kind: 'drop' | 'paste', b64: string, name: string) =>
        page.evaluate(
          ([k, data, n]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], n, { type: 'image/png' }));
            const target = document.getElementById('ed-content')!;
            const box = target.getBoundingClientRect();
            const at = { clientX: box.left + 20, clientY: box.top + 20, bubbles: true, cancelable: true };
            if (k === 'drop') target.dispatchEvent(new DragEvent('drop', { ...at, dataTransfer: transfer }));
            else target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
          },
          [kind, b64, name] as const,
        );
      await send('drop', await png('#aa3311'), 'dropped.png');
      await page.locator('.ed-figure').first().waitFor();
      await page.locator('#ed-content').click();
      await page.keyboard.press('Control+End');
      await send('paste', await png('#1133aa'), 'pasted.png');
      await page.locator('.ed-figure').nth(1).waitFor();
      const files = await Promise.all(
        ['#228833', '#888822'].map(async (c, i) => {
          const f = join(s.dataDir, `boat-${i}.jpg`);
          writeFileSync(
            f,
            await sharp({ create: { width: 1200, height: 800, channels: 3, background: c } })
              .jpeg()
              .toBuffer(),
          );
          return f;
        }),
      );
      await page.locator('#ed-content').click();
      await page.keyboard.press('Control+End');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tool(page, 'Gallery').click()]);
      assert.ok(chooser.isMultiple(), 'several images at once');
      await chooser.setFiles(files);
      await page.locator('.wp-block-gallery .ed-figure').nth(1).waitFor();
      const html = await bodyHtml(page);
      assert.equal((html.match(/<figure class="wp-block-image"><img [^>]*src="\/media\//g) ?? []).length, 4, 'four images, all from the site');
      assert.match(
        html,
        /<figure class="wp-block-gallery has-nested-images columns-2"><figure class="wp-block-image">[\s\S]*?<\/figure><figure class="wp-block-image">[\s\S]*?<\/figure><\/figure>/,
      );
    });

    it('schedules a story and says when, in the site’s time zone, with a preview link', async () => {
      await newStory(page, s.url, 'Bridge closes for repairs');
      await page.keyboard.type('The bridge closes for a week.');
      const at = new Date(Date.now() + 2 * 86400_000);
      const local = `${at.toISOString().slice(0, 10)}T09:00`;
      await page.getByLabel(/Publication time \(UTC\)/).fill(local);
      assert.equal(await page.getByRole('button', { name: 'Publish', exact: true }).isVisible(), false, 'a time to come offers Schedule instead of Publish');
      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('button', { name: 'Schedule', exact: true }).click()]);
      const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(at);
      const part = (t: string) => when.find((p) => p.type === t)!.value;
      assert.equal(await page.locator('.flash').textContent(), `Scheduled for ${part('weekday')} ${part('day')} ${part('month')}, 09:00 UTC. Preview`);
      assert.match((await page.locator('.pub-state').textContent()) ?? '', /^Scheduled for /);
      const preview = await page.locator('.flash a').getAttribute('href');
      assert.match(preview ?? '', /^\/preview\/\d+\/\?exp=\d+&sig=/);
      assert.equal((await fetch(s.url + preview)).status, 200, 'the preview link shows it');
      assert.doesNotMatch(await (await fetch(s.url + '/')).text(), /Bridge closes for repairs/, 'not on the front page before its time');
    });

    it('appends a dated correction to the published story, shown under it and in its JSON-LD', async () => {
      assert.ok(publishedId > 0, 'the story was published');
      await page.goto(`${s.url}/admin/articles/${publishedId}`);
      await page.getByLabel('Add a correction').fill('An earlier version said the quay opened on Friday. It opened on Saturday.');
      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('button', { name: 'Update', exact: true }).click()]);
      assert.equal(await page.locator('.flash').textContent(), 'Updated. The correction is under the story. View it');
      await page.goto(published);
      assert.match(
        (await page.locator('.corrections li').textContent()) ?? '',
        /^\w+ \d+, \d{4}: An earlier version said the quay opened on Friday\. It opened on Saturday\.$/,
      );
      const ld = await page.locator('script[type="application/ld+json"]').first().textContent();
      const data = JSON.parse(ld ?? '{}');
      assert.equal(data['@type'], 'NewsArticle');
      assert.equal(data.correction[0]['@type'], 'CorrectionComment');
      assert.equal(data.correction[0].text, 'An earlier version said the quay opened on Friday. It opened on Saturday.');
      assert.match(data.correction[0].datePublished, /^\d{4}-\d{2}-\d{2}T/);
    });

    it('opens a Markdown story and saves it without losing anything readers saw', async () => {
      const client = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
      const markdown = [
        'Opening line with **bold**, *italic* and [a link](https://example.org/a).',
        '## A heading',
        '- one\n- two',
        '1. first\n2. second',
        '> A quotation.',
        '```\ncode line\n\nafter a blank line\n```',
        '---',
        '| A | B |\n|---|---|\n| 1 | 2 |',
      ].join('\n\n');
      const created = await client.post(
        '/admin/articles/new',
        { headline: 'Written in Markdown', body: markdown, status: 'published' },
        { accept: 'application/json' },
      );
      const { id } = created.json<{ id: number }>();
      const page2 = await browser.newPage();
      await signInAs(page2, s.url, 'admin@example.com', adminPassword(s.output()));
      const before = await client.get(`/api/v1/articles/${id}`);
      await page2.goto(`${s.url}/admin/articles/${id}`);
      await page2.locator('#ed-content').waitFor();
      await Promise.all([page2.waitForURL(/\/admin\/articles\/\d+$/), page2.getByRole('button', { name: 'Update', exact: true }).click()]);
      const afterSave = await client.get(`/api/v1/articles/${id}`);
      const shape = (html: string) => {
        const tags = (t: string) => (html.match(new RegExp(`<${t}[\\s>]`, 'g')) ?? []).length;
        return {
          h2: tags('h2'),
          strong: tags('strong'),
          em: tags('em'),
          a: tags('a'),
          li: tags('li'),
          ol: tags('ol'),
          blockquote: tags('blockquote'),
          pre: tags('pre'),
          hr: tags('hr'),
          th: tags('th'),
          td: tags('td'),
        };
      };
      const text = (html: string) =>
        html
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim();
      const b = before.json<{ body_html: string }>();
      const a = afterSave.json<{ body_html: string }>();
      assert.ok(b.body_html.includes('<table>'), 'the Markdown had every kind of block');
      assert.deepEqual(shape(a.body_html), shape(b.body_html));
      assert.equal(text(a.body_html), text(b.body_html));
      assert.match(a.body_html, /<pre><code>code line\n\nafter a blank line\n?<\/code><\/pre>/, 'preformatted text keeps its blank line');
      await page2.close();
    });

    it('previews the unsaved story in the site’s own article template', async () => {
      await newStory(page, s.url, 'A story not yet saved');
      await page.keyboard.type('Seen first in the preview.');
      const [preview] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Preview in the article template' }).click()]);
      await preview.waitForLoadState();
      assert.equal(await preview.locator('h1#headline').textContent(), 'A story not yet saved');
      assert.equal(await preview.locator('.article-body p').first().textContent(), 'Seen first in the preview.');
      assert.ok(await preview.locator('link[rel="stylesheet"][href*="/assets/theme-"]').count(), 'the site’s stylesheet');
      assert.equal(await preview.locator('meta[name="robots"][content*="noindex"]').count(), 1);
      await preview.close();
    });
  });
}
