// The JSON API of service designers over HTTP: who may call what, problem+json answers, and bad
// input that never gives a 5xx and never stores anything.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { findDescription, findService } from '../store.ts';
import {
  collectorDraftMissing,
  completingChanges,
  officialLogin,
  personLogin,
  products,
  rowCounts,
  seedServices,
  serviceId,
  snapshot,
  withManageRoutes,
} from './test-fixtures.ts';

let t: TestApp;
const cookie = { designer: '', otherDesigner: '', caseHandler: '', citizen: '' };
const ids = { collector: '', passport: '', welfare: '', otherCollector: '' };
const api = (code: string, id?: string, tail = '') => `/api/v1/organisations/${code}/services${id ? `/${id}${tail}` : ''}`;

beforeAll(async () => {
  t = await withManageRoutes(await createTestApp({ clock: '2026-11-29T10:00:00Z', config: { LOKET_BODY_LIMIT: '65536' } }));
  await seedServices(t.ctx);
  ids.collector = await serviceId(t.ctx, 'GM0363', products.collector);
  ids.passport = await serviceId(t.ctx, 'GM0363', products.passport);
  ids.welfare = await serviceId(t.ctx, 'GM0363', products.welfare);
  ids.otherCollector = await serviceId(t.ctx, 'GM0599', products.collector);
  cookie.designer = await t.loginAs(officialLogin('GM0363', ['service_designer']));
  cookie.otherDesigner = await t.loginAs(officialLogin('GM0599', ['service_designer']));
  cookie.caseHandler = await t.loginAs(officialLogin('GM0363', ['case_handler']));
  cookie.citizen = await t.loginAs(personLogin);
});
afterAll(() => t.close());

type Json = Record<string, unknown>;

async function call(method: 'GET' | 'PUT' | 'POST', url: string, who: string, payload?: unknown) {
  const res = await t.request({
    method,
    url,
    headers: {
      accept: 'application/json',
      ...(who ? { cookie: who } : {}),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  return { status: res.statusCode, body: res.json<Json>(), type: String(res.headers['content-type']) };
}

const invalid = (body: Json): string[] =>
  ((body['invalidParams'] ?? []) as { name: string; code: string }[]).map((p) => `${p.name}:${p.code}`).sort();

describe('GET /api/v1/organisations/{code}/services', () => {
  it('lists the designer’s own services, paged, with what is missing and links', async () => {
    const r = await call('GET', `${api('GM0363')}?pageSize=2&page=2`, cookie.designer);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    const items = r.body['items'] as Json[];
    expect(items.map((i) => i['title'])).toEqual(['Aanwijzing inzamelaar', 'Bijstand']);
    expect(items[0]).toMatchObject({
      id: ids.collector,
      status: 'draft',
      complete: false,
      missing: [...collectorDraftMissing],
      missingCount: 7,
      _links: {
        self: { href: `/api/v1/organisations/GM0363/services/${ids.collector}` },
        manage: { href: `/beheer/diensten/${ids.collector}` },
      },
    });
    expect(r.body['_links']).toEqual({
      self: { href: '/api/v1/organisations/GM0363/services?page=2&pageSize=2' },
      next: { href: '/api/v1/organisations/GM0363/services?page=3&pageSize=2' },
      prev: { href: '/api/v1/organisations/GM0363/services?page=1&pageSize=2' },
    });
  });

  it('filters by status, completeness and words in the title', async () => {
    const incomplete = await call('GET', `${api('GM0363')}?completeness=incomplete&status=draft&q=paspoort`, cookie.designer);
    expect(incomplete.status).toBe(200);
    expect((incomplete.body['items'] as Json[]).map((i) => i['id'])).toEqual([ids.passport]);
    expect((await call('GET', `${api('GM0363')}?completeness=complete`, cookie.designer)).body['total']).toBe(0);
    expect((await call('GET', `${api('GM0363')}?status=published`, cookie.designer)).body['total']).toBe(0);
  });

  it('answers 401 to nobody, 403 to other roles, citizens and a designer of another organisation', async () => {
    const nobody = await call('GET', api('GM0363'), '');
    expect(nobody.status).toBe(401);
    expect(nobody.type).toMatch(/^application\/problem\+json/);
    expect((await call('GET', api('GM0363'), cookie.caseHandler)).status).toBe(403);
    expect((await call('GET', api('GM0363'), cookie.citizen)).status).toBe(403);
    const other = await call('GET', api('GM0363'), cookie.otherDesigner);
    expect(other.status).toBe(403);
    expect(other.body['code']).toBe('catalog.other_organisation');
  });

  it('answers bad query parameters with a 400 listing each of them', async () => {
    const r = await call('GET', `${api('GM0363')}?status=gone&completeness=half&pageSize=1000&page=0`, cookie.designer);
    expect(r.status).toBe(400);
    expect(invalid(r.body).map((p) => p.split(':')[0])).toEqual(['query.completeness', 'query.page', 'query.pageSize', 'query.status']);
  });
});

describe('PUT /api/v1/organisations/{code}/services/{id}/description', () => {
  it('changes the description on the version given, and answers with the new state', async () => {
    const r = await call('PUT', api('GM0363', ids.passport, '/description'), cookie.designer, {
      version: 1,
      contact: 'Bel 14 020',
      costs: [],
      localText: 'Neem een pasfoto mee.',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: ids.passport,
      organisationCode: 'GM0363',
      status: 'draft',
      localText: 'Neem een pasfoto mee.',
      changed: ['costs', 'contact', 'localText'],
      description: { version: 2, contact: 'Bel 14 020', costs: [] },
      actions: ['publish'],
      _links: { page: { href: `/diensten/GM0363/${ids.passport}` }, manage: { href: `/beheer/diensten/${ids.passport}` } },
    });
    expect((r.body['completeness'] as Json)['missing']).not.toContain('costs');
    expect((await findDescription(t.database.db, 'GM0363', ids.passport))?.version).toBe(2);
  });

  it('answers a stale version with 409 catalog.version_conflict and stores nothing', async () => {
    const before = await rowCounts(t.database);
    const r = await call('PUT', api('GM0363', ids.passport, '/description'), cookie.designer, { version: 1, contact: 'Oud' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'catalog.version_conflict', status: 409 });
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(await rowCounts(t.database)).toEqual(before);
  });

  it('lists every invalid field in one 400, named as in the body', async () => {
    const before = await rowCounts(t.database);
    const r = await call('PUT', api('GM0363', ids.welfare, '/description'), cookie.designer, {
      result: 5,
      responsibleOrganisationCode: 'GM9999',
      costs: [{ label: 'Leges', amountCents: 12.5, validFrom: '2026-01-01', validUntil: '2025-01-01' }],
      channels: [{ kind: 'online', address: 'geen url' }],
      statutoryDecisionTermWeeks: 0,
      title: 'Nieuwe titel',
    });
    expect(r.status).toBe(400);
    expect(r.body['code']).toBe('catalog.invalid_input');
    expect(invalid(r.body)).toEqual(
      [
        'body.result:catalog.invalid_value',
        'body.responsibleOrganisationCode:catalog.unknown_organisation',
        'body.costs.0.amountCents:catalog.invalid_amount',
        'body.costs.0.validUntil:catalog.end_before_start',
        'body.channels.0.address:catalog.invalid_url',
        'body.statutoryDecisionTermWeeks:catalog.decision_term_invalid',
        'body.title:catalog.unknown_field',
        'body.version:catalog.required',
      ].sort(),
    );
    expect(await rowCounts(t.database)).toEqual(before);
  });

  it('answers 404 for another organisation’s service, an unknown id and another organisation in the path', async () => {
    const unknown = await call('PUT', api('GM0363', '01900000-0000-7000-8000-0000000000ff', '/description'), cookie.designer, {
      version: 1,
    });
    const other = await call('PUT', api('GM0363', ids.otherCollector, '/description'), cookie.designer, { version: 1 });
    const otherPath = await call('PUT', api('GM0599', ids.otherCollector, '/description'), cookie.designer, { version: 1 });
    const notUuid = await call('PUT', api('GM0363', 'abc', '/description'), cookie.designer, { version: 1 });
    for (const r of [unknown, other, otherPath, notUuid]) {
      expect(r.status).toBe(404);
      expect(r.body['code']).toBe('catalog.service_not_found');
    }
    expect(other.body['detail']).toBe(unknown.body['detail']);
  });

  it('answers 401 to nobody and 403 to other roles before reading the body', async () => {
    expect((await call('PUT', api('GM0363', ids.welfare, '/description'), '', { version: 1 })).status).toBe(401);
    expect((await call('PUT', api('GM0363', ids.welfare, '/description'), cookie.caseHandler, { version: 1 })).status).toBe(403);
    expect((await call('PUT', api('GM0363', ids.welfare, '/description'), cookie.citizen, { version: 1 })).status).toBe(403);
  });
});

describe('POST …/_publish, _retire and _reopen', () => {
  it('refuses to publish an incomplete description with 409 and the missing elements', async () => {
    const before = await rowCounts(t.database);
    const r = await call('POST', api('GM0363', ids.collector, '/_publish'), cookie.designer);
    expect(r.status).toBe(409);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'catalog.description_incomplete', missing: [...collectorDraftMissing], problems: [] });
    expect(await rowCounts(t.database)).toEqual(before);
  });

  it('publishes once complete, retires and reopens; each a step of the state machine', async () => {
    const put = await call('PUT', api('GM0363', ids.collector, '/description'), cookie.designer, { version: 1, ...completingChanges });
    expect(put.status).toBe(200);
    expect(put.body['completeness']).toEqual({ complete: true, missing: [], problems: [] });
    const published = await call('POST', api('GM0363', ids.collector, '/_publish'), cookie.designer);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', actions: ['retire'] });
    const again = await call('POST', api('GM0363', ids.collector, '/_publish'), cookie.designer);
    expect(again.status).toBe(409);
    expect(again.body['code']).toBe('catalog.invalid_transition');
    const incomplete = await call('PUT', api('GM0363', ids.collector, '/description'), cookie.designer, { version: 2, channels: [] });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body).toMatchObject({ code: 'catalog.description_incomplete', missing: ['channels'] });
    expect((await call('POST', api('GM0363', ids.collector, '/_retire'), cookie.designer)).body['status']).toBe('retired');
    expect((await call('POST', api('GM0363', ids.collector, '/_reopen'), cookie.designer)).body).toMatchObject({
      status: 'draft',
      actions: ['publish'],
    });
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('draft');
  });

  it('answers 401, 403 and 404 like the other routes', async () => {
    for (const action of ['_publish', '_retire', '_reopen']) {
      expect((await call('POST', api('GM0363', ids.welfare, `/${action}`), '')).status, action).toBe(401);
      expect((await call('POST', api('GM0363', ids.welfare, `/${action}`), cookie.caseHandler)).status, action).toBe(403);
      const other = await call('POST', api('GM0599', ids.otherCollector, `/${action}`), cookie.designer);
      expect(other.status, action).toBe(404);
      expect(other.body['code']).toBe('catalog.service_not_found');
    }
  });
});

describe('bad input', () => {
  const fields = [
    'result',
    'responsibleOrganisationCode',
    'legalBases',
    'costs',
    'channels',
    'levelOfAssurance',
    'statutoryDecisionTermWeeks',
    'silenceConsentApplies',
    'dwangsomApplies',
    'mandatable',
    'serviceLevels',
    'audience',
    'localText',
    'version',
  ];

  it('random bodies never give a 5xx, and a refused change stores nothing (property)', async () => {
    const outcomes = { changed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 1, arbitrary: fc.jsonValue() },
          {
            weight: 3,
            arbitrary: fc
              .record({ field: fc.constantFrom(...fields), value: fc.jsonValue(), contact: fc.string({ maxLength: 20 }) })
              .map(({ field, value, contact }) => ({ contact, [field]: value })),
          },
        ),
        async (body) => {
          const current = (await findDescription(t.database.db, 'GM0363', ids.welfare))?.version ?? 1;
          const payload =
            typeof body === 'object' && body !== null && !Array.isArray(body) && !('version' in body)
              ? { ...body, version: current }
              : body;
          const before = await rowCounts(t.database);
          const snap = await snapshot(t.database, 'GM0363');
          const r = await call('PUT', api('GM0363', ids.welfare, '/description'), cookie.designer, payload);
          expect(r.status, JSON.stringify(payload)).toBeLessThan(500);
          if (r.status === 200) outcomes.changed += 1;
          else {
            outcomes.refused += 1;
            expect([400, 409]).toContain(r.status);
            expect(r.type).toMatch(/^application\/problem\+json/);
            expect(await rowCounts(t.database)).toEqual(before);
            expect(await snapshot(t.database, 'GM0363')).toBe(snap);
          }
        },
      ),
      { numRuns: 150 },
    );
    // Both outcomes happen: the property is not only about refusals.
    expect(outcomes.changed).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('random codes and ids in the path never give a 5xx, and never a 2xx for what is not the designer’s (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('GM0363', 'GM0599', 'gm0363', 'MIN-BZK', '..', '%00'), fc.string({ maxLength: 25 })),
        fc.oneof(
          fc.constantFrom(ids.collector, ids.otherCollector, '', 'null', '%', "1' or '1'='1"),
          fc.uuid(),
          fc.string({ maxLength: 70 }),
        ),
        fc.constantFrom('/_publish', '/_retire', '/_reopen', '/description'),
        async (code, id, tail) => {
          const url = api(encodeURIComponent(code), encodeURIComponent(id), tail);
          const r =
            tail === '/description'
              ? await call('PUT', url, cookie.designer, { version: 999 })
              : await call('POST', url, cookie.otherDesigner);
          expect(r.status, url).toBeLessThan(500);
          expect(r.status, url).not.toBe(200);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a body that is not JSON (415) and an empty JSON body (400)', async () => {
    const form = await t.request({
      method: 'PUT',
      url: api('GM0363', ids.welfare, '/description'),
      headers: { cookie: cookie.designer, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'version=1',
    });
    expect(form.statusCode).toBe(415);
    const empty = await t.request({
      method: 'PUT',
      url: api('GM0363', ids.welfare, '/description'),
      headers: { cookie: cookie.designer, 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('every route', () => {
  it('declares access for service designers only', () => {
    const expected = [
      'GET /api/v1/organisations/:code/services',
      'PUT /api/v1/organisations/:code/services/:id/description',
      'POST /api/v1/organisations/:code/services/:id/_publish',
      'POST /api/v1/organisations/:code/services/:id/_retire',
      'POST /api/v1/organisations/:code/services/:id/_reopen',
    ];
    const mine = t.routes.filter((r) => expected.includes(`${r.method} ${r.url}`));
    expect(mine.map((r) => `${r.method} ${r.url}`).sort()).toEqual([...expected].sort());
    for (const r of mine) expect(r.access, `${r.method} ${r.url}`).toEqual({ roles: ['service_designer'] });
  });
});
