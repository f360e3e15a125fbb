import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, prettyLine, scrub } from './log.js';

/** A stream that keeps what is written, optionally claiming to be a terminal. */
function sink(isTTY = false) {
  const lines: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => lines.join('') };
}

describe('the log', () => {
  it('hides the signature and token of signed links, and passwords in URLs', () => {
    const text =
      'Approve: https://news.example/comments/moderate?id=12&action=approve&exp=1767225600000&sig=Zx9-abc_DEF\n' +
      'Reset: https://news.example/admin/password/set?token=t0ps3cr3t\n' +
      'Held: https://news.example/2026/12/02/x/?unapproved=4&moderation-hash=abc123#comment-4\n' +
      'SMTP: smtp://newsroom:hunter22@mail.example:587';
    const out = scrub(text);
    for (const secret of ['Zx9-abc_DEF', 't0ps3cr3t', 'abc123', 'hunter22', '1767225600000']) assert.ok(!out.includes(secret), secret);
    assert.match(out, /moderate\?id=12&action=approve&exp=\[hidden\]&sig=\[hidden\]/);
    assert.match(out, /smtp:\/\/newsroom:\[hidden\]@mail\.example/);
  });

  it('writes JSON where no terminal reads it, with secret fields and link signatures hidden', () => {
    const s = sink(false);
    const log = createLogger('info', { stream: s.stream });
    log.info({ to: 'editor@example.com', password: 'pw-123', text: 'Open https://x.example/p?token=abc' }, 'mail kept');
    const line = JSON.parse(s.text().trim());
    assert.equal(line.msg, 'mail kept');
    assert.equal(line.password, '[hidden]');
    assert.equal(line.text, 'Open https://x.example/p?token=[hidden]');
    assert.ok(!s.text().includes('pw-123') && !s.text().includes('abc'));
  });

  it('keeps an error’s message and stack', () => {
    const s = sink(false);
    createLogger('info', { stream: s.stream }).error({ err: new Error('disk full at /data') }, 'write failed');
    const line = JSON.parse(s.text().trim());
    assert.equal(line.err.type, 'Error');
    assert.equal(line.err.message, 'disk full at /data');
    assert.match(line.err.stack, /Error: disk full/);
  });

  it('writes readable lines on a terminal: time, level, message, details, long text indented', () => {
    const s = sink(true);
    createLogger('info', { stream: s.stream }).info({ outbox: 7, text: 'Line one\nLine two with https://x.example/a?sig=secret1' }, 'mail kept');
    const out = s
      .text()
      .replaceAll(String.fromCharCode(27), '')
      .replace(/\[[0-9;]*m/g, '');
    assert.match(out, /^\d{2}:\d{2}:\d{2} INFO {2}mail kept outbox=7\n {2}text:\n {4}Line one\n {4}Line two with https:\/\/x\.example\/a\?sig=\[hidden\]\n$/);
    assert.ok(!out.trim().startsWith('{'));
  });

  it('passes a line that is not JSON through as it is', () => {
    assert.equal(prettyLine('plain words', false), 'plain words\n');
  });
});
