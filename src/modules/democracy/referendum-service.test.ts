// Referendums on a real database (LOKET_TEST_DB=sqlite|postgres): creating one with its ballot
// (coordinator of the organisation only; bad input stores nothing), supporting and withdrawing
// (once per person per phase, only counts public), and the job that decides request phases at
// their deadline (Europe/Amsterdam, also across daylight saving time), idempotently.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import type { Principal, Role } from '../../platform/auth/index.ts';
import { readCount, readJson, sql, writeJson } from '../../platform/db/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { openTestContext, settableClock, type TestContext } from '../delivery/test-fixtures.ts';
import type { Address } from '../registry/index.ts';
import { addPerson, bsnSeries } from '../registry/people/test-fixtures.ts';
import type { CountTotals } from './model.ts';
import { referendumOutcome, type ReferendumOutcome } from './referendum.ts';
import {
  closeDuePhases,
  createReferendum,
  electorateOf,
  entitlement,
  ofVotingAge,
  getReferendum,
  isReferendumCoordinator,
  listReferendums,
  scheduleVote,
  supportReferendum,
  withdrawSupport,
  type CreateReferendumInput,
  type ReferendumView,
} from './referendum-service.ts';
import { findReferendumByElection, setReferendumStatusByElection } from './referendum-store.ts';
import { findReferendumRules } from './reference.ts';
import { tables } from './store.ts';

// 2026-12-01 11:00 Amsterdam (winter time).
const clock = settableClock('2026-12-01T10:00:00.000Z');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'referendum', clock);
}, 60_000);
afterAll(() => ctx.database.cleanup());
beforeEach(() => clock.set('2026-12-01T10:00:00.000Z'));

const origin = { requestId: 'req-referendum-test' };
const session = { sessionId: 's', loa: 'substantial' as const, name: 'Test' };
const official = (roles: Role[], organisationCode = 'GM0014', officialId = '01900000-0000-7000-8000-00000000c001'): Principal => ({
  kind: 'official',
  officialId,
  organisationCode,
  roles,
  ...session,
});
const coordinator = official(['election_coordinator']);
const person = (bsn: string): Principal => ({ kind: 'person', bsn, ...session });
const anonymous: Principal = { kind: 'anonymous' };

let nextBsn = 100_000;
/** Fresh valid BSNs for every call (each test has its own supporters); not in the registry. */
function bsns(n: number): string[] {
  const out = bsnSeries(nextBsn, n);
  nextBsn += n * 2;
  return out;
}

const groningen: Address = {
  street: 'Grote Markt',
  houseNumber: 1,
  houseNumberAddition: null,
  postcode: '9711LV',
  city: 'Groningen',
  municipalityCode: 'GM0014',
};
const amsterdam: Address = { ...groningen, street: 'Amstel', postcode: '1011PN', city: 'Amsterdam', municipalityCode: 'GM0363' };

/** Fresh BSNs of people in the registry: by default adults living in Groningen (GM0014), who may support its requests. */
async function residents(
  n: number,
  who: { birthDate?: string; address?: Address | null; deathDate?: string | null } = {},
): Promise<string[]> {
  const out = bsns(n);
  for (const bsn of out)
    await addPerson(ctx.database, {
      bsn,
      birthDate: who.birthDate ?? '1980-05-05',
      address: who.address === undefined ? groningen : who.address,
      deathDate: who.deathDate ?? null,
    });
  return out;
}

const baseInput = (over: Partial<CreateReferendumInput> = {}): CreateReferendumInput => ({
  organisationCode: 'GM0014',
  title: 'Referendum over het parkeerbeleid',
  question: 'Bent u voor of tegen het nieuwe parkeerbeleid?',
  options: ['Voor', 'Tegen'],
  policy: { title: 'Parkeerbeleid 2027', url: 'https://example.org/beleid/parkeren' },
  rulesKey: 'gemeente-voorbeeld',
  ...over,
});

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.failure)}`);
  return r.value;
}
function refusal<T>(r: Result<T>): { code: string; status: number } {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 300)}`);
  return { code: r.failure.code, status: r.failure.status };
}

const create = async (over: Partial<CreateReferendumInput> = {}): Promise<ReferendumView> =>
  value(await createReferendum(ctx, coordinator, baseInput(over), origin));
const view = async (id: string, who: Principal = anonymous): Promise<ReferendumView> => value(await getReferendum(ctx, who, id));

async function rowCounts(): Promise<{ referendums: number; elections: number; lists: number; support: number; audit: number }> {
  const db = ctx.database.db;
  const count = async (table: 'referendum' | 'election' | 'election_list' | 'referendum_support'): Promise<number> =>
    readCount(
      (
        await tables(db)
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return {
    referendums: await count('referendum'),
    elections: await count('election'),
    lists: await count('election_list'),
    support: await count('referendum_support'),
    audit: readCount(audit.n),
  };
}

async function auditOf(
  id: string,
): Promise<{ action: string; actorType: string; actorId: string | null; details: Record<string, unknown> }[]> {
  const rows = await ctx.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'actor_id', 'details'])
    .where('object_type', '=', 'referendum')
    .where('object_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    actorType: r.actor_type,
    actorId: r.actor_id,
    details: readJson<Record<string, unknown>>(r.details),
  }));
}

async function eventsOf(id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const rows = await ctx.database.db
    .selectFrom('event_outbox')
    .select(['type', 'payload'])
    .where('aggregate_type', '=', 'referendum')
    .where('aggregate_id', '=', id)
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => ({ type: r.type, payload: readJson<Record<string, unknown>>(r.payload) }));
}

async function supportRows(id: string): Promise<{ phase: number; bsn: string; withdrawn: boolean }[]> {
  const rows = await tables(ctx.database.db)
    .selectFrom('referendum_support')
    .select(['phase_index', 'bsn', 'withdrawn_at'])
    .where('referendum_id', '=', id)
    .orderBy('phase_index')
    .orderBy('bsn')
    .execute();
  return rows.map((r) => ({ phase: r.phase_index, bsn: r.bsn, withdrawn: r.withdrawn_at !== null }));
}

/** Gives support through the use case for every BSN. */
async function supportAll(id: string, people: readonly string[]): Promise<void> {
  for (const bsn of people) value(await supportReferendum(ctx, person(bsn), id, origin));
}

/** Test-only: shrinks the snapshotted thresholds of a referendum (the job reads the snapshot), to run a flow at small scale. */
async function scaleThresholds(id: string, thresholds: readonly number[]): Promise<void> {
  const row = await tables(ctx.database.db).selectFrom('referendum').select('rules').where('id', '=', id).executeTakeFirstOrThrow();
  const rules = readJson<ReturnType<typeof findReferendumRules> & object>(row.rules);
  rules.requestPhases = rules.requestPhases.map((p, i) => ({ ...p, threshold: thresholds[i] ?? p.threshold }));
  await tables(ctx.database.db)
    .updateTable('referendum')
    .set({ rules: writeJson(rules) })
    .where('id', '=', id)
    .execute();
}

/** Test-only: many supporters at once, straight into the table (as the use case would store them). */
async function bulkSupport(id: string, phaseIndex: number, people: readonly string[], withdrawn = false): Promise<void> {
  const at = clock.now().toISOString();
  for (let i = 0; i < people.length; i += 500) {
    await tables(ctx.database.db)
      .insertInto('referendum_support')
      .values(
        people
          .slice(i, i + 500)
          .map((bsn) => ({ referendum_id: id, phase_index: phaseIndex, bsn, supported_at: at, withdrawn_at: withdrawn ? at : null })),
      )
      .execute();
  }
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('creating a referendum', () => {
  it('a coordinator creates it with its ballot: requesting, phase 1 of the snapshotted rules, audited', async () => {
    const before = await rowCounts();
    const v = await create();
    expect(v).toMatchObject({
      organisationCode: 'GM0014',
      title: 'Referendum over het parkeerbeleid',
      question: 'Bent u voor of tegen het nieuwe parkeerbeleid?',
      policy: { title: 'Parkeerbeleid 2027', url: 'https://example.org/beleid/parkeren', goalId: null },
      status: 'requesting',
      phaseIndex: 0,
      phaseStartedOn: '2026-12-01',
      // 42 days, the first day counted: 1 December 2026 + 41 days.
      phaseEndsOn: '2027-01-11',
      voteDate: null,
      phase: { index: 0, key: 'introductory', threshold: 300, endsOn: '2027-01-11', supporters: 0 },
      pastPhases: [],
      mySupport: null,
      maySupport: false,
      outcome: null,
    });
    expect(v.organisationName).toMatch(/Groningen/);
    expect(v.rules).toEqual(findReferendumRules('gemeente-voorbeeld'));
    expect(v.options).toEqual([
      { number: 1, name: 'Voor', candidates: [] },
      { number: 2, name: 'Tegen', candidates: [] },
    ]);

    const election = await tables(ctx.database.db)
      .selectFrom('election')
      .selectAll()
      .where('id', '=', v.electionId)
      .executeTakeFirstOrThrow();
    expect(election).toMatchObject({
      kind: 'referendum',
      organisation_code: 'GM0014',
      body: null,
      seats: null,
      status: 'draft',
      name: 'Referendum over het parkeerbeleid',
      date: '2026-12-01',
    });
    const candidates = await tables(ctx.database.db)
      .selectFrom('election_candidate')
      .select('position')
      .where('election_id', '=', v.electionId)
      .execute();
    expect(candidates).toEqual([]);

    expect(await rowCounts()).toMatchObject({
      referendums: before.referendums + 1,
      elections: before.elections + 1,
      lists: before.lists + 2,
      audit: before.audit + 1,
    });
    expect(await auditOf(v.id)).toEqual([
      {
        action: 'democracy.referendum_created',
        actorType: 'official',
        actorId: '01900000-0000-7000-8000-00000000c001',
        details: { electionId: v.electionId, rulesKey: 'gemeente-voorbeeld', status: 'requesting', options: 2, phaseEndsOn: '2027-01-11' },
      },
    ]);
    // The ballot finds its referendum (service.ts uses this when counting and finalising).
    expect((await findReferendumByElection(ctx.database.db, v.electionId))?.id).toBe(v.id);
    expect(await findReferendumByElection(ctx.database.db, '01900000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('rules without a request phase (called by the council) make it scheduled at once; the ballot is dated on the vote date', async () => {
    const v = await create({ rulesKey: 'raadplegend-voorbeeld', voteDate: '2027-03-17', options: ['Plan A', 'Plan B', 'Plan C'] });
    expect(v).toMatchObject({
      status: 'scheduled',
      phaseStartedOn: null,
      phaseEndsOn: null,
      phase: null,
      pastPhases: [],
      maySupport: false,
    });
    expect(v.options.map((o) => o.name)).toEqual(['Plan A', 'Plan B', 'Plan C']);
    const election = await tables(ctx.database.db)
      .selectFrom('election')
      .select('date')
      .where('id', '=', v.electionId)
      .executeTakeFirstOrThrow();
    expect(election.date).toBe('2027-03-17');
    expect(refusal(await supportReferendum(ctx, person((await residents(1))[0] ?? ''), v.id, origin))).toEqual({
      code: 'democracy.not_requesting',
      status: 409,
    });
  });

  it('a request may start later; support waits for its first day', async () => {
    const v = await create({ startOn: '2026-12-10' });
    expect(v).toMatchObject({ phaseStartedOn: '2026-12-10', phaseEndsOn: '2027-01-20', maySupport: false });
    const [bsn = ''] = await residents(1);
    expect(refusal(await supportReferendum(ctx, person(bsn), v.id, origin))).toEqual({ code: 'democracy.phase_not_started', status: 409 });
    clock.set('2026-12-09T23:00:00.000Z'); // 10 December, 00:00 Amsterdam
    expect((await supportReferendum(ctx, person(bsn), v.id, origin)).ok).toBe(true);
  });

  it('only an election coordinator of the organisation: others are refused and nothing is stored', async () => {
    const before = await rowCounts();
    const cases: [Principal, number, string][] = [
      [official(['election_coordinator'], 'GM0363'), 403, 'democracy.not_coordinator'],
      [official(['election_official']), 403, 'democracy.not_coordinator'],
      [official(['administrator', 'case_handler']), 403, 'democracy.not_coordinator'],
      [person('999999990'), 403, 'democracy.not_coordinator'],
      [{ kind: 'business', kvkNumber: '12345678', actingBsn: null, ...session }, 403, 'democracy.not_coordinator'],
      [anonymous, 401, 'auth.login_required'],
    ];
    for (const [who, status, code] of cases)
      expect(refusal(await createReferendum(ctx, who, baseInput(), origin))).toEqual({ code, status });
    // A coordinator of Amsterdam cannot create one for Groningen, nor the other way round.
    expect(refusal(await createReferendum(ctx, coordinator, baseInput({ organisationCode: 'GM0363' }), origin))).toEqual({
      code: 'democracy.not_coordinator',
      status: 403,
    });
    expect(await rowCounts()).toEqual(before);
    expect(isReferendumCoordinator(coordinator, 'GM0014')).toBe(true);
    expect(isReferendumCoordinator(coordinator, 'GM0363')).toBe(false);
    expect(isReferendumCoordinator(official(['election_official']))).toBe(false);
  });

  it('refuses bad input with the fields named, and stores nothing', async () => {
    const before = await rowCounts();
    const bad: [unknown, number, string, string[]][] = [
      [baseInput({ options: ['Ja'] }), 400, 'democracy.invalid_options', ['options']],
      [baseInput({ options: Array.from({ length: 11 }, (_, i) => `Optie ${i}`) }), 400, 'democracy.invalid_options', ['options']],
      [baseInput({ options: ['Ja', ' ja '] }), 400, 'democracy.invalid_options', ['options']],
      [baseInput({ options: ['Ja', ''] }), 400, 'democracy.invalid_options', ['options']],
      [baseInput({ title: '   ' }), 400, 'democracy.invalid_title', ['title']],
      [baseInput({ question: 'x'.repeat(1001) }), 400, 'democracy.invalid_question', ['question']],
      [baseInput({ policy: { title: 'Beleid', url: 'javascript:alert(1)' } }), 400, 'democracy.invalid_policy_url', ['policy.url']],
      [baseInput({ policy: { title: '' } }), 400, 'democracy.invalid_policy_title', ['policy.title']],
      [{ ...baseInput(), seats: 9 }, 400, 'democracy.unknown_field', ['seats']],
      [baseInput({ startOn: '2026-02-30' }), 400, 'democracy.invalid_start_on', ['startOn']],
      [baseInput({ startOn: '2026-11-30' }), 400, 'democracy.start_in_past', ['startOn']],
      [baseInput({ startOn: '2026-12-05', voteDate: '2026-12-04' }), 400, 'democracy.vote_before_start', ['voteDate']],
      [baseInput({ rulesKey: 'bestaat-niet' }), 400, 'democracy.unknown_rules', ['rulesKey']],
      [baseInput({ title: '', options: [] }), 400, 'democracy.invalid_input', ['title', 'options']],
      [null, 400, 'democracy.invalid_input', ['body']],
      [{}, 400, 'democracy.invalid_input', ['organisationCode', 'title', 'question', 'options', 'policy', 'rulesKey']],
      // The Wrr was repealed in 2018: it cannot be used for a request that starts now.
      [baseInput({ rulesKey: 'wrr-2015' }), 422, 'democracy.rules_not_in_force', ['rulesKey']],
    ];
    for (const [input, status, code, fields] of bad) {
      const r = await createReferendum(ctx, coordinator, input, origin);
      expect(refusal(r), JSON.stringify(input)).toEqual({ code, status });
      if (!r.ok) expect((r.failure.invalidParams ?? []).map((p) => p.name).sort()).toEqual([...fields].sort());
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('never stores anything for arbitrary input that is not a valid referendum', async () => {
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({
            organisationCode: fc.string(),
            title: fc.string(),
            options: fc.array(fc.string(), { maxLength: 12 }),
            rulesKey: fc.string(),
          }),
        ),
        async (input) => {
          const r = await createReferendum(ctx, coordinator, input, origin);
          expect(r.ok).toBe(false);
          if (!r.ok) expect([400, 403, 422]).toContain(r.failure.status);
        },
      ),
      { numRuns: 60 },
    );
    expect(await rowCounts()).toEqual(before);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('supporting a request', () => {
  it('once per person per phase: supporting twice keeps one supporter, one row and one audit record', async () => {
    const v = await create();
    const [a = '', b = ''] = await residents(2);
    const first = value(await supportReferendum(ctx, person(a), v.id, origin));
    expect(first).toMatchObject({ mySupport: true, maySupport: true, phase: { supporters: 1 } });
    const again = value(await supportReferendum(ctx, person(a), v.id, origin));
    expect(again).toMatchObject({ mySupport: true, phase: { supporters: 1 } });
    expect(await supportRows(v.id)).toEqual([{ phase: 0, bsn: a, withdrawn: false }]);

    const other = value(await supportReferendum(ctx, person(b), v.id, origin));
    expect(other).toMatchObject({ mySupport: true, phase: { supporters: 2 } });
    // Someone else's view: the count, not their own support.
    expect((await view(v.id, person((await residents(1))[0] ?? ''))).mySupport).toBe(false);
    expect((await view(v.id)).mySupport).toBeNull();

    const trail = await auditOf(v.id);
    expect(trail.map((t) => [t.action, t.actorType, t.actorId])).toEqual([
      ['democracy.referendum_created', 'official', '01900000-0000-7000-8000-00000000c001'],
      ['democracy.referendum_supported', 'person', a],
      ['democracy.referendum_supported', 'person', b],
    ]);
    expect(trail[1]?.details).toEqual({ phaseIndex: 0, phaseKey: 'introductory', renewed: false });
  });

  it('withdraw, then support again: the same row, active again; every act audited', async () => {
    const v = await create();
    const [a = ''] = await residents(1);
    await supportAll(v.id, [a]);
    const withdrawn = value(await withdrawSupport(ctx, person(a), v.id, origin));
    expect(withdrawn).toMatchObject({ mySupport: false, maySupport: true, phase: { supporters: 0 } });
    expect(await supportRows(v.id)).toEqual([{ phase: 0, bsn: a, withdrawn: true }]);
    // Withdrawing again changes nothing (and records nothing).
    expect(value(await withdrawSupport(ctx, person(a), v.id, origin))).toMatchObject({ mySupport: false, phase: { supporters: 0 } });

    const back = value(await supportReferendum(ctx, person(a), v.id, origin));
    expect(back).toMatchObject({ mySupport: true, phase: { supporters: 1 } });
    expect(await supportRows(v.id)).toEqual([{ phase: 0, bsn: a, withdrawn: false }]);
    const trail = await auditOf(v.id);
    expect(trail.map((t) => t.action)).toEqual([
      'democracy.referendum_created',
      'democracy.referendum_supported',
      'democracy.referendum_support_withdrawn',
      'democracy.referendum_supported',
    ]);
    expect(trail[3]?.details).toEqual({ phaseIndex: 0, phaseKey: 'introductory', renewed: true });
  });

  it('only a person for themselves: not anonymous, a business, an official, nor someone acting for another', async () => {
    const v = await create();
    const acting: Principal = {
      kind: 'person',
      bsn: (await residents(1))[0] ?? '',
      actingFor: { kind: 'person', id: '111222333', name: 'Oma' },
      ...session,
    };
    const cases: [Principal, { code: string; status: number }][] = [
      [anonymous, { code: 'auth.login_required', status: 401 }],
      [
        { kind: 'business', kvkNumber: '12345678', actingBsn: '999999990', ...session },
        { code: 'democracy.persons_only', status: 403 },
      ],
      [coordinator, { code: 'democracy.persons_only', status: 403 }],
      [acting, { code: 'democracy.acting_for_someone', status: 403 }],
    ];
    for (const [who, expected] of cases) {
      expect(refusal(await supportReferendum(ctx, who, v.id, origin))).toEqual(expected);
      expect(refusal(await withdrawSupport(ctx, who, v.id, origin))).toEqual(expected);
    }
    expect(await supportRows(v.id)).toEqual([]);
    // Acting for someone: the page offers no support button and shows no support of their own.
    expect(await view(v.id, acting)).toMatchObject({ maySupport: false, mySupport: null });
    expect(refusal(await supportReferendum(ctx, person('999999990'), '01900000-0000-7000-8000-000000000000', origin))).toEqual({
      code: 'democracy.referendum_not_found',
      status: 404,
    });
    expect(refusal(await getReferendum(ctx, anonymous, 'not-an-id'))).toEqual({ code: 'democracy.referendum_not_found', status: 404 });
    expect(refusal(await withdrawSupport(ctx, person('999999990'), 'not-an-id', origin))).toEqual({
      code: 'democracy.referendum_not_found',
      status: 404,
    });
    expect(await findReferendumByElection(ctx.database.db, 'not-an-id')).toBeUndefined();
  });

  it('only counts are public: no BSN in the view or the list', async () => {
    const v = await create({ title: 'Referendum over de nieuwe brug' });
    const people = await residents(4);
    await supportAll(v.id, people);
    value(await withdrawSupport(ctx, person(people[0] ?? ''), v.id, origin));
    const shown = JSON.stringify([await view(v.id), await view(v.id, person(people[1] ?? '')), await listReferendums(ctx)]);
    for (const bsn of people) expect(shown).not.toContain(bsn);
    expect((await view(v.id)).phase?.supporters).toBe(3);
    const listed = (await listReferendums(ctx)).find((s) => s.id === v.id);
    expect(listed).toEqual({
      id: v.id,
      organisationCode: 'GM0014',
      organisationName: v.organisationName,
      title: 'Referendum over de nieuwe brug',
      status: 'requesting',
      phaseEndsOn: '2027-01-11',
      voteDate: null,
      electionId: v.electionId,
    });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('who may support a request: people entitled to vote in it', () => {
  const notEntitled = (area: string) => ({
    code: 'democracy.not_entitled_to_support',
    status: 403,
    detail: `U staat niet ingeschreven in ${area} of bent jonger dan 18 jaar.`,
  });
  const attempt = async (id: string, bsn: string) => {
    const r = await supportReferendum(ctx, person(bsn), id, origin);
    return r.ok ? { ok: true } : { code: r.failure.code, status: r.failure.status, detail: r.failure.detail };
  };

  it('municipal: an adult resident may; a minor, a resident elsewhere, a deceased or unregistered person may not, and nothing is stored', async () => {
    const v = await create(); // GM0014, 1 December 2026
    const [adult = ''] = await residents(1);
    // 18 today (born 1 December 2008) may; 18 tomorrow may not.
    const [eighteenToday = ''] = await residents(1, { birthDate: '2008-12-01' });
    const [minor = ''] = await residents(1, { birthDate: '2008-12-02' });
    const [elsewhere = ''] = await residents(1, { address: amsterdam });
    const [deceased = ''] = await residents(1, { deathDate: '2026-11-20' });
    const [noAddress = ''] = await residents(1, { address: null });
    const [unknown = ''] = bsns(1);
    const before = await rowCounts();
    for (const bsn of [minor, elsewhere, deceased, noAddress, unknown]) expect(await attempt(v.id, bsn)).toEqual(notEntitled('Groningen'));
    expect(await rowCounts()).toEqual(before);

    expect(await view(v.id, person(minor))).toMatchObject({
      maySupport: false,
      mySupport: false,
      notEntitled: {
        nl: 'U staat niet ingeschreven in Groningen of bent jonger dan 18 jaar.',
        en: 'You are not registered in Groningen or you are younger than 18.',
      },
    });
    expect(await view(v.id, person(adult))).toMatchObject({ maySupport: true, notEntitled: null });

    expect(await attempt(v.id, adult)).toEqual({ ok: true });
    expect(await attempt(v.id, eighteenToday)).toEqual({ ok: true });
    expect((await view(v.id)).phase?.supporters).toBe(2);
    expect((await supportRows(v.id)).map((r) => r.bsn).sort()).toEqual([adult, eighteenToday].sort());
    // The minor turns 18 the next day (Amsterdam): from 00:00 Dutch time on 2 December they may.
    clock.set('2026-12-01T22:59:00.000Z');
    expect(await attempt(v.id, minor)).toEqual(notEntitled('Groningen'));
    clock.set('2026-12-01T23:00:00.000Z');
    expect(await attempt(v.id, minor)).toEqual({ ok: true });
  });

  it('national (a ministry): every adult resident of the Netherlands, wherever they live; not someone without an address', async () => {
    const ministry = official(['election_coordinator'], 'MIN-BZK');
    const v = value(await createReferendum(ctx, ministry, baseInput({ organisationCode: 'MIN-BZK' }), origin));
    const [groninger = ''] = await residents(1);
    const [amsterdammer = ''] = await residents(1, { address: amsterdam });
    const [minor = ''] = await residents(1, { address: amsterdam, birthDate: '2010-01-01' });
    const [abroad = ''] = await residents(1, { address: null });
    expect(await attempt(v.id, groninger)).toEqual({ ok: true });
    expect(await attempt(v.id, amsterdammer)).toEqual({ ok: true });
    for (const bsn of [minor, abroad]) expect(await attempt(v.id, bsn)).toEqual(notEntitled('Nederland'));
    expect((await view(v.id, person(abroad))).notEntitled?.en).toBe(
      'You are not registered in the Netherlands or you are younger than 18.',
    );
    expect((await view(v.id)).phase?.supporters).toBe(2);
  });

  it('provincial: the registry does not know which municipalities a province has, so nobody can support yet (409), nothing stored', async () => {
    const province = official(['election_coordinator'], 'PV20');
    const v = value(await createReferendum(ctx, province, baseInput({ organisationCode: 'PV20' }), origin));
    const [resident = ''] = await residents(1);
    const before = await rowCounts();
    expect(await attempt(v.id, resident)).toMatchObject({ code: 'democracy.electorate_unknown', status: 409 });
    expect(await rowCounts()).toEqual(before);
    const shown = await view(v.id, person(resident));
    expect(shown.maySupport).toBe(false);
    expect(shown.notEntitled?.nl).toMatch(/nog niet nagaan/);
  });

  it('withdrawing needs no entitlement check: who supported and then moved away may still withdraw', async () => {
    const v = await create();
    const [mover = ''] = await residents(1);
    value(await supportReferendum(ctx, person(mover), v.id, origin));
    // Test-only: the registry records the move (to Amsterdam).
    await sql`update person set municipality_code = ${'GM0363'} where bsn = ${mover}`.execute(ctx.database.db);
    expect(await attempt(v.id, mover)).toEqual(notEntitled('Groningen'));
    expect(value(await withdrawSupport(ctx, person(mover), v.id, origin))).toMatchObject({ mySupport: false, phase: { supporters: 0 } });
  });

  it('the rules themselves (pure): electorate by organisation code, the 18th birthday, alive and registered', () => {
    expect(electorateOf('GM0014')).toEqual({ scope: 'municipality', code: 'GM0014' });
    expect(electorateOf('PV20')).toEqual({ scope: 'province', code: 'PV20' });
    expect(electorateOf('MIN-BZK')).toEqual({ scope: 'national' });
    for (const code of ['WS0155', 'UWV', 'GM14', 'gm0014']) expect(electorateOf(code)).toEqual({ scope: 'unknown' });
    // Born on 29 February: 18 on 1 March in a common year, on 29 February in a leap year.
    expect(ofVotingAge('2008-02-29', '2026-02-28')).toBe(false);
    expect(ofVotingAge('2008-02-29', '2026-03-01')).toBe(true);
    expect(ofVotingAge('2010-02-28', '2028-02-27')).toBe(false);
    expect(ofVotingAge('2010-02-28', '2028-02-28')).toBe(true);
    const p = {
      birthDate: '1980-01-01',
      deathDate: null,
      address: {
        street: 's',
        houseNumber: 1,
        houseNumberAddition: null,
        postcode: '9711LV',
        city: 'Groningen',
        municipalityCode: 'GM0014',
      },
    };
    const gm = electorateOf('GM0014');
    expect(entitlement(gm, p, '2026-12-01')).toBe('entitled');
    expect(entitlement(gm, undefined, '2026-12-01')).toBe('not_entitled');
    expect(entitlement(gm, { ...p, deathDate: '2026-12-01' }, '2026-12-01')).toBe('not_entitled');
    // Died later than the day asked about (a support given before the death).
    expect(entitlement(gm, { ...p, deathDate: '2026-12-02' }, '2026-12-01')).toBe('entitled');
    expect(entitlement(electorateOf('GM0363'), p, '2026-12-01')).toBe('not_entitled');
    expect(entitlement(electorateOf('MIN-AZ'), p, '2026-12-01')).toBe('entitled');
    expect(entitlement(electorateOf('PV20'), p, '2026-12-01')).toBe('unverifiable');
    expect(entitlement(electorateOf('UWV'), p, '2026-12-01')).toBe('unverifiable');
  });
});

describe('the deadline and the job that decides request phases', () => {
  it('support is open until 23:59:59.999 Amsterdam time on the last day; the job decides after that, once', async () => {
    const v = await create();
    const people = await residents(2);
    clock.set('2027-01-11T22:59:59.999Z'); // 11 January 23:59:59.999 CET
    value(await supportReferendum(ctx, person(people[0] ?? ''), v.id, origin));
    expect(await closeDuePhases(ctx)).toBe(0);
    expect((await view(v.id)).status).toBe('requesting');

    clock.set('2027-01-11T23:00:00.000Z'); // 12 January 00:00 CET
    expect(refusal(await supportReferendum(ctx, person(people[1] ?? ''), v.id, origin))).toEqual({
      code: 'democracy.phase_over',
      status: 409,
    });
    expect(refusal(await withdrawSupport(ctx, person(people[0] ?? ''), v.id, origin))).toEqual({
      code: 'democracy.phase_over',
      status: 409,
    });
    // Until the job has run, the page shows the phase, but nobody may support.
    expect(await view(v.id, person(people[1] ?? ''))).toMatchObject({ status: 'requesting', maySupport: false, mySupport: false });
  });

  it('a phase that misses its threshold fails the request: audited by the system with the count, and an event', async () => {
    const v = await create();
    await supportAll(v.id, await residents(2));
    clock.set('2027-01-12T08:00:00.000Z');
    expect(await closeDuePhases(ctx)).toBeGreaterThanOrEqual(1);
    const failed = await view(v.id, person((await residents(1))[0] ?? ''));
    expect(failed).toMatchObject({
      status: 'request_failed',
      phaseIndex: 0,
      phase: { index: 0, key: 'introductory', threshold: 300, endsOn: '2027-01-11', supporters: 2 },
      pastPhases: [],
      maySupport: false,
    });
    const decided = (await auditOf(v.id)).filter((t) => t.action === 'democracy.referendum_phase_decided');
    expect(decided).toEqual([
      {
        action: 'democracy.referendum_phase_decided',
        actorType: 'system',
        actorId: null,
        details: {
          phaseIndex: 0,
          phaseKey: 'introductory',
          endsOn: '2027-01-11',
          supporters: 2,
          threshold: 300,
          passed: false,
          status: 'request_failed',
          nextPhaseEndsOn: null,
        },
      },
    ]);
    expect(await eventsOf(v.id)).toEqual([
      {
        type: 'democracy.referendum_phase_decided',
        payload: expect.objectContaining({
          referendumId: v.id,
          organisationCode: 'GM0014',
          electionId: v.electionId,
          passed: false,
          supporters: 2,
        }) as unknown,
      },
    ]);
    expect(refusal(await supportReferendum(ctx, person((await residents(1))[0] ?? ''), v.id, origin))).toEqual({
      code: 'democracy.not_requesting',
      status: 409,
    });
  });

  it('is idempotent: running it again, or twice at once, decides a phase only once', async () => {
    const v = await create();
    clock.set('2027-01-12T08:00:00.000Z');
    const [x, y] = await Promise.all([closeDuePhases(ctx), closeDuePhases(ctx)]);
    expect(x + y).toBeGreaterThanOrEqual(1);
    expect(await closeDuePhases(ctx)).toBe(0);
    expect((await auditOf(v.id)).filter((t) => t.action === 'democracy.referendum_phase_decided')).toHaveLength(1);
    expect(await eventsOf(v.id)).toHaveLength(1);
    expect((await view(v.id)).status).toBe('request_failed');
  });

  it('the two phases of the Wrr at small scale: 3 then 5 supporters; supporters do not carry over; passing both schedules the vote', async () => {
    clock.set('2016-03-01T09:00:00.000Z');
    const v = await create({ rulesKey: 'wrr-2015', title: 'Raadgevend referendum over een wet' });
    expect(v).toMatchObject({
      status: 'requesting',
      phaseStartedOn: '2016-03-01',
      phaseEndsOn: '2016-03-28',
      phase: { key: 'introductory', threshold: 10_000 },
    });
    await scaleThresholds(v.id, [3, 5]);
    const first = await residents(3);
    await supportAll(v.id, first);
    expect((await view(v.id)).phase).toMatchObject({ threshold: 3, supporters: 3 });

    clock.set('2016-03-29T06:00:00.000Z');
    expect(await closeDuePhases(ctx)).toBeGreaterThanOrEqual(1);
    const second = await view(v.id, person(first[0] ?? ''));
    expect(second).toMatchObject({
      status: 'requesting',
      phaseIndex: 1,
      // The next phase starts on the day after the deadline and lasts 6 weeks.
      phaseStartedOn: '2016-03-29',
      phaseEndsOn: '2016-05-09',
      phase: { index: 1, key: 'definitive', threshold: 5, endsOn: '2016-05-09', supporters: 0 },
      pastPhases: [{ key: 'introductory', threshold: 3, supporters: 3, passed: true }],
      // Supporting phase 1 is not supporting phase 2: they must support again.
      mySupport: false,
      maySupport: true,
    });
    const more = await residents(3);
    await supportAll(v.id, [...first.slice(0, 2), ...more]);
    value(await withdrawSupport(ctx, person(more[2] ?? ''), v.id, origin));
    value(await supportReferendum(ctx, person(more[2] ?? ''), v.id, origin));
    expect((await view(v.id)).phase?.supporters).toBe(5);
    expect((await supportRows(v.id)).filter((s) => s.phase === 1)).toHaveLength(5);

    clock.set('2016-05-10T00:30:00.000Z'); // 10 May 02:30 CEST
    expect(await closeDuePhases(ctx)).toBeGreaterThanOrEqual(1);
    const scheduled = await view(v.id);
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      phase: null,
      maySupport: false,
      pastPhases: [
        { key: 'introductory', supporters: 3, passed: true },
        { key: 'definitive', supporters: 5, passed: true },
      ],
    });
    const decided = (await auditOf(v.id)).filter((t) => t.action === 'democracy.referendum_phase_decided').map((t) => t.details);
    expect(decided).toEqual([
      expect.objectContaining({
        phaseIndex: 0,
        supporters: 3,
        threshold: 3,
        passed: true,
        status: 'requesting',
        nextPhaseEndsOn: '2016-05-09',
      }),
      expect.objectContaining({ phaseIndex: 1, supporters: 5, threshold: 5, passed: true, status: 'scheduled', nextPhaseEndsOn: null }),
    ]);
    expect((await eventsOf(v.id)).map((e) => e.payload['status'])).toEqual(['requesting', 'scheduled']);
  });

  it('the Wrr at small scale failing in its second phase (a withdrawn supporter does not count)', async () => {
    clock.set('2017-06-01T09:00:00.000Z');
    const v = await create({ rulesKey: 'wrr-2015' });
    await scaleThresholds(v.id, [3, 5]);
    await supportAll(v.id, await residents(3));
    clock.set('2017-06-29T09:00:00.000Z');
    await closeDuePhases(ctx);
    const people = await residents(5);
    await supportAll(v.id, people);
    value(await withdrawSupport(ctx, person(people[4] ?? ''), v.id, origin));
    clock.set('2017-08-10T09:00:00.000Z');
    await closeDuePhases(ctx);
    expect(await view(v.id)).toMatchObject({
      status: 'request_failed',
      phaseIndex: 1,
      phase: { key: 'definitive', threshold: 5, supporters: 4 },
      pastPhases: [{ key: 'introductory', supporters: 3, passed: true }],
    });
  });

  it('the Wrr’s real threshold: 9,999 supporters (and withdrawn ones) fail, 10,000 pass', async () => {
    clock.set('2016-09-01T09:00:00.000Z');
    const short = await create({ rulesKey: 'wrr-2015' });
    const enough = await create({ rulesKey: 'wrr-2015' });
    const people = bsns(10_000);
    await bulkSupport(short.id, 0, people.slice(0, 9_999));
    await bulkSupport(short.id, 0, people.slice(9_999), true);
    await bulkSupport(enough.id, 0, people);
    expect((await view(short.id)).phase?.supporters).toBe(9_999);
    clock.set('2016-09-29T09:00:00.000Z');
    expect(await closeDuePhases(ctx)).toBeGreaterThanOrEqual(2);
    expect(await view(short.id)).toMatchObject({ status: 'request_failed', phase: { supporters: 9_999, threshold: 10_000 } });
    expect(await view(enough.id)).toMatchObject({
      status: 'requesting',
      phase: { key: 'definitive', threshold: 300_000, supporters: 0, endsOn: '2016-11-09' },
      pastPhases: [{ key: 'introductory', supporters: 10_000, threshold: 10_000, passed: true }],
    });
  }, 60_000);

  it('a late job decides every phase that is over, one after the other', async () => {
    const v = await create();
    await scaleThresholds(v.id, [1, 1]);
    await supportAll(v.id, await residents(1));
    // Months later: phase 1 passed, phase 2 (started 12 January, ended 22 February) had no supporters.
    clock.set('2027-04-01T09:00:00.000Z');
    expect(await closeDuePhases(ctx)).toBeGreaterThanOrEqual(2);
    expect(await view(v.id)).toMatchObject({
      status: 'request_failed',
      phase: { index: 1, endsOn: '2027-02-22', supporters: 0 },
      pastPhases: [{ supporters: 1, passed: true }],
    });
  });

  it('is DST-safe: the deadline is midnight Dutch time, on the days the clocks change', async () => {
    // Autumn: 25 October 2026, clocks go back (03:00 CEST → 02:00 CET); midnight is 23:00 UTC.
    clock.set('2026-09-14T08:00:00.000Z');
    const autumn = await create();
    expect(autumn.phaseEndsOn).toBe('2026-10-25');
    // Spring: 28 March 2027, clocks go forward (02:00 CET → 03:00 CEST); midnight is 22:00 UTC.
    clock.set('2027-02-15T08:00:00.000Z');
    const spring = await create();
    expect(spring.phaseEndsOn).toBe('2027-03-28');

    const decidedNow = async (id: string): Promise<boolean> => (await view(id)).status !== 'requesting';
    const [a = '', b = ''] = await residents(2);

    clock.set('2026-10-25T22:59:59.999Z');
    value(await supportReferendum(ctx, person(a), autumn.id, origin));
    await closeDuePhases(ctx);
    expect(await decidedNow(autumn.id)).toBe(false);
    clock.set('2026-10-25T23:00:00.000Z');
    expect(refusal(await supportReferendum(ctx, person(b), autumn.id, origin)).code).toBe('democracy.phase_over');
    await closeDuePhases(ctx);
    expect(await decidedNow(autumn.id)).toBe(true);

    clock.set('2027-03-28T21:59:59.999Z');
    value(await supportReferendum(ctx, person(a), spring.id, origin));
    await closeDuePhases(ctx);
    expect(await decidedNow(spring.id)).toBe(false);
    clock.set('2027-03-28T22:00:00.000Z');
    expect(refusal(await supportReferendum(ctx, person(b), spring.id, origin)).code).toBe('democracy.phase_over');
    await closeDuePhases(ctx);
    expect(await decidedNow(spring.id)).toBe(true);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('the ballot drives the referendum after the request', () => {
  it('status follows the ballot, and the outcome shown is the latest finalised result version', async () => {
    const v = await create({ rulesKey: 'raadplegend-voorbeeld', voteDate: '2027-03-17' });
    await ctx.database.db.transaction().execute(async (trx) => {
      expect(await setReferendumStatusByElection(trx, v.electionId, 'counting')).toBe(true);
    });
    expect((await view(v.id)).status).toBe('counting');
    expect(
      await ctx.database.db
        .transaction()
        .execute((trx) => setReferendumStatusByElection(trx, '01900000-0000-7000-8000-000000000000', 'finalised')),
    ).toBe(false);

    const totals = (yes: number, no: number): CountTotals => ({
      stations: 1,
      voters: { pollCards: yes + no, proxyCertificates: 0, total: yes + no },
      votes: {
        lists: [
          { number: 1, candidates: [], total: yes },
          { number: 2, candidates: [], total: no },
        ],
        totalValid: yes + no,
        blank: 0,
        invalid: 0,
        total: yes + no,
      },
      differences: { moreBallots: 0, fewerBallots: 0 },
    });
    const outcome = (yes: number, no: number): ReferendumOutcome => referendumOutcome(v.rules, totals(yes, no), v.options, 1000);
    const result = (version: number, o: ReferendumOutcome) => ({
      election_id: v.electionId,
      version,
      finalised_at: clock.now().toISOString(),
      finalised_by: '01900000-0000-7000-8000-00000000c001',
      totals: writeJson(totals(o.perOption[0]?.votes ?? 0, o.perOption[1]?.votes ?? 0)),
      per_municipality: writeJson({}),
      apportionment: null,
      referendum: writeJson(o),
    });
    await tables(ctx.database.db)
      .insertInto('election_result')
      .values(result(1, outcome(300, 200)))
      .execute();
    await tables(ctx.database.db)
      .insertInto('election_result')
      .values(result(2, outcome(290, 210)))
      .execute();
    await ctx.database.db.transaction().execute((trx) => setReferendumStatusByElection(trx, v.electionId, 'finalised'));
    const finalised = await view(v.id);
    expect(finalised.status).toBe('finalised');
    expect(finalised.outcome).toEqual(outcome(290, 210));
    expect(finalised.outcome).toMatchObject({ winner: 1, turnoutPercent: 50, decisive: true });
  });
});

describe('setting the vote date of a scheduled referendum', () => {
  const ballotDate = async (electionId: string): Promise<string> =>
    (await tables(ctx.database.db).selectFrom('election').select('date').where('id', '=', electionId).executeTakeFirstOrThrow()).date;

  it('a coordinator of its organisation sets it: the referendum and its ballot get the date, audited; setting it again changes it', async () => {
    const v = await create({ rulesKey: 'raadplegend-voorbeeld' });
    expect(v.voteDate).toBeNull();
    expect(await ballotDate(v.electionId)).toBe('2026-12-01');
    const before = await rowCounts();
    const scheduled = value(await scheduleVote(ctx, coordinator, v.id, { voteDate: '2027-03-17' }, origin));
    expect(scheduled).toMatchObject({ id: v.id, status: 'scheduled', voteDate: '2027-03-17' });
    expect((await view(v.id)).voteDate).toBe('2027-03-17');
    expect(await ballotDate(v.electionId)).toBe('2027-03-17');
    expect(await rowCounts()).toEqual({ ...before, audit: before.audit + 1 });

    // Today (a Dutch date) is allowed: 1 December 2026 00:30 in Amsterdam is still 30 November in UTC.
    clock.set('2026-11-30T23:30:00.000Z');
    value(await scheduleVote(ctx, coordinator, v.id, { voteDate: '2026-12-01' }, origin));
    expect(await ballotDate(v.electionId)).toBe('2026-12-01');
    expect((await auditOf(v.id)).filter((a) => a.action === 'democracy.referendum_vote_scheduled')).toEqual([
      {
        action: 'democracy.referendum_vote_scheduled',
        actorType: 'official',
        actorId: '01900000-0000-7000-8000-00000000c001',
        details: { electionId: v.electionId, voteDate: '2027-03-17', previousVoteDate: null },
      },
      {
        action: 'democracy.referendum_vote_scheduled',
        actorType: 'official',
        actorId: '01900000-0000-7000-8000-00000000c001',
        details: { electionId: v.electionId, voteDate: '2026-12-01', previousVoteDate: '2027-03-17' },
      },
    ]);
  });

  it('only an election coordinator of the referendum’s organisation: nothing changes for anyone else', async () => {
    const v = await create({ rulesKey: 'raadplegend-voorbeeld', voteDate: '2027-03-17' });
    const before = await rowCounts();
    const cases: [Principal, number, string][] = [
      [official(['election_coordinator'], 'GM0363'), 403, 'democracy.not_coordinator'],
      [official(['election_official']), 403, 'democracy.not_coordinator'],
      [official(['administrator', 'case_handler']), 403, 'democracy.not_coordinator'],
      [person('999999990'), 403, 'democracy.not_coordinator'],
      [anonymous, 401, 'auth.login_required'],
    ];
    for (const [who, status, code] of cases)
      expect(refusal(await scheduleVote(ctx, who, v.id, { voteDate: '2027-04-01' }, origin))).toEqual({ code, status });
    expect(
      refusal(await scheduleVote(ctx, coordinator, '01900000-0000-7000-8000-000000000000', { voteDate: '2027-04-01' }, origin)),
    ).toEqual({
      code: 'democracy.referendum_not_found',
      status: 404,
    });
    expect(refusal(await scheduleVote(ctx, coordinator, 'not-a-uuid', { voteDate: '2027-04-01' }, origin))).toEqual({
      code: 'democracy.referendum_not_found',
      status: 404,
    });
    expect(await rowCounts()).toEqual(before);
    expect((await view(v.id)).voteDate).toBe('2027-03-17');
    expect(await ballotDate(v.electionId)).toBe('2027-03-17');
  });

  it('only while scheduled: requesting, counting or finalised is 409 and changes nothing', async () => {
    const requesting = await create();
    const before = await rowCounts();
    expect(refusal(await scheduleVote(ctx, coordinator, requesting.id, { voteDate: '2027-06-01' }, origin))).toEqual({
      code: 'democracy.vote_date_closed',
      status: 409,
    });
    const counting = await create({ rulesKey: 'raadplegend-voorbeeld', voteDate: '2027-03-17' });
    await ctx.database.db.transaction().execute((trx) => setReferendumStatusByElection(trx, counting.electionId, 'counting'));
    for (const id of [requesting.id, counting.id])
      expect(refusal(await scheduleVote(ctx, coordinator, id, { voteDate: '2027-06-01' }, origin))).toMatchObject({ status: 409 });
    expect((await rowCounts()).audit).toBe(before.audit + 1); // only the creation of the second one
    expect((await view(requesting.id)).voteDate).toBeNull();
    expect((await view(counting.id)).voteDate).toBe('2027-03-17');
    expect(await ballotDate(counting.electionId)).toBe('2027-03-17');
  });

  it('refuses a date in the past (Amsterdam) and input that is not { voteDate: YYYY-MM-DD }', async () => {
    const v = await create({ rulesKey: 'raadplegend-voorbeeld', voteDate: '2027-03-17' });
    const before = await rowCounts();
    expect(refusal(await scheduleVote(ctx, coordinator, v.id, { voteDate: '2026-11-30' }, origin))).toEqual({
      code: 'democracy.vote_date_in_past',
      status: 400,
    });
    // 1 December 00:30 in Amsterdam: 30 November is past, even though it is still 30 November in UTC.
    clock.set('2026-11-30T23:30:00.000Z');
    expect(refusal(await scheduleVote(ctx, coordinator, v.id, { voteDate: '2026-11-30' }, origin))).toMatchObject({ status: 400 });
    const bad: unknown[] = [
      null,
      'x',
      {},
      { voteDate: '2027-02-30' },
      { voteDate: '17-03-2027' },
      { voteDate: 20270317 },
      { voteDate: '2027-03-17', extra: 1 },
    ];
    for (const input of bad) {
      const r = refusal(await scheduleVote(ctx, coordinator, v.id, input, origin));
      expect(r.status, JSON.stringify(input)).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
    expect(await ballotDate(v.electionId)).toBe('2027-03-17');
  });
});
