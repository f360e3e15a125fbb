/**
 * Your own profile (every role): name, slug and bio of the author page, password, sessions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../kernel/jsx.js';
import { slugify } from '../../content/permalinks.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { form, one } from '../../kernel/input.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { Field, PageHeader, When } from '../views/forms.js';
import { renderAdmin, seeOther } from '../views/page.js';
import { hashPassword, verifyPassword } from '../../kernel/passwords.js';
import { endAllSessions, sessionsOf, startSession } from '../auth/sessions.js';
import { passwordProblem } from '../auth/routes.js';
import { ACCOUNT_RULE, clearFailures, recordFailure, waitFor } from '../auth/throttle.js';
import { bylineStaleTags, MAX_NAME } from '../taxonomy/authors.js';

interface ProfileValues {
  name: string;
  slug: string;
  bio: string;
}

async function profilePage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  values?: ProfileValues,
  errors: Record<string, string> = {},
  throttled = false,
) {
  const me = signedIn(req);
  const v = values ?? { name: me.user.name, slug: me.user.slug, bio: me.user.bio };
  const tz = (await ctx.deps.settings.all())['site.timezone'];
  const sessions = await sessionsOf(ctx.deps.kysely, me.user.id, ctx.deps.clock.now());
  const status = throttled ? 429 : Object.keys(errors).length ? 422 : 200;
  return renderAdmin(ctx, req, reply, {
    title: 'Your profile',
    current: 'profile',
    status,
    code: throttled ? 'GAZ_ERR_LOGIN_THROTTLED' : status === 422 ? 'GAZ_ERR_VALIDATION' : undefined,
    body: (
      <div>
        <PageHeader title="Your profile" />
        <p>
          {me.user.email} · {me.user.role} · author page <a href={`/author/${me.user.slug}/`}>/author/{me.user.slug}/</a>
        </p>
        <form method="post" action="/admin/profile" class="panel">
          <CsrfField ctx={ctx} req={req} />
          <Field name="name" label="Name" value={v.name} error={errors.name} required />
          <Field name="slug" label="Slug (address of your author page)" value={v.slug} error={errors.slug} required />
          <Field name="bio" label="Biography" rows={5} value={v.bio} error={errors.bio} />
          <button type="submit" class="primary">
            Save profile
          </button>
        </form>
        <section aria-labelledby="pw-title" class="panel">
          <h2 id="pw-title">Change your password</h2>
          <form method="post" action="/admin/profile/password">
            <CsrfField ctx={ctx} req={req} />
            <Field name="current" label="Current password" type="password" autocomplete="current-password" error={errors.current} required />
            <Field name="password" label="New password" type="password" autocomplete="new-password" error={errors.password} required />
            <button type="submit">Change password</button>
          </form>
        </section>
        <section aria-labelledby="sessions-title" class="panel">
          <h2 id="sessions-title">Where you are signed in</h2>
          <ul class="plain">
            {sessions.map((s) => (
              <li>
                {s.user_agent || 'Unknown browser'} · last seen <When ms={s.last_seen_at} tz={tz} />
                {s.id === me.sessionId ? ' (this browser)' : ''}
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/logout-everywhere">
            <CsrfField ctx={ctx} req={req} />
            <button type="submit" class="danger">
              Sign out everywhere
            </button>
          </form>
        </section>
      </div>
    ),
  });
}

// Sizes no form sends; the rules a person can break are said beside each field, with what was typed.
const OwnProfileForm = form({ name: one(100_000), slug: one(10_000), bio: one(500_000) });
const PasswordForm = form({ current: one(10_000), password: one(10_000) });

export const profileRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/profile', 'contributor', NO_INPUT, async (ctx, req, reply) => profilePage(ctx, req, reply)),
  adminRoute('POST', '/admin/profile', 'contributor', { body: OwnProfileForm }, async (ctx, req, reply, { body }) => {
    const me = signedIn(req).user;
    const v: ProfileValues = { name: body.name.trim(), slug: body.slug.trim(), bio: body.bio.trim() };
    const errors: Record<string, string> = {};
    if (!v.name || v.name.length > MAX_NAME) errors.name = `Enter a name of at most ${MAX_NAME} characters.`;
    const slug = slugify(v.slug);
    if (!slug) errors.slug = 'Use letters, digits and hyphens.';
    else if (await ctx.deps.kysely.selectFrom('users').select('id').where('slug', '=', slug).where('id', '!=', me.id).executeTakeFirst())
      errors.slug = 'Another account uses this slug.';
    if (v.bio.length > 5000) errors.bio = 'Use at most 5,000 characters.';
    if (Object.keys(errors).length) return profilePage(ctx, req, reply, v, errors);
    await ctx.deps.write(async (trx, stale) => {
      await trx.updateTable('users').set({ name: v.name, slug, bio: v.bio, updated_at: ctx.deps.clock.now() }).where('id', '=', me.id).execute();
      // Bylines show the name on the pages listing the author's stories: those, not the whole site.
      stale(...(await bylineStaleTags(trx, me.id)));
    });
    setFlash(ctx, reply, 'Profile saved.');
    return seeOther(reply, '/admin/profile');
  }),
  adminRoute('POST', '/admin/profile/password', 'contributor', { body: PasswordForm }, async (ctx, req, reply, { body }) => {
    const me = signedIn(req).user;
    const current = body.current;
    const next = body.password;
    const errors: Record<string, string> = {};
    // Guessing the current password here (from a session left open) is throttled like signing in.
    const key = 'password-check:' + me.id;
    const now = ctx.deps.clock.now();
    const wait = await waitFor(ctx.deps.kysely, [key], now);
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      errors.current = `Too many wrong passwords: try again in ${Math.ceil(wait / 60_000)} minute${wait > 60_000 ? 's' : ''}.`;
      return profilePage(ctx, req, reply, undefined, errors, true);
    }
    if (!(await verifyPassword(current.slice(0, 1000), me.password_hash))) {
      errors.current = 'That is not your current password.';
      await recordFailure(ctx.deps.kysely, key, ACCOUNT_RULE, now);
    } else await clearFailures(ctx.deps.kysely, key);
    const problem = passwordProblem(next);
    if (problem) errors.password = problem;
    if (Object.keys(errors).length) return profilePage(ctx, req, reply, undefined, errors);
    const hash = await hashPassword(next);
    await ctx.deps.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, updated_at: ctx.deps.clock.now() }).where('id', '=', me.id).execute();
      await endAllSessions(trx, me.id);
    });
    // Every other browser is signed out; this one gets a fresh session.
    await startSession(ctx.deps, req, reply, me.id);
    setFlash(ctx, reply, 'Password changed. You are signed out everywhere else.');
    return seeOther(reply, '/admin/profile');
  }),
];
