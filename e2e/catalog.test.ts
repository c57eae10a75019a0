// The catalog in Chromium, on a database with the shipped UPL and the generated demo catalog:
// every catalog page in Dutch and in English (status, one h1, title, axe WCAG 2.1 A/AA, skip
// link, reflow), and three flows as people use them — a citizen searching from the home page,
// a citizen giving feedback, a service designer who cannot publish an incomplete draft.
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, logInAsDemo, newContext, startLoket, switchLanguage, type Lang, type RunningLoket } from './support.ts';

let running: RunningLoket;

// One Loket for the whole file: generating the catalog takes a while (~15 s on SQLite).
beforeAll(async () => {
  running = await startLoket({ catalog: true, registry: true });
}, 300_000);
afterAll(async () => {
  await running.close();
});

const servicePath = /^\/diensten\/([A-Z0-9-]+)\/([0-9a-f-]{36})$/;
const requestPath = /^\/diensten\/wensen\/([0-9a-f-]{36})$/;
const manageServicePath = /^\/beheer\/diensten\/([0-9a-f-]{36})$/;

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

/** Clicks a submit button and returns the answer to the form post (a page shown again with errors, not a redirect). */
async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

// ── What the page checks open: found through the pages, as a visitor would ────────────────────

/**
 * Utrecht's passport service, found as a visitor does: the first result of "paspoort" in Utrecht
 * (the passport, offered there by Utrecht and, for people abroad, by Buitenlandse Zaken), then Utrecht.
 */
const utrechtPassport = once(() =>
  withPage(undefined, async (page) => {
    await page.goto('/diensten?q=paspoort&gemeente=GM0344');
    await Promise.all([
      page.waitForURL('**/diensten/product/paspoort?gemeente=GM0344'),
      page.locator('.loket-result__title a').first().click(),
    ]);
    await Promise.all([
      page.waitForURL((url) => servicePath.test(url.pathname)),
      page.getByRole('link', { name: 'Utrecht', exact: true }).click(),
    ]);
    return new URL(page.url()).pathname;
  }),
);

/** A wish made through the form by a demo citizen (Mohamed El Amrani). */
const madeRequest = once(() =>
  withPage('parent', async (page) => {
    await page.goto('/diensten/wensen');
    await page.getByLabel('Welke dienst wilt u?').fill('Afvalpas aanvragen via de app');
    await page
      .getByLabel('Omschrijving (niet verplicht)')
      .fill('Ik wil mijn afvalpas op mijn telefoon.\n\nDan ben ik hem niet meer kwijt.');
    await page.locator('#organisatie-wens').selectOption({ label: 'Utrecht' });
    await page.locator('#doelgroep input[type="radio"]').first().check();
    await Promise.all([
      page.waitForURL((url) => requestPath.test(url.pathname)),
      page.getByRole('button', { name: 'Wens indienen' }).click(),
    ]);
    expect(await page.locator('[role="status"]').first().innerText()).toContain('Uw wens is ingediend');
    return new URL(page.url()).pathname;
  }),
);

/** The one incomplete draft of the designer's organisation (MIN-BZK), from the filtered list. */
const bzkDraft = once(() =>
  withPage('official-service-designer', async (page) => {
    await page.goto('/beheer/diensten?onvolledig=ja');
    await Promise.all([
      page.waitForURL((url) => manageServicePath.test(url.pathname)),
      page.locator('.utrecht-table__body a').first().click(),
    ]);
    return new URL(page.url()).pathname;
  }),
);

// ── Every catalog page, in Dutch and in English ───────────────────────────────────────────────

interface PageCase {
  label: string;
  status: number;
  /** Log in as this demo identity first. */
  login?: string;
  /** Brings the page up in the browser; the answer's status is checked. */
  open: (page: Page) => Promise<Response | null>;
  /** Text the main content shows, per language. */
  shows: Record<Lang, string>;
}

/** A page opened by its address (or an address found first). */
interface AddressCase {
  label: string;
  status?: number;
  login?: string;
  path: string | (() => Promise<string>);
  shows: Record<Lang, string>;
}

const addressCases: AddressCase[] = [
  {
    label: 'search with results',
    path: '/diensten?q=paspoort',
    shows: { nl: 'diensten gevonden', en: 'services found' },
  },
  {
    label: 'search with a municipality',
    path: '/diensten?q=parkeren&gemeente=GM0344',
    shows: { nl: 'Aangeboden door Utrecht', en: 'Offered by Utrecht' },
  },
  {
    label: 'search without results',
    path: '/diensten?q=qqqqzzzz',
    shows: { nl: 'Geen diensten gevonden', en: 'No services found' },
  },
  {
    label: 'search: the error summary',
    path: '/diensten?gemeente=GM9999',
    status: 400,
    shows: { nl: 'Kies een gemeente uit de lijst.', en: 'Choose a municipality from the list.' },
  },
  {
    label: 'search: page 2 of the results',
    path: '/diensten?gemeente=GM0344&pagina=2',
    shows: { nl: 'Pagina 2 van', en: 'Page 2 of' },
  },
  { label: 'a service page', path: utrechtPassport, shows: { nl: 'Aanbieder: Utrecht', en: 'Offered by: Utrecht' } },
  {
    label: 'a product: who offers it',
    path: '/diensten/product/paspoort',
    shows: { nl: 'wie biedt het aan?', en: 'who offers it?' },
  },
  {
    label: 'a product in one municipality',
    path: '/diensten/product/paspoort?gemeente=GM0344',
    shows: { nl: 'Utrecht', en: 'Utrecht' },
  },
  { label: 'life events', path: '/levensgebeurtenissen', shows: { nl: 'Verhuizen', en: 'Moving house' } },
  {
    label: 'a life event in one municipality',
    path: '/levensgebeurtenissen/verhuizen?gemeente=GM0344',
    shows: { nl: 'Aangeboden door', en: 'Offered by' },
  },
  {
    label: 'wishes, not logged in',
    path: async () => {
      await madeRequest();
      return '/diensten/wensen';
    },
    shows: { nl: 'Afvalpas aanvragen via de app', en: 'Afvalpas aanvragen via de app' },
  },
  {
    label: 'wishes with the form, as a citizen',
    login: 'citizen',
    path: '/diensten/wensen',
    shows: { nl: 'Wens indienen', en: 'Send wish' },
  },
  {
    label: 'one wish, as another citizen',
    login: 'citizen',
    path: madeRequest,
    shows: { nl: 'Ik wil mijn afvalpas op mijn telefoon.', en: 'Ik wil mijn afvalpas op mijn telefoon.' },
  },
  {
    label: 'the feedback form, as a citizen',
    login: 'citizen',
    path: async () => `${await utrechtPassport()}/feedback`,
    shows: { nl: 'Uw waardering', en: 'Your rating' },
  },
  {
    label: 'the feedback form, as a business',
    login: 'sole-trader',
    path: async () => `${await utrechtPassport()}/feedback`,
    shows: { nl: 'Uw waardering', en: 'Your rating' },
  },
  {
    label: 'the designer: services of the organisation',
    login: 'official-service-designer',
    path: '/beheer/diensten',
    shows: { nl: 'Diensten beheren', en: 'Manage services' },
  },
  {
    label: 'the designer: only incomplete services',
    login: 'official-service-designer',
    path: '/beheer/diensten?onvolledig=ja',
    shows: { nl: '1 dienst', en: '1 service' },
  },
  {
    label: 'the designer: the edit form of a draft',
    login: 'official-service-designer',
    path: bzkDraft,
    shows: { nl: 'Wat ontbreekt nog', en: 'What is still missing' },
  },
  {
    label: 'the feedback inbox of an official',
    login: 'official-service-designer',
    path: '/beheer/feedback',
    shows: { nl: 'Meningen en wensen', en: 'Opinions and wishes' },
  },
];

const cases: PageCase[] = [
  ...addressCases.map(({ path, status, ...c }): PageCase => ({
    ...c,
    status: status ?? 200,
    open: async (page) => page.goto(typeof path === 'string' ? path : await path()),
  })),
  {
    label: 'the designer: the edit form with errors',
    login: 'official-service-designer',
    status: 400,
    open: async (page) => {
      await page.goto(await bzkDraft());
      await page.locator('#beslistermijn').fill('zes weken');
      return submit(page, page.locator('button[name="actie"][value="opslaan"]'));
    },
    shows: {
      nl: 'Vul bij de wettelijke beslistermijn een heel aantal weken in (1 tot en met 520), of laat het leeg.',
      en: 'Enter a whole number of weeks (1 to 520) for the statutory decision term, or leave it empty.',
    },
  },
  {
    label: 'wishes: the form with errors',
    login: 'citizen',
    status: 400,
    open: async (page) => {
      await page.goto('/diensten/wensen');
      return submit(page, page.locator('form[method="post"] button[type="submit"]'));
    },
    shows: { nl: 'Vul een titel in van 3 tot 200 tekens', en: 'Enter a title of 3 to 200 characters' },
  },
];

describe('every catalog page, in Dutch and in English', () => {
  it.each(cases)('$label', async (c) => {
    const context = await newContext(running);
    const page = await context.newPage();
    try {
      if (c.login) await logInAsDemo(page, c.login, '/');
      for (const lang of ['nl', 'en'] as const) {
        if (lang === 'en') await switchLanguage(page, 'en');
        const response = await c.open(page);
        expect(response?.status(), `${c.label} (${lang}): status`).toBe(c.status);
        expect(await page.locator('main').innerText(), `${c.label} (${lang})`).toContain(c.shows[lang]);
        await checkPage(page, lang);
      }
    } finally {
      await context.close();
    }
  });
});

// ── Flows ─────────────────────────────────────────────────────────────────────────────────────

describe('finding a service from the home page', () => {
  it('searches "paspoort kwijt", narrows to Utrecht and opens Utrecht\'s passport service', async () => {
    const context = await newContext(running);
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.getByRole('searchbox', { name: 'Zoek een dienst' }).fill('paspoort kwijt');
      await Promise.all([page.waitForURL(/\/diensten\?q=paspoort\+kwijt$/), page.getByRole('button', { name: 'Zoeken' }).click()]);
      expect(await page.locator('h1').innerText()).toBe('Diensten zoeken');
      expect(await page.locator('#q').inputValue()).toBe('paspoort kwijt');
      const titles = await page.locator('.loket-result__title').allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles).toContain('Paspoort');
      // Without a municipality, many organisations offer the passport.
      expect(await page.locator('main').innerText()).toMatch(/Aangeboden door \d+ organisaties/);

      await page.getByLabel('Uw gemeente').selectOption({ label: 'Utrecht' });
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('gemeente') === 'GM0344' && url.searchParams.get('q') === 'paspoort kwijt'),
        page.getByRole('button', { name: 'Zoeken' }).click(),
      ]);
      // The passport is offered in Utrecht by Utrecht and (for people abroad) by Buitenlandse Zaken:
      // the first result leads to the product page for Utrecht, which lists both.
      const first = page.locator('.loket-result').first();
      expect(await first.locator('.loket-result__title').innerText()).toBe('Paspoort');
      expect(await first.locator('.loket-result__meta').innerText()).toContain('Aangeboden door 2 organisaties');
      await Promise.all([page.waitForURL('**/diensten/product/paspoort?gemeente=GM0344'), first.locator('.loket-result__title a').click()]);
      expect(await page.locator('h1').innerText()).toBe('Paspoort: wie biedt het aan?');
      expect(await page.locator('#gemeente option:checked').innerText()).toBe('Utrecht');
      const offering = page.locator('main ul.loket-columns a');
      expect((await offering.allInnerTexts()).sort()).toEqual(['Ministerie van Buitenlandse Zaken', 'Utrecht']);
      const utrecht = offering.filter({ hasText: /^Utrecht$/ });
      expect(await utrecht.getAttribute('href')).toMatch(/^\/diensten\/GM0344\/[0-9a-f-]{36}$/);

      await Promise.all([page.waitForURL((url) => servicePath.test(url.pathname)), utrecht.click()]);
      expect(await page.locator('h1').innerText()).toBe('Paspoort');
      const main = page.locator('main');
      expect(await main.locator('.utrecht-paragraph--lead').innerText()).toBe('Aanbieder: Utrecht');
      const headings = await main.locator('h2').allInnerTexts();
      expect(headings).toEqual(expect.arrayContaining(['Kosten', 'Wanneer hoort u iets?', 'Wettelijke grondslag']));
      const section = (title: string) => main.locator('section.loket-service-section', { has: page.locator(`h2:text-is("${title}")`) });
      expect(await section('Kosten').innerText()).toMatch(/€\s?\d+,\d{2}/);
      expect(await section('Wanneer hoort u iets?').innerText()).toMatch(/U krijgt binnen \d+ weken een besluit/);
      expect(await section('Wettelijke grondslag').locator('li').first().innerText()).toContain('Paspoortwet');
    } finally {
      await context.close();
    }
  });
});

describe('giving feedback on a service', () => {
  it('a citizen rates a service 4, returns to it with thanks, and the summary counts 1 rating', async () => {
    const context = await newContext(running);
    const page = await context.newPage();
    try {
      await logInAsDemo(page, 'citizen', '/diensten?q=paspoort');
      // Sanne lives in Amsterdam: the search shows her own municipality's services.
      expect(await page.locator('main').innerText()).toContain('U woont in Amsterdam.');
      const amsterdam = page.locator('.loket-result__title a[href^="/diensten/GM0363/"]').first();
      const title = await amsterdam.innerText();
      await Promise.all([page.waitForURL((url) => servicePath.test(url.pathname)), amsterdam.click()]);
      const servicePage = new URL(page.url()).pathname;
      expect(await page.locator('h1').innerText()).toBe(title);
      expect(await page.locator('main .utrecht-paragraph--lead').innerText()).toBe('Aanbieder: Amsterdam');
      const summary = page.locator('section.loket-feedback-summary');
      expect(await summary.innerText()).toContain('Nog niemand heeft zijn mening gegeven over deze dienst.');

      await Promise.all([
        page.waitForURL(`**${servicePage}/feedback`),
        summary.getByRole('link', { name: 'Geef uw mening over deze dienst' }).click(),
      ]);
      await page.getByLabel('4 – Goed').check();
      await page.getByLabel('Toelichting (niet verplicht)').fill('Snel geholpen aan de balie.');
      await Promise.all([
        page.waitForURL((url) => url.pathname === servicePage && url.searchParams.get('feedback') === 'bedankt'),
        page.getByRole('button', { name: 'Versturen' }).click(),
      ]);

      expect(await summary.locator('[role="status"]').innerText()).toBe('Bedankt voor uw mening. De organisatie leest hem.');
      expect(await summary.innerText()).toContain('Gemiddeld 4 van 5, uit 1 reactie.');
      const counts = await summary
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
      expect(counts).toEqual(['5 – Heel goed 0', '4 – Goed 1', '3 – Gaat wel 0', '2 – Slecht 0', '1 – Heel slecht 0']);
    } finally {
      await context.close();
    }
  });
});

describe('a service designer and an incomplete draft', () => {
  it('filters the incomplete services, opens the draft, and is refused publishing with what is missing', async () => {
    const context = await newContext(running);
    const page = await context.newPage();
    try {
      await logInAsDemo(page, 'official-service-designer', '/beheer/diensten');
      expect(await page.locator('h1').innerText()).toBe('Diensten beheren');
      const all = await page.locator('.loket-results-count').innerText();

      await page.getByLabel('Alleen diensten waaraan nog iets ontbreekt').check();
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('onvolledig') === 'ja'),
        page.getByRole('button', { name: 'Toon diensten' }).click(),
      ]);
      expect(await page.locator('.loket-results-count').innerText()).toBe('1 dienst');
      expect(all).not.toBe('1 dienst');
      const row = page.locator('.utrecht-table__body tr');
      expect(await row.count()).toBe(1);
      const cells = await row.locator('td').allInnerTexts();
      expect(cells[2]).toBe('Concept');
      expect(cells[3]).not.toBe('Niets: compleet');

      const title = await row.locator('a').innerText();
      await Promise.all([page.waitForURL((url) => manageServicePath.test(url.pathname)), row.locator('a').click()]);
      const editPath = new URL(page.url()).pathname;
      expect(await page.locator('h1').innerText()).toBe(title);
      expect(await page.locator('main').innerText()).toContain('Status: Concept');
      const panel = page.locator('#wat-ontbreekt');
      expect(await panel.locator('h2').innerText()).toBe('Wat ontbreekt nog');
      const missing = await panel.locator('li').allInnerTexts();
      expect(missing.length).toBeGreaterThan(0);

      const response = await submit(page, page.getByRole('button', { name: 'Publiceren' }));
      const refusal = await page.locator('#foutmeldingen').innerText();
      expect(response.status(), `publishing the draft as it is; the error summary says: ${refusal}`).toBe(409);
      expect(new URL(page.url()).pathname).toBe(editPath);
      expect(await page.locator('main').innerText()).toContain('De dienst is nog niet gepubliceerd. Vul eerst in wat hieronder staat.');
      const summary = page.locator('#foutmeldingen');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.locator('li').allInnerTexts()).toEqual(expect.arrayContaining(missing));
      expect(await page.locator('main').innerText()).toContain('Status: Concept');

      // Still not in the public catalog.
      const [, serviceId] = manageServicePath.exec(editPath) ?? [];
      const publicPage = await page.goto(`/diensten/MIN-BZK/${serviceId ?? ''}`);
      expect(publicPage?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});
