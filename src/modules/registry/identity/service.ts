// From a verified login (demo choice or OpenID Connect claims) to the identity of a session.
import type { LevelOfAssurance, LoginIdentity } from '../../../platform/auth/index.ts';
import { fail, ok, type Result } from '../../../platform/http/problem.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isValidBsn, isValidKvkNumber } from '../people/model.ts';
import * as store from './store.ts';

const refused = (code: string, detail: string) => fail<LoginIdentity>({ code, status: 403, title: 'Inloggen niet gelukt', detail });

export async function personIdentity(ctx: ModuleContext, bsn: string, loa: LevelOfAssurance): Promise<Result<LoginIdentity>> {
  if (!isValidBsn(bsn)) return refused('auth.invalid_bsn', 'Het burgerservicenummer uit de inlogdienst is ongeldig.');
  const person = await store.personForLogin(ctx.database.db, bsn);
  if (!person) return refused('auth.unknown_person', 'Wij kennen geen persoon met dit burgerservicenummer.');
  if (person.deathDate !== null) return refused('auth.deceased', 'Deze persoon is overleden; inloggen kan niet.');
  return ok({ kind: 'person', bsn, name: person.name, loa });
}

export async function businessIdentity(
  ctx: ModuleContext,
  kvkNumber: string,
  actingBsn: string,
  loa: LevelOfAssurance,
): Promise<Result<LoginIdentity>> {
  if (!isValidKvkNumber(kvkNumber)) return refused('auth.invalid_kvk', 'Het KVK-nummer uit de inlogdienst is ongeldig.');
  if (!isValidBsn(actingBsn)) return refused('auth.invalid_bsn', 'Het burgerservicenummer van wie inlogt is ongeldig.');
  const business = await store.businessForLogin(ctx.database.db, kvkNumber, actingBsn, ctx.clock.today());
  if (!business) return refused('auth.unknown_business', 'Wij kennen geen onderneming met dit KVK-nummer.');
  if (!business.functionaryInForce)
    return refused('auth.not_a_functionary', 'U staat niet (meer) als functionaris van deze onderneming in het Handelsregister.');
  const person = await store.personForLogin(ctx.database.db, actingBsn);
  return ok({ kind: 'business', kvkNumber, actingBsn, name: person ? `${person.name} (${business.name})` : business.name, loa });
}

export async function officialIdentity(ctx: ModuleContext, officialId: string, loa: LevelOfAssurance): Promise<Result<LoginIdentity>> {
  const official = await store.officialForLogin(ctx.database.db, officialId);
  if (!official?.active) return refused('auth.unknown_official', 'Dit medewerkersaccount bestaat niet of is niet actief.');
  return ok({ kind: 'official', officialId, organisationCode: official.organisationCode, roles: official.roles, name: official.name, loa });
}
