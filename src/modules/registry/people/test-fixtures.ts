// Test data for the people tests, written through the store functions (used by *.test.ts only).
import type { LoginIdentity, Role } from '../../../platform/auth/index.ts';
import { inTransaction, readCount, type Database } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { Address, Authority, Branch, Business, CourtRegistration, Functionary, Official, Person } from './model.ts';
import * as store from './store.ts';

/** The n-th valid BSN of a deterministic series starting at `first` (8 digits, the check digit is added). */
export function bsnSeries(first: number, n: number): string[] {
  const out: string[] = [];
  for (let i = first; out.length < n; i++) {
    const eight = String(i).padStart(8, '0');
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += Number(eight[k]) * (9 - k);
    const check = sum % 11;
    if (check < 10) out.push(`${eight}${check}`);
  }
  return out;
}

export const amsterdam: Address = {
  street: 'Amstel',
  houseNumber: 1,
  houseNumberAddition: null,
  postcode: '1011PN',
  city: 'Amsterdam',
  municipalityCode: 'GM0363',
};

export async function addPerson(database: Database, p: Partial<Person> & Pick<Person, 'bsn' | 'birthDate'>): Promise<Person> {
  const person: Person = {
    givenNames: 'Test',
    surnamePrefix: null,
    surname: `Persoon ${p.bsn.slice(-4)}`,
    deathDate: null,
    address: amsterdam,
    ...p,
  };
  await inTransaction(database.db, (trx) => store.insertPerson(trx, person, '2026-01-01T00:00:00.000Z'));
  return person;
}

export async function addAuthority(
  database: Database,
  a: Partial<Authority> & Pick<Authority, 'childBsn' | 'holderBsn' | 'validFrom'>,
): Promise<void> {
  await inTransaction(database.db, (trx) => store.insertAuthority(trx, { kind: 'parent', validTo: null, ...a }));
}

export async function addCourtRegistration(
  database: Database,
  r: Omit<CourtRegistration, 'id' | 'validTo'> & { validTo?: string | null },
): Promise<void> {
  await inTransaction(database.db, (trx) => store.insertCourtRegistration(trx, { id: newId(), validTo: null, ...r }));
}

export async function addBusiness(
  database: Database,
  b: Partial<Business> & Pick<Business, 'kvkNumber'>,
  branches: readonly Omit<Branch, 'kvkNumber'>[] = [],
  functionaries: readonly Omit<Functionary, 'kvkNumber'>[] = [],
): Promise<void> {
  const business: Business = {
    name: `Onderneming ${b.kvkNumber}`,
    legalForm: 'bv',
    registeredOn: '2020-01-01',
    endedOn: null,
    address: amsterdam,
    ...b,
  };
  await inTransaction(database.db, async (trx) => {
    await store.insertBusiness(trx, business, '2026-01-01T00:00:00.000Z');
    for (const x of branches) await store.insertBranch(trx, { ...x, kvkNumber: business.kvkNumber });
    for (const f of functionaries) await store.insertFunctionary(trx, { ...f, kvkNumber: business.kvkNumber });
  });
}

export async function addOfficial(
  database: Database,
  o: Partial<Official> & Pick<Official, 'organisationCode' | 'roles'>,
): Promise<Official> {
  const official: Official = {
    id: newId(),
    personBsn: null,
    name: `Medewerker ${o.roles.join('/')}`,
    email: `${newId()}@example.org`,
    active: true,
    ...o,
  };
  await inTransaction(database.db, (trx) => store.insertOfficial(trx, official, '2026-01-01T00:00:00.000Z'));
  return official;
}

export const personLogin = (bsn: string, loa: 'low' | 'substantial' | 'high' = 'substantial'): LoginIdentity => ({
  kind: 'person',
  bsn,
  loa,
  name: `Burger ${bsn.slice(-4)}`,
});
export const businessLogin = (kvkNumber: string): LoginIdentity => ({
  kind: 'business',
  kvkNumber,
  actingBsn: null,
  loa: 'substantial',
  name: `Onderneming ${kvkNumber}`,
});
export const officialLogin = (official: Pick<Official, 'id' | 'organisationCode' | 'roles' | 'name'>): LoginIdentity => ({
  kind: 'official',
  officialId: official.id,
  organisationCode: official.organisationCode,
  roles: [...official.roles] as Role[],
  loa: 'substantial',
  name: official.name,
});

/** Rows in the tables a write may touch, to prove that a refused write stored nothing. */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const tables = [
    'person',
    'person_authority',
    'court_registration',
    'business',
    'business_branch',
    'business_functionary',
    'official',
    'official_role',
    'audit_log',
    'processing_log',
  ] as const;
  const db = database.db.withTables<store.PeopleTables>();
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    out[table] = readCount(row?.n);
  }
  return out;
}
