// delivery: the JSON API of cases. "Mijn zaken" and one case (with its timeline, the actions
// allowed now and the decision term), the applicant's actions (withdraw, send information, give
// notice of default), an organisation's work queue and the case handler's actions (claim, assign,
// request information, extend the term, decide, close).
//
// zod checks the shape of every part (unknown query parameters and body fields give 400); the
// service checks the rest (who may act, whether the step is allowed in the case's state, dates)
// and answers with stable codes. A case someone may not see is answered as unknown (404).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Access } from '../../platform/auth/model.ts';
import {
  httpFailures,
  principalOf,
  problemSchema,
  ProblemError,
  type Failure,
  type Result,
  type ZodTypeProvider,
} from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { formatCitation } from '../../platform/time/index.ts';
import { formLimits } from './forms.ts';
import { actorKinds, caseActions, caseStatuses, decisionOutcomes, type CaseStatus } from './model.ts';
import { originOf } from './origin.ts';
import { caseHandlerRoles } from './policy.ts';
import {
  assignCase,
  claimCase,
  closeCase,
  decideCase,
  deliveryFailures,
  extendTerm,
  getCase,
  giveNoticeOfDefault,
  listMyCases,
  receiveInformation,
  requestInformation,
  withdrawApplication,
  workQueue,
  type CaseEvent,
  type CaseList,
  type CaseView,
  type DeliveryCase,
} from './service.ts';

const tags = ['Zaken'];

/** Where the API of cases lives. */
export const caseApi = {
  cases: '/api/v1/cases',
  case: (organisationCode: string, caseId: string): string => `/api/v1/cases/${organisationCode}/${caseId}`,
  workQueue: (organisationCode: string): string => `/api/v1/organisations/${organisationCode}/work-queue`,
} as const;

/** Who may call what; the service checks the rest (own case, own organisation). */
export const caseAccess = {
  applicant: { kinds: ['person', 'business'] },
  caseHandler: { roles: [...caseHandlerRoles] },
  applicantOrCaseHandler: { kinds: ['person', 'business'], roles: [...caseHandlerRoles] },
} as const satisfies Record<string, Access>;

// ---------------------------------------------------------------------------------------------
// Schemas: input

const organisationCode = z
  .string()
  .regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('De code van de organisatie die de zaak behandelt, zoals GM0363');
const caseParams = z.object({ organisationCode, caseId: z.uuid('een UUID').describe('Het id van de zaak') }).strict();
const organisationParams = z.object({ organisationCode }).strict();
const noQuery = z.object({}).strict();
/** Steps without input take no body (or an empty object); anything else is refused like an unknown field. */
function expectNoInput(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw new ProblemError(
    httpFailures.invalid([{ name: 'body', code: 'unrecognized_keys', reason: 'Deze stap heeft geen invoer: stuur geen inhoud, of {}.' }]),
  );
}

const limit = z.coerce.number().int().min(1).max(100).default(20);
const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);
const pageQuery = z.object({ limit, offset }).strict();

/** The sort orders of the work queue (a minus sign: the other way round). */
export const queueSorts = ['due_date', '-due_date', 'received_on', '-received_on'] as const;
/** Every status except `draft` (a draft is not a case yet). */
const queueStatuses = caseStatuses.filter((s): s is Exclude<CaseStatus, 'draft'> => s !== 'draft');

const workQueueQuery = z
  .object({
    status: z.enum(queueStatuses).optional().describe('alleen zaken met deze status; standaard alle lopende zaken'),
    overdue: z.enum(['true', 'false']).optional().describe('true: alleen zaken waarvan de beslistermijn voorbij is'),
    assignee: z
      .union([z.enum(['me', 'none']), z.uuid()])
      .optional()
      .describe('me: mijn zaken; none: zaken zonder behandelaar; of het id van een medewerker'),
    serviceId: z.uuid().optional().describe('alleen zaken van deze dienst'),
    sort: z.enum(queueSorts).default('due_date').describe('sorteren op uiterste beslisdatum of ontvangstdatum; met - andersom'),
    limit,
    offset,
  })
  .strict();

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `hoogstens ${max} tekens`)
    .refine((s) => s.trim().length > 0, `schrijf ${what}`);
const isoDate = z.iso.date('een datum als JJJJ-MM-DD');

const attachmentInput = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'het id van een geüploade bijlage'),
    fileName: z.string().min(1).max(formLimits.fileNameMax),
    mimeType: z.string().min(1).max(200),
    sizeBytes: z.number().int().min(0).max(formLimits.attachmentMaxBytes),
  })
  .strict();

const receiveInformationBody = z
  .object({
    message: text(10_000, 'de informatie of een toelichting').describe('De informatie, of een toelichting bij de bijlagen'),
    attachments: z.array(attachmentInput).max(formLimits.attachmentMaxCount).optional().describe('Bijlagen die eerder zijn geüpload'),
  })
  .strict()
  .meta({ id: 'CaseInformation' });
const assignBody = z
  .object({ officialId: z.uuid('een UUID').describe('De medewerker (zaakbehandelaar van dezelfde organisatie) die de zaak krijgt') })
  .strict()
  .meta({ id: 'CaseAssignment' });
const requestInformationBody = z
  .object({
    message: text(4000, 'welke informatie u nodig hebt').describe('Welke informatie nodig is, en waarom'),
    completeBy: isoDate.describe('De datum waarop de aanvrager de informatie uiterlijk moet sturen (Awb 4:5); na vandaag'),
  })
  .strict()
  .meta({ id: 'CaseInformationRequest' });
const extendTermBody = z
  .object({
    newDueDate: isoDate.describe('De nieuwe datum waarop het besluit er uiterlijk is: een werkdag na de huidige uiterste datum (Awb 4:14)'),
    reason: text(4000, 'waarom het besluit later komt').describe('Waarom het besluit later komt'),
  })
  .strict()
  .meta({ id: 'CaseTermExtension' });
const decideBody = z
  .object({
    outcome: z.enum(decisionOutcomes).describe('toegekend, deels toegekend, afgewezen of niet ontvankelijk (buiten behandeling)'),
    motivation: text(20_000, 'de motivering van het besluit').describe('De motivering van het besluit'),
    legalBasis: text(500, 'de wettelijke grondslag').describe('De wettelijke grondslag (het artikel van de wet waarop het besluit rust)'),
  })
  .strict()
  .meta({ id: 'CaseDecision' });

/** The steps on a case (POST /api/v1/cases/{organisationCode}/{caseId}/{step}) with their input; null: the step takes none. */
export const caseStepInputs = {
  _withdraw: null,
  '_receive-information': receiveInformationBody,
  '_notice-of-default': null,
  _claim: null,
  _assign: assignBody,
  '_request-information': requestInformationBody,
  '_extend-term': extendTermBody,
  _decide: decideBody,
  _close: null,
} as const;
export type CaseStep = keyof typeof caseStepInputs;

// ---------------------------------------------------------------------------------------------
// Schemas: output

const link = z.object({ href: z.string() });
const date = z.iso.date().describe('Datum als JJJJ-MM-DD (Europe/Amsterdam)');
const instant = z.string().describe('Tijdstip (ISO 8601, UTC)');
const outcome = z.enum([...decisionOutcomes, 'granted_by_operation_of_law']);
const status = z.enum(caseStatuses);

/** One case. `answers` are the form's answers as sent (checked against the form): text, numbers, yes/no, lists and files. */
export const caseJson = z
  .object({
    organisationCode: z.string(),
    id: z.string(),
    caseNumber: z.string().describe('Het zaaknummer, zoals Z-2026-000123'),
    serviceId: z.string(),
    uplUri: z.string().describe('Het UPL-product van de dienst'),
    serviceVersion: z.number().int().describe('De versie van de dienstbeschrijving waaronder is aangevraagd'),
    form: z.object({ id: z.string(), version: z.number().int() }),
    applicant: z.object({ kind: z.enum(['person', 'business']), id: z.string().describe('BSN of KVK-nummer') }),
    actingFor: z
      .object({ kind: z.literal('person'), id: z.string() })
      .nullable()
      .describe('Wie de aanvraag deed voor de aanvrager (bijvoorbeeld een medewerker van de onderneming)'),
    status,
    outcome: outcome.nullable(),
    receivedOn: date.describe('De dag van ontvangst (Awb 4:1); de beslistermijn loopt vanaf de dag erna'),
    dueDate: date.nullable().describe('De uiterste beslisdatum; leeg zolang de termijn is opgeschort'),
    statutoryTermWeeks: z
      .number()
      .int()
      .nullable()
      .describe('De wettelijke beslistermijn van de dienst; leeg: de redelijke termijn (Awb 4:13)'),
    termWeeks: z.number().int().describe('De termijn die geldt, in weken'),
    silenceConsent: z.boolean().describe('Bij deze dienst geldt: niet op tijd beslist is toegekend (Awb 4:20a)'),
    dwangsom: z.boolean().describe('Bij deze dienst kan een dwangsom gelden als het besluit te laat is (Awb 4:17)'),
    noticeOfDefaultOn: date.nullable().describe('De dag waarop de ingebrekestelling is ontvangen'),
    assigneeOfficialId: z.string().nullable(),
    answers: z.record(z.string(), z.unknown()),
    submittedAt: instant,
    decidedAt: instant.nullable(),
    decision: z
      .object({
        outcome,
        motivation: z.string(),
        legalBasis: z.string(),
        decidedOn: date,
        objectionLastDay: date.describe('De laatste dag om bezwaar te maken (Awb 6:7, 6:8)'),
      })
      .nullable(),
    updatedAt: instant,
    _links: z.object({ self: link }),
  })
  .meta({ id: 'Case' });

const listLinks = z.object({ self: link, next: link.optional(), prev: link.optional() });
export const caseListJson = z
  .object({
    items: z.array(caseJson),
    total: z.number().int().describe('The number of cases; the work queue counts at most 10,000 (then totalCapped is true).'),
    totalCapped: z.boolean().optional().describe('True when there are more cases than `total` (work queue only).'),
    limit: z.number().int(),
    offset: z.number().int(),
    _links: listLinks,
  })
  .meta({ id: 'CaseList' });

const eventJson = z
  .object({
    seq: z.number().int(),
    at: instant,
    action: z.string().describe('De stap (caseActions), zoals submit, claim, decide'),
    actor: z.object({
      kind: z.enum(actorKinds),
      id: z.string().nullable().describe('De medewerker; leeg bij de aanvrager en bij Loket zelf'),
    }),
    fromStatus: status.nullable(),
    toStatus: status,
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CaseEvent' });

const penaltyJson = z
  .object({
    status: z.enum(['pending', 'accruing', 'capped', 'final', 'none']),
    firstDay: date.describe('De eerste dag waarover een dwangsom verschuldigd is'),
    lastPossibleDay: date.describe('De 42e dag (kalenderdagen)'),
    lastCountedDay: date.nullable(),
    days: z.number().int(),
    amountCents: z.number().int().describe('Het bedrag tot nu toe, in eurocenten'),
    maxTotalCents: z.number().int(),
    byTier: z.array(
      z.object({
        fromDay: z.number().int(),
        toDay: z.number().int(),
        centsPerDay: z.number().int(),
        days: z.number().int(),
        amountCents: z.number().int(),
      }),
    ),
    settings: z.object({ firstDayConvention: z.enum(['A', 'B']), graceAtw: z.boolean(), decisionDayCounts: z.boolean() }),
    amounts: z.object({ validFrom: date, citation: z.string(), source: z.string() }),
  })
  .meta({ id: 'CasePenalty', description: 'De dwangsom bij niet tijdig beslissen (Awb 4:17), in eurocenten.' });

const stepJson = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('term'),
    basis: z.string(),
    weeks: z.number().int(),
    rawEnd: date,
    end: date,
    atwApplied: z.boolean(),
  }),
  z.object({
    kind: z.literal('suspension'),
    reason: z.string(),
    from: date,
    until: date.nullable(),
    days: z.number().int(),
    dueDate: date.nullable(),
  }),
  z.object({ kind: z.literal('suspension_ignored'), reason: z.string(), from: date, code: z.string() }),
  z.object({
    kind: z.literal('extension'),
    sentOn: date,
    newDueDate: date,
    effect: z.enum(['due_date_moved', 'announced_only']),
    dueDate: date,
  }),
  z.object({ kind: z.literal('extension_ignored'), sentOn: date, newDueDate: date, code: z.string() }),
]);

const termJson = z
  .object({
    dueDate: date.nullable().describe('De uiterste beslisdatum; leeg zolang de termijn is opgeschort'),
    suspendedSince: date.nullable(),
    announcedDecisionDate: date
      .nullable()
      .describe('De datum uit een verdagingsbericht dat de wettelijke termijn niet verlengt (Awb 4:14 lid 1)'),
    overdue: z.boolean(),
    remedy: z.enum(['penalty', 'silence_consent', 'none']).describe('Wat geldt als het besluit te laat is'),
    noticeOfDefaultOn: date.nullable(),
    mayGiveNoticeOfDefault: z.boolean(),
    penalty: penaltyJson.nullable(),
    operationOfLaw: z
      .object({ termExpiredAfter: date, effectiveOn: date })
      .nullable()
      .describe('Een besluit van rechtswege (Awb 4:20b), als de termijn voorbij is'),
    informationRequest: z.object({ message: z.string(), completeBy: date, requestedOn: date }).nullable(),
    extensions: z.array(z.object({ sentOn: date, newDueDate: date, reason: z.string() })),
    steps: z.array(stepJson).describe('Hoe de uiterste beslisdatum is berekend, stap voor stap'),
  })
  .meta({ id: 'CaseTerm' });

export const caseViewJson = z
  .object({
    case: caseJson,
    timeline: z.array(eventJson),
    viewer: z.enum(actorKinds).describe('Als wie u de zaak ziet: aanvrager of behandelaar'),
    actions: z.array(z.enum(caseActions)).describe('De stappen die u nu kunt zetten'),
    term: termJson,
    _links: z.object({ self: link }),
  })
  .meta({ id: 'CaseView' });

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;
const actionResponses = { 200: caseJson, ...problems, 409: problemSchema } as const;

// ---------------------------------------------------------------------------------------------
// Answers

export function caseToJson(c: DeliveryCase): z.infer<typeof caseJson> {
  return {
    organisationCode: c.organisationCode,
    id: c.id,
    caseNumber: c.caseNumber,
    serviceId: c.serviceId,
    uplUri: c.uplUri,
    serviceVersion: c.serviceVersion,
    form: { id: c.formId, version: c.formVersion },
    applicant: { kind: c.applicant.kind, id: c.applicant.id },
    actingFor: c.actingFor ? { kind: 'person', id: c.actingFor.id } : null,
    status: c.status,
    outcome: c.outcome,
    receivedOn: c.receivedOn,
    dueDate: c.dueDate,
    statutoryTermWeeks: c.statutoryTermWeeks,
    termWeeks: c.termWeeks,
    silenceConsent: c.silenceConsent,
    dwangsom: c.dwangsom,
    noticeOfDefaultOn: c.noticeOfDefaultOn,
    assigneeOfficialId: c.assigneeOfficialId,
    answers: c.answers,
    submittedAt: c.submittedAt,
    decidedAt: c.decidedAt,
    decision: c.decision
      ? {
          outcome: c.decision.outcome,
          motivation: c.decision.motivation,
          legalBasis: c.decision.legalBasis,
          decidedOn: c.decision.decidedOn,
          objectionLastDay: c.decision.objectionLastDay,
        }
      : null,
    updatedAt: c.updatedAt,
    _links: { self: { href: caseApi.case(c.organisationCode, c.id) } },
  };
}

function eventToJson(e: CaseEvent): z.infer<typeof eventJson> {
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: { kind: e.actor.kind as z.infer<typeof eventJson>['actor']['kind'], id: e.actor.id },
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    details: e.details,
  };
}

function termToJson(t: CaseView['term']): z.infer<typeof termJson> {
  const p = t.penalty;
  return {
    dueDate: t.dueDate,
    suspendedSince: t.suspendedSince,
    announcedDecisionDate: t.announcedDecisionDate,
    overdue: t.overdue,
    remedy: t.remedy,
    noticeOfDefaultOn: t.noticeOfDefaultOn,
    mayGiveNoticeOfDefault: t.mayGiveNoticeOfDefault,
    penalty: p
      ? {
          status: p.status,
          firstDay: p.firstDay,
          lastPossibleDay: p.lastPossibleDay,
          lastCountedDay: p.lastCountedDay,
          days: p.days,
          amountCents: p.amountCents,
          maxTotalCents: p.maxTotalCents,
          byTier: p.byTier.map((x) => ({
            fromDay: x.fromDay,
            toDay: x.toDay,
            centsPerDay: x.centsPerDay,
            days: x.days,
            amountCents: x.amountCents,
          })),
          settings: { ...p.settings },
          amounts: { validFrom: p.amounts.validFrom, citation: formatCitation(p.amounts.citation, 'nl'), source: p.amounts.source },
        }
      : null,
    operationOfLaw: t.operationOfLaw
      ? { termExpiredAfter: t.operationOfLaw.termExpiredAfter, effectiveOn: t.operationOfLaw.effectiveOn }
      : null,
    informationRequest: t.informationRequest
      ? {
          message: t.informationRequest.message,
          completeBy: t.informationRequest.completeBy,
          requestedOn: t.informationRequest.requestedOn,
        }
      : null,
    extensions: t.extensions.map((x) => ({ sentOn: x.sentOn, newDueDate: x.newDueDate, reason: x.reason })),
    steps: t.steps.map((s) => ({ ...s })),
  };
}

function viewToJson(v: CaseView): z.infer<typeof caseViewJson> {
  return {
    case: caseToJson(v.case),
    timeline: v.timeline.map(eventToJson),
    viewer: v.viewer,
    actions: [...v.actions],
    term: termToJson(v.term),
    _links: { self: { href: caseApi.case(v.case.organisationCode, v.case.id) } },
  };
}

type Part = 'params' | 'body' | 'query';

/** A failure of the service as a problem, with field names as the API shows them (`body.completeBy`). */
function problemFrom(failure: Failure, part: Part): ProblemError {
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  return new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function valueOf<T>(result: Result<T>, part: Part): T {
  if (!result.ok) throw problemFrom(result.failure, part);
  return result.value;
}

function listToJson(list: CaseList, href: (offset: number) => string): z.infer<typeof caseListJson> {
  const { limit: size, offset: at, total } = list;
  return {
    items: list.items.map(caseToJson),
    total,
    ...(list.totalCapped === undefined ? {} : { totalCapped: list.totalCapped }),
    limit: size,
    offset: at,
    _links: {
      self: { href: href(at) },
      ...(at + size < total || list.totalCapped === true ? { next: { href: href(at + size) } } : {}),
      ...(at > 0 ? { prev: { href: href(Math.max(0, at - size)) } } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Routes

type CaseKey = { organisationCode: string; caseId: string };

interface ActionRoute<B extends z.ZodType> {
  path: CaseStep;
  access: Access;
  summary: string;
  description: string;
  run: (request: FastifyRequest, key: CaseKey, body: z.output<B>) => Promise<Result<DeliveryCase>>;
}

export function registerCaseRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    caseApi.cases,
    {
      config: { access: caseAccess.applicant },
      schema: {
        tags,
        summary: 'Mijn zaken',
        description:
          'De zaken van de ingelogde burger of onderneming, de nieuwste eerst, met de status en de uiterste beslisdatum. ' +
          'Onbekende parameters geven 400.',
        querystring: pageQuery,
        response: { 200: caseListJson, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const list = valueOf(await listMyCases(ctx, principalOf(request), { limit: q.limit, offset: q.offset }), 'query');
      return listToJson(
        list,
        (at) => `${caseApi.cases}?${new URLSearchParams({ limit: String(list.limit), offset: String(at) }).toString()}`,
      );
    },
  );

  r.get(
    '/api/v1/cases/:organisationCode/:caseId',
    {
      config: { access: caseAccess.applicantOrCaseHandler },
      schema: {
        tags,
        summary: 'Eén zaak met het verloop',
        description:
          'De zaak met de aanvraag, het verloop (elke stap met van en naar welke status), de stappen die u nu kunt zetten en de ' +
          'beslistermijn: de uiterste datum, opschorting, verdaging en, als het besluit te laat is, de dwangsom of het besluit van ' +
          'rechtswege. Voor de aanvrager en de zaakbehandelaars van de organisatie (hun inzage komt in het verwerkingslogboek); ' +
          'voor ieder ander 404, ook als de zaak bestaat.',
        params: caseParams,
        querystring: noQuery,
        response: { 200: caseViewJson, ...problems },
      },
    },
    async (request) =>
      viewToJson(
        valueOf(
          await getCase(ctx, principalOf(request), request.params.organisationCode.toUpperCase(), request.params.caseId, originOf(request)),
          'params',
        ),
      ),
  );

  r.get(
    '/api/v1/organisations/:organisationCode/work-queue',
    {
      config: { access: caseAccess.caseHandler },
      schema: {
        tags,
        summary: 'Werkvoorraad van een organisatie',
        description:
          'Voor zaakbehandelaars van de organisatie zelf (een andere organisatie geeft 403): de lopende zaken, of die met één status, ' +
          'te filteren op termijn verlopen, behandelaar en dienst, en te sorteren op uiterste beslisdatum of ontvangstdatum. ' +
          'Elke opvraging komt in het verwerkingslogboek. Onbekende parameters geven 400.',
        params: organisationParams,
        querystring: workQueueQuery,
        response: { 200: caseListJson, ...problems },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const code = request.params.organisationCode.toUpperCase();
      // Only the official's own organisation; the same answer as for an official who handles no cases.
      if (principal.kind !== 'official' || principal.organisationCode !== code) throw new ProblemError(deliveryFailures.caseHandlersOnly());
      const q = request.query;
      const list = valueOf(
        await workQueue(
          ctx,
          principal,
          {
            ...(q.status !== undefined ? { status: q.status } : {}),
            ...(q.overdue !== undefined ? { overdue: q.overdue === 'true' } : {}),
            ...(q.assignee !== undefined ? { assignee: q.assignee } : {}),
            ...(q.serviceId !== undefined ? { serviceId: q.serviceId } : {}),
            sort: q.sort,
            limit: q.limit,
            offset: q.offset,
          },
          originOf(request),
        ),
        'query',
      );
      return listToJson(list, (at) => {
        const params = new URLSearchParams();
        for (const key of ['status', 'overdue', 'assignee', 'serviceId', 'sort'] as const) {
          const value = q[key];
          if (value !== undefined) params.set(key, value);
        }
        params.set('limit', String(list.limit));
        params.set('offset', String(at));
        return `${caseApi.workQueue(code)}?${params.toString()}`;
      });
    },
  );

  /** A step on a case: POST …/{step}. `body`: the step's input; without it the step takes none. */
  const action = <B extends z.ZodType>(route: ActionRoute<B> & { body?: B }): void => {
    const { body } = route;
    r.post(
      `/api/v1/cases/:organisationCode/:caseId/${route.path}`,
      {
        config: { access: route.access },
        schema: {
          tags,
          summary: route.summary,
          description: `${route.description} Antwoord: de zaak zoals hij nu is. Een zaak die u niet mag zien geeft 404; een stap die in de status van de zaak niet kan 409 (delivery.transition_not_allowed); er verandert dan niets.`,
          params: caseParams,
          querystring: noQuery,
          ...(body ? { body } : {}),
          response: actionResponses,
        },
      },
      async (request) => {
        if (!body) expectNoInput(request.body);
        const key = { organisationCode: request.params.organisationCode.toUpperCase(), caseId: request.params.caseId };
        return caseToJson(valueOf(await route.run(request, key, request.body as z.output<B>), 'body'));
      },
    );
  };

  // The applicant

  action({
    path: '_withdraw',
    access: caseAccess.applicant,
    summary: 'Aanvraag intrekken',
    description: 'De aanvrager trekt de aanvraag in, zolang er nog geen besluit is.',
    run: (request, k) => withdrawApplication(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  });

  action({
    path: '_receive-information',
    access: caseAccess.applicantOrCaseHandler,
    summary: 'Gevraagde informatie sturen',
    description:
      'De aanvrager stuurt de informatie waarom gevraagd is (Awb 4:5), met een bericht en eventueel bijlagen; de beslistermijn loopt ' +
      'weer (Awb 4:15). Een zaakbehandelaar kan zo ook informatie vastleggen die per post binnenkwam.',
    body: receiveInformationBody,
    run: (request, k, body) =>
      receiveInformation(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { message: body.message, ...(body.attachments ? { attachments: body.attachments } : {}) },
        originOf(request),
      ),
  });

  action({
    path: '_notice-of-default',
    access: caseAccess.applicant,
    summary: 'Ingebrekestelling geven',
    description:
      'De aanvrager stelt de organisatie in gebreke omdat de beslistermijn voorbij is (Awb 4:17 lid 3). Twee weken later begint de ' +
      'dwangsom te lopen, als die bij de dienst geldt. Niet vóór de uiterste beslisdatum voorbij is, en maar één keer.',
    run: (request, k) => giveNoticeOfDefault(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  });

  // The case handler

  action({
    path: '_claim',
    access: caseAccess.caseHandler,
    summary: 'Zaak oppakken',
    description: 'Een zaakbehandelaar van de organisatie neemt de zaak in behandeling (of neemt hem over).',
    run: (request, k) => claimCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  });

  action({
    path: '_assign',
    access: caseAccess.caseHandler,
    summary: 'Zaak toewijzen',
    description: 'Een zaakbehandelaar geeft de zaak aan een (andere) zaakbehandelaar van dezelfde organisatie.',
    body: assignBody,
    run: (request, k, body) =>
      assignCase(ctx, principalOf(request), k.organisationCode, k.caseId, { officialId: body.officialId }, originOf(request)),
  });

  action({
    path: '_request-information',
    access: caseAccess.caseHandler,
    summary: 'Om meer informatie vragen',
    description:
      'De zaakbehandelaar vraagt de aanvrager de aanvraag aan te vullen vóór een datum (Awb 4:5). De beslistermijn staat vanaf de ' +
      'volgende dag stil (Awb 4:15) tot de informatie er is of de datum voorbij is. De aanvrager krijgt een bericht.',
    body: requestInformationBody,
    run: (request, k, body) =>
      requestInformation(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { message: body.message, completeBy: body.completeBy },
        originOf(request),
      ),
  });

  action({
    path: '_extend-term',
    access: caseAccess.caseHandler,
    summary: 'Beslistermijn verdagen',
    description:
      'De zaakbehandelaar laat de aanvrager weten dat het besluit later komt, met de nieuwe datum en de reden (Awb 4:14). Dat moet ' +
      'vóór de uiterste beslisdatum voorbij is; de nieuwe datum is een werkdag.',
    body: extendTermBody,
    run: (request, k, body) =>
      extendTerm(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { newDueDate: body.newDueDate, reason: body.reason },
        originOf(request),
      ),
  });

  action({
    path: '_decide',
    access: caseAccess.caseHandler,
    summary: 'Besluiten',
    description:
      'De zaakbehandelaar besluit: toegekend, deels toegekend, afgewezen of niet ontvankelijk, met de motivering en de wettelijke ' +
      'grondslag. Het besluit krijgt de laatste dag om bezwaar te maken (Awb 6:7, 6:8); de aanvrager krijgt de beschikking als bericht.',
    body: decideBody,
    run: (request, k, body) =>
      decideCase(
        ctx,
        principalOf(request),
        k.organisationCode,
        k.caseId,
        { outcome: body.outcome, motivation: body.motivation, legalBasis: body.legalBasis },
        originOf(request),
      ),
  });

  action({
    path: '_close',
    access: caseAccess.caseHandler,
    summary: 'Zaak afsluiten',
    description: 'De zaakbehandelaar sluit de zaak af na een besluit of een intrekking.',
    run: (request, k) => closeCase(ctx, principalOf(request), k.organisationCode, k.caseId, originOf(request)),
  });
}
