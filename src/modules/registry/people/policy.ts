// Who may see which person, business and official record: pure checks, the date passed in.
//
// - A citizen sees their own record, and the record of someone they legally represent on that
//   date (DOMAIN.md §4.1): a minor under their authority (gezag, until the 18th birthday), or an
//   adult for whom the court made them curator (all matters), bewindvoerder (money and goods) or
//   mentor (personal and care matters). The death of the represented person ends it all.
// - A business sees its own record.
// - An official sees what their role needs (see the role lists below).
import type { LevelOfAssurance, Principal, Role } from '../../../platform/auth/model.ts';
import { isLeapYear, tryParseIsoDate } from '../../../platform/time/model.ts';
import { inForce, type Authority, type CourtRegistration, type CourtRegistrationKind, type Person } from './model.ts';

// ---------------------------------------------------------------------------------------
// Dates: adulthood and age
// ---------------------------------------------------------------------------------------

/** Age of majority: BW 1:233 ("Minderjarigen zijn zij die de leeftijd van achttien jaren nog niet hebben bereikt"). */
export const ageOfMajority = 18;

/**
 * The day someone born on `birthDate` turns `years` old. Born on 29 February: 1 March in a
 * common year (⚠️ Dutch practice as reported, not a statute; see the report's open points).
 */
export function anniversary(birthDate: string, years: number): string {
  const year = Number(birthDate.slice(0, 4)) + years;
  const monthDay = birthDate.slice(5);
  if (monthDay === '02-29' && !isLeapYear(year)) return `${String(year).padStart(4, '0')}-03-01`;
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

/** The first day on which the person is of age (and parental authority has ended). */
export function adulthoodDate(birthDate: string): string {
  return anniversary(birthDate, ageOfMajority);
}

/** Age in whole years on `date` (0 before the first birthday; never negative). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (years <= 0) return 0;
  return date < anniversary(birthDate, years) ? years - 1 : years;
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isRealDate(value: string): boolean {
  return tryParseIsoDate(value) !== undefined;
}

// ---------------------------------------------------------------------------------------
// Legal representation (wettelijke vertegenwoordiging)
// ---------------------------------------------------------------------------------------

/** The legal basis of a representation: parental authority or one of the court measures. */
export type RepresentationBasis = 'gezag' | CourtRegistrationKind;
export const representationBases = [
  'gezag',
  'curatele',
  'beschermingsbewind',
  'mentorschap',
] as const satisfies readonly RepresentationBasis[];

/** What an act is about: money and goods, or personal and care matters. */
export type Matter = 'financial' | 'personal';

/** What each basis covers (DOMAIN.md §4.1): curator both, bewindvoerder money and goods, mentor personal and care matters. */
export const basisCovers: Readonly<Record<RepresentationBasis, readonly Matter[]>> = {
  gezag: ['financial', 'personal'],
  curatele: ['financial', 'personal'],
  beschermingsbewind: ['financial'],
  mentorschap: ['personal'],
};

export interface Representation {
  representativeBsn: string;
  representedBsn: string;
  basis: RepresentationBasis;
  /** For `gezag`: a parent, or a guardian (voogd). */
  authorityKind: Authority['kind'] | null;
  validFrom: string;
  /** The first day it no longer applies: the registered end, the 18th birthday (gezag) or the day after death, whichever is first. */
  validTo: string | null;
  covers: readonly Matter[];
}

export type RepresentedFacts = Pick<Person, 'bsn' | 'birthDate' | 'deathDate'>;

/** Is the person alive on `date`? (Died on the day itself counts as deceased.) */
export function aliveOn(person: Pick<Person, 'deathDate'>, date: string): boolean {
  return person.deathDate === null || date < person.deathDate;
}

function earliest(...dates: readonly (string | null)[]): string | null {
  const set = dates.filter((d): d is string => d !== null);
  return set.length === 0 ? null : set.reduce((a, b) => (b < a ? b : a));
}

/**
 * Every legal representation of `represented` the registers hold, in force or not, each with the
 * day it ends: the registered end, the 18th birthday (gezag) or the death, whichever is first.
 * Relations that ended before they began (a child of age, a person dead) are left out.
 */
export function allLegalRepresentations(
  represented: RepresentedFacts,
  authorities: readonly Authority[],
  registrations: readonly CourtRegistration[],
): Representation[] {
  const adult = adulthoodDate(represented.birthDate);
  const out: Representation[] = [];
  for (const a of authorities) {
    if (a.childBsn !== represented.bsn || a.holderBsn === represented.bsn) continue;
    out.push({
      representativeBsn: a.holderBsn,
      representedBsn: represented.bsn,
      basis: 'gezag',
      authorityKind: a.kind,
      validFrom: a.validFrom,
      validTo: earliest(a.validTo, adult, represented.deathDate),
      covers: basisCovers.gezag,
    });
  }
  for (const r of registrations) {
    if (r.personBsn !== represented.bsn || r.representativeBsn === represented.bsn) continue;
    out.push({
      representativeBsn: r.representativeBsn,
      representedBsn: represented.bsn,
      basis: r.kind,
      authorityKind: null,
      validFrom: r.validFrom,
      validTo: earliest(r.validTo, represented.deathDate),
      covers: basisCovers[r.kind],
    });
  }
  return out.filter((r) => r.validTo === null || r.validFrom < r.validTo);
}

/**
 * Everyone who legally represents `represented` on `date`, with the basis. Only relations about
 * this person count; the person's death, the end of a registration and (for gezag) the 18th
 * birthday end them.
 */
export function legalRepresentations(
  represented: RepresentedFacts,
  authorities: readonly Authority[],
  registrations: readonly CourtRegistration[],
  date: string,
): Representation[] {
  if (!aliveOn(represented, date)) return [];
  return allLegalRepresentations(represented, authorities, registrations).filter((r) => inForce(r, date));
}

/**
 * The basis on which `representativeBsn` may act for `represented` on `date`, for a matter (or
 * for any matter when none is given, as for seeing the record). The broadest basis wins
 * (gezag, curatele before bewind or mentorschap).
 */
export function representationBasis(
  representativeBsn: string,
  represented: RepresentedFacts,
  authorities: readonly Authority[],
  registrations: readonly CourtRegistration[],
  date: string,
  matter?: Matter,
): Representation | undefined {
  const candidates = legalRepresentations(represented, authorities, registrations, date).filter(
    (r) => r.representativeBsn === representativeBsn && (matter === undefined || r.covers.includes(matter)),
  );
  return candidates.sort((a, b) => representationBases.indexOf(a.basis) - representationBases.indexOf(b.basis))[0];
}

// ---------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------

/** Officials whose work needs the full record of persons and businesses. */
export const personReaderRoles = [
  'case_handler',
  'complaint_handler',
  'objection_committee',
  'administrator',
  'ombudsman',
] as const satisfies readonly Role[];
/** Officials who see only name, address and age (the electoral view): election officials and coordinators check voters. */
export const electoralReaderRoles = ['election_official', 'election_coordinator'] as const satisfies readonly Role[];
/** Officials who see businesses (with branches and functionaries). */
export const businessReaderRoles = personReaderRoles;
/** Officials who keep the registers (persons, businesses, officials) and see their organisation's officials. */
export const registerManagerRoles = ['administrator'] as const satisfies readonly Role[];

const hasAny = (held: readonly Role[], wanted: readonly Role[]): boolean => held.some((r) => wanted.includes(r));

export type PersonView = 'full' | 'electoral';

/** What an official sees of a person, or null when their roles need no person data (service_designer, quality_manager, representative). */
export function officialPersonView(roles: readonly Role[]): PersonView | null {
  if (hasAny(roles, personReaderRoles)) return 'full';
  if (hasAny(roles, electoralReaderRoles)) return 'electoral';
  return null;
}

// ---------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------

export type DenyReason = 'not_logged_in' | 'no_legal_basis' | 'role_not_allowed' | 'wrong_kind' | 'not_own_business' | 'other_organisation';

export type Deny = { allow: false; reason: DenyReason };

export type PersonAccess =
  | { allow: true; basis: 'self'; view: 'full' }
  | { allow: true; basis: RepresentationBasis; view: 'full'; representation: Representation }
  | { allow: true; basis: 'official_role'; view: PersonView }
  | Deny;

/** The facts about the person looked at that the decision needs. */
export interface PersonFacts {
  person: RepresentedFacts;
  /** Authorities with this person as the child. */
  authorities: readonly Authority[];
  /** Court registrations about this person. */
  registrations: readonly CourtRegistration[];
}

/** Who may see this person's record on `date`, and on which basis. */
export function decidePersonAccess(principal: Principal, facts: PersonFacts, date: string): PersonAccess {
  switch (principal.kind) {
    case 'anonymous':
      return { allow: false, reason: 'not_logged_in' };
    case 'business':
      return { allow: false, reason: 'wrong_kind' };
    case 'official': {
      const view = officialPersonView(principal.roles);
      return view ? { allow: true, basis: 'official_role', view } : { allow: false, reason: 'role_not_allowed' };
    }
    case 'person': {
      if (principal.bsn === facts.person.bsn) return { allow: true, basis: 'self', view: 'full' };
      const representation = representationBasis(principal.bsn, facts.person, facts.authorities, facts.registrations, date);
      return representation
        ? { allow: true, basis: representation.basis, view: 'full', representation }
        : { allow: false, reason: 'no_legal_basis' };
    }
  }
}

/** Whom a person represents (and who represents them) is visible to that person and to officials with the full view. */
export function decideRelationsAccess(principal: Principal, bsn: string): { allow: true; basis: 'self' | 'official_role' } | Deny {
  switch (principal.kind) {
    case 'anonymous':
      return { allow: false, reason: 'not_logged_in' };
    case 'business':
      return { allow: false, reason: 'wrong_kind' };
    case 'official':
      return officialPersonView(principal.roles) === 'full'
        ? { allow: true, basis: 'official_role' }
        : { allow: false, reason: 'role_not_allowed' };
    case 'person':
      return principal.bsn === bsn ? { allow: true, basis: 'self' } : { allow: false, reason: 'no_legal_basis' };
  }
}

/** Level of assurance a citizen needs to see a represented person's data (a Loket setting; DOMAIN.md §4.2: the provider decides). */
export const representationMinimumLoa: LevelOfAssurance = 'substantial';

export type BusinessAccess = { allow: true; basis: 'own_business' | 'official_role' } | Deny;

/** A business sees its own record; officials whose role needs it see every business. */
export function decideBusinessAccess(principal: Principal, kvkNumber: string): BusinessAccess {
  switch (principal.kind) {
    case 'anonymous':
      return { allow: false, reason: 'not_logged_in' };
    case 'person':
      return { allow: false, reason: 'wrong_kind' };
    case 'business':
      return principal.kvkNumber === kvkNumber ? { allow: true, basis: 'own_business' } : { allow: false, reason: 'not_own_business' };
    case 'official':
      return hasAny(principal.roles, businessReaderRoles)
        ? { allow: true, basis: 'official_role' }
        : { allow: false, reason: 'role_not_allowed' };
  }
}

/** Administrators see (and manage) the officials of their own organisation. */
export function decideOfficialsAccess(principal: Principal, organisationCode: string): { allow: true } | Deny {
  if (principal.kind === 'anonymous') return { allow: false, reason: 'not_logged_in' };
  if (principal.kind !== 'official') return { allow: false, reason: 'wrong_kind' };
  if (!hasAny(principal.roles, registerManagerRoles)) return { allow: false, reason: 'role_not_allowed' };
  return principal.organisationCode === organisationCode ? { allow: true } : { allow: false, reason: 'other_organisation' };
}

/** One official's record: the official themself, or an administrator of the same organisation. */
export function decideOfficialAccess(principal: Principal, official: { id: string; organisationCode: string }): { allow: true } | Deny {
  if (principal.kind === 'official' && principal.officialId === official.id) return { allow: true };
  return decideOfficialsAccess(principal, official.organisationCode);
}

/** Keeping the registers of persons and businesses: administrators. */
export function mayManageRegisters(principal: Principal): boolean {
  return principal.kind === 'official' && hasAny(principal.roles, registerManagerRoles);
}
