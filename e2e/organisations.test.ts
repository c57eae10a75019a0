// The organisations search form on /organisaties, as a visitor uses it: with JavaScript and
// without (the page has no scripts; the form submits with GET and the server answers).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext, startLoket, switchLanguage, type BrowserGlobals } from './support.ts';

const running = await startLoket();
afterAll(async () => {
  await running.close();
});

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/organisaties\?/), page.getByRole('button', { name: 'Zoeken' }).click()]);
}

async function cellTexts(page: Page, column: number): Promise<string[]> {
  return (await page.locator(`table tbody tr td:nth-child(${column})`).allInnerTexts()).map((t) => t.trim());
}

for (const javaScriptEnabled of [true, false]) {
  describe(`the organisations search form (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext(running, { javaScriptEnabled });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context.close();
    });

    it('shows the error summary for a one-letter search, linked to the field', async () => {
      await page.goto('/organisaties');
      expect(await page.locator('.utrecht-alert[role="alert"]').count()).toBe(0);
      await page.getByLabel('Zoek op naam').fill('u');
      await submit(page);

      const summary = page.getByRole('alert');
      expect(await summary.count()).toBe(1);
      expect((await summary.getByRole('heading', { level: 2 }).innerText()).trim()).toBe('Er is een probleem');
      expect(await page.title()).toBe('Fout: Overheidsorganisaties | Loket');

      const link = summary.getByRole('link');
      expect(await link.count()).toBe(1);
      expect((await link.innerText()).trim()).toBe('Vul minstens 2 tekens in om op naam te zoeken');
      expect(await link.getAttribute('href')).toBe('#q');

      const field = page.locator('#q');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toContain('q-fout');
      expect((await page.locator('#q-fout').innerText()).trim()).toBe('Vul minstens 2 tekens in om op naam te zoeken');
      expect(await field.inputValue()).toBe('u');
      expect(await page.locator('table').count()).toBe(0);

      // The summary has focus on load (autofocus), so it is read first; its link moves focus to the field.
      if (javaScriptEnabled) {
        const focusedId = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id);
        expect(focusedId).toBe('foutmeldingen');
      }
      await link.click();
      expect(new URL(page.url()).hash).toBe('#q');
      if (javaScriptEnabled) {
        const focusedId = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id);
        expect(focusedId).toBe('q');
      }
    });

    it('finds organisations by name and shows them in a table', async () => {
      await page.goto('/organisaties?q=u');
      await page.getByLabel('Zoek op naam').fill('utrecht');
      await submit(page);

      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('#q').getAttribute('aria-invalid')).toBeNull();
      expect(await page.title()).toBe('Overheidsorganisaties | Loket');
      expect((await page.getByRole('status').innerText()).trim()).toMatch(/^\d+ organisaties gevonden$/);
      const headers = (await page.locator('table thead th').allInnerTexts()).map((t) => t.trim());
      expect(headers).toEqual(['Naam', 'Soort', 'Code']);
      const names = await cellTexts(page, 1);
      expect(names).toEqual(expect.arrayContaining(['Utrecht', 'Utrechtse Heuvelrug']));
      for (const name of names) expect(name.toLowerCase()).toContain('utrecht');
      expect(await cellTexts(page, 3)).toContain('GM0344');
    });

    it('pages through all organisations with the next and previous links', async () => {
      await page.goto('/organisaties');
      const pager = page.getByRole('navigation', { name: 'Paginering' });
      expect((await pager.innerText()).replace(/\s+/g, ' ')).toMatch(/Pagina 1 van \d+/);
      expect(await pager.getByRole('link', { name: 'Vorige pagina' }).count()).toBe(0);
      const firstPage = await cellTexts(page, 1);
      expect(firstPage).toHaveLength(20);

      await Promise.all([page.waitForURL(/pagina=2/), pager.getByRole('link', { name: 'Volgende pagina' }).click()]);
      expect((await pager.innerText()).replace(/\s+/g, ' ')).toMatch(/Pagina 2 van \d+/);
      const secondPage = await cellTexts(page, 1);
      expect(secondPage.length).toBeGreaterThan(0);
      expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
      // Sorted by name, across pages.
      expect((firstPage.at(-1) ?? '').localeCompare(secondPage[0] ?? '', 'nl')).toBeLessThanOrEqual(0);

      await Promise.all([page.waitForURL(/pagina=1/), pager.getByRole('link', { name: 'Vorige pagina' }).click()]);
      expect(await cellTexts(page, 1)).toEqual(firstPage);
    });

    it('filters by kind of organisation, and keeps the filter while paging', async () => {
      await page.goto('/organisaties');
      await page.getByLabel('Soort organisatie').selectOption({ label: 'Provincie' });
      await submit(page);
      expect(new URL(page.url()).searchParams.get('soort')).toBe('province');
      const kinds = await cellTexts(page, 2);
      expect(kinds).toHaveLength(12);
      expect(new Set(kinds)).toEqual(new Set(['Provincie']));
      expect(await page.getByLabel('Soort organisatie').inputValue()).toBe('province');

      await page.getByLabel('Soort organisatie').selectOption({ label: 'Gemeente' });
      await submit(page);
      expect(new Set(await cellTexts(page, 2))).toEqual(new Set(['Gemeente']));
      await Promise.all([page.waitForURL(/pagina=2/), page.getByRole('link', { name: 'Volgende pagina' }).click()]);
      expect(new URL(page.url()).searchParams.get('soort')).toBe('municipality');
      expect(new Set(await cellTexts(page, 2))).toEqual(new Set(['Gemeente']));
    });

    it('says so when nothing is found', async () => {
      await page.goto('/organisaties');
      await page.getByLabel('Zoek op naam').fill('qqqqzzzz');
      await submit(page);
      expect((await page.getByRole('status').innerText()).trim()).toMatch(/^Geen organisaties gevonden/);
      expect(await page.locator('table').count()).toBe(0);
    });
  });
}

describe('the language switch', () => {
  it('returns to the same page, remembers the choice, and switches back', async () => {
    const context = await newContext(running, { javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto('/organisaties?q=utrecht');
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      const toEnglish = page.locator('header a[hreflang="en"]');
      expect((await toEnglish.innerText()).trim()).toBe('English');
      expect(await toEnglish.getAttribute('lang')).toBe('en');

      await switchLanguage(page, 'en');
      expect(new URL(page.url()).pathname).toBe('/organisaties');
      expect((await page.locator('h1').innerText()).trim()).toBe('Government organisations');
      expect((await context.cookies()).find((c) => c.name === 'lang')?.value).toBe('en');

      // The choice stays for the next page, in the navigation and the footer too.
      const services = page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Services', exact: true });
      await Promise.all([page.waitForURL(/\/diensten$/), services.click()]);
      expect(new URL(page.url()).pathname).toBe('/diensten');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('footer').getByRole('link', { name: 'Accessibility' }).count()).toBe(1);

      await switchLanguage(page, 'nl');
      expect(new URL(page.url()).pathname).toBe('/diensten');
      expect((await page.locator('h1').innerText()).trim()).toBe('Diensten zoeken');
    } finally {
      await context.close();
    }
  });
});
