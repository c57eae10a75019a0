// E-mail notification against a real SMTP server (the smtp-server package on 127.0.0.1, a free
// port), through the real outbox and job: sendMessage → message.created → Dispatcher → the
// subscription records a row in delivery_mail_outbox → the job `delivery.messages.mail` sends it.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { inTransaction, readCount, sql } from '../../../platform/db/index.ts';
import { Dispatcher, EventBus, type StoredEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import type { ScheduledJob } from '../../../platform/jobs/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import { ProcessingLog } from '../../../platform/processing-log/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/db.ts';
import { fixedClock, type Clock } from '../../../platform/time/index.ts';
import { bsnSeries } from '../../registry/people/test-fixtures.ts';
import { mailJobName, mailRetryDelayMs, mailSubscriberName, messageJobs, messageSubscriptions } from './mail.ts';
import { messageCreatedEvent, sendMessage, setContact, type NewMessage } from './service.ts';
import type { MessageTables } from './store.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const received: Received[] = [];
/** While set, the server refuses every recipient with a temporary error (451). */
let refusing = false;
/** While set, the server runs it after receiving a mail and before answering (the client is still waiting). */
let duringSend: (() => Promise<void>) | undefined;
let server: SMTPServer;
let database: TestDatabase;
let ctx: ModuleContext;
let dispatcher: Dispatcher;
/** The job's clock, moved on to let a retry become due or a lease run out. */
let now = new Date('2026-12-01T00:00:00Z');
const jobClock: Clock = { now: () => now, today: () => fixedClock(now).today() };
let jobCtx: ModuleContext;
let job: ScheduledJob;
const errors: unknown[] = [];

const [withMail = '', withoutMail = '', mailOff = '', removesMail = '', changesMail = '', other = ''] = bsnSeries(56_789_010, 6);
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
        const hook = duringSend;
        if (!hook) {
          callback();
          return;
        }
        hook().then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
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
  jobCtx = { ...ctx, clock: jobClock };
  for (const s of messageSubscriptions(ctx)) bus.subscribe(s);
  dispatcher = new Dispatcher(database.db, database.dialect, bus, { now: () => now, onError: (e) => errors.push(e) });
  job = onlyJob(messageJobs(ctx, { workerId: 'worker-a' }));

  await setContact(ctx, person(withMail), { email: 'inwoner@example.org', notify: true });
  await setContact(ctx, person(mailOff), { email: 'geen-melding@example.org', notify: false });
  await setContact(ctx, person(removesMail), { email: 'weg@example.org', notify: true });
  await setContact(ctx, person(changesMail), { email: 'oud@example.org', notify: true });
  await setContact(ctx, person(other), { email: 'ander@example.org', notify: true });
});
afterAll(async () => {
  await database.cleanup();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  errors.length = 0;
  refusing = false;
  duringSend = undefined;
});

function onlyJob(jobs: ScheduledJob[]): ScheduledJob {
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

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

/** Sends messages and lets the dispatcher record their notifications; returns the message ids. */
async function sendAndDeliver(...recipients: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of recipients) ids.push(await send(r));
  expect(await dispatcher.runOnce()).toBe(recipients.length);
  expect(errors).toEqual([]);
  return ids;
}

const runJob = (j: ScheduledJob = job): Promise<string> => j.run(jobCtx);

const outbox = () => database.db.withTables<MessageTables>().selectFrom('delivery_mail_outbox');
const rowOf = (messageId: string) => outbox().selectAll().where('message_id', '=', messageId).executeTakeFirst();
const rowsOf = (messageId: string) => outbox().selectAll().where('message_id', '=', messageId).execute();

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

const eventDeliveredOf = async (messageId: string) =>
  (
    await database.db
      .selectFrom('event_delivery')
      .innerJoin('event_outbox', 'event_outbox.id', 'event_delivery.event_id')
      .select(['event_delivery.delivered_at'])
      .where('event_outbox.aggregate_id', '=', messageId)
      .where('event_delivery.subscriber', '=', mailSubscriberName)
      .executeTakeFirstOrThrow()
  ).delivered_at;

/**
 * What another part of Loket sees while the e-mail is being sent: how long a write through the
 * shared database takes ('blocked' after `waitMs`; on SQLite an open transaction holds the one
 * connection), and on PostgreSQL how many connections sit in an open transaction.
 */
async function probeDatabase(waitMs: number): Promise<{ write: 'done' | 'blocked'; openTransactions: number | null }> {
  const write = database.db
    .withTables<MessageTables>()
    .updateTable('delivery_contact')
    .set({ updated_at: new Date().toISOString() })
    .where('recipient_kind', '=', 'person')
    .where('recipient_id', '=', other)
    .execute()
    .then(() => 'done' as const);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'blocked'>((resolve) => (timer = setTimeout(() => resolve('blocked'), waitMs)));
  const result = await Promise.race([write, timeout]);
  clearTimeout(timer);
  if (database.dialect !== 'postgres') return { write: result, openTransactions: null };
  const open = await sql<{ n: unknown }>`
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(database.db);
  return { write: result, openTransactions: readCount(open.rows[0]?.n) };
}

describe('e-mail notification of a new message', () => {
  it('records the notification with the event, and the job sends one plain e-mail with a link and nothing of the letter', async () => {
    const [id = ''] = await sendAndDeliver(withMail);
    // The subscriber only wrote a row; nothing was sent yet.
    expect(received).toEqual([]);
    expect(await eventDeliveredOf(id)).not.toBeNull();
    const pending = await rowOf(id);
    expect(pending).toMatchObject({ recipient_kind: 'person', recipient_id: withMail, attempts: 0, sent_at: null, claimed_by: null });
    expect(pending?.next_attempt_at).not.toBeNull();
    // The address is read when sending, not copied into the outbox.
    expect(JSON.stringify(pending)).not.toContain('inwoner@example.org');

    expect(await runJob()).toBe('sent 1, failed 0, skipped 0');
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
    const sent = await rowOf(id);
    expect(sent).toMatchObject({ attempts: 1, next_attempt_at: null, claimed_by: null, claimed_until: null, last_error: null });
    expect(sent?.sent_at).not.toBeNull();

    // Exactly one: the next runs find nothing due.
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');
    expect(received).toHaveLength(1);
  });

  it('records and sends nothing for someone without an address, or who turned notifications off (the event is still handled)', async () => {
    const [none = '', off = ''] = await sendAndDeliver(withoutMail, mailOff);
    expect(await rowsOf(none)).toEqual([]);
    expect(await rowsOf(off)).toEqual([]);
    expect(await eventDeliveredOf(none)).not.toBeNull();
    expect(await eventDeliveredOf(off)).not.toBeNull();
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');
    expect(received).toEqual([]);
  });

  it('reads the address when sending: a changed address gets the e-mail, a removed one none', async () => {
    const [removed = '', changed = ''] = await sendAndDeliver(removesMail, changesMail);
    await setContact(ctx, person(removesMail), { email: null, notify: false });
    await setContact(ctx, person(changesMail), { email: 'nieuw@example.org', notify: true });

    expect(await runJob()).toBe('sent 1, failed 0, skipped 1');
    expect(received.map((r) => r.to)).toEqual([['nieuw@example.org']]);
    const skipped = await rowOf(removed);
    expect(skipped).toMatchObject({ sent_at: null, next_attempt_at: null, claimed_by: null, attempts: 1 });
    expect(skipped?.last_error).toMatch(/skipped/);
    expect((await rowOf(changed))?.sent_at).not.toBeNull();
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');
    expect(received).toHaveLength(1);
  });

  it('keeps a notification the SMTP server refuses, and sends it at a later run after the back-off', async () => {
    refusing = true;
    const [id = '', second = ''] = await sendAndDeliver(withMail, other);
    const at = now;
    // The run stops at the first failure: the other notification waits for the next run, untouched.
    expect(await runJob()).toBe('sent 0, failed 1, skipped 0');
    expect(received).toEqual([]);
    const rows = [await rowOf(id), await rowOf(second)];
    const failed = rows.find((r) => r?.attempts === 1);
    const untouched = rows.find((r) => r?.attempts === 0);
    expect(failed).toMatchObject({ sent_at: null, claimed_by: null, claimed_until: null });
    expect(failed?.last_error).toMatch(/451|niet beschikbaar/);
    expect(failed?.next_attempt_at).toBe(new Date(at.getTime() + mailRetryDelayMs(1)).toISOString());
    expect(untouched).toMatchObject({ sent_at: null, last_error: null });

    // The server works again: the untouched one goes; the failed one is held by its back-off.
    refusing = false;
    expect(await runJob()).toBe('sent 1, failed 0, skipped 0');
    expect(received).toHaveLength(1);
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');

    now = new Date(at.getTime() + mailRetryDelayMs(1) + 1000);
    expect(await runJob()).toBe('sent 1, failed 0, skipped 0');
    expect(received.flatMap((r) => r.to).sort()).toEqual(['ander@example.org', 'inwoner@example.org']);
    const done = failed?.message_id === id ? await rowOf(id) : await rowOf(second);
    expect(done).toMatchObject({ attempts: 2, next_attempt_at: null, last_error: null });
    expect(done?.sent_at).not.toBeNull();
  });

  it('backs off one minute, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 6, 7, 30].map(mailRetryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it('leaves a notification another process claimed until its lease runs out, and two processes at once send each one once', async () => {
    const [claimed = ''] = await sendAndDeliver(withMail);
    await database.db
      .withTables<MessageTables>()
      .updateTable('delivery_mail_outbox')
      .set({ claimed_by: 'dead-process', claimed_until: new Date(now.getTime() + 60_000).toISOString(), attempts: 1 })
      .where('message_id', '=', claimed)
      .execute();
    expect(await runJob()).toBe('sent 0, failed 0, skipped 0');
    expect(received).toEqual([]);
    now = new Date(now.getTime() + 61_000);
    expect(await runJob()).toBe('sent 1, failed 0, skipped 0');
    expect(await rowOf(claimed)).toMatchObject({ attempts: 2, claimed_by: null });

    received.length = 0;
    const ids = await sendAndDeliver(withMail, other, changesMail, withMail, other, changesMail);
    const second = onlyJob(messageJobs(ctx, { workerId: 'worker-b' }));
    await Promise.all([runJob(job), runJob(second), runJob(job), runJob(second)]);
    expect(received).toHaveLength(ids.length);
    for (const id of ids) {
      const rows = await rowsOf(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ attempts: 1, next_attempt_at: null });
      expect(rows[0]?.sent_at).not.toBeNull();
    }
    for (const id of ids) expect(received.filter((r) => decode(r.raw).body.includes(`/berichten/${id}`))).toHaveLength(1);
  });

  it('sends with no database transaction open: the claim is committed and other writes go on meanwhile', async () => {
    // The probe notices an open transaction (so the check below means something).
    const inside = await inTransaction(database.db, async (trx) => {
      await trx.withTables<MessageTables>().selectFrom('delivery_contact').select('recipient_id').limit(1).execute();
      return probeDatabase(300);
    });
    if (database.dialect === 'sqlite') expect(inside.write).toBe('blocked');
    else expect(inside.openTransactions).toBeGreaterThan(0);

    const [id = ''] = await sendAndDeliver(withMail);
    const seen: { probe: Awaited<ReturnType<typeof probeDatabase>>; row: Awaited<ReturnType<typeof rowOf>> }[] = [];
    duringSend = async () => {
      const probe = await probeDatabase(2_000);
      // Only read when the database answers (on SQLite a blocked read would wait for the transaction, which waits for us).
      seen.push({ probe, row: probe.write === 'done' ? await rowOf(id) : undefined });
    };
    const summary = await runJob();
    expect(seen).toHaveLength(1);
    const during = seen[0]!;
    expect(during.probe).toEqual({ write: 'done', openTransactions: database.dialect === 'postgres' ? 0 : null });
    // While the SMTP server had the mail, the claim was already committed and the row not yet marked sent.
    expect(during.row).toMatchObject({ claimed_by: 'worker-a', attempts: 1, sent_at: null });
    expect(summary).toBe('sent 1, failed 0, skipped 0');
    expect((await rowOf(id))?.sent_at).not.toBeNull();
  });

  it('records one row per message, also when the event is handled again', async () => {
    const [id = ''] = await sendAndDeliver(withMail);
    const subscription = messageSubscriptions(ctx)[0]!;
    const event: StoredEvent = {
      id: newId(),
      type: messageCreatedEvent,
      payload: { messageId: id, recipientKind: 'person', recipientId: withMail, kind: 'decision', caseNumber },
      occurredAt: now.toISOString(),
      requestId: null,
    };
    await inTransaction(database.db, (trx) => subscription.handle(event, trx));
    expect(await rowsOf(id)).toHaveLength(1);
    expect(await runJob()).toBe('sent 1, failed 0, skipped 0');
    expect(received).toHaveLength(1);
  });

  it('subscribes and schedules nothing when SMTP is not configured', () => {
    const withoutSmtp = { ...ctx, config: testConfig() };
    expect(messageSubscriptions(withoutSmtp)).toEqual([]);
    expect(messageJobs(withoutSmtp)).toEqual([]);
    expect(messageSubscriptions(ctx).map((s) => s.name)).toEqual([mailSubscriberName]);
    expect(messageJobs(ctx).map((j) => [j.name, j.everyMs])).toEqual([[mailJobName, 30_000]]);
  });
});
