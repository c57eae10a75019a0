// Delivery in Chromium, on a database with the demo catalog, the demo people and the demo cases:
// a citizen applies for a service and follows her case, answers a request for information, gives
// notice of default on a late case; a case handler works the queue, claims, asks for information
// (refused: a date in the past) and decides, after which the citizen reads the decision and its
// letter; the accountability report; and another person's case stays hidden. Every page on the
// way gets the checks every page must pass (axe WCAG 2.1 A/AA, one h1, title, skip link, reflow).
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, logInAsDemo, newContext, startLoket, type RunningLoket } from './support.ts';

let running: RunningLoket;

/** Sanne de Vries' demo cases (src/modules/delivery/demo.ts), by what they show in Mijn zaken before any test changes them. */
interface DemoCases {
  waiting: DemoCase;
  decided: DemoCase;
  overdue: DemoCase;
}
interface DemoCase {
  path: string;
  caseNumber: string;
}

let demo: DemoCases;

// One Loket for the whole file: generating the catalog and the demo cases takes a while.
beforeAll(async () => {
  running = await startLoket({ catalog: true, registry: true, cases: true });
  demo = await withPage('citizen', async (page) => {
    await page.goto('/zaken');
    const of = async (status: string): Promise<DemoCase> => {
      const row = page.locator('main tbody tr', { has: page.locator(`td:text-is("${status}")`) });
      expect(await row.count(), `Sanne's demo cases with status ${status}`).toBe(1);
      const link = row.locator('a');
      return { path: (await link.getAttribute('href')) ?? '', caseNumber: await link.innerText() };
    };
    return { waiting: await of('Wacht op aanvulling'), decided: await of('Besluit genomen'), overdue: await of('In behandeling') };
  });
}, 300_000);
afterAll(async () => {
  await running.close();
});

const casePath = /^\/zaken\/GM0363\/([0-9a-f-]{36})$/;
const workPath = /^\/behandelen\/GM0363\/([0-9a-f-]{36})$/;
const servicePath = /^\/diensten\/GM0363\/([0-9a-f-]{36})$/;
const receiptPath = /^\/zaken\/GM0363\/([0-9a-f-]{36})\/ontvangen$/;
const messagePath = /^\/berichten\/[0-9a-f-]{36}$/;

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────

/** Runs `make` once, on first use, and hands every caller the same answer. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** Does `work` on a page of a fresh browser context (logged in as `key` when given), then closes the context. */
async function withPage<T>(key: string | undefined, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(running);
  try {
    const page = await context.newPage();
    if (key) await logInAsDemo(page, key, '/');
    return await work(page);
  } finally {
    await context.close();
  }
}

/** Clicks a submit button and returns the answer to the form post (for a page shown again with errors, not a redirect). */
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

/** The text of an element with no-break spaces (as in "€ 1.442,00") as plain spaces. */
const textOf = async (locator: Locator): Promise<string> => (await locator.innerText()).replaceAll('\u00a0', ' ');

/** The value next to `key` in the data lists of `scope` (dt/dd). */
async function dataValue(scope: Locator, key: string): Promise<string> {
  const item = scope.locator('.utrecht-data-list__item', { has: scope.page().locator(`dt:text-is("${key}")`) });
  expect(await item.count(), `data list item "${key}"`).toBe(1);
  return (await textOf(item.locator('dd'))).trim();
}

/** The cells of the one table row that contains `text`. */
async function rowCells(page: Page, text: string): Promise<string[]> {
  const row = page.locator('main tbody tr', { hasText: text });
  expect(await row.count(), `table rows with "${text}"`).toBe(1);
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim());
}

/**
 * The subject of a letter in the message box, to click. Its text, not the link: an unread subject's
 * link starts with a visually hidden "Ongelezen: ", and Playwright aims at the link's first box,
 * that 1-pixel word outside the cell, which a person never clicks.
 */
const subjectLink = (page: Page, subject: string): Locator => page.locator('main tbody a').getByText(subject, { exact: true });

const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** A Dutch date as the pages write it ("25 januari 2027") as YYYY-MM-DD; fails on anything else. */
function isoOf(dutch: string): string {
  const m = /^(\d{1,2}) ([a-z]+) (\d{4})$/.exec(dutch.trim());
  const month = m ? months.indexOf(m[2] ?? '') + 1 : 0;
  if (!m || month === 0) throw new Error(`not a Dutch date: "${dutch}"`);
  return `${m[3]}-${String(month).padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
}

/** Days from `from` to `to` (YYYY-MM-DD). */
const daysBetween = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** Today in Amsterdam, as the server sees it. */
const today = (): string => running.loket.ctx.clock.today();

/**
 * Amsterdam's Standplaatsvergunning, found as a visitor does: search, the product's first result,
 * then Amsterdam among those who offer it. One of the demo cases' services, without a form of its
 * own: the one-question form ("toelichting") applies.
 */
const amsterdamService = once(() =>
  withPage('citizen', async (page) => {
    await page.goto('/diensten?q=standplaatsvergunning');
    const first = page.locator('.loket-result__title a').first();
    expect(await first.innerText()).toBe('Standplaatsvergunning');
    await go(page, first, (url) => url.pathname === '/diensten/product/standplaatsvergunning');
    await go(page, page.getByRole('link', { name: 'Amsterdam', exact: true }), (url) => servicePath.test(url.pathname));
    return pathOf(page);
  }),
);

/** Applies through the pages, without stopping to look: service page, the form, the summary, send. Returns the new case. */
async function applyFor(page: Page, text: string): Promise<DemoCase> {
  await page.goto(await amsterdamService());
  await go(page, page.getByRole('link', { name: 'Aanvragen', exact: true }), (url) => url.pathname.endsWith('/aanvragen/stap/aanvraag'));
  await page.getByLabel('Wat vraagt u aan, en waarom?').fill(text);
  await go(page, page.getByRole('button', { name: 'Naar de controle' }), (url) => url.pathname.endsWith('/aanvragen/controle'));
  await go(page, page.getByRole('button', { name: 'Aanvraag versturen' }), (url) => receiptPath.test(url.pathname));
  const caseNumber = await dataValue(page.locator('main'), 'Zaaknummer');
  return { path: pathOf(page).replace(/\/ontvangen$/, ''), caseNumber };
}

// ── Citizens ──────────────────────────────────────────────────────────────────────────────────

describe('a citizen applies and follows her case', () => {
  it('applies from the service page, meets the error summary on an empty step, gets a receipt, and finds the case in Mijn zaken', async () => {
    const text = 'Ik wil op zondag een kraam met tulpen zetten op de Albert Cuypmarkt.';
    await withPage('citizen', async (page) => {
      // The service page, with its "Aanvragen" button.
      const service = await amsterdamService();
      expect((await page.goto(service))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Standplaatsvergunning');
      expect(await page.locator('main .utrecht-paragraph--lead').innerText()).toBe('Aanbieder: Amsterdam');
      await checkPage(page, 'nl');

      // The form's one step.
      const apply = page.getByRole('link', { name: 'Aanvragen', exact: true });
      expect(await apply.getAttribute('href')).toBe(`${service}/aanvragen`);
      await go(page, apply, (url) => url.pathname === `${service}/aanvragen/stap/aanvraag`);
      expect(await page.locator('h1').innerText()).toBe('Uw aanvraag');
      expect(await page.locator('main .loket-step-count').innerText()).toBe('Stap 1 van 2');
      expect(await page.locator('#foutmeldingen').count()).toBe(0);
      const field = page.getByLabel('Wat vraagt u aan, en waarom?');
      expect(await field.inputValue()).toBe('');
      await checkPage(page, 'nl');

      // Nothing filled in: the step again, with the error summary linking to the field.
      const refused = await post(page, page.getByRole('button', { name: 'Naar de controle' }));
      expect(refused.status()).toBe(400);
      expect(pathOf(page)).toBe(`${service}/aanvragen/stap/aanvraag`);
      expect(await page.title()).toMatch(/^Fout: Uw aanvraag – Standplaatsvergunning aanvragen \| Loket$/);
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.locator('h2').innerText()).toBe('Er is een probleem');
      const errors = summary.locator('li a');
      expect(await errors.count()).toBe(1);
      expect(await errors.first().getAttribute('href')).toBe('#toelichting');
      expect(await errors.first().innerText()).toMatch(/toelichting/i);
      expect(await page.locator('#toelichting').getAttribute('aria-invalid')).toBe('true');
      await checkPage(page, 'nl');

      // Filled in: the summary shows the answer.
      await page.getByLabel('Wat vraagt u aan, en waarom?').fill(text);
      await go(page, page.getByRole('button', { name: 'Naar de controle' }), (url) => url.pathname === `${service}/aanvragen/controle`);
      expect(await page.locator('h1').innerText()).toBe('Controleer uw aanvraag');
      expect(await page.locator('main .loket-step-count').innerText()).toBe('Stap 2 van 2');
      expect(await dataValue(page.locator('main'), 'Wat vraagt u aan, en waarom?')).toBe(text);
      await checkPage(page, 'nl');

      // Sent: the receipt with the case number and the date of the decision.
      await go(page, page.getByRole('button', { name: 'Aanvraag versturen' }), (url) => receiptPath.test(url.pathname));
      expect(await page.locator('h1').innerText()).toBe('Wij hebben uw aanvraag ontvangen');
      const main = page.locator('main');
      const caseNumber = await dataValue(main, 'Zaaknummer');
      expect(caseNumber).toMatch(new RegExp(`^Z-${today().slice(0, 4)}-\\d{6}$`));
      const receivedOn = isoOf(await dataValue(main, 'Ontvangen op'));
      expect(receivedOn).toBe(today());
      const due = await dataValue(main, 'Uiterlijk besluit op');
      // No term in the law for this product: the reasonable term, 8 weeks (Awb 4:13), a working day (Atw) at most a few days later.
      expect(daysBetween(receivedOn, isoOf(due))).toBeGreaterThanOrEqual(56);
      expect(daysBetween(receivedOn, isoOf(due))).toBeLessThanOrEqual(60);
      expect(await main.innerText()).toContain(
        `U krijgt uiterlijk op ${due} een besluit. Dat is 8 weken na de dag waarop wij uw aanvraag ontvingen.`,
      );
      expect(await main.innerText()).toContain('Bedankt. Uw aanvraag voor Standplaatsvergunning is goed bij ons binnengekomen.');
      await checkPage(page, 'nl');
      const receipt = pathOf(page);
      const kasePath = receipt.replace(/\/ontvangen$/, '');
      expect(kasePath).toMatch(casePath);
      expect(await page.getByRole('link', { name: 'Bekijk uw zaak' }).getAttribute('href')).toBe(kasePath);

      // Mijn zaken lists it, with its status and the same date.
      await go(page, page.getByRole('link', { name: 'Naar Mijn zaken' }), (url) => url.pathname === '/zaken');
      expect(await page.locator('h1').innerText()).toBe('Mijn zaken');
      expect(await page.locator('main').innerText()).toContain('4 zaken');
      const [number, serviceName, status, nextStep, dueDate] = await rowCells(page, caseNumber);
      expect({ number, serviceName, status, nextStep, dueDate }).toEqual({
        number: caseNumber,
        serviceName: 'Standplaatsvergunning',
        status: 'Ontvangen',
        nextStep: 'Wij hebben uw aanvraag ontvangen. Een medewerker gaat ermee aan de slag.',
        dueDate: due,
      });
      await checkPage(page, 'nl');

      // The case page.
      await go(page, page.getByRole('link', { name: caseNumber, exact: true }), (url) => url.pathname === kasePath);
      expect(await page.locator('h1').innerText()).toBe(`Zaak ${caseNumber}`);
      const status2 = page.locator('#status');
      expect(await dataValue(status2, 'Status')).toBe('Ontvangen');
      expect(await dataValue(status2, 'Dienst')).toBe('Standplaatsvergunning');
      expect(await dataValue(status2, 'Organisatie')).toBe('Amsterdam');
      expect(await dataValue(status2, 'Besluit uiterlijk op')).toBe(due);
      expect(await dataValue(page.locator('#aanvraag'), 'Wat vraagt u aan, en waarom?')).toBe(text);
      expect(await page.locator('#verloop').innerText()).toContain('Wij hebben uw aanvraag ontvangen');
      await checkPage(page, 'nl');
    });
  });

  it('answers the request for information; the case is handled again and the letter that asked is in Berichten', async () => {
    const { path, caseNumber } = demo.waiting;
    await withPage('citizen', async (page) => {
      await page.goto(path);
      expect(await page.locator('h1').innerText()).toBe(`Zaak ${caseNumber}`);
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('Wacht op aanvulling');
      expect(await dataValue(page.locator('#status'), 'Besluit uiterlijk op')).toBe('Staat stil tot wij uw informatie hebben');
      const form = page.locator('#informatie-sturen');
      expect(await form.innerText()).toContain('Stuur ons een verklaring van uw arts over hoe ver u kunt lopen.');
      await checkPage(page, 'nl');

      // An empty answer: refused on the page, in the error summary.
      const refused = await post(page, form.getByRole('button', { name: 'Informatie sturen' }));
      expect(refused.status()).toBe(400);
      expect(pathOf(page)).toBe(`${path}/informatie`);
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.locator('li a').allInnerTexts()).toEqual(['Schrijf uw antwoord (hoogstens 10.000 tekens).']);
      expect(await summary.locator('li a').first().getAttribute('href')).toBe('#informatie');
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('Wacht op aanvulling');
      await checkPage(page, 'nl');

      const answer = 'Mijn huisarts schrijft dat ik hoogstens 100 meter kan lopen. De verklaring stuur ik ook per post.';
      await page.getByLabel('Uw antwoord').fill(answer);
      await go(
        page,
        page.locator('#informatie-sturen').getByRole('button', { name: 'Informatie sturen' }),
        (url) => url.pathname === path && url.searchParams.get('melding') === 'informatie-gestuurd',
      );
      expect(await page.locator('main [role="status"]').innerText()).toBe('Wij hebben uw informatie ontvangen. De termijn loopt weer.');
      const status = page.locator('#status');
      expect(await dataValue(status, 'Status')).toBe('In behandeling');
      // The term runs again: a date instead of "on hold".
      const due = await dataValue(status, 'Besluit uiterlijk op');
      expect(daysBetween(today(), isoOf(due))).toBeGreaterThan(0);
      expect(await page.locator('#volgende-stap').innerText()).toContain('Wij behandelen uw aanvraag.');
      expect(await page.locator('#informatie-sturen').count()).toBe(0);
      expect(await page.locator('#verloop').innerText()).toContain('Wij hebben uw informatie ontvangen');
      await checkPage(page, 'nl');

      // The letter that asked for it, in the message box.
      await page.goto('/berichten');
      expect(await page.locator('h1').innerText()).toBe('Berichten');
      const subject = `Wij hebben meer informatie nodig voor zaak ${caseNumber}`;
      const cells = await rowCells(page, subject);
      expect(cells).toEqual([expect.stringContaining(subject), 'Amsterdam', expect.stringMatching(/^\d{1,2} [a-z]+ \d{4}$/), caseNumber]);
      await checkPage(page, 'nl');
      await go(page, subjectLink(page, subject), (url) => messagePath.test(url.pathname));
      expect(await page.locator('h1').innerText()).toBe(subject);
      expect(await page.locator('main').innerText()).toContain('Stuur ons een verklaring van uw arts over hoe ver u kunt lopen.');
      await checkPage(page, 'nl');
    });
  });

  it('gives notice of default on the late case and sees the penalty: its first day and its maximum', async () => {
    const { path, caseNumber } = demo.overdue;
    await withPage('citizen', async (page) => {
      await page.goto(path);
      expect(await page.locator('h1').innerText()).toBe(`Zaak ${caseNumber}`);
      const status = page.locator('#status');
      const due = await dataValue(status, 'Besluit uiterlijk op');
      expect(due).toMatch(/ \(Te laat\)$/);
      const dueDate = isoOf(due.replace(/ \(Te laat\)$/, ''));
      expect(dueDate < today()).toBe(true);
      expect(await page.locator('#volgende-stap').innerText()).toContain(
        `Wij hebben niet op tijd besloten. De uiterste datum was ${due.replace(/ \(Te laat\)$/, '')}.`,
      );
      const form = page.locator('#in-gebreke-stellen');
      expect(await form.locator('h3').innerText()).toBe('In gebreke stellen');
      expect(await textOf(form)).toContain('hoogstens 42 dagen en hoogstens € 1.442,00 (artikel 4:17)');
      // Before the notice there is no penalty yet.
      expect(await page.locator('#dwangsom').count()).toBe(0);
      await checkPage(page, 'nl');

      await go(
        page,
        form.getByRole('button', { name: 'Ingebrekestelling sturen' }),
        (url) => url.pathname === path && url.searchParams.get('melding') === 'in-gebreke-gesteld',
      );
      expect(await page.locator('main [role="status"]').innerText()).toBe('Wij hebben uw ingebrekestelling ontvangen.');
      expect(await page.locator('#in-gebreke-stellen').count()).toBe(0);
      const late = page.locator('#te-laat');
      const noticeOn = await late.locator('p', { hasText: 'Wij hebben uw ingebrekestelling ontvangen op' }).innerText();
      expect(isoOf(noticeOn.replace(/^Wij hebben uw ingebrekestelling ontvangen op /, '').replace(/\.$/, ''))).toBe(today());

      // The penalty: it starts two weeks after the notice (Awb 4:17 lid 1), runs at most 42 days, at most € 1.442.
      const penalty = page.locator('#dwangsom');
      expect(await penalty.locator('h3').innerText()).toBe('Dwangsom');
      const firstDay = await dataValue(penalty, 'Eerste dag van de dwangsom');
      const fromNotice = daysBetween(today(), isoOf(firstDay));
      expect(fromNotice).toBeGreaterThanOrEqual(14);
      expect(fromNotice).toBeLessThanOrEqual(15);
      expect(daysBetween(isoOf(firstDay), isoOf(await dataValue(penalty, 'Laatste mogelijke dag')))).toBe(41);
      expect(await dataValue(penalty, 'Aantal dagen tot nu toe')).toBe('0');
      expect(await dataValue(penalty, 'Bedrag tot nu toe')).toBe('€ 0,00');
      expect(await dataValue(penalty, 'Hoogste bedrag')).toBe('€ 1.442,00');
      expect(await penalty.innerText()).toContain(`Besluiten wij niet uiterlijk op ${firstDay}, dan gaat vanaf die dag de dwangsom lopen.`);
      expect(await page.locator('#verloop').innerText()).toContain('Wij hebben uw ingebrekestelling ontvangen');
      expect(await page.locator('#berichten').innerText()).toContain(`Uw ingebrekestelling voor zaak ${caseNumber} is ontvangen`);
      await checkPage(page, 'nl');
    });
  });
});

// ── Case handlers ─────────────────────────────────────────────────────────────────────────────

describe('a case handler works the queue and decides', () => {
  it('filters the queue, claims a case, is refused a request with a past date, decides; the citizen reads the decision and its letter', async () => {
    const text = 'Ik wil op woensdag een kraam met kaas zetten op het Ten Katemarktplein.';
    const mine = await withPage('citizen', (page) => applyFor(page, text));

    const objectionLastDay = await withPage('official-case-handler', async (page) => {
      // The queue: the open cases of Amsterdam, the earliest due date first.
      expect((await page.goto('/behandelen'))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Werkvoorraad');
      expect(await page.locator('main').innerText()).toContain('De zaken van Amsterdam.');
      const rows = page.locator('main tbody tr');
      const all = await rows.count();
      expect(all).toBeGreaterThan(2);
      expect(await page.locator('main').innerText()).toContain(`${all} zaken`);
      const numbers = await rows.locator('td:first-child').allInnerTexts();
      expect(numbers).toContain(mine.caseNumber);
      expect(numbers).toContain(demo.overdue.caseNumber);
      expect(numbers).not.toContain(demo.decided.caseNumber);
      const dues = (await rows.locator('td:nth-child(5)').allInnerTexts())
        .map((d) => d.replace(/ \(Te laat\)$/, '').trim())
        .filter((d) => /^\d/.test(d))
        .map(isoOf);
      expect(dues.length).toBeGreaterThan(1);
      expect(dues).toEqual([...dues].sort());
      await checkPage(page, 'nl');

      // Only the late ones.
      await page.getByLabel('Alleen zaken die te laat zijn').check();
      await go(page, page.getByRole('button', { name: 'Toon zaken' }), (url) => url.searchParams.get('te-laat') === 'ja');
      const late = await rows.count();
      expect(late).toBeGreaterThan(0);
      expect(late).toBeLessThan(all);
      for (const due of await rows.locator('td:nth-child(5)').allInnerTexts()) expect(due).toMatch(/\(Te laat\)$/);
      const lateNumbers = await rows.locator('td:first-child').allInnerTexts();
      expect(lateNumbers).toContain(demo.overdue.caseNumber);
      expect(lateNumbers).not.toContain(mine.caseNumber);
      expect(await page.getByLabel('Alleen zaken die te laat zijn').isChecked()).toBe(true);
      await checkPage(page, 'nl');

      // Not assigned yet, newest first: the new case is at the top.
      await page.getByLabel('Alleen zaken die te laat zijn').uncheck();
      await page.getByLabel('Behandelaar').selectOption({ label: 'Nog niet toegewezen' });
      await page.getByLabel('Sorteren op').selectOption({ label: 'Datum van ontvangst, nieuwste eerst' });
      await go(page, page.getByRole('button', { name: 'Toon zaken' }), (url) => url.searchParams.get('behandelaar') === 'niemand');
      for (const who of await rows.locator('td:nth-child(6)').allInnerTexts()) expect(who.trim()).toBe('Niemand');
      expect(await rows.first().locator('td').first().innerText()).toBe(mine.caseNumber);
      await checkPage(page, 'nl');

      // The case.
      await go(page, page.getByRole('link', { name: mine.caseNumber, exact: true }), (url) => workPath.test(url.pathname));
      const work = pathOf(page);
      expect(work).toBe(mine.path.replace(/^\/zaken\//, '/behandelen/'));
      expect(await page.locator('h1').innerText()).toBe(`Zaak ${mine.caseNumber}`);
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('Ontvangen');
      expect(await dataValue(page.locator('#status'), 'Behandelaar')).toBe('Niemand');
      expect(await dataValue(page.locator('#aanvrager'), 'Naam')).toBe('Sanne de Vries');
      expect(await dataValue(page.locator('#aanvraag'), 'Wat vraagt u aan, en waarom?')).toBe(text);
      await checkPage(page, 'nl');

      // Claim it.
      await go(
        page,
        page.locator('#oppakken').getByRole('button', { name: 'Oppakken' }),
        (url) => url.pathname === work && url.searchParams.get('melding') === 'opgepakt',
      );
      expect(await page.locator('main [role="status"]').innerText()).toBe('U behandelt deze zaak nu.');
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('In behandeling');
      expect(await dataValue(page.locator('#status'), 'Behandelaar')).toBe('U');
      expect(await page.locator('#oppakken').count()).toBe(0);
      await checkPage(page, 'nl');

      // Ask for information, by a date in the past: refused, with what was typed kept.
      const request = page.locator('#informatie-vragen');
      const question = 'Stuur ons een tekening van de kraam, met de maten.';
      await request.getByLabel('Welke informatie hebt u nodig?').fill(question);
      await request.getByLabel('Uiterlijk ontvangen op').fill('2020-01-01');
      const refused = await post(page, request.getByRole('button', { name: 'Vraag om aanvulling' }));
      expect(refused.status()).toBe(400);
      expect(pathOf(page)).toBe(`${work}/informatie-vragen`);
      expect(await page.title()).toBe(`Fout: Zaak ${mine.caseNumber} | Loket`);
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.locator('li a').allInnerTexts()).toEqual(['Kies een datum na vandaag (hoogstens een jaar vooruit).']);
      expect(await summary.locator('li a').first().getAttribute('href')).toBe('#uiterlijk');
      expect(await page.locator('#uiterlijk').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Welke informatie hebt u nodig?').inputValue()).toBe(question);
      // Nothing changed.
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('In behandeling');
      await checkPage(page, 'nl');

      // Decide.
      const decide = page.locator('#besluiten');
      const preview = await decide.locator('blockquote').innerText();
      await decide.getByLabel('Afgewezen').check();
      await decide
        .getByLabel('Motivering')
        .fill('Op woensdag zijn alle standplaatsen op het Ten Katemarktplein al vergeven.\n\nU kunt een andere dag kiezen.');
      await decide.getByLabel('Wettelijke grondslag').fill('artikel 5:18 Algemene Plaatselijke Verordening Amsterdam');
      await go(
        page,
        decide.getByRole('button', { name: 'Besluit vastleggen' }),
        (url) => url.pathname === work && url.searchParams.get('melding') === 'besloten',
      );
      expect(await page.locator('main [role="status"]').innerText()).toBe(
        'Het besluit is vastgelegd. De aanvrager krijgt het besluit in de berichtenbox.',
      );
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('Besluit genomen');
      const decision = page.locator('#besluit');
      expect(await dataValue(decision, 'Uitkomst')).toBe('Afgewezen');
      expect(isoOf(await dataValue(decision, 'Besluit genomen op'))).toBe(today());
      expect(await dataValue(decision, 'Wettelijke grondslag')).toBe('artikel 5:18 Algemene Plaatselijke Verordening Amsterdam');
      const clause = await decision.locator('#bezwaar').innerText();
      // The clause shown before deciding is the one under the decision.
      expect(clause).toContain(preview);
      const last = /Dan kunt u tot en met (\d{1,2} [a-z]+ \d{4}) bezwaar maken bij Amsterdam\./.exec(clause)?.[1] ?? '';
      // Six weeks from the day after the decision was made known (Awb 6:7, 6:8), a working day (Atw).
      expect(daysBetween(today(), isoOf(last))).toBeGreaterThanOrEqual(42);
      expect(daysBetween(today(), isoOf(last))).toBeLessThanOrEqual(46);
      expect(await page.locator('#besluiten').count()).toBe(0);
      await checkPage(page, 'nl');
      return last;
    });

    // The citizen: the decision with the objection clause, and the letter.
    await withPage('citizen', async (page) => {
      await page.goto(mine.path);
      expect(await dataValue(page.locator('#status'), 'Status')).toBe('Besluit genomen');
      const decision = page.locator('#besluit');
      expect(await dataValue(decision, 'Uitkomst')).toBe('Afgewezen');
      expect(await decision.locator('#motivering').innerText()).toContain(
        'Op woensdag zijn alle standplaatsen op het Ten Katemarktplein al vergeven.',
      );
      expect(await decision.locator('#bezwaar h3').innerText()).toBe('Niet eens met het besluit?');
      expect(await decision.locator('#bezwaar').innerText()).toContain(
        `Dan kunt u tot en met ${objectionLastDay} bezwaar maken bij Amsterdam. Schrijf in uw bezwaar uw naam en adres, de datum, het zaaknummer ${mine.caseNumber}`,
      );
      expect(await page.locator('#volgende-stap').innerText()).toContain(`U kunt tot en met ${objectionLastDay} bezwaar maken.`);
      await checkPage(page, 'nl');

      await page.goto('/berichten');
      const subject = `Besluit over zaak ${mine.caseNumber}`;
      const cells = await rowCells(page, subject);
      expect(cells[0]).toContain('Ongelezen');
      await go(page, subjectLink(page, subject), (url) => messagePath.test(url.pathname));
      const letter = await page.locator('main').innerText();
      expect(letter).toContain('Op woensdag zijn alle standplaatsen op het Ten Katemarktplein al vergeven.');
      expect(letter).toContain('artikel 5:18 Algemene Plaatselijke Verordening Amsterdam');
      expect(letter).toContain('bezwaar');
      await checkPage(page, 'nl');
    });
  });
});

// ── Accountability and privacy ────────────────────────────────────────────────────────────────

describe('accountability', () => {
  it('shows the citizen every step of her decided case', async () => {
    const { path, caseNumber } = demo.decided;
    await withPage('citizen', async (page) => {
      const response = await page.goto(`${path}/verantwoording`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe(`Verantwoording van zaak ${caseNumber}`);
      const steps = page.locator('main .loket-trail__step');
      const count = await steps.count();
      expect(count).toBeGreaterThanOrEqual(4);
      expect(await page.locator('main').innerText()).toContain(`${count} stappen, de oudste eerst.`);
      const captions = await steps.locator('caption').allInnerTexts();
      captions.forEach((caption, i) => expect(caption).toMatch(new RegExp(`^Stap ${i + 1}: \\S`)));
      // Oldest first: received, taken, decided; and this very request for the report, as the last step.
      expect(captions.slice(0, 3)).toEqual([
        'Stap 1: Aanvraag ingediend',
        'Stap 2: Zaak in behandeling genomen',
        'Stap 3: Besluit genomen',
      ]);
      expect(captions.at(-1)).toBe(`Stap ${count}: Verantwoording opgevraagd`);
      const cell = (step: number, row: string): Promise<string> =>
        textOf(
          steps
            .nth(step)
            .locator('tr', { has: page.locator(`th:text-is("${row}")`) })
            .locator('td'),
        );
      expect(await cell(0, 'Status')).toBe('naar "ontvangen"');
      expect(await cell(0, 'Wie')).toBe('De aanvrager');
      expect(await cell(2, 'Status')).toBe('van "in behandeling" naar "besloten"');
      expect(await cell(2, 'Wie')).toBe('Femke Jansen, medewerker van Amsterdam');
      expect(await cell(2, 'Grondslag')).not.toBe('–');
      expect(await cell(2, 'Gebruikte gegevens')).not.toBe('Geen persoonsgegevens vastgelegd');
      await checkPage(page, 'nl');
    });
  });
});

describe("another person's case", () => {
  it('is not found for another citizen: the case page, its receipt and its accountability report', async () => {
    const { path, caseNumber } = demo.waiting;
    await withPage('parent', async (page) => {
      for (const address of [path, `${path}/ontvangen`, `${path}/verantwoording`]) {
        const response = await page.goto(address);
        expect(response?.status(), address).toBe(404);
        expect(await page.locator('h1').innerText(), address).toBe('Pagina niet gevonden');
        expect(await page.locator('main').innerText(), address).not.toContain(caseNumber);
        await checkPage(page, 'nl');
      }
      // Nor is it in his own list.
      await page.goto('/zaken');
      expect(await page.locator('main').innerText()).not.toContain(caseNumber);
    });
  });
});
