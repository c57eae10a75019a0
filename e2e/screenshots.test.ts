// Screenshots of the main screens, for people to look at (not compared automatically):
// written to .tmp/screenshots/ (ignored by git). `npm run screenshots` makes only these.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { election2026, planCount } from '../src/modules/democracy/demo.ts';
import { democracyModule } from '../src/modules/democracy/index.ts';
import { tables as democracyTables } from '../src/modules/democracy/store.ts';
import { logInAsDemo, newContext, startLoket } from './support.ts';

const dir = path.resolve(import.meta.dirname, '..', '.tmp', 'screenshots');
// With the demo catalog (for the catalog's screens) and the demo people (for the logins).
const running = await startLoket({ catalog: true, registry: true, cases: true, mandates: true });
afterAll(async () => {
  await running.close();
});
// Democracy: the demo elections and referendums (after the registry's demo people and officials).
await democracyModule.seedDemo?.(running.loket.ctx);
const democracyDb = democracyTables(running.loket.ctx.database.db);
const electionIds = new Map(
  (await democracyDb.selectFrom('election').select(['id', 'name']).execute()).map((e) => [e.name, e.id] as const),
);
const referendumIds = new Map(
  (await democracyDb.selectFrom('referendum').select(['id', 'title']).execute()).map((r) => [r.title, r.id] as const),
);
const election2026Path = `/democratie/verkiezingen/${electionIds.get(election2026.name) ?? ''}`;
const election2022Path = `/democratie/verkiezingen/${electionIds.get('Gemeenteraadsverkiezing Groningen 2022') ?? ''}`;

interface Shot {
  name: string;
  path: string;
  width?: number;
  /** Something to do before the picture, such as focusing an element. */
  prepare?: (page: Page) => Promise<void>;
  fullPage?: boolean;
  /** Log in as this demo identity first (a key of demoIdentities). */
  login?: string;
}

/** Follows a link and waits for the page it opens. */
async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<void> {
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== from), link.click()]);
}

/** Opens the citizen's case with this status from Mijn zaken (the page must be /zaken). */
async function openCase(page: Page, status: string): Promise<void> {
  const row = page.locator('main tbody tr', { has: page.locator(`td:text-is("${status}")`) }).first();
  await follow(page, row.locator('a'));
}

/** From a product page for Amsterdam: Amsterdam's service, then its application form's first step. */
async function startApplication(page: Page): Promise<void> {
  await follow(page, page.getByRole('link', { name: 'Amsterdam', exact: true }));
  await follow(page, page.getByRole('link', { name: 'Aanvragen', exact: true }));
}

/** Clicks a form's button and waits for the page it leads to (also when that is the same address, with errors). */
async function press(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'), button.click()]);
  await page.waitForLoadState('load');
}

/** From the application's first step (or its summary, where a draft filled in before resumes): filled in, to the summary. */
async function toSummary(page: Page): Promise<void> {
  if (new URL(page.url()).pathname.endsWith('/aanvragen/controle')) return;
  await page.getByLabel('Wat vraagt u aan, en waarom?').fill('Ik wil op zaterdag een kraam met tulpen zetten op de Albert Cuypmarkt.');
  await follow(page, page.getByRole('button', { name: 'Naar de controle' }));
}

/**
 * Mandates: the grant form filled in for Tom Peters (demo BSN 999990226) with `surname`, for
 * Amsterdam's Marktvergunning, until a year from now (the organisation chosen with "Toon diensten").
 */
async function fillMandateGrant(page: Page, surname: string): Promise<void> {
  await page.getByLabel('Een persoon', { exact: true }).check();
  await page.getByLabel('Burgerservicenummer (BSN) van de persoon').fill('999990226');
  await page.getByLabel('Achternaam van de persoon').fill(surname);
  await page.getByLabel('Eén dienst van één organisatie').check();
  await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Amsterdam' });
  await press(page, page.getByRole('button', { name: 'Toon diensten' }));
  await page.getByLabel('Dienst van Amsterdam').selectOption({ label: 'Marktvergunning' });
  const until = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Tot en met').fill(`${until.slice(8, 10)}-${until.slice(5, 7)}-${until.slice(0, 4)}`);
}

/**
 * Democracy: station 12's report typed into the entry form with one vote too many on list 1's first
 * candidate (list total ≠ sum: F.301), then saved: the form with its error summary.
 */
async function entryWithError(page: Page): Promise<void> {
  const count = structuredClone(planCount(election2026, 12));
  const list = count.votes.lists[0];
  if (list) list.candidates[0] = (list.candidates[0] ?? 0) + 1;
  const fields: [string, number][] = [
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
  ];
  for (const [id, value] of fields) await page.locator(`#${id}`).fill(String(value));
  await press(page, page.getByRole('button', { name: 'Invoer opslaan' }));
}

/** Amsterdam's Standplaatsvergunning has no form of its own: the one-question form applies. */
const amsterdamProduct = '/diensten/product/standplaatsvergunning?gemeente=GM0363';

const shots: Shot[] = [
  { name: 'home', path: '/' },
  { name: 'home-mobile', path: '/', width: 390 },
  { name: 'organisations-results', path: '/organisaties?q=utrecht' },
  { name: 'organisations-list', path: '/organisaties' },
  { name: 'organisations-error', path: '/organisaties?q=u' },
  { name: 'organisations-error-mobile', path: '/organisaties?q=u', width: 390 },
  { name: 'capability', path: '/diensten' },
  { name: 'catalog-search-results', path: '/diensten?q=paspoort' },
  { name: 'catalog-search-municipality', path: '/diensten?q=parkeren&gemeente=GM0344' },
  { name: 'catalog-search-municipality-mobile', path: '/diensten?q=parkeren&gemeente=GM0344', width: 390 },
  {
    name: 'catalog-service',
    path: '/diensten/product/paspoort?gemeente=GM0344',
    prepare: (page) => follow(page, page.getByRole('link', { name: 'Utrecht', exact: true })),
  },
  {
    name: 'catalog-service-mobile',
    path: '/diensten/product/paspoort?gemeente=GM0344',
    width: 390,
    prepare: (page) => follow(page, page.getByRole('link', { name: 'Utrecht', exact: true })),
  },
  { name: 'catalog-life-event', path: '/levensgebeurtenissen/verhuizen?gemeente=GM0344' },
  {
    name: 'catalog-wishes',
    path: '/diensten/wensen',
    login: 'citizen',
    // One wish first, so the list has a row; then the list with the form below it.
    prepare: async (page) => {
      await page.getByLabel('Welke dienst wilt u?').fill('Afvalpas in de app');
      await page.locator('#doelgroep input[type="radio"]').first().check();
      await follow(page, page.getByRole('button', { name: 'Wens indienen' }));
      await page.goto('/diensten/wensen');
    },
  },
  {
    name: 'catalog-designer-edit',
    path: '/beheer/diensten?onvolledig=ja',
    login: 'official-service-designer',
    prepare: (page) => follow(page, page.locator('.utrecht-table__body a').first()),
  },
  {
    name: 'catalog-designer-edit-errors',
    path: '/beheer/diensten?onvolledig=ja',
    login: 'official-service-designer',
    prepare: async (page) => {
      await follow(page, page.locator('.utrecht-table__body a').first());
      await page.locator('#beslistermijn').fill('zes weken');
      await Promise.all([
        page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
        page.locator('button[name="actie"][value="opslaan"]').click(),
      ]);
      await page.waitForLoadState('load');
    },
  },
  // Delivery: the citizen's cases, applying, the message box; the case handler's queue and case.
  { name: 'delivery-my-cases', path: '/zaken', login: 'citizen' },
  { name: 'delivery-my-cases-mobile', path: '/zaken', login: 'citizen', width: 390 },
  {
    name: 'delivery-case-waiting',
    path: '/zaken',
    login: 'citizen',
    prepare: (page) => openCase(page, 'Wacht op aanvulling'),
  },
  {
    name: 'delivery-case-waiting-mobile',
    path: '/zaken',
    login: 'citizen',
    width: 390,
    prepare: (page) => openCase(page, 'Wacht op aanvulling'),
  },
  {
    name: 'delivery-case-overdue',
    path: '/zaken',
    login: 'citizen',
    prepare: (page) => openCase(page, 'In behandeling'),
  },
  {
    name: 'delivery-case-decided',
    path: '/zaken',
    login: 'citizen',
    prepare: (page) => openCase(page, 'Besluit genomen'),
  },
  {
    name: 'delivery-accountability',
    path: '/zaken',
    login: 'citizen',
    prepare: async (page) => {
      await openCase(page, 'Besluit genomen');
      await page.goto(`${new URL(page.url()).pathname}/verantwoording`);
    },
  },
  { name: 'delivery-apply-step', path: amsterdamProduct, login: 'citizen', prepare: startApplication },
  {
    name: 'delivery-apply-step-errors',
    path: amsterdamProduct,
    login: 'citizen',
    prepare: async (page) => {
      await startApplication(page);
      await press(page, page.getByRole('button', { name: 'Naar de controle' }));
    },
  },
  {
    name: 'delivery-apply-step-errors-mobile',
    path: amsterdamProduct,
    login: 'citizen',
    width: 390,
    prepare: async (page) => {
      await startApplication(page);
      await press(page, page.getByRole('button', { name: 'Naar de controle' }));
    },
  },
  {
    name: 'delivery-apply-summary',
    path: amsterdamProduct,
    login: 'citizen',
    prepare: async (page) => {
      await startApplication(page);
      await toSummary(page);
    },
  },
  {
    name: 'delivery-receipt',
    path: amsterdamProduct,
    login: 'citizen',
    prepare: async (page) => {
      await startApplication(page);
      await toSummary(page);
      await follow(page, page.getByRole('button', { name: 'Aanvraag versturen' }));
    },
  },
  { name: 'delivery-messages', path: '/berichten', login: 'citizen' },
  { name: 'delivery-messages-mobile', path: '/berichten', login: 'citizen', width: 390 },
  { name: 'delivery-work-queue', path: '/behandelen', login: 'official-case-handler' },
  { name: 'delivery-work-queue-mobile', path: '/behandelen', login: 'official-case-handler', width: 390 },
  {
    name: 'delivery-work-case',
    path: '/behandelen',
    login: 'official-case-handler',
    // The first case in the queue: the earliest due date, in progress, with every form of a case in progress.
    prepare: (page) => follow(page, page.locator('main tbody a').first()),
  },
  {
    name: 'delivery-work-case-mobile',
    path: '/behandelen',
    login: 'official-case-handler',
    width: 390,
    prepare: (page) => follow(page, page.locator('main tbody a').first()),
  },
  // Mandates: Mijn machtigingen, granting (form with errors, summary, the new mandate), a mandate in
  // force, the "act for …" switch and the banner while acting, the joint-authority mandate, and the
  // official's lookup. The grant shots come after the overview shots: a grant adds a row.
  { name: 'mandates-overview', path: '/machtigen', login: 'citizen' },
  { name: 'mandates-overview-mobile', path: '/machtigen', login: 'citizen', width: 390 },
  {
    name: 'mandates-detail-in-force',
    path: '/machtigen',
    login: 'citizen',
    prepare: (page) => follow(page, page.locator('#tabel-gegeven tbody tr', { hasText: 'Geldig' }).first().locator('a')),
  },
  {
    name: 'mandates-grant-errors',
    path: '/machtigen/nieuw',
    login: 'citizen',
    prepare: async (page) => {
      await fillMandateGrant(page, 'Pieters');
      await press(page, page.getByRole('button', { name: 'Verder' }));
    },
  },
  {
    name: 'mandates-grant-errors-mobile',
    path: '/machtigen/nieuw',
    login: 'citizen',
    width: 390,
    prepare: async (page) => {
      await fillMandateGrant(page, 'Pieters');
      await press(page, page.getByRole('button', { name: 'Verder' }));
    },
  },
  {
    name: 'mandates-grant-summary',
    path: '/machtigen/nieuw',
    login: 'citizen',
    prepare: async (page) => {
      await fillMandateGrant(page, 'Peters');
      await press(page, page.getByRole('button', { name: 'Verder' }));
    },
  },
  {
    name: 'mandates-grant-done',
    path: '/machtigen/nieuw',
    login: 'citizen',
    prepare: async (page) => {
      await fillMandateGrant(page, 'Peters');
      await press(page, page.getByRole('button', { name: 'Verder' }));
      await follow(page, page.getByRole('button', { name: 'Bevestigen' }));
    },
  },
  { name: 'mandates-act-for', path: '/machtigen/namens', login: 'guardian' },
  {
    name: 'mandates-acting-banner',
    path: '/machtigen/namens',
    login: 'guardian',
    prepare: async (page) => {
      await page.getByLabel('Sanne de Vries', { exact: true }).check();
      await follow(page, page.getByRole('button', { name: 'Doorgaan' }));
    },
  },
  {
    name: 'mandates-acting-banner-mobile',
    path: '/machtigen/namens',
    login: 'guardian',
    width: 390,
    prepare: async (page) => {
      await page.getByLabel('Sanne de Vries', { exact: true }).check();
      await follow(page, page.getByRole('button', { name: 'Doorgaan' }));
    },
  },
  {
    name: 'mandates-joint-signature',
    path: '/machtigen',
    login: 'bv-director',
    prepare: (page) => follow(page, page.locator('#tabel-gegeven tbody a').first()),
  },
  {
    name: 'mandates-official-lookup',
    path: '/machtigen/opzoeken',
    login: 'official-case-handler',
    prepare: async (page) => {
      await page.getByLabel('Burgerservicenummer of KVK-nummer').fill('999990007');
      await press(page, page.getByRole('button', { name: 'Opzoeken' }));
    },
  },
  {
    name: 'mandates-official-lookup-mobile',
    path: '/machtigen/opzoeken',
    login: 'official-case-handler',
    width: 390,
    prepare: async (page) => {
      await page.getByLabel('Burgerservicenummer of KVK-nummer').fill('999990007');
      await press(page, page.getByRole('button', { name: 'Opzoeken' }));
    },
  },
  // Democracy: the overview, a finalised result, the counting as the coordinator, the entry form
  // with an error summary, the differences of station 10, and both referendums.
  { name: 'democracy-overview', path: '/democratie' },
  { name: 'democracy-overview-official', path: '/democratie', login: 'official-election-coordinator' },
  { name: 'democracy-result', path: election2022Path },
  { name: 'democracy-result-mobile', path: election2022Path, width: 390 },
  { name: 'democracy-counting', path: `${election2026Path}/tellen`, login: 'official-election-coordinator' },
  {
    name: 'democracy-entry-errors',
    path: `${election2026Path}/stembureaus/12/invoer`,
    login: 'official-election-official',
    prepare: entryWithError,
  },
  {
    name: 'democracy-entry-errors-mobile',
    path: `${election2026Path}/stembureaus/12/invoer`,
    login: 'official-election-official',
    width: 390,
    prepare: entryWithError,
  },
  { name: 'democracy-differences', path: `${election2026Path}/stembureaus/10/verschillen`, login: 'official-election-coordinator' },
  { name: 'democracy-referendum-requesting', path: `/democratie/referenda/${referendumIds.get('Autoluwe binnenstad') ?? ''}` },
  {
    name: 'democracy-referendum-requesting-citizen',
    path: `/democratie/referenda/${referendumIds.get('Autoluwe binnenstad') ?? ''}`,
    login: 'curator',
  },
  { name: 'democracy-referendum-finalised', path: `/democratie/referenda/${referendumIds.get('Toekomst van het Stadspark') ?? ''}` },
  { name: 'not-found', path: '/bestaat-niet' },
  {
    name: 'focus-skip-link',
    path: '/',
    fullPage: false,
    prepare: async (page) => {
      await page.keyboard.press('Tab');
    },
  },
  {
    name: 'focus-nav-link',
    path: '/',
    fullPage: false,
    prepare: async (page) => {
      await page.locator('nav a[href="/machtigen"]').focus();
    },
  },
];

describe('screenshots', () => {
  it.each(shots)('$name ($path)', async (shot) => {
    fs.mkdirSync(dir, { recursive: true });
    const context = await newContext(running, { width: shot.width ?? 1280, height: 900 });
    const page = await context.newPage();
    try {
      if (shot.login) await logInAsDemo(page, shot.login, '/');
      await page.goto(shot.path);
      await shot.prepare?.(page);
      const file = path.join(dir, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: shot.fullPage ?? true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });
});
