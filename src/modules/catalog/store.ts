// All SQL for the catalog tables: UPL products and their legal bases (reference data, one copy
// for the whole country) and services with their current description (owned by an organisation:
// organisation_code is the distribution key, in every primary and foreign key).
import { CompiledQuery } from 'kysely';
import {
  readBool,
  readCount,
  readJson,
  sql,
  writeJson,
  type Db,
  type Dialect,
  type MigrationSet,
  type Trx,
} from '../../platform/db/index.ts';
import type { Service, ServiceDescription, ServiceStatus, UplLegalBasis, UplProduct } from './model.ts';

export interface UplProductTable {
  uri: string;
  name: string;
  national: boolean | number;
  province: boolean | number;
  water_board: boolean | number;
  municipality: boolean | number;
  citizen: boolean | number;
  business: boolean | number;
  application: boolean | number;
  subsidy: boolean | number;
  notification: boolean | number;
  obligation: boolean | number;
  digid_mandate: boolean | number;
  services_directive: boolean | number;
  autonomous: boolean | number;
  co_governed: boolean | number;
  sdg_codes: string;
  created_at: string;
  updated_at: string;
}

export interface UplLegalBasisTable {
  upl_uri: string;
  position: number;
  uri: string | null;
  label: string;
  link: string | null;
}

export interface ServiceTable {
  organisation_code: string;
  id: string;
  upl_uri: string;
  title: string;
  local_text: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface ServiceDescriptionTable {
  organisation_code: string;
  service_id: string;
  version: number;
  result: string | null;
  responsible_organisation_code: string | null;
  legal_bases: string;
  costs: string | null;
  conditions: string | null;
  requirements: string | null;
  channels: string;
  level_of_assurance: string | null;
  statutory_decision_term_weeks: number | null;
  silence_consent_applies: boolean | number;
  dwangsom_applies: boolean | number;
  mandatable: boolean | number | null;
  objection_and_appeal: string | null;
  contact: string | null;
  service_levels: string;
  audience: string;
  kinds: string;
  updated_at: string;
}

/** The text of one search document, shared by every service whose searchable text is the same (search.ts). */
export interface CatalogSearchDocTable {
  doc_id: string;
  upl_uri: string;
  title: string;
  keywords: string;
  body: string;
  /** `citizen;business` — the audiences, `;`-separated. */
  audience: string;
  /** `application;subsidy` — the kinds, `;`-separated. */
  kinds: string;
}

/** Which search document a published service is found through. */
export interface CatalogSearchMemberTable {
  organisation_code: string;
  service_id: string;
  doc_id: string;
}

// A type alias (not an interface), as Kysely's withTables needs an index signature.
export type CatalogTables = {
  upl_product: UplProductTable;
  upl_legal_basis: UplLegalBasisTable;
  service: ServiceTable;
  service_description: ServiceDescriptionTable;
  catalog_search_doc: CatalogSearchDocTable;
  catalog_search_member: CatalogSearchMemberTable;
};

const tables = (db: Db | Trx) => db.withTables<CatalogTables>();

// ---------------------------------------------------------------------------------------------
// UPL products

function productRow(p: UplProduct, at: string): UplProductTable {
  return {
    uri: p.uri,
    name: p.name,
    national: p.offeredBy.national,
    province: p.offeredBy.province,
    water_board: p.offeredBy.waterBoard,
    municipality: p.offeredBy.municipality,
    citizen: p.audience.citizen,
    business: p.audience.business,
    application: p.kinds.application,
    subsidy: p.kinds.subsidy,
    notification: p.kinds.notification,
    obligation: p.kinds.obligation,
    digid_mandate: p.digidMandate,
    services_directive: p.servicesDirective,
    autonomous: p.autonomous,
    co_governed: p.coGoverned,
    sdg_codes: p.sdgCodes.join(';'),
    created_at: at,
    updated_at: at,
  };
}

function basisRows(p: UplProduct): UplLegalBasisTable[] {
  return p.legalBases.map((b, position) => ({ upl_uri: p.uri, position, uri: b.uri, label: b.label, link: b.link }));
}

function toProduct(r: UplProductTable, bases: UplLegalBasis[]): UplProduct {
  return {
    uri: r.uri,
    name: r.name,
    offeredBy: {
      national: readBool(r.national),
      province: readBool(r.province),
      waterBoard: readBool(r.water_board),
      municipality: readBool(r.municipality),
    },
    audience: { citizen: readBool(r.citizen), business: readBool(r.business) },
    kinds: {
      application: readBool(r.application),
      subsidy: readBool(r.subsidy),
      notification: readBool(r.notification),
      obligation: readBool(r.obligation),
    },
    digidMandate: readBool(r.digid_mandate),
    servicesDirective: readBool(r.services_directive),
    autonomous: readBool(r.autonomous),
    coGoverned: readBool(r.co_governed),
    sdgCodes: r.sdg_codes ? r.sdg_codes.split(';') : [],
    legalBases: bases,
  };
}

/** Every product with its legal bases (in their order). */
export async function allProducts(db: Db | Trx): Promise<UplProduct[]> {
  const [rows, bases] = await Promise.all([
    tables(db).selectFrom('upl_product').selectAll().orderBy('uri').execute(),
    tables(db).selectFrom('upl_legal_basis').selectAll().orderBy('upl_uri').orderBy('position').execute(),
  ]);
  const byUri = new Map<string, UplLegalBasis[]>();
  for (const b of bases) {
    let list = byUri.get(b.upl_uri);
    if (!list) byUri.set(b.upl_uri, (list = []));
    list.push({ uri: b.uri, label: b.label, link: b.link });
  }
  return rows.map((r) => toProduct(r, byUri.get(r.uri) ?? []));
}

/** UPL names by URI, for the given URIs. */
export async function productNames(db: Db | Trx, uris: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(uris)], CHUNK)) {
    const rows = await tables(db).selectFrom('upl_product').select(['uri', 'name']).where('uri', 'in', part).execute();
    for (const r of rows) out.set(r.uri, r.name);
  }
  return out;
}

export async function findProduct(db: Db | Trx, uri: string): Promise<UplProduct | undefined> {
  const row = await tables(db).selectFrom('upl_product').selectAll().where('uri', '=', uri).executeTakeFirst();
  if (!row) return undefined;
  const bases = await tables(db).selectFrom('upl_legal_basis').selectAll().where('upl_uri', '=', uri).orderBy('position').execute();
  return toProduct(
    row,
    bases.map((b) => ({ uri: b.uri, label: b.label, link: b.link })),
  );
}

/** Rows per multi-row INSERT built with Kysely (SQLite allows 32,766 parameters; a product row has 19). */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function insertProducts(trx: Trx, products: readonly UplProduct[], at: string): Promise<void> {
  for (const part of chunks(products, CHUNK))
    await tables(trx)
      .insertInto('upl_product')
      .values(part.map((p) => productRow(p, at)))
      .execute();
  for (const part of chunks(products.flatMap(basisRows), CHUNK)) await tables(trx).insertInto('upl_legal_basis').values(part).execute();
}

export async function updateProduct(trx: Trx, p: UplProduct, at: string): Promise<void> {
  const { uri: _uri, created_at: _created, ...changes } = productRow(p, at);
  await tables(trx).updateTable('upl_product').set(changes).where('uri', '=', p.uri).execute();
  await tables(trx).deleteFrom('upl_legal_basis').where('upl_uri', '=', p.uri).execute();
  const bases = basisRows(p);
  if (bases.length > 0) await tables(trx).insertInto('upl_legal_basis').values(bases).execute();
}

export async function countProducts(db: Db | Trx): Promise<number> {
  const r = await tables(db)
    .selectFrom('upl_product')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return readCount(r?.n);
}

// ---------------------------------------------------------------------------------------------
// Services and descriptions

export async function countServices(db: Db | Trx): Promise<number> {
  const r = await tables(db)
    .selectFrom('service')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return readCount(r?.n);
}

export async function hasServices(db: Db | Trx): Promise<boolean> {
  return (await tables(db).selectFrom('service').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Number of services per organisation code. */
export async function servicesPerOrganisation(db: Db | Trx): Promise<Map<string, number>> {
  const rows = await tables(db)
    .selectFrom('service')
    .select(['organisation_code', (eb) => eb.fn.countAll().as('n')])
    .groupBy('organisation_code')
    .execute();
  return new Map(rows.map((r) => [r.organisation_code, readCount(r.n)]));
}

/** `organisation_code uplUri` of every service, to add only what is missing. */
export async function serviceKeys(db: Db | Trx): Promise<Set<string>> {
  const rows = await tables(db).selectFrom('service').select(['organisation_code', 'upl_uri']).execute();
  return new Set(rows.map((r) => serviceKey(r.organisation_code, r.upl_uri)));
}

export const serviceKey = (organisationCode: string, uplUri: string): string => `${organisationCode} ${uplUri}`;

/** The organisations offering a product, with their service id. */
export async function servicesOfProduct(db: Db | Trx, uplUri: string): Promise<{ organisationCode: string; id: string }[]> {
  const rows = await tables(db)
    .selectFrom('service')
    .select(['organisation_code', 'id'])
    .where('upl_uri', '=', uplUri)
    .orderBy('organisation_code')
    .execute();
  return rows.map((r) => ({ organisationCode: r.organisation_code, id: r.id }));
}

/** A service row (the columns a Service has) as a Service. */
export function toService(r: Pick<ServiceTable, 'id' | 'organisation_code' | 'upl_uri' | 'title' | 'local_text' | 'status'>): Service {
  return {
    id: r.id,
    organisationCode: r.organisation_code,
    uplUri: r.upl_uri,
    title: r.title,
    localText: r.local_text,
    status: r.status as ServiceStatus,
  };
}

export async function findService(db: Db | Trx, organisationCode: string, id: string): Promise<Service | undefined> {
  const row = await tables(db)
    .selectFrom('service')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toService(row) : undefined;
}

export async function serviceUpdatedAt(db: Db | Trx, organisationCode: string, id: string): Promise<string | undefined> {
  const row = await tables(db)
    .selectFrom('service_description')
    .select('updated_at')
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', id)
    .executeTakeFirst();
  return row ? new Date(row.updated_at).toISOString() : undefined;
}

/** Ids of an organisation's published services, by title. */
export async function publishedServiceIds(db: Db | Trx, organisationCode: string): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('service')
    .select('id')
    .where('organisation_code', '=', organisationCode)
    .where('status', '=', 'published')
    .orderBy('title')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findDescription(db: Db | Trx, organisationCode: string, serviceId: string): Promise<ServiceDescription | undefined> {
  const r = await tables(db)
    .selectFrom('service_description')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return r ? toDescription(r) : undefined;
}

/** A service_description row as a ServiceDescription. */
export function toDescription(r: ServiceDescriptionTable): ServiceDescription {
  return {
    organisationCode: r.organisation_code,
    serviceId: r.service_id,
    version: r.version,
    result: r.result,
    responsibleOrganisationCode: r.responsible_organisation_code,
    legalBases: readJson(r.legal_bases),
    costs: r.costs === null ? null : readJson(r.costs),
    conditions: r.conditions,
    requirements: r.requirements,
    channels: readJson(r.channels),
    levelOfAssurance: r.level_of_assurance as ServiceDescription['levelOfAssurance'],
    statutoryDecisionTermWeeks: r.statutory_decision_term_weeks,
    silenceConsentApplies: readBool(r.silence_consent_applies),
    dwangsomApplies: readBool(r.dwangsom_applies),
    mandatable: r.mandatable === null ? null : readBool(r.mandatable),
    objectionAndAppeal: r.objection_and_appeal,
    contact: r.contact,
    serviceLevels: readJson(r.service_levels),
    audience: readJson(r.audience),
    kinds: readJson(r.kinds),
  };
}

/** Services with their description and product name, for the given keys (unknown keys are left out). */
export async function servicesWithDescriptions(
  db: Db | Trx,
  keys: readonly { organisationCode: string; serviceId: string }[],
): Promise<{ service: Service; description: ServiceDescription; productName: string }[]> {
  const byOrganisation = new Map<string, string[]>();
  for (const k of keys) {
    let ids = byOrganisation.get(k.organisationCode);
    if (!ids) byOrganisation.set(k.organisationCode, (ids = []));
    ids.push(k.serviceId);
  }
  const out: { service: Service; description: ServiceDescription; productName: string }[] = [];
  for (const [organisationCode, ids] of byOrganisation) {
    for (const part of chunks(ids, CHUNK)) {
      const [services, descriptions] = await Promise.all([
        tables(db)
          .selectFrom('service as s')
          .innerJoin('upl_product as p', 'p.uri', 's.upl_uri')
          .selectAll('s')
          .select('p.name as product_name')
          .where('s.organisation_code', '=', organisationCode)
          .where('s.id', 'in', part)
          .execute(),
        tables(db)
          .selectFrom('service_description')
          .selectAll()
          .where('organisation_code', '=', organisationCode)
          .where('service_id', 'in', part)
          .execute(),
      ]);
      const described = new Map(descriptions.map((d) => [d.service_id, d]));
      for (const row of services) {
        const d = described.get(row.id);
        if (d) out.push({ service: toService(row), description: toDescription(d), productName: row.product_name });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Search documents and their members (search.ts)

export type SearchDocSource = Omit<CatalogSearchDocTable, 'audience' | 'kinds'> & { audience: string[]; kinds: string[] };

export async function searchDocIdsOf(
  trx: Trx,
  keys: readonly { organisationCode: string; serviceId: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byOrganisation = new Map<string, string[]>();
  for (const k of keys) {
    let ids = byOrganisation.get(k.organisationCode);
    if (!ids) byOrganisation.set(k.organisationCode, (ids = []));
    ids.push(k.serviceId);
  }
  for (const [organisationCode, ids] of byOrganisation) {
    for (const part of chunks(ids, CHUNK)) {
      const rows = await tables(trx)
        .selectFrom('catalog_search_member')
        .select(['service_id', 'doc_id'])
        .where('organisation_code', '=', organisationCode)
        .where('service_id', 'in', part)
        .execute();
      for (const r of rows) out.set(serviceKey(organisationCode, r.service_id), r.doc_id);
    }
  }
  return out;
}

export async function deleteSearchMembers(trx: Trx, keys: readonly { organisationCode: string; serviceId: string }[]): Promise<void> {
  const byOrganisation = new Map<string, string[]>();
  for (const k of keys) {
    let ids = byOrganisation.get(k.organisationCode);
    if (!ids) byOrganisation.set(k.organisationCode, (ids = []));
    ids.push(k.serviceId);
  }
  for (const [organisationCode, ids] of byOrganisation)
    for (const part of chunks(ids, CHUNK))
      await tables(trx)
        .deleteFrom('catalog_search_member')
        .where('organisation_code', '=', organisationCode)
        .where('service_id', 'in', part)
        .execute();
}

export async function insertSearchMembers(trx: Trx, dialect: Dialect, members: readonly CatalogSearchMemberTable[]): Promise<void> {
  await insertBulk(
    trx,
    dialect,
    'catalog_search_member',
    ['organisation_code', 'service_id', 'doc_id'],
    ['text', 'uuid', 'text'],
    members.map((m) => [m.organisation_code, m.service_id, m.doc_id]),
  );
}

/** Adds the sources of documents not stored yet (a document's text never changes: its id is a hash of it). */
export async function insertSearchDocSources(trx: Trx, docs: readonly SearchDocSource[]): Promise<void> {
  for (const part of chunks(docs, CHUNK))
    await tables(trx)
      .insertInto('catalog_search_doc')
      .values(part.map((d) => ({ ...d, audience: d.audience.join(';'), kinds: d.kinds.join(';') })))
      .onConflict((oc) => oc.column('doc_id').doNothing())
      .execute();
}

export async function deleteSearchDocSources(trx: Trx, docIds: readonly string[]): Promise<void> {
  for (const part of chunks(docIds, CHUNK)) await tables(trx).deleteFrom('catalog_search_doc').where('doc_id', 'in', part).execute();
}

const toSource = (r: CatalogSearchDocTable): SearchDocSource => ({
  ...r,
  audience: r.audience ? r.audience.split(';') : [],
  kinds: r.kinds ? r.kinds.split(';') : [],
});

export async function searchDocSources(db: Db | Trx, docIds: readonly string[]): Promise<SearchDocSource[]> {
  const out: SearchDocSource[] = [];
  for (const part of chunks(docIds, CHUNK))
    out.push(...(await tables(db).selectFrom('catalog_search_doc').selectAll().where('doc_id', 'in', part).execute()).map(toSource));
  return out;
}

/** Organisation codes per document, for the given documents. */
export async function searchMembersOf(db: Db | Trx, docIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(docIds, CHUNK)) {
    const rows = await tables(db)
      .selectFrom('catalog_search_member')
      .select(['doc_id', 'organisation_code'])
      .where('doc_id', 'in', part)
      .orderBy('doc_id')
      .orderBy('organisation_code')
      .execute();
    for (const r of rows) {
      let list = out.get(r.doc_id);
      if (!list) out.set(r.doc_id, (list = []));
      list.push(r.organisation_code);
    }
  }
  return out;
}

/** Every document with its members (the search cache: a few thousand documents, one member per published service). */
export async function allSearchDocs(db: Db | Trx): Promise<{ sources: SearchDocSource[]; members: CatalogSearchMemberTable[] }> {
  const [sources, members] = await Promise.all([
    tables(db).selectFrom('catalog_search_doc').selectAll().orderBy('doc_id').execute(),
    tables(db).selectFrom('catalog_search_member').selectAll().orderBy('doc_id').orderBy('organisation_code').execute(),
  ]);
  return { sources: sources.map(toSource), members };
}

// Bulk insert of generated services, in the caller's transaction, as precompiled statements (the
// pattern of registry/seed/store.ts): SQLite multi-row VALUES, PostgreSQL INSERT … SELECT unnest().
type Value = string | number | boolean | null;

const serviceColumns = ['organisation_code', 'id', 'upl_uri', 'title', 'local_text', 'status', 'created_at', 'updated_at'] as const;
const servicePgTypes = ['text', 'uuid', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz'] as const;
const descriptionColumns = [
  'organisation_code',
  'service_id',
  'version',
  'result',
  'responsible_organisation_code',
  'legal_bases',
  'costs',
  'conditions',
  'requirements',
  'channels',
  'level_of_assurance',
  'statutory_decision_term_weeks',
  'silence_consent_applies',
  'dwangsom_applies',
  'mandatable',
  'objection_and_appeal',
  'contact',
  'service_levels',
  'audience',
  'kinds',
  'updated_at',
] as const;
const descriptionPgTypes = [
  'text',
  'uuid',
  'integer',
  'text',
  'text',
  'jsonb',
  'jsonb',
  'text',
  'text',
  'jsonb',
  'text',
  'integer',
  'boolean',
  'boolean',
  'boolean',
  'text',
  'text',
  'jsonb',
  'jsonb',
  'jsonb',
  'timestamptz',
] as const;

const SQLITE_ROWS = 500;
const POSTGRES_ROWS = 5_000;
const statements = new Map<string, string>();

function insertStatement(dialect: Dialect, table: string, columns: readonly string[], pgTypes: readonly string[], rows: number): string {
  const key = `${dialect}:${table}:${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    const list = columns.map((c) => `"${c}"`).join(', ');
    if (dialect === 'postgres') {
      text = `insert into "${table}" (${list}) select * from unnest(${pgTypes.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    } else {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into "${table}" (${list}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
    }
    statements.set(key, text);
  }
  return text;
}

async function insertBulk(
  trx: Trx,
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  pgTypes: readonly string[],
  rows: readonly Value[][],
): Promise<void> {
  const width = columns.length;
  if (dialect === 'postgres') {
    for (let start = 0; start < rows.length; start += POSTGRES_ROWS) {
      const part = rows.slice(start, start + POSTGRES_ROWS);
      const arrays = Array.from({ length: width }, (_, c) => part.map((r) => r[c] ?? null));
      await trx.executeQuery(CompiledQuery.raw(insertStatement(dialect, table, columns, pgTypes, 0), arrays));
    }
    return;
  }
  for (let start = 0; start < rows.length; start += SQLITE_ROWS) {
    const part = rows.slice(start, start + SQLITE_ROWS);
    // better-sqlite3 binds no booleans.
    const params = part.flatMap((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
    await trx.executeQuery(CompiledQuery.raw(insertStatement(dialect, table, columns, pgTypes, part.length), params));
  }
}

/** Inserts new services, each with its first description. */
export async function insertServices(
  trx: Trx,
  dialect: Dialect,
  items: readonly { service: Service; description: ServiceDescription }[],
  at: string,
): Promise<void> {
  const services = items.map(({ service: s }): Value[] => [s.organisationCode, s.id, s.uplUri, s.title, s.localText, s.status, at, at]);
  const descriptions = items.map(({ description: d }): Value[] => [
    d.organisationCode,
    d.serviceId,
    d.version,
    d.result,
    d.responsibleOrganisationCode,
    writeJson(d.legalBases),
    d.costs === null ? null : writeJson(d.costs),
    d.conditions,
    d.requirements,
    writeJson(d.channels),
    d.levelOfAssurance,
    d.statutoryDecisionTermWeeks,
    d.silenceConsentApplies,
    d.dwangsomApplies,
    d.mandatable,
    d.objectionAndAppeal,
    d.contact,
    writeJson(d.serviceLevels),
    writeJson(d.audience),
    writeJson(d.kinds),
    at,
  ]);
  await insertBulk(trx, dialect, 'service', serviceColumns, servicePgTypes, services);
  await insertBulk(trx, dialect, 'service_description', descriptionColumns, descriptionPgTypes, descriptions);
}

export async function countDescriptions(db: Db | Trx): Promise<number> {
  const r = await tables(db)
    .selectFrom('service_description')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return readCount(r?.n);
}

/** Distinct responsible organisations per product among the given organisations' services. */
export async function responsibleOrganisationsPerProduct(
  db: Db | Trx,
  organisationCodes: readonly string[],
): Promise<Map<string, string[]>> {
  if (organisationCodes.length === 0) return new Map();
  const rows = await sql<{ upl_uri: string; responsible: string | null }>`
    select s.upl_uri, d.responsible_organisation_code as responsible
    from service s join service_description d on d.organisation_code = s.organisation_code and d.service_id = s.id
    where s.organisation_code in (${sql.join(organisationCodes)})`.execute(db);
  const out = new Map<string, string[]>();
  for (const r of rows.rows) {
    let list = out.get(r.upl_uri);
    if (!list) out.set(r.upl_uri, (list = []));
    list.push(r.responsible ?? '');
  }
  return out;
}

export const catalogMigrations: MigrationSet = {
  '2026-11-29-600-catalog-search-docs': async (db, t) => {
    await db.schema
      .createTable('catalog_search_doc')
      .addColumn('doc_id', 'text', (c) => c.primaryKey())
      .addColumn('upl_uri', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('keywords', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('kinds', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('catalog_search_member')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('doc_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_search_member_pk', ['organisation_code', 'service_id'])
      .addForeignKeyConstraint(
        'catalog_search_member_service_fk',
        ['organisation_code', 'service_id'],
        'service',
        ['organisation_code', 'id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
    await db.schema.createIndex('catalog_search_member_doc').on('catalog_search_member').columns(['doc_id', 'organisation_code']).execute();
  },
  '2026-11-29-300-catalog-upl-and-services': async (db, t) => {
    await db.schema
      .createTable('upl_product')
      .addColumn('uri', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('national', t.bool, (c) => c.notNull())
      .addColumn('province', t.bool, (c) => c.notNull())
      .addColumn('water_board', t.bool, (c) => c.notNull())
      .addColumn('municipality', t.bool, (c) => c.notNull())
      .addColumn('citizen', t.bool, (c) => c.notNull())
      .addColumn('business', t.bool, (c) => c.notNull())
      .addColumn('application', t.bool, (c) => c.notNull())
      .addColumn('subsidy', t.bool, (c) => c.notNull())
      .addColumn('notification', t.bool, (c) => c.notNull())
      .addColumn('obligation', t.bool, (c) => c.notNull())
      .addColumn('digid_mandate', t.bool, (c) => c.notNull())
      .addColumn('services_directive', t.bool, (c) => c.notNull())
      .addColumn('autonomous', t.bool, (c) => c.notNull())
      .addColumn('co_governed', t.bool, (c) => c.notNull())
      .addColumn('sdg_codes', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('upl_legal_basis')
      .addColumn('upl_uri', 'text', (c) => c.notNull().references('upl_product.uri').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('uri', 'text')
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('link', 'text')
      .addPrimaryKeyConstraint('upl_legal_basis_pk', ['upl_uri', 'position'])
      .execute();
    await db.schema
      .createTable('service')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('upl_uri', 'text', (c) => c.notNull().references('upl_product.uri'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('local_text', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('service_pk', ['organisation_code', 'id'])
      .execute();
    await db.schema.createIndex('service_organisation_upl').on('service').columns(['organisation_code', 'upl_uri']).execute();
    await db.schema.createIndex('service_upl').on('service').column('upl_uri').execute();
    await db.schema
      .createTable('service_description')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('responsible_organisation_code', 'text')
      .addColumn('legal_bases', t.json, (c) => c.notNull())
      .addColumn('costs', t.json)
      .addColumn('conditions', 'text')
      .addColumn('requirements', 'text')
      .addColumn('channels', t.json, (c) => c.notNull())
      .addColumn('level_of_assurance', 'text')
      .addColumn('statutory_decision_term_weeks', 'integer')
      .addColumn('silence_consent_applies', t.bool, (c) => c.notNull())
      .addColumn('dwangsom_applies', t.bool, (c) => c.notNull())
      .addColumn('mandatable', t.bool)
      .addColumn('objection_and_appeal', 'text')
      .addColumn('contact', 'text')
      .addColumn('service_levels', t.json, (c) => c.notNull())
      .addColumn('audience', t.json, (c) => c.notNull())
      .addColumn('kinds', t.json, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('service_description_pk', ['organisation_code', 'service_id'])
      .addForeignKeyConstraint(
        'service_description_service_fk',
        ['organisation_code', 'service_id'],
        'service',
        ['organisation_code', 'id'],
        (c) => c.onDelete('cascade'),
      )
      // Awb 4:20a lid 2: silence means consent and the dwangsom exclude each other.
      .addCheckConstraint(
        'service_description_silence_excludes_dwangsom',
        sql`not (${sql.ref('silence_consent_applies')} and ${sql.ref('dwangsom_applies')})`,
      )
      .execute();
  },
};

/** What a check on acting for someone needs of a published service, in one read; undefined when not published. */
export async function serviceAccessFacts(
  db: Db | Trx,
  organisationCode: string,
  serviceId: string,
): Promise<{ title: string; uplUri: string; mandatable: boolean | null; levelOfAssurance: string | null } | undefined> {
  const r = await tables(db)
    .selectFrom('service as s')
    .leftJoin('service_description as d', (j) =>
      j.onRef('d.organisation_code', '=', 's.organisation_code').onRef('d.service_id', '=', 's.id'),
    )
    .select(['s.title', 's.upl_uri', 's.status', 'd.mandatable', 'd.level_of_assurance'])
    .where('s.organisation_code', '=', organisationCode)
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!r || r.status !== 'published') return undefined;
  return {
    title: r.title,
    uplUri: r.upl_uri,
    mandatable: r.mandatable === null ? null : readBool(r.mandatable),
    levelOfAssurance: r.level_of_assurance ?? null,
  };
}

/** An organisation's published services by title: id, title, UPL product and whether the description allows mandates. */
export async function publishedServiceTitles(
  db: Db | Trx,
  organisationCode: string,
): Promise<{ id: string; title: string; uplUri: string; mandatable: boolean | null }[]> {
  const rows = await tables(db)
    .selectFrom('service as s')
    .leftJoin('service_description as d', (j) =>
      j.onRef('d.organisation_code', '=', 's.organisation_code').onRef('d.service_id', '=', 's.id'),
    )
    .select(['s.id', 's.title', 's.upl_uri', 'd.mandatable'])
    .where('s.organisation_code', '=', organisationCode)
    .where('s.status', '=', 'published')
    .orderBy('s.title')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    uplUri: r.upl_uri,
    mandatable: r.mandatable === null ? null : readBool(r.mandatable),
  }));
}
