import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { headerOf, linksIn, mailCatcher, type MailCatcher, type Received } from './helpers/mail-catcher.js';
import { sql } from 'kysely';
import { eventually, formIn, postComment, sampleArticleId, setSettings, withDb } from './helpers/mail-tests.js';

for (const d of DIALECTS) {
  describe(`reply notifications (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let smtp: MailCatcher;
    let articleId: number;
    let aliceComment: number;
    let confirmation: Received;
    let notification: Received;
    // Typed with capitals; stored and mailed as the submission normalises it.
    const typed = 'Alice.Reader@Example.org';
    const alice = typed.toLowerCase();
    const bob = 'bob.replier@example.com';
    const outboxTo = (to: string, kind: string) =>
      withDb(s, (db) =>
        db
          .selectFrom('outbox')
          .select(['id', 'ref', 'status'])
          .where(sql<string>`lower(${sql.ref('to')})`, '=', to)
          .where('kind', '=', kind)
          .orderBy('id')
          .execute(),
      );
    const reply = (text: string) => postComment(s, { article_id: articleId, parent_id: aliceComment, author: 'Bob Replier', email: bob, comment: text });

    before(async () => {
      smtp = await mailCatcher();
      s = await startServer(d.name, { env: { SMTP_URL: smtp.url } });
      await setSettings(s, {
        'comments.min_form_seconds': '0',
        'comments.flood_seconds': '0',
        'comments.hold_first_time': 'false',
        'comments.moderation_words': 'holdthisplease',
      });
      articleId = await sampleArticleId(s);
    });
    after(async () => {
      await s?.close();
      await smtp?.close();
    });

    it('asks a first-time address to confirm, once', async () => {
      const posted = await postComment(s, {
        article_id: articleId,
        author: 'Alice Reader',
        email: typed,
        comment: 'Tell me when someone answers, please.',
        notify: true,
      });
      assert.equal(posted.status, 'approved');
      aliceComment = posted.id;
      confirmation = await smtp.waitFor((m) => m.to.includes(alice));
      assert.match(confirmation.mail.subject ?? '', /Confirm/);
      assert.equal(linksIn(confirmation, `${s.url}/comments/notifications/confirm?token=`).length, 1);
      // Asking again the same day sends no second confirmation.
      await postComment(s, { article_id: articleId, author: 'Alice Reader', email: typed, comment: 'And this one too, thanks.', notify: true });
      assert.equal((await outboxTo(alice, 'confirm')).length, 1);
    });

    it('sends nothing about replies before the address confirmed', async () => {
      const r = await reply('An answer before Alice confirmed.');
      assert.equal(r.status, 'approved');
      assert.equal((await outboxTo(alice, 'reply')).length, 0);
    });

    it('confirms on POST from the confirmation page, not on GET', async () => {
      const [link] = linksIn(confirmation, `${s.url}/comments/notifications/confirm?token=`);
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const confirmed = () => withDb(s, async (db) => (await db.selectFrom('subscriptions').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at);
      assert.equal(await confirmed(), null, 'a GET confirmed the subscription');
      const form = formIn(await page.text());
      const done = await fetch(s.url + form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
      assert.equal(done.status, 200);
      assert.ok((await confirmed()) !== null);
    });

    it('notifies of a later approved reply, with List-Unsubscribe headers and no other address', async () => {
      const since = smtp.received.length;
      const r = await reply('Here is my considered answer, Alice.');
      notification = await smtp.waitFor((m) => m.to.includes(alice) && /replied/.test(m.mail.subject ?? ''), { since });
      assert.match(notification.mail.text ?? '', /considered answer/);
      assert.match(notification.mail.text ?? '', new RegExp(`#comment-${r.id}`));
      const lu = String(headerOf(notification, 'list-unsubscribe'));
      assert.match(lu, new RegExp(`^<${s.url}/comments/notifications/unsubscribe\\?token=[A-Za-z0-9_-]+>$`));
      assert.equal(headerOf(notification, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.ok(!notification.raw.toLowerCase().includes(bob), "the replier's address is in the notification");
    });

    it('notifies when a held reply is approved later, through the moderators’ link', async () => {
      const since = smtp.received.length;
      const held = await reply('A reply that must wait: holdthisplease.');
      assert.equal(held.status, 'pending');
      assert.equal((await outboxTo(alice, 'reply')).filter((m) => m.ref === `comment:${held.id}`).length, 0);
      const modMail = await smtp.waitFor((m) => m.to.includes('admin@example.com') && (m.mail.text ?? '').includes('holdthisplease'), { since });
      const [approve] = linksIn(modMail, `${s.url}/comments/moderate?`).filter((l) => l.includes('action=approve'));
      const form = formIn(await (await fetch(approve)).text());
      assert.equal((await fetch(s.url + form.action, { method: 'POST', body: new URLSearchParams(form.fields) })).status, 200);
      await smtp.waitFor((m) => m.to.includes(alice) && (m.mail.text ?? '').includes('holdthisplease'), { since });
      // Approving again changes nothing and sends nothing more.
      assert.equal((await fetch(s.url + form.action, { method: 'POST', body: new URLSearchParams(form.fields) })).status, 200);
      assert.equal((await outboxTo(alice, 'reply')).filter((m) => m.ref === `comment:${held.id}`).length, 1);
    });

    it('unsubscribes with one POST to the List-Unsubscribe URL (RFC 8058), after which no mail is sent', async () => {
      const url = String(headerOf(notification, 'list-unsubscribe')).slice(1, -1);
      // A GET (a scanner following the link) only shows the button.
      const page = await fetch(url);
      assert.equal(page.status, 200);
      const unsubscribed = () =>
        withDb(s, async (db) => (await db.selectFrom('subscriptions').select('unsubscribed_at').executeTakeFirstOrThrow()).unsubscribed_at);
      assert.equal(await unsubscribed(), null, 'a GET unsubscribed');
      // What a mail client sends: multipart/form-data with List-Unsubscribe=One-Click.
      const body = new FormData();
      body.set('List-Unsubscribe', 'One-Click');
      const r = await fetch(url, { method: 'POST', body });
      assert.equal(r.status, 200);
      assert.ok((await unsubscribed()) !== null);

      const before = (await outboxTo(alice, 'reply')).length;
      const late = await reply('An answer Alice should not hear about.');
      assert.equal(late.status, 'approved');
      assert.equal((await outboxTo(alice, 'reply')).length, before, 'a reply notification was queued after unsubscribing');
      await eventually(
        () => withDb(s, async (db) => (await db.selectFrom('outbox').select('status').where('status', 'in', ['queued', 'sending']).execute()).length === 0),
        'the outbox to drain',
      );
      assert.ok(!smtp.received.some((m) => (m.mail.text ?? '').includes('should not hear')));
    });

    it('answers an unknown token with 404 and a code', async () => {
      const r = await fetch(`${s.url}/comments/notifications/unsubscribe?token=nosuchtokennosuchtoken`, { method: 'POST' });
      assert.equal(r.status, 404);
      assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_SUBSCRIPTION_UNKNOWN');
    });
  });
}
