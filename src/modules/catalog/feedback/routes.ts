// JSON API of citizens' feedback on services and requests for new services:
//   /api/v1/organisations/{code}/services/{id}/feedback[/{feedbackId}/answer]
//   /api/v1/service-requests[/{id}[/support|/answer]]
//
// GET …/feedback is one route for everyone: the public summary always, plus the items the
// caller may see (all of them for a service designer or quality manager of the organisation, the
// caller's own for a citizen or business, none for others). There is no separate summary route.
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/auth/model.ts';
import { principalOf, problemSchema, ProblemError, type Failure, type Result, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { audiences, giverKinds, limits, ORGANISATION_CODE, requestSorts, requestStatuses, type FeedbackSummary } from './model.ts';
import * as service from './service.ts';

const api = '/api/v1';
const tags = ['Diensten'];

export const feedbackApi = {
  feedback: (organisationCode: string, serviceId: string): string =>
    `${api}/organisations/${organisationCode}/services/${serviceId}/feedback`,
  answerFeedback: (organisationCode: string, serviceId: string, feedbackId: string): string =>
    `${api}/organisations/${organisationCode}/services/${serviceId}/feedback/${feedbackId}/answer`,
  requests: `${api}/service-requests`,
  request: (id: string): string => `${api}/service-requests/${id}`,
} as const;

/** Who may call what (the service checks the rest: the official's own organisation). */
export const feedbackAccess = {
  citizens: { kinds: ['person', 'business'] },
  answerers: { roles: [...service.answerRoles] },
} as const satisfies Record<string, Access>;

// ---------------------------------------------------------------------------------------------
// Schemas

const problem = problemSchema;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem } as const;
const link = z.object({ href: z.string() });
const count = z.number().int().min(0);

const codeParam = z
  .string()
  .regex(ORGANISATION_CODE, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('Organisatiecode, zoals GM0363');
const serviceParams = z.object({ code: codeParam, id: z.uuid().describe('Id van de dienst') });
const paging = {
  limit: z.coerce.number().int().min(1).max(service.pageLimits.maxLimit).default(service.pageLimits.defaultLimit),
  offset: z.coerce.number().int().min(0).max(service.pageLimits.maxOffset).default(0),
};

export const feedbackSummaryJson = z
  .object({
    count: count.describe('Aantal reacties'),
    averageRating: z.number().nullable().describe('Gemiddelde waardering (1 tot 5) op één decimaal; null zonder reacties'),
    ratingCounts: z
      .object({ 1: count, 2: count, 3: count, 4: count, 5: count })
      .describe('Aantal reacties per waardering: "1" tot en met "5"'),
    answered: count.describe('Aantal reacties waarop de organisatie heeft geantwoord'),
    answeredShare: z.number().nullable().describe('Deel van de reacties dat is beantwoord (0 tot 1); null zonder reacties'),
  })
  .meta({ id: 'FeedbackSummary' });

const answerJson = z
  .object({ text: z.string(), answeredAt: z.string().describe('Tijdstip in UTC (ISO 8601)') })
  .meta({ id: 'FeedbackAnswer' });

const feedbackJson = z
  .object({
    id: z.string(),
    organisationCode: z.string(),
    serviceId: z.string(),
    rating: z.number().int().min(1).max(5),
    text: z.string().nullable(),
    givenOn: z.string().describe('Datum in de vorm JJJJ-MM-DD'),
    giverKind: z.enum(giverKinds).describe('Een inwoner (person) of een onderneming (business); wie het was, ziet niemand'),
    answer: answerJson.nullable(),
  })
  .meta({ id: 'ServiceFeedback' });

const serviceFeedbackJson = z.object({
  view: z
    .enum(['organisation', 'own', 'public'])
    .describe('organisation: alle reacties (medewerker van de organisatie); own: uw eigen reacties; public: alleen de samenvatting'),
  summary: feedbackSummaryJson,
  items: z.array(feedbackJson),
  total: count,
  limit: z.number().int(),
  offset: z.number().int(),
  _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
});

const serviceRequestJson = z
  .object({
    id: z.string(),
    organisationCode: z.string().nullable().describe('De organisatie die de wens krijgt; null: elke overheid'),
    organisationName: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    audience: z.enum(audiences).describe('Voor wie de dienst is: inwoners (citizen), ondernemers (business) of beide (both)'),
    status: z.enum(requestStatuses),
    supportCount: count.describe('Hoeveel mensen en ondernemingen de wens steunen, de indiener meegeteld'),
    requesterKind: z.enum(giverKinds),
    createdAt: z.string().describe('Tijdstip in UTC (ISO 8601)'),
    answer: answerJson.nullable(),
    _links: z.object({ self: link }),
  })
  .meta({ id: 'ServiceRequest' });

const serviceRequestDetailJson = serviceRequestJson
  .extend({
    yours: z.boolean().describe('U hebt deze wens ingediend'),
    supportedByYou: z.boolean().describe('U steunt deze wens'),
  })
  .meta({ id: 'ServiceRequestDetail' });

const requestListJson = z.object({
  items: z.array(serviceRequestJson),
  total: count,
  limit: z.number().int(),
  offset: z.number().int(),
  _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
});

// Request bodies. The service checks them in full (every field, with a code per field), so these
// schemas document the body; see `checkedByService`.
const feedbackInput = z
  .object({
    rating: z.number().int().min(1).max(5).describe('Waardering van 1 (slecht) tot 5 (heel goed)'),
    text: z.string().max(limits.feedbackText).nullable().optional().describe(`Toelichting, hoogstens ${limits.feedbackText} tekens`),
  })
  .meta({ id: 'NewServiceFeedback' });
const answerInput = z.object({ text: z.string().max(limits.answerText) }).meta({ id: 'NewFeedbackAnswer' });
const requestInput = z
  .object({
    organisationCode: z.string().nullable().optional().describe('De organisatie die u de wens stuurt; leeg of null: elke overheid'),
    title: z.string().min(limits.requestTitleMin).max(limits.requestTitleMax),
    description: z.string().max(limits.requestDescription).nullable().optional(),
    audience: z.enum(audiences),
  })
  .meta({ id: 'NewServiceRequest' });
const requestAnswerInput = z
  .object({
    status: z
      .enum(requestStatuses)
      .describe(
        'De nieuwe status: open → under_consideration → planned, declined of realised; planned → realised of declined. Declined en realised zijn definitief.',
      ),
    text: z.string().max(limits.answerText),
  })
  .meta({ id: 'NewServiceRequestAnswer' });

/** Lets the body through to the service, which checks it in full; other parts are checked by zod as usual. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/** A failure as a problem, with field names as the API shows them (`body.title`). */
function valueOf<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const failure: Failure = result.failure;
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `body.${p.name}` : 'body' }));
  throw new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function pageLinks(
  href: (offset: number) => string,
  page: { limit: number; offset: number },
  total: number,
): { self: { href: string }; next?: { href: string }; prev?: { href: string } } {
  return {
    self: { href: href(page.offset) },
    ...(page.offset + page.limit < total ? { next: { href: href(page.offset + page.limit) } } : {}),
    ...(page.offset > 0 ? { prev: { href: href(Math.max(0, page.offset - page.limit)) } } : {}),
  };
}

const requestJson = (r: service.ServiceRequestView) => ({ ...r, _links: { self: { href: feedbackApi.request(r.id) } } });

/** The summary as the API writes it (numeric keys become "1"…"5"). */
export const summaryJson = (s: FeedbackSummary): z.infer<typeof feedbackSummaryJson> => ({ ...s, ratingCounts: { ...s.ratingCounts } });

// ---------------------------------------------------------------------------------------------
// Routes

export function registerFeedbackRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const origin = (request: { id: string }): service.Origin => ({ requestId: request.id });

  r.post(
    `${api}/organisations/:code/services/:id/feedback`,
    {
      config: { access: feedbackAccess.citizens },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Uw mening geven over een dienst',
        description:
          'Voor ingelogde inwoners en ondernemers: een waardering van 1 tot 5 en eventueel een toelichting, over een gepubliceerde dienst. ' +
          'Eén keer per dag per dienst; een tweede keer op dezelfde dag geeft 409 (catalog.feedback_already_given_today). ' +
          'De organisatie ziet uw waardering, toelichting en de datum, maar niet wie u bent.',
        params: serviceParams,
        body: feedbackInput,
        response: { 201: feedbackJson, ...problems, 409: problem },
      },
    },
    async (request, reply) => {
      const { code, id } = request.params;
      const item = valueOf(
        await service.giveFeedback(
          ctx,
          principalOf(request),
          { organisationCode: code, serviceId: id },
          request.body as unknown,
          origin(request),
        ),
      );
      return reply.code(201).send(item);
    },
  );

  r.get(
    `${api}/organisations/:code/services/:id/feedback`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Meningen over een dienst',
        description:
          'Voor iedereen de samenvatting: aantal reacties, gemiddelde waardering, aantal per waardering en hoeveel er beantwoord zijn. ' +
          'Een dienstontwerper of kwaliteitsmanager van de organisatie ziet ook alle reacties (nieuwste eerst, zonder wie ze gaf); ' +
          'een ingelogde inwoner of onderneming ziet de eigen reacties met het antwoord.',
        params: serviceParams,
        querystring: z.object(paging),
        response: { 200: serviceFeedbackJson, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const { code, id } = request.params;
      const page = request.query;
      const view = valueOf(await service.serviceFeedback(ctx, principalOf(request), { organisationCode: code, serviceId: id }, page));
      const href = (offset: number) =>
        `${feedbackApi.feedback(code.toUpperCase(), id)}?${new URLSearchParams({ limit: String(page.limit), offset: String(offset) }).toString()}`;
      return {
        ...view,
        summary: summaryJson(view.summary),
        limit: page.limit,
        offset: page.offset,
        _links: pageLinks(href, page, view.total),
      };
    },
  );

  r.post(
    `${api}/organisations/:code/services/:id/feedback/:feedbackId/answer`,
    {
      config: { access: feedbackAccess.answerers },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Antwoorden op een mening over een dienst',
        description:
          'Voor dienstontwerpers en kwaliteitsmanagers van de organisatie van de dienst. Eén antwoord per reactie (een tweede geeft 409). ' +
          'Het antwoord ziet alleen de indiener en de organisatie. Medewerkers van een andere organisatie krijgen 404.',
        params: serviceParams.extend({ feedbackId: z.uuid() }),
        body: answerInput,
        response: { 200: feedbackJson, ...problems, 409: problem },
      },
    },
    async (request) => {
      const { code, id, feedbackId } = request.params;
      return valueOf(
        await service.answerFeedback(
          ctx,
          principalOf(request),
          { organisationCode: code, serviceId: id, feedbackId },
          request.body as unknown,
          origin(request),
        ),
      );
    },
  );

  const listQuery = z.object({
    organisation: codeParam.optional().describe('Alleen wensen aan deze organisatie'),
    sort: z.enum(requestSorts).default('newest').describe('newest: nieuwste eerst; support: meest gesteund eerst'),
    ...paging,
  });

  r.get(
    feedbackApi.requests,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Wensen voor nieuwe diensten',
        description: 'De wensen van inwoners en ondernemers, met het aantal steunbetuigingen en het antwoord van de organisatie.',
        querystring: listQuery,
        response: { 200: requestListJson, 400: problem },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await service.listServiceRequests(ctx, {
        organisationCode: q.organisation,
        sort: q.sort,
        limit: q.limit,
        offset: q.offset,
      });
      const href = (offset: number) => {
        const params = new URLSearchParams();
        if (q.organisation) params.set('organisation', q.organisation.toUpperCase());
        params.set('sort', q.sort);
        params.set('limit', String(q.limit));
        params.set('offset', String(offset));
        return `${feedbackApi.requests}?${params.toString()}`;
      };
      return { items: items.map(requestJson), total, limit: q.limit, offset: q.offset, _links: pageLinks(href, q, total) };
    },
  );

  r.post(
    feedbackApi.requests,
    {
      config: { access: feedbackAccess.citizens },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Een wens indienen: een dienst die er nog niet is',
        description:
          'Voor ingelogde inwoners en ondernemers. Kies een organisatie, of laat organisationCode leeg voor elke overheid. ' +
          'Uw wens is openbaar; wie u bent niet. Uw eigen steun telt meteen mee.',
        body: requestInput,
        response: { 201: serviceRequestJson, ...problems },
      },
    },
    async (request, reply) => {
      const created = valueOf(await service.createServiceRequest(ctx, principalOf(request), request.body as unknown, origin(request)));
      return reply.code(201).header('location', feedbackApi.request(created.id)).send(requestJson(created));
    },
  );

  const idParams = z.object({ id: z.uuid().describe('Id van de wens') });

  r.get(
    `${feedbackApi.requests}/:id`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Eén wens',
        description: 'Een wens met het aantal steunbetuigingen en het antwoord; ingelogd ziet u ook of u hem indiende of steunt.',
        params: idParams,
        response: { 200: serviceRequestDetailJson, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const found = valueOf(await service.getServiceRequest(ctx, principalOf(request), request.params.id));
      return { ...requestJson(found), yours: found.yours, supportedByYou: found.supportedByYou };
    },
  );

  r.post(
    `${feedbackApi.requests}/:id/support`,
    {
      config: { access: feedbackAccess.citizens },
      schema: {
        tags,
        summary: 'Een wens steunen',
        description:
          'Voor ingelogde inwoners en ondernemers. Elke steun telt één keer: nog eens steunen (ook uw eigen wens) verandert niets (counted: false). ' +
          'Een afgewezen of gerealiseerde wens kunt u niet meer steunen (409). Een inhoud is niet nodig.',
        params: idParams,
        response: {
          200: z.object({ supportCount: count, counted: z.boolean().describe('Uw steun is nu meegeteld (false: dat was hij al)') }),
          ...problems,
          409: problem,
        },
      },
    },
    async (request) => valueOf(await service.supportServiceRequest(ctx, principalOf(request), request.params.id, origin(request))),
  );

  r.post(
    `${feedbackApi.requests}/:id/answer`,
    {
      config: { access: feedbackAccess.answerers },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Antwoorden op een wens',
        description:
          'Voor dienstontwerpers en kwaliteitsmanagers van de organisatie die de wens kreeg. Het antwoord is openbaar. ' +
          'De status volgt open → under_consideration → planned, declined of realised (planned → realised of declined); een andere stap geeft 409. ' +
          'Medewerkers van een andere organisatie krijgen 404, net als voor een wens aan elke overheid.',
        params: idParams,
        body: requestAnswerInput,
        response: { 200: serviceRequestJson, ...problems, 409: problem },
      },
    },
    async (request) =>
      requestJson(
        valueOf(await service.answerServiceRequest(ctx, principalOf(request), request.params.id, request.body as unknown, origin(request))),
      ),
  );
}
