// The election officials' pages (LOKET_TEST_DB=sqlite|postgres): the progress of the counting with
// each station's status in words and the next step for this user, and the entry form laid out like
// the official report. Double data entry through the forms: Anouk enters, Pieter enters again
// (equal → agreed; different → the coordinator decides), and the second entry never shows the
// first one's numbers. An inconsistent count shows the error summary with the finding's code and
// stores nothing; an empty field is an error, never 0; a warning must be confirmed per code; the
// official of entry 1 cannot make entry 2; citizens get 403; another organisation's official
// cannot see the station.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, formOf, type OpenForm, type TestApp } from '../../platform/testing/app.ts';
import { rowCounts } from '../delivery/test-fixtures.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import type { ElectionDefinition, StationCount } from './model.ts';
import { defineTestElection, sampleCount } from './test-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const [citizen = ''] = bsnSeries(44_100_000, 1);
type Who = 'anouk' | 'pieter' | 'ingrid' | 'citizen' | 'otherOfficial' | 'nobody';

beforeAll(async () => {
  t = await createTestApp();
  const official = async (who: Who, name: string, organisationCode: string, role: 'election_official' | 'election_coordinator') => {
    cookies[who] = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode, roles: [role], name })));
  };
  await official('anouk', 'Anouk Visser', 'GM0014', 'election_official');
  await official('pieter', 'Pieter Smit', 'GM0014', 'election_official');
  await official('ingrid', 'Ingrid Bakker', 'GM0014', 'election_coordinator');
  await official('otherOfficial', 'Medewerker Amsterdam', 'GM0363', 'election_official');
  await addPerson(t.database, { bsn: citizen, birthDate: '1980-01-01', surname: 'Kiezer' });
  cookies['citizen'] = await t.loginAs(personLogin(citizen));
}, 120_000);
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Visiting the pages

const cookieOf = (who: Who): string => (who === 'nobody' ? '' : (cookies[who] ?? ''));

function get(url: string, who: Who, lang?: string): Promise<LightMyRequestResponse> {
  const cookie = [cookieOf(who), lang ? `lang=${lang}` : ''].filter(Boolean).join('; ');
  return t.request({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
}

async function openForm(url: string, who: Who): Promise<OpenForm> {
  return formOf(await get(url, who), cookieOf(who));
}

function post(
  url: string,
  f: OpenForm,
  fields: Record<string, string | readonly string[]>,
  lang?: string,
): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of typeof v === 'string' ? [v] : v) body.append(k, x);
  body.append('_csrf', f.token);
  return t.request({
    method: 'POST',
    url,
    headers: {
      accept: 'text/html',
      cookie: lang ? `${f.cookie}; lang=${lang}` : f.cookie,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: body.toString(),
  });
}

const countingPath = (def: { id: string }): string => `/democratie/verkiezingen/${def.id}/tellen`;
const entryPath = (def: { id: string }, n: number): string => `/democratie/verkiezingen/${def.id}/stembureaus/${n}/invoer`;

/** The form fields of a count, named as the entry form names them (written out here, not taken from the page code). */
function fieldsOf(c: StationCount): Record<string, string> {
  const f: Record<string, string> = {
    'voters-pollCards': String(c.voters.pollCards),
    'voters-proxyCertificates': String(c.voters.proxyCertificates),
    'voters-total': String(c.voters.total),
    'votes-totalValid': String(c.votes.totalValid),
    'votes-blank': String(c.votes.blank),
    'votes-invalid': String(c.votes.invalid),
    'votes-total': String(c.votes.total),
    'differences-moreBallots': String(c.differences.moreBallots),
    'differences-fewerBallots': String(c.differences.fewerBallots),
    'differences-explanation': c.differences.explanation ?? '',
  };
  for (const l of c.votes.lists) {
    l.candidates.forEach((v, i) => (f[`votes-lists-${l.number}-candidates-${i}`] = String(v)));
    f[`votes-lists-${l.number}-total`] = String(l.total);
  }
  return f;
}

/** The same count with one more vote for the first candidate of list 1 (still consistent). */
function oneMoreVote(c: StationCount): StationCount {
  const copy = structuredClone(c);
  const list = copy.votes.lists[0];
  if (!list) throw new Error('no list');
  list.candidates[0] = (list.candidates[0] ?? 0) + 1;
  list.total += 1;
  copy.votes.totalValid += 1;
  copy.votes.total += 1;
  copy.voters.pollCards += 1;
  copy.voters.total += 1;
  return copy;
}

const counts = (): Promise<Record<'entries' | 'audit', number>> =>
  rowCounts(t.database.db, { entries: 'election_entry', audit: 'audit_log' });

/** Posts the entry form as `who` (opening it first, for the CSRF token). */
async function enter(def: ElectionDefinition, n: number, who: Who, fields: Record<string, string | readonly string[]>, lang?: string) {
  const f = await openForm(entryPath(def, n), who);
  expect(f.res.statusCode, f.res.body).toBe(200);
  return post(entryPath(def, n), f, fields, lang);
}

/** The text of the row of station `n` on the progress page. */
function rowOf(html: string, n: number): string {
  const m = new RegExp(`<tr class="utrecht-table__row" id="stembureau-${n}">([\\s\\S]*?)</tr>`).exec(html);
  return m?.[1] ?? '';
}

/** The values of the numeric inputs of the entry form (by name). */
function inputValues(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<input[^>]*name="((?:voters|votes|differences)-[^"]+)"[^>]*>/g)) {
    out.set(m[1] ?? '', /value="([^"]*)"/.exec(m[0])?.[1] ?? '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('who may use the pages', () => {
  it('sends visitors to the login page; citizens and coordinators (entry) get 403; another organisation sees nothing', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2 });
    for (const url of [countingPath(def), entryPath(def, 1)]) {
      const res = await get(url, 'nobody');
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
      expect((await get(url, 'citizen')).statusCode, url).toBe(403);
    }
    expect((await get(entryPath(def, 1), 'ingrid')).statusCode).toBe(403);
    for (const url of [countingPath(def), entryPath(def, 1)]) {
      const res = await get(url, 'otherOfficial');
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('Stembureau 1');
    }
    // A post by a citizen is refused before anything is read, and stores nothing.
    const before = await counts();
    const f = await openForm(entryPath(def, 1), 'anouk');
    const res = await t.request({
      method: 'POST',
      url: entryPath(def, 1),
      headers: {
        accept: 'text/html',
        cookie: `${cookies['citizen']}; ${f.cookie.split('; ').slice(1).join('; ')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ ...fieldsOf(sampleCount(def, 3)), _csrf: f.token }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    // Unknown stations and elections are not found.
    expect((await get(entryPath(def, 99), 'anouk')).statusCode).toBe(404);
    expect((await get(`/democratie/verkiezingen/${def.id}/stembureaus/abc/invoer`, 'anouk')).statusCode).toBe(404);
    expect((await get(countingPath({ id: '01900000-0000-7000-8000-000000000000' }), 'anouk')).statusCode).toBe(404);
  });
});

describe('the progress page', () => {
  it('lists each station with its status in words and the next step for this user', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2 });
    const anouk = await get(countingPath(def), 'anouk');
    expect(anouk.statusCode).toBe(200);
    expect(anouk.body).toContain('0 van 2 stembureaus akkoord');
    expect(rowOf(anouk.body, 1)).toContain('Nog niet ingevoerd');
    expect(rowOf(anouk.body, 1)).toContain(`href="${entryPath(def, 1)}"`);
    expect(rowOf(anouk.body, 1)).toContain('Eerste invoer');
    expect(anouk.body).not.toContain('Voor de coördinator');
    // The coordinator does not enter, but gets the links of the coordinator.
    const ingrid = await get(countingPath(def), 'ingrid');
    expect(ingrid.statusCode).toBe(200);
    expect(rowOf(ingrid.body, 1)).not.toContain('href=');
    expect(rowOf(ingrid.body, 1)).toContain('Niets te doen');
    expect(ingrid.body).toContain(`href="/democratie/verkiezingen/${def.id}/vaststellen"`);
    // In English
    const en = await get(countingPath(def), 'anouk', 'en');
    expect(en.body).toContain('Not entered yet');
    expect(en.body).toContain('First entry');
  });

  it('shows a draft election without entry links', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1, draft: true });
    const anouk = await get(countingPath(def), 'anouk');
    expect(anouk.statusCode).toBe(200);
    expect(anouk.body).toContain('Het tellen is nog niet gestart');
    expect(rowOf(anouk.body, 1)).not.toContain('href=');
    const ingrid = await get(countingPath(def), 'ingrid');
    expect(ingrid.body).toContain(`href="/democratie/verkiezingen/${def.id}/starten"`);
    expect(ingrid.body).toContain(`href="/democratie/verkiezingen/${def.id}/importeren"`);
    // Entering a draft is refused.
    expect((await get(entryPath(def, 1), 'anouk')).statusCode).toBe(409);
  });
});

describe('the entry form', () => {
  it('is laid out like the official report: sections, a compact table per list, a labelled numeric input per field', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1, lists: 2, candidatesPerList: 3 });
    const res = await get(entryPath(def, 1), 'anouk');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Eerste invoer');
    expect(html).not.toContain('Tweede invoer');
    for (const legend of ['Toegelaten kiezers', 'Uitgebrachte stemmen', 'Totalen', 'Verschillen'])
      expect(html).toContain(`<legend class="utrecht-form-fieldset__legend">${legend}</legend>`);
    // Each list is a table like the paper report: caption, columns Nr. / Kandidaat / Stemmen, the candidate as the
    // label of its narrow input, the list total as the last row; no extra tab stop between the fields (the
    // inputs let the keyboard scroll the table on a narrow screen).
    expect(html).not.toContain('tabindex="0"');
    for (const l of def.lists) {
      const table =
        new RegExp(`<div class="loket-count-grid" id="lijst-${l.number}">[\\s\\S]*?<table[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
      expect(table).toContain(`>Lijst ${l.number}: ${l.name}</caption>`);
      expect([...table.matchAll(/scope="col">([^<]*)</g)].map((x) => x[1])).toEqual(['Nr.', 'Kandidaat', 'Stemmen']);
      const rows = [...table.matchAll(/<tr class="utrecht-table__row[^"]*">([\s\S]*?)<\/tr>/g)].map((x) => x[0]);
      expect(rows).toHaveLength(l.candidates.length + 2);
      [...l.candidates]
        .sort((a, b) => a.position - b.position)
        .forEach((c, i) => {
          const row = rows[i + 1] ?? '';
          const id = `votes-lists-${l.number}-candidates-${i}`;
          expect(row).toMatch(new RegExp(`>${c.position}</td>`));
          expect(row).toMatch(new RegExp(`<label class="utrecht-form-label" for="${id}">${c.lastName}`));
          expect(row).toMatch(new RegExp(`<input class="utrecht-textbox loket-count-input" id="${id}" name="${id}"`));
        });
      expect(rows.at(-1)).toContain(`for="votes-lists-${l.number}-total">Totaal lijst ${l.number}</label>`);
      expect(rows.at(-1)).toContain('loket-total-row');
    }
    expect(html).not.toContain('style=');
    const names = [...inputValues(html).keys()];
    expect(names).toEqual(
      Object.keys(fieldsOf(sampleCount(def)))
        .filter((n) => n !== 'differences-explanation')
        .sort((a, b) => html.indexOf(`name="${a}"`) - html.indexOf(`name="${b}"`)),
    );
    expect(names).toHaveLength(3 + 2 * 4 + 4 + 2);
    for (const name of names) {
      expect(html).toMatch(new RegExp(`<label[^>]*for="${name}"`));
      expect(html).toMatch(new RegExp(`<input[^>]*id="${name}"[^>]*inputmode="numeric"`));
    }
    expect(html).toContain('A. Aantal geldige stempassen');
    expect(html).toContain('D. Totaal aantal toegelaten kiezers (A + B)');
    const first = def.lists[0]?.candidates[0];
    expect(html).toContain(`>${first?.lastName ?? '?'}, ${first?.initials ?? '?'}`);
    expect(html).toContain('Totaal lijst 1');
    expect(html).toContain('name="differences-explanation"');
  });

  it('saves two equal entries by two officials: the station is agreed; entry 2 never shows entry 1', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2 });
    const count = sampleCount(def, 11);
    const before = await counts();
    const first = await enter(def, 1, 'anouk', fieldsOf(count));
    expect(first.statusCode, first.body).toBe(303);
    expect(first.headers.location).toBe(`${countingPath(def)}?melding=eerste-invoer&stembureau=1`);
    const after1 = await get(String(first.headers.location), 'anouk');
    expect(after1.body).toContain('Eerste invoer van stembureau 1 opgeslagen.');
    expect(rowOf(after1.body, 1)).toContain('Eerste invoer klaar — wacht op tweede invoer');
    expect(rowOf(after1.body, 1)).toContain('U deed de eerste invoer');
    expect(rowOf(after1.body, 1)).not.toContain('href=');
    expect((await counts()).entries).toBe(before.entries + 1);

    // Pieter sees the second entry, empty.
    const pieterView = await get(countingPath(def), 'pieter');
    expect(rowOf(pieterView.body, 1)).toContain('Tweede invoer');
    const form = await get(entryPath(def, 1), 'pieter');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Tweede invoer — voer in zonder naar de eerste invoer te kijken');
    expect([...inputValues(form.body).values()].every((v) => v === '')).toBe(true);

    const second = await enter(def, 1, 'pieter', fieldsOf(count));
    expect(second.statusCode, second.body).toBe(303);
    expect(second.headers.location).toBe(`${countingPath(def)}?melding=akkoord&stembureau=1`);
    const after2 = await get(String(second.headers.location), 'pieter');
    expect(after2.body).toContain('Tweede invoer gelijk: stembureau 1 is akkoord.');
    expect(rowOf(after2.body, 1)).toContain('Akkoord');
    expect(after2.body).toContain('1 van 2 stembureaus akkoord');
    expect((await counts()).entries).toBe(before.entries + 2);
    // Entered twice: no more entries.
    expect((await get(entryPath(def, 1), 'anouk')).statusCode).toBe(409);
  });

  it('refuses entry 2 by the official who made entry 1, on the page and on a post, storing nothing', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const count = sampleCount(def, 12);
    const f = await openForm(entryPath(def, 1), 'anouk');
    expect((await post(entryPath(def, 1), f, fieldsOf(count))).statusCode).toBe(303);
    const again = await get(entryPath(def, 1), 'anouk');
    expect(again.statusCode).toBe(409);
    // One text for this refusal: the service's, never a page copy of its own.
    const sameUser = 'U hebt de eerste invoer van dit stembureau gedaan. De tweede invoer moet door een andere medewerker gebeuren.';
    expect(again.body).toContain(sameUser);
    expect(again.body).not.toContain('collega');
    expect(again.body).not.toContain('name="voters-pollCards"');
    const before = await counts();
    const res = await post(entryPath(def, 1), f, fieldsOf(count));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(sameUser);
    expect(res.body).not.toContain('collega');
    expect(await counts()).toEqual(before);
  });

  it('reports a different second entry; the coordinator decides', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const count = sampleCount(def, 13);
    expect((await enter(def, 1, 'anouk', fieldsOf(count))).statusCode).toBe(303);
    const res = await enter(def, 1, 'pieter', fieldsOf(oneMoreVote(count)));
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${countingPath(def)}?melding=verschil&stembureau=1`);
    const page = await get(String(res.headers.location), 'pieter');
    expect(page.body).toContain('De tweede invoer wijkt af. De coördinator beslist.');
    expect(rowOf(page.body, 1)).toContain('Verschil — coördinator beslist');
    expect(rowOf(page.body, 1)).not.toContain('href=');
    const ingrid = await get(countingPath(def), 'ingrid');
    expect(rowOf(ingrid.body, 1)).toContain(`href="/democratie/verkiezingen/${def.id}/stembureaus/1/verschillen"`);
    expect(rowOf(ingrid.body, 1)).toContain('Verschillen bekijken');
  });

  it('shows an inconsistent count with the finding codes in the error summary, keeps the values, and stores nothing', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const count = sampleCount(def, 14);
    const fields = { ...fieldsOf(count), 'votes-totalValid': String(count.votes.totalValid + 1) };
    const before = await counts();
    const res = await enter(def, 1, 'anouk', fields);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('loket-error-summary');
    expect(res.body).toMatch(/<a class="utrecht-link loket-error-summary__link" href="#votes-totalValid">F\.201: /);
    expect(res.body).toContain('<title>Fout: ');
    // What the official typed is shown again.
    expect(inputValues(res.body).get('votes-totalValid')).toBe(String(count.votes.totalValid + 1));
    expect(inputValues(res.body).get('voters-pollCards')).toBe(String(count.voters.pollCards));
    expect(await counts()).toEqual(before);
    // In English, the finding in English.
    const en = await enter(def, 1, 'anouk', fields, 'en');
    expect(en.statusCode).toBe(422);
    expect(en.body).toContain('There is a problem');
    expect(en.body).toMatch(/href="#votes-totalValid">F\.201: [A-Z]/);
    expect(en.body).not.toContain('F.201: Het');
  });

  it('refuses an empty field or a field that is not a whole number (never 0 silently), storing nothing', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const count = sampleCount(def, 15);
    const before = await counts();
    const res = await enter(def, 1, 'anouk', { ...fieldsOf(count), 'votes-blank': '', 'votes-invalid': '1,5', 'voters-total': '2000000' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#votes-blank">F. Aantal blanco stembiljetten: Vul een getal in</a>');
    expect(res.body).toContain('href="#votes-invalid">G. Aantal ongeldige stembiljetten: Vul een heel getal in');
    expect(res.body).toContain(
      'href="#voters-total">D. Totaal aantal toegelaten kiezers (A + B): Vul een getal in van 0 tot en met 1.000.000',
    );
    expect(res.body).toMatch(/<input[^>]*id="votes-blank"[^>]*aria-invalid="true"/);
    expect(await counts()).toEqual(before);
    // A number with thousands separators is read as such.
    const ok = await enter(def, 1, 'anouk', { ...fieldsOf(count), 'voters-pollCards': count.voters.pollCards.toLocaleString('nl-NL') });
    expect(ok.statusCode, ok.body).toBe(303);
  });

  it('asks to confirm each warning on the paper report, then saves with the confirmations', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const base = sampleCount(def, 16);
    // 60 blank ballots more (and as many admitted voters): blank > 3 % of the votes (W.201).
    const count = structuredClone(base);
    count.votes.blank += 60;
    count.votes.total += 60;
    count.voters.pollCards += 60;
    count.voters.total += 60;
    const before = await counts();
    const res = await enter(def, 1, 'anouk', fieldsOf(count));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Controleer deze waarschuwingen');
    expect(res.body).toMatch(/href="#votes-blank">W\.201: /);
    expect(res.body).toMatch(/<input[^>]*type="checkbox"[^>]*name="bevestig"[^>]*value="W\.201"/);
    expect(res.body).toContain('W.201: ik heb dit gecontroleerd op het proces-verbaal');
    expect(res.body).not.toContain('loket-error-summary__title" id="foutmelding-titel"');
    expect(inputValues(res.body).get('votes-blank')).toBe(String(count.votes.blank));
    expect(await counts()).toEqual(before);
    // Confirming another code does not do.
    const f = await openForm(entryPath(def, 1), 'anouk');
    const wrong = await post(entryPath(def, 1), f, { ...fieldsOf(count), bevestig: ['W.202'] });
    expect(wrong.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
    const confirmed = await post(entryPath(def, 1), f, { ...fieldsOf(count), bevestig: ['W.201'] });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(confirmed.headers.location).toBe(`${countingPath(def)}?melding=eerste-invoer&stembureau=1`);
    expect((await counts()).entries).toBe(before.entries + 1);
  });

  it('refuses a post without the CSRF token', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const f = await openForm(entryPath(def, 1), 'anouk');
    const before = await counts();
    const res = await post(entryPath(def, 1), { ...f, token: 'nope' }, fieldsOf(sampleCount(def, 17)));
    expect(res.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
