// The offers API and pages in the whole app (createTestApp, LOKET_TEST_DB=sqlite|postgres): who may
// call what, another person's offer is 404, accept leads to the prefilled application, the
// settings, CSRF on the forms, and bad input (fast-check) never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { parseUplCsv } from '../../catalog/model.ts';
import { shippedUplFile } from '../../catalog/reference.ts';
import { generateCatalog, importUpl } from '../../catalog/service.ts';
import { createPerson, registerAuthority } from '../../registry/people/service.ts';
import { addBusiness, addPerson, amsterdam, bsnSeries } from '../../registry/people/test-fixtures.ts';
import { addOwnedBusiness, personPrincipal, seedCatalog } from '../test-fixtures.ts';
import { OffersSection, openOffers, offerPaths } from './pages.tsx';
import { administrator, offerProducts, registryOrigin } from './test-fixtures.ts';

let t: TestApp;
const [parentA = '', parentB = '', parentC = '', stranger = '', childA = '', childB = '', childC = '', businessOwner = ''] = bsnSeries(
  41_000_000,
  8,
);
const cookies: Record<string, string> = {};
const offerIds: Record<string, string> = {};

const person = (bsn: string): LoginIdentity => ({ kind: 'person', bsn, loa: 'substantial', name: `Burger ${bsn.slice(-3)}` });

beforeAll(async () => {
  // A past day, so the Dispatcher (on the real clock) finds the events due.
  t = await createTestApp({ clock: '2026-11-23T10:00:00Z' });
  await seedCatalog(t.ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, offerProducts);
  for (const [bsn, birthDate] of [
    [parentA, '1990-01-01'],
    [parentB, '1991-01-01'],
    [parentC, '1992-01-01'],
    [stranger, '1980-01-01'],
    [childA, '2026-11-20'],
    [childB, '2026-11-21'],
    [childC, '2026-11-22'],
  ] as const) {
    const r = await createPerson(
      t.ctx,
      administrator,
      { bsn, givenNames: 'Test', surname: 'Persoon', birthDate, address: amsterdam },
      registryOrigin,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
  }
  for (const [child, holder] of [
    [childA, parentA],
    [childB, parentB],
    [childC, parentC],
  ] as const) {
    const r = await registerAuthority(
      t.ctx,
      administrator,
      { childBsn: child, holderBsn: holder, kind: 'parent', validFrom: '2026-11-22' },
      registryOrigin,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
  }
  while ((await t.dispatcher.runOnce()) > 0);
  for (const bsn of [parentA, parentB, parentC, stranger]) cookies[bsn] = await t.loginAs(person(bsn));
  cookies['official'] = await t.loginAs({
    kind: 'official',
    officialId: '01900000-0000-7000-8000-0000000000cc',
    organisationCode: 'GM0363',
    roles: ['case_handler'],
    loa: 'substantial',
    name: 'Medewerker',
  });
  // A business, logged in by its owner (the mandates engine checks the owner may act for it).
  cookies['business'] = await t.loginAs(await addOwnedBusiness(t.database, { addPerson, addBusiness }, '12345678', businessOwner));
  for (const bsn of [parentA, parentB, parentC]) {
    const [offer] = await openOffers(t.ctx, personPrincipal(bsn));
    if (!offer) throw new Error(`no offer for ${bsn}`);
    offerIds[bsn] = offer.id;
  }
}, 120_000);
afterAll(() => t.close());

function api(method: 'GET' | 'POST' | 'PUT', url: string, who: string | null, body?: unknown) {
  return t.request({
    method,
    url,
    headers: {
      accept: 'application/json',
      ...(who ? { cookie: cookies[who] ?? '' } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> },
  status: number,
  code?: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (code) expect(res.json()['code']).toBe(code);
}

describe('GET /api/v1/offers', () => {
  it('is in the OpenAPI document, with its schemas', async () => {
    const res = await t.request({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>();
    for (const path of [
      '/api/v1/offers',
      '/api/v1/offers/settings',
      '/api/v1/offers/{id}',
      '/api/v1/offers/{id}/_accept',
      '/api/v1/offers/{id}/_decline',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Offer', 'OfferList', 'OfferSettings', 'AcceptedOffer']));
  });

  it('lists my open offers with the reason, the rule and its source', async () => {
    const res = await api('GET', '/api/v1/offers', parentA);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: Record<string, unknown>[]; total: number }>();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      id: offerIds[parentA],
      ruleId: 'geboorte-kinderbijslag',
      status: 'offered',
      kind: { id: 'kinderen', name: { nl: 'Kinderen en gezin' } },
      service: { uplUri: 'http://standaarden.overheid.nl/owms/terms/kinderbijslag', available: true },
    });
    expect(JSON.stringify(body.items[0])).toContain('wetten.overheid.nl');
    expect((await api('GET', '/api/v1/offers', stranger)).json()).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    expect((await api('GET', '/api/v1/offers', 'business')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('401 without login, 403 for officials, 400 for a bad query; all problem+json', async () => {
    expectProblem(await api('GET', '/api/v1/offers', null), 401, 'auth.login_required');
    expectProblem(await api('GET', '/api/v1/offers', 'official'), 403, 'auth.forbidden');
    expectProblem(await api('GET', '/api/v1/offers?status=open', parentA), 400);
    expectProblem(await api('GET', '/api/v1/offers?forged=1', parentA), 400);
  });
});

describe('one offer, accept and decline', () => {
  it("another person's offer is 404, as if unknown (read, accept, decline)", async () => {
    const id = offerIds[parentA]!;
    expectProblem(await api('GET', `/api/v1/offers/${id}`, stranger), 404, 'delivery.offer_not_found');
    expectProblem(await api('POST', `/api/v1/offers/${id}/_accept`, stranger), 404, 'delivery.offer_not_found');
    expectProblem(await api('POST', `/api/v1/offers/${id}/_decline`, parentB), 404, 'delivery.offer_not_found');
    expectProblem(await api('GET', '/api/v1/offers/01900000-0000-7000-8000-000000000000', parentA), 404);
    expect((await api('GET', `/api/v1/offers/${id}`, parentA)).statusCode).toBe(200);
  });

  it('accept answers with the prefilled application; declining it then is 409', async () => {
    const id = offerIds[parentA]!;
    const res = await api('POST', `/api/v1/offers/${id}/_accept`, parentA);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      applicationUrl: string;
      offer: { status: string; service: { organisationCode: string; serviceId: string } };
    }>();
    expect(body.offer.status).toBe('accepted');
    expect(body.applicationUrl).toBe(
      `/diensten/${body.offer.service.organisationCode}/${body.offer.service.serviceId}/aanvragen?aanbod=${id}`,
    );
    expect((await api('POST', `/api/v1/offers/${id}/_accept`, parentA)).json()).toMatchObject({ applicationUrl: body.applicationUrl });
    expectProblem(await api('POST', `/api/v1/offers/${id}/_decline`, parentA), 409, 'delivery.offer_already_decided');
    expect((await api('GET', '/api/v1/offers?status=accepted', parentA)).json()).toMatchObject({ total: 1 });
  });

  it('decline: gone from the open list', async () => {
    const id = offerIds[parentB]!;
    const res = await api('POST', `/api/v1/offers/${id}/_decline`, parentB);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'declined' });
    expect((await api('GET', '/api/v1/offers', parentB)).json()).toMatchObject({ total: 0 });
  });
});

describe('GET and PUT /api/v1/offers/settings', () => {
  it('sets the kinds I do not want; 400 for an unknown kind or a forged field', async () => {
    const before = (await api('GET', '/api/v1/offers/settings', stranger)).json<{ kinds: { id: string; optedOut: boolean }[] }>();
    expect(before.kinds.map((k) => [k.id, k.optedOut])).toEqual([
      ['kinderen', false],
      ['werk', false],
      ['levensfase', false],
    ]);
    const put = await api('PUT', '/api/v1/offers/settings', stranger, { optedOut: ['werk'] });
    expect(put.statusCode).toBe(200);
    expect(
      put
        .json<{ kinds: { id: string; optedOut: boolean }[] }>()
        .kinds.filter((k) => k.optedOut)
        .map((k) => k.id),
    ).toEqual(['werk']);
    const unknown = await api('PUT', '/api/v1/offers/settings', stranger, { optedOut: ['onbekend'] });
    expectProblem(unknown, 400, 'delivery.invalid_offer_kinds');
    expect(unknown.json<{ invalidParams: { name: string }[] }>().invalidParams.map((p) => p.name)).toEqual(['body.optedOut']);
    expectProblem(await api('PUT', '/api/v1/offers/settings', stranger, { optedOut: [], forged: true }), 400);
    expectProblem(await api('PUT', '/api/v1/offers/settings', null, { optedOut: [] }), 401);
    expect((await api('GET', '/api/v1/offers/settings', stranger)).json()).toEqual(put.json());
  });

  it('property: no body, query or id gives a 5xx; bad settings are 400 and change nothing', async () => {
    const settingsBefore = (await api('GET', '/api/v1/offers/settings', parentC)).body;
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ optedOut: fc.jsonValue() }),
      fc.record({
        optedOut: fc.array(fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('kinderen', 'werk', 'levensfase', '__proto__'))),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await api('PUT', '/api/v1/offers/settings', parentC, b);
        expect(res.statusCode, JSON.stringify(b)).toBeLessThan(500);
        if (res.statusCode === 200) await api('PUT', '/api/v1/offers/settings', parentC, { optedOut: [] });
        else expect(res.statusCode).toBe(400);
      }),
      { numRuns: 150 },
    );
    expect((await api('GET', '/api/v1/offers/settings', parentC)).body).toBe(settingsBefore);
    const id = fc.oneof(fc.string({ maxLength: 120 }), fc.uuid(), fc.constantFrom(offerIds[parentA] ?? '', 'settings', '..', '%00'));
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom('', '/_accept', '/_decline'), async (raw, action) => {
        const url = `/api/v1/offers/${encodeURIComponent(raw)}${action}`;
        const res = await api(action === '' ? 'GET' : 'POST', url, parentC);
        expect(res.statusCode, url).toBeLessThan(500);
        if (raw !== 'settings' || action !== '') expect([400, 404, 405]).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('status', 'limit', 'offset', 'x'), fc.string({ maxLength: 12 })), async (q) => {
        const res = await api('GET', `/api/v1/offers?${new URLSearchParams(q).toString()}`, parentC);
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 100 },
    );
    // Still there, still open.
    expect((await api('GET', '/api/v1/offers', parentC)).json()).toMatchObject({ total: 1 });
  });
});

/** A page with a form: its CSRF token and the cookies that go with it. */
async function form(url: string, who: string): Promise<{ cookie: string; token: string; body: string; status: number }> {
  const res = await t.request({ url, headers: { cookie: cookies[who] ?? '' } });
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  return { cookie: [cookies[who] ?? '', ...set].filter(Boolean).join('; '), token, body: res.body, status: res.statusCode };
}

function post(url: string, f: { cookie: string; token: string }, payload: string) {
  return t.request({
    method: 'POST',
    url,
    headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(f.token)}${payload ? `&${payload}` : ''}`,
  });
}

describe('pages', () => {
  it('the offer page: what, why with the source, and Yes / No thanks forms; accepting leads to the application', async () => {
    const id = offerIds[parentC]!;
    const page = await form(offerPaths.offer(id), parentC);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Gefeliciteerd met uw kind!');
    expect(page.body).toContain('Algemene Kinderbijslagwet, artikel 7');
    expect(page.body).toContain(`action="${offerPaths.accept(id)}"`);
    expect(page.body).toContain(`action="${offerPaths.decline(id)}"`);
    expect(page.token).not.toBe('');
    // Without a CSRF token: refused, nothing changed.
    expect((await post(offerPaths.accept(id), { cookie: page.cookie, token: 'forged' }, '')).statusCode).toBe(403);
    expect((await api('GET', `/api/v1/offers/${id}`, parentC)).json()).toMatchObject({ status: 'offered' });
    const accepted = await post(offerPaths.accept(id), page, '');
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers['location']).toMatch(new RegExp(`^/diensten/[^/]+/[0-9a-f-]{36}/aanvragen\\?aanbod=${id}$`));
    const after = await t.request({ url: offerPaths.offer(id), headers: { cookie: cookies[parentC] ?? '' } });
    expect(after.body).toContain('U hebt dit aanbod aangenomen.');
    expect(after.body).toContain(String(accepted.headers['location']).replace(/&/g, '&amp;'));
    expect(after.body).not.toContain(`action="${offerPaths.accept(id)}"`);
  });

  it("another person's offer page is 404; officials are refused; declined offers say so", async () => {
    const other = await t.request({ url: offerPaths.offer(offerIds[parentC]!), headers: { cookie: cookies[stranger] ?? '' } });
    expect(other.statusCode).toBe(404);
    const official = await t.request({ url: offerPaths.offer(offerIds[parentC]!), headers: { cookie: cookies['official'] ?? '' } });
    expect(official.statusCode).toBe(403);
    const declined = await t.request({ url: offerPaths.offer(offerIds[parentB]!), headers: { cookie: cookies[parentB] ?? '' } });
    expect(declined.body).toContain('U hebt nee gezegd tegen dit aanbod.');
  });

  it('the settings page: a checkbox per kind; unticking opts out; an unknown kind shows the error summary', async () => {
    const page = await form(offerPaths.settings, parentA);
    expect(page.status).toBe(200);
    for (const kind of ['kinderen', 'werk', 'levensfase'])
      expect(page.body).toMatch(new RegExp(`id="soort-${kind}" value="${kind}" checked`));
    const saved = await post(offerPaths.settings, page, 'soort=kinderen&soort=levensfase');
    expect(saved.statusCode).toBe(303);
    expect(saved.headers['location']).toBe(`${offerPaths.settings}?opgeslagen=1`);
    const again = await form(`${offerPaths.settings}?opgeslagen=1`, parentA);
    expect(again.body).toContain('Uw keuze is opgeslagen.');
    expect(again.body).toMatch(/id="soort-werk" value="werk"(?! checked)/);
    const settings = (await api('GET', '/api/v1/offers/settings', parentA)).json<{ kinds: { id: string; optedOut: boolean }[] }>();
    expect(settings.kinds.filter((k) => k.optedOut).map((k) => k.id)).toEqual(['werk']);
    const bad = await post(offerPaths.settings, again, 'soort=onbekend');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Kies alleen uit de soorten aanbod op deze pagina.');
    expect(bad.body).toContain('href="#soorten"');
    // Nothing ticked: no offers of any kind.
    expect((await post(offerPaths.settings, again, '')).statusCode).toBe(303);
    expect(
      (await api('GET', '/api/v1/offers/settings', parentA)).json<{ kinds: { optedOut: boolean }[] }>().kinds.every((k) => k.optedOut),
    ).toBe(true);
  });

  it('OffersSection lists open offers with the reason and a link; nothing without offers', async () => {
    const fresh = bsnSeries(41_500_000, 2);
    const [holder = '', baby = ''] = fresh;
    await createPerson(
      t.ctx,
      administrator,
      { bsn: holder, givenNames: 'Ouder', surname: 'Nieuw', birthDate: '1995-01-01', address: amsterdam },
      registryOrigin,
    );
    await createPerson(t.ctx, administrator, { bsn: baby, givenNames: 'Baby', surname: 'Nieuw', birthDate: '2026-11-22' }, registryOrigin);
    await registerAuthority(
      t.ctx,
      administrator,
      { childBsn: baby, holderBsn: holder, kind: 'parent', validFrom: '2026-11-22' },
      registryOrigin,
    );
    while ((await t.dispatcher.runOnce()) > 0);
    const offers = await openOffers(t.ctx, personPrincipal(holder));
    expect(offers).toHaveLength(1);
    const html = await OffersSection({ offers, lang: 'nl' });
    expect(html).toContain('Aanbod voor u');
    expect(html).toContain(`href="${offerPaths.offer(offers[0]!.id)}"`);
    expect(html).toContain('Met kinderbijslag krijgt u elk kwartaal geld');
    expect(html).toContain(`href="${offerPaths.settings}"`);
    expect(await OffersSection({ offers, lang: 'en' })).toContain('Offers for you');
    expect(await OffersSection({ offers: [], lang: 'nl' })).toBe('');
    expect(await openOffers(t.ctx, { kind: 'anonymous' })).toEqual([]);
  });
});
