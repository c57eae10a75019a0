// Screenshots of the main screens, for people to look at (not compared automatically):
// written to .tmp/screenshots/ (ignored by git). `npm run screenshots` makes only these.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { logInAsDemo, newContext, startLoket } from './support.ts';

const dir = path.resolve(import.meta.dirname, '..', '.tmp', 'screenshots');
// With the demo catalog (for the catalog's screens) and the demo people (for the logins).
const running = await startLoket({ catalog: true, registry: true, cases: true });
afterAll(async () => {
  await running.close();
});

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
