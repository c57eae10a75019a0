// The pure rules of proactive offers: matching, birthdays (also 29 February), the offer's status.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../../platform/time/index.ts';
import {
  applicationPath,
  birthDatesTurning,
  birthdayOn,
  decideOffer,
  offerReason,
  offerStatuses,
  preferredOffering,
  ruleMatches,
  rulesFor,
  type OfferRule,
} from './model.ts';

const base = {
  kind: 'k',
  description: { nl: 'd', en: 'd' },
  reason: { nl: 'Omdat.', en: 'Because.' },
  products: [],
  lifeEvent: null,
  sources: [],
};
const birth: OfferRule = {
  ...base,
  id: 'birth',
  when: { event: 'person.authority_registered', authorityKinds: ['parent'], childYoungerThanMonths: 3 },
};
const ww: OfferRule = {
  ...base,
  id: 'ww',
  when: { event: 'case.decided', uplUris: ['urn:ww'], outcomes: ['granted', 'partly_granted'] },
};
const eighteen: OfferRule = { ...base, id: '18', when: { event: 'birthday', age: 18 } };
const today = '2026-11-30' as IsoDate;

describe('ruleMatches', () => {
  it('a birth: a parent of a child younger than 3 calendar months, born by today', () => {
    const facts = (childBirthDate: string | null, authorityKind = 'parent') =>
      ({ event: 'person.authority_registered', authorityKind, childBirthDate }) as const;
    expect(ruleMatches(birth, facts('2026-11-30'), today)).toBe(true);
    expect(ruleMatches(birth, facts('2026-08-31'), today)).toBe(true);
    expect(ruleMatches(birth, facts('2026-08-30'), today)).toBe(false); // exactly 3 months old
    expect(ruleMatches(birth, facts('2024-01-01'), today)).toBe(false);
    expect(ruleMatches(birth, facts('2026-12-01'), today)).toBe(false); // not born yet
    expect(ruleMatches(birth, facts(null), today)).toBe(false);
    expect(ruleMatches(birth, facts('not a date'), today)).toBe(false);
    expect(ruleMatches(birth, facts('2026-11-01', 'guardian'), today)).toBe(false);
  });

  it('a decided case: the product and outcome listed, for a person', () => {
    const facts = (uplUri: string, outcome: string | null, applicantKind = 'person') =>
      ({ event: 'case.decided', uplUri, outcome, applicantKind }) as const;
    expect(ruleMatches(ww, facts('urn:ww', 'granted'), today)).toBe(true);
    expect(ruleMatches(ww, facts('urn:ww', 'partly_granted'), today)).toBe(true);
    expect(ruleMatches(ww, facts('urn:ww', 'refused'), today)).toBe(false);
    expect(ruleMatches(ww, facts('urn:ww', null), today)).toBe(false);
    expect(ruleMatches(ww, facts('urn:other', 'granted'), today)).toBe(false);
    expect(ruleMatches(ww, facts('urn:ww', 'granted', 'business'), today)).toBe(false);
  });

  it('a birthday: exactly the age on the day; other events never match another trigger', () => {
    expect(ruleMatches(eighteen, { event: 'birthday', birthDate: '2008-11-30' }, today)).toBe(true);
    expect(ruleMatches(eighteen, { event: 'birthday', birthDate: '2008-12-01' }, today)).toBe(false);
    expect(ruleMatches(eighteen, { event: 'birthday', birthDate: '2007-11-30' }, today)).toBe(false);
    expect(ruleMatches(eighteen, { event: 'case.decided', uplUri: 'urn:ww', outcome: 'granted', applicantKind: 'person' }, today)).toBe(
      false,
    );
    expect(rulesFor([birth, ww, eighteen], 'case.decided').map((r) => r.id)).toEqual(['ww']);
  });
});

describe('birthDatesTurning', () => {
  it('on 28 February of a common year, also those born on 29 February', () => {
    expect(birthDatesTurning(18, '2026-02-28' as IsoDate)).toEqual(['2008-02-28', '2008-02-29']);
    expect(birthDatesTurning(18, '2026-03-01' as IsoDate)).toEqual(['2008-03-01']);
    // Nobody was born on 29 February 2006, and who was born on 28 February turned 18 the day before.
    expect(birthDatesTurning(18, '2024-02-29' as IsoDate)).toEqual([]);
    expect(birthDatesTurning(18, '2024-02-28' as IsoDate)).toEqual(['2006-02-28']);
  });

  it('property: a date is listed for a day exactly when its birthday of that age is that day', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01' as IsoDate), max: toDayNumber('2060-12-31' as IsoDate) }).map(fromDayNumber);
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 100 }), fc.integer({ min: -3, max: 3 }), (d, age, shift) => {
        const listed = birthDatesTurning(age, d);
        for (const b of listed) expect(birthdayOn(b, age)).toBe(d);
        const candidate = addDays(listed[0] ?? birthdayOn(d, -age), shift);
        expect(listed.includes(candidate)).toBe(birthdayOn(candidate, age) === d);
      }),
    );
  });
});

describe('decideOffer', () => {
  it('an open offer is accepted or declined once; the same answer again changes nothing; the other is refused', () => {
    expect(decideOffer('offered', 'accept')).toEqual({ ok: true, next: 'accepted', changed: true });
    expect(decideOffer('offered', 'decline')).toEqual({ ok: true, next: 'declined', changed: true });
    expect(decideOffer('accepted', 'accept')).toEqual({ ok: true, next: 'accepted', changed: false });
    expect(decideOffer('declined', 'decline')).toEqual({ ok: true, next: 'declined', changed: false });
    expect(decideOffer('accepted', 'decline')).toEqual({ ok: false });
    expect(decideOffer('declined', 'accept')).toEqual({ ok: false });
  });

  it('property: no sequence of answers leaves a decided offer, or returns to open', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('accept' as const, 'decline' as const), { maxLength: 10 }), (answers) => {
        let status: (typeof offerStatuses)[number] = 'offered';
        let first: string | undefined;
        for (const a of answers) {
          const r = decideOffer(status, a);
          if (r.ok) status = r.next;
          first ??= a;
        }
        expect(status).toBe(first === undefined ? 'offered' : first === 'accept' ? 'accepted' : 'declined');
      }),
    );
  });
});

describe('helpers', () => {
  it('the application path, the stored reason and the preferred organisation', () => {
    expect(applicationPath('GM0363', 'abc', 'id-1')).toBe('/diensten/GM0363/abc/aanvragen?aanbod=id-1');
    expect(offerReason(birth, { why: { nl: 'Waarom.', en: 'Why.' } })).toEqual({ nl: 'Omdat. Waarom.', en: 'Because. Why.' });
    const sorted = preferredOffering([
      { organisationType: 'agency', c: 'RDW' },
      { organisationType: 'municipality', c: 'GM0363' },
      { organisationType: 'province', c: 'PV27' },
    ]);
    expect(sorted.map((s) => s.c)).toEqual(['GM0363', 'PV27', 'RDW']);
  });
});
