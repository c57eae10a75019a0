// mandates: the JSON API of mandates and of acting for someone else (capability 8).
//
// For citizens and businesses: "Mijn machtigingen" (both directions, legal representation and the
// businesses they represent), granting a mandate, one mandate and its steps (sign, accept, decline,
// end), for whom they may act and the switch "act for …", and the engine's answer to "may I do this
// for that subject?". For officials: the help-desk view of a person's or business's mandates (in
// the processing log). For everyone: an organisation's service sets; its service designers keep them.
//
// zod checks the shape of every part (unknown parameters and fields give 400); the service checks
// the rest and answers with stable codes `mandates.*`. A mandate someone is not a side of is answered
// as unknown (404). Answers never tell whether a BSN exists or its person died: to whoever has no
// relation with a subject, an unknown or ended subject looks the same as any other (mandates.no_relation).
//
// NL API Design Rules: a BSN is personal data and does not belong in a URI (/core/transport/no-sensitive-uris,
// API-58). So the official's lookup is POST …/_lookup with the number in the body, and the check has
// a POST …/_check next to the GET with query parameters that was asked for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { levelsOfAssurance, type Access } from '../../platform/auth/model.ts';
import {
  httpFailures,
  principalOf,
  problemSchema,
  ProblemError,
  type Failure,
  type InvalidParam,
  type Result,
  type ZodTypeProvider,
} from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { traceOf } from '../../platform/processing-log/index.ts';
import {
  actions,
  denyReasons,
  mandateStatuses,
  partyKinds,
  type Action,
  type Basis,
  type MandateEvent,
  type MandateStanding,
  type Party,
} from './model.ts';
import {
  actingOptions,
  changeMandate,
  chooseActingFor,
  currentSubjectOf,
  decide,
  denyTexts,
  getMandate,
  grantMandate,
  listServiceSets,
  lookupForOfficial,
  lookupRoles,
  mandatesFailures,
  myOverview,
  saveServiceSet,
  serviceFactsOf,
  serviceSetRoles,
  type ActingOption,
  type MandateView,
  type Origin,
  type Overview,
  type RepresentationView,
} from './service.ts';
import type { ServiceSet } from './store.ts';

const tags = ['Machtigingen'];

/** Where the API of mandates lives. */
export const mandateApi = {
  mandates: '/api/v1/mandates',
  mandate: (id: string): string => `/api/v1/mandates/${id}`,
  step: (id: string, step: MandateStep): string => `/api/v1/mandates/${id}/${step}`,
  actingOptions: '/api/v1/mandates/acting-options',
  actingFor: '/api/v1/mandates/acting-for',
  check: '/api/v1/mandates/check',
  checkAction: '/api/v1/mandates/_check',
  lookup: '/api/v1/mandates/_lookup',
  serviceSets: (organisationCode: string): string => `/api/v1/organisations/${organisationCode}/service-sets`,
  serviceSet: (organisationCode: string, setId: string): string => `/api/v1/organisations/${organisationCode}/service-sets/${setId}`,
} as const;

/** Who may call what; the service checks the rest (a side of the mandate, a relation with the subject, the own organisation). */
export const mandateAccess = {
  party: { kinds: ['person', 'business'] },
  lookup: { roles: [...lookupRoles] },
  serviceSets: { roles: [...serviceSetRoles] },
} as const satisfies Record<string, Access>;

/** The steps on a mandate (POST /api/v1/mandates/{id}/{step}) and the event each is. */
export const mandateSteps = { _sign: 'sign', _accept: 'accept', _decline: 'decline', _end: 'end' } as const satisfies Record<
  string,
  MandateEvent
>;
export type MandateStep = keyof typeof mandateSteps;

// ---------------------------------------------------------------------------------------------
// Schemas: input

const BSN = /^\d{9}$/;
const KVK = /^\d{8}$/;

const organisationCode = z
  .string()
  .regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('De code van de organisatie, zoals GM0363');
const setId = z
  .string()
  .max(60, 'hoogstens 60 tekens')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kleine letters, cijfers en streepjes')
  .describe('De korte naam van de dienstenset, zoals parkeren');
const mandateParams = z.object({ id: z.uuid('een UUID').describe('Het id van de machtiging') }).strict();
const organisationParams = z.object({ code: organisationCode }).strict();
const serviceSetParams = z.object({ code: organisationCode, setId }).strict();
const noQuery = z.object({}).strict();
const partyId = z.string().max(64).describe('BSN (9 cijfers) of KVK-nummer (8 cijfers)');
const partyKind = z.enum(partyKinds).describe('person: een persoon (BSN); business: een onderneming (KVK-nummer)');
const action = z
  .enum(actions)
  .describe(
    'view: zaken inzien; apply: aanvragen; read_case: een zaak lezen; respond: reageren; object: bezwaar maken; manage_mandates: machtigingen regelen',
  );

const isoDate = z.iso.date('een datum als JJJJ-MM-DD');
const grantBody = z
  .object({
    mandatary: z
      .discriminatedUnion('kind', [
        z
          .object({
            kind: z.literal('person'),
            bsn: z.string().describe('Het BSN van wie u machtigt'),
            surname: z.string().describe('De achternaam, als controle: een tikfout in het BSN bereikt zo niemand'),
          })
          .strict(),
        z
          .object({ kind: z.literal('business'), kvkNumber: z.string().describe('Het KVK-nummer van de onderneming die u machtigt') })
          .strict(),
      ])
      .describe('Wie u machtigt: een persoon of een onderneming (bijvoorbeeld een boekhouder of intermediair)'),
    scope: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('service'), organisationCode: z.string(), serviceId: z.uuid() }).strict(),
        z.object({ kind: z.literal('product'), uplUri: z.string().describe('Een product uit de Uniforme Productnamenlijst') }).strict(),
        z.object({ kind: z.literal('service_set'), organisationCode: z.string(), setId: z.string() }).strict(),
      ])
      .describe('Waarvoor: één dienst van één organisatie, een product bij elke organisatie, of een dienstenset van een organisatie'),
    validFrom: isoDate.optional().describe('De eerste dag; standaard vandaag. Niet in het verleden.'),
    validUntil: isoDate.describe('De laatste dag (hoogstens 5 jaar na de eerste)'),
    minLoa: z
      .enum(levelsOfAssurance)
      .nullable()
      .optional()
      .describe('Het laagste inlogniveau van de gemachtigde; nooit lager dan wat de dienst vraagt'),
  })
  .strict()
  .meta({ id: 'NewMandate' });

const actingForBody = z
  .union([z.object({ kind: partyKind, id: partyId }).strict(), z.object({}).strict(), z.null()])
  .describe('Voor wie u gaat handelen; null of {} om weer voor uzelf te handelen')
  .meta({ id: 'ActingForChoice' });

const checkQuery = z
  .object({
    subjectKind: partyKind.optional().describe('Voor wie; zonder subjectKind en subjectId: voor wie u nu handelt, of uzelf'),
    subjectId: partyId.optional(),
    action,
    organisationCode: organisationCode.optional().describe('De organisatie van de dienst (samen met serviceId)'),
    serviceId: z.uuid('een UUID').optional().describe('De dienst (samen met organisationCode); zonder dienst: in het algemeen'),
  })
  .strict();
const checkBody = z
  .object({
    subject: z
      .object({ kind: partyKind, id: partyId })
      .strict()
      .optional()
      .describe('Voor wie; zonder subject: voor wie u nu handelt, of uzelf'),
    action,
    service: z
      .object({ organisationCode, serviceId: z.uuid('een UUID') })
      .strict()
      .optional()
      .describe('De dienst; zonder dienst: in het algemeen'),
  })
  .strict()
  .meta({ id: 'MandateCheckRequest' });

const lookupBody = z
  .object({
    bsn: z.string().max(64).optional().describe('Het BSN van de persoon (of kvkNumber, niet allebei)'),
    kvkNumber: z.string().max(64).optional().describe('Het KVK-nummer van de onderneming (of bsn, niet allebei)'),
  })
  .strict()
  .meta({ id: 'MandateLookup' });

const serviceSetBody = z
  .object({
    name: z
      .object({
        nl: z.string().max(200).describe('De naam in het Nederlands'),
        en: z.string().max(200).optional().describe('De naam in het Engels; standaard de Nederlandse'),
      })
      .strict(),
    serviceIds: z.array(z.string().max(64)).max(500).describe('De gepubliceerde diensten van de organisatie in de set'),
  })
  .strict()
  .meta({ id: 'ServiceSetChange' });

/** Lets the body through to the service, which checks it in full with a code per field; the rest zod checks as usual. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/** Steps without input take no body (or an empty object); anything else is refused like an unknown field. */
function expectNoInput(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw new ProblemError(
    httpFailures.invalid([{ name: 'body', code: 'unrecognized_keys', reason: 'Deze stap heeft geen invoer: stuur geen inhoud, of {}.' }]),
  );
}

// ---------------------------------------------------------------------------------------------
// Schemas: output

const link = z.object({ href: z.string() });
const date = z.string().describe('Datum als JJJJ-MM-DD (Europe/Amsterdam)');
const instant = z.string().describe('Tijdstip (ISO 8601, UTC)');
const loa = z.enum(levelsOfAssurance);
const partyJson = z.object({ kind: z.enum(partyKinds), id: z.string().describe('BSN of KVK-nummer') });
const namedPartyJson = partyJson.extend({ name: z.string() });
const standings = ['in_force', 'not_accepted', 'declined', 'ended', 'expired', 'not_started'] as const satisfies readonly MandateStanding[];
const legalBases = ['gezag', 'curatele', 'beschermingsbewind', 'mentorschap'] as const;
const authorities = ['sole', 'joint', 'limited'] as const;

const scopeJson = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('service'), organisationCode: z.string(), serviceId: z.string() }),
    z.object({ kind: z.literal('product'), uplUri: z.string() }),
    z.object({ kind: z.literal('service_set'), organisationCode: z.string(), setId: z.string() }),
  ])
  .describe('Waarvoor de machtiging geldt');

export const mandateJson = z
  .object({
    id: z.string(),
    mandator: namedPartyJson.describe('Wie machtigt (de machtiginggever)'),
    mandatary: namedPartyJson.describe('Wie gemachtigd is'),
    scope: scopeJson,
    scopeTitle: z.string().describe('De naam van de dienst, het product of de dienstenset'),
    validFrom: date,
    validUntil: date.describe('De laatste dag waarop de machtiging geldt'),
    minLoa: loa.describe('Het laagste inlogniveau waarmee de gemachtigde handelt'),
    status: z
      .enum(mandateStatuses)
      .describe('awaiting_signature: wacht op een tweede bevoegde; awaiting_acceptance: wacht op de gemachtigde; active; declined; ended'),
    standing: z
      .enum(standings)
      .describe(
        'Of de machtiging vandaag geldt (in_force), of waarom niet: nog niet geaccepteerd, geweigerd, beëindigd, verlopen, nog niet begonnen',
      ),
    createdAt: instant,
    acceptedAt: instant.nullable(),
    endedAt: instant.nullable(),
    endedBy: partyJson.nullable().describe('Welke kant de machtiging beëindigde'),
    may: z
      .object({ sign: z.boolean(), accept: z.boolean(), decline: z.boolean(), end: z.boolean() })
      .describe('Wat u nu met de machtiging kunt doen'),
    _links: z.object({
      self: link,
      sign: link.optional(),
      accept: link.optional(),
      decline: link.optional(),
      end: link.optional(),
    }),
  })
  .meta({ id: 'Mandate' });

const representationJson = z
  .object({
    bsn: z
      .string()
      .nullable()
      .describe('Het BSN; van een vertegenwoordiger alleen in het overzicht voor medewerkers (voor wie u vertegenwoordigt: altijd)'),
    name: z.string(),
    basis: z.enum(legalBases).describe('Grondslag: gezag (ouder of voogd), curatele, beschermingsbewind of mentorschap'),
    covers: z.array(z.enum(['financial', 'personal'])).describe('Waarvoor: geldzaken (financial), persoonlijke en zorgzaken (personal)'),
    validFrom: date,
    validTo: date.nullable().describe('De eerste dag waarop het niet meer geldt (bij gezag uiterlijk de 18e verjaardag)'),
  })
  .meta({ id: 'MandateRepresentation' });

export const overviewJson = z
  .object({
    subject: namedPartyJson.describe('Over wie het overzicht gaat: uzelf, of voor wie u nu handelt'),
    granted: z.array(mandateJson).describe('Machtigingen die gegeven zijn: wie voor deze persoon of onderneming mag handelen'),
    received: z.array(mandateJson).describe('Machtigingen die ontvangen zijn: voor wie deze persoon of onderneming mag handelen'),
    representedBy: z.array(representationJson).describe('Wie deze persoon vandaag wettelijk vertegenwoordigt'),
    represents: z.array(representationJson).describe('Wie deze persoon vandaag wettelijk vertegenwoordigt (andersom)'),
    businesses: z
      .array(
        z.object({
          kvkNumber: z.string(),
          name: z.string(),
          role: z.string(),
          authority: z.enum(authorities).describe('Zelfstandig, gezamenlijk of beperkt bevoegd'),
        }),
      )
      .describe('De ondernemingen die deze persoon volgens het Handelsregister vandaag vertegenwoordigt'),
    _links: z.object({ self: link }),
  })
  .meta({ id: 'MandateOverview' });

const actingForJson = z
  .object({ actingFor: namedPartyJson.nullable().describe('Voor wie u nu handelt; null: voor uzelf') })
  .meta({ id: 'ActingFor' });

const actingOptionJson = z.object({
  party: partyJson,
  name: z.string(),
  basis: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('self') }),
      z.object({ kind: z.literal('legal'), basis: z.enum(legalBases) }),
      z.object({ kind: z.literal('functionary'), role: z.string() }),
      z.object({ kind: z.literal('mandate'), scopes: z.array(z.string()).describe('Waarvoor de machtigingen gelden') }),
    ])
    .describe('Op grond waarvan: uzelf, wettelijke vertegenwoordiging, functie in het Handelsregister, of machtigingen'),
});
const actingOptionsJson = z
  .object({ items: z.array(actingOptionJson), _links: z.object({ self: link, actingFor: link }) })
  .meta({ id: 'ActingOptions' });

const chainLinkJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mandate'), mandateId: z.string(), mandator: partyJson, mandatary: partyJson }),
  z.object({ kind: z.literal('functionary'), kvkNumber: z.string(), role: z.string(), authority: z.enum(authorities) }),
]);
const basisJson = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('self') }),
    z.object({ kind: z.literal('legal'), basis: z.enum(legalBases), validTo: date.nullable() }),
    z.object({ kind: z.literal('functionary'), kvkNumber: z.string(), role: z.string(), authority: z.enum(authorities) }),
    z.object({ kind: z.literal('mandate'), chain: z.array(chainLinkJson).describe('De keten: de machtiging van het subject eerst') }),
  ])
  .describe('Op grond waarvan het mag');

export const checkJson = z
  .object({
    subject: partyJson,
    action: z.enum(actions),
    allow: z.boolean(),
    reason: z.enum(denyReasons).optional().describe('Waarom niet (alleen als allow false is)'),
    reasonText: z.object({ nl: z.string(), en: z.string() }).optional().describe('De reden in gewone taal'),
    mandateId: z.string().optional().describe('De machtiging die het bijna toeliet, als die er is'),
    basis: basisJson.optional().describe('Op grond waarvan het mag (alleen als allow true is)'),
    requiredLoa: loa.nullable().describe('Het inlogniveau dat hiervoor nodig is; null als de weigering er geen noemt'),
  })
  .meta({ id: 'MandateCheck' });

export const serviceSetJson = z
  .object({
    organisationCode: z.string(),
    id: z.string(),
    name: z.object({ nl: z.string(), en: z.string() }),
    serviceIds: z.array(z.string()),
    createdAt: instant,
    _links: z.object({ self: link }),
  })
  .meta({ id: 'ServiceSet' });
const serviceSetListJson = z.object({ items: z.array(serviceSetJson), _links: z.object({ self: link }) }).meta({ id: 'ServiceSetList' });

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;

// ---------------------------------------------------------------------------------------------
// Answers

function mandateToJson(v: MandateView): z.infer<typeof mandateJson> {
  const m = v.mandate;
  const stepLinks = Object.fromEntries(
    (Object.entries(mandateSteps) as [MandateStep, MandateEvent][])
      .filter(([, event]) => v.may[event])
      .map(([step, event]) => [event, { href: mandateApi.step(m.id, step) }]),
  );
  return {
    id: m.id,
    mandator: { kind: m.mandator.kind, id: m.mandator.id, name: v.mandatorName },
    mandatary: { kind: m.mandatary.kind, id: m.mandatary.id, name: v.mandataryName },
    scope: { ...m.scope },
    scopeTitle: v.scopeTitle,
    validFrom: m.validFrom,
    validUntil: m.validUntil,
    minLoa: m.minLoa,
    status: m.status,
    standing: v.standing,
    createdAt: m.createdAt,
    acceptedAt: m.acceptedAt,
    endedAt: m.endedAt,
    endedBy: m.endedBy ? { kind: m.endedBy.kind, id: m.endedBy.id } : null,
    may: { ...v.may },
    _links: { self: { href: mandateApi.mandate(m.id) }, ...stepLinks },
  };
}

function representationToJson(r: RepresentationView, showBsn: boolean): z.infer<typeof representationJson> {
  return {
    bsn: showBsn ? r.party.id : null,
    name: r.name,
    basis: r.basis,
    covers: [...r.covers],
    validFrom: r.validFrom,
    validTo: r.validTo,
  };
}

/** The overview; `forOfficial`: also the BSNs of the representatives (as the registry shows them to officials). */
function overviewToJson(o: Overview, self: string, forOfficial: boolean): z.infer<typeof overviewJson> {
  return {
    subject: { kind: o.subject.kind, id: o.subject.id, name: o.subjectName },
    granted: o.granted.map(mandateToJson),
    received: o.received.map(mandateToJson),
    representedBy: o.representedBy.map((r) => representationToJson(r, forOfficial)),
    represents: o.represents.map((r) => representationToJson(r, true)),
    businesses: o.businesses.map((b) => ({ kvkNumber: b.kvkNumber, name: b.name, role: b.role, authority: b.authority })),
    _links: { self: { href: self } },
  };
}

function optionToJson(o: ActingOption): z.infer<typeof actingOptionJson> {
  const b = o.basis;
  return {
    party: { kind: o.party.kind, id: o.party.id },
    name: o.name,
    basis:
      b.kind === 'self'
        ? { kind: 'self' }
        : b.kind === 'legal'
          ? { kind: 'legal', basis: b.basis }
          : b.kind === 'functionary'
            ? { kind: 'functionary', role: b.role }
            : { kind: 'mandate', scopes: [...b.scopes] },
  };
}

function basisToJson(b: Basis): z.infer<typeof basisJson> {
  switch (b.kind) {
    case 'self':
      return { kind: 'self' };
    case 'legal':
      return { kind: 'legal', basis: b.basis, validTo: b.validTo };
    case 'functionary':
      return { kind: 'functionary', kvkNumber: b.kvkNumber, role: b.role, authority: b.authority };
    case 'mandate':
      return {
        kind: 'mandate',
        chain: b.chain.map((l) =>
          l.kind === 'mandate'
            ? {
                kind: 'mandate' as const,
                mandateId: l.mandateId,
                mandator: { kind: l.mandator.kind, id: l.mandator.id },
                mandatary: { kind: l.mandatary.kind, id: l.mandatary.id },
              }
            : { kind: 'functionary' as const, kvkNumber: l.kvkNumber, role: l.role, authority: l.authority },
        ),
      };
  }
}

function serviceSetToJson(s: ServiceSet): z.infer<typeof serviceSetJson> {
  return {
    organisationCode: s.organisationCode,
    id: s.id,
    name: { nl: s.name.nl, en: s.name.en },
    serviceIds: [...s.serviceIds],
    createdAt: s.createdAt,
    _links: { self: { href: mandateApi.serviceSet(s.organisationCode, s.id) } },
  };
}

type Part = 'params' | 'body' | 'query';

/**
 * Failures that would tell someone without a relation whether a BSN or KVK number exists, or
 * whether its person died or its business ended: answered as "no relation", like any other subject.
 */
const subjectFactCodes = new Set(['mandates.unknown_subject', 'mandates.subject_ended']);

/** A failure of the service as a problem, with field names as the API shows them (`body.mandatary.bsn`). */
function problemFrom(failure: Failure, part: Part): ProblemError {
  if (subjectFactCodes.has(failure.code)) return new ProblemError(mandatesFailures.notAllowed('no_relation'));
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  return new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function valueOf<T>(result: Result<T>, part: Part): T {
  if (!result.ok) throw problemFrom(result.failure, part);
  return result.value;
}

const originOf = (request: FastifyRequest): Origin => ({ trace: traceOf(request), requestId: request.id });

/** A BSN for a person, a KVK number for a business (format only), or the invalid parameter. */
function subjectProblem(kind: Party['kind'], id: string, name: string): InvalidParam | null {
  if (kind === 'person')
    return BSN.test(id) ? null : { name, code: 'mandates.invalid_bsn', reason: 'Vul een burgerservicenummer van 9 cijfers in.' };
  return KVK.test(id) ? null : { name, code: 'mandates.invalid_kvk_number', reason: 'Vul een KVK-nummer van 8 cijfers in.' };
}

// ---------------------------------------------------------------------------------------------
// Routes

export function registerMandateRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // --- "Mijn machtigingen" and granting ---

  r.get(
    mandateApi.mandates,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Mijn machtigingen',
        description:
          'Beide kanten voor wie u nu handelt (uzelf, of voor wie u handelt als u daarvoor machtigingen mag regelen): de machtigingen die ' +
          'gegeven zijn (wie voor u mag handelen) en ontvangen (voor wie u mag handelen), wie u wettelijk vertegenwoordigt en wie u ' +
          'vertegenwoordigt, en de ondernemingen waarvoor u volgens het Handelsregister optreedt. Elke machtiging zegt wat u er nu mee kunt.',
        querystring: noQuery,
        response: { 200: overviewJson, ...problems },
      },
    },
    async (request) => overviewToJson(valueOf(await myOverview(ctx, principalOf(request)), 'query'), mandateApi.mandates, false),
  );

  r.post(
    mandateApi.mandates,
    {
      config: { access: mandateAccess.party },
      validatorCompiler: checkedByService,
      schema: {
        tags,
        summary: 'Iemand machtigen',
        description:
          'Machtigt een persoon of onderneming om namens u (of namens wie u nu handelt, als u daarvoor machtigingen mag regelen) te handelen ' +
          'voor één dienst, een product bij elke organisatie of een dienstenset, van de eerste tot en met de laatste dag. De gemachtigde ' +
          'moet de machtiging accepteren; bij een onderneming waarvan de bestuurders alleen samen bevoegd zijn, tekent eerst een tweede ' +
          'bevoegde. Beide kanten krijgen bericht. Een 400 noemt elk ongeldig veld met een eigen code (mandates.*). Antwoord: 201 met de ' +
          'machtiging en een Location-header.',
        querystring: noQuery,
        body: grantBody,
        response: { 201: mandateJson, ...problems },
      },
    },
    async (request, reply) => {
      const view = valueOf(await grantMandate(ctx, principalOf(request), request.body as unknown, originOf(request)), 'body');
      return reply.code(201).header('location', mandateApi.mandate(view.mandate.id)).send(mandateToJson(view));
    },
  );

  // --- Acting for someone (static paths before /mandates/{id}) ---

  r.get(
    mandateApi.actingOptions,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Voor wie ik mag handelen',
        description:
          'Uzelf, wie u vandaag wettelijk vertegenwoordigt, de ondernemingen waarvoor u volgens het Handelsregister optreedt, en wie u ' +
          'een machtiging gaf die vandaag geldt (met waarvoor). Kies er één met PUT /api/v1/mandates/acting-for.',
        querystring: noQuery,
        response: { 200: actingOptionsJson, ...problems },
      },
    },
    async (request) => ({
      items: valueOf(await actingOptions(ctx, principalOf(request)), 'query').map(optionToJson),
      _links: { self: { href: mandateApi.actingOptions }, actingFor: { href: mandateApi.actingFor } },
    }),
  );

  r.get(
    mandateApi.actingFor,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Voor wie ik nu handel',
        description: 'Voor wie u in deze sessie handelt, of null als u voor uzelf handelt.',
        querystring: noQuery,
        response: { 200: actingForJson, ...problems },
      },
    },
    (request) => {
      const principal = principalOf(request);
      const acting = principal.kind === 'person' || principal.kind === 'business' ? principal.actingFor : undefined;
      return { actingFor: acting ? { kind: acting.kind, id: acting.id, name: acting.name } : null };
    },
  );

  r.put(
    mandateApi.actingFor,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Namens iemand gaan handelen, of weer voor mijzelf',
        description:
          'Kiest voor wie u in deze sessie handelt: {kind, id} van iemand uit GET /api/v1/mandates/acting-options, of null of {} om weer ' +
          'voor uzelf te handelen. Alleen als u vandaag een machtiging, wettelijke vertegenwoordiging of functie in het Handelsregister ' +
          'hebt (anders 403 mandates.no_relation, en er verandert niets). Elke handeling daarna wordt op dat moment opnieuw gecontroleerd; ' +
          'eindigt de machtiging, dan handelt u vanaf het volgende verzoek weer voor uzelf. De keuze komt in de audittrail.',
        querystring: noQuery,
        body: actingForBody,
        response: { 200: actingForJson, ...problems },
      },
    },
    async (request, reply) => {
      const body = request.body;
      let party: Party | null = null;
      if (body !== null && 'kind' in body) {
        const problem = subjectProblem(body.kind, body.id, 'body.id');
        if (problem) throw new ProblemError(mandatesFailures.invalidInput([problem]));
        party = { kind: body.kind, id: body.id };
      }
      const chosen = valueOf(await chooseActingFor(ctx, principalOf(request), party), 'body');
      await reply.actFor(chosen);
      return { actingFor: chosen ? { kind: chosen.kind, id: chosen.id, name: chosen.name } : null };
    },
  );

  // --- The check ---

  const answerCheck = async (
    request: FastifyRequest,
    input: { subject: Party | undefined; action: Action; service: { organisationCode: string; serviceId: string } | undefined },
  ): Promise<z.infer<typeof checkJson>> => {
    const principal = principalOf(request);
    const subject = input.subject ?? currentSubjectOf(principal);
    if (!subject) throw new ProblemError(mandatesFailures.citizensAndBusinessesOnly());
    let service = null;
    if (input.service) {
      service = (await serviceFactsOf(ctx, input.service.organisationCode.toUpperCase(), input.service.serviceId)) ?? null;
      if (!service) throw new ProblemError(mandatesFailures.serviceNotFound());
    }
    const d = await decide(ctx, principal, { action: input.action, subject, service });
    const base = { subject: { kind: subject.kind, id: subject.id }, action: input.action };
    if (d.allow) return { ...base, allow: true, basis: basisToJson(d.basis), requiredLoa: d.requiredLoa };
    if (d.reason === 'not_a_citizen_or_business') throw new ProblemError(mandatesFailures.citizensAndBusinessesOnly());
    // Whether the subject exists, died or ended is not the caller's to learn from a refusal (see subjectFactCodes).
    const reason = d.reason === 'unknown_subject' || d.reason === 'subject_ended' ? 'no_relation' : d.reason;
    return {
      ...base,
      allow: false,
      reason,
      reasonText: { nl: denyTexts[reason].nl, en: denyTexts[reason].en },
      ...(d.mandateId !== undefined && reason === d.reason ? { mandateId: d.mandateId } : {}),
      requiredLoa: d.requiredLoa ?? null,
    };
  };

  const checkDescription =
    'Het antwoord van de machtigingenmotor voor u: mag u deze handeling (bij deze dienst) doen voor dit subject, nu, met uw inlogniveau? ' +
    'Ja met de grondslag (uzelf, wettelijke vertegenwoordiging, functie in het Handelsregister, of de keten van machtigingen), of nee ' +
    'met de reden. Een nee is een antwoord, geen fout: ook dan 200. Zonder subject: voor wie u nu handelt, of uzelf. Of een BSN of ' +
    'KVK-nummer bestaat, vertelt het antwoord niet: zonder relatie is de reden altijd no_relation. Een onbekende dienst geeft 404.';

  r.get(
    mandateApi.check,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Mag ik dit namens iemand doen? (parameters in de URI)',
        description:
          `${checkDescription} Let op: volgens de NL API Design Rules (/core/transport/no-sensitive-uris, API-58) hoort een BSN niet in ` +
          'een URI; gebruik daarom bij voorkeur POST /api/v1/mandates/_check.',
        querystring: checkQuery,
        response: { 200: checkJson, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const issues: InvalidParam[] = [];
      if ((q.subjectKind === undefined) !== (q.subjectId === undefined))
        issues.push({
          name: q.subjectKind === undefined ? 'query.subjectKind' : 'query.subjectId',
          code: 'mandates.invalid_subject',
          reason: 'Geef subjectKind en subjectId samen, of geen van beide.',
        });
      else if (q.subjectKind !== undefined && q.subjectId !== undefined) {
        const problem = subjectProblem(q.subjectKind, q.subjectId, 'query.subjectId');
        if (problem) issues.push(problem);
      }
      if ((q.organisationCode === undefined) !== (q.serviceId === undefined))
        issues.push({
          name: q.organisationCode === undefined ? 'query.organisationCode' : 'query.serviceId',
          code: 'mandates.invalid_service',
          reason: 'Geef organisationCode en serviceId samen, of geen van beide.',
        });
      if (issues.length > 0) throw new ProblemError(mandatesFailures.invalidInput(issues));
      return answerCheck(request, {
        subject: q.subjectKind !== undefined && q.subjectId !== undefined ? { kind: q.subjectKind, id: q.subjectId } : undefined,
        action: q.action,
        service:
          q.organisationCode !== undefined && q.serviceId !== undefined
            ? { organisationCode: q.organisationCode, serviceId: q.serviceId }
            : undefined,
      });
    },
  );

  r.post(
    mandateApi.checkAction,
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Mag ik dit namens iemand doen?',
        description: `${checkDescription} Het BSN staat in de body, niet in de URI (NL API Design Rules, API-58). Er verandert niets.`,
        querystring: noQuery,
        body: checkBody,
        response: { 200: checkJson, ...problems },
      },
    },
    async (request) => {
      const b = request.body;
      if (b.subject) {
        const problem = subjectProblem(b.subject.kind, b.subject.id, 'body.subject.id');
        if (problem) throw new ProblemError(mandatesFailures.invalidInput([problem]));
      }
      return answerCheck(request, {
        subject: b.subject ? { kind: b.subject.kind, id: b.subject.id } : undefined,
        action: b.action,
        service: b.service ? { organisationCode: b.service.organisationCode, serviceId: b.service.serviceId } : undefined,
      });
    },
  );

  // --- The official's help-desk view ---

  r.post(
    mandateApi.lookup,
    {
      config: { access: mandateAccess.lookup },
      schema: {
        tags,
        summary: 'Machtigingen en vertegenwoordiging van iemand opzoeken (klantvraag)',
        description:
          'Voor medewerkers die vragen beantwoorden over wie voor wie mag handelen (klantcontact, behandeling, bezwaar, beheer, ' +
          'ombudsman): alle machtigingen van een persoon (bsn) of onderneming (kvkNumber) in beide richtingen, met de wettelijke ' +
          'vertegenwoordiging en de functies in het Handelsregister. Elke opvraging komt in het verwerkingslogboek. Het nummer staat ' +
          'in de body, niet in de URI (NL API Design Rules, API-58); er verandert verder niets.',
        querystring: noQuery,
        body: lookupBody,
        response: { 200: overviewJson, ...problems },
      },
    },
    async (request) => {
      const { bsn, kvkNumber } = request.body;
      if ((bsn === undefined) === (kvkNumber === undefined))
        throw new ProblemError(
          mandatesFailures.invalidInput([
            { name: 'body', code: 'mandates.invalid_subject', reason: 'Vul een burgerservicenummer óf een KVK-nummer in.' },
          ]),
        );
      const party: Party = bsn !== undefined ? { kind: 'person', id: bsn.trim() } : { kind: 'business', id: (kvkNumber ?? '').trim() };
      const overview = valueOf(await lookupForOfficial(ctx, principalOf(request), party, originOf(request)), 'body');
      return overviewToJson(overview, mandateApi.lookup, true);
    },
  );

  // --- One mandate and its steps ---

  r.get(
    '/api/v1/mandates/:id',
    {
      config: { access: mandateAccess.party },
      schema: {
        tags,
        summary: 'Eén machtiging',
        description:
          'Voor beide kanten (of wie voor een kant machtigingen mag regelen), met wat u er nu mee kunt; voor ieder ander 404, ook als ' +
          'de machtiging bestaat.',
        params: mandateParams,
        querystring: noQuery,
        response: { 200: mandateJson, ...problems },
      },
    },
    async (request) => mandateToJson(valueOf(await getMandate(ctx, principalOf(request), request.params.id), 'params')),
  );

  const stepTexts: Record<MandateStep, { summary: string; description: string }> = {
    _sign: {
      summary: 'Machtiging mede-ondertekenen',
      description:
        'Een tweede bevoegde van een onderneming waarvan de bestuurders alleen samen bevoegd zijn, tekent de machtiging; daarna kan de ' +
        'gemachtigde accepteren. Niet degene die de machtiging gaf (403 mandates.second_signatory_must_differ).',
    },
    _accept: {
      summary: 'Machtiging accepteren',
      description:
        'De gemachtigde accepteert de machtiging; vanaf de eerste dag geldt hij. Alleen de gemachtigde (403 mandates.not_your_side).',
    },
    _decline: {
      summary: 'Machtiging weigeren',
      description: 'De gemachtigde weigert de machtiging; hij geldt nooit. Alleen de gemachtigde (403 mandates.not_your_side).',
    },
    _end: {
      summary: 'Machtiging beëindigen',
      description:
        'Elke kant kan de machtiging beëindigen, ook vóór hij is geaccepteerd. Hij geldt meteen niet meer; beide kanten krijgen bericht.',
    },
  };

  for (const [step, event] of Object.entries(mandateSteps) as [MandateStep, MandateEvent][]) {
    r.post(
      `/api/v1/mandates/:id/${step}`,
      {
        config: { access: mandateAccess.party },
        schema: {
          tags,
          summary: stepTexts[step].summary,
          description:
            `${stepTexts[step].description} Antwoord: de machtiging zoals hij nu is. Een machtiging waarvan u geen kant bent geeft 404; ` +
            'een stap die in de status van de machtiging niet kan 409 (mandates.transition_not_allowed); er verandert dan niets.',
          params: mandateParams,
          querystring: noQuery,
          response: { 200: mandateJson, ...problems, 409: problemSchema },
        },
      },
      async (request) => {
        expectNoInput(request.body);
        return mandateToJson(
          valueOf(await changeMandate(ctx, principalOf(request), request.params.id, event, originOf(request)), 'params'),
        );
      },
    );
  }

  // --- Service sets of an organisation ---

  r.get(
    '/api/v1/organisations/:code/service-sets',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Dienstensets van een organisatie',
        description:
          'De sets van diensten die een organisatie samenstelt, zodat u iemand in één keer voor al die diensten kunt machtigen ' +
          '(bijvoorbeeld alles over parkeren).',
        params: organisationParams,
        querystring: noQuery,
        response: { 200: serviceSetListJson, 400: problemSchema },
      },
    },
    async (request) => {
      const code = request.params.code.toUpperCase();
      return {
        items: (await listServiceSets(ctx, code)).map(serviceSetToJson),
        _links: { self: { href: mandateApi.serviceSets(code) } },
      };
    },
  );

  r.get(
    '/api/v1/organisations/:code/service-sets/:setId',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Eén dienstenset',
        params: serviceSetParams,
        querystring: noQuery,
        response: { 200: serviceSetJson, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const code = request.params.code.toUpperCase();
      const set = (await listServiceSets(ctx, code)).find((s) => s.id === request.params.setId);
      if (!set)
        throw new ProblemError({ ...httpFailures.notFound('Deze dienstenset bestaat niet.'), code: 'mandates.unknown_service_set' });
      return serviceSetToJson(set);
    },
  );

  r.put(
    '/api/v1/organisations/:code/service-sets/:setId',
    {
      config: { access: mandateAccess.serviceSets },
      schema: {
        tags,
        summary: 'Een dienstenset maken of wijzigen',
        description:
          'Voor dienstontwerpers en beheerders van de organisatie zelf (een andere organisatie geeft 403): de naam en de hele lijst ' +
          'van gepubliceerde diensten in de set. Machtigingen voor de set gelden meteen voor de diensten die er nu in staan. ' +
          'Antwoord: 201 als de set nieuw is, anders 200.',
        params: serviceSetParams,
        querystring: noQuery,
        body: serviceSetBody,
        response: { 200: serviceSetJson, 201: serviceSetJson, ...problems },
      },
    },
    async (request, reply) => {
      const code = request.params.code.toUpperCase();
      const { setId: id } = request.params;
      const existed = (await listServiceSets(ctx, code)).some((s) => s.id === id);
      const set = valueOf(await saveServiceSet(ctx, principalOf(request), code, { id, ...request.body }, originOf(request)), 'body');
      const json = serviceSetToJson(set);
      if (existed) return json;
      return reply.code(201).header('location', json._links.self.href).send(json);
    },
  );
}
