// Democracy in Chromium, on a database with the demo registers and the democracy demo
// (src/modules/democracy/demo.ts): Groningen's 2026 council election being counted (stations 1–9
// agreed, 10 with differing entries, 11 with Anouk's first entry only, 12 not started), the 2022
// election finalised, a referendum request collecting support and a referendum that was held.
//
// One ordered story on one Loket, as the election night goes: Pieter makes the second entry of
// station 11; Anouk's first entry of station 12 is refused when inconsistent (F.301, nothing
// stored) and saved once she confirms its warning; she cannot make the second entry herself;
// Pieter's second entry agrees; Ingrid keeps the first entry of station 10, finalises (seat chart,
// table, elected candidates, EML 510/520), orders a recount of station 3 ("hertelling bezig");
// Pieter may not make both entries of the recount; Anouk makes the second with the keyboard only.
// A citizen gets no access to the counting. The referendum pages: counts, login link, a Groningen
// resident withdrawing and supporting again, a resident of Amsterdam who may not support. Every page on the way gets the checks every page must pass (axe WCAG 2.1
// A/AA, one h1, title, skip link, reflow at 320 px).
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { election2026, planCount } from '../src/modules/democracy/demo.ts';
import { democracyModule } from '../src/modules/democracy/index.ts';
import type { StationCount } from '../src/modules/democracy/model.ts';
import { tables } from '../src/modules/democracy/store.ts';
import { readJson } from '../src/platform/db/index.ts';
import { checkPage, logInAsDemo, newContext, startLoket, type BrowserGlobals, type RunningLoket } from './support.ts';

let running: RunningLoket;
const ids = { e2026: '', e2022: '', requesting: '', held: '' };

beforeAll(async () => {
  running = await startLoket({ registry: true });
  await democracyModule.seedDemo?.(running.loket.ctx);
  const db = running.loket.ctx.database.db;
  const elections = await tables(db).selectFrom('election').select(['id', 'name']).execute();
  const referendums = await tables(db).selectFrom('referendum').select(['id', 'title']).execute();
  const election = (name: string): string => elections.find((e) => e.name === name)?.id ?? '';
  const referendum = (title: string): string => referendums.find((r) => r.title === title)?.id ?? '';
  ids.e2026 = election('Gemeenteraadsverkiezing Groningen 2026');
  ids.e2022 = election('Gemeenteraadsverkiezing Groningen 2022');
  ids.requesting = referendum('Autoluwe binnenstad');
  ids.held = referendum('Toekomst van het Stadspark');
  expect(Object.values(ids).every((id) => id !== '')).toBe(true);
}, 300_000);
afterAll(async () => {
  await running.close();
});

const login = {
  anouk: 'official-election-official',
  pieter: 'official-election-official-2',
  ingrid: 'official-election-coordinator',
  /** Sanne de Vries, who lives in Amsterdam. */
  sanne: 'citizen',
  /** Anna Visser, who lives in Groningen and supports the demo request. */
  anna: 'curator',
} as const;

const electionPath = (): string => `/democratie/verkiezingen/${ids.e2026}`;
const countingPath = (): string => `${electionPath()}/tellen`;
const entryPath = (station: number): string => `${electionPath()}/stembureaus/${station}/invoer`;
const referendumPath = (id: string): string => `/democratie/referenda/${id}`;

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────

/** Does `work` on a page of a fresh browser context (logged in as `key` when given, landing on `start`), then closes the context. */
async function withPage<T>(key: string | null, start: string, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(running);
  try {
    const page = await context.newPage();
    if (key) await logInAsDemo(page, key, start);
    else await page.goto(start);
    return await work(page);
  } finally {
    await context.close();
  }
}

/** Clicks a submit button and returns the answer to the form post (a page shown as the answer, or the redirect's target). */
async function post(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Clicks and waits until the browser is at an address that passes `at`. */
async function go(page: Page, target: Locator, at: (url: URL) => boolean): Promise<void> {
  await Promise.all([page.waitForURL(at), target.click()]);
  await page.waitForLoadState('load');
}

const pathOf = (page: Page): string => new URL(page.url()).pathname;
const h1 = async (page: Page): Promise<string> => (await page.locator('h1').innerText()).trim();
const mainText = async (page: Page): Promise<string> => (await page.locator('main').innerText()).replaceAll('\u00a0', ' ');
const notice = async (page: Page): Promise<string> => (await page.locator('main [role="status"].loket-notice').innerText()).trim();
const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id);

/** The refusal of the second entry by the official who made the first (the service's text or the page's own). */
const sameUserRefusal =
  /U (?:hebt|deed) de eerste invoer van dit stembureau(?: gedaan)?\. De tweede invoer moet door een (?:andere medewerker|collega)/;

/** The status cell of a polling station's row on the counting page. */
const stationStatus = async (page: Page, station: number): Promise<string> =>
  (await page.locator(`#stembureau-${station} td`).nth(2).innerText()).trim();

/** Every field of a count as the form names it ("votes-lists-2-candidates-5"), in the order of the paper report, with its value. */
function formValues(count: StationCount): [string, string][] {
  return [
    ['voters-pollCards', count.voters.pollCards],
    ['voters-proxyCertificates', count.voters.proxyCertificates],
    ['voters-total', count.voters.total],
    ...count.votes.lists.flatMap((l): [string, number][] => [
      ...l.candidates.map((v, i): [string, number] => [`votes-lists-${l.number}-candidates-${i}`, v]),
      [`votes-lists-${l.number}-total`, l.total],
    ]),
    ['votes-totalValid', count.votes.totalValid],
    ['votes-blank', count.votes.blank],
    ['votes-invalid', count.votes.invalid],
    ['votes-total', count.votes.total],
    ['differences-moreBallots', count.differences.moreBallots],
    ['differences-fewerBallots', count.differences.fewerBallots],
  ].map(([id, v]) => [String(id), String(v)]);
}

/** Fills in the entry form with `count` (the page must be the form). */
async function fillCount(page: Page, count: StationCount): Promise<void> {
  for (const [id, value] of formValues(count)) await page.locator(`#${id}`).fill(value);
  await page.locator('#differences-explanation').fill(count.differences.explanation ?? '');
}

const saveButton = (page: Page): Locator => page.getByRole('button', { name: 'Invoer opslaan' });

/** Station 12's report with 5 % of the votes blank (taken from list 1's candidates), still consistent: raises W.201 (more than 3 %). */
function manyBlank(): StationCount {
  const count = structuredClone(planCount(election2026, 12));
  const list = count.votes.lists[0];
  if (!list) throw new Error('demo count of station 12 has no lists');
  let moved = Math.ceil(count.votes.total * 0.05) - count.votes.blank;
  for (let i = 0; moved > 0 && i < list.candidates.length; i++) {
    const take = Math.min(moved, list.candidates[i] ?? 0);
    list.candidates[i] = (list.candidates[i] ?? 0) - take;
    list.total -= take;
    count.votes.totalValid -= take;
    count.votes.blank += take;
    moved -= take;
  }
  if (moved > 0) throw new Error('demo count of station 12 changed: too few votes on list 1');
  return count;
}

/** A count whose list 1 total is not the sum of its candidates (one vote more on candidate 1): only F.301. */
function listSumWrong(count: StationCount): StationCount {
  const copy = structuredClone(count);
  const list = copy.votes.lists[0];
  if (list) list.candidates[0] = (list.candidates[0] ?? 0) + 1;
  return copy;
}

/** The entries stored for a polling station of the 2026 election (not discarded). */
async function storedEntries(station: number): Promise<{ entryNo: number; attempt: number; accepted: string[] }[]> {
  const rows = await tables(running.loket.ctx.database.db)
    .selectFrom('election_entry')
    .select(['entry_no', 'attempt', 'accepted_warnings'])
    .where('election_id', '=', ids.e2026)
    .where('station_number', '=', station)
    .where('discarded_at', 'is', null)
    .orderBy('attempt')
    .orderBy('entry_no')
    .execute();
  return rows.map((r) => ({ entryNo: r.entry_no, attempt: r.attempt, accepted: readJson<string[]>(r.accepted_warnings) }));
}

/** The numbers of the cells of a table column (by index), for the body rows not named "Totaal". */
async function columnNumbers(table: Locator, column: number): Promise<number[]> {
  const rows = table.locator('tbody tr');
  const out: number[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('th, td');
    if ((await cells.first().innerText()).trim() === 'Totaal') continue;
    out.push(Number((await cells.nth(column).innerText()).trim().replace(/\./g, '')));
  }
  return out;
}

/** "4 van 300 ondersteuningsverklaringen": the number of supporters the referendum page shows. */
async function supporters(page: Page): Promise<number> {
  const m = /(\d+) van [\d.]+ ondersteuningsverklaringen/.exec(await mainText(page));
  if (!m) throw new Error(`no supporter count on ${page.url()}`);
  return Number(m[1]);
}

// ── The story ─────────────────────────────────────────────────────────────────────────────────

describe('counting an election with double data entry', () => {
  it("Pieter makes the second entry of station 11 with Anouk's numbers: agreed", async () => {
    await withPage(login.pieter, '/democratie', async (page) => {
      await checkPage(page, 'nl');
      const work = page.locator('main section', { has: page.getByRole('heading', { name: 'Uw werk' }) });
      await go(
        page,
        work.getByRole('link', { name: 'Tellen: Gemeenteraadsverkiezing Groningen 2026' }),
        (u) => u.pathname === countingPath(),
      );
      await checkPage(page, 'nl');
      expect(await stationStatus(page, 11)).toBe('Eerste invoer klaar — wacht op tweede invoer');
      expect(await mainText(page)).toContain('9 van 12 stembureaus akkoord');

      await go(page, page.getByRole('link', { name: 'Tweede invoer stembureau 11' }), (u) => u.pathname === entryPath(11));
      await checkPage(page, 'nl');
      expect(await h1(page)).toBe('Proces-verbaal invoeren: stembureau 11');
      expect(await mainText(page)).toContain('Tweede invoer — voer in zonder naar de eerste invoer te kijken');
      // Entry 2 starts empty: nothing of Anouk's entry is shown.
      const values = await page
        .locator('form#telling input[type="text"]')
        .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
      expect(values.length).toBe(formValues(planCount(election2026, 11)).length);
      expect(values.every((v) => v === '')).toBe(true);

      await fillCount(page, planCount(election2026, 11));
      await post(page, saveButton(page));
      expect(pathOf(page)).toBe(countingPath());
      expect(await notice(page)).toBe('Tweede invoer gelijk: stembureau 11 is akkoord.');
      expect(await stationStatus(page, 11)).toBe('Akkoord');
      expect(await mainText(page)).toContain('10 van 12 stembureaus akkoord');
    });
    expect((await storedEntries(11)).map((e) => e.entryNo)).toEqual([1, 2]);
  });

  it('an inconsistent count is refused with its code and a link to the field; nothing is stored', async () => {
    await withPage(login.anouk, countingPath(), async (page) => {
      expect(await stationStatus(page, 12)).toBe('Nog niet ingevoerd');
      await go(page, page.getByRole('link', { name: 'Eerste invoer stembureau 12' }), (u) => u.pathname === entryPath(12));
      await checkPage(page, 'nl');
      await fillCount(page, listSumWrong(planCount(election2026, 12)));
      const answer = await post(page, saveButton(page));
      expect(answer.status()).toBe(422);
      expect(await page.title()).toMatch(/^Fout: Proces-verbaal invoeren: stembureau 12 \| Loket$/);
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      const links = summary.locator('a');
      expect(await links.count()).toBe(1);
      expect(await links.first().innerText()).toMatch(/^F\.301: /);
      expect(await links.first().getAttribute('href')).toBe('#votes-lists-1-total');
      // What was typed stays; the field is marked.
      expect(await page.locator('#votes-lists-1-candidates-0').inputValue()).toBe(
        String((planCount(election2026, 12).votes.lists[0]?.candidates[0] ?? 0) + 1),
      );
      expect(await page.locator('#votes-lists-1-total').getAttribute('aria-invalid')).toBe('true');
      expect(await mainText(page)).toContain('Controleer dit getal (F.301)');
      await checkPage(page, 'nl');
      await links.first().click();
      expect(await focusedId(page)).toBe('votes-lists-1-total');

      await page.goto(countingPath());
      expect(await stationStatus(page, 12)).toBe('Nog niet ingevoerd');
    });
    expect(await storedEntries(12)).toEqual([]);
  });

  it('a count with a warning is saved once Anouk confirms she checked it; she cannot make the second entry herself', async () => {
    await withPage(login.anouk, entryPath(12), async (page) => {
      await fillCount(page, manyBlank());
      const first = await post(page, saveButton(page));
      expect(first.status()).toBe(422);
      const warnings = page.locator('#waarschuwingen');
      expect(await warnings.getAttribute('role')).toBe('alert');
      expect(await warnings.locator('h2').innerText()).toBe('Controleer deze waarschuwingen');
      expect(await warnings.locator('a').allInnerTexts()).toEqual([expect.stringMatching(/^W\.201: /)]);
      expect(await page.locator('#foutmeldingen').count()).toBe(0);
      await checkPage(page, 'nl');
      expect(await storedEntries(12)).toEqual([]);

      await page.getByLabel('W.201: ik heb dit gecontroleerd op het proces-verbaal').check();
      await post(page, saveButton(page));
      expect(pathOf(page)).toBe(countingPath());
      expect(await notice(page)).toBe('Eerste invoer van stembureau 12 opgeslagen.');
      expect(await stationStatus(page, 12)).toBe('Eerste invoer klaar — wacht op tweede invoer');
      expect(await page.locator('#stembureau-12 td').nth(3).innerText()).toBe('U deed de eerste invoer. Een collega doet de tweede.');
      expect(await page.locator('#stembureau-12 a').count()).toBe(0);

      // The second entry by the same official: refused before the form.
      const refused = await page.goto(entryPath(12));
      expect(refused?.status()).toBe(409);
      expect(await h1(page)).toBe('Dit kan nu niet');
      expect(await mainText(page)).toMatch(sameUserRefusal);
      expect(await page.locator('form#telling').count()).toBe(0);
      await checkPage(page, 'nl');
    });
    expect(await storedEntries(12)).toEqual([{ entryNo: 1, attempt: 1, accepted: ['W.201'] }]);
  });

  it("Pieter's second entry of station 12: an inconsistent one stores nothing, the right one agrees after the warning", async () => {
    await withPage(login.pieter, entryPath(12), async (page) => {
      await fillCount(page, listSumWrong(manyBlank()));
      expect((await post(page, saveButton(page))).status()).toBe(422);
      expect(await page.locator('#foutmeldingen a').allInnerTexts()).toEqual([expect.stringMatching(/^F\.301: /)]);
      expect(await storedEntries(12)).toHaveLength(1);

      await fillCount(page, manyBlank());
      expect((await post(page, saveButton(page))).status()).toBe(422);
      await page.getByLabel('W.201: ik heb dit gecontroleerd op het proces-verbaal').check();
      await post(page, saveButton(page));
      expect(await notice(page)).toBe('Tweede invoer gelijk: stembureau 12 is akkoord.');
      expect(await stationStatus(page, 12)).toBe('Akkoord');
    });
    expect((await storedEntries(12)).map((e) => e.entryNo)).toEqual([1, 2]);
  });

  it('a citizen gets no access to the counting; a visitor who is not logged in is sent to log in', async () => {
    await withPage(login.sanne, '/', async (page) => {
      const answer = await page.goto(countingPath());
      expect(answer?.status()).toBe(403);
      expect(await h1(page)).toBe('Geen toegang');
      expect(await page.locator('#stembureaus').count()).toBe(0);
      await checkPage(page, 'nl');
      expect((await page.goto(entryPath(10)))?.status()).toBe(403);
    });
    await withPage(null, countingPath(), async (page) => {
      await page.waitForLoadState('load');
      expect(pathOf(page)).toBe('/inloggen');
      expect(new URL(page.url()).searchParams.get('terug')).toBe(countingPath());
    });
  });

  it('Ingrid sees the differing fields of station 10 side by side and keeps the first entry', async () => {
    await withPage(login.ingrid, countingPath(), async (page) => {
      await checkPage(page, 'nl');
      expect(await stationStatus(page, 10)).toBe('Verschil — coördinator beslist');
      await go(page, page.getByRole('link', { name: 'Verschillen bekijken stembureau 10' }), (u) =>
        u.pathname.endsWith('/stembureaus/10/verschillen'),
      );
      await checkPage(page, 'nl');
      expect(await h1(page)).toBe('Verschillen: stembureau 10');
      // Pieter typed three votes of candidate 2 of list 1 on candidate 3's line.
      const first = planCount(election2026, 10).votes.lists[0]?.candidates ?? [];
      const table = page.locator('#verschillen-tabel');
      expect(await table.locator('thead th').allInnerTexts()).toEqual(['Vak', 'Eerste invoer', 'Tweede invoer']);
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      const row = async (i: number): Promise<string[]> => (await rows.nth(i).locator('td, th').allInnerTexts()).map((t) => t.trim());
      expect(await row(0)).toEqual(['Lijst 1 (Groen Noorden), kandidaat 2', String(first[1]), String((first[1] ?? 0) - 3)]);
      expect(await row(1)).toEqual(['Lijst 1 (Groen Noorden), kandidaat 3', String(first[2]), String((first[2] ?? 0) + 3)]);
      expect(await mainText(page)).toContain('Anouk Visser');
      expect(await mainText(page)).toContain('Pieter Smit');

      await page.getByLabel('De eerste invoer klopt').check();
      await post(page, page.getByRole('button', { name: 'Besluit vastleggen' }));
      expect(pathOf(page)).toBe(countingPath());
      expect(await notice(page)).toBe('Stembureau 10 is akkoord: de eerste invoer telt.');
      expect(await stationStatus(page, 10)).toBe('Akkoord');
      expect(await mainText(page)).toContain('12 van 12 stembureaus akkoord');
    });
    const agreed = await tables(running.loket.ctx.database.db)
      .selectFrom('election_station')
      .select(['agreed'])
      .where('election_id', '=', ids.e2026)
      .where('number', '=', 10)
      .executeTakeFirstOrThrow();
    expect(readJson<StationCount>(agreed.agreed)).toEqual(planCount(election2026, 10));
  });

  it('Ingrid finalises after a confirmation step; the public page shows seats, elected candidates and EML files', async () => {
    await withPage(login.ingrid, countingPath(), async (page) => {
      await go(page, page.getByRole('link', { name: 'Uitslag vaststellen' }), (u) => u.pathname.endsWith('/vaststellen'));
      await checkPage(page, 'nl');
      expect(await h1(page)).toBe('Uitslag vaststellen: Gemeenteraadsverkiezing Groningen 2026');
      await go(page, page.getByRole('button', { name: 'Uitslag vaststellen' }), (u) => u.searchParams.get('bevestigen') === 'ja');
      await checkPage(page, 'nl');
      expect(await h1(page)).toBe('Weet u zeker dat u de uitslag wilt vaststellen?');
      await post(page, page.getByRole('button', { name: 'Ja, stel de uitslag vast' }));
      expect(pathOf(page)).toBe(countingPath());
      expect(await notice(page)).toBe('De uitslag is vastgesteld (versie 1).');

      await go(page, page.getByRole('link', { name: 'Uitslag bekijken' }), (u) => u.pathname === electionPath());
      await checkPage(page, 'nl');
      expect(await mainText(page)).not.toContain('Hertelling bezig');
      const chart = page.locator('main svg[role="img"]');
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('title').textContent()).toBe('Zetelverdeling Gemeenteraadsverkiezing Groningen 2026');
      expect(await chart.locator('.loket-seat').count()).toBe(45);
      const seatTable = page.locator('#zetels-tabel');
      const seats = await columnNumbers(seatTable, 5);
      expect(seats).toHaveLength(8);
      expect(seats.reduce((a, b) => a + b, 0)).toBe(45);
      // The chart's seats per list are the table's.
      for (const [i, n] of seats.entries()) expect(await chart.locator(`.loket-seat[data-list="${i + 1}"]`).count()).toBe(n);

      const elected = page.locator('#gekozen tbody tr');
      expect(await elected.count()).toBe(45);
      const how = await page.locator('#gekozen tbody tr td:last-child').allInnerTexts();
      expect(new Set(how.map((t) => t.trim()))).toEqual(new Set(['voorkeurstemmen', 'volgorde van de lijst']));

      for (const kind of ['510', '520']) {
        const link = page.locator(`#bestanden a[href$="/eml/${kind}"]`);
        expect(await link.count()).toBe(1);
        const href = (await link.getAttribute('href')) ?? '';
        const file = await page.request.get(href);
        expect(file.status()).toBe(200);
        expect(file.headers()['content-type']).toMatch(/^application\/xml/);
        const xml = await file.text();
        expect(xml.startsWith('<?xml')).toBe(true);
        expect(xml).toMatch(new RegExp(`<EML [^>]*Id="${kind}[a-d]?"`));
      }
    });
  });

  it('Ingrid orders a recount of station 3: the public page says "hertelling bezig" and keeps the last result', async () => {
    await withPage(login.ingrid, countingPath(), async (page) => {
      await go(page, page.getByRole('link', { name: 'Hertelling stembureau 3' }), (u) => u.pathname.endsWith('/stembureaus/3/hertelling'));
      await checkPage(page, 'nl');
      // Without a reason: the error summary, nothing ordered.
      expect((await post(page, page.getByRole('button', { name: 'Hertelling vastleggen' }))).status()).toBe(400);
      expect(await page.locator('#foutmeldingen a').count()).toBe(2);
      await checkPage(page, 'nl');
      await page
        .getByLabel('Reden van de hertelling')
        .fill('Besluit van het centraal stembureau: het proces-verbaal van stembureau 3 is onleesbaar.');
      await page.getByLabel('Ik weet zeker dat dit stembureau opnieuw geteld wordt').check();
      await post(page, page.getByRole('button', { name: 'Hertelling vastleggen' }));
      expect(pathOf(page)).toBe(countingPath());
      expect(await notice(page)).toMatch(/^Hertelling van stembureau 3/);
      expect(await stationStatus(page, 3)).toBe('Nog niet ingevoerd');

      await page.goto(electionPath());
      await checkPage(page, 'nl');
      expect(await mainText(page)).toContain('Hertelling bezig');
      expect(await page.locator('main svg[role="img"] .loket-seat').count()).toBe(45);
    });
    const recounts = await tables(running.loket.ctx.database.db)
      .selectFrom('election_recount')
      .select(['station_number'])
      .where('election_id', '=', ids.e2026)
      .execute();
    expect(recounts.map((r) => r.station_number)).toEqual([3]);
  });

  it('Pieter makes the first entry of the recount and may not make the second one', async () => {
    await withPage(login.pieter, entryPath(3), async (page) => {
      expect(await mainText(page)).toContain('Eerste invoer');
      await fillCount(page, planCount(election2026, 3));
      await post(page, saveButton(page));
      expect(await notice(page)).toBe('Eerste invoer van stembureau 3 opgeslagen.');
      expect(await page.locator('#stembureau-3 td').nth(3).innerText()).toBe('U deed de eerste invoer. Een collega doet de tweede.');
      const refused = await page.goto(entryPath(3));
      expect(refused?.status()).toBe(409);
      expect(await mainText(page)).toMatch(sameUserRefusal);
    });
    expect((await storedEntries(3)).filter((e) => e.attempt === 2)).toEqual([{ entryNo: 1, attempt: 2, accepted: [] }]);
  });

  it('Anouk makes the second entry of the recount with the keyboard only', async () => {
    await withPage(login.anouk, '/', async (page) => {
      await page.goto(entryPath(3));
      // Tab from the top of the page: the skip link, Enter to the content, then Tab to the first field.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      let tabs = 0;
      while ((await focusedId(page)) !== 'voters-pollCards' && tabs < 5) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      expect(await focusedId(page)).toBe('voters-pollCards');
      const fields = formValues(planCount(election2026, 3));
      for (const [i, [id, value]] of fields.entries()) {
        expect(await focusedId(page)).toBe(id);
        await page.keyboard.type(value);
        if (i < fields.length - 1) await page.keyboard.press('Tab');
      }
      await Promise.all([page.waitForURL((u) => u.pathname === countingPath()), page.keyboard.press('Enter')]);
      expect(await notice(page)).toBe('Tweede invoer gelijk: stembureau 3 is akkoord.');
      expect(await stationStatus(page, 3)).toBe('Akkoord');
    });
    // The entries of the first count stay (attempt 1); the recount's are attempt 2.
    expect(await storedEntries(3)).toEqual([
      { entryNo: 1, attempt: 1, accepted: [] },
      { entryNo: 2, attempt: 1, accepted: [] },
      { entryNo: 1, attempt: 2, accepted: [] },
      { entryNo: 2, attempt: 2, accepted: [] },
    ]);
  });
});

describe('referendums', () => {
  it('anyone sees the request with its count and a way to log in to support it', async () => {
    await withPage(null, '/democratie', async (page) => {
      await checkPage(page, 'nl');
      await go(page, page.getByRole('link', { name: 'Autoluwe binnenstad' }).first(), (u) => u.pathname === referendumPath(ids.requesting));
      await checkPage(page, 'nl');
      expect(await h1(page)).toBe('Autoluwe binnenstad');
      expect(await supporters(page)).toBe(4);
      expect(await page.getByRole('button', { name: 'Ik ondersteun dit verzoek' }).count()).toBe(0);
      const loginLink = page.getByRole('link', { name: 'Log in met DigiD om te ondersteunen' });
      await go(page, loginLink, (u) => u.pathname === '/inloggen');
      expect(new URL(page.url()).searchParams.get('terug')).toBe(referendumPath(ids.requesting));
    });
  });

  it('a Groningen resident who supports the request withdraws and supports again: the count goes down by one and back', async () => {
    // Every demo login living in Groningen (Anna Visser, Pieter van den Berg) already supports the demo request.
    await withPage(login.anna, referendumPath(ids.requesting), async (page) => {
      await checkPage(page, 'nl');
      expect(await mainText(page)).toContain('U ondersteunt dit verzoek.');
      const before = await supporters(page);
      await post(page, page.getByRole('button', { name: 'Mijn steun intrekken' }));
      expect(pathOf(page)).toBe(referendumPath(ids.requesting));
      expect(await notice(page)).toBe('Uw steun is ingetrokken.');
      expect(await supporters(page)).toBe(before - 1);
      expect(await mainText(page)).not.toContain('U ondersteunt dit verzoek.');
      await checkPage(page, 'nl');
      await post(page, page.getByRole('button', { name: 'Ik ondersteun dit verzoek' }));
      expect(await notice(page)).toBe('Dank u. Uw steun is vastgelegd.');
      expect(await supporters(page)).toBe(before);
      expect(await mainText(page)).toContain('U ondersteunt dit verzoek.');
    });
  });

  it('a citizen of another municipality cannot support the request', async () => {
    await withPage(login.sanne, referendumPath(ids.requesting), async (page) => {
      const before = await supporters(page);
      expect(await page.getByRole('button', { name: 'Ik ondersteun dit verzoek' }).count()).toBe(0);
      expect(await page.locator('#steun').innerText()).toMatch(/niet ingeschreven in Groningen|U kunt dit verzoek nu niet ondersteunen\./);
      await checkPage(page, 'nl');
      expect(await supporters(page)).toBe(before);
    });
  });

  it('the referendum that was held shows the outcome and the turnout', async () => {
    await withPage(null, referendumPath(ids.held), async (page) => {
      await checkPage(page, 'nl');
      const text = await mainText(page);
      expect(text).toContain('De uitslag is vastgesteld.');
      const winner = /De meeste stemmen gingen naar: (Ja|Nee)\./.exec(text)?.[1];
      expect(winner).toBeDefined();
      expect(text).toMatch(/De opkomst was \d+,\d %\./);
      const votes = /Er werden [\d.]+ stemmen uitgebracht: ([\d.]+) geldig/.exec(text)?.[1];
      const table = page.locator('main table', { has: page.locator('caption', { hasText: 'Stemmen per keuze' }) });
      const perOption = await columnNumbers(table, 1);
      expect(perOption).toHaveLength(2);
      expect(perOption.reduce((a, b) => a + b, 0)).toBe(Number(votes?.replace(/\./g, '')));
      const [ja = 0, nee = 0] = perOption;
      expect(winner).toBe(ja > nee ? 'Ja' : 'Nee');
    });
  });
});
