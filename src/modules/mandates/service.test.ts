// Mandates on a real database (LOKET_TEST_DB=sqlite|postgres): granting, signing, accepting,
// declining, ending and expiry with their audit records and outbox events; the check for every
// kind of representation; acting options, overviews, the official's lookup and service sets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import type { Principal } from '../../platform/auth/index.ts';
import { sql } from '../../platform/db/index.ts';
import { EventBus } from '../../platform/events/index.ts';
import { newId } from '../../platform/ids/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { draftDescription, parseUplCsv, serviceTitle } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { importUpl } from '../catalog/service.ts';
import { insertServices } from '../catalog/store.ts';
import { openTestContext, publishServices, settableClock, type TestContext } from '../delivery/test-fixtures.ts';
import { addAuthority, addBusiness, addCourtRegistration, addOfficial, addPerson, bsnSeries } from '../registry/people/test-fixtures.ts';
import type { Party } from './model.ts';
import {
  actingOptions,
  authorizeActing,
  changeMandate,
  chooseActingFor,
  getMandate,
  grantMandate,
  listServiceSets,
  lookupForOfficial,
  myOverview,
  noticeExpiries,
  saveServiceSet,
  type ActingAuthorization,
} from './service.ts';
import {
  actingFor,
  activeMandate,
  amsterdam,
  businessPrincipal,
  castForMandates,
  grantBody,
  mandateRowCounts,
  mustChange,
  mustGrant,
  officialPrincipal,
  personPrincipal,
  rowCount,
  startDay,
  startInstant,
  testOrigin,
  trailOf,
  upl,
  type Cast,
  type TestService,
} from './test-fixtures.ts';

const clock = settableClock(startInstant);
let ctx: TestContext;
let cast: Cast;

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'mandates', clock);
  cast = await castForMandates(
    ctx,
    { addPerson, addAuthority, addCourtRegistration, addBusiness, addOfficial, bsnSeries },
    (organisation, uris) =>
      publishServices(ctx, { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices }, organisation, uris),
  );
}, 60_000);
afterAll(() => ctx.database.cleanup());
beforeEach(() => clock.set(startInstant));

const inAYear = '2027-12-01';
const serviceScope = (service: TestService) => ({ kind: 'service' as const, service });
const ref = (s: TestService) => ({ organisationCode: s.organisationCode, serviceId: s.serviceId });

/** The failure's code and status (the test fails when the result is a success). */
function refusal<T>(r: Result<T>): { code: string; status: number } {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 300)}`);
  return { code: r.failure.code, status: r.failure.status };
}

function allowed(r: Result<ActingAuthorization>): ActingAuthorization {
  if (!r.ok) throw new Error(`expected an allow, got ${JSON.stringify(r.failure)}`);
  return r.value;
}

const person = (who: { bsn: string; name: string }, loa?: 'low' | 'substantial' | 'high'): Principal => personPrincipal(who, loa);

async function act(
  principal: Principal,
  subject: Party | undefined,
  service: TestService | null,
  action: 'view' | 'apply' | 'read_case' = 'apply',
): Promise<Result<ActingAuthorization>> {
  return authorizeActing(ctx, principal, { action, service: service ? ref(service) : null, ...(subject ? { subject } : {}) });
}

// ---------------------------------------------------------------------------------------------
describe('granting a mandate', () => {
  it('person → person: the mandatary is found by BSN and surname, with or without the prefix', async () => {
    const { alice, bob } = cast.people;
    const view = await mustGrant(ctx, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    expect(view.mandate).toMatchObject({
      mandator: alice.party,
      mandatary: bob.party,
      scope: { kind: 'service', organisationCode: 'GM0363', serviceId: cast.services.parkingPermit.serviceId },
      validFrom: startDay,
      validUntil: inAYear,
      minLoa: 'low',
      status: 'awaiting_acceptance',
      grantedBy: alice.bsn,
      secondSignatory: null,
    });
    expect(view).toMatchObject({ mandatorName: 'Alice de Vries', mandataryName: 'Bob Bakker', scopeTitle: 'Parkeervergunning' });
    expect(view.standing).toBe('not_accepted');
    expect(await trailOf(ctx.database.db, view.mandate.id)).toEqual({ audit: ['mandates.granted'], events: ['mandate.granted'] });

    // A typo in the surname reaches no one.
    const wrong = await grantMandate(
      ctx,
      person(alice),
      {
        ...grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear),
        mandatary: { kind: 'person', bsn: bob.bsn, surname: 'Bakkers' },
      },
      testOrigin(),
    );
    expect(refusal(wrong)).toEqual({ code: 'mandates.unknown_mandatary', status: 400 });

    // Alice de Vries is found as "Vries", "de Vries" and "DE VRIES".
    for (const surname of ['Vries', 'de Vries', 'DE VRIES']) {
      const r = await grantMandate(
        ctx,
        person(bob),
        { ...grantBody(alice, serviceScope(cast.services.parkingPermit), inAYear), mandatary: { kind: 'person', bsn: alice.bsn, surname } },
        testOrigin(),
      );
      expect(r.ok, surname).toBe(true);
    }
  });

  it('person → business: the business accepts, through a functionary logged in for it', async () => {
    const { alice, soleOwner } = cast.people;
    const { soleBusiness } = cast.businesses;
    const view = await mustGrant(ctx, person(alice), grantBody(soleBusiness, serviceScope(cast.services.parkingExemption), inAYear));
    expect(view.mandate.mandatary).toEqual(soleBusiness.party);
    expect(view.mandataryName).toBe('Bakkerij Sol');
    expect(refusal(await changeMandate(ctx, person(alice), view.mandate.id, 'accept', testOrigin()))).toEqual({
      code: 'mandates.not_your_side',
      status: 403,
    });
    const accepted = await mustChange(ctx, businessPrincipal(soleBusiness, soleOwner), view.mandate.id, 'accept');
    expect(accepted.mandate.status).toBe('active');
    expect(accepted.mandate.acceptedAt).toBe(startInstant);
    // The owner, logged in for the bakery, now acts for Alice.
    const a = allowed(await act(businessPrincipal(soleBusiness, soleOwner), alice.party, cast.services.parkingExemption));
    expect(a.basis.kind).toBe('mandate');
    expect(a.onBehalfOf).toEqual({ type: 'person', id: alice.bsn, mandateId: view.mandate.id });
  });

  it('a functionary with sole authority grants alone: the mandate waits for acceptance', async () => {
    const { soleOwner, bob } = cast.people;
    const view = await mustGrant(
      ctx,
      businessPrincipal(cast.businesses.soleBusiness, soleOwner),
      grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear),
    );
    expect(view.mandate).toMatchObject({
      mandator: cast.businesses.soleBusiness.party,
      status: 'awaiting_acceptance',
      grantedBy: soleOwner.bsn,
    });
  });

  it('joint authority: the grant waits for a second functionary, who must be another person', async () => {
    const { jointFirst, jointSecond, bob } = cast.people;
    const { jointBusiness } = cast.businesses;
    const first = businessPrincipal(jointBusiness, jointFirst);
    const second = businessPrincipal(jointBusiness, jointSecond);
    const view = await mustGrant(ctx, first, grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    const id = view.mandate.id;
    expect(view.mandate.status).toBe('awaiting_signature');
    expect(view.may.sign).toBe(false); // not for the one who granted it

    // Not yet usable, and the mandatary cannot accept before the second signature.
    expect(refusal(await act(person(bob), jointBusiness.party, cast.services.parkingPermit))).toEqual({
      code: 'mandates.mandate_not_accepted',
      status: 403,
    });
    expect(refusal(await changeMandate(ctx, person(bob), id, 'accept', testOrigin()))).toEqual({
      code: 'mandates.transition_not_allowed',
      status: 409,
    });
    expect(refusal(await changeMandate(ctx, first, id, 'sign', testOrigin()))).toEqual({
      code: 'mandates.second_signatory_must_differ',
      status: 403,
    });
    expect(refusal(await changeMandate(ctx, person(bob), id, 'sign', testOrigin()))).toEqual({
      code: 'mandates.not_authorised_to_grant',
      status: 403,
    });
    const secondView = await getMandate(ctx, second, id);
    expect(secondView.ok && secondView.value.may.sign).toBe(true);

    const signed = await mustChange(ctx, second, id, 'sign');
    expect(signed.mandate).toMatchObject({ status: 'awaiting_acceptance', secondSignatory: jointSecond.bsn, grantedBy: jointFirst.bsn });
    expect(refusal(await changeMandate(ctx, second, id, 'sign', testOrigin()))).toEqual({
      code: 'mandates.transition_not_allowed',
      status: 409,
    });
    const accepted = await mustChange(ctx, person(bob), id, 'accept');
    expect(accepted.mandate.status).toBe('active');
    expect(allowed(await act(person(bob), jointBusiness.party, cast.services.parkingPermit)).basis.kind).toBe('mandate');
    expect(await trailOf(ctx.database.db, id)).toEqual({
      audit: ['mandates.granted', 'mandates.signed', 'mandates.accepted'],
      events: ['mandate.granted', 'mandate.signed', 'mandate.accepted'],
    });
  });

  it('only the mandatary side accepts or declines; anyone else does not see the mandate', async () => {
    const { alice, bob, carol } = cast.people;
    const view = await mustGrant(ctx, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    const id = view.mandate.id;
    for (const event of ['accept', 'decline'] as const)
      expect(refusal(await changeMandate(ctx, person(alice), id, event, testOrigin()))).toEqual({
        code: 'mandates.not_your_side',
        status: 403,
      });
    expect(refusal(await changeMandate(ctx, person(carol), id, 'accept', testOrigin()))).toEqual({
      code: 'mandates.not_found',
      status: 404,
    });
    const declined = await mustChange(ctx, person(bob), id, 'decline');
    expect(declined.mandate.status).toBe('declined');
    expect(declined.standing).toBe('declined');
    expect(refusal(await changeMandate(ctx, person(bob), id, 'accept', testOrigin()))).toEqual({
      code: 'mandates.transition_not_allowed',
      status: 409,
    });
    expect(refusal(await act(person(bob), alice.party, cast.services.parkingPermit))).toMatchObject({ status: 403 });
    expect(await trailOf(ctx.database.db, id)).toEqual({
      audit: ['mandates.granted', 'mandates.declined'],
      events: ['mandate.granted', 'mandate.declined'],
    });
  });

  it('either side can end a mandate, once; a third person cannot', async () => {
    const { alice, bob, carol } = cast.people;
    const body = grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear);
    const byMandator = await activeMandate(ctx, person(alice), person(bob), body);
    expect(refusal(await changeMandate(ctx, person(carol), byMandator.mandate.id, 'end', testOrigin()))).toEqual({
      code: 'mandates.not_found',
      status: 404,
    });
    const ended = await mustChange(ctx, person(alice), byMandator.mandate.id, 'end');
    expect(ended.mandate).toMatchObject({ status: 'ended', endedAt: startInstant, endedBy: alice.party });
    expect(refusal(await changeMandate(ctx, person(bob), byMandator.mandate.id, 'end', testOrigin()))).toEqual({
      code: 'mandates.transition_not_allowed',
      status: 409,
    });

    const byMandatary = await activeMandate(ctx, person(alice), person(bob), body);
    const endedByBob = await mustChange(ctx, person(bob), byMandatary.mandate.id, 'end');
    expect(endedByBob.mandate).toMatchObject({ status: 'ended', endedBy: bob.party });
    expect(await trailOf(ctx.database.db, byMandatary.mandate.id)).toEqual({
      audit: ['mandates.granted', 'mandates.accepted', 'mandates.ended'],
      events: ['mandate.granted', 'mandate.accepted', 'mandate.ended'],
    });
  });

  it('an ended mandate stops allowing at the same instant', async () => {
    // Erin and Dave have no other relation.
    const { erin: alice, dave: bob } = cast.people;
    const view = await activeMandate(ctx, person(alice), person(bob), grantBody(bob, serviceScope(cast.services.welfare), inAYear));
    const before = clock.now().toISOString();
    expect(allowed(await act(person(bob), alice.party, cast.services.welfare)).onBehalfOf).toEqual({
      type: 'person',
      id: alice.bsn,
      mandateId: view.mandate.id,
    });
    await mustChange(ctx, person(alice), view.mandate.id, 'end');
    expect(refusal(await act(person(bob), alice.party, cast.services.welfare))).toEqual({ code: 'mandates.mandate_ended', status: 403 });
    expect(clock.now().toISOString()).toBe(before);
  });

  it('expiry: after the last day the check denies, and both sides are told once', async () => {
    const { alice, dave } = cast.people;
    const lastDay = '2026-12-11';
    const view = await activeMandate(ctx, person(alice), person(dave), grantBody(dave, serviceScope(cast.services.dogTax), lastDay));
    const id = view.mandate.id;
    clock.set('2026-12-11T22:59:00Z'); // 23:59 in Amsterdam: still the last day
    expect(allowed(await act(person(dave), alice.party, cast.services.dogTax)).basis.kind).toBe('mandate');
    expect(await noticeExpiries(ctx, testOrigin())).toBe(0);

    clock.set('2026-12-11T23:01:00Z'); // 00:01 on 12 December in Amsterdam
    expect(refusal(await act(person(dave), alice.party, cast.services.dogTax))).toEqual({ code: 'mandates.mandate_expired', status: 403 });
    const told = await noticeExpiries(ctx, testOrigin());
    expect(told).toBeGreaterThanOrEqual(1);
    expect(await noticeExpiries(ctx, testOrigin())).toBe(0);
    expect(await trailOf(ctx.database.db, id)).toEqual({
      audit: ['mandates.granted', 'mandates.accepted', 'mandates.expired'],
      events: ['mandate.granted', 'mandate.accepted', 'mandate.expired'],
    });
    const payload = await sql<{ payload: string | Record<string, unknown> }>`
      select payload from event_outbox where type = 'mandate.expired' and aggregate_id = ${id}`.execute(ctx.database.db);
    const raw = payload.rows[0]?.payload;
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
    expect(parsed).toMatchObject({ mandateId: id, mandator: alice.party, mandatary: dave.party, validUntil: lastDay });
    // The overview shows it as expired.
    const overview = await myOverview(ctx, person(alice));
    expect(overview.ok && overview.value.granted.find((v) => v.mandate.id === id)?.standing).toBe('expired');
  });

  it('a state change and its audit record and event are one transaction', async () => {
    class BrokenOutbox extends EventBus {
      override emit(): Promise<string> {
        return Promise.reject(new Error('outbox unavailable'));
      }
    }
    const broken = { ...ctx, bus: new BrokenOutbox() };
    const { alice, bob } = cast.people;
    const before = await mandateRowCounts(ctx.database.db);
    await expect(
      grantMandate(broken, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear), testOrigin()),
    ).rejects.toThrow('outbox unavailable');
    expect(await mandateRowCounts(ctx.database.db)).toEqual(before);

    const view = await mustGrant(ctx, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    const counts = await mandateRowCounts(ctx.database.db);
    await expect(changeMandate(broken, person(bob), view.mandate.id, 'accept', testOrigin())).rejects.toThrow('outbox unavailable');
    expect(await mandateRowCounts(ctx.database.db)).toEqual(counts);
    const still = await getMandate(ctx, person(bob), view.mandate.id);
    expect(still.ok && still.value.mandate.status).toBe('awaiting_acceptance');
  });
});

// ---------------------------------------------------------------------------------------------
describe('a refused grant stores nothing', () => {
  let before: Record<string, number>;
  beforeEach(async () => {
    before = await mandateRowCounts(ctx.database.db);
  });
  const unchanged = async (): Promise<void> => expect(await mandateRowCounts(ctx.database.db)).toEqual(before);

  async function grantFails(body: unknown, principal?: Principal): Promise<{ code: string; names: string[]; codes: string[] }> {
    const r = await grantMandate(ctx, principal ?? person(cast.people.alice), body, testOrigin());
    if (r.ok) throw new Error('expected a refusal');
    expect(r.failure.status).toBe(400);
    const params = r.failure.invalidParams ?? [];
    return { code: r.failure.code, names: params.map((p) => p.name), codes: params.map((p) => p.code) };
  }

  it('lists every invalid field at once', async () => {
    const f = await grantFails({
      mandatary: { kind: 'person', bsn: '12', surname: '' },
      scope: { kind: 'service', organisationCode: '', serviceId: 'nope' },
      validFrom: '2026-02-30',
      validUntil: 'tomorrow',
      minLoa: 'ultra',
      colour: 'red',
    });
    expect(f.code).toBe('mandates.invalid_input');
    expect(f.names.sort()).toEqual(
      [
        'colour',
        'mandatary.bsn',
        'mandatary.surname',
        'minLoa',
        'scope.organisationCode',
        'scope.serviceId',
        'validFrom',
        'validUntil',
      ].sort(),
    );
    expect(f.codes).toContain('mandates.unknown_field');
    expect(f.codes).toContain('mandates.invalid_min_loa');
    const none = await grantFails({});
    expect(none.names.sort()).toEqual(['mandatary.kind', 'scope.kind', 'validUntil']);
    await unchanged();
  });

  it('refuses an unknown mandatary, an unknown service, a service that cannot be mandated and a mandate to oneself', async () => {
    const { alice, bob } = cast.people;
    const [stranger = ''] = bsnSeries(39_000_000, 1);
    const cases: [unknown, string][] = [
      [
        {
          ...grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear),
          mandatary: { kind: 'person', bsn: stranger, surname: 'Niemand' },
        },
        'mandates.unknown_mandatary',
      ],
      [
        { ...grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear), mandatary: { kind: 'business', kvkNumber: '79999999' } },
        'mandates.unknown_mandatary',
      ],
      [grantBody(bob, serviceScope({ ...cast.services.parkingPermit, serviceId: newId() }), inAYear), 'mandates.service_not_found'],
      [grantBody(bob, serviceScope({ ...cast.services.parkingPermit, organisationCode: 'GM0344' }), inAYear), 'mandates.service_not_found'],
      [grantBody(bob, serviceScope(cast.services.notMandatable), inAYear), 'mandates.not_mandatable'],
      [
        grantBody(bob, { kind: 'product', uplUri: 'http://standaarden.overheid.nl/owms/terms/bestaat_niet' }, inAYear),
        'mandates.unknown_product',
      ],
      [grantBody(bob, { kind: 'service_set', organisationCode: 'GM0363', setId: 'bestaat-niet' }, inAYear), 'mandates.unknown_service_set'],
      [grantBody(alice, serviceScope(cast.services.parkingPermit), inAYear), 'mandates.self_mandate'],
    ];
    for (const [body, code] of cases) {
      const f = await grantFails(body);
      expect(f.code, code).toBe(code);
    }
    await unchanged();
  });

  it('refuses dates in the past, an end before the start and more than five years', async () => {
    const { bob } = cast.people;
    const scope = serviceScope(cast.services.parkingPermit);
    expect((await grantFails(grantBody(bob, scope, inAYear, { validFrom: '2026-11-30' }))).code).toBe('mandates.from_in_past');
    expect((await grantFails(grantBody(bob, scope, '2026-12-20', { validFrom: '2026-12-21' }))).code).toBe('mandates.until_before_from');
    expect((await grantFails(grantBody(bob, scope, '2031-12-02'))).code).toBe('mandates.too_long');
    expect((await grantFails(grantBody(bob, scope, '2032-01-02', { validFrom: '2027-01-01' }))).code).toBe('mandates.too_long');
    // Several problems together are listed together, the registers' with the dates'.
    const several = await grantFails({
      ...grantBody(bob, serviceScope({ ...cast.services.parkingPermit, serviceId: newId() }), '2026-11-01', { validFrom: '2026-11-02' }),
    });
    expect(several.codes.sort()).toEqual(['mandates.from_in_past', 'mandates.service_not_found', 'mandates.until_before_from']);
    await unchanged();
    // Exactly five years, starting today, is allowed.
    expect((await grantMandate(ctx, person(cast.people.alice), grantBody(bob, scope, '2031-12-01'), testOrigin())).ok).toBe(true);
  });

  it('refuses a granter who may not grant for the business', async () => {
    const { bob, carol } = cast.people;
    // Carol is no functionary of the bakery: logged in for it, she may not grant for it.
    const r = await grantMandate(
      ctx,
      businessPrincipal(cast.businesses.soleBusiness, carol),
      grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear),
      testOrigin(),
    );
    expect(refusal(r)).toEqual({ code: 'mandates.no_relation', status: 403 });
    // Bob, acting for Alice through a voluntary mandate, may not grant mandates for her.
    const asAlice = actingFor(person(bob), cast.people.alice.party);
    expect(
      refusal(await grantMandate(ctx, asAlice, grantBody(carol, serviceScope(cast.services.parkingPermit), inAYear), testOrigin())),
    ).toMatchObject({
      status: 403,
    });
    await unchanged();
  });
});

// ---------------------------------------------------------------------------------------------
describe('authorizeActing', () => {
  it('allows oneself, also a business through its own functionary', async () => {
    const { alice, soleOwner } = cast.people;
    const self = allowed(await act(person(alice), undefined, cast.services.parkingPermit));
    expect(self).toMatchObject({
      subject: alice.party,
      self: true,
      basis: { kind: 'self' },
      onBehalfOf: null,
      auditBasis: { kind: 'self' },
    });
    const own = allowed(await act(businessPrincipal(cast.businesses.soleBusiness, soleOwner), undefined, cast.services.parkingPermit));
    expect(own).toMatchObject({ subject: cast.businesses.soleBusiness.party, self: true, onBehalfOf: null });
    expect(own.auditBasis).toEqual({
      kind: 'functionary',
      kvkNumber: cast.businesses.soleBusiness.kvkNumber,
      role: 'owner',
      authority: 'sole',
    });
  });

  it('a parent acts for a child until the day the child turns 18', async () => {
    const { parent, child } = cast.people;
    const a = allowed(await act(person(parent), child.party, cast.services.wmo));
    expect(a).toMatchObject({
      self: false,
      basis: { kind: 'legal', basis: 'gezag' },
      onBehalfOf: { type: 'person', id: child.bsn, mandateId: null },
    });
    expect(a.auditBasis).toEqual({ kind: 'legal', legalBasis: 'gezag' });
    // Acting for a child asks at least "substantieel" (data/mandates/rules.json).
    expect(refusal(await act(person(parent, 'low'), child.party, cast.services.wmo))).toEqual({ code: 'auth.loa_too_low', status: 403 });

    clock.set('2026-12-09T22:59:00Z'); // 23:59 on 9 December in Amsterdam
    expect((await act(person(parent), child.party, cast.services.wmo)).ok).toBe(true);
    clock.set(`${cast.childAdultOn}T00:00:00+01:00`); // the 18th birthday
    expect(refusal(await act(person(parent), child.party, cast.services.wmo))).toEqual({
      code: 'mandates.representation_ended',
      status: 403,
    });
    // The adult child acts for themself.
    expect(allowed(await act(person(child), undefined, cast.services.wmo)).self).toBe(true);
  });

  it('a curator acts in all matters, a bewindvoerder in money matters, a mentor in personal matters', async () => {
    const { curator, curandus, bewindvoerder, underBewind, mentor, mentee } = cast.people;
    const { welfare, wmo, parkingPermit } = cast.services;
    expect(allowed(await act(person(curator), curandus.party, welfare)).basis).toMatchObject({ kind: 'legal', basis: 'curatele' });
    expect(allowed(await act(person(curator), curandus.party, wmo)).basis).toMatchObject({ kind: 'legal', basis: 'curatele' });
    // A product the data does not class counts as both matters: only a curator covers it.
    expect((await act(person(curator), curandus.party, parkingPermit)).ok).toBe(true);

    expect(allowed(await act(person(bewindvoerder), underBewind.party, welfare)).basis).toMatchObject({ basis: 'beschermingsbewind' });
    expect(refusal(await act(person(bewindvoerder), underBewind.party, wmo))).toEqual({ code: 'mandates.matter_not_covered', status: 403 });
    expect(refusal(await act(person(bewindvoerder), underBewind.party, parkingPermit))).toEqual({
      code: 'mandates.matter_not_covered',
      status: 403,
    });

    expect(allowed(await act(person(mentor), mentee.party, wmo)).basis).toMatchObject({ basis: 'mentorschap' });
    expect(refusal(await act(person(mentor), mentee.party, welfare))).toEqual({ code: 'mandates.matter_not_covered', status: 403 });
    // Seeing the represented person's affairs in general needs no service.
    expect((await act(person(bewindvoerder), underBewind.party, null, 'view')).ok).toBe(true);
  });

  it("an intermediary firm acts for its client through its employee, never beyond the client's mandate", async () => {
    const { clientOwner, firmOwner, firmEmployee } = cast.people;
    const { client, firm } = cast.businesses;
    const { dogTax, parkingPermit } = cast.services;
    const clientMandate = await activeMandate(
      ctx,
      businessPrincipal(client, clientOwner),
      businessPrincipal(firm, firmOwner),
      grantBody(firm, { kind: 'product', uplUri: upl.dogTax }, inAYear),
    );
    // The firm's internal mandate to its employee covers the dog tax and the parking permit.
    const internal = await activeMandate(
      ctx,
      businessPrincipal(firm, firmOwner),
      person(firmEmployee),
      grantBody(firmEmployee, { kind: 'product', uplUri: upl.dogTax }, inAYear),
    );
    await activeMandate(
      ctx,
      businessPrincipal(firm, firmOwner),
      person(firmEmployee),
      grantBody(firmEmployee, { kind: 'product', uplUri: upl.parkingPermit }, inAYear),
    );
    const employee = businessPrincipal(firm, firmEmployee);
    const a = allowed(await act(employee, client.party, dogTax));
    expect(a.basis.kind).toBe('mandate');
    expect(a.onBehalfOf).toEqual({ type: 'business', id: client.kvkNumber, mandateId: clientMandate.mandate.id });
    expect(a.auditBasis).toEqual({ kind: 'mandate', chain: [{ mandateId: clientMandate.mandate.id }, { mandateId: internal.mandate.id }] });
    // The firm's owner acts on the firm's own authority.
    expect(allowed(await act(businessPrincipal(firm, firmOwner), client.party, dogTax)).auditBasis).toEqual({
      kind: 'mandate',
      chain: [{ mandateId: clientMandate.mandate.id }, { functionaryOf: firm.kvkNumber, role: 'owner' }],
    });
    // The employee's parking permit mandate does not reach the client: the client gave only the dog tax.
    expect(refusal(await act(employee, client.party, parkingPermit))).toEqual({ code: 'mandates.out_of_scope', status: 403 });
    // A chain needs "substantieel".
    expect(refusal(await act(businessPrincipal(firm, firmEmployee, 'low'), client.party, dogTax))).toEqual({
      code: 'auth.loa_too_low',
      status: 403,
    });
    // The client ends its mandate: the chain stops at once.
    await mustChange(ctx, businessPrincipal(client, clientOwner), clientMandate.mandate.id, 'end');
    expect(refusal(await act(employee, client.party, dogTax))).toEqual({ code: 'mandates.mandate_ended', status: 403 });
  });

  it('a voluntary mandate covers its scope only, from its first day, at its level of assurance', async () => {
    const { erin, bob } = cast.people;
    const { parkingPermit, parkingExemption, notMandatable, utrechtParkingPermit } = cast.services;
    const m = await activeMandate(ctx, person(erin), person(bob), grantBody(bob, serviceScope(parkingPermit), inAYear));
    expect(allowed(await act(person(bob), erin.party, parkingPermit)).auditBasis).toEqual({
      kind: 'mandate',
      chain: [{ mandateId: m.mandate.id }],
    });
    expect(refusal(await act(person(bob), erin.party, parkingExemption))).toEqual({ code: 'mandates.out_of_scope', status: 403 });
    expect(refusal(await act(person(bob), erin.party, notMandatable))).toEqual({ code: 'mandates.not_mandatable', status: 403 });
    // The same UPL product at another organisation is another service.
    expect(refusal(await act(person(bob), erin.party, utrechtParkingPermit))).toEqual({ code: 'mandates.out_of_scope', status: 403 });

    const product = await activeMandate(
      ctx,
      person(cast.people.curandus),
      person(bob),
      grantBody(bob, { kind: 'product', uplUri: upl.parkingPermit }, inAYear),
    );
    expect(allowed(await act(person(bob), cast.people.curandus.party, utrechtParkingPermit)).onBehalfOf).toMatchObject({
      mandateId: product.mandate.id,
    });

    const later = await activeMandate(
      ctx,
      person(cast.people.mentee),
      person(bob),
      grantBody(bob, serviceScope(parkingPermit), inAYear, { validFrom: '2026-12-05' }),
    );
    expect(later.standing).toBe('not_started');
    expect(refusal(await act(person(bob), cast.people.mentee.party, parkingPermit))).toEqual({
      code: 'mandates.mandate_not_started',
      status: 403,
    });
    clock.set('2026-12-05T09:00:00Z');
    expect((await act(person(bob), cast.people.mentee.party, parkingPermit)).ok).toBe(true);

    await activeMandate(
      ctx,
      person(cast.people.underBewind),
      person(bob),
      grantBody(bob, serviceScope(parkingPermit), inAYear, { minLoa: 'high', validFrom: '2026-12-05' }),
    );
    expect(refusal(await act(person(bob), cast.people.underBewind.party, parkingPermit))).toEqual({
      code: 'auth.loa_too_low',
      status: 403,
    });
    expect((await act(person(bob, 'high'), cast.people.underBewind.party, parkingPermit)).ok).toBe(true);
  });

  it('denies an actor with no relation, officials, anonymous visitors and unknown services', async () => {
    const { alice, carol } = cast.people;
    expect(refusal(await act(person(carol), alice.party, cast.services.parkingPermit))).toEqual({
      code: 'mandates.no_relation',
      status: 403,
    });
    expect(refusal(await act(person(carol), alice.party, null, 'view'))).toEqual({ code: 'mandates.no_relation', status: 403 });
    // Whether a BSN exists is not told: an unknown person is answered like anyone without a relation.
    expect(refusal(await act(person(carol), { kind: 'person', id: '999999999' }, null, 'view'))).toEqual({
      code: 'mandates.no_relation',
      status: 403,
    });
    const official = officialPrincipal(cast.officials.caseHandler);
    expect(refusal(await act(official, alice.party, cast.services.parkingPermit))).toEqual({
      code: 'mandates.citizens_and_businesses_only',
      status: 403,
    });
    expect(refusal(await act(official, undefined, null, 'view'))).toEqual({ code: 'mandates.citizens_and_businesses_only', status: 403 });
    expect(refusal(await act({ kind: 'anonymous' }, alice.party, null, 'view'))).toEqual({ code: 'auth.login_required', status: 401 });
    expect(refusal(await act(person(alice), undefined, { ...cast.services.parkingPermit, serviceId: newId() }))).toEqual({
      code: 'mandates.service_not_found',
      status: 404,
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('acting for someone', () => {
  it("lists oneself, the persons one represents, one's businesses and one's mandators", async () => {
    const { parent, child, soleOwner, alice, bob } = cast.people;
    const parentOptions = await actingOptions(ctx, person(parent));
    expect(parentOptions.ok && parentOptions.value.map((o) => [o.party, o.basis.kind])).toEqual([
      [parent.party, 'self'],
      [child.party, 'legal'],
    ]);
    expect(parentOptions.ok && parentOptions.value[1]?.name).toBe('Kim Smit');

    const ownerOptions = await actingOptions(ctx, person(soleOwner));
    expect(ownerOptions.ok && ownerOptions.value.find((o) => o.party.kind === 'business')).toMatchObject({
      party: cast.businesses.soleBusiness.party,
      name: 'Bakkerij Sol',
      basis: { kind: 'functionary', role: 'owner' },
    });

    await activeMandate(ctx, person(alice), person(bob), grantBody(bob, serviceScope(cast.services.parkingExemption), inAYear));
    const bobOptions = await actingOptions(ctx, person(bob));
    const forAlice = bobOptions.ok ? bobOptions.value.find((o) => o.party.id === alice.bsn) : undefined;
    expect(forAlice?.name).toBe('Alice de Vries');
    expect(forAlice?.basis.kind === 'mandate' && forAlice.basis.scopes).toContain('Parkeerontheffing');
    expect(refusal(await actingOptions(ctx, officialPrincipal(cast.officials.caseHandler)))).toMatchObject({ status: 403 });
  });

  it('chooses only a party one has a relation with; the choice sets whom the checks are for', async () => {
    const { alice, bob, carol } = cast.people;
    await activeMandate(ctx, person(alice), person(bob), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    const chosen = await chooseActingFor(ctx, person(bob), alice.party);
    expect(chosen.ok && chosen.value).toEqual({ kind: 'person', id: alice.bsn, name: 'Alice de Vries' });
    expect(refusal(await chooseActingFor(ctx, person(carol), alice.party))).toEqual({ code: 'mandates.no_relation', status: 403 });
    expect(await chooseActingFor(ctx, person(bob), null)).toEqual({ ok: true, value: null });
    expect(await chooseActingFor(ctx, person(bob), bob.party)).toEqual({ ok: true, value: null });
    // With the choice made, authorizeActing checks for Alice without being told.
    const a = allowed(await act(actingFor(person(bob), alice.party), undefined, cast.services.parkingPermit));
    expect(a.subject).toEqual(alice.party);
    expect(refusal(await act(actingFor(person(carol), alice.party), undefined, cast.services.parkingPermit))).toEqual({
      code: 'mandates.no_relation',
      status: 403,
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('overviews', () => {
  it('"Mijn machtigingen" of a person: both directions, representations and businesses', async () => {
    const { mentor, mentee, carol, dave } = cast.people;
    const given = await mustGrant(ctx, person(mentor), grantBody(carol, serviceScope(cast.services.wmo), inAYear));
    const got = await mustGrant(ctx, person(dave), grantBody(mentor, serviceScope(cast.services.parkingPermit), inAYear));
    const r = await myOverview(ctx, person(mentor));
    if (!r.ok) throw new Error(r.failure.code);
    const o = r.value;
    expect(o.subject).toEqual(mentor.party);
    expect(o.subjectName).toBe('Mila Kok');
    const g = o.granted.find((v) => v.mandate.id === given.mandate.id);
    expect(g).toMatchObject({
      mandataryName: 'Carol Jansen',
      scopeTitle: 'Wmo-voorziening',
      may: { accept: false, decline: false, end: true },
    });
    const rec = o.received.find((v) => v.mandate.id === got.mandate.id);
    expect(rec).toMatchObject({ mandatorName: 'Dave Mulder', may: { accept: true, decline: true, end: true } });
    expect(o.represents).toEqual([
      expect.objectContaining({ party: mentee.party, name: 'Mien Kok', basis: 'mentorschap', covers: ['personal'] }),
    ]);
    expect(o.representedBy).toEqual([]);
    const menteeView = await myOverview(ctx, person(mentee));
    expect(menteeView.ok && menteeView.value.representedBy.map((x) => [x.party, x.basis])).toEqual([[mentor.party, 'mentorschap']]);
    const owner = await myOverview(ctx, person(cast.people.soleOwner));
    expect(owner.ok && owner.value.businesses).toEqual([
      { kvkNumber: cast.businesses.soleBusiness.kvkNumber, name: 'Bakkerij Sol', role: 'owner', authority: 'sole' },
    ]);
  });

  it('"Mijn machtigingen" of a business, for its functionaries; the signature only for the second one', async () => {
    const { jointFirst, jointSecond, dave } = cast.people;
    const { jointBusiness } = cast.businesses;
    const view = await mustGrant(
      ctx,
      businessPrincipal(jointBusiness, jointFirst),
      grantBody(dave, serviceScope(cast.services.dogTax), inAYear),
    );
    const byFirst = await myOverview(ctx, businessPrincipal(jointBusiness, jointFirst));
    const bySecond = await myOverview(ctx, businessPrincipal(jointBusiness, jointSecond));
    if (!byFirst.ok || !bySecond.ok) throw new Error('overview refused');
    expect(byFirst.value.subject).toEqual(jointBusiness.party);
    expect(byFirst.value.subjectName).toBe('Twee Techniek B.V.');
    expect(byFirst.value.granted.find((v) => v.mandate.id === view.mandate.id)?.may.sign).toBe(false);
    expect(bySecond.value.granted.find((v) => v.mandate.id === view.mandate.id)?.may.sign).toBe(true);
    // Someone logged in for the business who is not its functionary sees nothing.
    expect(refusal(await myOverview(ctx, businessPrincipal(jointBusiness, cast.people.carol)))).toEqual({
      code: 'mandates.no_relation',
      status: 403,
    });
    // A business login without a known person cannot manage mandates.
    const nameless: Principal = {
      kind: 'business',
      kvkNumber: jointBusiness.kvkNumber,
      actingBsn: null,
      sessionId: 's',
      loa: 'substantial',
      name: 'x',
    };
    expect(refusal(await myOverview(ctx, nameless))).toEqual({ code: 'mandates.citizens_and_businesses_only', status: 403 });
  });

  it("a parent sees the child's overview; a voluntary mandate does not let one manage the mandator's mandates", async () => {
    const { parent, child, alice, bob } = cast.people;
    const r = await myOverview(ctx, actingFor(person(parent), child.party));
    expect(r.ok && r.value.subject).toEqual(child.party);
    await activeMandate(ctx, person(alice), person(bob), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    expect(refusal(await myOverview(ctx, actingFor(person(bob), alice.party)))).toEqual({ code: 'mandates.no_relation', status: 403 });
  });

  it('getMandate is for the two sides only', async () => {
    const { alice, bob, carol } = cast.people;
    const view = await mustGrant(ctx, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    expect((await getMandate(ctx, person(alice), view.mandate.id)).ok).toBe(true);
    const forBob = await getMandate(ctx, person(bob), view.mandate.id);
    expect(forBob.ok && forBob.value.may).toEqual({ sign: false, accept: true, decline: true, end: true });
    expect(refusal(await getMandate(ctx, person(carol), view.mandate.id))).toEqual({ code: 'mandates.not_found', status: 404 });
    expect(refusal(await getMandate(ctx, officialPrincipal(cast.officials.caseHandler), view.mandate.id))).toEqual({
      code: 'mandates.not_found',
      status: 404,
    });
    expect(refusal(await getMandate(ctx, person(alice), 'not-a-uuid'))).toEqual({ code: 'mandates.not_found', status: 404 });
    expect(refusal(await getMandate(ctx, person(alice), newId()))).toEqual({ code: 'mandates.not_found', status: 404 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("the official's lookup", () => {
  it("shows a person's mandates to a help-desk role and writes it in the processing log", async () => {
    const { alice, bob } = cast.people;
    await mustGrant(ctx, person(alice), grantBody(bob, serviceScope(cast.services.parkingPermit), inAYear));
    const db = ctx.database.db;
    // The log stores the subject as a keyed hash.
    const subjectHash = ctx.processingLog.subjectHash({ id: alice.bsn, type: 'BSN' });
    const logged = () => rowCount(db, 'processing_log', sql`data_subject_id = ${subjectHash}`);
    const before = await logged();
    const r = await lookupForOfficial(ctx, officialPrincipal(cast.officials.caseHandler), alice.party, testOrigin());
    if (!r.ok) throw new Error(r.failure.code);
    expect(r.value.subjectName).toBe('Alice de Vries');
    expect(r.value.granted.length).toBeGreaterThan(0);
    expect(r.value.granted.every((v) => !v.may.end && !v.may.accept && !v.may.sign)).toBe(true);
    expect(await logged()).toBe(before + 1);
    const line = await sql<{ name: string; organisation_code: string | null; data_subject_id_type: string | null }>`
      select name, organisation_code, data_subject_id_type from processing_log where data_subject_id = ${subjectHash}`.execute(db);
    expect(line.rows).toEqual([
      { name: 'Machtigingen en vertegenwoordiging inzien (klantvraag)', organisation_code: 'GM0363', data_subject_id_type: 'BSN' },
    ]);

    expect(refusal(await lookupForOfficial(ctx, officialPrincipal(cast.officials.qualityManager), alice.party, testOrigin()))).toEqual({
      code: 'mandates.officials_only',
      status: 403,
    });
    expect(refusal(await lookupForOfficial(ctx, person(bob), alice.party, testOrigin()))).toEqual({
      code: 'mandates.officials_only',
      status: 403,
    });
    expect(
      refusal(await lookupForOfficial(ctx, officialPrincipal(cast.officials.caseHandler), { kind: 'person', id: '12' }, testOrigin())),
    ).toEqual({
      code: 'mandates.invalid_bsn',
      status: 400,
    });
    expect(await logged()).toBe(before + 1);
    const business = await lookupForOfficial(
      ctx,
      officialPrincipal(cast.officials.caseHandler),
      cast.businesses.jointBusiness.party,
      testOrigin(),
    );
    expect(business.ok && business.value.subjectName).toBe('Twee Techniek B.V.');
  });
});

// ---------------------------------------------------------------------------------------------
describe('service sets', () => {
  it("are made by the organisation's service designers only, and a set scope covers exactly its services", async () => {
    const { alice, bob, carol } = cast.people;
    const { parkingPermit, parkingExemption, dogTax, utrechtParkingPermit } = cast.services;
    const body = {
      id: 'parkeren',
      name: { nl: 'Parkeren', en: 'Parking' },
      serviceIds: [parkingPermit.serviceId, parkingExemption.serviceId],
    };
    const before = await mandateRowCounts(ctx.database.db);
    for (const who of [officialPrincipal(cast.officials.otherDesigner), officialPrincipal(cast.officials.caseHandler), person(alice)])
      expect(refusal(await saveServiceSet(ctx, who, amsterdam.code, body, testOrigin()))).toMatchObject({ status: 403 });
    const designer = officialPrincipal(cast.officials.designer);
    const invalid = await saveServiceSet(
      ctx,
      designer,
      amsterdam.code,
      { id: 'Parkeren!', name: { nl: '' }, serviceIds: [utrechtParkingPermit.serviceId] },
      testOrigin(),
    );
    expect(invalid.ok ? [] : (invalid.failure.invalidParams ?? []).map((p) => p.code).sort()).toEqual([
      'mandates.invalid_name',
      'mandates.invalid_service_set',
      'mandates.service_not_found',
    ]);
    expect(await mandateRowCounts(ctx.database.db)).toEqual(before);

    const saved = await saveServiceSet(ctx, designer, amsterdam.code, body, testOrigin());
    expect(saved.ok && saved.value).toMatchObject({ organisationCode: 'GM0363', id: 'parkeren', name: { nl: 'Parkeren', en: 'Parking' } });
    expect(await rowCount(ctx.database.db, 'audit_log', sql`action = 'mandates.service_set_saved' and object_id = 'GM0363:parkeren'`)).toBe(
      1,
    );
    const sets = await listServiceSets(ctx, amsterdam.code);
    expect(sets.find((s) => s.id === 'parkeren')?.serviceIds).toEqual([parkingPermit.serviceId, parkingExemption.serviceId].sort());

    const m = await activeMandate(
      ctx,
      person(carol),
      person(bob),
      grantBody(bob, { kind: 'service_set', organisationCode: amsterdam.code, setId: 'parkeren' }, inAYear),
    );
    expect(m.scopeTitle).toBe('Parkeren');
    expect(allowed(await act(person(bob), carol.party, parkingExemption)).onBehalfOf).toMatchObject({ mandateId: m.mandate.id });
    expect((await act(person(bob), carol.party, parkingPermit)).ok).toBe(true);
    expect(refusal(await act(person(bob), carol.party, dogTax))).toEqual({ code: 'mandates.out_of_scope', status: 403 });
    expect(refusal(await act(person(bob), carol.party, utrechtParkingPermit))).toEqual({ code: 'mandates.out_of_scope', status: 403 });

    // The designer takes the exemption out of the set: the mandate no longer covers it, at once.
    const smaller = await saveServiceSet(ctx, designer, amsterdam.code, { ...body, serviceIds: [parkingPermit.serviceId] }, testOrigin());
    expect(smaller.ok).toBe(true);
    expect(refusal(await act(person(bob), carol.party, parkingExemption))).toEqual({ code: 'mandates.out_of_scope', status: 403 });
    expect((await act(person(bob), carol.party, parkingPermit)).ok).toBe(true);
  });
});
