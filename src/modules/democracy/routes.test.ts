// The JSON API of elections and referendums over HTTP (LOKET_TEST_DB=sqlite|postgres): defining and
// importing an election, starting the count, double data entry by two election officials, the
// coordinator resolving differences, the provisional result, a drawing of lots, finalising, the
// public result with its EML_NL 510 and 520 files, a recount and a second version, and a
// referendum request that citizens support and withdraw. And the refusals: nobody logged in gets
// 401, a wrong role or a citizen 403, an official of another organisation 403 (or 404 for a draft),
// entry 2 by the official of entry 1 409 — and a refusal stores nothing.
import fs from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { rowCounts } from '../delivery/test-fixtures.ts';
import { addOfficial, addPerson, amsterdam, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { emlHash } from './eml/hash.ts';
import { detectEmlKind } from './eml/parse.ts';
import type { StationCount } from './model.ts';
import { democracyApi } from './routes.ts';
import { sampleCount, testElectionInput } from './test-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const [citizen = '', citizen2 = ''] = bsnSeries(43_000_000, 2);

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-03-20T09:00:00Z' });
  const official = async (who: string, organisationCode: string, role: 'election_official' | 'election_coordinator' | 'case_handler') => {
    cookies[who] = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode, roles: [role], name: who })));
  };
  await official('anouk', 'GM0014', 'election_official');
  await official('pieter', 'GM0014', 'election_official');
  await official('ingrid', 'GM0014', 'election_coordinator');
  await official('handler', 'GM0014', 'case_handler');
  await official('otherOfficial', 'GM0363', 'election_official');
  await official('otherCoordinator', 'GM0363', 'election_coordinator');
  // Adults living in Groningen (GM0014): they may support the requests of its referendums.
  const groningen = { ...amsterdam, street: 'Grote Markt', postcode: '9711LV', city: 'Groningen', municipalityCode: 'GM0014' };
  await addPerson(t.database, { bsn: citizen, birthDate: '1980-01-01', surname: 'Kiezer', address: groningen });
  await addPerson(t.database, { bsn: citizen2, birthDate: '1981-01-01', surname: 'Stemmer', address: groningen });
  cookies['citizen'] = await t.loginAs(personLogin(citizen));
  cookies['citizen2'] = await t.loginAs(personLogin(citizen2));
}, 120_000);
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Calling the API

interface Res<T = Record<string, unknown>> {
  status: number;
  type: string;
  body: T;
  text: string;
  headers: Record<string, unknown>;
}

async function api<T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  who: string | null,
  body?: unknown,
): Promise<Res<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = cookies[who] ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.request({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  const type = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    type,
    body: type.includes('json') && res.body ? res.json<T>() : ({} as T),
    text: res.body,
    headers: res.headers,
  };
}

interface ProblemBody {
  code: string;
  status: number;
  invalidParams?: { name: string; code: string }[];
}

function expectProblem(res: Res<unknown>, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.type).toMatch(/^application\/problem\+json/);
  if (code !== undefined) expect((res.body as ProblemBody).code, res.text).toBe(code);
}

interface ElectionBody {
  id: string;
  status: string;
  organisationCode: string;
  name: string;
  seats: number | null;
  lists: { number: number; name: string; candidates: { position: number; lastName: string }[] }[];
  stations: { number: number; name: string }[];
  _links: Record<string, { href: string }>;
}
interface StationBody {
  number: number;
  status: string;
  attempt: number;
  recounts: number;
}
interface ProgressBody {
  election: ElectionBody;
  stations: StationBody[];
  counts: Record<string, number>;
  mayFinalise: boolean;
  may: { enter: boolean; coordinate: boolean };
}
interface SavedBody {
  outcome: string;
  station: StationBody;
  findings: { code: string }[];
}
interface ResultBody {
  election: ElectionBody;
  version: number | null;
  totals: { stations: number; votes: { total: number; lists: { number: number; total: number }[] } };
  perMunicipality: { code: string; name: string; totals: { stations: number } }[];
  turnout: { voted: number; eligible: number | null; percent: number | null };
  apportionment: {
    status: string;
    seats_per_list?: number[];
    drawing_lots?: { kind?: string; options: number[] };
  } | null;
  elected: { listNumber: number; position: number; how: string }[];
  lots: { seq: number; kind: string; drawn: { drawn: number } }[];
  earlierVersions: { version: number }[];
}
interface ReferendumBody {
  id: string;
  status: string;
  electionId: string;
  options: { number: number; name: string }[];
  phase: { supporters: number; threshold: number; endsOn: string } | null;
  mySupport: boolean | null;
  maySupport: boolean;
  _links: Record<string, { href: string }>;
}

/** Rows of every table of the module and the audit trail, to prove a refusal stored nothing. */
const stored = (): Promise<Record<string, number>> =>
  rowCounts(t.database.db, {
    election: 'election',
    lists: 'election_list',
    candidates: 'election_candidate',
    stations: 'election_station',
    entries: 'election_entry',
    imports: 'election_import',
    lots: 'election_lot',
    recounts: 'election_recount',
    results: 'election_result',
    referendum: 'referendum',
    support: 'referendum_support',
    audit: 'audit_log',
  });
const stationRows = async (electionId: string): Promise<unknown[]> =>
  (
    await sql`select number, status, attempt, recounts, first_entered_by, agreed from election_station where election_id = ${electionId} order by number`.execute(
      t.database.db,
    )
  ).rows;

async function define(input: Record<string, unknown>): Promise<ElectionBody> {
  const res = await api<ElectionBody>('POST', democracyApi.elections, 'ingrid', input);
  expect(res.status, res.text).toBe(201);
  return res.body;
}
async function start(id: string): Promise<void> {
  const res = await api('POST', democracyApi.startCounting(id), 'ingrid');
  expect(res.status, res.text).toBe(200);
}
async function enter(
  who: string,
  id: string,
  station: number,
  count: StationCount,
  acceptedWarnings: string[] = [],
): Promise<Res<SavedBody>> {
  return api<SavedBody>('POST', democracyApi.entries(id, station), who, { count, acceptedWarnings });
}
async function enterAgreedViaApi(id: string, station: number, count: StationCount): Promise<void> {
  expect((await enter('anouk', id, station, count)).status).toBe(201);
  const second = await enter('pieter', id, station, count);
  expect(second.status, second.text).toBe(201);
  expect(second.body.outcome).toBe('agreed');
}

/** Every way of being refused a route by its declared access: nobody (401), a citizen, a case handler, the wrong election role (403). */
async function expectAccessRefused(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  wrongRoles: string[],
  body?: unknown,
): Promise<void> {
  const before = await stored();
  expectProblem(await api(method, url, null, body), 401, 'auth.login_required');
  for (const who of ['citizen', 'handler', ...wrongRoles]) expectProblem(await api(method, url, who, body), 403);
  expect(await stored()).toEqual(before);
}

// ---------------------------------------------------------------------------------------------
// One election, from definition to a recounted second result

describe('an election from definition to result', () => {
  const input = testElectionInput({ lists: 3, candidatesPerList: 4, stations: 3, seats: 9 });
  let election: ElectionBody;
  const counts = new Map<number, StationCount>();

  it('lets the coordinator define an election (201 with Location), a draft only its own officials see', async () => {
    const res = await api<ElectionBody>('POST', democracyApi.elections, 'ingrid', input);
    expect(res.status, res.text).toBe(201);
    expect(res.headers['location']).toBe(democracyApi.election(res.body.id));
    election = res.body;
    expect(election).toMatchObject({ status: 'draft', organisationCode: 'GM0014', seats: 9 });
    expect(election.lists.map((l) => l.candidates.length)).toEqual([4, 4, 4]);
    expect(election.stations.map((s) => s.number)).toEqual([1, 2, 3]);

    for (const who of ['ingrid', 'anouk']) {
      const one = await api<ElectionBody>('GET', democracyApi.election(election.id), who);
      expect(one.status, one.text).toBe(200);
      expect(one.body.name).toBe(input['name']);
      expect(one.body._links['result']).toBeUndefined();
      const list = await api<{ items: { id: string; organisationName: string; kind: string }[] }>('GET', democracyApi.elections, who);
      expect(list.status).toBe(200);
      expect(list.body.items.find((e) => e.id === election.id)).toMatchObject({ kind: 'election', status: 'draft' });
      const referendumsOnly = await api<{ items: { id: string }[] }>('GET', `${democracyApi.elections}?kind=referendum`, who);
      expect(referendumsOnly.body.items.map((e) => e.id)).not.toContain(election.id);
    }
    // Nobody else sees the draft: not logged in, a citizen, another role, or officials of another organisation.
    for (const who of [null, 'citizen', 'handler', 'otherOfficial', 'otherCoordinator']) {
      expectProblem(await api('GET', democracyApi.election(election.id), who), 404, 'democracy.election_not_found');
      const list = await api<{ items: { id: string }[] }>('GET', democracyApi.elections, who);
      expect(list.status).toBe(200);
      expect(list.body.items.map((e) => e.id)).not.toContain(election.id);
    }
  });

  it('refuses a definition to anyone but a coordinator of that organisation, and stores nothing', async () => {
    await expectAccessRefused('POST', democracyApi.elections, ['anouk'], input);
    const before = await stored();
    expectProblem(await api('POST', democracyApi.elections, 'otherCoordinator', input), 403, 'democracy.other_organisation');
    expect(await stored()).toEqual(before);
  });

  it('starts counting (coordinator only); another organisation’s draft is unknown to others (404); twice is a 409', async () => {
    await expectAccessRefused('POST', democracyApi.startCounting(election.id), ['anouk']);
    expectProblem(await api('POST', democracyApi.startCounting(election.id), 'otherCoordinator'), 404, 'democracy.election_not_found');
    expectProblem(await api('GET', democracyApi.stations(election.id), 'otherOfficial'), 404, 'democracy.election_not_found');
    const res = await api<ElectionBody>('POST', democracyApi.startCounting(election.id), 'ingrid');
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('counting');
    expectProblem(await api('POST', democracyApi.startCounting(election.id), 'ingrid'), 409, 'democracy.not_draft');
    // Counting: public now.
    const one = await api<ElectionBody>('GET', democracyApi.election(election.id), null);
    expect(one.status, one.text).toBe(200);
    expect(one.body.status).toBe('counting');
    const list = await api<{ items: { id: string }[] }>('GET', democracyApi.elections, 'otherOfficial');
    expect(list.body.items.map((e) => e.id)).toContain(election.id);
  });

  it('shows the progress to the officials of the organisation only', async () => {
    await expectAccessRefused('GET', democracyApi.stations(election.id), []);
    expectProblem(await api('GET', democracyApi.stations(election.id), 'otherOfficial'), 403, 'democracy.other_organisation');
    expectProblem(await api('GET', democracyApi.stations(election.id), 'otherCoordinator'), 403, 'democracy.other_organisation');
    const forOfficial = await api<ProgressBody>('GET', democracyApi.stations(election.id), 'anouk');
    expect(forOfficial.status, forOfficial.text).toBe(200);
    expect(forOfficial.body.stations.map((s) => s.status)).toEqual(['not_started', 'not_started', 'not_started']);
    expect(forOfficial.body.counts).toEqual({ not_started: 3, first_entry: 0, different: 0, agreed: 0 });
    expect(forOfficial.body.may).toEqual({ enter: true, coordinate: false });
    expect(forOfficial.body.mayFinalise).toBe(false);
    const forCoordinator = await api<ProgressBody>('GET', democracyApi.stations(election.id), 'ingrid');
    expect(forCoordinator.body.may).toEqual({ enter: false, coordinate: true });
  });

  it('takes entry 1 and entry 2 from two different officials; entry 2 by the same official is a 409 and stores nothing', async () => {
    const count = sampleCount(election, 11);
    counts.set(1, count);
    const url = democracyApi.entries(election.id, 1);
    await expectAccessRefused('POST', url, ['ingrid'], { count, acceptedWarnings: [] });
    expectProblem(await enter('otherOfficial', election.id, 1, count), 403, 'democracy.other_organisation');

    const first = await enter('anouk', election.id, 1, count);
    expect(first.status, first.text).toBe(201);
    expect(first.body.outcome).toBe('saved_first');
    expect(first.body.station).toMatchObject({ number: 1, status: 'first_entry', attempt: 1 });

    const before = { counts: await stored(), rows: await stationRows(election.id) };
    expectProblem(await enter('anouk', election.id, 1, count), 409, 'democracy.same_user');
    expect(await stored()).toEqual(before.counts);
    expect(await stationRows(election.id)).toEqual(before.rows);

    const second = await enter('pieter', election.id, 1, count);
    expect(second.status, second.text).toBe(201);
    expect(second.body.outcome).toBe('agreed');
    expect(second.body.station.status).toBe('agreed');
    expectProblem(await enter('pieter', election.id, 1, count), 409, 'democracy.entry_not_possible');
  });

  it('refuses an inconsistent count (422 with the fields) and a count with unconfirmed warnings (422); nothing is stored', async () => {
    const good = sampleCount(election, 12);
    const inconsistent: StationCount = { ...good, votes: { ...good.votes, total: good.votes.total + 1 } };
    const before = await stored();
    const refused = await enter('anouk', election.id, 2, inconsistent);
    expectProblem(refused, 422, 'democracy.count_inconsistent');
    expect((refused.body as unknown as ProblemBody).invalidParams?.map((p) => p.code)).toContain('F.202');
    expect((refused.body as unknown as ProblemBody).invalidParams?.every((p) => p.name.startsWith('body.count'))).toBe(true);

    // Many blank votes: consistent, but a warning (W.201) the official must confirm.
    const blank = 200;
    const warned: StationCount = {
      voters: { ...good.voters, pollCards: good.voters.pollCards + blank, total: good.voters.total + blank },
      votes: { ...good.votes, blank: good.votes.blank + blank, total: good.votes.total + blank },
      differences: good.differences,
    };
    const unconfirmed = await enter('anouk', election.id, 2, warned);
    expectProblem(unconfirmed, 422, 'democracy.warnings_not_confirmed');
    expect((unconfirmed.body as unknown as ProblemBody).invalidParams?.map((p) => p.code)).toContain('W.201');
    expect(await stored()).toEqual(before);

    // Confirmed, it is entry 1; entry 2 (the plain count) differs from it.
    const confirmed = await enter('anouk', election.id, 2, warned, ['W.201']);
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(confirmed.body.findings.map((f) => f.code)).toContain('W.201');
    const second = await enter('pieter', election.id, 2, good);
    expect(second.status, second.text).toBe(201);
    expect(second.body.outcome).toBe('different');
    counts.set(2, good);
  });

  it('shows the coordinator the differences field by field, and lets only the coordinator resolve them', async () => {
    const url = democracyApi.differences(election.id, 2);
    await expectAccessRefused('GET', url, ['anouk']);
    const res = await api<{
      differences: { field: string; label: { nl: string }; first: unknown; second: unknown }[];
      first: { entryNo: number };
      second: { entryNo: number };
    }>('GET', url, 'ingrid');
    expect(res.status, res.text).toBe(200);
    const fields = res.body.differences.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['voters.pollCards', 'voters.total', 'votes.blank', 'votes.total']));
    expect(res.body.differences.find((d) => d.field === 'votes.blank')?.label.nl).toMatch(/blanco/i);
    expect([res.body.first.entryNo, res.body.second.entryNo]).toEqual([1, 2]);
    expectProblem(await api('GET', democracyApi.differences(election.id, 1), 'ingrid'), 409, 'democracy.no_differences');

    const resolveUrl = democracyApi.resolve(election.id, 2);
    await expectAccessRefused('POST', resolveUrl, ['anouk', 'pieter'], { resolution: 'keep_second' });
    expectProblem(await api('POST', resolveUrl, 'otherCoordinator', { resolution: 'keep_second' }), 403, 'democracy.other_organisation');
    const resolved = await api<StationBody>('POST', resolveUrl, 'ingrid', { resolution: 'keep_second' });
    expect(resolved.status, resolved.text).toBe(200);
    expect(resolved.body.status).toBe('agreed');
    expectProblem(await api('POST', resolveUrl, 'ingrid', { resolution: 'keep_first' }), 409, 'democracy.no_differences');
  });

  it('keeps the result from the public and the officials until it is finalised; the coordinator sees it provisionally', async () => {
    const count = sampleCount(election, 13);
    counts.set(3, count);
    await enterAgreedViaApi(election.id, 3, count);

    expectProblem(await api('GET', democracyApi.result(election.id), null), 404, 'democracy.result_not_found');
    expectProblem(await api('GET', democracyApi.eml510(election.id), null), 404);
    expectProblem(await api('GET', democracyApi.eml520(election.id), null), 404);
    await expectAccessRefused('GET', democracyApi.provisionalResult(election.id), ['anouk']);
    const provisional = await api<ResultBody>('GET', democracyApi.provisionalResult(election.id), 'ingrid');
    expect(provisional.status, provisional.text).toBe(200);
    expect(provisional.body.version).toBeNull();
    expect(provisional.body.totals.stations).toBe(3);
    const votes = [...counts.values()].reduce((a, c) => a + c.votes.total, 0);
    expect(provisional.body.totals.votes.total).toBe(votes);
    expect(provisional.body.apportionment?.status).toBe('Completed');
    expect((provisional.body.apportionment?.seats_per_list ?? []).reduce((a, b) => a + b, 0)).toBe(9);
    const progress = await api<ProgressBody>('GET', democracyApi.stations(election.id), 'ingrid');
    expect(progress.body.mayFinalise).toBe(true);
  });

  it('finalises (coordinator only); the result, 510 and 520 are then public; nothing changes but by a recount', async () => {
    await expectAccessRefused('POST', democracyApi.finalise(election.id), ['anouk']);
    const res = await api<ResultBody>('POST', democracyApi.finalise(election.id), 'ingrid');
    expect(res.status, res.text).toBe(200);
    expect(res.body.version).toBe(1);
    expectProblem(await api('POST', democracyApi.finalise(election.id), 'ingrid'), 409, 'democracy.already_finalised');
    expectProblem(await enter('anouk', election.id, 1, sampleCount(election, 99)), 409, 'democracy.already_finalised');

    const result = await api<ResultBody>('GET', democracyApi.result(election.id), null);
    expect(result.status, result.text).toBe(200);
    expect(result.body.version).toBe(1);
    expect(result.body.election.status).toBe('finalised');
    expect((result.body.apportionment?.seats_per_list ?? []).reduce((a, b) => a + b, 0)).toBe(9);
    expect(result.body.elected).toHaveLength(9);
    expect(result.body.elected.every((e) => e.how === 'preference' || e.how === 'list_order')).toBe(true);
    expect(result.body.perMunicipality.map((m) => m.code)).toEqual(['GM0014']);
    expect(result.body.turnout.eligible).toBe(6000);
    expect(result.body.turnout.voted).toBe(result.body.totals.votes.total);
    const one = await api<ElectionBody>('GET', democracyApi.election(election.id), null);
    expect(one.body._links['eml510']?.href).toBe(democracyApi.eml510(election.id));
  });

  it('serves the counts (510) and the result (520) as well-formed EML_NL XML downloads', async () => {
    for (const kind of ['510', '520'] as const) {
      const url = kind === '510' ? democracyApi.eml510(election.id) : democracyApi.eml520(election.id);
      const res = await t.request({ url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="[A-Za-z0-9_-]+-${kind}\\.eml\\.xml"$`));
      // The validator bundled with fast-xml-parser (deprecated only in favour of a separate package, see eml/parse.ts).
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect(res.body).toContain('urn:oasis:names:tc:evs:schema:eml');
      expect(res.body).toMatch(new RegExp(`<EML[^>]*Id="${kind}`));
    }
  });

  it('records a recount (coordinator only): the station is counted again, the old result stays public, a new version follows', async () => {
    const url = democracyApi.recount(election.id, 3);
    const body = { reason: 'Het centraal stembureau twijfelt aan de telling van stembureau 3.' };
    await expectAccessRefused('POST', url, ['anouk'], body);
    const res = await api<StationBody>('POST', url, 'ingrid', body);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ number: 3, status: 'not_started', attempt: 2, recounts: 1 });

    const during = await api<ResultBody>('GET', democracyApi.result(election.id), null);
    expect(during.status).toBe(200);
    expect(during.body.version).toBe(1);
    expect(during.body.election.status).toBe('counting');
    expectProblem(await api('POST', democracyApi.finalise(election.id), 'ingrid'), 409, 'democracy.not_all_agreed');

    await enterAgreedViaApi(election.id, 3, sampleCount(election, 14));
    const again = await api<ResultBody>('POST', democracyApi.finalise(election.id), 'ingrid');
    expect(again.status, again.text).toBe(200);
    const after = await api<ResultBody>('GET', democracyApi.result(election.id), null);
    expect(after.body.version).toBe(2);
    expect(after.body.earlierVersions.map((v) => v.version)).toEqual([1]);
  });
});

// ---------------------------------------------------------------------------------------------
// A tie: the coordinator records the drawing of lots

describe('a drawing of lots', () => {
  it('refuses to finalise while a lot is needed, takes only the lot asked for, then finalises with it', async () => {
    const election = await define(testElectionInput({ lists: 2, candidatesPerList: 6, stations: 1, seats: 9, name: 'Loting (test)' }));
    await start(election.id);
    // Both lists get the same votes: 4 full seats each, and a lot for the ninth.
    const list = (number: number) => ({ number, candidates: [60, 25, 15, 10, 5, 3], total: 118 });
    const count: StationCount = {
      voters: { pollCards: 236, proxyCertificates: 0, total: 236 },
      votes: { lists: [list(1), list(2)], totalValid: 236, blank: 0, invalid: 0, total: 236 },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    };
    await enterAgreedViaApi(election.id, 1, count);

    const provisional = await api<ResultBody>('GET', democracyApi.provisionalResult(election.id), 'ingrid');
    expect(provisional.status, provisional.text).toBe(200);
    expect(provisional.body.apportionment?.status).toBe('ListDrawingLotsRequired');
    const lot = provisional.body.apportionment?.drawing_lots;
    expect(lot?.options).toEqual([1, 2]);
    expectProblem(await api('POST', democracyApi.finalise(election.id), 'ingrid'), 409, 'democracy.lot_required');

    const url = democracyApi.lots(election.id);
    const drawn = { kind: 'list', drawn: { kind: lot?.kind, options: lot?.options, drawn: 2 } };
    await expectAccessRefused('POST', url, ['anouk'], drawn);
    const before = await stored();
    expectProblem(await api('POST', url, 'ingrid', { ...drawn, drawn: { ...drawn.drawn, drawn: 3 } }), 422, 'democracy.lot_invalid');
    expect(await stored()).toEqual(before);

    const recorded = await api<{ seq: number; kind: string; drawn: { drawn: number; options: number[] } }>('POST', url, 'ingrid', drawn);
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body).toMatchObject({ seq: 1, kind: 'list', drawn: { drawn: 2, options: [1, 2] } });

    const final = await api<ResultBody>('POST', democracyApi.finalise(election.id), 'ingrid');
    expect(final.status, final.text).toBe(200);
    expect(final.body.apportionment?.seats_per_list).toEqual([4, 5]);
    const result = await api<ResultBody>('GET', democracyApi.result(election.id), null);
    expect(result.body.lots.map((l) => l.drawn.drawn)).toEqual([2]);
  });
});

// ---------------------------------------------------------------------------------------------
// Importing EML_NL

describe('importing EML_NL', () => {
  const fixtures = new URL('./eml/fixtures/', import.meta.url);
  /** The fixture file of a kind (the small EML_NL files of a fictional Groningen election, see eml/fixtures/). */
  const fixture = (kind: string): string => {
    const files = fs.readdirSync(fixtures).filter((f) => f.endsWith('.xml'));
    const xml = files.map((f) => fs.readFileSync(new URL(f, fixtures), 'utf8')).find((x) => detectEmlKind(x) === kind);
    if (xml === undefined) throw new Error(`no ${kind} fixture in eml/fixtures`);
    return xml;
  };

  it('creates an election from a 110a with the retyped hash, then reads its lists (230b) and stations (110b)', async () => {
    const xml110a = fixture('110a');
    const hash = emlHash(xml110a);
    // The hash as typed from paper: in groups of four, upper case.
    const typed = (hash.toUpperCase().match(/.{4}/g) ?? []).join(' ');
    const res = await api<{ kind: string; hash: string; election: ElectionBody }>('POST', democracyApi.import, 'ingrid', {
      xml: xml110a,
      hash: typed,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers['location']).toBe(democracyApi.election(res.body.election.id));
    expect(res.body).toMatchObject({ kind: '110a', hash });
    expect(res.body.election).toMatchObject({ status: 'draft', organisationCode: 'GM0014' });
    const id = res.body.election.id;

    for (const kind of ['230b', '110b']) {
      const xml = fixture(kind);
      const more = await api<{ kind: string; election: ElectionBody }>('POST', democracyApi.import, 'ingrid', {
        xml,
        hash: emlHash(xml),
        electionId: id,
      });
      expect(more.status, more.text).toBe(200);
      expect(more.body.kind).toBe(kind);
    }
    const election = await api<ElectionBody>('GET', democracyApi.election(id), 'ingrid');
    expect(election.status, election.text).toBe(200);
    expect(election.body.lists.length).toBeGreaterThan(0);
    expect(election.body.stations.length).toBeGreaterThan(0);
  });

  it('refuses a wrong hash, invalid XML and anyone but the coordinator; nothing is stored', async () => {
    const xml = fixture('110a');
    const wrong = emlHash(`${xml} `);
    await expectAccessRefused('POST', democracyApi.import, ['anouk'], { xml, hash: emlHash(xml) });
    const before = await stored();
    expectProblem(await api('POST', democracyApi.import, 'ingrid', { xml, hash: wrong }), 422, 'democracy.hash_mismatch');
    const broken = '<EML xmlns="urn:oasis:names:tc:evs:schema:eml" Id="110a"><Unclosed></EML>';
    const bad = await api('POST', democracyApi.import, 'ingrid', { xml: broken, hash: emlHash(broken) });
    expect([400, 422]).toContain(bad.status);
    expect(bad.type).toMatch(/^application\/problem\+json/);
    expect(await stored()).toEqual(before);
  });

  it('takes a file of several megabytes on the import route (and only there)', async () => {
    const big = `<?xml version="1.0"?><!-- ${'x'.repeat(3_000_000)} -->`;
    const res = await api('POST', democracyApi.import, 'ingrid', { xml: big, hash: emlHash(big) });
    // Read and refused as EML (not as too large).
    expect([400, 422]).toContain(res.status);
    expect((res.body as unknown as ProblemBody).code).not.toBe('http.body_too_large');
    const elsewhere = await api('POST', democracyApi.elections, 'ingrid', { name: big });
    expectProblem(elsewhere, 413, 'http.body_too_large');
  });
});

// ---------------------------------------------------------------------------------------------
// Referendums

describe('a referendum request', () => {
  const input = {
    organisationCode: 'GM0014',
    title: 'Referendum over de parkeervisie',
    question: 'Bent u voor of tegen de parkeervisie 2026?',
    options: ['Voor', 'Tegen'],
    policy: { title: 'Parkeervisie 2026', url: 'https://gemeente.groningen.nl/parkeervisie' },
    rulesKey: 'gemeente-voorbeeld',
  };
  let referendum: ReferendumBody;

  it('is created by the coordinator (201 with Location) and public, with only counts of supporters', async () => {
    await expectAccessRefused('POST', democracyApi.referendums, ['anouk'], input);
    const res = await api<ReferendumBody>('POST', democracyApi.referendums, 'ingrid', input);
    expect(res.status, res.text).toBe(201);
    expect(res.headers['location']).toBe(democracyApi.referendum(res.body.id));
    referendum = res.body;
    expect(referendum).toMatchObject({ status: 'requesting', mySupport: null, maySupport: false });
    expect(referendum.options.map((o) => o.name)).toEqual(['Voor', 'Tegen']);
    expect(referendum.phase).toMatchObject({ supporters: 0, threshold: 300 });

    const list = await api<{ items: { id: string; status: string }[] }>('GET', democracyApi.referendums, null);
    expect(list.body.items.find((r) => r.id === referendum.id)?.status).toBe('requesting');
    // The ballot is in preparation (draft): its own officials see it, the public only the referendum.
    const ballot = await api<ElectionBody>('GET', democracyApi.election(referendum.electionId), 'ingrid');
    expect(ballot.status, ballot.text).toBe(200);
    expect(ballot.body.lists.map((l) => l.name)).toEqual(['Voor', 'Tegen']);
    for (const who of [null, 'citizen', 'otherCoordinator']) {
      expectProblem(await api('GET', democracyApi.election(referendum.electionId), who), 404, 'democracy.election_not_found');
      const ballots = await api<{ items: { id: string }[] }>('GET', `${democracyApi.elections}?kind=referendum`, who);
      expect(ballots.body.items.map((e) => e.id)).not.toContain(referendum.electionId);
    }
  });

  it('is supported and withdrawn by logged-in persons; officials and nobody are refused', async () => {
    const url = democracyApi.support(referendum.id);
    const before = await stored();
    expectProblem(await api('PUT', url, null), 401, 'auth.login_required');
    expectProblem(await api('DELETE', url, null), 401, 'auth.login_required');
    for (const who of ['anouk', 'ingrid', 'handler']) {
      expectProblem(await api('PUT', url, who), 403);
      expectProblem(await api('DELETE', url, who), 403);
    }
    expect(await stored()).toEqual(before);

    const mine = await api<ReferendumBody>('GET', democracyApi.referendum(referendum.id), 'citizen');
    expect(mine.body).toMatchObject({ mySupport: false, maySupport: true });
    const supported = await api<ReferendumBody>('PUT', url, 'citizen');
    expect(supported.status, supported.text).toBe(200);
    expect(supported.body).toMatchObject({ mySupport: true, phase: { supporters: 1 } });
    expect((await api<ReferendumBody>('PUT', url, 'citizen')).body.phase?.supporters).toBe(1);
    expect((await api<ReferendumBody>('PUT', url, 'citizen2')).body.phase?.supporters).toBe(2);

    const seen = await api<ReferendumBody>('GET', democracyApi.referendum(referendum.id), null);
    expect(seen.body).toMatchObject({ mySupport: null, phase: { supporters: 2 } });
    expect(seen.text).not.toContain(citizen);
    expect(seen.text).not.toContain(citizen2);

    const withdrawn = await api<ReferendumBody>('DELETE', url, 'citizen');
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ mySupport: false, phase: { supporters: 1 } });
    const again = await api<ReferendumBody>('PUT', url, 'citizen');
    expect(again.body).toMatchObject({ mySupport: true, phase: { supporters: 2 } });
  });

  it('gets its vote date from the coordinator once scheduled; others are refused, a bad date is a 400, and nothing is stored', async () => {
    // Rules without request phases: the referendum is scheduled at once.
    const created = await api<ReferendumBody>('POST', democracyApi.referendums, 'ingrid', { ...input, rulesKey: 'raadplegend-voorbeeld' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.status).toBe('scheduled');
    const url = democracyApi.voteDate(created.body.id);

    const before = await stored();
    expectProblem(await api('PUT', url, null, { voteDate: '2026-06-17' }), 401, 'auth.login_required');
    for (const who of ['citizen', 'anouk', 'handler']) expectProblem(await api('PUT', url, who, { voteDate: '2026-06-17' }), 403);
    expectProblem(await api('PUT', url, 'otherCoordinator', { voteDate: '2026-06-17' }), 403);
    for (const bad of [{ voteDate: '2026-02-30' }, { voteDate: '17-06-2026' }, { voteDate: 20260617 }, {}, { voteDate: '2026-03-19' }]) {
      const res = await api('PUT', url, 'ingrid', bad);
      expectProblem(res, 400);
      expect((res.body as unknown as ProblemBody).invalidParams?.map((p) => p.name)).toContain('body.voteDate');
    }
    // A referendum still collecting support has no vote date yet.
    expectProblem(await api('PUT', democracyApi.voteDate(referendum.id), 'ingrid', { voteDate: '2026-06-17' }), 409);
    expectProblem(await api('PUT', democracyApi.voteDate('not-an-id'), 'ingrid', { voteDate: '2026-06-17' }), 404);
    expect(await stored()).toEqual(before);
    const unchanged = await api<ReferendumBody & { voteDate: string | null }>('GET', democracyApi.referendum(created.body.id), null);
    expect(unchanged.body.voteDate).toBeNull();

    const set = await api<ReferendumBody & { voteDate: string | null }>('PUT', url, 'ingrid', { voteDate: '2026-06-17' });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ id: created.body.id, status: 'scheduled', voteDate: '2026-06-17' });
    const seen = await api<ReferendumBody & { voteDate: string | null }>('GET', democracyApi.referendum(created.body.id), null);
    expect(seen.body.voteDate).toBe('2026-06-17');
  });

  it('answers an unknown or impossible referendum or election with 404', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    expectProblem(await api('GET', democracyApi.referendum(unknown), null), 404, 'democracy.referendum_not_found');
    expectProblem(await api('GET', democracyApi.referendum('not-an-id'), null), 404, 'democracy.referendum_not_found');
    expectProblem(await api('PUT', democracyApi.support('not-an-id'), 'citizen'), 404, 'democracy.referendum_not_found');
    expectProblem(await api('GET', democracyApi.election(unknown), null), 404, 'democracy.election_not_found');
    expectProblem(await api('GET', democracyApi.election('1 or 1=1'), null), 404, 'democracy.election_not_found');
    expectProblem(await api('GET', democracyApi.result('x'), null), 404, 'democracy.election_not_found');
    expectProblem(await api('GET', `/api/v1/elections/${unknown}/polling-stations/0/differences`, 'ingrid'), 404);
    expectProblem(await api('GET', `/api/v1/elections/${unknown}/polling-stations/1.5/differences`, 'ingrid'), 404);
  });
});
