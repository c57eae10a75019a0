// The catalog on a real database (LOKET_TEST_DB=sqlite|postgres): UPL import, the generated catalog, the command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { auditTrail } from '../../platform/audit/index.ts';
import { inTransaction, readCount, sql } from '../../platform/db/index.ts';
import { EventBus } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ProcessingLog } from '../../platform/processing-log/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { importCommand, type ImportIo } from './cli.ts';
import { catalogModule } from './index.ts';
import { completeness, parseUplCsv, uplPlaceholderUri, type UplProduct } from './model.ts';
import { shippedUplFile } from './reference.ts';
import { reindexServices, searchServices } from './search.ts';
import { catalogCounts, generateCatalog, importUpl, servicesPerType } from './service.ts';
import * as store from './store.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
const clock = fixedClock('2026-11-29T10:00:00Z');
const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const products = parsed.products;
const expected = (flag: keyof UplProduct['offeredBy']): number =>
  products.filter((p) => p.offeredBy[flag] && p.uri !== uplPlaceholderUri).length;

let database: TestDatabase;
let ctx: ModuleContext;
beforeAll(async () => {
  database = await createTestDatabase('catalog');
  const config = testConfig();
  await prepareDatabase(database, config, clock);
  ctx = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog('test-secret-test-secret-test-secret-0123') };
});
afterAll(() => database.cleanup());

const auditCount = async (action: string): Promise<number> =>
  readCount(
    (
      await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', action)
        .executeTakeFirst()
    )?.n,
  );
const rowCount = async (table: string): Promise<number> =>
  readCount((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n);

describe('importUpl', () => {
  it('imports every product with its legal bases, one audit record per product', async () => {
    const progress: number[] = [];
    const r = await importUpl(ctx, products, { onProgress: (p) => progress.push(p.done) });
    expect(r).toEqual({ inserted: 1141, updated: 0, unchanged: 0, absent: 0 });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1141);
    expect(await rowCount('upl_product')).toBe(1141);
    expect(await rowCount('upl_legal_basis')).toBe(products.reduce((n, p) => n + p.legalBases.length, 0));
    expect(await auditCount('catalog.upl_product_imported')).toBe(1141);
    // What goes in comes out.
    expect(await store.allProducts(database.db)).toEqual([...products].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)));
  });

  it('is idempotent: a second import changes nothing, duplicates nothing and writes no audit record', async () => {
    const audits = await rowCount('audit_log');
    expect(await importUpl(ctx, products)).toEqual({ inserted: 0, updated: 0, unchanged: 1141, absent: 0 });
    expect(await rowCount('upl_product')).toBe(1141);
    expect(await rowCount('upl_legal_basis')).toBe(products.reduce((n, p) => n + p.legalBases.length, 0));
    expect(await rowCount('audit_log')).toBe(audits);
  });

  it('updates a changed product in place and audits the change', async () => {
    const uri = 'http://standaarden.overheid.nl/owms/terms/paspoort';
    const changed = products.map((p) =>
      p.uri === uri
        ? { ...p, name: 'paspoort (nieuw)', legalBases: [...p.legalBases, { uri: null, label: 'Artikel 27 Paspoortwet', link: null }] }
        : p,
    );
    expect(await importUpl(ctx, changed)).toEqual({ inserted: 0, updated: 1, unchanged: 1140, absent: 0 });
    expect(await store.findProduct(database.db, uri)).toMatchObject({
      name: 'paspoort (nieuw)',
      legalBases: [{ label: 'Artikel 26 Paspoortwet' }, { label: 'Artikel 27 Paspoortwet' }],
    });
    expect(await rowCount('upl_product')).toBe(1141);
    const trail = await auditTrail(database.db, 'upl_product', uri);
    expect(trail.map((a) => a.action)).toEqual(['catalog.upl_product_imported', 'catalog.upl_product_updated']);
    expect(trail[1]?.details).toMatchObject({ name: 'paspoort (nieuw)', previousName: 'paspoort' });
    // Back to the shipped list; a product missing from the file is reported, not deleted.
    expect(
      await importUpl(
        ctx,
        products.filter((p) => p.name !== 'aanleunwoning'),
      ),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 1139, absent: 1 });
    expect(await rowCount('upl_product')).toBe(1141);
  });

  it('refuses a list with the same URI twice and writes nothing', async () => {
    const first = products[0];
    if (!first) throw new Error('no products');
    await expect(importUpl(ctx, [first, { ...first, name: 'x' }])).rejects.toThrow(/appears twice/);
  });
});

describe('generateCatalog', () => {
  it('gives every organisation the products of its kind, each Rijk product exactly one national organisation', async () => {
    const started = performance.now();
    const r = await generateCatalog(ctx);
    const ms = performance.now() - started;
    const perType = {
      municipality: expected('municipality') * 342,
      province: expected('province') * 12,
      water_board: expected('waterBoard') * 21,
      national: expected('national'),
    };
    expect(r.createdPerType.municipality).toBe(perType.municipality);
    expect(r.createdPerType.province).toBe(perType.province);
    expect(r.createdPerType.water_board).toBe(perType.water_board);
    expect(r.createdPerType.ministry + r.createdPerType.agency).toBe(perType.national);
    expect(r.created).toBe(perType.municipality + perType.province + perType.water_board + perType.national);
    expect(r.created).toBeGreaterThan(160_000);
    expect(await servicesPerType(ctx)).toEqual(r.createdPerType);
    expect(await catalogCounts(ctx)).toEqual({ products: 1141, services: r.created, descriptions: r.created });
    expect(await auditCount('catalog.catalog_generated')).toBe(1);
    console.info(
      `generateCatalog (${database.dialect}): ${r.created} services in ${Math.round(ms)} ms`,
      r.createdPerType,
      `fallbacks ${r.nationalFallbacks}`,
    );

    // AP27: one responsible organisation per Rijk product, and it is the national organisation offering it.
    const national = [
      'MIN-AZ',
      'MIN-BZ',
      'MIN-BZK',
      'MIN-DEF',
      'MIN-EZ',
      'MIN-FIN',
      'MIN-IENW',
      'MIN-JENV',
      'MIN-KGG',
      'MIN-LVVN',
      'MIN-OCW',
      'MIN-SZW',
      'MIN-VRO',
      'MIN-VWS',
    ];
    const agencies = ['UWV', 'SVB', 'BD', 'DUO', 'RDW', 'KVK', 'IND', 'CAK', 'RVO', 'LOGIUS', 'RVIG', 'CJIB'];
    const responsible = await store.responsibleOrganisationsPerProduct(database.db, [...national, ...agencies]);
    expect(responsible.size).toBe(perType.national);
    for (const [, codes] of responsible) expect(codes).toHaveLength(1);
    const rijbewijs = await store.servicesOfProduct(database.db, 'http://standaarden.overheid.nl/owms/terms/rijbewijs');
    expect(rijbewijs.filter((s) => !s.organisationCode.startsWith('GM')).map((s) => s.organisationCode)).toEqual(['RDW']);
    expect(rijbewijs.filter((s) => s.organisationCode.startsWith('GM'))).toHaveLength(342);
  }, 120_000);

  it('writes complete demo descriptions and publishes them; one in 20 stays an incomplete draft', async () => {
    const [utrecht] = (await store.servicesOfProduct(database.db, 'http://standaarden.overheid.nl/owms/terms/paspoort')).filter(
      (s) => s.organisationCode === 'GM0344',
    );
    if (!utrecht) throw new Error('Utrecht offers no paspoort');
    expect(await store.findService(database.db, 'GM0344', utrecht.id)).toMatchObject({
      title: 'Paspoort',
      status: 'published',
      localText: null,
    });
    const d = await store.findDescription(database.db, 'GM0344', utrecht.id);
    if (!d) throw new Error('no description');
    expect(d).toMatchObject({ responsibleOrganisationCode: 'GM0344', version: 1, statutoryDecisionTermWeeks: null, mandatable: false });
    expect(d.legalBases.map((b) => b.label)).toEqual(['Artikel 26 Paspoortwet']);
    expect(completeness(d)).toEqual({ complete: true, missing: [], problems: [] });
    expect(d.costs?.[0]?.label).toMatch(/voorbeeldbedrag/);

    const statuses = await sql<{ status: string; n: number }>`select status, count(*) as n from service group by status`.execute(
      database.db,
    );
    const count = (status: string): number => readCount(statuses.rows.find((r) => r.status === status)?.n);
    const total = count('published') + count('draft');
    expect(count('draft') / total).toBeGreaterThan(0.03);
    expect(count('draft') / total).toBeLessThan(0.08);
    // Every published service is complete; every draft misses something.
    const sample = await sql<{
      organisation_code: string;
      id: string;
      status: string;
    }>`select organisation_code, id, status from service where organisation_code in ('GM0344', 'RDW', 'PV26', 'WS-HDSR')`.execute(
      database.db,
    );
    for (const row of sample.rows) {
      const description = await store.findDescription(database.db, row.organisation_code, row.id);
      if (!description) throw new Error('no description');
      expect(completeness(description).complete).toBe(row.status === 'published');
    }
  });

  it('adds only what is missing when run again', async () => {
    const before = await rowCount('service');
    expect(await generateCatalog(ctx)).toMatchObject({ created: 0 });
    expect(await rowCount('service')).toBe(before);
    expect(await auditCount('catalog.catalog_generated')).toBe(1);
  });

  it('the database refuses lex silencio together with the dwangsom (Awb 4:20a lid 2)', async () => {
    await expect(
      sql`update service_description set silence_consent_applies = ${database.dialect === 'postgres' ? sql`true` : sql`1`}, dwangsom_applies = ${database.dialect === 'postgres' ? sql`true` : sql`1`} where organisation_code = 'GM0344'`.execute(
        database.db,
      ),
    ).rejects.toThrow(/check/i);
  });

  it('seedDemo leaves a catalog with services alone', async () => {
    const before = await rowCount('service');
    await catalogModule.seedDemo?.(ctx);
    expect(await rowCount('service')).toBe(before);
  });
});

interface RelevanceQuery {
  query: string;
  expect: string[];
  kind: string;
}
const relevance = JSON.parse(fs.readFileSync(path.resolve('data/catalog/relevance-queries.json'), 'utf8')) as { queries: RelevanceQuery[] };

describe('search across the generated catalog', () => {
  const misses: string[] = [];
  afterAll(() => {
    if (misses.length > 0) console.info(`relevance misses (${database.dialect}):`, misses);
  });

  it.each(relevance.queries.map((q) => [q.kind, q.query, q] as const))(
    '%s query "%s" has an expected product in the top 5',
    async (_k, _q, q) => {
      const found = await searchServices(ctx, { q: q.query, groupBy: 'upl', limit: 5, offset: 0 });
      if (!found.ok || found.value.groupBy !== 'upl') throw new Error('search refused');
      const top = found.value.items.map((i) => i.uplUri);
      if (!q.expect.some((uri) => top.includes(uri))) misses.push(`${q.query} → ${top.join(', ')}`);
      expect(top.some((uri) => q.expect.includes(uri))).toBe(true);
    },
  );

  it("a citizen's municipality: that municipality's service and the national ones, not 341 copies", async () => {
    const found = await searchServices(ctx, { q: 'paspoort', municipality: 'GM0344', groupBy: 'none', limit: 100, offset: 0 });
    if (!found.ok || found.value.groupBy !== 'none') throw new Error('search refused');
    const organisations = new Set(found.value.items.map((i) => i.organisation.code));
    expect([...organisations].filter((c) => c.startsWith('GM'))).toEqual(['GM0344']);
    expect(organisations.has('PV27')).toBe(false); // Noord-Holland does not serve Utrecht
    const grouped = await searchServices(ctx, { q: 'paspoort', municipality: 'GM0344', groupBy: 'upl', limit: 100, offset: 0 });
    if (!grouped.ok || grouped.value.groupBy !== 'upl') throw new Error('search refused');
    expect(grouped.value.items.reduce((n, i) => n + i.services, 0)).toBe(found.value.total);
    const all = await searchServices(ctx, { q: 'paspoort', groupBy: 'upl', limit: 1, offset: 0 });
    if (!all.ok || all.value.groupBy !== 'upl') throw new Error('search refused');
    expect(all.value.items[0]).toMatchObject({ uplUri: 'http://standaarden.overheid.nl/owms/terms/paspoort' });
    expect(all.value.items[0]?.services).toBeGreaterThan(300);
  });

  it('refuses an unknown municipality or organisation, and finds nothing for words no service holds', async () => {
    expect(await searchServices(ctx, { q: 'x', municipality: 'GM9999', groupBy: 'upl', limit: 5, offset: 0 })).toMatchObject({ ok: false });
    expect(await searchServices(ctx, { q: 'x', organisation: 'NOPE', groupBy: 'upl', limit: 5, offset: 0 })).toMatchObject({ ok: false });
    const none = await searchServices(ctx, { q: 'qqqqzzzz xxyyxx', groupBy: 'upl', limit: 5, offset: 0 });
    expect(none).toMatchObject({ ok: true, value: { total: 0, items: [] } });
  });

  it('a re-import that renames a product makes its services findable by the new name', async () => {
    const uri = 'http://standaarden.overheid.nl/owms/terms/toeristenbelasting';
    const found = async (q: string): Promise<number> => {
      const r = await searchServices(ctx, { q, groupBy: 'upl', limit: 5, offset: 0 });
      return r.ok && r.value.groupBy === 'upl' ? (r.value.items.find((i) => i.uplUri === uri)?.services ?? 0) : 0;
    };
    expect(await found('logeerheffing')).toBe(0);
    const renamed = products.map((p) => (p.uri === uri ? { ...p, name: 'toeristenbelasting logeerheffing' } : p));
    await importUpl(ctx, renamed);
    expect(await found('logeerheffing')).toBeGreaterThan(300);
    await importUpl(ctx, products);
    expect(await found('logeerheffing')).toBe(0);
  });

  it('follows a change: own text makes a document of its own, unpublishing takes the service out', async () => {
    const [utrecht] = (await store.servicesOfProduct(database.db, 'http://standaarden.overheid.nl/owms/terms/hondenbelasting')).filter(
      (s) => s.organisationCode === 'GM0344',
    );
    if (!utrecht) throw new Error('Utrecht has no hondenbelasting');
    const key = { organisationCode: 'GM0344', serviceId: utrecht.id };
    const word = 'domkerkhondenpenning';
    const hits = async (q: string): Promise<string[]> => {
      const r = await searchServices(ctx, { q, groupBy: 'none', limit: 100, offset: 0 });
      return r.ok && r.value.groupBy === 'none' ? r.value.items.map((i) => `${i.organisation.code} ${i.serviceId}`) : [];
    };
    expect(await hits(word)).toEqual([]);
    await inTransaction(database.db, async (trx) => {
      await sql`update service set local_text = ${`Betaal met de ${word}.`}, status = 'published' where organisation_code = 'GM0344' and id = ${utrecht.id}`.execute(
        trx,
      );
      await reindexServices(trx, ctx, [key]);
    });
    expect(await hits(word)).toEqual([`GM0344 ${utrecht.id}`]);
    await inTransaction(database.db, async (trx) => {
      await sql`update service set status = 'retired' where organisation_code = 'GM0344' and id = ${utrecht.id}`.execute(trx);
      await reindexServices(trx, ctx, [key]);
    });
    expect(await hits(word)).toEqual([]);
    expect(await hits('hondenbelasting')).not.toContain(`GM0344 ${utrecht.id}`);
  });
});

describe('loket import upl', () => {
  function capture(isTTY: boolean): ImportIo & { stdout: string[]; stderr: string[]; raw: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const raw: string[] = [];
    return { stdout, stderr, raw, isTTY, out: (l) => stdout.push(l), err: (l) => stderr.push(l), write: (t) => raw.push(t) };
  }
  const context = (): Promise<{ database: TestDatabase; clock: typeof clock }> => Promise.resolve({ database, clock });

  it('imports the file, with progress on stderr and the summary on stdout (exit 0)', async () => {
    const io = capture(false);
    expect(await importCommand(['upl', shippedUplFile], io, context)).toBe(0);
    expect(io.stderr[0]).toBe('1.252 regels gelezen: 1.141 producten.');
    expect(io.stderr.slice(1).every((l) => /^\[[█░]{24}\] +\d+ % {2}[\d.]+ \/ 1\.141 producten$/.test(l))).toBe(true);
    expect(io.stderr.at(-1)).toMatch(/100 % {2}1\.141 \/ 1\.141 producten/);
    expect(io.stdout).toEqual([expect.stringMatching(/^UPL ingelezen in [\d,]+ s: 0 nieuw, 0 gewijzigd, 1\.141 ongewijzigd\.$/)]);
    expect(io.raw).toEqual([]);
  });

  it('redraws the bar in place on a terminal', async () => {
    const io = capture(true);
    expect(await importCommand(['upl', shippedUplFile], io, context)).toBe(0);
    expect(io.raw.length).toBeGreaterThan(2);
    expect(io.raw.every((t) => t.startsWith('\r'))).toBe(true);
    expect(io.raw.at(-1)).toMatch(/100 %.*\n$/);
    expect(io.stdout[0]).toMatch(/0 nieuw, 0 gewijzigd, 1\.141 ongewijzigd/);
  });

  it('answers wrong arguments and bad files with exit 2 and a Dutch message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upl-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'naam,URI\nx,y\n');
    const cases: [string[], RegExp][] = [
      [[], /Geef het bestand op/],
      [['upl'], /Geef het bestand op/],
      [['gemeenten', 'x.csv'], /Onbekend soort import: gemeenten/],
      [['upl', 'a.csv', 'b.csv'], /Gebruik: loket import upl/],
      [['upl', path.join(dir, 'missing.csv')], /kan niet worden gelezen/],
      [['upl', bad], /geen geldige UPL-lijst/],
    ];
    for (const [args, message] of cases) {
      const io = capture(false);
      expect(await importCommand(args, io, context)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
      expect(io.stdout).toEqual([]);
    }
    const help = capture(false);
    expect(await importCommand(['--help'], help, context)).toBe(0);
    expect(help.stdout[0]).toMatch(/^Gebruik: loket import upl BESTAND/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are the `import` and `export` commands of the catalog module', () => {
    expect(Object.keys(catalogModule.commands ?? {})).toEqual(['import', 'export']);
  });
});
