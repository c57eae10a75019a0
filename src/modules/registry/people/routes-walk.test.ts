// One table-driven walk over EVERY route of the app (t.routes), as nobody, as a citizen, as a
// business and as an official of each role: no non-public route answers 2xx to nobody, no route
// answers outside its declared access, and no route shows a citizen another person's data
// without a legal basis (or a business another business's record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAccess, roles, type LoginIdentity, type Principal } from '../../../platform/auth/index.ts';
import type { DeclaredRoute } from '../../../platform/http/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { addAuthority, addBusiness, addOfficial, addPerson, businessLogin, officialLogin, personLogin } from './test-fixtures.ts';

const me = '999993653'; // the citizen walking
const myChild = '111222333'; // under my authority
const other = '123456782'; // nothing to do with me
const ownKvk = '12345678';
const otherKvk = '87654321';

interface Walker {
  label: string;
  identity: LoginIdentity | null;
  cookie: string;
  principal: Principal;
}

let t: TestApp;
let walkers: Walker[] = [];
let otherOfficialId = '';

/** A concrete URL for a route, with the ids of data the walker has no right to. */
function concrete(url: string): string {
  return url
    .replace(':bsn', other)
    .replace(':kvkNumber', otherKvk)
    .replace(':id', otherOfficialId)
    .replace(':code', 'GM0363')
    .replace(':lang', 'nl')
    .replace(':name', 'loket.css')
    .replace('*', 'x');
}

const isPersonRoute = (r: DeclaredRoute): boolean => r.url.includes('/persons') || r.url.startsWith('/personen');

async function call(r: DeclaredRoute, url: string, cookie: string, bsn: string) {
  const api = url.startsWith('/api/');
  const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html', ...(cookie ? { cookie } : {}) };
  if (r.method === 'GET' || r.method === 'DELETE') return t.request({ method: r.method, url, headers });
  return api
    ? t.request({
        method: r.method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ bsn }),
      })
    : t.request({
        method: r.method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `bsn=${bsn}`,
      });
}

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  await addPerson(t.database, { bsn: me, birthDate: '1980-01-01' });
  await addPerson(t.database, { bsn: myChild, birthDate: '2015-01-01' });
  await addPerson(t.database, { bsn: other, birthDate: '1970-01-01' });
  await addAuthority(t.database, { childBsn: myChild, holderBsn: me, validFrom: '2015-01-01' });
  await addBusiness(
    t.database,
    { kvkNumber: ownKvk },
    [],
    [{ personBsn: other, role: 'director', authority: 'sole', validFrom: '2020-01-01', validTo: null }],
  );
  await addBusiness(
    t.database,
    { kvkNumber: otherKvk },
    [],
    [{ personBsn: other, role: 'owner', authority: 'sole', validFrom: '2020-01-01', validTo: null }],
  );
  otherOfficialId = (await addOfficial(t.database, { organisationCode: 'GM0599', roles: ['administrator'] })).id;
  const identities: [string, LoginIdentity | null][] = [
    ['nobody', null],
    ['citizen', personLogin(me)],
    ['business', businessLogin(ownKvk)],
    ...roles.map((role): [string, LoginIdentity] => [
      `official:${role}`,
      officialLogin({ id: '01900000-0000-7000-8000-000000000000', organisationCode: 'GM0363', roles: [role], name: 'A' }),
    ]),
  ];
  walkers = [];
  for (const [label, identity] of identities) {
    const cookie = identity ? await t.loginAs(identity) : '';
    walkers.push({ label, identity, cookie, principal: identity ? { ...identity, sessionId: 's' } : { kind: 'anonymous' } });
  }
});
afterAll(() => t.close());

describe('every route of the app, as every kind of user', () => {
  it('covers the routes of this issue', () => {
    const urls = t.routes.map((r) => `${r.method} ${r.url}`);
    for (const u of [
      'GET /api/v1/persons/:bsn',
      'POST /api/v1/persons/_zoek',
      'GET /api/v1/persons/:bsn/representatives',
      'GET /api/v1/persons/:bsn/represented',
      'GET /api/v1/businesses/:kvkNumber',
      'GET /api/v1/officials',
      'GET /api/v1/officials/:id',
      'POST /api/v1/persons',
      'POST /api/v1/businesses',
      'POST /api/v1/officials',
      'GET /personen',
      'POST /personen',
      'GET /bedrijven',
      'GET /medewerkers',
      'GET /mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt',
    ]) {
      expect(urls).toContain(u);
    }
  });

  it('answers no non-public route with 2xx to nobody, and nothing outside its declared access; never 5xx', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const r of t.routes) {
      const url = concrete(r.url);
      for (const w of walkers) {
        const res = await call(r, url, w.cookie, other);
        calls += 1;
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const where = `${w.label} ${r.method} ${url} → ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`5xx: ${where}`);
        if (w.identity === null && r.access !== 'public' && ok) failures.push(`anonymous got 2xx: ${where}`);
        const decision = decideAccess(r.access, w.principal);
        if (decision !== 'allow' && ok) failures.push(`outside declared access: ${where}`);
        if (decision === 'unauthenticated' && r.url.startsWith('/api/') && ![400, 401].includes(res.statusCode))
          failures.push(`expected 401: ${where}`);
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(t.routes.length * walkers.length);
  });

  it('never shows a citizen or a business another person’s data without a legal basis: 404, as if unknown', async () => {
    const failures: string[] = [];
    for (const r of t.routes.filter(isPersonRoute)) {
      for (const w of walkers.filter((x) => x.identity?.kind === 'person' || x.identity?.kind === 'business')) {
        const url = concrete(r.url);
        const res = await call(r, url, w.cookie, other);
        if (res.statusCode >= 200 && res.statusCode < 300) failures.push(`${w.label} ${r.method} ${url} → ${res.statusCode}`);
        const apiRead = r.url.startsWith('/api/v1/persons/') && w.identity?.kind === 'person';
        if (apiRead && res.statusCode !== 404) failures.push(`expected 404: ${w.label} ${r.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never shows a business another business’s record (404), nor the officials of another organisation', async () => {
    const business = walkers.find((w) => w.label === 'business')!;
    expect(
      (await t.request({ url: `/api/v1/businesses/${otherKvk}`, headers: { cookie: business.cookie, accept: 'application/json' } }))
        .statusCode,
    ).toBe(404);
    for (const w of walkers) {
      const res = await t.request({
        url: `/api/v1/officials/${otherOfficialId}`,
        headers: { cookie: w.cookie, accept: 'application/json' },
      });
      expect(res.statusCode, w.label).not.toBe(200);
      const list = await t.request({
        url: '/api/v1/officials?organisation=GM0599',
        headers: { cookie: w.cookie, accept: 'application/json' },
      });
      expect(list.statusCode, w.label).not.toBe(200);
    }
  });

  it('does answer 200 where there is a basis (so the walk above is not trivially passing)', async () => {
    const citizen = walkers.find((w) => w.label === 'citizen')!;
    const business = walkers.find((w) => w.label === 'business')!;
    const get = (url: string, cookie: string) => t.request({ url, headers: { cookie, accept: 'application/json' } });
    for (const url of [
      `/api/v1/persons/${me}`,
      `/api/v1/persons/${me}/representatives`,
      `/api/v1/persons/${me}/represented`,
      `/api/v1/persons/${myChild}`,
      `/api/v1/persons/${myChild}/representatives`,
    ]) {
      expect((await get(url, citizen.cookie)).statusCode, url).toBe(200);
    }
    const search = await t.request({
      method: 'POST',
      url: '/api/v1/persons/_zoek',
      headers: { cookie: citizen.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ bsn: myChild }),
    });
    expect(search.statusCode).toBe(200);
    expect((await get(`/api/v1/businesses/${ownKvk}`, business.cookie)).statusCode).toBe(200);
    const handler = walkers.find((w) => w.label === 'official:case_handler')!;
    expect((await get(`/api/v1/persons/${other}`, handler.cookie)).statusCode).toBe(200);
  });
});
