import { describe, expect, it, vi } from 'vitest';
import type { ModuleContext } from '../module.ts';
import { Scheduler, type ScheduledJob } from './index.ts';

const ctx = {} as ModuleContext;

describe('Scheduler', () => {
  it('runs each job at its interval, one run at a time, reports summaries and errors, and waits for a run on stop', async () => {
    vi.useFakeTimers();
    try {
      let running = 0;
      let maxRunning = 0;
      let release: () => void = () => undefined;
      const slow: ScheduledJob = {
        name: 'slow',
        everyMs: 1000,
        run: async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise<void>((resolve) => (release = resolve));
          running -= 1;
          return 'slow done';
        },
      };
      const failing: ScheduledJob = { name: 'failing', everyMs: 1000, run: () => Promise.reject(new Error('boom')) };
      const runs: string[] = [];
      const errors: string[] = [];
      const scheduler = new Scheduler(ctx, [slow, failing], {
        onRun: (job, summary) => runs.push(`${job}: ${summary}`),
        onError: (job, error) => errors.push(`${job}: ${(error as Error).message}`),
      });
      scheduler.start();
      await vi.advanceTimersByTimeAsync(1000); // first runs
      await vi.advanceTimersByTimeAsync(3000); // slow is still running: no second run of it
      expect(maxRunning).toBe(1);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors[0]).toBe('failing: boom');
      const stopped = scheduler.stop();
      release();
      await stopped;
      expect(runs).toEqual(['slow: slow done']);
      await vi.advanceTimersByTimeAsync(5000);
      expect(runs).toHaveLength(1); // nothing after stop
    } finally {
      vi.useRealTimers();
    }
  });
});
