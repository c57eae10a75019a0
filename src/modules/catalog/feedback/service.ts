// Use cases of feedback on services and requests for new services:
// authorize → check input → one transaction: load → decide → save → audit record → outbox event.
//
// Privacy: a person or business is stored, audited and emitted only as a pseudonym (a keyed hash
// of "person:<BSN>" or "business:<KVK>") with its kind. The audit actor of a citizen's act is that
// pseudonym (`pseudonym:<hash>`), so not even the accountability trail ties a feedback text to a
// BSN; the giver can still be found by computing the hash again. Events carry no personal data.
import { createHmac } from 'node:crypto';
import { recordAudit, type Actor } from '../../../platform/audit/index.ts';
import { actorOf, type Principal } from '../../../platform/auth/index.ts';
import type { Db, Trx } from '../../../platform/db/index.ts';
import { fail, httpFailures, ok, type Failure, type Result } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import type { ProcessingLog } from '../../../platform/processing-log/index.ts';
import { getOrganisation, listOrganisations } from '../../registry/index.ts';
import type { Service } from '../model.ts';
import { findService } from '../store.ts';
import { inUseCase, invalidInput } from '../use-case.ts';
import {
  decideTransition,
  isFinal,
  ORGANISATION_CODE,
  parseFeedback,
  parseFeedbackAnswer,
  parseRequestAnswer,
  parseServiceRequest,
  summarize,
  UUID,
  type FeedbackItem,
  type FeedbackSummary,
  type Parsed,
  type RequestSort,
  type RequestStatus,
  type ServiceRequest,
} from './model.ts';
import { giverIdentity, isAnswerer, isCitizen, mayAnswerFor, type Citizen, type Official } from './policy.ts';
import * as store from './store.ts';

export { answerRoles } from './policy.ts';

/** Where a use case was called from: the request id, for the audit trail and the events. */
export interface Origin {
  requestId: string | null;
}

const noOrigin: Origin = { requestId: null };

export const pageLimits = { defaultLimit: 20, maxLimit: 100, maxOffset: 1_000_000 } as const;

export interface Page {
  limit: number;
  offset: number;
}

// ---------------------------------------------------------------------------------------------
// Expected failures (stable codes)

export const feedbackFailures = {
  serviceNotFound: (): Failure => ({
    code: 'catalog.service_not_found',
    status: 404,
    title: 'Dienst niet gevonden',
    detail: 'Deze dienst bestaat niet.',
  }),
  serviceNotPublished: (): Failure => ({
    code: 'catalog.service_not_published',
    status: 409,
    title: 'Dienst niet gepubliceerd',
    detail: 'U kunt alleen een mening geven over een dienst die gepubliceerd is.',
  }),
  alreadyGivenToday: (): Failure => ({
    code: 'catalog.feedback_already_given_today',
    status: 409,
    title: 'Vandaag al gedaan',
    detail: 'U hebt vandaag al uw mening gegeven over deze dienst. Morgen kunt u dat opnieuw doen.',
  }),
  feedbackNotFound: (): Failure => ({
    code: 'catalog.feedback_not_found',
    status: 404,
    title: 'Reactie niet gevonden',
    detail: 'Deze reactie bestaat niet.',
  }),
  alreadyAnswered: (): Failure => ({
    code: 'catalog.feedback_already_answered',
    status: 409,
    title: 'Al beantwoord',
    detail: 'Op deze reactie is al geantwoord.',
  }),
  requestNotFound: (): Failure => ({
    code: 'catalog.service_request_not_found',
    status: 404,
    title: 'Wens niet gevonden',
    detail: 'Deze wens bestaat niet.',
  }),
  requestClosed: (): Failure => ({
    code: 'catalog.service_request_closed',
    status: 409,
    title: 'Wens afgerond',
    detail: 'Deze wens is afgerond (afgewezen of gerealiseerd). U kunt hem niet meer steunen.',
  }),
  transitionInvalid: (from: RequestStatus, allowed: readonly RequestStatus[]): Failure => ({
    code: 'catalog.request_status_transition_invalid',
    status: 409,
    title: 'Status kan niet',
    detail:
      allowed.length === 0
        ? `Deze wens heeft status ${from} en is afgerond; er kan geen antwoord meer bij.`
        : `Vanuit status ${from} kan de wens alleen naar: ${allowed.join(', ')}.`,
  }),
  requestChanged: (): Failure => ({
    code: 'catalog.service_request_changed',
    status: 409,
    title: 'Intussen gewijzigd',
    detail: 'Iemand anders heeft deze wens intussen beantwoord. Laad de pagina opnieuw en kijk of uw antwoord nog nodig is.',
  }),
  citizensOnly: (): Failure => ({
    code: 'catalog.citizens_only',
    status: 403,
    title: 'Alleen voor inwoners en ondernemers',
    detail: 'Alleen inwoners en ondernemers kunnen dit doen.',
  }),
  answerersOnly: (): Failure => ({
    code: 'catalog.role_not_allowed',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen dienstontwerpers en kwaliteitsmanagers kunnen antwoorden.',
  }),
  unknownOrganisation: (): Failure =>
    invalidInput([
      { name: 'organisationCode', code: 'catalog.unknown_organisation', reason: 'Deze organisatie staat niet in het register.' },
    ]),
};

const parsedOrFail = <T>(parsed: Parsed<T>): Result<T> => (parsed.ok ? ok(parsed.value) : fail(invalidInput(parsed.issues)));

/** The citizen or business doing it, or why not: not logged in, or not a citizen or business. */
function asCitizen(principal: Principal): Result<Citizen> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  return isCitizen(principal) ? ok(principal) : fail(feedbackFailures.citizensOnly());
}

/** The official answering (a service designer or quality manager), or why not. */
function asAnswerer(principal: Principal): Result<Official> {
  if (principal.kind === 'anonymous') return fail(httpFailures.unauthorized());
  return isAnswerer(principal) ? ok(principal) : fail(feedbackFailures.answerersOnly());
}

// ---------------------------------------------------------------------------------------------
// Pseudonyms

const pseudonymKeys = new WeakMap<ProcessingLog, Buffer>();

/**
 * The keyed hash that stands for a person or business. Its key is derived from the installation's
 * secret (through the processing log's own keyed hash of a fixed label: a different key from the
 * processing log's, so the two pseudonyms of one person cannot be matched).
 */
export function pseudonymOf(ctx: Pick<ModuleContext, 'processingLog'>, principal: Citizen): string {
  let key = pseudonymKeys.get(ctx.processingLog);
  if (!key) {
    key = Buffer.from(ctx.processingLog.subjectHash({ type: 'BSN', id: 'loket:catalog:feedback:pseudonym-key' }), 'hex');
    pseudonymKeys.set(ctx.processingLog, key);
  }
  return createHmac('sha256', key).update(giverIdentity(principal).id).digest('hex');
}

const pseudonymousActor = (principal: Citizen, hash: string): Actor => ({ type: principal.kind, id: `pseudonym:${hash}` });

// ---------------------------------------------------------------------------------------------
// Feedback on a service

export interface ServiceRef {
  organisationCode: string;
  serviceId: string;
}

/** A well-formed reference (upper-case organisation code), or undefined: such a service cannot exist. */
function serviceRef(ref: ServiceRef): ServiceRef | undefined {
  if (!ORGANISATION_CODE.test(ref.organisationCode) || !UUID.test(ref.serviceId)) return undefined;
  return { organisationCode: ref.organisationCode.toUpperCase(), serviceId: ref.serviceId.toLowerCase() };
}

/** A published service by its key, for the pages; undefined when unknown or not published. */
export async function publishedService(ctx: ModuleContext, ref: ServiceRef): Promise<Service | undefined> {
  const key = serviceRef(ref);
  if (!key) return undefined;
  const service = await findService(ctx.database.db, key.organisationCode, key.serviceId);
  return service?.status === 'published' ? service : undefined;
}

/** Gives feedback (rating 1–5, optional text) on a published service; once per giver, service and day. */
export async function giveFeedback(
  ctx: ModuleContext,
  principal: Principal,
  ref: ServiceRef,
  input: unknown,
  origin: Origin = noOrigin,
): Promise<Result<FeedbackItem>> {
  const citizen = asCitizen(principal);
  if (!citizen.ok) return citizen;
  const giver = citizen.value;
  const key = serviceRef(ref);
  if (!key) return fail(feedbackFailures.serviceNotFound());
  const parsed = parsedOrFail(parseFeedback(input));
  if (!parsed.ok) return parsed;
  const { rating, text } = parsed.value;
  const hash = pseudonymOf(ctx, giver);
  return inUseCase(ctx, async (trx) => {
    const service = await findService(trx, key.organisationCode, key.serviceId);
    if (!service) return fail(feedbackFailures.serviceNotFound());
    if (service.status !== 'published') return fail(feedbackFailures.serviceNotPublished());
    const now = ctx.clock.now();
    const item: FeedbackItem = {
      id: newId(),
      organisationCode: service.organisationCode,
      serviceId: service.id,
      rating,
      text,
      givenOn: ctx.clock.today(),
      giverKind: giverIdentity(giver).kind,
      answer: null,
    };
    const stored = await store.insertFeedback(trx, {
      organisation_code: item.organisationCode,
      id: item.id,
      service_id: item.serviceId,
      upl_uri: service.uplUri,
      giver_kind: item.giverKind,
      giver_hash: hash,
      given_on: item.givenOn,
      rating,
      text,
      created_at: now.toISOString(),
      answer_text: null,
      answered_at: null,
      answered_by: null,
    });
    if (!stored) return fail(feedbackFailures.alreadyGivenToday());
    await recordAudit(trx, {
      actor: pseudonymousActor(giver, hash),
      action: 'catalog.feedback_given',
      object: { type: 'service_feedback', id: item.id },
      requestId: origin.requestId,
      at: now,
      details: { organisationCode: item.organisationCode, serviceId: item.serviceId, rating, hasText: text !== null },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'catalog.feedback_given',
        aggregate: { type: 'service', id: `${item.organisationCode}/${item.serviceId}` },
        payload: {
          organisationCode: item.organisationCode,
          serviceId: item.serviceId,
          uplUri: service.uplUri,
          rating,
          hasText: text !== null,
        },
      },
      origin.requestId,
      now,
    );
    return ok(item);
  });
}

/** The public counts of a service's feedback (for the service page). */
export async function feedbackSummary(db: Db | Trx, organisationCode: string, serviceId: string): Promise<FeedbackSummary> {
  const key = serviceRef({ organisationCode, serviceId });
  if (!key) return summarize(new Map(), 0);
  const { perRating, answered } = await store.feedbackCounts(db, key.organisationCode, key.serviceId);
  return summarize(perRating, answered);
}

export interface ServiceFeedbackView {
  /** organisation: every item (an answerer of the service's organisation); own: the viewer's own items; public: none. */
  view: 'organisation' | 'own' | 'public';
  summary: FeedbackSummary;
  items: FeedbackItem[];
  total: number;
}

/**
 * A service's feedback as this viewer may see it: the public summary for everyone; every item
 * for an answerer of the organisation; their own items (with answers) for a citizen or business.
 * An unknown service, or one not published (for anyone but the organisation's answerers), is not found.
 */
export async function serviceFeedback(
  ctx: ModuleContext,
  principal: Principal,
  ref: ServiceRef,
  page: Page = { limit: pageLimits.defaultLimit, offset: 0 },
): Promise<Result<ServiceFeedbackView>> {
  const key = serviceRef(ref);
  if (!key) return fail(feedbackFailures.serviceNotFound());
  const db = ctx.database.db;
  const service = await findService(db, key.organisationCode, key.serviceId);
  const organisation = mayAnswerFor(principal, key.organisationCode);
  if (!service || (service.status !== 'published' && !organisation)) return fail(feedbackFailures.serviceNotFound());
  const summary = await feedbackSummary(db, key.organisationCode, key.serviceId);
  if (organisation) {
    const { items, total } = await store.listServiceFeedback(db, key.organisationCode, key.serviceId, page);
    return ok({ view: 'organisation', summary, items, total });
  }
  if (isCitizen(principal)) {
    const items = await store.listOwnFeedback(db, key.organisationCode, key.serviceId, pseudonymOf(ctx, principal));
    return ok({ view: 'own', summary, items, total: items.length });
  }
  return ok({ view: 'public', summary, items: [], total: 0 });
}

/**
 * An answerer of the service's organisation answers one feedback item (once). Officials of
 * another organisation get the same 404 as for an unknown id.
 */
export async function answerFeedback(
  ctx: ModuleContext,
  principal: Principal,
  ref: { organisationCode: string; serviceId?: string; feedbackId: string },
  input: unknown,
  origin: Origin = noOrigin,
): Promise<Result<FeedbackItem>> {
  const answerer = asAnswerer(principal);
  if (!answerer.ok) return answerer;
  const official = answerer.value;
  const code = ref.organisationCode.toUpperCase();
  if (!ORGANISATION_CODE.test(code) || !UUID.test(ref.feedbackId) || (ref.serviceId !== undefined && !UUID.test(ref.serviceId))) {
    return fail(feedbackFailures.feedbackNotFound());
  }
  if (!mayAnswerFor(official, code)) return fail(feedbackFailures.feedbackNotFound());
  return inUseCase(ctx, async (trx) => {
    const item = await store.findFeedback(trx, code, ref.feedbackId.toLowerCase());
    if (!item || (ref.serviceId !== undefined && item.serviceId !== ref.serviceId.toLowerCase())) {
      return fail(feedbackFailures.feedbackNotFound());
    }
    const parsed = parsedOrFail(parseFeedbackAnswer(input));
    if (!parsed.ok) return parsed;
    if (item.answer) return fail(feedbackFailures.alreadyAnswered());
    const now = ctx.clock.now();
    const at = now.toISOString();
    if (!(await store.answerFeedback(trx, code, item.id, { text: parsed.value.text, at, by: official.officialId }))) {
      return fail(feedbackFailures.alreadyAnswered());
    }
    await recordAudit(trx, {
      actor: actorOf(official),
      action: 'catalog.feedback_answered',
      object: { type: 'service_feedback', id: item.id },
      requestId: origin.requestId,
      at: now,
      details: { organisationCode: code, serviceId: item.serviceId },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'catalog.feedback_answered',
        aggregate: { type: 'service', id: `${code}/${item.serviceId}` },
        payload: { organisationCode: code, serviceId: item.serviceId, uplUri: item.uplUri, feedbackId: item.id, rating: item.rating },
      },
      origin.requestId,
      now,
    );
    const { uplUri: _uplUri, ...rest } = item;
    return ok({ ...rest, answer: { text: parsed.value.text, answeredAt: at } });
  });
}

export interface OrganisationInbox {
  organisationCode: string;
  feedback: { items: (FeedbackItem & { serviceTitle: string })[]; total: number };
  requests: { items: ServiceRequestView[]; total: number };
}

/** For answerers: the feedback on their organisation's services and the requests addressed to it, newest first. */
export async function organisationInbox(
  ctx: ModuleContext,
  principal: Principal,
  pages: { feedback: Page; requests: Page },
): Promise<Result<OrganisationInbox>> {
  const answerer = asAnswerer(principal);
  if (!answerer.ok) return answerer;
  const code = answerer.value.organisationCode.toUpperCase();
  const [feedback, requests] = await Promise.all([
    store.listOrganisationFeedback(ctx.database.db, code, pages.feedback),
    store.listRequests(ctx.database.db, { organisationCode: code, sort: 'newest', ...pages.requests }),
  ]);
  return ok({ organisationCode: code, feedback, requests: { items: await withNames(ctx, requests.items), total: requests.total } });
}

// ---------------------------------------------------------------------------------------------
// Requests for a new service

export interface ServiceRequestView extends ServiceRequest {
  /** The addressed organisation's name, or null for "any government". */
  organisationName: string | null;
}

export interface ServiceRequestDetail extends ServiceRequestView {
  /** Did the viewer ask for it, or support it (false for anyone not logged in as a citizen or business)? */
  yours: boolean;
  supportedByYou: boolean;
}

/** Organisation names by code (the register's cached list). */
export async function organisationNames(ctx: ModuleContext): Promise<Map<string, string>> {
  const page = await listOrganisations(ctx, { limit: 100_000, offset: 0 });
  return new Map(page.items.map((o) => [o.code, o.name]));
}

async function withNames(ctx: ModuleContext, items: readonly ServiceRequest[]): Promise<ServiceRequestView[]> {
  const names = items.some((i) => i.organisationCode !== null) ? await organisationNames(ctx) : new Map<string, string>();
  return items.map((i) => ({
    ...i,
    organisationName: i.organisationCode === null ? null : (names.get(i.organisationCode) ?? i.organisationCode),
  }));
}

/** A person or business asks an organisation (or any government) for a new service; their own support counts once. */
export async function createServiceRequest(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: Origin = noOrigin,
): Promise<Result<ServiceRequestView>> {
  const citizen = asCitizen(principal);
  if (!citizen.ok) return citizen;
  const requester = citizen.value;
  const parsed = parsedOrFail(parseServiceRequest(input));
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  // Reference data, read before the transaction (it changes only through imports).
  const organisation = value.organisationCode === null ? null : await getOrganisation(ctx, value.organisationCode);
  if (value.organisationCode !== null && !organisation) return fail(feedbackFailures.unknownOrganisation());
  const hash = pseudonymOf(ctx, requester);
  return inUseCase(ctx, async (trx) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const request: ServiceRequest = {
      id: newId(),
      organisationCode: value.organisationCode,
      title: value.title,
      description: value.description,
      audience: value.audience,
      status: 'open',
      supportCount: 1,
      requesterKind: giverIdentity(requester).kind,
      createdAt: at,
      answer: null,
    };
    await store.insertRequest(trx, {
      id: request.id,
      organisation_code: request.organisationCode,
      title: request.title,
      description: request.description,
      audience: request.audience,
      requester_kind: request.requesterKind,
      requester_hash: hash,
      status: request.status,
      support_count: 1,
      created_at: at,
      updated_at: at,
      answer_text: null,
      answered_at: null,
      answered_by: null,
    });
    // The requester supports their own request: supporting it again later counts nothing.
    await store.insertSupport(trx, { request_id: request.id, supporter_hash: hash, supported_at: at });
    await recordAudit(trx, {
      actor: pseudonymousActor(requester, hash),
      action: 'catalog.service_requested',
      object: { type: 'service_request', id: request.id },
      requestId: origin.requestId,
      at: now,
      details: { organisationCode: request.organisationCode, audience: request.audience },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'catalog.service_requested',
        aggregate: { type: 'service_request', id: request.id },
        payload: { requestId: request.id, organisationCode: request.organisationCode, title: request.title, audience: request.audience },
      },
      origin.requestId,
      now,
    );
    return ok({ ...request, organisationName: organisation?.name ?? null });
  });
}

export interface RequestQuery extends Page {
  organisationCode?: string | undefined;
  sort: RequestSort;
}

/** The public list of requests with their support counts. */
export async function listServiceRequests(
  ctx: ModuleContext,
  query: RequestQuery,
): Promise<{ items: ServiceRequestView[]; total: number }> {
  const organisationCode = query.organisationCode?.toUpperCase();
  const { items, total } = await store.listRequests(ctx.database.db, { ...query, organisationCode });
  return { items: await withNames(ctx, items), total };
}

/** One request (public), with whether the viewer asked for or supported it. */
export async function getServiceRequest(ctx: ModuleContext, principal: Principal, id: string): Promise<Result<ServiceRequestDetail>> {
  if (!UUID.test(id)) return fail(feedbackFailures.requestNotFound());
  const db = ctx.database.db;
  const found = await store.findRequest(db, id.toLowerCase());
  if (!found) return fail(feedbackFailures.requestNotFound());
  const { requesterHash, ...request } = found;
  const hash = isCitizen(principal) ? pseudonymOf(ctx, principal) : undefined;
  const [view] = await withNames(ctx, [request]);
  if (!view) throw new Error('unreachable: withNames keeps every item');
  return ok({
    ...view,
    yours: hash !== undefined && hash === requesterHash,
    supportedByYou: hash !== undefined && (await store.hasSupported(db, request.id, hash)),
  });
}

/**
 * A person or business supports a request, once: supporting again (or supporting your own
 * request) changes nothing and writes no audit record or event. Closed requests take no support.
 */
export async function supportServiceRequest(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  origin: Origin = noOrigin,
): Promise<Result<{ supportCount: number; counted: boolean }>> {
  const citizen = asCitizen(principal);
  if (!citizen.ok) return citizen;
  const supporter = citizen.value;
  if (!UUID.test(id)) return fail(feedbackFailures.requestNotFound());
  const hash = pseudonymOf(ctx, supporter);
  return inUseCase(ctx, async (trx) => {
    const request = await store.findRequest(trx, id.toLowerCase());
    if (!request) return fail(feedbackFailures.requestNotFound());
    if (isFinal(request.status)) return fail(feedbackFailures.requestClosed());
    const now = ctx.clock.now();
    const at = now.toISOString();
    if (!(await store.insertSupport(trx, { request_id: request.id, supporter_hash: hash, supported_at: at }))) {
      return ok({ supportCount: request.supportCount, counted: false });
    }
    const supportCount = await store.incrementSupport(trx, request.id, at);
    await recordAudit(trx, {
      actor: pseudonymousActor(supporter, hash),
      action: 'catalog.service_request_supported',
      object: { type: 'service_request', id: request.id },
      requestId: origin.requestId,
      at: now,
      details: { supportCount },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'catalog.service_request_supported',
        aggregate: { type: 'service_request', id: request.id },
        payload: { requestId: request.id, organisationCode: request.organisationCode, supportCount },
      },
      origin.requestId,
      now,
    );
    return ok({ supportCount, counted: true });
  });
}

/**
 * An answerer of the addressed organisation answers a request and moves its status (model.ts
 * state machine). Officials of another organisation, and requests to "any government", are not found.
 */
export async function answerServiceRequest(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  input: unknown,
  origin: Origin = noOrigin,
): Promise<Result<ServiceRequestView>> {
  const answerer = asAnswerer(principal);
  if (!answerer.ok) return answerer;
  const official = answerer.value;
  if (!UUID.test(id)) return fail(feedbackFailures.requestNotFound());
  const answered = await inUseCase(ctx, async (trx): Promise<Result<ServiceRequest>> => {
    const found = await store.findRequest(trx, id.toLowerCase());
    if (!found || !mayAnswerFor(official, found.organisationCode)) return fail(feedbackFailures.requestNotFound());
    const parsed = parsedOrFail(parseRequestAnswer(input));
    if (!parsed.ok) return parsed;
    const { status, text } = parsed.value;
    const decision = decideTransition(found.status, status);
    if (!decision.ok) return fail(feedbackFailures.transitionInvalid(found.status, decision.allowed));
    const now = ctx.clock.now();
    const at = now.toISOString();
    if (!(await store.answerRequest(trx, found.id, { from: found.status, to: status, text, at, by: official.officialId }))) {
      // Someone else answered in the meantime: refuse rather than overwrite their answer.
      return fail(feedbackFailures.requestChanged());
    }
    await recordAudit(trx, {
      actor: actorOf(official),
      action: 'catalog.service_request_answered',
      object: { type: 'service_request', id: found.id },
      requestId: origin.requestId,
      at: now,
      details: { from: found.status, to: status },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'catalog.service_request_answered',
        aggregate: { type: 'service_request', id: found.id },
        payload: { requestId: found.id, organisationCode: found.organisationCode, previousStatus: found.status, status },
      },
      origin.requestId,
      now,
    );
    const { requesterHash: _hash, ...request } = found;
    return ok({ ...request, status, answer: { text, answeredAt: at } });
  });
  if (!answered.ok) return answered;
  // Names are read outside the transaction (on SQLite another query would wait for it to end).
  const [view] = await withNames(ctx, [answered.value]);
  if (!view) throw new Error('unreachable: withNames keeps every item');
  return ok(view);
}
