/**
 * The optional micro-cache (deploy/nginx/gazette-microcache.conf) switched on in the shipped
 * front door: a burst of readers of one page reaches the node once a second; a reader who just
 * commented and a signed-in editor always reach the node (so the writer sees their comment at once);
 * a page a node marks as one reader's own is never kept; and the last page keeps answering while
 * the node is down.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './helpers/server.js';
import { NGINX_MISSING, startNginx, type FrontDoor } from './helpers/nginx.js';
import { ARTICLE, fields, formOf, liftLimits, postComment } from './helpers/comments.js';
import { adminPassword, Browser } from './helpers/admin.js';

const get = (url: string, cookie?: string) => fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const cacheStatus = (r: Response) => r.headers.get('x-cache-status');

describe('the nginx micro-cache in front of a node', { skip: NGINX_MISSING }, () => {
  let node: TestServer;
  let front: FrontDoor;

  before(async () => {
    node = await startServer('sqlite');
    await liftLimits(node);
    // One node, named on both upstream lines.
    front = await startNginx([node.port, node.port], { microcache: true });
  });
  after(async () => {
    await front?.stop();
    await node?.close();
  });

  it('answers a burst of readers of one page from nginx after the first', async () => {
    const first = await get(front.url + '/');
    assert.equal(first.status, 200);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(cacheStatus(await get(front.url + '/')));
    assert.ok(statuses.includes('HIT'), `readers right after the first are answered by nginx: ${statuses.join(' ')}`);
  });

  it('sends a reader who just commented to the node, so they see their comment at once', async () => {
    // Every reader holds the article in nginx.
    await get(front.url + ARTICLE);
    assert.equal(cacheStatus(await get(front.url + ARTICLE)), 'HIT');
    const form = await formOf({ ...node, url: front.url });
    const f = fields(form);
    const posted = await postComment({ ...node, url: front.url }, f);
    assert.equal(posted.status, 303);
    const wrote = posted.headers.getSetCookie().find((c) => c.startsWith('gz_wrote='));
    assert.ok(wrote, 'POST /comments sets the writer cookie');
    const mine = await get(front.url + ARTICLE, wrote.slice(0, wrote.indexOf(';')));
    assert.equal(cacheStatus(mine), 'BYPASS');
    assert.ok((await mine.text()).includes(f.comment), 'the writer sees their comment at their next request through nginx');
    // Not kept for others: what the writer was given was not stored in nginx.
    const other = await get(front.url + ARTICLE);
    assert.notEqual(cacheStatus(other), 'BYPASS');
  });

  it('sends a signed-in editor to the node every time', async () => {
    const editor = new Browser(front.url);
    const email = /email:\s+(\S+)/.exec(node.output())?.[1] ?? '';
    assert.equal((await editor.signIn(email, adminPassword(node))).status, 303);
    assert.ok(editor.cookies.has('gz_session'), 'signed in: the session cookie is set');
    for (let i = 0; i < 2; i++) assert.equal(cacheStatus((await editor.get('/')).res), 'BYPASS');
  });

  it('never keeps a page a node marks as one reader\u2019s own', async () => {
    // A held comment shown to its writer only (?unapproved=…&moderation-hash=…): private, no-store.
    await node.cli(['settings', 'set', 'comments.hold_first_time', 'true']);
    const form = await formOf({ ...node, url: front.url });
    const held = await postComment({ ...node, url: front.url }, fields(form));
    assert.equal(held.status, 303);
    const location = held.headers.get('location') ?? '';
    assert.match(location, /unapproved=/);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const r = await get(front.url + location);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('cache-control') ?? '', /private|no-store/);
      seen.push(cacheStatus(r));
    }
    assert.ok(!seen.includes('HIT'), `a reader's own page is never answered from nginx: ${seen.join(' ')}`);
    await node.cli(['settings', 'set', 'comments.hold_first_time', 'false']);
  });

  it('keeps answering the last page while the node is down', async () => {
    assert.equal((await get(front.url + '/')).status, 200);
    await node.stop();
    const r = await get(front.url + '/');
    assert.equal(r.status, 200, 'the front page still answers with its node down');
    // HIT within the page's second; past it, STALE, or UPDATING when nginx answered the old page
    // while it tried the node in the background (proxy_cache_background_update): all three are the
    // last page, answered by nginx.
    assert.match(cacheStatus(r) ?? '', /^(STALE|HIT|UPDATING)$/);
  });
});
