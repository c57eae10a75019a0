// delivery/accountability: export a case's whole trail (NORA AP30). Nothing is kept for it: the
// trail is read from the audit log and the processing log each time (model.ts builds it).
//
// Exporting is itself accounted for: an audit record `delivery.case_exported` and a processing-log
// line, in a small transaction of their own (the export changes no case), written before the
// trail is read, so the export shows itself as its last step.
import { auditTrail, recordAudit } from '../../../platform/audit/index.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { fail, inUseCase, ok, type Result } from '../../../platform/http/problem.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { processingActivityBase, type ProcessingSubject } from '../../../platform/processing-log/index.ts';
import { getPublicService } from '../../catalog/index.ts';
import { auditActorOf, basisDetails, type Acting } from '../acting.ts';
import {
  authorizeForCase,
  caseTerm,
  deliveryFailures,
  formOfCase,
  internalOrigin,
  type DeliveryCase,
  type DeliveryOrigin,
} from '../service.ts';
import { findCase } from '../store.ts';
import { explainTermStep } from './explain.ts';
import { actorAttribute, buildCaseTrail, caseAttribute, exportAction, exportActivity, type CaseTrail } from './model.ts';
import { exportLegalBasis, exportViewer, type ExportViewer } from './policy.ts';
import { subjectLinesSince } from './store.ts';

export type { CaseTrail } from './model.ts';

export type ExportFormat = 'json' | 'html';

export interface CaseTrailExport {
  trail: CaseTrail;
  /** In which capacity the principal exported. */
  viewer: ExportViewer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANISATION_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The processing-log line of an export. */
export const exportProcessingName = 'Verantwoording opvragen';

const subjectOf = (applicant: DeliveryCase['applicant']): ProcessingSubject => ({
  id: applicant.id,
  type: applicant.kind === 'person' ? 'BSN' : 'KVK',
});

const isAnswered = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/**
 * The trail of one case, for its applicant (or whoever acts for them and may read the case: the
 * mandates engine is asked, as for the case itself), a case handler of its organisation or the
 * ombudsman; anyone else: `delivery.case_not_found`. The export is logged (audit + processing log) first.
 */
export async function exportCaseTrail(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: DeliveryOrigin = internalOrigin(),
  format: ExportFormat = 'json',
): Promise<Result<CaseTrailExport>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!ORGANISATION_CODE.test(organisationCode) || !UUID.test(caseId)) return fail(deliveryFailures.caseNotFound());
  const db = ctx.database.db;
  const kase = await findCase(db, organisationCode, caseId.toLowerCase());
  const viewer = kase ? exportViewer(principal, kase) : null;
  if (!kase || viewer === null) return fail(deliveryFailures.caseNotFound());
  let acting: Acting | null = null;
  if (viewer === 'applicant') {
    const checked = await authorizeForCase(ctx, principal, 'read_case', kase);
    if (!checked.ok) return checked;
    acting = checked.value;
  }
  const subject = subjectOf(kase.applicant);

  const logged = await inUseCase(ctx.database, async (trx) => {
    await recordAudit(trx, {
      actor: auditActorOf(principal, acting),
      action: exportAction,
      object: { type: 'delivery_case', id: kase.id },
      legalBasis: exportLegalBasis[viewer],
      requestId: origin.requestId,
      at: startedAt,
      details: {
        organisationCode: kase.organisationCode,
        caseNumber: kase.caseNumber,
        serviceId: kase.serviceId,
        serviceVersion: kase.serviceVersion,
        form: { id: kase.formId, version: kase.formVersion },
        viewer,
        format,
        ...basisDetails(acting),
      },
    });
    await ctx.processingLog.record(trx, origin.trace, {
      name: exportProcessingName,
      activityId: `${processingActivityBase}${exportActivity}`,
      subjects: [subject],
      organisationCode: kase.organisationCode,
      startedAt,
      endedAt: ctx.clock.now(),
      // No user in the line (LDV), only in what capacity.
      attributes: { [actorAttribute]: viewer === 'applicant' ? 'applicant' : 'official', [caseAttribute]: kase.id },
    });
    return ok(true);
  });
  if (!logged.ok) return logged;

  const [audit, lines, service] = await Promise.all([
    auditTrail(db, 'delivery_case', kase.id),
    subjectLinesSince(db, ctx.processingLog.subjectHash(subject), kase.organisationCode, kase.submittedAt),
    getPublicService(ctx, kase.organisationCode, kase.serviceId),
  ]);
  const term = caseTerm(ctx, kase);
  const trail = buildCaseTrail({
    case: {
      organisationCode: kase.organisationCode,
      id: kase.id,
      caseNumber: kase.caseNumber,
      serviceId: kase.serviceId,
      serviceTitle: service?.service.title ?? null,
      uplUri: kase.uplUri,
      serviceVersion: kase.serviceVersion,
      formId: kase.formId,
      formVersion: kase.formVersion,
      applicant: kase.applicant,
      status: kase.status,
      outcome: kase.outcome,
      receivedOn: kase.receivedOn,
      submittedAt: kase.submittedAt,
      decidedAt: kase.decidedAt,
      answeredFields: Object.entries(kase.answers)
        .filter(([, v]) => isAnswered(v))
        .map(([k]) => k),
    },
    audit,
    lines,
    form: formOfCase(kase),
    term: { dueDate: term.dueDate, steps: term.steps.map((step) => ({ step, explanation: explainTermStep(step) })) },
    generatedAt: startedAt.toISOString(),
  });
  return ok({ trail, viewer });
}
