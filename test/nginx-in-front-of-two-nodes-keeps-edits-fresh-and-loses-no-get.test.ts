/**
 * The shipped front door (deploy/nginx/gazette.conf) in front of two nodes on one PostgreSQL
 * database: an edit made through one node is what every reader gets through nginx at once, and a
 * node killed while readers read costs none of their GETs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { NGINX_MISSING, startNginx } from './helpers/nginx.js';
import { adminPassword, Browser } from './helpers/admin.js';
import { ARTICLE } from './helpers/comments.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
const skip = NGINX_MISSING ?? postgres.skip;

/** A GET through a keep-alive agent; a failure is reported as status 0 with its message. */
function get(url: string, agent: http.Agent): Promise<{ status: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (err) => resolve({ status: 0, body, error: err.message }));
      })
      .on('error', (err) => resolve({ status: 0, body: '', error: err.message }));
  });
}

describe('nginx in front of two nodes (deploy/nginx/gazette.conf)', { skip }, () => {
  let a: TestServer;
  let b: TestServer;
  let front: { url: string; stop(): Promise<void> };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  before(async () => {
    a = await startServer('postgres', { process: true, env: { WORKERS: '1' } });
    b = await startServer('postgres', { process: true, databaseUrl: a.databaseUrl, env: { WORKERS: '1' } });
    front = await startNginx([a.port, b.port]);
  });
  after(async () => {
    agent.destroy();
    await front?.stop();
    await b?.close();
    await a?.close();
  });

  it('shows an edit made through one node to every reader through nginx at once', async () => {
    // Both nodes hold the page in their caches.
    for (let i = 0; i < 4; i++) assert.equal((await get(front.url + ARTICLE, agent)).status, 200);
    const html = (await get(front.url + ARTICLE, agent)).body;
    const id = /name="article_id" value="(\d+)"/.exec(html)?.[1];
    assert.ok(id, 'the article names its id');

    const editor = new Browser(front.url);
    const email = /email:\s+(\S+)/.exec(a.output())?.[1] ?? '';
    assert.equal((await editor.signIn(email, adminPassword(a))).status, 303);
    for (let round = 1; round <= 3; round++) {
      const headline = `Edited through the front door, round ${round}`;
      await editor.get(`/admin/articles/${id}`);
      const saved = await editor.post(`/admin/articles/${id}`, { headline, body: `<p>Round ${round} of the edit.</p>`, status: 'published' });
      assert.equal(saved.status, 303, saved.html.slice(0, 500));
      // Round-robin: these reach both nodes, whichever took the edit.
      for (let i = 0; i < 4; i++) {
        const page = await get(front.url + ARTICLE, agent);
        assert.equal(page.status, 200);
        assert.ok(page.body.includes(headline), `round ${round}, read ${i}: the edit shows through nginx at once`);
      }
    }
  });

  it('loses no GET when one node is killed while readers read', async () => {
    const paths = [ARTICLE, '/'];
    const answers: { status: number; error?: string; path: string }[] = [];
    let killed = false;
    let afterKill = 0;
    const reader = async (n: number) => {
      for (let i = n; !killed || afterKill < 400; i++) {
        const path = paths[i % paths.length];
        const r = await get(front.url + path, agent);
        answers.push({ status: r.status, error: r.error, path });
        if (killed) afterKill++;
      }
    };
    const readers = Array.from({ length: 8 }, (_, n) => reader(n));
    while (answers.length < 200) await new Promise((r) => setTimeout(r, 20));
    await b.stop({ kill: true });
    killed = true;
    await Promise.all(readers);
    const lost = answers.filter((x) => x.status !== 200);
    assert.deepEqual(lost, [], `${lost.length} of ${answers.length} GETs were lost`);
    assert.ok(afterKill >= 400);
  });
});
