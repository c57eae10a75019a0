// mandates: worked examples and properties (fast-check) of the pure check engine in model.ts.
// The legal representations are built from authority and court records by the registry's own
// pure rules (allLegalRepresentations), as the store does, so the 18th birthday and death come
// from the same code in both places.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelsOfAssurance, loaAtLeast, type LevelOfAssurance } from '../../platform/auth/model.ts';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../platform/time/model.ts';
import { courtRegistrationKinds, type Authority, type CourtRegistration } from '../registry/people/model.ts';
import { adulthoodDate, allLegalRepresentations, basisCovers } from '../registry/people/policy.ts';
import {
  actions,
  check,
  denyReasons,
  grantProblems,
  mandateEvents,
  mandateStanding,
  mandateStatuses,
  maxLoa,
  mayGrant,
  nextStatus,
  partyKey,
  sameParty,
  scopeCovers,
  type Action,
  type Actor,
  type At,
  type Basis,
  type ChainLink,
  type CheckFacts,
  type CheckRequest,
  type CheckSettings,
  type Decision,
  type Functionary,
  type FunctionaryAuthority,
  type LegalRepresentation,
  type Mandate,
  type MandateEvent,
  type MandateScope,
  type MandateStatus,
  type Party,
  type ServiceFacts,
} from './model.ts';

// ---------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------

const person = (id: string): Party => ({ kind: 'person', id });
const business = (id: string): Party => ({ kind: 'business', id });
const inPerson = (bsn: string): Actor => ({ bsn, business: null });
const forBusiness = (bsn: string, kvk: string): Actor => ({ bsn, business: kvk });

const settings: CheckSettings = { chainMinimumLoa: 'substantial', legalMinimumLoa: 'substantial' };
const lenient: CheckSettings = { chainMinimumLoa: 'low', legalMinimumLoa: 'low' };

const atDay = (day: string, time = '12:00:00.000Z'): At => ({ day, instant: `${day}T${time}` });
const today = '2026-06-15';
const now = atDay(today);

const loaIndex = (l: LevelOfAssurance): number => levelsOfAssurance.indexOf(l);

const parking: ServiceFacts = {
  organisationCode: 'GM0363',
  serviceId: 'parkeervergunning',
  uplUri: 'http://standaarden.overheid.nl/owms/terms/parkeervergunning',
  mandatable: true,
  requiredLoa: 'low',
  matter: 'financial',
  serviceSetIds: [],
};
const service = (over: Partial<ServiceFacts> = {}): ServiceFacts => ({ ...parking, ...over });
const parkingScope: MandateScope = { kind: 'service', organisationCode: 'GM0363', serviceId: 'parkeervergunning' };

let sequence = 0;
const mandate = (over: Partial<Mandate> & Pick<Mandate, 'mandator' | 'mandatary'>): Mandate => ({
  id: `m-${String(++sequence)}`,
  scope: parkingScope,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  minLoa: 'low',
  status: 'active',
  grantedBy: over.mandator.kind === 'person' ? over.mandator.id : '999990172',
  secondSignatory: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  acceptedAt: '2026-01-01T10:00:00.000Z',
  endedAt: null,
  endedBy: null,
  ...over,
});

const functionary = (
  kvkNumber: string,
  personBsn: string,
  authority: FunctionaryAuthority,
  over: Partial<Functionary> = {},
): Functionary => ({
  kvkNumber,
  personBsn,
  role: authority === 'limited' ? 'gevolmachtigde' : 'bestuurder',
  authority,
  validFrom: '2020-01-01',
  validTo: null,
  ...over,
});

const factsFor = (subject: Party, over: Partial<CheckFacts> = {}): CheckFacts => ({
  subject: { party: subject, endedOn: null },
  legal: [],
  functionaries: [],
  mandates: [],
  ...over,
});

const ask = (actor: Actor, subject: Party, over: Partial<CheckRequest> = {}): CheckRequest => ({
  actor,
  subject,
  action: 'apply',
  service: parking,
  at: now,
  loa: 'substantial',
  ...over,
});

/** The decision must allow; returns it narrowed. */
function allowed(d: Decision): Extract<Decision, { allow: true }> {
  if (!d.allow) throw new Error(`expected allow, got deny ${d.reason}`);
  return d;
}
/** The decision must deny; returns it narrowed. */
function denied(d: Decision): Extract<Decision, { allow: false }> {
  if (d.allow) throw new Error(`expected deny, got allow on ${d.basis.kind}`);
  return d;
}
const mandateIdsOf = (basis: Basis): string[] =>
  basis.kind === 'mandate' ? basis.chain.flatMap((l) => (l.kind === 'mandate' ? [l.mandateId] : [])) : [];

// Demo people (registry seed).
const sanne = '999990007';
const mohamed = '999990019';
const fatima = '999990020';
const yasmina = '999990032';
const anna = '999990056';
const pieter = '999990068';
const kees = '999990081';
const maria = '999990093';
const ingrid = '999990111';
const emre = '999990160';
const joost = '999990172';
const ayse = '999990184';
const eva = '999990196';
const kapsalon = '90000000';
const noordlicht = '90000001';
const firm = '90000002';
const otherFirm = '90000003';

// ---------------------------------------------------------------------------------------
// Worked examples
// ---------------------------------------------------------------------------------------

describe('check: oneself', () => {
  it('a person acts for themself at the level the service requires, even when the registers do not know them', () => {
    const d = allowed(check({ subject: null, legal: [], functionaries: [], mandates: [] }, ask(inPerson(sanne), person(sanne)), settings));
    expect(d).toEqual({ allow: true, basis: { kind: 'self' }, requiredLoa: 'low' });
    expect(allowed(check(factsFor(person(sanne)), ask(inPerson(sanne), person(sanne), { loa: 'low' }), settings)).requiredLoa).toBe('low');
  });

  it('no level set on the service means low; a level set is required, also for oneself', () => {
    const none = check(
      factsFor(person(sanne)),
      ask(inPerson(sanne), person(sanne), { service: service({ requiredLoa: null }), loa: 'low' }),
      settings,
    );
    expect(allowed(none).requiredLoa).toBe('low');
    const high = check(
      factsFor(person(sanne)),
      ask(inPerson(sanne), person(sanne), { service: service({ requiredLoa: 'high' }), loa: 'substantial' }),
      settings,
    );
    expect(high).toEqual({ allow: false, reason: 'loa_too_low', requiredLoa: 'high' });
  });

  it('a service that is not mandatable is still usable by oneself', () => {
    expect(
      check(factsFor(person(sanne)), ask(inPerson(sanne), person(sanne), { service: service({ mandatable: false }) }), settings).allow,
    ).toBe(true);
  });

  it('logged in for a business, a person does not act as themself', () => {
    const d = check(factsFor(person(emre)), ask(forBusiness(emre, kapsalon), person(emre)), settings);
    expect(denied(d).reason).toBe('no_relation');
  });

  it('an unknown subject, or facts about someone else, deny with unknown_subject', () => {
    expect(
      denied(check({ subject: null, legal: [], functionaries: [], mandates: [] }, ask(inPerson(sanne), person(pieter)), settings)).reason,
    ).toBe('unknown_subject');
    expect(denied(check(factsFor(person(kees)), ask(inPerson(sanne), person(pieter)), settings)).reason).toBe('unknown_subject');
    expect(denied(check(factsFor(person(pieter)), ask(inPerson(sanne), business(pieter)), settings)).reason).toBe('unknown_subject');
  });
});

describe('check: legal representation (from the registers, built as the store does)', () => {
  // Yasmina, born 15 March 2010, under the gezag of both parents.
  const child = { bsn: yasmina, birthDate: '2010-03-15', deathDate: null };
  const authorities: Authority[] = [
    { childBsn: yasmina, holderBsn: mohamed, kind: 'parent', validFrom: '2010-03-15', validTo: null },
    { childBsn: yasmina, holderBsn: fatima, kind: 'parent', validFrom: '2010-03-15', validTo: null },
  ];
  const childFacts = factsFor(person(yasmina), { legal: allLegalRepresentations(child, authorities, []) });

  it('a parent with gezag acts for the child until the day before the 18th birthday', () => {
    const d = allowed(check(childFacts, ask(inPerson(mohamed), person(yasmina), { at: atDay('2028-03-14') }), settings));
    expect(d.basis).toEqual({ kind: 'legal', basis: 'gezag', validTo: '2028-03-15' });
    // the legal minimum level of assurance applies, above the service's own "low"
    expect(d.requiredLoa).toBe('substantial');
    expect(check(childFacts, ask(inPerson(fatima), person(yasmina), { at: atDay('2028-03-14') }), settings).allow).toBe(true);
  });

  it('on the 18th birthday the gezag has ended', () => {
    for (const day of ['2028-03-15', '2028-03-16', '2035-01-01']) {
      const d = check(childFacts, ask(inPerson(mohamed), person(yasmina), { at: atDay(day) }), settings);
      expect(d).toEqual({ allow: false, reason: 'representation_ended' });
    }
  });

  it('born on 29 February: a minor until 28 February, of age on 1 March in a common year', () => {
    const leapChild = { bsn: yasmina, birthDate: '2008-02-29', deathDate: null };
    const facts = factsFor(person(yasmina), { legal: allLegalRepresentations(leapChild, authorities, []) });
    expect(check(facts, ask(inPerson(mohamed), person(yasmina), { at: atDay('2026-02-28') }), settings).allow).toBe(true);
    expect(denied(check(facts, ask(inPerson(mohamed), person(yasmina), { at: atDay('2026-03-01') }), settings)).reason).toBe(
      'representation_ended',
    );
  });

  it('a parent logged in for a business, or someone without gezag, does not represent the child', () => {
    expect(denied(check(childFacts, ask(forBusiness(mohamed, kapsalon), person(yasmina)), settings)).reason).toBe('no_relation');
    expect(denied(check(childFacts, ask(inPerson(sanne), person(yasmina)), settings)).reason).toBe('no_relation');
  });

  it('the legal minimum level of assurance is required, whatever the service needs', () => {
    expect(check(childFacts, ask(inPerson(mohamed), person(yasmina), { loa: 'low' }), settings)).toEqual({
      allow: false,
      reason: 'loa_too_low',
      requiredLoa: 'substantial',
    });
    const strict = { ...settings, legalMinimumLoa: 'high' as const };
    expect(check(childFacts, ask(inPerson(mohamed), person(yasmina), { loa: 'substantial' }), strict)).toEqual({
      allow: false,
      reason: 'loa_too_low',
      requiredLoa: 'high',
    });
    // a service that asks more than the legal minimum gets it
    expect(
      allowed(
        check(childFacts, ask(inPerson(mohamed), person(yasmina), { service: service({ requiredLoa: 'high' }), loa: 'high' }), settings),
      ).requiredLoa,
    ).toBe('high');
  });

  it('a service that is not mandatable still admits the legal representative', () => {
    expect(check(childFacts, ask(inPerson(mohamed), person(yasmina), { service: service({ mandatable: false }) }), settings).allow).toBe(
      true,
    );
  });

  it("a parent with gezag may manage the child's mandates, with one signature", () => {
    expect(mayGrant(childFacts, inPerson(mohamed), person(yasmina), now, 'substantial', settings)).toEqual({
      allow: true,
      signatures: 1,
      basis: { kind: 'legal', basis: 'gezag', validTo: '2028-03-15' },
    });
    expect(mayGrant(childFacts, inPerson(mohamed), person(yasmina), now, 'low', settings)).toEqual({ allow: false, reason: 'loa_too_low' });
  });

  const court = (
    personBsn: string,
    representativeBsn: string,
    kind: CourtRegistration['kind'],
    validTo: string | null = null,
  ): CourtRegistration => ({
    id: `${kind}-${personBsn}`,
    personBsn,
    representativeBsn,
    kind,
    validFrom: '2020-01-01',
    validTo,
  });
  const adult = (bsn: string, deathDate: string | null = null) => ({ bsn, birthDate: '1950-01-01', deathDate });
  const personal = service({ serviceId: 'wmo', uplUri: 'http://standaarden.overheid.nl/owms/terms/wmo', matter: 'personal' });
  const both = service({ serviceId: 'melding', uplUri: null, matter: null });

  it('a curator acts in all matters and may manage mandates', () => {
    const facts = factsFor(person(pieter), { legal: allLegalRepresentations(adult(pieter), [], [court(pieter, anna, 'curatele')]) });
    for (const s of [parking, personal, both, null]) {
      const d = allowed(check(facts, ask(inPerson(anna), person(pieter), { service: s }), settings));
      expect(d.basis).toEqual({ kind: 'legal', basis: 'curatele', validTo: null });
    }
    expect(check(facts, ask(inPerson(anna), person(pieter), { action: 'manage_mandates', service: null }), settings).allow).toBe(true);
    expect(mayGrant(facts, inPerson(anna), person(pieter), now, 'substantial', settings)).toMatchObject({ allow: true, signatures: 1 });
  });

  it('a bewindvoerder acts in financial matters only', () => {
    const facts = factsFor(person(kees), {
      legal: allLegalRepresentations(adult(kees), [], [court(kees, anna, 'beschermingsbewind')]),
    });
    expect(allowed(check(facts, ask(inPerson(anna), person(kees)), settings)).basis).toMatchObject({
      kind: 'legal',
      basis: 'beschermingsbewind',
    });
    expect(check(facts, ask(inPerson(anna), person(kees), { service: personal }), settings)).toEqual({
      allow: false,
      reason: 'matter_not_covered',
    });
    // a service about both matters needs a representation that covers both
    expect(denied(check(facts, ask(inPerson(anna), person(kees), { service: both }), settings)).reason).toBe('matter_not_covered');
    // seeing the represented person's affairs in general is allowed
    expect(check(facts, ask(inPerson(anna), person(kees), { action: 'view', service: null }), settings).allow).toBe(true);
    expect(denied(check(facts, ask(inPerson(anna), person(kees), { action: 'manage_mandates', service: null }), settings)).reason).toBe(
      'matter_not_covered',
    );
  });

  it('a mentor acts in personal matters only', () => {
    const facts = factsFor(person(maria), { legal: allLegalRepresentations(adult(maria), [], [court(maria, ingrid, 'mentorschap')]) });
    expect(allowed(check(facts, ask(inPerson(ingrid), person(maria), { service: personal }), settings)).basis).toMatchObject({
      basis: 'mentorschap',
    });
    expect(denied(check(facts, ask(inPerson(ingrid), person(maria)), settings)).reason).toBe('matter_not_covered');
    expect(mayGrant(facts, inPerson(ingrid), person(maria), now, 'substantial', settings)).toEqual({
      allow: false,
      reason: 'matter_not_covered',
    });
  });

  it('a court registration that ended no longer represents', () => {
    const facts = factsFor(person(pieter), {
      legal: allLegalRepresentations(adult(pieter), [], [court(pieter, anna, 'curatele', '2026-06-01')]),
    });
    expect(check(facts, ask(inPerson(anna), person(pieter), { at: atDay('2026-05-31') }), settings).allow).toBe(true);
    expect(denied(check(facts, ask(inPerson(anna), person(pieter)), settings)).reason).toBe('representation_ended');
  });

  it('the death of the represented person ends everything: legal representation and mandates (subject_ended)', () => {
    const deathDate = '2026-05-01';
    const legal = allLegalRepresentations(adult(pieter, deathDate), [], [court(pieter, anna, 'curatele')]);
    const m = mandate({ mandator: person(pieter), mandatary: person(sanne) });
    const facts: CheckFacts = { subject: { party: person(pieter), endedOn: deathDate }, legal, functionaries: [], mandates: [m] };
    expect(check(facts, ask(inPerson(anna), person(pieter), { at: atDay('2026-04-30') }), settings).allow).toBe(true);
    expect(check(facts, ask(inPerson(sanne), person(pieter), { at: atDay('2026-04-30') }), settings).allow).toBe(true);
    for (const day of [deathDate, '2026-05-02', '2027-01-01']) {
      expect(check(facts, ask(inPerson(anna), person(pieter), { at: atDay(day) }), settings)).toEqual({
        allow: false,
        reason: 'subject_ended',
      });
      expect(check(facts, ask(inPerson(sanne), person(pieter), { at: atDay(day) }), settings)).toEqual({
        allow: false,
        reason: 'subject_ended',
      });
    }
  });
});

describe('check: functionaries of a business', () => {
  const facts = factsFor(business(noordlicht), {
    functionaries: [
      functionary(noordlicht, joost, 'joint'),
      functionary(noordlicht, ayse, 'joint'),
      functionary(noordlicht, eva, 'limited'),
      functionary(noordlicht, sanne, 'sole', { validTo: '2026-01-01' }),
    ],
  });
  const sole = factsFor(business(kapsalon), { functionaries: [functionary(kapsalon, emre, 'sole', { role: 'eigenaar' })] });

  it('a functionary acts for the business, logged in for it or in person', () => {
    const d = allowed(check(sole, ask(forBusiness(emre, kapsalon), business(kapsalon)), settings));
    expect(d).toEqual({
      allow: true,
      basis: { kind: 'functionary', kvkNumber: kapsalon, role: 'eigenaar', authority: 'sole' },
      requiredLoa: 'low',
    });
    expect(check(sole, ask(inPerson(emre), business(kapsalon)), settings).allow).toBe(true);
    expect(allowed(check(facts, ask(forBusiness(joost, noordlicht), business(noordlicht)), settings)).basis).toMatchObject({
      authority: 'joint',
    });
  });

  it('a functionary logged in for another business does not act for this one', () => {
    expect(denied(check(sole, ask(forBusiness(emre, noordlicht), business(kapsalon)), settings)).reason).toBe('no_relation');
  });

  it('a limited functionary may act but not manage mandates', () => {
    expect(allowed(check(facts, ask(forBusiness(eva, noordlicht), business(noordlicht)), settings)).basis).toMatchObject({
      authority: 'limited',
    });
    expect(
      check(facts, ask(forBusiness(eva, noordlicht), business(noordlicht), { action: 'manage_mandates', service: null }), settings),
    ).toEqual({
      allow: false,
      reason: 'not_authorised_to_grant',
    });
    expect(mayGrant(facts, forBusiness(eva, noordlicht), business(noordlicht), now, 'substantial', settings)).toEqual({
      allow: false,
      reason: 'not_authorised_to_grant',
    });
  });

  it('granting needs one signature with sole authority, two with joint authority', () => {
    expect(mayGrant(sole, forBusiness(emre, kapsalon), business(kapsalon), now, 'substantial', settings)).toMatchObject({
      allow: true,
      signatures: 1,
    });
    expect(mayGrant(facts, forBusiness(joost, noordlicht), business(noordlicht), now, 'substantial', settings)).toMatchObject({
      allow: true,
      signatures: 2,
      basis: { kind: 'functionary', authority: 'joint' },
    });
    expect(mayGrant(factsFor(person(sanne)), inPerson(sanne), person(sanne), now, 'low', settings)).toEqual({
      allow: true,
      signatures: 1,
      basis: { kind: 'self' },
    });
    expect(mayGrant(factsFor(business(noordlicht)), forBusiness(sanne, noordlicht), business(noordlicht), now, 'high', settings)).toEqual({
      allow: false,
      reason: 'no_relation',
    });
  });

  it('a functionary whose position ended is told so', () => {
    expect(denied(check(facts, ask(forBusiness(sanne, noordlicht), business(noordlicht)), settings)).reason).toBe('representation_ended');
    expect(check(facts, ask(forBusiness(sanne, noordlicht), business(noordlicht), { at: atDay('2025-12-31') }), settings).allow).toBe(true);
  });

  it('a business that ended has no representatives', () => {
    const ended: CheckFacts = { ...sole, subject: { party: business(kapsalon), endedOn: '2026-06-15' } };
    expect(check(ended, ask(forBusiness(emre, kapsalon), business(kapsalon)), settings)).toEqual({ allow: false, reason: 'subject_ended' });
  });

  it("the service's level of assurance holds for functionaries as for anyone", () => {
    expect(
      check(
        sole,
        ask(forBusiness(emre, kapsalon), business(kapsalon), { service: service({ requiredLoa: 'substantial' }), loa: 'low' }),
        settings,
      ),
    ).toEqual({
      allow: false,
      reason: 'loa_too_low',
      requiredLoa: 'substantial',
    });
  });
});

describe('check: an employee mandated by the business', () => {
  const m = mandate({ mandator: business(noordlicht), mandatary: person(eva) });
  const facts = factsFor(business(noordlicht), { mandates: [m] });

  it('acts for the business, logged in for that business or in person', () => {
    const d = allowed(check(facts, ask(forBusiness(eva, noordlicht), business(noordlicht)), settings));
    expect(d.basis).toEqual({
      kind: 'mandate',
      chain: [{ kind: 'mandate', mandateId: m.id, mandator: business(noordlicht), mandatary: person(eva) }],
    });
    expect(check(facts, ask(inPerson(eva), business(noordlicht)), settings).allow).toBe(true);
  });

  it('not when logged in for another business, not outside the scope, and never to manage mandates', () => {
    expect(denied(check(facts, ask(forBusiness(eva, firm), business(noordlicht)), settings)).reason).toBe('no_relation');
    expect(
      check(facts, ask(forBusiness(eva, noordlicht), business(noordlicht), { service: service({ serviceId: 'other' }) }), settings),
    ).toEqual({
      allow: false,
      reason: 'out_of_scope',
      mandateId: m.id,
    });
    expect(
      denied(check(facts, ask(forBusiness(eva, noordlicht), business(noordlicht), { action: 'manage_mandates', service: null }), settings))
        .reason,
    ).toBe('no_relation');
  });
});

describe('check: ketenmachtiging (client → intermediary firm → its people)', () => {
  const taxService = service({ serviceId: 'aangifte', uplUri: 'upl:aangifte', requiredLoa: 'low' });
  const taxScope: MandateScope = { kind: 'service', organisationCode: 'GM0363', serviceId: 'aangifte' };
  for (const client of [person(sanne), business(kapsalon)]) {
    describe(`for a ${client.kind} client`, () => {
      const clientMandate = mandate({ mandator: client, mandatary: business(firm), scope: taxScope });
      const internal = mandate({ mandator: business(firm), mandatary: person(eva), scope: taxScope });
      const facts = factsFor(client, { mandates: [clientMandate, internal], functionaries: [functionary(firm, joost, 'sole')] });

      it("the firm's employee acts under its internal mandate, at the chain's level of assurance", () => {
        const d = allowed(check(facts, ask(forBusiness(eva, firm), client, { service: taxService, loa: 'substantial' }), settings));
        expect(d.basis).toEqual({
          kind: 'mandate',
          chain: [
            { kind: 'mandate', mandateId: clientMandate.id, mandator: client, mandatary: business(firm) },
            { kind: 'mandate', mandateId: internal.id, mandator: business(firm), mandatary: person(eva) },
          ],
        });
        expect(d.requiredLoa).toBe('substantial');
        expect(check(facts, ask(forBusiness(eva, firm), client, { service: taxService, loa: 'low' }), settings)).toEqual({
          allow: false,
          reason: 'loa_too_low',
          requiredLoa: 'substantial',
        });
        expect(allowed(check(facts, ask(forBusiness(eva, firm), client, { service: taxService, loa: 'low' }), lenient)).requiredLoa).toBe(
          'low',
        );
      });

      it("a functionary of the firm acts by the firm's authority", () => {
        const d = allowed(check(facts, ask(forBusiness(joost, firm), client, { service: taxService }), settings));
        expect(d.basis).toEqual({
          kind: 'mandate',
          chain: [
            { kind: 'mandate', mandateId: clientMandate.id, mandator: client, mandatary: business(firm) },
            { kind: 'functionary', kvkNumber: firm, role: 'bestuurder', authority: 'sole' },
          ],
        });
      });

      it("an internal mandate without the client's mandate allows nothing", () => {
        const without = { ...facts, mandates: [internal] };
        expect(check(without, ask(forBusiness(eva, firm), client, { service: taxService }), settings)).toEqual({
          allow: false,
          reason: 'no_relation',
        });
        expect(check(without, ask(forBusiness(joost, firm), client, { service: taxService }), settings)).toEqual({
          allow: false,
          reason: 'no_relation',
        });
      });

      it("the client's mandate to another firm tells nothing about this firm's people", () => {
        const elsewhere = { ...facts, mandates: [{ ...clientMandate, mandatary: business(otherFirm) }, internal] };
        expect(check(elsewhere, ask(forBusiness(eva, firm), client, { service: taxService }), settings)).toEqual({
          allow: false,
          reason: 'no_relation',
        });
      });

      it('the internal mandate never reaches beyond the client mandate, nor beyond itself', () => {
        const wide = { ...internal, scope: { kind: 'product', uplUri: 'upl:aangifte' } as const };
        const other = service({ serviceId: 'other', uplUri: 'upl:aangifte' });
        // the internal mandate covers `other` (same product), the client's mandate does not
        expect(
          denied(check({ ...facts, mandates: [clientMandate, wide] }, ask(forBusiness(eva, firm), client, { service: other }), settings)),
        ).toMatchObject({
          reason: 'out_of_scope',
          mandateId: clientMandate.id,
        });
        // the client's mandate covers the product, the internal mandate only one service
        const wideClient = { ...clientMandate, scope: { kind: 'product', uplUri: 'upl:aangifte' } as const };
        expect(
          denied(check({ ...facts, mandates: [wideClient, internal] }, ask(forBusiness(eva, firm), client, { service: other }), settings)),
        ).toMatchObject({
          reason: 'out_of_scope',
          mandateId: internal.id,
        });
      });

      it("an ended client mandate is told to the firm's people; the internal mandate's own level of assurance counts", () => {
        const ended = { ...clientMandate, status: 'ended' as const, endedAt: '2026-06-01T08:00:00.000Z' };
        expect(
          check({ ...facts, mandates: [ended, internal] }, ask(forBusiness(eva, firm), client, { service: taxService }), settings),
        ).toEqual({
          allow: false,
          reason: 'mandate_ended',
          mandateId: clientMandate.id,
        });
        const strictInternal = { ...internal, minLoa: 'high' as const };
        expect(
          check(
            { ...facts, mandates: [clientMandate, strictInternal] },
            ask(forBusiness(eva, firm), client, { service: taxService }),
            settings,
          ),
        ).toEqual({
          allow: false,
          reason: 'loa_too_low',
          requiredLoa: 'high',
        });
      });

      it('of several internal mandates, the one asking the lowest level of assurance counts, in any order', () => {
        const strictInternal = { ...internal, id: 'm-internal-high', minLoa: 'high' as const };
        for (const mandates of [
          [clientMandate, strictInternal, internal],
          [clientMandate, internal, strictInternal],
        ]) {
          const d = allowed(
            check({ ...facts, mandates }, ask(forBusiness(eva, firm), client, { service: taxService, loa: 'substantial' }), settings),
          );
          expect(mandateIdsOf(d.basis)).toEqual([clientMandate.id, internal.id]);
          expect(d.requiredLoa).toBe('substantial');
        }
      });

      it("logged in for another business, the firm's employee does not act for the client", () => {
        expect(denied(check(facts, ask(forBusiness(eva, otherFirm), client, { service: taxService }), settings)).reason).toBe(
          'no_relation',
        );
      });
    });
  }

  it('a chain never comes back to the client: a person logged in for their firm does not act for themself through it', () => {
    const own = mandate({ mandator: person(eva), mandatary: business(firm), scope: taxScope });
    const internal = mandate({ mandator: business(firm), mandatary: person(eva), scope: taxScope });
    const facts = factsFor(person(eva), { mandates: [own, internal], functionaries: [functionary(firm, eva, 'sole')] });
    expect(denied(check(facts, ask(forBusiness(eva, firm), person(eva), { service: taxService }), settings)).reason).toBe('no_relation');
    expect(denied(check(facts, ask(forBusiness(eva, firm), person(eva), { action: 'view', service: null }), settings)).reason).toBe(
      'no_relation',
    );
    // in person (DigiD) she acts for herself as ever
    expect(allowed(check(facts, ask(inPerson(eva), person(eva), { service: taxService }), settings)).basis).toEqual({ kind: 'self' });
  });

  it('mandates between firms in a circle, or to oneself, give no chain', () => {
    const a = business(firm);
    const b = business(otherFirm);
    const facts = factsFor(a, {
      mandates: [
        mandate({ mandator: a, mandatary: b }),
        mandate({ mandator: b, mandatary: a }),
        mandate({ mandator: a, mandatary: a }),
        mandate({ mandator: b, mandatary: b }),
      ],
      functionaries: [functionary(otherFirm, joost, 'sole')],
    });
    // Joost (of B) acts for A through A's mandate to B: one mandate and his own position, nothing more
    const d = allowed(check(facts, ask(forBusiness(joost, otherFirm), a), settings));
    expect(d.basis.kind === 'mandate' && d.basis.chain.map((l) => l.kind)).toEqual(['mandate', 'functionary']);
    // nobody acts for A by A's mandate to itself
    expect(check(facts, ask(forBusiness(sanne, firm), a), settings).allow).toBe(false);
  });
});

describe('check: voluntary mandates between persons', () => {
  const m = mandate({ mandator: person(sanne), mandatary: person(pieter) });
  const facts = factsFor(person(sanne), { mandates: [m] });

  it('the mandatary acts within the scope, in person only', () => {
    const d = allowed(check(facts, ask(inPerson(pieter), person(sanne)), settings));
    expect(d.basis).toEqual({
      kind: 'mandate',
      chain: [{ kind: 'mandate', mandateId: m.id, mandator: person(sanne), mandatary: person(pieter) }],
    });
    expect(d.requiredLoa).toBe('low');
    expect(denied(check(facts, ask(forBusiness(pieter, firm), person(sanne)), settings)).reason).toBe('no_relation');
    expect(denied(check(facts, ask(inPerson(kees), person(sanne)), settings)).reason).toBe('no_relation');
  });

  it("a mandate allows seeing the mandator's affairs in general, never managing their mandates", () => {
    expect(check(facts, ask(inPerson(pieter), person(sanne), { action: 'view', service: null }), settings).allow).toBe(true);
    expect(denied(check(facts, ask(inPerson(pieter), person(sanne), { action: 'manage_mandates', service: null }), settings)).reason).toBe(
      'no_relation',
    );
  });

  it('a service that is not mandatable refuses voluntary mandates; "not decided" counts as mandatable', () => {
    expect(check(facts, ask(inPerson(pieter), person(sanne), { service: service({ mandatable: false }) }), settings)).toEqual({
      allow: false,
      reason: 'not_mandatable',
      mandateId: m.id,
    });
    expect(check(facts, ask(inPerson(pieter), person(sanne), { service: service({ mandatable: null }) }), settings).allow).toBe(true);
  });

  it("a mandate's minimum level of assurance raises the service's; the service's own is never lowered", () => {
    const substantialService = service({ requiredLoa: 'substantial' });
    expect(check(facts, ask(inPerson(pieter), person(sanne), { service: substantialService, loa: 'low' }), settings)).toEqual({
      allow: false,
      reason: 'loa_too_low',
      requiredLoa: 'substantial',
    });
    const strict = factsFor(person(sanne), { mandates: [{ ...m, minLoa: 'high' }] });
    expect(check(strict, ask(inPerson(pieter), person(sanne), { service: substantialService, loa: 'substantial' }), settings)).toEqual({
      allow: false,
      reason: 'loa_too_low',
      requiredLoa: 'high',
    });
    expect(allowed(check(strict, ask(inPerson(pieter), person(sanne), { loa: 'high' }), settings)).requiredLoa).toBe('high');
  });

  it('with two mandates that would do, the lowest level that allows is the one asked for', () => {
    const high = { ...m, id: 'm-high', minLoa: 'high' as const };
    const substantial = { ...m, id: 'm-substantial', minLoa: 'substantial' as const };
    for (const mandates of [
      [high, substantial],
      [substantial, high],
    ]) {
      const f = factsFor(person(sanne), { mandates });
      expect(check(f, ask(inPerson(pieter), person(sanne), { loa: 'low' }), settings)).toEqual({
        allow: false,
        reason: 'loa_too_low',
        requiredLoa: 'substantial',
      });
      expect(allowed(check(f, ask(inPerson(pieter), person(sanne), { loa: 'substantial' }), settings)).basis).toMatchObject({
        chain: [{ mandateId: 'm-substantial' }],
      });
    }
  });
});

describe('check: scope kinds', () => {
  const run = (scope: MandateScope, s: ServiceFacts): Decision =>
    check(
      factsFor(person(sanne), { mandates: [mandate({ id: 'm-scope', mandator: person(sanne), mandatary: person(pieter), scope })] }),
      ask(inPerson(pieter), person(sanne), { service: s }),
      settings,
    );

  it('service: that one service of that organisation', () => {
    expect(run(parkingScope, parking).allow).toBe(true);
    expect(run(parkingScope, service({ organisationCode: 'GM0599' }))).toEqual({
      allow: false,
      reason: 'out_of_scope',
      mandateId: 'm-scope',
    });
    expect(run(parkingScope, service({ serviceId: 'ander' })).allow).toBe(false);
  });

  it('product: the UPL product at any organisation that offers it', () => {
    const scope: MandateScope = { kind: 'product', uplUri: parking.uplUri ?? '' };
    expect(run(scope, parking).allow).toBe(true);
    expect(run(scope, service({ organisationCode: 'GM0599', serviceId: 'parkeren-rotterdam' })).allow).toBe(true);
    expect(run(scope, service({ uplUri: 'upl:other' })).allow).toBe(false);
    expect(run(scope, service({ uplUri: null }))).toEqual({ allow: false, reason: 'out_of_scope', mandateId: 'm-scope' });
  });

  it("service_set: the services in that organisation's set", () => {
    const scope: MandateScope = { kind: 'service_set', organisationCode: 'GM0363', setId: 'belastingen' };
    expect(run(scope, service({ serviceSetIds: ['afval', 'belastingen'] })).allow).toBe(true);
    expect(run(scope, service({ serviceSetIds: ['afval'] })).allow).toBe(false);
    expect(run(scope, service({ organisationCode: 'GM0599', serviceSetIds: ['belastingen'] })).allow).toBe(false);
  });
});

describe('mandateStanding and the check at the edges of a mandate', () => {
  const base = mandate({
    id: 'm-edge',
    mandator: person(sanne),
    mandatary: person(pieter),
    validFrom: '2026-06-10',
    validUntil: '2026-06-20',
  });
  const run = (m: Mandate, at: At = now): Decision =>
    check(factsFor(person(sanne), { mandates: [m] }), ask(inPerson(pieter), person(sanne), { at }), settings);

  const cases: { name: string; m: Mandate; at?: At; standing: ReturnType<typeof mandateStanding> }[] = [
    { name: 'active, within its days', m: base, standing: 'in_force' },
    { name: 'awaiting signature', m: { ...base, status: 'awaiting_signature', acceptedAt: null }, standing: 'not_accepted' },
    { name: 'awaiting acceptance', m: { ...base, status: 'awaiting_acceptance', acceptedAt: null }, standing: 'not_accepted' },
    { name: 'declined', m: { ...base, status: 'declined' }, standing: 'declined' },
    { name: 'ended (status)', m: { ...base, status: 'ended', endedAt: '2026-06-14T10:00:00.000Z' }, standing: 'ended' },
    { name: 'ended at this very instant', m: { ...base, endedAt: now.instant }, standing: 'ended' },
    { name: 'ending a millisecond later', m: { ...base, endedAt: '2026-06-15T12:00:00.001Z' }, standing: 'in_force' },
    { name: 'starting on the day itself', m: { ...base, validFrom: today }, standing: 'in_force' },
    { name: 'starting tomorrow', m: { ...base, validFrom: '2026-06-16' }, standing: 'not_started' },
    { name: 'on its last day', m: { ...base, validUntil: today }, standing: 'in_force' },
    { name: 'the day after its last day', m: { ...base, validUntil: '2026-06-14' }, standing: 'expired' },
    {
      name: 'not accepted and past its days',
      m: { ...base, status: 'awaiting_acceptance', validUntil: '2026-06-01' },
      standing: 'not_accepted',
    },
  ];
  const reasonOf = {
    not_accepted: 'mandate_not_accepted',
    declined: 'mandate_declined',
    ended: 'mandate_ended',
    expired: 'mandate_expired',
    not_started: 'mandate_not_started',
  } as const;
  for (const c of cases) {
    it(`${c.name}: ${c.standing}`, () => {
      expect(mandateStanding(c.m, c.at ?? now)).toBe(c.standing);
      const d = run(c.m, c.at);
      if (c.standing === 'in_force') expect(allowed(d).basis).toMatchObject({ kind: 'mandate' });
      else expect(d).toEqual({ allow: false, reason: reasonOf[c.standing], mandateId: 'm-edge' });
    });
  }

  it('an end takes effect at once: the same mandate allows a moment before and not at the end', () => {
    const m = { ...base, endedAt: '2026-06-15T12:30:00.000Z' };
    expect(run(m, atDay(today, '12:29:59.999Z')).allow).toBe(true);
    expect(denied(run(m, atDay(today, '12:30:00.000Z'))).reason).toBe('mandate_ended');
  });
});

describe('nextStatus', () => {
  const table: Record<MandateStatus, Partial<Record<MandateEvent, MandateStatus>>> = {
    awaiting_signature: { sign: 'awaiting_acceptance', end: 'ended' },
    awaiting_acceptance: { accept: 'active', decline: 'declined', end: 'ended' },
    active: { end: 'ended' },
    declined: {},
    ended: {},
  };
  for (const status of mandateStatuses) {
    for (const event of mandateEvents) {
      const expected = table[status][event];
      it(`${status} + ${event} → ${expected ?? 'not allowed'}`, () => {
        expect(nextStatus(status, event)).toBe(expected);
      });
    }
  }
});

describe('grantProblems', () => {
  const input = { mandator: person(sanne), mandatary: person(pieter), validFrom: today, validUntil: '2027-06-15' };
  it('a sound mandate has no problems (a single day, and up to the latest day, are fine)', () => {
    expect(grantProblems(input, today, '2031-06-15')).toEqual([]);
    expect(grantProblems({ ...input, validUntil: today }, today, '2031-06-15')).toEqual([]);
    expect(grantProblems({ ...input, validUntil: '2031-06-15' }, today, '2031-06-15')).toEqual([]);
  });
  it('lists every problem', () => {
    expect(grantProblems({ ...input, mandatary: person(sanne) }, today, '2031-06-15')).toEqual(['self_mandate']);
    expect(grantProblems({ ...input, mandator: business(firm), mandatary: business(firm) }, today, '2031-06-15')).toEqual(['self_mandate']);
    expect(grantProblems({ ...input, mandatary: business(sanne) }, today, '2031-06-15')).toEqual([]);
    expect(grantProblems({ ...input, validUntil: '2026-06-14' }, today, '2031-06-15')).toEqual(['until_before_from']);
    expect(grantProblems({ ...input, validFrom: '2026-06-14' }, today, '2031-06-15')).toEqual(['from_in_past']);
    expect(grantProblems({ ...input, validUntil: '2031-06-16' }, today, '2031-06-15')).toEqual(['too_long']);
    expect(
      grantProblems(
        { mandator: person(sanne), mandatary: person(sanne), validFrom: '2026-06-01', validUntil: '2026-05-01' },
        today,
        '2026-04-01',
      ),
    ).toEqual(['self_mandate', 'until_before_from', 'from_in_past', 'too_long']);
  });
});

describe('maxLoa and scopeCovers', () => {
  it('maxLoa takes the highest, low when none', () => {
    expect(maxLoa()).toBe('low');
    expect(maxLoa('substantial', 'low')).toBe('substantial');
    expect(maxLoa('low', 'high', 'substantial')).toBe('high');
  });
  it('scopeCovers compares organisation, service, product and set', () => {
    expect(scopeCovers(parkingScope, parking)).toBe(true);
    expect(scopeCovers({ kind: 'service_set', organisationCode: 'GM0363', setId: 'x' }, service({ serviceSetIds: ['x'] }))).toBe(true);
    expect(scopeCovers({ kind: 'product', uplUri: 'upl:x' }, service({ uplUri: null }))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

// Small pools, so that random relations meet the subject and the actor often.
const bsns = ['100000001', '100000002', '100000003', '100000004'] as const;
const kvks = ['90000011', '90000012', '90000013'] as const;
const orgs = ['GM0363', 'GM0599'] as const;
const serviceIds = ['s1', 's2'] as const;
const upls = ['upl:a', 'upl:b'] as const;
const sets = ['set1', 'set2'] as const;
const DAY0 = toDayNumber('2026-06-15' as IsoDate);

const dayArb = fc.integer({ min: DAY0 - 12, max: DAY0 + 12 }).map((n) => fromDayNumber(n) as string);
const timeArb = fc.constantFrom('08:00:00.000Z', '12:00:00.000Z', '16:00:00.000Z');
const atArb: fc.Arbitrary<At> = fc.tuple(dayArb, timeArb).map(([d, t]) => atDay(d, t));
const loaArb = fc.constantFrom(...levelsOfAssurance);
const personArb = fc.constantFrom(...bsns).map(person);
const businessArb = fc.constantFrom(...kvks).map(business);
const partyArb = fc.oneof(personArb, businessArb);
const actorArb: fc.Arbitrary<Actor> = fc.record({
  bsn: fc.constantFrom(...bsns),
  business: fc.option(fc.constantFrom(...kvks), { nil: null }),
});
const settingsArb: fc.Arbitrary<CheckSettings> = fc.record({ chainMinimumLoa: loaArb, legalMinimumLoa: loaArb });
const actingActions = actions.filter((a) => a !== 'manage_mandates');

const scopeArb: fc.Arbitrary<MandateScope> = fc.oneof(
  fc.record({
    kind: fc.constant('service' as const),
    organisationCode: fc.constantFrom(...orgs),
    serviceId: fc.constantFrom(...serviceIds),
  }),
  fc.record({ kind: fc.constant('product' as const), uplUri: fc.constantFrom(...upls) }),
  fc.record({ kind: fc.constant('service_set' as const), organisationCode: fc.constantFrom(...orgs), setId: fc.constantFrom(...sets) }),
);
const serviceArb: fc.Arbitrary<ServiceFacts> = fc.record({
  organisationCode: fc.constantFrom(...orgs),
  serviceId: fc.constantFrom(...serviceIds),
  uplUri: fc.option(fc.constantFrom(...upls), { nil: null, freq: 4 }),
  mandatable: fc.constantFrom(true, true, true, null, false),
  requiredLoa: fc.option(loaArb, { nil: null }),
  matter: fc.constantFrom('financial' as const, 'personal' as const, null),
  serviceSetIds: fc.subarray([...sets]),
});

const statusArb: fc.Arbitrary<MandateStatus> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('active' as const) },
  { weight: 3, arbitrary: fc.constantFrom(...mandateStatuses) },
);
/** Scopes that often cover the service (when there is one). */
const scopeNearArb = (s: ServiceFacts | null): fc.Arbitrary<MandateScope> => {
  if (s === null) return scopeArb;
  const covering: MandateScope[] = [
    { kind: 'service', organisationCode: s.organisationCode, serviceId: s.serviceId },
    ...(s.uplUri === null ? [] : [{ kind: 'product' as const, uplUri: s.uplUri }]),
    ...s.serviceSetIds.map((setId) => ({ kind: 'service_set' as const, organisationCode: s.organisationCode, setId })),
  ];
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...covering) }, { weight: 1, arbitrary: scopeArb });
};

/** A mandate, often from `from` (the subject) and often to `to` (the acting person or their firm); ids are given later. */
const rawMandateArb = (from: Party, to: readonly Party[], s: ServiceFacts | null = null): fc.Arbitrary<Omit<Mandate, 'id'>> =>
  fc
    .record({
      mandator: fc.oneof(
        { weight: 3, arbitrary: fc.constant(from) },
        { weight: 2, arbitrary: businessArb },
        { weight: 1, arbitrary: partyArb },
      ),
      mandatary: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...to) },
        { weight: 2, arbitrary: businessArb },
        { weight: 1, arbitrary: partyArb },
      ),
      scope: scopeNearArb(s),
      validFrom: dayArb,
      length: fc.integer({ min: -2, max: 24 }),
      minLoa: fc.constantFrom('low' as const, 'low' as const, 'substantial' as const, 'high' as const),
      status: statusArb,
      endedAt: fc.option(
        fc.tuple(dayArb, timeArb).map(([d, t]) => `${d}T${t}`),
        { nil: null, freq: 5 },
      ),
    })
    .map(({ length, validFrom, ...m }) => ({
      ...m,
      validFrom,
      validUntil: addDays(validFrom as IsoDate, length),
      grantedBy: m.mandator.kind === 'person' ? m.mandator.id : '100000001',
      secondSignatory: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      acceptedAt: null,
      endedBy: null,
    }));
const mandatesArb = (from: Party, to: readonly Party[], s: ServiceFacts | null): fc.Arbitrary<Mandate[]> =>
  fc
    .array(fc.tuple(rawMandateArb(from, to, s), fc.boolean()), { maxLength: 10 })
    // Some come with their reverse, so that cycles (A→B and B→A) are common.
    .map((pairs) => pairs.flatMap(([m, reverse]) => (reverse ? [m, { ...m, mandator: m.mandatary, mandatary: m.mandator }] : [m])))
    .map((ms) => ms.map((m, i) => ({ ...m, id: `m${String(i)}` })));

const functionaryArb: fc.Arbitrary<Functionary> = fc.record({
  kvkNumber: fc.constantFrom(...kvks),
  personBsn: fc.constantFrom(...bsns),
  role: fc.constantFrom('bestuurder', 'gevolmachtigde'),
  authority: fc.constantFrom<FunctionaryAuthority>('sole', 'joint', 'limited'),
  validFrom: dayArb,
  validTo: fc.option(dayArb, { nil: null }),
});
const legalArb = (represented: string): fc.Arbitrary<LegalRepresentation> =>
  fc
    .record({
      representativeBsn: fc.constantFrom(...bsns),
      representedBsn: fc.oneof({ weight: 4, arbitrary: fc.constant(represented) }, { weight: 1, arbitrary: fc.constantFrom(...bsns) }),
      basis: fc.constantFrom('gezag' as const, ...courtRegistrationKinds),
      validFrom: dayArb,
      validTo: fc.option(dayArb, { nil: null }),
    })
    .map((r) => ({ ...r, covers: basisCovers[r.basis] }));

interface Scenario {
  facts: CheckFacts;
  request: CheckRequest;
  settings: CheckSettings;
}

/** Random facts about a random subject, and a random request for it. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(partyArb, actorArb, fc.option(serviceArb, { nil: null, freq: 5 }))
  .chain(([subject, actor, s]) =>
    fc
      .record({
        unknown: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
        endedOn: fc.option(dayArb, { nil: null, freq: 6 }),
        legal: subject.kind === 'person' ? fc.array(legalArb(subject.id), { maxLength: 3 }) : fc.constant([]),
        functionaries: fc.array(functionaryArb, { maxLength: 5 }),
        mandates: mandatesArb(subject, [person(actor.bsn), ...(actor.business === null ? [] : [business(actor.business)])], s),
        action: fc.constantFrom(...actions),
        at: atArb,
        loa: loaArb,
        settings: settingsArb,
      })
      .map(({ unknown, endedOn, legal, functionaries, mandates, action, at, loa, settings: st }) => ({
        facts: { subject: unknown ? null : { party: subject, endedOn }, legal, functionaries, mandates },
        request: { actor, subject, action, service: action === 'manage_mandates' ? null : s, at, loa },
        settings: st,
      })),
  );

/** Days around `day`: mostly a period that holds it, sometimes one that ended or has not begun. */
const periodAroundArb = (day: string): fc.Arbitrary<{ validFrom: string; validUntil: string }> =>
  fc.tuple(fc.integer({ min: -10, max: 2 }), fc.integer({ min: -2, max: 10 })).map(([from, until]) => ({
    validFrom: addDays(day as IsoDate, from),
    validUntil: addDays(day as IsoDate, Math.max(from, until)),
  }));

/** Facts around an intermediary firm: the subject's mandates to it, its internal mandates to the actor, its functionaries. */
const firmScenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(partyArb, fc.constantFrom(...bsns), fc.constantFrom(...kvks), fc.option(serviceArb, { nil: null, freq: 4 }), atArb)
  .filter(([subject, , firmKvk]) => !sameParty(subject, business(firmKvk)))
  .chain(([subject, actorBsn, firmKvk, s, at]) => {
    const around = (from: Party, to: Party): fc.Arbitrary<Omit<Mandate, 'id'>> =>
      fc
        .tuple(rawMandateArb(from, [to], s), periodAroundArb(at.day))
        .map(([m, period]) => ({ ...m, ...period, mandator: from, mandatary: to }));
    return fc
      .record({
        client: fc.array(around(subject, business(firmKvk)), { minLength: 1, maxLength: 3 }),
        internal: fc.array(around(business(firmKvk), person(actorBsn)), { minLength: 1, maxLength: 3 }),
        noise: fc.array(rawMandateArb(subject, [person(actorBsn), business(firmKvk)], s), { maxLength: 3 }),
        functionaries: fc.array(
          functionaryArb.map((f) => ({ ...f, kvkNumber: firmKvk })),
          { maxLength: 2 },
        ),
        login: fc.oneof(
          { weight: 5, arbitrary: fc.constant<string | null>(firmKvk) },
          { weight: 2, arbitrary: fc.constant(null) },
          { weight: 2, arbitrary: fc.constantFrom<string | null>(...kvks) },
        ),
        action: fc.constantFrom(...actingActions),
        loa: fc.constantFrom('substantial' as const, 'high' as const, 'high' as const, 'low' as const),
        settings: settingsArb,
      })
      .map(({ client, internal, noise, functionaries, login, action, loa, settings: st }) => ({
        facts: factsFor(subject, {
          functionaries,
          mandates: [...client, ...internal, ...noise].map((m, i) => ({ ...m, id: `f${String(i)}` })),
        }),
        request: { actor: { bsn: actorBsn, business: login }, subject, action, service: s, at, loa },
        settings: st,
      }));
  });

const anyScenarioArb = fc.oneof(scenarioArb, firmScenarioArb);

const isSelf = (r: CheckRequest): boolean => r.subject.kind === 'person' && r.subject.id === r.actor.bsn && r.actor.business === null;

/** The parties a chain passes, from the subject to the acting person. */
function chainPath(subject: Party, actor: Actor, chain: readonly ChainLink[]): Party[] {
  const path: Party[] = [subject];
  for (const link of chain) path.push(link.kind === 'mandate' ? link.mandatary : person(actor.bsn));
  return path;
}

describe('properties of check', () => {
  it('an ended, expired, not-yet-started, unaccepted, declined or out-of-scope mandate never allows (and the same mandate in force does)', () => {
    const alterations = [
      'awaiting_signature',
      'awaiting_acceptance',
      'declined',
      'ended_status',
      'ended_at',
      'not_started',
      'expired',
      'out_of_scope',
      'not_mandatable',
    ] as const;
    const expected = {
      awaiting_signature: 'mandate_not_accepted',
      awaiting_acceptance: 'mandate_not_accepted',
      declined: 'mandate_declined',
      ended_status: 'mandate_ended',
      ended_at: 'mandate_ended',
      not_started: 'mandate_not_started',
      expired: 'mandate_expired',
      out_of_scope: 'out_of_scope',
      not_mandatable: 'not_mandatable',
    } as const;
    fc.assert(
      fc.property(
        fc.record({
          subject: partyArb,
          actorBsn: fc.constantFrom(...bsns),
          route: fc.constantFrom('direct', 'employee', 'firm_functionary', 'firm_internal'),
          inPersonLogin: fc.boolean(),
          alteration: fc.constantFrom(...alterations),
          service: serviceArb.map((s) => ({ ...s, mandatable: s.mandatable === false ? null : s.mandatable })),
          coverKind: fc.constantFrom('service', 'product', 'service_set'),
          otherScope: scopeArb,
          at: atArb,
          before: fc.integer({ min: 0, max: 30 }),
          after: fc.integer({ min: 0, max: 30 }),
          shift: fc.integer({ min: 1, max: 30 }),
          minLoa: loaArb,
          action: fc.constantFrom(...actingActions),
          settings: settingsArb,
          noise: fc.array(functionaryArb, { maxLength: 2 }),
        }),
        (g) => {
          const { subject, at } = g;
          fc.pre(!(subject.kind === 'person' && subject.id === g.actorBsn));
          const route = g.route === 'employee' && subject.kind === 'person' ? 'direct' : g.route;
          const firmKvk = kvks.find((k) => !(subject.kind === 'business' && subject.id === k)) ?? kvks[0];
          // A scope that covers the service.
          const s = g.service;
          const covering: MandateScope =
            g.coverKind === 'product' && s.uplUri !== null
              ? { kind: 'product', uplUri: s.uplUri }
              : g.coverKind === 'service_set' && s.serviceSetIds[0] !== undefined
                ? { kind: 'service_set', organisationCode: s.organisationCode, setId: s.serviceSetIds[0] }
                : { kind: 'service', organisationCode: s.organisationCode, serviceId: s.serviceId };
          const good = mandate({
            id: 'm-client',
            mandator: subject,
            mandatary: route === 'direct' || route === 'employee' ? person(g.actorBsn) : business(firmKvk),
            scope: covering,
            validFrom: addDays(at.day as IsoDate, -g.before),
            validUntil: addDays(at.day as IsoDate, g.after),
            minLoa: g.minLoa,
          });
          const actor: Actor =
            route === 'direct'
              ? inPerson(g.actorBsn)
              : route === 'employee'
                ? forBusiness(g.actorBsn, subject.id)
                : g.inPersonLogin
                  ? inPerson(g.actorBsn)
                  : forBusiness(g.actorBsn, firmKvk);
          const inside =
            route === 'firm_functionary'
              ? { functionaries: [functionary(firmKvk, g.actorBsn, 'sole')], mandates: [] }
              : route === 'firm_internal'
                ? {
                    functionaries: [],
                    mandates: [
                      mandate({
                        id: 'm-internal',
                        mandator: business(firmKvk),
                        mandatary: person(g.actorBsn),
                        scope: covering,
                        validFrom: good.validFrom,
                        validUntil: good.validUntil,
                      }),
                    ],
                  }
                : { functionaries: [], mandates: [] };
          // Functionaries of other businesses than the subject, and none for the actor in the subject business.
          const noise = g.noise.filter((f) => !(subject.kind === 'business' && f.kvkNumber === subject.id) && f.kvkNumber !== firmKvk);
          const build = (m: Mandate): CheckFacts =>
            factsFor(subject, { functionaries: [...noise, ...inside.functionaries], mandates: [m, ...inside.mandates] });
          const request = ask(actor, subject, { action: g.action, service: s, at, loa: 'high' });

          // In force, it allows, and the decision names it.
          const before = allowed(check(build(good), request, g.settings));
          expect(mandateIdsOf(before.basis)[0]).toBe('m-client');

          // Altered in one way, it never allows, and the reason says why.
          const instantBefore = (n: number): string => `${addDays(at.day as IsoDate, -n)}T${at.instant.slice(11)}`;
          let bad: Mandate = good;
          let badService: ServiceFacts = s;
          switch (g.alteration) {
            case 'awaiting_signature':
            case 'awaiting_acceptance':
            case 'declined':
              bad = { ...good, status: g.alteration };
              break;
            case 'ended_status':
              bad = { ...good, status: 'ended', endedAt: instantBefore(g.before) };
              break;
            case 'ended_at':
              bad = { ...good, endedAt: instantBefore(g.before % 2) };
              break;
            case 'not_started':
              bad = { ...good, validFrom: addDays(at.day as IsoDate, g.shift), validUntil: addDays(at.day as IsoDate, g.shift + g.after) };
              break;
            case 'expired':
              bad = {
                ...good,
                validFrom: addDays(at.day as IsoDate, -g.shift - g.before),
                validUntil: addDays(at.day as IsoDate, -g.shift),
              };
              break;
            case 'out_of_scope':
              fc.pre(!scopeCovers(g.otherScope, s));
              bad = { ...good, scope: g.otherScope };
              break;
            case 'not_mandatable':
              badService = { ...s, mandatable: false };
              break;
          }
          const after = check(build(bad), { ...request, service: badService }, g.settings);
          expect(after).toEqual({ allow: false, reason: expected[g.alteration], mandateId: 'm-client' });
        },
      ),
      { numRuns: 600 },
    );
  });

  it('in random facts, every mandate a decision names is in force, covers the service and the service is mandatable', () => {
    fc.assert(
      fc.property(anyScenarioArb, ({ facts, request, settings: st }) => {
        const d = check(facts, request, st);
        if (!d.allow) return;
        for (const id of mandateIdsOf(d.basis)) {
          const m = facts.mandates.find((x) => x.id === id);
          expect(m).toBeDefined();
          expect(mandateStanding(m!, request.at)).toBe('in_force');
          if (request.service) {
            expect(scopeCovers(m!.scope, request.service)).toBe(true);
            expect(request.service.mandatable).not.toBe(false);
          }
        }
        if (d.basis.kind === 'mandate') expect(request.action).not.toBe('manage_mandates');
      }),
      { numRuns: 800 },
    );
  });

  it('a minor who turns 18 is no longer represented by gezag, for any birth date (29 February too)', () => {
    const child = '100000009';
    const birthArb = fc.oneof(
      fc
        .integer({ min: toDayNumber('1990-01-01' as IsoDate), max: toDayNumber('2025-12-31' as IsoDate) })
        .map((n) => fromDayNumber(n) as string),
      fc.integer({ min: 497, max: 506 }).map((n) => `${String(n * 4)}-02-29`),
    );
    fc.assert(
      fc.property(
        fc.record({
          birthDate: birthArb,
          holder: fc.constantFrom(...bsns),
          others: fc.array(
            fc.record({
              holderBsn: fc.constantFrom(...bsns),
              kind: fc.constantFrom('parent' as const, 'guardian' as const),
              from: fc.integer({ min: -400, max: 8000 }),
              to: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
            }),
            { maxLength: 3 },
          ),
          afterBirthday: fc.integer({ min: 0, max: 4000 }),
          beforeBirthday: fc.integer({ min: 1, max: 2000 }),
          action: fc.constantFrom(...actions),
          service: fc.option(serviceArb, { nil: null }),
          settings: settingsArb,
        }),
        (g) => {
          const adult = adulthoodDate(g.birthDate);
          const authorities: Authority[] = [
            { childBsn: child, holderBsn: g.holder, kind: 'parent', validFrom: g.birthDate, validTo: null },
            ...g.others.map((o) => {
              const validFrom = addDays(g.birthDate as IsoDate, o.from) as string;
              return {
                childBsn: child,
                holderBsn: o.holderBsn,
                kind: o.kind,
                validFrom,
                validTo: o.to === null ? null : addDays(validFrom as IsoDate, o.to),
              };
            }),
          ];
          const facts = factsFor(person(child), {
            legal: allLegalRepresentations({ bsn: child, birthDate: g.birthDate, deathDate: null }, authorities, []),
          });
          const service = g.action === 'manage_mandates' ? null : g.service;
          // On and after the 18th birthday: nobody, whatever the gezag records say.
          for (const actor of [g.holder, ...g.others.map((o) => o.holderBsn)]) {
            const day = addDays(adult as IsoDate, g.afterBirthday) as string;
            const d = check(
              facts,
              ask(inPerson(actor), person(child), { action: g.action, service, at: atDay(day), loa: 'high' }),
              g.settings,
            );
            expect(d.allow).toBe(false);
          }
          // The day before it, and earlier, the parent with gezag since birth represents the child.
          const earlier = addDays(
            adult as IsoDate,
            -Math.min(g.beforeBirthday, toDayNumber(adult as IsoDate) - toDayNumber(g.birthDate as IsoDate)),
          ) as string;
          for (const day of [addDays(adult as IsoDate, -1) as string, earlier]) {
            const d = check(
              facts,
              ask(inPerson(g.holder), person(child), { action: 'view', service: null, at: atDay(day), loa: 'high' }),
              g.settings,
            );
            expect(allowed(d).basis).toMatchObject({ kind: 'legal', basis: 'gezag' });
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a mandate never grants more than its mandator has: the firm's employee only within the firm's own reach", () => {
    let employeeChains = 0;
    const boss = '100000099';
    fc.assert(
      fc.property(anyScenarioArb, ({ facts, request, settings: st }) => {
        const d = check(facts, request, st);
        if (!d.allow || d.basis.kind !== 'mandate' || d.basis.chain.length < 2) return;
        const [clientLink, inner] = d.basis.chain;
        if (clientLink?.kind !== 'mandate' || inner?.kind !== 'mandate') return;
        employeeChains++;
        const firmParty = clientLink.mandatary;
        expect(firmParty.kind).toBe('business');
        expect(sameParty(inner.mandator, firmParty)).toBe(true);
        // The client's mandate is the subject's, in force, covering the service.
        const client = facts.mandates.find((m) => m.id === clientLink.mandateId)!;
        expect(sameParty(client.mandator, request.subject)).toBe(true);
        expect(mandateStanding(client, request.at)).toBe('in_force');
        if (request.service) expect(scopeCovers(client.scope, request.service)).toBe(true);
        // The firm itself (one of its sole functionaries, logged in for it) may do the same, at no higher level.
        const asFirm = check(
          { ...facts, functionaries: [...facts.functionaries, functionary(firmParty.id, boss, 'sole', { validFrom: '2000-01-01' })] },
          { ...request, actor: forBusiness(boss, firmParty.id) },
          st,
        );
        expect(loaIndex(allowed(asFirm).requiredLoa)).toBeLessThanOrEqual(loaIndex(d.requiredLoa));
        // Without the client's mandates to the firm, the employee has nothing through the firm.
        const without = check(
          {
            ...facts,
            mandates: facts.mandates.filter((m) => !(sameParty(m.mandator, request.subject) && sameParty(m.mandatary, firmParty))),
          },
          request,
          st,
        );
        const throughFirm =
          without.allow &&
          without.basis.kind === 'mandate' &&
          without.basis.chain.some((l) => l.kind === 'mandate' && sameParty(l.mandatary, firmParty));
        expect(throughFirm).toBe(false);
        // And without any of the subject's mandates to businesses, no chain at all.
        const noClient = check(
          {
            ...facts,
            mandates: facts.mandates.filter((m) => !(sameParty(m.mandator, request.subject) && m.mandatary.kind === 'business')),
          },
          request,
          st,
        );
        expect(noClient.allow && noClient.basis.kind === 'mandate' && noClient.basis.chain.length > 1).toBe(false);
      }),
      { numRuns: 2500 },
    );
    expect(employeeChains).toBeGreaterThan(30);
  });

  it('chains never loop: every chain starts at the subject, ends at the actor, passes each party once and has at most 3 links', () => {
    let chains = 0;
    fc.assert(
      fc.property(anyScenarioArb, ({ facts, request, settings: st }) => {
        const d = check(facts, request, st);
        if (!d.allow || d.basis.kind !== 'mandate') return;
        chains++;
        const chain = d.basis.chain;
        expect(chain.length).toBeGreaterThanOrEqual(1);
        expect(chain.length).toBeLessThanOrEqual(3);
        const first = chain[0]!;
        expect(first.kind === 'mandate' && sameParty(first.mandator, request.subject)).toBe(true);
        // each link starts where the one before ended
        for (let i = 1; i < chain.length; i++) {
          const prev = chain[i - 1]!;
          const link = chain[i]!;
          expect(prev.kind).toBe('mandate');
          if (prev.kind !== 'mandate') continue;
          const from = link.kind === 'mandate' ? link.mandator : business(link.kvkNumber);
          expect(sameParty(from, prev.mandatary)).toBe(true);
        }
        const last = chain[chain.length - 1]!;
        if (last.kind === 'mandate') expect(sameParty(last.mandatary, person(request.actor.bsn))).toBe(true);
        const path = chainPath(request.subject, request.actor, chain);
        expect(new Set(path.map(partyKey)).size).toBe(path.length);
      }),
      { numRuns: 1500 },
    );
    expect(chains).toBeGreaterThan(20);
  });

  it('the level of assurance is never lowered by acting for someone', () => {
    fc.assert(
      fc.property(anyScenarioArb, ({ facts, request, settings: st }) => {
        const d = check(facts, request, st);
        const serviceLoa = request.service?.requiredLoa ?? 'low';
        const own = check(facts, { ...request, actor: inPerson(request.actor.bsn), subject: person(request.actor.bsn) }, st);
        if (d.allow) {
          expect(loaIndex(d.requiredLoa)).toBeGreaterThanOrEqual(loaIndex(serviceLoa));
          expect(loaAtLeast(request.loa, d.requiredLoa)).toBe(true);
          // acting for someone never needs less than acting for oneself in the same service
          const ownNeed = own.requiredLoa;
          expect(ownNeed).toBeDefined();
          expect(loaIndex(d.requiredLoa)).toBeGreaterThanOrEqual(loaIndex(ownNeed!));
          // what the basis asks on top
          if (d.basis.kind === 'legal') expect(loaIndex(d.requiredLoa)).toBeGreaterThanOrEqual(loaIndex(st.legalMinimumLoa));
          if (d.basis.kind === 'mandate') {
            if (d.basis.chain.length > 1) expect(loaIndex(d.requiredLoa)).toBeGreaterThanOrEqual(loaIndex(st.chainMinimumLoa));
            for (const id of mandateIdsOf(d.basis)) {
              const m = facts.mandates.find((x) => x.id === id)!;
              expect(loaIndex(d.requiredLoa)).toBeGreaterThanOrEqual(loaIndex(m.minLoa));
            }
          }
          // a higher level never takes an allow away
          for (const higher of levelsOfAssurance.filter((l) => loaIndex(l) > loaIndex(request.loa))) {
            expect(check(facts, { ...request, loa: higher }, st).allow).toBe(true);
          }
        } else if (d.reason === 'loa_too_low') {
          // the level named is the lowest that will do: below it no, at it yes
          const needed = d.requiredLoa!;
          expect(loaIndex(needed)).toBeGreaterThan(loaIndex(request.loa));
          expect(loaIndex(needed)).toBeGreaterThanOrEqual(loaIndex(serviceLoa));
          expect(allowed(check(facts, { ...request, loa: needed }, st)).requiredLoa).toBe(needed);
          const below = levelsOfAssurance[loaIndex(needed) - 1]!;
          expect(check(facts, { ...request, loa: below }, st).allow).toBe(false);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('determinism and monotonicity: the same facts give the same decision; an unrelated mandate changes nothing; the order of the facts changes nothing but the mandate named', () => {
    fc.assert(
      fc.property(
        anyScenarioArb,
        rawMandateArb(person(bsns[0]), [person(bsns[1]), business(kvks[0])]),
        ({ facts, request, settings: st }, extra) => {
          const d = check(facts, request, st);
          expect(check(facts, request, st)).toEqual(d);
          if (!d.allow) expect(denyReasons).toContain(d.reason);
          // An unrelated mandate: granted by someone else than the subject, and not an internal mandate of a firm the subject mandated.
          const firms = facts.mandates
            .filter((m) => sameParty(m.mandator, request.subject) && m.mandatary.kind === 'business')
            .map((m) => partyKey(m.mandatary));
          if (!sameParty(extra.mandator, request.subject) && !firms.includes(partyKey(extra.mandator))) {
            const more = { ...facts, mandates: [...facts.mandates, { ...extra, id: 'm-unrelated' }] };
            expect(check(more, request, st)).toEqual(d);
          }
          // Reversed facts: the same answer and reason (and level of assurance asked for).
          const reversed: CheckFacts = {
            ...facts,
            legal: [...facts.legal].reverse(),
            functionaries: [...facts.functionaries].reverse(),
            mandates: [...facts.mandates].reverse(),
          };
          const r = check(reversed, request, st);
          expect(r.allow).toBe(d.allow);
          if (!r.allow && !d.allow) {
            expect(r.reason).toBe(d.reason);
            expect(r.requiredLoa).toBe(d.requiredLoa);
          }
          if (r.allow && d.allow) expect(r.basis.kind === 'self').toBe(d.basis.kind === 'self');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('nobody but the person themself acts without a relation: empty facts deny everyone else', () => {
    fc.assert(
      fc.property(
        partyArb,
        actorArb,
        fc.constantFrom<Action>(...actions),
        fc.option(serviceArb, { nil: null }),
        atArb,
        loaArb,
        settingsArb,
        (subject, actor, action, s, at, loa, st) => {
          const request = ask(actor, subject, { action, service: s, at, loa });
          const d = check(factsFor(subject), request, st);
          if (isSelf(request)) expect(d.allow || d.reason === 'loa_too_low').toBe(true);
          else expect(d).toEqual({ allow: false, reason: 'no_relation' });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('check: the most telling reason', () => {
  it('names the end of the mandate for this service, not "out of scope" because of a mandate for another service', () => {
    const ended = mandate({
      id: 'ended-parking',
      mandator: person(sanne),
      mandatary: person(eva),
      scope: parkingScope,
      status: 'ended',
      endedAt: '2026-06-01T10:00:00.000Z',
    });
    const other = mandate({
      id: 'other-service',
      mandator: person(sanne),
      mandatary: person(eva),
      scope: { kind: 'service', organisationCode: 'GM0363', serviceId: 'hondenbelasting' },
    });
    for (const mandates of [
      [ended, other],
      [other, ended],
    ]) {
      const d = denied(check(factsFor(person(sanne), { mandates }), ask(inPerson(eva), person(sanne)), settings));
      expect(d.reason).toBe('mandate_ended');
      expect(d.mandateId).toBe('ended-parking');
    }
  });

  it('says "out of scope" when only mandates for other services exist, whatever their state', () => {
    const endedOther = mandate({
      id: 'ended-other',
      mandator: person(sanne),
      mandatary: person(eva),
      scope: { kind: 'service', organisationCode: 'GM0363', serviceId: 'hondenbelasting' },
      status: 'ended',
      endedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(denied(check(factsFor(person(sanne), { mandates: [endedOther] }), ask(inPerson(eva), person(sanne)), settings)).reason).toBe(
      'out_of_scope',
    );
  });
});
