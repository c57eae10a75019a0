// catalog: Every service of every government body, accurately described (NORA AP05), found with
// one search: the UPL (import, `loket import upl FILE`), services with their descriptions, the
// search across all organisations, life events, exports (Samenwerkende Catalogi 4.0, JSON),
// citizens' feedback and wishes (feedback/), and organisations managing their own services (manage/).
import fs from 'node:fs';
import type { LoketModule } from '../../platform/module.ts';
import { exportCommand, importCommand } from './cli.ts';
import { registerFeedbackPages } from './feedback/pages.tsx';
import { registerFeedbackRoutes } from './feedback/routes.ts';
import { feedbackMigrations } from './feedback/store.ts';
import { registerManagePages } from './manage/pages.tsx';
import { registerManageRoutes } from './manage/routes.ts';
import { catalogMessages } from './messages.ts';
import { parseUplCsv } from './model.ts';
import { registerCatalogPages } from './pages.tsx';
import { catalogPaths } from './paths.ts';
import { shippedUplFile } from './reference.ts';
import { registerCatalogRoutes } from './routes.ts';
import { catalogIndex } from './search.ts';
import { catalogMigrations, hasServices } from './store.ts';
import { generateCatalog, importUpl } from './service.ts';

export type { ElementCode, Service, ServiceDescription, ServiceStatus, UplProduct } from './model.ts';
export { completeness } from './model.ts';
export { catalogPaths, catalogApi } from './paths.ts';
export {
  getPublicService,
  productNames,
  publishedServiceOf,
  publishedServiceTitles,
  serviceAccessFacts,
  type PublicService,
} from './service.ts';
export { searchServices } from './search.ts';

const nl = catalogMessages('nl');
const en = catalogMessages('en');

export const catalogModule: LoketModule = {
  name: 'catalog',
  nav: {
    href: catalogPaths.search,
    label: { nl: 'Diensten', en: 'Services' },
    description: {
      nl: 'Alle diensten van alle overheden, met één zoekvraag te vinden. Ook per levensgebeurtenis.',
      en: 'Every service of every government body, found with one search. Also by life event.',
    },
    search: {
      action: catalogPaths.search,
      label: { nl: nl.homeSearchLabel, en: en.homeSearchLabel },
      hint: { nl: nl.homeSearchHint, en: en.homeSearchHint },
      button: { nl: nl.searchButton, en: en.searchButton },
    },
  },
  migrations: { ...catalogMigrations, ...catalogIndex.migrations(), ...feedbackMigrations },
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
    export: {
      summary: 'schrijf de dienstencatalogus van een organisatie: loket export catalog CODE [--format sc|json]',
      run: (args, env) => exportCommand(args, env),
    },
  },
  register: (app, ctx) => {
    registerCatalogRoutes(app, ctx);
    registerCatalogPages(app, ctx);
    registerFeedbackRoutes(app, ctx);
    registerFeedbackPages(app, ctx);
    registerManageRoutes(app, ctx);
    registerManagePages(app, ctx);
  },
};
