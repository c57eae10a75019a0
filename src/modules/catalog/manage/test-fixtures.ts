// Test data and a server for the tests of this folder (used by *.test.ts only).
import fs from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { registerSessions, type LoginIdentity, type Role } from '../../../platform/auth/index.ts';
import type { Config } from '../../../platform/config/index.ts';
import { inTransaction, readCount, sql, type Database } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import { createHttpServer, type DeclaredRoute } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { registerTraceContext } from '../../../platform/processing-log/index.ts';
import { getOrganisation } from '../../registry/index.ts';
import { draftDescription, parseUplCsv, serviceTitle, type Service, type ServiceDescription, type UplProduct } from '../model.ts';
import { shippedUplFile } from '../reference.ts';
import { importUpl } from '../service.ts';
import { insertServices, servicesOfProduct } from '../store.ts';
import type { DescriptionChanges } from './input.ts';
import { registerManagePages } from './pages.tsx';
import { registerManageRoutes } from './routes.ts';

const uplBase = 'http://standaarden.overheid.nl/owms/terms/';

/** The UPL products the tests use (all offered by municipalities). */
export const products = {
  /** An application for businesses; the draft misses costs, conditions, requirements, channels, level, mandatable and service levels. */
  collector: `${uplBase}aanwInzam`,
  passport: `${uplBase}paspoort`,
  emigration: `${uplBase}AangifteVertrekBuitenland`,
  shelteredHousing: `${uplBase}aanleunwoning`,
  welfare: `${uplBase}bijstand`,
} as const;

/** The draft of "aanwijzing inzamelaar" misses exactly these AP05 elements (model.ts draftDescription). */
export const collectorDraftMissing = [
  'costs',
  'conditions',
  'requirements',
  'channels',
  'level_of_assurance',
  'mandatable',
  'service_levels',
] as const;

function testProducts(): UplProduct[] {
  const parsed = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const wanted = new Set<string>(Object.values(products));
  return parsed.products.filter((p) => wanted.has(p.uri));
}

/** The organisations whose services the tests use. */
export const organisations = ['GM0363', 'GM0599'] as const;

/**
 * Imports the test products, and gives each of `organisations` a draft service for each of them
 * with the description the UPL allows (model.ts draftDescription): incomplete, as a designer finds it.
 */
export async function seedServices(ctx: ModuleContext): Promise<void> {
  const list = testProducts();
  await importUpl(ctx, list);
  const items: { service: Service; description: ServiceDescription }[] = [];
  for (const code of organisations) {
    const organisation = await getOrganisation(ctx, code);
    if (!organisation) throw new Error(`no organisation ${code}`);
    for (const product of list) {
      const id = newId();
      items.push({
        service: { id, organisationCode: code, uplUri: product.uri, title: serviceTitle(product), localText: null, status: 'draft' },
        description: draftDescription(product, organisation, id),
      });
    }
  }
  await inTransaction(ctx.database.db, (trx) => insertServices(trx, ctx.database.dialect, items, ctx.clock.now().toISOString()));
}

/** Is the service in the public search index (search.ts keeps one member row per indexed service)? */
export async function inSearchIndex(database: Database, organisationCode: string, id: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from catalog_search_member
    where organisation_code = ${organisationCode} and service_id = ${id}`.execute(database.db);
  return readCount(r.rows[0]?.n) > 0;
}

/** The id of an organisation's service for a product. */
export async function serviceId(ctx: ModuleContext, organisationCode: string, uplUri: string): Promise<string> {
  const found = (await servicesOfProduct(ctx.database.db, uplUri)).find((s) => s.organisationCode === organisationCode);
  if (!found) throw new Error(`${organisationCode} offers no ${uplUri}`);
  return found.id;
}

export const officialLogin = (organisationCode: string, roles: readonly Role[], name = 'Dienstontwerper'): LoginIdentity => ({
  kind: 'official',
  officialId: '01900000-0000-7000-8000-00000000d351',
  organisationCode,
  roles: [...roles],
  loa: 'substantial',
  name,
});

export const personLogin: LoginIdentity = { kind: 'person', bsn: '999993653', loa: 'substantial', name: 'Burger' };

/** Everything the draft of "aanwijzing inzamelaar" lacks, so that it becomes complete. */
export const completingChanges: DescriptionChanges = {
  costs: [{ label: 'Aanwijzing', amountCents: 12_50, validFrom: '2026-01-01', validUntil: null }],
  conditions: 'U zamelt bedrijfsafval in binnen de gemeente.',
  requirements: 'Een uittreksel uit het Handelsregister.',
  channels: [{ kind: 'online', address: 'https://www.example.org/inzamelaar', label: 'Online aanvragen' }],
  levelOfAssurance: 'substantial',
  mandatable: true,
  serviceLevels: [{ norm: 'U krijgt binnen 8 weken een besluit', indicator: 'lead_time_days', target: 56 }],
};

/** Rows in the tables a change may touch, to prove that a refused change stored nothing. */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['audit_log', 'event_outbox', 'data_version']) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
    out[table] = readCount(r.rows[0]?.n);
  }
  // A fingerprint of every description and service, so a change anywhere shows.
  const d = await sql<{ n: number; v: number }>`select count(*) as n, sum(version) as v from service_description`.execute(database.db);
  out['descriptions'] = readCount(d.rows[0]?.n);
  out['versions'] = readCount(d.rows[0]?.v);
  const tokens = await sql<{ token: string }>`select token from data_version order by name`.execute(database.db);
  out['dataVersionTokens'] = tokens.rows.map((r) => r.token).join(',').length;
  return out;
}

/** The content of every description and service of one organisation, to compare before and after. */
export async function snapshot(database: Database, organisationCode: string): Promise<string> {
  const services = await sql`select * from service where organisation_code = ${organisationCode} order by id`.execute(database.db);
  const descriptions =
    await sql`select * from service_description where organisation_code = ${organisationCode} order by service_id`.execute(database.db);
  return JSON.stringify([services.rows, descriptions.rows]);
}

interface AppLike {
  ctx: ModuleContext;
  config: Config;
  routes: DeclaredRoute[];
  request(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The path of the list route, to see whether the app has this folder's routes already. */
const listRoute = '/api/v1/organisations/:code/services';

/**
 * The app with this folder's routes and pages. Once the catalog module registers them, that is
 * the app itself; until then a second server on the same database carries them (with the
 * platform's sessions, CSRF, access guard and error handling, and response checks).
 */
export async function withManageRoutes<T extends AppLike>(base: T): Promise<T> {
  if (base.routes.some((r) => r.url === listRoute)) return base;
  const { config, ctx } = base;
  const { app, routes } = await createHttpServer({
    apiVersion: '1.0.0',
    secret: config.secret ?? 'test-secret-test-secret-test-secret-0123',
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
    logLevel: config.logLevel,
    nav: [],
    baseUrl: config.baseUrl,
    trustProxy: config.trustProxy,
    checkResponses: true,
  });
  registerTraceContext(app);
  registerSessions(app, { database: ctx.database, clock: ctx.clock, policy: config.session, secureCookies: false });
  registerManageRoutes(app, ctx);
  registerManagePages(app, ctx);
  await app.ready();
  return {
    ...base,
    routes,
    request: (o: InjectOptions | string) => app.inject(o),
    close: async () => {
      await app.close();
      await base.close();
    },
  };
}
