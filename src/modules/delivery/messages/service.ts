// delivery/messages: letters from government to a citizen or business (Berichten).
//
// sendMessage is called by the case use cases, inside their transaction: the letter and its
// `message.created` event commit together with the step that caused it (mail.ts reacts to the
// event). The other use cases are for the recipient: read the box, open a letter (marked read,
// audited, logged in the processing log), and choose where to get an e-mail notification.
//
// A message is only ever shown to its recipient; any other id — someone else's message, or one
// that does not exist — is answered the same (`delivery.message_not_found`), so ids tell nothing.
import { recordAudit } from '../../../platform/audit/index.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import type { Db, Trx } from '../../../platform/db/index.ts';
import { fail, inUseCase, invalidInputFailure, ok, type Failure, type InvalidParam, type Result } from '../../../platform/http/problem.ts';
import { isUuid, newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { newTrace, processingActivityBase, type ProcessingSubject, type TraceContext } from '../../../platform/processing-log/index.ts';
import { getOrganisation } from '../../registry/index.ts';
import {
  auditActorOf,
  authorizeAs,
  authorizeForService,
  basisDetails,
  hidesWhatExists,
  reachesEveryService,
  readableServices,
  type Acting,
} from '../acting.ts';
import { actsForAnother, applicantOf, isApplicantOf, isCaseHandlerOf, type Applicant } from '../policy.ts';
import { applicantServices, findCase, type ServiceRef } from '../store.ts';
import {
  checkNewMessage,
  defaultContact,
  loketSender,
  parseContact,
  parseMessageQuery,
  recipientKey,
  type Contact,
  type Message,
  type MessageKind,
  type MessageSummary,
} from './model.ts';
import * as store from './store.ts';

export type { Contact, Message, MessageKind, MessageSummary } from './model.ts';

export interface NewMessage {
  recipient: Applicant;
  kind: MessageKind;
  /** The organisation that sends it. */
  senderOrganisationCode: string;
  subject: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  case?: { organisationCode: string; caseId: string; caseNumber: string } | undefined;
  at: Date;
}

/** The outbox event of a new message. Its payload has no letter text: subscribers only learn that there is one. */
export const messageCreatedEvent = 'message.created';

export interface MessageCreatedPayload {
  messageId: string;
  recipientKind: Applicant['kind'];
  recipientId: string;
  kind: MessageKind;
  caseNumber: string | null;
}

/** Puts a message in the recipient's box, in the caller's transaction; returns its id. Emits `message.created` in the same transaction. */
export async function sendMessage(trx: Trx, ctx: ModuleContext, message: NewMessage): Promise<string> {
  const problem = checkNewMessage(message);
  if (problem !== null) throw new TypeError(`sendMessage: ${problem}`);
  const id = newId();
  await store.insertMessage(trx, {
    id,
    recipient: { kind: message.recipient.kind, id: message.recipient.id },
    kind: message.kind,
    senderOrganisationCode: message.senderOrganisationCode,
    subject: message.subject.trim(),
    body: message.body,
    case: message.case
      ? { organisationCode: message.case.organisationCode, caseId: message.case.caseId, caseNumber: message.case.caseNumber }
      : null,
    createdAt: message.at.toISOString(),
    readAt: null,
  });
  const payload: MessageCreatedPayload = {
    messageId: id,
    recipientKind: message.recipient.kind,
    recipientId: message.recipient.id,
    kind: message.kind,
    caseNumber: message.case?.caseNumber ?? null,
  };
  await ctx.bus.emit(
    trx,
    { type: messageCreatedEvent, aggregate: { type: 'delivery_message', id }, payload: { ...payload } },
    null,
    message.at,
  );
  return id;
}

// ---------------------------------------------------------------------------------------------
// Failures

export const messageFailures = {
  loginRequired: (): Failure => ({
    code: 'auth.login_required',
    status: 401,
    title: 'Inloggen nodig',
    detail: 'Log in om uw berichten te lezen.',
  }),
  recipientsOnly: (): Failure => ({
    code: 'delivery.recipients_only',
    status: 403,
    title: 'Geen toegang',
    detail: 'Alleen inwoners en ondernemers hebben een berichtenbox.',
  }),
  messageNotFound: (): Failure => ({
    code: 'delivery.message_not_found',
    status: 404,
    title: 'Bericht niet gevonden',
    detail: 'Dit bericht bestaat niet, of het is niet voor u.',
  }),
  caseNotFound: (): Failure => ({
    code: 'delivery.case_not_found',
    status: 404,
    title: 'Zaak niet gevonden',
    detail: 'Deze zaak bestaat niet, of u kunt hem niet bekijken.',
  }),
  invalidInput: (issues: readonly InvalidParam[]): Failure => invalidInputFailure('delivery', issues),
};

// ---------------------------------------------------------------------------------------------
// Shared steps

/** Where a use case was called from: the request's trace (for the processing log) and id (for the audit trail). */
export interface MessageOrigin {
  trace: TraceContext;
  requestId: string | null;
}

/** An origin for calls outside a request (commands, tests): a fresh trace. */
export function internalOrigin(): MessageOrigin {
  return {
    trace: newTrace(),
    requestId: null,
  };
}

/** The processing activities of the message box (Register van Verwerkingsactiviteiten), with the name each log line gets. */
export const messageProcessingActivities = {
  'delivery.message.read': 'Bericht lezen',
  'delivery.message.case_view': 'Berichten van een zaak inzien',
} as const;
type MessageActivity = keyof typeof messageProcessingActivities;

const subjectOf = (r: Applicant): ProcessingSubject => ({ id: r.id, type: r.kind === 'person' ? 'BSN' : 'KVK' });

async function logProcessing(
  ctx: ModuleContext,
  db: Db | Trx,
  origin: MessageOrigin,
  activity: MessageActivity,
  organisationCode: string,
  subject: Applicant,
  actor: 'applicant' | 'official',
  startedAt: Date,
): Promise<void> {
  await ctx.processingLog.record(db, origin.trace, {
    name: messageProcessingActivities[activity],
    activityId: `${processingActivityBase}${activity}`,
    subjects: [subjectOf(subject)],
    organisationCode,
    startedAt,
    endedAt: ctx.clock.now(),
    attributes: { 'loket.actor': actor },
  });
}

/**
 * Whose box the principal opens: whom they handle now (themself, or whom they act for), when the
 * mandates engine allows `action` for them (`view` to read; changing where notifications go needs
 * who may manage the subject's affairs when acting for someone else); others get a failure.
 */
async function recipientFor(
  ctx: ModuleContext,
  principal: Principal,
  action: 'view' | 'manage_mandates' = 'view',
): Promise<Result<Acting>> {
  const refused = notARecipient(principal);
  if (refused) return fail(refused);
  return authorizeAs(ctx, principal, { action });
}

/** Who has no message box: visitors who are not logged in, and officials. */
function notARecipient(principal: Principal): Failure | undefined {
  if (principal.kind === 'anonymous') return messageFailures.loginRequired();
  if (!applicantOf(principal)) return messageFailures.recipientsOnly();
  return undefined;
}

/** The letters the actor may read: null, all (acting for oneself); else those without a case and those of the cases they may read. */
async function readableOf(ctx: ModuleContext, principal: Principal, acting: Acting): Promise<ServiceRef[] | null> {
  if (reachesEveryService(acting)) return null;
  return readableServices(ctx, principal, acting, await applicantServices(ctx.database.db, acting.subject));
}

/** A letter about a case: may the actor read that case? (Someone else's letter is not found; a level too low says so.) */
async function mayReadLetter(ctx: ModuleContext, principal: Principal, acting: Acting, message: Message): Promise<Result<true>> {
  if (message.case === null || reachesEveryService(acting)) return ok(true);
  const kase = await findCase(ctx.database.db, message.case.organisationCode, message.case.caseId);
  if (!kase) return fail(messageFailures.messageNotFound());
  const checked = await authorizeForService(ctx, principal, 'read_case', kase);
  if (checked.ok) return ok(true);
  return checked.failure.code === 'auth.loa_too_low' ? fail(checked.failure) : fail(messageFailures.messageNotFound());
}

/** The organisation names of the senders, by code (a code without an organisation is left out; Loket's own letters: Loket). */
async function senderNames(ctx: ModuleContext, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) {
    if (code === loketSender) {
      names.set(code, 'Loket');
      continue;
    }
    const organisation = await getOrganisation(ctx, code);
    if (organisation) names.set(code, organisation.name);
  }
  return names;
}

/** A message with the name of the organisation that sent it (null when it is not in the register). */
export type Named<T> = T & { senderName: string | null };

const named = <T extends MessageSummary>(m: T, names: ReadonlyMap<string, string>): Named<T> => ({
  ...m,
  senderName: names.get(m.senderOrganisationCode) ?? null,
});

// ---------------------------------------------------------------------------------------------
// The recipient's use cases

export interface MessageList {
  items: Named<MessageSummary>[];
  /** How many messages match the filter. */
  total: number;
  /** How many of all the recipient's messages are unread. */
  unread: number;
  limit: number;
  offset: number;
}

/** "Berichten": the principal's own messages, newest first; `unread`: only unread (true) or only read (false). */
export async function listMessages(
  ctx: ModuleContext,
  principal: Principal,
  query: { limit?: unknown; offset?: unknown; unread?: unknown } = {},
): Promise<Result<MessageList>> {
  const refused = notARecipient(principal);
  if (refused) return fail(refused);
  const parsed = parseMessageQuery(query);
  if (!parsed.ok) return fail(messageFailures.invalidInput(parsed.issues));
  const acting = await recipientFor(ctx, principal);
  if (!acting.ok) return acting;
  const readable = await readableOf(ctx, principal, acting.value);
  const { items, total, unread } = await store.listMessages(ctx.database.db, acting.value.subject, parsed.value, readable);
  const names = await senderNames(
    ctx,
    items.map((m) => m.senderOrganisationCode),
  );
  return ok({ items: items.map((m) => named(m, names)), total, unread, limit: parsed.value.limit, offset: parsed.value.offset });
}

/**
 * One of the principal's own messages, with its text. Opening it the first time marks it read,
 * with an audit record (from then on the letter counts as received); every opening is a line in
 * the processing log (the sender organisation's letter about the recipient is shown).
 */
export async function getMessage(
  ctx: ModuleContext,
  principal: Principal,
  id: string,
  origin: MessageOrigin = internalOrigin(),
): Promise<Result<Named<Message>>> {
  const startedAt = ctx.clock.now();
  const recipient = await recipientFor(ctx, principal);
  if (!recipient.ok) return recipient;
  if (typeof id !== 'string' || !isUuid(id)) return fail(messageFailures.messageNotFound());
  const acting = recipient.value;
  const owner = acting.subject;
  const letter = await store.findMessageOf(ctx.database.db, owner, id);
  if (!letter) return fail(messageFailures.messageNotFound());
  const readable = await mayReadLetter(ctx, principal, acting, letter);
  if (!readable.ok) return readable;
  const found = await inUseCase(ctx.database, async (trx) => {
    const message = await store.findMessageOf(trx, owner, id);
    if (!message) return fail<Message>(messageFailures.messageNotFound());
    let shown = message;
    if (message.readAt === null) {
      const at = startedAt.toISOString();
      if (await store.markRead(trx, owner, id, at)) {
        shown = { ...message, readAt: at };
        await recordAudit(trx, {
          actor: auditActorOf(principal, acting),
          action: 'delivery.message_read',
          object: { type: 'delivery_message', id },
          requestId: origin.requestId,
          at: startedAt,
          details: {
            kind: message.kind,
            senderOrganisationCode: message.senderOrganisationCode,
            caseNumber: message.case?.caseNumber ?? null,
            ...basisDetails(acting),
          },
        });
      }
    }
    await logProcessing(ctx, trx, origin, 'delivery.message.read', message.senderOrganisationCode, owner, 'applicant', startedAt);
    return ok(shown);
  });
  if (!found.ok) return found;
  return ok(named(found.value, await senderNames(ctx, [found.value.senderOrganisationCode])));
}

/** How many of the applicant's messages are unread (for "Mijn zaken" and the menu). */
export function unreadCount(db: Db, applicant: Applicant): Promise<number> {
  return store.countUnread(db, applicant);
}

/** How many unread letters the principal may read now, in the box of whom they handle (0 when they may not see it). */
export async function unreadCountFor(ctx: ModuleContext, principal: Principal): Promise<number> {
  const acting = await recipientFor(ctx, principal);
  if (!acting.ok) return 0;
  return store.countUnread(ctx.database.db, acting.value.subject, await readableOf(ctx, principal, acting.value));
}

/**
 * The letters of one case, oldest first: for its applicant, those sent to them; for a case handler
 * of the organisation, all of them (logged in the processing log). Nothing is marked read. Anyone
 * else: `delivery.case_not_found`, as for the case itself.
 */
export async function messagesOfCase(
  ctx: ModuleContext,
  principal: Principal,
  organisationCode: string,
  caseId: string,
  origin: MessageOrigin = internalOrigin(),
): Promise<Result<Named<Message>[]>> {
  const startedAt = ctx.clock.now();
  if (principal.kind === 'anonymous') return fail(messageFailures.loginRequired());
  if (typeof organisationCode !== 'string' || organisationCode === '' || organisationCode.length > 64 || !isUuid(caseId))
    return fail(messageFailures.caseNotFound());
  const applicant = applicantOf(principal);
  const official = isCaseHandlerOf(principal, organisationCode);
  if (!applicant && !official) return fail(messageFailures.caseNotFound());
  const db = ctx.database.db;
  if (!official) {
    // The applicant side: a case of whom the principal handles now, which the mandates engine lets
    // them read. Letters that name no stored case: only one's own, acting for oneself.
    const kase = await findCase(db, organisationCode, caseId);
    if (kase && !isApplicantOf(principal, kase.applicant)) return fail(messageFailures.caseNotFound());
    const checked = kase
      ? await authorizeForService(ctx, principal, 'read_case', kase)
      : await authorizeAs(ctx, principal, { action: 'view' });
    if (!checked.ok) return hidesWhatExists(checked.failure) ? fail(messageFailures.caseNotFound()) : checked;
    if (!kase && checked.value.authorization.basis.kind !== 'self') return fail(messageFailures.caseNotFound());
  }
  const messages = await store.messagesOfCase(db, organisationCode, caseId, official ? null : applicant);
  if (official) {
    const recipients = new Map(messages.map((m) => [recipientKey(m.recipient), m.recipient]));
    for (const r of recipients.values())
      await logProcessing(ctx, db, origin, 'delivery.message.case_view', organisationCode, r, 'official', startedAt);
  }
  const names = await senderNames(
    ctx,
    messages.map((m) => m.senderOrganisationCode),
  );
  return ok(messages.map((m) => named(m, names)));
}

/** Where the principal wants to hear of new messages (no address yet: none, notifications on once one is given). */
export async function getContact(ctx: ModuleContext, principal: Principal): Promise<Result<Contact>> {
  const recipient = await recipientFor(ctx, principal);
  if (!recipient.ok) return recipient;
  const found = await store.findContact(ctx.database.db, recipient.value.subject);
  return ok(found ? { email: found.email, notify: found.notify } : { ...defaultContact });
}

/**
 * Sets the e-mail address for notifications, and whether to send them (`{ email, notify }`, any
 * JSON checked in full: a wrong field gives 400 and stores nothing). Audited without the address.
 */
export async function setContact(
  ctx: ModuleContext,
  principal: Principal,
  input: unknown,
  origin: MessageOrigin = internalOrigin(),
): Promise<Result<Contact>> {
  const startedAt = ctx.clock.now();
  const refused = notARecipient(principal);
  if (refused) return fail(refused);
  const parsed = parseContact(input);
  if (!parsed.ok) return fail(messageFailures.invalidInput(parsed.issues));
  // Where the letters are announced is the subject's own choice: acting for someone else, only who
  // may manage their affairs as a whole (a parent with authority, a curator, a functionary) sets it.
  const recipient = await recipientFor(ctx, principal, actsForAnother(principal) ? 'manage_mandates' : 'view');
  if (!recipient.ok) return recipient;
  const contact = parsed.value;
  const acting = recipient.value;
  const owner = acting.subject;
  return inUseCase(ctx.database, async (trx) => {
    const before = await store.findContact(trx, owner);
    await store.saveContact(trx, owner, contact, startedAt.toISOString());
    await recordAudit(trx, {
      actor: auditActorOf(principal, acting),
      action: 'delivery.contact_changed',
      object: { type: 'delivery_contact', id: recipientKey(owner) },
      requestId: origin.requestId,
      at: startedAt,
      // Not the address itself: the audit trail is kept forever.
      details: {
        emailGiven: contact.email !== null,
        emailChanged: (before?.email ?? null) !== contact.email,
        notify: contact.notify,
        ...basisDetails(acting),
      },
    });
    return ok(contact);
  });
}
