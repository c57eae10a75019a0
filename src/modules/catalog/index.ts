// catalog: Every service of every government body, found with one search.
// Its screens and API are built in their own issue; until then it shows what it will offer.
// Groundwork in place: the UPL (import, `loket import upl FILE`), services with AP05 descriptions,
// the generated demo catalog (seedDemo).
import fs from 'node:fs';
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';
import { importCommand } from './cli.ts';
import { parseUplCsv } from './model.ts';
import { shippedUplFile } from './reference.ts';
import { catalogMigrations, hasServices } from './store.ts';
import { generateCatalog, importUpl } from './service.ts';

export type { ElementCode, Service, ServiceDescription, ServiceStatus, UplProduct } from './model.ts';
export { completeness } from './model.ts';

const section: SiteSection = {
  href: '/diensten',
  label: { nl: 'Diensten', en: 'Services' },
  description: {
    nl: 'Alle diensten van alle overheden, met één zoekvraag te vinden.',
    en: 'Every service of every government body, found with one search.',
  },
};

const plans = {
  nl: [
    'Zoeken in de diensten van gemeenten, provincies, waterschappen en het Rijk.',
    'Diensten per levensgebeurtenis, zoals verhuizen of een kind krijgen.',
    'Wensen en feedback over diensten doorgeven.',
  ],
  en: [
    'Search the services of municipalities, provinces, water boards and central government.',
    'Services per life event, such as moving house or having a child.',
    'Send wishes and feedback about services.',
  ],
};

export const catalogModule: LoketModule = {
  name: 'catalog',
  nav: section,
  migrations: catalogMigrations,
  // The shipped UPL and a catalog in which every organisation offers the products of its kind.
  seedDemo: async (ctx) => {
    if (await hasServices(ctx.database.db)) return;
    const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
    if (!parsed.ok) throw new Error(`data/upl: ${parsed.errors.join('; ')}`);
    await importUpl(ctx, parsed.products, { source: 'data/upl/UPL-actueel-2023-10.csv' });
    await generateCatalog(ctx);
  },
  commands: {
    import: {
      summary: 'lees een lijst in, nu: loket import upl BESTAND (de Uniforme Productnamenlijst)',
      run: (args, env) =>
        importCommand(args, { out: (l) => env.out(l), err: (l) => env.err(l), write: (t) => env.write(t), isTTY: env.isTTY }, async () => ({
          database: await env.database(),
          clock: env.clock,
        })),
    },
  },
  register: (app) => registerCapabilityIntro(app, section, plans),
};
