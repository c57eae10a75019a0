// JSON API of the registers of persons, businesses and officials:
// /api/v1/persons, /api/v1/businesses, /api/v1/officials.
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles, type Access } from '../../../platform/auth/model.ts';
import { principalOf, problemSchema, ProblemError, type Failure, type Result, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { functionaryRoles, legalForms } from './model.ts';
import * as service from './service.ts';

const api = '/api/v1';

// Who may call what (the service checks the rest: own data, legal representation, own organisation).
export const peopleAccess = {
  person: { kinds: ['person'], roles: [...service.personReaderRoles, ...service.electoralReaderRoles] },
  relations: { kinds: ['person'], roles: [...service.personReaderRoles] },
  business: { kinds: ['business'], roles: [...service.businessReaderRoles] },
  manage: { roles: [...service.registerManagerRoles] },
  anyOfficial: { roles: [...roles] },
} as const satisfies Record<string, Access>;

// ---------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------

const problem = problemSchema;

const problems = { 400: problem, 401: problem, 403: problem, 404: problem } as const;

const bsnText = 'Burgerservicenummer: 9 cijfers die voldoen aan de elfproef.';
const dateText = 'Datum in de vorm JJJJ-MM-DD.';
const endText = 'De eerste dag waarop het niet meer geldt (leeg: geen einde).';

const address = z
  .object({
    street: z.string(),
    houseNumber: z.number().int(),
    houseNumberAddition: z.string().nullable(),
    postcode: z.string().describe('Postcode zonder spatie, zoals 1234AB'),
    city: z.string(),
    municipalityCode: z.string().describe('CBS-code van de gemeente, zoals GM0363'),
  })
  .meta({ id: 'Address' });

const basis = z
  .enum(service.representationBases)
  .describe('Grondslag: gezag (ouder of voogd), curatele, beschermingsbewind of mentorschap');
const accessBasis = z
  .enum(['self', 'official_role', ...service.representationBases])
  .describe(
    'Waarom u deze gegevens mag zien: het zijn uw eigen gegevens (self), uw rol als medewerker (official_role), of de grondslag van uw wettelijke vertegenwoordiging.',
  );

const personJson = z
  .object({
    view: z.literal('full'),
    bsn: z.string(),
    givenNames: z.string(),
    surnamePrefix: z.string().nullable(),
    surname: z.string(),
    fullName: z.string(),
    birthDate: z.string().describe(dateText),
    deathDate: z.string().nullable().describe(dateText),
    age: z.number().int().describe('Leeftijd vandaag, of bij overlijden'),
    minor: z.boolean(),
    address: address.nullable(),
    accessBasis,
  })
  .meta({ id: 'Person' });

const electoralPersonJson = z
  .object({
    view: z.literal('electoral'),
    fullName: z.string(),
    age: z.number().int(),
    address: address.nullable(),
    accessBasis: z.literal('official_role'),
  })
  .meta({ id: 'ElectoralPerson', description: 'Wat een verkiezingsmedewerker ziet: alleen naam, adres en leeftijd.' });

const personResponse = z.discriminatedUnion('view', [personJson, electoralPersonJson]);

const representationJson = z
  .object({
    bsn: z
      .string()
      .nullable()
      .describe('Alleen voor medewerkers, en voor de vertegenwoordiger in het overzicht van wie hij of zij vertegenwoordigt'),
    name: z.string(),
    basis,
    authorityKind: z.enum(['parent', 'guardian']).nullable().describe('Bij gezag: ouder of voogd'),
    covers: z.array(z.enum(['financial', 'personal'])).describe('Waarvoor: geldzaken (financial), persoonlijke en zorgzaken (personal)'),
    validFrom: z.string().describe(dateText),
    validTo: z.string().nullable().describe(`${endText} Bij gezag uiterlijk de 18e verjaardag; bij overlijden de overlijdensdatum.`),
  })
  .meta({ id: 'LegalRepresentation' });

const representationList = z.object({ items: z.array(representationJson) });

const branchJson = z
  .object({ branchNumber: z.string(), kvkNumber: z.string(), name: z.string(), isMain: z.boolean(), address })
  .meta({ id: 'Branch' });
const functionaryJson = z
  .object({
    bsn: z.string().nullable().describe('Alleen voor medewerkers'),
    name: z.string(),
    role: z.enum(functionaryRoles),
    authority: z.enum(['sole', 'joint', 'limited']).describe('Zelfstandig, gezamenlijk of beperkt bevoegd'),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'Functionary' });
const businessJson = z
  .object({
    kvkNumber: z.string(),
    name: z.string(),
    legalForm: z.enum(legalForms),
    registeredOn: z.string(),
    endedOn: z.string().nullable(),
    address,
    branches: z.array(branchJson),
    functionaries: z.array(functionaryJson).describe('De functionarissen die vandaag in functie zijn'),
    accessBasis: z.enum(['own_business', 'official_role']),
  })
  .meta({ id: 'Business' });

const link = z.object({ href: z.string() });
const officialJson = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    organisationCode: z.string(),
    roles: z.array(z.enum(roles)),
    active: z.boolean(),
    _links: z.object({ self: link }),
  })
  .meta({ id: 'Official' });

// Request bodies. The service checks them in full (every field, with a code per field), so
// these schemas document the body; see `checkedByService`.
const addressInput = z.object({
  street: z.string().max(200),
  houseNumber: z.number().int().min(1).max(99_999),
  houseNumberAddition: z.string().max(6).nullable().optional(),
  postcode: z.string().regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/),
  city: z.string().max(200),
  municipalityCode: z.string().regex(/^GM\d{4}$/),
});
const personInput = z
  .object({
    bsn: z
      .string()
      .regex(/^\d{9}$/)
      .describe(bsnText),
    givenNames: z.string().max(200),
    surnamePrefix: z.string().max(20).nullable().optional(),
    surname: z.string().max(200),
    birthDate: z.iso.date().describe(dateText),
    deathDate: z.iso.date().nullable().optional(),
    address: addressInput.nullable().optional(),
  })
  .meta({ id: 'NewPerson' });
const businessInput = z
  .object({
    kvkNumber: z.string().regex(/^\d{8}$/),
    name: z.string().max(200),
    legalForm: z.enum(legalForms),
    registeredOn: z.iso.date(),
    endedOn: z.iso.date().nullable().optional(),
    address: addressInput,
    branches: z
      .array(
        z.object({
          branchNumber: z.string().regex(/^\d{12}$/),
          name: z.string().max(200),
          isMain: z.boolean().optional(),
          address: addressInput,
        }),
      )
      .max(50)
      .optional(),
    functionaries: z
      .array(
        z.object({
          personBsn: z
            .string()
            .regex(/^\d{9}$/)
            .describe(bsnText),
          role: z.enum(functionaryRoles),
          authority: z.enum(['sole', 'joint', 'limited']),
          validFrom: z.iso.date(),
          validTo: z.iso.date().nullable().optional().describe(endText),
        }),
      )
      .max(50)
      .optional(),
  })
  .meta({ id: 'NewBusiness' });
const officialInput = z
  .object({
    name: z.string().max(200),
    email: z.email().max(254),
    organisationCode: z.string().describe('Uw eigen organisatie'),
    roles: z.array(z.enum(roles)).min(1),
    personBsn: z
      .string()
      .regex(/^\d{9}$/)
      .nullable()
      .optional()
      .describe('De persoon achter de medewerker, voor inloggen met DigiD'),
    active: z.boolean().optional(),
  })
  .meta({ id: 'NewOfficial' });

/** Lets the body through to the service, which checks it in full; other parts are checked by zod as usual. */
function checkedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

const personSearch = z.object({ bsn: z.string().max(64).describe(bsnText) }).meta({ id: 'PersonSearch' });

// The service checks the BSN (elfproef) itself, to answer with registry.invalid_bsn; this only caps the length.
const bsnParam = z.object({ bsn: z.string().max(64).describe(bsnText) });

/** Problem with field names as the API shows them (`params.bsn`, `body.address.postcode`). */
function problemFrom(failure: Failure, part: 'params' | 'body' | 'query'): ProblemError {
  const invalidParams = failure.invalidParams?.map((p) => ({ ...p, name: p.name ? `${part}.${p.name}` : part }));
  return new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

function valueOf<T>(result: Result<T>, part: 'params' | 'body' | 'query'): T {
  if (!result.ok) throw problemFrom(result.failure, part);
  return result.value;
}

const listed = (items: readonly service.RepresentationItem[]) => items.map((i) => ({ ...i, covers: [...i.covers] }));

const uriNote =
  'Let op: volgens de NL API Design Rules (/core/transport/no-sensitive-uris, API-58) hoort een BSN niet in een URI. ' +
  'Gebruik daarom bij voorkeur POST /api/v1/persons/_zoek met het BSN in de body; deze variant bestaat omdat de opdracht erom vraagt.';

// ---------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------

export function registerPeopleRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const origin = (request: { trace: service.RequestOrigin['trace']; id: string }): service.RequestOrigin => ({
    trace: request.trace,
    requestId: request.id,
  });

  const personDescription =
    'Een persoon uit het register (naar het model van de BRP). Een burger ziet zijn eigen gegevens en die van wie hij wettelijk vertegenwoordigt ' +
    '(gezag over een minderjarig kind, curatele, beschermingsbewind of mentorschap); anders is het antwoord 404, ook als het BSN bestaat. ' +
    'Medewerkers met een passende rol zien de gegevens; een verkiezingsmedewerker alleen naam, adres en leeftijd. ' +
    'Elke inzage door een medewerker of vertegenwoordiger komt in het verwerkingslogboek.';

  r.get(
    `${api}/persons/:bsn`,
    {
      config: { access: peopleAccess.person },
      schema: {
        tags: ['Personen'],
        summary: 'Eén persoon (BSN in het pad)',
        description: `${personDescription} ${uriNote}`,
        params: bsnParam,
        response: { 200: personResponse, ...problems },
      },
    },
    async (request) => valueOf(await service.getPerson(ctx, principalOf(request), request.params.bsn, request.trace), 'params'),
  );

  r.post(
    `${api}/persons/_zoek`,
    {
      config: { access: peopleAccess.person },
      schema: {
        tags: ['Personen'],
        summary: 'Eén persoon zoeken op BSN (BSN in de body)',
        description: `${personDescription} Dit is de variant die de NL API Design Rules volgt (/core/transport/no-sensitive-uris, API-58): het BSN staat in de body, niet in de URI.`,
        body: personSearch,
        response: { 200: personResponse, ...problems },
      },
    },
    async (request) => valueOf(await service.getPerson(ctx, principalOf(request), request.body.bsn, request.trace), 'body'),
  );

  r.get(
    `${api}/persons/:bsn/representatives`,
    {
      config: { access: peopleAccess.relations },
      schema: {
        tags: ['Personen'],
        summary: 'Wie deze persoon wettelijk vertegenwoordigt',
        description: `Wie vandaag namens deze persoon mag handelen op grond van de wet: ouders of voogd met gezag (tot de 18e verjaardag), curator, beschermingsbewindvoerder en mentor. Voor de persoon zelf, zijn wettelijke vertegenwoordigers en medewerkers met een passende rol. ${uriNote}`,
        params: bsnParam,
        response: { 200: representationList, ...problems },
      },
    },
    async (request) => ({
      items: listed(valueOf(await service.getRepresentatives(ctx, principalOf(request), request.params.bsn, request.trace), 'params')),
    }),
  );

  r.get(
    `${api}/persons/:bsn/represented`,
    {
      config: { access: peopleAccess.relations },
      schema: {
        tags: ['Personen'],
        summary: 'Wie deze persoon wettelijk vertegenwoordigt (andersom: wie hij of zij vertegenwoordigt)',
        description: `De personen die deze persoon vandaag wettelijk vertegenwoordigt, met de grondslag. Voor de persoon zelf en medewerkers met een passende rol. ${uriNote}`,
        params: bsnParam,
        response: { 200: representationList, ...problems },
      },
    },
    async (request) => ({
      items: listed(valueOf(await service.getRepresented(ctx, principalOf(request), request.params.bsn, request.trace), 'params')),
    }),
  );

  r.get(
    `${api}/businesses/:kvkNumber`,
    {
      config: { access: peopleAccess.business },
      schema: {
        tags: ['Ondernemingen'],
        summary: 'Eén onderneming met vestigingen en functionarissen',
        description:
          'Een onderneming uit het register (naar het model van het Handelsregister van de KVK). Een onderneming ziet alleen haar eigen gegevens (anders 404); medewerkers met een passende rol zien alle ondernemingen.',
        params: z.object({ kvkNumber: z.string().max(64).describe('KVK-nummer: 8 cijfers') }),
        response: { 200: businessJson, ...problems },
      },
    },
    async (request) => valueOf(await service.getBusiness(ctx, principalOf(request), request.params.kvkNumber, request.trace), 'params'),
  );

  const officialsQuery = z.object({
    organisation: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,20}$/)
      .optional()
      .describe('Organisatiecode; standaard uw eigen organisatie'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
  const officialLink = (id: string) => ({ self: { href: `${api}/officials/${id}` } });

  r.get(
    `${api}/officials`,
    {
      config: { access: peopleAccess.manage },
      schema: {
        tags: ['Medewerkers'],
        summary: 'Medewerkers van een organisatie',
        description: 'Voor beheerders: de medewerkers van de eigen organisatie, op naam gesorteerd. Een andere organisatie geeft 403.',
        querystring: officialsQuery,
        response: {
          200: z.object({
            items: z.array(officialJson),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
            _links: z.object({ self: link, next: link.optional(), prev: link.optional() }),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = valueOf(
        await service.listOfficials(ctx, principalOf(request), { organisationCode: q.organisation, limit: q.limit, offset: q.offset }),
        'query',
      );
      const page = (offset: number) => ({
        href: `${api}/officials?${new URLSearchParams({ organisation: result.organisationCode, limit: String(q.limit), offset: String(offset) }).toString()}`,
      });
      return {
        items: result.items.map((o) => ({ ...o, roles: [...o.roles], _links: officialLink(o.id) })),
        total: result.total,
        limit: q.limit,
        offset: q.offset,
        _links: {
          self: page(q.offset),
          ...(q.offset + q.limit < result.total ? { next: page(q.offset + q.limit) } : {}),
          ...(q.offset > 0 ? { prev: page(Math.max(0, q.offset - q.limit)) } : {}),
        },
      };
    },
  );

  r.get(
    `${api}/officials/:id`,
    {
      config: { access: peopleAccess.anyOfficial },
      schema: {
        tags: ['Medewerkers'],
        summary: 'Eén medewerker',
        description: 'Voor de medewerker zelf en voor beheerders van dezelfde organisatie; anders 404.',
        params: z.object({ id: z.uuid() }),
        response: { 200: officialJson, ...problems },
      },
    },
    async (request) => {
      const o = valueOf(await service.getOfficial(ctx, principalOf(request), request.params.id), 'params');
      return { ...o, roles: [...o.roles], _links: officialLink(o.id) };
    },
  );

  r.post(
    `${api}/persons`,
    {
      config: { access: peopleAccess.manage },
      validatorCompiler: checkedByService,
      schema: {
        tags: ['Personen'],
        summary: 'Een persoon inschrijven',
        description:
          'Voor beheerders. Het BSN moet voldoen aan de elfproef, datums moeten bestaan, de gemeentecode moet in het register staan. Een 400 noemt elk ongeldig veld met een eigen code.',
        body: personInput,
        response: { 201: personJson, ...problems, 409: problem },
      },
    },
    async (request, reply) => {
      const person = valueOf(await service.createPerson(ctx, principalOf(request), request.body as unknown, origin(request)), 'body');
      return reply.code(201).header('location', `${api}/persons/${person.bsn}`).send(person);
    },
  );

  r.post(
    `${api}/businesses`,
    {
      config: { access: peopleAccess.manage },
      validatorCompiler: checkedByService,
      schema: {
        tags: ['Ondernemingen'],
        summary: 'Een onderneming inschrijven, met vestigingen en functionarissen',
        description:
          'Voor beheerders. Een 400 noemt elk ongeldig veld met een eigen code; functionarissen moeten als persoon in het register staan.',
        body: businessInput,
        response: { 201: businessJson, ...problems, 409: problem },
      },
    },
    async (request, reply) => {
      const business = valueOf(await service.createBusiness(ctx, principalOf(request), request.body as unknown, origin(request)), 'body');
      return reply.code(201).header('location', `${api}/businesses/${business.kvkNumber}`).send(business);
    },
  );

  r.post(
    `${api}/officials`,
    {
      config: { access: peopleAccess.manage },
      validatorCompiler: checkedByService,
      schema: {
        tags: ['Medewerkers'],
        summary: 'Een medewerker aanmaken',
        description: 'Voor beheerders, alleen in de eigen organisatie. Een 400 noemt elk ongeldig veld met een eigen code.',
        body: officialInput,
        response: { 201: officialJson, ...problems, 409: problem },
      },
    },
    async (request, reply) => {
      const o = valueOf(await service.createOfficial(ctx, principalOf(request), request.body as unknown, origin(request)), 'body');
      return reply
        .code(201)
        .header('location', `${api}/officials/${o.id}`)
        .send({ ...o, roles: [...o.roles], _links: officialLink(o.id) });
    },
  );
}
