// The demo mandates: made through the real use cases after the registry and catalog demo, once,
// telling the story of the demo identities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { sql } from '../../platform/db/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { openTestContext, publishedServices, seedCatalog, settableClock, type TestContext } from '../delivery/test-fixtures.ts';
import { demoBsn } from '../registry/index.ts';
import { seedDemo } from '../registry/seed/demo.ts';
import { demoMandateProducts, seedDemoMandates } from './demo.ts';
import { actingOptions, authorizeActing, myOverview } from './service.ts';
import { businessPrincipal, mandateRowCounts, personPrincipal, rowCount } from './test-fixtures.ts';

const clock = settableClock('2026-11-30T10:00:00Z');
let ctx: TestContext;

const kvk = { kapsalon: '90000000', noordlicht: '90000001', dewit: '90000002' };

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'mandates-demo', clock);
  await seedCatalog(ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, (products) =>
    products.filter((p) => demoMandateProducts.includes(p.uri)),
  );
}, 120_000);
afterAll(() => ctx.database.cleanup());

describe('demo mandates', () => {
  it('wait for the registry, then seed once', async () => {
    // app.ts seeds the modules in their order; without the registry's persons nothing is seeded yet.
    await seedDemoMandates(ctx);
    expect(await rowCount(ctx.database.db, 'mandate')).toBe(0);

    await seedDemo(ctx.database, ctx.clock);
    await seedDemoMandates(ctx);
    const counts = await mandateRowCounts(ctx.database.db);
    expect(counts['mandate']).toBe(7);
    expect(counts['mandate_service_set']).toBe(1);
    await seedDemoMandates(ctx); // idempotent
    expect(await mandateRowCounts(ctx.database.db)).toEqual(counts);
  }, 120_000);

  it('Sanne sees what she gave and what waits for her', async () => {
    const r = await myOverview(ctx, personPrincipal({ bsn: demoBsn.sanne, name: 'Sanne de Vries' }));
    if (!r.ok) throw new Error(r.failure.code);
    const granted = r.value.granted.map((v) => [v.mandataryName, v.standing]).sort();
    expect(granted).toEqual([
      ['Priya Sharma', 'ended'],
      ['Tom Peters', 'expired'],
      ['Tom Peters', 'in_force'],
    ]);
    expect(r.value.granted.find((v) => v.standing === 'ended')?.scopeTitle).toBe('Belastingen');
    expect(r.value.received.map((v) => [v.mandatorName, v.standing, v.may.accept])).toEqual([['Willem de Graaf', 'not_accepted', true]]);
    // Tom may switch to acting for Sanne.
    const options = await actingOptions(ctx, personPrincipal({ bsn: demoBsn.tom, name: 'Tom Peters' }));
    expect(options.ok && options.value.map((o) => o.party.id)).toContain(demoBsn.sanne);
    // The expiry was told once.
    expect(await rowCount(ctx.database.db, 'event_outbox', sql`type = 'mandate.expired'`)).toBe(1);
  });

  it("Noordlicht waits for Ayşe's signature; the administratiekantoor's employee handles Kapsalon Yılmaz's advertising tax", async () => {
    const ayse = await myOverview(ctx, businessPrincipal({ kvkNumber: kvk.noordlicht }, { bsn: demoBsn.ayse }));
    if (!ayse.ok) throw new Error(ayse.failure.code);
    expect(ayse.value.granted.map((v) => [v.mandate.status, v.mandataryName, v.may.sign])).toEqual([
      ['awaiting_signature', 'De Wit & Hoekstra V.O.F.', true],
    ]);
    // Any municipality's advertising tax (reclamebelasting): the mandate names the product.
    const tax = (await publishedServices(ctx.database.db)).find((s) => s.uplUri.endsWith('/reclamebelasting'));
    if (!tax) throw new Error('no published advertising tax');
    const a = await authorizeActing(ctx, businessPrincipal({ kvkNumber: kvk.dewit }, { bsn: demoBsn.thomas }), {
      action: 'apply',
      subject: { kind: 'business', id: kvk.kapsalon },
      service: { organisationCode: tax.organisationCode, serviceId: tax.id },
    });
    if (!a.ok) throw new Error(JSON.stringify(a.failure));
    expect(a.value.basis.kind === 'mandate' && a.value.basis.chain.map((l) => l.kind)).toEqual(['mandate', 'mandate']);
  });
});
