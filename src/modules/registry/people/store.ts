// All SQL for the tables of persons, businesses and officials.
import type { MigrationSet } from '../../../platform/db/index.ts';


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
};
