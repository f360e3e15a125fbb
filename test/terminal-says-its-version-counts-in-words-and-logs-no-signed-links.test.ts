/**
 * The command line and the log as an operator meets them: `gazette --version`, `gazette stats` in
 * words (JSON with --json), and the server's log as JSON lines (stdout is not a terminal here) in
 * which a moderation mail kept in the outbox (no SMTP_URL) names its subject but none of its signed
 * links' signatures.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { eventually, postComment, sampleArticleId, setSettings } from './helpers/mail-tests.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

for (const d of DIALECTS) {
  describe(`the terminal (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { process: true, env: { LOG_LEVEL: 'info' } });
    });
    after(async () => {
      await s?.close();
    });

    it('prints its version', async () => {
      for (const flag of ['--version', '-V']) {
        const r = await s.cli([flag]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), VERSION);
      }
    });

    it('counts the site in words, and in JSON with --json', async () => {
      const r = await s.cli(['stats']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Articles +\d+ +\(\d+ published\)$/m);
      assert.match(r.stdout, /^Comments +\d+ +\(\d+ approved/m);
      assert.match(r.stdout, /^Media +0$/m);
      assert.doesNotMatch(r.stdout, /[{}"]/, 'no JSON fragments');
      const j = await s.cli(['stats', '--json']);
      const stats = JSON.parse(j.stdout);
      assert.equal(typeof stats.articles.published, 'number');
      assert.equal(stats.media, 0);
    });

    it('logs JSON lines, and a moderation mail kept in the outbox without its links’ signatures', async () => {
      await setSettings(s, { 'comments.min_form_seconds': '0', 'comments.flood_seconds': '0' });
      const posted = await postComment(s, {
        article_id: await sampleArticleId(s),
        author: 'First Timer',
        email: 'first.timer@example.net',
        comment: 'A first comment, so it waits for a moderator.',
      });
      assert.equal(posted.status, 'pending');
      const line = await eventually(
        async () =>
          s
            .output()
            .split('\n')
            .find((l) => l.includes('kept in the outbox') && l.includes('moderate')),
        'the mail logged',
      );
      const entry = JSON.parse(line);
      assert.equal(entry.msg, 'mail (no SMTP_URL): kept in the outbox, not sent');
      assert.match(entry.text, /sig=\[hidden\]/, 'the link is there, its signature is not');
      assert.doesNotMatch(s.output(), /sig=(?!\[hidden\])[\w-]{10,}|token=(?!\[hidden\])\w/);
      for (const l of s
        .output()
        .split('\n')
        .filter((x) => x.startsWith('{')))
        assert.doesNotThrow(() => JSON.parse(l), l);
    });
  });
}
