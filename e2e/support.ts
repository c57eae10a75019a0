// Browser tests against a real Loket: an HTTP server on a random loopback port, in this
// process, on a fresh test database; Debian's Chromium driven by playwright-core; axe-core.
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, prepareDatabase, type Loket } from '../src/app.ts';
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

/** Starts Loket on 127.0.0.1 with a random port, and a headless Chromium. */
export async function startLoket(): Promise<RunningLoket> {
  const database = await createTestDatabase('e2e');
  const config = testConfig();
  await prepareDatabase(database, config);
  const loket = await buildApp(config, database, undefined, { checkResponses: true });
  await loket.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = loket.app.server.address() as AddressInfo;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await loket.app.close();
    await database.cleanup();
    throw error;
  }
  return {
    loket,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await loket.dispatcher.stop();
      await loket.app.close();
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
