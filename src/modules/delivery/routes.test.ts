// The JSON API of cases over HTTP (LOKET_TEST_DB=sqlite|postgres): a whole case from submission to
// closure, "Mijn zaken", the work queue with its filters, the notice of default with the penalty,
// and the refusals: another person's case or another organisation's official (404, nothing
// changed), a step the state does not allow (409, nothing changed), bad input (400), no login (401)
// and the wrong kind of user (403).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/model.ts';
import type { LoginIdentity } from '../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { addDays, legalCalendar, nextWorkingDay, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import type { Official } from '../registry/people/model.ts';
import { addBusiness, addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { computeDecisionDue, computePenalty, decisionTermBasis, informationRequestSuspension, objectionTerm } from './model.ts';
import { deliveryLegalRules } from './reference.ts';
import { caseApi } from './routes.ts';
import type { DeliveryCase } from './service.ts';
import {
  addOwnedBusiness,
  caseApiUrl,
  caseOfficialLogins,
  caseSnapshot,
  castForCases,
  keySeries,
  personPrincipal,
  rowCounts,
  settableClock,
  siteVisitors,
  submitCase,
  type JsonResponse,
  type Visitor,
  uploadedAttachment,
} from './test-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Fixture

const start = '2026-11-30T09:00:00Z'; // a Monday, 10:00 in Amsterdam
/** A clock the test moves (the notice of default needs the term to pass). */
const clock = settableClock(start);

let t: TestApp;
let orgX = '';
let orgY = '';
let serviceX = { organisationCode: '', id: '' };
let handler: Official;
let handler2: Official;
let otherHandler: Official;
let designer: Official;
const [aliceBsn = '', bobBsn = '', ownerBsn = ''] = bsnSeries(23_456_780, 3);
/** The business's owner logs in for it (stored in beforeAll, so the mandates engine knows the owner may act for it). */
let businessIdentity: LoginIdentity;
const kvk = '56781234';
const alice = personPrincipal(aliceBsn);

/** Session cookies, made again whenever the clock moves. */
const { cookies, logInAll, moveClock, backToStart, call } = siteVisitors(
  () => t,
  () => ({
    alice: personLogin(aliceBsn),
    bob: personLogin(bobBsn),
    business: businessIdentity,
    ...caseOfficialLogins({ officialLogin }, { handler, handler2, otherHandler, designer }),
  }),
  clock,
);
type Who = Visitor<keyof typeof cookies>;
type Res<T = unknown> = JsonResponse<T>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({ serviceX, orgX, orgY, handler, handler2, otherHandler, designer } = await castForCases(
    t.ctx,
    { parseUplCsv, shippedUplFile, importUpl, generateCatalog },
    { addOfficial },
  ));
  businessIdentity = await addOwnedBusiness(t.database, { addPerson, addBusiness }, kvk, ownerBsn);
  await logInAll();
}, 120_000);
afterAll(() => t.close());
afterEach(backToStart);

const key = keySeries('routes-test-');
const submit = (principal: Principal = alice, answers: unknown = { toelichting: 'Ik vraag dit aan.' }): Promise<DeliveryCase> =>
  submitCase(t.ctx, principal, serviceX, answers, key());

interface CaseBody {
  id: string;
  organisationCode: string;
  caseNumber: string;
  status: string;
  dueDate: string | null;
  receivedOn: string;
  assigneeOfficialId: string | null;
  noticeOfDefaultOn: string | null;
  answers: Record<string, unknown>;
  serviceId: string;
  decision: { outcome: string; motivation: string; legalBasis: string; decidedOn: string; objectionLastDay: string } | null;
  _links: { self: { href: string } };
}
interface EventBody {
  seq: number;
  action: string;
  actor: { kind: string; id: string | null };
  fromStatus: string | null;
  toStatus: string;
  details: Record<string, unknown>;
}
interface ViewBody {
  case: CaseBody;
  timeline: EventBody[];
  viewer: string;
  actions: string[];
  term: {
    dueDate: string | null;
    suspendedSince: string | null;
    overdue: boolean;
    remedy: string;
    noticeOfDefaultOn: string | null;
    mayGiveNoticeOfDefault: boolean;
    penalty: { status: string; firstDay: string; days: number; amountCents: number; maxTotalCents: number } | null;
    informationRequest: { message: string; completeBy: string; requestedOn: string } | null;
    extensions: { sentOn: string; newDueDate: string; reason: string }[];
    steps: { kind: string; effect?: string; dueDate?: string | null }[];
  };
}
interface ListBody {
  items: CaseBody[];
  total: number;
  limit: number;
  offset: number;
  _links: { self: { href: string }; next?: { href: string }; prev?: { href: string } };
}
interface ProblemBody {
  code: string;
  status: number;
  title: string;
  detail: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

const urlOf = caseApiUrl;
const snapshot = (c: { organisationCode: string; id: string }): Promise<unknown> => caseSnapshot(t.database.db, c);
/** Rows a refused step must not add to. */
const writes = (): Promise<Record<string, number>> =>
  rowCounts(t.database.db, { cases: 'delivery_case', events: 'delivery_case_event', audit: 'audit_log', outbox: 'event_outbox' });

const expectProblem = (res: Res, status: number, code?: string): void => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.type).toMatch(/^application\/problem\+json/);
  if (code !== undefined) expect((res.body as ProblemBody).code).toBe(code);
};

const isWorkingDay = (d: string | null | undefined): boolean => typeof d === 'string' && !legalCalendar.isNonWorkingDay(d as IsoDate);

// ---------------------------------------------------------------------------------------------

describe('a whole case through the API', () => {
  it('submit → claim → assign → request information → receive information → extend → decide → close, seen by both sides', async () => {
    const kase = await submit(alice, { toelichting: 'Graag een vergunning voor mijn schuur.' });
    const url = urlOf(kase);
    const today = clock.today();

    // Mijn zaken shows it, with its due date.
    const mine = await call<ListBody>('GET', caseApi.cases, 'alice');
    expect(mine.status).toBe(200);
    const listed = mine.body.items.find((c) => c.id === kase.id);
    expect(listed).toMatchObject({ status: 'submitted', caseNumber: kase.caseNumber, dueDate: kase.dueDate, receivedOn: today });
    expect(listed?._links.self.href).toBe(url);
    expect(isWorkingDay(listed?.dueDate)).toBe(true);

    // The applicant's view: the timeline, the actions an applicant may take, the term.
    let view = await call<ViewBody>('GET', url, 'alice');
    expect(view.status).toBe(200);
    expect(view.body.viewer).toBe('applicant');
    expect(view.body.case.answers).toEqual({ toelichting: 'Graag een vergunning voor mijn schuur.' });
    expect(view.body.actions).toContain('withdraw');
    expect(view.body.actions).not.toContain('claim');
    expect(view.body.actions).not.toContain('give_notice_of_default'); // the term has not passed
    expect(view.body.timeline).toHaveLength(1);
    expect(view.body.timeline[0]).toMatchObject({
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      actor: { kind: 'applicant' },
    });
    expect(view.body.term).toMatchObject({
      dueDate: kase.dueDate,
      overdue: false,
      remedy: 'penalty',
      mayGiveNoticeOfDefault: false,
      penalty: null,
    });
    expect(view.body.term.steps[0]?.kind).toBe('term');

    // The work queue of the organisation has it.
    const queue = await call<ListBody>('GET', caseApi.workQueue(orgX), 'handler');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c) => c.id)).toContain(kase.id);

    // Claim, then give it to a colleague.
    let r = await call<CaseBody>('POST', urlOf(kase, '_claim'), 'handler');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'in_progress', assigneeOfficialId: handler.id });
    r = await call<CaseBody>('POST', urlOf(kase, '_assign'), 'handler', { officialId: handler2.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'in_progress', assigneeOfficialId: handler2.id });

    // Ask for information: the term is suspended from tomorrow.
    const completeBy = addDays(today, 14);
    r = await call<CaseBody>('POST', urlOf(kase, '_request-information'), 'handler2', { message: 'Stuur de bouwtekening.', completeBy });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'awaiting_information', dueDate: null });
    view = await call<ViewBody>('GET', url, 'alice');
    expect(view.body.term).toMatchObject({
      dueDate: null,
      suspendedSince: addDays(today, 1),
      informationRequest: { message: 'Stuur de bouwtekening.', completeBy, requestedOn: today },
    });
    expect(view.body.actions).toContain('receive_information');

    // Nine days later the applicant sends it: the suspended days are added to the term.
    await moveClock({ days: 9 });
    const answeredOn = clock.today();
    r = await call<CaseBody>('POST', urlOf(kase, '_receive-information'), 'alice', {
      message: 'Hierbij de tekening.',
      attachments: [await uploadedAttachment(t.database, kase.applicant, kase.organisationCode, 'tekening.pdf')],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expectedDue = computeDecisionDue({
      receivedOn: kase.receivedOn as IsoDate,
      term: decisionTermBasis(kase.statutoryTermWeeks, kase.termWeeks),
      suspensions: [informationRequestSuspension({ requestedOn: today, completeBy, receivedOn: answeredOn, today: answeredOn })],
    }).dueDate;
    expect(r.body).toMatchObject({ status: 'in_progress', dueDate: expectedDue });
    expect(r.body.dueDate! > kase.dueDate!).toBe(true);
    expect(isWorkingDay(r.body.dueDate)).toBe(true);

    // Extend the term (Awb 4:14): for the reasonable term the named date becomes the due date.
    expect(kase.statutoryTermWeeks).toBeNull();
    const newDueDate = nextWorkingDay(addDays(r.body.dueDate as IsoDate, 21));
    r = await call<CaseBody>('POST', urlOf(kase, '_extend-term'), 'handler2', {
      newDueDate,
      reason: 'Er is advies nodig van de brandweer.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'in_progress', dueDate: newDueDate });
    view = await call<ViewBody>('GET', url, 'handler');
    expect(view.body.viewer).toBe('official');
    expect(view.body.term.extensions).toEqual([{ sentOn: answeredOn, newDueDate, reason: 'Er is advies nodig van de brandweer.' }]);
    expect(view.body.term.steps.find((s) => s.kind === 'extension')).toMatchObject({ effect: 'due_date_moved', dueDate: newDueDate });
    expect(view.body.actions).toEqual(expect.arrayContaining(['decide', 'request_information', 'extend_term']));

    // Decide, with the last day for objection.
    r = await call<CaseBody>('POST', urlOf(kase, '_decide'), 'handler2', {
      outcome: 'granted',
      motivation: 'De schuur past in het bestemmingsplan.',
      legalBasis: 'Wabo art. 2.1',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const objectionLastDay = objectionTerm({ announcedOn: answeredOn, rules: deliveryLegalRules().objectionTerm }).lastDay;
    expect(r.body).toMatchObject({
      status: 'decided',
      decision: {
        outcome: 'granted',
        motivation: 'De schuur past in het bestemmingsplan.',
        legalBasis: 'Wabo art. 2.1',
        decidedOn: answeredOn,
        objectionLastDay,
      },
    });

    // Close.
    r = await call<CaseBody>('POST', urlOf(kase, '_close'), 'handler');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('closed');

    // The applicant sees the whole trail, each step starting where the one before ended, and can do nothing more.
    view = await call<ViewBody>('GET', url, 'alice');
    expect(view.body.case.status).toBe('closed');
    expect(view.body.actions).toEqual([]);
    const timeline = view.body.timeline;
    expect(timeline.map((e) => e.action)).toEqual([
      'submit',
      'claim',
      'assign',
      'request_information',
      'receive_information',
      'extend_term',
      'decide',
      'close',
    ]);
    expect(timeline.map((e) => e.actor.kind)).toEqual([
      'applicant',
      'official',
      'official',
      'official',
      'applicant',
      'official',
      'official',
      'official',
    ]);
    expect(timeline[1]?.actor.id).toBe(handler.id);
    expect(timeline[3]?.actor.id).toBe(handler2.id);
    timeline.forEach((e, i) => {
      expect(e.fromStatus).toBe(i === 0 ? null : timeline[i - 1]?.toStatus);
      if (i > 0) expect(e.seq).toBeGreaterThan(timeline[i - 1]?.seq ?? Infinity);
    });
    const after = await call<ListBody>('GET', caseApi.cases, 'alice');
    expect(after.body.items.find((c) => c.id === kase.id)?.status).toBe('closed');
  });

  it('lets the applicant withdraw a pending case, and an official close it', async () => {
    const kase = await submit();
    const r = await call<CaseBody>('POST', urlOf(kase, '_withdraw'), 'alice');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('withdrawn');
    // An empty JSON object is also "no input".
    const closed = await call<CaseBody>('POST', urlOf(kase, '_close'), 'handler', {});
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  it('lets an official record information that came by post', async () => {
    const kase = await submit();
    await call('POST', urlOf(kase, '_claim'), 'handler');
    await call('POST', urlOf(kase, '_request-information'), 'handler', { message: 'Uw inkomen?', completeBy: addDays(clock.today(), 7) });
    const r = await call<CaseBody>('POST', urlOf(kase, '_receive-information'), 'handler', { message: 'Brief van 1 december ontvangen.' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('in_progress');
    const view = await call<ViewBody>('GET', urlOf(kase), 'handler');
    expect(view.body.timeline.at(-1)).toMatchObject({ action: 'receive_information', actor: { kind: 'official', id: handler.id } });
  });
});

describe('Mijn zaken', () => {
  it('shows only the own cases, newest first, with paging links', async () => {
    const bob = personPrincipal(bobBsn);
    const mine = [await submit(bob), await submit(bob), await submit(bob)];
    const first = await call<ListBody>('GET', `${caseApi.cases}?limit=2`, 'bob');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((c) => c.id)).toEqual([mine[2]?.id, mine[1]?.id]);
    expect(first.body._links.prev).toBeUndefined();
    expect(first.body._links.next?.href).toBe(`${caseApi.cases}?limit=2&offset=2`);
    const second = await call<ListBody>('GET', first.body._links.next?.href ?? '', 'bob');
    expect(second.body.items.map((c) => c.id)).toEqual([mine[0]?.id]);
    expect(second.body._links.next).toBeUndefined();
    expect(second.body._links.prev?.href).toBe(`${caseApi.cases}?limit=2&offset=0`);
    // A business with no cases sees none of Bob's.
    const business = await call<ListBody>('GET', caseApi.cases, 'business');
    expect(business.status).toBe(200);
    expect(business.body.items.filter((c) => mine.some((m) => m.id === c.id))).toEqual([]);
  });
});

describe('the work queue', () => {
  it('filters by assignee, status, service and overdue, sorts, pages, and shows only the own organisation', async () => {
    const mine = await submit();
    const unassigned = await submit();
    const colleagues = await submit();
    const withdrawn = await submit();
    expect((await call('POST', urlOf(mine, '_claim'), 'handler')).status).toBe(200);
    expect((await call('POST', urlOf(colleagues, '_assign'), 'handler', { officialId: handler2.id })).status).toBe(200);
    expect((await call('POST', urlOf(withdrawn, '_withdraw'), 'alice')).status).toBe(200);
    const queue = async (query: string): Promise<ListBody> => {
      const res = await call<ListBody>('GET', `${caseApi.workQueue(orgX)}${query}`, 'handler');
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const ids = (l: ListBody): string[] => l.items.map((c) => c.id);

    const all = await queue('?limit=100');
    expect(ids(all)).toEqual(expect.arrayContaining([mine.id, unassigned.id, colleagues.id]));
    expect(ids(all)).not.toContain(withdrawn.id);
    expect(
      all.items.every((c) => c.organisationCode === orgX && ['submitted', 'in_progress', 'awaiting_information'].includes(c.status)),
    ).toBe(true);

    const me = await queue('?assignee=me&limit=100');
    expect(ids(me)).toContain(mine.id);
    expect(me.items.every((c) => c.assigneeOfficialId === handler.id)).toBe(true);
    const none = await queue('?assignee=none&limit=100');
    expect(ids(none)).toContain(unassigned.id);
    expect(none.items.every((c) => c.assigneeOfficialId === null)).toBe(true);
    const other = await queue(`?assignee=${handler2.id}&limit=100`);
    expect(ids(other)).toEqual(expect.arrayContaining([colleagues.id]));
    expect(other.items.every((c) => c.assigneeOfficialId === handler2.id)).toBe(true);

    const gone = await queue('?status=withdrawn&limit=100');
    expect(ids(gone)).toContain(withdrawn.id);
    expect(gone.items.every((c) => c.status === 'withdrawn')).toBe(true);

    const ofService = await queue(`?serviceId=${serviceX.id}&limit=100`);
    expect(ofService.items.length).toBeGreaterThan(0);
    expect(ofService.items.every((c) => c.serviceId === serviceX.id)).toBe(true);
    const ofNoService = await queue(`?serviceId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
    expect(ofNoService.total).toBe(0);

    // Nothing is overdue today; after the due date, the cases are.
    expect((await queue('?overdue=true')).items.filter((c) => c.id === unassigned.id)).toEqual([]);
    await moveClock({ days: 70 });
    const overdue = await queue('?overdue=true&limit=100');
    expect(ids(overdue)).toContain(unassigned.id);
    expect(overdue.items.every((c) => c.dueDate !== null && c.dueDate < clock.today())).toBe(true);
    await moveClock({ instant: start });

    const byDue = (await queue('?sort=due_date&limit=100')).items.map((c) => c.dueDate).filter((d) => d !== null);
    expect(byDue.length).toBeGreaterThan(3);
    expect(byDue).toEqual([...byDue].sort());
    const byDueDesc = (await queue('?sort=-due_date&limit=100')).items.map((c) => c.dueDate).filter((d) => d !== null);
    expect(byDueDesc).toEqual([...byDueDesc].sort().reverse());
    const byReceived = (await queue('?sort=-received_on&limit=100')).items.map((c) => c.receivedOn);
    expect(byReceived).toEqual([...byReceived].sort().reverse());

    // Paging keeps the filters.
    const page1 = await queue('?assignee=none&limit=1');
    expect(page1.items).toHaveLength(1);
    expect(page1.total).toBeGreaterThan(1);
    expect(page1._links.next?.href).toBe(`${caseApi.workQueue(orgX)}?assignee=none&sort=due_date&limit=1&offset=1`);
    const page2 = await call<ListBody>('GET', page1._links.next?.href ?? '', 'handler');
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0]?.id).not.toBe(page1.items[0]?.id);

    // Another organisation's handler: their own queue has none of these; this organisation's queue is closed to them.
    const theirs = await call<ListBody>('GET', `${caseApi.workQueue(orgY)}?limit=100`, 'otherHandler');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.filter((c) => c.organisationCode === orgX)).toEqual([]);
    expectProblem(await call('GET', caseApi.workQueue(orgX), 'otherHandler'), 403, 'delivery.case_handlers_only');
    // The organisation code in lower case is the same organisation.
    expect((await call('GET', caseApi.workQueue(orgX.toLowerCase()), 'handler')).status).toBe(200);
  });
});

describe('the notice of default and the penalty (Awb 4:17)', () => {
  it('is refused before the due date, accepted once after it, and then shows the penalty in cents', async () => {
    const kase = await submit();
    const url = urlOf(kase);
    const before = await snapshot(kase);
    expectProblem(await call('POST', urlOf(kase, '_notice-of-default'), 'alice'), 409, 'delivery.term_not_expired');
    expect(await snapshot(kase)).toEqual(before);

    // The day after the due date.
    const dueDate = kase.dueDate as IsoDate;
    while (clock.today() <= dueDate) clock.advanceDays(1);
    await moveClock({ days: 0 });
    const noticeOn = clock.today();
    let view = await call<ViewBody>('GET', url, 'alice');
    expect(view.body.term).toMatchObject({ overdue: true, mayGiveNoticeOfDefault: true });
    expect(view.body.actions).toContain('give_notice_of_default');
    const r = await call<CaseBody>('POST', urlOf(kase, '_notice-of-default'), 'alice');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'submitted', noticeOfDefaultOn: noticeOn });
    expectProblem(await call('POST', urlOf(kase, '_notice-of-default'), 'alice'), 409, 'delivery.notice_of_default_already_given');

    // Three weeks later the penalty runs: as the model computes it, in integer cents.
    await moveClock({ days: 21 });
    view = await call<ViewBody>('GET', url, 'handler');
    const expected = computePenalty({
      dueDate,
      noticeReceivedOn: noticeOn,
      decidedOn: null,
      today: clock.today(),
      rules: deliveryLegalRules().penalty,
      settings: { firstDayConvention: t.config.dwangsomFirstDay },
    });
    if (!expected.ok) throw new Error(expected.code);
    expect(view.body.term.penalty).toMatchObject({
      status: 'accruing',
      firstDay: expected.penalty.firstDay,
      days: expected.penalty.days,
      amountCents: expected.penalty.amountCents,
      maxTotalCents: 144_200,
    });
    expect(Number.isInteger(view.body.term.penalty?.amountCents)).toBe(true);
    expect(view.body.term.penalty?.amountCents).toBeGreaterThan(0);
    expect(view.body.term.mayGiveNoticeOfDefault).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('refusals: nothing changes', () => {
  const applicantSteps: [string, unknown][] = [
    ['_withdraw', undefined],
    ['_receive-information', { message: 'Hier is het.' }],
    ['_notice-of-default', undefined],
  ];
  const officialSteps = (): [string, unknown][] => [
    ['_claim', undefined],
    ['_assign', { officialId: handler.id }],
    ['_request-information', { message: 'Meer graag.', completeBy: addDays(clock.today(), 10) }],
    ['_extend-term', { newDueDate: nextWorkingDay(addDays(clock.today(), 100)), reason: 'Drukte.' }],
    ['_decide', { outcome: 'refused', motivation: 'Nee.', legalBasis: 'Awb 4:5' }],
    ['_close', undefined],
    ['_receive-information', { message: 'Per post.' }],
  ];

  it('answers another person’s case, and another organisation’s official, as if it did not exist (404)', async () => {
    const kase = await submit();
    await call('POST', urlOf(kase, '_claim'), 'handler');
    const before = await snapshot(kase);
    const counted = await writes();
    const unknown = await call<ProblemBody>('GET', urlOf({ organisationCode: orgX, id: '01900000-0000-7000-8000-0000000000ff' }), 'bob');
    expectProblem(unknown, 404, 'delivery.case_not_found');

    for (const who of ['bob', 'business', 'otherHandler'] as const) {
      const res = await call<ProblemBody>('GET', urlOf(kase), who);
      expectProblem(res, 404, 'delivery.case_not_found');
      // Exactly the answer for an id that does not exist.
      expect({ ...res.body, instance: null, requestId: null }).toEqual({ ...unknown.body, instance: null, requestId: null });
    }
    for (const [step, body] of applicantSteps)
      for (const who of ['bob', 'business'] as const)
        expectProblem(await call('POST', urlOf(kase, step), who, body), 404, 'delivery.case_not_found');
    for (const [step, body] of officialSteps())
      expectProblem(await call('POST', urlOf(kase, step), 'otherHandler', body), 404, 'delivery.case_not_found');
    // The case under the other organisation's code does not exist either.
    expectProblem(await call('GET', urlOf({ organisationCode: orgY, id: kase.id }), 'otherHandler'), 404, 'delivery.case_not_found');
    expectProblem(
      await call('POST', urlOf({ organisationCode: orgY, id: kase.id }, '_claim'), 'otherHandler'),
      404,
      'delivery.case_not_found',
    );

    expect(await snapshot(kase)).toEqual(before);
    expect(await writes()).toEqual(counted);
  });

  it('refuses a step the state does not allow with 409 delivery.transition_not_allowed, the timeline unchanged', async () => {
    const kase = await submit();
    const refused = async (step: string, who: Who, body?: unknown): Promise<void> => {
      const before = await snapshot(kase);
      const counted = await writes();
      const timeline = (await call<ViewBody>('GET', urlOf(kase), 'alice')).body.timeline.length;
      const res = await call<ProblemBody>('POST', urlOf(kase, step), who, body);
      expectProblem(res, 409, 'delivery.transition_not_allowed');
      expect(res.body.detail).toContain('"');
      expect(await snapshot(kase)).toEqual(before);
      expect(await writes()).toEqual(counted);
      expect((await call<ViewBody>('GET', urlOf(kase), 'alice')).body.timeline).toHaveLength(timeline);
    };
    const decide = { outcome: 'granted', motivation: 'Ja.', legalBasis: 'Awb 4:13' };
    // submitted
    await refused('_decide', 'handler', decide);
    await refused('_close', 'handler');
    await refused('_extend-term', 'handler', { newDueDate: nextWorkingDay(addDays(clock.today(), 90)), reason: 'Later.' });
    await refused('_request-information', 'handler', { message: 'Meer?', completeBy: addDays(clock.today(), 7) });
    await refused('_receive-information', 'alice', { message: 'Ongevraagd.' });
    // in progress
    expect((await call('POST', urlOf(kase, '_claim'), 'handler')).status).toBe(200);
    await refused('_receive-information', 'alice', { message: 'Ongevraagd.' });
    await refused('_close', 'handler');
    // awaiting information
    expect(
      (await call('POST', urlOf(kase, '_request-information'), 'handler', { message: 'Meer?', completeBy: addDays(clock.today(), 7) }))
        .status,
    ).toBe(200);
    await refused('_decide', 'handler', decide);
    await refused('_extend-term', 'handler', { newDueDate: nextWorkingDay(addDays(clock.today(), 90)), reason: 'Later.' });
    await refused('_request-information', 'handler', { message: 'Nog meer?', completeBy: addDays(clock.today(), 7) });
    // decided
    expect((await call('POST', urlOf(kase, '_receive-information'), 'alice', { message: 'Hier.' })).status).toBe(200);
    expect((await call('POST', urlOf(kase, '_decide'), 'handler', decide)).status).toBe(200);
    await refused('_withdraw', 'alice');
    await refused('_claim', 'handler');
    await refused('_assign', 'handler', { officialId: handler2.id });
    await refused('_decide', 'handler', decide);
    // closed
    expect((await call('POST', urlOf(kase, '_close'), 'handler')).status).toBe(200);
    await refused('_close', 'handler');
    await refused('_withdraw', 'alice');
    await refused('_notice-of-default', 'alice');
  });

  it('refuses bad input with 400 and every invalid field in invalidParams', async () => {
    const kase = await submit();
    await call('POST', urlOf(kase, '_claim'), 'handler');
    const before = await snapshot(kase);
    const counted = await writes();
    const invalid = async (method: 'GET' | 'POST', url: string, who: Who, body: unknown, names: string[], code?: string): Promise<void> => {
      const res = await call<ProblemBody>(method, url, who, body);
      expectProblem(res, 400, code);
      expect(res.body.invalidParams?.map((p) => p.name).sort(), JSON.stringify(res.body)).toEqual([...names].sort());
    };
    // Unknown query parameters and body fields (zod, strict).
    await invalid('GET', `${caseApi.cases}?sort=name`, 'alice', undefined, ['query']);
    await invalid('GET', `${urlOf(kase)}?expand=all`, 'alice', undefined, ['query']);
    await invalid('GET', `${caseApi.workQueue(orgX)}?status=draft&limit=0&overdue=ja`, 'handler', undefined, [
      'query.status',
      'query.limit',
      'query.overdue',
    ]);
    await invalid('POST', urlOf(kase, '_claim'), 'handler', { officialId: handler.id }, ['body']);
    await invalid('POST', urlOf(kase, '_decide'), 'handler', { outcome: 'maybe', motivation: '  ', legalBasis: 7, extra: true }, [
      'body',
      'body.outcome',
      'body.motivation',
      'body.legalBasis',
    ]);
    await invalid('POST', urlOf(kase, '_request-information'), 'handler', { message: 'x', completeBy: '2026-02-30' }, ['body.completeBy']);
    await invalid('POST', urlOf(kase, '_receive-information'), 'alice', { message: 'x', attachments: [{ id: '../../etc' }] }, [
      'body.attachments.0.id',
      'body.attachments.0.fileName',
      'body.attachments.0.mimeType',
      'body.attachments.0.sizeBytes',
    ]);
    await invalid('GET', `${caseApi.cases}/${orgX}/not-a-uuid`, 'alice', undefined, ['params.caseId']);
    // The service's own checks, with its codes and the field as the API names it.
    await invalid(
      'POST',
      urlOf(kase, '_request-information'),
      'handler',
      { message: 'Meer?', completeBy: clock.today() },
      ['body.completeBy'],
      'delivery.invalid_complete_by',
    );
    await invalid(
      'POST',
      urlOf(kase, '_assign'),
      'handler',
      { officialId: otherHandler.id },
      ['body.officialId'],
      'delivery.invalid_assignee',
    );
    await invalid('POST', urlOf(kase, '_assign'), 'handler', { officialId: designer.id }, ['body.officialId'], 'delivery.invalid_assignee');
    let saturday = addDays(kase.dueDate as IsoDate, 7);
    while (!legalCalendar.isNonWorkingDay(saturday)) saturday = addDays(saturday, 1);
    await invalid(
      'POST',
      urlOf(kase, '_extend-term'),
      'handler',
      { newDueDate: saturday, reason: 'Later.' },
      ['body.newDueDate'],
      'delivery.extension_date_not_working_day',
    );
    // Not JSON.
    const text = await t.request({
      method: 'POST',
      url: urlOf(kase, '_decide'),
      headers: { cookie: cookies.handler, 'content-type': 'text/plain' },
      payload: 'outcome=granted',
    });
    expect(text.statusCode).toBe(415);
    const broken = await t.request({
      method: 'POST',
      url: urlOf(kase, '_decide'),
      headers: { cookie: cookies.handler, 'content-type': 'application/json' },
      payload: '{"outcome":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ProblemBody>().code).toBe('http.invalid_json');

    expect(await snapshot(kase)).toEqual(before);
    expect(await writes()).toEqual(counted);
  });

  it('asks for a login (401) and refuses the wrong kind of user (403)', async () => {
    const kase = await submit();
    const before = await snapshot(kase);
    for (const [method, url] of [
      ['GET', caseApi.cases],
      ['GET', urlOf(kase)],
      ['GET', caseApi.workQueue(orgX)],
      ['POST', urlOf(kase, '_withdraw')],
      ['POST', urlOf(kase, '_claim')],
    ] as const)
      expectProblem(await call(method, url, 'nobody'), 401, 'auth.login_required');
    // Officials have no "Mijn zaken" and cannot act as the applicant.
    expectProblem(await call('GET', caseApi.cases, 'handler'), 403, 'auth.forbidden');
    expectProblem(await call('POST', urlOf(kase, '_withdraw'), 'handler'), 403, 'auth.forbidden');
    expectProblem(await call('POST', urlOf(kase, '_notice-of-default'), 'handler'), 403, 'auth.forbidden');
    // Citizens and businesses cannot handle cases, not even their own.
    for (const who of ['alice', 'business'] as const) {
      expectProblem(await call('GET', caseApi.workQueue(orgX), who), 403, 'auth.forbidden');
      for (const step of ['_claim', '_close', '_decide'])
        expectProblem(await call('POST', urlOf(kase, step), who, {}), 403, 'auth.forbidden');
    }
    // An official without the case-handler role sees no cases.
    expectProblem(await call('GET', urlOf(kase), 'designer'), 403, 'auth.forbidden');
    expectProblem(await call('GET', caseApi.workQueue(orgX), 'designer'), 403, 'auth.forbidden');
    expect(await snapshot(kase)).toEqual(before);
  });
});
