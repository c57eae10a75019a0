// Screenshots of the main screens, for people to look at (not compared automatically):
// written to .tmp/screenshots/ (ignored by git). `npm run screenshots` makes only these.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newContext, startLoket } from './support.ts';

const dir = path.resolve(import.meta.dirname, '..', '.tmp', 'screenshots');
const running = await startLoket();
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
}

const shots: Shot[] = [
  { name: 'home', path: '/' },
  { name: 'home-mobile', path: '/', width: 390 },
  { name: 'organisations-results', path: '/organisaties?q=utrecht' },
  { name: 'organisations-list', path: '/organisaties' },
  { name: 'organisations-error', path: '/organisaties?q=u' },
  { name: 'organisations-error-mobile', path: '/organisaties?q=u', width: 390 },
  { name: 'capability', path: '/diensten' },
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
