// delivery: Apply for a service, follow your case and get a decision on time (capability 4).
import type { SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';
import { registerAccountability } from './accountability/routes.ts';
import { registerApplyPages } from './apply/pages.tsx';
import { registerApplyRoutes } from './apply/routes.ts';
import { applyMigrations } from './apply/store.ts';
import { seedDemoCases } from './demo.ts';
import { deliveryJobs } from './jobs.ts';
import { messageJobs, messageSubscriptions } from './messages/mail.ts';
import { mandateLetterSubscriptions } from './messages/mandate-letters.ts';
import { registerMessagePages } from './messages/pages.tsx';
import { registerMessageRoutes } from './messages/routes.ts';
import { messageMigrations } from './messages/store.ts';
import { registerOfferPages } from './offers/pages.tsx';
import { registerOfferRoutes } from './offers/routes.ts';
import { offerJobs, offerSubscriptions } from './offers/service.ts';
import { offerMigrations } from './offers/store.ts';
import { registerCasePages } from './pages.tsx';
import { registerCaseRoutes } from './routes.ts';
import { deliveryMigrations } from './store.ts';

const section: SiteSection = {
  href: '/zaken',
  label: { nl: 'Mijn zaken', en: 'My cases' },
  description: {
    nl: 'Een dienst aanvragen, uw zaak volgen en op tijd een besluit krijgen.',
    en: 'Apply for a service, follow your case and get a decision on time.',
  },
};

export const deliveryModule: LoketModule = {
  name: 'delivery',
  nav: section,
  migrations: { ...deliveryMigrations, ...messageMigrations, ...offerMigrations, ...applyMigrations },
  subscriptions: (ctx) => [...messageSubscriptions(ctx), ...mandateLetterSubscriptions(ctx), ...offerSubscriptions(ctx)],
  jobs: (ctx) => [...deliveryJobs(ctx), ...offerJobs(ctx), ...messageJobs(ctx)],
  seedDemo: seedDemoCases,
  register: (app, ctx) => {
    registerCaseRoutes(app, ctx);
    registerCasePages(app, ctx);
    registerApplyRoutes(app, ctx);
    registerApplyPages(app, ctx);
    registerMessageRoutes(app, ctx);
    registerMessagePages(app, ctx);
    registerOfferRoutes(app, ctx);
    registerOfferPages(app, ctx);
    registerAccountability(app, ctx);
  },
};
