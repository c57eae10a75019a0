// The pages of case handlers (LOKET_TEST_DB=sqlite|postgres): the work queue of their
// organisation with its filters (no personal data in the list), claiming from the queue, and the
// case with the applicant's register data (the view is logged), where every action goes through
// its form: claim, assign, request information, record information, extend the term, decide,
// close. Bad input shows the error summary and changes nothing; a step the state does not allow
// is refused on the page; another organisation's case is not found; citizens get 403.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../platform/i18n/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { addDays, legalCalendar, nextWorkingDay, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import type { Official } from '../registry/people/model.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { objectionTerm } from './model.ts';
import { deliveryLegalRules } from './reference.ts';
import { internalOrigin, withdrawApplication, type CaseView, type DeliveryCase } from './service.ts';
import {
  addCaseOfficials,
  applicationProducts,
  caseOfficialLogins,
  caseSnapshot,
  keySeries,
  personPrincipal,
  publishedServices,
  rowCount,
  seedCatalog,
  settableClock,
  siteVisitors,
  submitCase,
  useReasonableTerm,
  viewCase,
} from './test-fixtures.ts';

const start = '2026-11-30T09:00:00Z'; // a Monday
const clock = settableClock(start);

let t: TestApp;
let serviceX = { organisationCode: '', id: '' };
let serviceX2 = { organisationCode: '', id: '' };
let serviceY = { organisationCode: '', id: '' };
let handler: Official;
let handler2: Official;
let otherHandler: Official;
let designer: Official;
const [aliceBsn = ''] = bsnSeries(56_789_010, 1);
const alice = personPrincipal(aliceBsn);

const { logInAll, moveClock, backToStart, get, openForm, post } = siteVisitors(
  () => t,
  () => ({
    alice: personLogin(aliceBsn),
    ...caseOfficialLogins({ officialLogin }, { handler, handler2, otherHandler, designer }),
  }),
  clock,
);

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedCatalog(t.ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, applicationProducts(12));
  await useReasonableTerm(t.database.db);
  const rows = await publishedServices(t.database.db);
  // An organisation with two services, and another organisation.
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.organisationCode, (counts.get(r.organisationCode) ?? 0) + 1);
  const orgX = [...counts].find(([, n]) => n >= 2)?.[0];
  const [x1, x2] = rows.filter((r) => r.organisationCode === orgX);
  const y = rows.find((r) => r.organisationCode !== orgX);
  if (!x1 || !x2 || !y) throw new Error('need an organisation with two services and another one');
  serviceX = { organisationCode: x1.organisationCode, id: x1.id };
  serviceX2 = { organisationCode: x2.organisationCode, id: x2.id };
  serviceY = { organisationCode: y.organisationCode, id: y.id };
  await addPerson(t.database, {
    bsn: aliceBsn,
    birthDate: '1980-01-01',
    givenNames: 'Alice',
    surnamePrefix: 'van',
    surname: 'Dijk',
    address: {
      street: 'Kerkstraat',
      houseNumber: 12,
      houseNumberAddition: 'B',
      postcode: '1017GC',
      city: 'Amsterdam',
      municipalityCode: 'GM0363',
    },
  });
  ({ handler, handler2, otherHandler, designer } = await addCaseOfficials(
    t.database,
    { addOfficial },
    serviceX.organisationCode,
    serviceY.organisationCode,
  ));
  await logInAll();
}, 120_000);
afterAll(() => t.close());
afterEach(backToStart);

const key = keySeries('work-pages-');
const submit = (service = serviceX, text = 'Ik vraag dit aan.'): Promise<DeliveryCase> =>
  submitCase(t.ctx, alice, service, { toelichting: text }, key());
const view = (kase: DeliveryCase): Promise<CaseView> => viewCase(t.ctx, alice, kase);
const snapshot = (c: { organisationCode: string; id: string }): Promise<unknown> => caseSnapshot(t.database.db, c);
const count = (table: string): Promise<number> => rowCount(t.database.db, table);

const pathOf = (c: { organisationCode: string; id: string }, step?: string): string =>
  `/behandelen/${c.organisationCode}/${c.id}${step ? `/${step}` : ''}`;

const long = (date: string | null): string => formatDate(date ?? '', 'nl');

/** Posts an action's form on the case page and expects the redirect back with its notice. */
async function act(
  kase: DeliveryCase,
  step: string,
  fields: Record<string, string>,
  notice: string,
  who: 'handler' | 'handler2' = 'handler',
) {
  const f = await openForm(pathOf(kase), who);
  expect(f.res.body, step).toContain(`action="${pathOf(kase, step)}"`);
  const res = await post(pathOf(kase, step), f, fields);
  expect(res.statusCode, res.body).toBe(303);
  expect(res.headers.location).toBe(`${pathOf(kase)}?melding=${notice}`);
  return res;
}

describe('who may use the pages', () => {
  it('sends visitors to the login page; citizens and other roles get 403', async () => {
    const kase = await submit();
    for (const url of ['/behandelen', `/behandelen?status=ingetrokken`, pathOf(kase)]) {
      const res = await get(url, 'nobody');
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
    for (const who of ['alice', 'designer'] as const) {
      expect((await get('/behandelen', who)).statusCode, who).toBe(403);
      expect((await get(pathOf(kase), who)).statusCode, who).toBe(403);
    }
  });

  it('a case handler of another organisation does not find the case (404), also not through a form', async () => {
    const kase = await submit();
    const before = await snapshot(kase);
    expect((await get(pathOf(kase), 'otherHandler')).statusCode).toBe(404);
    const own = await submit(serviceY);
    const f = await openForm(pathOf(own), 'otherHandler');
    expect(f.token).not.toBe('');
    for (const step of ['oppakken', 'afsluiten']) expect((await post(pathOf(kase, step), f)).statusCode, step).toBe(404);
    const queue = await get('/behandelen', 'otherHandler');
    expect(queue.body).not.toContain(kase.caseNumber);
    expect(queue.body).toContain(own.caseNumber);
    expect(await snapshot(kase)).toEqual(before);
  });
});

describe('the work queue', () => {
  it('lists the organisation’s open cases by due date without personal data, with "Oppakken" for unassigned ones', async () => {
    const kase = await submit();
    const res = await get('/behandelen', 'handler');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Werkvoorraad | Loket</title>');
    expect(res.body).toContain(`href="${pathOf(kase)}"`);
    expect(res.body).toContain(long(kase.receivedOn));
    expect(res.body).toContain(long(kase.dueDate));
    expect(res.body).toContain(`action="${pathOf(kase, 'oppakken')}"`);
    expect(res.body).toContain(`: zaak ${kase.caseNumber} oppakken`);
    // No personal data in the list.
    expect(res.body).not.toContain(aliceBsn);
    expect(res.body).not.toContain('Dijk');
    expect(res.body).not.toContain('Kerkstraat');
    expect(res.body).not.toContain('Ik vraag dit aan.');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
  });

  it('claims from the queue and goes back to the same view of it', async () => {
    const kase = await submit();
    const queueUrl = '/behandelen?behandelaar=niemand&sorteer=ontvangen-nieuwst';
    const f = await openForm(queueUrl, 'handler');
    expect(f.res.body).toContain(kase.caseNumber);
    const res = await post(pathOf(kase, 'oppakken'), f, { terug: `${queueUrl}&pagina=1` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${queueUrl}&pagina=1`);
    const after = await view(kase);
    expect(after.case).toMatchObject({ status: 'in_progress', assigneeOfficialId: handler.id });
    // Now it is the handler's: under "mine", not under "unassigned"; colleague sees "Een collega".
    expect((await get('/behandelen?behandelaar=mij', 'handler')).body).toContain(kase.caseNumber);
    expect((await get('/behandelen?behandelaar=niemand', 'handler')).body).not.toContain(kase.caseNumber);
    expect((await get('/behandelen?behandelaar=mij', 'handler2')).body).not.toContain(kase.caseNumber);
    // A return address elsewhere is not followed: back to the case instead.
    const other = await submit();
    const away = await post(pathOf(other, 'oppakken'), f, { terug: 'https://example.org/' });
    expect(away.headers.location).toBe(`${pathOf(other)}?melding=opgepakt`);
  });

  it('filters by status, service and lateness, sorts, and refuses unknown filter values with the error summary', async () => {
    const a = await submit(serviceX);
    const b = await submit(serviceX2);
    const withdrawn = await submit(serviceX);
    expect((await withdrawApplication(t.ctx, alice, withdrawn.organisationCode, withdrawn.id, internalOrigin())).ok).toBe(true);

    const open = await get('/behandelen', 'handler');
    expect(open.body).toContain(a.caseNumber);
    expect(open.body).not.toContain(withdrawn.caseNumber);
    const onlyWithdrawn = await get('/behandelen?status=ingetrokken', 'handler');
    expect(onlyWithdrawn.body).toContain(withdrawn.caseNumber);
    expect(onlyWithdrawn.body).not.toContain(a.caseNumber);
    expect(onlyWithdrawn.body).toMatch(/<option value="ingetrokken" selected/);

    const byService = await get(`/behandelen?dienst=${serviceX2.id}`, 'handler');
    expect(byService.body).toContain(b.caseNumber);
    expect(byService.body).not.toContain(a.caseNumber);

    // Nothing is late today; after the due date, a is, and is marked so in text.
    expect((await get('/behandelen?te-laat=ja', 'handler')).body).toContain('Er zijn geen zaken die hierbij passen.');
    while (clock.today() <= (a.dueDate as IsoDate)) clock.advanceDays(1);
    await moveClock({ days: 0 });
    const late = await get('/behandelen?te-laat=ja', 'handler');
    expect(late.body).toContain(a.caseNumber);
    expect(late.body).toContain('(Te laat)');
    expect(late.body).toMatch(/name="te-laat" id="te-laat" value="ja" checked/);

    const bad = await get(`/behandelen?status=weg&behandelaar=iemand&dienst=${serviceY.id}&sorteer=x&pagina=0`, 'handler');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Fout: Werkvoorraad | Loket</title>');
    expect(bad.body).toContain('Er is een probleem');
    for (const field of ['status', 'behandelaar', 'dienst', 'sorteer']) expect(bad.body).toContain(`href="#${field}"`);
    expect(bad.body).not.toContain(a.caseNumber);
  });
});

describe('sorting the work queue', () => {
  it('by date of receipt (oldest or newest first) and by due date', async () => {
    const older = await submit(serviceX2);
    await moveClock({ days: 1 });
    const newer = await submit(serviceX2);
    const order = (html: string): number => html.indexOf(older.caseNumber) - html.indexOf(newer.caseNumber);
    const url = `/behandelen?dienst=${serviceX2.id}&behandelaar=niemand`;
    const newest = await get(`${url}&sorteer=ontvangen-nieuwst`, 'handler');
    expect(newest.body).toMatch(/<option value="ontvangen-nieuwst" selected/);
    expect(order(newest.body)).toBeGreaterThan(0);
    expect(order((await get(`${url}&sorteer=ontvangen`, 'handler')).body)).toBeLessThan(0);
    expect(order((await get(`${url}&sorteer=beslisdatum`, 'handler')).body)).toBeLessThan(0);
    expect(order((await get(`${url}&sorteer=beslisdatum-laatst`, 'handler')).body)).toBeGreaterThan(0);
  });
});

describe('the case for the official', () => {
  it('shows the application, the applicant’s register data (logged), the term and the trail', async () => {
    const kase = await submit(serviceX, 'Graag een vergunning voor mijn schuur.');
    const logged = await count('processing_log');
    const res = await get(pathOf(kase), 'handler');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<title>Zaak ${kase.caseNumber} | Loket</title>`);
    expect(res.body).toContain('Alice van Dijk');
    expect(res.body).toContain(aliceBsn);
    expect(res.body).toContain('Kerkstraat 12 B, 1017 GC Amsterdam');
    expect(res.body).toContain('Graag een vergunning voor mijn schuur.');
    expect(res.body).toContain('Aanvraag ontvangen');
    expect(res.body).toContain(long(kase.dueDate));
    expect(res.body).toContain('binnen 8 weken na ontvangst');
    expect(await count('processing_log')).toBe(logged + 1);
    // Heading levels never skip.
    const levels = [...res.body.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++) expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);
    // In a submitted case: claim, assign and nothing that needs the case in progress.
    expect(res.body).toContain(`action="${pathOf(kase, 'oppakken')}"`);
    expect(res.body).toContain(`action="${pathOf(kase, 'toewijzen')}"`);
    expect(res.body).not.toContain(`action="${pathOf(kase, 'besluiten')}"`);
    expect(res.body).not.toContain(`action="${pathOf(kase, 'afsluiten')}"`);

    const en = await get(pathOf(kase), 'handler', 'en');
    expect(en.body).toContain('What you can do now');
    expect(en.body).toContain('Application received');
  });

  it('takes a case through every action by its forms, each changing the case', async () => {
    const kase = await submit(serviceX, 'Graag een vergunning.');
    const today = clock.today();

    await act(kase, 'oppakken', {}, 'opgepakt');
    expect((await view(kase)).case).toMatchObject({ status: 'in_progress', assigneeOfficialId: handler.id });

    await act(kase, 'toewijzen', { medewerker: handler2.id }, 'toegewezen');
    expect((await view(kase)).case.assigneeOfficialId).toBe(handler2.id);

    const completeBy = addDays(today, 14);
    await act(
      kase,
      'informatie-vragen',
      // Typed the Dutch way (dd-mm-jjjj), as a browser without a date picker sends it.
      { bericht: 'Stuur de bouwtekening.', uiterlijk: completeBy.split('-').reverse().join('-') },
      'informatie-gevraagd',
      'handler2',
    );
    let v = await view(kase);
    expect(v.case.status).toBe('awaiting_information');
    expect(v.term.informationRequest).toEqual({ message: 'Stuur de bouwtekening.', completeBy, requestedOn: today });
    const queue = await get('/behandelen?behandelaar=mij&status=wacht-op-aanvulling', 'handler2');
    expect(queue.body).toContain(kase.caseNumber);
    expect(queue.body).toContain('Staat stil: wacht op aanvulling');
    const page = await get(`${pathOf(kase)}?melding=informatie-gevraagd`, 'handler2');
    expect(page.body).toContain('De aanvrager is om informatie gevraagd. De termijn staat stil.');
    expect(page.body).toContain('Behandelaar</dt>');
    expect(page.body).toMatch(/>U<\/dd>/);

    await moveClock({ days: 5 });
    await act(kase, 'informatie-vastleggen', { ontvangen: 'Bouwtekening per post ontvangen.' }, 'informatie-vastgelegd', 'handler2');
    v = await view(kase);
    expect(v.case.status).toBe('in_progress');
    expect(v.timeline.at(-1)).toMatchObject({ action: 'receive_information', details: { message: 'Bouwtekening per post ontvangen.' } });
    expect(v.case.dueDate).not.toBeNull();

    const newDueDate = nextWorkingDay(addDays(v.case.dueDate as IsoDate, 21));
    await act(kase, 'termijn-verlengen', { 'nieuwe-datum': newDueDate, reden: 'Er is advies nodig van de brandweer.' }, 'verlengd');
    v = await view(kase);
    expect(v.case.dueDate).toBe(newDueDate);
    expect(v.term.extensions.at(-1)).toMatchObject({ newDueDate, reason: 'Er is advies nodig van de brandweer.' });
    const explained = await get(pathOf(kase), 'handler');
    expect(explained.body).toContain(`hebben wij de termijn verlengd tot en met ${long(newDueDate)}`);
    expect(explained.body).toContain('Reden: Er is advies nodig van de brandweer.');

    // The decide form shows the objection clause that will be added, with its last day.
    const lastDay = objectionTerm({ announcedOn: clock.today(), rules: deliveryLegalRules().objectionTerm }).lastDay;
    expect(explained.body).toContain(`Dan kunt u tot en met ${long(lastDay)} bezwaar maken bij`);
    await act(
      kase,
      'besluiten',
      { uitkomst: 'granted', motivering: 'U voldoet aan alle voorwaarden.', grondslag: 'Artikel 2.1 Wabo' },
      'besloten',
    );
    v = await view(kase);
    expect(v.case.status).toBe('decided');
    expect(v.case.decision).toMatchObject({
      outcome: 'granted',
      motivation: 'U voldoet aan alle voorwaarden.',
      legalBasis: 'Artikel 2.1 Wabo',
      objectionLastDay: lastDay,
    });

    await act(kase, 'afsluiten', {}, 'afgesloten');
    expect((await view(kase)).case.status).toBe('closed');
    const closed = await get(pathOf(kase), 'handler');
    expect(closed.body).toContain('Bij deze status kunt u niets meer doen.');
    expect(closed.body).toContain('Toegekend');
  });

  it('shows bad input in the error summary, keeps what was typed, and changes nothing', async () => {
    const kase = await submit();
    await act(kase, 'oppakken', {}, 'opgepakt');
    const f = await openForm(pathOf(kase), 'handler');
    const before = await snapshot(kase);
    const writes = { audit: await count('audit_log'), outbox: await count('event_outbox') };

    // Request information: no message, a date in the past.
    const request = await post(pathOf(kase, 'informatie-vragen'), f, { bericht: '  ', uiterlijk: addDays(clock.today(), -1) });
    expect(request.statusCode).toBe(400);
    expect(request.body).toContain(`<title>Fout: Zaak ${kase.caseNumber} | Loket</title>`);
    expect(request.body).toContain('href="#bericht"');
    expect(request.body).toContain('href="#uiterlijk"');
    expect(request.body).toContain('Kies een datum na vandaag');
    expect(request.body).toContain(`value="${addDays(clock.today(), -1)}"`);

    // Decide: no outcome, no legal basis; the motivation typed is kept.
    const decide = await post(pathOf(kase, 'besluiten'), f, { motivering: 'Mijn <b>motivering</b>', grondslag: '' });
    expect(decide.statusCode).toBe(400);
    expect(decide.body).toContain('href="#uitkomst"');
    expect(decide.body).toContain('href="#grondslag"');
    expect(decide.body).not.toContain('href="#motivering"');
    expect(decide.body).toContain('Mijn &lt;b>motivering&lt;/b>');
    expect(decide.body).not.toContain('Mijn <b>motivering');

    // Extend: a Sunday is not a working day (the service's refusal, linked to the date field); in English.
    let sunday = addDays((await view(kase)).case.dueDate as IsoDate, 10);
    while (new Date(`${sunday}T12:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
    expect(legalCalendar.isNonWorkingDay(sunday)).toBe(true);
    const extend = await post(pathOf(kase, 'termijn-verlengen'), f, { 'nieuwe-datum': sunday, reden: 'Drukte.' }, 'en');
    expect(extend.statusCode).toBe(400);
    expect(extend.body).toContain('href="#nieuwe-datum"');
    expect(extend.body).toContain('Choose a working day (not a Saturday, Sunday or public holiday).');

    // Assign: not a case handler of the organisation.
    for (const medewerker of ['iemand', otherHandler.id, designer.id]) {
      const assign = await post(pathOf(kase, 'toewijzen'), f, { medewerker });
      expect(assign.statusCode, medewerker).toBe(400);
      expect(assign.body).toContain('href="#medewerker"');
    }

    expect(await snapshot(kase)).toEqual(before);
    expect({ audit: await count('audit_log'), outbox: await count('event_outbox') }).toEqual(writes);
  });

  it('refuses on the page an action the state does not allow, and changes nothing', async () => {
    const kase = await submit();
    const f = await openForm(pathOf(kase), 'handler');
    const before = await snapshot(kase);
    // Closing and deciding a case that was only submitted.
    const close = await post(pathOf(kase, 'afsluiten'), f);
    expect(close.statusCode).toBe(409);
    expect(close.body).toContain('Dit kan nu niet, want de zaak heeft de status ‘Ontvangen’.');
    expect(close.body).toContain('href="#status"');
    const decide = await post(pathOf(kase, 'besluiten'), f, { uitkomst: 'refused', motivering: 'Nee.', grondslag: 'Artikel 1' });
    expect(decide.statusCode).toBe(409);
    expect(decide.body).toContain('Er is een probleem');
    expect(await snapshot(kase)).toEqual(before);
  });
});
