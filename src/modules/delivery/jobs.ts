// delivery: the scheduled work on decision terms. Time passing changes cases by itself: a term set
// for completing an application lapses (the decision term runs again), a decision term passes
// (event case.term_exceeded), and where silence means consent the decision is given by law.
import type { ScheduledJob } from '../../platform/jobs/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { sweepTerms } from './service.ts';

export function deliveryJobs(_ctx: ModuleContext): ScheduledJob[] {
  return [
    {
      name: 'delivery.term-sweep',
      // Dates change once a day; running more often only shortens the wait after midnight or a restart.
      everyMs: 15 * 60 * 1000,
      run: async (ctx) => {
        const done = await sweepTerms(ctx);
        return `resumed ${done.resumed}, term exceeded ${done.termExceeded}, by operation of law ${done.operationOfLaw}`;
      },
    },
  ];
}
