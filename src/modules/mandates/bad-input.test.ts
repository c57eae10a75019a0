// Bad input never breaks the mandates API (LOKET_TEST_DB=sqlite|postgres): random bodies, path
// parameters and queries on every route give a 4xx problem+json, never a 5xx, and store nothing —
// no mandate, no service set, no audit record, no event, no processing-log line. The check answers
// 200 only to a well-formed question (an oracle written apart from the route decides which).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../platform/auth/index.ts';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { importUpl } from '../catalog/service.ts';
import { insertServices } from '../catalog/store.ts';
import { publishServices, rowCounts } from '../delivery/test-fixtures.ts';
import { addBusiness, addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { actions } from './model.ts';
import { mandateApi } from './routes.ts';
import { parseGrant } from './service.ts';

const BODY_LIMIT = 8192;
const parkeerUri = 'http://standaarden.overheid.nl/owms/terms/parkeervergunning';
const [alice = '', bob = '', carol = ''] = bsnSeries(42_000_000, 3);
const kvk = '56780002';

let t: TestApp;
let parkeer: Service;
let mandateId = '';
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-30T09:00:00Z', config: { LOKET_BODY_LIMIT: String(BODY_LIMIT) } });
  const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };
  [parkeer] = (await publishServices(t.ctx, catalog, { code: 'GM0363', name: 'Amsterdam' }, [parkeerUri])) as [Service];
  await addPerson(t.database, { bsn: alice, birthDate: '1980-01-01', surname: 'Aalders' });
  await addPerson(t.database, { bsn: bob, birthDate: '1980-01-01', surname: 'Bakker' });
  await addPerson(t.database, { bsn: carol, birthDate: '1980-01-01', surname: 'Cornelissen' });
  await addBusiness(
    t.database,
    { kvkNumber: kvk },
    [],
    [{ personBsn: carol, role: 'owner', authority: 'sole', validFrom: '2020-01-01', validTo: null }],
  );
  cookies['alice'] = await t.loginAs(personLogin(alice));
  cookies['bob'] = await t.loginAs(personLogin(bob));
  cookies['carol'] = await t.loginAs(personLogin(carol));
  const employee: LoginIdentity = { kind: 'business', kvkNumber: kvk, actingBsn: carol, loa: 'substantial', name: 'Carol' };
  cookies['business'] = await t.loginAs(employee);
  cookies['handler'] = await t.loginAs(
    officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['case_handler'], name: 'Behandelaar' })),
  );
  cookies['designer'] = await t.loginAs(
    officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['service_designer'], name: 'Ontwerper' })),
  );
  // One mandate waiting for bob, so the steps have something real to refuse.
  const made = await send('POST', mandateApi.mandates, 'alice', { json: validGrant() });
  expect(made.statusCode, made.body).toBe(201);
  mandateId = made.json<{ id: string }>().id;
}, 120_000);
afterAll(() => t.close());

type Payload = { json: unknown } | { raw: string } | undefined;

function send(method: 'GET' | 'POST' | 'PUT', url: string, who: string | null, payload?: Payload) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = cookies[who] ?? '';
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const body = payload === undefined ? undefined : 'raw' in payload ? payload.raw : JSON.stringify(payload.json);
  return t.request({ method, url, headers, ...(body !== undefined ? { payload: body } : {}) });
}

/** Delivers the outbox events waiting (their subscribers write rows of their own), so counts are taken when all is quiet. */
async function settle(): Promise<void> {
  while ((await t.dispatcher.runOnce()) > 0);
}

/** Everything a refused call must leave as it was (read after the events are delivered). */
const stored = async (): Promise<Record<string, number>> =>
  settle().then(() =>
    rowCounts(t.database.db, {
      mandate: 'mandate',
      sets: 'mandate_service_set',
      setItems: 'mandate_service_set_item',
      audit: 'audit_log',
      outbox: 'event_outbox',
      processing: 'processing_log',
    }),
  );
const mandateRows = async (): Promise<unknown[]> => (await sql`select * from mandate order by id`.execute(t.database.db)).rows;

type Response = Awaited<ReturnType<typeof send>>;

/** A 4xx problem+json (never 5xx), and nothing stored. */
async function expectRefused(res: Response, before: { counts: Record<string, number>; rows: unknown[] }, what: string): Promise<void> {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body}`).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(await stored()).toEqual(before.counts);
  expect(await mandateRows()).toEqual(before.rows);
}
const snapshot = async () => ({ counts: await stored(), rows: await mandateRows() });

// ---------------------------------------------------------------------------------------------
// Generators

const validGrant = (): Record<string, unknown> => ({
  mandatary: { kind: 'person', bsn: bob, surname: 'Bakker' },
  scope: { kind: 'service', organisationCode: 'GM0363', serviceId: parkeer.id },
  validUntil: '2027-06-30',
});

/**
 * Text for a path segment: anything, near-misses of ids and codes, and odd characters. At most 200
 * characters: a longer one never reaches a route (the router answers 414 itself; see the test below).
 */
const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.uuid().map((u) => u),
  fc.constantFrom('..', '.', '%', '_accept', 'acting-for', 'GM0363', 'gm0363', 'x'.repeat(200), ' ', '{id}', ':id', '999999999'),
);
const enc = (s: string): string => encodeURIComponent(s);

/** A body that is not JSON at all, or JSON of any shape. */
const anyBody: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue().map((json) => ({ json })) },
  { weight: 1, arbitrary: fc.constantFrom('{', 'nul', '[1,', '{"a":}', '', '"', '\u0000').map((raw) => ({ raw })) },
);
/** A body that is not "no input" (undefined, null or {}). */
const someBody = anyBody.filter(
  (p) =>
    p !== undefined &&
    !('json' in p && (p.json === null || (typeof p.json === 'object' && !Array.isArray(p.json) && Object.keys(p.json).length === 0))),
);

const grantKeys = ['mandatary', 'scope', 'validUntil'] as const;
/** A grant body that is wrong by construction: random JSON, a required field broken or dropped, or an unknown field. */
const badGrant: fc.Arbitrary<Payload> = fc.oneof(
  anyBody.filter((p) => !(p !== undefined && 'json' in p && typeof p.json === 'object' && p.json !== null && 'validUntil' in p.json)),
  fc.record({ key: fc.constantFrom(...grantKeys), value: fc.option(fc.jsonValue(), { nil: undefined }) }).map(({ key, value }) => {
    const rest = Object.fromEntries(Object.entries(validGrant()).filter(([k]) => k !== key));
    return { json: value === undefined ? rest : { ...rest, [key]: value } };
  }),
  fc
    .record({ key: fc.string({ minLength: 1, maxLength: 20 }), value: fc.jsonValue() })
    .filter(({ key }) => !['mandatary', 'scope', 'validFrom', 'validUntil', 'minLoa'].includes(key.trim()) && key !== '__proto__')
    .map(({ key, value }) => ({ json: { ...validGrant(), [key]: value } })),
  fc
    .record({ surname: fc.string({ maxLength: 30 }), bsn: fc.string({ maxLength: 12 }) })
    .filter(({ surname, bsn }) => surname.trim().toLowerCase() !== 'bakker' || bsn !== bob)
    .map(({ surname, bsn }) => ({ json: { ...validGrant(), mandatary: { kind: 'person', bsn, surname } } })),
);

const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...actions, 'person', 'business', alice, bob, kvk, 'GM0363', 'gm0363', '12', '1234567890'),
  fc.uuid(),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Query pairs: each part of the check often right, sometimes wrong, half or missing, sometimes twice, plus unknown ones. */
const queryPairs = fc
  .record({
    subject: fc.oneof(
      { weight: 2, arbitrary: fc.constant<[string?, string?]>([]) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<[string, string]>(['person', alice], ['person', carol], ['business', kvk], ['person', '999999990']),
      },
      { weight: 2, arbitrary: fc.tuple(maybe(fc.oneof(fc.constantFrom('person', 'business'), queryValue)), maybe(queryValue)) },
    ),
    action: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...actions) }, { weight: 1, arbitrary: maybe(queryValue) }),
    service: fc.oneof(
      { weight: 2, arbitrary: fc.constant<[string?, string?]>([]) },
      { weight: 3, arbitrary: fc.constantFrom<[string, string]>(['GM0363', 'parkeer'], ['gm0363', 'parkeer']) },
      { weight: 1, arbitrary: fc.uuid().map((u): [string, string] => ['GM0363', u]) },
      { weight: 2, arbitrary: fc.tuple(maybe(queryValue), maybe(fc.oneof(fc.uuid(), queryValue))) },
    ),
    extra: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(
          fc.tuple(fc.oneof(fc.constantFrom('x', 'limit', 'action', 'subjectId'), fc.string({ maxLength: 8 })), queryValue),
          { minLength: 1, maxLength: 2 },
        ),
      },
    ),
  })
  .map(({ subject: [subjectKind, subjectId], action, service: [organisationCode, serviceId], extra }): [string, string][] => [
    ...Object.entries({ subjectKind, subjectId, action, organisationCode, serviceId })
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]): [string, string] => [k, k === 'serviceId' && v === 'parkeer' ? parkeer.id : v]),
    ...extra,
  ]);

/** The oracle for GET /mandates/check: is the query a well-formed question? Written apart from the route. */
function wellFormedCheck(pairs: readonly (readonly [string, string])[]): boolean {
  const q = new Map<string, string[]>();
  for (const [k, v] of pairs) q.set(k, [...(q.get(k) ?? []), v]);
  if ([...q.values()].some((vs) => vs.length > 1)) return false;
  const one = (k: string): string | undefined => q.get(k)?.[0];
  // Only the five known parameters (a parameter without a name, "=x", is the unknown name "").
  if ([...q.keys()].some((k) => !['subjectKind', 'subjectId', 'action', 'organisationCode', 'serviceId'].includes(k))) return false;
  const action = one('action');
  if (action === undefined || !(actions as readonly string[]).includes(action)) return false;
  const kind = one('subjectKind');
  const id = one('subjectId');
  if ((kind === undefined) !== (id === undefined)) return false;
  if (kind !== undefined && kind !== 'person' && kind !== 'business') return false;
  if (kind === 'person' && !/^\d{9}$/.test(id ?? '')) return false;
  if (kind === 'business' && !/^\d{8}$/.test(id ?? '')) return false;
  const org = one('organisationCode');
  const service = one('serviceId');
  if ((org === undefined) !== (service === undefined)) return false;
  if (org !== undefined && !/^[A-Za-z0-9-]{2,20}$/.test(org)) return false;
  if (service !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(service)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

describe('random input on every mandates route (property)', () => {
  it('POST /mandates: a wrong body is a 400 (or 415/413), never 5xx, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(badGrant, fc.constantFrom('alice', 'business'), async (payload, who) => {
        const before = await snapshot();
        await expectRefused(await send('POST', mandateApi.mandates, who, payload), before, JSON.stringify(payload));
      }),
      { numRuns: 150 },
    );
  });

  it('the steps on a mandate: random ids, random bodies, or a stranger on a real one: 4xx, nothing changed', async () => {
    const steps = ['_sign', '_accept', '_decline', '_end'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // A random id, anyone, any body.
          fc.record({ id: segment, who: fc.constantFrom('alice', 'bob', 'carol'), body: fc.option(anyBody, { nil: undefined }) }),
          // The real mandate, a stranger, any body.
          fc.record({ id: fc.constant('real'), who: fc.constant('carol'), body: fc.option(anyBody, { nil: undefined }) }),
          // The real mandate, its sides, a body where the step takes none.
          fc.record({ id: fc.constant('real'), who: fc.constantFrom('alice', 'bob'), body: someBody }),
        ),
        fc.constantFrom(...steps),
        async ({ id, who, body }, name) => {
          const before = await snapshot();
          const url = `/api/v1/mandates/${id === 'real' ? mandateId : enc(id)}/${name}`;
          await expectRefused(await send('POST', url, who, body), before, `${who} ${url} ${JSON.stringify(body)}`);
        },
      ),
      { numRuns: 200 },
    );
    // The mandate is still waiting for bob, untouched.
    const res = await send('GET', mandateApi.mandate(mandateId), 'bob');
    expect(res.json<{ status: string }>().status).toBe('awaiting_acceptance');
  });

  it('GET /mandates/{id}: random ids give 400 or 404, a stranger on a real id 404', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('alice', 'carol', 'business'), async (id, who) => {
        const before = await snapshot();
        const res = await send('GET', `/api/v1/mandates/${enc(id)}`, who);
        // A static route under /mandates (acting-for, acting-options, check) answers by its own rules: no writes, no 5xx.
        if (['acting-for', 'acting-options', 'check'].includes(id) && res.statusCode === 200) return;
        await expectRefused(res, before, id);
        if (/^[0-9a-f-]{36}$/i.test(id)) expect([400, 404]).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
    const before = await snapshot();
    await expectRefused(await send('GET', mandateApi.mandate(mandateId), 'carol'), before, 'stranger');
  });

  it('PUT /mandates/acting-for: a random body is a 4xx; the session keeps acting for no one; nothing stored', async () => {
    const choice = fc.oneof(
      someBody,
      fc
        .record({
          kind: fc.oneof(fc.constantFrom('person', 'business'), fc.string({ maxLength: 10 })),
          id: fc.oneof(queryValue, fc.jsonValue()),
        })
        // Not the two valid choices carol has: herself, and the business she owns.
        .filter(({ kind, id }) => !(kind === 'person' && id === carol) && !(kind === 'business' && id === kvk))
        .map((json) => ({ json })),
    );
    await fc.assert(
      fc.asyncProperty(choice, async (payload) => {
        const before = await snapshot();
        await expectRefused(await send('PUT', mandateApi.actingFor, 'carol', payload), before, JSON.stringify(payload));
        expect((await send('GET', mandateApi.actingFor, 'carol')).json()).toEqual({ actingFor: null });
      }),
      { numRuns: 150 },
    );
  });

  it('GET /mandates/check: 200 exactly for a well-formed question (404 for an unknown service), else 400; never a write', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(queryPairs, fc.constantFrom('alice', 'business'), async (pairs, who) => {
        const before = await snapshot();
        const res = await send('GET', `${mandateApi.check}?${new URLSearchParams(pairs).toString()}`, who);
        const what = JSON.stringify(pairs);
        if (wellFormedCheck(pairs)) {
          expect([200, 404], `${what} → ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 200) answered += 1;
          expect(await stored()).toEqual(before.counts);
        } else {
          await expectRefused(res, before, what);
          expect(res.statusCode, what).toBe(400);
        }
      }),
      { numRuns: 250 },
    );
    // Both kinds of answer happen: the property is not only about refusals.
    expect(answered).toBeGreaterThan(10);
  });

  it('POST /mandates/_check and POST /mandates/_lookup: random bodies are a 4xx; nothing stored, nothing logged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody,
          fc.jsonValue().map((extra) => ({ json: { action: 'view', subject: { kind: 'person', id: alice }, extra } })),
          fc.record({ bsn: fc.string({ maxLength: 12 }) }).map((json) => ({ json })),
          fc.record({ kvkNumber: fc.string({ maxLength: 12 }), bsn: queryValue }).map((json) => ({ json })),
        ),
        fc.constantFrom([mandateApi.checkAction, 'alice'] as const, [mandateApi.lookup, 'handler'] as const),
        async (payload, [url, who]) => {
          // A well-formed lookup of a real person is the one body that is answered (and logged); random text is never one.
          if (payload && 'json' in payload && typeof payload.json === 'object' && payload.json !== null) {
            const b = payload.json as Record<string, unknown>;
            if (url === mandateApi.lookup && Object.keys(b).length === 1 && typeof b['bsn'] === 'string' && /^\s*\d{9}\s*$/.test(b['bsn']))
              return;
          }
          const before = await snapshot();
          await expectRefused(await send('POST', url, who, payload), before, `${url} ${JSON.stringify(payload)}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the lists (GET /mandates, acting-options, acting-for) refuse any query parameter with 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(mandateApi.mandates, mandateApi.actingOptions, mandateApi.actingFor),
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 3 }),
        async (url, pairs) => {
          const before = await snapshot();
          const res = await send('GET', `${url}?${new URLSearchParams(pairs).toString()}`, 'alice');
          await expectRefused(res, before, `${url} ${JSON.stringify(pairs)}`);
          expect(res.statusCode).toBe(400);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('service sets: random codes, set ids and bodies are a 4xx for the designer; the public list never 5xx; nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant('GM0363'), segment),
        fc.oneof(fc.constantFrom('parkeren', 'a-b'), segment),
        fc.oneof(
          anyBody,
          fc
            .record({ name: fc.jsonValue(), serviceIds: fc.oneof(fc.jsonValue(), fc.array(fc.uuid(), { maxLength: 3 })) })
            .map((json) => ({ json })),
          fc.array(fc.uuid(), { maxLength: 3 }).map((ids) => ({ json: { name: { nl: 'Set' }, serviceIds: ids } })),
        ),
        async (code, setId, payload) => {
          const before = await snapshot();
          const list = await send('GET', `/api/v1/organisations/${enc(code)}/service-sets`, null);
          expect(list.statusCode, code).toBeLessThan(500);
          if (list.statusCode !== 200) expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
          const url = `/api/v1/organisations/${enc(code)}/service-sets/${enc(setId)}`;
          await expectRefused(await send('PUT', url, 'designer', payload), before, `${url} ${JSON.stringify(payload)}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('limits', () => {
  it('a path segment over 200 characters: 414 from the router, never 5xx, nothing stored', async () => {
    const before = await snapshot();
    const long = 'x'.repeat(201);
    for (const [method, url, who] of [
      ['GET', `/api/v1/mandates/${long}`, 'alice'],
      ['POST', `/api/v1/mandates/${long}/_accept`, 'bob'],
      ['PUT', `/api/v1/organisations/GM0363/service-sets/${long}`, 'designer'],
      ['GET', `/api/v1/organisations/${long}/service-sets`, null],
    ] as const) {
      const res = await send(method, url, who, method === 'GET' ? undefined : { json: {} });
      expect(res.statusCode, url).toBe(414);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('an oversized body is a 413 problem on every write, and stores nothing', async () => {
    const before = await snapshot();
    const big = { json: { ...validGrant(), validFrom: 'x'.repeat(BODY_LIMIT * 2) } };
    for (const [method, url, who] of [
      ['POST', mandateApi.mandates, 'alice'],
      ['POST', `${mandateApi.mandate(mandateId)}/_accept`, 'bob'],
      ['PUT', mandateApi.actingFor, 'alice'],
      ['POST', mandateApi.checkAction, 'alice'],
      ['POST', mandateApi.lookup, 'handler'],
      ['PUT', mandateApi.serviceSet('GM0363', 'groot'), 'designer'],
    ] as const) {
      const res = await send(method, url, who, big);
      expect(res.statusCode, url).toBe(413);
      expect(res.json<{ code: string }>().code).toBe('http.body_too_large');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a form body on the API is a 415, also where the body would be valid', async () => {
    const before = await snapshot();
    const res = await t.request({
      method: 'POST',
      url: mandateApi.mandates,
      headers: { cookie: cookies['alice'] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'validUntil=2027-06-30',
    });
    expect(res.statusCode).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('parseGrant never throws and names every problem, whatever it gets (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseGrant(v, '2026-11-30');
        if (!r.ok) expect(r.failure.invalidParams?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
