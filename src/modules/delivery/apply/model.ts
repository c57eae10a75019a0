// delivery/apply: drafts of applications and their attachments — the types and the pure rules.
// Where the pages live, how an uploaded file is checked (the field's accepted types and size,
// the file's first bytes against its declared type), and how a step's posted values become answers.
// Pure: no I/O, no clock.
import type { AnswerValue, Answers, AttachmentRef, FieldOf, FormDefinition, FormProblem, FormStep, PrefilledField } from '../forms.ts';
import { formLimits } from '../forms.ts';
import type { Applicant } from '../policy.ts';

// ---------------------------------------------------------------------------------------------
// Paths

/** Where the application pages live (under the catalog's service page). */
export const applyPaths = {
  start: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}/aanvragen`,
  step: (organisationCode: string, serviceId: string, stepId: string): string =>
    `/diensten/${organisationCode}/${serviceId}/aanvragen/stap/${stepId}`,
  summary: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}/aanvragen/controle`,
  submit: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}/aanvragen/versturen`,
  saved: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}/aanvragen/bewaard`,
  discard: (organisationCode: string, serviceId: string): string => `/diensten/${organisationCode}/${serviceId}/aanvragen/stoppen`,
  receipt: (organisationCode: string, caseId: string): string => `/zaken/${organisationCode}/${caseId}/ontvangen`,
  case: (organisationCode: string, caseId: string): string => `/zaken/${organisationCode}/${caseId}`,
  myCases: '/zaken',
} as const;

export const applyApi = {
  applications: '/api/v1/applications',
  form: (organisationCode: string, serviceId: string): string => `/api/v1/services/${organisationCode}/${serviceId}/form`,
} as const;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Organisation codes as the catalog's pages accept them (GM0363, RVIG …). */
export const ORGANISATION_CODE = /^[A-Za-z0-9-]{2,20}$/;
/** Step and field ids (forms.ts: camelCase identifiers). */
export const IDENTIFIER = /^[a-z][a-zA-Z0-9]{0,63}$/;

// ---------------------------------------------------------------------------------------------
// Drafts

/** An application being filled in: the answers so far, per applicant and service. */
export interface Draft {
  readonly id: string;
  readonly applicant: Applicant;
  readonly organisationCode: string;
  readonly serviceId: string;
  readonly uplUri: string;
  readonly formId: string;
  readonly formVersion: number;
  readonly answers: Answers;
  /** Which fields were filled from the registers, from where, and whether they may be changed. */
  readonly prefilled: readonly PrefilledField[];
  /** The prefilled answers that may not be changed (`validateStep`/`validateAll` option `locked`). */
  readonly locked: Answers;
  /** The step to resume at; `null`: the first. */
  readonly currentStep: string | null;
  /** The accepted proactive offer this application comes from. */
  readonly offerId: string | null;
  /** Set once submitted: the case it became (the draft then only answers a repeated submit). */
  readonly caseId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A stored upload (its content is read separately). */
export interface Attachment {
  readonly id: string;
  readonly applicant: Applicant;
  readonly draftId: string;
  readonly organisationCode: string;
  readonly fieldId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly caseId: string | null;
  readonly createdAt: string;
}

export const toRef = (a: Pick<Attachment, 'id' | 'fileName' | 'mimeType' | 'sizeBytes'>): AttachmentRef => ({
  id: a.id,
  fileName: a.fileName,
  mimeType: a.mimeType,
  sizeBytes: a.sizeBytes,
});

/** The attachment refs of a field's answer (an empty list when there are none or the value is not a list of refs). */
export function refsOf(value: AnswerValue | undefined): AttachmentRef[] {
  if (!Array.isArray(value)) return [];
  return (value as readonly unknown[]).filter(
    (v): v is AttachmentRef => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string',
  );
}

/** Every attachment ref in a form's answers, by field. */
export function attachmentRefs(definition: FormDefinition, answers: Answers): { field: string; ref: AttachmentRef }[] {
  return definition.steps
    .flatMap((s) => s.fields)
    .filter((f) => f.kind === 'attachment')
    .flatMap((f) => refsOf(Object.hasOwn(answers, f.id) ? answers[f.id] : undefined).map((ref) => ({ field: f.id, ref })));
}

// ---------------------------------------------------------------------------------------------
// Uploads

/** A file as it arrived in a form post: its name and declared type, the bytes read, and whether it was cut off at the size limit. */
export interface Upload {
  readonly fieldId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: Uint8Array;
  /** True when the file was larger than what was read (the limit of the upload). */
  readonly truncated: boolean;
}

export type UploadProblem =
  | { readonly code: 'attachment_type'; readonly types: string }
  | { readonly code: 'attachment_too_large'; readonly maxBytes: number }
  | { readonly code: 'too_many_attachments'; readonly max: number }
  | { readonly code: 'invalid_attachment' };

/** How a file of these types starts (magic numbers). A type not listed is taken on its name and declared type. */
const signatures: Readonly<Record<string, readonly (readonly number[])[]>> = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
  'application/zip': [[0x50, 0x4b, 0x03, 0x04]],
};

/** Does the content start as files of this type do? (True for types without a known signature.) */
export function contentMatchesType(mimeType: string, content: Uint8Array): boolean {
  const known = signatures[mimeType];
  if (!known) return true;
  return known.some((sig) => sig.length <= content.length && sig.every((b, i) => content[i] === b));
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The name as stored: the last path segment (some browsers send a full path), NFC. Null when unusable. */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[/\\]/).pop()?.normalize('NFC').trim() ?? '';
  if (base === '' || base === '.' || base === '..' || base.length > formLimits.fileNameMax || CONTROL.test(base)) return null;
  return base;
}

/** The accepted file kinds of a field as people read them: "PDF, JPG of PNG". */
export function acceptedTypes(field: FieldOf<'attachment'>, or: string): string {
  const types = [...new Set(field.accept.flatMap((a) => a.extensions))].map((e) => e.toUpperCase());
  const last = types.pop() ?? '';
  return types.length > 0 ? `${types.join(', ')} ${or} ${last}` : last;
}

/**
 * Checks one upload against its field: the name's extension and the declared type must be one of
 * the field's accepted pairs, the content must look like that type, the size must be within the
 * field's maximum, and the field may not get more files than it allows.
 */
export function checkUpload(
  field: FieldOf<'attachment'>,
  upload: Upload,
  existingCount: number,
  or: string,
): { ok: true; fileName: string; mimeType: string } | { ok: false; problem: UploadProblem } {
  const fileName = cleanFileName(upload.fileName);
  if (fileName === null) return { ok: false, problem: { code: 'invalid_attachment' } };
  if (existingCount >= field.maxCount) return { ok: false, problem: { code: 'too_many_attachments', max: field.maxCount } };
  if (upload.truncated || upload.content.length > field.maxSizeBytes)
    return { ok: false, problem: { code: 'attachment_too_large', maxBytes: field.maxSizeBytes } };
  const mimeType = upload.mimeType.trim().toLowerCase();
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const accepted = field.accept.some((a) => a.mimeType === mimeType && a.extensions.includes(extension));
  if (!accepted || !contentMatchesType(mimeType, upload.content))
    return { ok: false, problem: { code: 'attachment_type', types: acceptedTypes(field, or) } };
  if (upload.content.length === 0) return { ok: false, problem: { code: 'invalid_attachment' } };
  return { ok: true, fileName, mimeType };
}

/** The largest file any attachment field of these forms accepts (within the hard limit): what an upload may be read up to. */
export function largestAttachment(forms: readonly FormDefinition[]): number {
  let max = 1;
  for (const form of forms)
    for (const step of form.steps) for (const f of step.fields) if (f.kind === 'attachment') max = Math.max(max, f.maxSizeBytes);
  return Math.min(max, formLimits.attachmentMaxBytes);
}

// ---------------------------------------------------------------------------------------------
// Steps

/** The names a step form posts besides its fields. */
export const controlNames = ['_csrf', 'actie', 'verwijderen'] as const;

/**
 * The answers to check for one step: the draft's answers with the step's posted values in place of
 * its fields' (attachments: the given refs). Posted names that are not fields of this step are
 * returned as `foreign` (forged or stale: refused).
 */
export function stepInput(
  step: FormStep,
  draftAnswers: Answers,
  posted: Readonly<Record<string, unknown>>,
  attachments: Readonly<Record<string, readonly AttachmentRef[]>>,
): { input: Record<string, unknown>; foreign: string[] } {
  const own = new Set(step.fields.map((f) => f.id));
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(draftAnswers).filter(([k]) => !own.has(k)));
  for (const field of step.fields) {
    if (field.kind === 'attachment') {
      const refs = attachments[field.id] ?? [];
      if (refs.length > 0) input[field.id] = refs;
    } else if (Object.hasOwn(posted, field.id)) {
      input[field.id] = posted[field.id];
    }
  }
  const foreign = Object.keys(posted).filter((k) => !own.has(k) && !(controlNames as readonly string[]).includes(k));
  return { input, foreign };
}

/** The draft's answers after a step was saved: the step's fields replaced by `stepAnswers` (fields now hidden drop out). */
export function mergeStep(step: FormStep, draftAnswers: Answers, stepAnswers: Answers): Record<string, AnswerValue> {
  const merged: Record<string, AnswerValue> = {};
  const own = new Set(step.fields.map((f) => f.id));
  for (const [k, v] of Object.entries(draftAnswers)) if (!own.has(k)) merged[k] = v;
  for (const [k, v] of Object.entries(stepAnswers)) if (own.has(k)) merged[k] = v;
  return merged;
}

/** The step after `stepId` among the visible ones, or null after the last. */
export function stepAfter(visible: readonly FormStep[], stepId: string): string | null {
  const i = visible.findIndex((s) => s.id === stepId);
  return i >= 0 ? (visible[i + 1]?.id ?? null) : (visible[0]?.id ?? null);
}

/** The step before `stepId` among the visible ones, or null for the first. */
export function stepBefore(visible: readonly FormStep[], stepId: string): string | null {
  const i = visible.findIndex((s) => s.id === stepId);
  return i > 0 ? (visible[i - 1]?.id ?? null) : null;
}

/** Problems sorted in the order of the form's fields (the error summary follows the page). */
export function inFormOrder(definition: FormDefinition, problems: readonly FormProblem[]): FormProblem[] {
  const order = new Map(definition.steps.flatMap((s) => s.fields).map((f, i) => [f.id, i] as const));
  return [...problems].sort((a, b) => (order.get(a.field) ?? -1) - (order.get(b.field) ?? -1));
}
