import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { mailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { eventually, postComment, sampleArticleId, setSettings, withDb } from './helpers/mail-tests.js';

type Site = TestServer | InProcessServer;

const moderationRows = (s: Site, commentId: number) =>
  withDb(s, (db) => db.selectFrom('outbox').selectAll().where('kind', '=', 'moderation').where('ref', '=', `comment:${commentId}`).orderBy('id').execute());

async function holdAComment(s: Site, text: string): Promise<number> {
  await setSettings(s, { 'comments.min_form_seconds': '0', 'comments.flood_seconds': '0' });
  const posted = await postComment(s, { article_id: await sampleArticleId(s), author: 'Newcomer', email: `newcomer.${Date.now()}@example.net`, comment: text });
  assert.equal(posted.status, 'pending');
  return posted.id;
}

for (const d of DIALECTS) {
  describe(`outbox with SMTP down, then up (${d.name})`, { skip: d.skip }, () => {
    // In this process, on a clock the test moves: the backoff passes without waiting for it (the
    // worker still polls every second of real time).
    let s: InProcessServer;
    let smtp: MailCatcher;
    before(async () => {
      // Nothing listens on the port yet: every attempt is refused.
      smtp = await mailCatcher({ listen: false });
      s = await startInProcess(d.name, { env: { SMTP_URL: smtp.url }, mail: true });
    });
    after(async () => {
      await s?.close();
      await smtp?.close();
    });

    it('keeps messages queued with growing backoff, and delivers them once the server answers', async () => {
      const id = await holdAComment(s, 'Waiting for the mail server to come back.');
      const failing = await eventually(async () => {
        const rows = await moderationRows(s, id);
        // Each failure sets the next try 2 s, then 4 s later: move the clock to it (never past
        // a message being sent, whose lease would then run out).
        const queued = rows.filter((r) => r.status === 'queued');
        const due = Math.min(...queued.map((r) => r.next_attempt_at));
        if (queued.length === rows.length && rows.length && due > s.clock.now()) s.clock.set(due);
        return rows.length === 2 && rows.every((r) => r.attempts >= 2 && r.status === 'queued') && rows;
      }, 'two failed attempts per message');
      for (const r of failing) {
        assert.notEqual(r.last_error, '');
        assert.equal(r.sent_at, null);
        // After two failures the next try is at least 2 s + 4 s after the message was queued.
        assert.ok(r.next_attempt_at >= r.created_at + 6000, `next attempt ${r.next_attempt_at - r.created_at} ms after queueing`);
      }
      await smtp.listen();
      s.clock.set(Math.max(...failing.map((r) => r.next_attempt_at)));
      await smtp.waitFor((m) => m.to.includes('admin@example.com'), { timeoutMs: 40_000 });
      await smtp.waitFor((m) => m.to.includes('tom.okafor@example.com'), { timeoutMs: 40_000 });
      const sent = await eventually(async () => {
        const rows = await moderationRows(s, id);
        return rows.every((r) => r.status === 'sent') && rows;
      }, 'the rows marked sent');
      for (const r of sent) {
        assert.ok(r.attempts >= 3);
        assert.ok(r.sent_at !== null);
      }
      assert.equal(smtp.received.length, 2, 'each message arrived once');
    });
  });

  describe(`outbox without SMTP_URL (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    it('records messages as logged', async () => {
      const id = await holdAComment(s, 'Nobody configured a mail server here.');
      const rows = await eventually(async () => {
        const r = await moderationRows(s, id);
        return r.length === 2 && r.every((m) => m.status === 'logged') && r;
      }, 'messages logged');
      for (const r of rows) assert.equal(r.attempts, 1);
    });
  });
}
