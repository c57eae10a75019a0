// Registry: the shared registers (organisations now; persons, businesses and officials follow).
import type { LoketModule } from '../../platform/module.ts';
import { registerOrganisationPages, organisationsPath } from './pages.tsx';
import { referenceOrganisations } from './reference.ts';
import { registerOrganisationRoutes } from './routes.ts';
import { importOrganisations } from './service.ts';
import { peopleMigrations } from './people/store.ts';
import { registryMigrations } from './store.ts';
import { registerIdentityPages } from './identity/pages.tsx';
import type { DemoIdentity } from './identity/model.ts';

/** The demo login's identities; filled by the demo seed (LOKET_DEMO=1 only). */
const demoIdentities: readonly DemoIdentity[] = [];

export type { Organisation, OrganisationType } from './model.ts';
export { listOrganisations, getOrganisation } from './service.ts';

export const registryModule: LoketModule = {
  name: 'registry',
  nav: {
    href: organisationsPath,
    label: { nl: 'Organisaties', en: 'Organisations' },
    description: { nl: 'Alle overheidsorganisaties die via Loket diensten aanbieden.', en: 'Every government organisation offering services through Loket.' },
  },
  migrations: { ...registryMigrations, ...peopleMigrations },
  loadReferenceData: async (ctx) => {
    await importOrganisations(ctx, referenceOrganisations());
  },
  register: (app, ctx) => {
    registerOrganisationRoutes(app, ctx);
    registerOrganisationPages(app, ctx);
    registerIdentityPages(app, ctx, { oidc: false, demo: ctx.config.demo ? demoIdentities : undefined });
  },
};
