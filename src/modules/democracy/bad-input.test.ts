// Bad input never breaks the democracy API (LOKET_TEST_DB=sqlite|postgres): random and absurd bodies
// and path parameters on every route that writes — negative, huge, fractional and textual numbers,
// huge arrays, wrong shapes, broken XML, a wrong file hash — give a 4xx problem+json, never a 5xx,
// and store nothing: no election, list, candidate, station, entry, import, lot, recount, result,
// referendum or supporter, no audit record, no event, and no station changes its state.
import fc from 'fast-check';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { rowCounts } from '../delivery/test-fixtures.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { emlHash } from './eml/hash.ts';
import { detectEmlKind } from './eml/parse.ts';
import type { StationCount } from './model.ts';
import { democracyApi } from './routes.ts';
import { sampleCount, testElectionInput } from './test-fixtures.ts';

const [citizen = ''] = bsnSeries(44_000_000, 1);
const cookies: Record<string, string> = {};
let t: TestApp;

/**
 * The elections the properties aim at: counting (station 1 open, station 2 different), finalised,
 * needing a lot; a referendum collecting support, and one scheduled (its rules have no request).
 */
const ids = { counting: '', finalised: '', lot: '', draft: '', referendum: '', scheduled: '' };
let ballot: { lists: { number: number; candidates: unknown[] }[] } = { lists: [] };
let xml110a = '';

type Payload = { json: unknown } | { raw: string } | undefined;

function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: string | null, payload?: Payload) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = cookies[who] ?? '';
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const body = payload === undefined ? undefined : 'raw' in payload ? payload.raw : JSON.stringify(payload.json);
  return t.request({ method, url, headers, ...(body !== undefined ? { payload: body } : {}) });
}

async function mustSend(method: 'POST' | 'PUT', url: string, who: string, json?: unknown): Promise<Record<string, unknown>> {
  const res = await send(method, url, who, json === undefined ? undefined : { json });
  expect([200, 201], `${url} → ${res.body}`).toContain(res.statusCode);
  return res.json<Record<string, unknown>>();
}

const twoStepAgreed = async (id: string, station: number, count: StationCount): Promise<void> => {
  await mustSend('POST', democracyApi.entries(id, station), 'anouk', { count, acceptedWarnings: [] });
  await mustSend('POST', democracyApi.entries(id, station), 'pieter', { count, acceptedWarnings: [] });
};

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-03-20T09:00:00Z' });
  const official = async (who: string, role: 'election_official' | 'election_coordinator') => {
    cookies[who] = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode: 'GM0014', roles: [role], name: who })));
  };
  await official('anouk', 'election_official');
  await official('pieter', 'election_official');
  await official('ingrid', 'election_coordinator');
  await addPerson(t.database, { bsn: citizen, birthDate: '1980-01-01', surname: 'Kiezer' });
  cookies['citizen'] = await t.loginAs(personLogin(citizen));

  // Counting: station 1 not started, station 2 with two different entries, station 3 agreed.
  const counting = await mustSend(
    'POST',
    democracyApi.elections,
    'ingrid',
    testElectionInput({ lists: 2, candidatesPerList: 3, stations: 3 }),
  );
  ids.counting = String(counting['id']);
  ballot = counting as unknown as typeof ballot;
  await mustSend('POST', democracyApi.startCounting(ids.counting), 'ingrid');
  await mustSend('POST', democracyApi.entries(ids.counting, 2), 'anouk', { count: sampleCount(ballot, 2), acceptedWarnings: [] });
  await mustSend('POST', democracyApi.entries(ids.counting, 2), 'pieter', { count: sampleCount(ballot, 3), acceptedWarnings: [] });
  await twoStepAgreed(ids.counting, 3, sampleCount(ballot, 4));

  // Finalised, one station.
  const finalised = await mustSend(
    'POST',
    democracyApi.elections,
    'ingrid',
    testElectionInput({ stations: 1, name: 'Vastgesteld (test)' }),
  );
  ids.finalised = String(finalised['id']);
  await mustSend('POST', democracyApi.startCounting(ids.finalised), 'ingrid');
  // Totals that need no lot: 100, 80 and 50 votes, every candidate a different number.
  const lists = [
    { number: 1, candidates: [40, 30, 20, 10], total: 100 },
    { number: 2, candidates: [35, 25, 15, 5], total: 80 },
    { number: 3, candidates: [20, 16, 9, 5], total: 50 },
  ];
  await twoStepAgreed(ids.finalised, 1, {
    voters: { pollCards: 230, proxyCertificates: 0, total: 230 },
    votes: { lists, totalValid: 230, blank: 0, invalid: 0, total: 230 },
    differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
  });
  await mustSend('POST', democracyApi.finalise(ids.finalised), 'ingrid');

  // A tie between two lists: a lot is needed before finalising.
  const lot = await mustSend(
    'POST',
    democracyApi.elections,
    'ingrid',
    testElectionInput({ lists: 2, candidatesPerList: 6, stations: 1, seats: 9, name: 'Loting (test)' }),
  );
  ids.lot = String(lot['id']);
  await mustSend('POST', democracyApi.startCounting(ids.lot), 'ingrid');
  const list = (number: number) => ({ number, candidates: [60, 25, 15, 10, 5, 3], total: 118 });
  await twoStepAgreed(ids.lot, 1, {
    voters: { pollCards: 236, proxyCertificates: 0, total: 236 },
    votes: { lists: [list(1), list(2)], totalValid: 236, blank: 0, invalid: 0, total: 236 },
    differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
  });

  // A draft (for the imports of 230b and 110b).
  const draft = await mustSend('POST', democracyApi.elections, 'ingrid', testElectionInput({ draft: true, name: 'Concept (test)' }));
  ids.draft = String(draft['id']);

  const referendum = await mustSend('POST', democracyApi.referendums, 'ingrid', validReferendum());
  ids.referendum = String(referendum['id']);
  const scheduled = await mustSend('POST', democracyApi.referendums, 'ingrid', { ...validReferendum(), rulesKey: 'raadplegend-voorbeeld' });
  expect(scheduled['status']).toBe('scheduled');
  ids.scheduled = String(scheduled['id']);

  const fixtures = new URL('./eml/fixtures/', import.meta.url);
  xml110a =
    fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => fs.readFileSync(new URL(f, fixtures), 'utf8'))
      .find((x) => detectEmlKind(x) === '110a') ?? '';
  expect(xml110a).not.toBe('');
}, 180_000);
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// What must not change

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
    outbox: 'event_outbox',
  });
const states = async (): Promise<unknown[]> => [
  ...(await sql`select id, status, date, finalised_at from election order by id`.execute(t.database.db)).rows,
  ...(
    await sql`select election_id, number, status, attempt, recounts, first_entered_by, agreed, agreed_by from election_station order by election_id, number`.execute(
      t.database.db,
    )
  ).rows,
  ...(await sql`select id, status, phase_index, vote_date from referendum order by id`.execute(t.database.db)).rows,
];
const snapshot = async () => ({ counts: await stored(), states: await states() });

type Response = Awaited<ReturnType<typeof send>>;

/** A 4xx problem+json (never 5xx), and nothing stored or changed. */
async function expectRefused(res: Response, before: Awaited<ReturnType<typeof snapshot>>, what: string): Promise<void> {
  const where = `${what.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  expect(await stored(), where).toEqual(before.counts);
  expect(await states(), where).toEqual(before.states);
}

// ---------------------------------------------------------------------------------------------
// Generators

/** A number or value no count, seat, station or list number accepts. */
const absurdNumber = fc.oneof(
  fc.constantFrom(-1, -1e12, 1e12, 1.5, 0.1, 1_000_001, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.integer({ max: -1 }),
  fc.integer({ min: 1_000_001 }),
  fc.constantFrom('12', '', 'een', null, true, false, {}, [], [1]),
);
/** A text field no use case accepts. */
const absurdText = fc.constantFrom(-1, 1e12, 1.5, true, null, {}, [], ['a'], '', '   ', 'x'.repeat(5001));

/** A body that is not JSON at all, or JSON of any shape. */
const anyBody: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue().map((json) => ({ json })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{', 'nul', '[1,', '{"a":}', '', '"', '\u0000', '{"__proto__":{"x":1}}').map((raw) => ({ raw })),
  },
);
/** A body that is not "no input" (undefined, null or {}). */
const someBody = anyBody.filter(
  (p) =>
    p !== undefined &&
    !('json' in p && (p.json === null || (typeof p.json === 'object' && !Array.isArray(p.json) && Object.keys(p.json).length === 0))),
);

/** Sets the value at a path (a copy). */
function setAt(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[head as number] = setAt(copy[head as number], rest, leaf);
    return copy;
  }
  const obj = { ...(value as Record<string, unknown>) };
  obj[head as string] = setAt(obj[head as string], rest, leaf);
  return obj;
}
function dropAt(value: unknown, path: readonly (string | number)[]): unknown {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1] as string;
  const at = parent.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
  const { [key]: _dropped, ...rest } = at as Record<string, unknown>;
  return setAt(value, parent, rest);
}

/** Every numeric leaf of a count, as a path. */
function countPaths(count: StationCount): (string | number)[][] {
  return [
    ['voters', 'pollCards'],
    ['voters', 'proxyCertificates'],
    ['voters', 'total'],
    ['votes', 'totalValid'],
    ['votes', 'blank'],
    ['votes', 'invalid'],
    ['votes', 'total'],
    ['differences', 'moreBallots'],
    ['differences', 'fewerBallots'],
    ...count.votes.lists.flatMap((l, i) => [
      ['votes', 'lists', i, 'number'],
      ['votes', 'lists', i, 'total'],
      ...l.candidates.map((_, c) => ['votes', 'lists', i, 'candidates', c]),
    ]),
  ];
}

/** A count that is wrong by construction: a number absurd, a part missing or extra, a shape that does not fit, or arrays too large. */
const badCount = (seed: number): fc.Arbitrary<unknown> => {
  const good = sampleCount(ballot, seed);
  const paths = countPaths(good);
  return fc.oneof(
    fc.record({ path: fc.constantFrom(...paths), value: absurdNumber }).map(({ path, value }) => setAt(good, path, value)),
    fc
      .constantFrom(['voters'], ['votes'], ['differences'], ['voters', 'total'], ['votes', 'lists'], ['differences', 'explanation'])
      .map((path) => dropAt(good, path)),
    fc.constantFrom(['voters'], ['votes'], ['differences'], ['votes', 'lists']).chain((path) =>
      fc
        .jsonValue()
        .filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && path.length === 1))
        .map((v) => setAt(good, path, v)),
    ),
    // The explanation: text of at most 2000 characters, or null.
    fc.constantFrom(-1, true, {}, [], ['a'], 'x'.repeat(2001)).map((v) => setAt(good, ['differences', 'explanation'], v)),
    fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((k) => !['voters', 'votes', 'differences', '__proto__'].includes(k))
      .map((k) => ({ ...good, [k]: 1 })),
    // The count of another ballot: a list too many, too few, or a candidate missing.
    fc.constant(setAt(good, ['votes', 'lists'], [...good.votes.lists, { number: 99, candidates: [], total: 0 }])),
    fc.constant(setAt(good, ['votes', 'lists'], good.votes.lists.slice(1))),
    fc.constant(setAt(good, ['votes', 'lists', 0, 'candidates'], good.votes.lists[0]?.candidates.slice(1) ?? [])),
    // Huge arrays.
    fc.constant(
      setAt(
        good,
        ['votes', 'lists'],
        Array.from({ length: 5000 }, (_, i) => ({ number: i + 1, candidates: [], total: 0 })),
      ),
    ),
    fc.constant(
      setAt(
        good,
        ['votes', 'lists', 0, 'candidates'],
        Array.from({ length: 100_000 }, () => 0),
      ),
    ),
  );
};

/** acceptedWarnings that no entry accepts (the count is fine). */
const badWarnings = fc.oneof(
  fc.constantFrom(
    'W.201',
    1,
    null,
    {},
    [1],
    [null],
    ['w.201'],
    ['W201'],
    ['W.2011'],
    Array.from({ length: 51 }, () => 'W.201'),
  ),
  fc.array(
    fc.string({ maxLength: 6 }).filter((s) => !/^[A-Z]\.[0-9]{3}$/.test(s)),
    { minLength: 1, maxLength: 3 },
  ),
);

const enc = (s: string): string => encodeURIComponent(s);
/** Text for a path segment: anything, near misses of ids and numbers, odd characters. */
const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uuid(),
  fc.constantFrom(
    '..',
    '.',
    '%',
    ' ',
    '{id}',
    ':id',
    '0',
    '-1',
    '1.5',
    '1e3',
    '01',
    '999999999999',
    'x'.repeat(199),
    'NaN',
    "1' or '1'='1",
  ),
);

function validReferendum(): Record<string, unknown> {
  return {
    organisationCode: 'GM0014',
    title: 'Referendum over de parkeervisie',
    question: 'Bent u voor of tegen de parkeervisie?',
    options: ['Voor', 'Tegen'],
    policy: { title: 'Parkeervisie 2026', url: 'https://example.org/parkeervisie' },
    rulesKey: 'gemeente-voorbeeld',
  };
}

// ---------------------------------------------------------------------------------------------

describe('random input on every democracy route that writes (property)', () => {
  it('POST /elections: a wrong definition is a 4xx, never 5xx, nothing stored', async () => {
    const good = testElectionInput({ lists: 2, candidatesPerList: 2, stations: 2 });
    const field = (path: (string | number)[], values: fc.Arbitrary<unknown>) => values.map((v) => setAt(good, path, v));
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody,
      field(['seats'], fc.oneof(absurdNumber, fc.constantFrom(0, 10_001))).map((json) => ({ json })),
      field(['name'], absurdText).map((json) => ({ json })),
      field(['date'], fc.constantFrom('2026-13-01', '18-03-2026', '', 20260318, null, {}, '2026-02-30')).map((json) => ({ json })),
      field(['body'], fc.constantFrom('mayor', 1, true, {}, null)).map((json) => ({ json })),
      field(['kind'], fc.constantFrom('both', 1, null, {})).map((json) => ({ json })),
      field(['organisationCode'], fc.constantFrom(1, null, '', 'GM 0014', {}, 'GM0363')).map((json) => ({ json })),
      field(['eligibleVoters'], fc.constantFrom(-1, 1.5, 1e12, '9', true, {})).map((json) => ({ json })),
      field(['lists'], fc.constantFrom(null, 'x', 1, {}, [null], [{}])).map((json) => ({ json })),
      field(['stations'], fc.constantFrom(null, 'x', 1, {}, [null], [{}])).map((json) => ({ json })),
      field(['lists', 0, 'number'], absurdNumber).map((json) => ({ json })),
      field(['lists', 1, 'number'], fc.constant(1)).map((json) => ({ json })),
      field(['lists', 0, 'candidates'], fc.constantFrom([], null, 'x')).map((json) => ({ json })),
      field(['lists', 0, 'candidates', 0, 'lastName'], absurdText).map((json) => ({ json })),
      field(['lists', 0, 'candidates', 0, 'position'], fc.oneof(absurdNumber, fc.constant(7))).map((json) => ({ json })),
      field(['stations', 0, 'number'], absurdNumber).map((json) => ({ json })),
      field(['stations', 1, 'number'], fc.constant(1)).map((json) => ({ json })),
      field(['stations', 0, 'municipalityCode'], fc.constantFrom('gm0014', 'GM14', 1, null, '')).map((json) => ({ json })),
      field(['stations', 0, 'eligibleVoters'], fc.constantFrom(-1, 1.5, 1e12, '1', {})).map((json) => ({ json })),
      fc.constant({
        json: setAt(
          good,
          ['lists'],
          Array.from({ length: 101 }, (_, i) => ({ number: i + 1, name: `L${i}`, candidates: [{ initials: 'A.', lastName: 'B' }] })),
        ),
      }),
      fc.constant({
        json: setAt(
          good,
          ['lists', 0, 'candidates'],
          Array.from({ length: 251 }, () => ({ initials: 'A.', lastName: 'B' })),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.elections, 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 120 },
    );
  });

  it('POST /elections/_import: random bodies, broken XML, a wrong hash or election: 4xx, nothing stored', async () => {
    const typedWrong = fc
      .oneof(
        fc.string({ maxLength: 80 }),
        fc.string({
          unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'),
          minLength: 64,
          maxLength: 64,
        }),
        fc.constant(emlHash(`${xml110a}x`)),
      )
      .filter((h) => h.replace(/\s/g, '').toLowerCase() !== emlHash(xml110a));
    const brokenXml = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 1, max: Math.max(1, xml110a.lastIndexOf('</') - 1) }).map((n) => xml110a.slice(0, n)),
      fc.constant(`<!DOCTYPE EML [<!ENTITY x "${'y'.repeat(100)}">]>${xml110a.replace(/^<\?xml[^>]*\?>/, '')}`),
      fc.constant('<EML xmlns="urn:oasis:names:tc:evs:schema:eml" Id="110a"><Unclosed></EML>'),
      fc.constant('<?xml version="1.0"?><EML xmlns="urn:oasis:names:tc:evs:schema:eml" Id="510"/>'),
    );
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody,
      // The right file with a hash that is not its own.
      typedWrong.map((hash) => ({ json: { xml: xml110a, hash } })),
      // Broken or unknown XML, with its own hash (the check passes, the reading fails).
      brokenXml.map((xml) => ({ json: { xml, hash: emlHash(xml) } })),
      // The right file and hash, but a field that does not fit.
      fc
        .constantFrom<Record<string, unknown>>(
          { electionId: 'not-a-uuid' },
          { electionId: 1 },
          { electionId: '01900000-0000-7000-8000-000000000000' },
          { organisationCode: 'GM0363' },
          { organisationCode: '' },
          { extra: true },
          { hash: null },
          { xml: 5 },
          { xml: '' },
        )
        .map((extra) => ({ json: { xml: xml110a, hash: emlHash(xml110a), ...extra } })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.import, 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 100 },
    );
  });

  it('POST …/entries: absurd numbers, wrong shapes, huge arrays, unconfirmable warnings: 4xx, nothing stored', async () => {
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody,
      fc
        .integer({ min: 1, max: 1000 })
        .chain((seed) => badCount(seed))
        .map((count) => ({ json: { count, acceptedWarnings: [] } })),
      badWarnings.map((acceptedWarnings) => ({ json: { count: sampleCount(ballot, 7), acceptedWarnings } })),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.constantFrom('anouk', 'pieter'), async (payload, who) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.entries(ids.counting, 1), who, payload), before, JSON.stringify(payload));
      }),
      { numRuns: 150 },
    );
  });

  it('POST …/_resolve: an unknown resolution, or a correction that is not a valid count: 4xx, nothing stored', async () => {
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody.filter((p) => !(p && 'json' in p && typeof p.json === 'object' && p.json !== null && 'resolution' in p.json)),
      fc
        .oneof(fc.string({ maxLength: 20 }), absurdNumber)
        .filter((r) => !['keep_first', 'keep_second', 'correct', 'discard_both'].includes(r as string))
        .map((resolution) => ({ json: { resolution } })),
      fc.constant({ json: { resolution: 'correct' } }),
      fc
        .integer({ min: 1, max: 1000 })
        .chain((seed) => badCount(seed))
        .map((count) => ({ json: { resolution: 'correct', count } })),
      badWarnings.map((acceptedWarnings) => ({ json: { resolution: 'correct', count: sampleCount(ballot, 8), acceptedWarnings } })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.resolve(ids.counting, 2), 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 120 },
    );
  });

  it('POST …/_recount: a reason that is not 3 to 2000 characters of text: 4xx, nothing stored', async () => {
    const goodReason = (p: Payload): boolean => {
      if (!p || !('json' in p) || typeof p.json !== 'object' || p.json === null || Array.isArray(p.json)) return false;
      const r = (p.json as Record<string, unknown>)['reason'];
      return typeof r === 'string' && r.trim().length >= 3 && r.trim().length <= 2000;
    };
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody.filter((p) => !goodReason(p)),
      absurdText.map((reason) => ({ json: { reason } })),
      fc.constantFrom('ab', '  a ', 'x'.repeat(2001)).map((reason) => ({ json: { reason } })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.recount(ids.finalised, 1), 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 100 },
    );
  });

  it('POST …/lots: anything but the lot asked for: 4xx, nothing stored', async () => {
    const drawnValue = fc.oneof(absurdNumber, fc.constantFrom(0, 3, 99, 100_001));
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody,
      fc
        .record({ kind: fc.oneof(fc.constantFrom('list', 'candidate', 'lijst', 1, null)), drawn: drawnValue })
        .map(({ kind, drawn }) => ({ json: { kind, drawn: { options: [1, 2], drawn } } })),
      fc.constantFrom(null, 1, 'x', [], { options: [1, 2] }).map((drawn) => ({ json: { kind: 'list', drawn } })),
      // A valid list drawn, but as the wrong kind of lot, or between other options.
      fc
        .constantFrom(1, 2)
        .map((drawn) => ({ json: { kind: 'candidate', drawn: { list: 1, options: [1, 2], seat_numbers: [9], drawn } } })),
      fc.constantFrom(1, 2).map((drawn) => ({ json: { kind: 'list', drawn: { kind: 'Nonsense', options: [1, 2, 3], drawn } } })),
      fc.constant({ json: { kind: 'list', drawn: { options: Array.from({ length: 5000 }, (_, i) => i), drawn: 1 } } }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.lots(ids.lot), 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 100 },
    );
  });

  it('POST /referendums: a wrong referendum is a 4xx, never 5xx, nothing stored', async () => {
    const good = validReferendum();
    const field = (path: (string | number)[], values: fc.Arbitrary<unknown>) => values.map((v) => ({ json: setAt(good, path, v) }));
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody,
      field(['title'], absurdText),
      field(['question'], absurdText),
      field(
        ['options'],
        fc.constantFrom(
          [],
          ['Ja'],
          ['Ja', 'ja'],
          [1, 2],
          null,
          'Ja,Nee',
          Array.from({ length: 11 }, (_, i) => `Optie ${i}`),
        ),
      ),
      field(['policy'], fc.constantFrom(null, {}, { title: '' }, 'Parkeervisie')),
      field(['policy', 'url'], fc.constantFrom('ftp://example.org', 'javascript:alert(1)', 'geen url', 1)),
      field(['rulesKey'], fc.constantFrom('bestaat-niet', '', 1, null, 'wrr-2015')),
      field(['organisationCode'], fc.constantFrom('GM0363', '', 1, null)),
      field(['startOn'], fc.constantFrom('2020-01-01', 'morgen', 20260401, '2026-02-30')),
      field(['voteDate'], fc.constantFrom('2026-01-01', 'x', 1)),
      fc
        .string({ minLength: 1, maxLength: 10 })
        .filter((k) => !Object.keys(good).includes(k) && !['startOn', 'voteDate', '__proto__'].includes(k))
        .map((k) => ({ json: { ...good, [k]: 1 } })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('POST', democracyApi.referendums, 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 120 },
    );
  });

  it('PUT /referendums/{id}/vote-date: anything but a date from today on: 4xx, nothing stored', async () => {
    const isDateLike = (p: Payload): boolean =>
      p !== undefined &&
      'json' in p &&
      typeof p.json === 'object' &&
      p.json !== null &&
      !Array.isArray(p.json) &&
      /^\d{4}-\d{2}-\d{2}$/.test(String((p.json as Record<string, unknown>)['voteDate']));
    const bad: fc.Arbitrary<Payload> = fc.oneof(
      anyBody.filter((p) => !isDateLike(p)),
      fc
        .constantFrom('2026-02-30', '2026-13-01', '2026-03-19', '1900-01-01', '17-06-2026', '2026-6-17', '20260617', '', 'morgen')
        .map((voteDate) => ({ json: { voteDate } })),
      fc.oneof(absurdNumber, absurdText).map((voteDate) => ({ json: { voteDate } })),
      fc.constant({ json: { voteDate: '2026-06-17', extra: 1 } }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('PUT', democracyApi.voteDate(ids.scheduled), 'ingrid', payload), before, JSON.stringify(payload));
      }),
      { numRuns: 100 },
    );
    // A good date on a referendum still collecting support: refused too.
    const before = await snapshot();
    const early = await send('PUT', democracyApi.voteDate(ids.referendum), 'ingrid', { json: { voteDate: '2026-06-17' } });
    await expectRefused(early, before, 'vote date while requesting');
    expect(early.statusCode).toBe(409);
  });

  it('steps without input (start counting, finalise, support, withdraw) refuse any body: 4xx, nothing stored', async () => {
    const steps = [
      ['POST', democracyApi.startCounting(ids.draft), 'ingrid'],
      ['POST', democracyApi.finalise(ids.counting), 'ingrid'],
      ['PUT', democracyApi.support(ids.referendum), 'citizen'],
      ['DELETE', democracyApi.support(ids.referendum), 'citizen'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(someBody, fc.constantFrom(...steps), async (payload, [method, url, who]) => {
        const before = await snapshot();
        await expectRefused(await send(method, url, who, payload), before, `${method} ${url} ${JSON.stringify(payload)}`);
      }),
      { numRuns: 100 },
    );
  });

  it('random ids and station numbers in the path of every route: 4xx (mostly 404), never 5xx, nothing stored', async () => {
    const count = sampleCount(ballot, 9);
    const routes: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: (id: string, n: string) => string, who: string, json?: unknown][] = [
      ['GET', (id) => `/api/v1/elections/${id}`, 'ingrid'],
      ['POST', (id) => `/api/v1/elections/${id}/_start-counting`, 'ingrid'],
      ['GET', (id) => `/api/v1/elections/${id}/polling-stations`, 'anouk'],
      ['POST', (id, n) => `/api/v1/elections/${id}/polling-stations/${n}/entries`, 'anouk', { count, acceptedWarnings: [] }],
      ['GET', (id, n) => `/api/v1/elections/${id}/polling-stations/${n}/differences`, 'ingrid'],
      ['POST', (id, n) => `/api/v1/elections/${id}/polling-stations/${n}/_resolve`, 'ingrid', { resolution: 'keep_first' }],
      ['POST', (id, n) => `/api/v1/elections/${id}/polling-stations/${n}/_recount`, 'ingrid', { reason: 'Twijfel aan de telling' }],
      ['GET', (id) => `/api/v1/elections/${id}/provisional-result`, 'ingrid'],
      ['POST', (id) => `/api/v1/elections/${id}/lots`, 'ingrid', { kind: 'list', drawn: { options: [1, 2], drawn: 1 } }],
      ['POST', (id) => `/api/v1/elections/${id}/_finalise`, 'ingrid'],
      ['GET', (id) => `/api/v1/elections/${id}/result`, 'citizen'],
      ['GET', (id) => `/api/v1/elections/${id}/eml/510`, 'citizen'],
      ['GET', (id) => `/api/v1/elections/${id}/eml/520`, 'citizen'],
      ['GET', (id) => `/api/v1/referendums/${id}`, 'citizen'],
      ['PUT', (id) => `/api/v1/referendums/${id}/support`, 'citizen'],
      ['DELETE', (id) => `/api/v1/referendums/${id}/support`, 'citizen'],
      ['PUT', (id) => `/api/v1/referendums/${id}/vote-date`, 'ingrid', { voteDate: '2026-06-17' }],
    ];
    // Each route with a random id, or a real id with a random station number (where it has one).
    const realIds = [ids.counting, ids.finalised, ids.lot];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: routes.length - 1 }),
        fc.oneof(
          fc.record({ id: segment, n: fc.oneof(segment, fc.constantFrom('1', '2')) }),
          fc.record({ id: fc.constantFrom(...realIds), n: segment.filter((s) => !['1', '2', '3'].includes(s.trim())) }),
        ),
        async (i, { id, n }) => {
          const [method, path, who, json] = routes[i]!;
          const url = path(realIds.includes(id) ? id : enc(id), enc(n));
          if (realIds.includes(id) && !url.includes('polling-stations/')) return;
          const before = await snapshot();
          const res = await send(method, url, who, json === undefined ? undefined : { json });
          await expectRefused(res, before, `${method} ${url}`);
          // An id or number that cannot exist is answered like an unknown one.
          if (
            !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) &&
            id.length > 0 &&
            id.length < 200 &&
            !id.includes('/')
          )
            expect([404, 414], `${method} ${url} → ${res.body}`).toContain(res.statusCode);
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe('limits', () => {
  it('an oversized body is a 413 problem on every write (20 MB on the import), and stores nothing', async () => {
    const before = await snapshot();
    const big = { json: { name: 'x'.repeat(1_200_000) } };
    for (const [method, url, who] of [
      ['POST', democracyApi.elections, 'ingrid'],
      ['POST', democracyApi.entries(ids.counting, 1), 'anouk'],
      ['POST', democracyApi.resolve(ids.counting, 2), 'ingrid'],
      ['POST', democracyApi.recount(ids.finalised, 1), 'ingrid'],
      ['POST', democracyApi.lots(ids.lot), 'ingrid'],
      ['POST', democracyApi.referendums, 'ingrid'],
      ['PUT', democracyApi.support(ids.referendum), 'citizen'],
      ['PUT', democracyApi.voteDate(ids.scheduled), 'ingrid'],
    ] as const) {
      const res = await send(method, url, who, big);
      expect(res.statusCode, url).toBe(413);
      expect(res.json<{ code: string }>().code).toBe('http.body_too_large');
    }
    const huge = await send('POST', democracyApi.import, 'ingrid', { json: { xml: 'x'.repeat(21 * 1024 * 1024), hash: 'x' } });
    expect(huge.statusCode).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('a form or text body on the API is a 415, also where the body would be valid', async () => {
    const before = await snapshot();
    const res = await t.request({
      method: 'POST',
      url: democracyApi.recount(ids.finalised, 1),
      headers: { cookie: cookies['ingrid'] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reason=Twijfel+aan+de+telling',
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await snapshot()).toEqual(before);
  });
});
