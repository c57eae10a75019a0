// What a module gives the composition root (src/app.ts).
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.ts';
import type { Database, MigrationSet } from './db/index.ts';
import type { EventBus, Subscription } from './events/index.ts';
import type { SiteSection } from './html/index.tsx';
import type { ScheduledJob } from './jobs/index.ts';
import type { ProcessingLog } from './processing-log/index.ts';
import type { Clock } from './time/index.ts';

export interface ModuleContext {
  database: Database;
  bus: EventBus;
  clock: Clock;
  config: Config;
  processingLog: ProcessingLog;
}

export interface LoketModule {
  name: string;
  /** The module's place in the main navigation, with a one-line description for the home page. */
  nav?: SiteSection;
  migrations?: MigrationSet;
  /** Reference data shipped with the app, loaded after migrations; must be idempotent. */
  loadReferenceData?(ctx: ModuleContext): Promise<void>;
  subscriptions?(ctx: ModuleContext): Subscription[];
  /** Work on a timer (platform/jobs), run by `loket serve`. */
  jobs?(ctx: ModuleContext): ScheduledJob[];
  /** Demo data for LOKET_DEMO=1; runs at the first start of an empty embedded database; must be idempotent. */
  seedDemo?(ctx: ModuleContext): Promise<void>;
  /** `loket <name> …` commands. */
  commands?: Readonly<Record<string, ModuleCommand>>;
  /** API routes and pages. */
  register(app: FastifyInstance, ctx: ModuleContext): void | Promise<void>;
}

/** What a module's command-line command gets: settings, a database on demand, and output. */
export interface CommandEnv {
  /** The settings, or undefined when they are invalid (a command that needs them fails through `database()`). */
  config: Config | undefined;
  clock: Clock;
  /** Opens the configured database, migrated and with reference data; closed by the caller of the command. */
  database: () => Promise<Database>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Writes without a newline (progress bars). */
  write: (text: string) => void;
  isTTY: boolean;
  signal: AbortSignal;
}

export interface ModuleCommand {
  /** One line for `loket help`, in Dutch. */
  summary: string;
  run(args: string[], env: CommandEnv): Promise<number>;
}
