import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARKUP_DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const javaMissing = spawnSync('java', ['-version']).error ? 'java is not installed, so the Nu HTML Checker cannot run' : false;
const vnuMissing = existsSync(VNU) ? false : `${VNU} is missing (npm install vnu-jar)`;

/** Every kind of reader page, with the status it answers. */
const PAGES: [name: string, path: string, status: number][] = [
  ['front', '/', 200],
  ['article', '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/', 200],
  ['reply-to-comment', '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/?replytocom=1', 200],
  ['section', '/section/world/', 200],
  ['tag', '/tag/china/', 200],
  ['author', '/author/elena-marsh/', 200],
  ['month', '/2024/05/', 200],
  ['year', '/2024/', 200],
  ['search', '/search?q=china', 200],
  ['search-nothing', '/search?q=zzzzqqq', 200],
  ['static', '/about/', 200],
  ['not-found', '/no/such/page/', 404],
];

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Runs the Nu HTML Checker once over all files (one JVM start) and returns its messages. */
function vnu(files: string[]): VnuMessage[] {
  const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--stdout', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
  assert.ok(r.stdout, `vnu printed nothing: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { messages: VnuMessage[] }).messages;
}

for (const d of MARKUP_DIALECTS) {
  const skip = d.skip || javaMissing || vnuMissing;
  describe(`reader pages are valid HTML (${d.name})`, { skip }, () => {
    let s: TestServer;
    let dir: string;
    before(async () => {
      s = await startServer(d.name);
      dir = mkdtempSync(join(tmpdir(), 'gazette-vnu-'));
    });
    after(async () => {
      await s?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('has no Nu HTML Checker errors on front, article, archives, search, static, 404 and comment-error pages', async () => {
      const files: string[] = [];
      for (const [name, path, status] of PAGES) {
        const r = await fetch(s.url + path);
        assert.equal(r.status, status, path);
        const file = join(dir, `${name}.html`);
        writeFileSync(file, await r.text());
        files.push(file);
      }
      // The article with each error beside its field, as a reader sees it after a refused comment.
      const article = await (await fetch(s.url + PAGES[1][1])).text();
      const articleId = /name="article_id" value="(\d+)"/.exec(article)?.[1];
      assert.ok(articleId, 'the article carries its reply form');
      const refused = await fetch(s.url + '/comments', {
        method: 'POST',
        body: new URLSearchParams({ article_id: articleId, author: '', email: 'not-an-address', comment: '' }),
        redirect: 'manual',
      });
      // Sent back to the form (303), which shows the errors from the sealed cookie.
      assert.equal(refused.status, 303);
      const invalid = await fetch(s.url + refused.headers.get('location'), { headers: { cookie: (refused.headers.get('set-cookie') ?? '').split(';')[0] } });
      const invalidFile = join(dir, 'comment-errors.html');
      const invalidHtml = await invalid.text();
      assert.match(invalidHtml, /id="email-error"/);
      writeFileSync(invalidFile, invalidHtml);
      files.push(invalidFile);
      const errors = vnu(files).filter((m) => m.type === 'error' || m.type === 'non-document-error');
      const report = errors.map((m) => `${m.url?.split('/').pop()}:${m.lastLine ?? '?'} ${m.message} ${m.extract ?? ''}`).join('\n');
      assert.equal(errors.length, 0, report);
    });
  });
}
