// mandates: let someone else act for you, or act for someone else (capability 8). One check engine
// (model.ts `check`) answers every "may this actor do this for that subject?" in Loket; other
// modules call `authorizeActing` before every act on a subject and store its basis with the act.
import type { LoketModule, ModuleContext } from '../../platform/module.ts';
import type { ActingFor, AuthenticatedPrincipal } from '../../platform/auth/index.ts';
import { mandateJobs } from './jobs.ts';
import { registerMandatePages } from './pages.tsx';
import { registerMandateRoutes } from './routes.ts';
import { mayStillActFor } from './service.ts';
import { mandateMigrations } from './store.ts';
import { seedDemoMandates } from './demo.ts';

export type { Action, Basis, DenyReason, Party } from './model.ts';
export { authorizeActing, currentSubjectOf, denyTexts, type ActingAuthorization } from './service.ts';

/** For the session (platform/auth): may the principal still act for the one they chose? Asked on every request while acting. */
export const actingForGuard =
  (ctx: ModuleContext) =>
  (principal: AuthenticatedPrincipal & { actingFor: ActingFor }): Promise<boolean> =>
    mayStillActFor(ctx, principal);

export const mandatesModule: LoketModule = {
  name: 'mandates',
  nav: {
    href: '/machtigen',
    label: { nl: 'Machtigen', en: 'Mandates' },
    description: {
      nl: 'Iemand anders zaken voor u laten regelen, of zaken regelen voor een ander.',
      en: 'Let someone else act for you, or act for someone else.',
    },
  },
  migrations: mandateMigrations,
  jobs: mandateJobs,
  seedDemo: seedDemoMandates,
  register: (app, ctx) => {
    registerMandateRoutes(app, ctx);
    registerMandatePages(app, ctx);
  },
};
