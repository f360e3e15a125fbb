/**
 * Settings (administrators): every key of src/settings/definitions.ts, grouped, validated by the
 * same `parseSetting` as `gazette settings set`, errors beside their fields with what was typed
 * kept. A save drops every cached page (`*`): the title, the accent or the date format show
 * everywhere.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type Html } from '../../kernel/jsx.js';
import { parseSetting, settingDefinitions, type SettingKey } from '../../settings/definitions.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { z } from 'zod';
import { form, maybe, text } from '../../kernel/input.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { PageHeader } from '../views/forms.js';
import { formatDate } from '../../content/dates.js';
import { CUSTOM, LONG_TEXT, SettingField } from './fields.js';
import { renderAdmin, seeOther } from '../views/page.js';
import { queueNewsroomMail } from '../mailer.js';

const GROUPS: { prefix: string; title: string; about: string }[] = [
  { prefix: 'site.', title: 'The site', about: 'Its name, look, language, time zone and how dates read.' },
  { prefix: 'reading.', title: 'Reading', about: 'How many stories each page and feed shows.' },
  { prefix: 'comments.', title: 'Comments', about: 'Who waits for a moderator, what is refused, and how conversations are laid out.' },
  { prefix: 'mail.', title: 'Mail', about: 'Who the site’s mail (moderation notices, reply notifications) comes from.' },
];

const KEYS = Object.keys(settingDefinitions) as SettingKey[];

/**
 * The settings form: every key (its text, choice or colour; a checkbox sends its hidden "false"
 * and, when ticked, "true" after it, so at most two values), each date format's "another format"
 * box, nothing else. A key left out keeps its value; the sizes are structural, the rules of each
 * setting are parseSetting's, shown beside the field.
 */
const settingValue = z.union([z.string().max(200_000), z.array(z.string().max(200_000)).max(2)]).optional();
const SettingsForm = form(
  Object.fromEntries(KEYS.flatMap((k) => [[k, settingValue], ...(k.endsWith('_format') ? [[`${k}.custom`, maybe(200)]] : [])])) as Record<
    string,
    typeof settingValue
  >,
);
const DatePreviewQuery = z.object({ format: text(40) });
const lastValue = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v[v.length - 1] : v);

async function settingsPage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  typed?: Record<string, string>,
  errors: Record<string, string> = {},
) {
  const current = await ctx.deps.settings.all();
  const now = ctx.deps.clock.now();
  const values: Record<string, string> = typed ?? Object.fromEntries(KEYS.map((k) => [k, String(current[k])]));
  const invalid = Object.keys(errors).length > 0;
  return renderAdmin(ctx, req, reply, {
    title: 'Settings',
    current: 'settings',
    scripts: ['settings.js'],
    status: invalid ? 422 : 200,
    code: invalid ? 'GAZ_ERR_VALIDATION' : undefined,
    body: (
      <div>
        <PageHeader title="Settings" />
        {invalid ? (
          <p class="flash flash-error" role="alert">
            Nothing was saved: {Object.keys(errors).length === 1 ? 'one setting needs' : `${Object.keys(errors).length} settings need`} attention.
          </p>
        ) : null}
        <form method="post" action="/admin/settings" class="settings-form">
          <CsrfField ctx={ctx} req={req} />
          {GROUPS.map((g) => (
            <fieldset>
              <legend>{g.title}</legend>
              <p class="group-about">{g.about}</p>
              {KEYS.filter((k) => k.startsWith(g.prefix)).map((k) => (
                <SettingField k={k} value={values[k] ?? ''} error={errors[k]} c={{ now, tz: current['site.timezone'] }} />
              ))}
            </fieldset>
          ))}
          <button type="submit" class="primary">
            Save settings
          </button>
        </form>
        <form method="post" action="/admin/settings/test-mail" class="panel">
          <CsrfField ctx={ctx} req={req} />
          <p>Sends a short message to {signedIn(req).user.email} with the saved sender name and address.</p>
          <button type="submit">Send a test message</button>
        </form>
      </div>
    ),
  });
}

export const settingsRoutes: AdminRoute[] = [
  // Today's date in a format being typed (public/settings.js), with the site's own formatter.
  adminRoute('GET', '/admin/settings/date-preview', 'administrator', { query: DatePreviewQuery }, async (ctx, _req, reply, { query }) => {
    const format = query.format;
    const tz = (await ctx.deps.settings.all())['site.timezone'];
    return reply.send({ text: format ? formatDate(ctx.deps.clock.now(), tz, format) : '' });
  }),
  adminRoute('GET', '/admin/settings', 'administrator', NO_INPUT, async (ctx, req, reply) => settingsPage(ctx, req, reply)),
  adminRoute('POST', '/admin/settings', 'administrator', { body: SettingsForm }, async (ctx, req, reply, { body }) => {
    const typed: Record<string, string> = {};
    const parsed = new Map<SettingKey, unknown>();
    const errors: Record<string, string> = {};
    const current = await ctx.deps.settings.all();
    for (const k of KEYS) {
      // A checkbox sends its hidden "false" and, when ticked, "true" after it: the last wins.
      let value = lastValue(body[k]) ?? String(current[k]);
      // A date format chosen as "another format" is the one typed beside the list.
      if (value === CUSTOM) value = lastValue(body[`${k}.custom`])?.trim() || String(current[k]);
      typed[k] = value;
      // Only what changed is validated and saved: an untouched default need not pass its own rule
      // (mail.from_address ships as newsroom@localhost) to let the rest of the page be saved.
      if (value === String(current[k])) continue;
      try {
        parsed.set(k, parseSetting(k, LONG_TEXT.has(k) ? value.replace(/\r\n/g, '\n') : value.trim()));
      } catch (err) {
        errors[k] = (err as Error).message.slice(k.length + 1);
      }
    }
    if (Object.keys(errors).length) return settingsPage(ctx, req, reply, typed, errors);
    await ctx.deps.write(async (trx, stale) => {
      for (const [k, v] of parsed) await ctx.deps.settings.set(k, v, trx);
      stale('*');
    });
    setFlash(ctx, reply, 'Settings saved.');
    return seeOther(reply, '/admin/settings');
  }),
  adminRoute('POST', '/admin/settings/test-mail', 'administrator', { body: form({}) }, async (ctx, req, reply) => {
    const me = signedIn(req).user;
    const s = await ctx.deps.settings.all();
    await ctx.deps.write((trx) =>
      queueNewsroomMail(
        trx,
        {
          to: me.email,
          subject: `Test message from ${s['site.title']}`,
          paragraphs: [
            `This is a test message from the ${s['site.title']} newsroom, sent by ${s['mail.from_name']} <${s['mail.from_address']}>.`,
            'If you can read it, mail works.',
          ],
          kind: 'test',
          ref: `user:${me.id}`,
        },
        ctx.deps.clock.now(),
      ),
    );
    setFlash(ctx, reply, `A test message is on its way to ${me.email}.`);
    return seeOther(reply, '/admin/settings');
  }),
];
