import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { type WxrCommentSpec, wxr } from './helpers/wxr.js';

// Security review findings 9.10 (imported author URLs reached an href unchecked) and 9.11 (an
// imported reply chain 1,500 deep made its article answer 500 for ever).
const CHAIN = 1500;

function exportFile(): string {
  const chain: WxrCommentSpec[] = [];
  for (let i = 0; i < CHAIN; i++) {
    chain.push({
      id: 1000 + i,
      author: `Replier ${i}`,
      content: `Link ${i} of the chain`,
      parent: i ? 999 + i : 0,
      date: `2020-05-02 ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
    });
  }
  return wxr({
    items: [
      {
        id: 10,
        title: 'Links in the thread',
        content: 'Comments with odd websites.',
        comments: [
          { id: 1, author: 'Script Kid', url: 'javascript:alert(document.domain)', content: 'Mind my website' },
          { id: 2, author: 'Data Person', url: 'data:text/html,<script>alert(1)</script>', content: 'And mine' },
          { id: 3, author: 'Spacey', url: '  JaVaScRiPt:alert(1)', content: 'Mixed case' },
          { id: 4, author: 'Honest Blogger', url: 'https://blog.example.net/about', content: 'A real site' },
        ],
      },
      { id: 20, title: 'The longest conversation', content: 'A chain of replies.', comments: chain },
    ],
  });
}

for (const d of DIALECTS) {
  describe(`imported comments keep safe links and deep threads render (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gazette-wxr-'));
      writeFileSync(join(dir, 'export.xml'), exportFile());
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', join(dir, 'export.xml'), '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).comments, 4 + CHAIN);
    });
    after(async () => {
      await s?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('links only http(s) websites of imported commenters', async () => {
      const r = await fetch(s.url + '/2020/05/01/links-in-the-thread/');
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.doesNotMatch(html, /href="\s*(?:javascript|data):/i);
      assert.match(html, /<span class="comment-author-name">Script Kid<\/span>/);
      assert.match(html, /<span class="comment-author-name">Data Person<\/span>/);
      assert.match(html, /<span class="comment-author-name">Spacey<\/span>/);
      assert.match(html, /<a class="comment-author-name" href="https:\/\/blog\.example\.net\/about"/);
    });

    it('renders a 1,500-deep chain flattened at the thread depth, every reply shown', async () => {
      const r = await fetch(s.url + '/2020/05/01/the-longest-conversation/');
      assert.equal(r.status, 200);
      const html = await r.text();
      for (const i of [0, 1, 4, 5, 700, CHAIN - 1]) assert.ok(html.includes(`Link ${i} of the chain`), `reply ${i} missing`);
      // The default thread depth is 5: one list of the first comment, four nested lists of replies.
      const thread = html.slice(html.indexOf('<ol class="comment-list">'), html.indexOf('id="respond"'));
      let depth = 0;
      let deepest = 0;
      for (const m of thread.matchAll(/<ol\b|<\/ol>/g)) {
        depth += m[0] === '</ol>' ? -1 : 1;
        deepest = Math.max(deepest, depth);
      }
      assert.equal(deepest, 5);
      // Replies below the deepest level sit beside each other, in order.
      assert.ok(thread.indexOf('Link 5 of the chain') < thread.indexOf('Link 6 of the chain'));
    });
  });
}
