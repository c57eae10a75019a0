// Mandates in Chromium, on a database with the demo catalog, people, cases and mandates
// (src/modules/mandates/demo.ts): Sanne reads Mijn machtigingen and accepts her uncle's mandate;
// she grants her neighbour Tom a mandate through the form (first with a wrong surname); Tom accepts
// it and acts for her, with the banner on every page, until Sanne ends his mandates; a parent acts
// for his child; a director with joint authority sees the missing second signature; a case handler
// looks up Sanne's mandates at the help desk (recorded, and Sanne sees it); and what is not yours
// stays hidden. Every page on the way gets the checks every page must pass (axe WCAG 2.1 A/AA, one
// h1, title, skip link, reflow), and /machtigen and /machtigen/nieuw get them at 320 px wide too.
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mandateStore from '../src/modules/mandates/store.ts';
import { formatDate } from '../src/platform/i18n/index.ts';
import { addDays, addYears, type IsoDate } from '../src/platform/time/index.ts';
import { checkPage, logInAsDemo, newContext, startLoket, switchLanguage, type BrowserGlobals, type RunningLoket } from './support.ts';

let running: RunningLoket;

// One Loket for the whole file: the catalog and the demo data take a while. The tests build on each
// other in this order (Sanne accepts, then grants; Tom accepts that grant; …); each one that needs an
// earlier step's result makes it itself when run alone (see `mandateToTom`).
beforeAll(async () => {
  running = await startLoket({ catalog: true, registry: true, cases: true, mandates: true });
}, 300_000);
afterAll(async () => {
  await running.close();
});

const sanne = { bsn: '999990007', name: 'Sanne de Vries' };
const tom = { bsn: '999990226', surname: 'Peters', name: 'Tom Peters' };
/** The Amsterdam service Sanne grants Tom a mandate for (published and mandatable in the demo catalog). */
const grantedService = 'Marktvergunning';

const mandatePath = /^\/machtigen\/([0-9a-f-]{36})$/;

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────

/** Runs `make` once, on first use, and hands every caller the same answer. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** Does `work` on a page of a fresh browser context (logged in as `key`, landing on `start`), then closes the context. */
async function withPage<T>(key: string, start: string, work: (page: Page) => Promise<T>, width?: number): Promise<T> {
  const context = await newContext(running, width ? { width, height: 640 } : {});
  try {
    const page = await context.newPage();
    await logInAsDemo(page, key, start);
    return await work(page);
  } finally {
    await context.close();
  }
}

/** Clicks a submit button and returns the answer to the form post (for a page shown as the answer, not a redirect). */
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

/** The value next to `key` in the data lists of `scope` (dt/dd). */
async function dataValue(scope: Locator, key: string): Promise<string> {
  const item = scope.locator('.utrecht-data-list__item', { has: scope.page().locator(`dt:text-is("${key}")`) });
  expect(await item.count(), `data list item "${key}"`).toBe(1);
  return (await item.locator('dd').innerText()).trim();
}

/** The cells of every body row of the table `selector` finds, as text. */
async function tableRows(page: Page, selector: string): Promise<string[][]> {
  const rows = page.locator(`${selector} tbody tr`);
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim()));
  return out;
}

/** The banner that says for whom one acts (layout), or null when there is none. */
async function actingBanner(page: Page): Promise<string | null> {
  const banner = page.getByRole('region', { name: 'Namens wie u handelt' });
  if ((await banner.count()) === 0) return null;
  return (await banner.innerText()).trim();
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A button in a row of the table of mandates waiting for an answer, by its accessible name, which
 * says which mandate ("Accepteren: machtiging van Willem de Graaf voor …"; Chromium puts a space
 * before the colon of the visually hidden part).
 */
const rowButton = (page: Page, action: 'Accepteren' | 'Weigeren', mandator: string, scope: string): Locator =>
  page.getByRole('button', { name: new RegExp(`^${action} ?: machtiging van ${escaped(mandator)} voor ${escaped(scope)}$`) });

const today = (): IsoDate => running.loket.ctx.clock.today();
/** A date as a person types it in the form: 2026-05-06 → "06-05-2026". */
const typed = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** The mandates Sanne gave, straight from the store (to see that a refused form stored nothing). */
const sanneGave = async (): Promise<number> =>
  (await mandateStore.mandatesGrantedBy(running.loket.ctx.database.db, { kind: 'person', id: sanne.bsn })).length;

/**
 * Fills in the grant form for Tom, for Amsterdam's `grantedService`, from today for a year, as a
 * person does: the radio buttons, the numbers, the organisation with "Toon diensten", then the
 * service and the end date. Stays on the form (does not press Verder).
 */
async function fillGrantForm(page: Page, surname: string): Promise<void> {
  await page.getByLabel('Een persoon', { exact: true }).check();
  await page.getByLabel('Burgerservicenummer (BSN) van de persoon').fill(tom.bsn);
  await page.getByLabel('Achternaam van de persoon').fill(surname);
  await page.getByLabel('Eén dienst van één organisatie').check();
  await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Amsterdam' });
  const shown = await post(page, page.getByRole('button', { name: 'Toon diensten' }));
  expect(shown.status()).toBe(200);
  // What was typed is still there.
  expect(await page.getByLabel('Burgerservicenummer (BSN) van de persoon').inputValue()).toBe(tom.bsn);
  expect(await page.getByLabel('Een persoon', { exact: true }).isChecked()).toBe(true);
  await page.getByLabel('Dienst van Amsterdam').selectOption({ label: grantedService });
  await page.getByLabel('Tot en met').fill(typed(addYears(today(), 1)));
}

/** The summary's sentence for Sanne's mandate to Tom. */
const summarySentence = (): string =>
  `U geeft Tom Peters (BSN ${tom.bsn}) toestemming om namens u ‘${grantedService}’ te regelen bij Amsterdam ` +
  `van ${formatDate(today(), 'nl')} tot en met ${formatDate(addYears(today(), 1), 'nl')}.`;

let grantedByTest: string | undefined;

/** Sanne's mandate to Tom for `grantedService`: the one the grant test made, or one made now through the pages. */
const mandateToTom = once(async (): Promise<string> => {
  if (grantedByTest) return grantedByTest;
  return withPage('citizen', '/machtigen/nieuw', async (page) => {
    await fillGrantForm(page, tom.surname);
    await post(page, page.getByRole('button', { name: 'Verder' }));
    await go(page, page.getByRole('button', { name: 'Bevestigen' }), (url) => mandatePath.test(url.pathname));
    return mandatePath.exec(pathOf(page))?.[1] ?? '';
  });
});

/**
 * Applies for Amsterdam's Standplaatsvergunning through the pages, as the one logged in (for
 * themself): the service, its one-question form, the summary, send. Returns the case number.
 */
async function applyForMarketStall(page: Page, text: string): Promise<string> {
  await page.goto('/diensten/product/standplaatsvergunning?gemeente=GM0363');
  await go(page, page.getByRole('link', { name: 'Amsterdam', exact: true }), (url) =>
    /^\/diensten\/GM0363\/[0-9a-f-]{36}$/.test(url.pathname),
  );
  await go(page, page.getByRole('link', { name: 'Aanvragen', exact: true }), (url) => url.pathname.endsWith('/aanvragen/stap/aanvraag'));
  await page.getByLabel('Wat vraagt u aan, en waarom?').fill(text);
  await go(page, page.getByRole('button', { name: 'Naar de controle' }), (url) => url.pathname.endsWith('/aanvragen/controle'));
  await go(page, page.getByRole('button', { name: 'Aanvraag versturen' }), (url) => url.pathname.endsWith('/ontvangen'));
  const number = await dataValue(page.locator('main'), 'Zaaknummer');
  expect(number).toMatch(/^Z-\d{4}-\d{6}$/);
  return number;
}

/** Ends a mandate as its mandator does: its page, "Machtiging beëindigen", the confirmation. Ends on the mandate's page. */
async function endMandate(page: Page, id: string): Promise<void> {
  await page.goto(`/machtigen/${id}`);
  await go(page, page.getByRole('link', { name: 'Machtiging beëindigen' }), (url) => url.pathname === `/machtigen/${id}/beeindigen`);
  expect(await h1(page)).toBe('Machtiging beëindigen');
  await checkPage(page, 'nl');
  await go(page, page.getByRole('button', { name: 'Ja, beëindig de machtiging' }), (url) => url.pathname === `/machtigen/${id}`);
  expect(new URL(page.url()).search).toBe('?melding=beeindigd');
  expect(await page.getByRole('status').filter({ hasText: 'De machtiging is beëindigd.' }).count()).toBe(1);
  expect(await page.locator('#status strong').innerText()).toBe('Beëindigd');
}

// ── Mijn machtigingen ─────────────────────────────────────────────────────────────────────────

describe('Mijn machtigingen', () => {
  it('shows Sanne both directions of her demo mandates; she accepts the one waiting for her; also in English', async () => {
    await withPage('citizen', '/machtigen', async (page) => {
      expect(await h1(page)).toBe('Mijn machtigingen');
      expect(await page.locator('#wie-namens-mij h2').innerText()).toBe('Wie mag namens mij handelen');
      expect(await page.locator('#namens-wie h2').innerText()).toBe('Namens wie mag ik handelen');
      // The mandates she gave: Tom in force, Priya ended, Tom's older one expired; each links to its page.
      const granted = await tableRows(page, '#tabel-gegeven');
      expect(granted.map(([who, what, , status]) => [who, what, status])).toEqual([
        ['Tom Peters', 'Gehandicaptenparkeerkaart, bij Amsterdam', 'Geldig'],
        ['Priya Sharma', 'Dienstenset ‘Belastingen’, bij Amsterdam', 'Beëindigd'],
        ['Tom Peters', 'Belastingbetalingsregeling, bij alle organisaties', 'Verlopen'],
      ]);
      // Tom's mandate was made 20 days ago, for a year.
      const madeOn = addDays(today(), -20);
      expect(granted[0]?.[2]).toBe(`${formatDate(madeOn, 'nl')} tot en met ${formatDate(addYears(madeOn, 1), 'nl')}`);
      expect(await page.locator('#tabel-gegeven tbody a').count()).toBe(3);
      expect(await page.locator('#vertegenwoordigers').innerText()).toContain('Niemand vertegenwoordigt u volgens de wet.');
      // Waiting for her answer: her uncle's mandate, with Accepteren and Weigeren that say which one.
      const pending = await tableRows(page, '#tabel-wacht');
      expect(pending.map(([who, what]) => [who, what])).toEqual([['Willem de Graaf', 'Belastingkwijtschelding, bij alle organisaties']]);
      const accept = rowButton(page, 'Accepteren', 'Willem de Graaf', 'Belastingkwijtschelding, bij alle organisaties');
      expect(await accept.count()).toBe(1);
      expect(await rowButton(page, 'Weigeren', 'Willem de Graaf', 'Belastingkwijtschelding, bij alle organisaties').count()).toBe(1);
      // Nothing received yet besides that: no table of received mandates.
      expect(await page.locator('#tabel-gekregen').count()).toBe(0);
      await checkPage(page, 'nl');

      // She accepts: back on the overview, with the notice; the mandate is now among those she received.
      await go(page, accept, (url) => url.pathname === '/machtigen');
      expect(new URL(page.url()).search).toBe('?melding=geaccepteerd');
      expect(await page.getByRole('status').filter({ hasText: 'U hebt de machtiging geaccepteerd.' }).count()).toBe(1);
      expect(await page.locator('#wacht-op-antwoord').count()).toBe(0);
      const received = await tableRows(page, '#tabel-gekregen');
      expect(received.map(([who, what, , status]) => [who, what, status])).toEqual([
        ['Willem de Graaf', 'Belastingkwijtschelding, bij alle organisaties', 'Geldig'],
      ]);
      await checkPage(page, 'nl');

      // In English.
      await switchLanguage(page, 'en');
      expect(await h1(page)).toBe('My mandates');
      expect(await page.locator('#wie-namens-mij h2').innerText()).toBe('Who may act for me');
      expect((await tableRows(page, '#tabel-gegeven')).map((r) => r[3])).toEqual(['In force', 'Ended', 'Expired']);
      expect((await tableRows(page, '#tabel-gekregen'))[0]?.[1]).toBe('Belastingkwijtschelding, at every organisation');
      await checkPage(page, 'en');
    });
  });

  it('passes the checks at 320 px wide', async () => {
    await withPage(
      'citizen',
      '/machtigen',
      async (page) => {
        expect(page.viewportSize()?.width).toBe(320);
        expect(await h1(page)).toBe('Mijn machtigingen');
        await checkPage(page, 'nl');
      },
      320,
    );
  });
});

// ── Granting ──────────────────────────────────────────────────────────────────────────────────

describe('granting a mandate', () => {
  it('refuses a wrong surname with the error summary and stores nothing; then summary → Bevestigen → waiting for acceptance', async () => {
    await withPage('citizen', '/machtigen', async (page) => {
      await go(page, page.getByRole('link', { name: 'Iemand machtigen' }), (url) => url.pathname === '/machtigen/nieuw');
      expect(await h1(page)).toBe('Iemand machtigen');
      expect(await page.locator('#foutmeldingen').count()).toBe(0);
      await checkPage(page, 'nl');

      // The organisation chosen: its mandatable services to choose from.
      await fillGrantForm(page, 'Pieters');
      await checkPage(page, 'nl');

      // A surname that does not go with the BSN: the form again, with the Dutch error summary.
      const before = await sanneGave();
      const refused = await post(page, page.getByRole('button', { name: 'Verder' }));
      expect(refused.status()).toBe(400);
      expect(pathOf(page)).toBe('/machtigen/nieuw');
      expect(await page.title()).toBe('Fout: Iemand machtigen | Loket');
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.locator('h2').innerText()).toBe('Er is een probleem');
      const links = summary.locator('li a');
      expect(await links.allInnerTexts()).toEqual(['Wij vinden niemand met dit burgerservicenummer en deze achternaam. Controleer beide.']);
      expect(await links.first().getAttribute('href')).toBe('#bsn');
      expect(await page.locator('#bsn').getAttribute('aria-invalid')).toBe('true');
      // What was typed is kept, so it can be corrected.
      expect(await page.getByLabel('Achternaam van de persoon').inputValue()).toBe('Pieters');
      expect(await page.getByLabel('Dienst van Amsterdam').locator('option:checked').innerText()).toBe(grantedService);
      expect(await sanneGave()).toBe(before);
      await checkPage(page, 'nl');
      // The link in the summary takes the keyboard to the field.
      await links.first().click();
      const focused = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id);
      expect(focused).toBe('bsn');

      // Corrected: the summary in one sentence; still nothing stored.
      await page.getByLabel('Achternaam van de persoon').fill(tom.surname);
      const shown = await post(page, page.getByRole('button', { name: 'Verder' }));
      expect(shown.status()).toBe(200);
      expect(await h1(page)).toBe('Controleer de machtiging');
      expect(await page.locator('#samenvatting').innerText()).toBe(summarySentence());
      const main = page.locator('main');
      expect(await dataValue(main, 'Wie machtigt')).toBe('U (Sanne de Vries)');
      expect(await dataValue(main, 'Gemachtigde')).toBe(`Tom Peters (BSN ${tom.bsn})`);
      expect(await dataValue(main, 'Waarvoor')).toBe(`${grantedService}, bij Amsterdam`);
      expect(await dataValue(main, 'Tot en met')).toBe(formatDate(addYears(today(), 1), 'nl'));
      expect(await mainText(page)).toContain('De machtiging is nog niet gemaakt. Klik op ‘Bevestigen’ om hem te maken.');
      expect(await sanneGave()).toBe(before);
      await checkPage(page, 'nl');

      // Bevestigen: the mandate's page, waiting for Tom.
      await go(page, page.getByRole('button', { name: 'Bevestigen' }), (url) => mandatePath.test(url.pathname));
      expect(await sanneGave()).toBe(before + 1);
      grantedByTest = mandatePath.exec(pathOf(page))?.[1];
      expect(new URL(page.url()).search).toBe('?melding=gemaakt');
      expect(await h1(page)).toBe(`Machtiging voor ${grantedService}`);
      expect(
        await page.getByRole('status').filter({ hasText: 'De machtiging is gemaakt. De gemachtigde moet hem nu accepteren.' }).count(),
      ).toBe(1);
      expect(await page.locator('#status strong').innerText()).toBe('Wacht op acceptatie');
      expect(await page.locator('#status').innerText()).toContain(
        'De machtiging wacht tot Tom Peters hem accepteert. Pas daarna geldt hij.',
      );
      const details = page.locator('#gegevens');
      expect(await dataValue(details, 'Wie machtigt')).toBe(sanne.name);
      expect(await dataValue(details, 'Gemachtigde')).toBe(tom.name);
      expect(await dataValue(details, 'Status')).toBe('Wacht op acceptatie');
      expect(await dataValue(details, 'Vanaf')).toBe(formatDate(today(), 'nl'));
      expect(await dataValue(details, 'Gemaakt door')).toBe(sanne.name);
      // Sanne can end it, not accept it.
      expect(await page.getByRole('link', { name: 'Machtiging beëindigen' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Accepteren' }).count()).toBe(0);
      await checkPage(page, 'nl');

      // And it is in her overview.
      await go(page, page.getByRole('link', { name: 'Terug naar Mijn machtigingen' }), (url) => url.pathname === '/machtigen');
      const granted = await tableRows(page, '#tabel-gegeven');
      expect(
        granted.filter(
          ([who, what, , status]) => who === tom.name && what === `${grantedService}, bij Amsterdam` && status === 'Wacht op acceptatie',
        ),
      ).toHaveLength(1);
    });
  });

  it('the form passes the checks at 320 px wide, also with its errors', async () => {
    await withPage(
      'citizen',
      '/machtigen/nieuw',
      async (page) => {
        expect(await h1(page)).toBe('Iemand machtigen');
        await checkPage(page, 'nl');
        const refused = await post(page, page.getByRole('button', { name: 'Verder' }));
        expect(refused.status()).toBe(400);
        expect(await page.locator('#foutmeldingen li a').count()).toBeGreaterThanOrEqual(2);
        await checkPage(page, 'nl');
      },
      320,
    );
  });
});

// ── Acting for someone ────────────────────────────────────────────────────────────────────────

describe('acting for someone', () => {
  it('Tom accepts, acts for Sanne with the banner on every page; when Sanne has ended his mandates the banner goes, with a notice', async () => {
    const id = await mandateToTom();
    const tomContext = await newContext(running);
    try {
      const page = await tomContext.newPage();
      await logInAsDemo(page, 'guardian', '/machtigen');

      // Tom's overview: Sanne's new mandate waits for his answer; he accepts it.
      expect(await h1(page)).toBe('Mijn machtigingen');
      const pending = await tableRows(page, '#tabel-wacht');
      expect(pending.map(([who, what]) => [who, what])).toEqual([[sanne.name, `${grantedService}, bij Amsterdam`]]);
      await checkPage(page, 'nl');
      const accept = rowButton(page, 'Accepteren', sanne.name, `${grantedService}, bij Amsterdam`);
      await go(page, accept, (url) => url.pathname === '/machtigen');
      expect(await page.getByRole('status').filter({ hasText: 'U hebt de machtiging geaccepteerd.' }).count()).toBe(1);
      const received = await tableRows(page, '#tabel-gekregen');
      expect(
        received
          .filter(([who, , , status]) => who === sanne.name && status === 'Geldig')
          .map((r) => r[1])
          .sort(),
      ).toEqual(['Gehandicaptenparkeerkaart, bij Amsterdam', `${grantedService}, bij Amsterdam`].sort());
      // The legal representation of his nephew, by the registers.
      expect((await tableRows(page, '#tabel-vertegenwoordigt')).map((r) => r.slice(0, 2))).toEqual([
        ['Noah Peters', 'Ouder of voogd met gezag'],
      ]);
      await checkPage(page, 'nl');

      // The switch: myself, Noah (by law), Sanne (by her mandates).
      await go(page, page.getByRole('link', { name: 'Namens iemand anders handelen' }), (url) => url.pathname === '/machtigen/namens');
      expect(await h1(page)).toBe('Namens wie handelt u?');
      expect(await page.getByLabel('Mijzelf').isChecked()).toBe(true);
      const forSanne = page.getByLabel(sanne.name, { exact: true });
      const how = await page.locator(`#${(await forSanne.getAttribute('aria-describedby')) ?? ''}`).innerText();
      expect(how).toMatch(/^Machtiging voor: /);
      expect(how.replace('Machtiging voor: ', '').split(', ').sort()).toEqual(['Gehandicaptenparkeerkaart', grantedService].sort());
      expect(await actingBanner(page)).toBeNull();
      await checkPage(page, 'nl');
      await forSanne.check();
      await go(page, page.getByRole('button', { name: 'Doorgaan' }), (url) => url.pathname === '/zaken');

      // Every page now says for whom he acts, with the way to switch or stop.
      const banner = `U handelt namens ${sanne.name} Wisselen of stoppen`;
      expect(await actingBanner(page)).toBe(banner);
      expect(await page.locator('.loket-acting-for a').getAttribute('href')).toBe('/machtigen/namens');
      expect(await page.locator('.loket-user').innerText()).toContain('Ingelogd als Tom Peters');
      // Mijn zaken: Sanne's cases that his mandates cover (her parking card case), not her others.
      expect(await mainText(page)).toContain(`U handelt namens ${sanne.name}. U ziet de zaken van ${sanne.name} die u mag inzien`);
      expect((await tableRows(page, 'main table')).map((r) => r[1])).toEqual(['Gehandicaptenparkeerkaart']);
      await checkPage(page, 'nl');
      for (const address of ['/', '/diensten']) {
        expect((await page.goto(address))?.status(), address).toBe(200);
        expect(await actingBanner(page), address).toBe(banner);
        await checkPage(page, 'nl');
      }

      // Sanne ends the new mandate in her own browser: Tom still acts for her under the other one.
      await withPage('citizen', '/machtigen', (sannePage) => endMandate(sannePage, id));
      await page.goto('/zaken');
      expect(await actingBanner(page)).toBe(banner);
      expect(await page.locator('.loket-acting-for--ended').count()).toBe(0);

      // She ends the parking card mandate too: Tom's next page says he no longer acts for her, and the banner is gone.
      await withPage('citizen', '/machtigen', async (sannePage) => {
        const row = sannePage.locator('#tabel-gegeven tbody tr', { hasText: 'Gehandicaptenparkeerkaart' });
        await go(sannePage, row.getByRole('link', { name: tom.name }), (url) => mandatePath.test(url.pathname));
        expect(await sannePage.locator('#status strong').innerText()).toBe('Geldig');
        await checkPage(sannePage, 'nl');
        await endMandate(sannePage, mandatePath.exec(pathOf(sannePage))?.[1] ?? '');
      });
      expect((await page.goto('/diensten'))?.status()).toBe(200);
      const ended = page.locator('.loket-acting-for--ended');
      expect(await ended.getAttribute('role')).toBe('status');
      expect((await ended.innerText()).trim()).toBe(
        `U handelt niet meer namens ${sanne.name}: de machtiging of vertegenwoordiging is beëindigd of verlopen.`,
      );
      expect(await actingBanner(page)).toBeNull();
      await checkPage(page, 'nl');
      // Said once; his own cases again (he has none).
      await page.goto('/zaken');
      expect(await page.locator('.loket-acting-for--ended').count()).toBe(0);
      expect(await actingBanner(page)).toBeNull();
      expect(await mainText(page)).toContain('U hebt nog geen aanvragen gedaan.');
      expect(await mainText(page)).not.toContain(sanne.name);
      // The switch offers Sanne no more.
      await page.goto('/machtigen/namens');
      expect(await page.getByLabel(sanne.name, { exact: true }).count()).toBe(0);
      expect(await page.getByLabel('Mijzelf').isChecked()).toBe(true);
    } finally {
      await tomContext.close();
    }
  }, 180_000);

  it('a parent acts for his child: the banner, and Mijn zaken shows her (empty) list, not his case', async () => {
    await withPage('parent', '/zaken', async (page) => {
      // A case of his own first: he applies for Amsterdam's Standplaatsvergunning.
      const own = await applyForMarketStall(page, 'Ik wil op zaterdag een kraam met speelgoed zetten op de Dappermarkt.');
      await page.goto('/zaken');
      expect(await mainText(page)).toContain(own);

      await page.goto('/machtigen/namens?terug=/zaken');
      const yasmina = page.getByLabel('Yasmina El Amrani', { exact: true });
      expect(await page.locator(`#${(await yasmina.getAttribute('aria-describedby')) ?? ''}`).innerText()).toBe('Ouder of voogd met gezag');
      await checkPage(page, 'nl');
      await yasmina.check();
      await go(page, page.getByRole('button', { name: 'Doorgaan' }), (url) => url.pathname === '/zaken');

      expect(await actingBanner(page)).toBe('U handelt namens Yasmina El Amrani Wisselen of stoppen');
      expect(await h1(page)).toBe('Mijn zaken');
      const text = await mainText(page);
      expect(text).toContain('U handelt namens Yasmina El Amrani. U ziet de zaken van Yasmina El Amrani die u mag inzien');
      expect(text).toContain('Er zijn geen zaken van Yasmina El Amrani die u mag inzien.');
      expect(text).toContain('Berichten van de overheid aan Yasmina El Amrani');
      expect(text).not.toContain(own);
      expect(await page.locator('main tbody tr').count()).toBe(0);
      await checkPage(page, 'nl');

      // Her mandates, in her name (a parent with authority may manage them).
      await page.goto('/machtigen');
      expect(await h1(page)).toBe('Machtigingen van Yasmina El Amrani');
      expect(await page.locator('#vertegenwoordigers').innerText()).toContain('Mohamed El Amrani');
      expect(await actingBanner(page)).toBe('U handelt namens Yasmina El Amrani Wisselen of stoppen');
      await checkPage(page, 'nl');

      // Back to himself: no banner, his case again.
      await page.goto('/machtigen/namens');
      expect(await page.getByLabel('Yasmina El Amrani', { exact: true }).isChecked()).toBe(true);
      await page.getByLabel('Mijzelf').check();
      await go(page, page.getByRole('button', { name: 'Doorgaan' }), (url) => url.pathname === '/zaken');
      expect(await actingBanner(page)).toBeNull();
      expect(await mainText(page)).toContain(own);
    });
  });
});

// ── Businesses ────────────────────────────────────────────────────────────────────────────────

describe('a business with joint authority', () => {
  it('Joost sees the mandate waiting for Ayşe’s signature; the page says a second authorised person must sign', async () => {
    await withPage('bv-director', '/machtigen', async (page) => {
      expect(await h1(page)).toBe('Machtigingen van Noordlicht Techniek B.V.');
      const granted = await tableRows(page, '#tabel-gegeven');
      expect(granted.map(([who, what, , status]) => [who, what, status])).toEqual([
        ['De Wit & Hoekstra V.O.F.', 'Vennootschapsbelasting, bij alle organisaties', 'Wacht op tweede handtekening'],
      ]);
      await checkPage(page, 'nl');

      await go(page, page.getByRole('link', { name: 'De Wit & Hoekstra V.O.F.' }), (url) => mandatePath.test(url.pathname));
      expect(await h1(page)).toBe('Machtiging voor Vennootschapsbelasting');
      expect(await page.locator('#status strong').innerText()).toBe('Wacht op tweede handtekening');
      expect(await page.locator('#status').innerText()).toContain(
        'De machtiging wacht op de handtekening van een tweede bevoegde van Noordlicht Techniek B.V. Daarna moet De Wit & Hoekstra V.O.F. hem accepteren.',
      );
      const details = page.locator('#gegevens');
      expect(await dataValue(details, 'Wie machtigt')).toBe('Noordlicht Techniek B.V.');
      expect(await dataValue(details, 'Gemaakt door')).toBe('Joost van der Meer');
      expect(await dataValue(details, 'Tweede handtekening')).toBe('Nog niet');
      // He made it, so he cannot be its second signature.
      expect(await page.getByRole('button', { name: 'Ondertekenen' }).count()).toBe(0);
      await checkPage(page, 'nl');
    });
  });
});

// ── The official's lookup ─────────────────────────────────────────────────────────────────────

describe('the official’s lookup', () => {
  it('a case handler looks up Sanne: both directions, and the lookup is recorded (Sanne sees it)', async () => {
    const usage = '/mijn-gegevens/wie-heeft-mijn-gegevens-gebruikt';
    const lookupLine = 'Machtigingen en vertegenwoordiging inzien (klantvraag)';
    const linesSeen = (): Promise<number> =>
      withPage('citizen', usage, async (page) => page.locator('main tbody tr', { hasText: lookupLine }).count());
    const before = await linesSeen();

    await withPage('official-case-handler', '/machtigen/opzoeken', async (page) => {
      expect(await h1(page)).toBe('Machtigingen opzoeken');
      expect(await mainText(page)).toContain('Let op: elke keer dat u iemand opzoekt, wordt dat vastgelegd in het verwerkingenlogboek.');
      await checkPage(page, 'nl');

      await page.getByLabel('Burgerservicenummer of KVK-nummer').fill(sanne.bsn);
      const found = await post(page, page.getByRole('button', { name: 'Opzoeken' }));
      expect(found.status()).toBe(200);
      // The number went in the body of a post, never in the address.
      expect(page.url()).not.toContain(sanne.bsn);
      expect(await page.title()).toBe('Machtigingen van Sanne de Vries | Loket');
      const result = page.locator('#resultaat');
      expect(await result.locator('#resultaat-titel').innerText()).toBe('Machtigingen van Sanne de Vries');
      expect(await result.getByRole('status').innerText()).toBe('Deze opzoeking is vastgelegd in het verwerkingenlogboek.');
      expect(await result.locator('#wie-namens-mij h3').innerText()).toBe('Wie mag namens Sanne de Vries handelen');
      expect(await result.locator('#namens-wie h3').innerText()).toBe('Namens wie mag Sanne de Vries handelen');
      const granted = await tableRows(page, '#tabel-gegeven');
      expect(granted.map((r) => r[0])).toEqual(expect.arrayContaining([tom.name, 'Priya Sharma']));
      expect((await tableRows(page, '#tabel-gekregen')).map((r) => r[0])).toContain('Willem de Graaf');
      // Read only: no links to the mandates, no buttons.
      expect(await result.locator('table a, table button').count()).toBe(0);
      await checkPage(page, 'nl');
    });

    // Sanne reads in "Wie heeft mijn gegevens gebruikt" that Amsterdam looked.
    expect(await linesSeen()).toBe(before + 1);
  });

  it('is forbidden for a citizen', async () => {
    await withPage('citizen', '/', async (page) => {
      const response = await page.goto('/machtigen/opzoeken');
      expect(response?.status()).toBe(403);
      expect(await h1(page)).toBe('Geen toegang');
      expect(await page.locator('main form').count()).toBe(0);
      await checkPage(page, 'nl');
    });
  });
});

// ── Privacy ───────────────────────────────────────────────────────────────────────────────────

describe('another person’s mandate', () => {
  it('is not found for another citizen: the page and its end confirmation', async () => {
    const id = await withPage('citizen', '/machtigen', async (page) => {
      const link = page.locator('#tabel-gegeven tbody tr', { hasText: 'Priya Sharma' }).getByRole('link');
      return mandatePath.exec((await link.getAttribute('href')) ?? '')?.[1] ?? '';
    });
    expect(id).not.toBe('');
    await withPage('parent', '/', async (page) => {
      for (const address of [`/machtigen/${id}`, `/machtigen/${id}/beeindigen`]) {
        const response = await page.goto(address);
        expect(response?.status(), address).toBe(404);
        expect(await h1(page), address).toBe('Pagina niet gevonden');
        const text = await mainText(page);
        expect(text, address).not.toContain('Sanne');
        expect(text, address).not.toContain('Priya');
        await checkPage(page, 'nl');
      }
    });
  });
});
