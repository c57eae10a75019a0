// All SQL for feedback on services and requests for new services.
//
// Sharding (ARCHITECTURE.md, Scale path): feedback belongs to the organisation that offers the
// service, so organisation_code leads its primary key and its foreign key to `service`. A request
// may be addressed to no organisation at all ("any government"), so it is keyed by its own id, and
// its supports by (request_id, supporter_hash): they live with their request.
//
// Who gave feedback or asked is stored only as a keyed hash (`giver_hash`, `requester_hash`,
// `supporter_hash`) and a kind; the organisation never reads a BSN or KVK number here.
import { sql } from 'kysely';
import { readCount, type Db, type MigrationSet, type Trx } from '../../../platform/db/index.ts';
import type { CatalogTables } from '../store.ts';
import type { FeedbackItem, GiverKind, Rating, RequestAudience, RequestSort, RequestStatus, ServiceRequest } from './model.ts';

export interface ServiceFeedbackTable {
  organisation_code: string;
  id: string;
  service_id: string;
  upl_uri: string;
  giver_kind: string;
  giver_hash: string;
  given_on: string;
  rating: number;
  text: string | null;
  created_at: string;
  answer_text: string | null;
  answered_at: string | null;
  /** The official who answered (officials act in their role; they are no protected subject here). */
  answered_by: string | null;
}

export interface ServiceRequestTable {
  id: string;
  organisation_code: string | null;
  title: string;
  description: string | null;
  audience: string;
  requester_kind: string;
  requester_hash: string;
  status: string;
  support_count: number;
  created_at: string;
  updated_at: string;
  answer_text: string | null;
  answered_at: string | null;
  answered_by: string | null;
}

export interface ServiceRequestSupportTable {
  request_id: string;
  supporter_hash: string;
  supported_at: string;
}

// A type alias (not an interface), as Kysely's withTables needs an index signature.
export type FeedbackTables = {
  service_feedback: ServiceFeedbackTable;
  service_request: ServiceRequestTable;
  service_request_support: ServiceRequestSupportTable;
};

const tables = (db: Db | Trx) => db.withTables<FeedbackTables & Pick<CatalogTables, 'service'>>();

// ---------------------------------------------------------------------------------------------
// Feedback

function toFeedback(r: ServiceFeedbackTable): FeedbackItem {
  return {
    id: r.id,
    organisationCode: r.organisation_code,
    serviceId: r.service_id,
    rating: r.rating as Rating,
    text: r.text,
    givenOn: r.given_on,
    giverKind: r.giver_kind as GiverKind,
    answer: r.answer_text !== null && r.answered_at !== null ? { text: r.answer_text, answeredAt: r.answered_at } : null,
  };
}

/**
 * Stores a feedback item unless this giver already gave feedback on this service that day
 * (the unique key decides, also between concurrent requests). Returns whether it was stored.
 */
export async function insertFeedback(trx: Trx, row: ServiceFeedbackTable): Promise<boolean> {
  const result = await tables(trx)
    .insertInto('service_feedback')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_code', 'service_id', 'giver_hash', 'given_on']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function findFeedback(
  db: Db | Trx,
  organisationCode: string,
  id: string,
): Promise<(FeedbackItem & { uplUri: string }) | undefined> {
  const r = await tables(db)
    .selectFrom('service_feedback')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...toFeedback(r), uplUri: r.upl_uri } : undefined;
}

/** Sets the answer if there is none yet; returns whether it did. */
export async function answerFeedback(
  trx: Trx,
  organisationCode: string,
  id: string,
  answer: { text: string; at: string; by: string },
): Promise<boolean> {
  const result = await tables(trx)
    .updateTable('service_feedback')
    .set({ answer_text: answer.text, answered_at: answer.at, answered_by: answer.by })
    .where('organisation_code', '=', organisationCode)
    .where('id', '=', id)
    .where('answer_text', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A service's feedback, newest first. */
export async function listServiceFeedback(
  db: Db | Trx,
  organisationCode: string,
  serviceId: string,
  page: { limit: number; offset: number },
): Promise<{ items: FeedbackItem[]; total: number }> {
  const base = tables(db)
    .selectFrom('service_feedback')
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(toFeedback), total: readCount(count?.n) };
}

/** One giver's feedback on one service, newest first. */
export async function listOwnFeedback(
  db: Db | Trx,
  organisationCode: string,
  serviceId: string,
  giverHash: string,
): Promise<FeedbackItem[]> {
  const rows = await tables(db)
    .selectFrom('service_feedback')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId)
    .where('giver_hash', '=', giverHash)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map(toFeedback);
}

/** All feedback on an organisation's services, newest first, with the service's title. */
export async function listOrganisationFeedback(
  db: Db | Trx,
  organisationCode: string,
  page: { limit: number; offset: number },
): Promise<{ items: (FeedbackItem & { serviceTitle: string })[]; total: number }> {
  const [rows, count] = await Promise.all([
    tables(db)
      .selectFrom('service_feedback as f')
      .innerJoin('service as s', (j) => j.onRef('s.organisation_code', '=', 'f.organisation_code').onRef('s.id', '=', 'f.service_id'))
      .selectAll('f')
      .select('s.title as service_title')
      .where('f.organisation_code', '=', organisationCode)
      .orderBy('f.created_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    tables(db)
      .selectFrom('service_feedback')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_code', '=', organisationCode)
      .executeTakeFirst(),
  ]);
  return { items: rows.map((r) => ({ ...toFeedback(r), serviceTitle: r.service_title })), total: readCount(count?.n) };
}

/** Items per rating and how many are answered: the input of the public summary. */
export async function feedbackCounts(
  db: Db | Trx,
  organisationCode: string,
  serviceId: string,
): Promise<{ perRating: Map<number, number>; answered: number }> {
  const rows = await tables(db)
    .selectFrom('service_feedback')
    .select(['rating', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('answer_text').as('answered')])
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId)
    .groupBy('rating')
    .execute();
  return {
    perRating: new Map(rows.map((r) => [r.rating, readCount(r.n)])),
    answered: rows.reduce((n, r) => n + readCount(r.answered), 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests and their supports

function toRequest(r: ServiceRequestTable): ServiceRequest {
  return {
    id: r.id,
    organisationCode: r.organisation_code,
    title: r.title,
    description: r.description,
    audience: r.audience as RequestAudience,
    status: r.status as RequestStatus,
    supportCount: r.support_count,
    requesterKind: r.requester_kind as GiverKind,
    createdAt: r.created_at,
    answer: r.answer_text !== null && r.answered_at !== null ? { text: r.answer_text, answeredAt: r.answered_at } : null,
  };
}

export async function insertRequest(trx: Trx, row: ServiceRequestTable): Promise<void> {
  await tables(trx).insertInto('service_request').values(row).execute();
}

export async function findRequest(db: Db | Trx, id: string): Promise<(ServiceRequest & { requesterHash: string }) | undefined> {
  const r = await tables(db).selectFrom('service_request').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...toRequest(r), requesterHash: r.requester_hash } : undefined;
}

/** Requests, newest or most supported first, optionally only those addressed to one organisation. */
export async function listRequests(
  db: Db | Trx,
  query: { organisationCode?: string | undefined; sort: RequestSort; limit: number; offset: number },
): Promise<{ items: ServiceRequest[]; total: number }> {
  let list = tables(db).selectFrom('service_request').selectAll();
  let count = tables(db)
    .selectFrom('service_request')
    .select((eb) => eb.fn.countAll().as('n'));
  if (query.organisationCode !== undefined) {
    list = list.where('organisation_code', '=', query.organisationCode);
    count = count.where('organisation_code', '=', query.organisationCode);
  }
  if (query.sort === 'support') list = list.orderBy('support_count', 'desc');
  const [rows, n] = await Promise.all([
    list.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
    count.executeTakeFirst(),
  ]);
  return { items: rows.map(toRequest), total: readCount(n?.n) };
}

/** Records a support unless this supporter supported the request before; returns whether it was new. */
export async function insertSupport(trx: Trx, row: ServiceRequestSupportTable): Promise<boolean> {
  const result = await tables(trx)
    .insertInto('service_request_support')
    .values(row)
    .onConflict((oc) => oc.columns(['request_id', 'supporter_hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Adds one to the request's support count; returns the new count. */
export async function incrementSupport(trx: Trx, id: string, at: string): Promise<number> {
  await tables(trx)
    .updateTable('service_request')
    .set((eb) => ({ support_count: eb('support_count', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
  const r = await tables(trx).selectFrom('service_request').select('support_count').where('id', '=', id).executeTakeFirstOrThrow();
  return r.support_count;
}

export async function hasSupported(db: Db | Trx, id: string, supporterHash: string): Promise<boolean> {
  const r = await tables(db)
    .selectFrom('service_request_support')
    .select('request_id')
    .where('request_id', '=', id)
    .where('supporter_hash', '=', supporterHash)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Answers a request and sets its status, if it is still in status `from` (so two officials
 * answering at once cannot both move it). Returns whether it did.
 */
export async function answerRequest(
  trx: Trx,
  id: string,
  change: { from: RequestStatus; to: RequestStatus; text: string; at: string; by: string },
): Promise<boolean> {
  const result = await tables(trx)
    .updateTable('service_request')
    .set({ status: change.to, answer_text: change.text, answered_at: change.at, answered_by: change.by, updated_at: change.at })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Schema

/** Names sort after every other migration (the migrator refuses to run one out of order). */
export const feedbackMigrations: MigrationSet = {
  '2026-11-29-700-catalog-feedback': async (db, t) => {
    await db.schema
      .createTable('service_feedback')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('upl_uri', 'text', (c) => c.notNull())
      .addColumn('giver_kind', 'text', (c) => c.notNull())
      .addColumn('giver_hash', 'text', (c) => c.notNull())
      .addColumn('given_on', t.date, (c) => c.notNull())
      .addColumn('rating', 'integer', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('answer_text', 'text')
      .addColumn('answered_at', t.timestamp)
      .addColumn('answered_by', 'text')
      .addPrimaryKeyConstraint('service_feedback_pk', ['organisation_code', 'id'])
      .addForeignKeyConstraint(
        'service_feedback_service_fk',
        ['organisation_code', 'service_id'],
        'service',
        ['organisation_code', 'id'],
        (c) => c.onDelete('cascade'),
      )
      // One per giver per service per day (model.ts).
      .addUniqueConstraint('service_feedback_once_a_day', ['organisation_code', 'service_id', 'giver_hash', 'given_on'])
      .addCheckConstraint('service_feedback_rating', sql`${sql.ref('rating')} between 1 and 5`)
      .addCheckConstraint('service_feedback_giver_kind', sql`${sql.ref('giver_kind')} in ('person', 'business')`)
      .execute();
    await db.schema
      .createIndex('service_feedback_service_created')
      .on('service_feedback')
      .columns(['organisation_code', 'service_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('service_feedback_organisation_created')
      .on('service_feedback')
      .columns(['organisation_code', 'created_at'])
      .execute();

    await db.schema
      .createTable('service_request')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('organisation_code', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('requester_kind', 'text', (c) => c.notNull())
      .addColumn('requester_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('support_count', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('answer_text', 'text')
      .addColumn('answered_at', t.timestamp)
      .addColumn('answered_by', 'text')
      .addCheckConstraint(
        'service_request_status',
        sql`${sql.ref('status')} in ('open', 'under_consideration', 'planned', 'declined', 'realised')`,
      )
      .addCheckConstraint('service_request_audience', sql`${sql.ref('audience')} in ('citizen', 'business', 'both')`)
      .addCheckConstraint('service_request_support_count', sql`${sql.ref('support_count')} >= 0`)
      .execute();
    await db.schema.createIndex('service_request_created').on('service_request').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('service_request_support_order').on('service_request').columns(['support_count', 'created_at']).execute();
    await db.schema
      .createIndex('service_request_organisation')
      .on('service_request')
      .columns(['organisation_code', 'created_at'])
      .execute();

    await db.schema
      .createTable('service_request_support')
      .addColumn('request_id', t.uuid, (c) => c.notNull().references('service_request.id').onDelete('cascade'))
      .addColumn('supporter_hash', 'text', (c) => c.notNull())
      .addColumn('supported_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('service_request_support_pk', ['request_id', 'supporter_hash'])
      .execute();
  },
};
