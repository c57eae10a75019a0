// Legal representation over time, with the app's clock fixed at chosen instants: a parent sees a
// minor child until the 18th birthday (a Dutch date: midnight in Europe/Amsterdam), a curator sees
// the ward until the ward dies.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { addAuthority, addCourtRegistration, addPerson, personLogin } from './test-fixtures.ts';

const parent = '999993653';
const child = '111222333'; // born 2008-11-30: 18 on 2026-11-30
const curator = '999992806';
const ward = '999995078'; // dies 2027-01-01

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

/** A fresh Loket whose clock stands still at `instant`, with the family and the ward. */
async function at(instant: string): Promise<TestApp> {
  const t = await createTestApp({ clock: instant });
  apps.push(t);
  await addPerson(t.database, { bsn: parent, birthDate: '1980-01-01' });
  await addPerson(t.database, { bsn: child, birthDate: '2008-11-30', givenNames: 'Bijna', surname: 'Volwassen' });
  await addAuthority(t.database, { childBsn: child, holderBsn: parent, validFrom: '2008-11-30' });
  await addPerson(t.database, { bsn: curator, birthDate: '1970-01-01' });
  await addPerson(t.database, { bsn: ward, birthDate: '1940-01-01', deathDate: '2027-01-01' });
  await addCourtRegistration(t.database, { personBsn: ward, representativeBsn: curator, kind: 'curatele', validFrom: '2020-01-01' });
  return t;
}

async function read(t: TestApp, who: string, whom: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await t.request({
    url: `/api/v1/persons/${whom}`,
    headers: { cookie: await t.loginAs(personLogin(who)), accept: 'application/json' },
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

describe('a parent and a child turning 18', () => {
  it('sees the child one second before midnight (Amsterdam) of the 18th birthday', async () => {
    const t = await at('2026-11-29T22:59:59Z');
    const res = await read(t, parent, child);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessBasis: 'gezag', age: 17, minor: true });
    const reps = await t.request({
      url: `/api/v1/persons/${child}/representatives`,
      headers: { cookie: await t.loginAs(personLogin(child)), accept: 'application/json' },
    });
    expect(reps.json<{ items: { basis: string; validTo: string }[] }>().items).toMatchObject([{ basis: 'gezag', validTo: '2026-11-30' }]);
  });

  it('no longer sees the child from midnight (Amsterdam), though 23:00 UTC is still the 29th in UTC', async () => {
    const t = await at('2026-11-29T23:00:00Z');
    expect((await read(t, parent, child)).status).toBe(404);
    // The now adult child still sees their own record, and has no representative left.
    expect((await read(t, child, child)).body).toMatchObject({ age: 18, minor: false, accessBasis: 'self' });
    const reps = await t.request({
      url: `/api/v1/persons/${child}/representatives`,
      headers: { cookie: await t.loginAs(personLogin(child)), accept: 'application/json' },
    });
    expect(reps.json<{ items: unknown[] }>().items).toEqual([]);
    const represented = await t.request({
      url: `/api/v1/persons/${parent}/represented`,
      headers: { cookie: await t.loginAs(personLogin(parent)), accept: 'application/json' },
    });
    expect(represented.json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('a curator and a ward who dies', () => {
  it('sees the ward while alive, not after the death', async () => {
    const alive = await at('2026-12-31T12:00:00Z');
    expect((await read(alive, curator, ward)).body).toMatchObject({ accessBasis: 'curatele' });
    const after = await at('2027-01-01T12:00:00Z');
    expect((await read(after, curator, ward)).status).toBe(404);
  });
});
