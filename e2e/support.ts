// Browser tests against a real Loket: an HTTP server on a random loopback port, in this
// process, on a fresh test database; Debian's Chromium driven by playwright-core; axe-core.
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp, prepareDatabase, type Loket } from '../src/app.ts';
import { catalogModule } from '../src/modules/catalog/index.ts';
import { deliveryModule } from '../src/modules/delivery/index.ts';
import { mandatesModule } from '../src/modules/mandates/index.ts';
import { registryModule } from '../src/modules/registry/index.ts';
import type { DeclaredRoute } from '../src/platform/http/index.ts';
import { createTestDatabase } from '../src/platform/testing/db.ts';
import { testConfig } from '../src/platform/testing/app.ts';

export type Lang = 'nl' | 'en';

/** One failed axe rule with the elements that fail it. */
export type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

export interface RunningLoket {
  loket: Loket;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The few browser objects the tests read inside `page.evaluate`. The project compiles without
 * the DOM library (it is server code), so the callbacks reach them through
 * `(globalThis as unknown as BrowserGlobals).document`; only the type is shared, since the
 * callback itself runs in the browser.
 */
export interface BrowserElement {
  tagName: string;
  id: string;
  classList: { contains(name: string): boolean };
}
export interface BrowserGlobals {
  document: {
    activeElement: BrowserElement | null;
    body: BrowserElement;
    documentElement: BrowserElement & { scrollWidth: number; clientWidth: number };
    querySelector(selector: string): BrowserElement | null;
  };
}

const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's headless Chromium (or the one LOKET_CHROMIUM names), without sandbox, GPU or background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['LOKET_CHROMIUM'] ?? '/usr/bin/chromium', args: [...chromiumArgs] });
}

export interface StartOptions {
  /**
   * Also load the shipped UPL and generate the demo catalog, as `catalogModule.seedDemo` does
   * for LOKET_DEMO=1 (every organisation offers the products of its kind; ~15 s on SQLite).
   */
  catalog?: boolean;
  /** Also fill the registers with the demo set (`registryModule.seedDemo`): the people, businesses and officials of the demo login. */
  registry?: boolean;
  /** Also make the demo cases (`deliveryModule.seedDemo`; needs `catalog`): Mijn zaken for the demo citizen, a work queue for the demo case handler. */
  cases?: boolean;
  /** Also make the demo mandates (`mandatesModule.seedDemo`; needs `registry` and `catalog`): Mijn machtigingen for the demo people and businesses. */
  mandates?: boolean;
}

/** Starts Loket on 127.0.0.1 with a random port, and a headless Chromium. */
export async function startLoket(options: StartOptions = {}): Promise<RunningLoket> {
  const database = await createTestDatabase('e2e');
  const config = testConfig();
  let loket: Loket | undefined;
  let browser: Browser;
  try {
    await prepareDatabase(database, config);
    loket = await buildApp(config, database, undefined, { checkResponses: true });
    if (options.registry) await registryModule.seedDemo?.(loket.ctx);
    if (options.catalog) await catalogModule.seedDemo?.(loket.ctx);
    if (options.cases) await deliveryModule.seedDemo?.(loket.ctx);
    if (options.mandates) await mandatesModule.seedDemo?.(loket.ctx);
    await loket.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  } catch (error) {
    if (loket) {
      await loket.dispatcher.stop();
      await loket.app.close();
    }
    await database.cleanup();
    throw error;
  }
  const { port } = loket.app.server.address() as AddressInfo;
  const started = loket;
  return {
    loket: started,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await started.dispatcher.stop();
      await started.app.close();
      await database.cleanup();
    },
  };
}

const notPages = ['/api', '/assets', '/taal', '/health', '/ready'];

/**
 * Every HTML page a visitor can open without knowing an id: the GET routes without a
 * parameter, outside the API, the assets, the language switch and the probes. New pages are
 * picked up by themselves. `public`: open to anyone; `login`: the pages that need a login.
 */
export function htmlPagePaths(routes: readonly DeclaredRoute[], access: 'public' | 'login' = 'public'): string[] {
  const paths = routes
    .filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*'))
    .filter((r) => (access === 'public' ? r.access === 'public' : r.access !== 'public'))
    .map((r) => r.url)
    .filter((url) => !notPages.some((p) => url === p || url.startsWith(`${p}/`)));
  return [...new Set(paths)].sort();
}

/** A browser context that speaks Dutch first, like most visitors (Accept-Language nl-NL). */
export async function newContext(
  running: RunningLoket,
  options: { javaScriptEnabled?: boolean; width?: number; height?: number } = {},
): Promise<BrowserContext> {
  return await running.browser.newContext({
    baseURL: running.baseUrl,
    locale: 'nl-NL',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
}

/** axe-core against WCAG 2.1 A and AA (what the Besluit digitale toegankelijkheid overheid requires). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // Guard against a silent no-op (axe not injected, nothing checked): a real page passes dozens of rules.
  if (results.passes.length < 10) throw new Error(`axe checked only ${results.passes.length} rules on ${page.url()}`);
  return results.violations;
}

/** The violations as text a person can act on: rule, impact, help, and each failing element. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replaceAll('\n', '\n      ')}`,
        )
        .join('\n');
      return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/** Clicks the language link in the header and waits until the page in the other language has loaded. */
export async function switchLanguage(page: Page, to: Lang): Promise<void> {
  const link = page.locator(`header a[hreflang="${to}"]`);
  await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && !new URL(r.url()).pathname.startsWith('/taal/')),
    link.click(),
  ]);
  await page.waitForLoadState('load');
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== to) throw new Error(`after the language switch the page is in ${lang ?? 'no language'}, not ${to}`);
}

/**
 * The checks every page must pass, in the language it is shown in: the right `lang`, a `<title>`
 * ending in " | Loket", exactly one non-empty h1, no WCAG 2.1 A/AA violations by axe, a skip
 * link that works, and no sideways scrolling at 320px. (The same checks as e2e/pages.test.ts.)
 */
export async function checkPage(page: Page, lang: Lang): Promise<void> {
  const where = `${page.url()} (${lang})`;
  expect(await page.locator('html').getAttribute('lang'), where).toBe(lang);

  const title = await page.title();
  expect(title, `${where}: <title>`).toMatch(/^\S.*\S \| Loket$/);

  const h1s = page.locator('h1');
  expect(await h1s.count(), `${where}: number of h1`).toBe(1);
  expect((await h1s.first().innerText()).trim(), `${where}: h1 text`).not.toBe('');

  const violations = await axeViolations(page);
  expect(violations.length, `${where}: axe found WCAG 2.1 A/AA violations:\n\n${formatViolations(violations)}\n`).toBe(0);

  await checkSkipLink(page, where);
  await checkReflow(page, where);
}

/** The skip link is the first thing in the tab order, visible when focused, and moves focus to <main>. */
export async function checkSkipLink(page: Page, where: string): Promise<void> {
  const skip = page.locator('a.utrecht-skip-link');
  expect(await skip.count(), `${where}: skip link`).toBe(1);
  const first = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    const focusable = document.querySelector(
      'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])',
    );
    return focusable?.classList.contains('utrecht-skip-link') ?? false;
  });
  expect(first, `${where}: the skip link is the first focusable element`).toBe(true);

  // With nothing focused yet, the first Tab lands on the skip link.
  const nothingFocused = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return document.activeElement === document.body;
  });
  if (nothingFocused) {
    await page.keyboard.press('Tab');
    const skipFocused = await page.evaluate(() => {
      const { document } = globalThis as unknown as BrowserGlobals;
      return document.activeElement?.classList.contains('utrecht-skip-link') ?? false;
    });
    expect(skipFocused, `${where}: first Tab focuses the skip link`).toBe(true);
  } else {
    await skip.focus();
  }
  const box = await skip.boundingBox();
  expect(box !== null && box.width > 0 && box.height > 0 && box.y >= 0, `${where}: the focused skip link is visible`).toBe(true);

  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return { tag: document.activeElement?.tagName.toLowerCase(), id: document.activeElement?.id };
  });
  expect(focused, `${where}: the skip link moves focus to main`).toEqual({ tag: 'main', id: 'inhoud' });
}

/** WCAG 1.4.10 Reflow: at 320 CSS pixels wide nothing makes the whole page scroll sideways. */
export async function checkReflow(page: Page, where: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return document.documentElement.scrollWidth - document.documentElement.clientWidth;
  });
  expect(overflow, `${where}: page scrolls sideways at 320px`).toBeLessThanOrEqual(0);
  if (size) await page.setViewportSize(size);
}

/**
 * Logs in through the demo login as a user does: the login page's "Inloggen als demo-gebruiker"
 * link, the identity (`key` of `demoIdentities`) and the level of assurance; ends on `returnTo`.
 * Needs `startLoket({ registry: true })`.
 */
export async function logInAsDemo(page: Page, key: string, returnTo = '/mijn-gegevens', level = 'substantial'): Promise<void> {
  await page.goto(`/inloggen?terug=${encodeURIComponent(returnTo)}`);
  await page.getByRole('link', { name: 'Inloggen als demo-gebruiker' }).click();
  await page.locator(`#wie-${key}`).check();
  await page.locator('#niveau').selectOption(level);
  const target = new URL(returnTo, 'http://x');
  await Promise.all([
    page.waitForURL((url) => url.pathname === target.pathname && url.search === target.search),
    page.getByRole('button', { name: 'Inloggen' }).click(),
  ]);
}
