// Who may manage a service description, and how a service moves between draft, published and
// retired. Pure: no database, no HTTP.
//
//            publish                retire
//   draft ───────────▶ published ───────────▶ retired
//     ▲                                          │
//     └──────────────────── reopen ──────────────┘
//
// Publishing also needs a complete description (model.ts checkPublishable); a published service
// stays complete: a change that would leave something out is refused (`mustStayComplete`).
import type { Principal, Role } from '../../../platform/auth/model.ts';
import type { ServiceStatus } from '../model.ts';

/** The roles that manage their own organisation's service descriptions. */
export const designerRoles = ['service_designer'] as const satisfies readonly Role[];

export type ManageDenial = 'not_logged_in' | 'role_not_allowed' | 'other_organisation';
export type ManageAccess = { allow: true } | { allow: false; reason: ManageDenial };

/**
 * May this principal manage the services of this organisation? Only a service designer of the
 * organisation itself; the use cases answer `other_organisation` as "not found", like an unknown id.
 */
export function decideManageAccess(principal: Principal, organisationCode: string): ManageAccess {
  if (principal.kind === 'anonymous') return { allow: false, reason: 'not_logged_in' };
  if (principal.kind !== 'official') return { allow: false, reason: 'role_not_allowed' };
  if (!principal.roles.some((r) => (designerRoles as readonly Role[]).includes(r))) return { allow: false, reason: 'role_not_allowed' };
  if (principal.organisationCode !== organisationCode) return { allow: false, reason: 'other_organisation' };
  return { allow: true };
}

// ---------------------------------------------------------------------------------------------
// The status state machine

export const serviceActions = ['publish', 'retire', 'reopen'] as const;
export type ServiceAction = (typeof serviceActions)[number];

const transitions: Readonly<Record<ServiceAction, { from: ServiceStatus; to: ServiceStatus }>> = {
  publish: { from: 'draft', to: 'published' },
  retire: { from: 'published', to: 'retired' },
  reopen: { from: 'retired', to: 'draft' },
};

export type Transition =
  | { ok: true; from: ServiceStatus; to: ServiceStatus }
  | { ok: false; code: 'catalog.invalid_transition'; from: ServiceStatus; action: ServiceAction };

/** Where `action` takes a service in `status`, or why it cannot. */
export function transition(status: ServiceStatus, action: ServiceAction): Transition {
  const t = transitions[action];
  return t.from === status ? { ok: true, from: status, to: t.to } : { ok: false, code: 'catalog.invalid_transition', from: status, action };
}

/** The actions possible in a status, in the order of `serviceActions`. */
export function allowedActions(status: ServiceStatus): ServiceAction[] {
  return serviceActions.filter((a) => transitions[a].from === status);
}

/** A published service is in the public catalog, so its description must stay complete. */
export function mustStayComplete(status: ServiceStatus): boolean {
  return status === 'published';
}
