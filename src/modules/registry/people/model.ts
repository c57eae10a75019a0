// Persons (modelled on the BRP), businesses (modelled on the KVK Handelsregister) and officials:
// the types and pure rules. (Organisations are in model.ts.)
import type { Role } from '../../../platform/auth/model.ts';

export { isValidBsn } from '../../../platform/ids/index.ts';

/** KVK number: 8 digits (the Handelsregister has no check digit). */
export function isValidKvkNumber(value: string): boolean {
  return /^\d{8}$/.test(value) && value !== '00000000';
}

/** Vestigingsnummer: 12 digits. */
export function isValidBranchNumber(value: string): boolean {
  return /^\d{12}$/.test(value);
}

export interface Address {
  street: string;
  houseNumber: number;
  houseNumberAddition: string | null;
  postcode: string;
  city: string;
  /** CBS code of the municipality, GMxxxx. */
  municipalityCode: string;
}

export interface Person {
  bsn: string;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  birthDate: string;
  deathDate: string | null;
  address: Address | null;
}

/** Parental authority (gezag) over a minor: a parent or a guardian (voogd). */
export interface Authority {
  childBsn: string;
  holderBsn: string;
  kind: 'parent' | 'guardian';
  validFrom: string;
  validTo: string | null;
}

export const courtRegistrationKinds = ['curatele', 'beschermingsbewind', 'mentorschap'] as const;
export type CourtRegistrationKind = (typeof courtRegistrationKinds)[number];

/** A court-ordered representation of an adult (DOMAIN.md §4.1). */
export interface CourtRegistration {
  id: string;
  personBsn: string;
  representativeBsn: string;
  kind: CourtRegistrationKind;
  validFrom: string;
  validTo: string | null;
}

export const legalForms = ['eenmanszaak', 'vof', 'maatschap', 'cv', 'bv', 'nv', 'stichting', 'vereniging', 'cooperatie'] as const;
export type LegalForm = (typeof legalForms)[number];

export interface Branch {
  branchNumber: string;
  kvkNumber: string;
  name: string;
  isMain: boolean;
  address: Address;
}

export interface Business {
  kvkNumber: string;
  name: string;
  legalForm: LegalForm;
  registeredOn: string;
  endedOn: string | null;
  address: Address;
}

export const functionaryRoles = ['owner', 'director', 'partner', 'authorised_signatory', 'board_member'] as const;
export type FunctionaryRole = (typeof functionaryRoles)[number];
export type FunctionaryAuthority = 'sole' | 'joint' | 'limited';

export interface Functionary {
  kvkNumber: string;
  personBsn: string;
  role: FunctionaryRole;
  authority: FunctionaryAuthority;
  validFrom: string;
  validTo: string | null;
}

export interface Official {
  id: string;
  personBsn: string | null;
  name: string;
  email: string;
  organisationCode: string;
  roles: readonly Role[];
  active: boolean;
}

/** "Jan de Vries": given names, prefix and surname as people write them. */
export function fullName(p: Pick<Person, 'givenNames' | 'surnamePrefix' | 'surname'>): string {
  return [p.givenNames, p.surnamePrefix, p.surname].filter(Boolean).join(' ');
}

/** A relation is in force on `date` (YYYY-MM-DD) when it started and has not ended. */
export function inForce(r: { validFrom: string; validTo: string | null }, date: string): boolean {
  return r.validFrom <= date && (r.validTo === null || date < r.validTo);
}
