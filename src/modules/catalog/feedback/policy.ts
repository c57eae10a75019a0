// Who may do what with feedback and requests: pure checks.
//
// - Persons and businesses (logged in) give feedback, ask for a service and support a request.
// - An official with one of `answerRoles` answers feedback on the services of their own
//   organisation, and requests addressed to it. For officials of another organisation the item
//   does not exist (the same 404 as an unknown id). Nobody answers a request addressed to
//   "any government" yet (see the report: it needs an owner).
import type { Principal, Role } from '../../../platform/auth/model.ts';
import type { GiverKind } from './model.ts';

export const answerRoles = ['service_designer', 'quality_manager'] as const satisfies readonly Role[];

export type Citizen = Extract<Principal, { kind: 'person' | 'business' }>;
export type Official = Extract<Principal, { kind: 'official' }>;

export function isCitizen(principal: Principal): principal is Citizen {
  return principal.kind === 'person' || principal.kind === 'business';
}

/** The identity the pseudonym is computed from (never stored as such). */
export function giverIdentity(principal: Citizen): { kind: GiverKind; id: string } {
  return principal.kind === 'person'
    ? { kind: 'person', id: `person:${principal.bsn}` }
    : { kind: 'business', id: `business:${principal.kvkNumber}` };
}

/** An official holding an answer role (of any organisation). */
export function isAnswerer(principal: Principal): principal is Official {
  return principal.kind === 'official' && principal.roles.some((r) => (answerRoles as readonly Role[]).includes(r));
}

/** May this principal answer for (and see the feedback items of) this organisation? */
export function mayAnswerFor(principal: Principal, organisationCode: string | null): principal is Official {
  return organisationCode !== null && isAnswerer(principal) && principal.organisationCode.toUpperCase() === organisationCode.toUpperCase();
}
