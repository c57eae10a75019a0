// Every HTML page, in Dutch and in English: WCAG 2.1 A/AA by axe-core, one h1, a title that
// names the site, the right `lang`, a working skip link, and no sideways scrolling at 320px.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  htmlPagePaths,
  newContext,
  startLoket,
  switchLanguage,
  type BrowserGlobals,
  type Lang,
} from './support.ts';

const running = await startLoket();
afterAll(async () => {
  await running.close();
});

interface PageCase {
  label: string;
  path: string;
  status: number;
}

const discovered = htmlPagePaths(running.loket.routes);
const cases: PageCase[] = [
  ...discovered.map((path) => ({ label: path, path, status: 200 })),
  { label: '404: a page that does not exist', path: '/deze-pagina-bestaat-niet', status: 404 },
  { label: 'organisations: a search with results', path: '/organisaties?q=utrecht', status: 200 },
  { label: 'organisations: second page of results', path: '/organisaties?pagina=2', status: 200 },
  { label: 'organisations: filtered by type', path: '/organisaties?soort=province', status: 200 },
  { label: 'organisations: no results', path: '/organisaties?q=qqqqzzzz', status: 200 },
  { label: 'organisations: the error summary', path: '/organisaties?q=u', status: 400 },
];

/** The checks every page must pass, in the language it is shown in. */
async function checkPage(page: Page, lang: Lang): Promise<void> {
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
async function checkSkipLink(page: Page, where: string): Promise<void> {
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
async function checkReflow(page: Page, where: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return document.documentElement.scrollWidth - document.documentElement.clientWidth;
  });
  expect(overflow, `${where}: page scrolls sideways at 320px`).toBeLessThanOrEqual(0);
  if (size) await page.setViewportSize(size);
}

describe('every HTML page, in Dutch and in English', () => {
  it('finds the pages from the route table (home, statements, capabilities, organisations)', () => {
    expect(discovered).toEqual(
      expect.arrayContaining(['/', '/toegankelijkheid', '/privacy', '/organisaties', '/diensten', '/zaken', '/machtigen']),
    );
    expect(discovered.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('$label', async ({ path, status }) => {
    const context = await newContext(running);
    const page = await context.newPage();
    try {
      const response = await page.goto(path);
      expect(response?.status(), `${path}: status`).toBe(status);
      await checkPage(page, 'nl');

      // The language link in the header sets a cookie and returns to this page.
      const pathname = new URL(page.url()).pathname;
      await switchLanguage(page, 'en');
      expect(new URL(page.url()).pathname, `${path}: back on the same page after switching to English`).toBe(pathname);
      // The switch returns to the path; open the exact address (with its query) again, now in English.
      const english = await page.goto(path);
      expect(english?.status(), `${path}: status in English`).toBe(status);
      await checkPage(page, 'en');

      await switchLanguage(page, 'nl');
      expect(new URL(page.url()).pathname).toBe(pathname);
    } finally {
      await context.close();
    }
  });
});
