// delivery/offers: all SQL of proactive offers.
//
// Tables: delivery_offer (one row per offer to a person or business), delivery_offer_opt_out (the
// kinds of offer someone does not want), delivery_offer_run (the days the birthday job finished,
// so it does not read the same persons again). An offer belongs to its recipient: the recipient
// leads its primary key (ARCHITECTURE.md, Scale path: the subject's id is the distribution key).
// One offer per recipient, rule and product: an event delivered twice never offers twice.
import { sql } from 'kysely';
import type { Db, MigrationSet, Trx } from '../../../platform/db/index.ts';
import type { OfferStatus } from './model.ts';

export interface DeliveryOfferTable {
  recipient_kind: string;
  recipient_id: string;
  id: string;
  rule_id: string;
  kind: string;
  organisation_code: string;
  service_id: string;
  upl_uri: string;
  reason_nl: string;
  reason_en: string;
  created_at: string;
  status: string;
  decided_at: string | null;
}

export interface DeliveryOfferOptOutTable {
  recipient_kind: string;
  recipient_id: string;
  kind: string;
  created_at: string;
}

export interface DeliveryOfferRunTable {
  rule_id: string;
  day: string;
  completed_at: string;
}

export type OfferTables = {
  delivery_offer: DeliveryOfferTable;
  delivery_offer_opt_out: DeliveryOfferOptOutTable;
  delivery_offer_run: DeliveryOfferRunTable;
};

const tables = (db: Db | Trx) => db.withTables<OfferTables>();

export interface Recipient {
  kind: 'person' | 'business';
  id: string;
}

export interface StoredOffer {
  id: string;
  recipient: Recipient;
  ruleId: string;
  kind: string;
  organisationCode: string;
  serviceId: string;
  uplUri: string;
  reason: { nl: string; en: string };
  createdAt: string;
  status: OfferStatus;
  decidedAt: string | null;
}

function toOffer(r: DeliveryOfferTable): StoredOffer {
  return {
    id: r.id,
    recipient: { kind: r.recipient_kind as Recipient['kind'], id: r.recipient_id },
    ruleId: r.rule_id,
    kind: r.kind,
    organisationCode: r.organisation_code,
    serviceId: r.service_id,
    uplUri: r.upl_uri,
    reason: { nl: r.reason_nl, en: r.reason_en },
    createdAt: r.created_at,
    status: r.status as OfferStatus,
    decidedAt: r.decided_at,
  };
}

/** Stores an offer unless the recipient already had one for this rule and product; returns whether it was stored. */
export async function insertOffer(trx: Trx, o: StoredOffer): Promise<boolean> {
  const result = await tables(trx)
    .insertInto('delivery_offer')
    .values({
      recipient_kind: o.recipient.kind,
      recipient_id: o.recipient.id,
      id: o.id,
      rule_id: o.ruleId,
      kind: o.kind,
      organisation_code: o.organisationCode,
      service_id: o.serviceId,
      upl_uri: o.uplUri,
      reason_nl: o.reason.nl,
      reason_en: o.reason.en,
      created_at: o.createdAt,
      status: o.status,
      decided_at: o.decidedAt,
    })
    .onConflict((oc) => oc.columns(['recipient_kind', 'recipient_id', 'rule_id', 'upl_uri']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** One offer of a recipient (never another's): the recipient leads the primary key. */
const offerOf = (db: Db | Trx, recipient: Recipient, id: string) =>
  tables(db)
    .selectFrom('delivery_offer')
    .selectAll()
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .where('id', '=', id);

/** One offer of a recipient (never another's). */
export async function findOffer(db: Db | Trx, recipient: Recipient, id: string): Promise<StoredOffer | undefined> {
  const r = await offerOf(db, recipient, id).executeTakeFirst();
  return r ? toOffer(r) : undefined;
}

/** The same, locked for the change (PostgreSQL; SQLite has a single writer already). */
export async function findOfferForUpdate(
  trx: Trx,
  recipient: Recipient,
  id: string,
  dialect: 'sqlite' | 'postgres',
): Promise<StoredOffer | undefined> {
  let q = offerOf(trx, recipient, id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toOffer(r) : undefined;
}

export async function setOfferStatus(trx: Trx, recipient: Recipient, id: string, status: OfferStatus, at: string): Promise<void> {
  await tables(trx)
    .updateTable('delivery_offer')
    .set({ status, decided_at: at })
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .where('id', '=', id)
    .execute();
}

/**
 * A recipient's offers in one status, newest first, with the total. Open offers (`offered`) of a
 * kind the recipient opted out of are left out.
 */
export async function listOffers(
  db: Db,
  recipient: Recipient,
  query: { status: OfferStatus; limit: number; offset: number },
): Promise<{ items: StoredOffer[]; total: number }> {
  let base = tables(db)
    .selectFrom('delivery_offer as o')
    .where('o.recipient_kind', '=', recipient.kind)
    .where('o.recipient_id', '=', recipient.id)
    .where('o.status', '=', query.status);
  if (query.status === 'offered')
    base = base.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('delivery_offer_opt_out as x')
            .select(sql`1`.as('one'))
            .whereRef('x.recipient_kind', '=', 'o.recipient_kind')
            .whereRef('x.recipient_id', '=', 'o.recipient_id')
            .whereRef('x.kind', '=', 'o.kind'),
        ),
      ),
    );
  const [rows, count] = await Promise.all([
    base.selectAll('o').orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(toOffer), total: Number(count?.n ?? 0) };
}

/** Which of these recipients already have an offer (any status) from a rule. */
export async function recipientsWithOffer(
  db: Db | Trx,
  ruleId: string,
  kind: Recipient['kind'],
  ids: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await tables(db)
      .selectFrom('delivery_offer')
      .select('recipient_id')
      .distinct()
      .where('recipient_kind', '=', kind)
      .where('recipient_id', 'in', chunk)
      .where('rule_id', '=', ruleId)
      .execute();
    for (const r of rows) out.add(r.recipient_id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Opt-outs

/** The kinds of offer a recipient opted out of. */
const optOutKinds = (db: Db | Trx, recipient: Recipient) =>
  tables(db)
    .selectFrom('delivery_offer_opt_out')
    .select('kind')
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id);

export async function optOutsOf(db: Db | Trx, recipient: Recipient): Promise<Set<string>> {
  const rows = await optOutKinds(db, recipient).execute();
  return new Set(rows.map((r) => r.kind));
}

export async function hasOptedOut(db: Db | Trx, recipient: Recipient, kind: string): Promise<boolean> {
  return (await optOutKinds(db, recipient).where('kind', '=', kind).executeTakeFirst()) !== undefined;
}

export async function addOptOut(trx: Trx, recipient: Recipient, kind: string, at: string): Promise<void> {
  await tables(trx)
    .insertInto('delivery_offer_opt_out')
    .values({ recipient_kind: recipient.kind, recipient_id: recipient.id, kind, created_at: at })
    .onConflict((oc) => oc.columns(['recipient_kind', 'recipient_id', 'kind']).doNothing())
    .execute();
}

export async function removeOptOut(trx: Trx, recipient: Recipient, kind: string): Promise<void> {
  await tables(trx)
    .deleteFrom('delivery_offer_opt_out')
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .where('kind', '=', kind)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The birthday job's progress

export async function runDone(db: Db | Trx, ruleId: string, day: string): Promise<boolean> {
  const r = await tables(db)
    .selectFrom('delivery_offer_run')
    .select('day')
    .where('rule_id', '=', ruleId)
    .where('day', '=', day)
    .executeTakeFirst();
  return r !== undefined;
}

export async function markRunDone(db: Db | Trx, ruleId: string, day: string, at: string): Promise<void> {
  await tables(db)
    .insertInto('delivery_offer_run')
    .values({ rule_id: ruleId, day, completed_at: at })
    .onConflict((oc) => oc.columns(['rule_id', 'day']).doNothing())
    .execute();
}

export const offerMigrations: MigrationSet = {
  '2026-11-29-820-delivery-offers': async (db, t) => {
    await db.schema
      .createTable('delivery_offer')
      .addColumn('recipient_kind', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('id', t.uuid, (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('service_id', t.uuid, (c) => c.notNull())
      .addColumn('upl_uri', 'text', (c) => c.notNull())
      .addColumn('reason_nl', 'text', (c) => c.notNull())
      .addColumn('reason_en', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_at', t.timestamp)
      .addPrimaryKeyConstraint('delivery_offer_pk', ['recipient_kind', 'recipient_id', 'id'])
      .addUniqueConstraint('delivery_offer_once', ['recipient_kind', 'recipient_id', 'rule_id', 'upl_uri'])
      .addCheckConstraint('delivery_offer_recipient_kind', sql`${sql.ref('recipient_kind')} in ('person', 'business')`)
      .addCheckConstraint('delivery_offer_status', sql`${sql.ref('status')} in ('offered', 'accepted', 'declined')`)
      .execute();
    await db.schema
      .createIndex('delivery_offer_recipient_status')
      .on('delivery_offer')
      .columns(['recipient_kind', 'recipient_id', 'status', 'created_at'])
      .execute();
    await db.schema
      .createTable('delivery_offer_opt_out')
      .addColumn('recipient_kind', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_offer_opt_out_pk', ['recipient_kind', 'recipient_id', 'kind'])
      .execute();
    await db.schema
      .createTable('delivery_offer_run')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('day', t.date, (c) => c.notNull())
      .addColumn('completed_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_offer_run_pk', ['rule_id', 'day'])
      .execute();
  },
};
