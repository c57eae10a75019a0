// All SQL for the tables of persons, businesses and officials.
import { roles as allRoles, type Role } from '../../../platform/auth/model.ts';
import {
  binaryText,
  foldForSearch,
  readBool,
  readCount,
  sql,
  type Db,
  type Dialect,
  type MigrationSet,
  type Trx,
} from '../../../platform/db/index.ts';
import type { RegistryTables } from '../store.ts';
import {
  fullName,
  type Address,
  type Authority,
  type Branch,
  type Business,
  type CourtRegistration,
  type CourtRegistrationKind,
  type Functionary,
  type FunctionaryAuthority,
  type FunctionaryRole,
  type LegalForm,
  type Official,
  type Person,
} from './model.ts';

export interface PersonTable {
  bsn: string;
  given_names: string;
  surname_prefix: string | null;
  surname: string;
  birth_date: string;
  death_date: string | null;
  street: string | null;
  house_number: number | null;
  house_number_addition: string | null;
  postcode: string | null;
  city: string | null;
  municipality_code: string | null;
  updated_at: string;
}

export interface AuthorityTable {
  child_bsn: string;
  holder_bsn: string;
  kind: string;
  valid_from: string;
  valid_to: string | null;
}

export interface CourtRegistrationTable {
  id: string;
  person_bsn: string;
  representative_bsn: string;
  kind: string;
  valid_from: string;
  valid_to: string | null;
}

export interface BusinessTable {
  kvk_number: string;
  name: string;
  legal_form: string;
  registered_on: string;
  ended_on: string | null;
  street: string;
  house_number: number;
  house_number_addition: string | null;
  postcode: string;
  city: string;
  municipality_code: string;
  search_name: string;
  updated_at: string;
}

export interface BranchTable {
  branch_number: string;
  kvk_number: string;
  name: string;
  is_main: boolean;
  street: string;
  house_number: number;
  house_number_addition: string | null;
  postcode: string;
  city: string;
  municipality_code: string;
}

export interface FunctionaryTable {
  kvk_number: string;
  person_bsn: string;
  role: string;
  authority: string;
  valid_from: string;
  valid_to: string | null;
}

export interface OfficialTable {
  id: string;
  person_bsn: string | null;
  name: string;
  email: string;
  organisation_code: string;
  active: boolean;
  created_at: string;
}

export interface OfficialRoleTable {
  official_id: string;
  role: string;
}

export type PeopleTables = {
  person: PersonTable;
  person_authority: AuthorityTable;
  court_registration: CourtRegistrationTable;
  business: BusinessTable;
  business_branch: BranchTable;
  business_functionary: FunctionaryTable;
  official: OfficialTable;
  official_role: OfficialRoleTable;
};

export const peopleMigrations: MigrationSet = {
  '2026-11-29-101-registry-people': async (db, t) => {
    // Persons are keyed by BSN: it is the subject's id and the distribution key.
    await db.schema
      .createTable('person')
      .addColumn('bsn', 'text', (c) => c.primaryKey())
      .addColumn('given_names', 'text', (c) => c.notNull())
      .addColumn('surname_prefix', 'text')
      .addColumn('surname', 'text', (c) => c.notNull())
      .addColumn('birth_date', t.date, (c) => c.notNull())
      .addColumn('death_date', t.date)
      .addColumn('street', 'text')
      .addColumn('house_number', 'integer')
      .addColumn('house_number_addition', 'text')
      .addColumn('postcode', 'text')
      .addColumn('city', 'text')
      .addColumn('municipality_code', 'text')
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // Parental authority: looked up by child (who represents me?) and by holder (whom do I represent?).
    await db.schema
      .createTable('person_authority')
      .addColumn('child_bsn', 'text', (c) => c.notNull().references('person.bsn'))
      .addColumn('holder_bsn', 'text', (c) => c.notNull().references('person.bsn'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('valid_from', t.date, (c) => c.notNull())
      .addColumn('valid_to', t.date)
      .addPrimaryKeyConstraint('person_authority_pk', ['child_bsn', 'holder_bsn'])
      .execute();
    await db.schema.createIndex('person_authority_holder').on('person_authority').column('holder_bsn').execute();
    await db.schema
      .createTable('court_registration')
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('person_bsn', 'text', (c) => c.notNull().references('person.bsn'))
      .addColumn('representative_bsn', 'text', (c) => c.notNull().references('person.bsn'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('valid_from', t.date, (c) => c.notNull())
      .addColumn('valid_to', t.date)
      .addPrimaryKeyConstraint('court_registration_pk', ['person_bsn', 'id'])
      .execute();
    await db.schema.createIndex('court_registration_representative').on('court_registration').column('representative_bsn').execute();
    await db.schema
      .createTable('business')
      .addColumn('kvk_number', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('legal_form', 'text', (c) => c.notNull())
      .addColumn('registered_on', t.date, (c) => c.notNull())
      .addColumn('ended_on', t.date)
      .addColumn('street', 'text', (c) => c.notNull())
      .addColumn('house_number', 'integer', (c) => c.notNull())
      .addColumn('house_number_addition', 'text')
      .addColumn('postcode', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('municipality_code', 'text', (c) => c.notNull())
      .addColumn('search_name', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('business_branch')
      .addColumn('branch_number', 'text', (c) => c.notNull())
      .addColumn('kvk_number', 'text', (c) => c.notNull().references('business.kvk_number'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_main', t.bool, (c) => c.notNull())
      .addColumn('street', 'text', (c) => c.notNull())
      .addColumn('house_number', 'integer', (c) => c.notNull())
      .addColumn('house_number_addition', 'text')
      .addColumn('postcode', 'text', (c) => c.notNull())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('municipality_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('business_branch_pk', ['kvk_number', 'branch_number'])
      .execute();
    await db.schema.createIndex('business_branch_number').on('business_branch').column('branch_number').unique().execute();
    await db.schema
      .createTable('business_functionary')
      .addColumn('kvk_number', 'text', (c) => c.notNull().references('business.kvk_number'))
      .addColumn('person_bsn', 'text', (c) => c.notNull().references('person.bsn'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('valid_from', t.date, (c) => c.notNull())
      .addColumn('valid_to', t.date)
      .addPrimaryKeyConstraint('business_functionary_pk', ['kvk_number', 'person_bsn', 'role'])
      .execute();
    await db.schema.createIndex('business_functionary_person').on('business_functionary').column('person_bsn').execute();
    await db.schema
      .createTable('official')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('person_bsn', 'text', (c) => c.references('person.bsn'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('organisation_code', 'text', (c) => c.notNull().references('organisation.code'))
      .addColumn('active', t.bool, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('official_organisation').on('official').columns(['organisation_code', 'name']).execute();
    await db.schema
      .createTable('official_role')
      .addColumn('official_id', t.uuid, (c) => c.notNull().references('official.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('official_role_pk', ['official_id', 'role'])
      .execute();
  },
  // For work done on birthdays (proactive offers to who turns 18): persons by date of birth.
  '2026-11-29-825-registry-person-birth-date': async (db) => {
    await db.schema.createIndex('person_birth_date').on('person').column('birth_date').execute();
  },
};

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

const tables = (db: Db | Trx) => db.withTables<PeopleTables & RegistryTables>();

/** The address columns, as the business and branch tables have them (all required but the addition). */
interface AddressColumns {
  street: string;
  house_number: number;
  house_number_addition: string | null;
  postcode: string;
  city: string;
  municipality_code: string;
}

/** The address columns of the person table: a person may have no known address. */
type OptionalAddressColumns = { [K in keyof AddressColumns]: AddressColumns[K] | null };

function toAddress(r: AddressColumns): Address {
  return {
    street: r.street,
    houseNumber: r.house_number,
    houseNumberAddition: r.house_number_addition,
    postcode: r.postcode,
    city: r.city,
    municipalityCode: r.municipality_code,
  };
}

/** A person's address: none unless every required column is filled. */
function toOptionalAddress(r: OptionalAddressColumns): Address | null {
  const { street, house_number, house_number_addition, postcode, city, municipality_code } = r;
  if (street === null || house_number === null || postcode === null || city === null || municipality_code === null) return null;
  return toAddress({ street, house_number, house_number_addition, postcode, city, municipality_code });
}

function addressColumns(a: Address): AddressColumns {
  return {
    street: a.street,
    house_number: a.houseNumber,
    house_number_addition: a.houseNumberAddition,
    postcode: a.postcode,
    city: a.city,
    municipality_code: a.municipalityCode,
  };
}

const noAddressColumns: OptionalAddressColumns = {
  street: null,
  house_number: null,
  house_number_addition: null,
  postcode: null,
  city: null,
  municipality_code: null,
};

const optionalAddressColumns = (a: Address | null): OptionalAddressColumns => (a ? addressColumns(a) : noAddressColumns);

/** Does this query find a row? */
async function found(query: { executeTakeFirst(): Promise<unknown> }): Promise<boolean> {
  return (await query.executeTakeFirst()) !== undefined;
}

function toPerson(r: PersonTable): Person {
  return {
    bsn: r.bsn,
    givenNames: r.given_names,
    surnamePrefix: r.surname_prefix,
    surname: r.surname,
    birthDate: r.birth_date,
    deathDate: r.death_date,
    address: toOptionalAddress(r),
  };
}

export async function findPerson(db: Db | Trx, bsn: string): Promise<Person | undefined> {
  const row = await tables(db).selectFrom('person').selectAll().where('bsn', '=', bsn).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function findPersons(db: Db | Trx, bsns: readonly string[]): Promise<Person[]> {
  if (bsns.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('person')
    .selectAll()
    .where('bsn', 'in', [...new Set(bsns)])
    .orderBy('bsn')
    .execute();
  return rows.map(toPerson);
}

/** The living persons born on a date (index person_birth_date), by BSN: for work done on birthdays. */
export async function personsBornOn(db: Db | Trx, birthDate: string): Promise<{ bsn: string; municipalityCode: string | null }[]> {
  const rows = await tables(db)
    .selectFrom('person')
    .select(['bsn', 'municipality_code'])
    .where('birth_date', '=', birthDate)
    .where('death_date', 'is', null)
    .orderBy('bsn')
    .execute();
  return rows.map((r) => ({ bsn: r.bsn, municipalityCode: r.municipality_code }));
}

export async function insertPerson(trx: Trx, p: Person, at: string): Promise<void> {
  await tables(trx)
    .insertInto('person')
    .values({
      bsn: p.bsn,
      given_names: p.givenNames,
      surname_prefix: p.surnamePrefix,
      surname: p.surname,
      birth_date: p.birthDate,
      death_date: p.deathDate,
      ...optionalAddressColumns(p.address),
      updated_at: at,
    })
    .execute();
}

export async function updatePersonAddress(trx: Trx, bsn: string, address: Address | null, at: string): Promise<void> {
  await tables(trx)
    .updateTable('person')
    .set({ ...optionalAddressColumns(address), updated_at: at })
    .where('bsn', '=', bsn)
    .execute();
}

function toAuthority(r: AuthorityTable): Authority {
  return {
    childBsn: r.child_bsn,
    holderBsn: r.holder_bsn,
    kind: r.kind as Authority['kind'],
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/** The authorities in which this person is the child (ordered by holder) or the holder (ordered by child). */
async function authoritiesWhere(db: Db | Trx, side: 'child_bsn' | 'holder_bsn', bsn: string): Promise<Authority[]> {
  const rows = await tables(db)
    .selectFrom('person_authority')
    .selectAll()
    .where(side, '=', bsn)
    .orderBy(side === 'child_bsn' ? 'holder_bsn' : 'child_bsn')
    .execute();
  return rows.map(toAuthority);
}

/** Who has (had) authority over this child. */
export const authoritiesOfChild = (db: Db | Trx, childBsn: string): Promise<Authority[]> => authoritiesWhere(db, 'child_bsn', childBsn);

/** Over whom this person has (had) authority. */
export const authoritiesHeldBy = (db: Db | Trx, holderBsn: string): Promise<Authority[]> => authoritiesWhere(db, 'holder_bsn', holderBsn);

export async function insertAuthority(trx: Trx, a: Authority): Promise<void> {
  await tables(trx)
    .insertInto('person_authority')
    .values({ child_bsn: a.childBsn, holder_bsn: a.holderBsn, kind: a.kind, valid_from: a.validFrom, valid_to: a.validTo })
    .execute();
}

function toCourtRegistration(r: CourtRegistrationTable): CourtRegistration {
  return {
    id: r.id,
    personBsn: r.person_bsn,
    representativeBsn: r.representative_bsn,
    kind: r.kind as CourtRegistrationKind,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/** The court registrations about this person, or in which they are the representative. */
async function courtRegistrationsWhere(db: Db | Trx, side: 'person_bsn' | 'representative_bsn', bsn: string): Promise<CourtRegistration[]> {
  const rows = await tables(db)
    .selectFrom('court_registration')
    .selectAll()
    .where(side, '=', bsn)
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  return rows.map(toCourtRegistration);
}

/** The court registrations about this person. */
export const courtRegistrationsOf = (db: Db | Trx, personBsn: string): Promise<CourtRegistration[]> =>
  courtRegistrationsWhere(db, 'person_bsn', personBsn);

/** The court registrations in which this person is the representative. */
export const courtRegistrationsHeldBy = (db: Db | Trx, representativeBsn: string): Promise<CourtRegistration[]> =>
  courtRegistrationsWhere(db, 'representative_bsn', representativeBsn);

export async function insertCourtRegistration(trx: Trx, r: CourtRegistration): Promise<void> {
  await tables(trx)
    .insertInto('court_registration')
    .values({
      id: r.id,
      person_bsn: r.personBsn,
      representative_bsn: r.representativeBsn,
      kind: r.kind,
      valid_from: r.validFrom,
      valid_to: r.validTo,
    })
    .execute();
}

function toBusiness(r: BusinessTable): Business {
  return {
    kvkNumber: r.kvk_number,
    name: r.name,
    legalForm: r.legal_form as LegalForm,
    registeredOn: r.registered_on,
    endedOn: r.ended_on,
    address: toAddress(r),
  };
}

export async function findBusiness(db: Db | Trx, kvkNumber: string): Promise<Business | undefined> {
  const row = await tables(db).selectFrom('business').selectAll().where('kvk_number', '=', kvkNumber).executeTakeFirst();
  return row ? toBusiness(row) : undefined;
}

export async function insertBusiness(trx: Trx, b: Business, at: string): Promise<void> {
  await tables(trx)
    .insertInto('business')
    .values({
      kvk_number: b.kvkNumber,
      name: b.name,
      legal_form: b.legalForm,
      registered_on: b.registeredOn,
      ended_on: b.endedOn,
      ...addressColumns(b.address),
      search_name: foldForSearch(b.name),
      updated_at: at,
    })
    .execute();
}

export async function branchesOf(db: Db | Trx, kvkNumber: string): Promise<Branch[]> {
  const rows = await tables(db)
    .selectFrom('business_branch')
    .selectAll()
    .where('kvk_number', '=', kvkNumber)
    .orderBy('is_main', 'desc')
    .orderBy('branch_number')
    .execute();
  return rows.map((r) => ({
    branchNumber: r.branch_number,
    kvkNumber: r.kvk_number,
    name: r.name,
    isMain: readBool(r.is_main),
    address: toAddress(r),
  }));
}

/** Which of these branch numbers are already registered (to any business). */
export async function existingBranchNumbers(db: Db | Trx, branchNumbers: readonly string[]): Promise<string[]> {
  if (branchNumbers.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('business_branch')
    .select('branch_number')
    .where('branch_number', 'in', [...new Set(branchNumbers)])
    .execute();
  return rows.map((r) => r.branch_number);
}

export async function insertBranch(trx: Trx, b: Branch): Promise<void> {
  await tables(trx)
    .insertInto('business_branch')
    .values({
      branch_number: b.branchNumber,
      kvk_number: b.kvkNumber,
      name: b.name,
      is_main: b.isMain,
      ...addressColumns(b.address),
    })
    .execute();
}

/** A business_functionary row as a Functionary. */
function toFunctionary(
  r: Pick<FunctionaryTable, 'kvk_number' | 'person_bsn' | 'role' | 'authority' | 'valid_from' | 'valid_to'>,
): Functionary {
  return {
    kvkNumber: r.kvk_number,
    personBsn: r.person_bsn,
    role: r.role as FunctionaryRole,
    authority: r.authority as FunctionaryAuthority,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

export type FunctionaryWithName = Functionary & { personName: string };

export async function functionariesOf(db: Db | Trx, kvkNumber: string): Promise<FunctionaryWithName[]> {
  const rows = await tables(db)
    .selectFrom('business_functionary as f')
    .innerJoin('person as p', 'p.bsn', 'f.person_bsn')
    .select([
      'f.kvk_number',
      'f.person_bsn',
      'f.role',
      'f.authority',
      'f.valid_from',
      'f.valid_to',
      'p.given_names',
      'p.surname_prefix',
      'p.surname',
    ])
    .where('f.kvk_number', '=', kvkNumber)
    .orderBy('f.valid_from')
    .orderBy('f.person_bsn')
    .orderBy('f.role')
    .execute();
  return rows.map((r) => ({
    ...toFunctionary(r),
    personName: fullName({ givenNames: r.given_names, surnamePrefix: r.surname_prefix, surname: r.surname }),
  }));
}

export function functionaryExists(db: Db | Trx, kvkNumber: string, personBsn: string, role: FunctionaryRole): Promise<boolean> {
  return found(
    tables(db)
      .selectFrom('business_functionary')
      .select('kvk_number')
      .where('kvk_number', '=', kvkNumber)
      .where('person_bsn', '=', personBsn)
      .where('role', '=', role),
  );
}

export async function insertFunctionary(trx: Trx, f: Functionary): Promise<void> {
  await tables(trx)
    .insertInto('business_functionary')
    .values({
      kvk_number: f.kvkNumber,
      person_bsn: f.personBsn,
      role: f.role,
      authority: f.authority,
      valid_from: f.validFrom,
      valid_to: f.validTo,
    })
    .execute();
}

async function rolesOf(db: Db | Trx, officialIds: readonly string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>();
  if (officialIds.length === 0) return map;
  const rows = await tables(db)
    .selectFrom('official_role')
    .select(['official_id', 'role'])
    .where('official_id', 'in', [...officialIds])
    .execute();
  for (const r of rows) map.set(r.official_id, [...(map.get(r.official_id) ?? []), r.role as Role]);
  // The same order everywhere: the order of `roles` in the auth model.
  for (const [id, held] of map)
    map.set(
      id,
      allRoles.filter((r) => held.includes(r)),
    );
  return map;
}

function toOfficial(r: OfficialTable, held: readonly Role[]): Official {
  return {
    id: r.id,
    personBsn: r.person_bsn,
    name: r.name,
    email: r.email,
    organisationCode: r.organisation_code,
    roles: held,
    active: readBool(r.active),
  };
}

export async function listOfficials(
  db: Db,
  dialect: Dialect,
  query: { organisationCode: string; limit: number; offset: number },
): Promise<{ items: Official[]; total: number }> {
  const base = tables(db).selectFrom('official').where('organisation_code', '=', query.organisationCode);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy(binaryText(dialect, 'name')).orderBy('id').limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  const roleMap = await rolesOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toOfficial(r, roleMap.get(r.id) ?? [])), total: readCount(count?.n) };
}

export async function findOfficial(db: Db | Trx, id: string): Promise<Official | undefined> {
  const row = await tables(db).selectFrom('official').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toOfficial(row, (await rolesOf(db, [row.id])).get(row.id) ?? []);
}

export function officialEmailTaken(db: Db | Trx, organisationCode: string, email: string): Promise<boolean> {
  return found(
    tables(db)
      .selectFrom('official')
      .select('id')
      .where('organisation_code', '=', organisationCode)
      .where(sql<boolean>`lower(email) = ${email.toLowerCase()}`),
  );
}

export async function insertOfficial(trx: Trx, o: Official, at: string): Promise<void> {
  await tables(trx)
    .insertInto('official')
    .values({
      id: o.id,
      person_bsn: o.personBsn,
      name: o.name,
      email: o.email,
      organisation_code: o.organisationCode,
      active: o.active,
      created_at: at,
    })
    .execute();
  await replaceOfficialRoles(trx, o.id, o.roles);
}

export async function replaceOfficialRoles(trx: Trx, officialId: string, held: readonly Role[]): Promise<void> {
  await tables(trx).deleteFrom('official_role').where('official_id', '=', officialId).execute();
  if (held.length > 0) {
    await tables(trx)
      .insertInto('official_role')
      .values([...new Set(held)].map((role) => ({ official_id: officialId, role })))
      .execute();
  }
}

/** Names of organisations by code (for the pages; unknown codes are left out). */
export async function organisationNames(db: Db | Trx, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tables(db)
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

const organisationByCode = (db: Db | Trx, code: string) => tables(db).selectFrom('organisation').select('code').where('code', '=', code);

/** Is this a municipality in the organisation register (an address's municipality code)? */
export function isMunicipality(db: Db | Trx, code: string): Promise<boolean> {
  return found(organisationByCode(db, code).where('type', '=', 'municipality'));
}

export function organisationExists(db: Db | Trx, code: string): Promise<boolean> {
  return found(organisationByCode(db, code));
}

/** The functionaries of several businesses, optionally only those that are one person. */
export async function functionariesOfAny(db: Db | Trx, kvkNumbers: readonly string[], personBsn?: string): Promise<Functionary[]> {
  if (kvkNumbers.length === 0) return [];
  let q = tables(db)
    .selectFrom('business_functionary')
    .selectAll()
    .where('kvk_number', 'in', [...kvkNumbers]);
  if (personBsn !== undefined) q = q.where('person_bsn', '=', personBsn);
  const rows = await q.execute();
  return rows.map(toFunctionary);
}

/** The businesses in which a person is (or was) a functionary. */
export async function functionaryPositionsOf(db: Db | Trx, personBsn: string): Promise<(Functionary & { businessName: string })[]> {
  const rows = await tables(db)
    .selectFrom('business_functionary as f')
    .innerJoin('business as b', 'b.kvk_number', 'f.kvk_number')
    .select(['f.kvk_number', 'f.person_bsn', 'f.role', 'f.authority', 'f.valid_from', 'f.valid_to', 'b.name'])
    .where('f.person_bsn', '=', personBsn)
    .orderBy('b.name')
    .execute();
  return rows.map((r) => ({
    ...toFunctionary(r),
    businessName: r.name,
  }));
}

/** Business names by KVK number; unknown numbers are left out. */
export async function businessNames(db: Db | Trx, kvkNumbers: readonly string[]): Promise<Map<string, string>> {
  if (kvkNumbers.length === 0) return new Map();
  const rows = await tables(db)
    .selectFrom('business')
    .select(['kvk_number', 'name'])
    .where('kvk_number', 'in', [...kvkNumbers])
    .execute();
  return new Map(rows.map((r) => [r.kvk_number, r.name]));
}
