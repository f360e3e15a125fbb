import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Db } from '../db/connect.js';
import { migrate } from '../db/migrations.js';
import { createArticle } from '../content/articles.js';
import { DIALECTS, freshDatabase } from '../../test/helpers/server.js';
import { pageOfComment, threadCounts, threadPage, type ThreadOrder } from './thread.js';

interface Row {
  id: number;
  parent_id: number | null;
  status: string;
  created_at: number;
}

/** The thread as the old whole-thread code computed it: the reference the paged queries must match. */
function reference(rows: Row[], order: ThreadOrder, per: number) {
  const approved = rows.filter((r) => r.status === 'approved').sort((a, b) => a.created_at - b.created_at || a.id - b.id);
  const byId = new Map(approved.map((c) => [c.id, c]));
  const rootOf = (c: Row): number => {
    let at = c;
    while (at.parent_id !== null && byId.has(at.parent_id)) at = byId.get(at.parent_id)!;
    return at.id;
  };
  const roots = approved.filter((c) => c.parent_id === null || !byId.has(c.parent_id));
  if (order === 'newest') roots.reverse();
  const pages: number[][] = [];
  for (let i = 0; i < roots.length; i += per) {
    const shown = new Set(roots.slice(i, i + per).map((r) => r.id));
    pages.push([...shown, ...approved.filter((c) => !shown.has(c.id) && shown.has(rootOf(c))).map((c) => c.id)]);
  }
  const pageOf = new Map<number, number>();
  pages.forEach((ids, i) => ids.forEach((id) => pageOf.set(id, i + 1)));
  return { approved: approved.length, roots: roots.length, pages, pageOf };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

for (const d of DIALECTS) {
  describe(`comment thread pages (${d.name})`, { skip: d.skip }, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let articleId: number;
    const rows: Row[] = [];

    before(async () => {
      const fresh = await freshDatabase(d.name);
      drop = fresh.drop;
      db = connect(fresh.databaseUrl);
      await migrate(db.kysely, db.dialect);
      articleId = await createArticle(db.kysely, { headline: 'A long conversation', body: 'Text.', status: 'published' }, Date.now(), () => {});
      // 300 comments: roots and replies down to depth 6, some trashed, spam or held (their
      // replies then stand as roots), and clusters sharing one created_at (ties broken by id).
      const rnd = random(7);
      for (let i = 0; i < 300; i++) {
        const r = rnd();
        const parent = rows.length && r < 0.55 ? rows[Math.floor(rnd() * rows.length)].id : null;
        const status = rnd() < 0.12 ? (['trash', 'spam', 'pending'] as const)[i % 3] : 'approved';
        const created_at = 1_700_000_000_000 + Math.floor(i / 3) * 1000;
        const { id } = await db.kysely
          .insertInto('comments')
          .values({ article_id: articleId, parent_id: parent, author: `Reader ${i}`, email: `r${i}@example.net`, body: `Comment ${i}`, status, created_at })
          .returning('id')
          .executeTakeFirstOrThrow();
        rows.push({ id, parent_id: parent, status, created_at });
      }
    });
    after(async () => {
      await db?.close();
      await drop?.();
    });

    for (const order of ['oldest', 'newest'] as const) {
      for (const per of [1, 7, 50, 1000]) {
        it(`shows the same pages as the whole thread would, ${order} first, ${per} a page`, async () => {
          const ref = reference(rows, order, per);
          assert.ok(ref.roots > 100 && ref.approved > ref.roots, 'the fixture has replies and roots');
          assert.deepEqual(await threadCounts(db.kysely, articleId), { approved: ref.approved, roots: ref.roots });
          for (let page = 1; page <= Math.max(1, ref.pages.length) + 1; page++) {
            const got = await threadPage(db.kysely, articleId, order, page, per, (e) => `key:${e}`);
            assert.deepEqual(
              got.map((c) => c.id),
              ref.pages[page - 1] ?? [],
              `page ${page}`,
            );
          }
          for (const r of rows) {
            assert.equal(await pageOfComment(db.kysely, articleId, r.id, order, per), ref.pageOf.get(r.id) ?? 1, `comment ${r.id} (${r.status})`);
          }
        });
      }
    }

    it('keeps the email inside: only the avatar key leaves', async () => {
      const [c] = await threadPage(db.kysely, articleId, 'oldest', 1, 1, (e) => `key:${e.length}`);
      assert.ok(!JSON.stringify(c).includes('@example.net'));
      assert.match(c.avatar_key, /^key:\d+$/);
    });
  });
}
