// Registry: the shared registers (organisations now; persons, businesses and officials follow).
import type { LoketModule } from '../../platform/module.ts';
import { registerOrganisationPages, organisationsPath } from './pages.tsx';
import { referenceOrganisations } from './reference.ts';
import { registerOrganisationRoutes } from './routes.ts';
import { importOrganisations } from './service.ts';
import { registerPeoplePages } from './people/pages.tsx';
import { registerPeopleRoutes } from './people/routes.ts';
import { peopleMigrations } from './people/store.ts';
import { registryMigrations } from './store.ts';
import { registerIdentityPages } from './identity/pages.tsx';
import { registerOidcLogin } from './identity/oidc.ts';
import { demoIdentities } from './seed/demo.ts';

export type { Organisation, OrganisationType } from './model.ts';
export { listOrganisations, getOrganisation } from './service.ts';
export type { Address, Person, Business, Official } from './people/model.ts';
export type { Matter, RepresentationBasis } from './people/policy.ts';
export { findPerson, representedBy, officialRoles } from './people/service.ts';

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
  register: async (app, ctx) => {
    registerOrganisationRoutes(app, ctx);
    registerOrganisationPages(app, ctx);
    registerPeopleRoutes(app, ctx);
    registerPeoplePages(app, ctx);
    registerIdentityPages(app, ctx, { oidc: await registerOidcLogin(app, ctx), demo: ctx.config.demo ? demoIdentities : undefined });
  },
};
