// The decision term of real cases as time passes (LOKET_TEST_DB=sqlite|postgres): requests for
// information suspend it, extension notices move it, the sweep resumes lapsed requests and records
// passed terms, a notice of default starts the penalty, silence means consent gives the decision by law.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import type { Principal } from '../../platform/auth/model.ts';
import { sql } from '../../platform/db/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { addDays, legalCalendar, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { createOfficial } from '../registry/people/service.ts';
import { bsnSeries } from '../registry/people/test-fixtures.ts';
import { caseStatuses, pendingStatuses, type CaseStatus } from './model.ts';
import { listQueue } from './store.ts';
import {
  assignCase,
  claimCase,
  closeCase,
  decideCase,
  extendTerm,
  giveNoticeOfDefault,
  internalOrigin,
  receiveInformation,
  requestInformation,
  sweepTerms,
  withdrawApplication,
  type DeliveryCase,
} from './service.ts';
import {
  applicationProducts,
  caseHandlerOf,
  keySeries,
  officialPrincipal,
  openTestContext,
  personPrincipal,
  publishedServices,
  seedCatalog,
  settableClock,
  submitCase,
  useReasonableTerm,
  viewCase,
  type TestContext,
  type TestDatabase,
  uploadedAttachment,
} from './test-fixtures.ts';

/** A clock the tests move forward. */
const clock = settableClock('2026-11-30T10:00:00Z'); // a Monday
const setToday = (date: string): void => {
  clock.set(`${date}T10:00:00Z`);
};

let database: TestDatabase;
let ctx: TestContext;
let services: { organisationCode: string; id: string }[] = [];

const [aliceBsn = '', bobBsn = ''] = bsnSeries(22_345_670, 2);
const alice = personPrincipal(aliceBsn);
const bob = personPrincipal(bobBsn);
const handlerId = '01900000-0000-7000-8000-000000000002';
const handlerOf = (organisationCode: string): Principal => caseHandlerOf(organisationCode, handlerId);

const key = keySeries('terms-key-', 5);
async function submit(principal: Principal = alice, i = 0): Promise<DeliveryCase> {
  const s = services[i];
  if (!s) throw new Error('no service');
  return submitCase(ctx, principal, s, { toelichting: 'Ik vraag dit aan.' }, key());
}

const view = (kase: DeliveryCase, principal: Principal = alice) => viewCase(ctx, principal, kase);

const eventsOf = async (caseId: string, type: string): Promise<number> =>
  (await database.db.selectFrom('event_outbox').select('id').where('aggregate_id', '=', caseId).where('type', '=', type).execute()).length;

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'delivery-terms', clock);
  database = ctx.database;
  await seedCatalog(ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, applicationProducts(4));
  services = await publishedServices(database.db, 'id');
  // The demo descriptions set no statutory term for these: the reasonable 8 weeks apply (Awb 4:13 lid 2).
  await useReasonableTerm(database.db);
});
afterAll(() => database.cleanup());

describe('requests for information', () => {
  it('suspend the term until the information comes in; the due date moves by the suspended days', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    const originalDue = kase.dueDate;
    expect(originalDue).toBe('2027-01-25'); // 8 weeks after 30 November
    const handler = handlerOf(kase.organisationCode);
    expect((await claimCase(ctx, handler, kase.organisationCode, kase.id)).ok).toBe(true);
    const asked = await requestInformation(ctx, handler, kase.organisationCode, kase.id, {
      message: 'Stuur een kopie van uw kentekenbewijs.',
      completeBy: '2026-12-14',
    });
    expect(asked.ok && asked.value.dueDate).toBeNull();
    const waiting = await view(kase);
    expect(waiting.case.status).toBe('awaiting_information');
    expect(waiting.term.suspendedSince).toBe('2026-12-01');
    expect(waiting.term.informationRequest).toEqual({
      message: 'Stuur een kopie van uw kentekenbewijs.',
      completeBy: '2026-12-14',
      requestedOn: '2026-11-30',
    });
    expect(waiting.actions).toContain('receive_information');

    // Bob cannot answer Alice's request: not found, nothing changes.
    setToday('2026-12-05');
    const intruder = await receiveInformation(ctx, bob, kase.organisationCode, kase.id, { message: 'Hier.' });
    expect(!intruder.ok && intruder.failure.code).toBe('delivery.case_not_found');
    const invalid = await receiveInformation(ctx, alice, kase.organisationCode, kase.id, { message: ' ', attachments: [{ id: '../x' }] });
    expect(!invalid.ok && invalid.failure.invalidParams?.map((p) => p.name)).toEqual(['message', 'attachments']);

    // Only the applicant's own uploads can be sent along: someone else's file or a made-up reference is refused.
    const bobsFile = await uploadedAttachment(database, { kind: 'person', id: bobBsn }, kase.organisationCode, 'kenteken.pdf');
    for (const attachments of [[bobsFile], [{ ...bobsFile, id: 'att-1' }]]) {
      const refused = await receiveInformation(ctx, alice, kase.organisationCode, kase.id, { message: 'Hierbij de kopie.', attachments });
      expect(!refused.ok && refused.failure.invalidParams?.[0]?.code).toBe('delivery.unknown_attachment');
    }
    const file = await uploadedAttachment(database, { kind: 'person', id: aliceBsn }, kase.organisationCode, 'kenteken.pdf');
    const answered = await receiveInformation(ctx, alice, kase.organisationCode, kase.id, {
      message: 'Hierbij de kopie.',
      attachments: [file],
    });
    expect(answered.ok).toBe(true);
    const linked = await database.db
      .withTables<{ delivery_attachment: { id: string; case_id: string | null } }>()
      .selectFrom('delivery_attachment')
      .select('case_id')
      .where('id', '=', file.id)
      .executeTakeFirst();
    expect(linked?.case_id).toBe(kase.id);
    const resumed = await view(kase);
    expect(resumed.case.status).toBe('in_progress');
    // Suspended 1 December up to (not including) 5 December: 4 days; 29 January 2027 is a Friday.
    expect(resumed.case.dueDate).toBe(addDays(originalDue as IsoDate, 4));
    expect(resumed.term.suspendedSince).toBeNull();
    expect(resumed.term.steps.map((s) => s.kind)).toEqual(['term', 'suspension']);
    expect(resumed.timeline.map((e) => e.action)).toEqual(['submit', 'claim', 'request_information', 'receive_information']);
  });

  it('lapse unanswered: the sweep lets the term run again from the day after the completion date', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    const handler = handlerOf(kase.organisationCode);
    await claimCase(ctx, handler, kase.organisationCode, kase.id);
    await requestInformation(ctx, handler, kase.organisationCode, kase.id, { message: 'Stuur uw loonstrook.', completeBy: '2026-12-07' });
    setToday('2026-12-07');
    expect((await sweepTerms(ctx)).resumed).toBe(0); // the completion day itself still counts
    setToday('2026-12-09');
    expect((await sweepTerms(ctx)).resumed).toBe(1);
    expect((await sweepTerms(ctx)).resumed).toBe(0); // once
    const after = await view(kase);
    expect(after.case.status).toBe('in_progress');
    // Suspended 1 up to 8 December: 7 days.
    expect(after.case.dueDate).toBe(addDays(kase.dueDate as IsoDate, 7));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'resume', actor: { kind: 'system', id: null } });
  });
});

describe('extension notices (Awb 4:14)', () => {
  it('move the reasonable term to a later working day, once; a weekend date or an earlier date is refused and changes nothing', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    const handler = handlerOf(kase.organisationCode);
    await claimCase(ctx, handler, kase.organisationCode, kase.id);
    const saturday = '2027-02-06';
    const weekend = await extendTerm(ctx, handler, kase.organisationCode, kase.id, { newDueDate: saturday, reason: 'Advies nodig.' });
    expect(!weekend.ok && weekend.failure.code).toBe('delivery.extension_date_not_working_day');
    const earlier = await extendTerm(ctx, handler, kase.organisationCode, kase.id, { newDueDate: '2027-01-04', reason: 'Advies nodig.' });
    expect(!earlier.ok && earlier.failure.code).toBe('delivery.extension_date_not_later');
    expect((await view(kase)).timeline).toHaveLength(2);

    const moved = await extendTerm(ctx, handler, kase.organisationCode, kase.id, { newDueDate: '2027-02-08', reason: 'Advies nodig.' });
    expect(moved.ok && moved.value.dueDate).toBe('2027-02-08');
    const term = (await view(kase)).term;
    expect(term.extensions).toEqual([{ sentOn: '2026-11-30', newDueDate: '2027-02-08', reason: 'Advies nodig.' }]);
    const again = await extendTerm(ctx, handler, kase.organisationCode, kase.id, { newDueDate: '2027-02-15', reason: 'Nog meer advies.' });
    expect(!again.ok && again.failure.code).toBe('delivery.extension_limit_reached');
  });
});

describe('a late decision', () => {
  it('penalty: the term passes (event once), the applicant gives notice, the penalty runs from two weeks later and is fixed by the decision', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    await sql`update delivery_case set dwangsom = ${ctx.database.dialect === 'postgres' ? sql`true` : sql`1`} where id = ${kase.id}`.execute(
      database.db,
    );
    const handler = handlerOf(kase.organisationCode);
    await claimCase(ctx, handler, kase.organisationCode, kase.id);
    const premature = await giveNoticeOfDefault(ctx, alice, kase.organisationCode, kase.id);
    expect(!premature.ok && premature.failure.code).toBe('delivery.term_not_expired');
    expect((await view(kase)).actions).not.toContain('give_notice_of_default');

    setToday('2027-01-26'); // the day after the due date (25 January)
    expect((await sweepTerms(ctx)).termExceeded).toBeGreaterThanOrEqual(1);
    await sweepTerms(ctx);
    expect(await eventsOf(kase.id, 'case.term_exceeded')).toBe(1);
    const overdue = await view(kase);
    expect(overdue.term.overdue).toBe(true);
    expect(overdue.term.mayGiveNoticeOfDefault).toBe(true);
    expect(overdue.actions).toContain('give_notice_of_default');

    const official = await giveNoticeOfDefault(ctx, handler, kase.organisationCode, kase.id);
    expect(!official.ok && official.failure.status).toBe(403);
    const notice = await giveNoticeOfDefault(ctx, alice, kase.organisationCode, kase.id);
    expect(notice.ok && notice.value.noticeOfDefaultOn).toBe('2027-01-26');
    const twice = await giveNoticeOfDefault(ctx, alice, kase.organisationCode, kase.id);
    expect(!twice.ok && twice.failure.code).toBe('delivery.notice_of_default_already_given');

    // Convention A: first penalty day = receipt + 14 days = 9 February 2027.
    expect((await view(kase)).term.penalty).toMatchObject({ status: 'pending', firstDay: '2027-02-09', days: 0, amountCents: 0 });
    setToday('2027-02-15');
    expect((await view(kase)).term.penalty).toMatchObject({ status: 'accruing', days: 7, amountCents: 7 * 2300 });
    setToday('2027-02-25'); // days 9 February … 24 February = 16 days: 14 × €23 + 2 × €35
    const decided = await decideCase(ctx, handler, kase.organisationCode, kase.id, {
      outcome: 'granted',
      motivation: 'U voldoet aan de voorwaarden.',
      legalBasis: 'Algemene wet bestuursrecht',
    });
    expect(decided.ok).toBe(true);
    const final = await view(kase);
    expect(final.term.penalty).toMatchObject({ status: 'final', days: 16, amountCents: 14 * 2300 + 2 * 3500 });
    expect(final.timeline.at(-1)?.details).toMatchObject({ late: true, penalty: { days: 16, amountCents: 39_200, status: 'final' } });
  });

  it('silence means consent: three days after the term the sweep records the decision by operation of law, and no notice of default is possible', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    const [yes, no] = ctx.database.dialect === 'postgres' ? [sql`true`, sql`false`] : [sql`1`, sql`0`];
    await sql`update delivery_case set silence_consent = ${yes}, dwangsom = ${no} where id = ${kase.id}`.execute(database.db);
    setToday('2027-01-26');
    await sweepTerms(ctx);
    const passed = await view(kase);
    expect(passed.case.status).toBe('submitted');
    expect(passed.term.remedy).toBe('silence_consent');
    expect(passed.term.operationOfLaw).toEqual({ termExpiredAfter: '2027-01-25', effectiveOn: '2027-01-28' });
    const notice = await giveNoticeOfDefault(ctx, alice, kase.organisationCode, kase.id);
    expect(!notice.ok && notice.failure.code).toBe('delivery.notice_of_default_not_applicable');

    setToday('2027-01-28');
    expect((await sweepTerms(ctx)).operationOfLaw).toBe(1);
    const decided = await view(kase);
    expect(decided.case.status).toBe('decided_by_operation_of_law');
    expect(decided.case.decision).toMatchObject({
      outcome: 'granted_by_operation_of_law',
      legalBasis: 'Awb 4:20b',
      decidedOn: '2027-01-28',
    });
    expect(decided.timeline.at(-1)).toMatchObject({ action: 'decide_by_operation_of_law', actor: { kind: 'system' } });
    expect(await eventsOf(kase.id, 'case.decided')).toBe(1);
    expect((await sweepTerms(ctx)).operationOfLaw).toBe(0);
    // Closing archives it.
    expect((await closeCase(ctx, handlerOf(kase.organisationCode), kase.organisationCode, kase.id)).ok).toBe(true);
  });
});

describe('assigning', () => {
  it('gives the case to a case handler of the same organisation only', async () => {
    setToday('2026-11-30');
    const kase = await submit();
    const admin = officialPrincipal({ id: handlerId, organisationCode: kase.organisationCode, roles: ['administrator'] });
    const created = await createOfficial(
      ctx,
      admin,
      { name: 'Sam Jansen', email: 'sam@example.nl', organisationCode: kase.organisationCode, roles: ['case_handler'] },
      internalOrigin(),
    );
    if (!created.ok) throw new Error(JSON.stringify(created.failure));
    const handler = handlerOf(kase.organisationCode);
    const unknown = await assignCase(ctx, handler, kase.organisationCode, kase.id, { officialId: '01900000-0000-7000-8000-0000000000ff' });
    expect(!unknown.ok && unknown.failure.invalidParams?.[0]?.code).toBe('delivery.invalid_assignee');
    const assigned = await assignCase(ctx, handler, kase.organisationCode, kase.id, { officialId: created.value.id });
    expect(assigned.ok && assigned.value).toMatchObject({ status: 'in_progress', assigneeOfficialId: created.value.id });
    const citizen = await assignCase(ctx, alice, kase.organisationCode, kase.id, { officialId: created.value.id });
    expect(!citizen.ok && citizen.failure.code).toBe('delivery.case_not_found');
  });
});

describe('any sequence of actions', () => {
  const actions = ['claim', 'request', 'receive', 'extend', 'notice', 'decide', 'withdraw', 'close', 'wait'] as const;
  it('keeps the case in a known state with an unbroken timeline, and every due date is a working day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...actions), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        async (steps, wait) => {
          setToday('2026-11-30');
          const kase = await submit(bob, 1);
          const org = kase.organisationCode;
          const handler = handlerOf(org);
          let day = '2026-11-30' as IsoDate;
          for (const step of steps) {
            const before = await view(kase, bob);
            if (step === 'claim') await claimCase(ctx, handler, org, kase.id);
            if (step === 'request')
              await requestInformation(ctx, handler, org, kase.id, { message: 'Meer graag.', completeBy: addDays(day, 10) });
            if (step === 'receive') await receiveInformation(ctx, bob, org, kase.id, { message: 'Alstublieft.' });
            if (step === 'extend')
              await extendTerm(ctx, handler, org, kase.id, {
                newDueDate: legalCalendar.nextWorkingDay(addDays(day, 70)),
                reason: 'Drukte.',
              });
            if (step === 'notice') await giveNoticeOfDefault(ctx, bob, org, kase.id);
            if (step === 'decide')
              await decideCase(ctx, handler, org, kase.id, { outcome: 'refused', motivation: 'Nee.', legalBasis: 'Awb' });
            if (step === 'withdraw') await withdrawApplication(ctx, bob, org, kase.id);
            if (step === 'close') await closeCase(ctx, handler, org, kase.id);
            if (step === 'wait') {
              day = addDays(day, wait);
              setToday(day);
              await sweepTerms(ctx);
            }
            const after = await view(kase, bob);
            expect((caseStatuses as readonly CaseStatus[]).includes(after.case.status)).toBe(true);
            expect(after.timeline.length).toBeGreaterThanOrEqual(before.timeline.length);
            after.timeline.forEach((e, i) => {
              if (i > 0) expect(e.fromStatus).toBe(after.timeline[i - 1]?.toStatus);
            });
            if (after.case.dueDate !== null) expect(legalCalendar.isNonWorkingDay(after.case.dueDate as IsoDate)).toBe(false);
            if (after.term.dueDate !== null) expect(legalCalendar.isNonWorkingDay(after.term.dueDate)).toBe(false);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the work queue count', () => {
  it('counts pending cases up to the cap and says when there are more', async () => {
    setToday('2026-11-30');
    const [first] = await Promise.all([submit(alice, 2), submit(alice, 2), submit(alice, 2)]);
    const query = {
      organisationCode: first.organisationCode,
      statuses: pendingStatuses,
      overdueBefore: null,
      assignee: null,
      serviceId: null,
      sort: 'due_date' as const,
      limit: 1,
      offset: 0,
    };
    const exact = await listQueue(database.db, { ...query, countCap: 1000 });
    expect(exact.totalCapped).toBe(false);
    expect(exact.total).toBeGreaterThanOrEqual(3);
    const capped = await listQueue(database.db, { ...query, countCap: 2 });
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    expect(capped.items).toHaveLength(1);
    const atCap = await listQueue(database.db, { ...query, countCap: exact.total });
    expect(atCap).toMatchObject({ total: exact.total, totalCapped: false });
  });
});
