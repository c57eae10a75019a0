// Proactive offers on a real database (LOKET_TEST_DB=sqlite|postgres): each shipped rule fires
// through a real event (registry and case use cases, the outbox, the Dispatcher) or the daily job;
// who does not match gets nothing; opting out stops offers; a redelivered event offers once;
// accepting answers with the prefilled application; another person's offer is not found.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import { auditTrail } from '../../../platform/audit/index.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { inTransaction, readJson } from '../../../platform/db/index.ts';
import { Dispatcher, EventBus, type StoredEvent } from '../../../platform/events/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/db.ts';
import { fixedClock } from '../../../platform/time/index.ts';
import { parseUplCsv } from '../../catalog/model.ts';
import { shippedUplFile } from '../../catalog/reference.ts';
import { generateCatalog, importUpl } from '../../catalog/service.ts';
import { createPerson, registerAuthority } from '../../registry/people/service.ts';
import { amsterdam, bsnSeries } from '../../registry/people/test-fixtures.ts';
import { claimCase, decideCase, submitApplication } from '../service.ts';
import {
  acceptOffer,
  declineOffer,
  getOffer,
  getOfferSettings,
  listOffers,
  offerJobs,
  offerSubscriptions,
  openOffers,
  runBirthdayOffers,
  setOfferSettings,
} from './service.ts';
import {
  caseHandlerOf,
  openTestContext,
  personPrincipal,
  rowCount,
  seedCatalog,
  type TestContext,
  type TestDatabase,
} from '../test-fixtures.ts';
import { administrator, offerProducts, registryOrigin, serviceOf, upl } from './test-fixtures.ts';

const clock = fixedClock('2026-11-30T10:00:00Z'); // a Monday; today is 2026-11-30

let database: TestDatabase;
let ctx: TestContext;
let dispatcher: Dispatcher;
let deliveryErrors: unknown[] = [];

// Persons, each for one story (BSNs valid by the elfproef).
const bsns = bsnSeries(31_000_000, 30);
let next = 0;
const newBsn = (): string => {
  const b = bsns[next++];
  if (!b) throw new Error('out of BSNs');
  return b;
};

beforeAll(async () => {
  const bus = new EventBus();
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'offers', clock, { bus });
  database = ctx.database;
  for (const s of offerSubscriptions(ctx)) bus.subscribe(s);
  dispatcher = new Dispatcher(database.db, database.dialect, bus, {
    now: () => clock.now(),
    onError: (e) => deliveryErrors.push(e),
  });
  await seedCatalog(ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, offerProducts);
}, 120_000);
afterAll(() => database.cleanup());
beforeEach(() => {
  deliveryErrors = [];
});

async function deliverAll(): Promise<number> {
  let total = 0;
  for (let n = await dispatcher.runOnce(); n > 0; n = await dispatcher.runOnce()) total += n;
  expect(deliveryErrors).toEqual([]);
  return total;
}

async function addPerson(birthDate: string, extra: Record<string, unknown> = {}): Promise<string> {
  const bsn = newBsn();
  const r = await createPerson(
    ctx,
    administrator,
    { bsn, givenNames: 'Test', surname: `Persoon ${bsn.slice(-3)}`, birthDate, address: amsterdam, ...extra },
    registryOrigin,
  );
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return bsn;
}

async function authority(childBsn: string, holderBsn: string, validFrom: string, kind = 'parent'): Promise<void> {
  const r = await registerAuthority(ctx, administrator, { childBsn, holderBsn, kind, validFrom }, registryOrigin);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
}

async function offersOf(bsn: string, status = 'offered') {
  const r = await listOffers(ctx, personPrincipal(bsn), { status, limit: 100 });
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.value.items;
}

const count = (table: string): Promise<number> => rowCount(database.db, table);

/** The processing-log lines about a person for making offers, with their outcome. */
async function offerLogOutcomes(bsn: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('processing_log')
    .select(['attributes'])
    .where('data_subject_id', '=', ctx.processingLog.subjectHash({ id: bsn, type: 'BSN' }))
    .where('processing_activity_id', '=', 'urn:loket:verwerkingsactiviteit:delivery.offer.make')
    .execute();
  return rows.map((r) => readJson<Record<string, string>>(r.attributes)['loket.offer.outcome'] ?? '').sort();
}

/** A published service of a product (any organisation). */
async function anyPublished(uplUri: string): Promise<{ organisationCode: string; id: string }> {
  const row = await database.db
    .withTables<{ service: { organisation_code: string; id: string; upl_uri: string; status: string } }>()
    .selectFrom('service')
    .select(['organisation_code', 'id'])
    .where('upl_uri', '=', uplUri)
    .where('status', '=', 'published')
    .orderBy('organisation_code')
    .executeTakeFirst();
  if (!row) throw new Error(`nobody publishes ${uplUri}`);
  return { organisationCode: row.organisation_code, id: row.id };
}

/** A newborn registered with a parent who has authority over it. */
async function birth(parentBsn: string, childBirthDate = '2026-11-20'): Promise<string> {
  const child = await addPerson(childBirthDate);
  await authority(child, parentBsn, childBirthDate);
  return child;
}

describe('a birth → child benefit (person.authority_registered)', () => {
  it('offers kinderbijslag to the parent, from the organisation that publishes it, with the reason, audit and processing log', async () => {
    const parent = await addPerson('1990-05-01');
    await birth(parent);
    expect(await offersOf(parent)).toEqual([]); // nothing before the event is delivered
    await deliverAll();
    const offers = await offersOf(parent);
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(offer.ruleId).toBe('geboorte-kinderbijslag');
    expect(offer.kind.id).toBe('kinderen');
    expect(offer.service.uplUri).toBe(upl.kinderbijslag);
    expect(offer.service.available).toBe(true);
    const published = await serviceOf(database.db, offer.service.organisationCode, upl.kinderbijslag);
    expect(published).toEqual({ id: offer.service.serviceId, status: 'published' });
    expect(offer.reason.nl).toContain('Gefeliciteerd met uw kind');
    expect(offer.reason.nl).toContain('kinderbijslag');
    expect(offer.rule?.sources[0]?.url).toContain('BWBR0002368');
    expect(offer.createdAt).toBe('2026-11-30T10:00:00.000Z');
    const trail = await auditTrail(database.db, 'delivery_offer', offer.id);
    expect(trail.map((a) => [a.action, a.actorType])).toEqual([['delivery.offer_made', 'system']]);
    expect(trail[0]?.requestId).toBe('offers-test'); // the request that registered the authority
    expect(await offerLogOutcomes(parent)).toEqual(['offered']);
  });

  it('offers nothing for authority over an older child, or to a deceased parent', async () => {
    const parent = await addPerson('1985-01-01');
    const toddler = await addPerson('2024-06-01');
    await authority(toddler, parent, '2026-11-30', 'guardian');
    const late = await addPerson('1980-01-01', { deathDate: '2026-11-29' });
    await birth(late);
    await deliverAll();
    expect(await offersOf(parent)).toEqual([]);
    expect(await offerLogOutcomes(parent)).toEqual(['no_match']);
    expect(await offersOf(late)).toEqual([]);
    expect(await offerLogOutcomes(late)).toEqual(['not_alive']);
  });

  it('offers once when the same event is delivered twice; a second child does not offer the same product again', async () => {
    const parent = await addPerson('1992-02-02');
    await birth(parent);
    const event = await database.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('type', '=', 'person.authority_registered')
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const stored: StoredEvent = {
      id: event.id,
      type: event.type,
      payload: readJson(event.payload),
      occurredAt: event.occurred_at,
      requestId: event.request_id,
    };
    expect(stored.payload['holderBsn']).toBe(parent);
    const subscription = offerSubscriptions(ctx)[0]!;
    await deliverAll();
    const audits = await count('audit_log');
    // Delivered again (a redelivery after a lost lease, or a retry): nothing new.
    await inTransaction(database.db, (trx) => subscription.handle(stored, trx));
    await inTransaction(database.db, (trx) => subscription.handle(stored, trx));
    expect(await offersOf(parent)).toHaveLength(1);
    expect(await count('audit_log')).toBe(audits);
    await birth(parent, '2026-11-25');
    await deliverAll();
    expect(await offersOf(parent)).toHaveLength(1);
    expect((await offerLogOutcomes(parent)).filter((o) => o === 'offered')).toHaveLength(1);
  });
});

describe('an unemployment benefit granted → help back to work (case.decided)', () => {
  async function wwCase(applicant: string, outcome: string, product: string = upl.ww): Promise<void> {
    const service = await anyPublished(product);
    const organisationCode = service.organisationCode;
    const submitted = await submitApplication(ctx, personPrincipal(applicant), {
      organisationCode,
      serviceId: service.id,
      answers: { toelichting: 'Ik ben mijn baan kwijt.' },
      idempotencyKey: `ww-${applicant}-${outcome}`,
    });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.failure));
    const id = submitted.value.case.id;
    const handler = caseHandlerOf(organisationCode);
    const claimed = await claimCase(ctx, handler, organisationCode, id);
    if (!claimed.ok) throw new Error(JSON.stringify(claimed.failure));
    const decision = { outcome, motivation: 'Besluit na onderzoek.', legalBasis: 'Werkloosheidswet, artikel 15' };
    const decided = await decideCase(ctx, handler, organisationCode, id, decision);
    if (!decided.ok) throw new Error(JSON.stringify(decided.failure));
  }

  it('offers re-integration from the municipality and a trial placement from UWV', async () => {
    const person = await addPerson('1975-03-03');
    await wwCase(person, 'granted');
    await deliverAll();
    const offers = await offersOf(person);
    const byProduct = new Map(offers.map((o) => [o.service.uplUri, o]));
    expect(offers.every((o) => o.ruleId === 'ww-naar-werk' && o.kind.id === 'werk')).toBe(true);
    expect(byProduct.get(upl.trialPlacement)?.service.organisationCode).toBe('UWV');
    // Re-integration is a municipal product: Amsterdam's (the person's municipality), not another's.
    const amsterdamService = await serviceOf(database.db, 'GM0363', upl.reintegration);
    expect(amsterdamService?.status).toBe('published');
    expect(byProduct.get(upl.reintegration)?.service).toMatchObject({ organisationCode: 'GM0363', serviceId: amsterdamService?.id });
    expect(offers).toHaveLength(2);
    expect(byProduct.get(upl.trialPlacement)?.reason.nl).toMatch(/^U krijgt een WW-uitkering\. Met een proefplaatsing/);
  });

  it('offers nothing for a refused benefit, or for another product granted', async () => {
    const refused = await addPerson('1976-04-04');
    await wwCase(refused, 'refused');
    const other = await addPerson('1977-05-05');
    await wwCase(other, 'granted', upl.kinderbijslag);
    await deliverAll();
    expect(await offersOf(refused)).toEqual([]);
    expect(await offerLogOutcomes(refused)).toEqual(['no_match']);
    expect(await offersOf(other)).toEqual([]);
  });
});

describe('turning 18 → the services of "18 jaar worden" (daily job)', () => {
  it('offers what one applies for, to who turns 18 today (and was missed earlier this week); once', async () => {
    const today18 = await addPerson('2008-11-30');
    const missed = await addPerson('2008-11-27'); // turned 18 on Friday; the job did not run since
    const tomorrow = await addPerson('2008-12-01');
    const lastWeek = await addPerson('2008-11-20');
    const deceased = await addPerson('2008-11-30', { deathDate: '2026-11-01' });
    const [job] = offerJobs(ctx);
    expect(job?.name).toBe('delivery.offers.birthdays');
    const summary = await job!.run(ctx);
    expect(summary).toMatch(/^7 dag\(en\) verwerkt, 2 jarige\(n\), \d+ aanbod\(en\) gedaan$/);

    for (const who of [today18, missed]) {
      const offers = await offersOf(who);
      const products = offers.map((o) => o.service.uplUri).sort();
      // Applied for, and offered by someone: never the voting right, the insurance duty or DigiD.
      expect(products).toEqual([upl.healthcareAllowance, upl.studentFinance, upl.drivingLicence, upl.housing].sort());
      expect(offers.every((o) => o.ruleId === '18-jaar-worden' && o.kind.id === 'levensfase' && o.service.available)).toBe(true);
      // The driving licence: offered by Amsterdam and by RDW; the person's municipality comes first.
      const licence = offers.find((o) => o.service.uplUri === upl.drivingLicence);
      expect((await serviceOf(database.db, 'RDW', upl.drivingLicence))?.status).toBe('published');
      expect(licence?.service.organisationCode).toBe('GM0363');
      expect(offers.find((o) => o.service.uplUri === upl.healthcareAllowance)?.service.organisationCode).toBe('BD');
      expect(offers.find((o) => o.service.uplUri === upl.studentFinance)?.service.organisationCode).toBe('DUO');
      expect(licence?.reason.nl).toMatch(/^Gefeliciteerd, u bent 18 jaar geworden! Geslaagd voor uw rijexamen/);
    }
    for (const who of [tomorrow, lastWeek, deceased]) expect(await offersOf(who)).toEqual([]);
    expect(await offerLogOutcomes(today18)).toEqual(['offered']);

    // Again (the next hour, or another process): every day is done, nothing new.
    const offersBefore = await count('delivery_offer');
    const logBefore = await count('processing_log');
    expect(await runBirthdayOffers(ctx)).toEqual({ persons: 0, offers: 0, days: 0 });
    expect(await count('delivery_offer')).toBe(offersBefore);
    expect(await count('processing_log')).toBe(logBefore);
  });
});

describe('opting out per kind', () => {
  it('stops new offers of that kind, hides open ones, and brings them back on opting in; each change audited', async () => {
    const parent = await addPerson('1991-06-06');
    const me = personPrincipal(parent);
    await birth(parent, '2026-11-01');
    await deliverAll();
    const [offer] = await offersOf(parent);
    expect(offer).toBeDefined();

    const set = await setOfferSettings(ctx, me, { optedOut: ['kinderen'] });
    expect(set.ok && set.value.kinds.find((k) => k.id === 'kinderen')?.optedOut).toBe(true);
    expect(await offersOf(parent)).toEqual([]);
    expect(await openOffers(ctx, me)).toEqual([]);
    const hidden = await getOffer(ctx, me, offer!.id);
    expect(!hidden.ok && hidden.failure.code).toBe('delivery.offer_not_found');

    // A newborn later: no offer while opted out (and none afterwards from that event).
    const second = await addPerson('1993-07-07');
    const secondMe = personPrincipal(second);
    await setOfferSettings(ctx, secondMe, { optedOut: ['kinderen', 'werk'] });
    await birth(second);
    await deliverAll();
    expect(await offerLogOutcomes(second)).toEqual(['opted_out']);
    await setOfferSettings(ctx, secondMe, { optedOut: [] });
    expect(await offersOf(second)).toEqual([]);

    // Opting in again shows the open offer of the first parent.
    await setOfferSettings(ctx, me, { optedOut: [] });
    expect((await offersOf(parent)).map((o) => o.id)).toEqual([offer!.id]);
    const trail = await auditTrail(database.db, 'delivery_offer_settings', `person:${parent}`);
    expect(trail.map((a) => a.details)).toEqual([
      { optedOut: ['kinderen'], optedIn: [] },
      { optedOut: [], optedIn: ['kinderen'] },
    ]);
    // Setting the same again changes nothing and records nothing.
    await setOfferSettings(ctx, me, { optedOut: [] });
    expect(await auditTrail(database.db, 'delivery_offer_settings', `person:${parent}`)).toHaveLength(2);
  });

  it('refuses a list with an unknown kind, or no list, storing nothing', async () => {
    const someone = personPrincipal(await addPerson('1970-01-01'));
    for (const input of [{ optedOut: ['kinderen', 'onbekend'] }, { optedOut: 'kinderen' }, {}, null, [], { optedOut: [1] }]) {
      const r = await setOfferSettings(ctx, someone, input);
      expect(!r.ok && r.failure.status, JSON.stringify(input)).toBe(400);
    }
    const settings = await getOfferSettings(ctx, someone);
    expect(settings.ok && settings.value.kinds.map((k) => [k.id, k.optedOut])).toEqual([
      ['kinderen', false],
      ['werk', false],
      ['levensfase', false],
    ]);
  });
});

describe('accepting and declining', () => {
  let parent: string;
  let me: Principal;
  let offerId: string;

  beforeAll(async () => {
    parent = await addPerson('1988-08-08');
    me = personPrincipal(parent);
    await birth(parent);
    await deliverAll();
    offerId = (await offersOf(parent))[0]!.id;
  });

  it('another person (or an official) cannot see or answer the offer: not found, as if unknown', async () => {
    const stranger = personPrincipal(await addPerson('1969-09-09'));
    for (const r of [
      await getOffer(ctx, stranger, offerId),
      await acceptOffer(ctx, stranger, offerId),
      await declineOffer(ctx, stranger, offerId),
      await getOffer(ctx, me, '01900000-0000-7000-8000-000000000000'),
      await getOffer(ctx, me, 'not-an-id'),
    ])
      expect(!r.ok && r.failure.code).toBe('delivery.offer_not_found');
    const official = await listOffers(ctx, caseHandlerOf('GM0363'));
    expect(!official.ok && official.failure.status).toBe(403);
    const anonymous = await acceptOffer(ctx, { kind: 'anonymous' }, offerId);
    expect(!anonymous.ok && anonymous.failure.status).toBe(401);
    expect((await getOffer(ctx, me, offerId)).ok).toBe(true);
  });

  it('accept answers with the prefilled application, records it, and says the same again; declining then is refused', async () => {
    const accepted = await acceptOffer(ctx, me, offerId.toUpperCase());
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const { organisationCode, serviceId } = accepted.value.offer.service;
    expect(accepted.value.applicationUrl).toBe(`/diensten/${organisationCode}/${serviceId}/aanvragen?aanbod=${offerId}`);
    expect(accepted.value.offer).toMatchObject({ status: 'accepted', decidedAt: '2026-11-30T10:00:00.000Z' });
    const again = await acceptOffer(ctx, me, offerId);
    expect(again.ok && again.value.applicationUrl).toBe(accepted.value.applicationUrl);
    const declined = await declineOffer(ctx, me, offerId);
    expect(!declined.ok && declined.failure.code).toBe('delivery.offer_already_decided');
    const trail = await auditTrail(database.db, 'delivery_offer', offerId);
    expect(trail.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['delivery.offer_made', 'system', null],
      ['delivery.offer_accepted', 'person', parent],
    ]);
    expect(trail[1]?.details['applicationUrl']).toBe(accepted.value.applicationUrl);
    expect(await offersOf(parent)).toEqual([]);
    expect((await offersOf(parent, 'accepted')).map((o) => o.id)).toEqual([offerId]);
  });

  it('decline takes the offer off the list for good', async () => {
    const other = await addPerson('1987-07-07');
    const them = personPrincipal(other);
    await birth(other);
    await deliverAll();
    const [offer] = await openOffers(ctx, them);
    const declined = await declineOffer(ctx, them, offer!.id);
    expect(declined.ok && declined.value.status).toBe('declined');
    expect(await openOffers(ctx, them)).toEqual([]);
    expect((await offersOf(other, 'declined')).map((o) => o.id)).toEqual([offer!.id]);
    const accept = await acceptOffer(ctx, them, offer!.id);
    expect(!accept.ok && accept.failure.code).toBe('delivery.offer_already_decided');
    expect((await auditTrail(database.db, 'delivery_offer', offer!.id)).map((a) => a.action)).toEqual([
      'delivery.offer_made',
      'delivery.offer_declined',
    ]);
  });

  it('refuses bad list input with 400', async () => {
    for (const input of [{ status: 'open' }, { limit: 0 }, { limit: 101 }, { offset: -1 }, { limit: '5' }]) {
      const r = await listOffers(ctx, me, input);
      expect(!r.ok && r.failure.status, JSON.stringify(input)).toBe(400);
    }
  });
});
