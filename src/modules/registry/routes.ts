// JSON API of the organisation register: /api/v1/organisations.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { httpFailures, problemSchema, ProblemError, reusableResponse, type ZodTypeProvider } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { organisationQuerySchema, organisationTypes, type Organisation } from './model.ts';
import * as service from './service.ts';

const base = '/api/v1/organisations';

const link = z.object({ href: z.string() });
const organisationJson = z
  .object({
    id: z.uuid(),
    code: z.string().describe('CBS-code (GM0363, PV27) of een vaste code (MIN-BZK, UWV)'),
    name: z.string(),
    type: z.enum(organisationTypes),
    abbreviation: z.string().nullable(),
    tooiUri: z.string().nullable().describe('TOOI-identificatie (identifier.overheid.nl), waar bekend'),
    parentCode: z.string().nullable(),
    safetyRegion: z.string().nullable(),
    theme: z.string().describe("het NL Design System-thema van de pagina's van deze organisatie"),
    _links: z.object({ self: link }),
  })
  .meta({ id: 'Organisation' });

const problem = problemSchema;

const organisationList = z.object({
  items: z.array(organisationJson),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
});

type OrganisationList = z.input<typeof organisationList>;

// The body of each page, built once. While the register is unchanged, the service hands out the
// same frozen page object for the same query (service.ts), and the body depends on nothing else.
// As a reusable response its JSON is written once too (platform/http/serializer.ts). An entry goes
// when the service lets go of its page.
const bodies = new WeakMap<service.OrganisationPage, OrganisationList>();

const toJson = (o: Organisation): z.infer<typeof organisationJson> => ({ ...o, _links: { self: { href: `${base}/${o.code}` } } });

export function registerOrganisationRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    base,
    {
      config: { access: 'public' },
      schema: {
        tags: ['Organisaties'],
        summary: 'Overheidsorganisaties zoeken',
        description:
          'Gemeenten, provincies, ministeries en uitvoeringsorganisaties, op naam gesorteerd. Filter op soort en zoek op (een deel van) de naam.',
        querystring: organisationQuerySchema,
        response: {
          200: organisationList,
          400: problem,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const found = await service.listOrganisations(ctx, query);
      const kept = bodies.get(found);
      if (kept) return kept;
      const { items, total } = found;
      const page = (offset: number): { href: string } => {
        const params = new URLSearchParams();
        if (query.q) params.set('q', query.q);
        if (query.type) params.set('type', query.type);
        params.set('limit', String(query.limit));
        params.set('offset', String(offset));
        return { href: `${base}?${params.toString()}` };
      };
      const body = reusableResponse({
        items: items.map(toJson),
        total,
        limit: query.limit,
        offset: query.offset,
        _links: {
          self: page(query.offset),
          ...(query.offset + query.limit < total ? { next: page(query.offset + query.limit) } : {}),
          ...(query.offset > 0 ? { prev: page(Math.max(0, query.offset - query.limit)) } : {}),
        },
      });
      bodies.set(found, body);
      return body;
    },
  );
  api.get(
    `${base}/:code`,
    {
      config: { access: 'public' },
      schema: {
        tags: ['Organisaties'],
        summary: 'Eén overheidsorganisatie',
        params: z.object({ code: z.string().regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes') }),
        response: { 200: organisationJson, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const found = await service.getOrganisation(ctx, request.params.code.toUpperCase());
      if (!found)
        throw new ProblemError({
          ...httpFailures.notFound(`Er is geen organisatie met code ${request.params.code}.`),
          code: 'registry.organisation_not_found',
        });
      return toJson(found);
    },
  );
}
