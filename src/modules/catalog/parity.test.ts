// The same catalog on SQLite and PostgreSQL side by side (when LOKET_TEST_PG_URL is set): every
// relevance query gives the same products, services, order and scores on both.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../app.ts';
import { EventBus } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ProcessingLog } from '../../platform/processing-log/index.ts';
import { testConfig } from '../../platform/testing/app.ts';
import { createTestDatabase } from '../../platform/testing/db.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { parseUplCsv } from './model.ts';
import { shippedUplFile } from './reference.ts';
import { searchServices, type ServiceSearchParams } from './search.ts';
import { generateCatalog, importUpl } from './service.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
const queries = (
  JSON.parse(fs.readFileSync(path.resolve('data/catalog/relevance-queries.json'), 'utf8')) as { queries: { query: string }[] }
).queries.map((q) => q.query);

describe.runIf(process.env['LOKET_TEST_PG_URL'])('the catalog search on SQLite and PostgreSQL', () => {
  const clock = fixedClock('2026-11-29T10:00:00Z');
  const opened: TestDatabase[] = [];
  const contexts: ModuleContext[] = [];
  const saved = process.env['LOKET_TEST_DB'];

  beforeAll(async () => {
    const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    for (const dialect of ['sqlite', 'postgres'] as const) {
      process.env['LOKET_TEST_DB'] = dialect;
      try {
        const database = await createTestDatabase(`parity-${dialect}`);
        opened.push(database);
        const config = testConfig();
        await prepareDatabase(database, config, clock);
        const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(config.secret ?? 'x') };
        await importUpl(ctx, parsed.products);
        await generateCatalog(ctx);
        contexts.push(ctx);
      } finally {
        if (saved === undefined) delete process.env['LOKET_TEST_DB'];
        else process.env['LOKET_TEST_DB'] = saved;
      }
    }
  }, 240_000);
  afterAll(async () => {
    for (const d of opened) await d.cleanup();
  });

  it('every relevance query: the same products in the same order with the same scores, also for a municipality and per service', async () => {
    const [sqlite, postgres] = contexts;
    if (!sqlite || !postgres) throw new Error('both databases are needed');
    const variants: Omit<ServiceSearchParams, 'q'>[] = [
      { groupBy: 'upl', limit: 20, offset: 0 },
      { groupBy: 'upl', municipality: 'GM0344', limit: 20, offset: 0 },
      { groupBy: 'none', municipality: 'GM0599', limit: 20, offset: 0 },
    ];
    let compared = 0;
    for (const q of queries) {
      for (const v of variants) {
        const a = await searchServices(sqlite, { ...v, q });
        const b = await searchServices(postgres, { ...v, q });
        // Service ids differ between the two generated catalogs; compare everything else.
        const strip = (r: typeof a): unknown =>
          r.ok
            ? {
                ...r.value,
                items: r.value.items.map((i) =>
                  'serviceId' in i ? { ...i, serviceId: '' } : { ...i, service: i.service ? { ...i.service, serviceId: '' } : null },
                ),
              }
            : r;
        expect(strip(b), `${q} ${JSON.stringify(v)}`).toEqual(strip(a));
        compared += 1;
      }
    }
    expect(compared).toBe(queries.length * variants.length);
  });
});
