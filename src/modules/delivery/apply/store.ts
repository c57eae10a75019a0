// delivery/apply: all SQL of drafts and attachments.
//
// Sharding (ARCHITECTURE.md, Scale path): a draft and an upload belong to their applicant, so the
// applicant (kind, id) leads both primary keys. One open draft per applicant and service (a partial
// unique index: submitted drafts are kept, without their answers, to answer a repeated submit).
// Attachments outlive their draft: once submitted they carry the case's id.
import { sql } from 'kysely';
import { readJson, writeJson, type Db, type MigrationSet, type Trx } from '../../../platform/db/index.ts';
import type { Answers, PrefilledField } from '../forms.ts';
import type { Applicant, ApplicantKind } from '../policy.ts';
import type { Attachment, Draft } from './model.ts';

export interface DeliveryDraftTable {
  applicant_kind: string;
  applicant_id: string;
  id: string;
  organisation_code: string;
  service_id: string;
  upl_uri: string;
  form_id: string;
  form_version: number;
  answers: string;
  /** `{ prefilled, locked }`: which fields came from the registers, and the values that may not change. */
  prefill: string;
  current_step: string | null;
  offer_id: string | null;
  case_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveryAttachmentTable {
  applicant_kind: string;
  applicant_id: string;
  id: string;
  draft_id: string;
  organisation_code: string;
  field_id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  case_id: string | null;
  created_at: string;
}

export type ApplyTables = {
  delivery_draft: DeliveryDraftTable;
  delivery_attachment: DeliveryAttachmentTable;
};

const tables = (db: Db | Trx) => db.withTables<ApplyTables>();

interface StoredPrefill {
  prefilled: PrefilledField[];
  locked: Answers;
}

/** The applicant a row belongs to. */
const applicantOfRow = (r: { applicant_kind: string; applicant_id: string }): Applicant => ({
  kind: r.applicant_kind as ApplicantKind,
  id: r.applicant_id,
});

function toDraft(r: DeliveryDraftTable): Draft {
  const prefill = readJson<Partial<StoredPrefill>>(r.prefill);
  return {
    id: r.id,
    applicant: applicantOfRow(r),
    organisationCode: r.organisation_code,
    serviceId: r.service_id,
    uplUri: r.upl_uri,
    formId: r.form_id,
    formVersion: r.form_version,
    answers: readJson<Answers>(r.answers),
    prefilled: prefill.prefilled ?? [],
    locked: prefill.locked ?? {},
    currentStep: r.current_step,
    offerId: r.offer_id,
    caseId: r.case_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const attachmentColumns = [
  'applicant_kind',
  'applicant_id',
  'id',
  'draft_id',
  'organisation_code',
  'field_id',
  'file_name',
  'mime_type',
  'size_bytes',
  'sha256',
  'case_id',
  'created_at',
] as const;

function toAttachment(r: Omit<DeliveryAttachmentTable, 'content'>): Attachment {
  return {
    id: r.id,
    applicant: applicantOfRow(r),
    draftId: r.draft_id,
    organisationCode: r.organisation_code,
    fieldId: r.field_id,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    caseId: r.case_id,
    createdAt: r.created_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Drafts

/** The applicant's drafts: the applicant leads the primary key. */
const draftsOf = (db: Db | Trx, applicant: Applicant) =>
  tables(db).selectFrom('delivery_draft').selectAll().where('applicant_kind', '=', applicant.kind).where('applicant_id', '=', applicant.id);

/** Stores a new draft unless the applicant has an open one for the service; returns whether it was stored. */
export async function insertDraft(trx: Trx, d: Draft): Promise<boolean> {
  const result = await tables(trx)
    .insertInto('delivery_draft')
    .values({
      applicant_kind: d.applicant.kind,
      applicant_id: d.applicant.id,
      id: d.id,
      organisation_code: d.organisationCode,
      service_id: d.serviceId,
      upl_uri: d.uplUri,
      form_id: d.formId,
      form_version: d.formVersion,
      answers: writeJson(d.answers),
      prefill: writeJson({ prefilled: d.prefilled, locked: d.locked }),
      current_step: d.currentStep,
      offer_id: d.offerId,
      case_id: d.caseId,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['applicant_kind', 'applicant_id', 'organisation_code', 'service_id']).where('case_id', 'is', null).doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The applicant's open (not yet submitted) draft for a service. */
export async function findOpenDraft(
  db: Db | Trx,
  applicant: Applicant,
  organisationCode: string,
  serviceId: string,
): Promise<Draft | undefined> {
  const r = await draftsOf(db, applicant)
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return r ? toDraft(r) : undefined;
}

/** One of the applicant's drafts (open or submitted) by id. `id` must be a UUID. */
export async function findDraft(db: Db | Trx, applicant: Applicant, id: string): Promise<Draft | undefined> {
  const r = await draftsOf(db, applicant).where('id', '=', id).executeTakeFirst();
  return r ? toDraft(r) : undefined;
}

/** Writes the changeable parts of a draft: answers, the step to resume at, the offer. */
export async function updateDraft(
  trx: Trx,
  d: Pick<Draft, 'applicant' | 'id' | 'answers' | 'currentStep' | 'offerId' | 'updatedAt'>,
): Promise<void> {
  await tables(trx)
    .updateTable('delivery_draft')
    .set({ answers: writeJson(d.answers), current_step: d.currentStep, offer_id: d.offerId, updated_at: d.updatedAt })
    .where('applicant_kind', '=', d.applicant.kind)
    .where('applicant_id', '=', d.applicant.id)
    .where('id', '=', d.id)
    .execute();
}

/** Marks a draft submitted: it keeps only the case it became (its answers now live in the case). */
export async function markDraftSubmitted(trx: Trx, applicant: Applicant, id: string, caseId: string, at: string): Promise<void> {
  await tables(trx)
    .updateTable('delivery_draft')
    .set({ case_id: caseId, answers: writeJson({}), prefill: writeJson({}), current_step: null, updated_at: at })
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('id', '=', id)
    .execute();
}

export async function deleteDraft(trx: Trx, applicant: Applicant, id: string): Promise<void> {
  await tables(trx)
    .deleteFrom('delivery_draft')
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** The applicant's attachments, without their content: the applicant leads the primary key. */
const attachmentsOf = (db: Db | Trx, applicant: Applicant) =>
  tables(db)
    .selectFrom('delivery_attachment')
    .select(attachmentColumns)
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id);

export async function insertAttachment(trx: Trx, a: Attachment, content: Uint8Array): Promise<void> {
  await tables(trx)
    .insertInto('delivery_attachment')
    .values({
      applicant_kind: a.applicant.kind,
      applicant_id: a.applicant.id,
      id: a.id,
      draft_id: a.draftId,
      organisation_code: a.organisationCode,
      field_id: a.fieldId,
      file_name: a.fileName,
      mime_type: a.mimeType,
      size_bytes: a.sizeBytes,
      sha256: a.sha256,
      content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
      case_id: a.caseId,
      created_at: a.createdAt,
    })
    .execute();
}

/** The applicant's attachments with these ids (without content). Every id must be a UUID. */
export async function findAttachments(db: Db | Trx, applicant: Applicant, ids: readonly string[]): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  const rows = await attachmentsOf(db, applicant)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toAttachment);
}

/** The attachments uploaded for a draft (without content), oldest first. */
export async function attachmentsOfDraft(db: Db | Trx, applicant: Applicant, draftId: string): Promise<Attachment[]> {
  const rows = await attachmentsOf(db, applicant).where('draft_id', '=', draftId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAttachment);
}

/** The attachments of a case (without content), for its pages and its handler. */
export async function attachmentsOfCase(
  db: Db | Trx,
  organisationCode: string,
  caseId: string,
  applicant: Applicant,
): Promise<Attachment[]> {
  const rows = await attachmentsOf(db, applicant)
    .where('organisation_code', '=', organisationCode)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/** One attachment with its content. `id` must be a UUID. */
export async function readAttachmentContent(
  db: Db | Trx,
  applicant: Applicant,
  id: string,
): Promise<{ attachment: Attachment; content: Buffer } | undefined> {
  const r = await tables(db)
    .selectFrom('delivery_attachment')
    .selectAll()
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const { content, ...rest } = r;
  return { attachment: toAttachment(rest), content: Buffer.from(content) };
}

export async function deleteAttachments(trx: Trx, applicant: Applicant, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tables(trx)
    .deleteFrom('delivery_attachment')
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('id', 'in', [...ids])
    .execute();
}

/** Links the attachments a case refers to with the case. */
export async function linkAttachmentsToCase(trx: Trx, applicant: Applicant, ids: readonly string[], caseId: string): Promise<void> {
  if (ids.length === 0) return;
  await tables(trx)
    .updateTable('delivery_attachment')
    .set({ case_id: caseId })
    .where('applicant_kind', '=', applicant.kind)
    .where('applicant_id', '=', applicant.id)
    .where('id', 'in', [...ids])
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Migrations

export const applyMigrations: MigrationSet = {
  '2026-11-29-830-delivery-drafts': async (db, t) => {
    await db.schema
      .createTable('delivery_draft')
      .addColumn('applicant_kind', 'text', (c) => c.notNull())
      .addColumn('applicant_id', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('upl_uri', 'text', (c) => c.notNull())
      .addColumn('form_id', 'text', (c) => c.notNull())
      .addColumn('form_version', 'integer', (c) => c.notNull())
      .addColumn('answers', t.json, (c) => c.notNull())
      .addColumn('prefill', t.json, (c) => c.notNull())
      .addColumn('current_step', 'text')
      .addColumn('offer_id', t.uuid)
      .addColumn('case_id', t.uuid)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_draft_pk', ['applicant_kind', 'applicant_id', 'id'])
      .addCheckConstraint('delivery_draft_applicant_kind', sql`applicant_kind in ('person', 'business')`)
      .execute();
    // One open draft per applicant and service.
    await db.schema
      .createIndex('delivery_draft_open')
      .unique()
      .on('delivery_draft')
      .columns(['applicant_kind', 'applicant_id', 'organisation_code', 'service_id'])
      .where(sql.ref('case_id'), 'is', null)
      .execute();

    await db.schema
      .createTable('delivery_attachment')
      .addColumn('applicant_kind', 'text', (c) => c.notNull())
      .addColumn('applicant_id', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('draft_id', t.uuid, (c) => c.notNull())
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('field_id', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', t.bigint, (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      // platform/db has no binary column type yet: bytea on PostgreSQL, blob on SQLite.
      .addColumn('content', t.dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('case_id', t.uuid)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_attachment_pk', ['applicant_kind', 'applicant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('delivery_attachment_draft')
      .on('delivery_attachment')
      .columns(['applicant_kind', 'applicant_id', 'draft_id'])
      .execute();
    await db.schema.createIndex('delivery_attachment_case').on('delivery_attachment').columns(['organisation_code', 'case_id']).execute();
  },
};
