// The demo cases: made through the real use cases, for the demo citizen and the demo case handler, once.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import type { Principal } from '../../platform/auth/model.ts';
import { EventBus } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ProcessingLog } from '../../platform/processing-log/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { parseUplCsv } from '../catalog/model.ts';
import { shippedUplFile } from '../catalog/reference.ts';
import { generateCatalog, importUpl } from '../catalog/service.ts';
import { demoBsn, demoOfficialId } from '../registry/index.ts';
import { seedDemoCases } from './demo.ts';
import { listMyCases, workQueue } from './service.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ModuleContext;
const session = { sessionId: 's', loa: 'substantial' as const, name: 'Demo' };

beforeAll(async () => {
  database = await createTestDatabase('delivery-demo');
  const config = testConfig();
  const clock = fixedClock('2026-11-30T10:00:00Z');
  await prepareDatabase(database, config, clock);
  ctx = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog('test-secret-test-secret-test-secret-0123') };
  const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const wanted = ['gehandicaptenparkeerkaart', 'kapvergunning', 'standplaatsvergunning', 'ligplaatsvergunning'];
  await importUpl(
    ctx,
    parsed.products.filter((p) => wanted.some((w) => p.uri.endsWith(`/${w}`))),
  );
  await generateCatalog(ctx);
}, 60_000);
afterAll(() => database.cleanup());

describe('demo cases', () => {
  it('gives the demo citizen three cases in different states and the demo case handler a queue, once', async () => {
    await seedDemoCases(ctx);
    await seedDemoCases(ctx); // idempotent
    const sanne: Principal = { kind: 'person', bsn: demoBsn.sanne, ...session };
    const mine = await listMyCases(ctx, sanne, {});
    expect(mine.ok && mine.value.items.map((c) => c.status).sort()).toEqual(['awaiting_information', 'decided', 'in_progress']);
    const femke: Principal = {
      kind: 'official',
      officialId: demoOfficialId.caseHandler,
      organisationCode: 'GM0363',
      roles: ['case_handler'],
      ...session,
    };
    const queue = await workQueue(ctx, femke, {});
    expect(queue.ok && queue.value.total).toBeGreaterThanOrEqual(6);
    // The oldest pending case is past its due date: something to give notice of default about.
    expect(queue.ok && queue.value.items[0]?.dueDate !== null && String(queue.value.items[0]?.dueDate) < '2026-11-30').toBe(true);
  });
});
