// The message box on a real database (LOKET_TEST_DB=sqlite|postgres): sending puts a letter in
// one box only, with its outbox event; reading marks it read (audited, logged); someone else's
// message is not found and stays unread; the settings are checked in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import type { Principal } from '../../../platform/auth/model.ts';
import { inTransaction, readJson, sql } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase } from '../../../platform/testing/db.ts';
import { fixedClock } from '../../../platform/time/index.ts';
import { addBusiness, addPerson, bsnSeries } from '../../registry/people/test-fixtures.ts';
import {
  addOwnedBusiness,
  businessPrincipal,
  caseHandlerOf,
  openTestContext,
  personPrincipal,
  rowCount,
  type TestContext,
  type TestDatabase,
} from '../test-fixtures.ts';
import { getContact, getMessage, listMessages, messagesOfCase, sendMessage, setContact, unreadCount, type NewMessage } from './service.ts';

let database: TestDatabase;
let ctx: TestContext;

const [aliceBsn = '', bobBsn = '', ownerBsn = ''] = bsnSeries(23_456_780, 3);
const kvk = '12345678';
const alice = personPrincipal(aliceBsn);
const bob = personPrincipal(bobBsn);
/** Logged in for the business by its owner (the mandates engine checks the owner may act for it). */
const business = businessPrincipal(kvk, ownerBsn);
/** A person whose BSN-like id equals the business's KVK number: the kinds must keep their boxes apart. */
const sameIdPerson = personPrincipal(kvk);
const handler = (organisationCode: string): Principal => caseHandlerOf(organisationCode, newId());
const anonymous: Principal = { kind: 'anonymous' };

beforeAll(async () => {
  ctx = await openTestContext({ createTestDatabase, testConfig, prepareDatabase }, 'messages', fixedClock('2026-11-30T10:00:00Z'));
  database = ctx.database;
  await addOwnedBusiness(database, { addPerson, addBusiness }, kvk, ownerBsn);
});
afterAll(() => database.cleanup());

const count = (table: string, where = sql`1 = 1`): Promise<number> => rowCount(database.db, table, where);

function letter(over: Partial<NewMessage> = {}): NewMessage {
  return {
    recipient: { kind: 'person', id: aliceBsn },
    kind: 'receipt',
    senderOrganisationCode: 'GM0363',
    subject: 'Wij hebben uw aanvraag ontvangen',
    body: 'Beste mevrouw,\n\nWij hebben uw aanvraag ontvangen.\n\nMet vriendelijke groet,\nGemeente Amsterdam',
    case: { organisationCode: 'GM0363', caseId: newId(), caseNumber: 'Z-2026-000001' },
    at: new Date('2026-11-30T09:00:00Z'),
    ...over,
  };
}

const send = (m: NewMessage): Promise<string> => inTransaction(database.db, (trx) => sendMessage(trx, ctx, m));

describe('sendMessage', () => {
  it('puts the message in the recipient’s box only, and writes message.created (without the letter) in the same transaction', async () => {
    const outboxBefore = await count('event_outbox');
    const id = await send(letter({ subject: 'Alleen voor Alice', body: 'Geheime inhoud van de brief' }));

    const own = await listMessages(ctx, alice, {});
    expect(own.ok && own.value.items.map((m) => m.id)).toContain(id);
    for (const other of [bob, business, sameIdPerson]) {
      const box = await listMessages(ctx, other, {});
      expect(box.ok && box.value.items.map((m) => m.id)).not.toContain(id);
    }

    expect(await count('event_outbox')).toBe(outboxBefore + 1);
    const event = await database.db.selectFrom('event_outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect(event.type).toBe('message.created');
    const payload = readJson<Record<string, unknown>>(event.payload);
    expect(payload).toEqual({
      messageId: id,
      recipientKind: 'person',
      recipientId: aliceBsn,
      kind: 'receipt',
      caseNumber: 'Z-2026-000001',
    });
    expect(event.payload).not.toContain('Geheime inhoud');
    expect(event.payload).not.toContain('Alleen voor Alice');
  });

  it('keeps the box of a business apart from a person with the same number', async () => {
    const id = await send(letter({ recipient: { kind: 'business', id: kvk }, subject: 'Voor de onderneming' }));
    const own = await listMessages(ctx, business, {});
    expect(own.ok && own.value.items.map((m) => m.id)).toEqual([id]);
    const person = await listMessages(ctx, sameIdPerson, {});
    expect(person.ok && person.value.total).toBe(0);
  });

  it('stores nothing when the caller’s transaction rolls back', async () => {
    const before = { messages: await count('delivery_message'), outbox: await count('event_outbox') };
    await expect(
      inTransaction(database.db, async (trx) => {
        await sendMessage(trx, ctx, letter({ subject: 'Teruggedraaid' }));
        throw new Error('the case step failed');
      }),
    ).rejects.toThrow('the case step failed');
    expect({ messages: await count('delivery_message'), outbox: await count('event_outbox') }).toEqual(before);
  });

  it('refuses a message that breaks the limits (a programming error), storing nothing', async () => {
    const before = await count('delivery_message');
    await expect(send(letter({ subject: '  ' }))).rejects.toThrow(/subject/);
    await expect(send(letter({ subject: 'x'.repeat(201) }))).rejects.toThrow(/subject/);
    await expect(send(letter({ kind: 'love_letter' as NewMessage['kind'] }))).rejects.toThrow(/kind/);
    await expect(send(letter({ recipient: { kind: 'official' as 'person', id: aliceBsn } }))).rejects.toThrow(/recipient/);
    expect(await count('delivery_message')).toBe(before);
  });
});

describe('listMessages and unreadCount', () => {
  const carol = bsnSeries(34_567_890, 1)[0] ?? '';
  const carolP = personPrincipal(carol);
  const ids: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i++)
      ids.push(
        await send(letter({ recipient: { kind: 'person', id: carol }, subject: `Bericht ${i}`, at: new Date(Date.UTC(2026, 10, 20 + i)) })),
      );
  });

  it('lists newest first with paging, the total and the number unread', async () => {
    const page1 = await listMessages(ctx, carolP, { limit: 2, offset: 0 });
    const page3 = await listMessages(ctx, carolP, { limit: 2, offset: 4 });
    if (!page1.ok || !page3.ok) throw new Error('expected lists');
    expect(page1.value.items.map((m) => m.subject)).toEqual(['Bericht 4', 'Bericht 3']);
    expect(page3.value.items.map((m) => m.subject)).toEqual(['Bericht 0']);
    expect(page1.value).toMatchObject({ total: 5, unread: 5, limit: 2, offset: 0 });
    expect(page1.value.items[0]).not.toHaveProperty('body');
    expect(page1.value.items[0]?.senderName).toBe('Amsterdam');
    expect(await unreadCount(database.db, { kind: 'person', id: carol })).toBe(5);
  });

  it('filters on unread and read, and counts what is unread after reading', async () => {
    const read = await getMessage(ctx, carolP, ids[1] ?? '');
    expect(read.ok).toBe(true);
    const unread = await listMessages(ctx, carolP, { unread: true });
    const readOnly = await listMessages(ctx, carolP, { unread: false });
    if (!unread.ok || !readOnly.ok) throw new Error('expected lists');
    expect(unread.value.items.map((m) => m.id)).not.toContain(ids[1]);
    expect(unread.value).toMatchObject({ total: 4, unread: 4 });
    expect(readOnly.value.items.map((m) => m.id)).toEqual([ids[1]]);
    expect(readOnly.value).toMatchObject({ total: 1, unread: 4 });
    expect(await unreadCount(database.db, { kind: 'person', id: carol })).toBe(4);
  });

  it('refuses bad paging with a code per field, officials and anonymous visitors', async () => {
    const bad = await listMessages(ctx, carolP, { limit: 0, offset: -1, unread: 'yes' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.failure.status).toBe(400);
    expect(bad.failure.invalidParams?.map((p) => p.code).sort()).toEqual([
      'delivery.invalid_limit',
      'delivery.invalid_offset',
      'delivery.invalid_unread',
    ]);
    const official = await listMessages(ctx, handler('GM0363'), {});
    expect(!official.ok && official.failure.code).toBe('delivery.recipients_only');
    const nobody = await listMessages(ctx, anonymous, {});
    expect(!nobody.ok && nobody.failure.code).toBe('auth.login_required');
  });
});

describe('getMessage', () => {
  it('shows the owner the letter, marks it read once with an audit record, and logs every opening', async () => {
    const id = await send(letter({ subject: 'Besluit op uw aanvraag', kind: 'decision' }));
    const audit = await count('audit_log', sql`object_id = ${id}`);
    const processing = await count('processing_log');

    const first = await getMessage(ctx, alice, id);
    if (!first.ok) throw new Error(JSON.stringify(first.failure));
    expect(first.value).toMatchObject({
      id,
      subject: 'Besluit op uw aanvraag',
      readAt: '2026-11-30T10:00:00.000Z',
      senderName: 'Amsterdam',
    });
    expect(first.value.body).toContain('Wij hebben uw aanvraag ontvangen.');
    expect(await count('audit_log', sql`object_id = ${id} and action = 'delivery.message_read'`)).toBe(audit + 1);
    expect(await count('processing_log')).toBe(processing + 1);
    const line = await ctx.processingLog.about(database.db, { id: aliceBsn, type: 'BSN' }, 1);
    expect(line[0]).toMatchObject({ name: 'Bericht lezen', organisationCode: 'GM0363' });

    const again = await getMessage(ctx, alice, id);
    expect(again.ok && again.value.readAt).toBe('2026-11-30T10:00:00.000Z');
    expect(await count('audit_log', sql`object_id = ${id}`)).toBe(audit + 1);
    expect(await count('processing_log')).toBe(processing + 2);
  });

  it('answers someone else’s message exactly like an unknown id, and leaves it unread', async () => {
    const id = await send(letter({ subject: 'Voor Alice, niet voor Bob' }));
    const before = { audit: await count('audit_log'), processing: await count('processing_log') };
    const unknownId = newId();
    const results = [
      await getMessage(ctx, bob, id),
      await getMessage(ctx, business, id),
      await getMessage(ctx, sameIdPerson, id),
      await getMessage(ctx, bob, unknownId),
      await getMessage(ctx, bob, 'not-a-uuid'),
      await getMessage(ctx, bob, "' or 1=1 --"),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure).toEqual(results[3]?.ok === false ? results[3].failure : undefined);
    }
    expect(!results[0]?.ok && results[0]?.failure).toMatchObject({ code: 'delivery.message_not_found', status: 404 });
    const row = await database.db
      .withTables<{ delivery_message: { id: string; read_at: string | null } }>()
      .selectFrom('delivery_message')
      .select('read_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    expect({ audit: await count('audit_log'), processing: await count('processing_log') }).toEqual(before);
    const nobody = await getMessage(ctx, anonymous, id);
    expect(!nobody.ok && nobody.failure.code).toBe('auth.login_required');
  });
});

describe('messagesOfCase', () => {
  const caseId = newId();
  const kase = { organisationCode: 'GM0599', caseId, caseNumber: 'Z-2026-000042' };

  beforeAll(async () => {
    const from = { senderOrganisationCode: 'GM0599', case: kase };
    await send(letter({ ...from, subject: 'Ontvangen', at: new Date('2026-11-01T09:00:00Z') }));
    await send(letter({ ...from, subject: 'Meer informatie nodig', kind: 'information_request', at: new Date('2026-11-02T09:00:00Z') }));
    // A letter about another case, and one to someone else about this case (e.g. a co-applicant).
    await send(letter({ subject: 'Andere zaak' }));
    await send(letter({ ...from, recipient: { kind: 'person', id: bobBsn }, subject: 'Voor Bob' }));
  });

  it('gives the applicant the letters of the case sent to them, oldest first, without marking them read', async () => {
    const own = await messagesOfCase(ctx, alice, 'GM0599', caseId);
    if (!own.ok) throw new Error(JSON.stringify(own.failure));
    expect(own.value.map((m) => m.subject)).toEqual(['Ontvangen', 'Meer informatie nodig']);
    expect(own.value.every((m) => m.readAt === null)).toBe(true);
    expect(own.value[0]?.senderName).toBe('Rotterdam');
  });

  it('gives a case handler of the organisation all letters of the case, logged; other officials get not found', async () => {
    const before = await count('processing_log');
    const all = await messagesOfCase(ctx, handler('GM0599'), 'GM0599', caseId);
    expect(all.ok && all.value.map((m) => m.subject)).toEqual(['Ontvangen', 'Meer informatie nodig', 'Voor Bob']);
    expect(await count('processing_log')).toBe(before + 2); // one line per recipient
    const other = await messagesOfCase(ctx, handler('GM0363'), 'GM0599', caseId);
    expect(!other.ok && other.failure.code).toBe('delivery.case_not_found');
    const bad = await messagesOfCase(ctx, alice, 'GM0599', 'x');
    expect(!bad.ok && bad.failure.code).toBe('delivery.case_not_found');
    const nobody = await messagesOfCase(ctx, anonymous, 'GM0599', caseId);
    expect(!nobody.ok && nobody.failure.code).toBe('auth.login_required');
  });
});

describe('getContact and setContact', () => {
  const dave = bsnSeries(45_678_900, 1)[0] ?? '';
  const daveP = personPrincipal(dave);

  it('starts without an address, stores a valid one with an audit record that does not hold the address', async () => {
    expect(await getContact(ctx, daveP)).toEqual({ ok: true, value: { email: null, notify: true } });
    const saved = await setContact(ctx, daveP, { email: '  dave@example.org ', notify: true });
    expect(saved).toEqual({ ok: true, value: { email: 'dave@example.org', notify: true } });
    expect(await getContact(ctx, daveP)).toEqual({ ok: true, value: { email: 'dave@example.org', notify: true } });
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_id', '=', `person:${dave}`)
      .where('action', '=', 'delivery.contact_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).not.toContain('dave@example.org');
    const off = await setContact(ctx, daveP, { email: '', notify: false });
    expect(off).toEqual({ ok: true, value: { email: null, notify: false } });
  });

  it('refuses bad settings with a code per field and stores nothing', async () => {
    const before = { contact: await getContact(ctx, daveP), audit: await count('audit_log') };
    const cases: [unknown, string[]][] = [
      [null, ['delivery.invalid_body']],
      [[], ['delivery.invalid_body']],
      ['dave@example.org', ['delivery.invalid_body']],
      [{ email: 'geen adres', notify: true }, ['delivery.invalid_email']],
      [{ email: 'a@b', notify: false }, ['delivery.invalid_email']],
      [{ email: 'x@example.org\r\nBcc: evil@example.org', notify: true }, ['delivery.invalid_email']],
      [{ email: `${'a'.repeat(250)}@example.org`, notify: true }, ['delivery.invalid_email']],
      [{ email: 42, notify: true }, ['delivery.invalid_email']],
      [{ email: 'dave@example.org', notify: 'ja' }, ['delivery.invalid_notify']],
      [{ email: 'dave@example.org' }, ['delivery.invalid_notify']],
      [{ email: null, notify: true }, ['delivery.email_required']],
      [{ email: 'dave@example.org', notify: true, admin: true }, ['delivery.unknown_field']],
    ];
    for (const [input, codes] of cases) {
      const r = await setContact(ctx, daveP, input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (r.ok) continue;
      expect(r.failure.status).toBe(400);
      expect(r.failure.invalidParams?.map((p) => p.code)).toEqual(codes);
    }
    expect({ contact: await getContact(ctx, daveP), audit: await count('audit_log') }).toEqual(before);
    const official = await setContact(ctx, handler('GM0363'), { email: 'o@example.org', notify: true });
    expect(!official.ok && official.failure.code).toBe('delivery.recipients_only');
  });
});
