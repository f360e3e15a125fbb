/**
 * Every admin route declares the schemas of what it reads, and every admin POST refuses what does
 * not fit them before doing anything.
 *
 * The routes are read from Fastify itself (every route the app registered, `App.routes`), so a
 * route added later without its schemas fails here. Then, signed in as the administrator (whom no
 * role check stops) with a valid CSRF token, each state-changing route is sent, one fault at a
 * time on an otherwise plausible body built from its own schema: a wrong type (JSON), a required
 * field missing, a list where one value is expected, a value over its size, and a field the form
 * does not have. Each answer is a 4xx (400 with the field named, or 413 past the body limit), a
 * browser gets the form again with what it sent, and the database is exactly as before.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { DIALECTS, ROOT } from './helpers/server.js';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { Browser } from './helpers/admin.js';
import { adminRoutes } from '../src/newsroom/routes.js';
import { adminRoute, isStateChanging, type AdminRoute, type RouteInput } from '../src/newsroom/registry.js';

/** A concrete path for a route pattern: ids become 1 (the sample site has a #1 of everything). */
const concrete = (path: string) => path.replace(/:[a-zA-Z_]+/g, '1').replace(/\*$/, 'no-such-admin-page');

interface FieldSchema {
  type?: string;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  anyOf?: FieldSchema[];
}
interface BodySchema {
  properties: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

const bodySchema = (r: AdminRoute): BodySchema => z.toJSONSchema(r.input.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as unknown as BodySchema;
const acceptsText = (f: FieldSchema) => f.type === 'string' || !!f.anyOf?.some((x) => x.type === 'string');
const acceptsList = (f: FieldSchema) => f.type === 'array' || !!f.anyOf?.some((x) => x.type === 'array');
const maxOf = (f: FieldSchema) => f.maxLength ?? f.anyOf?.find((x) => x.type === 'string')?.maxLength;

/** A value the field takes, so that only the fault under test is wrong. */
function plausible(f: FieldSchema): string {
  if (f.enum) return f.enum[0];
  if (f.pattern) return '1';
  return 'x';
}

interface Fault {
  label: string;
  field: string;
  /** The body, as a form (values may repeat) or as JSON. */
  form?: Record<string, string | string[]>;
  json?: Record<string, unknown>;
}

/** The faults sent to one route, each on a body that is otherwise fine. */
function faults(r: AdminRoute): Fault[] {
  const s = bodySchema(r);
  const fields = Object.entries(s.properties).filter(([k]) => k !== '_csrf');
  const required = (s.required ?? []).filter((k) => k !== '_csrf');
  const base: Record<string, string> = Object.fromEntries(fields.filter(([k]) => required.includes(k)).map(([k, f]) => [k, plausible(f)]));
  const out: Fault[] = [];
  for (const [k, f] of fields) {
    if (!acceptsText(f)) continue;
    out.push({ label: 'an object', field: k, json: { ...base, [k]: { $gt: '' } } });
    out.push({ label: 'a number', field: k, json: { ...base, [k]: 12 } });
    if (!acceptsList(f)) out.push({ label: 'two values', field: k, form: { ...base, [k]: ['first value', 'second value'] } });
    const max = maxOf(f);
    if (max !== undefined && max < 1_000_000) out.push({ label: `${max + 1} characters`, field: k, form: { ...base, [k]: 'y'.repeat(max + 1) } });
  }
  for (const k of required) {
    const { [k]: _left, ...rest } = base;
    out.push({ label: 'missing', field: k, form: rest });
  }
  out.push({ label: 'not a field of the form', field: 'no_such_field', form: { ...base, no_such_field: 'x' } });
  return out;
}

/** Every table's rows, in a stable order, as text: the database to compare before and after. */
async function snapshot(s: InProcessServer): Promise<Map<string, string>> {
  const db = s.deps.kysely;
  const tables = s.databaseUrl.startsWith('sqlite:')
    ? (
        await raw<{
          name: string;
        }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' AND name NOT LIKE '%_docsize' AND name NOT LIKE '%_config' AND name NOT LIKE '%_content'`.execute(
          db,
        )
      ).rows.map((r) => r.name)
    : (
        await raw<{
          name: string;
        }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
      ).rows.map((r) => r.name);
  const out = new Map<string, string>();
  for (const t of tables.sort()) {
    const rows = (await raw<Record<string, unknown>>`SELECT * FROM ${raw.table(t)}`.execute(db)).rows;
    out.set(
      t,
      rows
        .map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
        .sort()
        .join('\n'),
    );
  }
  return out;
}

describe('every admin route declares its input schemas', () => {
  it('refuses to declare a state-changing route without a body schema, or a path parameter without its schema', () => {
    const handler = async () => undefined;
    assert.throws(() => adminRoute('POST', '/admin/x', 'editor', {}, handler), /declare its body's schema/);
    assert.throws(() => adminRoute('GET', '/admin/x/:id', 'editor', {}, handler), /path parameters/);
  });

  it('finds no admin handler reading the request by hand: only the input check, the CSRF check and the upload parser touch it', () => {
    const allowed = new Set(['input.tsx', 'csrf.tsx', 'media/upload.ts', 'articles/preview.ts']);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) =>
        statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : /\.tsx?$/.test(n) && !n.includes('.test.') ? [join(dir, n)] : [],
      );
    const root = join(ROOT, 'src', 'newsroom');
    const byHand = files(root)
      .map((f) => f.slice(root.length + 1))
      .filter((f) => !allowed.has(f) && /\b(req|request)\.(body|query|params)\b/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(byHand, [], 'declare the input in adminRoute(…) and read it from the handler’s fourth argument');
  });

  // Once, in the run's SQLite process: the routes are the same on either database.
  for (const d of DIALECTS.filter((x) => x.name === 'sqlite')) {
    it('finds, in every route Fastify registered, that each admin route has its schemas and comes from the registry', async () => {
      const s = await startInProcess(d.name);
      try {
        const registered = s.app.routes.filter((r) => r.url === '/admin' || r.url.startsWith('/admin/'));
        const declared = new Set(adminRoutes().map((r) => `${r.method} ${r.path}`));
        assert.ok(registered.length >= declared.size && declared.size > 40, `${registered.length} admin routes registered`);
        const isSchema = (v: unknown) => v instanceof z.ZodType;
        for (const r of registered) {
          const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
          const config = r.config as { newsroom?: string; input?: RouteInput };
          for (const m of methods) {
            const name = `${m} ${r.url}`;
            assert.ok(declared.has(name), `${name} is registered but not declared in ADMIN_MODULES`);
            assert.ok(config.newsroom && config.input, `${name} has no input schemas`);
            const input = config.input;
            for (const part of ['body', 'query', 'params'] as const)
              if (input[part] !== undefined) assert.ok(isSchema(input[part]), `${name}: ${part} is not a zod schema`);
            if (r.url.includes('/:')) assert.ok(input.params, `${name} reads path parameters without a schema`);
            if (isStateChanging(m)) {
              assert.ok(input.body, `${name} changes state without a body schema`);
              assert.equal(bodySchema({ input } as AdminRoute).additionalProperties, false, `${name}: its body schema lets unknown fields through`);
            }
          }
        }
      } finally {
        await s.close();
      }
    });
  }
});

for (const d of DIALECTS) {
  describe(`every admin POST refuses malformed input with a 4xx and changes nothing (${d.name})`, { skip: d.skip }, () => {
    let s: InProcessServer;
    let b: Browser;
    before(async () => {
      s = await startInProcess(d.name);
      b = new Browser(s.url);
      assert.equal((await b.signIn('admin@example.com', s.adminPassword)).status, 303);
      await b.get('/admin/profile');
    });
    after(async () => {
      await s?.close();
    });

    it('answers every fault on every route with a 4xx naming the field, and leaves every table as it was', async () => {
      const routes = adminRoutes().filter((r) => isStateChanging(r.method));
      const before = await snapshot(s);
      const wrong: string[] = [];
      let sent = 0;
      for (const r of routes) {
        const path = concrete(r.path);
        for (const f of faults(r)) {
          const what = `${r.method} ${path} with ${f.field} ${f.label}`;
          let status: number;
          let text: string;
          if (f.json) {
            const res = await fetch(s.url + path, {
              method: 'POST',
              redirect: 'manual',
              headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': b.csrf, cookie: cookieOf(b) },
              body: JSON.stringify(f.json),
            });
            status = res.status;
            text = await res.text();
          } else {
            const res = await b.post(path, f.form ?? {}, { headers: { accept: 'application/json' } });
            status = res.status;
            text = res.html;
          }
          sent++;
          if (status === 413) continue;
          if (status !== 400) {
            wrong.push(`${what} → ${status} ${text.slice(0, 120)}`);
            continue;
          }
          const body = JSON.parse(text) as { error: { code: string; fields?: Record<string, string> } };
          if (body.error.code !== 'GAZ_ERR_INVALID_INPUT' || !body.error.fields?.[f.field])
            wrong.push(`${what} → 400 without naming the field: ${text.slice(0, 160)}`);
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(sent > 200, `only ${sent} faults sent`);
      const afterwards = await snapshot(s);
      for (const [t, rows] of before) assert.equal(afterwards.get(t), rows, `table ${t} changed`);
    });

    it('gives a browser the form again: what it sent kept, each error beside its field, nothing lost', async () => {
      const long = 'Every word of this kept. '.repeat(500);
      const r = await b.post('/admin/taxonomy/sections', { name: ['Harbour', 'Docks'], slug: 'harbour', description: long, position: '1', parent_id: '' });
      assert.equal(r.status, 400);
      assert.equal(r.res.headers.get('x-gazette-error'), 'GAZ_ERR_INVALID_INPUT');
      assert.ok(r.html.includes('<form method="post" action="/admin/taxonomy/sections"'), 'the form posts back to the same address');
      // Both values of the repeated field, the long description whole, the error tied to its field.
      assert.ok(/<textarea[^>]*name="name"[^>]*aria-invalid="true"[^>]*>Harbour\nDocks<\/textarea>/.test(r.html), 'both values of the repeated field');
      assert.ok(r.html.includes(long.trim()), 'the description is given back whole');
      assert.ok(/class="error" id="refused-\d+-error">Give this field one value, not several\./.test(r.html), 'the error beside the field');
      const unknown = await b.post('/admin/taxonomy/tags', { name: 'Ports', color: 'red' });
      assert.equal(unknown.status, 400);
      assert.ok(unknown.html.includes('no such field: color'), 'the unknown field named');
      assert.ok(/<input[^>]*name="name"[^>]*value="Ports"/.test(unknown.html), 'the tag name kept');
      // A password is never written back into a page.
      const pw = await b.post('/admin/profile/password', { current: 'my old secret pass', password: ['a', 'b'] });
      assert.equal(pw.status, 400);
      assert.ok(!pw.html.includes('my old secret pass'));
    });
  });
}

/** The Browser's cookies as a header, for requests it cannot send itself (JSON bodies). */
function cookieOf(b: Browser): string {
  return [...b.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
}
