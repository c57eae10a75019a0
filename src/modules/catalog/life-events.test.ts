import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  lifeEventAudiences,
  lifeEventStepLimits,
  parseLifeEvents,
  shippedLifeEvent,
  shippedLifeEvents,
  shippedLifeEventsFile,
  type LifeEvent,
} from './life-events.ts';
import { parseUplCsv, uplPlaceholderUri, type UplProduct } from './model.ts';
import { shippedUplFile } from './reference.ts';

const upl = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
if (!upl.ok) throw new Error(upl.errors.join('\n'));
const productByUri = new Map<string, UplProduct>(upl.products.map((p) => [p.uri, p]));
const knownUris: ReadonlySet<string> = new Set(productByUri.keys());

/** A fresh, mutable copy of the shipped document. */
function shippedDocument(): { source: string; note: string; events: Record<string, unknown>[] } {
  return JSON.parse(fs.readFileSync(shippedLifeEventsFile, 'utf8')) as { source: string; note: string; events: Record<string, unknown>[] };
}

function errorsOf(json: unknown, known: ReadonlySet<string> = knownUris): string[] {
  const result = parseLifeEvents(json, known);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
}

const product = (uri: string): UplProduct => {
  const p = productByUri.get(uri);
  if (!p) throw new Error(`not in the UPL: ${uri}`);
  return p;
};
const municipalOnly = (p: UplProduct): boolean => p.offeredBy.municipality && !p.offeredBy.national;
const nationalOnly = (p: UplProduct): boolean => p.offeredBy.national && !p.offeredBy.municipality;

describe('the shipped life events', () => {
  const events = shippedLifeEvents();

  it('are valid and cover the life events of the brief, for citizens and businesses', () => {
    const parsed = parseLifeEvents(shippedDocument(), knownUris);
    expect(parsed.ok).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(14);
    expect(events.map((e) => e.slug)).toEqual(
      expect.arrayContaining([
        'kind-krijgen',
        'verhuizen',
        'trouwen-of-partnerschap',
        'scheiden',
        '18-jaar-worden',
        'gaan-studeren',
        'werk-verliezen',
        'met-pensioen-gaan',
        'overlijden',
        'ziek-worden-of-zorg-nodig',
        'huis-kopen-of-verbouwen',
        'emigreren',
        'naar-nederland-komen',
        'bedrijf-starten',
        'personeel-aannemen',
        'evenement-organiseren',
        'bedrijf-stoppen',
      ]),
    );
    for (const audience of lifeEventAudiences) expect(events.filter((e) => e.audience === audience).length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((e) => e.slug)).size).toBe(events.length);
  });

  it('name their source and the licence in the file', () => {
    const doc = shippedDocument();
    expect(doc.source).toBe('https://specials.publiekdenken.nl/publiek-denken-38-2022/aanpak-levensgebeurtenissen');
    expect(doc.note).toMatch(/Loket's own curation/);
    expect(doc.note).toMatch(/Aanpak Levensgebeurtenissen/);
    expect(doc.note).toMatch(/EUPL-1\.2/);
  });

  it('have 4 to 12 steps each, with a reason in Dutch and English', () => {
    for (const e of events) {
      expect(e.steps.length, e.slug).toBeGreaterThanOrEqual(4);
      expect(e.steps.length, e.slug).toBeLessThanOrEqual(12);
      for (const s of e.steps) {
        expect(s.why.nl.trim(), `${e.slug} ${s.uplUri}`).not.toBe('');
        expect(s.why.en.trim(), `${e.slug} ${s.uplUri}`).not.toBe('');
        expect(s.why.nl, `${e.slug} ${s.uplUri}`).not.toBe(s.why.en);
      }
    }
  });

  it('point only at real UPL products, none twice in one event', () => {
    for (const e of events) {
      for (const s of e.steps) {
        expect(knownUris.has(s.uplUri), `${e.slug}: ${s.uplUri}`).toBe(true);
        expect(s.uplUri).not.toBe(uplPlaceholderUri);
      }
      expect(new Set(e.steps.map((s) => s.uplUri)).size, e.slug).toBe(e.steps.length);
    }
  });

  it('mix municipal and national products: verhuizen, kind-krijgen and overlijden at least', () => {
    const mixed = events.filter((e) => {
      const products = e.steps.map((s) => product(s.uplUri));
      return products.some(municipalOnly) && products.some(nationalOnly);
    });
    expect(mixed.map((e) => e.slug)).toEqual(expect.arrayContaining(['verhuizen', 'kind-krijgen', 'overlijden']));
    expect(mixed.length).toBeGreaterThanOrEqual(10);
    // Named examples, read from the UPL flags rather than trusted from the file.
    const verhuizen = shippedLifeEvent('verhuizen');
    const uris = verhuizen?.steps.map((s) => s.uplUri) ?? [];
    const verhuismelding = product('http://standaarden.overheid.nl/owms/terms/verhuismelding');
    const huurtoeslag = product('http://standaarden.overheid.nl/owms/terms/huurtoeslag');
    expect(uris).toEqual(expect.arrayContaining([verhuismelding.uri, huurtoeslag.uri]));
    expect(municipalOnly(verhuismelding)).toBe(true);
    expect(nationalOnly(huurtoeslag)).toBe(true);
  });

  it('choose products for the right audience: business events use at least one business product', () => {
    for (const e of events.filter((x) => x.audience === 'business')) {
      expect(
        e.steps.some((s) => product(s.uplUri).audience.business),
        e.slug,
      ).toBe(true);
    }
  });

  it('are read once and then cached; callers cannot change the cache', () => {
    shippedLifeEvents();
    const read = vi.spyOn(fs, 'readFileSync');
    try {
      const again = shippedLifeEvents();
      expect(read).not.toHaveBeenCalled();
      expect(again).toEqual(events);
      again.reverse();
      expect(shippedLifeEvents()[0]?.slug).toBe(events[0]?.slug);
      const first = shippedLifeEvents()[0] as { slug: string };
      expect(() => {
        first.slug = 'changed';
      }).toThrow(TypeError);
    } finally {
      read.mockRestore();
    }
  });

  it('find one event by slug', () => {
    expect(shippedLifeEvent('overlijden')?.name.nl).toBe('Overlijden van een naaste');
    expect(shippedLifeEvent('bestaat-niet')).toBeUndefined();
  });
});

describe('parseLifeEvents refuses', () => {
  it('a URI that is not in the UPL, and the UPL placeholder', () => {
    const doc = shippedDocument();
    const steps = doc.events[0]?.['steps'] as { uplUri: string }[];
    steps[1]!.uplUri = 'http://standaarden.overheid.nl/owms/terms/bestaat_niet';
    steps[2]!.uplUri = uplPlaceholderUri;
    const errors = errorsOf(doc, new Set([...knownUris, uplPlaceholderUri]));
    expect(errors).toContain('events[0].steps[1].uplUri: http://standaarden.overheid.nl/owms/terms/bestaat_niet is not in the UPL');
    expect(errors.some((e) => e.startsWith('events[0].steps[2].uplUri:') && e.includes('placeholder'))).toBe(true);
    expect(errors).toHaveLength(2);
  });

  it('every URI when the UPL it is checked against is empty', () => {
    const errors = errorsOf(shippedDocument(), new Set());
    const steps = shippedLifeEvents().reduce((n, e) => n + e.steps.length, 0);
    expect(errors.filter((e) => e.endsWith('is not in the UPL'))).toHaveLength(steps);
  });

  it('duplicate slugs, also when other events are broken', () => {
    const doc = shippedDocument();
    doc.events[3]!['slug'] = doc.events[0]!['slug'];
    expect(errorsOf(doc)).toEqual(['events[3].slug: slug "kind-krijgen" is already used by events[0]']);
    delete doc.events[5]!['name'];
    const errors = errorsOf(doc);
    expect(errors).toContain('events[3].slug: slug "kind-krijgen" is already used by events[0]');
    expect(errors).toContain('events[5].name: missing text in Dutch and English');
  });

  it('a URI twice in one event (but allows it in different events)', () => {
    const doc = shippedDocument();
    const steps = doc.events[1]!['steps'] as { uplUri: string }[];
    steps[3]!.uplUri = steps[0]!.uplUri;
    expect(errorsOf(doc)).toEqual([`events[1].steps[3].uplUri: ${steps[0]!.uplUri} is already step 1 of this life event`]);
    const shared = shippedLifeEvents().filter((e) => e.steps.some((s) => s.uplUri.endsWith('/zorgtoeslag')));
    expect(shared.length).toBeGreaterThan(1);
  });

  it('a missing or blank translation anywhere', () => {
    const cases: [string, (doc: ReturnType<typeof shippedDocument>) => void, string][] = [
      ['name.en', (d) => delete (d.events[0]!['name'] as Record<string, string>)['en'], 'events[0].name.en: missing English text'],
      ['summary.nl', (d) => delete (d.events[2]!['summary'] as Record<string, string>)['nl'], 'events[2].summary.nl: missing Dutch text'],
      [
        'why.en',
        (d) => delete (d.events[4]!['steps'] as { why: Record<string, string> }[])[1]!.why['en'],
        'events[4].steps[1].why.en: missing English text',
      ],
      [
        'blank why.nl',
        (d) => ((d.events[6]!['steps'] as { why: Record<string, string> }[])[0]!.why['nl'] = ' \n '),
        'events[6].steps[0].why.nl: Dutch text is empty',
      ],
      ['name as a string', (d) => (d.events[7]!['name'] = 'Verhuizen'), 'events[7].name: Invalid input: expected object, received string'],
    ];
    for (const [what, change, expected] of cases) {
      const doc = shippedDocument();
      change(doc);
      expect(errorsOf(doc), what).toEqual([expected]);
    }
  });

  it('bad slugs, unknown audiences, unknown keys and step counts outside 4–12', () => {
    for (const slug of ['Verhuizen', 'verhuizen_nu', '-verhuizen', 'verhuizen-', 'ver--huizen', 'verhuizen ', '', 'x'.repeat(61)]) {
      const doc = shippedDocument();
      doc.events[0]!['slug'] = slug;
      expect(
        errorsOf(doc).some((e) => e.startsWith('events[0].slug:')),
        JSON.stringify(slug),
      ).toBe(true);
    }
    const audience = shippedDocument();
    audience.events[0]!['audience'] = 'burger';
    expect(errorsOf(audience)).toEqual(['events[0].audience: audience is one of citizen, business']);

    const typo = shippedDocument();
    typo.events[0]!['summery'] = typo.events[0]!['summary'];
    expect(errorsOf(typo)).toEqual(['events[0]: Unrecognized key: "summery"']);

    const few = shippedDocument();
    few.events[0]!['steps'] = (few.events[0]!['steps'] as unknown[]).slice(0, lifeEventStepLimits.min - 1);
    expect(errorsOf(few)).toEqual(['events[0].steps: a life event needs at least 4 steps']);
    few.events[0]!['steps'] = (shippedDocument().events[0]!['steps'] as unknown[]).slice(0, lifeEventStepLimits.min);
    expect(parseLifeEvents(few, knownUris).ok).toBe(true);

    const many = shippedDocument();
    const uris = [...knownUris].filter((u) => u !== uplPlaceholderUri).slice(0, lifeEventStepLimits.max + 1);
    many.events[0]!['steps'] = uris.map((uplUri) => ({ uplUri, why: { nl: 'Omdat.', en: 'Because.' } }));
    expect(errorsOf(many)).toEqual(['events[0].steps: a life event has at most 12 steps']);
  });

  it('a document without source or note, or that is not a document at all', () => {
    const doc = shippedDocument() as Partial<ReturnType<typeof shippedDocument>>;
    delete doc.source;
    delete doc.note;
    expect(errorsOf(doc)).toEqual(['source: missing source (where the grouping comes from)', 'note: missing note (curation and licence)']);
    expect(errorsOf(null)).toEqual(['(file): Invalid input: expected object, received null']);
    expect(errorsOf([])).toEqual(['(file): Invalid input: expected object, received array']);
    expect(errorsOf({ source: 's', note: 'n', events: [] })).toEqual(['events: no life events']);
  });
});

describe('parseLifeEvents (properties)', () => {
  /** Independent statement of the rules, to compare the parser with. */
  function isValidEvent(e: LifeEvent): boolean {
    const texts = [e.name, e.summary, ...e.steps.map((s) => s.why)];
    return (
      /^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.slug) &&
      e.slug.length <= 60 &&
      (lifeEventAudiences as readonly string[]).includes(e.audience) &&
      texts.every((t) => t.nl.trim() !== '' && t.en.trim() !== '') &&
      e.steps.length >= 4 &&
      e.steps.length <= 12 &&
      e.steps.every((s) => knownUris.has(s.uplUri) && s.uplUri !== uplPlaceholderUri) &&
      new Set(e.steps.map((s) => s.uplUri)).size === e.steps.length
    );
  }
  const isValid = (events: readonly LifeEvent[]): boolean =>
    events.length > 0 && events.every(isValidEvent) && new Set(events.map((e) => e.slug)).size === events.length;

  it('never throws on arbitrary JSON, and refuses it (or returns only valid events)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const result = parseLifeEvents(json, knownUris);
        if (result.ok) expect(isValid(result.events)).toBe(true);
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON put in the places of a document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.nat(), (a, b, c, n) => {
        const doc = shippedDocument();
        const event = doc.events[n % doc.events.length]!;
        const steps = event['steps'] as Record<string, unknown>[];
        event[['slug', 'audience', 'name', 'summary', 'steps'][n % 5]!] = a;
        if (steps[0]) steps[0][n % 2 === 0 ? 'uplUri' : 'why'] = b;
        (doc as Record<string, unknown>)[['source', 'note', 'events'][n % 3]!] = c;
        const result = parseLifeEvents(doc, knownUris);
        if (result.ok) expect(isValid(result.events)).toBe(true);
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a well-formed document exactly when it follows every rule', () => {
    // Mostly valid parts with a few bad ones mixed in, so both answers occur often.
    const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> =>
      fc.oneof({ arbitrary: good, weight: 100 }, { arbitrary: bad, weight: 1 });
    const someUris = [...knownUris].filter((u) => u !== uplPlaceholderUri).slice(0, 300);
    const line = (good: string): fc.Arbitrary<string> => mostly(fc.constant(good), fc.constantFrom('', ' ', '\n'));
    const text = fc.record({ nl: line('Tekst.'), en: line('Text.') });
    const step = fc.record({
      uplUri: mostly(fc.constantFrom(...someUris), fc.constantFrom('http://example.org/x', uplPlaceholderUri, '')),
      why: text,
    });
    const event = fc.record({
      slug: mostly(
        fc.oneof(fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}$/), fc.constantFrom('verhuizen', 'scheiden')),
        fc.constantFrom('Verhuizen', 'a--b', '-a', 'a_b', 'x'.repeat(61)),
      ),
      audience: mostly(fc.constantFrom('citizen', 'business'), fc.constant('burger')),
      name: text,
      summary: text,
      steps: fc.array(step, { minLength: 3, maxLength: 13 }),
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 0, maxLength: 3 }), (events) => {
        const result = parseLifeEvents({ source: 'https://example.org', note: 'test', events }, knownUris);
        expect(result.ok).toBe(isValid(events as LifeEvent[]));
        if (result.ok) {
          accepted++;
          expect(result.events).toEqual(events);
        } else refused++;
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(150);
  });
});
