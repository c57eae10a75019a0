// delivery: the use cases of a case (service level; the JSON API and pages come later).
// Each: authorize → one transaction → load → decide with model.ts → save → timeline entry →
// audit record → processing-log line (the organisation processes the applicant's data) → outbox
// event. Expected failures are values with stable codes; a refusal rolls back everything.
//
// Who may see a case is decided in policy.ts; a case the principal may not see is answered
// exactly like an unknown id (`delivery.case_not_found`).
import { randomBytes } from 'node:crypto';
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/model.ts';
import type { Trx } from '../../platform/db/index.ts';
import {
  fail,
  inUseCase as inDatabaseUseCase,
  invalidInputFailure,
  ok,
  type Failure,
  type InvalidParam,
  type Result,
} from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { processingActivityBase, type ProcessingSubject, type TraceContext } from '../../platform/processing-log/index.ts';
import { newId } from '../../platform/ids/index.ts';
import { addDays, formatDateLong, isIsoDate, type IsoDate } from '../../platform/time/index.ts';
import { getPublicService } from '../catalog/index.ts';
import { officialRoles, organisationNames } from '../registry/index.ts';
import { formatMoney, formLimits, parseFormDefinition, validateAll, type AttachmentRef, type FormDefinition } from './forms.ts';
import { shippedForms } from './forms-reference.ts';
import { findAttachments, linkAttachmentsToCase } from './apply/store.ts';
import { sendMessage, type MessageKind } from './messages/service.ts';
import {
  allowedActions,
  checkDecisionByOperationOfLaw,
  checkExtensionNotice,
  checkNoticeOfDefault,
  computeDecisionDue,
  computePenalty,
  decisionByOperationOfLaw,
  decisionOutcomes,
  decisionTermBasis,
  informationRequestSuspension,
  isPending,
  lateDecisionRemedy,
  objectionTerm,
  pendingStatuses,
  transition,
  type ActorKind,
  type CaseAction,
  type CaseStatus,
  type DecisionByOperationOfLaw,
  type DecisionDue,
  type DecisionDueInput,
  type DecisionDueStep,
  type DecisionOutcome,
  type DecisionTermBasis,
  type ExtensionRefusalCode,
  type LateDecisionRemedy,
  type NoticeOfDefaultRefusalCode,
  type Penalty,
} from './model.ts';
import {
  authorizeAs,
  authorizeForService,
  auditActorOf,
  basisDetails,
  hidesWhatExists,
  reachesEveryService,
  readableServices,
  type Acting,
} from './acting.ts';
import {
  applicantOf,
  caseHandlerRoles,
  caseViewer,
  isApplicantOf,
  isCaseHandlerOf,
  ownPartyOf,
  sameApplicant,
  type Applicant,
} from './policy.ts';
import { deliveryLegalRules } from './reference.ts';
import * as store from './store.ts';
import {
  emptyTermState,
  queueSorts,
  type CaseEvent,
  type DeliveryCase,
  type InformationRequest,
  type QueueSort,
  type TermExtension,
} from './store.ts';

export type { CaseEvent, DeliveryCase, TermExtension } from './store.ts';

// ---------------------------------------------------------------------------------------------
// Failures

export const deliveryFailures = {
  loginRequired: (): Failure => ({
    code: 'auth.login_required',
    status: 401,
    title: 'Inloggen nodig',
    detail: 'Log in om dit te gebruiken.',
  }),
  applicantsOnly: (): Failure => ({
    code: 'delivery.applicants_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen inwoners en ondernemers kunnen een aanvraag doen.',
  }),
  caseHandlersOnly: (): Failure => ({
    code: 'delivery.case_handlers_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen zaakbehandelaars van de organisatie kunnen dit doen.',
  }),
  serviceNotAvailable: (): Failure => ({
    code: 'delivery.service_not_available',
    status: 404,
    title: 'Dienst niet gevonden',
    detail: 'Deze dienst bestaat niet of kan nu niet worden aangevraagd.',
  }),
  unknownForm: (): Failure => ({
    code: 'delivery.unknown_form',
    status: 400,
    title: 'Onbekend formulier',
    detail: 'Dit formulier hoort niet bij deze dienst.',
  }),
  caseNotFound: (): Failure => ({
    code: 'delivery.case_not_found',
    status: 404,
    title: 'Zaak niet gevonden',
    detail: 'Deze zaak bestaat niet, of u kunt hem niet bekijken.',
  }),
  transitionNotAllowed: (status: CaseStatus, action: CaseAction): Failure => ({
    code: 'delivery.transition_not_allowed',
    status: 409,
    title: 'Dit kan nu niet',
    detail: `De stap "${action}" kan niet bij een zaak met de status "${status}".`,
  }),
  invalidInput: (issues: readonly InvalidParam[]): Failure => invalidInputFailure('delivery', issues),
  concurrentSubmit: (): Failure => ({
    code: 'delivery.concurrent_submit',
    status: 409,
    title: 'Aanvraag al ontvangen',
    detail: 'Deze aanvraag is tegelijk al eens verstuurd.',
  }),
  invalidAnswers: (issues: readonly InvalidParam[]): Failure => ({
    code: 'delivery.form.invalid_answers',
    status: 400,
    title: 'Het formulier is niet goed ingevuld',
    detail: `${issues.length} ${issues.length === 1 ? 'antwoord is' : 'antwoorden zijn'} niet goed ingevuld.`,
    invalidParams: [...issues],
  }),
};

// ---------------------------------------------------------------------------------------------
// Shared steps

/** Where a use case was called from: the request's trace (for the processing log) and id (for the audit trail). */
export interface DeliveryOrigin {
  trace: TraceContext;
  requestId: string | null;
}

/** An origin for calls outside a request (commands, tests): a fresh trace. */
export function internalOrigin(): DeliveryOrigin {
  return {
    trace: { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), parentSpanId: null, foreignProcessor: null },
    requestId: null,
  };
}

/** The processing activities of case handling (Register van Verwerkingsactiviteiten), with the name each log line gets. */
export const deliveryProcessingActivities = {
  'delivery.case.submit': 'Aanvraag ontvangen',
  'delivery.case.view': 'Zaak inzien',
  'delivery.case.queue': 'Werkvoorraad inzien',
  'delivery.case.handle': 'Zaak behandelen',
  'delivery.case.withdraw': 'Aanvraag ingetrokken',
} as const;
export type DeliveryProcessingActivity = keyof typeof deliveryProcessingActivities;

const subjectOf = (applicant: Applicant): ProcessingSubject => ({ id: applicant.id, type: applicant.kind === 'person' ? 'BSN' : 'KVK' });

/** One line per data subject: the organisation processes the applicant's data in handling the case. */
async function logProcessing(
  ctx: ModuleContext,
  db: Parameters<ModuleContext['processingLog']['record']>[0],
  origin: DeliveryOrigin,
  activity: DeliveryProcessingActivity,
  about: Pick<DeliveryCase, 'organisationCode' | 'id' | 'applicant'> | { organisationCode: string; subjects: readonly ProcessingSubject[] },
  actor: ActorKind,
  startedAt: Date,
): Promise<void> {
  const subjects = 'subjects' in about ? about.subjects : [subjectOf(about.applicant)];
  if (subjects.length === 0) return;
  await ctx.processingLog.record(db, origin.trace, {
    name: deliveryProcessingActivities[activity],
    activityId: `${processingActivityBase}${activity}`,
    subjects,
    organisationCode: about.organisationCode,
    startedAt,
    endedAt: ctx.clock.now(),
    // No user in the line (LDV), only in what capacity; the case it was for (the accountability export reads it).
    attributes: { 'loket.actor': actor, ...('id' in about ? { 'loket.case': about.id } : {}) },
  });
}

/** One transaction; a failed Result rolls back whatever was written. */
const inUseCase = <T>(ctx: ModuleContext, work: (trx: Trx) => Promise<Result<T>>): Promise<Result<T>> =>
  inDatabaseUseCase(ctx.database, work);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANISATION_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

const caseKeyValid = (organisationCode: unknown, caseId: unknown): boolean =>
  typeof organisationCode === 'string' && ORGANISATION_CODE.test(organisationCode) && typeof caseId === 'string' && UUID.test(caseId);

function parsePage(input: { limit?: unknown; offset?: unknown }, maxLimit = 100): Result<{ limit: number; offset: number }> {
  const issues: InvalidParam[] = [];
  const limit = input.limit ?? 20;
  const offset = input.offset ?? 0;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    issues.push({ name: 'limit', code: 'delivery.invalid_limit', reason: `Kies een aantal van 1 tot en met ${maxLimit}.` });
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > 1_000_000)
    issues.push({ name: 'offset', code: 'delivery.invalid_offset', reason: 'Kies een positie van 0 of hoger.' });
  return issues.length > 0 ? fail(deliveryFailures.invalidInput(issues)) : ok({ limit: limit as number, offset: offset as number });
}

// ---------------------------------------------------------------------------------------------
// Forms

const defaultForms = new Map<string, FormDefinition>();

/** The form used when a service has no form of its own: one free-text explanation ("toelichting"). Parsed once per product. */
export function defaultForm(uplUri: string): FormDefinition {
  const known = defaultForms.get(uplUri);
  if (known) return known;
  const form = parseDefaultForm(uplUri);
  defaultForms.set(uplUri, form);
  return form;
}

function parseDefaultForm(uplUri: string): FormDefinition {
  const parsed = parseFormDefinition({
    schemaVersion: 1,
    id: 'toelichting',
    version: 1,
    uplUri,
    title: { nl: 'Aanvraag', en: 'Application' },
    steps: [
      {
        id: 'aanvraag',
        title: { nl: 'Uw aanvraag', en: 'Your application' },
        fields: [
          {
            id: 'toelichting',
            kind: 'textarea',
            label: { nl: 'Wat vraagt u aan, en waarom?', en: 'What do you apply for, and why?' },
            errorName: { nl: 'uw toelichting', en: 'your explanation' },
            required: true,
            maxLength: 4000,
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`the default form is invalid: ${parsed.errors.join('; ')}`);
  return parsed.definition;
}

/** The form for a service's product: the one asked for (it must belong to the product), else the product's shipped form, else the default. */
export function formFor(uplUri: string, formId: string | undefined): FormDefinition | undefined {
  const forms = shippedForms().filter((f) => f.uplUri === uplUri);
  if (formId === undefined) return forms[0] ?? defaultForm(uplUri);
  if (formId === 'toelichting' && forms.length === 0) return defaultForm(uplUri);
  return forms.find((f) => f.id === formId);
}

/** The form a stored case was made with (its id and version), for showing its answers. */
export function formOfCase(kase: Pick<DeliveryCase, 'uplUri' | 'formId' | 'formVersion'>): FormDefinition | undefined {
  const form = formFor(kase.uplUri, kase.formId);
  return form?.version === kase.formVersion ? form : undefined;
}

// ---------------------------------------------------------------------------------------------
// Submit

export interface SubmitInput {
  organisationCode: string;
  serviceId: string;
  formId?: string | undefined;
  answers: unknown;
  idempotencyKey: string;
}

export interface Submitted {
  case: DeliveryCase;
  /** True when this idempotency key was used before: the earlier case is returned, nothing new stored. */
  replayed: boolean;
}

/**
 * Submits an application: a published service, answers valid for its form, a case with its decision
 * due date. For whom the principal handles now (themself, or whom they act for), when the mandates
 * engine allows applying for this service; the case records who acted, the audit record the basis.
 */
export async function submitApplication(
  ctx: ModuleContext,
  principal: Principal,
  input: SubmitInput,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<Submitted>> {
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!applicantOf(principal)) return fail(deliveryFailures.applicantsOnly());
  const issues = submitInputIssues(input);
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  if (!serviceKeyValid(input)) return fail(deliveryFailures.serviceNotAvailable());
  const acting = await authorizeAs(ctx, principal, {
    action: 'apply',
    service: { organisationCode: input.organisationCode, serviceId: input.serviceId },
  });
  if (!acting.ok) {
    if (acting.failure.code !== 'mandates.service_not_found') return acting;
    // A service no longer published: a repeated key still gives one's own earlier case.
    const own = ownPartyOf(principal);
    const subject = applicantOf(principal);
    const earlier =
      own && subject && sameApplicant(own, subject)
        ? await store.findByIdempotencyKey(ctx.database.db, own, input.idempotencyKey)
        : undefined;
    return earlier ? ok({ case: earlier, replayed: true }) : fail(deliveryFailures.serviceNotAvailable());
  }
  return submitAs(ctx, principal, acting.value, input, origin);
}

function submitInputIssues(input: SubmitInput): InvalidParam[] {
  const issues: InvalidParam[] = [];
  if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey))
    issues.push({ name: 'idempotencyKey', code: 'delivery.invalid_idempotency_key', reason: 'De sleutel van de aanvraag is ongeldig.' });
  if (input.formId !== undefined && (typeof input.formId !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(input.formId)))
    issues.push({ name: 'formId', code: 'delivery.unknown_form', reason: 'Dit formulier bestaat niet.' });
  return issues;
}

const serviceKeyValid = (input: { organisationCode: unknown; serviceId: unknown }): boolean =>
  typeof input.organisationCode === 'string' &&
  ORGANISATION_CODE.test(input.organisationCode) &&
  typeof input.serviceId === 'string' &&
  UUID.test(input.serviceId);

/**
 * Submits for `acting.subject`, as `acting` allowed (authorizeAs with action `apply` for this
 * service, asked by the caller just before): the apply pages and the API check once and submit here.
 */
export async function submitAs(
  ctx: ModuleContext,
  principal: Principal,
  acting: Acting,
  input: SubmitInput,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<Submitted>> {
  const startedAt = ctx.clock.now();
  const applicant = acting.subject;
  const issues = submitInputIssues(input);
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));

  // A second submit with the same key: the same case, nothing new.
  const earlier = await store.findByIdempotencyKey(ctx.database.db, applicant, input.idempotencyKey);
  if (earlier) return replayOf(ctx, principal, acting, earlier);

  if (!serviceKeyValid(input)) return fail(deliveryFailures.serviceNotAvailable());
  const service = await getPublicService(ctx, input.organisationCode, input.serviceId);
  if (!service) return fail(deliveryFailures.serviceNotAvailable());

  const form = formFor(service.service.uplUri, input.formId);
  if (!form) return fail(deliveryFailures.unknownForm());
  const today = ctx.clock.today();
  const checked = validateAll(form, input.answers, today, 'nl');
  if (!checked.ok)
    return fail(deliveryFailures.invalidAnswers(checked.problems.map((p) => ({ name: p.field, code: p.code, reason: p.message }))));

  const statutoryWeeks = service.description.statutoryDecisionTermWeeks;
  const reasonableWeeks = service.decisionTerm.basis === 'awb_default' ? service.decisionTerm.weeks : 8;
  const term = decisionTermBasis(statutoryWeeks, reasonableWeeks);
  const due = computeDecisionDue({ receivedOn: today, term });
  const submitted = transition('draft', 'submit');
  if (!submitted.ok) return fail(deliveryFailures.transitionNotAllowed('draft', 'submit'));
  const at = startedAt.toISOString();

  return inUseCase(ctx, async (trx) => {
    const again = await store.findByIdempotencyKey(trx, applicant, input.idempotencyKey);
    if (again) return replayOf(ctx, principal, acting, again);
    const kase: DeliveryCase = {
      organisationCode: service.service.organisationCode,
      id: newId(),
      caseNumber: await store.nextCaseNumber(trx, service.service.organisationCode, Number(today.slice(0, 4))),
      serviceId: service.service.id,
      uplUri: service.service.uplUri,
      formId: form.id,
      formVersion: form.version,
      applicant,
      actingFor: acting.actingPerson,
      status: submitted.next,
      outcome: null,
      receivedOn: today,
      dueDate: due.dueDate,
      statutoryTermWeeks: statutoryWeeks,
      termWeeks: term.weeks,
      assigneeOfficialId: null,
      answers: { ...checked.answers },
      idempotencyKey: input.idempotencyKey,
      submittedAt: at,
      decidedAt: null,
      decision: null,
      updatedAt: at,
      serviceVersion: service.description.version,
      silenceConsent: service.description.silenceConsentApplies,
      dwangsom: service.description.dwangsomApplies && !service.description.silenceConsentApplies,
      completeBy: null,
      noticeOfDefaultOn: null,
      termExceededOn: null,
      termState: emptyTermState,
    };
    if (!(await store.insertCase(trx, kase))) {
      // A concurrent submit with the same key won: roll back (the case number) and answer with that case.
      return fail(deliveryFailures.concurrentSubmit());
    }
    await store.appendCaseEvent(trx, kase.organisationCode, kase.id, {
      at,
      action: 'submit',
      actor: { kind: 'applicant', id: null },
      fromStatus: null,
      toStatus: kase.status,
      details: {
        caseNumber: kase.caseNumber,
        dueDate: kase.dueDate,
        termWeeks: term.weeks,
        termBasis: term.kind,
        ...actingTimelineDetails(acting),
      },
    });
    await recordAudit(trx, {
      actor: auditActorOf(principal, acting),
      action: 'delivery.case_submitted',
      object: { type: 'delivery_case', id: kase.id },
      legalBasis: 'Awb 4:1',
      requestId: origin.requestId,
      at: startedAt,
      details: {
        organisationCode: kase.organisationCode,
        caseNumber: kase.caseNumber,
        serviceId: kase.serviceId,
        serviceVersion: kase.serviceVersion,
        form: { id: form.id, version: form.version },
        dueDate: kase.dueDate,
        term: { kind: term.kind, weeks: term.weeks },
        ...basisDetails(acting),
      },
    });
    await logProcessing(ctx, trx, origin, 'delivery.case.submit', kase, 'applicant', startedAt);
    await sendMessage(trx, ctx, {
      recipient: applicant,
      kind: 'receipt',
      senderOrganisationCode: kase.organisationCode,
      subject: `Wij hebben uw aanvraag ontvangen (zaak ${kase.caseNumber})`,
      body: [
        `Wij hebben uw aanvraag voor ${service.product.name} op ${longDate(today)} ontvangen. Uw zaaknummer is ${kase.caseNumber}.`,
        kase.dueDate === null
          ? 'U hoort van ons wanneer wij een besluit nemen.'
          : `Wij beslissen uiterlijk ${longDate(kase.dueDate)} (${term.kind === 'statutory' ? 'de wettelijke beslistermijn' : 'een redelijke termijn, artikel 4:13 Algemene wet bestuursrecht'}). Hebben wij meer informatie nodig, dan vragen wij u daarom; de termijn staat dan stil.`,
        'U kunt uw aanvraag volgen in Mijn zaken.',
      ].join('\n\n'),
      case: { organisationCode: kase.organisationCode, caseId: kase.id, caseNumber: kase.caseNumber },
      at: startedAt,
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'case.submitted',
        aggregate: { type: 'delivery_case', id: kase.id },
        payload: {
          organisationCode: kase.organisationCode,
          caseId: kase.id,
          caseNumber: kase.caseNumber,
          serviceId: kase.serviceId,
          uplUri: kase.uplUri,
          applicant: kase.applicant,
          receivedOn: kase.receivedOn,
          dueDate: kase.dueDate,
        },
      },
      origin.requestId,
      startedAt,
    );
    return ok({ case: kase, replayed: false });
  }).then(async (result) => {
    if (result.ok || result.failure.code !== 'delivery.concurrent_submit') return result;
    const winner = await store.findByIdempotencyKey(ctx.database.db, applicant, input.idempotencyKey);
    return winner ? replayOf(ctx, principal, acting, winner) : result;
  });
}

/**
 * The earlier case of a repeated idempotency key. Someone acting for another gets it only when they
 * may read it (a key used for another service tells them nothing about that case).
 */
async function replayOf(ctx: ModuleContext, principal: Principal, acting: Acting, earlier: DeliveryCase): Promise<Result<Submitted>> {
  if (!reachesEveryService(acting)) {
    const readable = await authorizeForService(ctx, principal, 'read_case', earlier);
    if (!readable.ok)
      return fail(
        deliveryFailures.invalidInput([
          {
            name: 'idempotencyKey',
            code: 'delivery.idempotency_key_used',
            reason: 'Deze sleutel is al gebruikt voor een andere aanvraag. Kies een nieuwe.',
          },
        ]),
      );
  }
  return ok({ case: earlier, replayed: true });
}

/** What a case's timeline records of someone acting for the applicant: who, and on which basis. */
function actingTimelineDetails(acting: Acting | null): Record<string, unknown> {
  if (!acting || acting.actingPerson === null) return {};
  return { actingPerson: acting.actingPerson.id, ...basisDetails(acting) };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface CaseList {
  items: DeliveryCase[];
  /** The number of cases; in the work queue at most `queueCountCap` (10,000), with `totalCapped` when there are more. */
  total: number;
  totalCapped?: boolean;
  limit: number;
  offset: number;
}

/**
 * "Mijn zaken": the cases of whom the principal handles now (themself, or whom they act for), newest
 * first. Acting for someone needs `view` for them; then only the cases of services the actor may
 * `read_case` are listed: checked once per service of the subject's cases (not per case), before
 * paging, so the pages and the total agree. Nothing to check per service for oneself, a business's
 * functionary, a parent with authority or a curator (their basis reaches every service).
 */
export async function listMyCases(
  ctx: ModuleContext,
  principal: Principal,
  page: { limit?: unknown; offset?: unknown },
): Promise<Result<CaseList>> {
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!applicantOf(principal)) return fail(deliveryFailures.applicantsOnly());
  const parsed = parsePage(page);
  if (!parsed.ok) return parsed;
  const acting = await authorizeAs(ctx, principal, { action: 'view' });
  if (!acting.ok) return acting;
  const db = ctx.database.db;
  const services = reachesEveryService(acting.value)
    ? null
    : await readableServices(ctx, principal, acting.value, await store.applicantServices(db, acting.value.subject));
  const { items, total } = await store.listApplicantCases(db, acting.value.subject, parsed.value, services);
  return ok({ items, total, ...parsed.value });
}

export interface CaseView {
  case: DeliveryCase;
  timeline: CaseEvent[];
  /** In which capacity the principal sees the case. */
  viewer: ActorKind;
  /** The actions the viewer may take now. */
  actions: CaseAction[];
  term: CaseTerm;
}

/**
 * One case with its timeline: for a case handler of its organisation (logged), or for whom the
 * principal handles now when the mandates engine allows `read_case` in its service. A case that is
 * not the subject's, or a subject the actor has nothing to do with: not found, as for an unknown id;
 * a refusal with a reason (this service is not in the mandate, the level of assurance is too low): 403.
 */
export async function getCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<CaseView>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!caseKeyValid(organisationCode, caseId)) return fail(deliveryFailures.caseNotFound());
  const db = ctx.database.db;
  const kase = await store.findCase(db, organisationCode, caseId);
  const viewer = kase ? caseViewer(principal, kase) : null;
  if (!kase || viewer === null) return fail(deliveryFailures.caseNotFound());
  if (viewer === 'applicant') {
    const acting = await authorizeForCase(ctx, principal, 'read_case', kase);
    if (!acting.ok) return acting;
  }
  const timeline = await store.caseTimeline(db, organisationCode, caseId);
  if (viewer === 'official') await logProcessing(ctx, db, origin, 'delivery.case.view', kase, 'official', startedAt);
  const term = caseTerm(ctx, kase);
  const actions = allowedActions(kase.status, viewer).filter((a) => a !== 'give_notice_of_default' || term.mayGiveNoticeOfDefault);
  return ok({ case: kase, timeline, viewer, actions, term });
}

/**
 * May the principal do `action` on this case of whom they handle now (the caller checked the case is
 * theirs)? Refusals that only say "not yours" are answered as not found.
 */
export async function authorizeForCase(
  ctx: ModuleContext,
  principal: Principal,
  action: 'read_case' | 'respond' | 'object',
  kase: Pick<DeliveryCase, 'organisationCode' | 'serviceId'>,
): Promise<Result<Acting>> {
  const acting = await authorizeForService(ctx, principal, action, kase);
  if (!acting.ok && hidesWhatExists(acting.failure)) return fail(deliveryFailures.caseNotFound());
  return acting;
}

export interface QueueInput {
  status?: unknown;
  overdue?: unknown;
  /** `me`, `none` (unassigned) or an official's id. */
  assignee?: unknown;
  serviceId?: unknown;
  /** `due_date` (the default), `-due_date`, `received_on`, `-received_on`. */
  sort?: unknown;
  limit?: unknown;
  offset?: unknown;
}

/** An organisation's work queue for its case handlers: pending cases (or one status) by due date; `overdue`: due before today. */
export async function workQueue(
  ctx: ModuleContext,
  principal: Principal,
  input: QueueInput,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<CaseList>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (principal.kind !== 'official' || !isCaseHandlerOf(principal, principal.organisationCode))
    return fail(deliveryFailures.caseHandlersOnly());
  const issues: InvalidParam[] = [];
  const known: readonly string[] = [
    'submitted',
    'in_progress',
    'awaiting_information',
    'decided',
    'decided_by_operation_of_law',
    'withdrawn',
    'closed',
  ];
  if (input.status !== undefined && (typeof input.status !== 'string' || !known.includes(input.status)))
    issues.push({ name: 'status', code: 'delivery.invalid_status', reason: 'Kies een bestaande status.' });
  if (input.overdue !== undefined && typeof input.overdue !== 'boolean')
    issues.push({ name: 'overdue', code: 'delivery.invalid_overdue', reason: 'Kies ja of nee.' });
  if (input.sort !== undefined && !(queueSorts as readonly unknown[]).includes(input.sort))
    issues.push({
      name: 'sort',
      code: 'delivery.invalid_sort',
      reason: 'Sorteren kan op de uiterste beslisdatum of de datum van ontvangst.',
    });
  if (
    input.assignee !== undefined &&
    !(input.assignee === 'me' || input.assignee === 'none' || (typeof input.assignee === 'string' && UUID.test(input.assignee)))
  )
    issues.push({ name: 'assignee', code: 'delivery.invalid_assignee', reason: 'Kies: mijn zaken, niet toegewezen, of een behandelaar.' });
  if (input.serviceId !== undefined && (typeof input.serviceId !== 'string' || !UUID.test(input.serviceId)))
    issues.push({ name: 'serviceId', code: 'delivery.invalid_service', reason: 'Kies een bestaande dienst.' });
  const page = parsePage(input);
  if (!page.ok) issues.push(...(page.failure.invalidParams ?? []));
  if (issues.length > 0 || !page.ok) return fail(deliveryFailures.invalidInput(issues));
  const statuses: readonly CaseStatus[] = input.status === undefined ? pendingStatuses : [input.status as CaseStatus];
  const db = ctx.database.db;
  const { items, total, totalCapped } = await store.listQueue(db, {
    organisationCode: principal.organisationCode,
    statuses,
    overdueBefore: input.overdue === true ? ctx.clock.today() : null,
    assignee: input.assignee === undefined ? null : input.assignee === 'me' ? principal.officialId : (input.assignee as string),
    serviceId: (input.serviceId as string | undefined) ?? null,
    sort: (input.sort as QueueSort | undefined) ?? 'due_date',
    ...page.value,
  });
  const subjects = [...new Map(items.map((c) => [`${c.applicant.kind}:${c.applicant.id}`, subjectOf(c.applicant)])).values()];
  await logProcessing(
    ctx,
    db,
    origin,
    'delivery.case.queue',
    { organisationCode: principal.organisationCode, subjects },
    'official',
    startedAt,
  );
  return ok({ items, total, totalCapped, ...page.value });
}

// ---------------------------------------------------------------------------------------------
// The decision term of a case

/** The case's decision term today: the due date and how it came about, and what the law attaches to lateness. */
export interface CaseTerm {
  dueDate: IsoDate | null;
  /** The first day of a suspension that still lasts (an open request for information). */
  suspendedSince: IsoDate | null;
  /** A date announced in a 4:14 lid 1 notice that did not move a statutory term. */
  announcedDecisionDate: IsoDate | null;
  /** Pending and past the due date. */
  overdue: boolean;
  remedy: LateDecisionRemedy;
  noticeOfDefaultOn: IsoDate | null;
  mayGiveNoticeOfDefault: boolean;
  /** The penalty after a notice of default (Awb 4:17), so far or final. */
  penalty: Penalty | null;
  /** When silence means consent and the term passed: the decision by operation of law and the day it takes effect. */
  operationOfLaw: DecisionByOperationOfLaw | null;
  informationRequest: { message: string; completeBy: IsoDate; requestedOn: IsoDate } | null;
  extensions: TermExtension[];
  steps: readonly DecisionDueStep[];
}

function termBasisOf(kase: DeliveryCase): DecisionTermBasis {
  return decisionTermBasis(kase.statutoryTermWeeks, kase.termWeeks);
}

/** What the case records about its term, as the input of `computeDecisionDue` (and `checkExtensionNotice`). */
function dueInputOf(kase: DeliveryCase, today: IsoDate): DecisionDueInput {
  return {
    receivedOn: kase.receivedOn as IsoDate,
    term: termBasisOf(kase),
    suspensions: kase.termState.informationRequests.map((r) =>
      informationRequestSuspension({
        requestedOn: r.requestedOn as IsoDate,
        completeBy: r.completeBy as IsoDate,
        receivedOn: r.resumedOn as IsoDate | null,
        today,
      }),
    ),
    extensions: kase.termState.extensions.map((e) => ({ sentOn: e.sentOn as IsoDate, newDueDate: e.newDueDate as IsoDate })),
  };
}

/** The due date from the receipt date, the term, the suspensions and the extension notices recorded with the case. */
function dueOf(kase: DeliveryCase, today: IsoDate): DecisionDue {
  return computeDecisionDue(dueInputOf(kase, today));
}

/** Closes the open request for information: the term runs again from `resumedOn(request)`. */
function closeOpenRequest(kase: DeliveryCase, resumedOn: (r: InformationRequest) => string, answered: boolean): DeliveryCase {
  return {
    ...kase,
    completeBy: null,
    termState: {
      ...kase.termState,
      informationRequests: kase.termState.informationRequests.map((r) =>
        r.resumedOn === null ? { ...r, resumedOn: resumedOn(r), answered } : r,
      ),
    },
  };
}

function remedyOf(kase: DeliveryCase): LateDecisionRemedy {
  const r = lateDecisionRemedy({ silenceConsentApplies: kase.silenceConsent, dwangsomApplies: kase.dwangsom });
  return r.ok ? r.remedy : 'none';
}

/** The penalty settings: the data's defaults, with the first-day reading from the configuration (LOKET_DWANGSOM_FIRST_DAY). */
const penaltySettings = (ctx: ModuleContext) => ({ firstDayConvention: ctx.config.dwangsomFirstDay });

/** The term of `kase` as of `today`. */
export function caseTerm(ctx: ModuleContext, kase: DeliveryCase, today: IsoDate = ctx.clock.today()): CaseTerm {
  const due = dueOf(kase, today);
  const remedy = remedyOf(kase);
  const rules = deliveryLegalRules();
  const pending = isPending(kase.status);
  const dueDate = pending ? due.dueDate : (kase.dueDate as IsoDate | null);
  let penalty: Penalty | null = null;
  if (kase.noticeOfDefaultOn !== null && dueDate !== null) {
    const decidedOn = (kase.decision?.decidedOn ?? (kase.status === 'withdrawn' ? kase.updatedAt.slice(0, 10) : null)) as IsoDate | null;
    const computed = computePenalty({
      dueDate,
      noticeReceivedOn: kase.noticeOfDefaultOn as IsoDate,
      decidedOn,
      today,
      rules: rules.penalty,
      settings: penaltySettings(ctx),
    });
    penalty = computed.ok ? computed.penalty : null;
  }
  let operationOfLaw: DecisionByOperationOfLaw | null = null;
  if (remedy === 'silence_consent' && dueDate !== null && (pending || kase.status === 'decided_by_operation_of_law'))
    operationOfLaw = decisionByOperationOfLaw({
      dueDate,
      decidedOn: null,
      today: pending ? today : addDays(dueDate, rules.silenceConsent.effectiveDaysAfterTermExpiry),
      rules: rules.silenceConsent,
    });
  const open = kase.termState.informationRequests.find((r) => r.resumedOn === null);
  return {
    dueDate,
    suspendedSince: pending ? due.suspendedSince : null,
    announcedDecisionDate: due.announcedDecisionDate,
    overdue: pending && dueDate !== null && today > dueDate,
    remedy,
    noticeOfDefaultOn: kase.noticeOfDefaultOn as IsoDate | null,
    mayGiveNoticeOfDefault:
      pending && checkNoticeOfDefault({ remedy, dueDate, receivedOn: today, alreadyGiven: kase.noticeOfDefaultOn !== null }).ok,
    penalty,
    operationOfLaw,
    informationRequest:
      open === undefined
        ? null
        : { message: open.message, completeBy: open.completeBy as IsoDate, requestedOn: open.requestedOn as IsoDate },
    extensions: [...kase.termState.extensions],
    steps: due.steps,
  };
}

// ---------------------------------------------------------------------------------------------
// Actions on a case

/** Who acts: a logged-in principal, or Loket itself (a scheduled job). */
type Who = { principal: Principal } | { system: true };

interface ActionSteps {
  action: CaseAction;
  /** Who may: the applicant, an official of the organisation, either, or the system. */
  actor: 'applicant' | 'official' | 'applicant_or_official' | 'system';
  /** Stable name of the audit record and outbox event. */
  audit: string;
  event: string;
  activity: DeliveryProcessingActivity;
  legalBasis?: string;
  /** Refusals that depend on the case (in the transaction, before anything is written). */
  check?: (kase: DeliveryCase, today: IsoDate, trx: Trx) => Failure | undefined | Promise<Failure | undefined>;
  /** More writes of the action, after the case is saved (same transaction). */
  alsoWrite?: (trx: Trx, kase: DeliveryCase) => Promise<void>;
  /** The case after the action (status already set), and what the timeline, audit and event record about it. */
  apply: (kase: DeliveryCase, today: IsoDate, at: string) => { case: DeliveryCase; details: Record<string, unknown> };
  /** A letter to the applicant's message box, in the same transaction. */
  letter?: (kase: DeliveryCase, details: Record<string, unknown>) => { kind: MessageKind; subject: string; body: string };
}

const refusal = (code: string, detail: string, status = 409): Failure => ({ code, status, title: 'Dit kan nu niet', detail });

/** Authorize → transaction → load (locked) → transition → check → save → timeline → audit → processing log → letter → event. */
async function act(
  ctx: ModuleContext,
  who: Who,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin,
  steps: ActionSteps,
): Promise<Result<DeliveryCase>> {
  const startedAt = ctx.clock.now();
  const principal = 'principal' in who ? who.principal : null;
  if (principal?.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!caseKeyValid(organisationCode, caseId)) return fail(deliveryFailures.caseNotFound());
  let actor: ActorKind;
  if (principal === null) actor = 'system';
  else if (isCaseHandlerOf(principal, organisationCode)) actor = 'official';
  else if (applicantOf(principal) !== null) actor = 'applicant';
  else return fail(deliveryFailures.caseNotFound());
  const allowed = steps.actor === actor || (steps.actor === 'applicant_or_official' && (actor === 'applicant' || actor === 'official'));
  // An official may not act as the applicant (403); anyone else learns nothing about the case (404).
  if (!allowed) return fail(actor === 'official' ? deliveryFailures.applicantsOnly() : deliveryFailures.caseNotFound());
  // The applicant side: the case must be of whom the principal handles now, and the mandates engine
  // must allow responding in its service (asked before the transaction; an ended mandate stops here).
  let acting: Acting | null = null;
  if (actor === 'applicant' && principal !== null) {
    const found = await store.findCase(ctx.database.db, organisationCode, caseId);
    if (!found || !isApplicantOf(principal, found.applicant)) return fail(deliveryFailures.caseNotFound());
    const checked = await authorizeForCase(ctx, principal, 'respond', found);
    if (!checked.ok) return checked;
    acting = checked.value;
  }
  return inUseCase(ctx, async (trx) => {
    const kase = await store.findCaseForUpdate(trx, organisationCode, caseId, ctx.database.dialect);
    if (!kase) return fail(deliveryFailures.caseNotFound());
    if (actor === 'applicant' && principal !== null && !isApplicantOf(principal, kase.applicant))
      return fail(deliveryFailures.caseNotFound());
    const next = transition(kase.status, steps.action);
    if (!next.ok) return fail(deliveryFailures.transitionNotAllowed(kase.status, steps.action));
    const today = ctx.clock.today();
    const refused = await steps.check?.(kase, today, trx);
    if (refused) return fail(refused);
    const at = startedAt.toISOString();
    const { case: changed, details } = steps.apply({ ...kase, status: next.next, updatedAt: at }, today, at);
    await store.updateCase(trx, changed);
    await steps.alsoWrite?.(trx, changed);
    const actorId = principal?.kind === 'official' ? principal.officialId : null;
    await store.appendCaseEvent(trx, organisationCode, caseId, {
      at,
      action: steps.action,
      actor: { kind: actor, id: actorId },
      fromStatus: kase.status,
      toStatus: changed.status,
      details: { ...details, ...actingTimelineDetails(acting) },
    });
    await recordAudit(trx, {
      actor: principal === null ? systemActor : auditActorOf(principal, acting),
      action: steps.audit,
      object: { type: 'delivery_case', id: caseId },
      legalBasis: steps.legalBasis ?? null,
      requestId: origin.requestId,
      at: startedAt,
      details: {
        organisationCode,
        caseNumber: kase.caseNumber,
        serviceId: kase.serviceId,
        serviceVersion: kase.serviceVersion,
        form: { id: kase.formId, version: kase.formVersion },
        from: kase.status,
        to: changed.status,
        ...details,
        ...basisDetails(acting),
      },
    });
    await logProcessing(ctx, trx, origin, steps.activity, changed, actor, startedAt);
    const letter = steps.letter?.(changed, details);
    if (letter)
      await sendMessage(trx, ctx, {
        recipient: changed.applicant,
        kind: letter.kind,
        senderOrganisationCode: organisationCode,
        subject: letter.subject,
        body: letter.body,
        case: { organisationCode, caseId, caseNumber: changed.caseNumber },
        at: startedAt,
      });
    await ctx.bus.emit(
      trx,
      {
        type: steps.event,
        aggregate: { type: 'delivery_case', id: caseId },
        payload: {
          organisationCode,
          caseId,
          caseNumber: kase.caseNumber,
          serviceId: kase.serviceId,
          uplUri: kase.uplUri,
          applicant: changed.applicant,
          status: changed.status,
          ...details,
        },
      },
      origin.requestId,
      startedAt,
    );
    return ok(changed);
  });
}

/** Recomputes the due date of a pending case from its term state (null while suspended). */
function withDueDate(kase: DeliveryCase, today: IsoDate): DeliveryCase {
  return { ...kase, dueDate: dueOf(kase, today).dueDate };
}

const asPrincipal = (principal: Principal): Who => ({ principal });

/** A case handler takes the case (assigns it to themself). */
export function claimCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const assignee = principal.kind === 'official' ? principal.officialId : null;
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'claim',
    actor: 'official',
    audit: 'delivery.case_claimed',
    event: 'case.claimed',
    activity: 'delivery.case.handle',
    apply: (kase) => ({ case: { ...kase, assigneeOfficialId: assignee }, details: { assigneeOfficialId: assignee } }),
  });
}

/** A case handler gives the case to a case handler of the same organisation. */
export async function assignCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { officialId: unknown },
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const invalid = (): Result<never> =>
    fail(
      deliveryFailures.invalidInput([
        { name: 'officialId', code: 'delivery.invalid_assignee', reason: 'Kies een zaakbehandelaar van deze organisatie.' },
      ]),
    );
  if (typeof input.officialId !== 'string' || !UUID.test(input.officialId)) return invalid();
  const officialId = input.officialId;
  const target = await officialRoles(ctx, officialId);
  if (
    !target ||
    target.organisationCode !== organisationCode ||
    !target.roles.some((r) => (caseHandlerRoles as readonly string[]).includes(r))
  )
    return invalid();
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'assign',
    actor: 'official',
    audit: 'delivery.case_assigned',
    event: 'case.assigned',
    activity: 'delivery.case.handle',
    apply: (kase) => ({ case: { ...kase, assigneeOfficialId: officialId }, details: { assigneeOfficialId: officialId } }),
  });
}

const longDate = (date: string): string => formatDateLong(date as IsoDate, 'nl');

/** Attachment references as the apply pages store them (the files themselves are in delivery_attachment). */
function isAttachmentList(value: unknown): value is AttachmentRef[] {
  return (
    Array.isArray(value) &&
    value.length <= formLimits.attachmentMaxCount &&
    value.every(
      (a: unknown) =>
        typeof a === 'object' &&
        a !== null &&
        Object.keys(a).every((k) => ['id', 'fileName', 'mimeType', 'sizeBytes'].includes(k)) &&
        'id' in a &&
        typeof a.id === 'string' &&
        /^[A-Za-z0-9_-]{1,64}$/.test(a.id) &&
        'fileName' in a &&
        typeof a.fileName === 'string' &&
        a.fileName.length > 0 &&
        a.fileName.length <= formLimits.fileNameMax &&
        'mimeType' in a &&
        typeof a.mimeType === 'string' &&
        a.mimeType.length <= 200 &&
        'sizeBytes' in a &&
        Number.isSafeInteger(a.sizeBytes) &&
        Number(a.sizeBytes) >= 0 &&
        Number(a.sizeBytes) <= formLimits.attachmentMaxBytes,
    )
  );
}

/**
 * A case handler asks the applicant to complete the application by `completeBy` (Awb 4:5). The
 * decision term is suspended from the next day (4:15 lid 1 a), so the due date is unknown
 * (null) until the information arrives or the term for it passes.
 */
export async function requestInformation(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { message: unknown; completeBy: unknown },
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const today = ctx.clock.today();
  const issues: InvalidParam[] = [];
  if (typeof input.message !== 'string' || input.message.trim().length === 0 || input.message.length > 4000)
    issues.push({
      name: 'message',
      code: 'delivery.invalid_message',
      reason: 'Schrijf welke informatie u nodig hebt (hoogstens 4000 tekens).',
    });
  if (
    typeof input.completeBy !== 'string' ||
    !isIsoDate(input.completeBy) ||
    input.completeBy <= today ||
    input.completeBy > addDays(today, 366)
  )
    issues.push({
      name: 'completeBy',
      code: 'delivery.invalid_complete_by',
      reason: 'Kies een datum na vandaag (hoogstens een jaar vooruit).',
    });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const message = (input.message as string).trim();
  const completeBy = input.completeBy as IsoDate;
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'request_information',
    actor: 'official',
    audit: 'delivery.case_information_requested',
    event: 'case.information_requested',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:5, 4:15 lid 1',
    apply: (kase) => {
      const request = { requestedOn: today, completeBy, message, resumedOn: null, answered: false };
      const changed = withDueDate(
        { ...kase, completeBy, termState: { ...kase.termState, informationRequests: [...kase.termState.informationRequests, request] } },
        today,
      );
      return { case: changed, details: { message, completeBy, suspendedFrom: addDays(today, 1), previousDueDate: kase.dueDate } };
    },
    letter: (kase) => ({
      kind: 'information_request',
      subject: `Wij hebben meer informatie nodig voor zaak ${kase.caseNumber}`,
      body: [
        `Om uw aanvraag te kunnen beoordelen, hebben wij meer informatie nodig:`,
        message,
        `Stuur deze informatie uiterlijk ${longDate(completeBy)} via de pagina van uw zaak in Loket.`,
        `Zolang wij op deze informatie wachten, staat de termijn waarin wij moeten beslissen stil (artikel 4:15 Algemene wet bestuursrecht). Krijgen wij de informatie niet op tijd, dan kunnen wij besluiten uw aanvraag niet te behandelen (artikel 4:5).`,
      ].join('\n\n'),
    }),
  });
}

/** The information asked for came in: from the applicant through Loket, or recorded by an official (a letter). The term runs again. */
export async function receiveInformation(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { message: unknown; attachments?: unknown },
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const issues: InvalidParam[] = [];
  if (typeof input.message !== 'string' || input.message.trim().length === 0 || input.message.length > 10_000)
    issues.push({ name: 'message', code: 'delivery.invalid_message', reason: 'Schrijf uw antwoord (hoogstens 10.000 tekens).' });
  const attachments = input.attachments ?? [];
  if (!isAttachmentList(attachments))
    issues.push({ name: 'attachments', code: 'delivery.invalid_attachments', reason: 'De bijlagen zijn niet goed doorgegeven.' });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const message = (input.message as string).trim();
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'receive_information',
    actor: 'applicant_or_official',
    audit: 'delivery.case_information_received',
    event: 'case.information_received',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:15 lid 1',
    // Files are the applicant's own uploads (apply/); they become part of the case.
    check: async (kase, _today, trx) => {
      const ids = (attachments as AttachmentRef[]).map((a) => a.id);
      if (ids.length === 0) return undefined;
      const found = ids.every((id) => UUID.test(id)) ? await findAttachments(trx, kase.applicant, ids) : [];
      return found.length === new Set(ids).size
        ? undefined
        : deliveryFailures.invalidInput([
            {
              name: 'attachments',
              code: 'delivery.unknown_attachment',
              reason: 'Een bijlage is niet gevonden. Voeg het bestand opnieuw toe.',
            },
          ]);
    },
    alsoWrite: async (trx, kase) => {
      const ids = (attachments as AttachmentRef[]).map((a) => a.id);
      if (ids.length > 0) await linkAttachmentsToCase(trx, kase.applicant, ids, kase.id);
    },
    apply: (kase, today) => {
      const changed = withDueDate(
        closeOpenRequest(kase, () => today, true),
        today,
      );
      return { case: changed, details: { message, attachments, dueDate: changed.dueDate } };
    },
  });
}

/**
 * A case handler sends an Awb 4:14 notice: the decision comes by `newDueDate` (a working day,
 * sent before the term passed). For the reasonable term, and a statutory term whose law allows
 * extending, the due date moves; otherwise the notice only announces the date (4:14 lid 1).
 */
export async function extendTerm(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { newDueDate: unknown; reason: unknown },
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const issues: InvalidParam[] = [];
  if (typeof input.newDueDate !== 'string' || !isIsoDate(input.newDueDate))
    issues.push({ name: 'newDueDate', code: 'delivery.invalid_new_due_date', reason: 'Kies de nieuwe datum waarop u beslist.' });
  if (typeof input.reason !== 'string' || input.reason.trim().length === 0 || input.reason.length > 4000)
    issues.push({
      name: 'reason',
      code: 'delivery.invalid_reason',
      reason: 'Schrijf waarom het besluit later komt (hoogstens 4000 tekens).',
    });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const newDueDate = input.newDueDate as IsoDate;
  const reason = (input.reason as string).trim();
  let effect: 'due_date_moved' | 'announced_only' = 'announced_only';
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'extend_term',
    actor: 'official',
    audit: 'delivery.case_term_extended',
    event: 'case.term_extended',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:14',
    check: (kase, today) => {
      const due = dueOf(kase, today);
      const checked = checkExtensionNotice({ ...dueInputOf(kase, today), notice: { sentOn: today, newDueDate } });
      if (!checked.ok) return extensionRefusal(checked.code, due.dueDate);
      effect = checked.effect;
      return undefined;
    },
    apply: (kase, today) => {
      const extension = { sentOn: today, newDueDate, reason };
      const changed = withDueDate(
        { ...kase, termState: { ...kase.termState, extensions: [...kase.termState.extensions, extension] } },
        today,
      );
      return { case: changed, details: { newDueDate, reason, effect, previousDueDate: kase.dueDate, dueDate: changed.dueDate } };
    },
    letter: (kase) => ({
      kind: 'extension',
      subject: `Het besluit over zaak ${kase.caseNumber} komt later`,
      body: [
        `Wij kunnen niet binnen de termijn over uw aanvraag beslissen. Wij beslissen uiterlijk ${longDate(newDueDate)}.`,
        `De reden: ${reason}`,
        effect === 'due_date_moved'
          ? 'Dit is de nieuwe uiterste datum voor ons besluit (artikel 4:14 Algemene wet bestuursrecht).'
          : 'De wettelijke beslistermijn verandert hierdoor niet (artikel 4:14 lid 1 Algemene wet bestuursrecht).',
      ].join('\n\n'),
    }),
  });
}

const extensionReasons: Record<ExtensionRefusalCode, string> = {
  'delivery.term_suspended': 'De termijn staat stil zolang u op informatie wacht; verlengen kan daarna.',
  'delivery.extension_too_late': 'De beslistermijn is al voorbij; verlengen moest vóór het einde ervan.',
  'delivery.extension_date_not_later': 'Kies een datum na de huidige uiterste beslisdatum.',
  'delivery.extension_date_not_working_day': 'Kies een werkdag (geen zaterdag, zondag of feestdag).',
  'delivery.extension_limit_reached': 'De termijn is al zo vaak verlengd als de wet toestaat.',
  'delivery.extension_too_long': 'Zo lang verlengen staat de wet niet toe.',
};

function extensionRefusal(code: ExtensionRefusalCode, dueDate: IsoDate | null): Failure {
  return {
    ...refusal(code, extensionReasons[code], code === 'delivery.term_suspended' || code === 'delivery.extension_too_late' ? 409 : 400),
    invalidParams: [{ name: 'newDueDate', code, reason: `${extensionReasons[code]}${dueDate ? ` (nu: ${longDate(dueDate)})` : ''}` }],
  };
}

const noticeReasons: Record<NoticeOfDefaultRefusalCode, string> = {
  'delivery.notice_of_default_not_applicable': 'Bij deze dienst hoort geen dwangsom bij een te laat besluit.',
  'delivery.term_suspended': 'De beslistermijn staat stil: wij wachten op informatie van u.',
  'delivery.term_not_expired': 'De beslistermijn is nog niet voorbij. Dat kan pas na de uiterste beslisdatum.',
  'delivery.notice_of_default_already_given': 'U hebt de organisatie al in gebreke gesteld.',
};

/** The applicant gives notice of default (ingebrekestelling) once the term has passed; two weeks later the penalty starts (Awb 4:17). */
export function giveNoticeOfDefault(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'give_notice_of_default',
    actor: 'applicant',
    audit: 'delivery.case_notice_of_default_given',
    event: 'case.notice_of_default_given',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:17 lid 3',
    check: (kase, today) => {
      const c = checkNoticeOfDefault({
        remedy: remedyOf(kase),
        dueDate: dueOf(kase, today).dueDate,
        receivedOn: today,
        alreadyGiven: kase.noticeOfDefaultOn !== null,
      });
      return c.ok ? undefined : refusal(c.code, noticeReasons[c.code]);
    },
    apply: (kase, today) => {
      const changed = { ...kase, noticeOfDefaultOn: today };
      const penalty = caseTerm(ctx, changed, today).penalty;
      return {
        case: changed,
        details: {
          noticeReceivedOn: today,
          dueDate: kase.dueDate,
          penaltyFirstDay: penalty?.firstDay ?? null,
          penaltyMaxCents: penalty?.maxTotalCents ?? null,
          firstDayConvention: ctx.config.dwangsomFirstDay,
        },
      };
    },
    letter: (kase, details) => ({
      kind: 'penalty',
      subject: `Uw ingebrekestelling voor zaak ${kase.caseNumber} is ontvangen`,
      body: [
        `Wij hebben op ${longDate(String(details.noticeReceivedOn))} uw ingebrekestelling ontvangen: wij hebben niet op tijd over uw aanvraag beslist.`,
        typeof details.penaltyFirstDay === 'string'
          ? `Beslissen wij niet binnen twee weken, dan krijgt u vanaf ${longDate(details.penaltyFirstDay)} een dwangsom voor elke dag dat wij te laat zijn, voor ten hoogste 42 dagen en € 1.442 (artikel 4:17 Algemene wet bestuursrecht).`
          : 'Beslissen wij niet binnen twee weken, dan krijgt u een dwangsom (artikel 4:17 Algemene wet bestuursrecht).',
      ].join('\n\n'),
    }),
  });
}

/** Standard objection clause of a decision letter (Awb 3:45): where and until when. */
function objectionClause(organisationName: string, lastDay: string): string {
  return `Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken bij ${organisationName}. Uw bezwaar moet uiterlijk ${longDate(lastDay)} binnen zijn (artikel 6:7 en 6:8 Algemene wet bestuursrecht). Vermeld in uw bezwaar uw naam en adres, de datum, het zaaknummer en waarom u het niet eens bent, en onderteken het.`;
}

const outcomeLabels: Record<DecisionOutcome, string> = {
  granted: 'Uw aanvraag is toegekend.',
  partly_granted: 'Uw aanvraag is gedeeltelijk toegekend.',
  refused: 'Uw aanvraag is afgewezen.',
  not_considered: 'Wij hebben uw aanvraag niet behandeld (artikel 4:5 Algemene wet bestuursrecht).',
};

/**
 * A case handler decides (granted, partly granted, refused, not considered) with a motivation and
 * the legal basis; records the last day for objection (Awb 6:7, 6:8) and, after a notice of
 * default, the final penalty (Awb 4:17).
 */
export async function decideCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { outcome: unknown; motivation: unknown; legalBasis?: unknown },
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  const issues: InvalidParam[] = [];
  if (typeof input.outcome !== 'string' || !(decisionOutcomes as readonly string[]).includes(input.outcome))
    issues.push({ name: 'outcome', code: 'delivery.invalid_outcome', reason: 'Kies de uitkomst van het besluit.' });
  if (typeof input.motivation !== 'string' || input.motivation.trim().length === 0 || input.motivation.length > 20_000)
    issues.push({
      name: 'motivation',
      code: 'delivery.invalid_motivation',
      reason: 'Schrijf de motivering van het besluit (hoogstens 20.000 tekens).',
    });
  if (typeof input.legalBasis !== 'string' || input.legalBasis.trim().length === 0 || input.legalBasis.length > 500)
    issues.push({
      name: 'legalBasis',
      code: 'delivery.invalid_legal_basis',
      reason: 'Noem de wettelijke grondslag van het besluit (hoogstens 500 tekens).',
    });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const outcome = input.outcome as DecisionOutcome;
  const motivation = (input.motivation as string).trim();
  const legalBasis = (input.legalBasis as string).trim();
  const organisationName = (await organisationNames(ctx, [organisationCode])).get(organisationCode) ?? organisationCode;
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'decide',
    actor: 'official',
    audit: 'delivery.case_decided',
    event: 'case.decided',
    activity: 'delivery.case.handle',
    legalBasis: `${legalBasis}; Awb 6:7, 6:8`,
    // README item 20: once the term has passed where silence means consent, the decision was given by law.
    check: (kase, today) =>
      caseTerm(ctx, kase, today).operationOfLaw === null
        ? undefined
        : refusal(
            'delivery.decided_by_operation_of_law',
            'De beslistermijn is voorbij en bij deze dienst betekent dat: de aanvraag is van rechtswege toegekend (Awb 4:20b).',
          ),
    apply: (kase, today, at) => {
      const objection = objectionTerm({ announcedOn: today, rules: deliveryLegalRules().objectionTerm });
      const decision = { outcome, motivation, legalBasis, decidedOn: today, objectionLastDay: objection.lastDay };
      const decided = { ...kase, outcome, decidedAt: at, decision, completeBy: null };
      const penalty = caseTerm(ctx, decided, today).penalty;
      return {
        case: decided,
        details: {
          outcome,
          legalBasis,
          decidedOn: today,
          objectionLastDay: objection.lastDay,
          dueDate: kase.dueDate,
          late: kase.dueDate !== null && today > kase.dueDate,
          penalty: penalty === null ? null : { days: penalty.days, amountCents: penalty.amountCents, status: penalty.status },
        },
      };
    },
    letter: (kase, details) => ({
      kind: 'decision',
      subject: `Besluit over zaak ${kase.caseNumber}`,
      body: [
        outcomeLabels[outcome],
        `Motivering: ${motivation}`,
        `Wettelijke grondslag: ${legalBasis}.`,
        ...(details.penalty !== null &&
        typeof details.penalty === 'object' &&
        'amountCents' in details.penalty &&
        Number(details.penalty.amountCents) > 0
          ? [
              `Omdat wij te laat beslisten, krijgt u een dwangsom van ${formatMoney(Number(details.penalty.amountCents), 'nl')} (artikel 4:17 Algemene wet bestuursrecht).`,
            ]
          : []),
        objectionClause(organisationName, String(details.objectionLastDay)),
      ].join('\n\n'),
    }),
  });
}

/** The applicant withdraws their application (while it is pending). */
export function withdrawApplication(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'withdraw',
    actor: 'applicant',
    audit: 'delivery.case_withdrawn',
    event: 'case.withdrawn',
    activity: 'delivery.case.withdraw',
    apply: (kase) => ({ case: { ...kase, completeBy: null }, details: {} }),
  });
}

/** A case handler archives a decided or withdrawn case. */
export function closeCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  return act(ctx, asPrincipal(principal), organisationCode, caseId, origin, {
    action: 'close',
    actor: 'official',
    audit: 'delivery.case_closed',
    event: 'case.closed',
    activity: 'delivery.case.handle',
    apply: (kase) => ({ case: kase, details: {} }),
  });
}

// ---------------------------------------------------------------------------------------------
// The term sweep (jobs.ts): what happens by itself when time passes

const system: Who = { system: true };

/** The term set for completing the application passed unused: the term runs again from the next day (Awb 4:15 lid 1 a). */
export function resumeLapsedRequest(
  ctx: ModuleContext,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  return act(ctx, system, organisationCode, caseId, origin, {
    action: 'resume',
    actor: 'system',
    audit: 'delivery.case_resumed',
    event: 'case.resumed',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:15 lid 1',
    check: (kase, today) =>
      kase.completeBy === null || kase.completeBy >= today
        ? refusal('delivery.term_not_lapsed', 'De termijn voor aanvullen loopt nog.')
        : undefined,
    apply: (kase, today) => {
      const changed = withDueDate(
        closeOpenRequest(kase, (r) => addDays(r.completeBy as IsoDate, 1), false),
        today,
      );
      return { case: changed, details: { lapsedAfter: kase.completeBy, dueDate: changed.dueDate } };
    },
  });
}

/**
 * Records that a pending case's term passed without a decision (event `case.term_exceeded`), once;
 * and where silence means consent, records the decision by operation of law from the day it takes
 * effect (Awb 4:20b lid 3). Returns what it did.
 */
export async function recordTermPassed(
  ctx: ModuleContext,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<'term_exceeded' | 'operation_of_law' | 'nothing'> {
  const startedAt = ctx.clock.now();
  const today = ctx.clock.today();
  const kase = await store.findCase(ctx.database.db, organisationCode, caseId);
  if (!kase || !isPending(kase.status) || kase.dueDate === null || kase.dueDate >= today) return 'nothing';
  const term = caseTerm(ctx, kase, today);
  if (term.remedy === 'silence_consent' && term.operationOfLaw !== null && term.operationOfLaw.effectiveOn <= today) {
    const decided = await decideByOperationOfLaw(ctx, organisationCode, caseId, origin);
    return decided.ok ? 'operation_of_law' : 'nothing';
  }
  if (kase.termExceededOn !== null) return 'nothing';
  const done = await inUseCase(ctx, async (trx) => {
    const locked = await store.findCaseForUpdate(trx, organisationCode, caseId, ctx.database.dialect);
    if (!locked || locked.termExceededOn !== null || !isPending(locked.status)) return ok(false);
    await store.updateCase(trx, { ...locked, termExceededOn: today, updatedAt: startedAt.toISOString() });
    const details = { dueDate: locked.dueDate, remedy: term.remedy };
    await recordAudit(trx, {
      actor: systemActor,
      action: 'delivery.case_term_exceeded',
      object: { type: 'delivery_case', id: caseId },
      legalBasis: 'Awb 4:13',
      requestId: origin.requestId,
      at: startedAt,
      details: { organisationCode, caseNumber: locked.caseNumber, ...details },
    });
    await ctx.bus.emit(
      trx,
      {
        type: 'case.term_exceeded',
        aggregate: { type: 'delivery_case', id: caseId },
        payload: {
          organisationCode,
          caseId,
          caseNumber: locked.caseNumber,
          serviceId: locked.serviceId,
          applicant: locked.applicant,
          ...details,
        },
      },
      origin.requestId,
      startedAt,
    );
    return ok(true);
  });
  return done.ok && done.value ? 'term_exceeded' : 'nothing';
}

/** Awb 4:20b: the requested decision is given by operation of law (silence means consent), recorded with its letter. */
export function decideByOperationOfLaw(
  ctx: ModuleContext,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  let effectiveOn = '';
  return act(ctx, system, organisationCode, caseId, origin, {
    action: 'decide_by_operation_of_law',
    actor: 'system',
    audit: 'delivery.case_decided_by_operation_of_law',
    event: 'case.decided',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:20b',
    check: (kase, today) => {
      const c = checkDecisionByOperationOfLaw({
        remedy: remedyOf(kase),
        dueDate: dueOf(kase, today).dueDate,
        today,
        rules: deliveryLegalRules().silenceConsent,
      });
      if (!c.ok) return refusal(c.code, 'Een beschikking van rechtswege is nu niet mogelijk.');
      if (c.decision.effectiveOn > today) return refusal('delivery.term_not_expired', 'De beschikking van rechtswege gaat later in.');
      effectiveOn = c.decision.effectiveOn;
      return undefined;
    },
    apply: (kase, today, at) => {
      const objection = objectionTerm({ announcedOn: today, rules: deliveryLegalRules().objectionTerm });
      const decision = {
        outcome: 'granted_by_operation_of_law' as const,
        motivation: 'Niet op tijd beslist: de gevraagde beschikking is van rechtswege gegeven.',
        legalBasis: 'Awb 4:20b',
        decidedOn: today,
        objectionLastDay: objection.lastDay,
      };
      return {
        case: { ...kase, outcome: 'granted', decidedAt: at, decision },
        details: { outcome: 'granted', byOperationOfLaw: true, effectiveOn, dueDate: kase.dueDate, objectionLastDay: objection.lastDay },
      };
    },
    letter: (kase, details) => ({
      kind: 'operation_of_law',
      subject: `Uw aanvraag ${kase.caseNumber} is van rechtswege toegekend`,
      body: [
        `Wij hebben niet op tijd over uw aanvraag beslist. Voor deze dienst geldt dan: de gevraagde beschikking is van rechtswege gegeven (artikel 4:20b Algemene wet bestuursrecht). Dat betekent dat u krijgt wat u hebt aangevraagd, vanaf ${longDate(String(details.effectiveOn))}.`,
        `Anderen die het hier niet mee eens zijn, kunnen bezwaar maken tot en met ${longDate(String(details.objectionLastDay))}.`,
      ].join('\n\n'),
    }),
  });
}

/** One pass of the term sweep as of today: resume lapsed requests, record passed terms, decide by operation of law. */
export async function sweepTerms(
  ctx: ModuleContext,
  batch = 500,
): Promise<{ resumed: number; termExceeded: number; operationOfLaw: number }> {
  const counts = { resumed: 0, termExceeded: 0, operationOfLaw: 0 };
  const today = ctx.clock.today();
  const work = await store.listTermWork(ctx.database.db, today, batch);
  for (const c of work.lapsedRequests) if ((await resumeLapsedRequest(ctx, c.organisationCode, c.id)).ok) counts.resumed += 1;
  // A resumed case may now be past its due date too.
  const again = counts.resumed > 0 ? (await store.listTermWork(ctx.database.db, today, batch)).passedTerms : work.passedTerms;
  for (const c of again) {
    const done = await recordTermPassed(ctx, c.organisationCode, c.id);
    if (done === 'term_exceeded') counts.termExceeded += 1;
    if (done === 'operation_of_law') counts.operationOfLaw += 1;
  }
  return counts;
}
