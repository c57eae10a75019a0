// democracy: work on a timer: decide referendum request phases whose last day has passed.
import type { ScheduledJob } from '../../platform/jobs/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { closeDuePhases } from './referendum-service.ts';

export const democracyJobs = (): ScheduledJob[] => [
  {
    name: 'democracy.close-request-phases',
    everyMs: 60 * 60 * 1000,
    run: async (ctx: ModuleContext) => `${await closeDuePhases(ctx)} request phase(s) decided`,
  },
];
