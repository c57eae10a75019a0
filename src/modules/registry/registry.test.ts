import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../platform/audit/index.ts';
import { readCount } from '../../platform/db/index.ts';
import { prepareDatabase } from '../../app.ts';
import { openDatabase } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { foldForSearch } from '../../platform/db/index.ts';
import { referenceOrganisations } from './reference.ts';
import { importOrganisations, listOrganisations, organisationsCheckEveryMs } from './service.ts';
import { validateSearch } from './pages.tsx';

interface Page {
  items: { id: string; code: string; name: string; type: string; tooiUri: string | null; _links: { self: { href: string } } }[];
  total: number;
  limit: number;
  offset: number;
  _links: { self: { href: string }; next?: { href: string }; prev?: { href: string } };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
});
afterAll(() => t.close());

describe('reference data', () => {
  it('loads the 342 municipalities of 2023, the 12 provinces, the 21 water boards and the national organisations', async () => {
    const count = async (type: string) => (await t.getJson<Page>(`/api/v1/organisations?type=${type}&limit=1`)).body.total;
    expect(await count('municipality')).toBe(342);
    expect(await count('province')).toBe(12);
    expect(await count('ministry')).toBe(14);
    expect(await count('water_board')).toBe(21);
    expect(await count('agency')).toBeGreaterThanOrEqual(10);
  });

  it('gives municipalities and provinces their TOOI identifier', async () => {
    const ams = await t.getJson<Page['items'][number]>('/api/v1/organisations/GM0363');
    expect(ams.body).toMatchObject({
      name: 'Amsterdam',
      type: 'municipality',
      tooiUri: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0363',
      theme: 'voorbeeld',
    });
    const nh = await t.getJson<Page['items'][number]>('/api/v1/organisations/pv27');
    expect(nh.body).toMatchObject({ name: 'Noord-Holland', tooiUri: 'https://identifier.overheid.nl/tooi/id/provincie/pv27' });
  });

  it('is idempotent: loading again changes nothing and writes no audit records', async () => {
    const audits = async () =>
      readCount(
        (
          await t.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const before = await audits();
    expect(await importOrganisations(t.ctx, referenceOrganisations())).toEqual({ inserted: 0, updated: 0 });
    expect(await audits()).toBe(before);
  });

  it('audits each import and each change, in the same transaction', async () => {
    const inputs = referenceOrganisations().map((o) => (o.code === 'GM0344' ? { ...o, name: 'Utrecht (gewijzigd)' } : o));
    expect(await importOrganisations(t.ctx, inputs)).toEqual({ inserted: 0, updated: 1 });
    const utrecht = (await t.getJson<Page['items'][number]>('/api/v1/organisations/GM0344')).body;
    expect(utrecht.name).toBe('Utrecht (gewijzigd)');
    const trail = await auditTrail(t.database.db, 'organisation', utrecht.id);
    expect(trail.map((a) => a.action)).toEqual(['registry.organisation_imported', 'registry.organisation_updated']);
    expect(trail[1]?.actorType).toBe('system');
    await importOrganisations(t.ctx, referenceOrganisations());
  });
});

describe('the kept pages of the list', () => {
  const utrecht = (name: string) => referenceOrganisations().map((o) => (o.code === 'GM0344' ? { ...o, name } : o));
  const names = async (ctx: ModuleContext) =>
    (await listOrganisations(ctx, { q: 'utrecht', type: 'municipality', limit: 20, offset: 0 })).items.map((o) => o.name);

  it('show an import in this process at once, in the API too', async () => {
    const api = async () => (await t.getJson<Page>('/api/v1/organisations?q=utrecht&type=municipality')).body.items.map((o) => o.name);
    expect(await api()).toContain('Utrecht');
    await importOrganisations(t.ctx, utrecht('Utrecht (gewijzigd)'));
    expect(await api()).toContain('Utrecht (gewijzigd)');
    await importOrganisations(t.ctx, referenceOrganisations());
    expect(await api()).toEqual(await names(t.ctx));
    expect(await api()).toContain('Utrecht');
  });

  it(`show an import by another process within ${organisationsCheckEveryMs} ms`, async () => {
    // A second connection to the same database stands in for another process: it keeps its own pages.
    const shared = await createTestDatabase('orgcache');
    const other = openDatabase(shared.target);
    try {
      await prepareDatabase(shared, t.config);
      const here = { ...t.ctx, database: shared };
      const there = { ...t.ctx, database: other };
      expect(await names(there)).toContain('Utrecht');
      await importOrganisations(here, utrecht('Utrecht (elders gewijzigd)'));
      expect(await names(here)).toContain('Utrecht (elders gewijzigd)');
      await new Promise((resolve) => setTimeout(resolve, organisationsCheckEveryMs + 50));
      expect(await names(there)).toContain('Utrecht (elders gewijzigd)');
    } finally {
      await other.close();
      await shared.cleanup();
    }
  });

  it('cannot be changed by a caller', async () => {
    const page = await listOrganisations(t.ctx, { limit: 2, offset: 0 });
    expect(Object.isFrozen(page.items)).toBe(true);
    expect(Object.isFrozen(page.items[0])).toBe(true);
    expect(await listOrganisations(t.ctx, { limit: 2, offset: 0 })).toBe(page);
  });
});

describe('GET /api/v1/organisations', () => {
  it('pages through the list with next and prev links, sorted by name', async () => {
    const first = (await t.getJson<Page>('/api/v1/organisations?limit=20')).body;
    expect(first.items).toHaveLength(20);
    expect(first.total).toBeGreaterThan(370);
    expect(first._links.prev).toBeUndefined();
    const names = first.items.map((o) => foldForSearch(o.name));
    expect([...names].sort()).toEqual(names);
    const second = (await t.getJson<Page>(first._links.next?.href ?? '')).body;
    expect(second.offset).toBe(20);
    expect(second.items[0]?.code).not.toBe(first.items[0]?.code);
    expect(second._links.prev?.href).toContain('offset=0');
    const last = (await t.getJson<Page>(`/api/v1/organisations?limit=20&offset=${first.total - 5}`)).body;
    expect(last.items).toHaveLength(5);
    expect(last._links.next).toBeUndefined();
  });

  it('finds by part of the name, without caring about case or diacritics', async () => {
    const fry = (await t.getJson<Page>('/api/v1/organisations?q=sudwest')).body;
    expect(fry.items.map((o) => o.name)).toContain('Súdwest-Fryslân');
    const bzk = (await t.getJson<Page>('/api/v1/organisations?q=BINNENLANDSE')).body;
    expect(bzk.items.map((o) => o.code)).toEqual(['MIN-BZK']);
    const abbreviation = (await t.getJson<Page>('/api/v1/organisations?q=uwv')).body;
    expect(abbreviation.items.map((o) => o.code)).toContain('UWV');
    // Punctuation is ignored, so `%` and `_` are no wildcards: `%` alone is no filter at all.
    const all = (await t.getJson<Page>('/api/v1/organisations')).body.total;
    expect((await t.getJson<Page>('/api/v1/organisations?q=%25')).body.total).toBe(all);
    expect((await t.getJson<Page>('/api/v1/organisations?q=a_n')).body.total).toBe(0);
    expect((await t.getJson<Page>('/api/v1/organisations?q=zzzz')).body.total).toBe(0);
  });

  it('gives the total on an empty page past the end, and 0 when nothing matches', async () => {
    const all = (await t.getJson<Page>('/api/v1/organisations?limit=1')).body.total;
    const past = (await t.getJson<Page>(`/api/v1/organisations?limit=20&offset=${all + 10}`)).body;
    expect(past.items).toEqual([]);
    expect(past.total).toBe(all);
    expect(past._links.next).toBeUndefined();
    expect(past._links.prev?.href).toContain(`offset=${all - 10}`);
    const provinces = (await t.getJson<Page>('/api/v1/organisations?type=province&offset=50')).body;
    expect(provinces).toMatchObject({ items: [], total: 12 });
    expect((await t.getJson<Page>('/api/v1/organisations?q=zzzz&offset=0')).body).toMatchObject({ items: [], total: 0 });
  });

  it('combines the type filter with the search', async () => {
    const r = (await t.getJson<Page>('/api/v1/organisations?q=utrecht&type=province')).body;
    expect(r.items.map((o) => o.code)).toEqual(['PV26']);
  });

  it('rejects a bad query with problem+json listing every invalid parameter', async () => {
    const res = await t.getJson<{ status: number; invalidParams: { name: string }[] }>(
      '/api/v1/organisations?limit=0&offset=-1&type=castle',
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.invalidParams.map((p) => p.name).sort()).toEqual(['query.limit', 'query.offset', 'query.type']);
  });

  it('answers 404 problem+json for an unknown code and 400 for a malformed one', async () => {
    const missing = await t.getJson<{ code: string }>('/api/v1/organisations/GM9999');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('registry.organisation_not_found');
    expect((await t.getJson('/api/v1/organisations/%3Cscript%3E')).status).toBe(400);
    // NL API Design Rules: a trailing slash is a 404, not a redirect or another resource.
    expect((await t.getJson('/api/v1/organisations/')).status).toBe(404);
  });

  it('never answers 5xx, whatever the query (property)', async () => {
    const key = fc.constantFrom('q', 'type', 'limit', 'offset', 'x');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, fc.string({ maxLength: 120 })), { maxLength: 5 }), async (pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await t.request({ url: `/api/v1/organisations?${qs}`, headers: { accept: 'application/json' } });
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 400) expect(res.headers['content-type']).toMatch(/problem\+json/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the page /organisaties', () => {
  it('lists organisations and finds by name', async () => {
    const res = await t.request('/organisaties?q=Groningen');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<td class="utrecht-table__cell">Groningen</td>');
    expect(res.body).toContain('Midden-Groningen');
    expect(res.body).toMatch(/3 organisaties gevonden/);
  });

  it('shows a Dutch error summary for bad input and keeps what was typed', async () => {
    const res = await t.request('/organisaties?q=x&soort=kasteel');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Er is een probleem');
    expect(res.body).toContain('href="#q"');
    expect(res.body).toContain('href="#soort"');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('value="x"');
  });

  it('escapes what users type', async () => {
    const res = await t.request(`/organisaties?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(res.body).not.toContain('"><script>');
    expect(res.body).toMatch(/value="(&quot;|&#34;)&gt;|value="(&quot;|&#34;)>/);
  });

  it('validates every field of the search form (property: never throws, errors only for bad input)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 8 }), (q, soort, pagina) => {
        const { errors } = validateSearch({ q, soort, pagina }, 'nl');
        const trimmed = q.trim();
        const good =
          trimmed.length !== 1 &&
          trimmed.length <= 100 &&
          ['', 'municipality', 'province', 'water_board', 'ministry', 'agency'].includes(soort) &&
          (pagina === '' || (/^\d{1,5}$/.test(pagina) && Number(pagina) >= 1));
        expect(errors.length === 0).toBe(good);
      }),
    );
  });
});
