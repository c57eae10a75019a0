// registry: the facts about representation that other modules (mandates) decide on. Plain reads
// without access checks or logging: the calling use case decides and logs, it knows the purpose.
import type { ModuleContext } from '../../../platform/module.ts';
import { fullName, isValidBsn, isValidKvkNumber, type Functionary } from './model.ts';
import { allLegalRepresentations, type Representation } from './policy.ts';
import * as store from './store.ts';

/** A person's death date and every legal representation of them (in force or not, with end days). */
export async function representationFactsOf(
  ctx: ModuleContext,
  bsn: string,
): Promise<{ name: string; birthDate: string; deathDate: string | null; representations: Representation[] } | undefined> {
  if (!isValidBsn(bsn)) return undefined;
  const db = ctx.database.db;
  const person = await store.findPerson(db, bsn);
  if (!person) return undefined;
  const [authorities, registrations] = await Promise.all([store.authoritiesOfChild(db, bsn), store.courtRegistrationsOf(db, bsn)]);
  return {
    name: fullName(person),
    birthDate: person.birthDate,
    deathDate: person.deathDate,
    representations: allLegalRepresentations(person, authorities, registrations),
  };
}

/** The legal representations a person holds over others (in force or not), with the represented's names. */
export async function representationsHeldBy(
  ctx: ModuleContext,
  representativeBsn: string,
): Promise<(Representation & { representedName: string })[]> {
  if (!isValidBsn(representativeBsn)) return [];
  const db = ctx.database.db;
  const [authorities, registrations] = await Promise.all([
    store.authoritiesHeldBy(db, representativeBsn),
    store.courtRegistrationsHeldBy(db, representativeBsn),
  ]);
  const bsns = [...new Set([...authorities.map((a) => a.childBsn), ...registrations.map((r) => r.personBsn)])];
  const persons = await store.findPersons(db, bsns);
  return persons.flatMap((p) =>
    allLegalRepresentations(
      p,
      authorities.filter((a) => a.childBsn === p.bsn),
      registrations.filter((r) => r.personBsn === p.bsn),
    )
      .filter((r) => r.representativeBsn === representativeBsn)
      .map((r) => ({ ...r, representedName: fullName(p) })),
  );
}

/** A business's name and end date, or undefined when unknown. */
export async function businessFactsOf(
  ctx: ModuleContext,
  kvkNumber: string,
): Promise<{ name: string; endedOn: string | null } | undefined> {
  if (!isValidKvkNumber(kvkNumber)) return undefined;
  const b = await store.findBusiness(ctx.database.db, kvkNumber);
  return b ? { name: b.name, endedOn: b.endedOn } : undefined;
}

/** The functionaries of businesses (all, or only one person's positions). */
export function functionariesOfBusinesses(ctx: ModuleContext, kvkNumbers: readonly string[], personBsn?: string): Promise<Functionary[]> {
  return store.functionariesOfAny(ctx.database.db, kvkNumbers.filter(isValidKvkNumber), personBsn);
}

/** The businesses in which a person is or was a functionary, with the business names. */
export function functionaryPositionsOf(ctx: ModuleContext, personBsn: string): Promise<(Functionary & { businessName: string })[]> {
  return isValidBsn(personBsn) ? store.functionaryPositionsOf(ctx.database.db, personBsn) : Promise.resolve([]);
}

/** Names of persons (BSN) and businesses (KVK number), for showing parties; unknown ones are left out. */
export async function partyNames(
  ctx: ModuleContext,
  parties: readonly { kind: 'person' | 'business'; id: string }[],
): Promise<Map<string, string>> {
  const db = ctx.database.db;
  const bsns = [...new Set(parties.filter((p) => p.kind === 'person' && isValidBsn(p.id)).map((p) => p.id))];
  const kvks = [...new Set(parties.filter((p) => p.kind === 'business' && isValidKvkNumber(p.id)).map((p) => p.id))];
  const [persons, businesses] = await Promise.all([store.findPersons(db, bsns), store.businessNames(db, kvks)]);
  const out = new Map<string, string>();
  for (const p of persons) out.set(`person:${p.bsn}`, fullName(p));
  for (const [kvk, name] of businesses) out.set(`business:${kvk}`, name);
  return out;
}
