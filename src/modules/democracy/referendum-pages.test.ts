// The referendum pages through HTTP on the composed app (LOKET_TEST_DB=sqlite|postgres): a
// coordinator makes a referendum through the form (Dutch error summary, nothing stored on an error;
// citizens get the 403 page, visitors the login); its page shows the question, options, policy, the
// rules in words and the request's count with a progress bar; a person supports and withdraws
// through the form (CSRF, 303 back with a notice), a visitor is asked to log in with DigiD, a
// refusal (deadline passed) is said in an error summary; after the vote the outcome per option and
// the turnout against the threshold in plain words. No page ever shows a BSN.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCount, sql, writeJson } from '../../platform/db/index.ts';
import { createTestApp, formOf, type OpenForm, type TestApp } from '../../platform/testing/app.ts';
import { settableClock } from '../delivery/test-fixtures.ts';
import { demoOfficialId } from '../registry/index.ts';
import { addPerson } from '../registry/people/test-fixtures.ts';
import type { CountTotals } from './model.ts';
import { referendumOutcome } from './referendum.ts';
import { getReferendum, type ReferendumView } from './referendum-service.ts';
import { setReferendumStatusByElection } from './referendum-store.ts';
import { tables } from './store.ts';

const start = '2026-12-01T10:00:00.000Z'; // 1 December 2026, 11:00 in Amsterdam
const clock = settableClock(start);
let t: TestApp;
const supporterBsn = '999990019';
const otherBsn = '999990020';

type Who = 'coordinator' | 'official' | 'citizen' | 'other' | 'business' | 'nobody';
const cookies: Record<Who, string> = { coordinator: '', official: '', citizen: '', other: '', business: '', nobody: '' };

async function logInAll(): Promise<void> {
  const official = (officialId: string, role: 'election_official' | 'election_coordinator') =>
    t.loginAs({ kind: 'official', officialId, organisationCode: 'GM0014', roles: [role], loa: 'substantial', name: 'Ingrid Bakker' });
  cookies.coordinator = await official(demoOfficialId.electionCoordinator, 'election_coordinator');
  cookies.official = await official(demoOfficialId.electionOfficial, 'election_official');
  cookies.citizen = await t.loginAs({ kind: 'person', bsn: supporterBsn, loa: 'substantial', name: 'Sanne de Steun' });
  cookies.other = await t.loginAs({ kind: 'person', bsn: otherBsn, loa: 'substantial', name: 'Olaf Ander' });
  cookies.business = await t.loginAs({
    kind: 'business',
    kvkNumber: '90000001',
    actingBsn: '999990032',
    loa: 'substantial',
    name: 'Bedrijf BV',
  });
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  // The two citizens are adults registered in Groningen (GM0014): they may support its requests.
  const groningen = { street: 'Grote Markt', houseNumber: 1, houseNumberAddition: null, postcode: '9711LV', city: 'Groningen' };
  for (const bsn of [supporterBsn, otherBsn])
    await addPerson(t.database, { bsn, birthDate: '1980-05-05', address: { ...groningen, municipalityCode: 'GM0014' } });
  await logInAll();
}, 120_000);
afterAll(() => t.close());
afterEach(async () => {
  if (clock.now().toISOString() !== start) {
    clock.set(start);
    await logInAll();
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

const get = (url: string, who: Who = 'nobody', lang?: 'nl' | 'en'): Promise<LightMyRequestResponse> =>
  t.request({ url, headers: { accept: 'text/html', cookie: [cookies[who], lang ? `lang=${lang}` : ''].filter(Boolean).join('; ') } });

/** Opens a form page and returns what posting it needs: the CSRF token and cookies. */
async function openForm(url: string, who: Who): Promise<OpenForm> {
  return formOf(await get(url, who), cookies[who]);
}

const post = (url: string, f: { token: string; cookie: string }, fields: Record<string, string>): Promise<LightMyRequestResponse> =>
  t.request({
    method: 'POST',
    url,
    headers: { accept: 'text/html', cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: f.token }).toString(),
  });

const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const mainOf = (body: string): string => body.slice(body.indexOf('<main'), body.indexOf('</main>'));
const textOf = (body: string): string => unescape(mainOf(body).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

/** The links of the error summary (to field ids), in order. */
const summaryLinks = (body: string): string[] => {
  const summary = /<div[^>]*id="foutmeldingen"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  return [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? '');
};

/** One h1; headings go down one level at a time; ids unique; every aria reference and in-page link points to an id. */
function expectSoundMarkup(body: string): void {
  const levels = [...mainOf(body).matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '');
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    'duplicate ids',
  ).toEqual([]);
  for (const m of body.matchAll(/\saria-(?:labelledby|describedby)="([^"]+)"/g))
    for (const ref of (m[1] ?? '').split(' ')) expect(ids, `aria reference #${ref}`).toContain(ref);
  for (const m of body.matchAll(/href="#([^"]+)"/g)) expect(ids, `link to #${m[1]}`).toContain(m[1]);
  for (const table of body.matchAll(/<table\b[\s\S]*?<\/table>/g)) expect(table[0]).toMatch(/<caption[^>]*>[^<]+<\/caption>/);
}

/** No BSN of anyone involved, and no 9-digit number at all, in a page. */
function expectNoBsn(body: string): void {
  for (const bsn of [supporterBsn, otherBsn, '999990032']) expect(body).not.toContain(bsn);
  expect(mainOf(body)).not.toMatch(/(?<![\d-])\d{9}(?![\d-])/);
}

const referendums = async (): Promise<number> =>
  readCount((await sql<{ n: unknown }>`select count(*) as n from referendum`.execute(t.database.db)).rows[0]?.n);

const validForm = (extra: Record<string, string> = {}): Record<string, string> => ({
  titel: 'Referendum over het parkeerbeleid',
  vraag: 'Bent u voor of tegen het nieuwe parkeerbeleid?',
  keuzes: 'Voor\r\nTegen\r\n',
  beleid: 'Parkeervisie Groningen 2027',
  beleidslink: 'https://gemeente.groningen.nl/parkeervisie',
  regels: 'gemeente-voorbeeld',
  start: '1-12-2026',
  stemdatum: '',
  ...extra,
});

/** A referendum made through the form by the coordinator; returns its id. */
async function createThroughForm(extra: Record<string, string> = {}): Promise<string> {
  const form = await openForm('/democratie/referenda/nieuw', 'coordinator');
  const res = await post('/democratie/referenda/nieuw', form, validForm(extra));
  expect(res.statusCode, textOf(res.body)).toBe(303);
  const m = /^\/democratie\/referenda\/([0-9a-f-]{36})\?melding=opgeslagen$/.exec(String(res.headers.location));
  expect(m, String(res.headers.location)).not.toBeNull();
  return m?.[1] ?? '';
}

const viewOf = async (id: string): Promise<ReferendumView> => {
  const v = await getReferendum(t.ctx, { kind: 'anonymous' }, id);
  if (!v.ok) throw new Error(v.failure.code);
  return v.value;
};

// ---------------------------------------------------------------------------------------------

describe('/democratie/referenda/nieuw', () => {
  it('is for coordinators: a visitor is sent to log in, a citizen and an election official get the 403 page', async () => {
    const anonymous = await get('/democratie/referenda/nieuw');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/inloggen?terug=%2Fdemocratie%2Freferenda%2Fnieuw');
    for (const who of ['citizen', 'official', 'business'] as const) {
      const res = await get('/democratie/referenda/nieuw', who);
      expect(res.statusCode, who).toBe(403);
      expect(res.body).toContain('Geen toegang');
      expect(res.body).not.toContain('name="titel"');
    }
    // A post without login goes to the login too, and stores nothing.
    const before = await referendums();
    const posted = await t.request({
      method: 'POST',
      url: '/democratie/referenda/nieuw',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(validForm()).toString(),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(/^\/inloggen\?terug=/);
    expect(await referendums()).toBe(before);
  });

  it('shows the form with the rules to choose from', async () => {
    const { res } = await openForm('/democratie/referenda/nieuw', 'coordinator');
    expect(res.statusCode).toBe(200);
    for (const name of ['titel', 'vraag', 'keuzes', 'beleid', 'beleidslink', 'regels', 'start', 'stemdatum'])
      expect(res.body).toContain(`name="${name}"`);
    expect(res.body).toContain('<option value="gemeente-voorbeeld">');
    expect(res.body).toContain('<option value="wrr-2015">Wet raadgevend referendum (2015-2018)</option>');
    expect(textOf(res.body)).toContain('Maak een referendum voor Groningen.');
    expectSoundMarkup(res.body);
  });

  it('lists every missing field in a Dutch error summary, in the order of the form, and stores nothing', async () => {
    const before = await referendums();
    const form = await openForm('/democratie/referenda/nieuw', 'coordinator');
    const res = await post('/democratie/referenda/nieuw', form, {
      titel: '',
      vraag: ' ',
      keuzes: 'Ja',
      beleid: '',
      beleidslink: 'ftp://x',
      regels: '',
    });
    expect(res.statusCode).toBe(400);
    expect(summaryLinks(res.body)).toEqual(['titel', 'vraag', 'keuzes', 'beleid', 'beleidslink', 'regels']);
    const text = textOf(res.body);
    expect(text).toContain('Er is een probleem');
    expect(text).toContain('Vul minstens twee verschillende keuzes in, één per regel.');
    expect(res.body).toMatch(/<title>Fout: Nieuw referendum/);
    expect(res.body).toContain('aria-invalid="true"');
    // What was typed stays.
    expect(res.body).toContain('>Ja</textarea>');
    expect(await referendums()).toBe(before);
    expectSoundMarkup(res.body);
  });

  it('says when rules are not in force on the first day, or a date is in the past, and stores nothing', async () => {
    const before = await referendums();
    const form = await openForm('/democratie/referenda/nieuw', 'coordinator');
    const repealed = await post('/democratie/referenda/nieuw', form, validForm({ regels: 'wrr-2015' }));
    expect(repealed.statusCode).toBe(422);
    expect(summaryLinks(repealed.body)).toEqual(['regels']);
    expect(textOf(repealed.body)).toContain('Deze referendumregels gelden niet op de startdatum');
    const past = await post('/democratie/referenda/nieuw', form, validForm({ start: '30-11-2026' }));
    expect(past.statusCode).toBe(400);
    expect(summaryLinks(past.body)).toEqual(['start']);
    expect(textOf(past.body)).toContain('De eerste dag van het verzoek mag niet in het verleden liggen.');
    const nonsense = await post('/democratie/referenda/nieuw', form, validForm({ start: '31-02-2027' }));
    expect(summaryLinks(nonsense.body)).toEqual(['start']);
    expect(await referendums()).toBe(before);
  });

  it('makes the referendum and shows its page with a notice', async () => {
    const id = await createThroughForm();
    const res = await get(`/democratie/referenda/${id}?melding=opgeslagen`, 'coordinator');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Het referendum is opgeslagen.');
    expect(text).toContain('Bent u voor of tegen het nieuwe parkeerbeleid?');
    expect(res.body).toContain('href="https://gemeente.groningen.nl/parkeervisie"');
    const v = await viewOf(id);
    expect(v.organisationCode).toBe('GM0014');
    expect(v.options.map((o) => o.name)).toEqual(['Voor', 'Tegen']);
    expect(v.phaseStartedOn).toBe('2026-12-01');
  });
});

describe('/democratie/referenda/{id}', () => {
  it('shows the question, options, policy, the rules in plain words and the request count with a progress bar', async () => {
    const id = await createThroughForm();
    const v = await viewOf(id);
    const endsOn = v.phaseEndsOn ?? '';
    expect(endsOn).toBe('2027-01-11');
    const res = await get(`/democratie/referenda/${id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Er worden ondersteuningsverklaringen verzameld.');
    expect(text).toContain('Voor Tegen');
    expect(text).toContain('0 van 300 ondersteuningsverklaringen, nog tot en met 11 januari 2027.');
    expect(res.body).toMatch(/<progress class="loket-progress" max="300" value="0" aria-labelledby="fase-stand"/);
    expect(text).toContain('Stap 1, Inleidend verzoek: 300 ondersteuningsverklaringen binnen 42 dagen.');
    expect(text).toContain('Stap 2, Definitief verzoek: 5.000 ondersteuningsverklaringen binnen 42 dagen.');
    expect(text).toContain('De uitslag telt alleen als minstens 30 % van de kiesgerechtigden stemt.');
    expect(res.body).toContain('href="https://lokaleregelgeving.overheid.nl/CVDR682633/1"');
    // A visitor is asked to log in, and comes back here.
    expect(res.body).toContain(`href="/inloggen?terug=${encodeURIComponent(`/democratie/referenda/${id}`)}"`);
    expect(text).toContain('Log in met DigiD om te ondersteunen');
    expect(res.body).not.toContain('name="actie"');
    expectSoundMarkup(res.body);
    // In English, English numbers and dates.
    const english = textOf((await get(`/democratie/referenda/${id}`, 'nobody', 'en')).body);
    expect(english).toContain('0 of 300 statements of support, until 11 January 2027 inclusive.');
    expect(english).toContain('Step 2, Definitive request: 5,000 statements of support within 42 days.');
  });

  it('lets a person support and withdraw through the form, back on the page with a notice each time; no BSN anywhere', async () => {
    const id = await createThroughForm();
    const page = `/democratie/referenda/${id}`;
    const form = await openForm(page, 'citizen');
    expect(form.res.body).toContain('<input type="hidden" name="actie" value="steunen"/>');
    expect(textOf(form.res.body)).toContain('Tot en met 11 januari 2027 kunt u uw steun weer intrekken.');
    const supported = await post(`${page}/steun`, form, { actie: 'steunen' });
    expect(supported.statusCode).toBe(303);
    expect(supported.headers.location).toBe(`${page}?melding=ondersteund`);
    const after = await get(`${page}?melding=ondersteund`, 'citizen');
    expect(textOf(after.body)).toContain('Dank u. Uw steun is vastgelegd.');
    expect(textOf(after.body)).toContain('1 van 300 ondersteuningsverklaringen');
    expect(textOf(after.body)).toContain('U ondersteunt dit verzoek.');
    expect(after.body).toContain('<input type="hidden" name="actie" value="intrekken"/>');
    expect(after.body).toMatch(/<progress[^>]*max="300" value="1"/);
    // Someone else sees the count, not who.
    const other = await get(page, 'other');
    expect(textOf(other.body)).toContain('1 van 300 ondersteuningsverklaringen');
    expect(other.body).toContain('value="steunen"');
    for (const body of [form.res.body, after.body, other.body, (await get(page)).body]) expectNoBsn(body);

    const again = await openForm(page, 'citizen');
    const withdrawn = await post(`${page}/steun`, again, { actie: 'intrekken' });
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`${page}?melding=ingetrokken`);
    const end = await get(`${page}?melding=ingetrokken`, 'citizen');
    expect(textOf(end.body)).toContain('Uw steun is ingetrokken.');
    expect(textOf(end.body)).toContain('0 van 300 ondersteuningsverklaringen');
    expectNoBsn(end.body);
    expectSoundMarkup(end.body);
    expect((await viewOf(id)).phase?.supporters).toBe(0);
  });

  it('refuses a post without a valid CSRF token, and sends a visitor who posts to the login', async () => {
    const id = await createThroughForm();
    const page = `/democratie/referenda/${id}`;
    const form = await openForm(page, 'citizen');
    const forged = await post(`${page}/steun`, { ...form, token: 'vals' }, { actie: 'steunen' });
    expect(forged.statusCode).toBe(403);
    const visitor = await t.request({
      method: 'POST',
      url: `${page}/steun`,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'actie=steunen',
    });
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(page)}`);
    expect((await viewOf(id)).phase?.supporters).toBe(0);
  });

  it('does not let a business or an official support; they read why', async () => {
    const id = await createThroughForm();
    const page = `/democratie/referenda/${id}`;
    const official = await get(page, 'coordinator');
    expect(textOf(official.body)).toContain('Alleen inwoners die zelf met DigiD zijn ingelogd kunnen een verzoek ondersteunen.');
    expect(official.body).not.toContain('name="actie"');
    const business = await openForm(page, 'business');
    expect(business.res.body).not.toContain('name="actie"');
    const posted = await post(`${page}/steun`, business, { actie: 'steunen' });
    expect(posted.statusCode).toBe(403);
    expect((await viewOf(id)).phase?.supporters).toBe(0);
  });

  it('says in an error summary why support is refused after the deadline, and stores nothing', async () => {
    const id = await createThroughForm();
    const page = `/democratie/referenda/${id}`;
    const form = await openForm(page, 'citizen');
    clock.set('2027-01-11T23:30:00.000Z'); // 12 January 2027, 00:30 in Amsterdam: the last day has passed
    await logInAll();
    const refused = await post(
      `${page}/steun`,
      { ...form, cookie: [cookies.citizen, ...form.cookie.split('; ').filter((c) => c.startsWith('_csrf'))].join('; ') },
      { actie: 'steunen' },
    );
    expect(refused.statusCode).toBe(409);
    expect(summaryLinks(refused.body)).toEqual(['steun']);
    expect(textOf(refused.body)).toContain('Dat lukte niet: De termijn om dit verzoek te steunen of uw steun in te trekken is voorbij.');
    expect(textOf(refused.body)).toContain('U kunt dit verzoek nu niet ondersteunen.');
    expect((await viewOf(id)).phase?.supporters).toBe(0);
    expectSoundMarkup(refused.body);
    // Until the job decides, the page says the period is over, without a form.
    const closed = await get(page, 'citizen');
    expect(textOf(closed.body)).toContain('0 van 300 ondersteuningsverklaringen. Ondersteunen kon tot en met 11 januari 2027.');
    expect(closed.body).not.toContain('name="actie"');
  });

  it('says when a request starts later, and has no form before that day', async () => {
    const id = await createThroughForm({ start: '15-12-2026' });
    const res = await get(`/democratie/referenda/${id}`, 'citizen');
    const text = textOf(res.body);
    expect(text).toContain(
      'Inleidend verzoek: ondersteunen kan van 15 december 2026 tot en met 25 januari 2027. Er zijn 300 ondersteuningsverklaringen nodig.',
    );
    expect(text).toContain('U kunt dit verzoek nu niet ondersteunen.');
    expect(res.body).not.toContain('name="actie"');
  });

  it('answers an unknown id with the site 404 page', async () => {
    for (const id of ['01900000-0000-7000-8000-000000000999', 'bestaat-niet']) {
      const res = await get(`/democratie/referenda/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Pagina niet gevonden');
    }
  });

  it('is listed on /democratie with its status and deadline', async () => {
    const id = await createThroughForm({ titel: 'Referendum over de nieuwe brug' });
    const res = await get('/democratie');
    expect(res.body).toContain(`href="/democratie/referenda/${id}"`);
    expect(textOf(res.body)).toContain(
      'Referendum over de nieuwe brug Verzoek: ondersteunen kan Ondersteunen kan tot en met 11 januari 2027 Groningen',
    );
    // Its ballot is no work for the officials yet: no counting link while the request runs.
    const { electionId } = await viewOf(id);
    for (const who of ['coordinator', 'official'] as const) {
      const work = (await get('/democratie', who)).body;
      expect(work, who).toContain('id="uw-werk"');
      expect(work, who).not.toContain(`href="/democratie/verkiezingen/${electionId}/tellen"`);
    }
    // Once scheduled, it is.
    await t.database.db.transaction().execute((trx) => setReferendumStatusByElection(trx, electionId, 'scheduled'));
    expect((await get('/democratie', 'official')).body).toContain(`href="/democratie/verkiezingen/${electionId}/tellen"`);
  });
});

describe('/democratie/referenda/{id}/stemdatum', () => {
  /** A referendum without a request (consultative rules): scheduled from the start. */
  const scheduled = (): Promise<string> => createThroughForm({ regels: 'raadplegend-voorbeeld', start: '' });

  it('lets the coordinator set the vote date (PRG with a notice) and shows the way to the counting work', async () => {
    const id = await scheduled();
    const page = `/democratie/referenda/${id}`;
    const form = await openForm(page, 'coordinator');
    expect(form.res.statusCode).toBe(200);
    expect(textOf(form.res.body)).toContain('Stemdatum vastleggen');
    expect(form.res.body).toContain(`action="${page}/stemdatum"`);
    const { electionId } = await viewOf(id);
    expect(form.res.body).toContain(`href="/democratie/verkiezingen/${electionId}/importeren"`);
    expect(form.res.body).toContain(`href="/democratie/verkiezingen/${electionId}/tellen"`);
    expectSoundMarkup(form.res.body);

    const saved = await post(`${page}/stemdatum`, form, { stemdatum: '17-3-2027' });
    expect(saved.statusCode, textOf(saved.body)).toBe(303);
    expect(saved.headers.location).toBe(`${page}?melding=stemdatum`);
    expect((await viewOf(id)).voteDate).toBe('2027-03-17');
    const after = await get(`${page}?melding=stemdatum`, 'coordinator');
    expect(textOf(after.body)).toContain('De stemdatum is vastgelegd.');
    expect(textOf(after.body)).toContain('Dag van de stemming 17 maart 2027');
    expect(after.body).not.toContain('Verkiezingsdag');
    expect(textOf((await get(page, 'coordinator', 'en')).body)).toContain('Voting day 17 March 2027');
    // The form shows the date set, to change it.
    expect(after.body).toMatch(/id="stemdatum"[^>]*value="17-03-2027"/);
  });

  it('says in the error summary what is wrong with the date, keeps what was typed, and stores nothing', async () => {
    const id = await scheduled();
    const page = `/democratie/referenda/${id}`;
    const form = await openForm(page, 'coordinator');
    const wrong = await post(`${page}/stemdatum`, form, { stemdatum: '31-02-2027' });
    expect(wrong.statusCode).toBe(400);
    expect(summaryLinks(wrong.body)).toEqual(['stemdatum']);
    expect(textOf(wrong.body)).toContain('Vul een bestaande datum in');
    expect(wrong.body).toMatch(/id="stemdatum"[^>]*value="31-02-2027"/);
    const past = await post(`${page}/stemdatum`, form, { stemdatum: '30-11-2026' });
    expect(summaryLinks(past.body)).toEqual(['stemdatum']);
    expect(textOf(past.body)).toContain('Kies vandaag of een dag in de toekomst.');
    expect((await viewOf(id)).voteDate).toBeNull();
  });

  it('is not for citizens or election officials: no form, and a post is refused with 403', async () => {
    const id = await scheduled();
    const page = `/democratie/referenda/${id}`;
    for (const who of ['citizen', 'official', 'nobody'] as const) {
      const res = await get(page, who);
      expect(res.statusCode, who).toBe(200);
      expect(res.body, who).not.toContain('/stemdatum"');
      expect(res.body, who).not.toContain('/importeren"');
    }
    const form = await openForm(page, 'citizen');
    const refused = await post(`${page}/stemdatum`, form, { stemdatum: '17-3-2027' });
    expect(refused.statusCode).toBe(403);
    expect((await viewOf(id)).voteDate).toBeNull();
  });

  it('has no form while the request for a referendum is still open', async () => {
    const id = await createThroughForm();
    const res = await get(`/democratie/referenda/${id}`, 'coordinator');
    expect((await viewOf(id)).status).toBe('requesting');
    expect(res.body).not.toContain('/stemdatum"');
  });
});

describe('the outcome of the vote', () => {
  /** Declares the ballot's result directly (the counting itself is service.test.ts's): `yes`/`no` votes of `eligible`. */
  async function declare(id: string, yes: number, no: number, eligible: number): Promise<void> {
    const v = await viewOf(id);
    const totals: CountTotals = {
      stations: 1,
      voters: { pollCards: yes + no + 2, proxyCertificates: 0, total: yes + no + 2 },
      votes: {
        lists: [
          { number: 1, candidates: [], total: yes },
          { number: 2, candidates: [], total: no },
        ],
        totalValid: yes + no,
        blank: 1,
        invalid: 1,
        total: yes + no + 2,
      },
      differences: { moreBallots: 0, fewerBallots: 0 },
    };
    const outcome = referendumOutcome(v.rules, totals, v.options, eligible);
    await tables(t.database.db)
      .insertInto('election_result')
      .values({
        election_id: v.electionId,
        version: 1,
        finalised_at: clock.now().toISOString(),
        finalised_by: demoOfficialId.electionCoordinator,
        totals: writeJson(totals),
        per_municipality: writeJson({}),
        apportionment: null,
        referendum: writeJson(outcome),
      })
      .execute();
    await t.database.db.transaction().execute((trx) => setReferendumStatusByElection(trx, v.electionId, 'finalised'));
  }

  it('shows the votes per option (chart and table) and that the turnout threshold was met: the result counts', async () => {
    const id = await createThroughForm({ titel: 'Referendum A' });
    await declare(id, 3000, 1420, 12_900);
    const res = await get(`/democratie/referenda/${id}`);
    const text = textOf(res.body);
    expect(text).toContain('De uitslag is vastgesteld.');
    expect(text).toContain('De meeste stemmen gingen naar: Voor.');
    expect(text).toContain('De opkomst was 34,3 %. Dat is meer dan de drempel van 30 %.');
    expect(text).toContain('De uitslag telt.');
    expect(text).toContain('Er werden 4.422 stemmen uitgebracht: 4.420 geldig, 1 blanco en 1 ongeldig.');
    expect(res.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="uitslag-grafiek-titel uitslag-grafiek-beschrijving"/);
    expect([...res.body.matchAll(/<rect /g)]).toHaveLength(2);
    const table = res.body.slice(
      res.body.indexOf('id="uitslag-tabel"'),
      res.body.indexOf('</table>', res.body.indexOf('id="uitslag-tabel"')),
    );
    expect(textOf(`<main>${table}</main>`)).toContain('Voor 3.000 67,9 Tegen 1.420 32,1');
    // No more support form once decided.
    expect(res.body).not.toContain('name="actie"');
    expectSoundMarkup(res.body);
    expect(textOf((await get(`/democratie/referenda/${id}`, 'nobody', 'en')).body)).toContain(
      'Turnout was 34.3%. That is more than the threshold of 30%. The result counts.',
    );
  });

  it('says so when the turnout stayed under the threshold: the result does not count', async () => {
    const id = await createThroughForm({ titel: 'Referendum B' });
    await declare(id, 300, 200, 2000);
    const text = textOf((await get(`/democratie/referenda/${id}`)).body);
    expect(text).toContain('De opkomst was 25,1 %. Dat is minder dan de drempel van 30 %.');
    expect(text).toContain('De uitslag telt niet.');
  });

  it('keeps the declared outcome during a recount, with a visible note', async () => {
    const id = await createThroughForm({ titel: 'Referendum C' });
    await declare(id, 3000, 1420, 12_900);
    const v = await viewOf(id);
    await t.database.db.transaction().execute((trx) => setReferendumStatusByElection(trx, v.electionId, 'counting'));
    const text = textOf((await get(`/democratie/referenda/${id}`)).body);
    expect(text).toContain('Hertelling bezig.');
    expect(text).toContain('De meeste stemmen gingen naar: Voor.');
  });
});
