// delivery/apply: the JSON API of applying.
//
//   POST /api/v1/applications                          submit an application (idempotent on idempotencyKey)
//   GET  /api/v1/services/{org}/{serviceId}/form       the service's form, with the caller's prefill
//
// zod checks the envelope (unknown fields are refused); the answers are checked against the form
// by the service, which answers `delivery.form.invalid_answers` listing every invalid answer.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, problemSchema, ProblemError, type Failure, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { fieldKinds, prefillSources } from '../forms.ts';
import { caseAccess, caseJson, caseToJson } from '../routes.ts';
import { applyApi, applyPaths } from './model.ts';
import { applyViaApi, formWithPrefill } from './service.ts';

const tags = ['Aanvragen'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema } as const;

const organisationCode = z
  .string()
  .regex(/^[A-Za-z0-9-]{2,20}$/, 'een code van 2 tot 20 letters, cijfers of streepjes')
  .describe('De code van de organisatie die de dienst aanbiedt, zoals GM0363');

const applicationInput = z
  .object({
    organisationCode,
    serviceId: z.uuid('een UUID').describe('Het id van de dienst in de catalogus'),
    formId: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'een formuliernaam zoals parkeervergunning')
      .optional()
      .describe('Het formulier; standaard het formulier van de dienst'),
    answers: z
      .record(z.string().max(64), z.unknown())
      .describe(
        'De antwoorden per veld-id van het formulier. Tekst als tekst, getallen als getal, bedragen in eurocenten of als tekst (12,50), ja/nee als boolean, meerkeuze als lijst, bijlagen als lijst van { id, fileName, mimeType, sizeBytes } van eigen uploads.',
      ),
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,100}$/, '8 tot 100 letters, cijfers, - of _')
      .describe('Een sleutel die u zelf kiest; dezelfde sleutel nog eens geeft dezelfde zaak (200) in plaats van een nieuwe'),
  })
  .strict()
  .meta({ id: 'NewApplication' });

const localized = z.object({ nl: z.string(), en: z.string() });
const formFieldJson = z
  .object({
    id: z.string(),
    kind: z.enum(fieldKinds),
    label: localized,
    hint: localized.optional(),
    required: z.boolean(),
  })
  .loose()
  .describe('Een veld; welke eigenschappen er nog meer zijn hangt af van kind (zie forms.ts)');
const formJson = z
  .object({
    schemaVersion: z.number().int(),
    id: z.string(),
    version: z.number().int(),
    uplUri: z.string(),
    title: localized,
    intro: localized.optional(),
    steps: z.array(
      z
        .object({
          id: z.string(),
          title: localized,
          intro: localized.optional(),
          condition: z.unknown().optional(),
          fields: z.array(formFieldJson),
        })
        .loose(),
    ),
  })
  .meta({ id: 'ApplicationForm', description: 'Een aanvraagformulier als gegevens: stappen, velden, voorwaarden en bijlagen.' });

const formResponse = z
  .object({
    form: formJson,
    prefill: z.object({
      answers: z.record(z.string(), z.unknown()).describe('De antwoorden die uit de basisregistraties komen'),
      prefilled: z.array(z.object({ field: z.string(), source: z.enum(prefillSources), editable: z.boolean() })),
      locked: z.record(z.string(), z.unknown()).describe('De vooringevulde antwoorden die niet mogen worden gewijzigd'),
    }),
    _links: z.object({ self: z.object({ href: z.string() }), apply: z.object({ href: z.string() }), page: z.object({ href: z.string() }) }),
  })
  .meta({ id: 'ApplicationFormWithPrefill' });

/** A failure as the API shows it: answers' names under `body.answers`, other names under `body`. */
function problemFrom(failure: Failure): ProblemError {
  const answers = failure.code === 'delivery.form.invalid_answers';
  const invalidParams = failure.invalidParams?.map((p) => ({
    ...p,
    name: answers ? (p.name ? `body.answers.${p.name}` : 'body.answers') : p.name ? `body.${p.name}` : 'body',
  }));
  return new ProblemError(invalidParams ? { ...failure, invalidParams } : failure);
}

export function registerApplyRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    applyApi.applications,
    {
      config: { access: caseAccess.applicant },
      schema: {
        tags,
        summary: 'Een aanvraag doen',
        description:
          'Voor inwoners en ondernemers. De antwoorden worden gecontroleerd tegen het formulier van de dienst, met uw gegevens uit de basisregistraties: ' +
          'wat vooraf is ingevuld en niet mag worden gewijzigd, moet gelijk zijn (of weggelaten). Een 400 (delivery.form.invalid_answers) noemt elk ongeldig antwoord. ' +
          'Antwoord: 201 met de nieuwe zaak, met zaaknummer en uiterste beslisdatum; 200 met dezelfde zaak als de idempotencyKey al eerder is gebruikt.',
        body: applicationInput,
        response: { 200: caseJson, 201: caseJson, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const submitted = await applyViaApi(
        ctx,
        principalOf(request),
        {
          organisationCode: body.organisationCode.toUpperCase(),
          serviceId: body.serviceId.toLowerCase(),
          formId: body.formId,
          answers: body.answers,
          idempotencyKey: body.idempotencyKey,
        },
        originOf(request),
      );
      if (!submitted.ok) throw problemFrom(submitted.failure);
      const kase = submitted.value.case;
      const json = caseToJson(kase);
      return reply
        .code(submitted.value.replayed ? 200 : 201)
        .header('location', json._links.self.href)
        .send(json);
    },
  );

  r.get(
    '/api/v1/services/:organisationCode/:serviceId/form',
    {
      config: { access: caseAccess.applicant },
      schema: {
        tags,
        summary: 'Het aanvraagformulier van een dienst, vooraf ingevuld',
        description:
          'Het formulier van de dienst (of het standaardformulier met één toelichting), met wat Loket al over u weet uit de basisregistraties. ' +
          'Het lezen van uw gegevens komt in het verwerkingslogboek.',
        params: z.object({ organisationCode, serviceId: z.uuid('een UUID') }).strict(),
        response: { 200: formResponse, ...problems },
      },
    },
    async (request) => {
      const { organisationCode: org, serviceId } = request.params;
      const result = await formWithPrefill(ctx, principalOf(request), org, serviceId, originOf(request));
      if (!result.ok) throw new ProblemError(result.failure);
      const { service, form, prefill } = result.value;
      const code = service.service.organisationCode;
      return {
        form,
        prefill: { answers: { ...prefill.answers }, prefilled: prefill.prefilled.map((p) => ({ ...p })), locked: { ...prefill.locked } },
        _links: {
          self: { href: applyApi.form(code, service.service.id) },
          apply: { href: applyApi.applications },
          page: { href: applyPaths.start(code, service.service.id) },
        },
      };
    },
  );
}
