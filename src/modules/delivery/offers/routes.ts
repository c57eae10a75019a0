// delivery/offers: the JSON API of proactive offers, for the citizen or business they are for.
//   GET  /api/v1/offers                 my offers (open by default)
//   GET  /api/v1/offers/{id}            one offer
//   POST /api/v1/offers/{id}/_accept    accept: answers with the address of the prefilled application
//   POST /api/v1/offers/{id}/_decline   decline ("Nee, bedankt")
//   GET  /api/v1/offers/settings        which kinds of offer I do not want
//   PUT  /api/v1/offers/settings        set them (the whole list)
// Another person's offer is 404, as if unknown.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Access } from '../../../platform/auth/model.ts';
import { principalOf, problemSchema, ProblemError, type Failure, type Result, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { offerStatuses } from './model.ts';
import * as service from './service.ts';

const api = '/api/v1/offers';
const tags = ['Aanbod'];

/** Offers are for citizens and businesses; the service shows each only their own. */
export const offerAccess = { recipients: { kinds: ['person', 'business'] } } as const satisfies Record<string, Access>;

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;

const localized = z.object({ nl: z.string(), en: z.string() });
const offerJson = z
  .object({
    id: z.string(),
    ruleId: z.string().describe('De regel in data/delivery/offers.json die tot dit aanbod leidde'),
    kind: z.object({ id: z.string(), name: localized }).describe('De soort aanbod (u kunt per soort aangeven dat u het niet wilt)'),
    status: z.enum(offerStatuses).describe('offered: open; accepted: aangenomen; declined: afgewezen'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    reason: localized.describe('Waarom u dit aanbod krijgt'),
    rule: z
      .object({ description: localized, sources: z.array(z.object({ title: localized, url: z.string() })) })
      .nullable()
      .describe('De regel in gewone taal, met de wet of bron waarop hij rust'),
    service: z.object({
      organisationCode: z.string(),
      organisationName: z.string(),
      serviceId: z.string(),
      uplUri: z.string(),
      title: z.string(),
      available: z.boolean().describe('Kunt u deze dienst nu aanvragen?'),
    }),
    applicationUrl: z.string().describe('De aanvraag, al zoveel mogelijk ingevuld'),
  })
  .meta({ id: 'Offer' });

const settingsJson = z
  .object({
    kinds: z.array(
      z.object({ id: z.string(), name: localized, description: localized, optedOut: z.boolean().describe('true: u wilt dit aanbod niet') }),
    ),
  })
  .meta({ id: 'OfferSettings' });

const idParam = z.object({ id: z.string().max(100).describe('Het id van het aanbod') });

function valueOf<T>(result: Result<T>, part: 'params' | 'body' | 'query'): T {
  if (result.ok) return result.value;
  const failure: Failure = result.failure;
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: `${part}.${p.name}` }));
  throw new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

export function registerOfferRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    api,
    {
      config: { access: offerAccess.recipients },
      schema: {
        tags,
        summary: 'Mijn aanbod',
        description:
          'Diensten die u kunt aanvragen omdat er iets in uw leven veranderde (bijvoorbeeld een geboorte of 18 jaar worden), nieuwste eerst. ' +
          'Standaard het open aanbod; open aanbod van een soort die u niet wilt, staat er niet in.',
        querystring: z
          .object({
            status: z.enum(offerStatuses).default('offered'),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          })
          .strict(),
        response: {
          200: z
            .object({ items: z.array(offerJson), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
            .meta({ id: 'OfferList' }),
          ...problems,
        },
      },
    },
    async (request) => valueOf(await service.listOffers(ctx, principalOf(request), request.query), 'query'),
  );

  r.get(
    `${api}/settings`,
    {
      config: { access: offerAccess.recipients },
      schema: {
        tags,
        summary: 'Welk aanbod ik niet wil',
        description: 'De soorten aanbod, en per soort of u hebt aangegeven dat u het niet wilt.',
        response: { 200: settingsJson, ...problems },
      },
    },
    async (request) => valueOf(await service.getOfferSettings(ctx, principalOf(request)), 'query'),
  );

  r.put(
    `${api}/settings`,
    {
      config: { access: offerAccess.recipients },
      schema: {
        tags,
        summary: 'Aangeven welk aanbod ik niet wil',
        description:
          'De hele lijst van soorten aanbod die u niet wilt; een soort die er niet in staat, wilt u (weer) wel. ' +
          'Open aanbod van een soort die u niet wilt, verdwijnt uit uw lijst.',
        body: z.strictObject({
          optedOut: z.array(z.string().max(60)).max(50).describe('De ids van de soorten aanbod die u niet wilt'),
        }),
        response: { 200: settingsJson, ...problems },
      },
    },
    async (request) => valueOf(await service.setOfferSettings(ctx, principalOf(request), request.body, originOf(request)), 'body'),
  );

  r.get(
    `${api}/:id`,
    {
      config: { access: offerAccess.recipients },
      schema: { tags, summary: 'Eén aanbod', params: idParam, response: { 200: offerJson, ...problems } },
    },
    async (request) => valueOf(await service.getOffer(ctx, principalOf(request), request.params.id), 'params'),
  );

  r.post(
    `${api}/:id/_accept`,
    {
      config: { access: offerAccess.recipients },
      schema: {
        tags,
        summary: 'Aanbod aannemen',
        description:
          'Neemt het aanbod aan en geeft het adres van de aanvraag, al zoveel mogelijk ingevuld. Nog eens aannemen geeft hetzelfde antwoord; ' +
          'een afgewezen aanbod aannemen kan niet (409).',
        params: idParam,
        response: {
          200: z.object({ offer: offerJson, applicationUrl: z.string() }).meta({ id: 'AcceptedOffer' }),
          ...problems,
          409: problemSchema,
        },
      },
    },
    async (request) => valueOf(await service.acceptOffer(ctx, principalOf(request), request.params.id, originOf(request)), 'params'),
  );

  r.post(
    `${api}/:id/_decline`,
    {
      config: { access: offerAccess.recipients },
      schema: {
        tags,
        summary: 'Aanbod afwijzen',
        description: 'Nee, bedankt: het aanbod verdwijnt uit uw lijst en komt niet terug. Een aangenomen aanbod afwijzen kan niet (409).',
        params: idParam,
        response: { 200: offerJson, ...problems, 409: problemSchema },
      },
    },
    async (request) => valueOf(await service.declineOffer(ctx, principalOf(request), request.params.id, originOf(request)), 'params'),
  );
}
