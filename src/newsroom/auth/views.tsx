/**
 * The signed-out pages: sign in, forgotten password, choose a password (reset or invitation).
 */
import type { FastifyRequest } from 'fastify';
import { h, type Html } from '../../kernel/jsx.js';
import type { NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { Field } from '../views/forms.js';

export function LoginForm(p: { ctx: NewsroomContext; req: FastifyRequest; email: string; next: string; error?: string }): Html {
  return (
    <section class="auth-box" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      {p.error ? (
        <p class="flash flash-error" role="alert">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/admin/login">
        <CsrfField ctx={p.ctx} req={p.req} />
        <input type="hidden" name="next" value={p.next} />
        <Field name="email" label="Email" type="email" value={p.email} required autocomplete="username" />
        <Field name="password" label="Password" type="password" required autocomplete="current-password" />
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
      <p>
        <a href="/admin/password/forgot">Forgotten your password?</a>
      </p>
    </section>
  );
}

export function ForgotForm(p: { ctx: NewsroomContext; req: FastifyRequest; sent: boolean }): Html {
  return (
    <section class="auth-box" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      {p.sent ? (
        <p class="flash flash-ok" role="status">
          If an account uses that address, a link to choose a new password is on its way. It works once, within an hour.
        </p>
      ) : (
        <form method="post" action="/admin/password/forgot">
          <CsrfField ctx={p.ctx} req={p.req} />
          <Field name="email" label="Email" type="email" required autocomplete="username" />
          <button type="submit" class="primary">
            Send me a link
          </button>
        </form>
      )}
      <p>
        <a href="/admin/login">Back to sign in</a>
      </p>
    </section>
  );
}

export function ChoosePasswordForm(p: { ctx: NewsroomContext; req: FastifyRequest; token: string; invite: boolean; email: string; error?: string }): Html {
  return (
    <section class="auth-box" aria-labelledby="choose-title">
      <h1 id="choose-title">{p.invite ? 'Welcome to the newsroom' : 'Choose a new password'}</h1>
      <p>
        For <strong>{p.email}</strong>. At least 10 characters; a few unrelated words make a good one.
      </p>
      <form method="post" action="/admin/password/set">
        <CsrfField ctx={p.ctx} req={p.req} />
        <input type="hidden" name="token" value={p.token} />
        <Field name="password" label="New password" type="password" required autocomplete="new-password" error={p.error} attrs={{ minlength: 10 }} />
        <button type="submit" class="primary">
          {p.invite ? 'Create my account' : 'Save the new password'}
        </button>
      </form>
    </section>
  );
}
