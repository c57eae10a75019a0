// delivery/accountability: who may export a case's trail. Pure. Anyone else is answered as if the
// case did not exist (the service says "not found"), so a guessed id tells nothing.
import type { Access, Principal, Role } from '../../../platform/auth/model.ts';
import { caseHandlerRoles, isApplicantOf, isCaseHandlerOf, type Applicant } from '../policy.ts';

/**
 * The ombudsman investigates how any administrative body acted and may ask it for every piece of
 * information the investigation needs (Awb 9:31), so the role is not bound to the case's organisation.
 */
export const oversightRoles = ['ombudsman'] as const satisfies readonly Role[];

/** The route declaration: applicants (persons, businesses), case handlers and the ombudsman; the service checks the case. */
export const accountabilityAccess = {
  kinds: ['person', 'business'],
  roles: [...caseHandlerRoles, ...oversightRoles],
} as const satisfies Access;

export type ExportViewer = 'applicant' | 'case_handler' | 'ombudsman';

/** In which capacity `principal` may export the trail of a case; null: not at all. */
export function exportViewer(principal: Principal, kase: { organisationCode: string; applicant: Applicant }): ExportViewer | null {
  if (isApplicantOf(principal, kase.applicant)) return 'applicant';
  if (isCaseHandlerOf(principal, kase.organisationCode)) return 'case_handler';
  if (principal.kind === 'official' && principal.roles.some((r) => (oversightRoles as readonly Role[]).includes(r))) return 'ombudsman';
  return null;
}

/** The rule an export rests on, recorded with it. */
export const exportLegalBasis: Readonly<Record<ExportViewer, string>> = {
  // AVG art. 15: the data subject's right of access.
  applicant: 'AVG art. 15',
  // AVG art. 5 lid 2: the controller is accountable for the processing.
  case_handler: 'AVG art. 5 lid 2',
  // Awb 9:31: information for the ombudsman's investigation.
  ombudsman: 'Awb 9:31',
};
