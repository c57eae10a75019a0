// The JSON API of applying (LOKET_TEST_DB=sqlite|postgres): POST /api/v1/applications (201, 200
// when replayed, problem+json with every invalid answer), GET /api/v1/services/{org}/{id}/form
// with the caller's prefill, and bad input as a property: forged field names, wrong types and
// random bodies give a 4xx, never a 5xx, and store no case.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/ids/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service } from '../../catalog/model.ts';
import { shippedUplFile } from '../../catalog/reference.ts';
import { importUpl } from '../../catalog/service.ts';
import { insertServices } from '../../catalog/store.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../../registry/people/test-fixtures.ts';
import { keySeries, publishServices, rowCount } from '../test-fixtures.ts';
import { prefillActivity } from './service.ts';

const parkeerUri = 'http://standaarden.overheid.nl/owms/terms/parkeervergunning';
const paspoortUri = 'http://standaarden.overheid.nl/owms/terms/paspoort';

let t: TestApp;
let parkeer: Service;
let paspoort: Service;
const [aliceBsn = '', bobBsn = ''] = bsnSeries(32_000_000, 2);
const sessions: Record<string, string> = {};
const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };
const amsterdam = { code: 'GM0363', name: 'Amsterdam' };

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-30T10:00:00Z' });
  [parkeer, paspoort] = (await publishServices(t.ctx, catalog, amsterdam, [parkeerUri, paspoortUri])) as [Service, Service];
  await addPerson(t.database, { bsn: aliceBsn, birthDate: '1985-03-14', givenNames: 'Alice', surnamePrefix: 'de', surname: 'Vries' });
  await addPerson(t.database, { bsn: bobBsn, birthDate: '1990-07-01', givenNames: 'Bob', surname: 'Jansen' });
  sessions['alice'] = await t.loginAs(personLogin(aliceBsn));
  sessions['bob'] = await t.loginAs(personLogin(bobBsn));
  sessions['official'] = await t.loginAs(
    officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['case_handler'], name: 'Medewerker' })),
  );
});
afterAll(() => t.close());

async function api(method: 'GET' | 'POST', url: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = sessions[who] ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.request({
    method,
    url,
    headers,
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    json: <T = Record<string, unknown>>() => res.json<T>(),
    headers: res.headers,
  };
}

const count = (table: string): Promise<number> => rowCount(t.database.db, table);

const key = keySeries('api-test-', 5);

const parkeerAnswers = {
  email: 'alice@example.nl',
  licencePlate: 'AB-123-C',
  registeredTo: 'self',
  startDate: '2026-12-01',
};

describe('POST /api/v1/applications', () => {
  it('401 without login, 403 for an official, 415 for a form body; problem+json', async () => {
    const body = { organisationCode: 'GM0363', serviceId: paspoort.id, answers: { toelichting: 'x' }, idempotencyKey: key() };
    const anonymous = await api('POST', '/api/v1/applications', null, body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toMatch(/^application\/problem\+json/);
    expect((await api('POST', '/api/v1/applications', 'official', body)).status).toBe(403);
    const form = await t.request({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { cookie: sessions['alice'] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'organisationCode=GM0363',
    });
    expect(form.statusCode).toBe(415);
    expect(await count('delivery_case')).toBe(0);
  });

  it('201 with the case (number, due date); the same key again: 200 with the same case', async () => {
    const body = {
      organisationCode: 'gm0363',
      serviceId: paspoort.id,
      answers: { toelichting: '  Mijn paspoort is verlopen.  ' },
      idempotencyKey: key(),
    };
    const created = await api('POST', '/api/v1/applications', 'alice', body);
    expect(created.status).toBe(201);
    const kase = created.json<{
      id: string;
      caseNumber: string;
      dueDate: string;
      status: string;
      answers: unknown;
      applicant: unknown;
      _links: { self: { href: string } };
    }>();
    expect(kase.caseNumber).toMatch(/^Z-2026-\d{6}$/);
    expect(kase.dueDate).toMatch(/^2027-01-\d{2}$|^2026-12-\d{2}$/);
    expect(kase.status).toBe('submitted');
    expect(kase.answers).toEqual({ toelichting: 'Mijn paspoort is verlopen.' });
    expect(kase.applicant).toEqual({ kind: 'person', id: aliceBsn });
    expect(created.headers.location).toBe(kase._links.self.href);
    const again = await api('POST', '/api/v1/applications', 'alice', body);
    expect(again.status).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(kase.id);
    expect(await count('delivery_case')).toBe(1);
    // Another person with the same key: their own case.
    const bobs = await api('POST', '/api/v1/applications', 'bob', body);
    expect(bobs.status).toBe(201);
    expect(bobs.json<{ id: string }>().id).not.toBe(kase.id);
  });

  it('400 delivery.form.invalid_answers listing every invalid answer, with Dutch reasons', async () => {
    const cases = await count('delivery_case');
    const res = await api('POST', '/api/v1/applications', 'alice', {
      organisationCode: 'GM0363',
      serviceId: parkeer.id,
      answers: { email: 'geen mail', licencePlate: 'XYZ', registeredTo: 'boot', startDate: '2020-01-01', onbekend: 'x' },
      idempotencyKey: key(),
    });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    const problem = res.json<{ code: string; invalidParams: { name: string; code: string; reason: string }[] }>();
    expect(problem.code).toBe('delivery.form.invalid_answers');
    const byName = Object.fromEntries(problem.invalidParams.map((p) => [p.name, p]));
    expect(byName['body.answers.onbekend']?.code).toBe('delivery.form.unknown_field');
    expect(byName['body.answers.email']).toMatchObject({
      code: 'delivery.form.invalid_email',
      reason: 'Vul uw e-mailadres in zoals naam@voorbeeld.nl.',
    });
    expect(byName['body.answers.licencePlate']?.code).toBe('delivery.form.invalid_licence_plate');
    expect(byName['body.answers.registeredTo']?.code).toBe('delivery.form.invalid_choice');
    expect(byName['body.answers.startDate']?.code).toBe('delivery.form.date_too_early');
    expect(await count('delivery_case')).toBe(cases);
  });

  it('enforces the prefilled values that may not change, and fills them in when left out', async () => {
    const forged = await api('POST', '/api/v1/applications', 'alice', {
      organisationCode: 'GM0363',
      serviceId: parkeer.id,
      answers: { ...parkeerAnswers, name: 'Iemand Anders' },
      idempotencyKey: key(),
    });
    expect(forged.status).toBe(400);
    expect(forged.json<{ invalidParams: { name: string; code: string }[] }>().invalidParams).toEqual([
      expect.objectContaining({ name: 'body.answers.name', code: 'delivery.form.prefilled_not_editable' }),
    ]);
    const fine = await api('POST', '/api/v1/applications', 'alice', {
      organisationCode: 'GM0363',
      serviceId: parkeer.id,
      answers: parkeerAnswers,
      idempotencyKey: key(),
    });
    expect(fine.status).toBe(201);
    expect(fine.json<{ answers: Record<string, unknown> }>().answers).toMatchObject({
      name: 'Alice de Vries',
      address: 'Amstel 1, 1011 PN Amsterdam',
    });
  });

  it("refuses attachment refs that are not the caller's own uploads", async () => {
    const cases = await count('delivery_case');
    const res = await api('POST', '/api/v1/applications', 'bob', {
      organisationCode: 'GM0363',
      serviceId: parkeer.id,
      answers: {
        ...parkeerAnswers,
        registeredTo: 'lease',
        leaseContract: [{ id: newId(), fileName: 'contract.pdf', mimeType: 'application/pdf', sizeBytes: 1000 }],
      },
      idempotencyKey: key(),
    });
    expect(res.status).toBe(400);
    expect(res.json<{ invalidParams: { name: string; code: string }[] }>().invalidParams).toEqual([
      expect.objectContaining({ name: 'body.answers.leaseContract', code: 'delivery.form.invalid_attachment' }),
    ]);
    expect(await count('delivery_case')).toBe(cases);
  });

  it('404 for an unknown or unpublished service', async () => {
    const res = await api('POST', '/api/v1/applications', 'alice', {
      organisationCode: 'GM0363',
      serviceId: newId(),
      answers: {},
      idempotencyKey: key(),
    });
    expect(res.status).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('delivery.service_not_available');
  });
});

describe('GET /api/v1/services/{org}/{serviceId}/form', () => {
  it("gives the form with the caller's own prefill, and logs reading the register", async () => {
    const before = (await t.ctx.processingLog.about(t.database.db, { id: bobBsn, type: 'BSN' })).filter(
      (l) => l.activityId === prefillActivity.id,
    ).length;
    const res = await api('GET', `/api/v1/services/GM0363/${parkeer.id}/form`, 'bob');
    expect(res.status).toBe(200);
    const body = res.json<{
      form: { id: string; steps: { id: string }[] };
      prefill: {
        answers: Record<string, unknown>;
        prefilled: { field: string; source: string; editable: boolean }[];
        locked: Record<string, unknown>;
      };
    }>();
    expect(body.form.id).toBe('parkeervergunning');
    expect(body.form.steps.map((s) => s.id)).toEqual(['applicant', 'vehicle', 'start']);
    expect(body.prefill.answers['name']).toBe('Bob Jansen');
    expect(body.prefill.locked['name']).toBe('Bob Jansen');
    expect(body.prefill.prefilled).toContainEqual({ field: 'name', source: 'person.name', editable: false });
    expect(JSON.stringify(body)).not.toContain('Alice');
    const after = (await t.ctx.processingLog.about(t.database.db, { id: bobBsn, type: 'BSN' })).filter(
      (l) => l.activityId === prefillActivity.id,
    ).length;
    expect(after).toBe(before + 1);
  });

  it('gives the default one-field form for a service without a form of its own; 401, 403, 404, 400', async () => {
    const res = await api('GET', `/api/v1/services/GM0363/${paspoort.id}/form`, 'alice');
    expect(res.status).toBe(200);
    expect(res.json<{ form: { id: string; steps: { fields: { id: string }[] }[] } }>().form.steps[0]?.fields.map((f) => f.id)).toEqual([
      'toelichting',
    ]);
    expect((await api('GET', `/api/v1/services/GM0363/${paspoort.id}/form`, null)).status).toBe(401);
    expect((await api('GET', `/api/v1/services/GM0363/${paspoort.id}/form`, 'official')).status).toBe(403);
    expect((await api('GET', `/api/v1/services/GM0363/${newId()}/form`, 'alice')).status).toBe(404);
    expect((await api('GET', `/api/v1/services/GM0363/not-a-uuid/form`, 'alice')).status).toBe(400);
  });
});

describe('bad input (property)', () => {
  const fieldNames = fc.oneof(
    fc.constantFrom('email', 'licencePlate', 'registeredTo', 'startDate', 'leaseContract', 'name', 'address', 'remarks', 'toelichting'),
    fc.string({ maxLength: 70 }),
    fc.constantFrom('__proto__', 'constructor', 'toString', ''),
  );
  const values = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ maxLength: 300 }),
    fc.constantFrom(null, true, 1e308, -0, [], {}, 'AB-123-C', '2026-12-01', 'self', [
      { id: 'x', fileName: 'a.pdf', mimeType: 'application/pdf', sizeBytes: 1 },
    ]),
  );
  const answers = fc.dictionary(fieldNames, values, { maxKeys: 8 });
  /** Answers that always leave out something required (`email` of the parking permit, `toelichting` of the default form). */
  const incomplete = answers.map((a) => {
    const { email: _email, toelichting: _toelichting, ...rest } = a as Record<string, unknown>;
    return rest;
  });

  it('random answers, forged field names and wrong types give a 4xx, never a 5xx, and store no case', async () => {
    const cases = await count('delivery_case');
    await fc.assert(
      fc.asyncProperty(incomplete, fc.constantFrom('parkeer', 'paspoort'), async (a, which) => {
        const s = which === 'parkeer' ? parkeer : paspoort;
        const res = await api('POST', '/api/v1/applications', 'bob', {
          organisationCode: 'GM0363',
          serviceId: s.id,
          answers: a,
          idempotencyKey: key(),
        });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.type).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
    expect(await count('delivery_case')).toBe(cases);
  });

  it('random bodies give a 4xx, never a 5xx, and store no case', async () => {
    const cases = await count('delivery_case');
    const bodies = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            organisationCode: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('GM0363'), fc.integer()),
            serviceId: fc.oneof(fc.uuid(), fc.constant(paspoort.id), fc.string({ maxLength: 40 })),
            formId: fc.oneof(fc.string({ maxLength: 70 }), fc.constant('parkeervergunning'), fc.constant('toelichting')),
            answers: fc.oneof(incomplete, fc.jsonValue({ maxDepth: 2 })),
            idempotencyKey: fc.oneof(fc.string({ maxLength: 120 }), fc.constant('kort'), fc.integer()),
            extra: fc.jsonValue({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await api('POST', '/api/v1/applications', 'bob', body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    expect(await count('delivery_case')).toBe(cases);
  });
});
