// Cases on a real database (LOKET_TEST_DB=sqlite|postgres): submit, read, the work queue and the actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import type { Principal } from '../../platform/auth/model.ts';
import { sql } from '../../platform/db/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock, legalCalendar, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { bsnSeries } from '../registry/people/test-fixtures.ts';
import { computeDecisionDue, decisionTermBasis, objectionTerm } from './model.ts';
import { deliveryLegalRules } from './reference.ts';
import {
  claimCase,
  decideCase,
  getCase,
  listMyCases,
  requestInformation,
  submitApplication,
  withdrawApplication,
  workQueue,
  type DeliveryCase,
} from './service.ts';
import { listMessages } from './messages/service.ts';
import {
  applicationProducts,
  caseHandlerOf,
  keySeries,
  openTestContext,
  personPrincipal,
  publishedServices,
  rowCount,
  rowCounts,
  seedCatalog,
  submitCase,
  type PublishedService,
  type TestContext,
  type TestDatabase,
} from './test-fixtures.ts';

const today = '2026-11-30' as IsoDate; // a Monday
const clock = fixedClock('2026-11-30T10:00:00Z');

let database: TestDatabase;
let ctx: TestContext;
/** Published services without a shipped form (the default "toelichting" form applies). */
let published: PublishedService[] = [];
let draft: { organisationCode: string; id: string };

const [aliceBsn = '', bobBsn = ''] = bsnSeries(12_345_670, 2);
const alice = personPrincipal(aliceBsn);
const bob = personPrincipal(bobBsn);
const handlerOf = (organisationCode: string): Principal => caseHandlerOf(organisationCode, '01900000-0000-7000-8000-000000000001');

const key = keySeries('test-key-');

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'delivery', clock);
  database = ctx.database;
  // A few national application products: each goes to one organisation.
  await seedCatalog(ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, applicationProducts(8));
  published = await publishedServices(database.db, 'id');
  if (published.length < 3) throw new Error(`expected at least 3 published services, got ${published.length}`);
  // One of them is taken back to draft for the refusal test.
  const taken = published.pop();
  if (!taken) throw new Error('no service');
  draft = taken;
  await sql`update service set status = 'draft' where organisation_code = ${taken.organisationCode} and id = ${taken.id}`.execute(
    database.db,
  );
});
afterAll(() => database.cleanup());

const count = (table: string): Promise<number> => rowCount(database.db, table);
const counts = (): Promise<Record<string, number>> =>
  rowCounts(database.db, {
    cases: 'delivery_case',
    events: 'delivery_case_event',
    counters: 'delivery_case_counter',
    audit: 'audit_log',
    outbox: 'event_outbox',
    processing: 'processing_log',
  });

const service = (i = 0): PublishedService => {
  const s = published[i];
  if (!s) throw new Error(`no published service ${i}`);
  return s;
};

const submit = (principal: Principal, i = 0, answers: unknown = { toelichting: 'Ik vraag dit aan.' }): Promise<DeliveryCase> =>
  submitCase(ctx, principal, service(i), answers, key());

describe('submitApplication', () => {
  it('stores a case with a case number, a working-day due date, its timeline, audit record, processing-log line and outbox event', async () => {
    const before = await counts();
    const s = service(0);
    const r = await submitApplication(ctx, alice, {
      organisationCode: s.organisationCode,
      serviceId: s.id,
      answers: { toelichting: '  Graag een vergunning.  ' },
      idempotencyKey: key(),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const kase = r.value.case;
    expect(r.value.replayed).toBe(false);
    expect(kase.caseNumber).toMatch(/^Z-2026-\d{6}$/);
    expect(kase.status).toBe('submitted');
    expect(kase.formId).toBe('toelichting');
    expect(kase.applicant).toEqual({ kind: 'person', id: aliceBsn });
    expect(kase.receivedOn).toBe(today);
    const expected = computeDecisionDue({ receivedOn: today, term: decisionTermBasis(kase.statutoryTermWeeks, 8) }).dueDate;
    expect(kase.dueDate).toBe(expected);
    expect(kase.dueDate).not.toBeNull();
    expect(legalCalendar.isNonWorkingDay(kase.dueDate as IsoDate)).toBe(false);
    expect(kase.dueDate! > today).toBe(true);

    expect(await counts()).toEqual({
      ...before,
      cases: before.cases! + 1,
      events: before.events! + 1,
      counters: before.counters! + 1,
      audit: before.audit! + 1,
      // case.submitted, and message.created for the receipt letter
      outbox: before.outbox! + 2,
      processing: before.processing! + 1,
    });
    const receipt = await listMessages(ctx, alice, {});
    expect(receipt.ok && receipt.value.items.map((m) => [m.kind, m.subject, m.case?.caseNumber])).toContainEqual([
      'receipt',
      `Wij hebben uw aanvraag ontvangen (zaak ${kase.caseNumber})`,
      kase.caseNumber,
    ]);
    const event = await database.db
      .selectFrom('event_outbox')
      .select(['type', 'aggregate_id'])
      .where('aggregate_id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(event.type).toBe('case.submitted');
    const audit = await database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('object_id', '=', kase.id).execute();
    expect(audit).toEqual([{ action: 'delivery.case_submitted', actor_id: aliceBsn }]);

    // Stored as read back.
    const read = await getCase(ctx, alice, kase.organisationCode, kase.id);
    expect(read.ok && read.value.case).toEqual(kase);
    expect(read.ok && read.value.case.answers).toEqual({ toelichting: 'Graag een vergunning.' });
    expect(read.ok && read.value.timeline.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([['submit', null, 'submitted']]);
    expect(read.ok && read.value.actions).toEqual(['withdraw']);
  });

  it('numbers the cases of an organisation one after another', async () => {
    const a = await submit(alice, 1);
    const b = await submit(bob, 1);
    const n = (c: DeliveryCase): number => Number(c.caseNumber.slice(-6));
    expect(n(b)).toBe(n(a) + 1);
  });

  it('is idempotent: a second submit with the same key gives the same case and stores nothing', async () => {
    const s = service(0);
    const input = { organisationCode: s.organisationCode, serviceId: s.id, answers: { toelichting: 'Eén keer.' }, idempotencyKey: key() };
    const first = await submitApplication(ctx, alice, input);
    const before = await counts();
    const second = await submitApplication(ctx, alice, { ...input, answers: { toelichting: 'Anders' } });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.replayed).toBe(true);
    expect(second.value.case).toEqual(first.value.case);
    expect(await counts()).toEqual(before);
    // The same key is someone else's own key: a new case for them.
    const bobs = await submitApplication(ctx, bob, input);
    expect(bobs.ok && bobs.value.replayed).toBe(false);
    expect(bobs.ok && bobs.value.case.id).not.toBe(first.value.case.id);
  });

  it('refuses a draft (unpublished) service and an unknown one with the same answer, storing nothing', async () => {
    const before = await counts();
    const r = await submitApplication(ctx, alice, {
      organisationCode: draft.organisationCode,
      serviceId: draft.id,
      answers: { toelichting: 'x' },
      idempotencyKey: key(),
    });
    expect(!r.ok && r.failure.code).toBe('delivery.service_not_available');
    const unknown = await submitApplication(ctx, alice, {
      organisationCode: draft.organisationCode,
      serviceId: '01900000-0000-7000-8000-0000000000ff',
      answers: { toelichting: 'x' },
      idempotencyKey: key(),
    });
    expect(!unknown.ok && unknown.failure).toEqual(!r.ok && r.failure);
    const malformed = await submitApplication(ctx, alice, {
      organisationCode: "'; drop table x",
      serviceId: 'not-a-uuid',
      answers: {},
      idempotencyKey: key(),
    });
    expect(!malformed.ok && malformed.failure.code).toBe('delivery.service_not_available');
    expect(await counts()).toEqual(before);
  });

  it('refuses invalid answers with every problem and stores nothing', async () => {
    const before = await counts();
    const s = service(0);
    const r = await submitApplication(ctx, alice, {
      organisationCode: s.organisationCode,
      serviceId: s.id,
      answers: { forged: 'x' },
      idempotencyKey: key(),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.code).toBe('delivery.form.invalid_answers');
    expect(r.failure.status).toBe(400);
    expect(r.failure.invalidParams?.map((p) => [p.name, p.code]).sort()).toEqual([
      ['forged', 'delivery.form.unknown_field'],
      ['toelichting', 'delivery.form.required'],
    ]);
    const notAnObject = await submitApplication(ctx, alice, {
      organisationCode: s.organisationCode,
      serviceId: s.id,
      answers: 'x',
      idempotencyKey: key(),
    });
    expect(!notAnObject.ok && notAnObject.failure.code).toBe('delivery.form.invalid_answers');
    const badKey = await submitApplication(ctx, alice, {
      organisationCode: s.organisationCode,
      serviceId: s.id,
      answers: {},
      idempotencyKey: 'x',
    });
    expect(!badKey.ok && badKey.failure.code).toBe('delivery.invalid_idempotency_key');
    const otherForm = await submitApplication(ctx, alice, {
      organisationCode: s.organisationCode,
      serviceId: s.id,
      formId: 'parkeervergunning',
      answers: {},
      idempotencyKey: key(),
    });
    expect(!otherForm.ok && otherForm.failure.code).toBe('delivery.unknown_form');
    expect(await counts()).toEqual(before);
  });

  it('is for citizens and businesses only', async () => {
    const s = service(0);
    const input = { organisationCode: s.organisationCode, serviceId: s.id, answers: { toelichting: 'x' }, idempotencyKey: key() };
    const official = await submitApplication(ctx, handlerOf(s.organisationCode), input);
    expect(!official.ok && official.failure.code).toBe('delivery.applicants_only');
    const anonymous = await submitApplication(ctx, { kind: 'anonymous' }, input);
    expect(!anonymous.ok && anonymous.failure.code).toBe('auth.login_required');
  });
});

describe('reading cases', () => {
  it('shows a person only their own cases in Mijn zaken', async () => {
    const carolBsn = bsnSeries(22_000_000, 1)[0] ?? '';
    const carol = personPrincipal(carolBsn);
    const mine = [await submit(carol, 0), await submit(carol, 1)];
    await submit(alice, 0);
    const r = await listMyCases(ctx, carol, { limit: 10, offset: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.total).toBe(2);
    expect(r.value.items.map((c) => c.id).sort()).toEqual(mine.map((c) => c.id).sort());
    const bad = await listMyCases(ctx, carol, { limit: 0 });
    expect(!bad.ok && bad.failure.code).toBe('delivery.invalid_limit');
  });

  it("answers another person's case id exactly like an unknown id", async () => {
    const kase = await submit(alice);
    const other = await getCase(ctx, bob, kase.organisationCode, kase.id);
    const unknown = await getCase(ctx, bob, kase.organisationCode, '01900000-0000-7000-8000-0000000000aa');
    expect(!other.ok && other.failure.code).toBe('delivery.case_not_found');
    expect(!other.ok && other.failure).toEqual(!unknown.ok && unknown.failure);
    // Not a UUID: also not found, never an error.
    const garbage = await getCase(ctx, bob, kase.organisationCode, "1' or '1'='1");
    expect(!garbage.ok && garbage.failure.code).toBe('delivery.case_not_found');
  });

  it('lets a case handler of the organisation see the case (logged), and not one of another organisation', async () => {
    const kase = await submit(alice);
    const before = await count('processing_log');
    const own = await getCase(ctx, handlerOf(kase.organisationCode), kase.organisationCode, kase.id);
    expect(own.ok && own.value.viewer).toBe('official');
    expect(own.ok && own.value.actions).toEqual(['claim', 'assign', 'decide_by_operation_of_law']);
    expect(await count('processing_log')).toBe(before + 1);

    const otherOrg = published.find((s) => s.organisationCode !== kase.organisationCode)?.organisationCode ?? 'ANDERE-ORG';
    const other = await getCase(ctx, handlerOf(otherOrg), kase.organisationCode, kase.id);
    expect(!other.ok && other.failure.code).toBe('delivery.case_not_found');
    const noRole: Principal = { ...handlerOf(kase.organisationCode), roles: ['service_designer'] } as Principal;
    const designer = await getCase(ctx, noRole, kase.organisationCode, kase.id);
    expect(!designer.ok && designer.failure.code).toBe('delivery.case_not_found');
    expect(await count('processing_log')).toBe(before + 1);
  });

  it("gives case handlers their organisation's pending cases by due date, and only those", async () => {
    const s = service(0);
    await submit(alice, 0);
    const r = await workQueue(ctx, handlerOf(s.organisationCode), { sort: 'due_date', limit: 100, offset: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.items.length).toBeGreaterThan(0);
    expect(r.value.items.every((c) => c.organisationCode === s.organisationCode)).toBe(true);
    expect(r.value.items.every((c) => ['submitted', 'in_progress', 'awaiting_information'].includes(c.status))).toBe(true);
    const dues = r.value.items.map((c) => c.dueDate ?? '9999-12-31');
    expect(dues).toEqual([...dues].sort());
    const overdue = await workQueue(ctx, handlerOf(s.organisationCode), { overdue: true });
    expect(overdue.ok && overdue.value.total).toBe(0);
    const citizen = await workQueue(ctx, alice, {});
    expect(!citizen.ok && citizen.failure.code).toBe('delivery.case_handlers_only');
    const badStatus = await workQueue(ctx, handlerOf(s.organisationCode), { status: 'nonsense' });
    expect(!badStatus.ok && badStatus.failure.code).toBe('delivery.invalid_status');
  });
});

describe('actions', () => {
  it('claims, requests information (term suspended), and writes timeline, audit and event for each', async () => {
    const kase = await submit(alice);
    const handler = handlerOf(kase.organisationCode);
    const claimed = await claimCase(ctx, handler, kase.organisationCode, kase.id);
    expect(claimed.ok && claimed.value.status).toBe('in_progress');
    expect(claimed.ok && claimed.value.assigneeOfficialId).toBe('01900000-0000-7000-8000-000000000001');
    const requested = await requestInformation(ctx, handler, kase.organisationCode, kase.id, {
      message: 'Stuur uw loonstrook.',
      completeBy: '2026-12-14',
    });
    expect(requested.ok && requested.value.status).toBe('awaiting_information');
    expect(requested.ok && requested.value.dueDate).toBeNull();
    const events = await database.db
      .selectFrom('event_outbox')
      .select('type')
      .where('aggregate_id', '=', kase.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['case.claimed', 'case.information_requested', 'case.submitted']);
    const audit = await database.db.selectFrom('audit_log').select('action').where('object_id', '=', kase.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['delivery.case_submitted', 'delivery.case_claimed', 'delivery.case_information_requested']);
    const view = await getCase(ctx, alice, kase.organisationCode, kase.id);
    expect(view.ok && view.value.timeline.map((e) => [e.seq, e.action, e.toStatus])).toEqual([
      [1, 'submit', 'submitted'],
      [2, 'claim', 'in_progress'],
      [3, 'request_information', 'awaiting_information'],
    ]);
    const badDate = await requestInformation(ctx, handler, kase.organisationCode, kase.id, { message: 'x', completeBy: today });
    expect(!badDate.ok && badDate.failure.code).toBe('delivery.invalid_complete_by');
  });

  it('refuses an illegal transition with delivery.transition_not_allowed and writes nothing', async () => {
    const kase = await submit(alice);
    const handler = handlerOf(kase.organisationCode);
    const before = await counts();
    // Deciding needs a claimed case (in_progress).
    const early = await decideCase(ctx, handler, kase.organisationCode, kase.id, {
      outcome: 'granted',
      motivation: 'Voldoet.',
      legalBasis: 'APV art. 2:1',
    });
    expect(!early.ok && early.failure.code).toBe('delivery.transition_not_allowed');
    expect(!early.ok && early.failure.status).toBe(409);
    expect(await counts()).toEqual(before);

    const withdrawn = await withdrawApplication(ctx, alice, kase.organisationCode, kase.id);
    expect(withdrawn.ok && withdrawn.value.status).toBe('withdrawn');
    const afterWithdraw = await counts();
    const again = await withdrawApplication(ctx, alice, kase.organisationCode, kase.id);
    expect(!again.ok && again.failure.code).toBe('delivery.transition_not_allowed');
    const claim = await claimCase(ctx, handler, kase.organisationCode, kase.id);
    expect(!claim.ok && claim.failure.code).toBe('delivery.transition_not_allowed');
    expect(await counts()).toEqual(afterWithdraw);
    const view = await getCase(ctx, alice, kase.organisationCode, kase.id);
    expect(view.ok && view.value.case.status).toBe('withdrawn');
  });

  it("does not let someone else withdraw a person's application, nor an official of another organisation act on it", async () => {
    const kase = await submit(alice);
    const before = await counts();
    const byBob = await withdrawApplication(ctx, bob, kase.organisationCode, kase.id);
    expect(!byBob.ok && byBob.failure.code).toBe('delivery.case_not_found');
    const otherOrg = published.find((s) => s.organisationCode !== kase.organisationCode)?.organisationCode ?? 'ANDERE-ORG';
    const byOther = await claimCase(ctx, handlerOf(otherOrg), kase.organisationCode, kase.id);
    expect(!byOther.ok && byOther.failure.code).toBe('delivery.case_not_found');
    expect(await counts()).toEqual(before);
  });

  it('decides with a motivation and records the last day for objection', async () => {
    const kase = await submit(alice);
    const handler = handlerOf(kase.organisationCode);
    expect((await claimCase(ctx, handler, kase.organisationCode, kase.id)).ok).toBe(true);
    const invalid = await decideCase(ctx, handler, kase.organisationCode, kase.id, { outcome: 'maybe', motivation: '' });
    expect(!invalid.ok && invalid.failure.invalidParams?.map((p) => p.code)).toEqual([
      'delivery.invalid_outcome',
      'delivery.invalid_motivation',
      'delivery.invalid_legal_basis',
    ]);
    const r = await decideCase(ctx, handler, kase.organisationCode, kase.id, {
      outcome: 'granted',
      motivation: 'U voldoet aan de voorwaarden.',
      legalBasis: 'Wegenverkeerswet 1994, art. 2',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lastDay = objectionTerm({ announcedOn: today, rules: deliveryLegalRules().objectionTerm }).lastDay;
    expect(lastDay).toBe('2027-01-11');
    expect(r.value.status).toBe('decided');
    expect(r.value.outcome).toBe('granted');
    expect(r.value.decision).toEqual({
      outcome: 'granted',
      motivation: 'U voldoet aan de voorwaarden.',
      legalBasis: 'Wegenverkeerswet 1994, art. 2',
      decidedOn: today,
      objectionLastDay: lastDay,
    });
    const stored = await getCase(ctx, alice, kase.organisationCode, kase.id);
    expect(stored.ok && stored.value.case.decision?.objectionLastDay).toBe(lastDay);
    const event = await database.db
      .selectFrom('event_outbox')
      .select('payload')
      .where('aggregate_id', '=', kase.id)
      .where('type', '=', 'case.decided')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ outcome: 'granted', objectionLastDay: lastDay, status: 'decided' });
  });
});
