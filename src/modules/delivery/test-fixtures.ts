// Test set-up shared by the delivery tests (used by *.test.ts only): a clock the tests move,
// principals, a migrated database with its ModuleContext, the published services cases are
// submitted to, submitting and reading a case, row counts, and visitors who log in and use the
// pages and the JSON API of a test app.
//
// To .dependency-cruiser.cjs this file is not a test: it may not import the test harness
// (platform/testing), the composition root (app.ts) or another module's internals (the catalog's
// UPL import, the registry's test data). A test hands those in where they are needed (Harness,
// CatalogKit, RegistryKit, TestClient); their types are written out here to match.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { LoginIdentity, Principal, Role } from '../../platform/auth/index.ts';
import type { Config } from '../../platform/config/index.ts';
import { inTransaction, readCount, sql, type Database, type Db, type Dialect, type Trx } from '../../platform/db/index.ts';
import { EventBus } from '../../platform/events/index.ts';
import { newId } from '../../platform/ids/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { ProcessingLog } from '../../platform/processing-log/index.ts';
import { isoDateInAmsterdam, type Clock } from '../../platform/time/index.ts';
import type { Service, ServiceDescription, UplProduct } from '../catalog/index.ts';
import type { Official } from '../registry/index.ts';
import { insertAttachment } from './apply/store.ts';
import type { AttachmentRef } from './forms.ts';
import { shippedForms } from './forms-reference.ts';
import type { Applicant } from './policy.ts';
import { caseApi } from './routes.ts';
import { getCase, submitApplication, type CaseView, type DeliveryCase } from './service.ts';
import { caseTimeline, findCase } from './store.ts';

// ---------------------------------------------------------------------------------------------
// Time

export type SettableClock = Clock & { set(instant: string): void; advanceDays(days: number): void };

/** A clock the test sets or moves forward (terms pass, notices of default become possible). */
export function settableClock(start: string): SettableClock {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    today: () => isoDateInAmsterdam(new Date(ms)),
    set: (instant) => {
      ms = Date.parse(instant);
    },
    advanceDays: (days) => {
      ms += days * 86_400_000;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Who

const session = { sessionId: 's', loa: 'substantial' as const, name: 'Test' };

export const personPrincipal = (bsn: string, name = session.name): Principal => ({ kind: 'person', bsn, ...session, name });
/** A business login (eHerkenning): `actingBsn` is the person logged in for it (a functionary, see addOwnedBusiness). */
export const businessPrincipal = (kvkNumber: string, actingBsn: string | null = null): Principal => ({
  kind: 'business',
  kvkNumber,
  actingBsn,
  ...session,
});
/** A case handler of the organisation (the use cases take the principal's word for its roles). */
export const caseHandlerOf = (organisationCode: string, officialId = '01900000-0000-7000-8000-0000000000bb'): Principal => ({
  kind: 'official',
  officialId,
  organisationCode,
  roles: ['case_handler'],
  ...session,
});
/** The principal of an official stored in the registry. */
export const officialPrincipal = (official: { id: string; organisationCode: string; roles: readonly Role[] }): Principal => ({
  kind: 'official',
  officialId: official.id,
  organisationCode: official.organisationCode,
  roles: official.roles,
  ...session,
});

// ---------------------------------------------------------------------------------------------
// A migrated database and its ModuleContext

export type TestDatabase = Database & { cleanup(): Promise<void> };

/** What a test hands in for a database: createTestDatabase and testConfig (platform/testing), prepareDatabase (app.ts). */
export interface Harness {
  createTestDatabase: (label: string) => Promise<TestDatabase>;
  testConfig: (overrides?: Record<string, string>) => Config;
  prepareDatabase: (database: Database, config: Config, clock: Clock) => Promise<unknown>;
}

const processingLogSecret = 'test-secret-test-secret-test-secret-0123';

export type TestContext = ModuleContext & { database: TestDatabase };

/** A fresh database, migrated with the reference data, and a ModuleContext on it (cleaned up by `ctx.database.cleanup()`). */
export async function openTestContext(
  harness: Harness,
  label: string,
  clock: Clock,
  options: { bus?: EventBus; config?: Record<string, string> } = {},
): Promise<TestContext> {
  const database = await harness.createTestDatabase(label);
  const config = harness.testConfig(options.config);
  await harness.prepareDatabase(database, config, clock);
  return { database, bus: options.bus ?? new EventBus(), clock, config, processingLog: new ProcessingLog(processingLogSecret) };
}

// ---------------------------------------------------------------------------------------------
// The catalog: products of the shipped UPL and the services that publish them

/** The catalog's UPL reading, import and store functions, handed in by a test (the catalog's index does not offer them). */
export interface CatalogKit {
  parseUplCsv: (text: string) => { ok: true; products: UplProduct[] } | { ok: false; errors: string[] };
  shippedUplFile: string;
  importUpl: (ctx: ModuleContext, products: readonly UplProduct[]) => Promise<unknown>;
  generateCatalog: (ctx: ModuleContext) => Promise<unknown>;
  serviceTitle: (product: UplProduct) => string;
  draftDescription: (product: UplProduct, organisation: { code: string; name: string }, serviceId: string) => ServiceDescription;
  insertServices: (
    trx: Trx,
    dialect: Dialect,
    items: readonly { service: Service; description: ServiceDescription }[],
    at: string,
  ) => Promise<void>;
}

/** The products of the shipped UPL. */
function shippedProducts(catalog: Pick<CatalogKit, 'parseUplCsv' | 'shippedUplFile'>): UplProduct[] {
  const parsed = catalog.parseUplCsv(fs.readFileSync(catalog.shippedUplFile, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.products;
}

/** Imports the products `pick` chooses from the shipped UPL and lets every organisation offer those of its kind (the catalog's demo generation). */
export async function seedCatalog(
  ctx: ModuleContext,
  catalog: Pick<CatalogKit, 'parseUplCsv' | 'shippedUplFile' | 'importUpl' | 'generateCatalog'>,
  pick: (products: readonly UplProduct[]) => readonly UplProduct[],
): Promise<void> {
  await catalog.importUpl(ctx, pick(shippedProducts(catalog)));
  await catalog.generateCatalog(ctx);
}

/** The first `count` national application products without a shipped form of their own (the default "toelichting" form applies). */
export const applicationProducts =
  (count: number) =>
  (products: readonly UplProduct[]): readonly UplProduct[] => {
    const withForm = new Set(shippedForms().map((f) => f.uplUri));
    return products.filter((p) => p.offeredBy.national && p.kinds.application && !withForm.has(p.uri)).slice(0, count);
  };

export interface PublishedService {
  organisationCode: string;
  id: string;
  uplUri: string;
}

/** The published services, by organisation and id, or by id alone. */
export async function publishedServices(db: Db, order: 'organisation' | 'id' = 'organisation'): Promise<PublishedService[]> {
  const query = db
    .withTables<{ service: { organisation_code: string; id: string; upl_uri: string; status: string } }>()
    .selectFrom('service')
    .select(['organisation_code', 'id', 'upl_uri'])
    .where('status', '=', 'published');
  const rows = await (order === 'id' ? query.orderBy('id') : query.orderBy('organisation_code').orderBy('id')).execute();
  return rows.map((r) => ({ organisationCode: r.organisation_code, id: r.id, uplUri: r.upl_uri }));
}

/** No statutory decision term for any service: the reasonable 8 weeks apply (Awb 4:13 lid 2), with a penalty when late. */
export async function useReasonableTerm(db: Db): Promise<void> {
  await sql`update service_description set statutory_decision_term_weeks = null`.execute(db);
}

/** Publishes one service of the organisation per UPL product, through the catalog's own store (no demo generation). */
export async function publishServices(
  ctx: ModuleContext,
  catalog: Pick<CatalogKit, 'parseUplCsv' | 'shippedUplFile' | 'importUpl' | 'serviceTitle' | 'draftDescription' | 'insertServices'>,
  organisation: { code: string; name: string },
  uris: readonly string[],
): Promise<Service[]> {
  const all = shippedProducts(catalog);
  const products = uris.map((uri) => {
    const p = all.find((x) => x.uri === uri);
    if (!p) throw new Error(`the shipped UPL lacks ${uri}`);
    return p;
  });
  await catalog.importUpl(ctx, products);
  const rows = products.map((product) => {
    const id = newId();
    const service: Service = {
      id,
      organisationCode: organisation.code,
      uplUri: product.uri,
      title: catalog.serviceTitle(product),
      localText: null,
      status: 'published',
    };
    return { service, description: catalog.draftDescription(product, organisation, id) };
  });
  await inTransaction(ctx.database.db, (trx) => catalog.insertServices(trx, ctx.database.dialect, rows, ctx.clock.now().toISOString()));
  return rows.map((r) => r.service);
}

// ---------------------------------------------------------------------------------------------
// Businesses

/** The registry's functions to store a person and a business with its functionaries (registry/people/test-fixtures.ts), handed in by a test. */
export interface BusinessKit {
  addPerson: (database: Database, p: { bsn: string; birthDate: string }) => Promise<unknown>;
  addBusiness: (
    database: Database,
    b: { kvkNumber: string; name?: string },
    branches: readonly never[],
    functionaries: readonly {
      personBsn: string;
      role: 'owner';
      authority: 'sole';
      validFrom: string;
      validTo: null;
    }[],
  ) => Promise<void>;
}

/**
 * A business in the trade register with its owner (sole authority), who logs in for it (eHerkenning
 * always names the person acting): the mandates engine lets the owner act for the business.
 */
export async function addOwnedBusiness(
  database: Database,
  kit: BusinessKit,
  kvkNumber: string,
  ownerBsn: string,
): Promise<LoginIdentity & { kind: 'business' }> {
  await kit.addPerson(database, { bsn: ownerBsn, birthDate: '1980-01-01' });
  await kit.addBusiness(
    database,
    { kvkNumber, name: `Onderneming ${kvkNumber}` },
    [],
    [{ personBsn: ownerBsn, role: 'owner', authority: 'sole', validFrom: '2020-01-01', validTo: null }],
  );
  return { kind: 'business', kvkNumber, actingBsn: ownerBsn, loa: 'substantial', name: `Onderneming ${kvkNumber}` };
}

// ---------------------------------------------------------------------------------------------
// Officials

/** The registry's test data functions (registry/people/test-fixtures.ts), handed in by a test. */
export interface RegistryKit {
  addOfficial: (database: Database, official: { organisationCode: string; roles: Role[]; name: string }) => Promise<Official>;
  officialLogin: (official: Official) => LoginIdentity;
}

export interface CaseOfficials {
  handler: Official;
  handler2: Official;
  otherHandler: Official;
  designer: Official;
}

/** Two case handlers and a service designer of organisation X, and a case handler of another organisation Y. */
export async function addCaseOfficials(
  database: Database,
  registry: Pick<RegistryKit, 'addOfficial'>,
  orgX: string,
  orgY: string,
): Promise<CaseOfficials> {
  return {
    handler: await registry.addOfficial(database, { organisationCode: orgX, roles: ['case_handler'], name: 'Behandelaar Een' }),
    handler2: await registry.addOfficial(database, { organisationCode: orgX, roles: ['case_handler'], name: 'Behandelaar Twee' }),
    otherHandler: await registry.addOfficial(database, { organisationCode: orgY, roles: ['case_handler'], name: 'Behandelaar Elders' }),
    designer: await registry.addOfficial(database, { organisationCode: orgX, roles: ['service_designer'], name: 'Ontwerper' }),
  };
}

export interface CaseCast extends CaseOfficials {
  /** The first published service; its organisation is X. */
  serviceX: PublishedService;
  orgX: string;
  /** Another organisation with a published service. */
  orgY: string;
}

/**
 * The catalog and officials of the cases API tests: six national application products without a
 * form of their own (the "toelichting" form applies), organisation X of the first published service
 * and another organisation Y, with their officials (addCaseOfficials).
 */
export async function castForCases(
  ctx: ModuleContext,
  catalog: Pick<CatalogKit, 'parseUplCsv' | 'shippedUplFile' | 'importUpl' | 'generateCatalog'>,
  registry: Pick<RegistryKit, 'addOfficial'>,
): Promise<CaseCast> {
  await seedCatalog(ctx, catalog, applicationProducts(6));
  const rows = await publishedServices(ctx.database.db);
  const first = rows[0];
  if (!first) throw new Error('no published service');
  const orgX = first.organisationCode;
  const orgY = rows.find((r) => r.organisationCode !== orgX)?.organisationCode ?? 'GM0363';
  return { serviceX: first, orgX, orgY, ...(await addCaseOfficials(ctx.database, registry, orgX, orgY)) };
}

/** The officials' login identities, under the same names. */
export const caseOfficialLogins = (
  registry: Pick<RegistryKit, 'officialLogin'>,
  o: CaseOfficials,
): Record<keyof CaseOfficials, LoginIdentity> => ({
  handler: registry.officialLogin(o.handler),
  handler2: registry.officialLogin(o.handler2),
  otherHandler: registry.officialLogin(o.otherHandler),
  designer: registry.officialLogin(o.designer),
});

// ---------------------------------------------------------------------------------------------
// Cases

/** Idempotency keys `prefix0001`, `prefix0002`, … (`digits` wide). */
export function keySeries(prefix: string, digits = 4): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(digits, '0')}`;
}

/** Submits an application through the use case; a refusal fails the test. */
export async function submitCase(
  ctx: ModuleContext,
  principal: Principal,
  service: { organisationCode: string; id: string },
  answers: unknown,
  idempotencyKey: string,
): Promise<DeliveryCase> {
  const r = await submitApplication(ctx, principal, {
    organisationCode: service.organisationCode,
    serviceId: service.id,
    answers,
    idempotencyKey,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.value.case;
}

/** The case as the principal sees it (getCase); a refusal fails the test. */
export async function viewCase(ctx: ModuleContext, principal: Principal, kase: DeliveryCase): Promise<CaseView> {
  const r = await getCase(ctx, principal, kase.organisationCode, kase.id);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return r.value;
}

/** The stored case and its timeline, read without side effects (to prove a refused step changed nothing). */
export async function caseSnapshot(db: Db, c: { organisationCode: string; id: string }): Promise<unknown> {
  return {
    case: await findCase(db, c.organisationCode, c.id),
    timeline: await caseTimeline(db, c.organisationCode, c.id),
  };
}

/** The case in the JSON API, or one of its steps (`_claim`, `_decide`, …). */
export const caseApiUrl = (c: { organisationCode: string; id: string }, step?: string): string =>
  `${caseApi.case(c.organisationCode, c.id)}${step ? `/${step}` : ''}`;

// ---------------------------------------------------------------------------------------------
// Counts

/** Rows in a table (that match `where`). */
export async function rowCount(db: Db, table: string, where = sql`1 = 1`): Promise<number> {
  return readCount((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]?.n);
}

/** Rows in each of the named tables, under the given names (to prove a refusal stored nothing). */
export async function rowCounts<K extends string>(db: Db, tables: Record<K, string>): Promise<Record<K, number>> {
  const out = {} as Record<K, number>;
  for (const [name, table] of Object.entries(tables) as [K, string][]) out[name] = await rowCount(db, table);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Visitors of a test app: logged in, on the pages and the JSON API

/** The part of platform/testing's TestApp the visitors use. */
export interface TestClient {
  request: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  loginAs: (identity: LoginIdentity) => Promise<string>;
}

/** Someone logged in under a name the test chose, or nobody. */
export type Visitor<W extends string> = W | 'nobody';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  type: string;
}

/** A page's form as a visitor opened it: the page, the CSRF token and the cookies to post with. */
export interface OpenForm {
  res: LightMyRequestResponse;
  token: string;
  cookie: string;
}

/**
 * Visitors of the test app, each logged in with an identity (read when logging in, so officials
 * stored in beforeAll can be used). Sessions are made at the clock's time: `moveClock` moves the
 * clock and logs everyone in again.
 */
export function siteVisitors<W extends string>(app: () => TestClient, identities: () => Record<W, LoginIdentity>, clock: SettableClock) {
  const cookies = {} as Record<W, string>;
  const start = clock.now().toISOString();
  const cookieOf = (who: Visitor<W>): string => (who === 'nobody' ? '' : cookies[who]);

  async function logInAll(): Promise<void> {
    for (const [who, identity] of Object.entries(identities()) as [W, LoginIdentity][]) cookies[who] = await app().loginAs(identity);
  }

  async function moveClock(to: { days: number } | { instant: string }): Promise<void> {
    if ('days' in to) clock.advanceDays(to.days);
    else clock.set(to.instant);
    await logInAll();
  }

  /** Back to the clock's time when the visitors were made (after each test), logging in again only if it moved. */
  async function backToStart(): Promise<void> {
    if (clock.now().toISOString() !== start) await moveClock({ instant: start });
  }

  /** A page in HTML, in the language of the `lang` cookie when given. */
  function get(url: string, who: Visitor<W>, lang?: string): Promise<LightMyRequestResponse> {
    const cookie = [cookieOf(who), lang ? `lang=${lang}` : ''].filter(Boolean).join('; ');
    return app().request({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
  }

  async function openForm(url: string, who: W): Promise<OpenForm> {
    const res = await get(url, who);
    const csrfCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
    return { res, token, cookie: [cookies[who], ...csrfCookies].join('; ') };
  }

  function post(
    url: string,
    f: { token: string; cookie: string },
    fields: Record<string, string> = {},
    lang?: string,
  ): Promise<LightMyRequestResponse> {
    return app().request({
      method: 'POST',
      url,
      headers: {
        accept: 'text/html',
        cookie: lang ? `${f.cookie}; lang=${lang}` : f.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ ...fields, _csrf: f.token }).toString(),
    });
  }

  /** A JSON API call with `body` as JSON, or `raw` as the body sent with a JSON content type. */
  async function call<T = unknown>(
    method: 'GET' | 'POST',
    url: string,
    who: Visitor<W>,
    body?: unknown,
    raw?: string,
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = cookieOf(who);
    if (cookie) headers['cookie'] = cookie;
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await app().request({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<T>(), type: String(res.headers['content-type'] ?? '') };
  }

  return { cookies, logInAll, moveClock, backToStart, get, openForm, post, call };
}

/** Stores a small PDF as `applicant`'s upload (as the apply pages do) and returns its reference, for answers and information sent later. */
export async function uploadedAttachment(
  database: { db: Db },
  applicant: Applicant,
  organisationCode: string,
  fileName: string,
): Promise<AttachmentRef> {
  const content = new TextEncoder().encode('%PDF-1.4 test');
  const attachment = {
    id: newId(),
    applicant,
    draftId: newId(),
    organisationCode,
    fieldId: 'bijlage',
    fileName,
    mimeType: 'application/pdf',
    sizeBytes: content.byteLength,
    sha256: createHash('sha256').update(content).digest('hex'),
    caseId: null,
    createdAt: new Date().toISOString(),
  };
  await inTransaction(database.db, (trx) => insertAttachment(trx, attachment, content));
  return { id: attachment.id, fileName, mimeType: attachment.mimeType, sizeBytes: attachment.sizeBytes };
}
