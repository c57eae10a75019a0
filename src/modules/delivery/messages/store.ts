// delivery/messages: all SQL of the message box (Berichten): the letters, and the e-mail address a
// citizen or business gives for notifications.
//
// The mail outbox (delivery_mail_outbox) holds one row per message whose recipient is to get an
// e-mail notification: written in the transaction that handles `message.created`, sent later by the
// job in mail.ts outside any transaction (claim with a lease, send, mark sent or retry).
//
// Reads go by recipient (index recipient_kind, recipient_id, created_at: "my messages, newest
// first" and the unread count) and by case (index case_organisation_code, case_id, created_at: the
// letters of one case, for its page).
import { readBool, readCount, type Db, type Dialect, type MigrationSet, type Trx } from '../../../platform/db/index.ts';
import type { ApplicantKind } from '../policy.ts';
import type { DeliveryTables, ServiceRef } from '../store.ts';
import type { Contact, Message, MessageKind, MessageSummary } from './model.ts';

export interface DeliveryMessageTable {
  id: string;
  recipient_kind: string;
  recipient_id: string;
  sender_organisation_code: string;
  kind: string;
  subject: string;
  body: string;
  case_organisation_code: string | null;
  case_id: string | null;
  case_number: string | null;
  created_at: string;
  read_at: string | null;
}

export interface DeliveryContactTable {
  recipient_kind: string;
  recipient_id: string;
  email: string | null;
  /** boolean on PostgreSQL, 1/0 on SQLite (read with readBool). */
  notify: boolean | number;
  updated_at: string;
}

/** A notification to send: the recipient's key, not the address (that is read when sending). */
export interface DeliveryMailOutboxTable {
  id: string;
  message_id: string;
  recipient_kind: string;
  recipient_id: string;
  created_at: string;
  /** How many times a process claimed it to send. */
  attempts: number;
  /** When it is due (again); null once sent or skipped: nothing more to do. */
  next_attempt_at: string | null;
  /** The process that is sending it, until its lease ends. */
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  /** Why the last attempt failed, or why it was skipped. */
  last_error: string | null;
}

export type MessageTables = {
  delivery_message: DeliveryMessageTable;
  delivery_contact: DeliveryContactTable;
  delivery_mail_outbox: DeliveryMailOutboxTable;
};

const tables = (db: Db | Trx) => db.withTables<MessageTables>();

type Recipient = { kind: ApplicantKind; id: string };

const summaryColumns = [
  'id',
  'recipient_kind',
  'recipient_id',
  'sender_organisation_code',
  'kind',
  'subject',
  'case_organisation_code',
  'case_id',
  'case_number',
  'created_at',
  'read_at',
] as const;

function toSummary(r: Omit<DeliveryMessageTable, 'body'>): MessageSummary {
  return {
    id: r.id,
    recipient: { kind: r.recipient_kind as ApplicantKind, id: r.recipient_id },
    kind: r.kind as MessageKind,
    senderOrganisationCode: r.sender_organisation_code,
    subject: r.subject,
    case:
      r.case_organisation_code !== null && r.case_id !== null
        ? { organisationCode: r.case_organisation_code, caseId: r.case_id, caseNumber: r.case_number }
        : null,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

const toMessage = (r: DeliveryMessageTable): Message => ({ ...toSummary(r), body: r.body });

export async function insertMessage(trx: Trx, m: Message): Promise<void> {
  await tables(trx)
    .insertInto('delivery_message')
    .values({
      id: m.id,
      recipient_kind: m.recipient.kind,
      recipient_id: m.recipient.id,
      sender_organisation_code: m.senderOrganisationCode,
      kind: m.kind,
      subject: m.subject,
      body: m.body,
      case_organisation_code: m.case?.organisationCode ?? null,
      case_id: m.case?.caseId ?? null,
      case_number: m.case?.caseNumber ?? null,
      created_at: m.createdAt,
      read_at: m.readAt,
    })
    .execute();
}

/**
 * The messages of a recipient, as far as `readable` allows: null, all of them; else the letters
 * without a case and those about a case of one of these services (someone acting for the recipient
 * reads only the letters of the cases they may read).
 */
function ownMessages(db: Db | Trx, recipient: Recipient, readable: readonly ServiceRef[] | null) {
  const own = db
    .withTables<MessageTables & DeliveryTables>()
    .selectFrom('delivery_message')
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id);
  if (readable === null) return own;
  return own.where((eb) =>
    eb.or([
      eb('delivery_message.case_id', 'is', null),
      ...(readable.length === 0
        ? []
        : [
            eb.exists(
              eb
                .selectFrom('delivery_case')
                .select('delivery_case.id')
                .whereRef('delivery_case.organisation_code', '=', 'delivery_message.case_organisation_code')
                .whereRef('delivery_case.id', '=', 'delivery_message.case_id')
                .where((inner) =>
                  inner.or(
                    readable.map((r) =>
                      inner.and([
                        inner('delivery_case.organisation_code', '=', r.organisationCode),
                        inner('delivery_case.service_id', '=', r.serviceId),
                      ]),
                    ),
                  ),
                ),
            ),
          ]),
    ]),
  );
}

/**
 * A recipient's messages, newest first, with the total (within the filter) and the number unread (in
 * all); `readable`: only those (see ownMessages).
 */
export async function listMessages(
  db: Db,
  recipient: Recipient,
  query: { limit: number; offset: number; unread: boolean | undefined },
  readable: readonly ServiceRef[] | null = null,
): Promise<{ items: MessageSummary[]; total: number; unread: number }> {
  const own = ownMessages(db, recipient, readable);
  const filtered =
    query.unread === undefined ? own : query.unread ? own.where('read_at', 'is', null) : own.where('read_at', 'is not', null);
  const [rows, total, unread] = await Promise.all([
    filtered.select(summaryColumns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
    filtered.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    query.unread === true ? undefined : countUnread(db, recipient, readable),
  ]);
  const totalCount = readCount(total?.n);
  return { items: rows.map(toSummary), total: totalCount, unread: unread ?? totalCount };
}

export async function countUnread(db: Db | Trx, recipient: Recipient, readable: readonly ServiceRef[] | null = null): Promise<number> {
  const row = await ownMessages(db, recipient, readable)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return readCount(row?.n);
}

/** One message of this recipient; another recipient's message is not found. */
export async function findMessageOf(db: Db | Trx, recipient: Recipient, id: string): Promise<Message | undefined> {
  const row = await tables(db)
    .selectFrom('delivery_message')
    .selectAll()
    .where('id', '=', id)
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/** Marks a message read unless it already was; returns whether this call marked it. */
export async function markRead(trx: Trx, recipient: Recipient, id: string, at: string): Promise<boolean> {
  const result = await tables(trx)
    .updateTable('delivery_message')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The messages of one case, oldest first; only those to `recipient` when given. */
export async function messagesOfCase(db: Db, organisationCode: string, caseId: string, recipient: Recipient | null): Promise<Message[]> {
  let q = tables(db)
    .selectFrom('delivery_message')
    .selectAll()
    .where('case_organisation_code', '=', organisationCode)
    .where('case_id', '=', caseId);
  if (recipient) q = q.where('recipient_kind', '=', recipient.kind).where('recipient_id', '=', recipient.id);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toMessage);
}

export async function findContact(db: Db | Trx, recipient: Recipient): Promise<(Contact & { updatedAt: string }) | undefined> {
  const row = await tables(db)
    .selectFrom('delivery_contact')
    .selectAll()
    .where('recipient_kind', '=', recipient.kind)
    .where('recipient_id', '=', recipient.id)
    .executeTakeFirst();
  return row ? { email: row.email, notify: readBool(row.notify), updatedAt: row.updated_at } : undefined;
}

export async function saveContact(trx: Trx, recipient: Recipient, contact: Contact, at: string): Promise<void> {
  await tables(trx)
    .insertInto('delivery_contact')
    .values({ recipient_kind: recipient.kind, recipient_id: recipient.id, email: contact.email, notify: contact.notify, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['recipient_kind', 'recipient_id']).doUpdateSet({ email: contact.email, notify: contact.notify, updated_at: at }),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The mail outbox

/** Records that the recipient of a message is to get an e-mail; a second call for the same message does nothing. */
export async function insertPendingMail(
  trx: Trx,
  pending: { id: string; messageId: string; recipient: Recipient; at: string },
): Promise<void> {
  await tables(trx)
    .insertInto('delivery_mail_outbox')
    .values({
      id: pending.id,
      message_id: pending.messageId,
      recipient_kind: pending.recipient.kind,
      recipient_id: pending.recipient.id,
      created_at: pending.at,
      attempts: 0,
      next_attempt_at: pending.at,
      claimed_by: null,
      claimed_until: null,
      sent_at: null,
      last_error: null,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

export interface ClaimedMail {
  id: string;
  messageId: string;
  recipient: Recipient;
  /** Counting this one. */
  attempts: number;
}

/**
 * Claims the first due notification for `worker` until `until` (one statement: the claim commits
 * at once). Due: not sent or skipped, its time come, and no other process's lease running. On
 * PostgreSQL concurrent claimers skip each other's locked rows; SQLite has one writer at a time.
 */
export async function claimDueMail(
  db: Db | Trx,
  dialect: Dialect,
  claim: { worker: string; now: string; until: string },
): Promise<ClaimedMail | undefined> {
  const t = tables(db);
  const due = t
    .selectFrom('delivery_mail_outbox')
    .select('id')
    .where('next_attempt_at', 'is not', null)
    .where('next_attempt_at', '<=', claim.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', claim.now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const row = await t
    .updateTable('delivery_mail_outbox')
    .set((eb) => ({ claimed_by: claim.worker, claimed_until: claim.until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returning(['id', 'message_id', 'recipient_kind', 'recipient_id', 'attempts'])
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        messageId: row.message_id,
        recipient: { kind: row.recipient_kind as ApplicantKind, id: row.recipient_id },
        attempts: row.attempts,
      }
    : undefined;
}

/** Marks a notification sent (also when this process's lease ran out meanwhile: it did go out). */
export async function markMailSent(db: Db | Trx, id: string, at: string): Promise<void> {
  await tables(db)
    .updateTable('delivery_mail_outbox')
    .set({ sent_at: at, next_attempt_at: null, claimed_by: null, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** Ends a notification without sending it (no address any more, or notifications turned off). */
export async function markMailSkipped(db: Db | Trx, id: string, worker: string, reason: string): Promise<void> {
  await tables(db)
    .updateTable('delivery_mail_outbox')
    .set({ next_attempt_at: null, claimed_by: null, claimed_until: null, last_error: reason })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .where('sent_at', 'is', null)
    .execute();
}

/** Releases a failed claim and makes the notification due again at `retryAt`; not when another process has taken it over. */
export async function scheduleMailRetry(db: Db | Trx, id: string, worker: string, retry: { at: string; error: string }): Promise<void> {
  await tables(db)
    .updateTable('delivery_mail_outbox')
    .set({ next_attempt_at: retry.at, claimed_by: null, claimed_until: null, last_error: retry.error })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .where('sent_at', 'is', null)
    .execute();
}

export const messageMigrations: MigrationSet = {
  '2026-11-29-810-delivery-messages': async (db, t) => {
    await db.schema
      .createTable('delivery_message')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('recipient_kind', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('sender_organisation_code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('case_organisation_code', 'text')
      .addColumn('case_id', t.uuid)
      .addColumn('case_number', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('read_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('delivery_message_recipient')
      .on('delivery_message')
      .columns(['recipient_kind', 'recipient_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('delivery_message_case')
      .on('delivery_message')
      .columns(['case_organisation_code', 'case_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('delivery_contact')
      .addColumn('recipient_kind', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('notify', t.bool, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_contact_pk', ['recipient_kind', 'recipient_id'])
      .execute();
  },
  '2026-11-29-811-delivery-mail-outbox': async (db, t) => {
    await db.schema
      .createTable('delivery_mail_outbox')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('message_id', t.uuid, (c) => c.notNull().unique().references('delivery_message.id').onDelete('cascade'))
      .addColumn('recipient_kind', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', t.timestamp)
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', t.timestamp)
      .addColumn('sent_at', t.timestamp)
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('delivery_mail_outbox_due').on('delivery_mail_outbox').columns(['next_attempt_at']).execute();
  },
};
