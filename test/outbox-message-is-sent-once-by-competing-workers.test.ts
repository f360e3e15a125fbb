import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { DIALECTS, freshDatabase } from './helpers/server.js';
import { mailCatcher, type MailCatcher } from './helpers/mail-catcher.js';
import { loadConfig } from '../src/kernel/config.js';
import { buildDeps, type Deps } from '../src/runtime/deps.js';
import { enqueueMail } from '../src/mail/outbox.js';
import { createMailTransport } from '../src/mail/transport.js';
import { MailWorker } from '../src/mail/worker.js';

const MESSAGES = 40;
const WORKERS = 3;

for (const d of DIALECTS) {
  describe(`competing delivery workers (${d.name})`, { skip: d.skip }, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let smtp: MailCatcher;
    const deps: Deps[] = [];
    before(async () => {
      db = await freshDatabase(d.name);
      smtp = await mailCatcher();
      // Each worker has its own connection(s), as separate processes would.
      for (let i = 0; i < WORKERS; i++) {
        deps.push(await buildDeps(loadConfig({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl }), { listen: false, log: pino({ level: 'silent' }) }));
      }
    });
    after(async () => {
      for (const x of deps) await x.close();
      await smtp?.close();
      await db?.drop();
    });

    it('delivers every message exactly once', async () => {
      await deps[0].write(async (trx) => {
        for (let i = 0; i < MESSAGES; i++)
          await enqueueMail(
            trx,
            { to: `reader${i}@example.org`, subject: `message ${i}`, text: `body ${i}`, html: '', kind: 'test', ref: `test:${i}` },
            Date.now(),
          );
      });
      const workers = deps.map((x) => new MailWorker(x, createMailTransport(smtp.url)));
      // Every worker sweeps the same queue at the same time, until nothing is left.
      await Promise.all(
        workers.map(async (w) => {
          for (let round = 0; round < 50; round++) {
            await w.tick();
            const left = await deps[0].kysely.selectFrom('outbox').select('id').where('status', '!=', 'sent').limit(1).execute();
            if (!left.length) return;
          }
        }),
      );
      for (const w of workers) await w.stop();
      const subjects = smtp.received.map((m) => m.mail.subject);
      assert.equal(subjects.length, MESSAGES, 'messages received');
      assert.equal(new Set(subjects).size, MESSAGES, 'a message arrived twice');
      const rows = await deps[0].kysely.selectFrom('outbox').select(['status', 'attempts']).execute();
      assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1));
    });
  });
}
