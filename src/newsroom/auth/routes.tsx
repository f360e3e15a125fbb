/**
 * Signing in and out, forgotten passwords and invitations.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../kernel/jsx.js';
import { hashPassword, verifyPassword } from '../../kernel/passwords.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { maybeSignedIn, signedIn, type NewsroomContext } from '../context.js';
import { setFlash } from '../flash.js';
import { NEWSROOM_ERRORS } from '../errors.js';
import { errorPage, renderAdmin, seeOther } from '../views/page.js';
import { ChoosePasswordForm, ForgotForm, LoginForm } from './views.js';
import { endAllSessions, endSession, startSession } from './sessions.js';
import { ACCOUNT_RULE, FORGOT_RULE, IP_RULE, clearFailures, recordFailure, waitFor } from './throttle.js';
import { consumeToken, findToken } from './tokens.js';
import { knownDevice, rememberDevice } from './device.js';
import { sendResetLink } from './reset.js';
import { z } from 'zod';
import { form, maybe, text } from '../../kernel/input.js';
import { MAX_EMAIL } from '../../kernel/email.js';

export const MIN_PASSWORD = 10;
const MAX_PASSWORD = 1000;

/**
 * Where to go after signing in: only a newsroom path, never another site (`//evil`, `/\evil`), and
 * only printable ASCII (a URL as browsers send it), so it is always a valid Location header: a
 * line break or a non-ASCII character would make the header unsendable.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000 || !/^\/admin(?:[/?#][\x21-\x7e]*)?$/.test(next) || next.includes('\\')) return '/admin/';
  return next;
}

// What anyone may send these routes (see ../../kernel/input.ts): short fields, nothing else read.
// A field left out reads as empty, as before: the sign-in page says what is wrong.
const SignInForm = form({ email: maybe(MAX_EMAIL), password: maybe(MAX_PASSWORD), next: maybe(2000) });
const ForgotForm_ = form({ email: maybe(MAX_EMAIL) });
// The new password may be longer than allowed: passwordProblem says so beside the field.
const ChoosePasswordForm_ = form({ token: maybe(200), password: maybe(10 * MAX_PASSWORD) });
const TokenQuery = z.object({ token: text(200) });
const NextQuery = z.object({ next: text(2000) });
const SignIn = { body: SignInForm };
const ChoosePassword = { body: ChoosePasswordForm_ };
type In<B extends z.ZodType> = { body: z.output<B> };

/** A new password's problem, or undefined when it is acceptable. */
export function passwordProblem(pw: string): string | undefined {
  if (pw.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (pw.length > MAX_PASSWORD) return `Use at most ${MAX_PASSWORD} characters.`;
  return undefined;
}

function loginPage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  o: { email: string; next: string; status?: number; code?: keyof typeof NEWSROOM_ERRORS },
) {
  return renderAdmin(ctx, req, reply, {
    title: 'Sign in',
    status: o.status,
    code: o.code,
    body: <LoginForm ctx={ctx} req={req} email={o.email} next={o.next} error={o.code ? NEWSROOM_ERRORS[o.code].message : undefined} />,
  });
}

async function signIn(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, { body }: In<typeof SignInForm>) {
  const { deps } = ctx;
  const email = (body.email ?? '').trim().toLowerCase();
  const password = body.password ?? '';
  const next = safeNext((body.next ?? '').trim());
  const now = deps.clock.now();
  // Keyed by the typed address whether or not an account has it: unknown and real look alike.
  const accountKey = 'account:' + deps.keyedHash('login', email);
  const ipKey = 'ip:' + deps.keyedHash('ip', req.ip);
  // A browser this account signed in from before is throttled by its own failures only, so
  // strangers failing from many addresses cannot lock the owner out (see device.ts).
  const deviceKey = knownDevice(deps, req, email);
  const keys = deviceKey ? [deviceKey] : [accountKey, ipKey];
  const wait = await waitFor(deps.kysely, keys, now);
  if (wait > 0) {
    reply.header('retry-after', String(Math.ceil(wait / 1000)));
    return loginPage(ctx, req, reply, { email, next, status: 429, code: 'GAZ_ERR_LOGIN_THROTTLED' });
  }
  const user = email
    ? await deps.kysely.selectFrom('users').selectAll().where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst()
    : undefined;
  // verifyPassword does the same scrypt work when there is no hash, so timing tells nothing.
  const ok = (await verifyPassword(password, user?.password_hash ?? null)) && user !== undefined;
  if (!ok || !user) {
    if (deviceKey) await recordFailure(deps.kysely, deviceKey, ACCOUNT_RULE, now);
    else {
      await recordFailure(deps.kysely, accountKey, ACCOUNT_RULE, now);
      await recordFailure(deps.kysely, ipKey, IP_RULE, now);
    }
    return loginPage(ctx, req, reply, { email, next, status: 401, code: 'GAZ_ERR_LOGIN_FAILED' });
  }
  await clearFailures(deps.kysely, accountKey);
  if (deviceKey) await clearFailures(deps.kysely, deviceKey);
  rememberDevice(deps, reply, email);
  // A session cookie the browser already had is replaced, never reused (no fixation).
  const old = maybeSignedIn(req);
  if (old) await deps.kysely.deleteFrom('sessions').where('id', '=', old.sessionId).execute();
  await startSession(deps, req, reply, user.id);
  return seeOther(reply, next);
}

async function sendResetIfKnown(deps: NewsroomContext['deps'], email: string): Promise<void> {
  const user = await deps.kysely.selectFrom('users').selectAll().where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst();
  if (user) await deps.write((trx) => sendResetLink(deps, trx, user));
}

async function choosePasswordPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, { query }: { query: z.output<typeof TokenQuery> }) {
  const token = query.token;
  const found = await findToken(ctx.deps.kysely, token, ctx.deps.clock.now());
  if (!found) return errorPage(ctx, req, reply, 'GAZ_ERR_TOKEN_INVALID');
  return renderAdmin(ctx, req, reply, {
    title: found.purpose === 'invite' ? 'Accept invitation' : 'Choose a new password',
    body: <ChoosePasswordForm ctx={ctx} req={req} token={token} invite={found.purpose === 'invite'} email={found.user.email} />,
  });
}

async function choosePassword(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, { body }: In<typeof ChoosePasswordForm_>) {
  const { deps } = ctx;
  const token = (body.token ?? '').trim();
  const password = body.password ?? '';
  const now = deps.clock.now();
  const found = await findToken(deps.kysely, token, now);
  if (!found) return errorPage(ctx, req, reply, 'GAZ_ERR_TOKEN_INVALID');
  const problem = passwordProblem(password);
  if (problem) {
    return renderAdmin(ctx, req, reply, {
      title: 'Choose a new password',
      status: 422,
      code: 'GAZ_ERR_VALIDATION',
      body: <ChoosePasswordForm ctx={ctx} req={req} token={token} invite={found.purpose === 'invite'} email={found.user.email} error={problem} />,
    });
  }
  const hash = await hashPassword(password);
  const used = await deps.kysely.transaction().execute(async (trx) => {
    if (!(await consumeToken(trx, found.id, now))) return false;
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', found.user.id).execute();
    // Whoever knew the old password is signed out everywhere.
    await endAllSessions(trx, found.user.id);
    return true;
  });
  if (!used) return errorPage(ctx, req, reply, 'GAZ_ERR_TOKEN_INVALID');
  await clearFailures(deps.kysely, 'account:' + deps.keyedHash('login', found.user.email));
  await startSession(deps, req, reply, found.user.id);
  setFlash(ctx, reply, found.purpose === 'invite' ? 'Welcome! Your account is ready.' : 'Your new password is saved.');
  return seeOther(reply, '/admin/');
}

export const authRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/login', 'anonymous', { query: NextQuery }, async (ctx, req, reply, { query }) => {
    const next = safeNext(query.next);
    if (maybeSignedIn(req)) return reply.code(302).header('location', next).send();
    return loginPage(ctx, req, reply, { email: '', next });
  }),
  adminRoute('POST', '/admin/login', 'anonymous', SignIn, signIn),
  adminRoute('POST', '/admin/logout', 'contributor', { body: form({}) }, async (ctx, req, reply) => {
    await endSession(ctx.deps, reply, signedIn(req).sessionId);
    setFlash(ctx, reply, 'You are signed out.');
    return seeOther(reply, '/admin/login');
  }),
  adminRoute('POST', '/admin/logout-everywhere', 'contributor', { body: form({}) }, async (ctx, req, reply) => {
    const me = signedIn(req);
    await endAllSessions(ctx.deps.kysely, me.user.id);
    await endSession(ctx.deps, reply, me.sessionId);
    setFlash(ctx, reply, 'You are signed out on every device.');
    return seeOther(reply, '/admin/login');
  }),
  adminRoute('GET', '/admin/password/forgot', 'anonymous', NO_INPUT, async (ctx, req, reply) =>
    renderAdmin(ctx, req, reply, { title: 'Reset your password', body: <ForgotForm ctx={ctx} req={req} sent={false} /> }),
  ),
  adminRoute('POST', '/admin/password/forgot', 'anonymous', { body: ForgotForm_ }, async (ctx, req, reply, { body }) => {
    const { deps } = ctx;
    const email = (body.email ?? '').trim().toLowerCase();
    const now = deps.clock.now();
    // Minting a token and a mail is rate limited per address and per client; the counting is the
    // same work for every address, known or not.
    const keys = ['forgot:' + deps.keyedHash('login', email), 'forgot-ip:' + deps.keyedHash('ip', req.ip)];
    const throttled = (await waitFor(deps.kysely, keys, now)) > 0;
    await recordFailure(deps.kysely, keys[0], FORGOT_RULE, now);
    await recordFailure(deps.kysely, keys[1], IP_RULE, now);
    // Whether an account has the address is looked up after the answer is sent, so the answer
    // takes the same time either way (a known address used to answer about 1 ms later).
    if (email && !throttled) {
      setImmediate(() => {
        sendResetIfKnown(deps, email).catch((err) => deps.log.error({ err }, 'password reset mail failed'));
      });
    }
    // The same answer whether or not the address has an account.
    return renderAdmin(ctx, req, reply, { title: 'Reset your password', body: <ForgotForm ctx={ctx} req={req} sent={true} /> });
  }),
  adminRoute('GET', '/admin/password/set', 'anonymous', { query: TokenQuery }, choosePasswordPage),
  adminRoute('POST', '/admin/password/set', 'anonymous', ChoosePassword, choosePassword),
];
