/**
 * The sections, tags and bylines demo articles are filed under. Found by slug or email when a
 * previous run (or the sample site) made them, created otherwise, so `demo` can run repeatedly.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { slugify } from '../../content/permalinks.js';
import { createUser } from '../../content/users.js';
import { SECTIONS } from './vocabulary.js';

/** Tags per section, most used first. */
const TAGS: Record<string, string[]> = {
  world: ['Diplomacy', 'Conflict', 'Migration', 'Europe', 'Asia', 'Africa', 'Americas', 'Human rights'],
  business: ['Trade', 'Markets', 'Shipping', 'Jobs', 'Housing', 'Banking', 'Retail', 'Inflation'],
  politics: ['Elections', 'Parliament', 'Budget', 'Local government', 'Courts', 'Campaigns', 'Transparency'],
  science: ['Space', 'Health', 'Oceans', 'Fossils', 'Genetics', 'Physics', 'Wildlife'],
  technology: ['Privacy', 'Security', 'Chips', 'Telecoms', 'Startups', 'Open source', 'Artificial intelligence'],
  culture: ['Books', 'Film', 'Music', 'Theatre', 'Museums', 'Art', 'Heritage'],
  sport: ['Football', 'Cycling', 'Athletics', 'Rowing', 'Tennis', 'Doping', 'Stadiums'],
  climate: ['Energy', 'Floods', 'Drought', 'Wildfires', 'Emissions', 'Farming', 'Weather'],
};

/** Two staff writers per section; some also write for a second one. */
const WRITERS: [string, string][] = [
  ['Helena Varga', 'world'],
  ['Kofi Mensah', 'world'],
  ['Isabel Moreau', 'business'],
  ['Arjun Rahman', 'business'],
  ['Ruth Halvorsen', 'politics'],
  ['Daniel Quinn', 'politics'],
  ['Mei Tanaka', 'science'],
  ['Jonas Eriksen', 'science'],
  ['Priya Ansari', 'technology'],
  ['Luca Marchetti', 'technology'],
  ['Clara Dubois', 'culture'],
  ['Emeka Adeyemi', 'culture'],
  ['Viktor Novak', 'sport'],
  ['Sofia Delgado', 'sport'],
  ['Nadia Petrova', 'climate'],
  ['Samuel Osei', 'climate'],
];

export interface Fixtures {
  /** Section id per entry of SECTIONS. */
  sectionIds: number[];
  /** Tag ids per entry of SECTIONS, most used first. */
  tagIds: number[][];
  /** Author ids per entry of SECTIONS. */
  authorIds: number[][];
}

export async function ensureFixtures(trx: Transaction<Database>, now: number): Promise<Fixtures> {
  const sectionIds: number[] = [];
  const tagIds: number[][] = [];
  const authorIds: number[][] = [];
  let position = Number(
    (
      await trx
        .selectFrom('sections')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst()
    )?.p ?? 0,
  );
  for (const s of SECTIONS) {
    const found = await trx.selectFrom('sections').select('id').where('slug', '=', s.slug).executeTakeFirst();
    sectionIds.push(
      found?.id ??
        (
          await trx
            .insertInto('sections')
            .values({ slug: s.slug, name: s.name, description: s.description, position: ++position })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
    );
    const ids: number[] = [];
    for (const name of TAGS[s.slug]) {
      const slug = slugify(name);
      const tag = await trx.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst();
      ids.push(tag?.id ?? (await trx.insertInto('tags').values({ slug, name }).returning('id').executeTakeFirstOrThrow()).id);
    }
    tagIds.push(ids);
    authorIds.push([]);
  }
  for (const [name, sectionSlug] of WRITERS) {
    const email = `${slugify(name, 40).replace(/-/g, '.')}@demo.example.com`;
    const user = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const id = user?.id ?? (await createUser(trx, { email, name, role: 'author', bio: `${name} writes for the ${sectionSlug} desk.` }, now));
    authorIds[SECTIONS.findIndex((s) => s.slug === sectionSlug)].push(id);
  }
  return { sectionIds, tagIds, authorIds };
}
