/**
 * Words for the synthetic newspaper. Each section has its own actors and subjects so a section
 * reads like itself, and shared lists supply people, places and connective phrases.
 *
 * Everything here is plain text that Markdown and HTML print unchanged: no `&`, `<`, `>`, `*`,
 * `_`, backquotes, straight quotes or bare URLs (typographic quotes and apostrophes are written
 * as they would be printed), so the generator can write Markdown, HTML and text side by side.
 */

export interface SectionWords {
  slug: string;
  name: string;
  description: string;
  /** Institutions and groups that act in this section's stories. */
  actors: readonly string[];
  /** What this section's stories are about (singular noun phrases: verbs agree with them). */
  subjects: readonly string[];
  /** Roles for quoted people. */
  roles: readonly string[];
  /** Things measured, for sentences with figures. */
  metrics: readonly string[];
}

export const SECTIONS: readonly SectionWords[] = [
  {
    slug: 'world',
    name: 'World',
    description: 'Foreign affairs, diplomacy and conflict.',
    actors: ['the foreign ministry', 'the coalition government', 'regional leaders', 'the United Nations envoy', 'the opposition bloc', 'border officials', 'the defence ministry', 'the embassy', 'negotiators from both sides', 'the prime minister’s office'],
    subjects: ['the ceasefire deal', 'the border dispute', 'the refugee agreement', 'the new trade corridor', 'the sanctions package', 'the peace framework', 'the naval exercise', 'the grain deal', 'the prisoner exchange', 'the election monitors’ report', 'the summit communiqué', 'the aid convoy'],
    roles: ['a senior diplomat', 'a spokeswoman for the foreign ministry', 'a former ambassador', 'an adviser to the president', 'a regional analyst', 'a member of the negotiating team'],
    metrics: ['humanitarian aid deliveries', 'cross-border trade', 'the number of registered refugees', 'defence spending', 'grain exports'],
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'Markets, trade and the economy.',
    actors: ['the central bank', 'the port authority', 'shipping lines', 'the largest retailers', 'the competition regulator', 'bond investors', 'the employers’ federation', 'the finance ministry', 'the airline', 'the steelmaker'],
    subjects: ['the freight market', 'the interest rate decision', 'the merger proposal', 'the cost of living', 'the quarterly report', 'the pension reform', 'the wage round', 'the housing market', 'the container trade', 'the energy tariff', 'the bond auction', 'the takeover bid'],
    roles: ['the chief economist at a regional bank', 'a fund manager', 'the company’s chief executive', 'a union negotiator', 'a trade analyst', 'the finance minister'],
    metrics: ['container traffic', 'retail sales', 'inflation', 'industrial output', 'mortgage approvals', 'the unemployment rate'],
  },
  {
    slug: 'politics',
    name: 'Politics',
    description: 'Parliament, parties and the people they answer to.',
    actors: ['the governing party', 'the opposition leader', 'the upper house', 'the electoral commission', 'the cabinet', 'backbench members', 'the constitutional court', 'city councillors', 'the interior ministry', 'the speaker'],
    subjects: ['the budget bill', 'the referendum', 'the coalition agreement', 'the redistricting plan', 'the transparency law', 'the leadership contest', 'the party’s manifesto', 'the confidence vote', 'the spending review', 'the inquiry’s report', 'the campaign finance law', 'the local election'],
    roles: ['a senior minister', 'the chief whip', 'an opposition spokesman', 'a political scientist', 'a veteran campaign strategist', 'the committee chair'],
    metrics: ['voter turnout', 'support for the governing party', 'postal ballots', 'public spending', 'the number of petitions'],
  },
  {
    slug: 'science',
    name: 'Science',
    description: 'Research, discovery and the people doing it.',
    actors: ['the research team', 'the space agency', 'the national observatory', 'marine biologists', 'the university hospital', 'geologists', 'the vaccine consortium', 'the polar expedition', 'the genome project', 'the science academy'],
    subjects: ['the telescope’s first survey', 'the coral survey', 'the clinical trial', 'the fossil discovery', 'the satellite launch', 'the glacier survey', 'the particle detector', 'the antibiotic study', 'the seabed mapping', 'the migration study', 'the earthquake network', 'the lunar sample return'],
    roles: ['the study’s lead author', 'a physicist who was not involved in the work', 'a professor of ecology', 'the mission’s project scientist', 'an epidemiologist', 'a palaeontologist'],
    metrics: ['the sample size', 'measured ice loss', 'the detection rate', 'seabed temperatures', 'the number of recorded species'],
  },
  {
    slug: 'technology',
    name: 'Technology',
    description: 'Software, hardware and the rules around them.',
    actors: ['the chipmaker', 'the data protection authority', 'the social network', 'the telecoms operator', 'open-source maintainers', 'the cybersecurity agency', 'the startup', 'the browser makers', 'the cloud provider', 'the robotics lab'],
    subjects: ['the encryption bill', 'the outage', 'the battery plant', 'the privacy ruling', 'the chip shortage', 'the software update', 'the broadband rollout', 'the data breach', 'the satellite internet service', 'the translation model', 'the app store ruling', 'the semiconductor subsidy'],
    roles: ['a security researcher', 'the company’s chief technology officer', 'a digital rights campaigner', 'an industry analyst', 'a software engineer', 'the regulator’s director'],
    metrics: ['broadband coverage', 'chip production', 'reported incidents', 'monthly active users', 'smartphone shipments'],
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Books, film, music, art and ideas.',
    actors: ['the national theatre', 'the film festival jury', 'the museum’s curators', 'the orchestra', 'independent publishers', 'the arts council', 'the gallery', 'the poetry prize committee', 'the opera house', 'the city library'],
    subjects: ['the retrospective', 'the restored manuscript', 'the new production', 'the prize shortlist', 'the touring exhibition', 'the documentary', 'the debut novel', 'the concert season', 'the heritage listing', 'the festival programme', 'the translation prize', 'the reopening of the gallery'],
    roles: ['the festival director', 'a literary critic', 'the novelist', 'the museum’s director', 'a composer', 'a historian of art'],
    metrics: ['ticket sales', 'visitor numbers', 'library loans', 'arts funding', 'book sales'],
  },
  {
    slug: 'sport',
    name: 'Sport',
    description: 'Results, players and the business of the game.',
    actors: ['the league', 'the national team', 'the club’s owners', 'the cycling federation', 'the anti-doping agency', 'the coaching staff', 'the players’ union', 'the tournament organisers', 'the rowing crew', 'the selectors'],
    subjects: ['the transfer window', 'the title race', 'the stadium plans', 'the relegation fight', 'the doping inquiry', 'the marathon route', 'the broadcast deal', 'the injury list', 'the qualifying campaign', 'the youth academy', 'the salary cap', 'the final stage'],
    roles: ['the head coach', 'the team captain', 'a former international', 'the club’s sporting director', 'a sports economist', 'the race director'],
    metrics: ['attendance', 'season ticket sales', 'goals conceded', 'broadcast revenue', 'youth registrations'],
  },
  {
    slug: 'climate',
    name: 'Climate',
    description: 'Energy, weather and the changing planet.',
    actors: ['the environment agency', 'the grid operator', 'coastal councils', 'the weather service', 'wind farm developers', 'farmers’ groups', 'the water utility', 'the forestry commission', 'climate negotiators', 'the flood defence board'],
    subjects: ['the heatwave', 'the hosepipe ban', 'the offshore wind auction', 'the flood barrier', 'the emissions target', 'the reforestation scheme', 'the heat pump subsidy', 'the river forecast', 'the carbon price', 'the solar tender', 'the wildfire season', 'the coastal erosion plan'],
    roles: ['a hydrologist', 'the agency’s chief scientist', 'an energy analyst', 'a farmer who has worked the land for decades', 'a climate negotiator', 'the utility’s operations director'],
    metrics: ['rainfall', 'wind generation', 'carbon emissions', 'reservoir levels', 'electricity demand'],
  },
];

export const FIRST_NAMES = ['Ana', 'Tomas', 'Leila', 'Marcus', 'Ingrid', 'Kwame', 'Sofia', 'Daniel', 'Mei', 'Rafael', 'Priya', 'Jonas', 'Amara', 'Luca', 'Hana', 'Oskar', 'Nadia', 'Samuel', 'Elif', 'Pedro', 'Yara', 'Felix', 'Grace', 'Arjun', 'Clara', 'Emeka', 'Ruth', 'Mateo', 'Aiko', 'Viktor'] as const;
export const LAST_NAMES = ['Keller', 'Okafor', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Brennan', 'Costa', 'Novak', 'Mensah', 'Ibarra', 'Fischer', 'Ansari', 'Whitlock', 'Petrova', 'Delgado', 'Nakamura', 'Osei', 'Halvorsen', 'Marchetti', 'Kowalski', 'Adeyemi', 'Sato', 'Quinn', 'Varga', 'Rahman', 'Dubois', 'Eriksen', 'Mwangi', 'Lopez'] as const;

export const PLACES = ['the capital', 'the northern provinces', 'the coastal towns', 'the river valley', 'the industrial south', 'the border regions', 'the eastern districts', 'rural areas', 'the old port city', 'the mountain villages', 'the suburbs', 'the island communities', 'Lisbon', 'Nairobi', 'Rotterdam', 'Osaka', 'Montreal', 'Gdańsk', 'Valparaíso', 'Tbilisi', 'Hobart', 'Accra', 'Tromsø', 'Marseille'] as const;

export const TIMEFRAMES = ['by the end of the year', 'within weeks', 'before the summer', 'over the next decade', 'in the coming months', 'by the spring', 'as early as next week', 'over the next two years'] as const;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const ORDINALS = ['second', 'third', 'fourth', 'fifth', 'sixth'] as const;

export const HEADLINE_VERBS = ['weighs', 'backs', 'delays', 'rejects', 'revives', 'questions', 'expands', 'pauses', 'defends', 'reshapes', 'tightens', 'eases'] as const;
export const FUTURE_VERBS = ['be reviewed', 'move ahead', 'be put to a vote', 'face fresh scrutiny', 'be scaled back', 'take effect', 'be delayed again', 'be extended'] as const;
export const PRESENT_VERBS = ['draws criticism', 'gathers pace', 'divides opinion', 'stalls', 'raises costs', 'tests patience', 'wins cautious support', 'slows'] as const;
export const REASONS = ['rising costs', 'a shortage of skilled workers', 'pressure from neighbouring governments', 'an unusually dry winter', 'weaker demand abroad', 'legal challenges', 'a change of leadership', 'public opposition', 'delays in the supply chain', 'new safety rules'] as const;
export const CLAIMS = [
  'the timetable was never realistic',
  'the measures would take years to show results',
  'residents had not been consulted properly',
  'the costs had been underestimated from the start',
  'the plan struck a reasonable balance',
  'smaller communities would bear most of the burden',
  'the figures pointed to a lasting change',
  'the decision had been made too quickly',
  'there was still room for a compromise',
  'the public deserved a clearer explanation',
  'the numbers were better than many had feared',
  'the real test would come next winter',
] as const;
export const BACKGROUNDS = ['has followed the issue for two decades', 'grew up in the region', 'previously worked for the agency', 'led a similar review ten years ago', 'has written extensively on the subject', 'stepped down from the board last year'] as const;
export const ADJECTIVES = ['latest', 'long-awaited', 'contested', 'unexpected', 'cautious', 'sweeping', 'modest', 'closely watched'] as const;
export const ANNOUNCEMENTS = ['announcement', 'decision', 'proposal', 'report', 'ruling', 'review', 'agreement', 'forecast'] as const;
export const DETAILS = [
  'shopkeepers said business had been slower than usual',
  'queues formed outside the town hall before dawn',
  'local officials held a public meeting that ran late into the evening',
  'volunteers have been handing out leaflets explaining the changes',
  'the mood was calmer than it had been a year ago',
  'several families said they were considering leaving',
  'a small crowd gathered to hear the mayor speak',
  'the local newspaper has covered little else for weeks',
  'teachers said the effects were already visible in their classrooms',
  'the harbour was unusually quiet for the time of year',
] as const;

/** Phrases readers use in comments. */
export const COMMENT_OPENERS = ['Good piece.', 'I’m not convinced.', 'Thanks for covering this.', 'This matches what I see locally.', 'A fair summary, but something is missing.', 'Interesting, though the headline oversells it.', 'I wish more outlets explained it this clearly.', 'Speaking as someone who lives there,', 'Worth reading the full report.', 'I disagree with the premise.'] as const;
export const COMMENT_REPLIES = ['I had the same thought.', 'That’s not quite what the article says.', 'Do you have a source for that?', 'Fair point, but the numbers say otherwise.', 'Agreed, and it has been true for years.', 'I think you are both right in part.'] as const;
export const COMMENT_THOUGHTS = [
  'the article could have said more about who pays for it',
  'the people most affected were barely quoted',
  'this has been coming for a long time',
  'the follow-up will matter more than the announcement',
  'nobody I know was asked about it',
  'the comparison with last year is telling',
  'it would help to see the original figures',
  'the reporting on this has been consistently good',
] as const;
