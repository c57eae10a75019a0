// delivery/apply: the use cases of applying — start or resume a draft (prefilled from the
// registers), save a step (with uploads), submit the draft as a case (through the case service's
// `submitApplication`, idempotent on the draft's id), stop a draft, and the JSON API's direct
// submit and form-with-prefill.
//
// Each change to a draft is one transaction with its audit record. Reading the registers to fill a
// form is processing of personal data by the service's organisation: one processing-log line per
// data subject, in the transaction that stores the prefilled draft.
import { createHash } from 'node:crypto';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import type { Db, Trx } from '../../../platform/db/index.ts';
import { fail, inUseCase, ok, type Failure, type InvalidParam, type Result } from '../../../platform/http/problem.ts';
import { format, formatNumber, type Lang } from '../../../platform/i18n/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { processingActivityBase, type ProcessingSubject } from '../../../platform/processing-log/index.ts';
import { getPublicService, type PublicService } from '../../catalog/index.ts';
import { childrenInCareOf, findBusiness, findPerson } from '../../registry/index.ts';
import {
  allFields,
  findStep,
  prefill,
  summary,
  validateAll,
  validateStep,
  visibleSteps,
  type AnswerValue,
  type AttachmentRef,
  type FieldOf,
  type FormDefinition,
  type FormField,
  type FormProblem,
  type Prefill,
  type PrefillRegisters,
} from '../forms.ts';
import { authorizeAs, auditActorOf, basisDetails, type Acting } from '../acting.ts';
import { actingPersonOf, applicantOf, type Applicant } from '../policy.ts';
import {
  deliveryFailures,
  formFor,
  submitApplication,
  submitAs,
  type DeliveryCase,
  type DeliveryOrigin,
  type SubmitInput,
  type Submitted,
} from '../service.ts';
import { applyMessages } from './messages.ts';
import {
  attachmentRefs,
  checkUpload,
  IDENTIFIER,
  inFormOrder,
  mergeStep,
  ORGANISATION_CODE,
  refsOf,
  stepAfter,
  stepInput,
  toRef,
  UUID,
  type Attachment,
  type Draft,
  type Upload,
  type UploadProblem,
} from './model.ts';
import * as store from './store.ts';

// ---------------------------------------------------------------------------------------------
// Failures

export const applyFailures = {
  draftNotFound: (): Failure => ({
    code: 'delivery.draft_not_found',
    status: 404,
    title: 'Aanvraag niet gevonden',
    detail: 'Er is geen aanvraag in voorbereiding voor deze dienst, of u kunt hem niet zien.',
  }),
  stepNotFound: (): Failure => ({
    code: 'delivery.form.unknown_step',
    status: 404,
    title: 'Stap niet gevonden',
    detail: 'Deze stap hoort niet bij het formulier, of is voor uw aanvraag niet nodig.',
  }),
  uploadUnreadable: (): Failure => ({
    code: 'delivery.upload_unreadable',
    status: 400,
    title: 'Bestand niet gelezen',
    detail: 'Het formulier met het bestand kon niet worden gelezen. Probeer het opnieuw.',
  }),
  /** Internal: another request made the open draft first (answered by reading that one). */
  draftExists: (): Failure => ({
    code: 'delivery.draft_exists',
    status: 409,
    title: 'Aanvraag bestaat al',
    detail: 'Er is al een aanvraag in voorbereiding voor deze dienst.',
  }),
};

/** The step to resume at when every step is done: the summary (not a step id: ids are identifiers). */
export const SUMMARY_STEP = '#controle';

// ---------------------------------------------------------------------------------------------
// Registers

export const prefillActivity = {
  id: `${processingActivityBase}delivery.application.prefill`,
  name: 'Aanvraagformulier vooraf ingevuld uit de basisregistraties',
} as const;

const formUsesPrefill = (form: FormDefinition): boolean => allFields(form).some((f) => f.prefill !== undefined);

/**
 * What the registers know of whom the application is for: a person (the citizen themself, or the
 * one they act for: a child, a represented adult, a mandator) from the BRP, with their children in
 * care; for a business its data from the Handelsregister, and the person acting for it as the
 * contact. Never the acting person's own data for someone else's application. With the subjects read.
 */
export async function registersOf(
  ctx: ModuleContext,
  principal: Principal,
  applicant: Applicant,
): Promise<{ registers: PrefillRegisters; subjects: ProcessingSubject[] }> {
  const subjects: ProcessingSubject[] = [];
  const bsn = applicant.kind === 'person' ? applicant.id : (actingPersonOf(principal)?.id ?? null);
  let person: PrefillRegisters['person'] = null;
  if (bsn !== null) {
    const found = await findPerson(ctx, bsn);
    if (found && found.deathDate === null) {
      // The children in care only of a person applicant, not of someone acting for a business.
      const children = applicant.kind === 'person' ? await childrenInCareOf(ctx, found.bsn) : [];
      person = {
        bsn: found.bsn,
        givenNames: found.givenNames,
        surnamePrefix: found.surnamePrefix,
        surname: found.surname,
        birthDate: found.birthDate,
        address: found.address,
        children: children.map((c) => ({
          bsn: c.bsn,
          givenNames: c.givenNames,
          surnamePrefix: c.surnamePrefix,
          surname: c.surname,
          birthDate: c.birthDate,
        })),
      };
      subjects.push({ id: found.bsn, type: 'BSN' }, ...children.map((c) => ({ id: c.bsn, type: 'BSN' as const })));
    }
  }
  let business: PrefillRegisters['business'] = null;
  if (applicant.kind === 'business') {
    const found = await findBusiness(ctx, applicant.id);
    if (found) {
      business = { kvkNumber: found.kvkNumber, name: found.name, address: found.address };
      subjects.push({ id: found.kvkNumber, type: 'KVK' });
    }
  }
  return { registers: { person, business }, subjects };
}

async function logPrefill(
  ctx: ModuleContext,
  db: Db | Trx,
  origin: DeliveryOrigin,
  organisationCode: string,
  subjects: readonly ProcessingSubject[],
  startedAt: Date,
): Promise<void> {
  if (subjects.length === 0) return;
  await ctx.processingLog.record(db, origin.trace, {
    name: prefillActivity.name,
    activityId: prefillActivity.id,
    subjects,
    organisationCode,
    startedAt,
    endedAt: ctx.clock.now(),
    attributes: { 'loket.actor': 'applicant' },
  });
}

/** The form filled from the registers, with the subjects that were read (none when the form prefills nothing). */
async function prefilled(
  ctx: ModuleContext,
  principal: Principal,
  applicant: Applicant,
  form: FormDefinition,
): Promise<{ filled: Prefill; subjects: ProcessingSubject[] }> {
  if (!formUsesPrefill(form)) return { filled: { answers: {}, prefilled: [], locked: {} }, subjects: [] };
  const { registers, subjects } = await registersOf(ctx, principal, applicant);
  const filled = prefill(form, registers);
  return { filled, subjects: filled.prefilled.length > 0 ? subjects : [] };
}

// ---------------------------------------------------------------------------------------------
// Shared steps

export interface DraftView {
  draft: Draft;
  service: PublicService;
  form: FormDefinition;
  /** Who applies for whom (the draft's applicant), as the mandates engine allowed it just now. */
  acting: Acting;
}

/**
 * The published service, and whom the principal applies for now (themself, or whom they act for)
 * when the mandates engine allows applying for it. Asked anew by every step of applying.
 */
async function serviceFor(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: unknown,
  serviceId: unknown,
): Promise<Result<{ applicant: Applicant; service: PublicService; acting: Acting }>> {
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!applicantOf(principal)) return fail(deliveryFailures.applicantsOnly());
  if (
    typeof organisationCode !== 'string' ||
    !ORGANISATION_CODE.test(organisationCode) ||
    typeof serviceId !== 'string' ||
    !UUID.test(serviceId)
  )
    return fail(deliveryFailures.serviceNotAvailable());
  const service = await getPublicService(ctx, organisationCode.toUpperCase(), serviceId.toLowerCase());
  if (!service) return fail(deliveryFailures.serviceNotAvailable());
  const acting = await authorizeAs(ctx, principal, {
    action: 'apply',
    service: { organisationCode: service.service.organisationCode, serviceId: service.service.id },
  });
  if (!acting.ok) return acting.failure.code === 'mandates.service_not_found' ? fail(deliveryFailures.serviceNotAvailable()) : acting;
  return ok({ applicant: acting.value.subject, service, acting: acting.value });
}

/** The form a draft was started with (the current version of it). */
export const formOfDraft = (draft: Pick<Draft, 'uplUri' | 'formId'>): FormDefinition | undefined => formFor(draft.uplUri, draft.formId);

const auditDraft = (
  trx: Trx,
  principal: Principal,
  acting: Acting,
  origin: DeliveryOrigin,
  at: Date,
  action: 'created' | 'updated' | 'deleted' | 'submitted',
  draft: Pick<Draft, 'id' | 'organisationCode' | 'serviceId'>,
  details: Record<string, unknown>,
): Promise<string> =>
  recordAudit(trx, {
    actor: auditActorOf(principal, acting),
    action: `delivery.draft_${action}`,
    object: { type: 'delivery_draft', id: draft.id },
    requestId: origin.requestId,
    at,
    details: { organisationCode: draft.organisationCode, serviceId: draft.serviceId, ...details, ...basisDetails(acting) },
  });

// ---------------------------------------------------------------------------------------------
// Start, resume, stop

/**
 * Starts the applicant's draft for a published service, prefilled from the registers, or resumes
 * the open one. `offerId`: the accepted proactive offer the application comes from (kept on the draft).
 */
export async function startDraft(
  ctx: ModuleContext,
  principal: Principal,
  input: { organisationCode: string; serviceId: string; offerId?: string | undefined },
  origin: DeliveryOrigin,
): Promise<Result<DraftView>> {
  const startedAt = ctx.clock.now();
  const found = await serviceFor(ctx, principal, input.organisationCode, input.serviceId);
  if (!found.ok) return found;
  const { applicant, service, acting } = found.value;
  const organisationCode = service.service.organisationCode;
  const offerId = input.offerId !== undefined && UUID.test(input.offerId) ? input.offerId.toLowerCase() : null;
  const at = startedAt.toISOString();

  const existing = await store.findOpenDraft(ctx.database.db, applicant, organisationCode, service.service.id);
  if (existing) {
    const form = formOfDraft(existing) ?? formFor(service.service.uplUri, undefined);
    if (!form) return fail(deliveryFailures.unknownForm());
    if (offerId === null || existing.offerId !== null) return ok({ draft: existing, service, form, acting });
    const draft: Draft = { ...existing, offerId, updatedAt: at };
    const updated = await inUseCase(ctx.database, async (trx) => {
      await store.updateDraft(trx, draft);
      await auditDraft(trx, principal, acting, origin, startedAt, 'updated', draft, { offerId });
      return ok(draft);
    });
    return updated.ok ? ok({ draft: updated.value, service, form, acting }) : updated;
  }

  const form = formFor(service.service.uplUri, undefined);
  if (!form) return fail(deliveryFailures.unknownForm());
  const { filled, subjects } = await prefilled(ctx, principal, applicant, form);
  const draft: Draft = {
    id: newId(),
    applicant,
    organisationCode,
    serviceId: service.service.id,
    uplUri: service.service.uplUri,
    formId: form.id,
    formVersion: form.version,
    answers: filled.answers,
    prefilled: filled.prefilled,
    locked: filled.locked,
    currentStep: null,
    offerId,
    caseId: null,
    createdAt: at,
    updatedAt: at,
  };
  const created = await inUseCase(ctx.database, async (trx) => {
    if (!(await store.insertDraft(trx, draft))) return fail(applyFailures.draftExists());
    await auditDraft(trx, principal, acting, origin, startedAt, 'created', draft, {
      form: { id: form.id, version: form.version },
      prefilled: filled.prefilled.map((p) => ({ field: p.field, source: p.source })),
      offerId,
    });
    await logPrefill(ctx, trx, origin, organisationCode, subjects, startedAt);
    return ok(draft);
  });
  if (created.ok) return ok({ draft: created.value, service, form, acting });
  if (created.failure.code === applyFailures.draftExists().code) {
    // A request at the same moment made it: use that one.
    const again = await store.findOpenDraft(ctx.database.db, applicant, organisationCode, service.service.id);
    if (again) return ok({ draft: again, service, form: formOfDraft(again) ?? form, acting });
  }
  return created;
}

/** The applicant's open draft for a service (not created when there is none). */
export async function openDraft(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  serviceId: string,
): Promise<Result<DraftView>> {
  const found = await serviceFor(ctx, principal, organisationCode, serviceId);
  if (!found.ok) return found;
  const { applicant, service, acting } = found.value;
  const draft = await store.findOpenDraft(ctx.database.db, applicant, service.service.organisationCode, service.service.id);
  if (!draft) return fail(applyFailures.draftNotFound());
  const form = formOfDraft(draft);
  if (!form) return fail(deliveryFailures.unknownForm());
  return ok({ draft, service, form, acting });
}

/** Stops an open draft: it and its files are deleted. */
export async function discardDraft(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  serviceId: string,
  origin: DeliveryOrigin,
): Promise<Result<void>> {
  const startedAt = ctx.clock.now();
  const opened = await openDraft(ctx, principal, organisationCode, serviceId);
  if (!opened.ok) return opened;
  const { draft, acting } = opened.value;
  return inUseCase(ctx.database, async (trx) => {
    const files = await store.attachmentsOfDraft(trx, draft.applicant, draft.id);
    await store.deleteAttachments(
      trx,
      draft.applicant,
      files.filter((f) => f.caseId === null).map((f) => f.id),
    );
    await store.deleteDraft(trx, draft.applicant, draft.id);
    await auditDraft(trx, principal, acting, origin, startedAt, 'deleted', draft, { attachmentsDeleted: files.length });
    return ok(undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// One step

/** What the step form asked for: go on, save and stop, add a file, or remove one (by attachment id). */
export type StepAction = 'next' | 'save' | 'upload' | { readonly remove: string };

export interface SaveStepInput {
  organisationCode: string;
  serviceId: string;
  stepId: string;
  /** The posted values (text, lists of text), without the files. */
  posted: Readonly<Record<string, unknown>>;
  uploads: readonly Upload[];
  action: StepAction;
}

export type StepOutcome =
  /** The step was valid and is saved: go to `nextStep` (null: the summary). */
  | { kind: 'next'; view: DraftView; nextStep: string | null }
  /** Saved (what was valid, and the files): stay on the step, or stop for now. */
  | { kind: 'saved'; view: DraftView }
  /** Problems to show; the step's answers were not saved (files that were fine were). */
  | { kind: 'invalid'; view: DraftView; problems: FormProblem[] };

const lowerFirst = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const fieldName = (field: FormField, lang: Lang): string => field.errorName?.[lang] ?? lowerFirst(field.label[lang]);

/** `10000000` → `10 MB` (as the definitions write their limits). */
export function formatBytes(bytes: number, lang: Lang): string {
  if (bytes >= 1_000_000) return `${formatNumber(Math.floor(bytes / 100_000) / 10, lang)} MB`;
  if (bytes >= 1000) return `${formatNumber(Math.floor(bytes / 100) / 10, lang)} kB`;
  return `${formatNumber(bytes, lang)} bytes`;
}

/** What is wrong with a file, as the applicant reads it (`what`: the field's name in the sentence). */
function uploadMessage(problem: UploadProblem, what: string, lang: Lang): string {
  const m = applyMessages(lang);
  switch (problem.code) {
    case 'attachment_type':
      return format(m.attachmentType, { what, types: problem.types });
    case 'attachment_too_large':
      return format(m.attachmentTooLarge, { what, size: formatBytes(problem.maxBytes, lang) });
    case 'too_many_attachments':
      return format(m.tooManyAttachments, { what, max: problem.max });
    case 'invalid_attachment':
      return format(m.invalidAttachment, { what });
  }
}

function uploadProblem(field: FieldOf<'attachment'>, problem: UploadProblem, lang: Lang): FormProblem {
  return {
    field: field.id,
    code: `delivery.form.${problem.code}`,
    message: upperFirst(uploadMessage(problem, fieldName(field, lang), lang)),
  };
}

interface DraftChange {
  answers: Record<string, AnswerValue>;
  currentStep: string | null;
  added: readonly { attachment: Attachment; content: Uint8Array }[];
  removed: readonly string[];
  details: Record<string, unknown>;
}

async function saveDraft(
  ctx: ModuleContext,
  principal: Principal,
  acting: Acting,
  origin: DeliveryOrigin,
  startedAt: Date,
  draft: Draft,
  change: DraftChange,
): Promise<Result<Draft>> {
  const next: Draft = { ...draft, answers: change.answers, currentStep: change.currentStep, updatedAt: startedAt.toISOString() };
  return inUseCase(ctx.database, async (trx) => {
    for (const a of change.added) await store.insertAttachment(trx, a.attachment, a.content);
    await store.deleteAttachments(trx, draft.applicant, change.removed);
    await store.updateDraft(trx, next);
    await auditDraft(trx, principal, acting, origin, startedAt, 'updated', next, {
      ...change.details,
      attachmentsAdded: change.added.map((a) => ({ id: a.attachment.id, field: a.attachment.fieldId, sizeBytes: a.attachment.sizeBytes })),
      attachmentsRemoved: change.removed,
    });
    return ok(next);
  });
}

/**
 * Saves one step of the draft. The posted values are checked with `validateStep` (Dutch or
 * English messages); names that are not fields of this step are refused as forged. Uploaded files
 * are checked against their field (type, content, size, count); one that is refused is not stored.
 * On "next" the step is saved only when all of it is valid; "save", "upload" and "remove" keep what
 * is valid and stay.
 */
export async function saveStep(
  ctx: ModuleContext,
  principal: Principal,
  input: SaveStepInput,
  origin: DeliveryOrigin,
  lang: Lang,
): Promise<Result<StepOutcome>> {
  const startedAt = ctx.clock.now();
  const opened = await openDraft(ctx, principal, input.organisationCode, input.serviceId);
  if (!opened.ok) return opened;
  const { draft, form } = opened.value;
  const step = IDENTIFIER.test(input.stepId) ? findStep(form, input.stepId) : undefined;
  if (!step || !visibleSteps(form, draft.answers).some((s) => s.id === step.id)) return fail(applyFailures.stepNotFound());
  const m = applyMessages(lang);
  const problems: FormProblem[] = [];

  // The files of the step's fields, after a removal.
  const refs: Record<string, AttachmentRef[]> = {};
  for (const f of step.fields) if (f.kind === 'attachment') refs[f.id] = refsOf(draft.answers[f.id]);
  const removed: string[] = [];
  if (typeof input.action === 'object') {
    const id = input.action.remove;
    for (const [field, list] of Object.entries(refs)) {
      if (list.some((r) => r.id === id)) {
        refs[field] = list.filter((r) => r.id !== id);
        removed.push(id);
      }
    }
  }

  // Uploads: only for the attachment fields of this step that the posted answers show.
  const shown = new Set(summary(form, stepInput(step, draft.answers, input.posted, refs).input, lang).map((r) => r.field));
  const added: { attachment: Attachment; content: Uint8Array }[] = [];
  for (const upload of input.uploads) {
    const field = step.fields.find((f) => f.id === upload.fieldId);
    if (!field || field.kind !== 'attachment') {
      problems.push({ field: upload.fieldId, code: 'delivery.form.unknown_field', message: m.unknownField });
      continue;
    }
    if (!shown.has(field.id)) continue;
    const list = refs[field.id] ?? [];
    const checked = checkUpload(field, upload, list.length, m.or);
    if (!checked.ok) {
      problems.push(uploadProblem(field, checked.problem, lang));
      continue;
    }
    const attachment: Attachment = {
      id: newId(),
      applicant: draft.applicant,
      draftId: draft.id,
      organisationCode: draft.organisationCode,
      fieldId: field.id,
      fileName: checked.fileName,
      mimeType: checked.mimeType,
      sizeBytes: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      caseId: null,
      createdAt: startedAt.toISOString(),
    };
    added.push({ attachment, content: upload.content });
    refs[field.id] = [...list, toRef(attachment)];
  }

  const { input: answers, foreign } = stepInput(step, draft.answers, input.posted, refs);
  for (const key of foreign) problems.push({ field: key, code: 'delivery.form.unknown_field', message: m.unknownField });
  const checked = validateStep(form, step.id, answers, ctx.clock.today(), lang, { locked: draft.locked });

  // The draft's answers with only the files changed (what is kept when the step is refused).
  const withFiles = (): Record<string, AnswerValue> => {
    const next: Record<string, AnswerValue> = Object.fromEntries(Object.entries(draft.answers).filter(([k]) => !Object.hasOwn(refs, k)));
    for (const [field, list] of Object.entries(refs)) if (list.length > 0) next[field] = list;
    return next;
  };
  const filesChanged = added.length > 0 || removed.length > 0;

  if (input.action === 'next') {
    if (checked.ok && problems.length === 0) {
      const merged = mergeStep(step, draft.answers, checked.answers);
      const nextStep = stepAfter(visibleSteps(form, merged), step.id);
      const saved = await saveDraft(ctx, principal, opened.value.acting, origin, startedAt, draft, {
        answers: merged,
        currentStep: nextStep ?? SUMMARY_STEP,
        added,
        removed,
        details: { step: step.id, fields: Object.keys(checked.answers) },
      });
      if (!saved.ok) return saved;
      return ok({ kind: 'next', view: { ...opened.value, draft: saved.value }, nextStep });
    }
    let view = opened.value;
    if (filesChanged) {
      const saved = await saveDraft(ctx, principal, opened.value.acting, origin, startedAt, draft, {
        answers: withFiles(),
        currentStep: step.id,
        added,
        removed,
        details: { step: step.id, fields: [] },
      });
      if (!saved.ok) return saved;
      view = { ...view, draft: saved.value };
    }
    const all = [...problems, ...(checked.ok ? [] : checked.problems)];
    return ok({ kind: 'invalid', view, problems: dedupe(inFormOrder(form, all)) });
  }

  // Save for later, add or remove a file: keep what is valid, stay on this step.
  const kept = mergeStep(step, withFiles(), checked.answers);
  for (const f of step.fields)
    if (f.kind === 'attachment' && (refs[f.id]?.length ?? 0) > 0 && kept[f.id] === undefined) kept[f.id] = refs[f.id] ?? [];
  const saved = await saveDraft(ctx, principal, opened.value.acting, origin, startedAt, draft, {
    answers: kept,
    currentStep: step.id,
    added,
    removed,
    details: { step: step.id, fields: Object.keys(checked.answers), kept: true },
  });
  if (!saved.ok) return saved;
  const view = { ...opened.value, draft: saved.value };
  return problems.length > 0 ? ok({ kind: 'invalid', view, problems: inFormOrder(form, problems) }) : ok({ kind: 'saved', view });
}

/** One message per field (the first), so the summary does not repeat itself. */
function dedupe(problems: readonly FormProblem[]): FormProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Submit

export interface DraftSubmitted {
  organisationCode: string;
  caseId: string;
  caseNumber: string | null;
  /** True when this draft was submitted before: the same case. */
  replayed: boolean;
}

const toInvalidParams = (problems: readonly FormProblem[]): InvalidParam[] =>
  problems.map((p) => ({ name: p.field, code: p.code, reason: p.message }));

/**
 * Submits a draft as a case, with the draft's id as idempotency key: a second submit (a double
 * click, a reload) gives the same case. Afterwards the draft is marked submitted (its answers now
 * live in the case) and its files are linked with the case; files no longer used are deleted.
 */
export async function submitDraft(
  ctx: ModuleContext,
  principal: Principal,
  input: { organisationCode: string; serviceId: string; draftId: string },
  origin: DeliveryOrigin,
  lang: Lang,
): Promise<Result<DraftSubmitted>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(deliveryFailures.loginRequired());
  if (!applicantOf(principal)) return fail(deliveryFailures.applicantsOnly());
  if (!UUID.test(input.draftId) || !ORGANISATION_CODE.test(input.organisationCode) || !UUID.test(input.serviceId))
    return fail(applyFailures.draftNotFound());
  const authorized = await authorizeAs(ctx, principal, {
    action: 'apply',
    service: { organisationCode: input.organisationCode.toUpperCase(), serviceId: input.serviceId.toLowerCase() },
  });
  if (!authorized.ok)
    return authorized.failure.code === 'mandates.service_not_found' ? fail(deliveryFailures.serviceNotAvailable()) : authorized;
  const acting = authorized.value;
  const applicant = acting.subject;
  const draft = await store.findDraft(ctx.database.db, applicant, input.draftId.toLowerCase());
  if (!draft || draft.organisationCode !== input.organisationCode.toUpperCase() || draft.serviceId !== input.serviceId.toLowerCase())
    return fail(applyFailures.draftNotFound());
  if (draft.caseId !== null)
    return ok({ organisationCode: draft.organisationCode, caseId: draft.caseId, caseNumber: null, replayed: true });

  const form = formOfDraft(draft);
  if (!form) return fail(deliveryFailures.unknownForm());
  const checked = validateAll(form, draft.answers, ctx.clock.today(), lang, { locked: draft.locked });
  if (!checked.ok) return fail(deliveryFailures.invalidAnswers(toInvalidParams(inFormOrder(form, checked.problems))));
  const used = attachmentRefs(form, checked.answers).map((r) => r.ref.id);

  const submitted = await submitAs(
    ctx,
    principal,
    acting,
    {
      organisationCode: draft.organisationCode,
      serviceId: draft.serviceId,
      formId: draft.formId,
      answers: checked.answers,
      idempotencyKey: draft.id,
    },
    origin,
  );
  if (!submitted.ok) return submitted;
  const kase = submitted.value.case;
  const marked = await inUseCase(ctx.database, async (trx) => {
    const files = await store.attachmentsOfDraft(trx, applicant, draft.id);
    await store.linkAttachmentsToCase(trx, applicant, used, kase.id);
    await store.deleteAttachments(
      trx,
      applicant,
      files.filter((f) => f.caseId === null && !used.includes(f.id)).map((f) => f.id),
    );
    await store.markDraftSubmitted(trx, applicant, draft.id, kase.id, startedAt.toISOString());
    await auditDraft(trx, principal, acting, origin, startedAt, 'submitted', draft, {
      caseId: kase.id,
      caseNumber: kase.caseNumber,
      caseOrganisationCode: kase.organisationCode,
      attachments: used.length,
    });
    return ok(undefined);
  });
  if (!marked.ok) return marked;
  return ok({ organisationCode: kase.organisationCode, caseId: kase.id, caseNumber: kase.caseNumber, replayed: submitted.value.replayed });
}

// ---------------------------------------------------------------------------------------------
// JSON API

/** Where each attachment ref of the answers must point: a file the applicant uploaded, not yet part of a case. */
async function checkAttachmentRefs(
  ctx: ModuleContext,
  applicant: Applicant,
  form: FormDefinition,
  answers: Readonly<Record<string, AnswerValue>>,
): Promise<InvalidParam[]> {
  const refs = attachmentRefs(form, answers);
  const ids = refs.map((r) => r.ref.id).filter((id) => UUID.test(id));
  const stored = new Map((await store.findAttachments(ctx.database.db, applicant, ids)).map((a) => [a.id, a]));
  const issues: InvalidParam[] = [];
  const m = applyMessages('nl');
  for (const { field, ref } of refs) {
    const a = stored.get(ref.id);
    if (!a || a.caseId !== null || a.fileName !== ref.fileName || a.mimeType !== ref.mimeType || a.sizeBytes !== ref.sizeBytes) {
      const f = allFields(form).find((x) => x.id === field);
      issues.push({
        name: field,
        code: 'delivery.form.invalid_attachment',
        reason: upperFirst(format(m.invalidAttachment, { what: f ? fieldName(f, 'nl') : field })),
      });
    }
  }
  return issues;
}

/**
 * The API's submit: the answers are checked against the form with the caller's register data
 * (prefilled values that may not be changed are enforced), attachment refs must point to the
 * caller's own uploads, then `submitApplication` makes the case (idempotent on the key).
 */
export async function applyViaApi(
  ctx: ModuleContext,
  principal: Principal,
  input: SubmitInput,
  origin: DeliveryOrigin,
): Promise<Result<Submitted>> {
  const startedAt = ctx.clock.now();
  const found = await serviceFor(ctx, principal, input.organisationCode, input.serviceId);
  // No such service: the case service answers (a repeated key still gives one's own case). Not
  // allowed to apply for it (no mandate for this service, too low a level): that refusal.
  if (!found.ok)
    return found.failure.code === deliveryFailures.serviceNotAvailable().code ? submitApplication(ctx, principal, input, origin) : found;
  const { applicant, service, acting } = found.value;
  const form = formFor(service.service.uplUri, input.formId);
  if (!form) return submitApplication(ctx, principal, input, origin);
  const { filled, subjects } = await prefilled(ctx, principal, applicant, form);
  await logPrefill(ctx, ctx.database.db, origin, service.service.organisationCode, subjects, startedAt);
  const checked = validateAll(form, input.answers, ctx.clock.today(), 'nl', { locked: filled.locked });
  if (!checked.ok) return fail(deliveryFailures.invalidAnswers(toInvalidParams(inFormOrder(form, checked.problems))));
  const issues = await checkAttachmentRefs(ctx, applicant, form, checked.answers);
  if (issues.length > 0) return fail(deliveryFailures.invalidAnswers(issues));
  const submitted = await submitAs(
    ctx,
    principal,
    acting,
    {
      organisationCode: service.service.organisationCode,
      serviceId: service.service.id,
      formId: form.id,
      answers: checked.answers,
      idempotencyKey: input.idempotencyKey,
    },
    origin,
  );
  if (!submitted.ok || submitted.value.replayed) return submitted;
  const used = attachmentRefs(form, checked.answers).map((r) => r.ref.id);
  if (used.length > 0) {
    const kase: DeliveryCase = submitted.value.case;
    await inUseCase(ctx.database, async (trx) => {
      await store.linkAttachmentsToCase(trx, applicant, used, kase.id);
      return ok(undefined);
    });
  }
  return submitted;
}

/** The form of a service with the caller's prefill (the registers are read and the reading logged). */
export async function formWithPrefill(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  serviceId: string,
  origin: DeliveryOrigin,
): Promise<Result<{ service: PublicService; form: FormDefinition; prefill: Prefill }>> {
  const startedAt = ctx.clock.now();
  const found = await serviceFor(ctx, principal, organisationCode, serviceId);
  if (!found.ok) return found;
  const { service, applicant } = found.value;
  const form = formFor(service.service.uplUri, undefined);
  if (!form) return fail(deliveryFailures.unknownForm());
  const { filled, subjects } = await prefilled(ctx, principal, applicant, form);
  await logPrefill(ctx, ctx.database.db, origin, service.service.organisationCode, subjects, startedAt);
  return ok({ service, form, prefill: filled });
}

/** The files of a case (without content): for the case pages. Only the applicant's own uploads are linked to a case. */
export function attachmentsOfCase(
  ctx: ModuleContext,
  kase: Pick<DeliveryCase, 'organisationCode' | 'id' | 'applicant'>,
): Promise<Attachment[]> {
  return store.attachmentsOfCase(ctx.database.db, kase.organisationCode, kase.id, kase.applicant);
}
