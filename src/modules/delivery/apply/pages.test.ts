// The application pages through HTTP on the composed app (LOKET_TEST_DB=sqlite|postgres): the
// whole flow (start → each step → summary → submit → receipt), the Dutch error summary, prefill
// from the registers, another person's draft, a repeated submit, and refused uploads.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCount, readJson, sql } from '../../../platform/db/index.ts';
import { formatDate } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service } from '../../catalog/model.ts';
import { shippedUplFile } from '../../catalog/reference.ts';
import { importUpl } from '../../catalog/service.ts';
import { insertServices } from '../../catalog/store.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../../registry/people/test-fixtures.ts';
import { publishServices, rowCount } from '../test-fixtures.ts';
import { prefillActivity } from './service.ts';

const parkeerUri = 'http://standaarden.overheid.nl/owms/terms/parkeervergunning';
const bijstandUri = 'http://standaarden.overheid.nl/owms/terms/bijzBijstUitk';
const paspoortUri = 'http://standaarden.overheid.nl/owms/terms/paspoort';

let t: TestApp;
let parkeer: Service;
let bijstand: Service;
let paspoort: Service;
const [aliceBsn = '', bobBsn = '', carolBsn = '', daveBsn = ''] = bsnSeries(31_000_000, 4);
const sessions: Record<string, string> = {};
const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };
const amsterdam = { code: 'GM0363', name: 'Amsterdam' };

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-30T10:00:00Z' });
  [parkeer, bijstand, paspoort] = (await publishServices(t.ctx, catalog, amsterdam, [parkeerUri, bijstandUri, paspoortUri])) as [
    Service,
    Service,
    Service,
  ];
  await addPerson(t.database, { bsn: aliceBsn, birthDate: '1985-03-14', givenNames: 'Alice', surnamePrefix: 'de', surname: 'Vries' });
  await addPerson(t.database, {
    bsn: bobBsn,
    birthDate: '1990-07-01',
    givenNames: 'Bob',
    surname: 'Jansen',
    address: {
      street: 'Damrak',
      houseNumber: 5,
      houseNumberAddition: 'A',
      postcode: '1012LG',
      city: 'Amsterdam',
      municipalityCode: 'GM0363',
    },
  });
  await addPerson(t.database, { bsn: carolBsn, birthDate: '1970-01-01', givenNames: 'Carol', surname: 'Bakker' });
  sessions['alice'] = await t.loginAs(personLogin(aliceBsn));
  sessions['bob'] = await t.loginAs(personLogin(bobBsn));
  sessions['carol'] = await t.loginAs(personLogin(carolBsn));
  await addPerson(t.database, { bsn: daveBsn, birthDate: '1960-05-05', givenNames: 'Dave', surname: 'Smit' });
  sessions['dave'] = await t.loginAs(personLogin(daveBsn));
  sessions['official'] = await t.loginAs(
    officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['case_handler'], name: 'Medewerker' })),
  );
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// A small browser: keeps the cookies (session, CSRF secret) and the last CSRF token.

class Browser {
  readonly cookies = new Map<string, string>();
  token = '';

  constructor(session: string | undefined) {
    if (session) {
      const [name = '', value = ''] = session.split('=');
      this.cookies.set(name, value);
    }
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.token = token;
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.absorb(await t.request({ url, headers: { cookie: this.header(), accept: 'text/html' } }));
  }

  /** Follows redirects (303) from `url` and returns the page it ends on. */
  async follow(url: string): Promise<{ res: LightMyRequestResponse; url: string }> {
    let at = url;
    for (let i = 0; i < 5; i++) {
      const res = await this.get(at);
      if (res.statusCode !== 303 && res.statusCode !== 302) return { res, url: at };
      at = String(res.headers.location);
    }
    throw new Error('too many redirects');
  }

  async post(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    body.append('_csrf', this.token);
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
    return this.absorb(
      await t.request({
        method: 'POST',
        url,
        headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: body.toString(),
      }),
    );
  }

  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: readonly { name: string; fileName: string; type: string; content: Buffer }[],
  ): Promise<LightMyRequestResponse> {
    const boundary = `----loket${Math.random().toString(36).slice(2)}`;
    const parts: Buffer[] = [];
    const add = (text: string): number => parts.push(Buffer.from(text, 'utf8'));
    for (const [k, v] of Object.entries({ _csrf: this.token, ...fields })) {
      add(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    }
    for (const f of files) {
      add(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.fileName}"\r\nContent-Type: ${f.type}\r\n\r\n`);
      parts.push(f.content);
      add('\r\n');
    }
    add(`--${boundary}--\r\n`);
    return this.absorb(
      await t.request({
        method: 'POST',
        url,
        headers: { cookie: this.header(), 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' },
        payload: Buffer.concat(parts),
      }),
    );
  }
}

const base = (s: Service): string => `/diensten/${s.organisationCode}/${s.id}/aanvragen`;
const stepUrl = (s: Service, step: string): string => `${base(s)}/stap/${step}`;

const count = (table: string): Promise<number> => rowCount(t.database.db, table);

interface DraftRow {
  id: string;
  answers: string;
  case_id: string | null;
  current_step: string | null;
  offer_id: string | null;
}
async function draftsOf(bsn: string, service: Service): Promise<DraftRow[]> {
  const r = await sql<DraftRow>`select id, answers, case_id, current_step, offer_id from delivery_draft
    where applicant_kind = 'person' and applicant_id = ${bsn} and service_id = ${service.id}`.execute(t.database.db);
  return r.rows;
}
async function openDraftOf(bsn: string, service: Service): Promise<DraftRow> {
  const open = (await draftsOf(bsn, service)).filter((d) => d.case_id === null);
  expect(open).toHaveLength(1);
  return open[0] as DraftRow;
}

// ---------------------------------------------------------------------------------------------

describe('the catalog service page', () => {
  it('has an "Aanvragen" button that leads to the application', async () => {
    const res = await t.request({ url: `/diensten/${parkeer.organisationCode}/${parkeer.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${base(parkeer)}"`);
    expect(res.body).toContain('>Aanvragen</a>');
  });
});

describe('applying through the pages', () => {
  it('sends a visitor who is not logged in to the login page and back; an official gets a refusal', async () => {
    const anonymous = await new Browser(undefined).get(`${base(parkeer)}?aanbod=x`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(`${base(parkeer)}?aanbod=x`)}`);
    const official = await new Browser(sessions['official']).get(base(parkeer));
    expect(official.statusCode).toBe(403);
    expect(official.body).toContain('Alleen inwoners en ondernemers kunnen een aanvraag doen.');
    expect(await count('delivery_draft')).toBe(0);
  });

  it('goes from the form through every step to the summary, the submit and the receipt with case number and due date', async () => {
    const alice = new Browser(sessions['alice']);
    const offerId = newId();
    const start = await alice.get(`${base(parkeer)}?aanbod=${offerId}`);
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe(stepUrl(parkeer, 'applicant'));

    // Step 1: name and address come from the BRP, shown with their source; not asked.
    const first = await alice.get(stepUrl(parkeer, 'applicant'));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Stap 1 van 4');
    expect(first.body).toContain('Alice de Vries');
    expect(first.body).toContain('Amstel 1, 1011 PN Amsterdam');
    expect(first.body).toContain('uit de Basisregistratie Personen');
    expect(first.body).not.toContain('name="name"');
    expect(first.body).toContain('U vraagt dit aan naar aanleiding van ons aanbod.');
    expect((await openDraftOf(aliceBsn, parkeer)).offer_id).toBe(offerId);

    let res = await alice.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: 'Alice@Example.NL', phone: '06 12345678' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(stepUrl(parkeer, 'vehicle'));

    // Step 2.
    expect((await alice.get(stepUrl(parkeer, 'vehicle'))).body).toContain('Stap 2 van 4');
    res = await alice.post(stepUrl(parkeer, 'vehicle'), { actie: 'volgende', licencePlate: 'ab123c', registeredTo: 'self' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(stepUrl(parkeer, 'start'));

    // Step 3, then the summary.
    await alice.get(stepUrl(parkeer, 'start'));
    res = await alice.post(stepUrl(parkeer, 'start'), { actie: 'volgende', startDate: '1-12-2026', remarks: 'Graag per\r\n1 december.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base(parkeer)}/controle`);

    const summary = await alice.get(`${base(parkeer)}/controle`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Controleer uw aanvraag');
    for (const text of [
      'Alice de Vries',
      'alice@example.nl'.replace('alice', 'Alice'),
      '0612345678',
      'AB-123-C',
      'Op mijn naam',
      '1 december 2026',
    ])
      expect(summary.body).toContain(text);
    expect(summary.body).toContain(`href="${stepUrl(parkeer, 'vehicle')}"`);
    expect(summary.body.match(/>Wijzigen</g)).toHaveLength(3);
    const draft = await openDraftOf(aliceBsn, parkeer);
    expect(summary.body).toContain(`name="concept" value="${draft.id}"`);

    // Submit: a case, the draft marked, the receipt.
    const before = await count('delivery_case');
    res = await alice.post(`${base(parkeer)}/versturen`, { concept: draft.id });
    expect(res.statusCode).toBe(303);
    const receiptUrl = String(res.headers.location);
    expect(receiptUrl).toMatch(/^\/zaken\/GM0363\/[0-9a-f-]{36}\/ontvangen$/);
    expect(await count('delivery_case')).toBe(before + 1);
    const caseId = receiptUrl.split('/')[3] ?? '';
    const kase = (
      await sql<{
        case_number: string;
        due_date: string;
        answers: string;
      }>`select case_number, due_date, answers from delivery_case where id = ${caseId}`.execute(t.database.db)
    ).rows[0];
    expect(kase).toBeDefined();
    if (!kase) return;
    expect(readJson<Record<string, unknown>>(kase.answers)).toEqual({
      name: 'Alice de Vries',
      address: 'Amstel 1, 1011 PN Amsterdam',
      email: 'Alice@example.nl',
      phone: '0612345678',
      licencePlate: 'AB-123-C',
      registeredTo: 'self',
      startDate: '2026-12-01',
      remarks: 'Graag per\n1 december.',
    });
    const marked = (await draftsOf(aliceBsn, parkeer)).find((d) => d.id === draft.id);
    expect(marked?.case_id).toBe(caseId);
    expect(readJson(marked?.answers ?? 'null')).toEqual({});

    const receipt = await alice.get(receiptUrl);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Wij hebben uw aanvraag ontvangen');
    expect(receipt.body).toMatch(/Z-2026-\d{6}/);
    expect(receipt.body).toContain(kase.case_number);
    const due = formatDate(kase.due_date.slice(0, 10), 'nl');
    expect(due).toMatch(/^\d{1,2} [a-z]+ \d{4}$/);
    expect(receipt.body).toContain(due);
    expect(receipt.body).toContain(`href="/zaken/GM0363/${caseId}"`);
    expect(receipt.body).toContain('href="/zaken"');

    // The trail: created, updated per step, submitted — all on the draft.
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where object_type = 'delivery_draft' and object_id = ${draft.id} order by occurred_at, id`.execute(
      t.database.db,
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions[0]).toBe('delivery.draft_created');
    expect(actions.filter((a) => a === 'delivery.draft_updated')).toHaveLength(3);
    expect(actions.at(-1)).toBe('delivery.draft_submitted');
    // Reading the BRP for the prefill is in the processing log, for Alice.
    const lines = await t.ctx.processingLog.about(t.database.db, { id: aliceBsn, type: 'BSN' });
    expect(lines.filter((l) => l.activityId === prefillActivity.id)).toHaveLength(1);
    expect(lines.find((l) => l.activityId === prefillActivity.id)?.organisationCode).toBe('GM0363');
  });

  it('shows a step with errors again with the Dutch error summary, and stores nothing of that step', async () => {
    const bob = new Browser(sessions['bob']);
    await bob.follow(base(parkeer));
    const before = await openDraftOf(bobBsn, parkeer);
    const res = await bob.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: 'bob-at-example', phone: 'bel me' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<title>Fout: /);
    expect(res.body).toContain('Er is een probleem');
    expect(res.body).toContain(
      '<a class="utrecht-link loket-error-summary__link" href="#email">Vul uw e-mailadres in zoals naam@voorbeeld.nl.</a>',
    );
    expect(res.body).toContain('href="#phone"');
    expect(res.body).toContain('value="bob-at-example"'); // what was typed stays
    const after = await openDraftOf(bobBsn, parkeer);
    expect(after.answers).toBe(before.answers);
    expect(after.current_step).toBe(before.current_step);

    // A required field left empty, and one valid with one invalid: still nothing stored.
    const empty = await bob.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: '', phone: '0612345678' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Vul uw e-mailadres in.');
    expect((await openDraftOf(bobBsn, parkeer)).answers).toBe(before.answers);

    // A forged field name (not on this step, or not in the form at all) is refused.
    for (const forged of [{ isAdmin: 'ja' }, { licencePlate: 'AB-123-C' }, { name: 'Iemand Anders' }]) {
      const r = await bob.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: 'bob@example.nl', ...forged });
      expect(r.statusCode).toBe(400);
      expect(r.body).toMatch(/Dit veld hoort niet bij deze stap|U kunt dit hier niet wijzigen/);
      expect((await openDraftOf(bobBsn, parkeer)).answers).toBe(before.answers);
    }

    // English.
    const en = await t.request({
      method: 'POST',
      url: stepUrl(parkeer, 'applicant'),
      headers: {
        cookie: `${[...bob.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lang=en`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: bob.token, actie: 'volgende', email: 'x' }).toString(),
    });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('There is a problem');
    expect(en.body).toContain('Enter your email address like name@example.com.');
  });

  it('shows each applicant their own register data', async () => {
    const bob = new Browser(sessions['bob']);
    const page = (await bob.follow(stepUrl(parkeer, 'applicant'))).res;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bob Jansen');
    expect(page.body).toContain('Damrak 5-A, 1012 LG Amsterdam');
    expect(page.body).not.toContain('Alice');
    expect(page.body).not.toContain('Amstel 1');
  });

  it('"Opslaan en later verder" keeps what is valid and the draft; coming back resumes at that step', async () => {
    const carol = new Browser(sessions['carol']);
    await carol.follow(base(parkeer));
    await carol.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: 'carol@example.nl' });
    await carol.get(stepUrl(parkeer, 'vehicle'));
    const res = await carol.post(stepUrl(parkeer, 'vehicle'), { actie: 'opslaan', licencePlate: '12-ABC-3', registeredTo: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base(parkeer)}/bewaard`);
    const saved = await carol.get(`${base(parkeer)}/bewaard`);
    expect(saved.body).toContain('Uw aanvraag is bewaard');
    const draft = await openDraftOf(carolBsn, parkeer);
    expect(readJson<Record<string, unknown>>(draft.answers)['email']).toBe('carol@example.nl');
    expect(draft.current_step).toBe('vehicle');
    const again = await carol.get(base(parkeer));
    expect(again.headers.location).toBe(stepUrl(parkeer, 'vehicle'));
  });

  it("never shows another person's draft, and refuses to submit it", async () => {
    const alice = new Browser(sessions['alice']);
    await alice.follow(base(paspoort));
    await alice.post(stepUrl(paspoort, 'aanvraag'), { actie: 'volgende', toelichting: 'Geheim van Alice: mijn paspoort is weg.' });
    const aliceDraft = await openDraftOf(aliceBsn, paspoort);

    const bob = new Browser(sessions['bob']);
    const bobs = (await bob.follow(base(paspoort))).res;
    expect(bobs.statusCode).toBe(200);
    expect(bobs.body).not.toContain('Geheim van Alice');
    const summary = await bob.get(`${base(paspoort)}/controle`);
    expect(summary.body).not.toContain('Geheim van Alice');
    expect(summary.body).not.toContain(aliceDraft.id);

    const cases = await count('delivery_case');
    const stolen = await bob.post(`${base(paspoort)}/versturen`, { concept: aliceDraft.id });
    expect(stolen.statusCode).toBe(404);
    expect(await count('delivery_case')).toBe(cases);
    expect((await openDraftOf(aliceBsn, paspoort)).answers).toBe(aliceDraft.answers);

    // Nor Alice's receipt.
    await alice.get(`${base(paspoort)}/controle`);
    const submitted = await alice.post(`${base(paspoort)}/versturen`, { concept: aliceDraft.id });
    expect(submitted.statusCode).toBe(303);
    const peek = await bob.get(String(submitted.headers.location));
    expect(peek.statusCode).toBe(404);
    expect(peek.body).not.toMatch(/Z-2026-\d{6}/);
  });

  it('gives the same case for a second submit of the same draft, also at the same moment', async () => {
    const carol = new Browser(sessions['carol']);
    await carol.follow(base(paspoort));
    await carol.post(stepUrl(paspoort, 'aanvraag'), { actie: 'volgende', toelichting: 'Ik heb een nieuw paspoort nodig.' });
    await carol.get(`${base(paspoort)}/controle`);
    const draft = await openDraftOf(carolBsn, paspoort);
    const cases = await count('delivery_case');
    const [a, b] = await Promise.all([
      carol.post(`${base(paspoort)}/versturen`, { concept: draft.id }),
      carol.post(`${base(paspoort)}/versturen`, { concept: draft.id }),
    ]);
    expect(a.statusCode).toBe(303);
    expect(b.statusCode).toBe(303);
    expect(b.headers.location).toBe(a.headers.location);
    const again = await carol.post(`${base(paspoort)}/versturen`, { concept: draft.id });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(a.headers.location);
    expect(await count('delivery_case')).toBe(cases + 1);
    expect((await carol.get(String(again.headers.location))).statusCode).toBe(200);
    // As if the process stopped between making the case and marking the draft: the draft's id is
    // the idempotency key, so submitting it again still gives the same case.
    await sql`update delivery_draft set case_id = null, answers = ${draft.answers} where id = ${draft.id}`.execute(t.database.db);
    const resumed = await carol.post(`${base(paspoort)}/versturen`, { concept: draft.id });
    expect(resumed.statusCode).toBe(303);
    expect(resumed.headers.location).toBe(a.headers.location);
    expect(await count('delivery_case')).toBe(cases + 1);
    // A new application for the same service starts a new draft.
    const next = await carol.get(base(paspoort));
    expect(next.statusCode).toBe(303);
    const open = (await draftsOf(carolBsn, paspoort)).filter((d) => d.case_id === null);
    expect(open).toHaveLength(1);
    expect(open[0]?.id).not.toBe(draft.id);
  });

  it('stops a draft on request: the draft and its files are deleted, with an audit record', async () => {
    const dave = new Browser(sessions['dave']);
    await dave.follow(base(bijstand));
    await dave.get(stepUrl(bijstand, 'documents'));
    const added = await dave.postMultipart(stepUrl(bijstand, 'documents'), { actie: 'toevoegen' }, [
      { name: 'bankStatements', fileName: 'afschrift.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 afschrift') },
    ]);
    expect(added.statusCode).toBe(303);
    const draft = await openDraftOf(daveBsn, bijstand);
    expect(
      (await sql<{ id: string }>`select id from delivery_attachment where draft_id = ${draft.id}`.execute(t.database.db)).rows,
    ).toHaveLength(1);
    await dave.get(`${base(bijstand)}/controle`);
    const res = await dave.post(`${base(bijstand)}/stoppen`, {});
    expect(res.statusCode).toBe(303);
    expect((await dave.get(String(res.headers.location))).body).toContain('Wij hebben uw antwoorden en bestanden gewist.');
    expect(await draftsOf(daveBsn, bijstand)).toEqual([]);
    expect(
      (await sql<{ id: string }>`select id from delivery_attachment where draft_id = ${draft.id}`.execute(t.database.db)).rows,
    ).toEqual([]);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where object_id = ${draft.id} and action = 'delivery.draft_deleted'`.execute(t.database.db);
    expect(audit.rows).toHaveLength(1);
  });

  it('shows what is still missing on the summary when the draft is submitted incomplete', async () => {
    const bob = new Browser(sessions['bob']);
    await bob.follow(base(bijstand));
    await bob.get(`${base(bijstand)}/controle`);
    const draft = await openDraftOf(bobBsn, bijstand);
    const cases = await count('delivery_case');
    const res = await bob.post(`${base(bijstand)}/versturen`, { concept: draft.id });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Er is een probleem');
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('Vul uw e-mailadres in.');
    expect(await count('delivery_case')).toBe(cases);
  });
});

describe('attachments', () => {
  const pdf = (size: number): Buffer => {
    const b = Buffer.alloc(size, 0x20);
    b.write('%PDF-1.7\n', 0, 'latin1');
    return b;
  };

  it('stores an accepted file and lists it; removing it deletes it', async () => {
    const carol = new Browser(sessions['carol']);
    await carol.follow(base(bijstand));
    const page = await carol.get(stepUrl(bijstand, 'documents'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const res = await carol.postMultipart(stepUrl(bijstand, 'documents'), { actie: 'toevoegen' }, [
      { name: 'invoice', fileName: 'rekening.pdf', type: 'application/pdf', content: pdf(2048) },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(stepUrl(bijstand, 'documents'));
    const rows = await sql<{
      id: string;
      file_name: string;
      size_bytes: number;
      sha256: string;
    }>`select id, file_name, size_bytes, sha256 from delivery_attachment
      where applicant_id = ${carolBsn}`.execute(t.database.db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ file_name: 'rekening.pdf', size_bytes: 2048 });
    const listed = await carol.get(stepUrl(bijstand, 'documents'));
    expect(listed.body).toContain('rekening.pdf');
    const id = rows.rows[0]?.id ?? '';
    expect(listed.body).toContain(`name="verwijderen" value="${id}"`);

    const removed = await carol.postMultipart(stepUrl(bijstand, 'documents'), { verwijderen: id }, []);
    expect(removed.statusCode).toBe(303);
    expect(await count('delivery_attachment')).toBe(0);
    expect((await carol.get(stepUrl(bijstand, 'documents'))).body).not.toContain('rekening.pdf');
  });

  it('refuses a file that is too large or of the wrong type with a Dutch message, and stores nothing', async () => {
    const bob = new Browser(sessions['bob']);
    await bob.follow(base(bijstand));
    await bob.get(stepUrl(bijstand, 'documents'));
    const draftBefore = await openDraftOf(bobBsn, bijstand);
    const attempts: { file: { name: string; fileName: string; type: string; content: Buffer }; message: string }[] = [
      {
        file: { name: 'invoice', fileName: 'groot.pdf', type: 'application/pdf', content: pdf(10_000_001) },
        message: 'Het bestand bij de rekening of offerte is te groot. Een bestand mag hoogstens 10 MB zijn.',
      },
      {
        file: {
          name: 'bankStatements',
          fileName: 'afschrift.png',
          type: 'image/png',
          content: Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1'),
        },
        message: 'Voeg bij uw bankafschriften alleen bestanden toe van het soort PDF.',
      },
      {
        // Named and declared a PDF, but it is not one.
        file: {
          name: 'invoice',
          fileName: 'rekening.pdf',
          type: 'application/pdf',
          content: Buffer.from('MZ\x90\x00 not a pdf', 'latin1'),
        },
        message: 'Voeg bij de rekening of offerte alleen bestanden toe van het soort PDF, JPG, JPEG of PNG.',
      },
      {
        file: { name: 'invoice', fileName: 'script.exe', type: 'application/octet-stream', content: Buffer.from('MZ', 'latin1') },
        message: 'Voeg bij de rekening of offerte alleen bestanden toe van het soort PDF, JPG, JPEG of PNG.',
      },
    ];
    for (const { file, message } of attempts) {
      for (const actie of ['toevoegen', 'volgende']) {
        const res = await bob.postMultipart(stepUrl(bijstand, 'documents'), { actie }, [file]);
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('Er is een probleem');
        expect(res.body).toContain(message);
        expect(res.body).toContain(`href="#${file.name}"`);
      }
    }
    expect(
      readCount(
        (await sql<{ n: number }>`select count(*) as n from delivery_attachment where applicant_id = ${bobBsn}`.execute(t.database.db))
          .rows[0]?.n,
      ),
    ).toBe(0);
    expect((await openDraftOf(bobBsn, bijstand)).answers).toBe(draftBefore.answers);
  });

  it('asks for a file a choice on the same step calls for, and links the file with the case on submit', async () => {
    const dave = new Browser(sessions['dave']);
    await dave.follow(base(parkeer));
    await dave.post(stepUrl(parkeer, 'applicant'), { actie: 'volgende', email: 'dave@example.nl' });
    const vehicle = await dave.get(stepUrl(parkeer, 'vehicle'));
    expect(vehicle.body).toContain('enctype="multipart/form-data"');
    expect(vehicle.body).not.toContain('id="leaseContract"');
    // Choosing "lease" reveals the file field: asked for with its message.
    const asked = await dave.postMultipart(
      stepUrl(parkeer, 'vehicle'),
      { actie: 'volgende', licencePlate: 'AB-123-C', registeredTo: 'lease' },
      [],
    );
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain('href="#leaseContract"');
    expect(asked.body).toContain('Voeg het lease-contract of de verklaring toe.');
    expect(asked.body).toContain('id="leaseContract"');
    // Now with the file (a JPEG), and on.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
    const on = await dave.postMultipart(
      stepUrl(parkeer, 'vehicle'),
      { actie: 'volgende', licencePlate: 'AB-123-C', registeredTo: 'lease' },
      [{ name: 'leaseContract', fileName: 'C:\\Users\\dave\\verklaring.JPG', type: 'image/jpeg', content: jpeg }],
    );
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe(stepUrl(parkeer, 'start'));
    await dave.post(stepUrl(parkeer, 'start'), { actie: 'volgende', startDate: '30-11-2026' });
    const summary = await dave.get(`${base(parkeer)}/controle`);
    expect(summary.body).toContain('verklaring.JPG');
    const draft = await openDraftOf(daveBsn, parkeer);
    const sent = await dave.post(`${base(parkeer)}/versturen`, { concept: draft.id });
    expect(sent.statusCode).toBe(303);
    const caseId = String(sent.headers.location).split('/')[3];
    const files = await sql<{ file_name: string; mime_type: string; size_bytes: number; case_id: string | null; sha256: string }>`
      select file_name, mime_type, size_bytes, case_id, sha256 from delivery_attachment where applicant_id = ${daveBsn}`.execute(
      t.database.db,
    );
    expect(files.rows).toEqual([
      {
        file_name: 'verklaring.JPG',
        mime_type: 'image/jpeg',
        size_bytes: 504,
        case_id: caseId,
        sha256: createHash('sha256').update(jpeg).digest('hex'),
      },
    ]);
    const kase = (await sql<{ answers: string }>`select answers from delivery_case where id = ${caseId ?? ''}`.execute(t.database.db))
      .rows[0];
    expect(readJson<Record<string, unknown>>(kase?.answers ?? '{}')['leaseContract']).toEqual([
      expect.objectContaining({ fileName: 'verklaring.JPG', mimeType: 'image/jpeg', sizeBytes: 504 }),
    ]);
  });

  it('answers a malformed upload with a 400, not a server error', async () => {
    const bob = new Browser(sessions['bob']);
    await bob.get(stepUrl(bijstand, 'documents'));
    const cookie = [...bob.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.request({
      method: 'POST',
      url: stepUrl(bijstand, 'documents'),
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=xyz', accept: 'text/html' },
      payload: `--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${bob.token}\r\n--xyz\r\nContent-Disposition: form-data; name="invoice"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 cut off`,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});
