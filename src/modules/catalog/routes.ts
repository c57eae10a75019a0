// JSON API of the catalog: one search across every organisation's services, a service's full
// description, life events, and an organisation's exports.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { httpFailures, problemSchema, ProblemError, type ZodTypeProvider } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { organisationTypes } from '../registry/index.ts';
import { catalogJsonExport, samenwerkendeCatalogiXml, type ExportItem } from './export.ts';
import { shippedLifeEvent, shippedLifeEvents, type LifeEvent } from './life-events.ts';
import { channelKinds, levelsOfAssurance } from './model.ts';
import { catalogApi, catalogPaths } from './paths.ts';
import { searchServices } from './search.ts';
import { defaultDecisionTerm } from './reference.ts';
import { getPublicService, productNames, publishedServicesOf, type PublicService } from './service.ts';

const tags = ['Diensten'];
const link = z.object({ href: z.string() });
const codeParam = z.string().regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes');

export const searchQuerySchema = z
  .object({
    q: z.string().max(200, 'hoogstens 200 tekens').default('').describe('de zoekwoorden; leeg: alles binnen de filters, op naam'),
    municipality: z
      .string()
      .regex(/^GM\d{4}$/, 'een CBS-gemeentecode zoals GM0344')
      .optional()
      .describe('alleen wat inwoners van deze gemeente aangaat: de gemeente, haar provincie en waterschappen, en het Rijk'),
    organisation: codeParam.optional().describe('alleen de diensten van deze organisatie (code)'),
    audience: z.enum(['citizen', 'business']).optional(),
    kind: z.enum(['application', 'subsidy', 'notification', 'obligation']).optional(),
    offeredBy: z.enum(organisationTypes).optional().describe('alleen diensten van dit soort organisatie'),
    groupBy: z.enum(['upl', 'none']).default('upl').describe('upl: één resultaat per UPL-product; none: één per dienst'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict();

const organisationRef = z.object({ code: z.string(), name: z.string(), type: z.enum(organisationTypes) });
const audienceList = z.array(z.enum(['citizen', 'business']));
const kindList = z.array(z.enum(['application', 'subsidy', 'notification', 'obligation']));
const upl = z.object({ name: z.string(), uri: z.string() });

const productItem = z.object({
  type: z.literal('product'),
  title: z.string(),
  upl,
  score: z.number(),
  services: z.number().int().describe('hoeveel organisaties (binnen de filters) dit product aanbieden'),
  organisation: organisationRef.nullable().describe('de organisatie, als precies één organisatie het aanbiedt'),
  audience: audienceList,
  kinds: kindList,
  _links: z.object({ self: link.optional(), services: link, page: link }),
});
const serviceItem = z.object({
  type: z.literal('service'),
  id: z.string(),
  title: z.string(),
  upl,
  score: z.number(),
  organisation: organisationRef,
  _links: z.object({ self: link, page: link }),
});
const facetsSchema = z.object({
  audience: z.record(z.string(), z.number().int()),
  kind: z.record(z.string(), z.number().int()),
  offeredBy: z.record(z.string(), z.number().int()),
});
const searchResult = z
  .object({
    items: z.array(z.union([productItem, serviceItem])),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    groupBy: z.enum(['upl', 'none']),
    facets: facetsSchema.describe('aantallen producten per doelgroep, soort en soort organisatie, over alle resultaten'),
    _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
  })
  .meta({ id: 'ServiceSearchResult' });

const costJson = z.object({ label: z.string(), amountCents: z.number().int(), validFrom: z.string(), validUntil: z.string().nullable() });
const serviceJson = z
  .object({
    id: z.string(),
    title: z.string(),
    localText: z.string().nullable(),
    upl: upl.extend({ sdgCodes: z.array(z.string()) }),
    organisation: organisationRef,
    version: z.number().int(),
    updatedAt: z.string(),
    description: z.object({
      result: z.string().nullable(),
      responsibleOrganisation: organisationRef.nullable(),
      legalBases: z.array(z.object({ uri: z.string().nullable(), label: z.string(), link: z.string().nullable() })),
      costs: z.array(costJson).describe('in eurocenten, met geldigheid'),
      costsToday: z.array(costJson),
      conditions: z.string().nullable(),
      requirements: z.string().nullable(),
      channels: z.array(z.object({ kind: z.enum(channelKinds), address: z.string(), label: z.string().nullable() })),
      levelOfAssurance: z.enum(levelsOfAssurance).nullable(),
      decisionTerm: z.object({
        weeks: z.number().int(),
        basis: z.enum(['statutory', 'awb_default']),
        citation: z.string().nullable(),
      }),
      silenceConsentApplies: z.boolean(),
      dwangsomApplies: z.boolean(),
      mandatable: z.boolean().nullable(),
      objectionAndAppeal: z.string().nullable(),
      contact: z.string().nullable(),
      serviceLevels: z.array(z.object({ norm: z.string(), indicator: z.string().nullable(), target: z.number().nullable() })),
      audience: z.object({ citizen: z.boolean(), business: z.boolean() }),
      kinds: z.object({ application: z.boolean(), subsidy: z.boolean(), notification: z.boolean(), obligation: z.boolean() }),
    }),
    _links: z.object({ self: link, page: link }),
  })
  .meta({ id: 'Service' });

const lifeEventStep = z.object({ upl, why: z.string() });
const lifeEventJson = z.object({
  slug: z.string(),
  audience: z.enum(['citizen', 'business']),
  name: z.string(),
  summary: z.string(),
  steps: z.array(lifeEventStep),
  _links: z.object({ self: link, page: link }),
});

const orgRef = (o: { code: string; name: string; type: (typeof organisationTypes)[number] }): z.infer<typeof organisationRef> => ({
  code: o.code,
  name: o.name,
  type: o.type,
});

export function serviceToJson(p: PublicService): z.infer<typeof serviceJson> {
  const d = p.description;
  return {
    id: p.service.id,
    title: p.service.title,
    localText: p.service.localText,
    upl: { name: p.product.name, uri: p.product.uri, sdgCodes: p.product.sdgCodes },
    organisation: orgRef(p.organisation),
    version: d.version,
    updatedAt: p.updatedAt,
    description: {
      result: d.result,
      responsibleOrganisation: p.responsibleOrganisation ? orgRef(p.responsibleOrganisation) : null,
      legalBases: d.legalBases,
      costs: d.costs ?? [],
      costsToday: p.costsToday,
      conditions: d.conditions,
      requirements: d.requirements,
      channels: d.channels,
      levelOfAssurance: d.levelOfAssurance,
      decisionTerm: p.decisionTerm,
      silenceConsentApplies: d.silenceConsentApplies,
      dwangsomApplies: d.dwangsomApplies,
      mandatable: d.mandatable,
      objectionAndAppeal: d.objectionAndAppeal,
      contact: d.contact,
      serviceLevels: d.serviceLevels,
      audience: d.audience,
      kinds: d.kinds,
    },
    _links: {
      self: { href: catalogApi.service(p.organisation.code, p.service.id) },
      page: { href: catalogPaths.service(p.organisation.code, p.service.id) },
    },
  };
}

/** What the exports need of a published service. */
export function exportItem(p: PublicService, baseUrl: string): ExportItem {
  return {
    service: p.service,
    description: p.description,
    product: p.product,
    organisation: { code: p.organisation.code, name: p.organisation.name, type: p.organisation.type, tooiUri: p.organisation.tooiUri },
    pageUrl: `${baseUrl}${catalogPaths.service(p.organisation.code, p.service.id)}`,
    modified: p.updatedAt,
  };
}

const notFound = (detail: string, code: string): ProblemError => new ProblemError({ ...httpFailures.notFound(detail), code });

export function registerCatalogRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    catalogApi.services,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Diensten van alle overheden zoeken',
        description:
          'Eén zoekvraag over de diensten van alle gemeenten, provincies, waterschappen en het Rijk. Nederlandse woorden, synoniemen, ' +
          'tikfouten en het begin van een woord worden herkend. Standaard één resultaat per UPL-product (groupBy=upl); ' +
          'met municipality=GM0344 alleen wat inwoners van die gemeente aangaat. Onbekende parameters geven 400.',
        querystring: searchQuerySchema,
        response: { 200: searchResult, 400: problemSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const found = await searchServices(ctx, query);
      if (!found.ok)
        throw new ProblemError(
          httpFailures.invalid([
            {
              name: `query.${found.refusal.field}`,
              code: found.refusal.code,
              reason: found.refusal.code === 'catalog.unknown_municipality' ? 'onbekende gemeente' : 'onbekende organisatie',
            },
          ]),
        );
      const result = found.value;
      const page = (offset: number): { href: string } => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'offset') params.set(k, String(v));
        params.set('offset', String(offset));
        return { href: `${catalogApi.services}?${params.toString()}` };
      };
      const items =
        result.groupBy === 'upl'
          ? result.items.map((p) => ({
              type: 'product' as const,
              title: p.title,
              upl: { name: p.uplName, uri: p.uplUri },
              score: p.score,
              services: p.services,
              organisation: p.service ? p.service.organisation : null,
              audience: p.audience,
              kinds: p.kinds,
              _links: {
                ...(p.service ? { self: { href: catalogApi.service(p.service.organisation.code, p.service.serviceId) } } : {}),
                services: {
                  href: `${catalogApi.services}?${new URLSearchParams({
                    ...Object.fromEntries(
                      Object.entries(query)
                        .filter(([k, v]) => v !== undefined && k !== 'offset' && k !== 'groupBy')
                        .map(([k, v]) => [k, String(v)]),
                    ),
                    groupBy: 'none',
                  }).toString()}`,
                },
                page: {
                  href: p.service ? catalogPaths.service(p.service.organisation.code, p.service.serviceId) : catalogPaths.product(p.uplUri),
                },
              },
            }))
          : result.items.map((s) => ({
              type: 'service' as const,
              id: s.serviceId,
              title: s.title,
              upl: { name: s.uplName, uri: s.uplUri },
              score: s.score,
              organisation: s.organisation,
              _links: {
                self: { href: catalogApi.service(s.organisation.code, s.serviceId) },
                page: { href: catalogPaths.service(s.organisation.code, s.serviceId) },
              },
            }));
      return {
        items,
        total: result.total,
        limit: query.limit,
        offset: query.offset,
        groupBy: result.groupBy,
        facets: result.facets,
        _links: {
          self: page(query.offset),
          ...(query.offset + query.limit < result.total ? { next: page(query.offset + query.limit) } : {}),
          ...(query.offset > 0 ? { prev: page(Math.max(0, query.offset - query.limit)) } : {}),
        },
      };
    },
  );

  api.get(
    `${catalogApi.services}/suggestions`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Suggesties tijdens het typen',
        description:
          'De namen van hoogstens 8 diensten die bij de woorden passen; het laatste woord telt als het begin van een woord. ' +
          'Voor een zoekvak dat suggesties geeft terwijl iemand typt.',
        querystring: z
          .object({
            q: z.string().max(200, 'hoogstens 200 tekens'),
            municipality: searchQuerySchema.shape.municipality,
          })
          .strict(),
        response: { 200: z.object({ items: z.array(z.object({ title: z.string(), upl: upl })) }), 400: problemSchema },
      },
    },
    async (request) => {
      const { q, municipality } = request.query;
      const found = await searchServices(ctx, { q, municipality, groupBy: 'upl', limit: 8, offset: 0 });
      if (!found.ok || found.value.groupBy !== 'upl') return { items: [] };
      return { items: found.value.items.map((p) => ({ title: p.title, upl: { name: p.uplName, uri: p.uplUri } })) };
    },
  );

  api.get(
    '/api/v1/organisations/:code/services/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Eén dienst met de volledige beschrijving',
        description: 'Alle elementen van de dienstbeschrijving (NORA AP05). Alleen gepubliceerde diensten; andere geven 404.',
        params: z.object({ code: codeParam, id: z.uuid('een UUID') }),
        response: { 200: serviceJson, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const found = await getPublicService(ctx, request.params.code.toUpperCase(), request.params.id);
      if (!found) throw notFound('Deze dienst bestaat niet of is niet gepubliceerd.', 'catalog.service_not_found');
      return serviceToJson(found);
    },
  );

  api.get(
    catalogApi.lifeEvents,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Levensgebeurtenissen',
        description:
          'Gebeurtenissen in het leven van burgers en bedrijven, elk met de diensten die erbij horen (van verschillende overheden).',
        querystring: z.object({ lang: z.enum(['nl', 'en']).default('nl') }).strict(),
        response: { 200: z.object({ items: z.array(lifeEventJson) }), 400: problemSchema },
      },
    },
    async (request) => {
      const events = shippedLifeEvents();
      const names = await productNames(
        ctx,
        events.flatMap((e) => e.steps.map((s) => s.uplUri)),
      );
      return { items: events.map((e) => lifeEventToJson(e, request.query.lang, names)) };
    },
  );

  api.get(
    `${catalogApi.lifeEvents}/:slug`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Eén levensgebeurtenis',
        params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/, 'kleine letters, cijfers en streepjes') }),
        querystring: z.object({ lang: z.enum(['nl', 'en']).default('nl') }).strict(),
        response: { 200: lifeEventJson, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const event = shippedLifeEvent(request.params.slug);
      if (!event) throw notFound('Deze levensgebeurtenis bestaat niet.', 'catalog.life_event_not_found');
      const names = await productNames(
        ctx,
        event.steps.map((s) => s.uplUri),
      );
      return lifeEventToJson(event, request.query.lang, names);
    },
  );

  const exportParams = z.object({ code: codeParam });
  api.get(
    '/api/v1/organisations/:code/exports/samenwerkende-catalogi',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Export in Samenwerkende Catalogi 4.0 (XML)',
        description: 'De gepubliceerde diensten van een organisatie als SC 4.0-XML, geldig volgens de XSD van de standaard.',
        params: exportParams,
        response: { 200: z.string().describe('application/xml'), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { items } = await exportItems(ctx, request.params.code.toUpperCase(), baseUrlOf(request));
      // The schema requires at least one product: an organisation without published services has no feed.
      if (items.length === 0) throw notFound('Deze organisatie heeft geen gepubliceerde diensten.', 'catalog.nothing_published');
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="sc-${request.params.code.toUpperCase()}.xml"`)
        .send(samenwerkendeCatalogiXml(items, { generatedAt: ctx.clock.now().toISOString(), defaultDecisionTerm: defaultDecisionTerm() }));
    },
  );

  api.get(
    '/api/v1/organisations/:code/exports/json',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Export van de dienstbeschrijvingen (JSON)',
        description: 'De gepubliceerde diensten van een organisatie met alle elementen van de beschrijving (NORA AP05).',
        params: exportParams,
        response: { 200: z.record(z.string(), z.unknown()), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const code = request.params.code.toUpperCase();
      const { items, organisation } = await exportItems(ctx, code, baseUrlOf(request));
      return reply
        .type('application/json; charset=utf-8')
        .send(catalogJsonExport(items, { generatedAt: ctx.clock.now().toISOString(), organisation }));
    },
  );
}

async function exportItems(
  ctx: ModuleContext,
  code: string,
  baseUrl: string,
): Promise<{ items: ExportItem[]; organisation: ExportItem['organisation'] }> {
  const found = await publishedServicesOf(ctx, code);
  if (!found) throw notFound(`Er is geen organisatie met code ${code}.`, 'registry.organisation_not_found');
  const o = found.organisation;
  return {
    items: found.services.map((s) => exportItem(s, baseUrl)),
    organisation: { code: o.code, name: o.name, type: o.type, tooiUri: o.tooiUri },
  };
}

function baseUrlOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}

function lifeEventToJson(e: LifeEvent, lang: 'nl' | 'en', names: ReadonlyMap<string, string>): z.infer<typeof lifeEventJson> {
  return {
    slug: e.slug,
    audience: e.audience,
    name: e.name[lang],
    summary: e.summary[lang],
    steps: e.steps.map((s) => ({ upl: { uri: s.uplUri, name: names.get(s.uplUri) ?? '' }, why: s.why[lang] })),
    _links: { self: { href: `${catalogApi.lifeEvents}/${e.slug}` }, page: { href: catalogPaths.lifeEvent(e.slug) } },
  };
}
