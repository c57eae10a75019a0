// delivery: acting for someone. Every use case of the applicant side (applying, Mijn zaken, a
// case and the steps on it, letters, offers, the accountability report) asks the mandates engine
// (`authorizeActing`) before its transaction whether the logged-in person may do this, now, for
// whom they handle (the one they act for, else themself). The engine reads its facts fresh, so an
// ended mandate stops at once. The act's audit record stores for whom (`actor.onBehalfOf`, with the
// mandate id of the chain) and on which basis (`details.basis`: the mandate chain or the legal basis).
//
// A refusal with a reason is a 403 `mandates.<reason>` (the API shows the reason); for browsers the
// failure carries the address of a page that says it in plain Dutch (`actingRefusalPath`), or the
// page about logging in at a higher level of assurance.
import type { Actor as AuditActor } from '../../platform/audit/index.ts';
import { actorOf, LOA_STEP_UP_PATH, type Principal } from '../../platform/auth/index.ts';
import { fail, ok, type Failure, type Result } from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { authorizeActing, denyTexts, type ActingAuthorization, type Action, type DenyReason } from '../mandates/index.ts';
import { actingPersonOf, applicantOf, type Applicant } from './policy.ts';

/** A service of an organisation, as the mandates check takes it. */
export interface ServiceKey {
  readonly organisationCode: string;
  readonly serviceId: string;
}

/** Who acts for whom, and on which basis: the outcome of a check that allowed. */
export interface Acting {
  /** For whom: the applicant of the case, the recipient of the letters and offers. */
  subject: Applicant;
  /** The person who acts, where that is not the subject itself (a representative, a mandatary, a business's employee). */
  actingPerson: { kind: 'person'; id: string } | null;
  authorization: ActingAuthorization;
}

/** The page that says, in plain Dutch, why acting for someone was refused (`?reden=<DenyReason>`). */
export const actingRefusalPath = '/zaken/geen-toegang';

const denyReasonList = Object.keys(denyTexts) as DenyReason[];

export const isDenyReason = (value: unknown): value is DenyReason =>
  typeof value === 'string' && (denyReasonList as readonly string[]).includes(value);

/** A refusal of the mandates engine, with the page browsers are sent to (the API ignores it). */
export function withRefusalPage(failure: Failure, returnTo = '/zaken'): Failure {
  // A login level too low: the step-up page the mandates failure names, returning here afterwards.
  if (failure.code === 'auth.loa_too_low' && failure.location?.startsWith(LOA_STEP_UP_PATH) && !failure.location.includes('terug='))
    return { ...failure, location: `${failure.location}&terug=${encodeURIComponent(returnTo)}` };
  if (failure.location) return failure;
  const reason = failure.code.startsWith('mandates.') ? failure.code.slice('mandates.'.length) : '';
  if (failure.status === 403 && isDenyReason(reason)) return { ...failure, location: `${actingRefusalPath}?reden=${reason}` };
  return failure;
}

/** The mandates engine's refusal for a reason it gives (the same code, status and text as its own). */
export function refusalFor(reason: DenyReason): Failure {
  return withRefusalPage({ code: `mandates.${reason}`, status: 403, title: 'Niet toegestaan', detail: denyTexts[reason].nl });
}

/**
 * May the principal (a citizen or business) do `action` — in `service`, where given — for whom they
 * handle now? Answers for whom and on which basis, or the refusal (401/403, a 404 for an unknown
 * service). Officials and anonymous visitors are refused by the callers before this.
 */
export async function authorizeAs(
  ctx: ModuleContext,
  principal: Principal,
  request: { action: Action; service?: ServiceKey | null },
): Promise<Result<Acting>> {
  const subject = applicantOf(principal);
  const checked = await authorizeActing(ctx, principal, { action: request.action, service: request.service ?? null });
  if (!checked.ok) return fail(withRefusalPage(checked.failure));
  const authorized = checked.value;
  return ok({
    subject: subject ?? { kind: authorized.subject.kind, id: authorized.subject.id },
    actingPerson: actingPersonOf(principal),
    authorization: authorized,
  });
}

/**
 * As `authorizeAs`, for an act about something that belongs to a service (a case, its letters). A
 * service no longer published cannot be checked against a mandate's scope: then only who may act
 * for the subject in every matter passes (the subject itself, a business's functionary, a parent
 * with authority or a curator); a mandatary is refused (`out_of_scope`).
 */
export async function authorizeForService(
  ctx: ModuleContext,
  principal: Principal,
  action: Action,
  service: ServiceKey,
): Promise<Result<Acting>> {
  const checked = await authorizeAs(ctx, principal, { action, service });
  if (checked.ok || checked.failure.code !== 'mandates.service_not_found') return checked;
  const general = await authorizeAs(ctx, principal, { action, service: null });
  if (!general.ok) return general;
  return reachesEveryService(general.value) ? general : fail(refusalFor('out_of_scope'));
}

/**
 * Does the basis let the actor act in every service of the subject (up to the level of assurance a
 * service needs)? The subject itself, a business's functionary, a parent with authority or a
 * curator: yes. A mandate (its scope), a bewindvoerder or a mentor (one kind of matter): per service.
 */
export function reachesEveryService(acting: Acting): boolean {
  const basis = acting.authorization.basis;
  return (
    basis.kind === 'self' ||
    basis.kind === 'functionary' ||
    (basis.kind === 'legal' && (basis.basis === 'gezag' || basis.basis === 'curatele'))
  );
}

/** Refusals that say nothing more than "not yours": for a case or letter they are answered as not found. */
export const hidesWhatExists = (failure: Failure): boolean =>
  failure.code === 'mandates.no_relation' || failure.code === 'mandates.unknown_subject';

/**
 * Of the subject's services (of its cases), those whose cases the actor may read, checked once per
 * service (not per case); null: all of them (a basis that reaches every service, or allowed for each). A service that needs a higher level of assurance is
 * kept: its cases are listed, and opening one says how to log in higher.
 */
export async function readableServices(
  ctx: ModuleContext,
  principal: Principal,
  acting: Acting,
  services: readonly ServiceKey[],
): Promise<ServiceKey[] | null> {
  if (reachesEveryService(acting)) return null;
  const allowed: ServiceKey[] = [];
  for (const service of services) {
    const checked = await authorizeForService(ctx, principal, 'read_case', service);
    if (checked.ok || checked.failure.code === 'auth.loa_too_low') allowed.push(service);
  }
  return allowed.length === services.length ? null : allowed;
}

/** The actor as the audit trail records it: who, and for whom (with the mandate of the chain) when acting for someone else. */
export function auditActorOf(principal: Principal, acting: Acting | null): AuditActor {
  return { ...actorOf(principal), onBehalfOf: acting?.authorization.onBehalfOf ?? null };
}

/** What the act's audit details add: the basis (mandate chain, legal basis, functionary), unless one acts for oneself. */
export function basisDetails(acting: Acting | null): { basis?: Record<string, unknown> } {
  return acting && acting.authorization.basis.kind !== 'self' ? { basis: acting.authorization.auditBasis } : {};
}
