// delivery/messages: e-mail notification of a new message through SMTP.
//
// On `message.created`, when SMTP is configured (LOKET_SMTP_URL, LOKET_MAIL_FROM) and the recipient
// gave an e-mail address with notifications on, one plain-text e-mail (Dutch, then English) says
// that a message waits in Loket, with a link to it. It holds nothing of the letter itself — no
// subject, sender or case — because e-mail is not a secure channel.
//
// Delivery is the outbox's: at least once. A failing SMTP server makes the handler throw, so the
// dispatcher tries again later (with back-off). The handler runs inside the dispatcher's
// transaction, which on SQLite holds the one connection: the timeouts below keep a hanging SMTP
// server from holding it longer than the dispatcher's lease.
import nodemailer from 'nodemailer';
import type { StoredEvent, Subscription } from '../../../platform/events/index.ts';
import type { Trx } from '../../../platform/db/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { isMessageKind, notificationMail } from './model.ts';
import { messageCreatedEvent, type MessageCreatedPayload } from './service.ts';
import * as store from './store.ts';

/** The subscriber's name in the outbox (renaming it would start its deliveries afresh). */
export const mailSubscriberName = 'delivery.messages.mail';

const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 } as const;

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

export function messageSubscriptions(ctx: ModuleContext): Subscription[] {
  const smtp = ctx.config.smtp;
  // Without SMTP there is no e-mail: the message box only, and no deliveries to keep.
  if (!smtp) return [];
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  const transporter = (): ReturnType<typeof nodemailer.createTransport> =>
    (transport ??= nodemailer.createTransport({ url: smtp.url, ...timeouts }));
  return [
    {
      name: mailSubscriberName,
      types: [messageCreatedEvent],
      handle: async (event: StoredEvent, trx: Trx): Promise<void> => {
        const payload = payloadOf(event);
        if (!payload) return;
        const contact = await store.findContact(trx, { kind: payload.recipientKind, id: payload.recipientId });
        if (!contact || contact.email === null || !contact.notify) return;
        const mail = notificationMail({ messageId: payload.messageId, baseUrl: ctx.config.baseUrl });
        // Rejects on any SMTP failure (connection, refused recipient, timeout): the outbox retries.
        await transporter().sendMail({
          from: smtp.from,
          to: contact.email,
          subject: mail.subject,
          text: mail.text,
          // RFC 3834: an automatic message, so auto-responders do not answer it.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      },
    },
  ];
}
