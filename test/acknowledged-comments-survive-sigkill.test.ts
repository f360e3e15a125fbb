import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { fields, formOf, freshToken, liftLimits, listComments, postJson } from './helpers/comments.js';

const ROUNDS = 4;
const POSTERS = 8;

for (const d of DIALECTS) {
  describe(`acknowledged comments survive SIGKILL (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { process: true });
      await liftLimits(s);
    });
    after(async () => {
      await s?.close();
    });

    it('keeps every comment answered 201 while the server is killed and restarted', async () => {
      const { articleId } = await formOf(s);
      const token = await freshToken(s, articleId);
      const acknowledged = new Map<number, string>();
      let failures = 0;

      for (let round = 0; round < ROUNDS; round++) {
        let stop = false;
        const poster = async () => {
          while (!stop) {
            const f = fields({ articleId, token });
            try {
              const r = await postJson(s, f);
              if (r.status === 201) acknowledged.set(r.body.id, f.author);
              else assert.fail(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
            } catch (err) {
              if (err instanceof assert.AssertionError) throw err;
              // The connection died with the server: this comment was never acknowledged.
              failures++;
              return;
            }
          }
        };
        const running = Array.from({ length: POSTERS }, poster);
        // Kill once this round has had some comments acknowledged (however slow the machine is),
        // while the posters keep requests in flight.
        const target = acknowledged.size + POSTERS;
        for (let i = 0; i < 3000 && acknowledged.size < target; i++) await new Promise((r) => setTimeout(r, 20));
        await s.stop({ kill: true });
        stop = true;
        await Promise.all(running);
        await s.restart();
      }

      assert.ok(acknowledged.size >= ROUNDS * POSTERS, `posted ${acknowledged.size} comments`);
      assert.ok(failures > 0, 'the kills interrupted requests in flight');
      const stored = new Map((await listComments(s)).map((c) => [c.id, c]));
      for (const [id, author] of acknowledged) {
        const c = stored.get(id);
        assert.ok(c, `acknowledged comment ${id} is stored`);
        assert.equal(c.author, author);
        assert.equal(c.status, 'approved', `comment ${id} was held by ${c.decided_by}: ${c.reason}`);
      }
    });
  });
}
