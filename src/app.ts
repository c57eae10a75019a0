// The composition root: the only file that knows every module.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { auditMigrations } from './platform/audit/index.ts';
import { registerSessions, sessionMigrations } from './platform/auth/index.ts';
import type { Config } from './platform/config/index.ts';
import { dataVersionMigrations, runMigrations, type Database, type MigrationSet } from './platform/db/index.ts';
import { Dispatcher, EventBus, eventMigrations } from './platform/events/index.ts';
import { Scheduler } from './platform/jobs/index.ts';
import { registerSitePages, type SiteSection } from './platform/html/index.tsx';
import { createHttpServer, type DeclaredRoute } from './platform/http/index.ts';
import { registerHealth } from './platform/http/health.ts';
import type { LoketModule, ModuleCommand, ModuleContext } from './platform/module.ts';
import { ProcessingLog, processingLogMigrations, registerTraceContext } from './platform/processing-log/index.ts';
import { systemClock, type Clock } from './platform/time/index.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { correctionsModule } from './modules/corrections/index.ts';
import { deliveryModule } from './modules/delivery/index.ts';
import { democracyModule } from './modules/democracy/index.ts';
import { designModule } from './modules/design/index.ts';
import { actingForGuard, mandatesModule } from './modules/mandates/index.ts';
import { policyModule } from './modules/policy/index.ts';
import { qualityModule } from './modules/quality/index.ts';
import { registryModule } from './modules/registry/index.ts';

/** The version of the JSON API (NL API Design Rules: semver, in the API-Version header). */
export const apiVersion = '1.0.0';

/** In navigation order: what citizens look for first. */
export const modules: readonly LoketModule[] = [
  catalogModule,
  deliveryModule,
  correctionsModule,
  mandatesModule,
  democracyModule,
  policyModule,
  designModule,
  qualityModule,
  registryModule,
];

export const migrations: readonly MigrationSet[] = [
  auditMigrations,
  eventMigrations,
  sessionMigrations,
  processingLogMigrations,
  dataVersionMigrations,
  ...modules.flatMap((m) => (m.migrations ? [m.migrations] : [])),
];

/** Brings the schema up to date and loads shipped reference data; safe to run at every start. */
export async function prepareDatabase(database: Database, config: Config, clock: Clock = systemClock): Promise<string[]> {
  const ran = await runMigrations(database.db, database.dialect, migrations);
  const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(resolveSecret(config)) };
  for (const m of modules) await m.loadReferenceData?.(ctx);
  return ran;
}

/** Every module's `loket` commands, by name. */
export const moduleCommands: Readonly<Record<string, ModuleCommand>> = Object.assign({}, ...modules.map((m) => m.commands ?? {})) as Record<
  string,
  ModuleCommand
>;

/**
 * Demo data (LOKET_DEMO=1): each module fills its part once; a database with data is left alone.
 * The registers first (persons, businesses, officials), since the demo data of the other modules
 * (mandates between demo persons, cases) is about them.
 */
export async function seedDemoData(database: Database, config: Config, clock: Clock = systemClock): Promise<void> {
  const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(resolveSecret(config)) };
  for (const m of [registryModule, ...modules.filter((x) => x !== registryModule)]) await m.seedDemo?.(ctx);
}

/** The secret for cookies and CSRF: configured, else kept in the data folder (embedded database), else per process. */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  if (config.database.dialect === 'sqlite') {
    const file = path.join(config.dataDir, 'secret');
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      const secret = crypto.randomBytes(32).toString('base64url');
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    }
  }
  return crypto.randomBytes(32).toString('base64url');
}

export interface Loket {
  app: FastifyInstance;
  routes: DeclaredRoute[];
  bus: EventBus;
  dispatcher: Dispatcher;
  /** The modules' scheduled jobs; started by `loket serve`, not by tests. */
  scheduler: Scheduler;
  ctx: ModuleContext;
}

export interface BuildOptions {
  /** Check every API response against its zod schema as well (slower): the test harness does (platform/http/serializer.ts). */
  checkResponses?: boolean;
}

export async function buildApp(config: Config, database: Database, clock: Clock = systemClock, options: BuildOptions = {}): Promise<Loket> {
  const bus = new EventBus();
  const secret = resolveSecret(config);
  const ctx: ModuleContext = { database, bus, clock, config, processingLog: new ProcessingLog(secret) };
  const sections: SiteSection[] = modules.flatMap((m) => (m.nav ? [m.nav] : []));
  const { app, routes } = await createHttpServer({
    apiVersion,
    secret,
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
    logLevel: config.logLevel,
    nav: sections,
    baseUrl: config.baseUrl,
    trustProxy: config.trustProxy,
    checkResponses: options.checkResponses ?? false,
  });
  for (const m of modules) for (const s of m.subscriptions?.(ctx) ?? []) bus.subscribe(s);
  const dispatcher = new Dispatcher(database.db, database.dialect, bus, {
    onError: (error, d) => app.log.error({ err: error, ...d }, 'event delivery failed'),
  });

  const scheduler = new Scheduler(
    ctx,
    modules.flatMap((m) => m.jobs?.(ctx) ?? []),
    {
      onRun: (job, summary) => app.log.info({ job, summary }, 'job ran'),
      onError: (job, error) => app.log.error({ job, err: error }, 'job failed'),
    },
  );

  registerTraceContext(app);
  registerSessions(app, {
    database,
    clock,
    policy: config.session,
    secureCookies: config.baseUrl?.startsWith('https:') ?? false,
    mayStillActFor: actingForGuard(ctx),
  });
  registerHealth(app, database, migrations);
  registerSitePages(app, sections);
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.header('access-control-allow-origin', '*').send(app.swagger()),
  );
  for (const m of modules) await m.register(app, ctx);
  await app.ready();
  return { app, routes, bus, dispatcher, scheduler, ctx };
}
