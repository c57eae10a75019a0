// Who may see which record: examples and properties of the pure rules in policy.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roles, type Principal, type Role } from '../../../platform/auth/model.ts';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../../platform/time/model.ts';
import { courtRegistrationKinds, inForce, type Authority, type CourtRegistration } from './model.ts';
import {
  adulthoodDate,
  ageOn,
  anniversary,
  decideBusinessAccess,
  decideOfficialAccess,
  decideOfficialsAccess,
  decidePersonAccess,
  decideRelationsAccess,
  legalRepresentations,
  officialPersonView,
  representationBasis,
  type PersonFacts,
} from './policy.ts';

const citizen = (bsn: string): Principal => ({ kind: 'person', bsn, sessionId: 's', loa: 'substantial', name: 'Burger' });
const official = (held: readonly Role[], organisationCode = 'GM0363', officialId = 'o-1'): Principal => ({
  kind: 'official',
  officialId,
  organisationCode,
  roles: held,
  sessionId: 's',
  loa: 'substantial',
  name: 'Ambtenaar',
});
const business = (kvkNumber: string): Principal => ({
  kind: 'business',
  kvkNumber,
  actingBsn: null,
  sessionId: 's',
  loa: 'substantial',
  name: 'Bedrijf',
});

// A small pool of BSNs, so relations between the same people come up often.
const pool = ['999993653', '111222333', '123456782', '999990019', '999991772'] as const;
const bsnArb = fc.constantFrom(...pool);
const MIN_DAY = toDayNumber('1900-01-01' as IsoDate);
const MAX_DAY = toDayNumber('2100-12-31' as IsoDate);
const dateArb = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map((n) => fromDayNumber(n) as string);
const periodArb = fc.tuple(dateArb, fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: null })).map(([from, length]) => ({
  validFrom: from,
  validTo: length === null ? null : (addDays(from as IsoDate, length) as string),
}));
const authorityArb: fc.Arbitrary<Authority> = fc
  .record({ childBsn: bsnArb, holderBsn: bsnArb, kind: fc.constantFrom('parent' as const, 'guardian' as const), period: periodArb })
  .map(({ period, ...a }) => ({ ...a, ...period }));
const registrationArb: fc.Arbitrary<CourtRegistration> = fc
  .record({
    id: fc.uuid(),
    personBsn: bsnArb,
    representativeBsn: bsnArb,
    kind: fc.constantFrom(...courtRegistrationKinds),
    period: periodArb,
  })
  .map(({ period, ...r }) => ({ ...r, ...period }));
const factsArb: fc.Arbitrary<PersonFacts> = fc
  .record({
    bsn: bsnArb,
    birthDate: dateArb,
    death: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }),
    authorities: fc.array(authorityArb, { maxLength: 6 }),
    registrations: fc.array(registrationArb, { maxLength: 6 }),
  })
  .map(({ bsn, birthDate, death, authorities, registrations }) => ({
    person: { bsn, birthDate, deathDate: death === null ? null : (addDays(birthDate as IsoDate, death) as string) },
    // Most relations are about this person (others must be ignored, so some are not).
    authorities: authorities.map((a, i) => (i % 3 === 2 ? a : { ...a, childBsn: bsn })),
    registrations: registrations.map((r, i) => (i % 3 === 2 ? r : { ...r, personBsn: bsn })),
  }));

/** Facts and a date that often falls inside one of their periods (else relations would rarely be in force). */
const factsWithDate: fc.Arbitrary<[PersonFacts, string]> = factsArb.chain((facts) => {
  const starts = [...facts.authorities, ...facts.registrations].map((r) => r.validFrom);
  const near =
    starts.length === 0
      ? dateArb
      : fc.tuple(fc.constantFrom(...starts), fc.integer({ min: -30, max: 3000 })).map(([from, days]) => {
          const n = Math.min(MAX_DAY, Math.max(MIN_DAY, toDayNumber(from as IsoDate) + days));
          return fromDayNumber(n);
        });
  return fc.tuple(fc.constant(facts), fc.oneof(dateArb, near, near));
});

/** The rule written out once more, independently: is there a legal basis for `holder` on `date`? */
function oracle(holder: string, facts: PersonFacts, date: string): boolean {
  const p = facts.person;
  if (p.deathDate !== null && p.deathDate <= date) return false;
  const eighteen = `${String(Number(p.birthDate.slice(0, 4)) + 18).padStart(4, '0')}${p.birthDate.slice(4)}`;
  const adult = p.birthDate.slice(5) === '02-29' && !isLeap(Number(eighteen.slice(0, 4))) ? `${eighteen.slice(0, 4)}-03-01` : eighteen;
  const gezag = facts.authorities.some(
    (a) =>
      a.childBsn === p.bsn && a.holderBsn === holder && a.validFrom <= date && (a.validTo === null || date < a.validTo) && date < adult,
  );
  const court = facts.registrations.some(
    (r) => r.personBsn === p.bsn && r.representativeBsn === holder && r.validFrom <= date && (r.validTo === null || date < r.validTo),
  );
  return holder !== p.bsn && (gezag || court);
}
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

describe('age and adulthood', () => {
  it('turns 18 on the 18th birthday; born on 29 February: on 1 March in a common year', () => {
    expect(adulthoodDate('2008-11-30')).toBe('2026-11-30');
    expect(adulthoodDate('2008-02-29')).toBe('2026-03-01');
    expect(adulthoodDate('2006-02-28')).toBe('2024-02-28');
    expect(anniversary('2004-02-29', 20)).toBe('2024-02-29');
    expect(ageOn('2008-11-30', '2026-11-29')).toBe(17);
    expect(ageOn('2008-11-30', '2026-11-30')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2020-05-05', '2019-01-01')).toBe(0);
  });

  it('is n years on the n-th anniversary and n − 1 the day before (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 120 }), (birth, n) => {
        const day = anniversary(birth, n);
        fc.pre(Number(day.slice(0, 4)) <= 9999);
        expect(ageOn(birth, day)).toBe(n);
        expect(ageOn(birth, addDays(day as IsoDate, -1))).toBe(n - 1);
      }),
    );
  });
});

describe('a citizen and another person', () => {
  it('sees their own record', () => {
    fc.assert(
      fc.property(factsArb, dateArb, (facts, date) => {
        expect(decidePersonAccess(citizen(facts.person.bsn), facts, date)).toEqual({ allow: true, basis: 'self', view: 'full' });
      }),
    );
  });

  it('never sees another person’s record without a legal basis, and always with one (property)', () => {
    let allowed = 0;
    let runs = 0;
    fc.assert(
      fc.property(factsWithDate, bsnArb, ([facts, date], me) => {
        fc.pre(me !== facts.person.bsn);
        runs += 1;
        const decision = decidePersonAccess(citizen(me), facts, date);
        expect(decision.allow).toBe(oracle(me, facts, date));
        if (decision.allow) {
          allowed += 1;
          expect(decision.basis).not.toBe('self');
          expect(decision.basis).not.toBe('official_role');
          expect('representation' in decision && decision.representation.representativeBsn).toBe(me);
        } else {
          expect(decision.reason).toBe('no_legal_basis');
        }
      }),
      { numRuns: 3000 },
    );
    // The generator reaches both outcomes often enough for the property to mean something.
    expect(allowed).toBeGreaterThan(runs * 0.03);
    expect(allowed).toBeLessThan(runs * 0.95);
  });

  it('names the legal basis that applies, and only relations about this person count', () => {
    const facts: PersonFacts = {
      person: { bsn: '111222333', birthDate: '1950-01-01', deathDate: null },
      authorities: [],
      registrations: [
        {
          id: 'a',
          personBsn: '111222333',
          representativeBsn: '999993653',
          kind: 'beschermingsbewind',
          validFrom: '2020-01-01',
          validTo: null,
        },
        { id: 'b', personBsn: '123456782', representativeBsn: '999990019', kind: 'curatele', validFrom: '2020-01-01', validTo: null },
      ],
    };
    expect(decidePersonAccess(citizen('999993653'), facts, '2026-11-29')).toMatchObject({ allow: true, basis: 'beschermingsbewind' });
    expect(decidePersonAccess(citizen('999990019'), facts, '2026-11-29')).toEqual({ allow: false, reason: 'no_legal_basis' });
    // Bewind covers money and goods, not personal and care matters; curatele covers both.
    expect(representationBasis('999993653', facts.person, [], facts.registrations, '2026-11-29', 'financial')?.basis).toBe(
      'beschermingsbewind',
    );
    expect(representationBasis('999993653', facts.person, [], facts.registrations, '2026-11-29', 'personal')).toBeUndefined();
    const mentor = [{ ...facts.registrations[0]!, kind: 'mentorschap' as const }];
    expect(representationBasis('999993653', facts.person, [], mentor, '2026-11-29', 'personal')?.basis).toBe('mentorschap');
    expect(representationBasis('999993653', facts.person, [], mentor, '2026-11-29', 'financial')).toBeUndefined();
    const curator = [{ ...facts.registrations[0]!, kind: 'curatele' as const }];
    for (const matter of ['financial', 'personal'] as const)
      expect(representationBasis('999993653', facts.person, [], curator, '2026-11-29', matter)?.basis).toBe('curatele');
  });
});

describe('representation of a minor ends at 18', () => {
  it('gives a basis on every day before the 18th birthday and on none from it (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 365 * 30 }), bsnArb, (birthDate, offset, parent) => {
        const child = parent === '111222333' ? '999993653' : '111222333';
        const facts: PersonFacts = {
          person: { bsn: child, birthDate, deathDate: null },
          authorities: [{ childBsn: child, holderBsn: parent, kind: 'parent', validFrom: birthDate, validTo: null }],
          registrations: [],
        };
        const date = addDays(birthDate as IsoDate, offset) as string;
        fc.pre(Number(date.slice(0, 4)) <= 9999);
        const decision = decidePersonAccess(citizen(parent), facts, date);
        expect(decision.allow).toBe(date < adulthoodDate(birthDate));
        if (decision.allow) {
          expect(decision.basis).toBe('gezag');
          expect(decision.view).toBe('full');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('ends the day the child turns 18, also for a guardian, and reports that end', () => {
    const facts: PersonFacts = {
      person: { bsn: '111222333', birthDate: '2008-11-30', deathDate: null },
      authorities: [{ childBsn: '111222333', holderBsn: '999993653', kind: 'guardian', validFrom: '2010-01-01', validTo: null }],
      registrations: [],
    };
    const before = decidePersonAccess(citizen('999993653'), facts, '2026-11-29');
    expect(before).toMatchObject({ allow: true, basis: 'gezag', representation: { authorityKind: 'guardian', validTo: '2026-11-30' } });
    expect(decidePersonAccess(citizen('999993653'), facts, '2026-11-30')).toEqual({ allow: false, reason: 'no_legal_basis' });
  });
});

describe('a deceased represented person gives no basis', () => {
  it('for anyone, whatever the registrations (property)', () => {
    fc.assert(
      fc.property(factsArb, bsnArb, fc.integer({ min: 0, max: 20_000 }), (facts, me, afterDeath) => {
        fc.pre(facts.person.deathDate !== null && me !== facts.person.bsn);
        const date = addDays(facts.person.deathDate as IsoDate, afterDeath) as string;
        fc.pre(Number(date.slice(0, 4)) <= 9999);
        expect(decidePersonAccess(citizen(me), facts, date).allow).toBe(false);
        expect(legalRepresentations(facts.person, facts.authorities, facts.registrations, date)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('ends every representation on the day of death and says so', () => {
    const person = { bsn: '111222333', birthDate: '1940-01-01', deathDate: '2026-06-01' };
    const regs: CourtRegistration[] = [
      { id: 'x', personBsn: '111222333', representativeBsn: '999993653', kind: 'curatele', validFrom: '2020-01-01', validTo: null },
    ];
    expect(legalRepresentations(person, [], regs, '2026-05-31')[0]?.validTo).toBe('2026-06-01');
    expect(legalRepresentations(person, [], regs, '2026-06-01')).toEqual([]);
  });
});

describe('registrations in force', () => {
  it('counts only what is in force on the date (property)', () => {
    fc.assert(
      fc.property(factsArb, dateArb, (facts, date) => {
        for (const r of legalRepresentations(facts.person, facts.authorities, facts.registrations, date)) {
          expect(r.representedBsn).toBe(facts.person.bsn);
          expect(r.representativeBsn).not.toBe(facts.person.bsn);
          expect(inForce(r, date)).toBe(true);
        }
      }),
    );
  });
});

describe('officials', () => {
  it('see persons by role: full, the electoral view, or nothing', () => {
    const expected: Record<Role, 'full' | 'electoral' | null> = {
      case_handler: 'full',
      complaint_handler: 'full',
      objection_committee: 'full',
      administrator: 'full',
      ombudsman: 'full',
      election_official: 'electoral',
      election_coordinator: 'electoral',
      service_designer: null,
      quality_manager: null,
      representative: null,
    };
    for (const role of roles) expect(officialPersonView([role]), role).toBe(expected[role]);
    expect(officialPersonView(['election_official', 'case_handler'])).toBe('full');
    expect(officialPersonView([])).toBeNull();
    const facts: PersonFacts = {
      person: { bsn: '111222333', birthDate: '1980-01-01', deathDate: null },
      authorities: [],
      registrations: [],
    };
    expect(decidePersonAccess(official(['quality_manager']), facts, '2026-11-29')).toEqual({ allow: false, reason: 'role_not_allowed' });
    expect(decidePersonAccess(official(['election_official']), facts, '2026-11-29')).toEqual({
      allow: true,
      basis: 'official_role',
      view: 'electoral',
    });
    expect(decideRelationsAccess(official(['election_official']), '111222333').allow).toBe(false);
    expect(decideRelationsAccess(official(['ombudsman']), '111222333').allow).toBe(true);
  });

  it('see businesses when their role needs it; a business sees only itself; a citizen no business', () => {
    expect(decideBusinessAccess(official(['case_handler']), '12345678')).toEqual({ allow: true, basis: 'official_role' });
    expect(decideBusinessAccess(official(['service_designer', 'election_official']), '12345678')).toEqual({
      allow: false,
      reason: 'role_not_allowed',
    });
    expect(decideBusinessAccess(business('12345678'), '12345678')).toEqual({ allow: true, basis: 'own_business' });
    expect(decideBusinessAccess(business('12345678'), '87654321')).toEqual({ allow: false, reason: 'not_own_business' });
    expect(decideBusinessAccess(citizen('999993653'), '12345678')).toEqual({ allow: false, reason: 'wrong_kind' });
    expect(decideBusinessAccess({ kind: 'anonymous' }, '12345678')).toEqual({ allow: false, reason: 'not_logged_in' });
  });

  it('administrators see the officials of their own organisation; an official sees themself', () => {
    expect(decideOfficialsAccess(official(['administrator']), 'GM0363')).toEqual({ allow: true });
    expect(decideOfficialsAccess(official(['administrator']), 'GM0599')).toEqual({ allow: false, reason: 'other_organisation' });
    expect(decideOfficialsAccess(official(['case_handler']), 'GM0363')).toEqual({ allow: false, reason: 'role_not_allowed' });
    expect(decideOfficialsAccess(citizen('999993653'), 'GM0363')).toEqual({ allow: false, reason: 'wrong_kind' });
    expect(decideOfficialAccess(official(['case_handler'], 'GM0363', 'me'), { id: 'me', organisationCode: 'GM0363' })).toEqual({
      allow: true,
    });
    expect(decideOfficialAccess(official(['case_handler'], 'GM0363', 'me'), { id: 'other', organisationCode: 'GM0363' }).allow).toBe(false);
    expect(decideOfficialAccess(official(['administrator'], 'GM0599'), { id: 'other', organisationCode: 'GM0363' }).allow).toBe(false);
  });

  it('a business and nobody see no person', () => {
    const facts: PersonFacts = {
      person: { bsn: '111222333', birthDate: '1980-01-01', deathDate: null },
      authorities: [],
      registrations: [],
    };
    expect(decidePersonAccess(business('12345678'), facts, '2026-11-29')).toEqual({ allow: false, reason: 'wrong_kind' });
    expect(decidePersonAccess({ kind: 'anonymous' }, facts, '2026-11-29')).toEqual({ allow: false, reason: 'not_logged_in' });
  });
});
