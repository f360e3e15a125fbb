import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Connection } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { createArticle } from '../src/content/articles.js';
import { DIALECTS, freshDatabase } from './helpers/server.js';
import { onSnapshot, pageOfComment, pageOfTopLevel, threadPage, threadSize, type ThreadOrder } from '../src/comments/thread.js';

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
  for (const [i, ids] of pages.entries()) for (const id of ids) pageOf.set(id, i + 1);
  return { approved: approved.length, roots: roots.length, pages, pageOf };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(start: number) {
  let seed = start;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

for (const d of DIALECTS) {
  describe(`comment thread pages (${d.name})`, { skip: d.skip }, () => {
    let db: Connection;
    let drop: () => Promise<void>;
    let articleId: number;
    let url: string;
    const rows: Row[] = [];

    before(async () => {
      const fresh = await freshDatabase(d.name);
      drop = fresh.drop;
      url = fresh.databaseUrl;
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
          const size = await threadSize(db.kysely, articleId, per);
          assert.deepEqual(size, { approved: ref.approved, roots: ref.roots, pages: Math.max(1, ref.pages.length) });
          for (let page = 1; page <= Math.max(1, ref.pages.length) + 1; page++) {
            const got = await threadPage(db.kysely, { articleId, order, page, per, roots: size.roots, avatarKey: (e) => `key:${e}` });
            assert.deepEqual(
              got.map((c) => c.id),
              ref.pages[page - 1] ?? [],
              `page ${page}`,
            );
          }
          for (const r of rows) {
            assert.equal(await pageOfComment(db.kysely, articleId, r.id, order, per), ref.pageOf.get(r.id) ?? 1, `comment ${r.id} (${r.status})`);
            // Where the writer of a top-level comment is sent, found in one statement.
            if (r.parent_id === null) {
              const page = await pageOfTopLevel(db.kysely, articleId, r.id, r.created_at, order, per);
              assert.equal(page, ref.pageOf.get(r.id) ?? 1, `top-level comment ${r.id} (${r.status})`);
            }
          }
        });
      }
    }

    it('reads a size and a page that agree while comments arrive from another connection', async () => {
      const per = 7;
      const before = reference(rows, 'oldest', per);
      const last = before.pages.length;
      const other = connect(url);
      try {
        const page = await onSnapshot(db.kysely, async (s) => {
          const size = await threadSize(s, articleId, per);
          // Committed between the two reads: a new root, which would shift a page counted from the end.
          const { id } = await other.kysely
            .insertInto('comments')
            .values({ article_id: articleId, parent_id: null, author: 'Late', email: '', body: 'Late.', status: 'approved', created_at: 1_800_000_000_000 })
            .returning('id')
            .executeTakeFirstOrThrow();
          rows.push({ id, parent_id: null, status: 'approved', created_at: 1_800_000_000_000 });
          return threadPage(s, { articleId, order: 'oldest', page: last, per, roots: size.roots, avatarKey: (e) => String(e) });
        });
        assert.deepEqual(
          page.map((c) => c.id),
          before.pages[last - 1],
        );
      } finally {
        await other.close();
      }
    });

    it('keeps the approved count in step through inserts, status changes in bulk, moves and deletes', async () => {
      const other = await createArticle(db.kysely, { headline: 'Another conversation', body: 'Text.', status: 'published' }, Date.now(), () => {});
      const stored = async (id: number) => {
        const r = await db.kysely.selectFrom('comment_counts').select(['approved', 'top_level']).where('article_id', '=', id).executeTakeFirst();
        return { approved: Number(r?.approved ?? 0), top_level: Number(r?.top_level ?? 0) };
      };
      const counted = async (id: number) => {
        const all = await db.kysely.selectFrom('comments').select(['parent_id']).where('article_id', '=', id).where('status', '=', 'approved').execute();
        return { approved: all.length, top_level: all.filter((c) => c.parent_id === null).length };
      };
      const check = async (step: string) => {
        for (const id of [articleId, other]) assert.deepEqual(await stored(id), await counted(id), `${step}: article ${id}`);
      };
      await check('after the inserts');
      const ids = rows.map((r) => r.id);
      await db.kysely.updateTable('comments').set({ status: 'spam' }).where('id', 'in', ids.slice(0, 40)).execute();
      await check('40 marked spam in one statement');
      await db.kysely.updateTable('comments').set({ status: 'approved' }).where('id', 'in', ids.slice(20, 80)).execute();
      await check('60 approved in one statement');
      await db.kysely.updateTable('comments').set({ body: 'Edited.' }).where('id', 'in', ids.slice(0, 100)).execute();
      await check('edited, status unchanged');
      await db.kysely.updateTable('comments').set({ article_id: other }).where('id', 'in', ids.slice(70, 90)).execute();
      await check('20 moved to another article');
      await db.kysely.updateTable('comments').set({ parent_id: ids[0] }).where('id', 'in', ids.slice(100, 110)).execute();
      await db.kysely.updateTable('comments').set({ parent_id: null }).where('id', 'in', ids.slice(110, 130)).execute();
      await check('re-parented');
      await db.kysely.deleteFrom('comments').where('id', 'in', ids.slice(85, 130)).execute();
      await check('45 deleted, approved ones among them, with replies left behind');
      await db.kysely
        .insertInto('comments')
        .values({ article_id: other, parent_id: null, author: 'Upsert', email: '', body: 'x', status: 'pending', created_at: 1, wp_id: 424242 })
        .onConflict((oc) => oc.column('wp_id').doUpdateSet({ status: 'approved' }))
        .execute();
      await db.kysely
        .insertInto('comments')
        .values({ article_id: other, parent_id: null, author: 'Upsert', email: '', body: 'x', status: 'pending', created_at: 1, wp_id: 424242 })
        .onConflict((oc) => oc.column('wp_id').doUpdateSet({ status: 'approved' }))
        .execute();
      await check('inserted, then approved by an upsert as a re-import does');
      await db.kysely.deleteFrom('articles').where('id', '=', other).execute();
      assert.deepEqual(await stored(other), { approved: 0, top_level: 0 }, 'the count goes with its article');
      // PostgreSQL counts at COMMIT: an article commented on and deleted in one transaction is fine.
      const gone = await db.kysely.transaction().execute(async (trx) => {
        const id = await createArticle(trx, { headline: 'Short-lived', body: 'Text.', status: 'published' }, Date.now(), () => {});
        await trx
          .insertInto('comments')
          .values({ article_id: id, parent_id: null, author: 'A', email: '', body: 'x', status: 'approved', created_at: 1 })
          .execute();
        await trx.deleteFrom('articles').where('id', '=', id).execute();
        return id;
      });
      assert.deepEqual(await stored(gone), { approved: 0, top_level: 0 });
    });

    it('keeps the email inside: only the avatar key leaves', async () => {
      const [c] = await threadPage(db.kysely, { articleId, order: 'oldest', page: 1, per: 1, roots: 1, avatarKey: (id) => `key:${id}` });
      assert.ok(!JSON.stringify(c).includes('@example.net'));
      assert.match(c.avatar_key, /^key:\d+$/);
    });
  });
}
