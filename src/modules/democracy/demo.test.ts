// The demo elections and referendums: made through the real use cases after the registry demo,
// once, leaving the states the demo officials' and citizens' pages tell a story with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { readCount, sql, type Db } from '../../platform/db/index.ts';
import { EventBus } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ProcessingLog } from '../../platform/processing-log/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { demoBsn, demoOfficialId, findPerson } from '../registry/index.ts';
import { seedDemo } from '../registry/seed/demo.ts';
import { validateCount } from './counting.ts';
import { demoCount, demoElectionOfficials, demoSupporters, election2022, election2026, planCount, seedDemoDemocracy } from './demo.ts';
import type { StationStatus } from './model.ts';
import { electorateOf, entitlement, getReferendum, listReferendums } from './referendum-service.ts';
import { getDifferences, getFinalResult, getProgress, getStationForEntry, listElections } from './service.ts';

const clock = fixedClock('2026-11-30T10:00:00Z');
let ctx: ModuleContext & { database: Awaited<ReturnType<typeof createTestDatabase>> };

const tablesWritten = [
  'election',
  'election_list',
  'election_candidate',
  'election_station',
  'election_entry',
  'election_import',
  'election_lot',
  'election_result',
  'referendum',
  'referendum_support',
  'audit_log',
  'event_outbox',
] as const;

async function rowCount(db: Db, table: string): Promise<number> {
  return readCount((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tablesWritten) out[t] = await rowCount(db, t);
  return out;
}

function must<T>(r: { ok: true; value: T } | { ok: false; failure: { code: string } }): T {
  if (!r.ok) throw new Error(r.failure.code);
  return r.value;
}

async function electionNamed(name: string): Promise<string> {
  const found = (await listElections(ctx)).find((e) => e.name === name);
  if (!found) throw new Error(`no election "${name}"`);
  return found.id;
}

beforeAll(async () => {
  const database = await createTestDatabase('democracy-demo');
  const config = testConfig();
  await prepareDatabase(database, config, clock);
  ctx = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog('test-secret-test-secret-test-secret-0123') };
}, 120_000);
afterAll(() => ctx.database.cleanup());

describe('demo counts', () => {
  it('are consistent and raise no warning, except what the story needs', () => {
    for (const plan of [election2026, election2022]) {
      const ballot = { lists: plan.lists.map((l, i) => ({ number: i + 1, candidateCount: l.candidates })) };
      plan.stations.forEach((s, i) => {
        expect(validateCount(planCount(plan, i + 1), ballot, s)).toEqual([]);
      });
    }
    // Station 4 has one ballot fewer than admitted voters, explained on the report.
    const fourth = planCount(election2026, 4);
    expect(fourth.voters.total - fourth.votes.total).toBe(1);
    expect(fourth.differences.fewerBallots).toBe(1);
    expect(fourth.differences.explanation).toMatch(/stembiljet/);
    // The same seed gives the same count; another seed another.
    const options = [
      { number: 1, weight: 1, candidateWeights: [] },
      { number: 2, weight: 1, candidateWeights: [] },
    ];
    expect(demoCount(options, 2000, 5)).toEqual(demoCount(options, 2000, 5));
    expect(demoCount(options, 2000, 5)).not.toEqual(demoCount(options, 2000, 6));
  });
});

describe('demo elections and referendums', () => {
  it('wait for the registry, then are seeded once', async () => {
    // app.ts seeds the registry first; without its persons nothing is seeded yet.
    await seedDemoDemocracy(ctx);
    expect(await rowCount(ctx.database.db, 'election')).toBe(0);

    await seedDemo(ctx.database, ctx.clock);
    await seedDemoDemocracy(ctx);
    const counts = await rowCounts(ctx.database.db);
    // Two council elections and the ballots of two referendums.
    expect(counts['election']).toBe(4);
    expect(counts['referendum']).toBe(2);
    expect(counts['election_result']).toBe(2);
    expect(counts['referendum_support']).toBe(demoSupporters.length);
    await seedDemoDemocracy(ctx); // idempotent
    expect(await rowCounts(ctx.database.db)).toEqual(counts);
  }, 180_000);

  it('2026: Groningen is counting — 9 stations agreed, 1 with differences, 1 waiting for entry 2, 1 not started', async () => {
    const id = await electionNamed(election2026.name);
    const progress = must(await getProgress(ctx, demoElectionOfficials.ingrid, id));
    expect(progress.election).toMatchObject({
      organisationCode: 'GM0014',
      body: 'municipal_council',
      seats: 45,
      date: '2026-03-18',
      status: 'counting',
    });
    expect(progress.election.lists).toHaveLength(8);
    for (const l of progress.election.lists) {
      expect(l.candidates.length).toBeGreaterThanOrEqual(10);
      expect(l.candidates.length).toBeLessThanOrEqual(30);
    }
    expect(progress.stations.map((s) => s.name)).toContain('Wijkcentrum De Wijert');
    expect(progress.counts).toEqual({ agreed: 9, different: 1, first_entry: 1, not_started: 1 } satisfies Record<StationStatus, number>);
    expect(progress.mayFinalise).toBe(false);

    // The stations in the state the story needs, and who entered what.
    const byNumber = new Map(progress.stations.map((s) => [s.number, s]));
    expect(byNumber.get(10)?.status).toBe('different');
    expect(byNumber.get(11)).toMatchObject({ status: 'first_entry', firstEnteredBy: demoOfficialId.electionOfficial });
    expect(byNumber.get(12)?.status).toBe('not_started');
    const enteredBy = await sql<{ entered_by: string }>`
      select distinct entered_by from election_entry where election_id = ${id} order by entered_by`.execute(ctx.database.db);
    expect(enteredBy.rows.map((r) => r.entered_by).sort()).toEqual(
      [demoOfficialId.electionOfficial, demoOfficialId.electionOfficial2].sort(),
    );

    // Ingrid sees the difference at station 10: three votes of list 1 typed on the next candidate's line.
    const differences = must(await getDifferences(ctx, demoElectionOfficials.ingrid, id, 10));
    expect(differences.differences.map((d) => d.field)).toEqual(['votes.lists.1.candidates.1', 'votes.lists.1.candidates.2']);
    // Pieter can make the second entry of station 11; Anouk, who made the first, cannot.
    expect(must(await getStationForEntry(ctx, demoElectionOfficials.pieter, id, 11)).entryNo).toBe(2);
    expect((await getStationForEntry(ctx, demoElectionOfficials.anouk, id, 11)).ok).toBe(false);
  });

  it('2022: the finalised result has 45 seats, candidates elected on preference votes and residual seats', async () => {
    const id = await electionNamed(election2022.name);
    const result = must(await getFinalResult(ctx, id));
    expect(result.version).toBe(1);
    expect(result.election.status).toBe('finalised');
    const a = result.apportionment;
    if (a?.status !== 'Completed' || a.kind !== 'process') throw new Error(`apportionment ${a?.status ?? 'missing'}`);
    expect(a.seats_per_list.reduce((x, y) => x + y, 0)).toBe(45);
    expect(a.residual_seats_total).toBeGreaterThan(0);
    expect(a.steps.some((s) => s.type === 'HighestAverageAssignment' || s.type === 'UniqueHighestAverageAssignment')).toBe(true);
    expect(result.elected).toHaveLength(45);
    // Someone below the list's seats got in on preference votes (so someone higher did not).
    const seatsOf = new Map(a.list_nominations.map((n) => [n.list, n.seats]));
    const jumped = result.elected.filter((e) => e.how === 'preference' && e.position > (seatsOf.get(e.listNumber) ?? 0));
    expect(jumped.length).toBeGreaterThan(0);
    expect(result.elected.some((e) => e.how === 'list_order')).toBe(true);
    // Every station agreed; the turnout is known.
    expect(result.totals.stations).toBe(election2022.stations.length);
    expect(result.turnout.percent).toBeGreaterThan(40);
    // Finalised by Ingrid, on the Monday after election day.
    const finalised = await sql<{ actor_id: string; occurred_at: string }>`
      select actor_id, occurred_at from audit_log where object_type = 'election' and object_id = ${id} and action like 'democracy.%finalised'`.execute(
      ctx.database.db,
    );
    expect(finalised.rows.map((r) => r.actor_id)).toEqual([demoOfficialId.electionCoordinator]);
    expect(result.finalisedAt?.slice(0, 10)).toBe('2022-03-21');
  });

  it('referendums: one gathering supporters, one held and finalised with its turnout against the rules', async () => {
    const all = await listReferendums(ctx);
    expect(all.map((r) => r.status).sort()).toEqual(['finalised', 'requesting']);

    const requestingId = all.find((r) => r.status === 'requesting')?.id ?? '';
    const requesting = must(await getReferendum(ctx, { kind: 'anonymous' }, requestingId));
    expect(requesting.organisationCode).toBe('GM0014');
    expect(requesting.rules.key).toBe('gemeente-voorbeeld');
    expect(requesting.phase).toMatchObject({ index: 0, supporters: demoSupporters.length });
    expect(requesting.phase && requesting.phase.endsOn > clock.today()).toBe(true);
    // A demo citizen who supports sees it; Sanne (Amsterdam) did not support.
    const anna = { kind: 'person', bsn: demoBsn.anna, name: 'Anna', sessionId: 's', loa: 'substantial' } as const;
    expect(must(await getReferendum(ctx, anna, requestingId)).mySupport).toBe(true);
    expect(must(await getReferendum(ctx, { ...anna, bsn: demoBsn.sanne }, requestingId))).toMatchObject({
      mySupport: false,
      maySupport: false,
      notEntitled: { nl: 'U staat niet ingeschreven in Groningen of bent jonger dan 18 jaar.' },
    });
    // Every demo supporter is entitled to support a Groningen request: an adult living in Groningen.
    for (const s of demoSupporters) {
      const p = await findPerson(ctx, s.bsn);
      expect(entitlement(electorateOf('GM0014'), p, clock.today()), s.name).toBe('entitled');
    }

    const heldId = all.find((r) => r.status === 'finalised')?.id ?? '';
    const held = must(await getReferendum(ctx, { kind: 'anonymous' }, heldId));
    expect(held.options.map((o) => o.name)).toEqual(['Ja', 'Nee']);
    const outcome = held.outcome;
    if (!outcome) throw new Error('no outcome');
    expect(outcome.eligible).toBe(2150 + 1980 + 2410 + 2030);
    expect(outcome.turnoutPercent).toBeGreaterThan(0);
    expect(outcome.perOption.reduce((n, o) => n + o.votes, 0)).toBe(outcome.valid);
    // Called by the council, with a turnout threshold (30 %, an example value) that the result shows as met.
    expect(held.rules).toMatchObject({ key: 'raadplegend-voorbeeld', requestPhases: [], turnoutThresholdPercent: 30 });
    expect(outcome.turnoutPercent).toBeGreaterThanOrEqual(30);
    expect(outcome.turnoutThresholdMet).toBe(true);
    // The ballot's polling stations came from an EML 110b file, checked by its hash.
    const imports = await sql<{ kind: string }>`select kind from election_import where election_id = ${held.electionId}`.execute(
      ctx.database.db,
    );
    expect(imports.rows.map((r) => r.kind)).toEqual(['110b']);
    const ballot = must(await getFinalResult(ctx, held.electionId));
    expect(ballot.totals.stations).toBe(4);
  });
});
