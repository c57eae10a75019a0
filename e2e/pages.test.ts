// Every HTML page, in Dutch and in English: WCAG 2.1 A/AA by axe-core, one h1, a title that
// names the site, the right `lang`, a working skip link, and no sideways scrolling at 320px
// (checkPage in support.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, htmlPagePaths, newContext, startLoket, switchLanguage } from './support.ts';

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
/** Pages whose purpose is a refusal: they answer with its status (the reason why someone may not act for another). */
const refusalPages: Readonly<Record<string, number>> = { '/zaken/geen-toegang': 403 };
const cases: PageCase[] = [
  ...discovered.map((path) => ({ label: path, path, status: refusalPages[path] ?? 200 })),
  { label: '404: a page that does not exist', path: '/deze-pagina-bestaat-niet', status: 404 },
  { label: 'organisations: a search with results', path: '/organisaties?q=utrecht', status: 200 },
  { label: 'organisations: second page of results', path: '/organisaties?pagina=2', status: 200 },
  { label: 'organisations: filtered by type', path: '/organisaties?soort=province', status: 200 },
  { label: 'organisations: no results', path: '/organisaties?q=qqqqzzzz', status: 200 },
  { label: 'organisations: the error summary', path: '/organisaties?q=u', status: 400 },
];

describe('every HTML page, in Dutch and in English', () => {
  it('finds the pages from the route table (home, statements, capabilities, organisations)', () => {
    expect(discovered).toEqual(expect.arrayContaining(['/', '/toegankelijkheid', '/privacy', '/organisaties', '/diensten', '/machtigen']));
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
