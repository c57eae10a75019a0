// All SQL for the organisations table.
import {
  binaryText,
  sql,
  foldForSearch,
  likeContains,
  readCount,
  type Db,
  type Dialect,
  type Generated,
  type MigrationSet,
  type Selectable,
  type Trx,
} from '../../platform/db/index.ts';
import type { Organisation, OrganisationInput, OrganisationQuery, OrganisationType } from './model.ts';

export interface OrganisationTable {
  id: string;
  code: string;
  name: string;
  type: string;
  abbreviation: string | null;
  tooi_uri: string | null;
  parent_code: string | null;
  safety_region: string | null;
  theme: Generated<string>;
  search_name: string;
  created_at: string;
  updated_at: string;
}

// A type alias (not an interface), as Kysely's withTables needs an index signature.
export type RegistryTables = {
  organisation: OrganisationTable;
};

const tables = (db: Db | Trx) => db.withTables<RegistryTables>();

/** The columns an Organisation is made of (not search_name and the timestamps). */
const organisationColumns = ['id', 'code', 'name', 'type', 'abbreviation', 'tooi_uri', 'parent_code', 'safety_region', 'theme'] as const;

function toOrganisation(r: Selectable<Pick<OrganisationTable, (typeof organisationColumns)[number]>>): Organisation {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type as OrganisationType,
    abbreviation: r.abbreviation,
    tooiUri: r.tooi_uri,
    parentCode: r.parent_code,
    safetyRegion: r.safety_region,
    theme: r.theme,
  };
}

/** The stored form of an organisation's own data (not its id and creation time). */
function organisationValues(o: OrganisationInput, at: string) {
  return {
    name: o.name,
    type: o.type,
    abbreviation: o.abbreviation,
    tooi_uri: o.tooiUri,
    parent_code: o.parentCode,
    safety_region: o.safetyRegion,
    theme: o.theme,
    search_name: foldForSearch(`${o.name} ${o.abbreviation ?? ''}`),
    updated_at: at,
  };
}

export async function listOrganisations(
  db: Db,
  dialect: Dialect,
  query: OrganisationQuery,
): Promise<{ items: Organisation[]; total: number }> {
  let matching = tables(db).selectFrom('organisation');
  if (query.type) matching = matching.where('type', '=', query.type);
  const folded = query.q ? foldForSearch(query.q) : '';
  if (folded) matching = matching.where(sql<boolean>`search_name like ${likeContains(folded)} escape '\\'`);
  const count = matching.select((eb) => eb.fn.countAll().as('n'));
  // One statement for the page and the total, so both come from the same snapshot in one round
  // trip. The total is an uncorrelated scalar subquery, which SQLite and PostgreSQL evaluate once
  // (`count(*) over ()` would make both read and sort every matching row).
  const rows = await matching
    .select(organisationColumns)
    .select(count.as('total'))
    .orderBy(binaryText(dialect, 'search_name'))
    .orderBy('code')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const first = rows[0];
  if (first) return { items: rows.map(toOrganisation), total: readCount(first.total) };
  // An empty page has no row to carry the total: at offset 0 nothing matches; past the end, count.
  return { items: [], total: query.offset === 0 ? 0 : readCount((await count.executeTakeFirst())?.n) };
}

export async function findOrganisationByCode(db: Db | Trx, code: string): Promise<Organisation | undefined> {
  const row = await tables(db).selectFrom('organisation').select(organisationColumns).where('code', '=', code).executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

export async function allOrganisations(trx: Trx): Promise<Organisation[]> {
  const rows = await tables(trx).selectFrom('organisation').select(organisationColumns).execute();
  return rows.map(toOrganisation);
}

export async function insertOrganisation(trx: Trx, id: string, o: OrganisationInput, at: string): Promise<void> {
  await tables(trx)
    .insertInto('organisation')
    .values({ id, code: o.code, created_at: at, ...organisationValues(o, at) })
    .execute();
}

export async function updateOrganisation(trx: Trx, o: OrganisationInput, at: string): Promise<void> {
  await tables(trx).updateTable('organisation').set(organisationValues(o, at)).where('code', '=', o.code).execute();
}

export const registryMigrations: MigrationSet = {
  '2026-11-29-100-registry-organisations': async (db, t) => {
    await db.schema
      .createTable('organisation')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('abbreviation', 'text')
      .addColumn('tooi_uri', 'text')
      .addColumn('parent_code', 'text')
      .addColumn('safety_region', 'text')
      .addColumn('search_name', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('organisation_type_name').on('organisation').columns(['type', 'search_name']).execute();
    await db.schema.createIndex('organisation_search_name').on('organisation').column('search_name').execute();
  },
  // The NL Design System theme an organisation's pages use (only the EUPL example theme ships now).
  '2026-11-29-400-registry-organisation-theme': async (db) => {
    await db.schema
      .alterTable('organisation')
      .addColumn('theme', 'text', (c) => c.notNull().defaultTo('voorbeeld'))
      .execute();
  },
};
