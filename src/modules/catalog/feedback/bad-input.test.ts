// Bad input never breaks feedback and requests: random bodies, path segments, query strings and
// form posts never give a 5xx, every refusal is a problem (API) or a page (forms), and a refused
// request stores nothing: no feedback, request, support, audit record or event.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import type { Service } from '../model.ts';
import { addServices, officialIdentity, paspoortUri, personIdentity, rowCounts, supportTotal } from './test-fixtures.ts';

let t: TestApp;
let published: Service;
let requestId = '';
let feedbackId = '';
const persons: string[] = [];
let designer = '';

/** Everything a refused request must leave alone. */
async function state(): Promise<Record<string, number>> {
  return { ...(await rowCounts(t.database)), supports: await supportTotal(t.database) };
}

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  [published] = (await addServices(t.ctx, [{ organisationCode: 'GM0363', uplUri: paspoortUri, status: 'published' }])) as [Service];
  for (let i = 0; i < 8; i++) persons.push(await t.loginAs(personIdentity(`10000000${i}`)));
  designer = await t.loginAs(officialIdentity('GM0363', ['service_designer']));
  const asJson = (cookie: string) => ({ cookie, 'content-type': 'application/json', accept: 'application/json' });
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/service-requests',
    headers: asJson(persons[0] ?? ''),
    payload: JSON.stringify({ organisationCode: 'GM0363', title: 'Een wens', audience: 'both' }),
  });
  requestId = created.json<{ id: string }>().id;
  const given = await t.request({
    method: 'POST',
    url: `/api/v1/organisations/GM0363/services/${published.id}/feedback`,
    headers: asJson(persons[0] ?? ''),
    payload: JSON.stringify({ rating: 3 }),
  });
  feedbackId = given.json<{ id: string }>().id;
  expect(requestId).not.toBe('');
  expect(feedbackId).not.toBe('');
});
afterAll(() => t.close());

// Valid bodies, to be broken one field at a time.
const targets = [
  {
    name: 'feedback',
    url: () => `/api/v1/organisations/GM0363/services/${published.id}/feedback`,
    who: 'person',
    valid: () => ({ rating: 4, text: 'Goed.' }),
  },
  {
    name: 'request',
    url: () => '/api/v1/service-requests',
    who: 'person',
    valid: () => ({ organisationCode: 'GM0363', title: 'Iets nieuws', description: 'Omdat.', audience: 'citizen' }),
  },
  { name: 'support', url: () => `/api/v1/service-requests/${requestId}/support`, who: 'person', valid: () => ({}) },
  {
    name: 'request answer',
    url: () => `/api/v1/service-requests/${requestId}/answer`,
    who: 'designer',
    valid: () => ({ status: 'under_consideration', text: 'We kijken.' }),
  },
  {
    name: 'feedback answer',
    url: () => `/api/v1/organisations/GM0363/services/${published.id}/feedback/${feedbackId}/answer`,
    who: 'designer',
    valid: () => ({ text: 'Dank u.' }),
  },
] as const;

const cookieFor = (who: 'person' | 'designer', pick: number): string =>
  who === 'designer' ? designer : (persons[pick % persons.length] ?? '');

function breakOne(body: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries([...Object.entries(body).filter(([k]) => k !== key), ...(value === undefined ? [] : [[key, value] as const])]);
}

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '%', '%00', 'GM0363', 'gm0363', '00000000-0000-0000-0000-000000000000', 'null', '-1', '1e9', '__proto__'),
);

describe('random input to the API', () => {
  it('random and broken bodies never give a 5xx; a refusal is problem+json and stores nothing (property)', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.nat(),
        fc.oneof(
          { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ kind: 'random' as const, v })) },
          {
            weight: 3,
            arbitrary: fc
              .record({
                key: fc.constantFrom('rating', 'text', 'title', 'description', 'audience', 'organisationCode', 'status', 'x'),
                value: fc.option(fc.jsonValue(), { nil: undefined }),
              })
              .map((x) => ({ kind: 'mutated' as const, ...x })),
          },
        ),
        async (target, pick, input) => {
          const body = input.kind === 'random' ? input.v : breakOne(target.valid(), input.key, input.value);
          const before = await state();
          const res = await t.request({
            method: 'POST',
            url: target.url(),
            headers: { cookie: cookieFor(target.who, pick), 'content-type': 'application/json', accept: 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, `${target.name} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            outcomes.refused += 1;
            expect([400, 404, 409]).toContain(res.statusCode);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(await state()).toEqual(before);
          } else outcomes.accepted += 1;
        },
      ),
      { numRuns: 200 },
    );
    // Both outcomes happen: the property is not only about refusals.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('random path segments never give a 5xx and store nothing (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText,
        anyText,
        fc.constantFrom('feedback', 'answer', 'support', 'request answer', 'get request', 'get feedback'),
        async (a, b, kind) => {
          const x = encodeURIComponent(a);
          const y = encodeURIComponent(b);
          const routes = {
            feedback: ['POST', `/api/v1/organisations/${x}/services/${y}/feedback`, persons[1], { rating: 5 }],
            answer: ['POST', `/api/v1/organisations/${x}/services/${y}/feedback/${x}/answer`, designer, { text: 'Hoi' }],
            support: ['POST', `/api/v1/service-requests/${x}/support`, persons[2], undefined],
            'request answer': ['POST', `/api/v1/service-requests/${y}/answer`, designer, { status: 'planned', text: 'Hoi' }],
            'get request': ['GET', `/api/v1/service-requests/${x}`, undefined, undefined],
            'get feedback': ['GET', `/api/v1/organisations/${x}/services/${y}/feedback`, persons[3], undefined],
          } as const;
          const [method, url, cookie, body] = routes[kind];
          const before = await state();
          const res = await t.request({
            method,
            url,
            headers: { accept: 'application/json', ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { payload: JSON.stringify(body) } : {}),
          });
          expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await state()).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random query strings never give a 5xx (property)', async () => {
    const key = fc.oneof(fc.constantFrom('sort', 'limit', 'offset', 'organisation'), fc.string({ maxLength: 8 }));
    const value = fc.oneof(anyText, fc.integer().map(String), fc.constantFrom('support', 'newest', '100', '101', '0', '1000001'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.boolean(), async (pairs, feedbackList) => {
        const query = new URLSearchParams(pairs).toString();
        const url = feedbackList
          ? `/api/v1/organisations/GM0363/services/${published.id}/feedback?${query}`
          : `/api/v1/service-requests?${query}`;
        const res = await t.request({ url, headers: { accept: 'application/json', cookie: designer } });
        expect(res.statusCode, url).toBeLessThan(500);
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 200 },
    );
  });

  it('answers invalid JSON and an oversized body with a problem, storing nothing', async () => {
    const before = await state();
    const broken = await t.request({
      method: 'POST',
      url: '/api/v1/service-requests',
      headers: { cookie: persons[4] ?? '', 'content-type': 'application/json' },
      payload: '{"title": "abc", ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ code: string }>().code).toBe('http.invalid_json');
    const huge = await t.request({
      method: 'POST',
      url: '/api/v1/service-requests',
      headers: { cookie: persons[4] ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'abc', audience: 'both', description: 'x'.repeat(t.config.bodyLimit + 10) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(await state()).toEqual(before);
  });
});

describe('random form posts', () => {
  /** A CSRF token and its cookie for this user (tokens stay valid with their cookie). */
  async function csrf(cookie: string, page: string): Promise<{ cookie: string; token: string }> {
    const res = await t.request({ url: page, headers: { cookie } });
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
    expect(token).not.toBe('');
    return { cookie: [cookie, ...set].join('; '), token };
  }

  it('never give a 5xx; a refused post shows a page and stores nothing (property)', async () => {
    const citizen = await csrf(persons[5] ?? '', '/diensten/wensen');
    const official = await csrf(designer, '/beheer/feedback');
    const forms = [
      { url: () => '/diensten/wensen', as: citizen, fields: ['titel', 'omschrijving', 'organisatie', 'doelgroep'] },
      { url: () => `/diensten/GM0363/${published.id}/feedback`, as: citizen, fields: ['waardering', 'toelichting'] },
      { url: () => `/diensten/wensen/${requestId}/steunen`, as: citizen, fields: [] },
      { url: () => `/beheer/feedback/meningen/${feedbackId}/antwoord`, as: official, fields: ['antwoord'] },
      { url: () => `/beheer/feedback/wensen/${requestId}/antwoord`, as: official, fields: ['status', 'antwoord'] },
    ];
    const outcomes = { redirected: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...forms),
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom('titel', 'omschrijving', 'organisatie', 'doelgroep', 'waardering', 'toelichting', 'antwoord', 'status'),
              fc.string({ maxLength: 6 }),
            ),
            fc.oneof(anyText, fc.constantFrom('1', '5', '6', 'both', 'citizen', 'under_consideration', 'planned', 'GM0344')),
          ),
          { maxLength: 6 },
        ),
        async (f, pairs) => {
          const before = await state();
          const payload = new URLSearchParams([['_csrf', f.as.token], ...pairs]).toString();
          const res = await t.request({
            method: 'POST',
            url: f.url(),
            headers: { cookie: f.as.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload,
          });
          expect(res.statusCode, `${f.url()} ${payload}`).toBeLessThan(500);
          if (res.statusCode === 303) outcomes.redirected += 1;
          else {
            outcomes.refused += 1;
            expect([400, 404, 409]).toContain(res.statusCode);
            expect(res.headers['content-type']).toMatch(/^text\/html/);
            expect(await state()).toEqual(before);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(outcomes.redirected).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
