// The accountability trail: every state change writes one audit record, in the transaction of the change itself.
import type { Kysely } from 'kysely';
import { newId } from '../ids/index.ts';
import { makeAppendOnly, readJson, writeJson, type MigrationSet, type Trx, type Db } from '../db/index.ts';

export interface Actor {
  type: 'person' | 'official' | 'business' | 'system' | 'anonymous';
  id: string | null;
  organisationId?: string | null;
  onBehalfOf?: { type: 'person' | 'business'; id: string; mandateId?: string | null } | null;
}

export interface AuditEntry {
  actor: Actor;
  action: string;
  object: { type: string; id: string };
  legalBasis?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
  /** Defaults to now. */
  at?: Date;
}

export const systemActor: Actor = { type: 'system', id: null };

/** Writes an audit record inside the use case's transaction. */
export async function recordAudit(trx: Trx, entry: AuditEntry): Promise<string> {
  const id = newId();
  await trx
    .insertInto('audit_log')
    .values({
      id,
      occurred_at: (entry.at ?? new Date()).toISOString(),
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      on_behalf_of_type: entry.actor.onBehalfOf?.type ?? null,
      on_behalf_of_id: entry.actor.onBehalfOf?.id ?? null,
      mandate_id: entry.actor.onBehalfOf?.mandateId ?? null,
      organisation_id: entry.actor.organisationId ?? null,
      action: entry.action,
      object_type: entry.object.type,
      object_id: entry.object.id,
      legal_basis: entry.legalBasis ?? null,
      request_id: entry.requestId ?? null,
      details: writeJson(entry.details ?? {}),
    })
    .execute();
  return id;
}

export interface AuditRecord {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  onBehalfOf: { type: string; id: string; mandateId: string | null } | null;
  organisationId: string | null;
  action: string;
  object: { type: string; id: string };
  legalBasis: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** The trail of one object, oldest first. */
export async function auditTrail(db: Db, objectType: string, objectId: string): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    onBehalfOf:
      r.on_behalf_of_type && r.on_behalf_of_id ? { type: r.on_behalf_of_type, id: r.on_behalf_of_id, mandateId: r.mandate_id } : null,
    organisationId: r.organisation_id,
    action: r.action,
    object: { type: r.object_type, id: r.object_id },
    legalBasis: r.legal_basis,
    requestId: r.request_id,
    details: readJson<Record<string, unknown>>(r.details),
  }));
}

export const auditMigrations: MigrationSet = {
  '2026-11-29-000-platform-audit': async (db: Kysely<unknown>, t) => {
    const id = t.dialect === 'postgres' ? 'bigserial' : 'integer';
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', id, (c) => (t.dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('id', t.uuid, (c) => c.notNull().unique())
      .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
      .addColumn('actor_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('on_behalf_of_type', 'text')
      .addColumn('on_behalf_of_id', 'text')
      .addColumn('mandate_id', 'text')
      .addColumn('organisation_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('legal_basis', 'text')
      .addColumn('request_id', 'text')
      .addColumn('details', t.json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_object').on('audit_log').columns(['object_type', 'object_id', 'seq']).execute();
    await makeAppendOnly(db, t.dialect, 'audit_log');
  },
};
