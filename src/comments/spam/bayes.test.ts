import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spamScore, type Corpus } from './bayes.js';
import { tokenize, type SpamDocument } from './tokenize.js';

const SPAM: SpamDocument[] = [
  { author: 'Cheap Watches', url: 'http://replica-shop.example/', body: 'Best replica watches at discount prices, free shipping worldwide!' },
  {
    author: 'casino bonus',
    url: 'https://casino-win.example/',
    body: 'Win big at our online casino, claim your free bonus now http://casino-win.example/bonus',
  },
  { author: 'Pharmacy', url: 'http://pills.example/', body: 'Buy cheap pills online without prescription, discount pharmacy' },
  { author: 'SEO Expert', url: 'http://seo-links.example/', body: 'Great post! Visit my site for cheap backlinks and SEO services http://seo-links.example/' },
  { author: 'Loans Fast', url: 'http://fastloans.example/', body: 'Need money fast? Payday loans approved in minutes, no credit check, free quote' },
  { author: 'replica bags', url: 'http://replica-shop.example/bags', body: 'Designer replica handbags discount outlet, free shipping on every order' },
];
const HAM: SpamDocument[] = [
  {
    author: 'Marcus Webb',
    url: '',
    body: 'The point about leverage is the heart of it. A partnership where one side needs the other more rarely stays balanced.',
  },
  {
    author: 'Irina P.',
    url: 'https://example.org/irina',
    body: 'Both sides have said similar things at every meeting for years. Watch trade and technology flows rather than statements.',
  },
  { author: 'Daniel Cho', url: '', body: 'Clear, even-handed summary. A follow-up on what the sanctions criticism means for chip exports would help.' },
  {
    author: 'Ana Ruiz',
    url: '',
    body: 'I was in Beijing during the last visit and the mood among diplomats was far more cautious than the statements suggest.',
  },
  { author: 'Tom', url: '', body: 'Interesting that the readout from Moscow and the one from Beijing stress different parts of the meeting.' },
  { author: 'Lena K.', url: 'https://lena.example.net/', body: 'Good piece. The analysis of the uneven balance between the two partners is convincing.' },
];

function corpusOf(spam: SpamDocument[], ham: SpamDocument[]): Corpus {
  const tokens = new Map<string, { spam: number; ham: number }>();
  const add = (docs: SpamDocument[], cls: 'spam' | 'ham') => {
    for (const d of docs) {
      for (const t of tokenize(d)) {
        const c = tokens.get(t) ?? { spam: 0, ham: 0 };
        c[cls]++;
        tokens.set(t, c);
      }
    }
  };
  add(spam, 'spam');
  add(ham, 'ham');
  return { spamDocs: spam.length, hamDocs: ham.length, tokens };
}

describe('learned spam score', () => {
  const corpus = corpusOf(SPAM, HAM);

  it('tokenises words, the name, link hosts, the website domain and the email domain', () => {
    const t = tokenize({ author: 'Ann Lee', url: 'https://www.blog.example.com/x', body: 'See http://shop.example.net/a now', email: 'ann@mail.example' });
    for (const want of [
      'see',
      'now',
      'name:ann',
      'name:lee',
      'host:shop.example.net',
      'domain:example.net',
      'host:blog.example.com',
      'domain:example.com',
      'email:mail.example',
    ])
      assert.ok(t.includes(want), want);
    assert.equal(new Set(t).size, t.length);
  });

  it('scores unseen spam high and unseen ham low', () => {
    const spam = spamScore(
      tokenize({ author: 'discount shop', url: 'http://replica-shop.example/', body: 'Cheap replica watches, free shipping and discount prices' }),
      corpus,
    );
    const ham = spamScore(
      tokenize({ author: 'Reader', url: '', body: 'The statements from Beijing and Moscow about the partnership read very differently.' }),
      corpus,
    );
    assert.ok(spam >= 0.9, `spam scored ${spam}`);
    assert.ok(ham <= 0.2, `ham scored ${ham}`);
  });

  it('has no opinion (0.5) on text it has never seen', () => {
    assert.equal(spamScore(tokenize({ author: 'Zed', url: '', body: 'Quokka marmalade zeppelin' }), corpus), 0.5);
  });

  it('moves towards ham for a token once moderators mark enough such comments as ham', () => {
    const doc: SpamDocument = { author: 'Visitor', url: '', body: 'free discount' };
    const before = spamScore(tokenize(doc), corpus);
    const retrained = corpusOf(SPAM, [
      ...HAM,
      ...Array.from({ length: 12 }, () => ({ author: 'Shopper', url: '', body: 'free discount for readers of the print edition' })),
    ]);
    const after = spamScore(tokenize(doc), retrained);
    assert.ok(after < before, `${after} < ${before}`);
  });
});
