// The pages of cases for citizens (LOKET_TEST_DB=sqlite|postgres): Mijn zaken shows only one's own
// cases with the next step and due date; the case page shows the status, how the due date came
// about, the timeline, the answers and the decision with the objection clause; the applicant
// sends asked information, withdraws after a confirmation and gives notice of default, and a
// refusal is shown on the page with nothing changed. Not logged in: to the login page first.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/model.ts';
import { inTransaction, sql } from '../../platform/db/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { newId } from '../../platform/ids/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { addDays, type IsoDate } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { getOrganisation } from '../registry/index.ts';
import type { Official } from '../registry/people/model.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { messagesOfCase, unreadCount } from './messages/service.ts';
import { insertOffer } from './offers/store.ts';
import { claimCase, decideCase, requestInformation, type CaseView, type DeliveryCase } from './service.ts';
import {
  applicationProducts,
  caseSnapshot,
  keySeries,
  officialPrincipal,
  personPrincipal,
  publishedServices,
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
let service = { organisationCode: '', id: '' };
let serviceUpl = '';
let organisationName = '';
let handler: Official;
let designer: Official;
const [aliceBsn = '', bobBsn = ''] = bsnSeries(34_567_890, 2);
const alice = personPrincipal(aliceBsn);
const bob = personPrincipal(bobBsn);
let handlerPrincipal: Principal;

const { logInAll, moveClock, backToStart, get, openForm, post } = siteVisitors(
  () => t,
  () => ({ alice: personLogin(aliceBsn), bob: personLogin(bobBsn), handler: officialLogin(handler), designer: officialLogin(designer) }),
  clock,
);

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedCatalog(t.ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, applicationProducts(3));
  await useReasonableTerm(t.database.db);
  const [first] = await publishedServices(t.database.db);
  if (!first) throw new Error('no published service');
  service = { organisationCode: first.organisationCode, id: first.id };
  serviceUpl = first.uplUri;
  organisationName = (await getOrganisation(t.ctx, service.organisationCode))?.name ?? '';
  await addPerson(t.database, { bsn: aliceBsn, birthDate: '1980-01-01', givenNames: 'Alice', surname: 'Jansen' });
  await addPerson(t.database, { bsn: bobBsn, birthDate: '1981-01-01', givenNames: 'Bob', surname: 'de Boer' });
  handler = await addOfficial(t.database, { organisationCode: service.organisationCode, roles: ['case_handler'], name: 'Behandelaar' });
  handlerPrincipal = officialPrincipal(handler);
  designer = await addOfficial(t.database, { organisationCode: service.organisationCode, roles: ['service_designer'], name: 'Ontwerper' });
  await logInAll();
}, 120_000);
afterAll(() => t.close());
afterEach(backToStart);

const key = keySeries('pages-test-');
const submit = (principal: Principal = alice, text = 'Ik vraag dit aan.'): Promise<DeliveryCase> =>
  submitCase(t.ctx, principal, service, { toelichting: text }, key());
const view = (kase: DeliveryCase, principal: Principal = alice): Promise<CaseView> => viewCase(t.ctx, principal, kase);
const snapshot = (c: { organisationCode: string; id: string }): Promise<unknown> => caseSnapshot(t.database.db, c);

const pathOf = (c: { organisationCode: string; id: string }, step?: string): string =>
  `/zaken/${c.organisationCode}/${c.id}${step ? `/${step}` : ''}`;

const long = (date: string | null): string => formatDate(date ?? '', 'nl');
const euro = (cents: number): string => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describe('not logged in', () => {
  it('is sent to the login page, and back to the page asked for', async () => {
    const kase = await submit();
    for (const url of ['/zaken', '/zaken?pagina=2', pathOf(kase), pathOf(kase, 'intrekken')]) {
      const res = await get(url, 'nobody');
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
    // A form posted after the session ended: log in, then back to the case.
    const res = await t.request({
      method: 'POST',
      url: pathOf(kase, 'intrekken'),
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(pathOf(kase))}`);
    expect((await view(kase)).case.status).toBe('submitted');
  });

  it('officials have no Mijn zaken: a case handler is sent to the work queue, another official gets 403', async () => {
    const res = await get('/zaken', 'handler');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/behandelen');
    expect((await get('/zaken', 'designer')).statusCode).toBe(403);
  });
});

describe('the accountability report', () => {
  it('is linked from the case page and names the official who handled the case', async () => {
    const kase = await submit(alice);
    expect((await claimCase(t.ctx, handlerPrincipal, kase.organisationCode, kase.id)).ok).toBe(true);
    const url = `/zaken/${kase.organisationCode}/${kase.id}/verantwoording`;
    expect((await get(`/zaken/${kase.organisationCode}/${kase.id}`, 'alice')).body).toContain(`href="${url}"`);
    const res = await get(url, 'alice');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Behandelaar, medewerker van ${organisationName}`);
    expect(res.body).not.toContain(handler.id);
  });
});

describe('Mijn zaken', () => {
  it('lists only my own cases, with the service, the status, the next step and the due date', async () => {
    const mine = [await submit(alice), await submit(alice)];
    const bobs = await submit(bob);
    const res = await get('/zaken', 'alice');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Mijn zaken | Loket</title>');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    for (const c of mine) {
      expect(res.body).toContain(`href="${pathOf(c)}"`);
      expect(res.body).toContain(c.caseNumber);
    }
    expect(res.body).not.toContain(bobs.caseNumber);
    expect(res.body).not.toContain(bobs.id);
    expect(res.body).toContain('Wij hebben uw aanvraag ontvangen. Een medewerker gaat ermee aan de slag.');
    expect(res.body).toContain(long(mine[0]?.dueDate ?? null));
    expect(res.body).toContain('>Ontvangen<');
    const total = (
      await sql<{ n: number }>`select count(*) as n from delivery_case where applicant_id = ${aliceBsn}`.execute(t.database.db)
    ).rows[0]?.n;
    expect(res.body).toContain(`${Number(total)} zaken`);

    const bobsPage = await get('/zaken', 'bob');
    expect(bobsPage.body).toContain(bobs.caseNumber);
    for (const c of mine) expect(bobsPage.body).not.toContain(c.caseNumber);
  });

  it('says so when someone has no cases yet, in Dutch and in English', async () => {
    const [carolBsn = ''] = bsnSeries(45_678_900, 1);
    const carol = await t.loginAs(personLogin(carolBsn));
    const nl = await t.request({ url: '/zaken', headers: { accept: 'text/html', cookie: carol } });
    expect(nl.body).toContain('U hebt nog geen aanvragen gedaan.');
    const en = await t.request({ url: '/zaken', headers: { accept: 'text/html', cookie: `${carol}; lang=en` } });
    expect(en.body).toContain('<title>My cases | Loket</title>');
    expect(en.body).toContain('You have not applied for anything yet.');
  });

  it('shows open proactive offers, with why they are offered', async () => {
    const [daveBsn = ''] = bsnSeries(45_678_950, 1);
    const dave = await t.loginAs(personLogin(daveBsn));
    const before = await t.request({ url: '/zaken', headers: { accept: 'text/html', cookie: dave } });
    expect(before.body).not.toContain('Aanbod voor u');
    await inTransaction(t.database.db, (trx) =>
      insertOffer(trx, {
        id: newId(),
        recipient: { kind: 'person', id: daveBsn },
        ruleId: 'test-regel',
        kind: 'kinderen',
        organisationCode: service.organisationCode,
        serviceId: service.id,
        uplUri: serviceUpl,
        reason: { nl: 'U hebt een kind gekregen.', en: 'You had a child.' },
        createdAt: clock.now().toISOString(),
        status: 'offered',
        decidedAt: null,
      }),
    );
    const after = await t.request({ url: '/zaken', headers: { accept: 'text/html', cookie: dave } });
    expect(after.body).toContain('Aanbod voor u');
    expect(after.body).toContain('U hebt een kind gekregen.');
  });

  it('answers a page number that is not one with 404', async () => {
    expect((await get('/zaken?pagina=nul', 'alice')).statusCode).toBe(404);
  });
});

describe('the case page', () => {
  it('shows the status, the due date and how it came about, the timeline and the answers', async () => {
    const kase = await submit(alice, 'Graag een vergunning voor mijn schuur.');
    const res = await get(pathOf(kase), 'alice');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<title>Zaak ${kase.caseNumber} | Loket</title>`);
    expect(res.body).toContain('Hoe staat het ervoor');
    expect(res.body).toContain(long(kase.dueDate));
    expect(res.body).toContain('binnen 8 weken na ontvangst');
    expect(res.body).toContain('Wij hebben uw aanvraag ontvangen');
    expect(res.body).toContain('Graag een vergunning voor mijn schuur.');
    expect(res.body).toContain(organisationName);
    // Withdrawing is offered (through a confirmation page), a notice of default not yet (the term runs).
    expect(res.body).toContain(`href="${pathOf(kase, 'intrekken')}"`);
    expect(res.body).not.toContain('Ingebrekestelling sturen');
    expect(res.body).toContain('dwangsom');
    // Headings in order: one h1, then h2s, h3s only below an h2.
    const levels = [...res.body.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);

    const en = await get(pathOf(kase), 'alice', 'en');
    expect(en.body).toContain(`<title>Case ${kase.caseNumber} | Loket</title>`);
    expect(en.body).toContain('Where things stand');
    expect(en.body).toContain('We received your application');
  });

  it('is not found for another person, for an unknown id and for a malformed one', async () => {
    const kase = await submit(alice);
    const before = await snapshot(kase);
    expect((await get(pathOf(kase), 'bob')).statusCode).toBe(404);
    expect((await get(pathOf(kase, 'intrekken'), 'bob')).statusCode).toBe(404);
    expect(
      (await get(pathOf({ organisationCode: kase.organisationCode, id: '01900000-0000-7000-8000-0000000000ff' }), 'alice')).statusCode,
    ).toBe(404);
    expect((await get('/zaken/x/niet-een-id', 'alice')).statusCode).toBe(404);
    // Bob's forms on Alice's case: not found, nothing changed.
    const bobForm = await openForm(pathOf(await submit(bob), 'intrekken'), 'bob');
    expect(bobForm.token).not.toBe('');
    for (const step of ['intrekken', 'informatie', 'ingebrekestelling']) {
      const res = await post(pathOf(kase, step), bobForm, { informatie: 'Hier.' });
      expect(res.statusCode, step).toBe(404);
      expect(res.body).toContain('Pagina niet gevonden');
    }
    expect(await snapshot(kase)).toEqual(before);
  });

  it('shows the decision with its motivation, legal basis and the last day for objection', async () => {
    const kase = await submit(alice);
    expect((await claimCase(t.ctx, handlerPrincipal, kase.organisationCode, kase.id)).ok).toBe(true);
    const decided = await decideCase(t.ctx, handlerPrincipal, kase.organisationCode, kase.id, {
      outcome: 'partly_granted',
      motivation: 'U krijgt de vergunning voor de schuur, niet voor de carport.',
      legalBasis: 'Artikel 2.1 Wabo',
    });
    if (!decided.ok) throw new Error(JSON.stringify(decided.failure));
    const lastDay = decided.value.decision?.objectionLastDay ?? '';
    const res = await get(pathOf(kase), 'alice');
    expect(res.body).toContain('Gedeeltelijk toegekend');
    expect(res.body).toContain('U krijgt de vergunning voor de schuur, niet voor de carport.');
    expect(res.body).toContain('Artikel 2.1 Wabo');
    expect(res.body).toContain(`Dan kunt u tot en met ${long(lastDay)} bezwaar maken bij ${organisationName}.`);
    const list = await get('/zaken', 'alice');
    expect(list.body).toContain(`U kunt tot en met ${long(lastDay)} bezwaar maken.`);
    // Nothing to do any more: no forms.
    expect(res.body).not.toContain(`href="${pathOf(kase, 'intrekken')}"`);
    expect(res.body).toContain('U hoeft nu niets te doen.');
  });
});

describe('sending asked information', () => {
  it('shows the question and the last day, refuses an empty answer, and sends the answer', async () => {
    const kase = await submit(alice);
    expect((await claimCase(t.ctx, handlerPrincipal, kase.organisationCode, kase.id)).ok).toBe(true);
    const completeBy = addDays(clock.today(), 14);
    const asked = await requestInformation(t.ctx, handlerPrincipal, kase.organisationCode, kase.id, {
      message: 'Stuur een foto van de schuur.',
      completeBy,
    });
    expect(asked.ok).toBe(true);

    const list = await get('/zaken', 'alice');
    expect(list.body).toContain(`Wij wachten op informatie van u. Stuur die uiterlijk op ${long(completeBy)}.`);
    expect(list.body).toContain('Staat stil tot wij uw informatie hebben');

    // The letter with the question is in the message box: on Mijn zaken (unread) and on the case page.
    const unread = await unreadCount(t.database.db, { kind: 'person', id: aliceBsn });
    expect(unread).toBeGreaterThan(0);
    expect(list.body).toContain(unread === 1 ? 'U hebt 1 ongelezen bericht.' : `U hebt ${unread} ongelezen berichten.`);
    const letters = await messagesOfCase(t.ctx, alice, kase.organisationCode, kase.id);
    const letter = letters.ok ? letters.value.find((l) => l.kind === 'information_request') : undefined;
    if (!letter) throw new Error('no letter with the request');

    const f = await openForm(pathOf(kase), 'alice');
    expect(f.res.body).toContain('Berichten over deze zaak');
    expect(f.res.body).toContain(`href="/berichten/${letter.id}"`);
    expect(f.res.body).toContain(letter.subject.replaceAll('&', '&amp;'));
    expect(f.res.body).toContain('(ongelezen)');
    expect(f.res.body).toContain('Stuur een foto van de schuur.');
    expect(f.res.body).toContain(`Stuur de informatie uiterlijk op ${long(completeBy)}.`);
    expect(f.res.body).toContain(`action="${pathOf(kase, 'informatie')}"`);

    // Empty: the error summary links to the field; nothing changes.
    const before = await snapshot(kase);
    const empty = await post(pathOf(kase, 'informatie'), f, { informatie: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`<title>Fout: Zaak ${kase.caseNumber} | Loket</title>`);
    expect(empty.body).toContain('Er is een probleem');
    expect(empty.body).toContain('href="#informatie"');
    expect(empty.body).toContain('aria-invalid="true"');
    expect(await snapshot(kase)).toEqual(before);

    const sent = await post(pathOf(kase, 'informatie'), f, { informatie: 'De foto zit in de bijlage van mijn brief.' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${pathOf(kase)}?melding=informatie-gestuurd`);
    const after = await view(kase);
    expect(after.case.status).toBe('in_progress');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'receive_information',
      details: { message: 'De foto zit in de bijlage van mijn brief.' },
    });
    const page = await get(sent.headers.location ?? '', 'alice');
    expect(page.body).toContain('Wij hebben uw informatie ontvangen. De termijn loopt weer.');
    expect(page.body).toContain('role="status"');

    // Sending again: not possible in this state, shown on the page; nothing changes.
    const again = await post(pathOf(kase, 'informatie'), f, { informatie: 'Nog iets.' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Dit kan nu niet, want de zaak heeft de status ‘In behandeling’.');
    expect(again.body).toContain('href="#status"');
    expect((await view(kase)).timeline).toHaveLength(after.timeline.length);
  });
});

describe('withdrawing', () => {
  it('asks for confirmation first, then withdraws; a second time is refused on the page', async () => {
    const kase = await submit(alice);
    const confirm = await openForm(pathOf(kase, 'intrekken'), 'alice');
    expect(confirm.res.statusCode).toBe(200);
    expect(confirm.res.body).toContain('Weet u zeker dat u deze aanvraag wilt intrekken?');
    expect(confirm.res.body).toContain(`action="${pathOf(kase, 'intrekken')}"`);
    expect(confirm.res.body).toContain(`href="${pathOf(kase)}"`);
    expect((await view(kase)).case.status).toBe('submitted'); // the confirmation page changes nothing

    const done = await post(pathOf(kase, 'intrekken'), confirm);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${pathOf(kase)}?melding=ingetrokken`);
    expect((await view(kase)).case.status).toBe('withdrawn');
    const page = await get(done.headers.location ?? '', 'alice');
    expect(page.body).toContain('U hebt uw aanvraag ingetrokken.');
    expect(page.body).toContain('>Ingetrokken<');

    // The confirmation page of a withdrawn case goes back to the case; posting again is refused.
    const back = await get(pathOf(kase, 'intrekken'), 'alice');
    expect(back.statusCode).toBe(303);
    const before = await snapshot(kase);
    const again = await post(pathOf(kase, 'intrekken'), confirm, {}, 'en');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This is not possible now, because the case has the status ‘Withdrawn’.');
    expect(await snapshot(kase)).toEqual(before);
  });
});

describe('the notice of default', () => {
  it('is offered only after the due date; then the penalty is shown as it runs', async () => {
    const kase = await submit(alice);
    const dueDate = kase.dueDate as IsoDate;
    expect((await get(pathOf(kase), 'alice')).body).not.toContain('Ingebrekestelling sturen');
    const f = await openForm(pathOf(kase, 'intrekken'), 'alice');
    // Too early: refused on the page, nothing changed.
    const before = await snapshot(kase);
    const early = await post(pathOf(kase, 'ingebrekestelling'), f);
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Dit kan nu niet: De beslistermijn is nog niet voorbij.');
    expect(await snapshot(kase)).toEqual(before);

    while (clock.today() <= dueDate) clock.advanceDays(1);
    await moveClock({ days: 0 });
    const noticeOn = clock.today();
    const late = await openForm(pathOf(kase), 'alice');
    expect(late.res.body).toContain(`Wij hebben niet op tijd besloten. De uiterste datum was ${long(dueDate)}.`);
    expect(late.res.body).toContain('Ingebrekestelling sturen');
    expect(late.res.body).toContain(`hoogstens 42 dagen en hoogstens ${euro(144_200)}`);
    const list = await get('/zaken', 'alice');
    expect(list.body).toContain('(Te laat)');

    const given = await post(pathOf(kase, 'ingebrekestelling'), late);
    expect(given.statusCode).toBe(303);
    expect(given.headers.location).toBe(`${pathOf(kase)}?melding=in-gebreke-gesteld`);
    const after = await view(kase);
    expect(after.case.noticeOfDefaultOn).toBe(noticeOn);
    const page = await get(given.headers.location ?? '', 'alice');
    expect(page.body).toContain('Wij hebben uw ingebrekestelling ontvangen.');
    expect(page.body).toContain(`Wij hebben uw ingebrekestelling ontvangen op ${long(noticeOn)}.`);
    expect(page.body).not.toContain('Ingebrekestelling sturen');

    // Three weeks later the penalty runs: days, amount so far, first day, the maximum.
    await moveClock({ days: 21 });
    const penalty = (await view(kase)).term.penalty;
    if (!penalty) throw new Error('no penalty');
    expect(penalty.days).toBeGreaterThan(0);
    const running = await get(pathOf(kase), 'alice');
    expect(running.body).toContain('De dwangsom loopt.');
    expect(running.body).toContain(long(penalty.firstDay));
    expect(running.body).toContain(`>${penalty.days}<`);
    expect(running.body).toContain(euro(penalty.amountCents));
    expect(running.body).toContain(euro(144_200));
  });
});
