// Registry: the shared registers (organisations, persons, businesses, officials) and login.
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
import { demoIdentities, seedDemo } from './seed/demo.ts';
export { demoBsn, demoOfficialId } from './seed/demo.ts';
import { seedCommand, seedUsage } from './seed/cli.ts';

export type { Organisation, OrganisationType } from './model.ts';
export { organisationTypes } from './model.ts';
export { listOrganisations, getOrganisation } from './service.ts';
export type { Address, Person, Business, Official } from './people/model.ts';
export type { Matter, RepresentationBasis } from './people/policy.ts';
export {
  childrenInCareOf,
  colleaguesWithRole,
  findBusiness,
  findPerson,
  representedBy,
  officialNames,
  officialRoles,
  organisationNames,
} from './people/service.ts';
export { personsBornOn } from './people/store.ts';
export {
  businessFactsOf,
  functionariesOfBusinesses,
  functionaryPositionsOf,
  partyNames,
  representationFactsOf,
  representationsHeldBy,
} from './people/representation.ts';
export { allLegalRepresentations, type Representation } from './people/policy.ts';
export type { Authority, CourtRegistration, Functionary } from './people/model.ts';

export const registryModule: LoketModule = {
  name: 'registry',
  nav: {
    href: organisationsPath,
    label: { nl: 'Organisaties', en: 'Organisations' },
    description: {
      nl: 'Alle overheidsorganisaties die via Loket diensten aanbieden.',
      en: 'Every government organisation offering services through Loket.',
    },
  },
  migrations: { ...registryMigrations, ...peopleMigrations },
  loadReferenceData: async (ctx) => {
    await importOrganisations(ctx, referenceOrganisations());
  },
  seedDemo: async (ctx) => {
    await seedDemo(ctx.database, ctx.clock);
  },
  commands: {
    seed: {
      summary: 'vul de registers met demogegevens of met een land op schaal (zie: loket seed --help)',
      run: async (args, env) => {
        if (args.includes('--help') || args.includes('-h')) {
          env.out(seedUsage);
          return 0;
        }
        return seedCommand(args, await env.database(), env.clock, {
          out: env.out,
          err: env.err,
          write: env.write,
          isTTY: env.isTTY,
          signal: env.signal,
        });
      },
    },
  },
  register: async (app, ctx) => {
    registerOrganisationRoutes(app, ctx);
    registerOrganisationPages(app, ctx);
    registerPeopleRoutes(app, ctx);
    registerPeoplePages(app, ctx);
    registerIdentityPages(app, ctx, { oidc: await registerOidcLogin(app, ctx), demo: ctx.config.demo ? demoIdentities : undefined });
  },
};
