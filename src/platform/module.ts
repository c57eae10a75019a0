// What a module gives the composition root (src/app.ts).
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.ts';
import type { Database, MigrationSet } from './db/index.ts';
import type { EventBus, Subscription } from './events/index.ts';
import type { NavItem } from './html/index.tsx';
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
  nav?: NavItem & { description: { nl: string; en: string } };
  migrations?: MigrationSet;
  /** Reference data shipped with the app, loaded after migrations; must be idempotent. */
  loadReferenceData?(ctx: ModuleContext): Promise<void>;
  subscriptions?(ctx: ModuleContext): Subscription[];
  /** API routes and pages. */
  register(app: FastifyInstance, ctx: ModuleContext): void | Promise<void>;
}
