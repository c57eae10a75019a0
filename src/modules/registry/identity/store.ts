// The lookups a login needs: the person, the business with the acting functionary, the official.
import type { Db } from '../../../platform/db/index.ts';
import { readBool } from '../../../platform/db/index.ts';
import type { Role } from '../../../platform/auth/model.ts';
import type { PeopleTables } from '../people/store.ts';

const tables = (db: Db) => db.withTables<PeopleTables>();

export async function personForLogin(db: Db, bsn: string): Promise<{ name: string; deathDate: string | null } | undefined> {
  const p = await tables(db)
    .selectFrom('person')
    .select(['given_names', 'surname_prefix', 'surname', 'death_date'])
    .where('bsn', '=', bsn)
    .executeTakeFirst();
  return p ? { name: [p.given_names, p.surname_prefix, p.surname].filter(Boolean).join(' '), deathDate: p.death_date } : undefined;
}

export async function businessForLogin(
  db: Db,
  kvkNumber: string,
  actingBsn: string,
  date: string,
): Promise<{ name: string; functionaryInForce: boolean } | undefined> {
  const b = await tables(db).selectFrom('business').select(['name', 'ended_on']).where('kvk_number', '=', kvkNumber).executeTakeFirst();
  if (!b) return undefined;
  const f = await tables(db)
    .selectFrom('business_functionary')
    .select('role')
    .where('kvk_number', '=', kvkNumber)
    .where('person_bsn', '=', actingBsn)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .executeTakeFirst();
  return { name: b.name, functionaryInForce: f !== undefined && (b.ended_on === null || b.ended_on > date) };
}

export async function officialForLogin(
  db: Db,
  officialId: string,
): Promise<{ name: string; organisationCode: string; active: boolean; roles: Role[] } | undefined> {
  const o = await tables(db)
    .selectFrom('official')
    .select(['name', 'organisation_code', 'active'])
    .where('id', '=', officialId)
    .executeTakeFirst();
  if (!o) return undefined;
  const roles = await tables(db).selectFrom('official_role').select('role').where('official_id', '=', officialId).orderBy('role').execute();
  return { name: o.name, organisationCode: o.organisation_code, active: readBool(o.active), roles: roles.map((r) => r.role as Role) };
}
