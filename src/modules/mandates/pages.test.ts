// The pages under /machtigen through HTTP on the composed app (LOKET_TEST_DB=sqlite|postgres):
// Mijn machtigingen in both directions, granting through the form (step 1 → summary → confirm →
// the mandate's page) with the Dutch error summary and nothing stored on an error, accepting,
// signing for a business with joint authority, acting for someone (the banner on every page, and
// the notice once the mandate ended), ending after a confirmation, another person's mandate
// "not found", the official's lookup (recorded in the processing log) and service sets.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../platform/auth/index.ts';
import { inTransaction, sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { draftDescription, parseUplCsv, serviceTitle } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { reindexServices } from '../catalog/search.ts';
import { importUpl } from '../catalog/service.ts';
import { insertServices } from '../catalog/store.ts';
import { publishServices, settableClock, siteVisitors, type OpenForm } from '../delivery/test-fixtures.ts';
import { getOrganisation } from '../registry/index.ts';
import {
  addAuthority,
  addBusiness,
  addCourtRegistration,
  addOfficial,
  addPerson,
  bsnSeries,
  officialLogin,
  personLogin,
} from '../registry/people/test-fixtures.ts';
import { denyTexts, listServiceSets } from './service.ts';
import { castForMandates, rowCount, startInstant, type Cast, type TestPerson } from './test-fixtures.ts';

const clock = settableClock(startInstant); // 1 December 2026
let t: TestApp;
let cast: Cast;
let amsterdamName = '';

const catalog = { parseUplCsv, shippedUplFile, importUpl, serviceTitle, draftDescription, insertServices };

/** Someone logged in with eHerkenning for a business, as one of its functionaries. */
const businessLogin = (kvkNumber: string, actingBsn: string, name: string): LoginIdentity => ({
  kind: 'business',
  kvkNumber,
  actingBsn,
  loa: 'substantial',
  name,
});

const { logInAll, backToStart, get, openForm, post } = siteVisitors(
  () => t,
  () => ({
    alice: personLogin(cast.people.alice.bsn),
    bob: personLogin(cast.people.bob.bsn),
    carol: personLogin(cast.people.carol.bsn),
    dave: personLogin(cast.people.dave.bsn),
    parent: personLogin(cast.people.parent.bsn),
    curandus: personLogin(cast.people.curandus.bsn),
    soleOwner: personLogin(cast.people.soleOwner.bsn),
    jointFirst: businessLogin(cast.businesses.jointBusiness.kvkNumber, cast.people.jointFirst.bsn, 'Jan Twee'),
    jointSecond: businessLogin(cast.businesses.jointBusiness.kvkNumber, cast.people.jointSecond.bsn, 'Jet Twee'),
    caseHandler: officialLogin(cast.officials.caseHandler),
    qualityManager: officialLogin(cast.officials.qualityManager),
    designer: officialLogin(cast.officials.designer),
    otherDesigner: officialLogin(cast.officials.otherDesigner),
  }),
  clock,
);

beforeAll(async () => {
  t = await createTestApp({ clock });
  cast = await castForMandates(
    t.ctx,
    { addPerson, addAuthority, addCourtRegistration, addBusiness, addOfficial, bsnSeries },
    (organisation, uris) => publishServices(t.ctx, catalog, organisation, uris),
  );
  amsterdamName = (await getOrganisation(t.ctx, 'GM0363'))?.name ?? '';
  // The test services are published through the catalog's store; the search (a kind of service by name) needs them indexed.
  const keys = Object.values(cast.services).map((s) => ({ organisationCode: s.organisationCode, serviceId: s.serviceId }));
  await inTransaction(t.database.db, (trx) => reindexServices(trx, t.ctx, keys));
  await logInAll();
}, 120_000);
afterAll(() => t.close());
afterEach(backToStart);

// ---------------------------------------------------------------------------------------------
// Helpers

const mandates = (): Promise<number> => rowCount(t.database.db, 'mandate');
const statusOf = async (id: string): Promise<string | undefined> =>
  (await sql<{ status: string }>`select status from mandate where id = ${id}`.execute(t.database.db)).rows[0]?.status;

const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields of the form that posts to `action` (the summary's values). */
function hiddenFields(body: string, action: string): Record<string, string> {
  const start = body.indexOf(`action="${action}"`);
  expect(start, `a form posting to ${action}`).toBeGreaterThan(-1);
  const form = body.slice(start, body.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    if (m[1] !== '_csrf') out[m[1] ?? ''] = unescape(m[2] ?? '');
  return out;
}

/** The links of the error summary (to field ids), in order. */
const summaryLinks = (body: string): string[] => {
  const summary = /<div[^>]*id="foutmeldingen"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  return [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? '');
};

const text = (res: LightMyRequestResponse): string => unescape(res.body);

/** The main content of a page (the layout's header and footer left out). */
const mainOf = (body: string): string => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

/** The headings of a page's main content, in order, as [level, text]. */
const headings = (body: string): [number, string][] =>
  [...mainOf(body).matchAll(/<h([1-6])\b[^>]*>([^<]*)<\/h\1>/g)].map((m) => [Number(m[1]), unescape(m[2] ?? '')]);

/** One h1 first; after it no heading is more than one level deeper than the one before (WCAG 1.3.1). */
function expectHeadingOrder(body: string): void {
  const levels = headings(body).map(([level]) => level);
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `heading ${i}: ${levels.join(',')}`).toBeLessThanOrEqual(1);
}

/** The HTML of the fieldset with `id`, up to its end (nested fieldsets included). */
function fieldsetHtml(body: string, id: string): string {
  const start = body.indexOf(`<fieldset class="utrecht-form-fieldset loket-fieldset" id="${id}"`);
  expect(start, `fieldset #${id}`).toBeGreaterThan(-1);
  let depth = 0;
  for (const m of body.slice(start).matchAll(/<(\/?)fieldset\b/g)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return body.slice(start, start + m.index);
  }
  throw new Error(`fieldset #${id} does not end`);
}

const untilNextYear = '01-12-2027';

/** The form fields that grant `mandatary` the service (or scope) from the grant form. */
function grantFields(mandatary: TestPerson, scope: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    soort: 'persoon',
    bsn: mandatary.bsn,
    achternaam: mandatary.surname,
    'tot-en-met': untilNextYear,
    actie: 'verder',
    ...scope,
    ...extra,
  };
}

const parkingScope = (): Record<string, string> => ({
  waarvoor: 'dienst',
  organisatie: 'GM0363',
  dienst: cast.services.parkingPermit.serviceId,
});

/** Grants through the pages (form → summary → confirm) and returns the new mandate's id. */
async function grantThroughPages(
  who: 'alice' | 'jointFirst' | 'parent',
  fields: Record<string, string>,
): Promise<{ id: string; location: string }> {
  const form = await openForm('/machtigen/nieuw', who);
  const summary = await post('/machtigen/nieuw', form, fields);
  expect(summary.statusCode, summary.body.slice(0, 2000)).toBe(200);
  const confirmed = await post('/machtigen/nieuw/bevestigen', form, hiddenFields(summary.body, '/machtigen/nieuw/bevestigen'));
  expect(confirmed.statusCode).toBe(303);
  const location = String(confirmed.headers.location);
  const id = /^\/machtigen\/([0-9a-f-]{36})\?melding=/.exec(location)?.[1];
  if (!id) throw new Error(`unexpected location ${location}`);
  return { id, location };
}

async function postStep(
  who: 'alice' | 'bob' | 'carol' | 'dave' | 'jointFirst' | 'jointSecond',
  id: string,
  word: string,
  fields: Record<string, string> = {},
) {
  // The switch page always has a form, so a CSRF token to post with.
  const form: OpenForm = await openForm('/machtigen/namens', who);
  return post(`/machtigen/${id}/${word}`, form, fields);
}

// ---------------------------------------------------------------------------------------------

describe('Mijn machtigingen (/machtigen)', () => {
  it('explains mandates to a visitor who is not logged in, with a login link that returns here', async () => {
    const res = await get('/machtigen', 'nobody');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Machtigen | Loket</title>');
    expect(text(res)).toContain('Wilt u dat iemand anders zaken met de overheid voor u regelt?');
    expect(res.body).toContain('href="/inloggen?terug=%2Fmachtigen"');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
  });

  it('shows both directions with the buttons to grant and to act for someone', async () => {
    const res = await get('/machtigen', 'alice');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Mijn machtigingen | Loket</title>');
    for (const words of [
      'Wie mag namens mij handelen',
      'Namens wie mag ik handelen',
      'U hebt niemand gemachtigd.',
      'Niemand heeft u gemachtigd.',
    ])
      expect(res.body).toContain(words);
    expect(res.body).toContain('href="/machtigen/nieuw"');
    expect(res.body).toContain('href="/machtigen/namens"');
    // h1, then the two directions as h2 with their parts as h3.
    expectHeadingOrder(res.body);
    expect(headings(res.body).filter(([level]) => level === 2)).toEqual([
      [2, 'Wie mag namens mij handelen'],
      [2, 'Namens wie mag ik handelen'],
    ]);
    expect(res.body).toContain('<section aria-labelledby="gegeven-titel" id="gegeven" class="loket-mandates-section"><h3');
  });

  it('shows legal representation in both directions and businesses from the trade register', async () => {
    const parent = await get('/machtigen', 'parent');
    expect(parent.statusCode).toBe(200);
    expect(parent.body).toContain('Kim Smit');
    expect(parent.body).toContain('Ouder of voogd met gezag');
    // Gezag ends on the 18th birthday.
    expect(parent.body).toContain('10 december 2026');

    const curandus = await get('/machtigen', 'curandus');
    expect(curandus.body).toContain('Cor Visser');
    expect(curandus.body).toContain('Curator');
    expect(curandus.body).toContain('Geldzaken en persoonlijke zaken en zorg');

    const owner = await get('/machtigen', 'soleOwner');
    expect(owner.body).toContain('Bakkerij Sol (71000001)');
    expect(owner.body).toContain('Eigenaar');
    expect(owner.body).toContain('Alleen bevoegd');
  });

  it('is in English with the language cookie', async () => {
    const res = await get('/machtigen', 'alice', 'en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>My mandates | Loket</title>');
    expect(res.body).toContain('Who may act for me');
  });

  it('tells an official where to look up mandates, if their role allows', async () => {
    const handler = await get('/machtigen', 'caseHandler');
    expect(handler.statusCode).toBe(200);
    expect(handler.body).toContain('href="/machtigen/opzoeken"');
    const quality = await get('/machtigen', 'qualityManager');
    expect(quality.statusCode).toBe(200);
    expect(quality.body).not.toContain('href="/machtigen/opzoeken"');
    expect((await get('/machtigen', 'designer')).body).toContain('href="/machtigen/dienstensets/GM0363"');
  });
});

describe('granting a mandate (/machtigen/nieuw)', () => {
  it('sends a visitor who is not logged in to the login page first', async () => {
    const res = await get('/machtigen/nieuw', 'nobody');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/inloggen?terug=%2Fmachtigen%2Fnieuw');
  });

  it('lists the mandatable services once the organisation is chosen, keeping what was typed', async () => {
    const form = await openForm('/machtigen/nieuw', 'alice');
    expect(form.res.statusCode).toBe(200);
    expect(form.res.body).toContain('Iemand machtigen');
    expect(form.res.body).not.toContain('id="dienst"');
    const res = await post('/machtigen/nieuw', form, {
      actie: 'organisatie',
      organisatie: 'GM0363',
      bsn: cast.people.bob.bsn,
      soort: 'persoon',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<option value="${cast.services.parkingPermit.serviceId}"`);
    expect(res.body).toContain(`<option value="${cast.services.welfare.serviceId}"`);
    // A service that cannot be used through a mandate is not offered.
    expect(res.body).not.toContain(`value="${cast.services.notMandatable.serviceId}"`);
    expect(res.body).toContain(`value="${cast.people.bob.bsn}"`);
    expect(res.body).toMatch(/id="soort-persoon" value="persoon" checked/);
    // The fields of each choice in a group with a legend that says when to fill them in.
    const person = fieldsetHtml(res.body, 'als-persoon');
    expect(person).toContain('<legend class="utrecht-form-fieldset__legend">Als u een persoon machtigt</legend>');
    expect(person).toContain('id="bsn"');
    expect(person).toContain('id="achternaam"');
    expect(person).not.toContain('id="kvk-nummer"');
    const business = fieldsetHtml(res.body, 'als-onderneming');
    expect(business).toContain('>Als u een onderneming machtigt</legend>');
    expect(business).toContain('id="kvk-nummer"');
    expect(business).not.toContain('id="bsn"');
    const organisation = fieldsetHtml(res.body, 'als-organisatie');
    expect(organisation).toContain('>Als u één dienst of een dienstenset van één organisatie kiest</legend>');
    for (const id of ['organisatie', 'dienst']) expect(organisation).toContain(`id="${id}"`);
    expect(organisation).not.toContain('id="product"');
    const kind = fieldsetHtml(res.body, 'als-soort');
    expect(kind).toContain('>Als u een soort dienst bij alle organisaties kiest</legend>');
    expect(kind).toContain('id="product"');
    expect(kind).not.toContain('id="dienst"');
    // Both groups are inside the question they belong to.
    expect(fieldsetHtml(res.body, 'soort')).toContain('id="als-onderneming"');
    expect(fieldsetHtml(res.body, 'waarvoor')).toContain('id="als-soort"');
    expect(await mandates()).toBe(0);
  });

  it('step 1 → summary (nothing stored) → confirm → the mandate page; the mandatary accepts on their page', async () => {
    const { bob } = cast.people;
    const before = await mandates();
    const form = await openForm('/machtigen/nieuw', 'alice');
    const summary = await post('/machtigen/nieuw', form, grantFields(bob, parkingScope()));
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('<title>Controleer de machtiging | Loket</title>');
    expect(text(summary)).toContain(
      `U geeft Bob Bakker (BSN ${bob.bsn}) toestemming om namens u ‘Parkeervergunning’ te regelen bij ${amsterdamName} van 1 december 2026 tot en met 1 december 2027.`,
    );
    // The summary names who must accept.
    expect(summary.body).toContain('<p class="utrecht-paragraph">Bob Bakker moet dit eerst accepteren.</p>');
    expect(text(summary)).toContain('U kunt de machtiging altijd beëindigen.');
    expect(summary.body).toContain('formaction="/machtigen/nieuw"');
    expect(await mandates()).toBe(before);

    // Wijzigen: the form again with the values.
    const hidden = hiddenFields(summary.body, '/machtigen/nieuw/bevestigen');
    const change = await post('/machtigen/nieuw', form, { ...hidden, actie: 'wijzigen' });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain(`value="${bob.bsn}"`);
    expect(change.body).toContain('value="01-12-2027"');
    expect(change.body).toMatch(new RegExp(`<option value="${cast.services.parkingPermit.serviceId}" selected`));
    expect(await mandates()).toBe(before);

    // Bevestigen.
    const confirmed = await post('/machtigen/nieuw/bevestigen', form, hidden);
    expect(confirmed.statusCode).toBe(303);
    const id = /^\/machtigen\/([0-9a-f-]{36})\?melding=gemaakt$/.exec(String(confirmed.headers.location))?.[1] ?? '';
    expect(id).not.toBe('');
    expect(await mandates()).toBe(before + 1);
    expect(await statusOf(id)).toBe('awaiting_acceptance');

    const page = await get(String(confirmed.headers.location), 'alice');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('De machtiging is gemaakt. De gemachtigde moet hem nu accepteren.');
    expect(page.body).toContain('Wacht op acceptatie');
    expect(page.body).toContain('De machtiging wacht tot Bob Bakker hem accepteert.');
    expect(page.body).toContain('Alice de Vries');
    expect(page.body).toContain(`href="/machtigen/${id}/beeindigen"`);
    expect(page.body).not.toContain(`/machtigen/${id}/accepteren`);

    // Bob sees it waiting for his answer, and accepts it from the overview.
    const overview = await get('/machtigen', 'bob');
    expect(overview.body).toContain('Wacht op uw antwoord');
    expect(overview.body).toContain(`action="/machtigen/${id}/accepteren"`);
    expect(overview.body).toContain(`action="/machtigen/${id}/weigeren"`);
    // Each button's accessible name starts with its visible text, then says which mandate (no space before the colon).
    const which = `machtiging van Alice de Vries voor Parkeervergunning, bij ${amsterdamName}`;
    expect(text(overview)).toContain(`aria-label="Accepteren: ${which}">Accepteren</button>`);
    expect(text(overview)).toContain(`aria-label="Weigeren: ${which}">Weigeren</button>`);
    // On a narrow screen the rows stack: each cell carries its column's header; the dates do not break.
    expect(overview.body).toContain('<div class="loket-mandates-table"><div class="utrecht-table-container" role="region"');
    expect(overview.body).toContain('<td class="utrecht-table__cell" data-label="Waarvoor">');
    expect(overview.body).toContain(
      '<td class="utrecht-table__cell" data-label="Geldig"><span class="loket-nowrap">1 december 2026</span>',
    );
    expect(overview.body).toContain('<td class="utrecht-table__cell"><div class="loket-actions"><form method="post"');
    expect(overview.body).toContain('>Machtigingen die wachten op uw antwoord</caption>');
    const accept = await post(`/machtigen/${id}/accepteren`, await openForm('/machtigen', 'bob'), { terug: '/machtigen' });
    expect(accept.statusCode).toBe(303);
    expect(accept.headers.location).toBe('/machtigen?melding=geaccepteerd');
    expect(await statusOf(id)).toBe('active');
    const after = await get('/machtigen?melding=geaccepteerd', 'bob');
    expect(after.body).toContain('U hebt de machtiging geaccepteerd.');
    expect(after.body).toContain('Machtigingen die u kreeg');
    expect(after.body).toContain(`href="/machtigen/${id}"`);
    expect(after.body).toContain('Geldig');

    // Alice sees the history.
    const detail = await get(`/machtigen/${id}`, 'alice');
    expect(detail.body).toContain('Geaccepteerd door Bob Bakker.');
    expect(detail.body).toContain('Gemaakt door Alice de Vries.');
  });

  it('shows the Dutch error summary with links to the fields, and stores nothing', async () => {
    const before = await mandates();
    const form = await openForm('/machtigen/nieuw', 'alice');
    const empty = await post('/machtigen/nieuw', form, { actie: 'verder' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<title>Fout: Iemand machtigen | Loket</title>');
    expect(empty.body).toContain('Er is een probleem');
    expect(summaryLinks(empty.body)).toEqual(['soort', 'waarvoor', 'tot-en-met']);
    expect(empty.body).toContain('Kies of u een persoon of een onderneming machtigt.');

    // A surname that does not match the BSN, a date in the past: each on its field.
    const wrong = await post(
      '/machtigen/nieuw',
      form,
      grantFields({ ...cast.people.bob, surname: 'Bakkers' }, parkingScope(), { vanaf: '30-11-2026' }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(summaryLinks(wrong.body)).toEqual(['bsn', 'vanaf']);
    expect(wrong.body).toContain('Wij vinden niemand met dit burgerservicenummer en deze achternaam.');
    expect(wrong.body).toContain('De begindatum kan niet in het verleden liggen.');
    expect(wrong.body).toContain('value="Bakkers"');

    // A service that cannot be used through a mandate; longer than the rules allow.
    const notMandatable = await post(
      '/machtigen/nieuw',
      form,
      grantFields(cast.people.bob, { ...parkingScope(), dienst: cast.services.notMandatable.serviceId }, { 'tot-en-met': '02-12-2031' }),
    );
    expect(notMandatable.statusCode).toBe(400);
    expect(summaryLinks(notMandatable.body)).toEqual(['dienst', 'tot-en-met']);
    expect(notMandatable.body).toContain('Voor deze dienst kunt u niemand machtigen.');
    expect(notMandatable.body).toContain('Een machtiging geldt ten hoogste 5 jaar.');

    // Oneself; and posted straight to "Bevestigen" it is refused the same way.
    const self = await post('/machtigen/nieuw/bevestigen', form, grantFields(cast.people.alice, parkingScope()));
    expect(self.statusCode).toBe(400);
    expect(summaryLinks(self.body)).toEqual(['bsn']);
    expect(self.body).toContain('U kunt uzelf niet machtigen.');

    // In English.
    const english = await post('/machtigen/nieuw', form, { actie: 'verder' }, 'en');
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('There is a problem');
    expect(english.body).toContain('Choose whether you authorise a person or a business.');

    expect(await mandates()).toBe(before);
  });

  it('a kind of service at every organisation: asks which one when several match', async () => {
    const form = await openForm('/machtigen/nieuw', 'alice');
    const fields = grantFields(cast.people.dave, { waarvoor: 'product', product: 'parkeer' });
    const ask = await post('/machtigen/nieuw', form, fields);
    expect(ask.statusCode).toBe(400);
    expect(summaryLinks(ask.body)).toEqual(['product-uri']);
    expect(ask.body).toContain('Kies welke soort dienst u bedoelt.');
    expect(ask.body).toContain(`value="${cast.services.parkingPermit.uplUri}"`);
    expect(ask.body).toContain(`value="${cast.services.parkingExemption.uplUri}"`);
    const summary = await post('/machtigen/nieuw', form, { ...fields, 'product-uri': cast.services.parkingPermit.uplUri });
    expect(summary.statusCode).toBe(200);
    expect(text(summary)).toMatch(/toestemming om namens u ‘[^’]+’ te regelen bij alle organisaties van 1 december 2026/);
    expect(hiddenFields(summary.body, '/machtigen/nieuw/bevestigen')['product-uri']).toBe(cast.services.parkingPermit.uplUri);
  });

  it('a kind of service with a level of assurance: the level reads plainly, the title starts with a capital', async () => {
    const form = await openForm('/machtigen/nieuw', 'alice');
    // The form offers each level with what it means, starting with a capital.
    expect(text(form.res)).toContain(
      '<option value="substantial">Substantieel: DigiD Substantieel (app met identiteitscheck) of eHerkenning EH3</option>',
    );
    const fields = grantFields(
      cast.people.dave,
      { waarvoor: 'product', 'product-uri': cast.services.parkingPermit.uplUri },
      { niveau: 'substantial' },
    );
    const summary = await post('/machtigen/nieuw', form, fields);
    expect(summary.statusCode, summary.body.slice(0, 2000)).toBe(200);
    const said = text(summary);
    expect(said).toContain(
      'De gemachtigde moet inloggen met ten minste niveau Substantieel: DigiD Substantieel (app met identiteitscheck) of eHerkenning EH3.',
    );
    expect(said).toContain(
      '<dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">Substantieel: DigiD Substantieel',
    );
    expect(said).toContain('Dave Mulder moet dit eerst accepteren.');
    expect(said).not.toContain('((');
    expect(said).not.toContain('EH3)');
    const english = await post('/machtigen/nieuw', form, fields, 'en');
    expect(text(english)).toContain(
      'The authorised person must log in with at least level Substantial: DigiD Substantieel (app with ID check) or eHerkenning EH3.',
    );
    expect(text(english)).toContain('Dave Mulder must accept this first.');

    const confirmed = await post('/machtigen/nieuw/bevestigen', form, hiddenFields(summary.body, '/machtigen/nieuw/bevestigen'));
    expect(confirmed.statusCode).toBe(303);
    const page = await get(String(confirmed.headers.location), 'alice');
    expect(page.statusCode).toBe(200);
    // The UPL name is written in lower case; the page's title starts with a capital.
    expect(page.body).toContain('<title>Machtiging voor Parkeervergunning | Loket</title>');
    expect(page.body).toContain('<h1 class="utrecht-heading-1">Machtiging voor Parkeervergunning</h1>');
    expect(text(page)).toContain(
      '<dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">Substantieel: DigiD Substantieel (app met identiteitscheck) of eHerkenning EH3</dd>',
    );
    expectHeadingOrder(page.body);
    const pageEnglish = await get(String(confirmed.headers.location), 'alice', 'en');
    expect(text(pageEnglish)).toContain('>Substantial: DigiD Substantieel (app with ID check) or eHerkenning EH3</dd>');
  });

  it('a business with joint authority: the summary says a second signatory must sign, and the second one signs', async () => {
    const { id, location } = await grantThroughPages('jointFirst', grantFields(cast.people.erin, parkingScope()));
    expect(location).toBe(`/machtigen/${id}?melding=gemaakt-samen`);
    expect(await statusOf(id)).toBe('awaiting_signature');

    const form = await openForm('/machtigen/nieuw', 'jointFirst');
    const summary = await post('/machtigen/nieuw', form, grantFields(cast.people.erin, parkingScope()));
    expect(text(summary)).toContain('namens Twee Techniek B.V.');
    expect(summary.body).toContain('Daarom moet een tweede bevoegde de machtiging ook ondertekenen.');

    // The one who granted it cannot sign it a second time; the other director can.
    const first = await get(`/machtigen/${id}`, 'jointFirst');
    expect(first.body).toContain('Wacht op tweede handtekening');
    expect(first.body).not.toContain(`action="/machtigen/${id}/ondertekenen"`);
    const second = await get(`/machtigen/${id}`, 'jointSecond');
    expect(second.body).toContain(`action="/machtigen/${id}/ondertekenen"`);
    const signed = await postStep('jointSecond', id, 'ondertekenen');
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe(`/machtigen/${id}?melding=ondertekend`);
    expect(await statusOf(id)).toBe('awaiting_acceptance');
    const page = await get(`/machtigen/${id}`, 'jointFirst');
    expect(page.body).toContain('Ondertekend door Jet Twee.');
    // Signing again is refused on the page, saying why.
    const again = await postStep('jointSecond', id, 'ondertekenen');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Er is een probleem');
    expect(again.body).toContain('Dit kan nu niet meer: de machtiging heeft de status ‘Wacht op acceptatie’.');
  });

  it('acting for someone through a mandate: no granting or overview in their name, with why', async () => {
    const { id } = await grantThroughPages('alice', grantFields(cast.people.dave, parkingScope()));
    expect((await postStep('dave', id, 'accepteren')).statusCode).toBe(303);
    const chosen = await post('/machtigen/namens', await openForm('/machtigen/namens', 'dave'), {
      namens: `person-${cast.people.alice.bsn}`,
    });
    expect(chosen.statusCode).toBe(303);
    const grant = await get('/machtigen/nieuw', 'dave');
    expect(grant.statusCode).toBe(403);
    expect(grant.body).toContain('U kunt hier geen machtiging maken');
    expect(grant.body).toContain('href="/machtigen/namens"');
    const overview = await get('/machtigen', 'dave');
    expect(overview.statusCode).toBe(403);
    expect(overview.body).toContain('Dit kan niet namens Alice de Vries');
    expect(overview.body).toContain('Een machtiging geeft dat recht niet.');
    // Nothing was granted in Alice's name by Dave.
    const before = await mandates();
    const form = await openForm('/machtigen/namens', 'dave');
    expect((await post('/machtigen/nieuw/bevestigen', form, grantFields(cast.people.bob, parkingScope()))).statusCode).toBe(403);
    expect(await mandates()).toBe(before);
  });
});

describe('one mandate (/machtigen/{id})', () => {
  it('is "not found" for anyone who is on neither side, also for its steps', async () => {
    const { id } = await grantThroughPages(
      'alice',
      grantFields(cast.people.bob, { waarvoor: 'dienst', organisatie: 'GM0363', dienst: cast.services.welfare.serviceId }),
    );
    const res = await get(`/machtigen/${id}`, 'carol');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Pagina niet gevonden');
    expect(res.body).not.toContain('Bob Bakker');
    const form = await openForm('/machtigen/namens', 'carol');
    for (const word of ['accepteren', 'weigeren', 'beeindigen', 'ondertekenen'])
      expect((await post(`/machtigen/${id}/${word}`, form)).statusCode, word).toBe(404);
    expect((await get(`/machtigen/${id}/beeindigen`, 'carol')).statusCode).toBe(404);
    expect(await statusOf(id)).toBe('awaiting_acceptance');
    expect((await get('/machtigen/00000000-0000-7000-8000-000000000000', 'alice')).statusCode).toBe(404);
    expect((await get('/machtigen/niet-een-id', 'alice')).statusCode).toBe(404);
  });

  it('the mandatary declines: the mandator reads why it does not apply', async () => {
    const { id } = await grantThroughPages('alice', grantFields(cast.people.carol, parkingScope()));
    const declined = await postStep('carol', id, 'weigeren');
    expect(declined.statusCode).toBe(303);
    expect(declined.headers.location).toBe(`/machtigen/${id}?melding=geweigerd`);
    expect(await statusOf(id)).toBe('declined');
    const page = await get(`/machtigen/${id}`, 'alice');
    expect(page.body).toContain('Carol Jansen heeft de machtiging geweigerd. Hij geldt niet.');
    expect(page.body).toContain('U hoeft niets te doen.');
  });
});

describe('acting for someone (/machtigen/namens)', () => {
  it('lists myself first, then whom I represent, with how', async () => {
    const res = await get('/machtigen/namens', 'parent');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Namens wie handelt u?');
    const self = res.body.indexOf('Mijzelf');
    const child = res.body.indexOf('Kim Smit');
    expect(self).toBeGreaterThan(-1);
    expect(child).toBeGreaterThan(self);
    expect(res.body).toContain('Ouder of voogd met gezag');
    expect(res.body).toMatch(/value="mijzelf" checked/);
  });

  it('acting for the child shows the banner and the child’s mandates; back to myself', async () => {
    const form = await openForm('/machtigen/namens', 'parent');
    const chosen = await post('/machtigen/namens', form, { namens: `person-${cast.people.child.bsn}`, terug: '/machtigen' });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/machtigen');
    const page = await get('/machtigen', 'parent');
    expect(page.body).toContain('U handelt namens Kim Smit');
    expect(page.body).toContain('Machtigingen van Kim Smit');
    expect(page.body).toContain('Machtigingen die Kim Smit gaf');
    // The tables' hidden captions name Kim, as the headings do.
    expect(page.body).toContain('>Wettelijke vertegenwoordigers van Kim Smit</caption>');
    expect(page.body).not.toContain('>Uw wettelijke vertegenwoordigers</caption>');
    expectHeadingOrder(page.body);
    const back = await post('/machtigen/namens', await openForm('/machtigen/namens', 'parent'), {
      namens: 'mijzelf',
      terug: 'https://elders.example/',
    });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/zaken');
    expect((await get('/machtigen', 'parent')).body).not.toContain('U handelt namens');
  });

  it('refuses someone without a mandate, with the reason', async () => {
    const form = await openForm('/machtigen/namens', 'bob');
    const res = await post('/machtigen/namens', form, { namens: `person-${cast.people.carol.bsn}` });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Er is een probleem');
    expect(text(res)).toContain(`U kunt niet namens Carol Jansen handelen. ${denyTexts.no_relation.nl}`);
    expect(summaryLinks(res.body)).toEqual(['namens']);
    const nothing = await post('/machtigen/namens', form, {});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Kies namens wie u handelt.');
  });

  it('grant → accept → act for → the banner on /zaken → ended → "U handelt niet meer namens …"', async () => {
    const { alice, erin } = cast.people;
    const ecookie = await t.loginAs(personLogin(erin.bsn));
    const page = (url: string) => t.request({ url, headers: { accept: 'text/html', cookie: ecookie } });
    const { id } = await grantThroughPages('alice', grantFields(erin, parkingScope()));

    const opened = await page('/machtigen');
    expect(opened.body).toContain(`action="/machtigen/${id}/accepteren"`);
    const token = /name="_csrf" value="([^"]+)"/.exec(opened.body)?.[1] ?? '';
    const cookie = [ecookie, ...([] as string[]).concat(opened.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '')].join('; ');
    const send = (url: string, fields: Record<string, string>) => post(url, { token, cookie }, fields);
    expect((await send(`/machtigen/${id}/accepteren`, { terug: '/machtigen' })).statusCode).toBe(303);

    const options = await page('/machtigen/namens');
    expect(options.body).toContain(`value="person-${alice.bsn}"`);
    expect(options.body).toContain('Machtiging voor: Parkeervergunning');
    const chosen = await send('/machtigen/namens', { namens: `person-${alice.bsn}`, terug: '/zaken' });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/zaken');
    const zaken = await page('/zaken');
    expect(zaken.statusCode).toBe(200);
    expect(zaken.body).toContain('U handelt namens Alice de Vries');
    expect(zaken.body).toContain('href="/machtigen/namens"');

    // Alice ends it, after a confirmation page.
    const confirm = await get(`/machtigen/${id}/beeindigen`, 'alice');
    expect(confirm.statusCode).toBe(200);
    expect(text(confirm)).toContain('Weet u zeker dat u deze machtiging wilt beëindigen?');
    const ended = await post(`/machtigen/${id}/beeindigen`, await openForm(`/machtigen/${id}/beeindigen`, 'alice'));
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe(`/machtigen/${id}?melding=beeindigd`);
    expect(await statusOf(id)).toBe('ended');
    const detail = await get(`/machtigen/${id}`, 'alice');
    expect(text(detail)).toContain('De machtiging is beëindigd op 1 december 2026 door Alice de Vries.');

    const next = await page('/zaken');
    expect(next.statusCode).toBe(200);
    expect(text(next)).toContain('U handelt niet meer namens Alice de Vries');
    expect(next.body).not.toContain('U handelt namens Alice de Vries');
    // Said once.
    expect(text(await page('/zaken'))).not.toContain('U handelt niet meer namens');
  });
});

describe('the official’s lookup (/machtigen/opzoeken)', () => {
  it('is for officials with a help-desk role only: 403 for others and for citizens', async () => {
    expect((await get('/machtigen/opzoeken', 'qualityManager')).statusCode).toBe(403);
    expect((await get('/machtigen/opzoeken', 'alice')).statusCode).toBe(403);
    expect((await get('/machtigen/opzoeken', 'nobody')).statusCode).toBe(303);
  });

  it('shows both directions of a person and records the lookup in the processing log', async () => {
    const form = await openForm('/machtigen/opzoeken', 'caseHandler');
    expect(form.res.statusCode).toBe(200);
    expect(form.res.body).toContain('verwerkingenlogboek');
    const logged = await rowCount(t.database.db, 'processing_log');
    const res = await post('/machtigen/opzoeken', form, { nummer: cast.people.parent.bsn });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Machtigingen van Peter Smit');
    expect(res.body).toContain('Kim Smit');
    // The result's title is an h2 under the page's h1; the two directions h3, their parts h4.
    expect(res.body).toContain('<h2 class="utrecht-heading-2" id="resultaat-titel">Machtigingen van Peter Smit</h2>');
    expectHeadingOrder(res.body);
    expect(headings(res.body).slice(0, 4)).toEqual([
      [1, 'Machtigingen opzoeken'],
      [2, 'Machtigingen van Peter Smit'],
      [3, 'Wie mag namens Peter Smit handelen'],
      [4, 'Machtigingen die Peter Smit gaf'],
    ]);
    expect(headings(res.body).filter(([level]) => level === 3)).toEqual([
      [3, 'Wie mag namens Peter Smit handelen'],
      [3, 'Namens wie mag Peter Smit handelen'],
    ]);
    // The tables' hidden captions name Peter, not "u".
    expect(res.body).toContain('>Mensen die Peter Smit wettelijk vertegenwoordigt</caption>');
    expect(res.body).not.toMatch(/<caption[^>]*>[^<]*\bu\b[^<]*<\/caption>/);
    expect(res.body).toContain('Deze opzoeking is vastgelegd in het verwerkingenlogboek.');
    expect(await rowCount(t.database.db, 'processing_log')).toBe(logged + 1);
    // The BSN never goes into an address.
    expect(res.body).not.toContain(`?nummer=`);

    const wrong = await post('/machtigen/opzoeken', form, { nummer: '12345' });
    expect(wrong.statusCode).toBe(400);
    expect(summaryLinks(wrong.body)).toEqual(['nummer']);
    expect(await rowCount(t.database.db, 'processing_log')).toBe(logged + 1);

    const business = await post('/machtigen/opzoeken', form, { nummer: cast.businesses.soleBusiness.kvkNumber });
    expect(business.statusCode).toBe(200);
    expect(business.body).toContain('Machtigingen van Bakkerij Sol');
  });
});

describe('service sets (/machtigen/dienstensets/{code})', () => {
  it('a service designer makes a set; everyone sees it; it can be chosen when granting', async () => {
    const pub = await get('/machtigen/dienstensets/GM0363', 'nobody');
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('name="diensten"');
    const form = await openForm('/machtigen/dienstensets/GM0363', 'designer');
    expect(form.res.body).toContain('name="diensten"');

    const refused = await post('/machtigen/dienstensets/GM0363', form, { code: 'Parkeren!', naam: '' });
    expect(refused.statusCode).toBe(400);
    expect(summaryLinks(refused.body)).toEqual(['code', 'naam', 'diensten']);
    expect(await listServiceSets(t.ctx, 'GM0363')).toEqual([]);

    const payload = new URLSearchParams({ _csrf: form.token, code: 'parkeren', naam: 'Parkeren', 'naam-en': 'Parking' });
    payload.append('diensten', cast.services.parkingPermit.serviceId);
    payload.append('diensten', cast.services.parkingExemption.serviceId);
    const saved = await t.request({
      method: 'POST',
      url: '/machtigen/dienstensets/GM0363',
      headers: { accept: 'text/html', cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: payload.toString(),
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/machtigen/dienstensets/GM0363?melding=opgeslagen#set-parkeren');
    const sets = await listServiceSets(t.ctx, 'GM0363');
    expect(sets.map((s) => [s.id, s.name.nl, s.serviceIds.length])).toEqual([['parkeren', 'Parkeren', 2]]);

    const after = await get('/machtigen/dienstensets/GM0363', 'nobody');
    expect(after.body).toContain('Parkeren');
    expect(after.body).toContain('Parkeervergunning');

    // A designer of another organisation may not.
    const other = await openForm('/machtigen/dienstensets/GM0363', 'otherDesigner');
    expect(other.res.body).not.toContain('name="diensten"');
    expect(
      (await post('/machtigen/dienstensets/GM0363', other, { code: 'x', naam: 'X', diensten: cast.services.wmo.serviceId })).statusCode,
    ).toBe(403);

    // Granting: the set is offered for Amsterdam, and the summary names it.
    const grant = await openForm('/machtigen/nieuw', 'alice');
    const listed = await post('/machtigen/nieuw', grant, { actie: 'organisatie', organisatie: 'GM0363' });
    expect(listed.body).toContain('<option value="parkeren"');
    const summary = await post(
      '/machtigen/nieuw',
      grant,
      grantFields(cast.people.bob, { waarvoor: 'dienstenset', organisatie: 'GM0363', dienstenset: 'parkeren' }),
    );
    expect(summary.statusCode).toBe(200);
    expect(text(summary)).toContain('de diensten van de dienstenset ‘Parkeren’ te regelen bij');
  });

  it('is not found for an unknown organisation', async () => {
    expect((await get('/machtigen/dienstensets/XX9999', 'nobody')).statusCode).toBe(404);
  });
});
