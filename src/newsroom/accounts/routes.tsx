/**
 * Users (administrators only): the list, invitations, roles, deactivation.
 *
 * Accounts are deactivated, not deleted: their bylines and staff replies stay attributed, and a
 * deactivated account can neither sign in nor use a link; its sessions end at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, type Html } from '../../kernel/jsx.js';
import { form, idParam, one } from '../../kernel/input.js';
import type { User } from '../../db/schema.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { ROLE_ORDER } from '../access.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { Field, PageHeader, When } from '../views/forms.js';
import { notFound, renderAdmin, seeOther } from '../views/page.js';
import { createUser } from '../../content/users.js';
import { endAllSessions } from '../auth/sessions.js';
import { sendInvitation } from '../auth/reset.js';
import { isEmailAddress } from '../../kernel/email.js';

interface InviteValues {
  email: string;
  name: string;
  role: string;
}

function RoleSelect({ id, name, value }: { id: string; name: string; value: string }): Html {
  return (
    <select id={id} name={name}>
      {ROLE_ORDER.map((r) => (
        <option value={r} selected={r === value}>
          {r}
        </option>
      ))}
    </select>
  );
}

function accountState(u: User): string {
  if (u.disabled_at !== null) return 'deactivated';
  return u.password_hash ? 'active' : 'invited';
}

async function usersPage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  invite: InviteValues = { email: '', name: '', role: 'author' },
  errors: Record<string, string> = {},
) {
  const me = signedIn(req).user;
  const tz = (await ctx.deps.settings.all())['site.timezone'];
  const users = await ctx.deps.kysely.selectFrom('users').selectAll().orderBy('name').execute();
  const status = Object.keys(errors).length ? 422 : 200;
  return renderAdmin(ctx, req, reply, {
    title: 'Users',
    current: 'users',
    status,
    code: status === 422 ? 'GAZ_ERR_VALIDATION' : undefined,
    body: (
      <div>
        <PageHeader title="Users" />
        <table class="list">
          <caption class="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`/author/${u.slug}/`}>{u.name}</a>
                </td>
                <td>{u.email}</td>
                <td>
                  {u.id === me.id ? (
                    u.role
                  ) : (
                    <form method="post" action={`/admin/users/${u.id}/role`} class="inline">
                      <CsrfField ctx={ctx} req={req} />
                      <label for={`role-${u.id}`} class="visually-hidden">
                        Role of {u.name}
                      </label>
                      <RoleSelect id={`role-${u.id}`} name="role" value={u.role} /> <button type="submit">Change</button>
                    </form>
                  )}
                </td>
                <td>{accountState(u)}</td>
                <td>
                  <When ms={u.created_at} tz={tz} />
                </td>
                <td>
                  {u.id === me.id ? (
                    <a href="/admin/profile">Your profile</a>
                  ) : (
                    <form method="post" action={`/admin/users/${u.id}/${u.disabled_at === null ? 'deactivate' : 'reactivate'}`} class="inline">
                      <CsrfField ctx={ctx} req={req} />
                      <button type="submit" class={u.disabled_at === null ? 'danger' : undefined}>
                        {u.disabled_at === null ? `Deactivate ${u.name}` : `Reactivate ${u.name}`}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <section aria-labelledby="invite-title" class="panel">
          <h2 id="invite-title">Invite someone</h2>
          <p>They get an email with a link to choose their password; it works once, within a week.</p>
          <form method="post" action="/admin/users/invite">
            <CsrfField ctx={ctx} req={req} />
            <Field name="email" label="Email" type="email" value={invite.email} error={errors.email} required />
            <Field name="name" label="Name" value={invite.name} error={errors.name} required />
            <div class="field">
              <label for="invite-role">Role</label>
              <RoleSelect id="invite-role" name="role" value={invite.role} />
            </div>
            <button type="submit" class="primary">
              Send invitation
            </button>
          </form>
        </section>
      </div>
    ),
  });
}

// What the users page's forms send (see ../../kernel/input.ts). The email's size is checked here,
// before any pattern runs on it; the rules a person can break are said beside each field.
const ById = z.object({ id: idParam });
const InviteForm = form({ email: one(1_000), name: one(10_000), role: z.enum(ROLE_ORDER) });
const RoleForm = form({ role: z.enum(ROLE_ORDER) });
const NoFields = form({});

/** Loads the target account of a /admin/users/:id action; refuses acting on oneself. */
async function target(ctx: NewsroomContext, req: FastifyRequest, id: number): Promise<User | 'self' | null> {
  if (id === signedIn(req).user.id) return 'self';
  return (await ctx.deps.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export const accountRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/users', 'administrator', NO_INPUT, async (ctx, req, reply) => usersPage(ctx, req, reply)),
  adminRoute('POST', '/admin/users/invite', 'administrator', { body: InviteForm }, async (ctx, req, reply, { body }) => {
    const { deps } = ctx;
    const v: InviteValues = { email: body.email.trim().toLowerCase(), name: body.name.trim(), role: body.role };
    const errors: Record<string, string> = {};
    if (!isEmailAddress(v.email)) errors.email = 'Enter a valid email address.';
    else if (await deps.kysely.selectFrom('users').select('id').where('email', '=', v.email).executeTakeFirst())
      errors.email = 'An account already uses this address.';
    if (!v.name || v.name.length > 120) errors.name = 'Enter a name of at most 120 characters.';
    if (Object.keys(errors).length) return usersPage(ctx, req, reply, v, errors);
    const me = signedIn(req).user;
    await deps.write(async (trx) => {
      const id = await createUser(trx, { email: v.email, name: v.name, role: body.role, password: null }, deps.clock.now());
      const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await sendInvitation(deps, trx, user, me);
    });
    setFlash(ctx, reply, `Invitation sent to ${v.email}.`);
    return seeOther(reply, '/admin/users');
  }),
  adminRoute('POST', '/admin/users/:id/role', 'administrator', { body: RoleForm, params: ById }, async (ctx, req, reply, { body, params }) => {
    const u = await target(ctx, req, params.id);
    if (u === 'self') {
      setFlash(ctx, reply, 'You cannot change your own role: ask another administrator.', 'error');
      return seeOther(reply, '/admin/users');
    }
    if (!u) return notFound(ctx, req, reply);
    const role = body.role;
    await ctx.deps.kysely.updateTable('users').set({ role, updated_at: ctx.deps.clock.now() }).where('id', '=', u.id).execute();
    setFlash(ctx, reply, `${u.name} is now ${role === 'administrator' || role === 'author' || role === 'editor' ? 'an' : 'a'} ${role}.`);
    return seeOther(reply, '/admin/users');
  }),
  adminRoute('POST', '/admin/users/:id/deactivate', 'administrator', { body: NoFields, params: ById }, async (ctx, req, reply, { params }) => {
    const u = await target(ctx, req, params.id);
    if (u === 'self') {
      setFlash(ctx, reply, 'You cannot deactivate your own account.', 'error');
      return seeOther(reply, '/admin/users');
    }
    if (!u) return notFound(ctx, req, reply);
    const now = ctx.deps.clock.now();
    await ctx.deps.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: now, updated_at: now }).where('id', '=', u.id).execute();
      await endAllSessions(trx, u.id);
    });
    setFlash(ctx, reply, `${u.name} is deactivated and signed out everywhere.`);
    return seeOther(reply, '/admin/users');
  }),
  adminRoute('POST', '/admin/users/:id/reactivate', 'administrator', { body: NoFields, params: ById }, async (ctx, req, reply, { params }) => {
    const u = await target(ctx, req, params.id);
    if (u === 'self' || !u) return notFound(ctx, req, reply);
    await ctx.deps.kysely.updateTable('users').set({ disabled_at: null, updated_at: ctx.deps.clock.now() }).where('id', '=', u.id).execute();
    setFlash(ctx, reply, `${u.name} can sign in again.`);
    return seeOther(reply, '/admin/users');
  }),
];
