// mandates: scheduled work. A mandate stops allowing at the end of its last day by itself (the
// check compares dates); this job only tells both sides that it expired, once.
import type { ScheduledJob } from '../../platform/jobs/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { newTrace } from '../../platform/processing-log/index.ts';
import { noticeExpiries } from './service.ts';

export function mandateJobs(_ctx: ModuleContext): ScheduledJob[] {
  return [
    {
      name: 'mandates.expiry-notice',
      everyMs: 60 * 60 * 1000,
      run: async (ctx) => `told ${await noticeExpiries(ctx, { trace: newTrace(), requestId: null })} expiries`,
    },
  ];
}
