// Elections on a real database (LOKET_TEST_DB=sqlite|postgres): definition and EML import with the
// hash check, double data entry with every resolution, lots, finalisation, recount and a second
// version; every refusal stores nothing; audit records commit with the change; a small election
// whose seats and elected candidates are computed by hand (data/elections/README.md rules).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { auditTrail } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/index.ts';
import { readCount, readJson, sql, type Db } from '../../platform/db/index.ts';
import { EventBus } from '../../platform/events/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { openTestContext, settableClock, type TestContext } from '../delivery/test-fixtures.ts';
import { emlHash, formatHash } from './eml/hash.ts';
import type { ElectionDefinition, StationCount } from './model.ts';
import {
  democracyFailureText,
  defineElection,
  exportEml510,
  exportEml520,
  finalise,
  getDifferences,
  getElection,
  getFinalResult,
  getProgress,
  getProvisionalResult,
  getStationForEntry,
  importEml,
  listElections,
  orderRecount,
  recordLot,
  resolveDifferences,
  saveEntry,
  startCounting,
  stationObjectId,
} from './service.ts';
import { createReferendum, getReferendum } from './referendum-service.ts';
import {
  defineTestElection,
  enterAgreed,
  enterAllAgreed,
  mustOk,
  officialPrincipal,
  officials,
  sampleCount,
  testElectionInput,
  testOrigin,
} from './test-fixtures.ts';

const clock = settableClock('2026-03-18T20:00:00.000Z');
let ctx: TestContext;
let db: Db;

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'democracy', clock);
  db = ctx.database.db;
}, 60_000);
afterAll(() => ctx.database.cleanup());
beforeEach(() => clock.set('2026-03-18T20:00:00.000Z'));

const { first, second, coordinator } = officials;
const origin = testOrigin;
const amsterdamOfficial = officialPrincipal('election_official', '01900000-0000-7000-8000-000000000363', 'GM0363');
const amsterdamCoordinator = officialPrincipal('election_coordinator', '01900000-0000-7000-8000-000000000364', 'GM0363');
const thirdOfficial = officialPrincipal('election_official', '01900000-0000-7000-8000-000000000003');
const anonymous: Principal = { kind: 'anonymous' };

/** The failure's code and status (the test fails when the result is a success). */
function refusal<T>(r: Result<T>): { code: string; status: number } {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 300)}`);
  return { code: r.failure.code, status: r.failure.status };
}

const tick = (ms = 1000) => clock.set(new Date(clock.now().getTime() + ms).toISOString());

/** A consistent count from votes per candidate of each list (lists numbered 1…), with blank and invalid votes. */
function countOf(candidateVotes: readonly (readonly number[])[], opts: { blank?: number; invalid?: number } = {}): StationCount {
  const lists = candidateVotes.map((c, i) => ({ number: i + 1, candidates: [...c], total: c.reduce((a, b) => a + b, 0) }));
  const totalValid = lists.reduce((a, l) => a + l.total, 0);
  const blank = opts.blank ?? 0;
  const invalid = opts.invalid ?? 0;
  const total = totalValid + blank + invalid;
  return {
    voters: { pollCards: total, proxyCertificates: 0, total },
    votes: { lists, totalValid, blank, invalid, total },
    differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
  };
}

/** The votes of a candidate spread over three stations. */
const third = (v: number, station: 0 | 1 | 2): number => (station < 2 ? Math.floor(v / 3) : v - 2 * Math.floor(v / 3));

const electionTables = [
  'election',
  'election_list',
  'election_candidate',
  'election_station',
  'election_entry',
  'election_import',
  'election_lot',
  'election_recount',
  'election_result',
  'audit_log',
  'event_outbox',
] as const;

/** Every row of the module's tables plus the audit log and outbox, as text: equal before and after means nothing was stored. */
async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of electionTables) {
    const r = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[`${t}.count`] = readCount(r.rows[0]?.n);
  }
  const stations = await sql`select * from election_station order by election_id, number`.execute(db);
  out['stations'] = JSON.stringify(stations.rows);
  return out;
}

const stationRow = async (electionId: string, n: number) =>
  (
    await sql<{
      status: string;
      attempt: number;
      recounts: number;
      agreed: string | null;
      agreed_by: string | null;
      first_entered_by: string | null;
    }>`select * from election_station where election_id = ${electionId} and number = ${n}`.execute(db)
  ).rows[0];

const entryRows = async (electionId: string, n: number) =>
  (
    await sql<{
      attempt: number;
      entry_no: number;
      entered_by: string;
      accepted_warnings: string;
      discarded_at: string | null;
    }>`select * from election_entry where election_id = ${electionId} and station_number = ${n} order by attempt, entry_no`.execute(db)
  ).rows;

const actionsOf = async (type: string, id: string) => (await auditTrail(db, type, id)).map((a) => a.action);

// ─── the hand-computed example ───────────────────────────────────────────────────────────────────

describe('a small election computed by hand', () => {
  // 9 seats (< 19: largest remainders for lists that reach ¾ of the quota), 900 valid votes, quota 100.
  // List 1: 480 → 4 full seats, remainder 80 ≥ 75; list 2: 290 → 2, remainder 90 ≥ 75; list 3: 130 → 1, remainder 30 < 75.
  // 7 full seats, 2 residual seats to the largest remainders: list 2 (90) and list 1 (80). Seats 5, 3, 1.
  // List 1 has 480 of 900 votes (more than half) and 5 of 9 seats (more than half): no absolute-majority change.
  // Preference threshold (< 19 seats): 50 % of the quota = 50 votes.
  const votes = [
    [300, 60, 40, 30, 30, 20], // 480: preference 1 (300), 2 (60); list order 3, 4, 5
    [100, 20, 15, 10, 55, 90], // 290: preference 1 (100), 6 (90), 5 (55) fill all 3 seats
    [40, 80, 5, 5, 0, 0], // 130: preference 2 (80)
  ];
  let def: ElectionDefinition;

  it('defines, counts and finalises with the seats and elected candidates worked out by hand', async () => {
    def = await defineTestElection(ctx, { seats: 9, lists: 3, candidatesPerList: 6, stations: 3 });
    expect(def.status).toBe('counting');
    for (const s of [0, 1, 2] as const) {
      await enterAgreed(ctx, def, s + 1, countOf(votes.map((l) => l.map((v) => third(v, s)))));
      if (s === 0) {
        // With one of three stations agreed, turnout is over that station's 2,000 eligible voters only.
        const partial = mustOk(await getProvisionalResult(ctx, coordinator, def.id));
        expect(partial.turnout).toEqual({ voted: 295, eligible: 2000, percent: 14.8 });
      }
    }
    const provisional = mustOk(await getProvisionalResult(ctx, coordinator, def.id));
    expect(provisional.turnout).toEqual({ voted: 900, eligible: 6000, percent: 15 });
    expect(provisional.version).toBeNull();
    expect(provisional.totals.votes.totalValid).toBe(900);
    expect(provisional.totals.votes.lists.map((l) => l.total)).toEqual([480, 290, 130]);

    const result = mustOk(await finalise(ctx, coordinator, def.id, origin));
    expect(result.version).toBe(1);
    const a = result.apportionment;
    if (a?.status !== 'Completed' || a.kind !== 'process') throw new Error(`apportionment ${a?.status}`);
    expect(a.quota).toEqual({ num: 100, den: 1 });
    expect(a.full_seats_per_list).toEqual([4, 2, 1]);
    expect(a.residual_seats_per_list).toEqual([1, 1, 0]);
    expect(a.seats_per_list).toEqual([5, 3, 1]);
    const elected = (list: number, how: string) =>
      result.elected
        .filter((e) => e.listNumber === list && e.how === how)
        .map((e) => e.position)
        .sort((x, y) => x - y);
    expect(elected(1, 'preference')).toEqual([1, 2]);
    expect(elected(1, 'list_order')).toEqual([3, 4, 5]);
    expect(elected(2, 'preference')).toEqual([1, 5, 6]);
    expect(elected(2, 'list_order')).toEqual([]);
    expect(elected(3, 'preference')).toEqual([2]);
    expect(result.elected).toHaveLength(9);
    expect(result.elected.find((e) => e.listNumber === 2 && e.position === 6)?.votes).toBe(90);
    // 900 voters of 3 × 2000 eligible.
    expect(result.turnout).toEqual({ voted: 900, eligible: 6000, percent: 15 });
    expect(result.perMunicipality.map((m) => m.code)).toEqual(['GM0014']);
    expect(result.perMunicipality[0]?.totals.votes.totalValid).toBe(900);
    expect(result.perMunicipality[0]?.totals.stations).toBe(3);
  });

  it('the final result is public, stored and equal to what finalise returned', async () => {
    const final = mustOk(await getFinalResult(ctx, def.id));
    expect(final.version).toBe(1);
    expect(final.election.status).toBe('finalised');
    expect(final.election.finalisedAt).toBe(final.finalisedAt);
    expect(final.earlierVersions).toEqual([]);
    expect(final.elected).toHaveLength(9);
    const stored = await sql<{ version: number; totals: string }>`select * from election_result where election_id = ${def.id}`.execute(db);
    expect(stored.rows).toHaveLength(1);
    expect(readJson<{ votes: { total: number } }>(stored.rows[0]?.totals).votes.total).toBe(900);
  });

  it('records the finalisation in the audit trail and the outbox', async () => {
    const trail = await auditTrail(db, 'election', def.id);
    expect(trail.map((t) => t.action)).toEqual(['democracy.election_defined', 'democracy.counting_started', 'democracy.result_finalised']);
    expect(trail[2]?.details).toMatchObject({ version: 1, seatsPerList: [5, 3, 1] });
    expect(trail[2]?.actorId).toBe(coordinator.kind === 'official' ? coordinator.officialId : null);
    const events = await sql<{ type: string; payload: string }>`select * from event_outbox where aggregate_id = ${def.id}`.execute(db);
    expect(events.rows.map((e) => e.type)).toEqual(['democracy.result_finalised']);
    expect(readJson(events.rows[0]?.payload)).toMatchObject({ electionId: def.id, version: 1, organisationCode: 'GM0014' });
    const entries = await auditTrail(db, 'election_station', stationObjectId(def.id, 1));
    expect(entries.map((e) => [e.action, e.details['entryNo']])).toEqual([
      ['democracy.entry_saved', 1],
      ['democracy.entry_saved', 2],
    ]);
    expect(entries[1]?.details).toMatchObject({ station: 1, attempt: 1, outcome: 'agreed', acceptedWarnings: [] });
  });

  it('exports the finalised result as EML 510 and 520', async () => {
    const x510 = mustOk(await exportEml510(ctx, def.id));
    const x520 = mustOk(await exportEml520(ctx, def.id));
    expect(x510).toContain('Id="510');
    // Three stations and the total: 900 valid votes overall.
    expect(x510).toContain('0014::SB3');
    expect(x510).toContain('<TotalCounted>900</TotalCounted>');
    expect(x520).toContain('Id="520');
    // Nine elected candidates.
    expect(x520.match(/<Elected>yes<\/Elected>/g)?.length).toBe(9 + 3);
  });

  it('lists elections with the name of their organisation, and shows a definition to anyone', async () => {
    const all = await listElections(ctx);
    const mine = all.find((e) => e.id === def.id);
    expect(mine?.organisationCode).toBe('GM0014');
    expect(mine?.organisationName).not.toBe('');
    expect((await listElections(ctx, { kind: 'referendum' })).some((e) => e.id === def.id)).toBe(false);
    const shown = mustOk(await getElection(ctx, def.id));
    expect(shown.lists.map((l) => l.candidates.length)).toEqual([6, 6, 6]);
    expect(shown.stations.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(JSON.stringify(shown)).not.toContain('agreed');
  });
});

// ─── who sees a draft ────────────────────────────────────────────────────────────────────────────

describe('a draft is seen only by the election officials and coordinators of its organisation', () => {
  const caseHandler = officialPrincipal('case_handler', '01900000-0000-7000-8000-0000000000c4');
  const ids = async (principal?: Principal, kind?: 'election' | 'referendum') =>
    (await listElections(ctx, kind ? { kind } : {}, principal)).map((e) => e.id);

  it('leaves drafts out of the list and answers them with 404 for anyone else; counting elections are public', async () => {
    const draft = await defineTestElection(ctx, { draft: true, name: 'Concept (zichtbaarheid)' });
    const counting = await defineTestElection(ctx, { name: 'Telling (zichtbaarheid)' });
    for (const p of [first, coordinator]) {
      expect(await ids(p)).toEqual(expect.arrayContaining([draft.id, counting.id]));
      expect(mustOk(await getElection(ctx, draft.id, p)).status).toBe('draft');
    }
    for (const p of [anonymous, caseHandler, amsterdamOfficial, amsterdamCoordinator]) {
      const seen = await ids(p);
      expect(seen).not.toContain(draft.id);
      expect(seen).toContain(counting.id);
      expect(refusal(await getElection(ctx, draft.id, p))).toEqual({ code: 'democracy.election_not_found', status: 404 });
      expect(mustOk(await getElection(ctx, counting.id, p)).status).toBe('counting');
    }
    // Without a principal (callers that decide themselves, such as the pages): every election.
    expect(await ids()).toEqual(expect.arrayContaining([draft.id, counting.id]));
    expect(mustOk(await getElection(ctx, draft.id)).id).toBe(draft.id);
  });

  it('hides the ballot of a referendum in preparation the same way (the referendum itself stays public)', async () => {
    const referendum = mustOk(
      await createReferendum(
        ctx,
        coordinator,
        {
          organisationCode: 'GM0014',
          title: 'Zichtbaarheid',
          question: 'Voor of tegen?',
          options: ['Voor', 'Tegen'],
          policy: { title: 'Beleid' },
          rulesKey: 'gemeente-voorbeeld',
        },
        origin,
      ),
    );
    expect(mustOk(await getElection(ctx, referendum.electionId, coordinator)).status).toBe('draft');
    expect(await ids(coordinator, 'referendum')).toContain(referendum.electionId);
    for (const p of [anonymous, amsterdamCoordinator]) {
      expect(await ids(p, 'referendum')).not.toContain(referendum.electionId);
      expect(refusal(await getElection(ctx, referendum.electionId, p)).status).toBe(404);
      expect(mustOk(await getReferendum(ctx, p, referendum.id)).id).toBe(referendum.id);
    }
  });
});

// ─── the whole flow, from EML to a second version ────────────────────────────────────────────────

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'eml', 'fixtures', name), 'utf8');
const xml110a = fixture('Verkiezingsdefinitie_GR2026_Groningen.eml.xml');
const xml230b = fixture('Kandidatenlijsten_GR2026_Groningen.eml.xml');
const xml110b = fixture('Stembureaus_GR2026_Groningen.eml.xml');
/** The hash as an official retypes it: in chunks of 4, upper case. */
const typed = (xml: string) => formatHash(emlHash(xml)).toUpperCase();
const wrongHash = (xml: string) => {
  const h = emlHash(xml);
  return `${h.slice(0, -1)}${h.endsWith('0') ? '1' : '0'}`;
};

describe('the whole flow: EML import, double data entry, resolutions, finalise, recount, version 2', () => {
  let def: ElectionDefinition;

  it('refuses a file whose retyped hash does not match, and stores nothing', async () => {
    const before = await snapshot();
    const r = await importEml(
      ctx,
      coordinator,
      { electionId: null, organisationCode: null, xml: xml110a, hash: wrongHash(xml110a) },
      origin,
    );
    expect(refusal(r)).toEqual({ code: 'democracy.hash_mismatch', status: 422 });
    expect(await snapshot()).toEqual(before);
  });

  it('creates a draft election from the 110a, then adds lists (230b) and stations (110b)', async () => {
    const a = mustOk(
      await importEml(ctx, coordinator, { electionId: null, organisationCode: 'GM0014', xml: xml110a, hash: typed(xml110a) }, origin),
    );
    expect(a.kind).toBe('110a');
    expect(a.hash).toBe(emlHash(xml110a));
    expect(a.election).toMatchObject({
      status: 'draft',
      emlId: 'GR2026_Groningen',
      seats: 45,
      body: 'municipal_council',
      organisationCode: 'GM0014',
    });
    const id = a.election.id;
    // A 230b or 110b needs the election it belongs to.
    expect(
      refusal(await importEml(ctx, coordinator, { electionId: null, organisationCode: null, xml: xml230b, hash: typed(xml230b) }, origin)),
    ).toEqual({
      code: 'democracy.election_id_required',
      status: 400,
    });
    const b = mustOk(
      await importEml(ctx, coordinator, { electionId: id, organisationCode: null, xml: xml230b, hash: typed(xml230b) }, origin),
    );
    expect(b.election.lists.length).toBeGreaterThan(1);
    // Importing the lists again replaces them (a draft may change).
    const again = mustOk(
      await importEml(ctx, coordinator, { electionId: id, organisationCode: null, xml: xml230b, hash: typed(xml230b) }, origin),
    );
    expect(again.election.lists).toEqual(b.election.lists);
    const c = mustOk(
      await importEml(ctx, coordinator, { electionId: id, organisationCode: null, xml: xml110b, hash: typed(xml110b) }, origin),
    );
    expect(c.election.stations.length).toBeGreaterThan(3);
    expect(c.election.lists).toEqual(b.election.lists);
    const imports = await sql<{
      kind: string;
      file_hash: string;
    }>`select * from election_import where election_id = ${id} order by imported_at, id`.execute(db);
    expect(imports.rows.map((r) => r.kind).sort()).toEqual(['110a', '110b', '230b', '230b']);
    expect(imports.rows.find((r) => r.kind === '110b')?.file_hash).toBe(emlHash(xml110b));
    expect((await actionsOf('election', id)).filter((x) => x === 'democracy.eml_imported')).toHaveLength(4);
    def = c.election;
  });

  it('refuses a 110a of another municipality, a 230b of another election, and a 110a for an existing election', async () => {
    const other = await importEml(
      ctx,
      amsterdamCoordinator,
      { electionId: null, organisationCode: null, xml: xml110a, hash: typed(xml110a) },
      origin,
    );
    expect(refusal(other)).toEqual({ code: 'democracy.eml_election_mismatch', status: 422 });
    const foreign = xml230b.replaceAll('GR2026_Groningen', 'GR2026_Haren');
    const before = await snapshot();
    expect(
      refusal(
        await importEml(ctx, coordinator, { electionId: def.id, organisationCode: null, xml: foreign, hash: typed(foreign) }, origin),
      ),
    ).toEqual({
      code: 'democracy.eml_election_mismatch',
      status: 422,
    });
    expect(
      refusal(
        await importEml(ctx, coordinator, { electionId: def.id, organisationCode: null, xml: xml110a, hash: typed(xml110a) }, origin),
      ),
    ).toEqual({
      code: 'democracy.eml_wrong_kind',
      status: 422,
    });
    const broken = '<EML Id="230b"><unclosed></EML>';
    expect(
      refusal(await importEml(ctx, coordinator, { electionId: def.id, organisationCode: null, xml: broken, hash: emlHash(broken) }, origin))
        .code,
    ).toBe('democracy.invalid_eml');
    expect(await snapshot()).toEqual(before);
  });

  it('another organisation does not see the draft; entries wait until counting starts', async () => {
    expect(refusal(await getProgress(ctx, amsterdamCoordinator, def.id))).toEqual({ code: 'democracy.election_not_found', status: 404 });
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: sampleCount(def, 1), acceptedWarnings: [] }, origin))).toEqual({
      code: 'democracy.not_counting',
      status: 409,
    });
    const progress = mustOk(await getProgress(ctx, coordinator, def.id));
    expect(progress.may).toEqual({ enter: false, coordinate: true });
    expect(progress.mayFinalise).toBe(false);
  });

  it('starts counting; then lists and stations are fixed', async () => {
    const started = mustOk(await startCounting(ctx, coordinator, def.id, origin));
    expect(started.status).toBe('counting');
    expect(refusal(await startCounting(ctx, coordinator, def.id, origin))).toEqual({ code: 'democracy.not_draft', status: 409 });
    expect(
      refusal(
        await importEml(ctx, coordinator, { electionId: def.id, organisationCode: null, xml: xml230b, hash: typed(xml230b) }, origin),
      ),
    ).toEqual({
      code: 'democracy.not_draft',
      status: 409,
    });
    // Now another organisation is told it is not theirs (403), not that it does not exist.
    expect(refusal(await getProgress(ctx, amsterdamCoordinator, def.id))).toEqual({ code: 'democracy.other_organisation', status: 403 });
    const progress = mustOk(await getProgress(ctx, first, def.id));
    expect(progress.counts.not_started).toBe(def.stations.length);
    expect(progress.may).toEqual({ enter: true, coordinate: false });
  });

  it('entry 1, then entry 2 by someone else; the same official cannot make both', async () => {
    expect(mustOk(await getStationForEntry(ctx, first, def.id, 1)).entryNo).toBe(1);
    const saved = mustOk(await saveEntry(ctx, first, def.id, 1, { count: sampleCount(def, 11), acceptedWarnings: [] }, origin));
    expect(saved.outcome).toBe('saved_first');
    expect(saved.station.status).toBe('first_entry');
    expect(refusal(await getStationForEntry(ctx, first, def.id, 1))).toEqual({ code: 'democracy.same_user', status: 409 });
    const before = await snapshot();
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: sampleCount(def, 11), acceptedWarnings: [] }, origin))).toEqual({
      code: 'democracy.same_user',
      status: 409,
    });
    expect(await snapshot()).toEqual(before);
    expect(mustOk(await getStationForEntry(ctx, second, def.id, 1)).entryNo).toBe(2);
    // Entry 2 differs: the coordinator must decide.
    const differs = mustOk(await saveEntry(ctx, second, def.id, 1, { count: sampleCount(def, 12), acceptedWarnings: [] }, origin));
    expect(differs.outcome).toBe('different');
    expect(refusal(await getStationForEntry(ctx, thirdOfficial, def.id, 1))).toEqual({ code: 'democracy.entry_not_possible', status: 409 });
    expect(refusal(await saveEntry(ctx, thirdOfficial, def.id, 1, { count: sampleCount(def, 12), acceptedWarnings: [] }, origin))).toEqual({
      code: 'democracy.entry_not_possible',
      status: 409,
    });
  });

  it('shows the differences field by field to the coordinator only', async () => {
    expect(refusal(await getDifferences(ctx, first, def.id, 1))).toEqual({ code: 'democracy.coordinators_only', status: 403 });
    expect(refusal(await getDifferences(ctx, coordinator, def.id, 2))).toEqual({ code: 'democracy.no_differences', status: 409 });
    const d = mustOk(await getDifferences(ctx, coordinator, def.id, 1));
    expect(d.first.count).toEqual(sampleCount(def, 11));
    expect(d.second.count).toEqual(sampleCount(def, 12));
    expect(d.differences.length).toBeGreaterThan(0);
    expect(d.differences.every((x) => x.first !== x.second)).toBe(true);
  });

  it('keep_second: the second entry becomes the agreed count, decided by the coordinator', async () => {
    expect(refusal(await resolveDifferences(ctx, first, def.id, 1, { resolution: 'keep_second' }, origin))).toEqual({
      code: 'democracy.coordinators_only',
      status: 403,
    });
    const s = mustOk(await resolveDifferences(ctx, coordinator, def.id, 1, { resolution: 'keep_second' }, origin));
    expect(s.status).toBe('agreed');
    const row = await stationRow(def.id, 1);
    expect(readJson(row?.agreed)).toEqual(sampleCount(def, 12));
    expect(row?.agreed_by).toBe(coordinator.kind === 'official' ? coordinator.officialId : '');
    const trail = await auditTrail(db, 'election_station', stationObjectId(def.id, 1));
    expect(trail.at(-1)).toMatchObject({ action: 'democracy.differences_resolved', details: { resolution: 'keep_second', attempt: 1 } });
    expect(refusal(await resolveDifferences(ctx, coordinator, def.id, 1, { resolution: 'keep_first' }, origin))).toEqual({
      code: 'democracy.no_differences',
      status: 409,
    });
  });

  it('keep_first: the first entry becomes the agreed count', async () => {
    await saveEntry(ctx, second, def.id, 2, { count: sampleCount(def, 21), acceptedWarnings: [] }, origin);
    mustOk(await saveEntry(ctx, first, def.id, 2, { count: sampleCount(def, 22), acceptedWarnings: [] }, origin));
    mustOk(await resolveDifferences(ctx, coordinator, def.id, 2, { resolution: 'keep_first' }, origin));
    expect(readJson((await stationRow(def.id, 2))?.agreed)).toEqual(sampleCount(def, 21));
  });

  it('correct: the coordinator enters the count from the report; it is checked like an entry', async () => {
    mustOk(await saveEntry(ctx, first, def.id, 3, { count: sampleCount(def, 31), acceptedWarnings: [] }, origin));
    mustOk(await saveEntry(ctx, second, def.id, 3, { count: sampleCount(def, 32), acceptedWarnings: [] }, origin));
    expect(refusal(await resolveDifferences(ctx, coordinator, def.id, 3, { resolution: 'correct' }, origin)).status).toBe(400);
    const wrong = sampleCount(def, 33);
    wrong.votes.totalValid += 1;
    const before = await snapshot();
    expect(refusal(await resolveDifferences(ctx, coordinator, def.id, 3, { resolution: 'correct', count: wrong }, origin))).toEqual({
      code: 'democracy.count_inconsistent',
      status: 422,
    });
    expect(await snapshot()).toEqual(before);
    mustOk(await resolveDifferences(ctx, coordinator, def.id, 3, { resolution: 'correct', count: sampleCount(def, 33) }, origin));
    const row = await stationRow(def.id, 3);
    expect(row?.status).toBe('agreed');
    expect(readJson(row?.agreed)).toEqual(sampleCount(def, 33));
  });

  it('discard_both: both entries are kept but discarded; the station starts a new attempt', async () => {
    mustOk(await saveEntry(ctx, first, def.id, 4, { count: sampleCount(def, 41), acceptedWarnings: [] }, origin));
    mustOk(await saveEntry(ctx, second, def.id, 4, { count: sampleCount(def, 42), acceptedWarnings: [] }, origin));
    const s = mustOk(await resolveDifferences(ctx, coordinator, def.id, 4, { resolution: 'discard_both' }, origin));
    expect(s).toMatchObject({ status: 'not_started', attempt: 2, firstEnteredBy: null });
    const rows = await entryRows(def.id, 4);
    expect(rows.map((r) => [r.attempt, r.entry_no, r.discarded_at !== null])).toEqual([
      [1, 1, true],
      [1, 2, true],
    ]);
    // The same official who made entry 1 of the discarded attempt may make entry 1 of the new one.
    await enterAgreed(ctx, def, 4, sampleCount(def, 43));
    expect((await entryRows(def.id, 4)).filter((r) => r.attempt === 2)).toHaveLength(2);
  });

  it('cannot finalise while a station is not agreed', async () => {
    const before = await snapshot();
    expect(refusal(await finalise(ctx, coordinator, def.id, origin))).toEqual({ code: 'democracy.not_all_agreed', status: 409 });
    expect(await snapshot()).toEqual(before);
  });

  it('finalises once every station is agreed (version 1)', async () => {
    for (const s of def.stations.filter((x) => x.number > 4)) await enterAgreed(ctx, def, s.number, sampleCount(def, 100 + s.number));
    expect(mustOk(await getProgress(ctx, coordinator, def.id)).mayFinalise).toBe(true);
    const v1 = mustOk(await finalise(ctx, coordinator, def.id, origin));
    expect(v1.version).toBe(1);
    expect(v1.apportionment?.status).toBe('Completed');
    expect(v1.elected).toHaveLength(45);
    expect(refusal(await finalise(ctx, coordinator, def.id, origin))).toEqual({ code: 'democracy.already_finalised', status: 409 });
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: sampleCount(def, 1), acceptedWarnings: [] }, origin))).toEqual({
      code: 'democracy.already_finalised',
      status: 409,
    });
  });

  it('a recount needs a reason and an agreed station; it puts the station and the election back to counting', async () => {
    tick();
    expect(refusal(await orderRecount(ctx, coordinator, def.id, 1, { reason: 'x' }, origin)).status).toBe(400);
    expect(refusal(await orderRecount(ctx, first, def.id, 1, { reason: 'Stapel verwisseld' }, origin)).code).toBe(
      'democracy.coordinators_only',
    );
    expect(refusal(await orderRecount(ctx, coordinator, def.id, 9999, { reason: 'Stapel verwisseld' }, origin)).status).toBe(404);
    const s = mustOk(await orderRecount(ctx, coordinator, def.id, 1, { reason: 'Stapel stemmen van lijst 2 verwisseld' }, origin));
    expect(s).toMatchObject({ status: 'not_started', attempt: 2, recounts: 1 });
    expect(mustOk(await getElection(ctx, def.id)).status).toBe('counting');
    expect(refusal(await orderRecount(ctx, coordinator, def.id, 1, { reason: 'Nog een keer' }, origin))).toEqual({
      code: 'democracy.recount_not_possible',
      status: 409,
    });
    const recounts = await sql<{
      reason: string;
      station_number: number;
    }>`select * from election_recount where election_id = ${def.id}`.execute(db);
    expect(recounts.rows).toEqual([expect.objectContaining({ station_number: 1, reason: 'Stapel stemmen van lijst 2 verwisseld' })]);
    // The public keeps seeing version 1 (with the election counting again: "hertelling bezig").
    const shown = mustOk(await getFinalResult(ctx, def.id));
    expect(shown.version).toBe(1);
    expect(shown.election.status).toBe('counting');
    expect(refusal(await exportEml510(ctx, def.id))).toEqual({ code: 'democracy.recount_in_progress', status: 409 });
    expect(mustOk(await exportEml520(ctx, def.id))).toContain('520');
  });

  it('after the recount is entered, finalising stores version 2 beside version 1', async () => {
    tick();
    // The recount finds one more vote for the candidate of list 1 with the most votes (so no new tie).
    const recounted = sampleCount(def, 12);
    const list1 = recounted.votes.lists[0];
    if (!list1) throw new Error('no list 1');
    const top = list1.candidates.indexOf(Math.max(...list1.candidates));
    list1.candidates[top] = (list1.candidates[top] ?? 0) + 1;
    list1.total += 1;
    recounted.votes.totalValid += 1;
    recounted.votes.total += 1;
    recounted.voters.pollCards += 1;
    recounted.voters.total += 1;
    await enterAgreed(ctx, def, 1, recounted);
    const v1 = mustOk(await getFinalResult(ctx, def.id));
    const v2 = mustOk(await finalise(ctx, coordinator, def.id, origin));
    expect(v2.version).toBe(2);
    expect(v2.earlierVersions.map((v) => v.version)).toEqual([1]);
    expect(v2.totals.votes.lists[0]?.total).toBe((v1.totals.votes.lists[0]?.total ?? 0) + 1);
    expect(v2.totals.votes.total).toBe(v1.totals.votes.total + 1);
    const shown = mustOk(await getFinalResult(ctx, def.id));
    expect(shown.version).toBe(2);
    expect(shown.earlierVersions.map((v) => v.version)).toEqual([1]);
    const versions = await sql<{
      version: number;
    }>`select version from election_result where election_id = ${def.id} order by version`.execute(db);
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2]);
    expect(mustOk(await exportEml510(ctx, def.id))).toContain('510');
    const events = await sql<{ type: string }>`select type from event_outbox where aggregate_id = ${def.id}`.execute(db);
    expect(events.rows.map((e) => e.type)).toEqual(['democracy.result_finalised', 'democracy.result_finalised']);
  });
});

// ─── lots ────────────────────────────────────────────────────────────────────────────────────────

describe('lots are recorded data, consumed in order', () => {
  // 3 seats, 2 lists of 150 votes: quota 100, one full seat each, equal remainders of 50 for the
  // residual seat: a drawing of lots between lists 1 and 2. List 1's candidates [100, 50], list 2's
  // [75, 75]. Preference threshold (< 19 seats): 50 % of the quota = 50; a candidate needs MORE
  // votes than that (Kieswet P 15), so list 1's second candidate (exactly 50) is elected in list order.
  const tie = countOf([
    [100, 50],
    [75, 75],
  ]);
  let def: ElectionDefinition;

  it('finalise asks for a lot; a wrong lot is refused; the drawn lot and a candidate lot complete it', async () => {
    def = await defineTestElection(ctx, { seats: 3, lists: 2, candidatesPerList: 2, stations: 1 });
    expect(refusal(await recordLot(ctx, coordinator, def.id, { kind: 'list', drawn: { drawn: 1 } }, origin))).toEqual({
      code: 'democracy.not_all_agreed',
      status: 409,
    });
    await enterAgreed(ctx, def, 1, tie);
    const provisional = mustOk(await getProvisionalResult(ctx, coordinator, def.id));
    expect(provisional.apportionment?.status).toBe('ListDrawingLotsRequired');
    const before = await snapshot();
    expect(refusal(await finalise(ctx, coordinator, def.id, origin))).toEqual({ code: 'democracy.lot_required', status: 409 });
    expect(refusal(await recordLot(ctx, coordinator, def.id, { kind: 'candidate', drawn: { drawn: 1 } }, origin))).toEqual({
      code: 'democracy.lot_invalid',
      status: 422,
    });
    expect(refusal(await recordLot(ctx, coordinator, def.id, { kind: 'list', drawn: { drawn: 3 } }, origin)).code).toBe(
      'democracy.lot_invalid',
    );
    expect(refusal(await recordLot(ctx, coordinator, def.id, { kind: 'list', drawn: { options: [1, 3], drawn: 1 } }, origin)).code).toBe(
      'democracy.lot_invalid',
    );
    expect(refusal(await recordLot(ctx, first, def.id, { kind: 'list', drawn: { drawn: 1 } }, origin)).code).toBe(
      'democracy.coordinators_only',
    );
    expect(await snapshot()).toEqual(before);

    // List 1 wins the lot: list 2 keeps one seat, and its two candidates tie at 75.
    const lot = mustOk(await recordLot(ctx, coordinator, def.id, { kind: 'list', drawn: { drawn: 1 } }, origin));
    expect(lot).toMatchObject({ seq: 1, kind: 'list', drawn: { options: [1, 2], drawn: 1 } });
    const next = mustOk(await getProvisionalResult(ctx, coordinator, def.id));
    expect(next.apportionment?.status).toBe('CandidateDrawingLotsRequired');
    expect(next.lots.map((l) => l.seq)).toEqual([1]);
    expect(refusal(await finalise(ctx, coordinator, def.id, origin)).code).toBe('democracy.lot_required');
    mustOk(await recordLot(ctx, coordinator, def.id, { kind: 'candidate', drawn: { list: 2, drawn: 2 } }, origin));

    const result = mustOk(await finalise(ctx, coordinator, def.id, origin));
    const a = result.apportionment;
    if (a?.status !== 'Completed' || a.kind !== 'process') throw new Error(`apportionment ${a?.status}`);
    expect(a.seats_per_list).toEqual([2, 1]);
    expect(result.elected.map((e) => [e.listNumber, e.position, e.how]).sort()).toEqual([
      [1, 1, 'preference'],
      [1, 2, 'list_order'],
      [2, 2, 'preference'],
    ]);
    expect(result.lots.map((l) => l.seq)).toEqual([1, 2]);
    expect(mustOk(await getFinalResult(ctx, def.id)).lots.map((l) => l.seq)).toEqual([1, 2]);
    expect((await actionsOf('election', def.id)).filter((x) => x === 'democracy.lot_recorded')).toHaveLength(2);
  });

  it('after a recount the earlier lots no longer apply: a tie is drawn anew', async () => {
    tick();
    mustOk(await orderRecount(ctx, coordinator, def.id, 1, { reason: 'Controle van de stapels' }, origin));
    tick();
    await enterAgreed(ctx, def, 1, tie);
    const again = mustOk(await getProvisionalResult(ctx, coordinator, def.id));
    expect(again.apportionment?.status).toBe('ListDrawingLotsRequired');
    expect(again.lots).toEqual([]);
    // The published version 1 still shows the lots it was based on.
    expect(mustOk(await getFinalResult(ctx, def.id)).lots.map((l) => l.seq)).toEqual([1, 2]);
    tick();
    mustOk(await recordLot(ctx, coordinator, def.id, { kind: 'list', drawn: { drawn: 2 } }, origin));
    const v2 = mustOk(await finalise(ctx, coordinator, def.id, origin));
    expect(v2.version).toBe(2);
    const a = v2.apportionment;
    if (a?.status !== 'Completed' || a.kind !== 'process') throw new Error(`apportionment ${a?.status}`);
    expect(a.seats_per_list).toEqual([1, 2]);
    expect(v2.lots.map((l) => l.seq)).toEqual([3]);
  });

  it('no lot is pending for an election that needs none', async () => {
    const plain = await defineTestElection(ctx, { seats: 9, stations: 1 });
    await enterAllAgreed(ctx, plain, 7);
    const r = mustOk(await getProvisionalResult(ctx, coordinator, plain.id));
    expect(r.apportionment?.status).toBe('Completed');
    expect(refusal(await recordLot(ctx, coordinator, plain.id, { kind: 'list', drawn: { drawn: 1 } }, origin))).toEqual({
      code: 'democracy.no_lot_pending',
      status: 409,
    });
  });
});

// ─── refusals ────────────────────────────────────────────────────────────────────────────────────

describe('refusals store nothing', () => {
  let def: ElectionDefinition;
  beforeAll(async () => {
    def = await defineTestElection(ctx, { stations: 4 });
  });

  it('only coordinators define elections, and only for their own organisation', async () => {
    const before = await snapshot();
    expect(refusal(await defineElection(ctx, first, testElectionInput(), origin))).toEqual({
      code: 'democracy.coordinators_only',
      status: 403,
    });
    expect(refusal(await defineElection(ctx, officialPrincipal('case_handler'), testElectionInput(), origin)).status).toBe(403);
    expect(refusal(await defineElection(ctx, anonymous, testElectionInput(), origin))).toEqual({
      code: 'auth.login_required',
      status: 401,
    });
    expect(refusal(await defineElection(ctx, amsterdamCoordinator, testElectionInput(), origin))).toEqual({
      code: 'democracy.other_organisation',
      status: 403,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an invalid definition, naming every field', async () => {
    const bad = { ...testElectionInput(), seats: 0, date: '2026-02-30', body: null };
    const r = await defineElection(ctx, coordinator, bad, origin);
    expect(refusal(r).status).toBe(400);
    const names = r.ok ? [] : (r.failure.invalidParams ?? []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['seats', 'date', 'body']));
    const twice = testElectionInput({ stations: 2 }) as { stations: { number: number }[] };
    twice.stations[1] = { ...twice.stations[0], number: 1 };
    const r2 = await defineElection(ctx, coordinator, twice, origin);
    expect(r2.ok ? [] : (r2.failure.invalidParams ?? []).map((p) => p.name)).toContain('stations.1.number');
    expect(refusal(await defineElection(ctx, coordinator, 'nonsense', origin)).status).toBe(400);
    const noCandidates = testElectionInput({ candidatesPerList: 0 });
    expect(refusal(await defineElection(ctx, coordinator, noCandidates, origin)).status).toBe(400);
  });

  it('cannot start counting without lists and stations', async () => {
    const empty = mustOk(await defineElection(ctx, coordinator, testElectionInput({ stations: 0 }), origin));
    expect(refusal(await startCounting(ctx, coordinator, empty.id, origin))).toEqual({
      code: 'democracy.incomplete_definition',
      status: 409,
    });
    expect(refusal(await startCounting(ctx, first, empty.id, origin)).code).toBe('democracy.coordinators_only');
  });

  it('only election officials of the organisation enter counts', async () => {
    const input = { count: sampleCount(def, 1), acceptedWarnings: [] };
    const before = await snapshot();
    expect(refusal(await saveEntry(ctx, coordinator, def.id, 1, input, origin))).toEqual({
      code: 'democracy.election_officials_only',
      status: 403,
    });
    expect(refusal(await saveEntry(ctx, anonymous, def.id, 1, input, origin))).toEqual({ code: 'auth.login_required', status: 401 });
    expect(refusal(await saveEntry(ctx, amsterdamOfficial, def.id, 1, input, origin))).toEqual({
      code: 'democracy.other_organisation',
      status: 403,
    });
    expect(refusal(await getStationForEntry(ctx, amsterdamOfficial, def.id, 1))).toEqual({
      code: 'democracy.other_organisation',
      status: 403,
    });
    expect(refusal(await getProgress(ctx, officialPrincipal('case_handler'), def.id))).toEqual({
      code: 'democracy.officials_only',
      status: 403,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('unknown elections and stations are not found', async () => {
    const input = { count: sampleCount(def, 1), acceptedWarnings: [] };
    expect(refusal(await saveEntry(ctx, first, 'not-a-uuid', 1, input, origin))).toEqual({
      code: 'democracy.election_not_found',
      status: 404,
    });
    expect(refusal(await saveEntry(ctx, first, '01900000-0000-7000-8000-000000000000', 1, input, origin)).status).toBe(404);
    for (const n of [0, -1, 1.5, 5, 1_000_000_000, Number.NaN])
      expect(refusal(await saveEntry(ctx, first, def.id, n, input, origin))).toEqual({ code: 'democracy.station_not_found', status: 404 });
    expect(refusal(await getElection(ctx, "'; drop table election; --")).status).toBe(404);
    expect(refusal(await getFinalResult(ctx, def.id))).toEqual({ code: 'democracy.result_not_found', status: 404 });
    expect(refusal(await exportEml510(ctx, def.id)).status).toBe(404);
    expect(refusal(await exportEml520(ctx, 'x')).status).toBe(404);
  });

  it('an inconsistent count is refused with its findings, and nothing is stored', async () => {
    const count = sampleCount(def, 2);
    count.votes.total += 5; // F.202 (and the voters no longer match the ballots)
    const before = await snapshot();
    const r = await saveEntry(ctx, first, def.id, 1, { count, acceptedWarnings: [] }, origin);
    expect(refusal(r)).toEqual({ code: 'democracy.count_inconsistent', status: 422 });
    expect(r.ok ? [] : (r.failure.invalidParams ?? []).map((p) => p.code)).toContain('F.202');
    expect(await snapshot()).toEqual(before);
    expect(await entryRows(def.id, 1)).toEqual([]);
    expect(await auditTrail(db, 'election_station', stationObjectId(def.id, 1))).toEqual([]);
    // Negative and absurd numbers never reach the checks.
    const negative = sampleCount(def, 2);
    negative.voters.pollCards = -1;
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: negative, acceptedWarnings: [] }, origin)).status).toBe(400);
    const absurd = sampleCount(def, 2);
    absurd.votes.blank = 10 ** 12;
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: absurd, acceptedWarnings: [] }, origin)).status).toBe(400);
    const wrongShape = sampleCount({ lists: [{ number: 1, candidateCount: 2 }] }, 2);
    expect(refusal(await saveEntry(ctx, first, def.id, 1, { count: wrongShape, acceptedWarnings: [] }, origin)).code).toBe(
      'democracy.count_inconsistent',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('warnings must be confirmed; once confirmed they are stored with the entry and in the audit record', async () => {
    const count = sampleCount(def, 3);
    count.votes.blank += 30; // more than 3 % blank: W.201
    count.votes.total += 30;
    count.voters.pollCards += 30;
    count.voters.total += 30;
    const before = await snapshot();
    const r = await saveEntry(ctx, first, def.id, 2, { count, acceptedWarnings: [] }, origin);
    expect(refusal(r)).toEqual({ code: 'democracy.warnings_not_confirmed', status: 422 });
    expect(r.ok ? [] : (r.failure.invalidParams ?? []).map((p) => p.code)).toEqual(['W.201']);
    expect(await snapshot()).toEqual(before);
    const saved = mustOk(await saveEntry(ctx, first, def.id, 2, { count, acceptedWarnings: ['W.201', 'W.302'] }, origin));
    expect(saved.findings.map((f) => f.code)).toEqual(['W.201']);
    expect((await entryRows(def.id, 2)).map((e) => readJson(e.accepted_warnings))).toEqual([['W.201']]);
    expect((await auditTrail(db, 'election_station', stationObjectId(def.id, 2)))[0]?.details).toMatchObject({
      entryNo: 1,
      acceptedWarnings: ['W.201'],
    });
  });

  it('two simultaneous entries never both become entry 1', async () => {
    const count = sampleCount(def, 4);
    const results = await Promise.all([
      saveEntry(ctx, first, def.id, 3, { count, acceptedWarnings: [] }, origin),
      saveEntry(ctx, second, def.id, 3, { count, acceptedWarnings: [] }, origin),
    ]);
    expect(results.map((r) => mustOk(r).outcome).sort()).toEqual(['agreed', 'saved_first']);
    const same = await Promise.all([
      saveEntry(ctx, first, def.id, 4, { count, acceptedWarnings: [] }, origin),
      saveEntry(ctx, first, def.id, 4, { count, acceptedWarnings: [] }, origin),
    ]);
    expect(same.map((r) => (r.ok ? r.value.outcome : r.failure.code)).sort()).toEqual(['democracy.same_user', 'saved_first']);
    expect(await entryRows(def.id, 4)).toHaveLength(1);
  });

  it('a write that fails after its audit record leaves no audit record (same transaction)', async () => {
    const one = await defineTestElection(ctx, { stations: 1 });
    await enterAllAgreed(ctx, one, 3);
    const failingBus = new EventBus();
    failingBus.emit = () => Promise.reject(new Error('outbox unavailable'));
    await expect(finalise({ ...ctx, bus: failingBus }, coordinator, one.id, origin)).rejects.toThrow('outbox unavailable');
    expect(await actionsOf('election', one.id)).not.toContain('democracy.result_finalised');
    expect(mustOk(await getElection(ctx, one.id)).status).toBe('counting');
    expect(refusal(await getFinalResult(ctx, one.id)).code).toBe('democracy.result_not_found');
    mustOk(await finalise(ctx, coordinator, one.id, origin));
    expect(await actionsOf('election', one.id)).toContain('democracy.result_finalised');
  });

  it('every failure has Dutch and English text', () => {
    expect(democracyFailureText('democracy.same_user', 'nl')?.detail).toContain('andere medewerker');
    expect(democracyFailureText('democracy.same_user', 'en')?.detail).toContain('another official');
    expect(democracyFailureText('democracy.nonsense', 'en')).toBeUndefined();
  });
});

// ─── a referendum ballot ─────────────────────────────────────────────────────────────────────────

describe('a referendum ballot is counted the same way', () => {
  it('finalises with the outcome instead of seats', async () => {
    const def = await defineTestElection(ctx, { kind: 'referendum', stations: 2 });
    expect(def.lists.map((l) => l.name)).toEqual(['Voor', 'Tegen']);
    const yes = (n: number, no: number): StationCount => ({
      voters: { pollCards: n + no + 2, proxyCertificates: 0, total: n + no + 2 },
      votes: {
        lists: [
          { number: 1, candidates: [], total: n },
          { number: 2, candidates: [], total: no },
        ],
        totalValid: n + no,
        blank: 1,
        invalid: 1,
        total: n + no + 2,
      },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    });
    await enterAgreed(ctx, def, 1, yes(300, 100));
    await enterAgreed(ctx, def, 2, yes(200, 150));
    const r = mustOk(await finalise(ctx, coordinator, def.id, origin));
    expect(r.apportionment).toBeNull();
    expect(r.elected).toEqual([]);
    expect(r.referendum?.winner).toBe(1);
    expect(r.referendum?.perOption.map((o) => o.votes)).toEqual([500, 250]);
    expect(r.turnout).toEqual({ voted: 754, eligible: 4000, percent: 18.9 });
  });

  it('a referendum must be scheduled before its ballot is counted; finalising finalises the referendum', async () => {
    const create = (rulesKey: string) =>
      createReferendum(
        ctx,
        coordinator,
        {
          organisationCode: 'GM0014',
          title: `Referendum ${rulesKey}`,
          question: 'Moet de binnenstad autovrij worden?',
          options: ['Ja', 'Nee'],
          policy: { title: 'Mobiliteitsvisie 2030' },
          rulesKey,
          startOn: '2026-03-18',
        },
        origin,
      );
    const addStations = async (electionId: string) =>
      mustOk(await importEml(ctx, coordinator, { electionId, organisationCode: null, xml: xml110b, hash: typed(xml110b) }, origin));

    const requested = mustOk(await create('gemeente-voorbeeld'));
    expect(requested.status).toBe('requesting');
    await addStations(requested.electionId);
    expect(refusal(await startCounting(ctx, coordinator, requested.electionId, origin))).toEqual({
      code: 'democracy.referendum_not_scheduled',
      status: 409,
    });

    const scheduled = mustOk(await create('raadplegend-voorbeeld'));
    expect(scheduled.status).toBe('scheduled');
    const ballot = (await addStations(scheduled.electionId)).election;
    expect(ballot.kind).toBe('referendum');
    expect(ballot.lists.map((l) => l.name)).toEqual(['Ja', 'Nee']);
    // A referendum's ballot takes no candidate lists.
    expect(
      refusal(
        await importEml(ctx, coordinator, { electionId: ballot.id, organisationCode: null, xml: xml230b, hash: typed(xml230b) }, origin),
      ).code,
    ).toBe('democracy.eml_wrong_kind');
    mustOk(await startCounting(ctx, coordinator, ballot.id, origin));
    expect(mustOk(await getReferendum(ctx, anonymous, scheduled.id)).status).toBe('counting');
    await enterAllAgreed(ctx, ballot, 40);
    const r = mustOk(await finalise(ctx, coordinator, ballot.id, origin));
    expect(r.referendum?.perOption.map((o) => o.votes)).toEqual(r.totals.votes.lists.map((l) => l.total));
    expect(r.turnout.eligible).toBe(ballot.stations.reduce((a, st) => a + (st.eligibleVoters ?? 0), 0));
    expect(mustOk(await getReferendum(ctx, anonymous, scheduled.id)).status).toBe('finalised');
    expect(refusal(await exportEml520(ctx, ballot.id))).toEqual({ code: 'democracy.eml_result_elections_only', status: 404 });
    expect(mustOk(await exportEml510(ctx, ballot.id))).toContain('510');
    // A recount puts the referendum back to counting.
    tick();
    mustOk(await orderRecount(ctx, coordinator, ballot.id, ballot.stations[0]?.number ?? 1, { reason: 'Stapels opnieuw tellen' }, origin));
    expect(mustOk(await getReferendum(ctx, anonymous, scheduled.id)).status).toBe('counting');
  });
});
