// The catalog's API and pages over HTTP, on the full demo catalog (LOKET_TEST_DB=sqlite|postgres):
// search with filters and grouping, a service's description, life events, exports and the
// export command; bad input (fast-check) never gives a 5xx.
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { exportCommand } from './cli.ts';
import { parseUplCsv } from './model.ts';
import { shippedUplFile } from './reference.ts';
import { generateCatalog, importUpl } from './service.ts';

let t: TestApp;
let utrechtPaspoort = '';
let draft = { organisationCode: '', id: '' };
const paspoortUri = 'http://standaarden.overheid.nl/owms/terms/paspoort';

interface Item {
  type: string;
  title: string;
  upl: { name: string; uri: string };
  organisation: { code: string; name: string } | null;
  services?: number;
  _links: Record<string, { href: string }>;
}
interface SearchBody {
  items: Item[];
  total: number;
  groupBy: string;
  facets: { audience: Record<string, number> };
  _links: Record<string, { href: string } | undefined>;
}

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  await importUpl(t.ctx, parsed.products);
  await generateCatalog(t.ctx);
  const rows = await sql<{ organisation_code: string; id: string; upl_uri: string; status: string }>`
    select organisation_code, id, upl_uri, status from service where organisation_code = 'GM0344'`.execute(t.database.db);
  utrechtPaspoort = rows.rows.find((r) => r.upl_uri === paspoortUri)?.id ?? '';
  const d = rows.rows.find((r) => r.status === 'draft');
  if (!d) throw new Error('Utrecht has no draft');
  draft = { organisationCode: d.organisation_code, id: d.id };
}, 180_000);
afterAll(() => t.close());

describe('GET /api/v1/services', () => {
  it('finds a product across all organisations, one item per UPL product, with paging links', async () => {
    const { status, body } = await t.getJson<SearchBody>('/api/v1/services?q=paspoort&limit=3');
    expect(status).toBe(200);
    expect(body.groupBy).toBe('upl');
    expect(body.items[0]).toMatchObject({
      type: 'product',
      title: 'Paspoort',
      upl: { uri: paspoortUri, name: 'paspoort' },
      organisation: null,
    });
    expect(body.items[0]?.services).toBeGreaterThan(300);
    expect(new Set(body.items.map((i) => i.upl.uri)).size).toBe(body.items.length);
    expect(body._links['next']?.href).toContain('offset=3');
    expect(body.facets.audience['citizen']).toBeGreaterThan(0);
  });

  it("with a municipality: that municipality's own service, linked directly", async () => {
    const { body } = await t.getJson<SearchBody>('/api/v1/services?q=parkeervergunning&municipality=GM0344&limit=1');
    expect(body.items[0]).toMatchObject({ title: 'Parkeervergunning', organisation: { code: 'GM0344', name: 'Utrecht' }, services: 1 });
    expect(body.items[0]?._links['page']?.href).toMatch(/^\/diensten\/GM0344\/[0-9a-f-]{36}$/);
  });

  it('groupBy=none lists services with their organisation, only those serving the municipality', async () => {
    const { body } = await t.getJson<SearchBody>('/api/v1/services?q=paspoort&municipality=GM0344&groupBy=none&limit=100');
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(item.type).toBe('service');
      expect(item.organisation?.code.startsWith('GM') ? item.organisation.code : 'GM0344').toBe('GM0344');
    }
    const ids = body.items.map((i) => i._links['self']?.href);
    expect(ids).toContain(`/api/v1/organisations/GM0344/services/${utrechtPaspoort}`);
  });

  it('filters by organisation, audience, kind and kind of organisation', async () => {
    const own = await t.getJson<SearchBody>('/api/v1/services?q=vergunning&organisation=GM0363&groupBy=none&limit=50');
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((i) => i.organisation?.code === 'GM0363')).toBe(true);
    const water = await t.getJson<SearchBody>('/api/v1/services?q=vergunning&offeredBy=water_board&groupBy=none&limit=50');
    expect(water.body.items.every((i) => i.organisation?.code.startsWith('WS-'))).toBe(true);
    const business = await t.getJson<SearchBody>('/api/v1/services?q=vergunning&audience=business&kind=application');
    expect(business.body.total).toBeGreaterThan(0);
  });

  it('an empty query lists everything within the filters, by name', async () => {
    const { body } = await t.getJson<SearchBody>('/api/v1/services?organisation=WS-HDSR&limit=100');
    expect(body.total).toBeGreaterThan(0);
    const titles = body.items.map((i) => i.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'nl')));
  });

  it.each([
    ['unknown filter', '/api/v1/services?q=x&colour=red', 'query'],
    ['unknown municipality', '/api/v1/services?q=x&municipality=GM9999', 'query.municipality'],
    ['malformed municipality', '/api/v1/services?q=x&municipality=Utrecht', 'query.municipality'],
    ['unknown organisation', '/api/v1/services?q=x&organisation=NOPE', 'query.organisation'],
    ['query too long', `/api/v1/services?q=${'a'.repeat(201)}`, 'query.q'],
    ['limit 0', '/api/v1/services?q=x&limit=0', 'query.limit'],
    ['groupBy unknown', '/api/v1/services?q=x&groupBy=organisation', 'query.groupBy'],
  ])('%s → 400 problem naming the parameter', async (_label, url, field) => {
    const res = await t.request({ method: 'GET', url, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const names = res.json<{ invalidParams: { name: string }[] }>().invalidParams.map((p) => p.name);
    expect(names.some((n) => n.startsWith(field))).toBe(true);
  });

  it('injection attempts are just words: nothing found, nothing broken', async () => {
    for (const q of ["' OR 1=1 --", '"paspoort" OR "*"', 'NEAR(a b)', '\\x00', '); drop table service; --', 'a:b title:paspoort']) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/services?q=${encodeURIComponent(q)}`,
        headers: { accept: 'application/json' },
      });
      expect(res.statusCode, q).toBeLessThan(500);
    }
    const count = await sql<{ n: number }>`select count(*) as n from service`.execute(t.database.db);
    expect(Number(count.rows[0]?.n)).toBeGreaterThan(160_000);
  });

  it('random query strings never give a 5xx (fast-check)', async () => {
    const key = fc.constantFrom('q', 'municipality', 'organisation', 'audience', 'kind', 'offeredBy', 'groupBy', 'limit', 'offset', 'x');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, fc.string({ maxLength: 300 })), { maxLength: 6 }), async (pairs) => {
        const params = new URLSearchParams(pairs);
        for (const url of [`/api/v1/services?${params.toString()}`, `/diensten?${params.toString()}`]) {
          const res = await t.request({ method: 'GET', url });
          expect(res.statusCode, url).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('GET /api/v1/services/suggestions', () => {
  it('completes the word being typed into service names', async () => {
    const { status, body } = await t.getJson<{ items: { title: string }[] }>('/api/v1/services/suggestions?q=paspo');
    expect(status).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(8);
    expect(body.items.map((i) => i.title)).toContain('Paspoort');
    const typo = await t.getJson<{ items: { title: string }[] }>('/api/v1/services/suggestions?q=parkeervergunnig');
    expect(typo.body.items[0]?.title).toBe('Parkeervergunning');
    expect((await t.getJson('/api/v1/services/suggestions?q=x&limit=3')).status).toBe(400);
    expect((await t.getJson<{ items: unknown[] }>('/api/v1/services/suggestions?q=qqqzzz')).body.items).toEqual([]);
  });
});

describe('GET /api/v1/organisations/{code}/services/{id}', () => {
  it('gives every AP05 element of a published service', async () => {
    const { status, body } = await t.getJson<Record<string, unknown>>(`/api/v1/organisations/GM0344/services/${utrechtPaspoort}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      title: 'Paspoort',
      organisation: { code: 'GM0344' },
      upl: { uri: paspoortUri },
      description: {
        responsibleOrganisation: { code: 'GM0344' },
        decisionTerm: { weeks: 8, basis: 'awb_default', citation: expect.stringMatching(/4:13/) as unknown },
        legalBases: [{ label: 'Artikel 26 Paspoortwet' }],
      },
    });
  });

  it('answers 404 for a draft, an unknown id and another organisation, 400 for a malformed id', async () => {
    expect((await t.getJson(`/api/v1/organisations/${draft.organisationCode}/services/${draft.id}`)).status).toBe(404);
    expect((await t.getJson('/api/v1/organisations/GM0344/services/01900000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await t.getJson(`/api/v1/organisations/GM0363/services/${utrechtPaspoort}`)).status).toBe(404);
    expect((await t.getJson('/api/v1/organisations/GM0344/services/not-a-uuid')).status).toBe(400);
  });
});

describe('life events', () => {
  it('lists them with their products and names, in Dutch and English', async () => {
    const nl = await t.getJson<{ items: { slug: string; name: string; steps: { upl: { name: string } }[] }[] }>('/api/v1/life-events');
    expect(nl.body.items.map((e) => e.slug)).toContain('verhuizen');
    expect(nl.body.items.every((e) => e.steps.every((s) => s.upl.name !== ''))).toBe(true);
    const en = await t.getJson<{ name: string }>('/api/v1/life-events/verhuizen?lang=en');
    expect(en.body.name).toMatch(/mov/i);
    expect((await t.getJson('/api/v1/life-events/bestaat-niet')).status).toBe(404);
    expect((await t.getJson('/api/v1/life-events/Bad_Slug!')).status).toBe(400);
  });
});

describe('exports', () => {
  it('Samenwerkende Catalogi 4.0: one scproduct per published service of the organisation', async () => {
    const res = await t.request('/api/v1/organisations/GM0344/exports/samenwerkende-catalogi');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    const published = await sql<{
      n: number;
    }>`select count(*) as n from service where organisation_code = 'GM0344' and status = 'published'`.execute(t.database.db);
    expect(res.body.match(/<overheidproduct:scproduct /g)?.length).toBe(Number(published.rows[0]?.n));
    expect(res.body).toContain('Paspoort');
  });

  it('JSON: every published service with its description; 404 for an unknown organisation', async () => {
    const { status, body } = await t.getJson<{ format: string; services: { title: string }[] }>('/api/v1/organisations/PV26/exports/json');
    expect(status).toBe(200);
    expect(body.format).toBe('loket-catalog-export');
    expect(body.services.length).toBeGreaterThan(10);
    expect((await t.getJson('/api/v1/organisations/GM9999/exports/json')).status).toBe(404);
  });

  it('loket export catalog CODE [--format sc|json]', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      clock: t.ctx.clock,
      database: () => Promise.resolve(t.database),
    };
    expect(await exportCommand(['catalog', 'WS-HDSR', '--format', 'json'], env)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ organisation: { code: 'WS-HDSR' } });
    out.length = 0;
    expect(await exportCommand(['catalog', 'ws-hdsr'], env)).toBe(0);
    expect(out.join('\n')).toMatch(/^<\?xml/);
    expect(await exportCommand(['catalog', 'GM9999'], env)).toBe(2);
    expect(err.at(-1)).toMatch(/Er is geen organisatie met code GM9999/);
    expect(await exportCommand(['catalogus', 'GM0344'], env)).toBe(2);
    expect(await exportCommand(['catalog', 'GM0344', '--format', 'pdf'], env)).toBe(2);
  });
});

describe('pages', () => {
  it('search page: results, the municipality choice and the Dutch error summary', async () => {
    const ok = await t.request('/diensten?q=paspoort+kwijt');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('>Paspoort</a>');
    const mine = await t.request('/diensten?q=parkeervergunning&gemeente=GM0344');
    expect(mine.body).toContain('Aangeboden door Utrecht');
    const bad = await t.request('/diensten?q=x&gemeente=GM9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Kies een gemeente uit de lijst.');
  });

  it('service page with its description; drafts and unknown services are not found', async () => {
    const page = await t.request(`/diensten/GM0344/${utrechtPaspoort}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Kosten', 'Wanneer hoort u iets?', 'Artikel 26 Paspoortwet', 'Awb 4:13 lid 2']) expect(page.body).toContain(text);
    expect((await t.request(`/diensten/${draft.organisationCode}/${draft.id}`)).statusCode).toBe(404);
    expect((await t.request('/diensten/GM0344/niet-bestaand')).statusCode).toBe(404);
  });

  it('product page and life events', async () => {
    const product = await t.request('/diensten/product/paspoort?gemeente=GM0344');
    expect(product.statusCode).toBe(200);
    expect(product.body).toContain(`/diensten/GM0344/${utrechtPaspoort}`);
    expect((await t.request('/diensten/product/bestaat_niet')).statusCode).toBe(404);
    const event = await t.request('/levensgebeurtenissen/verhuizen?gemeente=GM0344');
    expect(event.statusCode).toBe(200);
    expect(event.body).toContain('Aangeboden door Utrecht');
    expect((await t.request('/levensgebeurtenissen/bestaat-niet')).statusCode).toBe(404);
    const home = await t.request('/');
    expect(home.body).toContain('action="/diensten"');
  });
});
