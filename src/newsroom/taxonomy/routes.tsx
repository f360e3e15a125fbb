/**
 * `/admin/taxonomy` (sections and tags, for editors) and `/admin/authors` (author profiles: editors
 * edit anyone's, everyone else their own).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, Fragment } from '../../kernel/jsx.js';
import { form, idParam, idText, maybe, one } from '../../kernel/input.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { can, ROLE_ORDER } from '../access.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { forbidden, notFound, renderAdmin, seeOther } from '../views/page.js';
import { listMedia } from '../media/library.js';
import { EditorStyles } from '../articles/styles.js';
import { checkSection, createSection, deleteSection, sectionTree, updateSection, type SectionInput } from './sections.js';
import { deleteTag, resolveTags, tagsWithCounts, updateTag } from './tags.js';
import { authorsWithCounts, checkProfile, updateProfile } from './authors.js';
import { AuthorsPage, ProfileForm, SectionForm, TaxonomyPage, type ProfileValues, type SectionFormValues } from './views.js';

// What these forms send (see ../../kernel/input.ts). The sizes stop only what no form sends: a
// name too long for a person's rule is said beside its field by checkSection and checkProfile, with
// everything typed kept (an author's name of 400,000 characters included).
const ById = z.object({ id: idParam });
const SectionForm_ = form({ name: one(500_000), slug: one(10_000), description: one(100_000), position: one(20), parent_id: idText });
const TagForm = form({ name: one(10_000) });
const TagRenameForm = form({ name: one(10_000), slug: one(10_000) });
const ProfileForm_ = form({ name: one(500_000), slug: one(10_000), bio: one(500_000), photo_media_id: idText.optional() });
type SectionFields = z.output<typeof SectionForm_>;

const emptySection: SectionFormValues = { name: '', slug: '', description: '', position: '0', parentId: '' };

function sectionValues(b: SectionFields): SectionFormValues {
  return {
    name: b.name.trim(),
    slug: b.slug.trim(),
    description: b.description.trim(),
    position: b.position.trim() || '0',
    parentId: b.parent_id,
  };
}
function sectionInput(v: SectionFormValues): SectionInput {
  return {
    name: v.name,
    slug: v.slug,
    description: v.description,
    position: Number.parseInt(v.position, 10) || 0,
    parentId: /^\d+$/.test(v.parentId) ? Number(v.parentId) : null,
  };
}

async function taxonomyPage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  extra: { values?: SectionFormValues; errors?: Record<string, string>; tagError?: string } = {},
) {
  const failed = !!(extra.errors && Object.keys(extra.errors).length) || !!extra.tagError;
  const [sections, tags] = await Promise.all([sectionTree(ctx.deps.kysely), tagsWithCounts(ctx.deps.kysely)]);
  return renderAdmin(ctx, req, reply, {
    title: 'Sections & tags',
    current: 'taxonomy',
    status: failed ? 422 : undefined,
    code: failed ? 'GAZ_ERR_VALIDATION' : undefined,
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        <TaxonomyPage
          sections={sections}
          tags={tags}
          csrf={<CsrfField ctx={ctx} req={req} />}
          errors={extra.errors ?? {}}
          values={extra.values ?? emptySection}
          tagError={extra.tagError}
        />
      </Fragment>
    ),
  });
}

async function sectionPage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: number,
  values: SectionFormValues,
  errors: Record<string, string> = {},
) {
  const sections = await sectionTree(ctx.deps.kysely);
  const failed = Object.keys(errors).length > 0;
  return renderAdmin(ctx, req, reply, {
    title: `Section: ${values.name}`,
    current: 'taxonomy',
    status: failed ? 422 : undefined,
    code: failed ? 'GAZ_ERR_VALIDATION' : undefined,
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        <h1>Edit section</h1>
        <SectionForm
          action={`/admin/taxonomy/sections/${id}`}
          values={values}
          errors={errors}
          sections={sections}
          self={id}
          csrf={<CsrfField ctx={ctx} req={req} />}
          submit="Save section"
        />
        <form method="post" action={`/admin/taxonomy/sections/${id}/delete`} class="danger-zone">
          <CsrfField ctx={ctx} req={req} />
          <button type="submit" class="danger">
            Delete section (its articles stay, without a section)
          </button>
        </form>
        <p>
          <a href="/admin/taxonomy">Back to sections &amp; tags</a>
        </p>
      </Fragment>
    ),
  });
}

async function profilePage(
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: number,
  values: ProfileValues,
  errors: Record<string, string> = {},
) {
  const media = await listMedia(ctx.deps.kysely, { page: 1, perPage: 200 });
  const failed = Object.keys(errors).length > 0;
  return renderAdmin(ctx, req, reply, {
    title: `Author profile: ${values.name}`,
    current: 'profile',
    status: failed ? 422 : undefined,
    code: failed ? 'GAZ_ERR_VALIDATION' : undefined,
    body: <ProfileForm id={id} values={values} errors={errors} media={media.items} csrf={<CsrfField ctx={ctx} req={req} />} />,
  });
}

/** Editors edit any profile; everyone else only their own. */
/**
 * Your own profile; as an editor, the profiles of the authors and contributors whose bylines you
 * edit; as an administrator, anyone's. Never one of a higher or equal rank than an editor's own.
 */
const mayEditProfile = async (ctx: NewsroomContext, req: FastifyRequest, id: number) => {
  const me = signedIn(req).user;
  if (me.id === id) return true;
  if (!can(me.role, 'edit_others_articles')) return false;
  if (me.role === 'administrator') return true;
  const target = await ctx.deps.kysely.selectFrom('users').select('role').where('id', '=', id).executeTakeFirst();
  return target !== undefined && ROLE_ORDER.indexOf(target.role) < ROLE_ORDER.indexOf(me.role);
};

export const taxonomyRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/taxonomy', 'editor', NO_INPUT, async (ctx, req, reply) => taxonomyPage(ctx, req, reply)),

  adminRoute('POST', '/admin/taxonomy/sections', 'editor', { body: SectionForm_ }, async (ctx, req, reply, { body }) => {
    const values = sectionValues(body);
    const input = sectionInput(values);
    const errors = await checkSection(ctx.deps.kysely, input, null);
    if (Object.keys(errors).length) return taxonomyPage(ctx, req, reply, { values, errors });
    await ctx.deps.write((trx, stale) => createSection(trx, stale, input));
    setFlash(ctx, reply, 'Section added.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('GET', '/admin/taxonomy/sections/:id', 'editor', { params: ById }, async (ctx, req, reply, { params }) => {
    const s = await ctx.deps.kysely.selectFrom('sections').selectAll().where('id', '=', params.id).executeTakeFirst();
    if (!s) return notFound(ctx, req, reply);
    return sectionPage(ctx, req, reply, s.id, {
      name: s.name,
      slug: s.slug,
      description: s.description,
      position: String(s.position),
      parentId: s.parent_id === null ? '' : String(s.parent_id),
    });
  }),

  adminRoute('POST', '/admin/taxonomy/sections/:id', 'editor', { body: SectionForm_, params: ById }, async (ctx, req, reply, { body, params }) => {
    const id = params.id;
    if (!(await ctx.deps.kysely.selectFrom('sections').select('id').where('id', '=', id).executeTakeFirst())) return notFound(ctx, req, reply);
    const values = sectionValues(body);
    const input = sectionInput(values);
    const errors = await checkSection(ctx.deps.kysely, input, id);
    if (Object.keys(errors).length) return sectionPage(ctx, req, reply, id, values, errors);
    await ctx.deps.write((trx, stale) => updateSection(trx, stale, id, input));
    setFlash(ctx, reply, 'Section saved.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('POST', '/admin/taxonomy/sections/:id/delete', 'editor', { body: form({}), params: ById }, async (ctx, _req, reply, { params }) => {
    const id = params.id;
    await ctx.deps.write((trx, stale) => deleteSection(trx, stale, id));
    setFlash(ctx, reply, 'Section deleted.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('POST', '/admin/taxonomy/tags', 'editor', { body: TagForm }, async (ctx, req, reply, { body }) => {
    const name = body.name.trim();
    if (!name) return taxonomyPage(ctx, req, reply, { tagError: 'Give the tag a name.' });
    await ctx.deps.write((trx) => resolveTags(trx, [name]));
    setFlash(ctx, reply, 'Tag added.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('POST', '/admin/taxonomy/tags/:id', 'editor', { body: TagRenameForm, params: ById }, async (ctx, req, reply, { body, params }) => {
    const id = params.id;
    if (!(await ctx.deps.kysely.selectFrom('tags').select('id').where('id', '=', id).executeTakeFirst())) return notFound(ctx, req, reply);
    await ctx.deps.write((trx, stale) => updateTag(trx, stale, id, body.name.trim(), body.slug.trim()));
    setFlash(ctx, reply, 'Tag saved.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('POST', '/admin/taxonomy/tags/:id/delete', 'editor', { body: form({}), params: ById }, async (ctx, _req, reply, { params }) => {
    const id = params.id;
    await ctx.deps.write((trx, stale) => deleteTag(trx, stale, id));
    setFlash(ctx, reply, 'Tag deleted.');
    return seeOther(reply, '/admin/taxonomy');
  }),

  adminRoute('GET', '/admin/authors', 'editor', NO_INPUT, async (ctx, req, reply) =>
    renderAdmin(ctx, req, reply, { title: 'Author profiles', current: 'users', body: <AuthorsPage authors={await authorsWithCounts(ctx.deps.kysely)} /> }),
  ),

  adminRoute('GET', '/admin/authors/:id', 'contributor', { params: ById }, async (ctx, req, reply, { params }) => {
    const id = params.id;
    if (!(await mayEditProfile(ctx, req, id))) return forbidden(ctx, req, reply);
    const u = await ctx.deps.kysely.selectFrom('users').select(['id', 'name', 'slug', 'bio', 'photo_media_id']).where('id', '=', id).executeTakeFirst();
    if (!u) return notFound(ctx, req, reply);
    return profilePage(ctx, req, reply, u.id, {
      name: u.name,
      slug: u.slug,
      bio: u.bio,
      photoMediaId: u.photo_media_id === null ? '' : String(u.photo_media_id),
    });
  }),

  adminRoute('POST', '/admin/authors/:id', 'contributor', { body: ProfileForm_, params: ById }, async (ctx, req, reply, { body, params }) => {
    const id = params.id;
    if (!(await mayEditProfile(ctx, req, id))) return forbidden(ctx, req, reply);
    if (!(await ctx.deps.kysely.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) return notFound(ctx, req, reply);
    const values: ProfileValues = { name: body.name.trim(), slug: body.slug.trim(), bio: body.bio.trim(), photoMediaId: body.photo_media_id ?? '' };
    const input = {
      name: values.name,
      slug: values.slug,
      bio: values.bio,
      photoMediaId: /^\d+$/.test(values.photoMediaId) ? Number(values.photoMediaId) : null,
    };
    const errors = await checkProfile(ctx.deps.kysely, id, input);
    if (Object.keys(errors).length) return profilePage(ctx, req, reply, id, values, errors);
    await ctx.deps.write((trx, stale) => updateProfile(trx, stale, id, input, ctx.deps.clock.now()));
    setFlash(ctx, reply, 'Profile saved.');
    return seeOther(reply, `/admin/authors/${id}`);
  }),
];
