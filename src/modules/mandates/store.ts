// mandates: all SQL of voluntary mandates and of the service sets organisations define.
//
// Tables:
// - mandate: one row per voluntary mandate (mandator → mandatary, scope, dates, status). Looked up
//   by mandator (what a subject granted: the check loads these), by mandatary (for whom I may act;
//   what a firm granted its people) and by status and end day (the expiry job).
// - mandate_service_set, mandate_service_set_item: an organisation's named set of its services
//   (dienstensets, DOMAIN.md §4.2), which a mandate can name as its scope.
import { sql } from 'kysely';
import type { Db, MigrationSet, Trx } from '../../platform/db/index.ts';
import type { LevelOfAssurance } from '../../platform/auth/model.ts';
import type { Mandate, MandateScope, MandateStatus, Party, PartyKind } from './model.ts';

export interface MandateTable {
  id: string;
  mandator_kind: string;
  mandator_id: string;
  mandatary_kind: string;
  mandatary_id: string;
  scope_kind: string;
  scope_organisation_code: string | null;
  scope_service_id: string | null;
  scope_upl_uri: string | null;
  scope_set_id: string | null;
  valid_from: string;
  valid_until: string;
  min_loa: string;
  status: string;
  granted_by: string;
  second_signatory: string | null;
  created_at: string;
  accepted_at: string | null;
  ended_at: string | null;
  ended_by_kind: string | null;
  ended_by_id: string | null;
  expiry_noticed_at: string | null;
}

export interface ServiceSetTable {
  organisation_code: string;
  id: string;
  name_nl: string;
  name_en: string;
  created_at: string;
}

export interface ServiceSetItemTable {
  organisation_code: string;
  set_id: string;
  service_id: string;
}

export type MandateTables = {
  mandate: MandateTable;
  mandate_service_set: ServiceSetTable;
  mandate_service_set_item: ServiceSetItemTable;
};

const tables = (db: Db | Trx) => db.withTables<MandateTables>();

function toScope(r: MandateTable): MandateScope {
  if (r.scope_kind === 'product') return { kind: 'product', uplUri: r.scope_upl_uri ?? '' };
  if (r.scope_kind === 'service_set')
    return { kind: 'service_set', organisationCode: r.scope_organisation_code ?? '', setId: r.scope_set_id ?? '' };
  return { kind: 'service', organisationCode: r.scope_organisation_code ?? '', serviceId: r.scope_service_id ?? '' };
}

export function toMandate(r: MandateTable): Mandate {
  return {
    id: r.id,
    mandator: { kind: r.mandator_kind as PartyKind, id: r.mandator_id },
    mandatary: { kind: r.mandatary_kind as PartyKind, id: r.mandatary_id },
    scope: toScope(r),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    minLoa: r.min_loa as LevelOfAssurance,
    status: r.status as MandateStatus,
    grantedBy: r.granted_by,
    secondSignatory: r.second_signatory,
    createdAt: r.created_at,
    acceptedAt: r.accepted_at,
    endedAt: r.ended_at,
    endedBy: r.ended_by_kind !== null && r.ended_by_id !== null ? { kind: r.ended_by_kind as PartyKind, id: r.ended_by_id } : null,
  };
}

function toRow(m: Mandate): MandateTable {
  const s = m.scope;
  return {
    id: m.id,
    mandator_kind: m.mandator.kind,
    mandator_id: m.mandator.id,
    mandatary_kind: m.mandatary.kind,
    mandatary_id: m.mandatary.id,
    scope_kind: s.kind,
    scope_organisation_code: s.kind === 'product' ? null : s.organisationCode,
    scope_service_id: s.kind === 'service' ? s.serviceId : null,
    scope_upl_uri: s.kind === 'product' ? s.uplUri : null,
    scope_set_id: s.kind === 'service_set' ? s.setId : null,
    valid_from: m.validFrom,
    valid_until: m.validUntil,
    min_loa: m.minLoa,
    status: m.status,
    granted_by: m.grantedBy,
    second_signatory: m.secondSignatory,
    created_at: m.createdAt,
    accepted_at: m.acceptedAt,
    ended_at: m.endedAt,
    ended_by_kind: m.endedBy?.kind ?? null,
    ended_by_id: m.endedBy?.id ?? null,
    expiry_noticed_at: null,
  };
}

export async function insertMandate(trx: Trx, m: Mandate): Promise<void> {
  await tables(trx).insertInto('mandate').values(toRow(m)).execute();
}

/** Writes the changing fields of a mandate (status, signature, acceptance, end). */
export async function updateMandate(trx: Trx, m: Mandate): Promise<void> {
  await tables(trx)
    .updateTable('mandate')
    .set({
      status: m.status,
      second_signatory: m.secondSignatory,
      accepted_at: m.acceptedAt,
      ended_at: m.endedAt,
      ended_by_kind: m.endedBy?.kind ?? null,
      ended_by_id: m.endedBy?.id ?? null,
    })
    .where('id', '=', m.id)
    .execute();
}

export async function findMandate(db: Db | Trx, id: string): Promise<Mandate | undefined> {
  const r = await tables(db).selectFrom('mandate').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMandate(r) : undefined;
}

/** Locks the mandate row for a change (PostgreSQL; SQLite serialises writers anyway). */
export async function lockMandate(trx: Trx, dialect: 'sqlite' | 'postgres', id: string): Promise<Mandate | undefined> {
  const q = tables(trx).selectFrom('mandate').selectAll().where('id', '=', id);
  const r = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return r ? toMandate(r) : undefined;
}

/** Is there any mandate at all? (The demo seeds only an empty table.) */
export async function hasMandates(db: Db | Trx): Promise<boolean> {
  const r = await tables(db).selectFrom('mandate').select('id').limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Every mandate a party granted (any status), newest first. */
export async function mandatesGrantedBy(db: Db | Trx, mandator: Party): Promise<Mandate[]> {
  const rows = await tables(db)
    .selectFrom('mandate')
    .selectAll()
    .where('mandator_kind', '=', mandator.kind)
    .where('mandator_id', '=', mandator.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toMandate);
}

/** Every mandate a party received (any status), newest first. */
export async function mandatesReceivedBy(db: Db | Trx, mandatary: Party): Promise<Mandate[]> {
  const rows = await tables(db)
    .selectFrom('mandate')
    .selectAll()
    .where('mandatary_kind', '=', mandatary.kind)
    .where('mandatary_id', '=', mandatary.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toMandate);
}

/** The mandates granted by several parties (the businesses a subject mandated), optionally only those to one party, in one query. */
export async function mandatesGrantedByAny(db: Db | Trx, mandators: readonly Party[], to?: Party): Promise<Mandate[]> {
  if (mandators.length === 0) return [];
  let q = tables(db)
    .selectFrom('mandate')
    .selectAll()
    .where((eb) => eb.or(mandators.map((p) => eb.and([eb('mandator_kind', '=', p.kind), eb('mandator_id', '=', p.id)]))));
  if (to) q = q.where('mandatary_kind', '=', to.kind).where('mandatary_id', '=', to.id);
  return (await q.execute()).map(toMandate);
}

/** Active mandates whose last day was before `today` and whose expiry nobody was told of yet. */
export async function expiredUnnoticed(db: Db | Trx, today: string, limit: number): Promise<Mandate[]> {
  const rows = await tables(db)
    .selectFrom('mandate')
    .selectAll()
    .where('status', '=', 'active')
    .where('valid_until', '<', today)
    .where('expiry_noticed_at', 'is', null)
    .orderBy('valid_until')
    .limit(limit)
    .execute();
  return rows.map(toMandate);
}

/** Marks an expiry as told; false when another process did it first. */
export async function markExpiryNoticed(trx: Trx, id: string, at: string): Promise<boolean> {
  const r = await tables(trx)
    .updateTable('mandate')
    .set({ expiry_noticed_at: at })
    .where('id', '=', id)
    .where('expiry_noticed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------
// Service sets
// ---------------------------------------------------------------------------------------

export interface ServiceSet {
  organisationCode: string;
  id: string;
  name: { nl: string; en: string };
  serviceIds: string[];
  createdAt: string;
}

export async function serviceSetsOf(db: Db | Trx, organisationCode: string): Promise<ServiceSet[]> {
  const sets = await tables(db)
    .selectFrom('mandate_service_set')
    .selectAll()
    .where('organisation_code', '=', organisationCode)
    .orderBy('name_nl')
    .execute();
  const items = await tables(db)
    .selectFrom('mandate_service_set_item')
    .select(['set_id', 'service_id'])
    .where('organisation_code', '=', organisationCode)
    .orderBy('service_id')
    .execute();
  return sets.map((s) => ({
    organisationCode: s.organisation_code,
    id: s.id,
    name: { nl: s.name_nl, en: s.name_en },
    serviceIds: items.filter((i) => i.set_id === s.id).map((i) => i.service_id),
    createdAt: s.created_at,
  }));
}

/** The ids of the sets of an organisation that hold a service. */
export async function setsHoldingService(db: Db | Trx, organisationCode: string, serviceId: string): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('mandate_service_set_item')
    .select('set_id')
    .where('organisation_code', '=', organisationCode)
    .where('service_id', '=', serviceId)
    .execute();
  return rows.map((r) => r.set_id);
}

/** Makes or replaces a set with its services. */
export async function saveServiceSet(trx: Trx, set: ServiceSet): Promise<void> {
  await tables(trx)
    .insertInto('mandate_service_set')
    .values({ organisation_code: set.organisationCode, id: set.id, name_nl: set.name.nl, name_en: set.name.en, created_at: set.createdAt })
    .onConflict((oc) => oc.columns(['organisation_code', 'id']).doUpdateSet({ name_nl: set.name.nl, name_en: set.name.en }))
    .execute();
  await tables(trx)
    .deleteFrom('mandate_service_set_item')
    .where('organisation_code', '=', set.organisationCode)
    .where('set_id', '=', set.id)
    .execute();
  if (set.serviceIds.length > 0)
    await tables(trx)
      .insertInto('mandate_service_set_item')
      .values(set.serviceIds.map((serviceId) => ({ organisation_code: set.organisationCode, set_id: set.id, service_id: serviceId })))
      .execute();
}

export const mandateMigrations: MigrationSet = {
  '2026-11-30-840-mandates': async (db, t) => {
    await db.schema
      .createTable('mandate')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('mandator_kind', 'text', (c) => c.notNull())
      .addColumn('mandator_id', 'text', (c) => c.notNull())
      .addColumn('mandatary_kind', 'text', (c) => c.notNull())
      .addColumn('mandatary_id', 'text', (c) => c.notNull())
      .addColumn('scope_kind', 'text', (c) => c.notNull())
      .addColumn('scope_organisation_code', 'text')
      .addColumn('scope_service_id', 'text')
      .addColumn('scope_upl_uri', 'text')
      .addColumn('scope_set_id', 'text')
      .addColumn('valid_from', t.date, (c) => c.notNull())
      .addColumn('valid_until', t.date, (c) => c.notNull())
      .addColumn('min_loa', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('second_signatory', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('accepted_at', t.timestamp)
      .addColumn('ended_at', t.timestamp)
      .addColumn('ended_by_kind', 'text')
      .addColumn('ended_by_id', 'text')
      .addColumn('expiry_noticed_at', t.timestamp)
      .addCheckConstraint('mandate_mandator_kind', sql`${sql.ref('mandator_kind')} in ('person', 'business')`)
      .addCheckConstraint('mandate_mandatary_kind', sql`${sql.ref('mandatary_kind')} in ('person', 'business')`)
      .addCheckConstraint('mandate_scope_kind', sql`${sql.ref('scope_kind')} in ('service', 'product', 'service_set')`)
      .addCheckConstraint(
        'mandate_status',
        sql`${sql.ref('status')} in ('awaiting_signature', 'awaiting_acceptance', 'active', 'declined', 'ended')`,
      )
      .addCheckConstraint('mandate_min_loa', sql`${sql.ref('min_loa')} in ('low', 'substantial', 'high')`)
      .addCheckConstraint('mandate_dates', sql`${sql.ref('valid_from')} <= ${sql.ref('valid_until')}`)
      .execute();
    await db.schema.createIndex('mandate_by_mandator').on('mandate').columns(['mandator_kind', 'mandator_id']).execute();
    await db.schema.createIndex('mandate_by_mandatary').on('mandate').columns(['mandatary_kind', 'mandatary_id']).execute();
    await db.schema.createIndex('mandate_by_expiry').on('mandate').columns(['status', 'valid_until']).execute();
    await db.schema
      .createTable('mandate_service_set')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name_nl', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('mandate_service_set_pk', ['organisation_code', 'id'])
      .execute();
    await db.schema
      .createTable('mandate_service_set_item')
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('set_id', 'text', (c) => c.notNull())
      .addColumn('service_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mandate_service_set_item_pk', ['organisation_code', 'set_id', 'service_id'])
      .execute();
    await db.schema
      .createIndex('mandate_service_set_item_by_service')
      .on('mandate_service_set_item')
      .columns(['organisation_code', 'service_id'])
      .execute();
  },
};
