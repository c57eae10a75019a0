import { stemmer } from '@orama/stemmers/dutch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  analyzeQuery,
  createAnalyzer,
  deletionVariants,
  fold,
  loadDefaultLexicon,
  MAX_QUERY_LENGTH,
  parseSynonyms,
  stem,
  withinOneEdit,
  words,
  type QueryTerm,
} from './analyzer.ts';

const tokensOf = (terms: QueryTerm[], origin?: QueryTerm['origin']): string[] =>
  terms.filter((t) => origin === undefined || t.origin === origin).map((t) => t.token);

describe('folding', () => {
  it('lower-cases and strips diacritics', () => {
    expect(fold('Crème Brûlée À LA CARTE')).toBe('creme brulee a la carte');
    expect(fold('Coöperatie, geëmigreerd, café, naïef')).toBe('cooperatie, geemigreerd, cafe, naief');
  });

  it('maps letters NFKD leaves alone', () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Ærø')).toBe('aero');
    expect(fold('Œuvre Łódź')).toBe('oeuvre lodz');
    expect(fold('Ĳsselmeer')).toBe('ijsselmeer'); // the ij ligature (U+0132/0133)
  });

  it('splits on everything but letters and digits', () => {
    expect(words('WOZ-waarde: €1.250,- (2024)!')).toEqual(['woz', 'waarde', '1', '250', '2024']);
    expect(words('GM0344\tGM0363\nid_kaart')).toEqual(['gm0344', 'gm0363', 'id', 'kaart']);
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => fold(fold(s)) === fold(s)),
      { numRuns: 2000 },
    );
    expect(fold('ᴭ')).toBe('ae');
  });
});

describe('stemming (Snowball Dutch)', () => {
  // Pairs from the Snowball Dutch sample vocabulary (snowballstem.org/algorithms/dutch).
  const snowball: [string, string][] = [
    ['lichaamsziek', 'lichaamsziek'],
    ['lichamelijk', 'licham'],
    ['lichamelijke', 'licham'],
    ['lichamelijkheden', 'licham'],
    ['lichamen', 'licham'],
    ['lichere', 'licher'],
    ['lichtbeelden', 'lichtbeeld'],
    ['lichtdoorlatende', 'lichtdoorlat'],
    ['lichten', 'licht'],
    ['lichtgevoeligheid', 'lichtgevoel'],
    ['lichthoeveelheid', 'lichthoevel'],
    ['lichtkranten', 'lichtkrant'],
    ['lichtregelsystemen', 'lichtregelsystem'],
    ['lichtstroom', 'lichtstrom'],
    ['kanalen', 'kanal'],
    ['kandidaat', 'kandidat'],
    ['kandidaten', 'kandidat'],
    ['kandidaatstelling', 'kandidaatstell'],
  ];
  it.each(snowball)('the package stems %s to %s', (word, expected) => {
    expect(stemmer(word)).toBe(expected);
  });

  it('brings inflections of government words together', () => {
    expect(stem('vergunningen')).toBe(stem('vergunning'));
    expect(stem('aanvragen')).toBe(stem('aanvraag'));
    expect(stem('toeslagen')).toBe(stem('toeslag'));
    expect(stem('parkeren')).toBe(stem('parkeer'));
    expect(stem('uitkeringen')).toBe(stem('uitkering'));
  });

  it('leaves codes, numbers and other scripts alone', () => {
    expect(stem('gm0344')).toBe('gm0344');
    expect(stem('2024')).toBe('2024');
    expect(stem('αθήνα')).toBe('αθήνα');
  });

  it('gives a stem that stems to itself', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,20}$/), (w) => stem(stem(w)) === stem(w)));
  });
});

describe('analyze', () => {
  it('drops stop words (data/search/stopwords-nl.txt)', () => {
    expect(analyze('Hoe vraag ik een paspoort aan bij de gemeente?')).toEqual(['vrag', 'paspoort', 'gemeent']);
    expect(analyze('de het een en van')).toEqual([]);
  });

  it('splits compounds on known heads, dropping a linking s', () => {
    expect(analyze('Parkeervergunning')).toEqual(['parkeervergunn', 'parker', 'vergunn']);
    expect(analyze('Bijstandsuitkering')).toEqual(['bijstandsuitker', 'bijstand', 'uitker']);
    expect(analyze('Identiteitskaart')).toEqual(['identiteitskaart', 'identiteit', 'kaart']);
    expect(analyze('kinderopvangtoeslag')).toEqual(['kinderopvangtoeslag', 'kinderopvang', 'kinder', 'opvang', 'toeslag']);
    expect(analyze('parkeervergunningen')).toEqual(analyze('parkeervergunning'));
  });

  it('does not split a head on its own or with a too short first part', () => {
    expect(analyze('vergunning')).toEqual(['vergunn']);
    expect(analyze('oppas')).toEqual(['oppas']);
  });

  it('drops words longer than 60 characters', () => {
    expect(analyze(`kort ${'x'.repeat(61)} woord`)).toEqual(['kort', 'woord']);
  });

  it('never throws, and gives tokens of letters and digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const token of analyze(s)) expect(token).toMatch(/^[\p{L}\p{N}]+$/u);
      }),
    );
  });

  it('gives the same tokens when its tokens are analysed again (as sets)', () => {
    const dutchish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'parkeer',
            'vergunning',
            'bijstand',
            's',
            'uitkering',
            'toeslag',
            'en',
            'de',
            'pas',
            'kaart',
            'huur',
            'aan',
            'vraag',
          ),
          fc.stringMatching(/^[a-zé]{1,8}$/),
        ),
        {
          maxLength: 5,
        },
      )
      .map((parts) => parts.join(''));
    const text = fc.array(fc.oneof(dutchish, fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(text, (s) => {
        const once = analyze(s);
        expect(new Set(analyze(once.join(' ')))).toEqual(new Set(once));
      }),
      { numRuns: 500 },
    );
  });
});

describe('analyzeQuery', () => {
  it('marks the last word as a prefix while typing, not after a space', () => {
    const typing = analyzeQuery('paspoort aanvr');
    expect(typing.map((t) => [t.token, t.prefix])).toEqual([
      ['paspoort', false],
      ['aanvr', true],
      ['reisdocument', false],
    ]);
    expect(analyzeQuery('paspoort aanvr ').some((t) => t.prefix)).toBe(false);
    expect(analyzeQuery('paspoort aanvr', { prefix: false }).some((t) => t.prefix)).toBe(false);
  });

  it('keeps a stop word being typed as a prefix only ("aan" → "aanvragen")', () => {
    const [, aan] = analyzeQuery('paspoort aan');
    expect(aan).toMatchObject({ token: 'aan', prefix: true, indexed: false });
    expect(tokensOf(analyzeQuery('paspoort aan '))).not.toContain('aan');
  });

  it('offers fuzzy matching from five letters on', () => {
    const terms = analyzeQuery('wmo paspoord ');
    expect(terms.find((t) => t.token === 'wmo')?.fuzzy).toBe(false);
    expect(terms.find((t) => t.token === 'paspoord')?.fuzzy).toBe(true);
  });

  it('expands citizen words to official words (data/search/synonyms-nl.txt)', () => {
    expect(tokensOf(analyzeQuery('paspoort kwijt '), 'synonym')).toEqual(expect.arrayContaining(['vermis', 'reisdocument']));
    expect(tokensOf(analyzeQuery('uitkering '), 'synonym')).toContain('ww');
    expect(tokensOf(analyzeQuery('WW '), 'synonym')).toContain(stem('uitkering'));
    expect(tokensOf(analyzeQuery('bijstand '), 'synonym')).toContain('participatiewet');
    expect(tokensOf(analyzeQuery('participatiewet '), 'synonym')).toContain('bijstand');
    expect(tokensOf(analyzeQuery('verhuizen '), 'synonym')).toContain(stem('adreswijziging'));
    expect(tokensOf(analyzeQuery('trouwen '), 'synonym')).toContain('huwelijk');
    expect(tokensOf(analyzeQuery('afval '), 'synonym')).toContain('huisvuil');
    expect(tokensOf(analyzeQuery('parkeren '), 'synonym')).toContain(stem('parkeervergunning'));
    // One way: the official term does not bring back the citizen's phrase.
    expect(tokensOf(analyzeQuery('vermissing reisdocument '), 'synonym')).not.toContain('kwijt');
  });

  it('adds the parts of a compound with a lower weight', () => {
    const terms = analyzeQuery('vergunningaanvraag ');
    expect(terms.map((t) => [t.token, t.origin, t.weight])).toEqual([
      ['vergunningaanvrag', 'query', 1],
      ['vergunn', 'compound', 0.5],
      ['aanvrag', 'compound', 0.5],
    ]);
  });

  it('copes with huge, empty and hostile queries', () => {
    expect(analyzeQuery('')).toEqual([]);
    expect(analyzeQuery(`?!.,;:"'()[]{}*^-+`)).toEqual([]);
    expect(tokensOf(analyzeQuery('" OR * NEAR( paspoort'))).toEqual(['or', 'near', 'paspoort', 'reisdocument']);
    const huge = analyzeQuery('paspoort '.repeat(100_000));
    expect(huge.length).toBeLessThanOrEqual(20);
    expect(analyzeQuery('a'.repeat(MAX_QUERY_LENGTH * 10))).toEqual([]); // one word, far too long
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => Array.isArray(analyzeQuery(s))));
  });

  it("finds a text's own tokens among the query terms of that text", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const queryTokens = new Set(tokensOf(analyzeQuery(s, { prefix: false })));
        for (const token of analyze(s)) expect(queryTokens).toContain(token);
      }),
    );
  });
});

describe('lexicon files', () => {
  it('has at least 40 synonym rules and a source line in each file', () => {
    const lexicon = loadDefaultLexicon();
    expect(lexicon.synonyms.length).toBeGreaterThanOrEqual(40);
    expect(lexicon.stopwords.size).toBeGreaterThan(90);
    expect(lexicon.compoundHeads).toContain('vergunning');
  });

  it('parses equivalence groups and one-way rules', () => {
    expect(parseSynonyms('a, b, c\n# comment\nx y => z, w')).toEqual([
      { from: 'a', to: ['b', 'c'] },
      { from: 'b', to: ['a', 'c'] },
      { from: 'c', to: ['a', 'b'] },
      { from: 'x y', to: ['z', 'w'] },
    ]);
    expect(() => parseSynonyms('alleen')).toThrow(/two phrases/);
  });

  it('lets a custom lexicon replace the default', () => {
    const custom = createAnalyzer({ stopwords: new Set(['paspoort']), compoundHeads: [], synonyms: [] });
    expect(custom.analyze('paspoort parkeervergunning')).toEqual(['parkeervergunn']);
  });
});

describe('edit distance', () => {
  it('accepts one insert, delete, substitution or swap', () => {
    expect(withinOneEdit('paspoort', 'paspoord')).toBe(true);
    expect(withinOneEdit('rijbewijs', 'rijbewjis')).toBe(true);
    expect(withinOneEdit('huurtoeslag', 'huurtoeslg')).toBe(true);
    expect(withinOneEdit('huurtoeslg', 'huurtoeslag')).toBe(true);
    expect(withinOneEdit('paspoort', 'pasport')).toBe(true);
    expect(withinOneEdit('paspoort', 'paspoortt')).toBe(true);
    expect(withinOneEdit('paspoort', 'pospoord')).toBe(false);
    expect(withinOneEdit('abcd', 'badc')).toBe(false);
  });

  it('agrees with the deletion variants used by the index', () => {
    // Two tokens one edit apart always share a deletion variant (or one is a variant of the other).
    const token = fc.stringMatching(/^[a-e]{4,8}$/);
    fc.assert(
      fc.property(token, token, (a, b) => {
        const va = new Set([a, ...deletionVariants(a)]);
        const shared = [b, ...deletionVariants(b)].some((v) => va.has(v));
        if (withinOneEdit(a, b)) expect(shared).toBe(true);
      }),
    );
  });
});
