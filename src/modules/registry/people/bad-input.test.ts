// Bad input never breaks the registers: random BSNs and random bodies never give a 5xx, a refused
// write stores nothing (not even half), and an oversized body is a 413 problem.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { isValidBsn } from './model.ts';
import { parseBusiness, parseOfficial, parsePerson } from './input.ts';
import { addOfficial, addPerson, amsterdam, bsnSeries, officialLogin, personLogin, rowCounts } from './test-fixtures.ts';

const BODY_LIMIT = 4096;
const known = '999993653';

let t: TestApp;
let admin = '';
let handler = '';
let citizen = '';

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z', config: { LOKET_BODY_LIMIT: String(BODY_LIMIT) } });
  await addPerson(t.database, { bsn: known, birthDate: '1980-01-01' });
  admin = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['administrator'] })));
  handler = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['case_handler'] })));
  citizen = await t.loginAs(personLogin(bsnSeries(11_000_000, 1)[0]!));
});
afterAll(() => t.close());

/** BSN-like text: digits of any length, near-misses, and arbitrary (also unicode) strings. */
const bsnLike = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom(known, '111222333', '123456789', '000000000', '99999365 3', '%', '..', '_zoek', ' 999993653'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

describe('random BSNs', () => {
  it('GET /api/v1/persons/{bsn} answers 200, 400 or 404 (problem+json), never 5xx, for officials and citizens (property)', async () => {
    await fc.assert(
      fc.asyncProperty(bsnLike, fc.constantFrom('handler', 'citizen'), async (text, who) => {
        const res = await t.request({
          url: `/api/v1/persons/${encodeURIComponent(text)}`,
          headers: { cookie: who === 'handler' ? handler : citizen, accept: 'application/json' },
        });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        if (res.statusCode === 200) expect(who === 'handler' && text === known).toBe(true);
        if (!isValidBsn(text) && res.statusCode !== 404) expect(res.statusCode).toBe(400);
      }),
      { numRuns: 200 },
    );
  });

  it('POST /api/v1/persons/_zoek with any JSON never gives 5xx (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.record({ bsn: bsnLike })), async (body) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/persons/_zoek',
          headers: { cookie: handler, 'content-type': 'application/json' },
          payload: typeof body === 'string' ? body : JSON.stringify(body),
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});

// Valid bodies, to be broken one field at a time.
const validPerson = () => ({
  bsn: bsnSeries(12_000_000 + Math.floor(Math.random() * 1_000_000), 1)[0]!,
  givenNames: 'Ruud',
  surname: 'Random',
  birthDate: '1999-12-31',
  address: amsterdam,
});
const validBusiness = () => ({
  kvkNumber: String(30_000_000 + Math.floor(Math.random() * 60_000_000)),
  name: 'Random B.V.',
  legalForm: 'bv',
  registeredOn: '2020-01-01',
  address: amsterdam,
  branches: [
    {
      branchNumber: String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000)),
      name: 'Hoofd',
      isMain: true,
      address: amsterdam,
    },
  ],
  functionaries: [{ personBsn: known, role: 'director', authority: 'sole', validFrom: '2020-01-01' }],
});
const validOfficial = () => ({
  name: 'Willekeurig',
  email: `w${Math.random().toString(36).slice(2)}@example.org`,
  organisationCode: 'GM0363',
  roles: ['case_handler'],
});

/** A valid body with one (possibly nested) field replaced by random JSON, or removed. */
function breakOne(body: Record<string, unknown>, key: string, value: unknown, nested: boolean): Record<string, unknown> {
  const replace = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries([...Object.entries(o).filter(([k]) => k !== key), ...(value === undefined ? [] : [[key, value] as const])]);
  const address = body['address'];
  if (nested && typeof address === 'object' && address !== null) return { ...body, address: replace(address as Record<string, unknown>) };
  return replace(body);
}

const targets = [
  {
    url: '/api/v1/persons',
    valid: validPerson,
    keys: ['bsn', 'givenNames', 'surname', 'birthDate', 'deathDate', 'surnamePrefix', 'address'],
  },
  {
    url: '/api/v1/businesses',
    valid: validBusiness,
    keys: ['kvkNumber', 'name', 'legalForm', 'registeredOn', 'endedOn', 'address', 'branches', 'functionaries'],
  },
  { url: '/api/v1/officials', valid: validOfficial, keys: ['name', 'email', 'organisationCode', 'roles', 'personBsn', 'active'] },
] as const;
const addressKeys = ['street', 'houseNumber', 'houseNumberAddition', 'postcode', 'city', 'municipalityCode'];

describe('random bodies to the POST routes', () => {
  it('never give a 5xx, and a refused write changes no row anywhere (property)', async () => {
    const outcomes = { created: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.oneof(
          { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ kind: 'random' as const, v })) },
          {
            weight: 3,
            arbitrary: fc
              .record({ key: fc.string(), nested: fc.boolean(), value: fc.option(fc.jsonValue(), { nil: undefined }), pick: fc.nat() })
              .map((x) => ({ kind: 'mutated' as const, ...x })),
          },
        ),
        async (target, input) => {
          let body: unknown;
          if (input.kind === 'random') body = input.v;
          else {
            const keys: readonly string[] = input.nested ? addressKeys : target.keys;
            body = breakOne(target.valid(), keys[input.pick % keys.length] ?? input.key, input.value, input.nested);
          }
          const before = await rowCounts(t.database);
          const res = await t.request({
            method: 'POST',
            url: target.url,
            headers: { cookie: admin, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, JSON.stringify(body)).toBeLessThan(500);
          outcomes[res.statusCode === 201 ? 'created' : 'refused'] += 1;
          if (res.statusCode !== 201) {
            expect([400, 409]).toContain(res.statusCode);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(await rowCounts(t.database)).toEqual(before);
          }
        },
      ),
      { numRuns: 150 },
    );
    // Both outcomes happen: the property is not only about refusals.
    expect(outcomes.created).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('lists every broken field in one 400, each with its own code', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/businesses',
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: JSON.stringify({
        kvkNumber: '1234',
        name: 42,
        legalForm: 'gmbh',
        registeredOn: '2020-13-01',
        address: { street: 'X', houseNumber: 'een', postcode: '1234', city: '', municipalityCode: 'AM' },
        branches: [{ branchNumber: '1', name: 'B', isMain: 'ja', address: amsterdam }],
        functionaries: [{ personBsn: '123456789', role: 'king', authority: 'sole', validFrom: '2020-01-01', validTo: '2019-01-01' }],
      }),
    });
    expect(res.statusCode).toBe(400);
    const params = res.json<{ code: string; invalidParams: { name: string; code: string }[] }>();
    expect(params.code).toBe('registry.invalid_input');
    expect(params.invalidParams.map((p) => `${p.name}:${p.code}`).sort()).toEqual(
      [
        'body.kvkNumber:registry.invalid_kvk_number',
        'body.name:registry.invalid_value',
        'body.legalForm:registry.invalid_choice',
        'body.registeredOn:registry.invalid_date',
        'body.address.houseNumber:registry.invalid_house_number',
        'body.address.postcode:registry.invalid_postcode',
        'body.address.city:registry.required',
        'body.address.municipalityCode:registry.invalid_municipality',
        'body.branches.0.branchNumber:registry.invalid_branch_number',
        'body.branches.0.isMain:registry.invalid_value',
        'body.functionaries.0.personBsn:registry.invalid_bsn',
        'body.functionaries.0.role:registry.invalid_choice',
        'body.functionaries.0.validTo:registry.end_before_start',
      ].sort(),
    );
  });

  it('the parsers never throw, whatever they get (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const parse of [(x: unknown) => parsePerson(x, '2026-11-29'), (x: unknown) => parseBusiness(x, '2026-11-29'), parseOfficial]) {
          const r = parse(v);
          if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers an oversized body with a 413 problem and stores nothing', async () => {
    const before = await rowCounts(t.database);
    for (const url of ['/api/v1/persons', '/api/v1/businesses', '/api/v1/officials', '/api/v1/persons/_zoek']) {
      const res = await t.request({
        method: 'POST',
        url,
        headers: { cookie: admin, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...validPerson(), givenNames: 'x'.repeat(BODY_LIMIT * 2) }),
      });
      expect(res.statusCode, url).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json<{ code: string; status: number }>()).toMatchObject({ code: 'http.body_too_large', status: 413 });
    }
    const form = await t.request({
      method: 'POST',
      url: '/personen',
      headers: { cookie: handler, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `bsn=${'9'.repeat(BODY_LIMIT * 2)}`,
    });
    expect(form.statusCode).toBe(413);
    expect(await rowCounts(t.database)).toEqual(before);
  });
});
