// delivery: who may do what with a case. Pure: the principal and the case's facts come in, a
// decision goes out. A case that may not be seen is answered as "not found" by the service, so a
// guessed id tells nothing.
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

/** The applicant a citizen or business applies as; null for officials and anonymous visitors. */
export function applicantOf(principal: Principal): Applicant | null {
  if (principal.kind === 'person') return { kind: 'person', id: principal.bsn };
  if (principal.kind === 'business') return { kind: 'business', id: principal.kvkNumber };
  return null;
}

/** The person acting for the applicant, where that differs from the applicant (a business's employee). */
export function actingPersonOf(principal: Principal): { kind: 'person'; id: string } | null {
  return principal.kind === 'business' && principal.actingBsn !== null ? { kind: 'person', id: principal.actingBsn } : null;
}

export function isApplicantOf(principal: Principal, applicant: Applicant): boolean {
  const own = applicantOf(principal);
  return own !== null && own.kind === applicant.kind && own.id === applicant.id;
}

/** An official with a case-handling role in `organisationCode`. */
export function isCaseHandlerOf(principal: Principal, organisationCode: string): boolean {
  return (
    principal.kind === 'official' &&
    principal.organisationCode === organisationCode &&
    principal.roles.some((r) => (caseHandlerRoles as readonly Role[]).includes(r))
  );
}

/** In which capacity `principal` may see a case; null: not at all (answered as not found). */
export function caseViewer(principal: Principal, kase: { organisationCode: string; applicant: Applicant }): ActorKind | null {
  if (isApplicantOf(principal, kase.applicant)) return 'applicant';
  if (isCaseHandlerOf(principal, kase.organisationCode)) return 'official';
  return null;
}
