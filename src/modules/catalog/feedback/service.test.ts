// The use cases of feedback and requests on a real database (LOKET_TEST_DB=sqlite|postgres):
// every act in one transaction with its audit record and outbox event, refusals that write
// nothing, the one-a-day rule, idempotent support, and officials of another organisation who
// find nothing. Runs on its own schema set-up, whether or not the module wires these migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, modules } from '../../../app.ts';
import { readJson, runMigrations, sql } from '../../../platform/db/index.ts';
import { EventBus } from '../../../platform/events/index.ts';
import { httpFailures } from '../../../platform/http/problem.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { ProcessingLog } from '../../../platform/processing-log/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/db.ts';
import type { Service } from '../model.ts';
import * as service from './service.ts';
import { feedbackMigrations } from './store.ts';
import {
  addServices,
  businessIdentity,
  movableClock,
  officialIdentity,
  paspoortUri,
  personIdentity,
  principal,
  rijbewijsUri,
  rowCounts,
  supportTotal,
} from './test-fixtures.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const clock = movableClock('2026-11-29T10:00:00Z');
let database: TestDatabase;
let ctx: ModuleContext;
let published: Service; // GM0363 paspoort
let draft: Service; // GM0363 rijbewijs
let utrecht: Service; // GM0344 paspoort

const alice = principal(personIdentity('999993653'));
const bob = principal(personIdentity('111222333'));
const carol = principal(personIdentity('123456782'));
const acme = principal(businessIdentity('12345678'));
const designer = principal(officialIdentity('GM0363', ['service_designer']));
const qualityManager = principal(officialIdentity('GM0363', ['quality_manager']));
const caseHandler = principal(officialIdentity('GM0363', ['case_handler']));
const utrechtDesigner = principal(officialIdentity('GM0344', ['service_designer']));
const origin = { requestId: 'test-request-0001' };

/** The schema with this sub-capability's tables, wired into the catalog module or not. */
function allMigrations() {
  const names = Object.keys(feedbackMigrations);
  const wired = migrations.some((set) => names.every((n) => n in set));
  return wired ? migrations : [...migrations, feedbackMigrations];
}

beforeAll(async () => {
  database = await createTestDatabase('feedback');
  const config = testConfig();
  ctx = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(config.secret ?? 'x'.repeat(32)) };
  await runMigrations(database.db, database.dialect, allMigrations());
  for (const m of modules) await m.loadReferenceData?.(ctx);
  [published, draft, utrecht] = (await addServices(ctx, [
    { organisationCode: 'GM0363', uplUri: paspoortUri, status: 'published' },
    { organisationCode: 'GM0363', uplUri: rijbewijsUri, status: 'draft' },
    { organisationCode: 'GM0344', uplUri: paspoortUri, status: 'published' },
  ])) as [Service, Service, Service];
});
afterAll(() => database.cleanup());

const ref = (s: Service) => ({ organisationCode: s.organisationCode, serviceId: s.id });

async function events(type: string): Promise<{ payload: Record<string, unknown>; requestId: string | null; aggregateId: string | null }[]> {
  const rows = await database.db
    .selectFrom('event_outbox')
    .selectAll()
    .where('type', '=', type)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ payload: readJson<Record<string, unknown>>(r.payload), requestId: r.request_id, aggregateId: r.aggregate_id }));
}

async function audits(action: string) {
  return database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
}

/** Everything the use cases stored, as text: to prove no BSN or KVK number is in it. */
async function storedText(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['service_feedback', 'service_request', 'service_request_support', 'event_outbox']) {
    parts.push((await sql`select * from ${sql.table(table)}`.execute(database.db)).rows);
  }
  parts.push(
    await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'catalog.%')
      .where('action', 'not like', 'catalog.upl%')
      .execute(),
  );
  return JSON.stringify(parts);
}

describe('feedback on a service', () => {
  it('stores a rating and text on a published service, with one audit record and one event, in one go', async () => {
    const before = await rowCounts(database);
    const given = await service.giveFeedback(ctx, alice, ref(published), { rating: 4, text: '  Snel geregeld.  ' }, origin);
    expect(given).toEqual({
      ok: true,
      value: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        organisationCode: 'GM0363',
        serviceId: published.id,
        rating: 4,
        text: 'Snel geregeld.',
        givenOn: '2026-11-29',
        giverKind: 'person',
        answer: null,
      },
    });
    const after = await rowCounts(database);
    expect(after).toEqual({
      ...before,
      service_feedback: before['service_feedback']! + 1,
      audit_log: before['audit_log']! + 1,
      event_outbox: before['event_outbox']! + 1,
    });
    const [event] = await events('catalog.feedback_given');
    expect(event).toEqual({
      payload: { organisationCode: 'GM0363', serviceId: published.id, uplUri: paspoortUri, rating: 4, hasText: true },
      requestId: origin.requestId,
      aggregateId: `GM0363/${published.id}`,
    });
    const [audit] = await audits('catalog.feedback_given');
    expect(audit).toMatchObject({ actor_type: 'person', object_type: 'service_feedback', request_id: origin.requestId });
    expect(audit?.actor_id).toMatch(/^pseudonym:[0-9a-f]{64}$/);
    if (given.ok) expect(audit?.object_id).toBe(given.value.id);
  });

  it('a business gives feedback too; the organisation code in the path may be lower case', async () => {
    const given = await service.giveFeedback(ctx, acme, { organisationCode: 'gm0363', serviceId: published.id }, { rating: 2 }, origin);
    expect(given.ok && given.value).toMatchObject({ organisationCode: 'GM0363', giverKind: 'business', text: null });
    const [, event] = await events('catalog.feedback_given');
    expect(event?.payload).toEqual({ organisationCode: 'GM0363', serviceId: published.id, uplUri: paspoortUri, rating: 2, hasText: false });
  });

  it('refuses feedback on a draft service with a stable code, and writes nothing', async () => {
    const before = await rowCounts(database);
    const r = await service.giveFeedback(ctx, bob, ref(draft), { rating: 5 }, origin);
    expect(!r.ok && r.failure).toMatchObject({ code: 'catalog.service_not_published', status: 409 });
    expect(await rowCounts(database)).toEqual(before);
  });

  it('answers an unknown or malformed service with 404, bad input with 400 per field, and writes nothing', async () => {
    const before = await rowCounts(database);
    const unknown = await service.giveFeedback(ctx, bob, { organisationCode: 'GM0363', serviceId: utrecht.id }, { rating: 5 });
    expect(!unknown.ok && unknown.failure.code).toBe('catalog.service_not_found');
    const malformed = await service.giveFeedback(ctx, bob, { organisationCode: 'GM0363', serviceId: 'nope' }, { rating: 5 });
    expect(!malformed.ok && malformed.failure.status).toBe(404);
    const bad = await service.giveFeedback(ctx, bob, ref(published), { rating: 7, text: 'x'.repeat(2001) });
    expect(!bad.ok && bad.failure).toMatchObject({
      code: 'catalog.invalid_input',
      status: 400,
      invalidParams: [
        { name: 'rating', code: 'catalog.invalid_rating' },
        { name: 'text', code: 'catalog.text_too_long' },
      ],
    });
    expect(await rowCounts(database)).toEqual(before);
  });

  it('is for logged-in persons and businesses only', async () => {
    const anon = await service.giveFeedback(ctx, { kind: 'anonymous' }, ref(published), { rating: 5 });
    expect(!anon.ok && anon.failure).toEqual(httpFailures.unauthorized());
    const official = await service.giveFeedback(ctx, designer, ref(published), { rating: 5 });
    expect(!official.ok && official.failure).toMatchObject({ code: 'catalog.citizens_only', status: 403 });
  });

  it('takes one feedback per giver per service per day: a second the same day is refused, the next day is fine', async () => {
    const before = await rowCounts(database);
    const again = await service.giveFeedback(ctx, alice, ref(published), { rating: 1, text: 'Toch niet.' }, origin);
    expect(!again.ok && again.failure).toMatchObject({ code: 'catalog.feedback_already_given_today', status: 409 });
    expect(await rowCounts(database)).toEqual(before);
    // Another service the same day is another matter.
    expect((await service.giveFeedback(ctx, alice, ref(utrecht), { rating: 3 })).ok).toBe(true);
    // The day is the Dutch calendar day: 23:30 UTC on 29 November is already 30 November in Amsterdam.
    clock.set('2026-11-29T23:30:00Z');
    const tomorrow = await service.giveFeedback(ctx, alice, ref(published), { rating: 5, text: 'Nu wel goed.' });
    expect(tomorrow.ok && tomorrow.value.givenOn).toBe('2026-11-30');
    clock.set('2026-11-29T10:00:00Z');
  });

  it('lets only one of two simultaneous submissions of the same giver through', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => service.giveFeedback(ctx, carol, ref(utrecht), { rating: ((i % 5) + 1) as 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.failure.code).toBe('catalog.feedback_already_given_today');
    const rows = await sql<{ n: number }>`select count(*) as n from service_feedback where organisation_code = 'GM0344'`.execute(
      database.db,
    );
    expect(Number(rows.rows[0]?.n)).toBe(2); // alice's and carol's
  });

  it('rolls back the feedback and its audit record when the event cannot be written', async () => {
    const before = await rowCounts(database);
    const failing = new EventBus();
    failing.emit = () => Promise.reject(new Error('outbox unavailable'));
    await expect(service.giveFeedback({ ...ctx, bus: failing }, bob, ref(utrecht), { rating: 4 })).rejects.toThrow('outbox unavailable');
    expect(await rowCounts(database)).toEqual(before);
  });

  it('stores no BSN or KVK number anywhere: not in the feedback, the audit trail or the events', async () => {
    const text = await storedText();
    for (const number of ['999993653', '111222333', '123456782', '12345678']) expect(text).not.toContain(number);
    expect(text).toContain('Snel geregeld.');
  });
});

describe('who sees what of a service’s feedback', () => {
  it('everyone sees the summary: count, one-decimal average, counts per rating, answered', async () => {
    // GM0363 paspoort: alice 4 (29 Nov), acme 2, alice 5 (30 Nov).
    expect(await service.feedbackSummary(database.db, 'GM0363', published.id)).toEqual({
      count: 3,
      averageRating: 3.7,
      ratingCounts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 },
      answered: 0,
      answeredShare: 0,
    });
    expect(await service.feedbackSummary(database.db, 'GM0363', draft.id)).toMatchObject({ count: 0, averageRating: null });
    expect(await service.feedbackSummary(database.db, 'GM0363', 'not-an-id')).toMatchObject({ count: 0 });
    const anon = await service.serviceFeedback(ctx, { kind: 'anonymous' }, ref(published));
    expect(anon.ok && anon.value).toMatchObject({ view: 'public', items: [], total: 0, summary: { count: 3 } });
  });

  it('an answerer of the organisation sees every item, newest first, without who gave it', async () => {
    for (const p of [designer, qualityManager]) {
      const r = await service.serviceFeedback(ctx, p, ref(published));
      expect(r.ok && r.value.view).toBe('organisation');
      expect(r.ok && r.value.items.map((i) => i.rating)).toEqual([5, 2, 4]);
      expect(r.ok && r.value.total).toBe(3);
      expect(r.ok && Object.keys(r.value.items[0] ?? {}).sort()).toEqual(
        ['answer', 'giverKind', 'givenOn', 'id', 'organisationCode', 'rating', 'serviceId', 'text'].sort(),
      );
    }
    const paged = await service.serviceFeedback(ctx, designer, ref(published), { limit: 1, offset: 1 });
    expect(paged.ok && paged.value.items.map((i) => i.rating)).toEqual([2]);
  });

  it('a citizen sees only their own items; officials of another organisation or role see the summary only', async () => {
    const own = await service.serviceFeedback(ctx, alice, ref(published));
    expect(own.ok && own.value.view).toBe('own');
    expect(own.ok && own.value.items.map((i) => i.rating)).toEqual([5, 4]);
    const none = await service.serviceFeedback(ctx, bob, ref(published));
    expect(none.ok && none.value).toMatchObject({ view: 'own', items: [] });
    for (const p of [utrechtDesigner, caseHandler]) {
      const r = await service.serviceFeedback(ctx, p, ref(published));
      expect(r.ok && r.value).toMatchObject({ view: 'public', items: [] });
    }
  });

  it('a draft service is not found, except for its own organisation', async () => {
    const r = await service.serviceFeedback(ctx, alice, ref(draft));
    expect(!r.ok && r.failure.code).toBe('catalog.service_not_found');
    const own = await service.serviceFeedback(ctx, designer, ref(draft));
    expect(own.ok && own.value).toMatchObject({ view: 'organisation', items: [] });
  });
});

describe('answering feedback', () => {
  let itemId = '';
  beforeAll(async () => {
    const r = await service.serviceFeedback(ctx, designer, ref(published));
    itemId = (r.ok && r.value.items.find((i) => i.rating === 4)?.id) || '';
  });

  it('officials of another organisation get the same 404 as for an unknown id, and nothing is written', async () => {
    const before = await rowCounts(database);
    const other = await service.answerFeedback(ctx, utrechtDesigner, { ...ref(published), feedbackId: itemId }, { text: 'Hallo' });
    const otherOwnOrg = await service.answerFeedback(
      ctx,
      utrechtDesigner,
      { organisationCode: 'GM0344', feedbackId: itemId },
      { text: 'Hallo' },
    );
    const unknown = await service.answerFeedback(ctx, designer, { ...ref(published), feedbackId: draft.id }, { text: 'Hallo' });
    const wrongService = await service.answerFeedback(ctx, designer, { ...ref(utrecht), feedbackId: itemId }, { text: 'Hallo' });
    expect(!unknown.ok && unknown.failure).toEqual(service.feedbackFailures.feedbackNotFound());
    for (const r of [other, otherOwnOrg, wrongService]) expect(!r.ok && r.failure).toEqual(!unknown.ok && unknown.failure);
    const role = await service.answerFeedback(ctx, caseHandler, { ...ref(published), feedbackId: itemId }, { text: 'Hallo' });
    expect(!role.ok && role.failure).toMatchObject({ code: 'catalog.role_not_allowed', status: 403 });
    const empty = await service.answerFeedback(ctx, designer, { ...ref(published), feedbackId: itemId }, { text: '  ' });
    expect(!empty.ok && empty.failure).toMatchObject({ code: 'catalog.required', status: 400 });
    expect(await rowCounts(database)).toEqual(before);
  });

  it('an answerer answers once; the giver sees the answer, the public sees the answered count', async () => {
    const r = await service.answerFeedback(ctx, qualityManager, { ...ref(published), feedbackId: itemId }, { text: 'Dank u wel!' }, origin);
    expect(r.ok && r.value).toMatchObject({
      id: itemId,
      rating: 4,
      answer: { text: 'Dank u wel!', answeredAt: '2026-11-29T10:00:00.000Z' },
    });
    expect((await events('catalog.feedback_answered')).map((e) => e.payload)).toEqual([
      { organisationCode: 'GM0363', serviceId: published.id, uplUri: paspoortUri, feedbackId: itemId, rating: 4 },
    ]);
    const [audit] = await audits('catalog.feedback_answered');
    expect(audit).toMatchObject({
      actor_type: 'official',
      actor_id: qualityManager.kind === 'official' ? qualityManager.officialId : '',
      organisation_id: 'GM0363',
    });

    const before = await rowCounts(database);
    const twice = await service.answerFeedback(ctx, designer, { ...ref(published), feedbackId: itemId }, { text: 'Nog eens' });
    expect(!twice.ok && twice.failure).toMatchObject({ code: 'catalog.feedback_already_answered', status: 409 });
    expect(await rowCounts(database)).toEqual(before);

    const own = await service.serviceFeedback(ctx, alice, ref(published));
    expect(own.ok && own.value.items.find((i) => i.id === itemId)?.answer?.text).toBe('Dank u wel!');
    expect(await service.feedbackSummary(database.db, 'GM0363', published.id)).toMatchObject({
      count: 3,
      answered: 1,
      answeredShare: 0.33,
    });
  });

  it('the inbox lists the organisation’s feedback with service titles, newest first, and its requests', async () => {
    const inbox = await service.organisationInbox(ctx, designer, {
      feedback: { limit: 20, offset: 0 },
      requests: { limit: 20, offset: 0 },
    });
    expect(inbox.ok && inbox.value.organisationCode).toBe('GM0363');
    expect(inbox.ok && inbox.value.feedback.items.map((f) => [f.serviceTitle, f.rating])).toEqual([
      ['Paspoort', 5],
      ['Paspoort', 2],
      ['Paspoort', 4],
    ]);
    const citizen = await service.organisationInbox(ctx, alice, { feedback: { limit: 20, offset: 0 }, requests: { limit: 20, offset: 0 } });
    expect(!citizen.ok && citizen.failure.status).toBe(403);
  });
});

describe('requests for a new service', () => {
  let toAmsterdam = '';
  let toAnyone = '';

  it('a person asks an organisation for a service; their own support counts once; one audit record, one event', async () => {
    const before = await rowCounts(database);
    const r = await service.createServiceRequest(
      ctx,
      alice,
      {
        organisationCode: 'gm0363',
        title: ' Hondenbelasting online opzeggen ',
        description: 'Nu moet het per brief.',
        audience: 'citizen',
      },
      origin,
    );
    expect(r.ok && r.value).toMatchObject({
      organisationCode: 'GM0363',
      organisationName: 'Amsterdam',
      title: 'Hondenbelasting online opzeggen',
      status: 'open',
      supportCount: 1,
      requesterKind: 'person',
      answer: null,
    });
    toAmsterdam = r.ok ? r.value.id : '';
    expect(await rowCounts(database)).toEqual({
      ...before,
      service_request: before['service_request']! + 1,
      service_request_support: before['service_request_support']! + 1,
      audit_log: before['audit_log']! + 1,
      event_outbox: before['event_outbox']! + 1,
    });
    expect((await events('catalog.service_requested')).map((e) => e.payload)).toEqual([
      { requestId: toAmsterdam, organisationCode: 'GM0363', title: 'Hondenbelasting online opzeggen', audience: 'citizen' },
    ]);
  });

  it('a business asks "any government"', async () => {
    clock.set('2026-11-29T11:00:00Z');
    const r = await service.createServiceRequest(ctx, acme, { title: 'Eén loket voor vergunningen', audience: 'business' }, origin);
    expect(r.ok && r.value).toMatchObject({ organisationCode: null, organisationName: null, requesterKind: 'business', description: null });
    toAnyone = r.ok ? r.value.id : '';
  });

  it('refuses bad input (every field) and unknown organisations, writing nothing; only citizens may ask', async () => {
    const before = await rowCounts(database);
    const bad = await service.createServiceRequest(ctx, alice, { title: 'x', audience: 'everyone', organisationCode: 42 });
    expect(!bad.ok && bad.failure.invalidParams?.map((p) => `${p.name}:${p.code}`).sort()).toEqual([
      'audience:catalog.invalid_choice',
      'organisationCode:catalog.invalid_organisation',
      'title:catalog.text_too_short',
    ]);
    const unknown = await service.createServiceRequest(ctx, alice, { title: 'Iets', audience: 'both', organisationCode: 'GM9999' });
    expect(!unknown.ok && unknown.failure).toMatchObject({ code: 'catalog.unknown_organisation', status: 400 });
    const official = await service.createServiceRequest(ctx, designer, { title: 'Iets', audience: 'both' });
    expect(!official.ok && official.failure.status).toBe(403);
    const anon = await service.createServiceRequest(ctx, { kind: 'anonymous' }, { title: 'Iets', audience: 'both' });
    expect(!anon.ok && anon.failure.status).toBe(401);
    expect(await rowCounts(database)).toEqual(before);
  });

  it('counts each supporter once: supporting again, or your own request, changes nothing and writes nothing', async () => {
    let before = await rowCounts(database);
    const own = await service.supportServiceRequest(ctx, alice, toAmsterdam, origin);
    expect(own).toEqual({ ok: true, value: { supportCount: 1, counted: false } });
    expect(await rowCounts(database)).toEqual(before);

    const first = await service.supportServiceRequest(ctx, bob, toAmsterdam, origin);
    expect(first).toEqual({ ok: true, value: { supportCount: 2, counted: true } });
    expect(await rowCounts(database)).toEqual({
      ...before,
      service_request_support: before['service_request_support']! + 1,
      audit_log: before['audit_log']! + 1,
      event_outbox: before['event_outbox']! + 1,
    });
    before = await rowCounts(database);
    expect(await service.supportServiceRequest(ctx, bob, toAmsterdam, origin)).toEqual({
      ok: true,
      value: { supportCount: 2, counted: false },
    });
    expect(await rowCounts(database)).toEqual(before);
    expect((await events('catalog.service_request_supported')).map((e) => e.payload)).toEqual([
      { requestId: toAmsterdam, organisationCode: 'GM0363', supportCount: 2 },
    ]);
  });

  it('counts simultaneous supports of one supporter once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => service.supportServiceRequest(ctx, carol, toAmsterdam)));
    expect(results.filter((r) => r.ok && r.value.counted)).toHaveLength(1);
    const found = await service.getServiceRequest(ctx, carol, toAmsterdam);
    expect(found.ok && found.value).toMatchObject({ supportCount: 3, supportedByYou: true, yours: false });
    const mine = await service.getServiceRequest(ctx, alice, toAmsterdam);
    expect(mine.ok && mine.value).toMatchObject({ yours: true, supportedByYou: true });
    const anon = await service.getServiceRequest(ctx, { kind: 'anonymous' }, toAmsterdam);
    expect(anon.ok && anon.value).toMatchObject({ yours: false, supportedByYou: false, supportCount: 3 });
  });

  it('refuses support from officials and anonymous users, and for unknown requests', async () => {
    const total = await supportTotal(database);
    expect((await service.supportServiceRequest(ctx, designer, toAmsterdam)).ok).toBe(false);
    const anon = await service.supportServiceRequest(ctx, { kind: 'anonymous' }, toAmsterdam);
    expect(!anon.ok && anon.failure.status).toBe(401);
    const unknown = await service.supportServiceRequest(ctx, bob, published.id);
    expect(!unknown.ok && unknown.failure.code).toBe('catalog.service_request_not_found');
    expect(await supportTotal(database)).toBe(total);
  });

  it('lists requests newest first or most supported first, per organisation, paged', async () => {
    const newest = await service.listServiceRequests(ctx, { sort: 'newest', limit: 20, offset: 0 });
    expect(newest.items.map((r) => r.id)).toEqual([toAnyone, toAmsterdam]);
    expect(newest.total).toBe(2);
    const support = await service.listServiceRequests(ctx, { sort: 'support', limit: 20, offset: 0 });
    expect(support.items.map((r) => [r.id, r.supportCount])).toEqual([
      [toAmsterdam, 3],
      [toAnyone, 1],
    ]);
    const amsterdam = await service.listServiceRequests(ctx, { organisationCode: 'gm0363', sort: 'newest', limit: 20, offset: 0 });
    expect(amsterdam).toMatchObject({ total: 1, items: [{ id: toAmsterdam, organisationName: 'Amsterdam' }] });
    const page2 = await service.listServiceRequests(ctx, { sort: 'newest', limit: 1, offset: 1 });
    expect(page2).toMatchObject({ total: 2, items: [{ id: toAmsterdam }] });
  });

  it('officials of another organisation, and any official for an "any government" request, get the same 404 as for an unknown id', async () => {
    const before = await rowCounts(database);
    const answer = { status: 'under_consideration', text: 'We kijken ernaar.' };
    const unknown = await service.answerServiceRequest(ctx, designer, published.id, answer);
    expect(!unknown.ok && unknown.failure).toEqual(service.feedbackFailures.requestNotFound());
    for (const r of [
      await service.answerServiceRequest(ctx, utrechtDesigner, toAmsterdam, answer),
      await service.answerServiceRequest(ctx, designer, toAnyone, answer),
      await service.answerServiceRequest(ctx, designer, 'garbage', answer),
    ]) {
      expect(!r.ok && r.failure).toEqual(!unknown.ok && unknown.failure);
    }
    const role = await service.answerServiceRequest(ctx, caseHandler, toAmsterdam, answer);
    expect(!role.ok && role.failure.status).toBe(403);
    expect(await rowCounts(database)).toEqual(before);
  });

  it('moves through the state machine with public answers; a wrong step is refused and writes nothing', async () => {
    const before = await rowCounts(database);
    const skip = await service.answerServiceRequest(ctx, designer, toAmsterdam, { status: 'planned', text: 'Komt eraan.' });
    expect(!skip.ok && skip.failure).toMatchObject({ code: 'catalog.request_status_transition_invalid', status: 409 });
    const bad = await service.answerServiceRequest(ctx, designer, toAmsterdam, { status: 'done' });
    expect(!bad.ok && bad.failure.invalidParams?.map((p) => p.name).sort()).toEqual(['status', 'text']);
    expect(await rowCounts(database)).toEqual(before);

    const steps = [
      ['under_consideration', 'We kijken ernaar.'],
      ['planned', 'In het voorjaar van 2027.'],
      ['planned', 'Het wordt april 2027.'],
      ['realised', 'Het kan nu online.'],
    ] as const;
    for (const [status, text] of steps) {
      const r = await service.answerServiceRequest(ctx, qualityManager, toAmsterdam, { status, text }, origin);
      expect(r.ok && r.value).toMatchObject({ status, answer: { text }, organisationName: 'Amsterdam' });
    }
    expect((await events('catalog.service_request_answered')).map((e) => [e.payload['previousStatus'], e.payload['status']])).toEqual([
      ['open', 'under_consideration'],
      ['under_consideration', 'planned'],
      ['planned', 'planned'],
      ['planned', 'realised'],
    ]);
    expect((await audits('catalog.service_request_answered')).map((a) => readJson(a.details))).toEqual([
      { from: 'open', to: 'under_consideration' },
      { from: 'under_consideration', to: 'planned' },
      { from: 'planned', to: 'planned' },
      { from: 'planned', to: 'realised' },
    ]);
    const publicView = await service.getServiceRequest(ctx, { kind: 'anonymous' }, toAmsterdam);
    expect(publicView.ok && publicView.value).toMatchObject({ status: 'realised', answer: { text: 'Het kan nu online.' } });
  });

  it('a realised request takes no more answers or support', async () => {
    const before = await rowCounts(database);
    const again = await service.answerServiceRequest(ctx, designer, toAmsterdam, { status: 'declined', text: 'Toch niet.' });
    expect(!again.ok && again.failure.code).toBe('catalog.request_status_transition_invalid');
    const support = await service.supportServiceRequest(ctx, principal(personIdentity('100000009')), toAmsterdam);
    expect(!support.ok && support.failure).toMatchObject({ code: 'catalog.service_request_closed', status: 409 });
    expect(await rowCounts(database)).toEqual(before);
  });

  it('writes every event of this sub-capability without personal data', async () => {
    const types = (await database.db.selectFrom('event_outbox').select('type').where('type', 'like', 'catalog.%').execute()).map(
      (r) => r.type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'catalog.feedback_given',
        'catalog.feedback_answered',
        'catalog.service_requested',
        'catalog.service_request_supported',
        'catalog.service_request_answered',
      ]),
    );
    const text = await storedText();
    for (const number of ['999993653', '111222333', '123456782', '12345678', '100000009']) expect(text).not.toContain(number);
  });
});
