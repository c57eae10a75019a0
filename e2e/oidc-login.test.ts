// Logging in with DigiD and eHerkenning in a real browser: Loket and a real OpenID Connect
// provider (oidc-provider, see oidc-provider.ts) on loopback, Chromium clicking through both.
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, prepareDatabase, type Loket } from '../src/app.ts';
import { addLoginPeople, bakery, eh3, oidcConfig, saml, testClient } from '../src/modules/registry/identity/oidc-test-support.ts';
import { testConfig } from '../src/platform/testing/app.ts';
import { createTestDatabase } from '../src/platform/testing/db.ts';
import { freePort, startOidcProvider, type RunningProvider, type TestAccount } from './oidc-provider.ts';
import { axeViolations, formatViolations, launchChromium } from './support.ts';

const people = {
  anna: { bsn: '900001021', given: 'Anna', surname: 'Jansen' },
  piet: { bsn: '900002025', given: 'Piet', surname: 'Bakker' },
};
const kvk = bakery.kvkNumber;
const accounts: TestAccount[] = [
  {
    sub: 'anna',
    label: 'Anna Jansen (DigiD Substantieel)',
    acr: saml('Smartcard'),
    claims: { bsn: people.anna.bsn },
  },
  {
    sub: 'piet',
    label: 'Piet Bakker voor Bakkerij Bakker (eHerkenning EH3)',
    acr: eh3,
    claims: { kvk, acting_bsn: people.piet.bsn },
  },
  {
    sub: 'onbekend',
    label: 'Iemand die Loket niet kent (DigiD Hoog)',
    acr: saml('SmartcardPKI'),
    claims: { bsn: '900004022' },
  },
];

let provider: RunningProvider;
let loket: Loket;
let browser: Browser;
let baseUrl: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  // Loket's address goes into the provider's client registration before either starts.
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const client = testClient('e2e', baseUrl);
  provider = await startOidcProvider({ client, accounts });
  provider.loginAs(undefined); // show the provider's login page

  const database = await createTestDatabase('e2e-oidc');
  const config = testConfig({ LOKET_BASE_URL: baseUrl, ...oidcConfig(provider.issuer, client) });
  await prepareDatabase(database, config);
  await addLoginPeople(database.db, Object.values(people), people.piet.bsn);

  loket = await buildApp(config, database);
  await loket.app.listen({ port, host: '127.0.0.1' });
  expect((loket.app.server.address() as AddressInfo).port).toBe(port);
  browser = await launchChromium();
  cleanup = async () => {
    await browser.close();
    await loket.dispatcher.stop();
    await loket.app.close();
    await database.cleanup();
    await provider.close();
  };
});
afterAll(async () => {
  await cleanup();
});

async function withPage(run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext({ baseURL: baseUrl, locale: 'nl-NL' });
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

/** From Loket's login page through the provider's login page, choosing `account`. */
async function logInThroughProvider(
  page: Page,
  means: 'DigiD' | 'eHerkenning',
  account: string,
  button: 'Inloggen' | 'Annuleren' = 'Inloggen',
): Promise<void> {
  await page.goto('/inloggen');
  await page.getByRole('link', { name: `Inloggen met ${means}` }).click();
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Testmakelaar: inloggen');
  await page.getByLabel(account).check();
  await Promise.all([page.waitForURL(`${baseUrl}/**`), page.getByRole('button', { name: button }).click()]);
  await page.waitForLoadState('load');
}

describe('logging in with DigiD and eHerkenning through OpenID Connect, in Chromium', () => {
  it('a citizen logs in with DigiD and sees "Mijn gegevens" with name and level of assurance', async () => {
    await withPage(async (page) => {
      await logInThroughProvider(page, 'DigiD', 'Anna Jansen (DigiD Substantieel)');
      expect(new URL(page.url()).pathname).toBe('/mijn-gegevens');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn gegevens');
      const details = await page.locator('dl').innerText();
      expect(details).toContain('Anna Jansen');
      expect(details).toContain(people.anna.bsn);
      expect(details).toMatch(/Betrouwbaarheidsniveau\s+substantieel/);
      const violations = await axeViolations(page);
      expect(violations, formatViolations(violations)).toEqual([]);
    });
  });

  it('an entrepreneur logs in with eHerkenning on behalf of the business', async () => {
    await withPage(async (page) => {
      await logInThroughProvider(page, 'eHerkenning', 'Piet Bakker voor Bakkerij Bakker (eHerkenning EH3)');
      expect(new URL(page.url()).pathname).toBe('/mijn-gegevens');
      const details = await page.locator('dl').innerText();
      expect(details).toContain('Piet Bakker (Bakkerij Bakker)');
      expect(details).toContain(kvk);
      expect(details).toMatch(/Betrouwbaarheidsniveau\s+substantieel/);
    });
  });

  it('cancelling at the provider ends on a plain Dutch page with a way to try again', async () => {
    await withPage(async (page) => {
      await logInThroughProvider(page, 'DigiD', 'Anna Jansen (DigiD Substantieel)', 'Annuleren');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Inloggen niet gelukt');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('U hebt het inloggen afgebroken');
      const violations = await axeViolations(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      await page.getByRole('link', { name: 'Opnieuw inloggen' }).click();
      await page.waitForURL(`${provider.issuer}/interaction/**`);
    });
  });

  it('someone Loket does not know is refused, and is not logged in', async () => {
    await withPage(async (page) => {
      await logInThroughProvider(page, 'DigiD', 'Iemand die Loket niet kent (DigiD Hoog)');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Wij kennen geen persoon met dit burgerservicenummer.');
      const mine = await page.goto('/mijn-gegevens');
      expect(mine?.status()).toBe(401);
    });
  });
});
