// Scheduled jobs: work that no request starts (a decision term that passes, a person who turns
// 18). Each module lists its jobs; `loket serve` runs each one at its interval, one run at a time
// per job and process. A job must be idempotent and safe to run in several processes at once: it
// decides what to do from the database in its own transactions (the same rows are never handled
// twice because each change is conditional on the state it found).
import type { ModuleContext } from '../module.ts';

export interface ScheduledJob {
  /** Stable name, for logs and `loket jobs run NAME`. */
  name: string;
  /** How often it runs. */
  everyMs: number;
  /** Does the work due today (`ctx.clock`); returns a one-line summary for the log. */
  run(ctx: ModuleContext): Promise<string>;
}

export interface SchedulerOptions {
  onRun?: (job: string, summary: string) => void;
  onError?: (job: string, error: unknown) => void;
}

/** Runs jobs on timers; `stop()` waits for a run in progress. */
export class Scheduler {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Map<string, Promise<void>>();
  #stopped = true;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly jobs: readonly ScheduledJob[],
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    for (const job of this.jobs) {
      const tick = (): void => {
        if (this.#stopped || this.#running.has(job.name)) return;
        const run = this.runOnce(job).finally(() => this.#running.delete(job.name));
        this.#running.set(job.name, run);
      };
      // A first run soon after start (not during it), then at the interval.
      const first = setTimeout(tick, Math.min(5_000, job.everyMs));
      const every = setInterval(tick, job.everyMs);
      first.unref();
      every.unref();
      this.#timers.push(first, every);
    }
  }

  async runOnce(job: ScheduledJob): Promise<void> {
    try {
      this.options.onRun?.(job.name, await job.run(this.ctx));
    } catch (error) {
      this.options.onError?.(job.name, error);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
    await Promise.all(this.#running.values());
  }
}
