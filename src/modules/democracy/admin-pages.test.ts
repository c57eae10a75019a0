// The election coordinator's pages (LOKET_TEST_DB=sqlite|postgres): defining an election by form,
// importing the EML_NL files in two steps (upload, then retype the 2 blank groups of the hash from
// the paper; a wrong hash stores nothing), starting the count after a confirmation, resolving the
// differences of a station (keep an entry, correct with the full form, discard both), the
// provisional result with a drawing of lots, finalising after "Weet u zeker…", and a recount.
// Election officials and citizens get 403; a coordinator of another organisation sees nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, formOf, type OpenForm, type TestApp } from '../../platform/testing/app.ts';
import { rowCounts } from '../delivery/test-fixtures.ts';
import { addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../registry/people/test-fixtures.ts';
import { emlHash, hashChunks, redactedChunkIndexes } from './eml/hash.ts';
import { detectEmlKind } from './eml/parse.ts';
import type { ElectionDefinition, StationCount } from './model.ts';
import { saveEntry } from './service.ts';
import { defineTestElection, enterAgreed, enterAllAgreed, mustOk, officials, sampleCount, testOrigin } from './test-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const [citizen = ''] = bsnSeries(44_200_000, 1);
type Who = 'anouk' | 'ingrid' | 'citizen' | 'otherCoordinator' | 'nobody';

beforeAll(async () => {
  t = await createTestApp();
  const official = async (who: Who, name: string, organisationCode: string, role: 'election_official' | 'election_coordinator') => {
    cookies[who] = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode, roles: [role], name })));
  };
  await official('anouk', 'Anouk Visser', 'GM0014', 'election_official');
  await official('ingrid', 'Ingrid Bakker', 'GM0014', 'election_coordinator');
  await official('otherCoordinator', 'Coördinator Amsterdam', 'GM0363', 'election_coordinator');
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

function post(url: string, f: OpenForm, fields: Record<string, string | readonly string[]> = {}): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of typeof v === 'string' ? [v] : v) body.append(k, x);
  body.append('_csrf', f.token);
  return t.request({
    method: 'POST',
    url,
    headers: { accept: 'text/html', cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

/** A multipart post, as a browser sends a form with a file. */
function postMultipart(
  url: string,
  f: OpenForm,
  fields: Record<string, string>,
  file?: { field: string; name: string; content: string | Buffer },
): Promise<LightMyRequestResponse> {
  const boundary = '----loketgrens7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: f.token, ...fields }))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: text/xml\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.request({
    method: 'POST',
    url,
    headers: { accept: 'text/html', cookie: f.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

const base = (def: { id: string }): string => `/democratie/verkiezingen/${def.id}`;
const stationPath = (def: { id: string }, n: number, word: string): string => `${base(def)}/stembureaus/${n}/${word}`;

const stored = () =>
  rowCounts(t.database.db, {
    election: 'election',
    lists: 'election_list',
    stations: 'election_station',
    entries: 'election_entry',
    imports: 'election_import',
    lots: 'election_lot',
    recounts: 'election_recount',
    results: 'election_result',
    audit: 'audit_log',
  });

async function stationStatus(electionId: string, n: number): Promise<string | undefined> {
  const r = await sql<{ status: string }>`select status from election_station where election_id = ${electionId} and number = ${n}`.execute(
    t.database.db,
  );
  return r.rows[0]?.status;
}

async function electionStatus(electionId: string): Promise<string | undefined> {
  const r = await sql<{ status: string }>`select status from election where id = ${electionId}`.execute(t.database.db);
  return r.rows[0]?.status;
}

const fixtures = new URL('./eml/fixtures/', import.meta.url);
function fixture(kind: '110a' | '230b' | '110b'): { name: string; xml: string } {
  for (const name of fs.readdirSync(fixtures).filter((f) => f.endsWith('.xml'))) {
    const xml = fs.readFileSync(new URL(name, fixtures), 'utf8');
    if (detectEmlKind(xml) === kind) return { name, xml };
  }
  throw new Error(`no ${kind} fixture`);
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

/** Entry 1 and a different entry 2 (by the two demo officials, through the service): the station differs. */
async function makeDifferent(def: ElectionDefinition, n: number, count: StationCount): Promise<StationCount> {
  const second = oneMoreVote(count);
  mustOk(await saveEntry(t.ctx, officials.first, def.id, n, { count, acceptedWarnings: [] }, testOrigin));
  const saved = mustOk(await saveEntry(t.ctx, officials.second, def.id, n, { count: second, acceptedWarnings: [] }, testOrigin));
  expect(saved.outcome).toBe('different');
  return second;
}

/** The form fields of a count, as the count form names them. */
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

function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : (/value="([^"]*)"/.exec(tag)?.[1] ?? '');
}

// ---------------------------------------------------------------------------------------------

describe('who may use the pages', () => {
  it('only coordinators of the organisation: visitors log in, officials and citizens get 403, another organisation sees nothing', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1, draft: true });
    const pages = [
      '/democratie/verkiezingen/nieuw',
      '/democratie/verkiezingen/importeren',
      `${base(def)}/importeren`,
      `${base(def)}/starten`,
    ];
    for (const url of [...pages, `${base(def)}/vaststellen`, stationPath(def, 1, 'verschillen'), stationPath(def, 1, 'hertelling')]) {
      const anonymous = await get(url, 'nobody');
      expect(anonymous.statusCode, url).toBe(303);
      expect(anonymous.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
      expect((await get(url, 'citizen')).statusCode, url).toBe(403);
      expect((await get(url, 'anouk')).statusCode, url).toBe(403);
    }
    for (const url of [`${base(def)}/importeren`, `${base(def)}/starten`, `${base(def)}/vaststellen`, stationPath(def, 1, 'hertelling')]) {
      const res = await get(url, 'otherCoordinator');
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain(def.name);
    }
    // A post by an official: 403, nothing stored.
    const before = await stored();
    const f = await openForm(`${base(def)}/starten`, 'ingrid');
    const res = await t.request({
      method: 'POST',
      url: `${base(def)}/starten`,
      headers: {
        accept: 'text/html',
        cookie: `${cookies['anouk']}; ${f.cookie.split('; ').slice(1).join('; ')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: f.token }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(await stored()).toEqual(before);
    expect(await electionStatus(def.id)).toBe('draft');
  });
});

describe('defining an election', () => {
  it('checks the form, then creates the election for the coordinator’s organisation', async () => {
    const f = await openForm('/democratie/verkiezingen/nieuw', 'ingrid');
    expect(f.res.statusCode).toBe(200);
    expect(f.res.body).toContain('href="/democratie/verkiezingen/importeren"');
    expect(f.res.body).toContain('Begin met een EML-bestand (110a)');
    const before = await stored();
    const bad = await post('/democratie/verkiezingen/nieuw', f, { orgaan: 'senaat', naam: '', datum: '31-02-2026', zetels: '0' });
    expect(bad.statusCode).toBe(400);
    for (const field of ['orgaan', 'naam', 'datum', 'zetels']) expect(bad.body).toContain(`href="#${field}"`);
    expect(await stored()).toEqual(before);
    const res = await post('/democratie/verkiezingen/nieuw', f, {
      orgaan: 'municipal_council',
      naam: 'Gemeenteraad Groningen 2030',
      datum: '20-03-2030',
      zetels: '45',
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = /^\/democratie\/verkiezingen\/([^/]+)\/importeren\?melding=aangemaakt$/.exec(String(res.headers.location))?.[1] ?? '';
    expect(id).not.toBe('');
    const row = await sql<{ name: string; organisation_code: string; seats: number; date: string; status: string }>`
      select name, organisation_code, seats, date, status from election where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toMatchObject({
      name: 'Gemeenteraad Groningen 2030',
      organisation_code: 'GM0014',
      seats: 45,
      date: '2030-03-20',
      status: 'draft',
    });
    const next = await get(String(res.headers.location), 'ingrid');
    expect(next.body).toContain('De verkiezing is aangemaakt.');
  });
});

describe('importing EML files', () => {
  it('reads a 110a, shows the hash with 2 groups blank, refuses a wrong hash, and imports with the right one; then 230b and 110b', async () => {
    const eml = fixture('110a');
    const f = await openForm('/democratie/verkiezingen/importeren', 'ingrid');
    expect(f.res.statusCode).toBe(200);
    expect(f.res.body).toContain('enctype="multipart/form-data"');
    expect(f.res.body).toMatch(/<input[^>]*type="file"[^>]*name="eml"[^>]*accept="\.xml/);

    // Step 1: no file; a file of the wrong kind.
    expect((await postMultipart('/democratie/verkiezingen/importeren', f, {})).body).toContain('Kies een EML-bestand.');
    const wrongKind = await postMultipart(
      '/democratie/verkiezingen/importeren',
      f,
      {},
      { field: 'eml', name: 'x.xml', content: fixture('230b').xml },
    );
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.body).toContain('Begin een nieuwe verkiezing met de verkiezingsdefinitie (110a)');
    const notXml = await postMultipart('/democratie/verkiezingen/importeren', f, {}, { field: 'eml', name: 'x.xml', content: 'hallo' });
    expect(notXml.statusCode).toBe(400);
    expect(notXml.body).toContain('Dit is geen EML-bestand dat Loket kent');

    // Step 1: the check page.
    const hash = emlHash(eml.xml);
    const chunks = hashChunks(hash);
    const [a, b] = redactedChunkIndexes(hash);
    const check = await postMultipart('/democratie/verkiezingen/importeren', f, {}, { field: 'eml', name: eml.name, content: eml.xml });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.body).toContain('110a — verkiezingsdefinitie');
    expect(check.body).toContain(eml.name);
    expect(check.body).toContain('Gemeenteraad Groningen 2026');
    chunks.forEach((chunk, i) => {
      if (i === a || i === b) expect(check.body).not.toContain(`<code>${chunk}</code>`);
      else expect(check.body).toContain(`<code>${chunk}</code>`);
    });
    expect(check.body).toContain(`for="hash-deel-1">Groepje ${a + 1} van de hash`);
    expect(check.body).toContain(`for="hash-deel-2">Groepje ${b + 1} van de hash`);
    const carried = inputValue(check.body, 'bestand') ?? '';
    expect(Buffer.from(carried, 'base64').toString('utf8')).toBe(eml.xml);
    const step2 = await openForm('/democratie/verkiezingen/importeren', 'ingrid');

    // Step 2: a wrong group is refused and stores nothing.
    const before = await stored();
    const wrong = chunks[a] === '0000' ? '1111' : '0000';
    const refused = await postMultipart('/democratie/verkiezingen/importeren', step2, {
      stap: 'controle',
      bestandsnaam: eml.name,
      bestand: carried,
      'hash-deel-1': wrong,
      'hash-deel-2': chunks[b] ?? '',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('De hash komt niet overeen met het papier.');
    expect(refused.body).toContain('href="#hash-deel-1"');
    expect(await stored()).toEqual(before);
    // A group that is not 4 hex digits is an error of its own.
    const malformed = await postMultipart('/democratie/verkiezingen/importeren', step2, {
      stap: 'controle',
      bestandsnaam: eml.name,
      bestand: carried,
      'hash-deel-1': 'xyz',
      'hash-deel-2': chunks[b] ?? '',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain(`Typ groepje ${a + 1} van de hash over van het papier`);
    expect(await stored()).toEqual(before);

    // Step 2: the right groups (upper case and a space do not matter).
    const imported = await postMultipart('/democratie/verkiezingen/importeren', step2, {
      stap: 'controle',
      bestandsnaam: eml.name,
      bestand: carried,
      'hash-deel-1': ` ${(chunks[a] ?? '').toUpperCase()}`,
      'hash-deel-2': chunks[b] ?? '',
    });
    expect(imported.statusCode, imported.body).toBe(303);
    const id =
      /^\/democratie\/verkiezingen\/([^/]+)\/importeren\?melding=ingelezen&soort=110a$/.exec(String(imported.headers.location))?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await stored()).election).toBe(before.election + 1);
    expect((await stored()).imports).toBe(before.imports + 1);
    const into = await get(String(imported.headers.location), 'ingrid');
    expect(into.body).toContain('Het bestand 110a is ingelezen.');
    expect(into.body).toContain('Ingelezen: 0 lijsten en 0 stembureaus.');

    // The candidate lists and the polling stations, into this election.
    for (const kind of ['230b', '110b'] as const) {
      const file = fixture(kind);
      const h = emlHash(file.xml);
      const cs = hashChunks(h);
      const [x, y] = redactedChunkIndexes(h);
      const form = await openForm(`${base({ id })}/importeren`, 'ingrid');
      const shown = await postMultipart(`${base({ id })}/importeren`, form, {}, { field: 'eml', name: file.name, content: file.xml });
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.body).toContain(kind === '230b' ? '230b — kandidatenlijsten' : '110b — stembureaus');
      const done = await postMultipart(`${base({ id })}/importeren`, form, {
        stap: 'controle',
        bestandsnaam: file.name,
        bestand: inputValue(shown.body, 'bestand') ?? '',
        'hash-deel-1': cs[x] ?? '',
        'hash-deel-2': cs[y] ?? '',
      });
      expect(done.statusCode, done.body).toBe(303);
      expect(done.headers.location).toBe(`${base({ id })}/importeren?melding=ingelezen&soort=${kind}`);
    }
    const lists = await sql<{ n: number }>`select count(*) as n from election_list where election_id = ${id}`.execute(t.database.db);
    const stations = await sql<{ n: number }>`select count(*) as n from election_station where election_id = ${id}`.execute(t.database.db);
    expect(Number(lists.rows[0]?.n)).toBeGreaterThan(0);
    expect(Number(stations.rows[0]?.n)).toBeGreaterThan(0);
    // A 110a into an existing election is refused on the page.
    const again = await openForm(`${base({ id })}/importeren`, 'ingrid');
    const refusedKind = await postMultipart(`${base({ id })}/importeren`, again, {}, { field: 'eml', name: eml.name, content: eml.xml });
    expect(refusedKind.statusCode).toBe(400);
    expect(refusedKind.body).toContain('Hier leest u kandidatenlijsten (230b) of stembureaus (110b) in.');

    // Start counting: a confirmation page, then the post.
    const start = await openForm(`${base({ id })}/starten`, 'ingrid');
    expect(start.res.statusCode).toBe(200);
    expect(start.res.body).toContain('Weet u zeker dat u het tellen wilt starten?');
    expect(await electionStatus(id)).toBe('draft');
    const started = await post(`${base({ id })}/starten`, start);
    expect(started.statusCode, started.body).toBe(303);
    expect(started.headers.location).toBe(`${base({ id })}/tellen?melding=gestart`);
    expect(await electionStatus(id)).toBe('counting');
    // Starting twice is refused in the error summary.
    const twice = await post(`${base({ id })}/starten`, start);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('loket-error-summary');
  });
});

describe('resolving differences', () => {
  it('shows the differing fields side by side and keeps the entry the coordinator chooses', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2 });
    const count = sampleCount(def, 21);
    const second = await makeDifferent(def, 1, count);
    const f = await openForm(stationPath(def, 1, 'verschillen'), 'ingrid');
    expect(f.res.statusCode, f.res.body).toBe(200);
    const html = f.res.body;
    expect(html).toContain('<caption class="utrecht-table__caption" id="verschillen-tabel-bijschrift">');
    const row =
      [...html.matchAll(/<tr class="utrecht-table__row">([\s\S]*?)<\/tr>/g)]
        .map((r) => r[1] ?? '')
        .find((r) => r.includes('kandidaat 1')) ?? '';
    expect(row).toContain('Lijst 1 (Partij A), kandidaat 1');
    expect(row).toContain(`<td class="utrecht-table__cell">${count.votes.lists[0]?.candidates[0] ?? '?'}</td>`);
    expect(row).toContain(`<td class="utrecht-table__cell">${second.votes.lists[0]?.candidates[0] ?? '?'}</td>`);
    expect(html).toContain('D. Totaal toegelaten kiezers');
    for (const v of ['keep_first', 'keep_second', 'correct', 'discard_both']) expect(html).toContain(`value="${v}"`);
    // An official may not look, nor decide.
    expect((await get(stationPath(def, 1, 'verschillen'), 'anouk')).statusCode).toBe(403);
    // No choice: an error, nothing changes.
    const before = await stored();
    const none = await post(stationPath(def, 1, 'verschillen'), f, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#keuze"');
    expect(await stored()).toEqual(before);
    expect(await stationStatus(def.id, 1)).toBe('different');
    // Keep the second.
    const res = await post(stationPath(def, 1, 'verschillen'), f, { keuze: 'keep_second' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${base(def)}/tellen?melding=tweede-telt&stembureau=1`);
    expect((await get(String(res.headers.location), 'ingrid')).body).toContain('Stembureau 1 is akkoord: de tweede invoer telt.');
    expect(await stationStatus(def.id, 1)).toBe('agreed');
    // Nothing to resolve any more.
    expect((await get(stationPath(def, 1, 'verschillen'), 'ingrid')).statusCode).toBe(409);
  });

  it('corrects with the full form: equal fields filled in, differing ones blank; the correction is checked like an entry', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    const count = sampleCount(def, 22);
    await makeDifferent(def, 1, count);
    const f = await openForm(stationPath(def, 1, 'verschillen'), 'ingrid');
    const form = await post(stationPath(def, 1, 'verschillen'), f, { keuze: 'correct' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Juiste getallen invoeren: stembureau 1');
    expect(inputValue(form.body, 'votes-lists-1-candidates-0')).toBe('');
    expect(inputValue(form.body, 'votes-lists-1-total')).toBe('');
    expect(inputValue(form.body, 'votes-blank')).toBe(String(count.votes.blank));
    expect(inputValue(form.body, 'votes-lists-2-total')).toBe(String(count.votes.lists[1]?.total));
    expect(form.body).toMatch(/<input[^>]*name="keuze"[^>]*value="correct"/);
    // An inconsistent correction: the summary with its code, nothing stored.
    const corrected = structuredClone(count);
    const list = corrected.votes.lists[0];
    if (!list) throw new Error('no list');
    list.candidates[0] = (list.candidates[0] ?? 0) + 2;
    list.total += 2;
    corrected.votes.totalValid += 2;
    corrected.votes.total += 2;
    corrected.voters.pollCards += 2;
    corrected.voters.total += 2;
    const before = await stored();
    const bad = await post(stationPath(def, 1, 'verschillen'), f, {
      ...fieldsOf(corrected),
      'votes-lists-1-total': String(list.total + 1),
      keuze: 'correct',
      stap: 'telling',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/href="#votes-lists-1-total">F\.301: /);
    expect(await stored()).toEqual(before);
    expect(await stationStatus(def.id, 1)).toBe('different');
    const good = await post(stationPath(def, 1, 'verschillen'), f, { ...fieldsOf(corrected), keuze: 'correct', stap: 'telling' });
    expect(good.statusCode, good.body).toBe(303);
    expect(good.headers.location).toBe(`${base(def)}/tellen?melding=gecorrigeerd&stembureau=1`);
    expect(await stationStatus(def.id, 1)).toBe('agreed');
    const agreed = await sql<{ agreed: string }>`select agreed from election_station where election_id = ${def.id} and number = 1`.execute(
      t.database.db,
    );
    const stored1 = JSON.parse(agreed.rows[0]?.agreed ?? '{}') as StationCount;
    expect(stored1.votes.lists[0]?.candidates).toEqual(corrected.votes.lists[0]?.candidates);
    expect(stored1.votes.total).toBe(corrected.votes.total);
  });

  it('discards both entries: the station is entered twice again', async () => {
    const def = await defineTestElection(t.ctx, { stations: 1 });
    await makeDifferent(def, 1, sampleCount(def, 23));
    const f = await openForm(stationPath(def, 1, 'verschillen'), 'ingrid');
    const res = await post(stationPath(def, 1, 'verschillen'), f, { keuze: 'discard_both' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${base(def)}/tellen?melding=vervallen&stembureau=1`);
    expect(await stationStatus(def.id, 1)).toBe('not_started');
    expect((await get(`${base(def)}/tellen`, 'anouk')).body).toContain(`href="${stationPath(def, 1, 'invoer')}"`);
  });
});

describe('the result: drawing of lots, finalising, recount', () => {
  it('shows the provisional result, refuses to finalise before every station is agreed, and records a drawing of lots', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2, lists: 2, candidatesPerList: 3, seats: 3 });
    // Two lists with equal votes for 3 seats: the residual seat is drawn by lot.
    const count: StationCount = {
      voters: { pollCards: 202, proxyCertificates: 0, total: 202 },
      votes: {
        lists: [
          { number: 1, candidates: [50, 30, 20], total: 100 },
          { number: 2, candidates: [60, 25, 15], total: 100 },
        ],
        totalValid: 200,
        blank: 1,
        invalid: 1,
        total: 202,
      },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    };
    await enterAgreed(t.ctx, def, 1, count);
    const early = await openForm(`${base(def)}/vaststellen`, 'ingrid');
    expect(early.res.statusCode, early.res.body).toBe(200);
    expect(early.res.body).toContain('Nog niet alle stembureaus zijn akkoord (1 van 2)');
    const before = await stored();
    const refused = await post(`${base(def)}/vaststellen`, early, { actie: 'vaststellen' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('loket-error-summary');
    expect(await stored()).toEqual(before);
    expect(await electionStatus(def.id)).toBe('counting');

    await enterAgreed(t.ctx, def, 2, count);
    const f = await openForm(`${base(def)}/vaststellen`, 'ingrid');
    expect(f.res.body).toContain('Loting nodig');
    expect(f.res.body).toMatch(/<input[^>]*name="geloot"[^>]*value="1"/);
    expect(f.res.body).toMatch(/<input[^>]*name="geloot"[^>]*value="2"/);
    // Finalising now is refused: the lot first.
    const notYet = await post(`${base(def)}/vaststellen`, f, { actie: 'vaststellen' });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.body).toContain('loting');
    expect(await electionStatus(def.id)).toBe('counting');
    // No choice; then list 2 drawn.
    expect((await post(`${base(def)}/vaststellen`, f, { actie: 'loting' })).statusCode).toBe(400);
    const drawn = await post(`${base(def)}/vaststellen`, f, { actie: 'loting', geloot: '2' });
    expect(drawn.statusCode, drawn.body).toBe(303);
    expect(drawn.headers.location).toBe(`${base(def)}/vaststellen?melding=geloot`);
    expect((await stored()).lots).toBe(before.lots + 1);
    const after = await get(String(drawn.headers.location), 'ingrid');
    expect(after.body).toContain('De uitkomst van de loting is vastgelegd.');
    expect(after.body).not.toContain('name="geloot"');
    // Seats: list 1 one, list 2 two; candidates elected.
    const seatsTable = after.body.slice(after.body.indexOf('id="zetels"'), after.body.indexOf('id="gekozen"'));
    expect(seatsTable).toMatch(/Lijst 1: Partij A<\/td><td class="utrecht-table__cell">200<\/td><td class="utrecht-table__cell">1<\/td>/);
    expect(seatsTable).toMatch(/Lijst 2: Partij B<\/td><td class="utrecht-table__cell">200<\/td><td class="utrecht-table__cell">2<\/td>/);
    expect(after.body).toContain('met voorkeurstemmen');
  });

  it('finalises after "Weet u zeker…", then allows a recount of an agreed station', async () => {
    const def = await defineTestElection(t.ctx, { stations: 2 });
    await enterAllAgreed(t.ctx, def, 30);
    const page = await get(`${base(def)}/vaststellen`, 'ingrid');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dit is de voorlopige uitslag');
    expect(page.body).toContain('<caption class="utrecht-table__caption loket-visually-hidden">Stemmen en zetels per lijst</caption>');
    expect(page.body).not.toContain('name="actie" value="vaststellen"');
    // No recount before the result is finalised.
    const early = await get(stationPath(def, 1, 'hertelling'), 'ingrid');
    expect(early.statusCode).toBe(409);
    expect(early.body).not.toContain('name="reden"');
    // The confirmation step.
    const confirm = await openForm(`${base(def)}/vaststellen?bevestigen=ja`, 'ingrid');
    expect(confirm.res.body).toContain('Weet u zeker dat u de uitslag wilt vaststellen?');
    expect(confirm.res.body).toContain('name="actie" value="vaststellen"');
    expect(await electionStatus(def.id)).toBe('counting');
    const done = await post(`${base(def)}/vaststellen`, confirm, { actie: 'vaststellen' });
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`${base(def)}/tellen?melding=vastgesteld&versie=1`);
    expect(await electionStatus(def.id)).toBe('finalised');
    const counting = await get(String(done.headers.location), 'ingrid');
    expect(counting.body).toContain('De uitslag is vastgesteld (versie 1).');
    expect(counting.body).toContain(`href="${stationPath(def, 1, 'hertelling')}"`);

    // Recount: reason and confirmation are required.
    const f = await openForm(stationPath(def, 1, 'hertelling'), 'ingrid');
    expect(f.res.statusCode).toBe(200);
    const before = await stored();
    const bad = await post(stationPath(def, 1, 'hertelling'), f, { reden: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#reden"');
    expect(bad.body).toContain('href="#bevestig"');
    expect(await stored()).toEqual(before);
    const res = await post(stationPath(def, 1, 'hertelling'), f, {
      reden: 'Besluit centraal stembureau: hertelling wegens bezwaar.',
      bevestig: 'ja',
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${base(def)}/tellen?melding=hertelling&stembureau=1`);
    expect(await stationStatus(def.id, 1)).toBe('not_started');
    expect(await electionStatus(def.id)).toBe('counting');
    expect((await stored()).recounts).toBe(before.recounts + 1);
    // The earlier result version stays.
    expect((await stored()).results).toBe(before.results);
  });
});
