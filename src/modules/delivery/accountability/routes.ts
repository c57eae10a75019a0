// delivery/accountability: the export of a case's whole trail (JSON and printable HTML).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, problemSchema, ProblemError, type ZodTypeProvider } from '../../../platform/http/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { originOf } from '../origin.ts';
import { legalBases } from '../basis.ts';
import { caseStatuses, decisionOutcomes, suspensionReasons } from '../model.ts';
import { dataItemKinds, partyKinds, type CaseTrail } from './model.ts';
import { registerAccountabilityPages } from './pages.tsx';
import { accountabilityPaths } from './paths.ts';
import { accountabilityAccess } from './policy.ts';
import { exportCaseTrail } from './service.ts';

const localized = z.object({ nl: z.string(), en: z.string() });
const isoDate = z.string().describe('JJJJ-MM-DD');
const instant = z.string().describe('tijdstip in UTC (ISO 8601)');

const party = z
  .object({
    kind: z
      .enum(partyKinds)
      .describe(
        'applicant: de aanvrager; person: een andere persoon (BSN gemaskeerd); business; official: een medewerker (met medewerkersnummer waar bekend); ' +
          'organisation: iemand van de organisatie; system: Loket zelf',
      ),
    id: z.string().nullable(),
    organisationCode: z.string().nullable(),
    mandateId: z.string().nullable().describe('de machtiging waarop werd gehandeld'),
  })
  .meta({ id: 'TrailParty' });

const dataItem = z
  .object({
    kind: z.enum(dataItemKinds),
    code: z.string(),
    label: localized,
    source: z.enum(['applicant', 'register', 'case']).describe('opgegeven door de aanvrager, uit een basisregistratie, of uit de zaak'),
  })
  .meta({ id: 'TrailDataItem' });

const processingLine = z.object({
  id: z.string(),
  at: instant,
  name: z.string(),
  activityId: z.string().describe('de verwerkingsactiviteit in het register van verwerkingsactiviteiten'),
  organisationCode: z.string().nullable(),
  subjectType: z.string().nullable(),
});

const actingBasis = z
  .object({
    kind: z.enum(['self', 'legal', 'functionary', 'mandate']),
    legalBasis: z
      .enum(legalBases)
      .nullable()
      .describe('bij wettelijke vertegenwoordiging: gezag, curatele, beschermingsbewind of mentorschap'),
    kvkNumber: z.string().nullable().describe('bij een functionaris: de onderneming (of het intermediair bij een ketenmachtiging)'),
    role: z.string().nullable().describe('de rol van de functionaris in het Handelsregister'),
    mandateIds: z.array(z.string()).describe('bij een machtiging: de machtigingen van de keten, die van de aanvrager eerst'),
    chained: z.boolean().describe('een machtiging aan een intermediair, waarvan een medewerker handelde (ketenmachtiging)'),
  })
  .meta({ id: 'TrailActingBasis' });

const step = z
  .object({
    number: z.number().int(),
    at: instant,
    kind: z.enum(['change', 'processing']).describe('change: een wijziging (auditlog); processing: alleen een verwerking (zoals inzien)'),
    code: z.string(),
    label: localized,
    who: party,
    onBehalfOf: party.nullable(),
    actingBasis: actingBasis
      .nullable()
      .describe('op welke grond iemand namens de aanvrager handelde; leeg als de aanvrager of een medewerker handelde'),
    legalBases: z.array(z.string()),
    serviceVersion: z.number().int(),
    form: z.object({ id: z.string(), version: z.number().int() }),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    requestId: z.string().nullable(),
    processing: z.array(processingLine),
    personalData: z.array(dataItem),
  })
  .meta({ id: 'TrailStep' });

const dueStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('term'),
    basis: z.enum(['statutory', 'reasonable']),
    weeks: z.number().int(),
    rawEnd: isoDate,
    end: isoDate,
    atwApplied: z.boolean(),
  }),
  z.object({
    kind: z.literal('suspension'),
    reason: z.enum(suspensionReasons),
    from: isoDate,
    until: isoDate.nullable(),
    days: z.number().int(),
    dueDate: isoDate.nullable(),
  }),
  z.object({ kind: z.literal('suspension_ignored'), reason: z.enum(suspensionReasons), from: isoDate, code: z.string() }),
  z.object({
    kind: z.literal('extension'),
    sentOn: isoDate,
    newDueDate: isoDate,
    effect: z.enum(['due_date_moved', 'announced_only']),
    dueDate: isoDate,
  }),
  z.object({ kind: z.literal('extension_ignored'), sentOn: isoDate, newDueDate: isoDate, code: z.string() }),
]);

export const caseTrailSchema = z
  .object({
    case: z.object({
      organisationCode: z.string(),
      id: z.string(),
      caseNumber: z.string(),
      service: z.object({ id: z.string(), title: z.string().nullable(), uplUri: z.string(), version: z.number().int() }),
      form: z.object({ id: z.string(), version: z.number().int(), title: localized.nullable() }),
      applicantKind: z.enum(['person', 'business']),
      status: z.enum(caseStatuses),
      outcome: z.enum(decisionOutcomes).nullable(),
      receivedOn: isoDate,
      submittedAt: instant,
      decidedAt: instant.nullable(),
    }),
    generatedAt: instant,
    viewer: z.enum(['applicant', 'case_handler', 'ombudsman']).describe('in welke hoedanigheid u dit overzicht opvroeg'),
    steps: z
      .array(step)
      .describe('elke stap in volgorde: wie (en namens wie), wanneer, op welke grondslag, onder welke dienstversie, met welke gegevens'),
    queueViews: z
      .array(z.object({ at: instant, name: z.string(), activityId: z.string(), organisationCode: z.string().nullable() }))
      .describe('keren dat een medewerker een werkvoorraad zag waarin uw zaak kon staan'),
    queueViewsByDay: z.array(z.object({ date: isoDate, organisationCode: z.string().nullable(), count: z.number().int() })),
    decisionTerm: z.object({
      dueDate: isoDate.nullable(),
      steps: z.array(z.object({ step: dueStep, explanation: localized })).describe('hoe de uiterste beslisdatum is berekend'),
    }),
    _links: z.object({ self: z.object({ href: z.string() }), page: z.object({ href: z.string() }) }),
  })
  .meta({ id: 'CaseAccountability' });

export function trailToJson(trail: CaseTrail, viewer: z.infer<typeof caseTrailSchema>['viewer']): z.input<typeof caseTrailSchema> {
  return {
    ...trail,
    case: {
      ...trail.case,
      status: trail.case.status as z.infer<typeof caseTrailSchema>['case']['status'],
      outcome: trail.case.outcome as z.infer<typeof caseTrailSchema>['case']['outcome'],
    },
    viewer,
    steps: trail.steps.map((s) => ({
      ...s,
      actingBasis: s.actingBasis === null ? null : { ...s.actingBasis, mandateIds: [...s.actingBasis.mandateIds] },
      legalBases: [...s.legalBases],
      processing: [...s.processing],
      personalData: [...s.personalData],
    })),
    queueViews: [...trail.queueViews],
    queueViewsByDay: [...trail.queueViewsByDay],
    decisionTerm: { dueDate: trail.decisionTerm.dueDate, steps: trail.decisionTerm.steps.map((s) => ({ ...s })) },
    _links: {
      self: { href: accountabilityPaths.api(trail.case.organisationCode, trail.case.id) },
      page: { href: accountabilityPaths.page(trail.case.organisationCode, trail.case.id) },
    },
  };
}

export function registerAccountability(app: FastifyInstance, ctx: ModuleContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/cases/:organisationCode/:caseId/accountability',
    {
      config: { access: accountabilityAccess },
      schema: {
        tags: ['Zaken'],
        summary: 'Verantwoording van een zaak',
        description:
          'Het hele spoor van één zaak: elke stap, wie (en namens wie), wanneer, onder welke dienstversie en welke regel, en welke ' +
          'persoonsgegevens zijn gebruikt. Opgebouwd uit het auditlog en het verwerkingenlogboek, niet apart bewaard. Voor de aanvrager, ' +
          'zaakbehandelaars van de organisatie en de ombudsman; voor anderen bestaat de zaak niet (404). Het opvragen wordt zelf vastgelegd.',
        params: z.object({ organisationCode: z.string().max(64), caseId: z.string().max(64) }),
        response: { 200: caseTrailSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { organisationCode, caseId } = request.params;
      const found = await exportCaseTrail(ctx, principalOf(request), organisationCode, caseId, originOf(request), 'json');
      if (!found.ok) throw new ProblemError(found.failure);
      return trailToJson(found.value.trail, found.value.viewer);
    },
  );
  registerAccountabilityPages(app, ctx);
}
