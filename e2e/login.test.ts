// Logging in as a user does, in Chromium: the demo login, "Mijn gegevens", every page behind a
// login with axe, and logging out.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/platform/time/index.ts';
import { demoIdentities, seedDemo } from '../src/modules/registry/seed/demo.ts';
import { axeViolations, formatViolations, htmlPagePaths, newContext, startLoket, type RunningLoket } from './support.ts';

let running: RunningLoket;

beforeAll(async () => {
  running = await startLoket();
  await seedDemo(running.loket.ctx.database, systemClock);
});
afterAll(() => running.close());

async function logIn(page: Page, key: string, level = 'substantial'): Promise<void> {
  // From the header's login link on "Mijn gegevens"' own login prompt, as a user would.
  await page.goto('/inloggen?terug=%2Fmijn-gegevens');
  await page.getByRole('link', { name: 'Inloggen als demo-gebruiker' }).click();
  await page.locator(`#wie-${key}`).check();
  await page.locator('#niveau').selectOption(level);
  await Promise.all([page.waitForURL(/\/mijn-gegevens$/), page.getByRole('button', { name: 'Inloggen' }).click()]);
}

describe('login in the browser', () => {
  it('logs a citizen in through the demo login and shows "Mijn gegevens", accessibly', async () => {
    const context = await newContext(running);
    const page = await context.newPage();
    await logIn(page, 'citizen', 'high');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mijn gegevens');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Sanne de Vries');
    expect(text).toContain('hoog');
    expect(await page.locator('header').textContent()).toContain('Ingelogd als Sanne de Vries');
    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await context.close();
  });

  it.each([false, true])(
    'shows the demo login form with its error summary when nothing is chosen (JavaScript: %s)',
    async (javaScriptEnabled) => {
      const context = await newContext(running, { javaScriptEnabled });
      const page = await context.newPage();
      await page.goto('/inloggen/demo');
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]);
      await page.locator('[role=alert]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[role=alert] h2').textContent()).toBe('Er is een probleem');
      expect(await page.locator('[role=alert]').textContent()).toContain('Kies als wie u wilt inloggen');
      // axe runs in the page, so only where JavaScript is on.
      if (javaScriptEnabled) {
        const violations = await axeViolations(page);
        expect(violations, formatViolations(violations)).toEqual([]);
      }
      await context.close();
    },
  );

  it('opens every page behind a login, for each demo user it is meant for, without accessibility violations', async () => {
    const paths = htmlPagePaths(running.loket.routes, 'login');
    expect(paths).toContain('/mijn-gegevens');
    let checked = 0;
    for (const identity of demoIdentities) {
      const context = await newContext(running);
      const page = await context.newPage();
      await logIn(page, identity.key);
      for (const path of paths) {
        const response = await page.goto(path);
        const status = response?.status() ?? 0;
        // A page not meant for this user answers 403 or 404, never an error.
        expect([200, 403, 404], `${identity.key} ${path}`).toContain(status);
        if (status !== 200) continue;
        expect(await page.locator('h1').count(), `${identity.key} ${path}`).toBe(1);
        const violations = await axeViolations(page);
        expect(violations, `${identity.key} ${path}\n${formatViolations(violations)}`).toEqual([]);
        checked += 1;
      }
      await context.close();
    }
    expect(checked).toBeGreaterThanOrEqual(demoIdentities.length);
  }, 300_000);

  it('logs out, after which "Mijn gegevens" asks to log in again', async () => {
    const context = await newContext(running);
    const page = await context.newPage();
    await logIn(page, 'citizen');
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('U bent uitgelogd');
    const again = await page.goto('/mijn-gegevens');
    expect(again?.status()).toBe(401);
    await context.close();
  });
});
