// The demo cases: made through the real use cases, for the demo citizen and the demo case handler, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { demoBsn, demoOfficialId } from '../registry/index.ts';
import { demoCaseProducts, seedDemoCases } from './demo.ts';
import { listMyCases, workQueue } from './service.ts';
import { caseHandlerOf, openTestContext, personPrincipal, seedCatalog, type TestContext } from './test-fixtures.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'delivery-demo', fixedClock('2026-11-30T10:00:00Z'));
  await seedCatalog(ctx, { parseUplCsv, shippedUplFile, importUpl, generateCatalog }, (products) =>
    products.filter((p) => demoCaseProducts.some((w) => p.uri.endsWith(`/${w}`))),
  );
}, 60_000);
afterAll(() => ctx.database.cleanup());

describe('demo cases', () => {
  it('gives the demo citizen three cases in different states and the demo case handler a queue, once', async () => {
    await seedDemoCases(ctx);
    await seedDemoCases(ctx); // idempotent
    const sanne = personPrincipal(demoBsn.sanne, 'Demo');
    const mine = await listMyCases(ctx, sanne, {});
    expect(mine.ok && mine.value.items.map((c) => c.status).sort()).toEqual(['awaiting_information', 'decided', 'in_progress']);
    const femke = caseHandlerOf('GM0363', demoOfficialId.caseHandler);
    const queue = await workQueue(ctx, femke, {});
    expect(queue.ok && queue.value.total).toBeGreaterThanOrEqual(6);
    // The oldest pending case is past its due date: something to give notice of default about.
    expect(queue.ok && queue.value.items[0]?.dueDate !== null && String(queue.value.items[0]?.dueDate) < '2026-11-30').toBe(true);
  });
});
