// The registers of persons, businesses and officials through the API and the pages: who sees
// what (own data, legal representation, roles), the processing log, and the writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type LoginIdentity, type Role } from '../../../platform/auth/index.ts';
import { auditTrail } from '../../../platform/audit/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import type { Official } from './model.ts';
import {
  officialRoles,
  representedBy,
  setOfficialRoles,
  updateAddress,
  registerAuthority,
  registerCourtRegistration,
  addFunctionary,
} from './service.ts';
import { activityUri } from './service.ts';
import {
  addAuthority,
  addBusiness,
  addCourtRegistration,
  addOfficial,
  addPerson,
  amsterdam,
  bsnSeries,
  businessLogin,
  officialLogin,
  personLogin,
  rowCounts,
} from './test-fixtures.ts';

// Today is 2026-11-29 (Europe/Amsterdam).
const NOW = '2026-11-29T10:00:00Z';

const bsn = {
  parent: '999993653',
  otherParent: '999990019',
  child: '111222333', // born 2012, under the authority of both parents
  almostAdult: '123456782', // turns 18 tomorrow
  adultToday: '999991772', // turned 18 today
  deceasedChild: '999998456',
  curator: '999992806',
  ward: '999995078', // curatele
  bewindWard: '999990627', // beschermingsbewind
  mentorWard: '999996332', // mentorschap
  formerWard: '999993847', // curatele ended
  stranger: bsnSeries(10_000_000, 1)[0]!,
  functionary: bsnSeries(20_000_000, 1)[0]!,
  logged: bsnSeries(30_000_000, 1)[0]!,
};

const kvk = { own: '12345678', other: '87654321' };

let t: TestApp;
let staff: Record<Role, Official>;
let otherAdmin: Official;
const cookies = new Map<string, string>();

async function cookieFor(key: string, identity: LoginIdentity): Promise<string> {
  const known = cookies.get(key);
  if (known) return known;
  const made = await t.loginAs(identity);
  cookies.set(key, made);
  return made;
}
const asOfficial = (role: Role) => cookieFor(`official:${role}`, officialLogin(staff[role]));
const asPerson = (b: string, loa: 'low' | 'substantial' = 'substantial') => cookieFor(`person:${b}:${loa}`, personLogin(b, loa));
const asBusiness = (k: string) => cookieFor(`business:${k}`, businessLogin(k));

async function get(url: string, cookie?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await t.request({ url, headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

async function post(
  url: string,
  payload: unknown,
  cookie?: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const res = await t.request({
    method: 'POST',
    url,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

/** As an administrator of GM0363. */
const postAsAdmin = async (url: string, payload: unknown) => post(url, payload, await asOfficial('administrator'));

/** The invalid fields of a refusal, as `name` (or `name:code`), sorted. */
const invalidFields = (body: Record<string, unknown>, withCode = false): string[] =>
  (body['invalidParams'] as { name: string; code: string }[]).map((p) => (withCode ? `${p.name}:${p.code}` : p.name)).sort();

async function logRows() {
  return t.database.db.selectFrom('processing_log').selectAll().orderBy('start_time').orderBy('id').execute();
}

async function seedFamily(app: TestApp): Promise<void> {
  const db = app.database;
  await addPerson(db, { bsn: bsn.parent, birthDate: '1980-05-05', givenNames: 'Petra', surname: 'Ouder' });
  await addPerson(db, { bsn: bsn.otherParent, birthDate: '1979-03-03', givenNames: 'Paul', surname: 'Ouder' });
  await addPerson(db, { bsn: bsn.child, birthDate: '2012-03-01', givenNames: 'Kim', surname: 'Kind' });
  await addPerson(db, { bsn: bsn.almostAdult, birthDate: '2008-11-30', givenNames: 'Bijna', surname: 'Achttien' });
  await addPerson(db, { bsn: bsn.adultToday, birthDate: '2008-11-29', givenNames: 'Net', surname: 'Achttien' });
  await addPerson(db, {
    bsn: bsn.deceasedChild,
    birthDate: '2015-01-01',
    deathDate: '2026-01-10',
    givenNames: 'Overleden',
    surname: 'Kind',
  });
  for (const child of [bsn.child, bsn.almostAdult, bsn.adultToday, bsn.deceasedChild]) {
    const birth =
      child === bsn.child
        ? '2012-03-01'
        : child === bsn.almostAdult
          ? '2008-11-30'
          : child === bsn.adultToday
            ? '2008-11-29'
            : '2015-01-01';
    await addAuthority(db, { childBsn: child, holderBsn: bsn.parent, validFrom: birth });
  }
  await addAuthority(db, { childBsn: bsn.child, holderBsn: bsn.otherParent, validFrom: '2012-03-01' });
}

beforeAll(async () => {
  t = await createTestApp({ clock: NOW });
  await seedFamily(t);
  const db = t.database;
  await addPerson(db, { bsn: bsn.curator, birthDate: '1970-01-01', givenNames: 'Karel', surname: 'Curator' });
  await addPerson(db, { bsn: bsn.ward, birthDate: '1950-01-01', givenNames: 'Willem', surname: 'Wilsonbekwaam' });
  await addPerson(db, { bsn: bsn.bewindWard, birthDate: '1960-01-01', givenNames: 'Bea', surname: 'Bewind' });
  await addPerson(db, { bsn: bsn.mentorWard, birthDate: '1945-01-01', givenNames: 'Mia', surname: 'Mentor' });
  await addPerson(db, { bsn: bsn.formerWard, birthDate: '1955-01-01', givenNames: 'Vera', surname: 'Vroeger' });
  await addPerson(db, { bsn: bsn.stranger, birthDate: '1990-01-01', givenNames: 'Sam', surname: 'Vreemde' });
  await addPerson(db, { bsn: bsn.functionary, birthDate: '1975-01-01', givenNames: 'Frank', surname: 'Functionaris' });
  await addPerson(db, { bsn: bsn.logged, birthDate: '1985-01-01', givenNames: 'Lies', surname: 'Logboek' });
  await addCourtRegistration(db, { personBsn: bsn.ward, representativeBsn: bsn.curator, kind: 'curatele', validFrom: '2020-01-01' });
  await addCourtRegistration(db, {
    personBsn: bsn.bewindWard,
    representativeBsn: bsn.curator,
    kind: 'beschermingsbewind',
    validFrom: '2021-01-01',
  });
  await addCourtRegistration(db, {
    personBsn: bsn.mentorWard,
    representativeBsn: bsn.curator,
    kind: 'mentorschap',
    validFrom: '2022-01-01',
  });
  await addCourtRegistration(db, {
    personBsn: bsn.formerWard,
    representativeBsn: bsn.curator,
    kind: 'curatele',
    validFrom: '2015-01-01',
    validTo: '2025-01-01',
  });
  await addBusiness(
    db,
    { kvkNumber: kvk.own, name: 'Bakkerij De Korst B.V.' },
    [
      { branchNumber: '000012345678', name: 'Bakkerij De Korst', isMain: true, address: amsterdam },
      {
        branchNumber: '000012345679',
        name: 'De Korst Noord',
        isMain: false,
        address: { ...amsterdam, street: 'Noordweg', houseNumber: 7 },
      },
    ],
    [
      { personBsn: bsn.functionary, role: 'director', authority: 'sole', validFrom: '2020-01-01', validTo: null },
      { personBsn: bsn.parent, role: 'authorised_signatory', authority: 'limited', validFrom: '2021-01-01', validTo: null },
      { personBsn: bsn.stranger, role: 'board_member', authority: 'joint', validFrom: '2015-01-01', validTo: '2019-01-01' },
    ],
  );
  await addBusiness(db, { kvkNumber: kvk.other, name: 'Ander Bedrijf' });
  const entries = await Promise.all(
    roles.map(
      async (role) => [role, await addOfficial(db, { organisationCode: 'GM0363', roles: [role], name: `Ambtenaar ${role}` })] as const,
    ),
  );
  staff = Object.fromEntries(entries) as Record<Role, Official>;
  otherAdmin = await addOfficial(db, { organisationCode: 'GM0599', roles: ['administrator'], name: 'Beheerder Rotterdam' });
});
afterAll(() => t.close());

describe('GET /api/v1/persons/{bsn}', () => {
  it('answers 401 without login, 400 for a BSN failing the elfproef with a clear detail', async () => {
    expect((await get(`/api/v1/persons/${bsn.stranger}`)).status).toBe(401);
    const bad = await get('/api/v1/persons/123456789', await asOfficial('case_handler'));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'registry.invalid_bsn',
      status: 400,
      invalidParams: [{ name: 'params.bsn', code: 'registry.invalid_bsn' }],
    });
    expect(String(bad.body['detail'])).toContain('elfproef');
  });

  it('shows a citizen their own record, not logged as processing', async () => {
    const before = (await logRows()).length;
    const own = await get(`/api/v1/persons/${bsn.stranger}`, await asPerson(bsn.stranger));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      view: 'full',
      bsn: bsn.stranger,
      fullName: 'Sam Vreemde',
      accessBasis: 'self',
      minor: false,
      age: 36,
    });
    expect((await logRows()).length).toBe(before);
  });

  it('answers 404 for another person, exactly as for a BSN nobody has', async () => {
    const cookie = await asPerson(bsn.stranger);
    const other = await get(`/api/v1/persons/${bsn.parent}`, cookie);
    const nobody = await get(`/api/v1/persons/${bsnSeries(40_000_000, 1)[0]!}`, cookie);
    expect(other.status).toBe(404);
    expect(nobody.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(other.body)).toEqual(strip(nobody.body));
  });

  it('shows a parent their minor child (gezag) and logs it as the representative', async () => {
    const before = (await logRows()).length;
    const res = await get(`/api/v1/persons/${bsn.child}`, await asPerson(bsn.parent));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bsn: bsn.child, accessBasis: 'gezag', minor: true, age: 14 });
    const rows = (await logRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      processing_activity_id: activityUri('registry.person.view_as_representative'),
      organisation_code: null,
      data_subject_id_type: 'BSN',
      data_subject_id: t.ctx.processingLog.subjectHash({ id: bsn.child, type: 'BSN' }),
    });
  });

  it('shows the child until the day before the 18th birthday, and not from it', async () => {
    const parent = await asPerson(bsn.parent);
    expect((await get(`/api/v1/persons/${bsn.almostAdult}`, parent)).body).toMatchObject({ accessBasis: 'gezag', age: 17 });
    expect((await get(`/api/v1/persons/${bsn.adultToday}`, parent)).status).toBe(404);
    expect((await get(`/api/v1/persons/${bsn.deceasedChild}`, parent)).status).toBe(404);
  });

  it('asks a representative for a higher level of assurance, but not someone reading their own data', async () => {
    const low = await get(`/api/v1/persons/${bsn.child}`, await asPerson(bsn.parent, 'low'));
    expect(low.status).toBe(403);
    expect(low.body['code']).toBe('auth.loa_too_low');
    expect((await get(`/api/v1/persons/${bsn.parent}`, await asPerson(bsn.parent, 'low'))).status).toBe(200);
  });

  it('shows a curator the ward; bewind and mentorschap also give a basis; an ended one does not', async () => {
    const curator = await asPerson(bsn.curator);
    expect((await get(`/api/v1/persons/${bsn.ward}`, curator)).body).toMatchObject({ accessBasis: 'curatele', bsn: bsn.ward });
    expect((await get(`/api/v1/persons/${bsn.bewindWard}`, curator)).body).toMatchObject({ accessBasis: 'beschermingsbewind' });
    expect((await get(`/api/v1/persons/${bsn.mentorWard}`, curator)).body).toMatchObject({ accessBasis: 'mentorschap' });
    expect((await get(`/api/v1/persons/${bsn.formerWard}`, curator)).status).toBe(404);
    // The ward does not see the curator: representation goes one way.
    expect((await get(`/api/v1/persons/${bsn.curator}`, await asPerson(bsn.ward))).status).toBe(404);
  });

  it('shows officials with a person role the full record, an election official name, address and age only, others 403', async () => {
    for (const role of ['case_handler', 'complaint_handler', 'objection_committee', 'administrator', 'ombudsman'] as const) {
      const res = await get(`/api/v1/persons/${bsn.child}`, await asOfficial(role));
      expect(res.status, role).toBe(200);
      expect(res.body, role).toMatchObject({ view: 'full', bsn: bsn.child, accessBasis: 'official_role', birthDate: '2012-03-01' });
    }
    const electoral = await get(`/api/v1/persons/${bsn.parent}`, await asOfficial('election_official'));
    expect(electoral.status).toBe(200);
    expect(Object.keys(electoral.body).sort()).toEqual(['accessBasis', 'address', 'age', 'fullName', 'view']);
    expect(electoral.body).toMatchObject({ view: 'electoral', fullName: 'Petra Ouder', age: 46 });
    for (const role of ['service_designer', 'quality_manager', 'representative'] as const) {
      expect((await get(`/api/v1/persons/${bsn.child}`, await asOfficial(role))).status, role).toBe(403);
    }
    expect((await get(`/api/v1/persons/${bsn.child}`, await asBusiness(kvk.own))).status).toBe(403);
  });
});

describe('POST /api/v1/persons/_zoek (the BSN in the body)', () => {
  it('gives the same answers as the path variant', async () => {
    expect((await post('/api/v1/persons/_zoek', { bsn: bsn.child })).status).toBe(401);
    expect((await post('/api/v1/persons/_zoek', { bsn: bsn.child }, await asPerson(bsn.parent))).body).toMatchObject({
      accessBasis: 'gezag',
    });
    expect((await post('/api/v1/persons/_zoek', { bsn: bsn.child }, await asPerson(bsn.stranger))).status).toBe(404);
    const bad = await post('/api/v1/persons/_zoek', { bsn: '111222334' }, await asOfficial('case_handler'));
    expect(bad.body).toMatchObject({ code: 'registry.invalid_bsn', invalidParams: [{ name: 'body.bsn' }] });
    expect((await post('/api/v1/persons/_zoek', {}, await asOfficial('case_handler'))).status).toBe(400);
  });
});

describe('representatives and represented', () => {
  interface Items {
    items: { bsn: string | null; name: string; basis: string; authorityKind: string | null; covers: string[]; validTo: string | null }[];
  }

  it('lists who represents a child: both parents with gezag, until the 18th birthday', async () => {
    const res = await get(`/api/v1/persons/${bsn.child}/representatives`, await asOfficial('case_handler'));
    expect(res.status).toBe(200);
    const items = (res.body as unknown as Items).items;
    expect(items.map((i) => i.bsn).sort()).toEqual([bsn.otherParent, bsn.parent].sort());
    expect(items.every((i) => i.basis === 'gezag' && i.authorityKind === 'parent' && i.validTo === '2030-03-01')).toBe(true);
    expect(items[0]?.covers).toEqual(['financial', 'personal']);
  });

  it('lists whom a curator represents, with what each covers; an ended registration is not listed', async () => {
    const res = await get(`/api/v1/persons/${bsn.curator}/represented`, await asPerson(bsn.curator));
    const items = (res.body as unknown as Items).items;
    expect(items.map((i) => [i.bsn, i.basis, i.covers.join('+')])).toEqual(
      expect.arrayContaining([
        [bsn.ward, 'curatele', 'financial+personal'],
        [bsn.bewindWard, 'beschermingsbewind', 'financial'],
        [bsn.mentorWard, 'mentorschap', 'personal'],
      ]),
    );
    expect(items.map((i) => i.bsn)).not.toContain(bsn.formerWard);
  });

  it('lets a parent see who else represents the child, without BSNs, and logs one line per subject but not the reader', async () => {
    const before = (await logRows()).length;
    const res = await get(`/api/v1/persons/${bsn.child}/representatives`, await asPerson(bsn.parent));
    expect((res.body as unknown as Items).items.map((i) => i.bsn)).toEqual([null, null]);
    const rows = (await logRows()).slice(before);
    const hash = (b: string) => t.ctx.processingLog.subjectHash({ id: b, type: 'BSN' });
    expect(rows.map((r) => r.data_subject_id).sort()).toEqual([hash(bsn.child), hash(bsn.otherParent)].sort());
  });

  it('refuses other people: 404 for a citizen, 403 for an election official', async () => {
    expect((await get(`/api/v1/persons/${bsn.child}/representatives`, await asPerson(bsn.stranger))).status).toBe(404);
    expect((await get(`/api/v1/persons/${bsn.parent}/represented`, await asPerson(bsn.child))).status).toBe(404);
    expect((await get(`/api/v1/persons/${bsn.parent}/represented`, await asPerson(bsn.otherParent))).status).toBe(404);
    expect((await get(`/api/v1/persons/${bsn.child}/representatives`, await asOfficial('election_official'))).status).toBe(403);
  });

  it('gives other modules the basis for a matter: bewind for money, not for care', async () => {
    expect(await representedBy(t.ctx, bsn.bewindWard, bsn.curator, 'financial')).toMatchObject({ basis: 'beschermingsbewind' });
    expect(await representedBy(t.ctx, bsn.bewindWard, bsn.curator, 'personal')).toBeUndefined();
    expect(await representedBy(t.ctx, bsn.child, bsn.parent)).toMatchObject({ basis: 'gezag', validTo: '2030-03-01' });
    expect(await representedBy(t.ctx, bsn.adultToday, bsn.parent)).toBeUndefined();
    expect(await representedBy(t.ctx, 'nonsense', bsn.parent)).toBeUndefined();
  });
});

describe('processing log for official reads', () => {
  it('writes one line per data subject, in the official’s organisation, under the request’s trace, with no BSN in clear', async () => {
    const before = await logRows();
    const cookie = await asOfficial('case_handler');
    expect((await get(`/api/v1/persons/${bsn.logged}`, cookie)).status).toBe(200);
    expect((await get(`/api/v1/persons/${bsn.child}/representatives`, cookie)).status).toBe(200);
    const business = await get(`/api/v1/businesses/${kvk.own}`, cookie);
    expect(business.status).toBe(200);
    const rows = (await logRows()).slice(before.length);
    // 1 (the person) + 3 (child and both parents) + 3 (the business and its two functionaries in office)
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.organisation_code === 'GM0363' && r.status === 'Ok')).toBe(true);
    const byActivity = (a: string) => rows.filter((r) => r.processing_activity_id === activityUri(a as 'registry.person.view'));
    expect(byActivity('registry.person.view')).toHaveLength(1);
    const reps = byActivity('registry.person.representatives.view');
    expect(new Set(reps.map((r) => r.data_subject_id)).size).toBe(3);
    expect(new Set(reps.map((r) => r.trace_id)).size).toBe(1);
    expect(new Set(reps.map((r) => r.span_id)).size).toBe(3);
    expect(new Set(reps.map((r) => r.parent_span_id)).size).toBe(1);
    const biz = byActivity('registry.business.view');
    expect(biz.map((r) => r.data_subject_id_type).sort()).toEqual(['BSN', 'BSN', 'KVK']);
    for (const r of rows) expect(JSON.stringify(r)).not.toContain('Ambtenaar');
  });

  it('shows the person who used their data: organisation name, what, when; never the official’s name; paged', async () => {
    const cookie = await asOfficial('complaint_handler');
    for (let i = 0; i < 22; i++) expect((await get(`/api/v1/persons/${bsn.logged}`, cookie)).status).toBe(200);
    const me = await asPerson(bsn.logged);
    const page1 = await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { cookie: me } });
    expect(page1.statusCode).toBe(200);
    expect(page1.body.match(/<h1/g)).toHaveLength(1);
    expect(page1.body).toContain('<title>Wie heeft mijn gegevens gebruikt | Loket</title>');
    expect(page1.body).toContain('Amsterdam');
    expect(page1.body).toContain('Uw persoonsgegevens ingezien');
    expect(page1.body).not.toContain('Ambtenaar');
    expect(page1.body).not.toContain(bsn.logged);
    expect((page1.body.match(/<tr class="utrecht-table__row">/g) ?? []).length).toBe(21); // header + 20
    expect(page1.body).toContain('href="/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt?pagina=2"');
    const page2 = await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt?pagina=2', headers: { cookie: me } });
    expect((page2.body.match(/<tr class="utrecht-table__row">/g) ?? []).length).toBe(1 + 3); // 23 lines in all
    expect(page2.body).toContain('rel="prev"');
    const bad = await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt?pagina=x', headers: { cookie: me } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Er is een probleem');
    const en = await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { cookie: `${me}; lang=en` } });
    expect(en.body).toContain('<h1 class="utrecht-heading-1">Who used my data</h1>');
    expect(en.body).toContain('Looked at your personal data');
  });

  it('tells the represented person that their legal representative looked, and nothing to someone nobody looked at', async () => {
    const child = await t.request({
      url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt',
      headers: { cookie: await asPerson(bsn.child) },
    });
    expect(child.body).toContain('Uw wettelijk vertegenwoordiger');
    const fresh = bsnSeries(50_000_000, 1)[0]!;
    await addPerson(t.database, { bsn: fresh, birthDate: '1999-09-09' });
    const none = await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { cookie: await asPerson(fresh) } });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('Er is nog niets over u vastgelegd');
  });

  it('is for citizens: nobody gets 401, an official or a business 403', async () => {
    expect((await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { accept: 'text/html' } })).statusCode).toBe(
      401,
    );
    expect(
      (await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { cookie: await asOfficial('administrator') } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.request({ url: '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt', headers: { cookie: await asBusiness(kvk.own) } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('GET /api/v1/businesses/{kvkNumber}', () => {
  interface BusinessBody {
    kvkNumber: string;
    branches: { branchNumber: string; isMain: boolean }[];
    functionaries: { bsn: string | null; name: string; role: string }[];
    accessBasis: string;
  }

  it('shows a business itself with branches and the functionaries in office, without their BSNs, and logs nothing', async () => {
    const before = (await logRows()).length;
    const res = await get(`/api/v1/businesses/${kvk.own}`, await asBusiness(kvk.own));
    expect(res.status).toBe(200);
    const body = res.body as unknown as BusinessBody;
    expect(body.accessBasis).toBe('own_business');
    expect(body.branches.map((b) => [b.branchNumber, b.isMain])).toEqual([
      ['000012345678', true],
      ['000012345679', false],
    ]);
    expect(body.functionaries.map((f) => [f.name, f.role, f.bsn])).toEqual([
      ['Frank Functionaris', 'director', null],
      ['Petra Ouder', 'authorised_signatory', null],
    ]);
    expect((await logRows()).length).toBe(before);
  });

  it('answers 404 to another business, 403 to a citizen and to officials without the role, 400 for a bad number', async () => {
    expect((await get(`/api/v1/businesses/${kvk.other}`, await asBusiness(kvk.own))).status).toBe(404);
    expect((await get(`/api/v1/businesses/${kvk.own}`, await asPerson(bsn.parent))).status).toBe(403);
    expect((await get(`/api/v1/businesses/${kvk.own}`, await asOfficial('election_official'))).status).toBe(403);
    expect((await get(`/api/v1/businesses/${kvk.own}`)).status).toBe(401);
    expect((await get('/api/v1/businesses/1234', await asOfficial('case_handler'))).body).toMatchObject({
      code: 'registry.invalid_kvk_number',
      status: 400,
    });
    expect((await get('/api/v1/businesses/99999999', await asOfficial('case_handler'))).status).toBe(404);
    const asHandler = (await get(`/api/v1/businesses/${kvk.own}`, await asOfficial('ombudsman'))).body as unknown as BusinessBody;
    expect(asHandler.functionaries.map((f) => f.bsn)).toEqual([bsn.functionary, bsn.parent]);
  });
});

describe('officials', () => {
  interface List {
    items: { id: string; name: string; organisationCode: string; roles: string[] }[];
    total: number;
  }

  it('lists the officials of the administrator’s own organisation; another organisation is 403; other roles 403', async () => {
    const admin = await asOfficial('administrator');
    const list = await get('/api/v1/officials?limit=100', admin);
    expect(list.status).toBe(200);
    const body = list.body as unknown as List;
    expect(body.items.every((o) => o.organisationCode === 'GM0363')).toBe(true);
    expect(body.items.map((o) => o.id)).not.toContain(otherAdmin.id);
    expect(body.total).toBeGreaterThanOrEqual(9);
    expect(JSON.stringify(body)).not.toContain('personBsn');
    expect((await get('/api/v1/officials?organisation=GM0599', admin)).body).toMatchObject({
      status: 403,
      code: 'registry.other_organisation',
    });
    expect((await get('/api/v1/officials', await asOfficial('case_handler'))).status).toBe(403);
    expect((await get('/api/v1/officials', await asPerson(bsn.parent))).status).toBe(403);
    expect((await get('/api/v1/officials')).status).toBe(401);
    expect((await get('/api/v1/officials?limit=0&offset=-1', admin)).body).toMatchObject({ status: 400 });
  });

  it('shows one official to themself and to an administrator of the same organisation; others get 404', async () => {
    const id = staff.case_handler.id;
    expect((await get(`/api/v1/officials/${id}`, await asOfficial('case_handler'))).body).toMatchObject({ id, roles: ['case_handler'] });
    expect((await get(`/api/v1/officials/${id}`, await asOfficial('administrator'))).status).toBe(200);
    expect((await get(`/api/v1/officials/${id}`, await asOfficial('ombudsman'))).status).toBe(404);
    expect((await get(`/api/v1/officials/${id}`, await cookieFor('other-admin', officialLogin(otherAdmin)))).status).toBe(404);
    expect((await get('/api/v1/officials/not-a-uuid', await asOfficial('administrator'))).status).toBe(400);
  });

  it('creates an official in the own organisation with audit; refuses another organisation and lists every bad field', async () => {
    const admin = await asOfficial('administrator');
    const made = await post(
      '/api/v1/officials',
      {
        name: 'Nieuwe Collega',
        email: 'nieuw@amsterdam.example',
        organisationCode: 'GM0363',
        roles: ['case_handler', 'complaint_handler'],
      },
      admin,
    );
    expect(made.status).toBe(201);
    expect(made.headers['location']).toBe(`/api/v1/officials/${String(made.body['id'])}`);
    expect(made.body).toMatchObject({ name: 'Nieuwe Collega', roles: ['case_handler', 'complaint_handler'], active: true });
    const trail = await auditTrail(t.database.db, 'official', String(made.body['id']));
    expect(trail.map((a) => [a.action, a.actorId])).toEqual([['registry.official_created', staff.administrator.id]]);
    expect(
      (
        await post(
          '/api/v1/officials',
          { name: 'X', email: 'nieuw@amsterdam.example', organisationCode: 'GM0363', roles: ['case_handler'] },
          admin,
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await post(
          '/api/v1/officials',
          { name: 'X', email: 'x@rotterdam.example', organisationCode: 'GM0599', roles: ['case_handler'] },
          admin,
        )
      ).body,
    ).toMatchObject({
      status: 403,
      code: 'registry.other_organisation',
    });
    const bad = await post(
      '/api/v1/officials',
      { name: '', email: 'geen-adres', organisationCode: 'GM0363', roles: ['koning'], personBsn: '123' },
      admin,
    );
    expect(bad.status).toBe(400);
    expect(invalidFields(bad.body)).toEqual(['body.email', 'body.name', 'body.personBsn', 'body.roles']);
    expect(
      (
        await post(
          '/api/v1/officials',
          { name: 'X', email: 'y@x.nl', organisationCode: 'GM0363', roles: ['case_handler'] },
          await asOfficial('case_handler'),
        )
      ).status,
    ).toBe(403);
  });

  it('changes roles with audit, but an administrator cannot drop their own administrator role', async () => {
    const origin = {
      trace: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null, foreignProcessor: null },
      requestId: 'test',
    };
    const admin = officialLogin(staff.administrator);
    const principal = { ...admin, sessionId: 's' } as const;
    const changed = await setOfficialRoles(
      t.ctx,
      principal,
      staff.quality_manager.id,
      { roles: ['quality_manager', 'service_designer'] },
      origin,
    );
    expect(changed.ok && changed.value.roles).toEqual(['service_designer', 'quality_manager']);
    expect(await officialRoles(t.ctx, staff.quality_manager.id)).toEqual({
      organisationCode: 'GM0363',
      roles: ['service_designer', 'quality_manager'],
    });
    const self = await setOfficialRoles(t.ctx, principal, staff.administrator.id, { roles: ['case_handler'] }, origin);
    expect(!self.ok && self.failure.code).toBe('registry.own_administrator_role');
    const other = await setOfficialRoles(t.ctx, principal, otherAdmin.id, { roles: ['case_handler'] }, origin);
    expect(!other.ok && other.failure.status).toBe(404);
    await setOfficialRoles(t.ctx, principal, staff.quality_manager.id, { roles: ['quality_manager'] }, origin);
    expect((await auditTrail(t.database.db, 'official', staff.quality_manager.id)).map((a) => a.action)).toEqual([
      'registry.official_roles_changed',
      'registry.official_roles_changed',
    ]);
  });
});

describe('writes to the registers', () => {
  const origin = {
    trace: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), parentSpanId: null, foreignProcessor: null },
    requestId: 'test-write',
  };
  const adminPrincipal = () => ({ ...officialLogin(staff.administrator), sessionId: 's' }) as const;

  it('registers a person (201, Location, audit and one processing line in the same transaction)', async () => {
    const newBsn = bsnSeries(60_000_000, 1)[0]!;
    const before = await rowCounts(t.database);
    const res = await postAsAdmin('/api/v1/persons', {
      bsn: newBsn,
      givenNames: 'Anna',
      surnamePrefix: 'van',
      surname: 'Dijk',
      birthDate: '2001-02-03',
      address: { street: 'Dam', houseNumber: 1, postcode: '1012 js', city: 'Amsterdam', municipalityCode: 'GM0363' },
    });
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`/api/v1/persons/${newBsn}`);
    expect(res.body).toMatchObject({ fullName: 'Anna van Dijk', address: { postcode: '1012JS' } });
    const after = await rowCounts(t.database);
    expect(after['person']).toBe((before['person'] ?? 0) + 1);
    expect(after['audit_log']).toBe((before['audit_log'] ?? 0) + 1);
    expect(after['processing_log']).toBe((before['processing_log'] ?? 0) + 1);
    expect((await auditTrail(t.database.db, 'person', newBsn)).map((a) => a.action)).toEqual(['registry.person_created']);
    const again = await postAsAdmin('/api/v1/persons', { bsn: newBsn, givenNames: 'A', surname: 'B', birthDate: '2001-02-03' });
    expect(again.body).toMatchObject({ status: 409, code: 'registry.person_exists' });
  });

  it('refuses a person with every bad field listed, and writes nothing', async () => {
    const before = await rowCounts(t.database);
    const res = await postAsAdmin('/api/v1/persons', {
      bsn: '123456789',
      givenNames: 'A',
      surname: 'B',
      birthDate: '2027-01-01',
      deathDate: '2026-02-30',
      address: { street: 'X', houseNumber: 1, postcode: '0123 AB', city: 'Y', municipalityCode: 'GM9999' },
    });
    expect(res.status).toBe(400);
    expect(invalidFields(res.body, true)).toEqual([
      'body.address.postcode:registry.invalid_postcode',
      'body.birthDate:registry.date_in_future',
      'body.bsn:registry.invalid_bsn',
      'body.deathDate:registry.invalid_date',
    ]);
    const unknownMunicipality = await postAsAdmin('/api/v1/persons', {
      bsn: bsnSeries(60_000_100, 1)[0]!,
      givenNames: 'A',
      surname: 'B',
      birthDate: '2000-01-01',
      address: { ...amsterdam, municipalityCode: 'GM9999' },
    });
    expect(unknownMunicipality.body).toMatchObject({ status: 400, code: 'registry.unknown_municipality' });
    expect(await rowCounts(t.database)).toEqual(before);
    expect((await post('/api/v1/persons', { bsn: bsn.stranger }, await asOfficial('case_handler'))).status).toBe(403);
    expect((await post('/api/v1/persons', { bsn: bsn.stranger }, await asPerson(bsn.stranger))).status).toBe(403);
  });

  it('registers a business with branches and functionaries; refuses unknown persons without storing anything half', async () => {
    const admin = await asOfficial('administrator');
    const body = {
      kvkNumber: '11223344',
      name: 'Fietsenmaker Snel',
      legalForm: 'eenmanszaak',
      registeredOn: '2024-04-01',
      address: amsterdam,
      branches: [{ branchNumber: '000099887766', name: 'Fietsenmaker Snel', isMain: true, address: amsterdam }],
      functionaries: [
        { personBsn: bsn.functionary, role: 'owner', authority: 'sole', validFrom: '2024-04-01' },
        { personBsn: bsnSeries(70_000_000, 1)[0]!, role: 'authorised_signatory', authority: 'limited', validFrom: '2024-04-01' },
      ],
    };
    const before = await rowCounts(t.database);
    const refused = await post('/api/v1/businesses', body, admin);
    expect(refused.body).toMatchObject({
      status: 400,
      code: 'registry.unknown_person',
      invalidParams: [{ name: 'body.functionaries.1.personBsn' }],
    });
    expect(await rowCounts(t.database)).toEqual(before);
    const duplicateBranch = await post(
      '/api/v1/businesses',
      { ...body, branches: [{ ...body.branches[0], branchNumber: '000012345678' }], functionaries: [body.functionaries[0]] },
      admin,
    );
    expect(duplicateBranch.body).toMatchObject({ status: 400, code: 'registry.branch_exists' });
    expect(await rowCounts(t.database)).toEqual(before);
    const made = await post('/api/v1/businesses', { ...body, functionaries: [body.functionaries[0]] }, admin);
    expect(made.status).toBe(201);
    expect(made.headers['location']).toBe('/api/v1/businesses/11223344');
    expect(made.body).toMatchObject({
      kvkNumber: '11223344',
      branches: [{ branchNumber: '000099887766' }],
      functionaries: [{ bsn: bsn.functionary, role: 'owner' }],
    });
    const after = await rowCounts(t.database);
    expect([after['business'], after['business_branch'], after['business_functionary'], after['processing_log']]).toEqual([
      (before['business'] ?? 0) + 1,
      (before['business_branch'] ?? 0) + 1,
      (before['business_functionary'] ?? 0) + 1,
      (before['processing_log'] ?? 0) + 2, // the business (KVK) and its owner (BSN)
    ]);
    expect((await post('/api/v1/businesses', { ...body, functionaries: [] }, admin)).body).toMatchObject({
      status: 409,
      code: 'registry.business_exists',
    });
    const added = await addFunctionary(
      t.ctx,
      adminPrincipal(),
      '11223344',
      { personBsn: bsn.parent, role: 'authorised_signatory', authority: 'limited', validFrom: '2025-01-01' },
      origin,
    );
    expect(added.ok).toBe(true);
    const twice = await addFunctionary(
      t.ctx,
      adminPrincipal(),
      '11223344',
      { personBsn: bsn.parent, role: 'authorised_signatory', authority: 'limited', validFrom: '2025-01-01' },
      origin,
    );
    expect(!twice.ok && twice.failure.code).toBe('registry.functionary_exists');
  });

  it('registers authority and court measures with their checks, and moves a person', async () => {
    const kid = bsnSeries(80_000_000, 3);
    await addPerson(t.database, { bsn: kid[0]!, birthDate: '2020-06-01' });
    await addPerson(t.database, { bsn: kid[1]!, birthDate: '1990-06-01' });
    const p = adminPrincipal();
    const fine = await registerAuthority(
      t.ctx,
      p,
      { childBsn: kid[0], holderBsn: kid[1], kind: 'guardian', validFrom: '2021-01-01' },
      origin,
    );
    expect(fine.ok).toBe(true);
    expect(await representedBy(t.ctx, kid[0]!, kid[1]!)).toMatchObject({ basis: 'gezag' });
    const fail = async (input: unknown, code: string) => {
      const r = await registerAuthority(t.ctx, p, input, origin);
      expect(r.ok ? 'ok' : r.failure.code, JSON.stringify(input)).toBe(code);
    };
    await fail({ childBsn: kid[0], holderBsn: kid[1], kind: 'guardian', validFrom: '2021-01-01' }, 'registry.authority_exists');
    await fail({ childBsn: kid[0], holderBsn: kid[0], kind: 'parent', validFrom: '2021-01-01' }, 'registry.same_person');
    await fail({ childBsn: kid[0], holderBsn: bsn.parent, kind: 'parent', validFrom: '2019-01-01' }, 'registry.before_birth');
    await fail({ childBsn: kid[1], holderBsn: bsn.parent, kind: 'parent', validFrom: '2010-01-01' }, 'registry.not_a_minor');
    await fail({ childBsn: kid[0], holderBsn: kid[2], kind: 'parent', validFrom: '2021-01-01' }, 'registry.unknown_person');
    await fail(
      { childBsn: kid[0], holderBsn: bsn.parent, kind: 'parent', validFrom: '2021-01-01', validTo: '2021-01-01' },
      'registry.end_before_start',
    );
    await fail({ childBsn: kid[0], holderBsn: bsn.parent, kind: 'oom', validFrom: '2021-02-30' }, 'registry.invalid_input');

    const court = await registerCourtRegistration(
      t.ctx,
      p,
      { personBsn: kid[1], representativeBsn: bsn.curator, kind: 'mentorschap', validFrom: '2025-01-01', validTo: '2027-01-01' },
      origin,
    );
    expect(court.ok).toBe(true);
    expect(await representedBy(t.ctx, kid[1]!, bsn.curator, 'personal')).toMatchObject({ basis: 'mentorschap', validTo: '2027-01-01' });
    const courtBad = await registerCourtRegistration(
      t.ctx,
      p,
      { personBsn: kid[1], representativeBsn: bsn.curator, kind: 'bewind', validFrom: '2025-01-01' },
      origin,
    );
    expect(!courtBad.ok && courtBad.failure.invalidParams?.map((i) => i.name)).toEqual(['kind']);

    const moved = await updateAddress(
      t.ctx,
      p,
      kid[1]!,
      { street: 'Coolsingel', houseNumber: 40, postcode: '3011 AD', city: 'Rotterdam', municipalityCode: 'GM0599' },
      origin,
    );
    expect(moved.ok && moved.value.address?.city).toBe('Rotterdam');
    const dead = await updateAddress(t.ctx, p, bsn.deceasedChild, amsterdam, origin);
    expect(!dead.ok && dead.failure.code).toBe('registry.person_deceased');
    const notAdmin = await updateAddress(t.ctx, { ...officialLogin(staff.case_handler), sessionId: 's' }, kid[1]!, amsterdam, origin);
    expect(!notAdmin.ok && notAdmin.failure.status).toBe(403);
    expect((await auditTrail(t.database.db, 'person', kid[1]!)).map((a) => a.action)).toEqual(['registry.person_address_updated']);
  });
});

describe('the page /personen', () => {
  async function form(cookie: string): Promise<{ cookie: string; token: string; body: string; status: number }> {
    const res = await t.request({ url: '/personen', headers: { cookie } });
    const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const csrf = setCookies.map((c) => c.split(';')[0] ?? '').filter(Boolean);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
    return { cookie: [cookie, ...csrf].join('; '), token, body: res.body, status: res.statusCode };
  }
  const submit = (f: { cookie: string; token: string }, b: string, lang?: string) =>
    t.request({
      method: 'POST',
      url: '/personen',
      headers: { cookie: lang ? `${f.cookie}; lang=${lang}` : f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(f.token)}&bsn=${encodeURIComponent(b)}`,
    });

  it('shows a form that posts the BSN with a CSRF token (never in the URL)', async () => {
    const f = await form(await asOfficial('case_handler'));
    expect(f.status).toBe(200);
    expect(f.body).toContain('<form class="loket-search" method="post" action="/personen"');
    expect(f.token).not.toBe('');
    expect(f.body.match(/<h1/g)).toHaveLength(1);
    expect(f.body).toContain('<title>Persoon opzoeken | Loket</title>');
  });

  it('shows the record and the legal representatives, and logs the look-up', async () => {
    const f = await form(await asOfficial('case_handler'));
    const before = (await logRows()).length;
    const res = await submit(f, bsn.child);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Kim Kind');
    expect(res.body).toContain('Wettelijke vertegenwoordigers');
    expect(res.body).toContain('Petra Ouder');
    expect(res.body).toContain('Paul Ouder');
    expect(res.body).toContain('Gezag (ouder)');
    expect(res.body).toContain('1 maart 2030');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    // person (1) + representatives (child + 2 parents) + represented (the child)
    expect((await logRows()).length - before).toBe(5);
  });

  it('shows a Dutch error summary for an invalid BSN, a message for an unknown one, and 403 without a token', async () => {
    const f = await form(await asOfficial('case_handler'));
    const bad = await submit(f, '123456789');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Er is een probleem');
    expect(bad.body).toContain('href="#bsn"');
    expect(bad.body).toContain('Vul een geldig BSN in');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).toContain('<title>Fout: Persoon opzoeken | Loket</title>');
    const unknown = await submit(f, bsnSeries(90_000_000, 1)[0]!);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Er is geen persoon gevonden met dit BSN');
    const noToken = await t.request({
      method: 'POST',
      url: '/personen',
      headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `bsn=${bsn.child}`,
    });
    expect(noToken.statusCode).toBe(403);
    const en = await submit(f, 'x', 'en');
    expect(en.body).toContain('Enter a valid BSN');
  });

  it('shows an election official only name, address and age, and no representatives', async () => {
    const f = await form(await asOfficial('election_official'));
    const res = await submit(f, bsn.child);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Kim Kind');
    expect(res.body).toContain('14 jaar');
    const result = res.body.slice(res.body.indexOf('<section'));
    expect(result).not.toContain(bsn.child);
    expect(result).not.toContain('Geboortedatum');
    expect(res.body).not.toContain('Wettelijke vertegenwoordigers');
  });

  it('escapes names', async () => {
    const evil = bsnSeries(91_000_000, 1)[0]!;
    await addPerson(t.database, { bsn: evil, birthDate: '1990-01-01', givenNames: '<script>alert(1)</script>', surname: '"><img src=x>' });
    const res = await submit(await form(await asOfficial('case_handler')), evil);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).not.toContain('<img src=x>');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('is closed to citizens, businesses, other roles and nobody', async () => {
    expect((await t.request({ url: '/personen', headers: { cookie: await asPerson(bsn.parent) } })).statusCode).toBe(403);
    expect((await t.request({ url: '/personen', headers: { cookie: await asBusiness(kvk.own) } })).statusCode).toBe(403);
    expect((await t.request({ url: '/personen', headers: { cookie: await asOfficial('service_designer') } })).statusCode).toBe(403);
    expect((await t.request({ url: '/personen', headers: { accept: 'text/html' } })).statusCode).toBe(401);
  });
});

describe('the pages /bedrijven and /medewerkers', () => {
  it('looks up a business by KVK number with branches and functionaries', async () => {
    const cookie = await asOfficial('case_handler');
    const empty = await t.request({ url: '/bedrijven', headers: { cookie } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<title>Onderneming opzoeken | Loket</title>');
    const res = await t.request({ url: `/bedrijven?kvk=${kvk.own}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    for (const text of [
      'Bakkerij De Korst B.V.',
      'Besloten vennootschap',
      'De Korst Noord',
      '000012345679',
      'Frank Functionaris',
      'Bestuurder',
      'Gevolmachtigde',
    ])
      expect(res.body).toContain(text);
    expect(res.body).not.toContain('Sam Vreemde'); // left the board in 2019
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    const bad = await t.request({ url: '/bedrijven?kvk=12', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#kvk"');
    expect((await t.request({ url: '/bedrijven?kvk=99999999', headers: { cookie } })).statusCode).toBe(404);
    expect((await t.request({ url: '/bedrijven', headers: { cookie: await asBusiness(kvk.own) } })).statusCode).toBe(403);
  });

  it('lists the staff of the administrator’s organisation with their roles', async () => {
    const res = await t.request({ url: '/medewerkers', headers: { cookie: await asOfficial('administrator') } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('De medewerkers van Amsterdam en hun rollen.');
    expect(res.body).toContain('Ambtenaar ombudsman');
    expect(res.body).toContain('Verkiezingsmedewerker');
    expect(res.body).not.toContain('Beheerder Rotterdam');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    const en = await t.request({ url: '/medewerkers', headers: { cookie: `${await asOfficial('administrator')}; lang=en` } });
    expect(en.body).toContain('<title>Staff | Loket</title>');
    expect((await t.request({ url: '/medewerkers', headers: { cookie: await asOfficial('case_handler') } })).statusCode).toBe(403);
  });
});

describe('the processing log as a whole', () => {
  it('holds no BSN in clear anywhere', async () => {
    const rows = await logRows();
    expect(rows.length).toBeGreaterThan(40);
    const text = JSON.stringify(rows);
    const all = await t.database.db.withTables<{ person: { bsn: string } }>().selectFrom('person').select('bsn').execute();
    expect(all.length).toBeGreaterThan(15);
    for (const { bsn: b } of all) expect(text, b).not.toContain(b);
  });
});
