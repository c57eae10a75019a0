// E-mail notification against a real SMTP server (the smtp-server package on 127.0.0.1, a free
// port), through the real outbox: sendMessage → message.created → Dispatcher → the subscription.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { inTransaction } from '../../../platform/db/index.ts';
import { Dispatcher, EventBus } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { ProcessingLog } from '../../../platform/processing-log/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/db.ts';
import { fixedClock } from '../../../platform/time/index.ts';
import { bsnSeries } from '../../registry/people/test-fixtures.ts';
import { mailSubscriberName, messageSubscriptions } from './mail.ts';
import { sendMessage, setContact, type NewMessage } from './service.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const received: Received[] = [];
/** While set, the server refuses every recipient with a temporary error (451). */
let refusing = false;
let server: SMTPServer;
let database: TestDatabase;
let ctx: ModuleContext;
let dispatcher: Dispatcher;
/** The dispatcher's clock, moved on to let a retry become due. */
let now = new Date('2026-12-01T00:00:00Z');
const errors: unknown[] = [];

const [withMail = '', withoutMail = '', mailOff = ''] = bsnSeries(56_789_010, 3);
const session = { sessionId: 's', loa: 'substantial' as const, name: 'Test' };
const person = (bsn: string): Principal => ({ kind: 'person', bsn, ...session });

const secretSubject = 'Besluit over uw bijstandsuitkering';
const secretBody = 'Wij kennen u een uitkering toe van 1.234 euro per maand vanwege uw schulden.';
const caseNumber = 'Z-2026-004711';

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusing) {
        const error = Object.assign(new Error('Mailbox tijdelijk niet beschikbaar'), { responseCode: 451 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from === false ? '' : from.address,
          to: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  database = await createTestDatabase('messagesmail');
  const clock = fixedClock('2026-11-30T10:00:00Z');
  const config = testConfig({
    LOKET_SMTP_URL: `smtp://127.0.0.1:${port}`,
    LOKET_MAIL_FROM: 'berichten@loket.example.nl',
    LOKET_BASE_URL: 'https://loket.example.nl',
  });
  await prepareDatabase(database, config, clock);
  const bus = new EventBus();
  ctx = { database, bus, clock, config, processingLog: new ProcessingLog('test-secret-test-secret-test-secret-0123') };
  for (const s of messageSubscriptions(ctx)) bus.subscribe(s);
  dispatcher = new Dispatcher(database.db, database.dialect, bus, { now: () => now, onError: (e) => errors.push(e) });

  await setContact(ctx, person(withMail), { email: 'inwoner@example.org', notify: true });
  await setContact(ctx, person(mailOff), { email: 'geen-melding@example.org', notify: false });
});
afterAll(async () => {
  await database.cleanup();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  errors.length = 0;
  refusing = false;
});

function send(recipientBsn: string): Promise<string> {
  const message: NewMessage = {
    recipient: { kind: 'person', id: recipientBsn },
    kind: 'decision',
    senderOrganisationCode: 'GM0363',
    subject: secretSubject,
    body: secretBody,
    case: { organisationCode: 'GM0363', caseId: newId(), caseNumber },
    at: new Date('2026-11-30T10:00:00Z'),
  };
  return inTransaction(database.db, (trx) => sendMessage(trx, ctx, message));
}

/** The text of the mail: headers unfolded, the body decoded from quoted-printable or base64. */
function decode(raw: string): { headers: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const encoded = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  const body =
    encoding === 'quoted-printable'
      ? Buffer.from(
          encoded.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(encoded, 'base64').toString('utf8')
        : encoded;
  return { headers, body };
}

const pendingOf = (messageId: string) =>
  database.db
    .selectFrom('event_delivery')
    .innerJoin('event_outbox', 'event_outbox.id', 'event_delivery.event_id')
    .select(['event_delivery.delivered_at', 'event_delivery.last_error', 'event_delivery.attempts'])
    .where('event_outbox.aggregate_id', '=', messageId)
    .where('event_delivery.subscriber', '=', mailSubscriberName)
    .executeTakeFirstOrThrow();

describe('e-mail notification of a new message', () => {
  it('sends one plain e-mail to the recipient’s address, with a link and nothing of the letter', async () => {
    const id = await send(withMail);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(errors).toEqual([]);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to).toEqual(['inwoner@example.org']);
    expect(mail.from).toBe('berichten@loket.example.nl');
    const { headers, body } = decode(mail.raw);
    expect(headers).toMatch(/^Subject: Nieuw bericht in Loket \/ New message in Loket$/m);
    expect(headers).toMatch(/^To: inwoner@example\.org$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(headers).toMatch(/^Content-Type: text\/plain/m);
    expect(body).toContain(`https://loket.example.nl/berichten/${id}`);
    expect(body).toContain('Er staat een nieuw bericht voor u klaar in Loket.');
    expect(body).toContain('A new message is waiting for you in Loket.');
    for (const secret of [secretSubject, secretBody, 'bijstand', 'uitkering', caseNumber, 'Amsterdam', withMail]) {
      expect(mail.raw).not.toContain(secret);
      expect(body).not.toContain(secret);
    }
    expect((await pendingOf(id)).delivered_at).not.toBeNull();
  });

  it('sends nothing to someone without an address, or who turned notifications off (the event is still handled)', async () => {
    const none = await send(withoutMail);
    const off = await send(mailOff);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(errors).toEqual([]);
    expect(received).toEqual([]);
    expect((await pendingOf(none)).delivered_at).not.toBeNull();
    expect((await pendingOf(off)).delivered_at).not.toBeNull();
  });

  it('throws when the SMTP server refuses, so the outbox tries again later and then sends it', async () => {
    refusing = true;
    const id = await send(withMail);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(errors).toHaveLength(1);
    const failed = await pendingOf(id);
    expect(failed.delivered_at).toBeNull();
    expect(failed.last_error).toMatch(/451|niet beschikbaar/);
    expect(received).toEqual([]);

    // Not due yet: the back-off holds it.
    refusing = false;
    expect(await dispatcher.runOnce()).toBe(0);
    expect(received).toEqual([]);

    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(received.map((r) => r.to)).toEqual([['inwoner@example.org']]);
    const done = await pendingOf(id);
    expect(done.delivered_at).not.toBeNull();
    expect(done.attempts).toBe(2);
  });

  it('subscribes nothing when SMTP is not configured', () => {
    expect(messageSubscriptions({ ...ctx, config: testConfig() })).toEqual([]);
    expect(messageSubscriptions(ctx).map((s) => s.name)).toEqual([mailSubscriberName]);
  });
});
