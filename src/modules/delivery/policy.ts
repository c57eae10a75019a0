// delivery: who may do what with a case. Pure: the principal and the case's facts come in, a
// decision goes out. A case that may not be seen is answered as "not found" by the service, so a
// guessed id tells nothing.
//
// A citizen or business applies, follows cases and reads letters for whom they handle now: the one
// they chose with "act for …" (principal.actingFor), else themself. That choice only says whose
// affairs are meant; every act is checked against the mandates engine at that moment (acting.ts),
// and the case records who acted (`actingFor`: the acting person) for whom (`applicant`).
import type { Principal, Role } from '../../platform/auth/model.ts';
import type { ActorKind } from './model.ts';

export type ApplicantKind = 'person' | 'business';

/** Who a case is for: a person (BSN) or a business (KVK number). */
export interface Applicant {
  readonly kind: ApplicantKind;
  readonly id: string;
}

/** The roles that handle an organisation's cases. */
export const caseHandlerRoles = ['case_handler'] as const satisfies readonly Role[];

/** The party a citizen or business is logged in as (DigiD: the person; eHerkenning: the business); null for officials and visitors. */
export function ownPartyOf(principal: Principal): Applicant | null {
  if (principal.kind === 'person') return { kind: 'person', id: principal.bsn };
  if (principal.kind === 'business') return { kind: 'business', id: principal.kvkNumber };
  return null;
}

/**
 * For whom a citizen or business applies and follows cases now: the one they act for (chosen with
 * "act for …"), else themself; null for officials and anonymous visitors. Whether they may is
 * asked of the mandates engine for each act (acting.ts).
 */
export function applicantOf(principal: Principal): Applicant | null {
  if (principal.kind !== 'person' && principal.kind !== 'business') return null;
  return principal.actingFor ? { kind: principal.actingFor.kind, id: principal.actingFor.id } : ownPartyOf(principal);
}

export const sameApplicant = (a: Applicant, b: Applicant): boolean => a.kind === b.kind && a.id === b.id;

/** Is the principal acting for someone other than the party they logged in as? */
export function actsForAnother(principal: Principal): boolean {
  const own = ownPartyOf(principal);
  const subject = applicantOf(principal);
  return own !== null && subject !== null && !sameApplicant(own, subject);
}

/**
 * The person acting for the applicant, where that is not the applicant itself: a citizen acting for
 * someone else (a parent, a curator, a mandatary), or the person logged in for a business
 * (eHerkenning), also when acting for the business itself.
 */
export function actingPersonOf(principal: Principal): { kind: 'person'; id: string } | null {
  if (principal.kind === 'business') return principal.actingBsn !== null ? { kind: 'person', id: principal.actingBsn } : null;
  if (principal.kind === 'person' && actsForAnother(principal)) return { kind: 'person', id: principal.bsn };
  return null;
}

/** Is `applicant` whom the principal handles now (see applicantOf)? */
export function isApplicantOf(principal: Principal, applicant: Applicant): boolean {
  const subject = applicantOf(principal);
  return subject !== null && sameApplicant(subject, applicant);
}

/** An official with a case-handling role in `organisationCode`. */
export function isCaseHandlerOf(principal: Principal, organisationCode: string): boolean {
  return (
    principal.kind === 'official' &&
    principal.organisationCode === organisationCode &&
    principal.roles.some((r) => (caseHandlerRoles as readonly Role[]).includes(r))
  );
}

/**
 * In which capacity `principal` may see a case, as far as the case tells: the applicant side (the
 * mandates engine still decides per act), or a case handler of its organisation; null: not at all
 * (answered as not found).
 */
export function caseViewer(principal: Principal, kase: { organisationCode: string; applicant: Applicant }): ActorKind | null {
  if (isApplicantOf(principal, kase.applicant)) return 'applicant';
  if (isCaseHandlerOf(principal, kase.organisationCode)) return 'official';
  return null;
}
