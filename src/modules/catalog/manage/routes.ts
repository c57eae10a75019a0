// JSON API for service designers: their organisation's services, and changing, publishing,
// retiring and reopening them. (Reading a published description is public and lives elsewhere.)
//
//   GET  /api/v1/organisations/{code}/services                     own services, paged, with what is missing
//   PUT  /api/v1/organisations/{code}/services/{id}/description    change any subset of the description
//   POST /api/v1/organisations/{code}/services/{id}/_publish       draft → published (complete only)
//   POST /api/v1/organisations/{code}/services/{id}/_retire        published → retired
//   POST /api/v1/organisations/{code}/services/{id}/_reopen        retired → draft
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/auth/model.ts';
import { principalOf, problemBody, problemSchema, type Failure, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { channelKinds, elementCodes, levelsOfAssurance, problemCodes, serviceStatuses } from '../model.ts';
import { catalogApi, catalogPaths } from '../paths.ts';
import { inputLimits } from './input.ts';
import { serviceActions } from './policy.ts';
import * as service from './service.ts';

/** Who may call these routes; the service checks that the organisation is their own. */
export const manageAccess = { roles: [...service.designerRoles] } as const satisfies Access;

const tags = ['Diensten'];

// ---------------------------------------------------------------------------------------------
// Schemas

const problem = problemSchema;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem } as const;
const link = z.object({ href: z.string() });

const dateText = 'Datum in de vorm JJJJ-MM-DD.';
const codeParam = z
  .string()
  .regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('Code van uw eigen organisatie, zoals GM0363');
const serviceParams = z.object({
  code: codeParam,
  id: z.string().max(64).describe('De id van de dienst (een UUID); een onbekende id of een dienst van een andere organisatie geeft 404'),
});

const legalBasisJson = z.object({
  uri: z.string().nullable().describe('OWMS-URI van de grondslag, of null'),
  label: z.string().describe('De grondslag in woorden, zoals "Artikel 26 Paspoortwet"'),
  link: z.string().nullable().describe('Link naar het artikel op wetten.overheid.nl, of null'),
});
const costJson = z.object({
  label: z.string().describe('Waarvoor het bedrag is'),
  amountCents: z.number().int().describe('Bedrag in eurocenten (12,50 euro is 1250)'),
  validFrom: z.string().describe(`Geldt vanaf (${dateText})`),
  validUntil: z.string().nullable().describe(`Geldt tot en met (${dateText}), of null: geen einde`),
});
const channelJson = z.object({
  kind: z.enum(channelKinds),
  address: z.string().describe('Webadres, bezoekadres, telefoonnummer of e-mailadres'),
  label: z.string().nullable(),
});
const serviceLevelJson = z.object({
  norm: z.string().describe('Wat de organisatie belooft, zoals "Besluit binnen 4 weken"'),
  indicator: z.string().nullable().describe('Waaraan het wordt gemeten, zoals lead_time_days'),
  target: z.number().nullable(),
});
const audienceJson = z.object({ citizen: z.boolean(), business: z.boolean() });
const kindsJson = z.object({ application: z.boolean(), subsidy: z.boolean(), notification: z.boolean(), obligation: z.boolean() });

const descriptionJson = z
  .object({
    version: z.number().int().describe('Gaat met één omhoog bij elke wijziging; stuur hem mee als u de beschrijving wijzigt'),
    result: z.string().nullable().describe('Wat de klant krijgt (AP05 2)'),
    responsibleOrganisationCode: z.string().nullable().describe('De ene verantwoordelijke organisatie (AP05 3, AP27)'),
    legalBases: z.array(legalBasisJson).describe('Wettelijke grondslagen (AP05 4)'),
    costs: z.array(costJson).nullable().describe('Kosten (AP05 5): null is nog niet ingevuld, een lege lijst is gratis'),
    conditions: z.string().nullable().describe('Voorwaarden en wie in aanmerking komt (AP05 5 en 8)'),
    requirements: z.string().nullable().describe('Wat de klant moet meenemen of opsturen (AP05 8)'),
    channels: z.array(channelJson).describe('Hoe de klant de dienst aanvraagt (AP05 6)'),
    levelOfAssurance: z.enum(levelsOfAssurance).nullable().describe('Vereist betrouwbaarheidsniveau van het inloggen (AP05 7)'),
    statutoryDecisionTermWeeks: z
      .number()
      .int()
      .nullable()
      .describe('Wettelijke beslistermijn in weken; null: geen, dan geldt de Awb (4:13 lid 2: uiterlijk 8 weken)'),
    silenceConsentApplies: z.boolean().describe('Beschikking van rechtswege (Awb §4.1.3.3)'),
    dwangsomApplies: z.boolean().describe('Dwangsom bij niet tijdig beslissen (Awb §4.1.3.2); niet samen met beschikking van rechtswege'),
    mandatable: z.boolean().nullable().describe('Kan iemand de klant machtigen? null: nog niet bepaald'),
    objectionAndAppeal: z.string().nullable().describe('Hoe de klant bezwaar maakt en in beroep gaat'),
    contact: z.string().nullable(),
    serviceLevels: z.array(serviceLevelJson).describe('Servicenormen (AP05 9 en 10)'),
    audience: audienceJson,
    kinds: kindsJson.describe('Soort product volgens de UPL (niet te wijzigen)'),
  })
  .meta({ id: 'ManagedServiceDescription' });

const completenessJson = z
  .object({
    complete: z.boolean(),
    missing: z.array(z.enum(elementCodes)).describe('AP05-elementen die nog niet zijn ingevuld'),
    problems: z.array(z.enum(problemCodes)).describe('Elementen die wel zijn ingevuld, maar niet goed'),
  })
  .meta({ id: 'DescriptionCompleteness' });

const managedServiceJson = z
  .object({
    id: z.string(),
    organisationCode: z.string(),
    title: z.string(),
    uplUri: z.string(),
    uplName: z.string().nullable(),
    status: z.enum(serviceStatuses).describe('draft (concept), published (gepubliceerd) of retired (ingetrokken)'),
    localText: z.string().nullable().describe('De eigen tekst van de organisatie (markdown)'),
    description: descriptionJson,
    completeness: completenessJson,
    actions: z.array(z.enum(serviceActions)).describe('Wat in deze status kan: publish, retire, reopen'),
    _links: z.object({ self: link, page: link, manage: link }),
  })
  .meta({ id: 'ManagedService' });

const updatedJson = managedServiceJson
  .extend({
    changed: z.array(z.enum(service.editableFields)).describe('De velden die deze wijziging veranderde; leeg: er veranderde niets'),
  })
  .meta({ id: 'ManagedServiceUpdated' });

const listItemJson = z
  .object({
    id: z.string(),
    title: z.string(),
    uplUri: z.string(),
    uplName: z.string().nullable(),
    status: z.enum(serviceStatuses),
    version: z.number().int(),
    complete: z.boolean(),
    missing: z.array(z.enum(elementCodes)),
    missingCount: z.number().int(),
    problems: z.array(z.enum(problemCodes)),
    _links: z.object({ self: link, manage: link }),
  })
  .meta({ id: 'ManagedServiceSummary' });

const listJson = z.object({
  items: z.array(listItemJson),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
});

const listQuery = z.object({
  q: z.string().trim().max(100).optional().describe('Woorden uit de titel (hoofdletters en accenten tellen niet)'),
  status: z.enum(serviceStatuses).optional(),
  completeness: z.enum(service.completenessFilters).optional().describe('complete: niets ontbreekt; incomplete: er ontbreekt iets'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const text = (max: number) => z.string().max(max).nullable().optional();
const changeInput = z
  .object({
    version: z
      .number()
      .int()
      .min(1)
      .describe(
        'Verplicht. De versie van de beschrijving waarop u de wijziging maakt (description.version). ' +
          'Is de beschrijving intussen gewijzigd, dan is het antwoord 409 catalog.version_conflict. (Een If-Match-header wordt niet gebruikt.)',
      ),
    result: text(inputLimits.text),
    responsibleOrganisationCode: z.string().nullable().optional().describe('Precies één organisatiecode uit het register (AP27)'),
    legalBases: z
      .array(z.object({ uri: z.string().nullable().optional(), label: z.string(), link: z.string().nullable().optional() }))
      .max(inputLimits.legalBases)
      .optional(),
    costs: z
      .array(
        z.object({
          label: z.string(),
          amountCents: z.number().int().min(0),
          validFrom: z.iso.date(),
          validUntil: z.iso.date().nullable().optional().describe('Op of na validFrom'),
        }),
      )
      .max(inputLimits.costs)
      .nullable()
      .optional()
      .describe('null: nog niet ingevuld; []: gratis'),
    conditions: text(inputLimits.longText),
    requirements: text(inputLimits.longText),
    channels: z
      .array(z.object({ kind: z.enum(channelKinds), address: z.string(), label: z.string().nullable().optional() }))
      .max(inputLimits.channels)
      .optional(),
    levelOfAssurance: z.enum(levelsOfAssurance).nullable().optional(),
    statutoryDecisionTermWeeks: z.number().int().min(1).max(inputLimits.maxDecisionTermWeeks).nullable().optional(),
    silenceConsentApplies: z.boolean().optional(),
    dwangsomApplies: z.boolean().optional(),
    mandatable: z.boolean().nullable().optional(),
    objectionAndAppeal: text(inputLimits.longText),
    contact: text(inputLimits.text),
    serviceLevels: z
      .array(z.object({ norm: z.string(), indicator: z.string().nullable().optional(), target: z.number().min(0).nullable().optional() }))
      .max(inputLimits.serviceLevels)
      .optional(),
    audience: z.object({ citizen: z.boolean().optional(), business: z.boolean().optional() }).optional(),
    localText: text(inputLimits.localText).describe('De eigen tekst van de organisatie (markdown)'),
  })
  .strict()
  .meta({ id: 'ServiceDescriptionChange' });

/** Lets the body through to the service, which checks it in full (every field, a code per field); other parts zod checks as usual. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

// ---------------------------------------------------------------------------------------------
// Answers

/** A refusal as problem+json; field names as the API shows them (`body.costs.0.amountCents`), and for an incomplete description the members `missing` and `problems`. */
function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure, part: 'body' | 'params' | 'query'): FastifyReply {
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  const body = {
    ...problemBody(invalidParams ? { ...failure, invalidParams } : failure, request.url.split('?')[0] ?? '', request.id),
    ...service.incompleteDetails(failure),
  };
  return reply.code(failure.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

function managedJson(s: service.ServiceForEditing): z.input<typeof managedServiceJson> {
  const { service: svc, description: d } = s;
  const { organisationCode: _org, serviceId: _id, ...description } = d;
  return {
    id: svc.id,
    organisationCode: svc.organisationCode,
    title: svc.title,
    uplUri: svc.uplUri,
    uplName: s.product?.name ?? null,
    status: svc.status,
    localText: svc.localText,
    description,
    completeness: s.completeness,
    actions: s.actions,
    _links: {
      self: { href: catalogApi.service(svc.organisationCode, svc.id) },
      page: { href: catalogPaths.service(svc.organisationCode, svc.id) },
      manage: { href: catalogPaths.manageService(svc.id) },
    },
  };
}

const origin = (request: FastifyRequest<{ Params: { code: string } }>): service.ManageOrigin => ({
  requestId: request.id,
  organisationCode: request.params.code,
});

// ---------------------------------------------------------------------------------------------
// Routes

export function registerManageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/organisations/:code/services',
    {
      config: { access: manageAccess },
      schema: {
        tags,
        summary: 'De diensten van uw organisatie, met wat er nog ontbreekt',
        description:
          'Voor dienstontwerpers van de organisatie zelf (een andere organisatie geeft 403): alle diensten op titel, ' +
          'met per dienst de AP05-elementen die nog ontbreken. Filter op status, op compleet of niet, en zoek op woorden uit de titel.',
        params: z.object({ code: codeParam }),
        querystring: listQuery,
        response: { 200: listJson, ...problems },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const listed = await service.listOwnServices(
        ctx,
        principalOf(request),
        { q: q.q || undefined, status: q.status, completeness: q.completeness, page: q.page, pageSize: q.pageSize },
        origin(request),
      );
      if (!listed.ok) return sendFailure(request, reply, listed.failure, 'params');
      const { items, total, organisationCode } = listed.value;
      const page = (n: number) => {
        const params = new URLSearchParams();
        if (q.q) params.set('q', q.q);
        if (q.status) params.set('status', q.status);
        if (q.completeness) params.set('completeness', q.completeness);
        params.set('page', String(n));
        params.set('pageSize', String(q.pageSize));
        return { href: `${catalogApi.organisationServices(organisationCode)}?${params.toString()}` };
      };
      return {
        items: items.map((i) => ({
          id: i.id,
          title: i.title,
          uplUri: i.uplUri,
          uplName: i.uplName,
          status: i.status,
          version: i.version,
          complete: i.complete,
          missing: i.missing,
          missingCount: i.missingCount,
          problems: i.problems,
          _links: { self: { href: catalogApi.service(organisationCode, i.id) }, manage: { href: catalogPaths.manageService(i.id) } },
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
        _links: {
          self: page(q.page),
          ...(q.page * q.pageSize < total ? { next: page(q.page + 1) } : {}),
          ...(q.page > 1 ? { prev: page(q.page - 1) } : {}),
        },
      };
    },
  );

  r.put(
    '/api/v1/organisations/:code/services/:id/description',
    {
      config: { access: manageAccess },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'De beschrijving van een dienst wijzigen',
        description:
          'Wijzig elk deel van de AP05-beschrijving en de eigen tekst; velden die u niet meestuurt blijven zoals ze zijn. ' +
          'Stuur in `version` de versie waarop u de wijziging maakt; is die intussen gewijzigd, dan is het antwoord 409 catalog.version_conflict. ' +
          'Een 400 noemt elk ongeldig veld met een eigen code. De verantwoordelijke organisatie moet in het register staan (precies één, AP27). ' +
          'Een gepubliceerde dienst blijft compleet: een wijziging die iets weglaat geeft 409 catalog.description_incomplete met de lijst `missing`.',
        params: serviceParams,
        body: changeInput,
        response: { 200: updatedJson, ...problems, 409: problem },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      const { version, ...changes } = isRecord(body) ? body : { version: undefined };
      const updated = await service.updateDescription(
        ctx,
        principalOf(request),
        request.params.id,
        isRecord(body) ? changes : body,
        version,
        origin(request),
      );
      if (!updated.ok) return sendFailure(request, reply, updated.failure, 'body');
      return { ...managedJson(updated.value), changed: updated.value.changed };
    },
  );

  const transitions: { path: string; run: typeof service.publishService; summary: string; description: string }[] = [
    {
      path: '_publish',
      run: service.publishService,
      summary: 'Een dienst publiceren',
      description:
        'Van concept naar gepubliceerd. Alleen als de beschrijving compleet is; anders 409 catalog.description_incomplete met de ontbrekende elementen in `missing` en de fouten in `problems`.',
    },
    {
      path: '_retire',
      run: service.retireService,
      summary: 'Een dienst intrekken',
      description: 'Van gepubliceerd naar ingetrokken: de dienst staat niet meer in de openbare catalogus.',
    },
    {
      path: '_reopen',
      run: service.reopenService,
      summary: 'Een ingetrokken dienst heropenen',
      description: 'Van ingetrokken naar concept, om hem te bewerken en opnieuw te publiceren.',
    },
  ];
  for (const t of transitions) {
    r.post(
      `/api/v1/organisations/:code/services/:id/${t.path}`,
      {
        config: { access: manageAccess },
        schema: {
          tags,
          summary: t.summary,
          description: `${t.description} Een status waarin dit niet kan geeft 409 catalog.invalid_transition.`,
          params: serviceParams,
          response: { 200: managedServiceJson, ...problems, 409: problem },
        },
      },
      async (request, reply) => {
        const done = await t.run(ctx, principalOf(request), request.params.id, origin(request));
        if (!done.ok) return sendFailure(request, reply, done.failure, 'params');
        return managedJson(done.value);
      },
    );
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
