// delivery: the use cases of a case (service level; the JSON API and pages come later).
// Each: authorize → one transaction → load → decide with model.ts → save → timeline entry →
// audit record → processing-log line (the organisation processes the applicant's data) → outbox
// event. Expected failures are values with stable codes; a refusal rolls back everything.
//
// Who may see a case is decided in policy.ts; a case the principal may not see is answered
// exactly like an unknown id (`delivery.case_not_found`).
import { randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/index.ts';
import { actorOf, type Principal } from '../../platform/auth/model.ts';
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
import { addDays, isIsoDate, type IsoDate } from '../../platform/time/index.ts';
import { getPublicService } from '../catalog/index.ts';
import { parseFormDefinition, validateAll, type FormDefinition } from './forms.ts';
import { shippedForms } from './forms-reference.ts';
import {
  allowedActions,
  computeDecisionDue,
  decisionOutcomes,
  decisionTermBasis,
  objectionTerm,
  pendingStatuses,
  transition,
  type ActorKind,
  type CaseAction,
  type CaseStatus,
  type DecisionOutcome,
} from './model.ts';
import { actingPersonOf, applicantOf, caseViewer, isApplicantOf, isCaseHandlerOf, type Applicant } from './policy.ts';
import { deliveryLegalRules } from './reference.ts';
import * as store from './store.ts';
import type { CaseEvent, DeliveryCase } from './store.ts';

export type { CaseEvent, DeliveryCase } from './store.ts';

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
  organisationCode: string,
  subjects: readonly ProcessingSubject[],
  actor: ActorKind,
  startedAt: Date,
): Promise<void> {
  if (subjects.length === 0) return;
  await ctx.processingLog.record(db, origin.trace, {
    name: deliveryProcessingActivities[activity],
    activityId: `${processingActivityBase}${activity}`,
    subjects,
    organisationCode,
    startedAt,
    endedAt: ctx.clock.now(),
    // No user in the line (LDV), only in what capacity.
    attributes: { 'loket.actor': actor },
  });
}

const auditActor = (principal: Principal): Actor => actorOf(principal);

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

/** The form used when a service has no form of its own: one free-text explanation ("toelichting"). */
export function defaultForm(uplUri: string): FormDefinition {
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

/** Submits an application: a published service, answers valid for its form, a case with its decision due date. */
export async function submitApplication(
  ctx: ModuleContext,
  principal: Principal,
  input: SubmitInput,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<Submitted>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  const applicant = applicantOf(principal);
  if (!applicant) return fail(deliveryFailures.applicantsOnly());

  const issues: InvalidParam[] = [];
  if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey))
    issues.push({ name: 'idempotencyKey', code: 'delivery.invalid_idempotency_key', reason: 'De sleutel van de aanvraag is ongeldig.' });
  if (input.formId !== undefined && (typeof input.formId !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(input.formId)))
    issues.push({ name: 'formId', code: 'delivery.unknown_form', reason: 'Dit formulier bestaat niet.' });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));

  // A second submit with the same key: the same case, nothing new.
  const earlier = await store.findByIdempotencyKey(ctx.database.db, applicant, input.idempotencyKey);
  if (earlier) return ok({ case: earlier, replayed: true });

  if (
    typeof input.organisationCode !== 'string' ||
    !ORGANISATION_CODE.test(input.organisationCode) ||
    typeof input.serviceId !== 'string' ||
    !UUID.test(input.serviceId)
  )
    return fail(deliveryFailures.serviceNotAvailable());
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
    if (again) return ok({ case: again, replayed: true });
    const kase: DeliveryCase = {
      organisationCode: service.service.organisationCode,
      id: newId(),
      caseNumber: await store.nextCaseNumber(trx, service.service.organisationCode, Number(today.slice(0, 4))),
      serviceId: service.service.id,
      uplUri: service.service.uplUri,
      formId: form.id,
      formVersion: form.version,
      applicant,
      actingFor: actingPersonOf(principal),
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
      details: { caseNumber: kase.caseNumber, dueDate: kase.dueDate, termWeeks: term.weeks, termBasis: term.kind },
    });
    await recordAudit(trx, {
      actor: auditActor(principal),
      action: 'delivery.case_submitted',
      object: { type: 'delivery_case', id: kase.id },
      legalBasis: 'Awb 4:1',
      requestId: origin.requestId,
      at: startedAt,
      details: {
        organisationCode: kase.organisationCode,
        caseNumber: kase.caseNumber,
        serviceId: kase.serviceId,
        form: { id: form.id, version: form.version },
        dueDate: kase.dueDate,
        term: { kind: term.kind, weeks: term.weeks },
      },
    });
    await logProcessing(ctx, trx, origin, 'delivery.case.submit', kase.organisationCode, [subjectOf(applicant)], 'applicant', startedAt);
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
    return winner ? ok({ case: winner, replayed: true }) : result;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface CaseList {
  items: DeliveryCase[];
  total: number;
  limit: number;
  offset: number;
}

/** "Mijn zaken": the principal's own cases (a person's, or a business's), newest first. */
export async function listMyCases(
  ctx: ModuleContext,
  principal: Principal,
  page: { limit?: unknown; offset?: unknown },
): Promise<Result<CaseList>> {
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  const applicant = applicantOf(principal);
  if (!applicant) return fail(deliveryFailures.applicantsOnly());
  const parsed = parsePage(page);
  if (!parsed.ok) return parsed;
  const { items, total } = await store.listApplicantCases(ctx.database.db, applicant, parsed.value);
  return ok({ items, total, ...parsed.value });
}

export interface CaseView {
  case: DeliveryCase;
  timeline: CaseEvent[];
  /** In which capacity the principal sees the case. */
  viewer: ActorKind;
  /** The actions the viewer may take now. */
  actions: CaseAction[];
}

/** One case with its timeline: for its applicant, or a case handler of its organisation (logged); anyone else: not found. */
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
  const timeline = await store.caseTimeline(db, organisationCode, caseId);
  if (viewer === 'official')
    await logProcessing(ctx, db, origin, 'delivery.case.view', organisationCode, [subjectOf(kase.applicant)], 'official', startedAt);
  return ok({ case: kase, timeline, viewer, actions: allowedActions(kase.status, viewer) });
}

export interface QueueInput {
  status?: unknown;
  overdue?: unknown;
  /** Only `due_date` (the default). */
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
  if (input.sort !== undefined && input.sort !== 'due_date')
    issues.push({ name: 'sort', code: 'delivery.invalid_sort', reason: 'Sorteren kan op de uiterste beslisdatum.' });
  const page = parsePage(input);
  if (!page.ok) issues.push(...(page.failure.invalidParams ?? []));
  if (issues.length > 0 || !page.ok) return fail(deliveryFailures.invalidInput(issues));
  const statuses: readonly CaseStatus[] = input.status === undefined ? pendingStatuses : [input.status as CaseStatus];
  const db = ctx.database.db;
  const { items, total } = await store.listQueue(db, {
    organisationCode: principal.organisationCode,
    statuses,
    overdueBefore: input.overdue === true ? ctx.clock.today() : null,
    ...page.value,
  });
  const subjects = [...new Map(items.map((c) => [`${c.applicant.kind}:${c.applicant.id}`, subjectOf(c.applicant)])).values()];
  await logProcessing(ctx, db, origin, 'delivery.case.queue', principal.organisationCode, subjects, 'official', startedAt);
  return ok({ items, total, ...page.value });
}

// ---------------------------------------------------------------------------------------------
// Actions on a case

interface ActionSteps {
  action: CaseAction;
  actor: 'applicant' | 'official';
  /** Stable name of the audit record and outbox event. */
  audit: string;
  event: string;
  activity: DeliveryProcessingActivity;
  legalBasis?: string;
  /** The case after the action (status already set), and what the timeline, audit and event record about it. */
  apply: (kase: DeliveryCase, today: IsoDate, at: string) => { case: DeliveryCase; details: Record<string, unknown> };
}

/** Authorize → transaction → load (locked) → transition → save → timeline → audit → processing log → event. */
async function act(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin,
  steps: ActionSteps,
): Promise<Result<DeliveryCase>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!caseKeyValid(organisationCode, caseId)) return fail(deliveryFailures.caseNotFound());
  if (steps.actor === 'official' && !isCaseHandlerOf(principal, organisationCode)) return fail(deliveryFailures.caseNotFound());
  if (steps.actor === 'applicant' && applicantOf(principal) === null) return fail(deliveryFailures.caseNotFound());
  return inUseCase(ctx, async (trx) => {
    const kase = await store.findCaseForUpdate(trx, organisationCode, caseId, ctx.database.dialect);
    if (!kase) return fail(deliveryFailures.caseNotFound());
    if (steps.actor === 'applicant' && !isApplicantOf(principal, kase.applicant)) return fail(deliveryFailures.caseNotFound());
    const next = transition(kase.status, steps.action);
    if (!next.ok) return fail(deliveryFailures.transitionNotAllowed(kase.status, steps.action));
    const at = startedAt.toISOString();
    const today = ctx.clock.today();
    const { case: changed, details } = steps.apply({ ...kase, status: next.next, updatedAt: at }, today, at);
    await store.updateCase(trx, changed);
    await store.appendCaseEvent(trx, organisationCode, caseId, {
      at,
      action: steps.action,
      actor: { kind: steps.actor, id: steps.actor === 'official' && principal.kind === 'official' ? principal.officialId : null },
      fromStatus: kase.status,
      toStatus: changed.status,
      details,
    });
    await recordAudit(trx, {
      actor: auditActor(principal),
      action: steps.audit,
      object: { type: 'delivery_case', id: caseId },
      legalBasis: steps.legalBasis ?? null,
      requestId: origin.requestId,
      at: startedAt,
      details: { organisationCode, caseNumber: kase.caseNumber, from: kase.status, to: changed.status, ...details },
    });
    await logProcessing(ctx, trx, origin, steps.activity, organisationCode, [subjectOf(kase.applicant)], steps.actor, startedAt);
    await ctx.bus.emit(
      trx,
      {
        type: steps.event,
        aggregate: { type: 'delivery_case', id: caseId },
        payload: { organisationCode, caseId, caseNumber: kase.caseNumber, status: changed.status, ...details },
      },
      origin.requestId,
      startedAt,
    );
    return ok(changed);
  });
}

/** A case handler takes the case (assigns it to themself). */
export function claimCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
): Promise<Result<DeliveryCase>> {
  return act(ctx, principal, organisationCode, caseId, origin, {
    action: 'claim',
    actor: 'official',
    audit: 'delivery.case_claimed',
    event: 'case.claimed',
    activity: 'delivery.case.handle',
    apply: (kase) => {
      const assignee = principal.kind === 'official' ? principal.officialId : null;
      return { case: { ...kase, assigneeOfficialId: assignee }, details: { assigneeOfficialId: assignee } };
    },
  });
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
  if (typeof input.completeBy !== 'string' || !isIsoDate(input.completeBy) || input.completeBy <= today)
    issues.push({ name: 'completeBy', code: 'delivery.invalid_complete_by', reason: 'Kies een datum na vandaag.' });
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const message = (input.message as string).trim();
  const completeBy = input.completeBy as IsoDate;
  return act(ctx, principal, organisationCode, caseId, origin, {
    action: 'request_information',
    actor: 'official',
    audit: 'delivery.case_information_requested',
    event: 'case.information_requested',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 4:5, 4:15 lid 1',
    apply: (kase) => ({
      case: { ...kase, dueDate: null },
      details: { message, completeBy, suspendedFrom: addDays(today, 1), previousDueDate: kase.dueDate },
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
  return act(ctx, principal, organisationCode, caseId, origin, {
    action: 'withdraw',
    actor: 'applicant',
    audit: 'delivery.case_withdrawn',
    event: 'case.withdrawn',
    activity: 'delivery.case.withdraw',
    apply: (kase) => ({ case: kase, details: {} }),
  });
}

/** A case handler decides (granted, partly granted, refused, not considered) with a motivation; records the last day for objection (Awb 6:7, 6:8). */
export async function decideCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  input: { outcome: unknown; motivation: unknown },
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
  if (issues.length > 0) return fail(deliveryFailures.invalidInput(issues));
  const outcome = input.outcome as DecisionOutcome;
  const motivation = (input.motivation as string).trim();
  return act(ctx, principal, organisationCode, caseId, origin, {
    action: 'decide',
    actor: 'official',
    audit: 'delivery.case_decided',
    event: 'case.decided',
    activity: 'delivery.case.handle',
    legalBasis: 'Awb 1:3, 4:13, 6:7, 6:8',
    apply: (kase, today, at) => {
      const objection = objectionTerm({ announcedOn: today, rules: deliveryLegalRules().objectionTerm });
      const decision = { outcome, motivation, decidedOn: today, objectionLastDay: objection.lastDay };
      return {
        case: { ...kase, outcome, decidedAt: at, decision },
        details: { outcome, decidedOn: today, objectionLastDay: objection.lastDay, dueDate: kase.dueDate },
      };
    },
  });
}
