// The JSON API of mandates over HTTP (LOKET_TEST_DB=sqlite|postgres): granting, accepting,
// declining, co-signing and ending a mandate; "Mijn machtigingen" in both directions; the acting
// options and the switch "act for …" (cleared at once when the mandate ends); the engine's answer
// (allow with the basis, deny with the reason, both 200); a parent acting for a child; the official's
// help-desk lookup (in the processing log); service sets. And the refusals: whoever holds no mandate
// and is not a side gets 404 or 403 on every route that takes a subject or a mandate id, and nothing
// changes; nobody gets 401; a step the status does not allow is a 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../platform/auth/index.ts';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { importUpl } from '../catalog/service.ts';
import { insertServices } from '../catalog/store.ts';
import { publishServices, rowCounts } from '../delivery/test-fixtures.ts';
import {
  addAuthority,
  addBusiness,
  addOfficial,
  addPerson,
  bsnSeries,
  officialLogin,
  personLogin,
} from '../registry/people/test-fixtures.ts';
import { mandateApi } from './routes.ts';

const parkeerUri = 'http://standaarden.overheid.nl/owms/terms/parkeervergunning';
const paspoortUri = 'http://standaarden.overheid.nl/owms/terms/paspoort';
const amsterdam = { code: 'GM0363', name: 'Amsterdam' };
const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };

const [
  alice = '',
  bob = '',
  carol = '',
  dave = '',
  erin = '',
  gina = '',
  hank = '',
  ivan = '',
  judy = '',
  ghost = '',
  late = '',
  kees = '',
] = bsnSeries(41_000_000, 12);
const kvkJoint = '56780001';

let t: TestApp;
let parkeer: Service;
let paspoort: Service;
const cookies: Record<string, string> = {};

/** eHerkenning: a person logged in for a business. */
const businessEmployee = (kvkNumber: string, bsn: string): LoginIdentity => ({
  kind: 'business',
  kvkNumber,
  actingBsn: bsn,
  loa: 'substantial',
  name: `Medewerker ${bsn.slice(-4)}`,
});

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-30T09:00:00Z' });
  [parkeer, paspoort] = (await publishServices(t.ctx, catalog, amsterdam, [parkeerUri, paspoortUri])) as [Service, Service];
  const people: [string, string, string][] = [
    [alice, 'Alice', 'Aalders'],
    [bob, 'Bob', 'Bakker'],
    [carol, 'Carol', 'Cornelissen'],
    [dave, 'Dave', 'Dekker'],
    [gina, 'Gina', 'Gerritsen'],
    [hank, 'Hank', 'Hendriks'],
    [ivan, 'Ivan', 'IJsselmuiden'],
    [judy, 'Judy', 'Jacobs'],
    [kees, 'Kees', 'Kok'],
  ];
  for (const [bsn, givenNames, surname] of people) await addPerson(t.database, { bsn, birthDate: '1980-05-05', givenNames, surname });
  await addPerson(t.database, { bsn: erin, birthDate: '2015-01-01', givenNames: 'Erin', surname: 'Dekker' });
  await addPerson(t.database, { bsn: late, birthDate: '1930-01-01', deathDate: '2026-10-01', givenNames: 'Lode', surname: 'Laat' });
  await addAuthority(t.database, { childBsn: erin, holderBsn: dave, validFrom: '2015-01-01' });
  await addBusiness(
    t.database,
    { kvkNumber: kvkJoint, name: 'Noorderlicht B.V.' },
    [],
    [
      { personBsn: gina, role: 'director', authority: 'joint', validFrom: '2020-01-01', validTo: null },
      { personBsn: hank, role: 'director', authority: 'joint', validFrom: '2020-01-01', validTo: null },
    ],
  );
  for (const [who, bsn] of Object.entries({ alice, bob, carol, dave, ivan, judy, kees })) cookies[who] = await t.loginAs(personLogin(bsn));
  cookies['gina'] = await t.loginAs(businessEmployee(kvkJoint, gina));
  cookies['hank'] = await t.loginAs(businessEmployee(kvkJoint, hank));
  const official = async (organisationCode: string, role: 'case_handler' | 'service_designer') =>
    t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode, roles: [role], name: `${role} ${organisationCode}` })));
  cookies['handler'] = await official('GM0363', 'case_handler');
  cookies['designer'] = await official('GM0363', 'service_designer');
  cookies['otherDesigner'] = await official('GM0599', 'service_designer');
}, 120_000);
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Calling the API

interface Res<T = Record<string, unknown>> {
  status: number;
  type: string;
  body: T;
  location: string | undefined;
}

async function api<T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  who: string | null,
  body?: unknown,
): Promise<Res<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = cookies[who] ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.request({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  const location = res.headers['location'];
  return {
    status: res.statusCode,
    type: String(res.headers['content-type'] ?? ''),
    body: res.body ? res.json<T>() : ({} as T),
    location: typeof location === 'string' ? location : undefined,
  };
}

interface MandateBody {
  id: string;
  mandator: { kind: string; id: string; name: string };
  mandatary: { kind: string; id: string; name: string };
  scope: Record<string, string>;
  scopeTitle: string;
  validFrom: string;
  validUntil: string;
  minLoa: string;
  status: string;
  standing: string;
  endedBy: { kind: string; id: string } | null;
  may: { sign: boolean; accept: boolean; decline: boolean; end: boolean };
  _links: Record<string, { href: string }>;
}
interface OverviewBody {
  subject: { kind: string; id: string; name: string };
  granted: MandateBody[];
  received: MandateBody[];
  representedBy: { bsn: string | null; name: string; basis: string }[];
  represents: { bsn: string | null; name: string; basis: string }[];
  businesses: { kvkNumber: string }[];
}
interface CheckBody {
  subject: { kind: string; id: string };
  action: string;
  allow: boolean;
  reason?: string;
  reasonText?: { nl: string; en: string };
  mandateId?: string;
  basis?: { kind: string; basis?: string; chain?: { kind: string; mandateId?: string }[] };
  requiredLoa: string | null;
}
interface ProblemBody {
  code: string;
  status: number;
  invalidParams?: { name: string; code: string }[];
}

const expectProblem = (res: Res<unknown>, status: number, code?: string): void => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.type).toMatch(/^application\/problem\+json/);
  if (code !== undefined) expect((res.body as ProblemBody).code).toBe(code);
};

const until = '2027-11-29';
const serviceScope = (s: Service) => ({ kind: 'service', organisationCode: s.organisationCode, serviceId: s.id });
const toPerson = (bsn: string, surname: string) => ({ kind: 'person', bsn, surname });

/** Grants through the API; anything but 201 fails the test. */
async function grant(who: string, body: Record<string, unknown>): Promise<MandateBody> {
  const res = await api<MandateBody>('POST', mandateApi.mandates, who, { validUntil: until, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function step(who: string, id: string, name: '_sign' | '_accept' | '_decline' | '_end'): Promise<Res<MandateBody>> {
  return api<MandateBody>('POST', `${mandateApi.mandate(id)}/${name}`, who);
}

const checkUrl = (q: Record<string, string>): string => `${mandateApi.check}?${new URLSearchParams(q).toString()}`;
const checkFor = (subject: string, s: Service, action = 'apply'): string =>
  checkUrl({ subjectKind: 'person', subjectId: subject, action, organisationCode: s.organisationCode, serviceId: s.id });

/** Everything a refused call must leave as it was: the mandates, the sets, the audit trail, the outbox, the processing log. */
async function state(): Promise<unknown> {
  // First the outbox events waiting are delivered (their subscribers write rows of their own).
  while ((await t.dispatcher.runOnce()) > 0);
  const db = t.database.db;
  return {
    counts: await rowCounts(db, {
      mandate: 'mandate',
      sets: 'mandate_service_set',
      setItems: 'mandate_service_set_item',
      audit: 'audit_log',
      outbox: 'event_outbox',
      processing: 'processing_log',
    }),
    mandates: (await sql`select * from mandate order by id`.execute(db)).rows,
  };
}

// ---------------------------------------------------------------------------------------------

describe('a mandate from granting to ending', () => {
  it('alice grants bob one service: 201 with Location; both see it, each with what they may do; audited with an event', async () => {
    const before = await rowCounts(t.database.db, { audit: 'audit_log', outbox: 'event_outbox' });
    const res = await api<MandateBody>('POST', mandateApi.mandates, 'alice', {
      mandatary: toPerson(bob, 'Bakker'),
      scope: serviceScope(parkeer),
      validUntil: until,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const m = res.body;
    expect(res.location).toBe(`/api/v1/mandates/${m.id}`);
    expect(m).toMatchObject({
      mandator: { kind: 'person', id: alice, name: expect.stringContaining('Aalders') as string },
      mandatary: { kind: 'person', id: bob, name: expect.stringContaining('Bakker') as string },
      scope: { kind: 'service', organisationCode: 'GM0363', serviceId: parkeer.id },
      scopeTitle: parkeer.title,
      validFrom: '2026-11-30',
      validUntil: until,
      minLoa: 'low',
      status: 'awaiting_acceptance',
      standing: 'not_accepted',
      may: { sign: false, accept: false, decline: false, end: true },
    });
    expect(m._links['end']?.href).toBe(`/api/v1/mandates/${m.id}/_end`);
    expect(m._links['accept']).toBeUndefined();
    const after = await rowCounts(t.database.db, { audit: 'audit_log', outbox: 'event_outbox' });
    expect(after.audit).toBe(before.audit + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const event = await sql<{ type: string }>`select type from event_outbox order by id desc`.execute(t.database.db);
    expect(event.rows.map((r) => r.type)).toContain('mandate.granted');

    const seenByBob = await api<MandateBody>('GET', mandateApi.mandate(m.id), 'bob');
    expect(seenByBob.status).toBe(200);
    expect(seenByBob.body.may).toEqual({ sign: false, accept: true, decline: true, end: true });
    expect(seenByBob.body._links['accept']?.href).toBe(`/api/v1/mandates/${m.id}/_accept`);

    const aliceOverview = await api<OverviewBody>('GET', mandateApi.mandates, 'alice');
    expect(aliceOverview.status).toBe(200);
    expect(aliceOverview.body.subject).toMatchObject({ kind: 'person', id: alice });
    expect(aliceOverview.body.granted.map((x) => x.id)).toContain(m.id);
    expect(aliceOverview.body.received.map((x) => x.id)).not.toContain(m.id);
    const bobOverview = await api<OverviewBody>('GET', mandateApi.mandates, 'bob');
    expect(bobOverview.body.received.map((x) => x.id)).toContain(m.id);
    expect(bobOverview.body.received.find((x) => x.id === m.id)?.may.accept).toBe(true);
  });

  it('before bob accepts, the engine says no (mandate_not_accepted); after, yes with the mandate as basis; both answers are 200', async () => {
    const m = await grant('alice', { mandatary: toPerson(bob, 'Bakker'), scope: serviceScope(paspoort) });
    const waiting = await api<CheckBody>('GET', checkFor(alice, paspoort), 'bob');
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ allow: false, reason: 'mandate_not_accepted', subject: { kind: 'person', id: alice } });
    expect(waiting.body.reasonText?.nl).toMatch(/nog niet geaccepteerd/);

    const accepted = await step('bob', m.id, '_accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'active', standing: 'in_force' });

    const yes = await api<CheckBody>('GET', checkFor(alice, paspoort), 'bob');
    expect(yes.status).toBe(200);
    expect(yes.body).toMatchObject({ allow: true, action: 'apply', requiredLoa: 'low' });
    expect(yes.body.basis?.kind).toBe('mandate');
    expect(yes.body.basis?.chain?.[0]).toMatchObject({ kind: 'mandate', mandateId: m.id });
    expect(yes.body.reason).toBeUndefined();

    // The same question in the body (BSN not in the URI): the same answer.
    const posted = await api<CheckBody>('POST', mandateApi.checkAction, 'bob', {
      subject: { kind: 'person', id: alice },
      action: 'apply',
      service: { organisationCode: 'GM0363', serviceId: paspoort.id },
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual(yes.body);

    // Another action on the same service is covered too; without a subject the check is for oneself.
    expect((await api<CheckBody>('GET', checkFor(alice, paspoort, 'read_case'), 'bob')).body.allow).toBe(true);
    const self = await api<CheckBody>('GET', checkUrl({ action: 'apply' }), 'bob');
    expect(self.body).toMatchObject({ allow: true, subject: { kind: 'person', id: bob }, basis: { kind: 'self' } });

    // Managing alice's mandates is not something a voluntary mandate gives.
    const manage = await api<CheckBody>('GET', checkUrl({ subjectKind: 'person', subjectId: alice, action: 'manage_mandates' }), 'bob');
    expect(manage.body.allow).toBe(false);

    // Ending it: bob (either side may). Then no, at once.
    const ended = await step('bob', m.id, '_end');
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', standing: 'ended', endedBy: { kind: 'person', id: bob } });
    const no = await api<CheckBody>('GET', checkFor(alice, paspoort), 'bob');
    expect(no.body).toMatchObject({ allow: false, reason: 'mandate_ended', mandateId: m.id });
  });

  it('a service outside the scope: allow false, out_of_scope (200)', async () => {
    const m = await grant('alice', { mandatary: toPerson(judy, 'Jacobs'), scope: serviceScope(parkeer) });
    expect((await step('judy', m.id, '_accept')).status).toBe(200);
    expect((await api<CheckBody>('GET', checkFor(alice, parkeer), 'judy')).body.allow).toBe(true);
    const other = await api<CheckBody>('GET', checkFor(alice, paspoort), 'judy');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ allow: false, reason: 'out_of_scope', mandateId: m.id });
    expect((await step('alice', m.id, '_end')).status).toBe(200);
  });

  it('a service that needs a higher level than the mandatary logged in with: loa_too_low with the level needed', async () => {
    await sql`update service_description set level_of_assurance = 'high' where service_id = ${paspoort.id}`.execute(t.database.db);
    try {
      const m = await grant('alice', { mandatary: toPerson(ivan, 'IJsselmuiden'), scope: serviceScope(paspoort) });
      expect(m.minLoa).toBe('high');
      expect((await step('ivan', m.id, '_accept')).status).toBe(200);
      const res = await api<CheckBody>('GET', checkFor(alice, paspoort), 'ivan');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ allow: false, reason: 'loa_too_low', requiredLoa: 'high' });
      expect((await step('ivan', m.id, '_end')).status).toBe(200);
    } finally {
      await sql`update service_description set level_of_assurance = null where service_id = ${paspoort.id}`.execute(t.database.db);
    }
  });

  it('decline, and the steps the status does not allow: 409, nothing changed; only the mandatary accepts (403)', async () => {
    const m = await grant('alice', { mandatary: toPerson(judy, 'Jacobs'), scope: serviceScope(paspoort) });
    let before = await state();
    expectProblem(await step('alice', m.id, '_accept'), 403, 'mandates.not_your_side');
    expectProblem(await step('alice', m.id, '_decline'), 403, 'mandates.not_your_side');
    expectProblem(await step('judy', m.id, '_sign'), 403);
    expect(await state()).toEqual(before);

    const declined = await step('judy', m.id, '_decline');
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', standing: 'declined' });
    expect(declined.body.may).toEqual({ sign: false, accept: false, decline: false, end: false });

    before = await state();
    expectProblem(await step('judy', m.id, '_accept'), 409, 'mandates.transition_not_allowed');
    expectProblem(await step('judy', m.id, '_decline'), 409, 'mandates.transition_not_allowed');
    expectProblem(await step('alice', m.id, '_end'), 409, 'mandates.transition_not_allowed');
    expect(await state()).toEqual(before);
    expect((await api<CheckBody>('GET', checkFor(alice, paspoort), 'judy')).body).toMatchObject({ allow: false });
  });

  it('a step takes no body: anything else is a 400, and nothing changes', async () => {
    const m = await grant('alice', { mandatary: toPerson(judy, 'Jacobs'), scope: serviceScope(parkeer) });
    const before = await state();
    expectProblem(await api('POST', `${mandateApi.mandate(m.id)}/_accept`, 'judy', { reason: 'ja' }), 400);
    expect(await state()).toEqual(before);
    expect((await api('POST', `${mandateApi.mandate(m.id)}/_accept`, 'judy', {})).status).toBe(200);
    expect((await step('judy', m.id, '_end')).status).toBe(200);
  });

  it('a grant with bad fields: 400 listing every field with its code, nothing stored', async () => {
    const before = await state();
    const res = await api<ProblemBody>('POST', mandateApi.mandates, 'alice', {
      mandatary: { kind: 'person', bsn: '12', surname: '' },
      scope: { kind: 'service', organisationCode: 'GM0363', serviceId: 'nope' },
      validUntil: '2026-13-45',
      extra: 1,
    });
    expectProblem(res, 400, 'mandates.invalid_input');
    const names = res.body.invalidParams?.map((p) => p.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining(['body.mandatary.bsn', 'body.mandatary.surname', 'body.scope.serviceId', 'body.validUntil', 'body.extra']),
    );
    // A BSN that exists with the wrong surname reaches no one.
    const wrongName = await api<ProblemBody>('POST', mandateApi.mandates, 'alice', {
      mandatary: toPerson(bob, 'Jansen'),
      scope: serviceScope(parkeer),
      validUntil: until,
    });
    expectProblem(wrongName, 400, 'mandates.unknown_mandatary');
    // Oneself.
    expectProblem(
      await api('POST', mandateApi.mandates, 'alice', {
        mandatary: toPerson(alice, 'Aalders'),
        scope: serviceScope(parkeer),
        validUntil: until,
      }),
      400,
      'mandates.self_mandate',
    );
    expect(await state()).toEqual(before);
  });
});

describe('acting for someone', () => {
  it('lists the options, switches, and ends by itself the moment the mandate ends', async () => {
    const m = await grant('alice', { mandatary: toPerson(bob, 'Bakker'), scope: serviceScope(parkeer) });
    expect((await step('bob', m.id, '_accept')).status).toBe(200);

    const options = await api<{
      items: { party: { kind: string; id: string }; name: string; basis: { kind: string; scopes?: string[] } }[];
    }>('GET', mandateApi.actingOptions, 'bob');
    expect(options.status).toBe(200);
    expect(options.body.items[0]).toMatchObject({ party: { kind: 'person', id: bob }, basis: { kind: 'self' } });
    const forAlice = options.body.items.find((o) => o.party.id === alice);
    expect(forAlice?.basis).toEqual({ kind: 'mandate', scopes: [parkeer.title] });

    expect((await api('GET', mandateApi.actingFor, 'bob')).body).toEqual({ actingFor: null });
    const auditBefore = (await rowCounts(t.database.db, { audit: 'audit_log' })).audit;
    const chosen = await api('PUT', mandateApi.actingFor, 'bob', { kind: 'person', id: alice });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body).toEqual({ actingFor: { kind: 'person', id: alice, name: expect.stringContaining('Aalders') as string } });
    expect((await rowCounts(t.database.db, { audit: 'audit_log' })).audit).toBe(auditBefore + 1);
    expect((await api('GET', mandateApi.actingFor, 'bob')).body).toMatchObject({ actingFor: { id: alice } });
    // The check without a subject is now for alice.
    const forNow = await api<CheckBody>('GET', checkUrl({ action: 'apply', organisationCode: 'GM0363', serviceId: parkeer.id }), 'bob');
    expect(forNow.body).toMatchObject({ allow: true, subject: { kind: 'person', id: alice } });

    // Acting for alice through a voluntary mandate does not let bob manage her mandates: 403, nothing stored.
    const before = await state();
    expectProblem(await api('GET', mandateApi.mandates, 'bob'), 403);
    expectProblem(
      await api('POST', mandateApi.mandates, 'bob', {
        mandatary: toPerson(carol, 'Cornelissen'),
        scope: serviceScope(parkeer),
        validUntil: until,
      }),
      403,
    );
    expect(await state()).toEqual(before);

    // Back to himself with null, then to alice again, with {} back to himself.
    expect((await api('PUT', mandateApi.actingFor, 'bob', null)).body).toEqual({ actingFor: null });
    expect((await api('GET', mandateApi.actingFor, 'bob')).body).toEqual({ actingFor: null });
    expect((await api('PUT', mandateApi.actingFor, 'bob', { kind: 'person', id: alice })).status).toBe(200);
    expect((await api('PUT', mandateApi.actingFor, 'bob', {})).body).toEqual({ actingFor: null });

    // Acting for alice when she ends the mandate: the next request of bob's is for himself again.
    expect((await api('PUT', mandateApi.actingFor, 'bob', { kind: 'person', id: alice })).status).toBe(200);
    expect((await step('alice', m.id, '_end')).status).toBe(200);
    expect((await api('GET', mandateApi.actingFor, 'bob')).body).toEqual({ actingFor: null });
    expect((await api<OverviewBody>('GET', mandateApi.mandates, 'bob')).body.subject.id).toBe(bob);
    expect(
      (await api<{ items: { party: { id: string } }[] }>('GET', mandateApi.actingOptions, 'bob')).body.items.some(
        (o) => o.party.id === alice,
      ),
    ).toBe(false);
  });

  it('a parent acts for a child by law: options, switch, the child’s overview, and a mandate granted in the child’s name', async () => {
    const options = await api<{ items: { party: { id: string }; basis: { kind: string; basis?: string } }[] }>(
      'GET',
      mandateApi.actingOptions,
      'dave',
    );
    expect(options.body.items.find((o) => o.party.id === erin)?.basis).toEqual({ kind: 'legal', basis: 'gezag' });
    const daveOverview = await api<OverviewBody>('GET', mandateApi.mandates, 'dave');
    expect(daveOverview.body.represents).toEqual([expect.objectContaining({ bsn: erin, basis: 'gezag' })]);

    const check = await api<CheckBody>('GET', checkUrl({ subjectKind: 'person', subjectId: erin, action: 'view' }), 'dave');
    expect(check.body).toMatchObject({ allow: true, basis: { kind: 'legal', basis: 'gezag' }, requiredLoa: 'substantial' });

    expect((await api('PUT', mandateApi.actingFor, 'dave', { kind: 'person', id: erin })).status).toBe(200);
    try {
      const overview = await api<OverviewBody>('GET', mandateApi.mandates, 'dave');
      expect(overview.status).toBe(200);
      expect(overview.body.subject).toMatchObject({ kind: 'person', id: erin });
      // Who represents the child: by name; the parent's BSN is not shown to citizens.
      expect(overview.body.representedBy).toEqual([expect.objectContaining({ bsn: null, basis: 'gezag' })]);
      const m = await grant('dave', { mandatary: toPerson(ivan, 'IJsselmuiden'), scope: serviceScope(parkeer) });
      expect(m.mandator).toMatchObject({ kind: 'person', id: erin });
      expect((await step('ivan', m.id, '_accept')).status).toBe(200);
      expect((await api<CheckBody>('GET', checkFor(erin, parkeer), 'ivan')).body).toMatchObject({ allow: true });
      expect((await step('dave', m.id, '_end')).status).toBe(200);
    } finally {
      await api('PUT', mandateApi.actingFor, 'dave', null);
    }
  });
});

describe('a business whose directors are only jointly authorised', () => {
  it('a director grants, the same one cannot co-sign (403), the other does; then the mandatary accepts and may act', async () => {
    const res = await api<MandateBody>('POST', mandateApi.mandates, 'gina', {
      mandatary: toPerson(bob, 'Bakker'),
      scope: { kind: 'product', uplUri: parkeerUri },
      validUntil: until,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const m = res.body;
    expect(m).toMatchObject({ mandator: { kind: 'business', id: kvkJoint }, status: 'awaiting_signature' });
    expect(m.may.sign).toBe(false);

    const before = await state();
    expectProblem(await step('gina', m.id, '_sign'), 403, 'mandates.second_signatory_must_differ');
    expectProblem(await step('bob', m.id, '_accept'), 409, 'mandates.transition_not_allowed');
    expect(await state()).toEqual(before);

    expect((await api<MandateBody>('GET', mandateApi.mandate(m.id), 'hank')).body.may.sign).toBe(true);
    const signed = await step('hank', m.id, '_sign');
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('awaiting_acceptance');
    expect((await step('bob', m.id, '_accept')).body.status).toBe('active');

    const check = await api<CheckBody>(
      'GET',
      checkUrl({ subjectKind: 'business', subjectId: kvkJoint, action: 'apply', organisationCode: 'GM0363', serviceId: parkeer.id }),
      'bob',
    );
    expect(check.body).toMatchObject({ allow: true, basis: { kind: 'mandate' } });
    const business = await api<OverviewBody>('GET', mandateApi.mandates, 'gina');
    expect(business.body.subject).toMatchObject({ kind: 'business', id: kvkJoint, name: 'Noorderlicht B.V.' });
    expect(business.body.granted.map((x) => x.id)).toContain(m.id);
  });
});

describe('whoever holds no mandate and is not a side', () => {
  it('gets 404 for a mandate and every step on it, 403 for acting for its mandator, and nothing changes', async () => {
    const m = await grant('alice', { mandatary: toPerson(bob, 'Bakker'), scope: serviceScope(paspoort) });
    const before = await state();
    // carol and kees: citizens who never held a mandate from alice; hank: logged in for an unrelated business (eHerkenning).
    for (const who of ['carol', 'kees', 'hank']) {
      expectProblem(await api('GET', mandateApi.mandate(m.id), who), 404, 'mandates.not_found');
      for (const name of ['_sign', '_accept', '_decline', '_end'] as const)
        expectProblem(await step(who, m.id, name), 404, 'mandates.not_found');
      expectProblem(await api('PUT', mandateApi.actingFor, who, { kind: 'person', id: alice }), 403, 'mandates.no_relation');
      expect((await api('GET', mandateApi.actingFor, who)).body).toEqual({ actingFor: null });
    }
    expect(await state()).toEqual(before);
    expect((await api<MandateBody>('GET', mandateApi.mandate(m.id), 'alice')).body.status).toBe('awaiting_acceptance');
    expect((await step('alice', m.id, '_end')).status).toBe(200);
  });

  it('is told no_relation by the engine, also for a BSN nobody has or a person who died (existence is not revealed)', async () => {
    const before = await state();
    for (const subject of [alice, ghost, late]) {
      for (const res of [
        await api<CheckBody>('GET', checkFor(subject, parkeer), 'carol'),
        await api<CheckBody>('POST', mandateApi.checkAction, 'carol', { subject: { kind: 'person', id: subject }, action: 'view' }),
      ]) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ allow: false, reason: 'no_relation', requiredLoa: null });
        expect(res.body.basis).toBeUndefined();
      }
      expectProblem(await api('PUT', mandateApi.actingFor, 'carol', { kind: 'person', id: subject }), 403, 'mandates.no_relation');
    }
    const unknownBusiness = await api<CheckBody>(
      'GET',
      checkUrl({ subjectKind: 'business', subjectId: '99999999', action: 'apply' }),
      'carol',
    );
    expect(unknownBusiness.body).toMatchObject({ allow: false, reason: 'no_relation' });
    expect(await state()).toEqual(before);
  });

  it('a citizen cannot use the official lookup (403); an official of another organisation cannot change its sets (403); nothing changes', async () => {
    const before = await state();
    expectProblem(await api('POST', mandateApi.lookup, 'carol', { bsn: alice }), 403, 'auth.forbidden');
    expectProblem(await api('POST', mandateApi.lookup, 'designer', { bsn: alice }), 403, 'auth.forbidden');
    expectProblem(
      await api('PUT', mandateApi.serviceSet('GM0363', 'alles'), 'otherDesigner', { name: { nl: 'Alles' }, serviceIds: [parkeer.id] }),
      403,
      'mandates.service_designers_only',
    );
    expectProblem(
      await api('PUT', mandateApi.serviceSet('GM0363', 'alles'), 'alice', { name: { nl: 'Alles' }, serviceIds: [parkeer.id] }),
      403,
    );
    expect(await state()).toEqual(before);
  });

  it('officials are not citizens: the citizen routes answer 403', async () => {
    for (const [method, url] of [
      ['GET', mandateApi.mandates],
      ['GET', mandateApi.actingOptions],
      ['GET', checkUrl({ action: 'view' })],
    ] as const)
      expectProblem(await api(method, url, 'handler'), 403, 'auth.forbidden');
  });
});

describe('nobody logged in', () => {
  it('gets 401 problem+json on every mandates route except the public list of service sets', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/v1/mandates') || r.url.includes('/service-sets'));
    expect(routes.length).toBe(16);
    for (const r of routes) {
      const url = r.url.replace(':id', '01900000-0000-7000-8000-000000000001').replace(':code', 'GM0363').replace(':setId', 'parkeren');
      const res = await api(r.method as 'GET' | 'POST' | 'PUT', url, null, r.method === 'GET' ? undefined : {});
      if (r.access === 'public') expect([200, 404], `${r.method} ${url}`).toContain(res.status);
      else expectProblem(res, 401, 'auth.login_required');
    }
  });
});

describe('the official’s help-desk lookup', () => {
  it('shows a person’s mandates in both directions with the representatives’ BSNs, and logs it in the processing log', async () => {
    const m = await grant('alice', { mandatary: toPerson(judy, 'Jacobs'), scope: serviceScope(parkeer) });
    const before = (await rowCounts(t.database.db, { processing: 'processing_log', mandate: 'mandate' })).processing;
    const res = await api<OverviewBody>('POST', mandateApi.lookup, 'handler', { bsn: alice });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.subject).toMatchObject({ kind: 'person', id: alice });
    expect(res.body.granted.map((x) => x.id)).toContain(m.id);
    expect(res.body.granted.every((x) => !x.may.end && !x.may.accept)).toBe(true);
    expect((await rowCounts(t.database.db, { processing: 'processing_log' })).processing).toBe(before + 1);

    const child = await api<OverviewBody>('POST', mandateApi.lookup, 'handler', { bsn: erin });
    expect(child.body.representedBy).toEqual([expect.objectContaining({ bsn: dave, basis: 'gezag' })]);
    const business = await api<OverviewBody>('POST', mandateApi.lookup, 'handler', { kvkNumber: kvkJoint });
    expect(business.body.subject).toMatchObject({ kind: 'business', id: kvkJoint });
    expect(business.body.granted.length).toBeGreaterThan(0);
  });

  it('asks for exactly one well-formed number (400, nothing logged)', async () => {
    const before = await state();
    expectProblem(await api('POST', mandateApi.lookup, 'handler', { bsn: alice, kvkNumber: kvkJoint }), 400, 'mandates.invalid_subject');
    expectProblem(await api('POST', mandateApi.lookup, 'handler', {}), 400, 'mandates.invalid_subject');
    const bad = await api<ProblemBody>('POST', mandateApi.lookup, 'handler', { bsn: '12ab' });
    expectProblem(bad, 400, 'mandates.invalid_bsn');
    expect(bad.body.invalidParams?.[0]?.name).toBe('body.bsn');
    expect(await state()).toEqual(before);
  });
});

describe('service sets', () => {
  it('a service designer makes a set (201, Location), changes it (200); everyone can list it; a mandate for the set covers its services', async () => {
    const url = mandateApi.serviceSet('GM0363', 'parkeren');
    expect((await api<{ items: unknown[] }>('GET', mandateApi.serviceSets('GM0363'), null)).body.items).toEqual([]);
    const made = await api('PUT', url, 'designer', { name: { nl: 'Parkeren', en: 'Parking' }, serviceIds: [parkeer.id] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.location).toBe(url);
    expect(made.body).toMatchObject({ organisationCode: 'GM0363', id: 'parkeren', name: { nl: 'Parkeren', en: 'Parking' } });
    const changed = await api('PUT', url, 'designer', { name: { nl: 'Parkeren en reizen' }, serviceIds: [parkeer.id, parkeer.id] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: { nl: 'Parkeren en reizen', en: 'Parkeren en reizen' }, serviceIds: [parkeer.id] });

    const list = await api<{ items: { id: string }[] }>('GET', mandateApi.serviceSets('gm0363'), null);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => s.id)).toEqual(['parkeren']);
    expect((await api('GET', url, null)).body).toMatchObject({ id: 'parkeren', serviceIds: [parkeer.id] });
    expectProblem(await api('GET', mandateApi.serviceSet('GM0363', 'bestaat-niet'), null), 404, 'mandates.unknown_service_set');

    const m = await grant('alice', {
      mandatary: toPerson(carol, 'Cornelissen'),
      scope: { kind: 'service_set', organisationCode: 'GM0363', setId: 'parkeren' },
    });
    expect(m.scopeTitle).toBe('Parkeren en reizen');
    expect((await step('carol', m.id, '_accept')).status).toBe(200);
    expect((await api<CheckBody>('GET', checkFor(alice, parkeer), 'carol')).body).toMatchObject({ allow: true });
    expect((await api<CheckBody>('GET', checkFor(alice, paspoort), 'carol')).body).toMatchObject({ allow: false, reason: 'out_of_scope' });
    expect((await step('carol', m.id, '_end')).status).toBe(200);
  });

  it('refuses a service that is not published there, with the field (400, nothing stored)', async () => {
    const before = await state();
    const res = await api<ProblemBody>('PUT', mandateApi.serviceSet('GM0363', 'leeg'), 'designer', {
      name: { nl: 'Leeg' },
      serviceIds: ['01900000-0000-7000-8000-00000000abcd'],
    });
    expectProblem(res, 400, 'mandates.service_not_found');
    expect(res.body.invalidParams?.[0]?.name).toBe('body.serviceIds');
    expect(await state()).toEqual(before);
  });
});
