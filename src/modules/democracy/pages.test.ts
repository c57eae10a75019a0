// The public pages of elections through HTTP on the composed app (LOKET_TEST_DB=sqlite|postgres):
// the overview lists elections and referendums (an election in preparation only for the officials
// of its organisation, who also get the links to their work); an election with a declared result
// shows the seat chart with exactly one mark per seat and a table alternative whose seats add up to
// the council, the division in words, the elected candidates and how, turnout, totals per
// municipality and the EML downloads, in Dutch and in English number formats; during a recount the
// last declared result stays, marked "Hertelling bezig"; without a result the lists and candidates
// and the counting in words; an unknown id is the site's 404 page.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity, Role } from '../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { demoOfficialId } from '../registry/index.ts';
import { apportion, type ApportionmentResult, type SeatStep } from './apportionment/model.ts';
import type { ElectionDefinition } from './model.ts';
import { candidateName, decimal, fractionText, stepTexts } from './pages.tsx';
import { finalise, getFinalResult, orderRecount, type ResultView } from './service.ts';
import { defineTestElection, enterAllAgreed, mustOk, officials, testOrigin } from './test-fixtures.ts';

let t: TestApp;
let finalised: ElectionDefinition;
let result: ResultView;
let counting: ElectionDefinition;
let draft: ElectionDefinition;
const cookies: Record<'official' | 'coordinator' | 'citizen' | 'otherOfficial', string> = {
  official: '',
  coordinator: '',
  citizen: '',
  otherOfficial: '',
};

const official = (id: string, roles: Role[], organisationCode = 'GM0014'): LoginIdentity => ({
  kind: 'official',
  officialId: id,
  organisationCode,
  roles,
  loa: 'substantial',
  name: 'Medewerker verkiezingen',
});

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-03-19T10:00:00.000Z' });
  // A council of 9 seats (fewer than 19: largest remainders first) with 3 lists, counted in 3 stations.
  finalised = await defineTestElection(t.ctx, {
    seats: 9,
    lists: 3,
    candidatesPerList: 4,
    stations: 3,
    name: 'Gemeenteraad Groningen 2026 (pagina)',
  });
  await enterAllAgreed(t.ctx, finalised, 11);
  result = mustOk(await finalise(t.ctx, officials.coordinator, finalised.id, testOrigin), 'finalise');
  counting = await defineTestElection(t.ctx, {
    seats: 9,
    lists: 2,
    candidatesPerList: 3,
    stations: 2,
    name: 'Gemeenteraad Groningen 2026 (telling)',
  });
  draft = await defineTestElection(t.ctx, { draft: true, name: 'Gemeenteraad Groningen 2030 (voorbereiding)' });
  cookies.official = await t.loginAs(official(demoOfficialId.electionOfficial, ['election_official']));
  cookies.coordinator = await t.loginAs(official(demoOfficialId.electionCoordinator, ['election_coordinator']));
  cookies.otherOfficial = await t.loginAs(official('01900000-0000-7000-8000-0000000000aa', ['election_coordinator'], 'GM0363'));
  cookies.citizen = await t.loginAs({ kind: 'person', bsn: '999990019', loa: 'substantial', name: 'Burger Test' });
}, 120_000);
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Helpers

const get = (url: string, cookie = '', lang?: 'nl' | 'en'): Promise<LightMyRequestResponse> =>
  t.request({ url, headers: { accept: 'text/html', cookie: [cookie, lang ? `lang=${lang}` : ''].filter(Boolean).join('; ') } });

const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The main content of a page (the layout's header and footer left out). */
const mainOf = (body: string): string => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

/** The text of the main content, tags removed, entities back. */
const textOf = (body: string): string => unescape(mainOf(body).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

/** One h1 first; after it no heading is more than one level deeper than the one before (WCAG 1.3.1). */
function expectHeadingOrder(body: string): void {
  const levels = [...mainOf(body).matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `heading ${i}: ${levels.join(',')}`).toBeLessThanOrEqual(1);
}

/** Markup that axe would refuse and that is easy to see in HTML: duplicate ids, references to ids that do not exist, tables without captions, images without names. */
function expectSoundMarkup(body: string): void {
  const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '');
  expect(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    'duplicate ids',
  ).toEqual([]);
  const known = new Set(ids);
  for (const m of body.matchAll(/\saria-(?:labelledby|describedby)="([^"]+)"/g))
    for (const ref of (m[1] ?? '').split(' ')) expect(known.has(ref), `aria reference #${ref}`).toBe(true);
  for (const m of body.matchAll(/href="#([^"]+)"/g)) expect(known.has(m[1] ?? ''), `link to #${m[1]}`).toBe(true);
  const tables = [...body.matchAll(/<table\b[\s\S]*?<\/table>/g)].map((m) => m[0]);
  for (const table of tables) expect(table).toMatch(/<caption[^>]*>[^<]+<\/caption>/);
  for (const svg of body.matchAll(/<svg\b[^>]*>/g)) expect(svg[0]).toMatch(/role="img"|aria-hidden="true"/);
  expect(body).not.toMatch(/\sstyle="/);
}

/** The rows of the table with id `id`, each as the texts of its cells. */
function tableRows(body: string, id: string): string[][] {
  const start = body.indexOf(`<table class="utrecht-table loket-table" id="${id}"`);
  expect(start, `table #${id}`).toBeGreaterThan(-1);
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody'));
  return [...tbody.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((row) =>
    [...row[0].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescape((c[1] ?? '').replace(/<[^>]+>/g, '').trim())),
  );
}

const seatMarks = (body: string): string[] => [...body.matchAll(/<circle class="loket-seat" data-list="([^"]+)"/g)].map((m) => m[1] ?? '');

const seatsOf = (r: ResultView): number[] => {
  const a = r.apportionment;
  if (a === null || !('seats_per_list' in a)) throw new Error('no seats in the result');
  return a.seats_per_list;
};

const nl = new Intl.NumberFormat('nl-NL');
const en = new Intl.NumberFormat('en-GB');

// ---------------------------------------------------------------------------------------------

describe('/democratie', () => {
  it('lists the elections with body, date, status and organisation, but not one in preparation; the nav marks the section', async () => {
    const res = await get('/democratie');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(res.body).toContain(`href="/democratie/verkiezingen/${finalised.id}"`);
    expect(res.body).toContain(`href="/democratie/verkiezingen/${counting.id}"`);
    expect(res.body).not.toContain(draft.id);
    expect(text).toContain('Gemeenteraad Groningen 2026 (pagina) Gemeenteraad 18 maart 2026 Uitslag vastgesteld Groningen');
    expect(text).toContain('Gemeenteraad Groningen 2026 (telling) Gemeenteraad 18 maart 2026 Wordt geteld Groningen');
    expect(res.body).toMatch(/<a class="utrecht-nav-list__link loket-nav__link" href="\/democratie" aria-current="page"/);
    // Nobody's work for a visitor or a citizen.
    for (const cookie of ['', cookies.citizen]) {
      const body = (await get('/democratie', cookie)).body;
      expect(body).not.toContain('/tellen');
      expect(body).not.toContain('/democratie/referenda/nieuw');
    }
    expectHeadingOrder(res.body);
    expectSoundMarkup(res.body);
  });

  it('gives an election official the counting of every election of their organisation, also one in preparation', async () => {
    const body = (await get('/democratie', cookies.official)).body;
    for (const e of [finalised, counting, draft]) expect(body).toContain(`href="/democratie/verkiezingen/${e.id}/tellen"`);
    expect(textOf(body)).toContain('Uw werk U werkt voor Groningen.');
    expect(body).not.toContain('href="/democratie/verkiezingen/nieuw"');
    expect(body).not.toContain('href="/democratie/referenda/nieuw"');
    expectHeadingOrder(body);
    expectSoundMarkup(body);
  });

  it('gives a coordinator the links to a new election and a new referendum; an official elsewhere sees none of Groningen', async () => {
    const body = (await get('/democratie', cookies.coordinator)).body;
    expect(body).toContain('href="/democratie/verkiezingen/nieuw"');
    expect(body).toContain('href="/democratie/referenda/nieuw"');
    expect(body).toContain(`href="/democratie/verkiezingen/${counting.id}/tellen"`);
    const other = (await get('/democratie', cookies.otherOfficial)).body;
    expect(other).not.toContain('/tellen');
    expect(textOf(other)).toContain('Uw organisatie heeft nog geen verkiezingen.');
  });

  it('speaks English when chosen', async () => {
    const text = textOf((await get('/democratie', '', 'en')).body);
    expect(text).toContain('Elections and referendums');
    expect(text).toContain('Gemeenteraad Groningen 2026 (pagina) Municipal council 18 March 2026 Result declared Groningen');
  });
});

describe('/democratie/verkiezingen/{id} with a declared result', () => {
  it('draws exactly one seat mark per seat, coloured per list as the apportionment gave them', async () => {
    const res = await get(`/democratie/verkiezingen/${finalised.id}`);
    expect(res.statusCode).toBe(200);
    const marks = seatMarks(res.body);
    expect(marks).toHaveLength(9);
    const seats = seatsOf(result);
    expect(seats.reduce((a, b) => a + b, 0)).toBe(9);
    expect([1, 2, 3].map((n) => marks.filter((m) => m === String(n)).length)).toEqual(seats);
    expect(res.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="zetelgrafiek-titel zetelgrafiek-beschrijving"/);
    expect(res.body).toContain('<title id="zetelgrafiek-titel">Zetelverdeling Gemeenteraad Groningen 2026 (pagina)</title>');
    expect(res.body).toMatch(/<desc id="zetelgrafiek-beschrijving">9 zetels\. Lijst \d/);
  });

  it('has a table alternative right under the chart: votes, percentage, full and residual seats per list, seats adding up to the council', async () => {
    const body = (await get(`/democratie/verkiezingen/${finalised.id}`)).body;
    // Right under the chart: the table follows the figure, nothing else in between.
    expect(body.indexOf('id="zetels-tabel"')).toBeGreaterThan(body.indexOf('</figure>'));
    expect(body.slice(body.indexOf('</figure>'), body.indexOf('id="zetels-tabel"'))).not.toMatch(/<(p|h\d|section)\b/);
    const rows = tableRows(body, 'zetels-tabel');
    expect(rows).toHaveLength(4);
    const seats = seatsOf(result);
    const a = result.apportionment as ApportionmentResult & { full_seats_per_list: number[]; residual_seats_per_list: number[] };
    const valid = result.totals.votes.totalValid;
    result.totals.votes.lists.forEach((l, i) => {
      expect(rows[i]).toEqual([
        `${l.number}. Partij ${'ABC'[i]}`,
        nl.format(l.total),
        decimal((l.total * 100) / valid, 'nl', 2),
        String(a.full_seats_per_list[i]),
        String(a.residual_seats_per_list[i]),
        String(seats[i]),
      ]);
    });
    expect(rows[3]?.[0]).toBe('Totaal');
    expect(rows[3]?.[5]).toBe('9');
    expect(rows.slice(0, 3).reduce((s, r) => s + Number(r[5]), 0)).toBe(9);
    expect(rows[3]?.[1]).toBe(nl.format(valid));
  });

  it('explains the division in words: the quota, the full seats, each residual seat', async () => {
    const text = textOf((await get(`/democratie/verkiezingen/${finalised.id}`)).body);
    const a = result.apportionment as ApportionmentResult & { quota: { num: number; den: number }; steps: SeatStep[] };
    expect(text).toContain(`De kiesdeler is ${fractionText(a.quota, 'nl')} stemmen`);
    expect(text).toContain('Bij minder dan 19 zetels gaan de restzetels eerst naar de lijsten met de grootste overschotten.');
    const residual = a.steps.filter((s) => s.type !== 'AbsoluteMajorityReassignment' && s.type !== 'ListExhaustionRemoval').length;
    for (let n = 1; n <= residual; n++)
      expect(text).toMatch(new RegExp(`Restzetel ${n}: \\d\\. Partij [ABC] \\((grootste overschot|grootste gemiddelde) [\\d.,]+`));
    expect(text).not.toContain(`Restzetel ${residual + 1}:`);
  });

  it('names every elected candidate with the list, votes and how, and the preference threshold', async () => {
    const text = textOf((await get(`/democratie/verkiezingen/${finalised.id}`)).body);
    expect(result.elected).toHaveLength(9);
    for (const e of result.elected)
      expect(text).toContain(
        `${e.name} ${e.position} ${nl.format(e.votes)} ${e.how === 'preference' ? 'voorkeurstemmen' : 'volgorde van de lijst'}`,
      );
    expect(text).toMatch(/De voorkeursdrempel is 50 % van de kiesdeler: [\d.,]+ stemmen\./);
  });

  it('shows turnout, totals per municipality and the links to EML 510 and 520', async () => {
    const body = (await get(`/democratie/verkiezingen/${finalised.id}`)).body;
    const text = textOf(body);
    const { voted, eligible, percent } = result.turnout;
    expect(eligible).toBe(6000);
    expect(text).toContain(
      `Er hebben ${nl.format(voted)} mensen gestemd. Er waren 6.000 kiesgerechtigden. De opkomst was ${decimal(percent ?? 0, 'nl', 1)} %.`,
    );
    expect(tableRows(body, 'gemeenten-tabel')).toEqual([
      [
        'Groningen',
        '3',
        nl.format(result.totals.voters.total),
        nl.format(result.totals.votes.total),
        nl.format(result.totals.votes.totalValid),
        nl.format(result.totals.votes.blank),
        nl.format(result.totals.votes.invalid),
      ],
    ]);
    expect(body).toContain(`href="/api/v1/elections/${finalised.id}/eml/510"`);
    expect(body).toContain(`href="/api/v1/elections/${finalised.id}/eml/520"`);
    expect(text).toContain('Deze uitslag is vastgesteld op 19 maart 2026');
    expectHeadingOrder(body);
    expectSoundMarkup(body);
  });

  it('writes numbers the English way in English', async () => {
    const body = (await get(`/democratie/verkiezingen/${finalised.id}`, '', 'en')).body;
    const text = textOf(body);
    expect(text).toContain(`There were 6,000 people entitled to vote. Turnout was ${decimal(result.turnout.percent ?? 0, 'en', 1)}%.`);
    expect(tableRows(body, 'zetels-tabel')[3]).toEqual([
      'Total',
      en.format(result.totals.votes.totalValid),
      '100.00',
      expect.any(String),
      expect.any(String),
      '9',
    ]);
    expect(text).toContain('Seats per list');
    expect(body).toContain('<title id="zetelgrafiek-titel">Seats of Gemeenteraad Groningen 2026 (pagina)</title>');
  });
});

describe('/democratie/verkiezingen/{id} without a result', () => {
  it('shows the lists with their candidates in a collapsible block each, and the counting in words', async () => {
    const body = (await get(`/democratie/verkiezingen/${counting.id}`)).body;
    expect([...body.matchAll(/<details class="loket-details" id="lijst-\d+">/g)]).toHaveLength(2);
    const text = textOf(body);
    expect(text).toContain('Lijst 1: Partij A (3 kandidaten)');
    for (const c of counting.lists[0]?.candidates ?? []) expect(text).toContain(candidateName(c));
    expect(text).toContain('De stemmen worden geteld. De uitslag staat hier zodra die is vastgesteld.');
    expect(seatMarks(body)).toEqual([]);
    expect(body).not.toContain('/eml/520');
    expectHeadingOrder(body);
    expectSoundMarkup(body);
  });

  it('is not found while in preparation, except for the officials of its organisation', async () => {
    expect((await get(`/democratie/verkiezingen/${draft.id}`)).statusCode).toBe(404);
    expect((await get(`/democratie/verkiezingen/${draft.id}`, cookies.citizen)).statusCode).toBe(404);
    expect((await get(`/democratie/verkiezingen/${draft.id}`, cookies.otherOfficial)).statusCode).toBe(404);
    const own = await get(`/democratie/verkiezingen/${draft.id}`, cookies.official);
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).toContain('Deze verkiezing wordt voorbereid. Het tellen is nog niet begonnen.');
  });

  it('answers an unknown id with the site 404 page', async () => {
    for (const id of ['01900000-0000-7000-8000-000000000999', 'bestaat-niet', 'x'.repeat(150)]) {
      const res = await get(`/democratie/verkiezingen/${id}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('Pagina niet gevonden');
    }
  });
});

describe('the ballot of a referendum', () => {
  it('shows the options and, once declared, the votes per option instead of seats', async () => {
    const ballot = await defineTestElection(t.ctx, { kind: 'referendum', stations: 2, name: 'Raadplegend referendum (stembiljet)' });
    await enterAllAgreed(t.ctx, ballot, 31);
    const declared = mustOk(await finalise(t.ctx, officials.coordinator, ballot.id, testOrigin), 'finalise');
    const body = (await get(`/democratie/verkiezingen/${ballot.id}`)).body;
    const text = textOf(body);
    expect(text).toContain('Keuzes Voor Tegen');
    expect(text).toContain('Dag van de stemming');
    expect(text).not.toContain('Verkiezingsdag');
    expect(seatMarks(body)).toEqual([]);
    const outcome = declared.referendum;
    if (outcome === null) throw new Error('no outcome');
    const winner = outcome.perOption.find((o) => o.number === outcome.winner);
    expect(text).toContain(winner ? `De meeste stemmen gingen naar: ${winner.name}.` : 'Er is geen winnaar.');
    expect(tableRows(body, 'uitslag-tabel')).toEqual(
      outcome.perOption.map((o) => [o.name, nl.format(o.votes), decimal(o.percentOfValid, 'nl', 1)]),
    );
    expect(body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="uitslag-grafiek-titel uitslag-grafiek-beschrijving"/);
    // A ballot is not listed as an election (its referendum is).
    expect((await get('/democratie')).body).not.toContain(`href="/democratie/verkiezingen/${ballot.id}"`);
    expectHeadingOrder(body);
    expectSoundMarkup(body);
  });
});

describe('a recount after the declaration', () => {
  it('keeps showing the last declared result, with a visible note "Hertelling bezig"', async () => {
    const election = await defineTestElection(t.ctx, { seats: 9, lists: 3, stations: 2, name: 'Gemeenteraad Groningen 2026 (hertelling)' });
    await enterAllAgreed(t.ctx, election, 21);
    const declared = mustOk(await finalise(t.ctx, officials.coordinator, election.id, testOrigin), 'finalise');
    mustOk(await orderRecount(t.ctx, officials.coordinator, election.id, 1, { reason: 'Verzoek van een kiezer' }, testOrigin), 'recount');
    const body = (await get(`/democratie/verkiezingen/${election.id}`)).body;
    const text = textOf(body);
    expect(text).toContain('Hertelling bezig.');
    expect(body).toContain('utrecht-alert--warning');
    expect(seatMarks(body)).toHaveLength(9);
    expect(tableRows(body, 'zetels-tabel')[3]?.[5]).toBe('9');
    expect(mustOk(await getFinalResult(t.ctx, election.id)).version).toBe(declared.version);
    expect(textOf((await get('/democratie')).body)).toContain(
      'Gemeenteraad Groningen 2026 (hertelling) Gemeenteraad 18 maart 2026 Hertelling bezig',
    );
  });
});

describe('the residual seats in words', () => {
  const names = new Map([
    [1, '1. Groen'],
    [2, '2. Rood'],
    [3, '3. Blauw'],
  ]);

  it('numbers each residual seat and names the list and its remainder or average, Dutch and English', () => {
    const steps: SeatStep[] = [
      { type: 'LargestRemainderAssignment', list: 2, options: [2], remainder_votes: [2469, 2], drawn: false },
      { type: 'HighestAverageAssignment', list: 1, options: [1, 3], votes_per_seat: [12345, 10], drawn: true },
      { type: 'UniqueHighestAverageAssignment', list: 3, options: [3], votes_per_seat: [1000, 3], drawn: false },
    ];
    expect(stepTexts(steps, names, 'nl')).toEqual([
      'Restzetel 1: 2. Rood (grootste overschot 1.234,5 stemmen)',
      'Restzetel 2: 1. Groen (grootste gemiddelde 1.234,5). Meer lijsten hadden hetzelfde getal; het lot heeft beslist.',
      'Restzetel 3: 3. Blauw (grootste gemiddelde 333,33; elke lijst krijgt zo hoogstens één restzetel)',
    ]);
    expect(stepTexts(steps, names, 'en')[0]).toBe('Residual seat 1: 2. Rood (largest remainder 1,234.5 votes)');
  });

  /** A list's votes: `total` on its first candidate, 1 on each of the others. */
  const votes = (candidates: number, total: number): number[] =>
    Array.from({ length: candidates }, (_, i) => (i === 0 ? total - candidates + 1 : 1));

  it('explains an absolute majority (Kieswet P 9) on a real apportionment', () => {
    // 6 seats; list 1 has more than half of the votes but would get only 3 seats.
    const a = apportion({
      seats: 6,
      lists: [
        { number: 1, candidate_votes: votes(10, 2600) },
        { number: 2, candidate_votes: votes(10, 1200) },
        { number: 3, candidate_votes: votes(10, 1199) },
      ],
    });
    if (a.status !== 'Completed' || !('steps' in a)) throw new Error(a.status);
    expect(stepTexts(a.steps, names, 'nl')).toEqual([
      'Restzetel 1: 2. Rood (grootste overschot 366,83 stemmen)',
      'Volstrekte meerderheid: 1. Groen kreeg meer dan de helft van de stemmen, maar niet meer dan de helft van de zetels. Daarom gaat de laatst verdeelde restzetel van 2. Rood naar 1. Groen (Kieswet artikel P 9).',
    ]);
  });

  it('explains list exhaustion (Kieswet P 10) on a real apportionment', () => {
    // List 1 wins 3 seats but has only 2 candidates: one full seat goes to another list.
    const a = apportion({
      seats: 6,
      lists: [
        { number: 1, candidate_votes: votes(2, 5000) },
        { number: 2, candidate_votes: votes(10, 3000) },
        { number: 3, candidate_votes: votes(10, 2000) },
      ],
    });
    if (a.status !== 'Completed' || !('steps' in a)) throw new Error(a.status);
    expect(stepTexts(a.steps, names, 'nl')).toEqual([
      'Restzetel 1: 2. Rood (grootste overschot 1.333,33 stemmen)',
      'Lijstuitputting: 1. Groen heeft meer zetels dan kandidaten. Daarom gaat een volle zetel van 1. Groen naar een andere lijst (Kieswet artikel P 10).',
      'Restzetel 2: 3. Blauw (grootste overschot 333,33 stemmen)',
    ]);
  });
});
