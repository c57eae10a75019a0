// Bad input never breaks a case (LOKET_TEST_DB=sqlite|postgres), as properties (fast-check):
// - random bodies, path parameters and query strings on every route of the cases API: a 4xx
//   problem, never a 5xx, and the case exactly as it was;
// - random sequences of steps by the applicant, the case handlers and strangers: the case never
//   reaches a status outside caseStatuses, every step the API took is a transition of the model,
//   the timeline stays a chain (each event starts where the one before ended), a refused step
//   changes nothing, and every due date the API reports is a working day.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { addDays, legalCalendar, nextWorkingDay, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import type { Official } from '../registry/people/model.ts';
import { addBusiness, addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { caseStatuses, decisionOutcomes, transition, type CaseAction, type CaseStatus } from './model.ts';
import { caseApi, caseStepInputs, type CaseStep } from './routes.ts';
import type { DeliveryCase } from './service.ts';
import {
  addOwnedBusiness,
  caseApiUrl,
  caseOfficialLogins,
  caseSnapshot,
  castForCases,
  keySeries,
  personPrincipal,
  settableClock,
  siteVisitors,
  submitCase,
  type JsonResponse,
  type Visitor,
} from './test-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Fixture

const start = '2026-11-30T09:00:00Z'; // a Monday, 10:00 in Amsterdam
const clock = settableClock(start);

let t: TestApp;
let orgX = '';
let orgY = '';
let serviceX = { organisationCode: '', id: '' };
let handler: Official;
let handler2: Official;
let otherHandler: Official;
let designer: Official;
const [aliceBsn = '', bobBsn = '', ownerBsn = ''] = bsnSeries(34_567_890, 3);
/** The business's owner logs in for it (stored in beforeAll, so the mandates engine knows the owner may act for it). */
let businessIdentity: LoginIdentity;
const kvk = '67812345';
const alice = personPrincipal(aliceBsn, 'Alice');

const {
  logInAll,
  moveClock,
  call: callJson,
} = siteVisitors(
  () => t,
  () => ({
    alice: personLogin(aliceBsn),
    bob: personLogin(bobBsn),
    business: businessIdentity,
    ...caseOfficialLogins({ officialLogin }, { handler, handler2, otherHandler, designer }),
  }),
  clock,
);
type Who = Visitor<'alice' | 'bob' | 'business' | 'handler' | 'handler2' | 'otherHandler' | 'designer'>;
const everyone: readonly Who[] = ['alice', 'bob', 'business', 'handler', 'handler2', 'otherHandler', 'designer', 'nobody'];

const key = keySeries('bad-input-', 5);
const submit = (): Promise<DeliveryCase> => submitCase(t.ctx, alice, serviceX, { toelichting: 'Ik vraag dit aan.' }, key());

type Res = JsonResponse<Record<string, unknown>>;
const call = (method: 'GET' | 'POST', url: string, who: Who, body?: unknown, raw?: string): Promise<Res> =>
  callJson<Record<string, unknown>>(method, url, who, body, raw);

/** Input as the failure message shows it (undefined: no body). */
const show = (body: unknown): string => (body === undefined ? '(geen inhoud)' : JSON.stringify(body).slice(0, 200));

const stepUrl = caseApiUrl;

/** The stored case and its timeline, read without side effects. */
const snapshot = (c: { organisationCode: string; id: string }): Promise<unknown> => caseSnapshot(t.database.db, c);

const steps = Object.keys(caseStepInputs) as CaseStep[];
const actionOf: Record<CaseStep, CaseAction> = {
  _withdraw: 'withdraw',
  '_receive-information': 'receive_information',
  '_notice-of-default': 'give_notice_of_default',
  _claim: 'claim',
  _assign: 'assign',
  '_request-information': 'request_information',
  '_extend-term': 'extend_term',
  _decide: 'decide',
  _close: 'close',
};

/** Whether `body` is input the step's schema takes (a step without input takes nothing or {}). */
function acceptedShape(step: CaseStep, body: unknown): boolean {
  const schema = caseStepInputs[step];
  if (schema === null)
    return body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
  return body !== undefined && schema.safeParse(body).success;
}

const expect4xx = (res: Res, where: string): void => {
  expect(res.status, `${where} → ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${where} → ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
  expect(res.type).toMatch(/^application\/problem\+json/);
};

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

// ---------------------------------------------------------------------------------------------
// Generators

/** Text as people (and attackers) type it: plain, unicode, markup, very long, only spaces. */
const someText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', '   ', '<script>alert(1)</script>', "'; drop table delivery_case; --", '\u0000', 'x'.repeat(25_000)),
);
/** Date-like text: real dates (past, today, future, weekends), impossible dates and anything else. */
const someDate = fc.oneof(
  fc.integer({ min: -400, max: 800 }).map((n) => addDays(clock.today(), n)),
  fc.constantFrom('2026-02-30', '2026-13-01', '20261201', '01-12-2026', '9999-12-31', '0000-01-01', ''),
  fc.string({ maxLength: 12 }),
);
const someId = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc
    .constantFrom(
      () => handler.id,
      () => handler2.id,
      () => otherHandler.id,
      () => designer.id,
    )
    .map((f) => f()),
);
/** Bodies with the fields of the steps, holding values of every type. */
const fieldBody = fc.record(
  {
    message: fc.oneof(someText, fc.jsonValue()),
    attachments: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.oneof(fc.string(), fc.jsonValue()),
            fileName: someText,
            mimeType: someText,
            sizeBytes: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 25 },
      ),
      fc.jsonValue(),
    ),
    officialId: fc.oneof(someId, fc.jsonValue()),
    completeBy: fc.oneof(someDate, fc.jsonValue()),
    newDueDate: fc.oneof(someDate, fc.jsonValue()),
    reason: fc.oneof(someText, fc.jsonValue()),
    outcome: fc.oneof(fc.constantFrom(...decisionOutcomes, 'granted_by_operation_of_law', 'GRANTED'), fc.jsonValue()),
    motivation: fc.oneof(someText, fc.jsonValue()),
    legalBasis: fc.oneof(someText, fc.jsonValue()),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(fc.constant(undefined), fc.jsonValue(), fieldBody, fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue()));

// ---------------------------------------------------------------------------------------------

describe('random input on every route', () => {
  it('a closed case: any body, any step, anyone → 4xx, the case unchanged (property)', async () => {
    const kase = await submit();
    for (const [step, body] of [
      ['_claim', undefined],
      ['_decide', { outcome: 'refused', motivation: 'Nee.', legalBasis: 'Awb 4:5' }],
      ['_close', undefined],
    ] as const)
      expect((await call('POST', stepUrl(kase, step), 'handler', body)).status).toBe(200);
    const before = await snapshot(kase);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...steps), fc.constantFrom(...everyone), anyBody, async (step, who, body) => {
        expect4xx(await call('POST', stepUrl(kase, step), who, body), `${who} ${step} ${show(body)}`);
      }),
      { numRuns: 250 },
    );
    expect(await snapshot(kase)).toEqual(before);
  }, 120_000);

  it('a pending case: input the step does not take → 4xx, the case unchanged (property)', async () => {
    const kase = await submit();
    expect((await call('POST', stepUrl(kase, '_claim'), 'handler')).status).toBe(200);
    const before = await snapshot(kase);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...steps), fc.constantFrom(...everyone), anyBody, fc.boolean(), async (step, who, body, asText) => {
        fc.pre(!acceptedShape(step, body));
        // Also as text that is not JSON at all, once in a while.
        const raw = asText && typeof body === 'string' ? body : undefined;
        expect4xx(await call('POST', stepUrl(kase, step), who, body, raw), `${who} ${step} ${show(body)}`);
      }),
      { numRuns: 300 },
    );
    expect(await snapshot(kase)).toEqual(before);
  }, 120_000);

  it('a pending case: someone who may not take the step, with any input → 4xx, the case unchanged (property)', async () => {
    const kase = await submit();
    expect((await call('POST', stepUrl(kase, '_claim'), 'handler')).status).toBe(200);
    const before = await snapshot(kase);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...steps),
        fc.constantFrom<Who>('bob', 'business', 'otherHandler', 'designer', 'nobody'),
        fc.oneof(anyBody, fc.constant(null)),
        async (step, who, body) => {
          const res = await call('POST', stepUrl(kase, step), who, body ?? undefined);
          expect4xx(res, `${who} ${step}`);
          // Nobody outside the case learns anything of its state (a 409 would tell).
          expect(res.status, `${who} ${step}`).not.toBe(409);
          if (who === 'nobody') expect(res.status).toBe(401);
        },
      ),
      { numRuns: 200 },
    );
    expect(await snapshot(kase)).toEqual(before);
  }, 120_000);

  it('random organisation codes and case ids in the path → 4xx (never 5xx), the real case unchanged (property)', async () => {
    const kase = await submit();
    const before = await snapshot(kase);
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.uuid(),
      fc.constantFrom(
        kase.id,
        kase.id.toUpperCase(),
        ` ${kase.id}`,
        orgX,
        orgX.toLowerCase(),
        orgY,
        '..',
        '.',
        '%',
        '_claim',
        'x'.repeat(300),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        segment,
        segment,
        fc.constantFrom<CaseStep | 'GET'>('GET', ...steps),
        fc.constantFrom<Who>('alice', 'handler', 'bob'),
        async (org, id, step, who) => {
          // The real case under its own (or lower-case) code is not random input.
          fc.pre(!(org.toUpperCase() === orgX && id === kase.id));
          const url = `/api/v1/cases/${encodeURIComponent(org)}/${encodeURIComponent(id)}${step === 'GET' ? '' : `/${step}`}`;
          const res = await call(step === 'GET' ? 'GET' : 'POST', url, who);
          expect(res.status, `${who} ${step} ${url} → ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${who} ${step} ${url}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    expect(await snapshot(kase)).toEqual(before);
  }, 120_000);

  it('random query strings → unknown parameters 400, never 5xx; a step with any query is refused, the case unchanged (property)', async () => {
    const kase = await submit();
    const before = await snapshot(kase);
    const reads: Record<string, { who: Who; known: readonly string[] }> = {
      [caseApi.cases]: { who: 'alice', known: ['limit', 'offset'] },
      [caseApi.workQueue(orgX)]: { who: 'handler', known: ['status', 'overdue', 'assignee', 'serviceId', 'sort', 'limit', 'offset'] },
      [stepUrl(kase)]: { who: 'alice', known: [] },
    };
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer().map(String),
      fc.constantFrom('true', 'false', 'me', 'none', 'due_date', '-received_on', 'draft', 'closed', '0', '100', '101', '-1', '1e3', ''),
    );
    const key = fc.oneof(
      fc.constantFrom('status', 'overdue', 'assignee', 'serviceId', 'sort', 'limit', 'offset'),
      fc.string({ maxLength: 10 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(reads)), fc.array(fc.tuple(key, value), { maxLength: 5 }), async (path, pairs) => {
        const { who, known } = reads[path] ?? { who: 'alice', known: [] };
        const url = `${path}?${new URLSearchParams(pairs).toString()}`;
        const res = await call('GET', url, who);
        expect(res.status, `${url} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        expect([200, 400], url).toContain(res.status);
        if (pairs.some(([k]) => !known.includes(k))) expect(res.status, url).toBe(400);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...steps),
        fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<Who>('alice', 'handler'),
        async (step, pairs, who) => {
          const url = `${stepUrl(kase, step)}?${new URLSearchParams(pairs).toString()}`;
          const res = await call('POST', url, who);
          expect4xx(res, `${who} ${url}`);
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot(kase)).toEqual(before);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Random sequences of steps

interface ViewBody {
  case: { status: string; dueDate: string | null; decision: { objectionLastDay: string } | null };
  timeline: { seq: number; action: string; fromStatus: string | null; toStatus: string }[];
  actions: string[];
  term: {
    dueDate: string | null;
    extensions: { newDueDate: string }[];
    steps: { kind: string; end?: string; atwApplied?: boolean; dueDate?: string | null }[];
  };
}

type Actor = 'applicant' | 'handler' | 'handler2' | 'stranger' | 'otherHandler';
interface Move {
  step: CaseStep;
  actor: Actor;
  /** true: a body the step can take (dates from the case's current state); false: random input. */
  wellFormed: boolean;
  randomBody: unknown;
  /** Days the clock moves before the step. */
  days: number;
  n: number;
  outcome: (typeof decisionOutcomes)[number];
}

/** Who may take each step (the first is the usual one). */
const takers: Record<CaseStep, readonly Actor[]> = {
  _withdraw: ['applicant'],
  '_receive-information': ['applicant', 'handler', 'handler2'],
  '_notice-of-default': ['applicant'],
  _claim: ['handler', 'handler2'],
  _assign: ['handler', 'handler2'],
  '_request-information': ['handler', 'handler2'],
  '_extend-term': ['handler', 'handler2'],
  _decide: ['handler', 'handler2'],
  _close: ['handler', 'handler2'],
};
const weights: Record<CaseStep, number> = {
  _withdraw: 1,
  '_receive-information': 3,
  '_notice-of-default': 2,
  _claim: 3,
  _assign: 2,
  '_request-information': 3,
  '_extend-term': 3,
  _decide: 2,
  _close: 2,
};
const actors: readonly Actor[] = ['applicant', 'handler', 'handler2', 'stranger', 'otherHandler'];

/** Mostly someone who may take the step, with input it takes; sometimes anyone, with anything; the clock mostly stands still. */
const move: fc.Arbitrary<Move> = fc
  .record({
    step: fc.oneof(...steps.map((s) => ({ weight: weights[s], arbitrary: fc.constant(s) }))),
    rightActor: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
    pick: fc.nat(),
    wellFormed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    randomBody: anyBody,
    days: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
    n: fc.integer({ min: 1, max: 60 }),
    outcome: fc.constantFrom(...decisionOutcomes),
  })
  .map(({ rightActor, pick, step, ...rest }) => {
    const pool = rightActor ? takers[step] : actors;
    return { ...rest, step, actor: pool[pick % pool.length] ?? 'applicant' };
  });

/** Sequences that surely walk every path the API offers (run besides the random ones). */
const walk = (...list: [CaseStep, Actor, number?][]): Move[] =>
  list.map(([step, actor, days = 0]) => ({ step, actor, days, wellFormed: true, randomBody: undefined, n: 7, outcome: 'granted' }));
const examples: [Move[]][] = [
  [
    walk(
      ['_claim', 'handler'],
      ['_assign', 'handler'],
      ['_request-information', 'handler2'],
      ['_receive-information', 'applicant', 5],
      ['_extend-term', 'handler2'],
      ['_decide', 'handler2', 3],
      ['_close', 'handler'],
      ['_withdraw', 'applicant'],
    ),
  ],
  [
    walk(
      ['_notice-of-default', 'applicant'],
      ['_notice-of-default', 'applicant', 70],
      ['_claim', 'handler2', 20],
      ['_decide', 'handler', 10],
    ),
  ],
  [
    walk(
      ['_claim', 'handler'],
      ['_request-information', 'handler'],
      ['_withdraw', 'applicant', 30],
      ['_close', 'handler2'],
      ['_claim', 'stranger'],
    ),
  ],
];

const whoFor: Record<Actor, Who> = {
  applicant: 'alice',
  handler: 'handler',
  handler2: 'handler2',
  stranger: 'bob',
  otherHandler: 'otherHandler',
};

/** A body the step can take, with dates made from today and the case's current due date. */
function wellFormedBody(m: Move, dueDate: string | null): unknown {
  const today = clock.today();
  switch (m.step) {
    case '_receive-information':
      return {
        message: 'Hier is de informatie.',
        ...(m.n % 2 === 0 ? { attachments: [{ id: `f${m.n}`, fileName: 'a.pdf', mimeType: 'application/pdf', sizeBytes: m.n }] } : {}),
      };
    case '_assign':
      return { officialId: m.n % 3 === 0 ? otherHandler.id : m.n % 2 === 0 ? handler.id : handler2.id };
    case '_request-information':
      return { message: 'Stuur uw loonstrook.', completeBy: addDays(today, m.n % 3 === 0 ? -m.n : m.n) };
    case '_extend-term':
      return { newDueDate: nextWorkingDay(addDays((dueDate ?? today) as IsoDate, m.n)), reason: 'Er is advies nodig.' };
    case '_decide':
      return { outcome: m.outcome, motivation: 'Zo is het besloten.', legalBasis: 'Awb 4:13' };
    default:
      return undefined;
  }
}

const isWorkingDay = (d: string): boolean => !legalCalendar.isNonWorkingDay(d as IsoDate);

describe('random sequences of steps by the applicant, the case handlers and strangers', () => {
  it('keep the case in a known status, the timeline a chain of model transitions, refusals without effect, and every due date a working day (property)', async () => {
    const reached = new Set<string>();
    const taken = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 14 }), async (moves) => {
        await moveClock({ instant: start });
        const kase = await submit();
        const url = stepUrl(kase);
        const dueDates: string[] = [];
        const view = async (): Promise<ViewBody> => {
          const res = await call('GET', url, 'alice');
          expect(res.status).toBe(200);
          return res.body as unknown as ViewBody;
        };
        let current = await view();
        for (const m of moves) {
          if (m.days > 0) await moveClock({ days: m.days });
          const before = await snapshot(kase);
          const body = m.wellFormed ? wellFormedBody(m, current.term.dueDate) : m.randomBody;
          const res = await call('POST', stepUrl(kase, m.step), whoFor[m.actor], body);
          const where = `${m.actor} ${m.step} ${show(body)} in ${current.case.status} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          const from = current.case.status as CaseStatus;
          const next = await view();
          // The case is in a known status, and the timeline a chain that ends in it.
          expect(caseStatuses, where).toContain(next.case.status);
          const timeline = next.timeline;
          expect(timeline[0]).toMatchObject({ action: 'submit', fromStatus: null, toStatus: 'submitted' });
          timeline.forEach((e, i) => {
            if (i === 0) return;
            const previous = timeline[i - 1];
            expect(e.fromStatus, where).toBe(previous?.toStatus);
            expect(e.seq, where).toBeGreaterThan(previous?.seq ?? Infinity);
            const modelled = transition(e.fromStatus as CaseStatus, e.action as CaseAction);
            expect(modelled.ok && modelled.next, `${where}: event ${e.action} from ${e.fromStatus}`).toBe(e.toStatus);
          });
          expect(timeline.at(-1)?.toStatus).toBe(next.case.status);
          if (res.status === 200) {
            // Exactly one step, the one asked for, allowed by the model from where the case was.
            expect(timeline.length, where).toBe(current.timeline.length + 1);
            expect(timeline.at(-1)?.action, where).toBe(actionOf[m.step]);
            const modelled = transition(from, actionOf[m.step]);
            expect(modelled.ok && modelled.next, where).toBe(next.case.status);
            expect((res.body as { status?: string }).status).toBe(next.case.status);
            taken.add(`${from}:${actionOf[m.step]}`);
          } else {
            expect(res.status, where).toBeGreaterThanOrEqual(400);
            expect(await snapshot(kase), where).toEqual(before);
            expect(timeline.length, where).toBe(current.timeline.length);
            // A step the state does not allow, by who may take it, with input it takes: 409 with the stable code.
            const mayTake =
              (['_withdraw', '_notice-of-default'].includes(m.step) && m.actor === 'applicant') ||
              (m.step === '_receive-information' && ['applicant', 'handler', 'handler2'].includes(m.actor)) ||
              (!['_withdraw', '_notice-of-default', '_receive-information'].includes(m.step) && ['handler', 'handler2'].includes(m.actor));
            const wellFormedInput =
              m.wellFormed && !(m.step === '_assign' && m.n % 3 === 0) && !(m.step === '_request-information' && m.n % 3 === 0);
            if (mayTake && wellFormedInput && !transition(from, actionOf[m.step]).ok) {
              expect(res.status, where).toBe(409);
              expect((res.body as { code?: string }).code, where).toBe('delivery.transition_not_allowed');
            }
            // Strangers learn nothing of the case: 400 (input refused before anything is looked up), 403 (wrong kind of user) or 404 (not their case), never 409.
            if (m.actor === 'stranger' || m.actor === 'otherHandler') expect([400, 403, 404], where).toContain(res.status);
          }
          // Every due date the API reports is a working day.
          for (const d of [next.case.dueDate, next.term.dueDate, ...next.term.extensions.map((e) => e.newDueDate)])
            if (d !== null) dueDates.push(d);
          for (const s of next.term.steps) {
            if (s.kind === 'term' && s.atwApplied && s.end) dueDates.push(s.end);
            if ((s.kind === 'suspension' || s.kind === 'extension') && s.dueDate) dueDates.push(s.dueDate);
          }
          if (next.case.decision) dueDates.push(next.case.decision.objectionLastDay);
          reached.add(next.case.status);
          current = next;
        }
        // "Mijn zaken" reports the same due date.
        const mine = await call('GET', `${caseApi.cases}?limit=100`, 'alice');
        const listed = (mine.body as { items: { id: string; dueDate: string | null; status: string }[] }).items.find(
          (c) => c.id === kase.id,
        );
        expect(listed).toMatchObject({ status: current.case.status, dueDate: current.case.dueDate });
        const notWorking = dueDates.filter((d) => !isWorkingDay(d));
        expect(notWorking, `due dates on a non-working day: ${notWorking.join(', ')}`).toEqual([]);
      }),
      { numRuns: 45, examples },
    );
    // The sequences went somewhere: most statuses were reached and many kinds of steps were taken.
    expect([...reached]).toEqual(
      expect.arrayContaining(['submitted', 'in_progress', 'awaiting_information', 'decided', 'withdrawn', 'closed']),
    );
    expect(taken.size).toBeGreaterThanOrEqual(10);
  }, 600_000);
});
