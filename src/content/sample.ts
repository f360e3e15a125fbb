/**
 * The sample site created on an empty database, so `npm start` shows a working newspaper.
 */
import type { Deps } from '../runtime/deps.js';
import { createArticle } from './articles.js';
import { zonedTimeToUtc } from './dates.js';
import { createUser } from './users.js';
import { generatePassword } from '../kernel/passwords.js';

const LEAD_BODY = `Beijing and Moscow promised this week to deepen what both governments call their strategic partnership, in talks that brought Russia's foreign minister, Sergei Lavrov, to the Chinese capital for a meeting with President Xi Jinping.

## A closer partnership

Diplomatic contact between the two capitals has grown steadily for several years, and it has grown faster since Russian forces crossed into Ukraine. Mr. Lavrov used his audience with Mr. Xi to praise China's development under his leadership, according to accounts of the meeting released by both sides.

Mr. Xi answered that Beijing values the relationship highly. He said China was ready to step up contacts with Moscow, both directly and in multilateral forums, and the two men agreed to keep in close touch so that ties continue to develop steadily.

## Talks with Wang Yi

Mr. Lavrov also sat down with his Chinese counterpart, Foreign Minister Wang Yi. He thanked Beijing for its backing after Vladimir Putin secured another term as president in an election without a serious challenger. Mr. Wang said China would keep strengthening strategic coordination with Russia and voiced confidence in the country's future under Mr. Putin.

## An uneven balance

Analysts who follow the relationship caution that it is not a partnership of equals. As Russia's isolation from the West deepens, China has gained leverage over its neighbour, and some observers argue that what serves Moscow's needs today could leave it as the junior partner for years to come.

Washington has warned Beijing against helping Russia's war effort, even indirectly. Mr. Lavrov, for his part, criticised Western sanctions and efforts to limit China's access to advanced technology. Mr. Wang replied that both countries stand for fairness and justice and reject hegemony and what he called a Cold War mentality.

China said it would continue to play what it described as a constructive role in world affairs, calling for peace and stability. How far the two countries align on global questions may shape international politics well beyond the war in Ukraine.`;

const SECOND_BODY = `Container traffic through the region's largest ports rose for a third straight month, according to figures published by port authorities, as shipping lines restored routes that had been cut back last year.

Freight rates remain above their long-run average, and operators say congestion at transshipment hubs has eased but not disappeared. Economists expect the recovery in volumes to show up in trade data over the coming quarter.`;

const ABOUT_BODY = `This is a sample newspaper published with **Gazette**, a self-hosted platform for newsrooms that want fast pages, open comments and no third-party tracking.

Edit or delete this page in the newsroom at [/admin/](/admin/).`;

const PRIVACY_BODY = `We publish your name, your website and your comment when you comment. Your email address is never published: we use it to recognise returning commenters and, if you ask, to tell you about replies.

We do not use trackers, advertising networks or third-party fonts, and pages make no requests to other sites. Your IP address is stored only as a keyed hash, to limit spam. You can ask us to export or erase what we hold about your email address.`;

export interface SampleResult {
  adminEmail: string;
  adminPassword: string;
}

/** Creates the sample site if the database has no users yet; returns the admin credentials once. */
export async function createSampleSite(deps: Deps): Promise<SampleResult | null> {
  const existing = await deps.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const now = deps.clock.now();
  const adminPassword = generatePassword();
  const adminEmail = 'admin@example.com';
  await deps.write(async (trx, stale) => {
    await createUser(trx, { email: adminEmail, name: 'Site Administrator', role: 'administrator', password: adminPassword, slug: 'admin' }, now);
    const reporter = await createUser(
      trx,
      {
        email: 'elena.marsh@example.com',
        name: 'Elena Marsh',
        role: 'author',
        bio: 'Elena Marsh covers diplomacy and security from Beijing. She previously reported from Moscow and Brussels.',
      },
      now,
    );
    const editor = await createUser(
      trx,
      { email: 'tom.okafor@example.com', name: 'Tom Okafor', role: 'editor', bio: 'Tom Okafor edits the business desk.' },
      now,
    );
    const world = (
      await trx
        .insertInto('sections')
        .values({ slug: 'world', name: 'World', description: 'Foreign affairs, diplomacy and conflict.', position: 1 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const business = (
      await trx
        .insertInto('sections')
        .values({ slug: 'business', name: 'Business', description: 'Markets, trade and the economy.', position: 2 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const tagIds: number[] = [];
    for (const [slug, name] of [
      ['china', 'China'],
      ['russia', 'Russia'],
      ['diplomacy', 'Diplomacy'],
      ['trade', 'Trade'],
    ]) {
      tagIds.push((await trx.insertInto('tags').values({ slug, name }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const lead = await createArticle(
      trx,
      {
        headline: 'China and Russia pledge closer strategic cooperation as Lavrov meets Xi in Beijing',
        dek: 'Moscow’s top diplomat praised Beijing’s leadership; analysts see a partnership tilting in China’s favour.',
        slug: 'china-and-russia-pledge-closer-strategic-cooperation',
        body: LEAD_BODY,
        status: 'published',
        publishedAt: zonedTimeToUtc(2024, 5, 18, 9, 30, 'UTC'),
        sectionId: world,
        authorIds: [reporter],
        tagIds: tagIds.slice(0, 3),
      },
      // Written when it was published, and updated once that morning: the sample's dates are the story's own.
      zonedTimeToUtc(2024, 5, 18, 11, 45, 'UTC'),
      stale,
    );
    await createArticle(
      trx,
      {
        headline: 'Port volumes climb for a third month as shipping routes return',
        dek: 'Freight operators report easing congestion, though rates stay high.',
        body: SECOND_BODY,
        status: 'published',
        publishedAt: zonedTimeToUtc(2024, 5, 17, 14, 0, 'UTC'),
        sectionId: business,
        authorIds: [editor],
        tagIds: [tagIds[0], tagIds[3]],
      },
      zonedTimeToUtc(2024, 5, 17, 14, 0, 'UTC'),
      stale,
    );
    await createArticle(
      trx,
      { type: 'page', headline: 'About', slug: 'about', body: ABOUT_BODY, status: 'published', publishedAt: zonedTimeToUtc(2024, 5, 1, 0, 0, 'UTC') },
      zonedTimeToUtc(2024, 5, 1, 0, 0, 'UTC'),
      stale,
    );
    await createArticle(
      trx,
      { type: 'page', headline: 'Privacy', slug: 'privacy', body: PRIVACY_BODY, status: 'published', publishedAt: zonedTimeToUtc(2024, 5, 1, 0, 0, 'UTC') },
      zonedTimeToUtc(2024, 5, 1, 0, 0, 'UTC'),
      stale,
    );

    const base = zonedTimeToUtc(2024, 5, 18, 11, 0, 'UTC');
    const comment = async (author: string, email: string, url: string, body: string, minutes: number, parent: number | null) =>
      (
        await trx
          .insertInto('comments')
          .values({
            article_id: lead,
            parent_id: parent,
            author,
            email,
            url,
            body,
            status: 'approved',
            created_at: base + minutes * 60000,
            decided_by: 'sample',
            reason: 'sample content',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = await comment(
      'Marcus Webb',
      'marcus.webb@example.net',
      '',
      'The point about leverage is the heart of it. A partnership where one side needs the other far more than the reverse rarely stays balanced for long.',
      0,
      null,
    );
    await comment(
      'Irina P.',
      'irina.p@example.org',
      'https://example.org/irina',
      'Worth remembering that both sides have said similar things at every meeting for years. I would watch what happens to trade and technology flows rather than the statements.',
      45,
      first,
    );
    await comment(
      'Daniel Cho',
      'dcho@example.com',
      '',
      'Clear, even-handed summary. It would be useful to see a follow-up on what the sanctions criticism means for chip exports in practice.',
      130,
      null,
    );
  });
  return { adminEmail, adminPassword };
}
