// delivery/messages: e-mail notification of a new message through SMTP.
//
// When SMTP is configured (LOKET_SMTP_URL, LOKET_MAIL_FROM) and the recipient gave an e-mail
// address with notifications on, one plain-text e-mail (Dutch, then English) says that a message
// waits in Loket, with a link to it. It holds nothing of the letter itself — no subject, sender or
// case — because e-mail is not a secure channel.
//
// No network I/O inside a database transaction: on SQLite a transaction holds the one connection,
// so a slow SMTP server would stop every write in Loket. Sending therefore goes in two steps:
//
// 1. The `message.created` subscriber only records a row in the mail outbox
//    (delivery_mail_outbox), in the dispatcher's transaction: committed together with the event's
//    "delivered" mark, so every acknowledged message has its row exactly once.
// 2. The job `delivery.messages.mail` (every 30 s) claims one due row at a time with a lease (a
//    short transaction that commits), sends outside any transaction, then marks the row sent or,
//    on failure, due again later with back-off. At least once: a process that dies after sending
//    but before marking leaves the lease to run out, and the row is sent again.
//
// The row holds the recipient's key, not the address: the address is read when sending, so a
// changed address is used and a notification turned off in between is not sent.
import nodemailer from 'nodemailer';
import type { StoredEvent, Subscription } from '../../../platform/events/index.ts';
import { inTransaction, type Trx } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ScheduledJob } from '../../../platform/jobs/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isMessageKind, notificationMail } from './model.ts';
import { messageCreatedEvent, type MessageCreatedPayload } from './service.ts';
import * as store from './store.ts';

/** The subscriber's name in the outbox (renaming it would start its deliveries afresh). */
export const mailSubscriberName = 'delivery.messages.mail';

/** The job that sends the recorded notifications. */
export const mailJobName = 'delivery.messages.mail';

const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 } as const;

export interface MailJobOptions {
  /** This process's name on its claims (default: pid and a fresh id). */
  workerId?: string;
  /** How long a claim keeps other processes off a row; longer than one send can take (the timeouts above). */
  leaseMs?: number;
  /** At most this many e-mails per run. */
  batchSize?: number;
  /** No new claim after this much time in a run (so a run ends near the interval). */
  budgetMs?: number;
}

const defaults = { leaseMs: 2 * 60 * 1000, batchSize: 100, budgetMs: 20_000 } as const;

/** The wait before attempt `attempts + 1`: one minute, doubling, at most an hour. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 60_000 * 2 ** Math.max(0, Math.min(attempts - 1, 12)));
}

/** The payload of `message.created`, or undefined when it is not one (nothing to do then). */
function payloadOf(event: StoredEvent): MessageCreatedPayload | undefined {
  const p = event.payload;
  const kind = p['recipientKind'];
  if (typeof p['messageId'] !== 'string' || typeof p['recipientId'] !== 'string' || (kind !== 'person' && kind !== 'business'))
    return undefined;
  if (!isMessageKind(p['kind'])) return undefined;
  return {
    messageId: p['messageId'],
    recipientKind: kind,
    recipientId: p['recipientId'],
    kind: p['kind'],
    caseNumber: typeof p['caseNumber'] === 'string' ? p['caseNumber'] : null,
  };
}

/** Records the notification to send, in the dispatcher's transaction; no network I/O here. */
export function messageSubscriptions(ctx: ModuleContext): Subscription[] {
  // Without SMTP there is no e-mail: the message box only, and no deliveries to keep.
  if (!ctx.config.smtp) return [];
  return [
    {
      name: mailSubscriberName,
      types: [messageCreatedEvent],
      handle: async (event: StoredEvent, trx: Trx): Promise<void> => {
        const payload = payloadOf(event);
        if (!payload) return;
        const recipient = { kind: payload.recipientKind, id: payload.recipientId };
        const contact = await store.findContact(trx, recipient);
        if (!contact || contact.email === null || !contact.notify) return;
        await store.insertPendingMail(trx, {
          id: newId(),
          messageId: payload.messageId,
          recipient,
          at: ctx.clock.now().toISOString(),
        });
      },
    },
  ];
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** What one run did. */
export interface MailRunResult {
  sent: number;
  /** Failed; due again after the back-off. */
  failed: number;
  /** No address any more, or notifications turned off. */
  skipped: number;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/**
 * Sends the due notifications: for each, claim it (a short transaction that commits), send with
 * no transaction open, then mark it sent or due again. Stops at the first failure (the server is
 * likely in trouble: the next run tries again), after `batchSize` e-mails or after `budgetMs`.
 */
export async function sendPendingMail(
  ctx: ModuleContext,
  smtp: { from: string },
  transport: () => Transport,
  options: Required<MailJobOptions>,
): Promise<MailRunResult> {
  const { db, dialect } = ctx.database;
  const result: MailRunResult = { sent: 0, failed: 0, skipped: 0 };
  const started = performance.now();
  while (result.sent + result.failed + result.skipped < options.batchSize && performance.now() - started < options.budgetMs) {
    const now = ctx.clock.now();
    const claimed = await inTransaction(db, async (trx) => {
      const mail = await store.claimDueMail(trx, dialect, {
        worker: options.workerId,
        now: now.toISOString(),
        until: new Date(now.getTime() + options.leaseMs).toISOString(),
      });
      if (!mail) return undefined;
      const contact = await store.findContact(trx, mail.recipient);
      if (!contact || contact.email === null || !contact.notify) {
        await store.markMailSkipped(trx, mail.id, options.workerId, 'skipped: no e-mail address, or notifications off');
        return { mail, to: null };
      }
      return { mail, to: contact.email };
    });
    if (!claimed) break;
    if (claimed.to === null) {
      result.skipped += 1;
      continue;
    }
    const { mail } = claimed;
    const content = notificationMail({ messageId: mail.messageId, baseUrl: ctx.config.baseUrl });
    try {
      // Outside any transaction. Rejects on any SMTP failure (connection, refused recipient, timeout).
      await transport().sendMail({
        from: smtp.from,
        to: claimed.to,
        subject: content.subject,
        text: content.text,
        // RFC 3834: an automatic message, so auto-responders do not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const at = new Date(ctx.clock.now().getTime() + mailRetryDelayMs(mail.attempts)).toISOString();
      await store.scheduleMailRetry(db, mail.id, options.workerId, { at, error: errorText(error) });
      result.failed += 1;
      break;
    }
    await store.markMailSent(db, mail.id, ctx.clock.now().toISOString());
    result.sent += 1;
  }
  return result;
}

/** The job that sends the notifications the subscriber recorded; none without SMTP. */
export function messageJobs(ctx: ModuleContext, options: MailJobOptions = {}): ScheduledJob[] {
  const smtp = ctx.config.smtp;
  if (!smtp) return [];
  const settings: Required<MailJobOptions> = { workerId: `${process.pid}-${newId()}`, ...defaults, ...options };
  let transport: Transport | undefined;
  const transporter = (): Transport => (transport ??= nodemailer.createTransport({ url: smtp.url, ...timeouts }));
  return [
    {
      name: mailJobName,
      everyMs: 30_000,
      run: async (runCtx) => {
        const done = await sendPendingMail(runCtx, smtp, transporter, settings);
        return `sent ${done.sent}, failed ${done.failed}, skipped ${done.skipped}`;
      },
    },
  ];
}
