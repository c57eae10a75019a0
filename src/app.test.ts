// The whole application: routes, access declarations, health, navigation, OpenAPI.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './platform/testing/app.ts';
import { openApiDocument } from './openapi.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('routes', () => {
  it('every route declares who may use it', () => {
    expect(t.routes.length).toBeGreaterThan(10);
    for (const r of t.routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
    // The server itself refuses a route without a declaration: see http.test.ts.
  });
});

describe('health', () => {
  it('answers liveness and readiness with the database and migrations current', async () => {
    expect((await t.getJson('/health')).body).toEqual({ status: 'ok' });
    const ready = await t.getJson<{ status: string; database: string; migrations: number }>('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.database).toBe(t.database.dialect);
    expect(ready.body.migrations).toBeGreaterThanOrEqual(3);
  });
});

describe('navigation', () => {
  it('has no dead links: every link on the home page leads to a page that exists, in Dutch and in English', async () => {
    for (const lang of ['nl', 'en']) {
      const home = await t.request({ url: '/', headers: { cookie: `lang=${lang}` } });
      expect(home.statusCode).toBe(200);
      const hrefs = [...home.body.matchAll(/href="(\/[^"]*)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
      expect(hrefs.length).toBeGreaterThan(12);
      for (const href of new Set(hrefs)) {
        const res = await t.request({ url: href, headers: { cookie: `lang=${lang}` } });
        expect([200, 303], `${lang} ${href}`).toContain(res.statusCode);
      }
    }
  });

  it('links the eight capabilities, the organisations, the accessibility statement and privacy page', async () => {
    const home = (await t.request('/')).body;
    for (const href of [
      '/democratie',
      '/beleid',
      '/diensten',
      '/zaken',
      '/klachten-en-bezwaar',
      '/ontwerp',
      '/kwaliteit',
      '/machtigen',
      '/organisaties',
      '/toegankelijkheid',
      '/privacy',
    ]) {
      expect(home).toContain(`href="${href}"`);
    }
  });

  it('speaks Dutch by default and English when chosen, and returns to the same page', async () => {
    expect((await t.request('/')).body).toContain('<html lang="nl"');
    const sw = await t.request('/taal/en?terug=%2Forganisaties');
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe('/organisaties');
    expect(String(sw.headers['set-cookie'])).toMatch(/lang=en/);
    expect((await t.request({ url: '/organisaties', headers: { cookie: 'lang=en' } })).body).toContain('<html lang="en"');
    expect((await t.request({ url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9' } })).body).toContain('<html lang="en"');
  });

  it('never redirects off-site after a language switch', async () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await t.request(`/taal/en?terug=${encodeURIComponent(bad)}`);
      expect(res.headers.location).toBe('/');
    }
  });
});

describe('OpenAPI', () => {
  it('serves OpenAPI 3 at /api/v1/openapi.json, open to every origin, with contact and version', async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.json<{ openapi: string; info: { version: string; contact: unknown }; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe(res.headers['api-version']);
    expect(doc.info.contact).toBeDefined();
    expect(Object.keys(doc.paths)).toContain('/api/v1/organisations');
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
  });

  it('matches docs/api/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = JSON.parse(fs.readFileSync(new URL('../docs/api/openapi.json', import.meta.url), 'utf8')) as unknown;
    expect(await openApiDocument()).toEqual(committed);
  });
});
