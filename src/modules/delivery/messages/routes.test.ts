// The message box over HTTP (JSON API and pages) on a whole Loket: own messages only, someone
// else's id is a 404 that marks nothing read, any settings body gives 400 or 200 (never 5xx,
// nothing stored on 400), and the pages render for the owner and send anonymous visitors to login.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, readCount, sql } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { addBusiness, addOfficial, addPerson, bsnSeries, officialLogin, personLogin } from '../../registry/people/test-fixtures.ts';
import { addOwnedBusiness } from '../test-fixtures.ts';
import { UnreadMessagesNotice } from './pages.tsx';
import { sendMessage, type NewMessage } from './service.ts';

let t: TestApp;
let alice = '';
let bob = '';
let business = '';
let official = '';
let aliceMessage = '';
let readMessage = '';
let businessMessage = '';
const caseId = newId();

const [aliceBsn = '', bobBsn = '', ownerBsn = ''] = bsnSeries(67_890_120, 3);
const kvk = '23456789';

function send(over: Partial<NewMessage>): Promise<string> {
  const message: NewMessage = {
    recipient: { kind: 'person', id: aliceBsn },
    kind: 'information_request',
    senderOrganisationCode: 'GM0363',
    subject: 'Wij hebben meer informatie nodig',
    body: 'Beste mevrouw,\n\nStuur ons een kopie van uw huurcontract.\n\nMet vriendelijke groet,\nGemeente Amsterdam',
    case: { organisationCode: 'GM0363', caseId, caseNumber: 'Z-2026-000777' },
    at: new Date('2026-11-29T09:00:00Z'),
    ...over,
  };
  return inTransaction(t.database.db, (trx) => sendMessage(trx, t.ctx, message));
}

const readAtOf = async (id: string): Promise<string | null | undefined> =>
  (
    await t.database.db
      .withTables<{ delivery_message: { id: string; read_at: string | null } }>()
      .selectFrom('delivery_message')
      .select('read_at')
      .where('id', '=', id)
      .executeTakeFirst()
  )?.read_at;

const json = (cookie: string) => ({ cookie, accept: 'application/json' });
const html = (cookie: string) => ({ cookie, accept: 'text/html' });

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  alice = await t.loginAs(personLogin(aliceBsn));
  bob = await t.loginAs(personLogin(bobBsn));
  business = await t.loginAs(await addOwnedBusiness(t.database, { addPerson, addBusiness }, kvk, ownerBsn));
  official = await t.loginAs(officialLogin(await addOfficial(t.database, { organisationCode: 'GM0363', roles: ['case_handler'] })));
  readMessage = await send({
    subject: 'Ontvangstbevestiging <script>alert(1)</script>',
    kind: 'receipt',
    at: new Date('2026-11-28T09:00:00Z'),
  });
  aliceMessage = await send({});
  businessMessage = await send({ recipient: { kind: 'business', id: kvk }, subject: 'Bericht voor de onderneming', case: undefined });
  await sql`update delivery_message set read_at = ${'2026-11-28T12:00:00.000Z'} where id = ${readMessage}`.execute(t.database.db);
});
afterAll(() => t.close());

describe('GET /api/v1/messages', () => {
  it('lists the caller’s own messages only, newest first, with the unread count and links', async () => {
    const nobody = await t.request({ url: '/api/v1/messages', headers: json('') });
    expect(nobody.statusCode).toBe(401);
    expect(nobody.headers['content-type']).toMatch(/^application\/problem\+json/);
    const own = await t.request({ url: '/api/v1/messages', headers: json(alice) });
    expect(own.statusCode).toBe(200);
    const body = own.json<{
      items: { id: string; unread: boolean; sender: { name: string | null }; body?: string; _links: Record<string, { href: string }> }[];
      total: number;
      unread: number;
    }>();
    expect(body.items.map((m) => m.id)).toEqual([aliceMessage, readMessage]);
    expect(body).toMatchObject({ total: 2, unread: 1 });
    expect(body.items[0]).toMatchObject({ unread: true, sender: { name: 'Amsterdam' } });
    expect(body.items[0]).not.toHaveProperty('body');
    expect(body.items[0]?._links).toEqual({
      self: { href: `/api/v1/messages/${aliceMessage}` },
      page: { href: `/berichten/${aliceMessage}` },
      case: { href: `/zaken/GM0363/${caseId}` },
    });

    const onlyUnread = (await t.request({ url: '/api/v1/messages?unread=true', headers: json(alice) })).json<{ items: { id: string }[] }>();
    expect(onlyUnread.items.map((m) => m.id)).toEqual([aliceMessage]);
    const paged = (await t.request({ url: '/api/v1/messages?limit=1&offset=1', headers: json(alice) })).json<{
      items: { id: string }[];
      _links: Record<string, unknown>;
    }>();
    expect(paged.items.map((m) => m.id)).toEqual([readMessage]);
    expect(paged._links).toHaveProperty('prev');
    expect(paged._links).not.toHaveProperty('next');

    const bobs = (await t.request({ url: '/api/v1/messages', headers: json(bob) })).json<{ items: unknown[]; total: number }>();
    expect(bobs).toMatchObject({ items: [], total: 0 });
    const businesses = (await t.request({ url: '/api/v1/messages', headers: json(business) })).json<{ items: { id: string }[] }>();
    expect(businesses.items.map((m) => m.id)).toEqual([businessMessage]);
  });

  it('refuses officials (403) and bad queries (400 problem)', async () => {
    expect((await t.request({ url: '/api/v1/messages', headers: json(official) })).statusCode).toBe(403);
    for (const q of ['limit=0', 'limit=abc', 'offset=-1', 'unread=maybe', 'foo=bar']) {
      const res = await t.request({ url: `/api/v1/messages?${q}`, headers: json(alice) });
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('GET /api/v1/messages/{id}', () => {
  it('answers someone else’s message like an unknown one (404) and marks nothing read', async () => {
    const answers = [];
    for (const [cookie, id] of [
      [bob, aliceMessage],
      [business, aliceMessage],
      [alice, businessMessage],
      [bob, newId()],
      [bob, 'niet-een-id'],
    ] as const) {
      const res = await t.request({ url: `/api/v1/messages/${encodeURIComponent(id)}`, headers: json(cookie) });
      expect(res.statusCode).toBe(404);
      const { code, title, detail } = res.json<{ code: string; title: string; detail: string }>();
      answers.push({ code, title, detail });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.code).toBe('delivery.message_not_found');
    expect(await readAtOf(aliceMessage)).toBeNull();
    expect(await readAtOf(businessMessage)).toBeNull();
  });

  it('gives the owner the message with its text and marks it read', async () => {
    const res = await t.request({ url: `/api/v1/messages/${businessMessage}`, headers: json(business) });
    expect(res.statusCode).toBe(200);
    const m = res.json<{ body: string; readAt: string | null; unread: boolean; case: unknown }>();
    expect(m).toMatchObject({ readAt: '2026-11-29T10:00:00.000Z', unread: false, case: null });
    expect(m.body).toContain('huurcontract');
    expect(await readAtOf(businessMessage)).toBe('2026-11-29T10:00:00.000Z');
  });
});

describe('GET and PUT /api/v1/messages/settings', () => {
  const carolBsn = bsnSeries(78_901_230, 1)[0] ?? '';
  let carol = '';
  beforeAll(async () => {
    carol = await t.loginAs(personLogin(carolBsn));
  });

  const put = (cookie: string, payload: string) =>
    t.request({ method: 'PUT', url: '/api/v1/messages/settings', headers: { cookie, 'content-type': 'application/json' }, payload });
  const stored = async () => ({
    contact: (await t.request({ url: '/api/v1/messages/settings', headers: json(carol) })).json<unknown>(),
    audit: readCount(
      (await sql<{ n: number }>`select count(*) as n from audit_log where action = 'delivery.contact_changed'`.execute(t.database.db))
        .rows[0]?.n,
    ),
  });

  it('stores a valid address and reads it back', async () => {
    expect((await t.request({ url: '/api/v1/messages/settings', headers: json(carol) })).json()).toEqual({ email: null, notify: true });
    const res = await put(carol, JSON.stringify({ email: 'carol@example.org', notify: true }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'carol@example.org', notify: true });
    expect((await t.request({ url: '/api/v1/messages/settings', headers: json(carol) })).json()).toEqual({
      email: 'carol@example.org',
      notify: true,
    });
    const bad = await put(carol, JSON.stringify({ email: 'geen adres', notify: true }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ invalidParams: { name: string; code: string }[] }>().invalidParams).toEqual([
      expect.objectContaining({ name: 'body.email', code: 'delivery.invalid_email' }),
    ]);
    expect((await put('', JSON.stringify({ email: null, notify: false }))).statusCode).toBe(401);
    expect((await put(official, JSON.stringify({ email: null, notify: false }))).statusCode).toBe(403);
  });

  const emailLike = fc.oneof(
    fc.emailAddress(),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', ' ', 'a@b', 'a@b.nl', 'x@example.org\r\nBcc: y@example.org', '<a@b.nl>', 'é@example.nl', `${'a'.repeat(300)}@x.nl`),
  );
  const anyValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }), emailLike, fc.array(fc.boolean()));
  const bodies = fc.oneof(
    fc.record({ email: fc.oneof(emailLike, fc.constant(null)), notify: fc.boolean() }),
    fc.record({ email: anyValue, notify: anyValue }, { requiredKeys: [] }),
    fc.dictionary(fc.oneof(fc.constantFrom('email', 'notify'), fc.string({ maxLength: 6 })), anyValue, { maxKeys: 4 }),
    fc.json(),
  );

  it('answers any body with 200 or 400 (problem), never 5xx; a 400 stores nothing, a 200 stores what it says (property)', async () => {
    const outcomes = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const before = await stored();
        const payload = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await put(carol, payload);
        expect([200, 400], payload).toContain(res.statusCode);
        if (res.statusCode === 400) {
          outcomes.refused += 1;
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await stored()).toEqual(before);
        } else {
          outcomes.ok += 1;
          const after = await stored();
          expect(after.contact).toEqual(res.json());
          expect(after.audit).toBe(before.audit + 1);
        }
      }),
      { numRuns: 150 },
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

describe('pages', () => {
  it('redirect anonymous visitors to the login page, and come back afterwards', async () => {
    for (const url of ['/berichten', `/berichten/${aliceMessage}`, '/berichten/instellingen']) {
      const res = await t.request({ url, headers: html('') });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
    expect(await readAtOf(aliceMessage)).toBeNull();
    expect((await t.request({ url: '/berichten', headers: html(official) })).statusCode).toBe(403);
  });

  it('list the owner’s messages: unread in bold with a hidden “ongelezen”, sender, date, subject and case link', async () => {
    const res = await t.request({ url: '/berichten', headers: html(alice) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = res.body;
    expect(page).toContain('Wij hebben meer informatie nodig');
    expect(page).toMatch(
      /<strong><span class="loket-visually-hidden">Ongelezen: <\/span><span>Wij hebben meer informatie nodig<\/span><\/strong>/,
    );
    // The read one is not bold, and its subject is escaped.
    expect(page).toContain('<span>Ontvangstbevestiging &lt;script>alert(1)&lt;/script></span>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('Amsterdam');
    expect(page).toContain('29 november 2026');
    expect(page).toContain(`href="/zaken/GM0363/${caseId}"`);
    expect(page).toContain('Z-2026-000777');
    expect(page).toContain('U hebt 1 ongelezen bericht.');
    expect(page).not.toContain('Bericht voor de onderneming');

    const unread = await t.request({ url: '/berichten?filter=ongelezen', headers: html(alice) });
    expect(unread.body).toContain('Wij hebben meer informatie nodig');
    expect(unread.body).not.toContain('Ontvangstbevestiging');
    expect((await t.request({ url: '/berichten?pagina=x', headers: html(alice) })).statusCode).toBe(400);
  });

  it('show the owner the letter, mark it read and link to the case; someone else gets 404 and marks nothing', async () => {
    const other = await t.request({ url: `/berichten/${aliceMessage}`, headers: html(bob) });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('huurcontract');
    expect(await readAtOf(aliceMessage)).toBeNull();
    expect((await t.request({ url: '/berichten/onzin', headers: html(alice) })).statusCode).toBe(404);

    const res = await t.request({ url: `/berichten/${aliceMessage}`, headers: html(alice) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="utrecht-heading-1">Wij hebben meer informatie nodig</h1>');
    expect(res.body).toContain('Stuur ons een kopie van uw huurcontract.');
    expect(res.body).toContain(`href="/zaken/GM0363/${caseId}"`);
    expect(res.body).toContain('Bekijk zaak Z-2026-000777');
    expect(await readAtOf(aliceMessage)).toBe('2026-11-29T10:00:00.000Z');
    expect((await t.request({ url: '/berichten', headers: html(alice) })).body).toContain('U hebt alle berichten gelezen.');
  });

  describe('settings form', () => {
    const danBsn = bsnSeries(89_012_340, 1)[0] ?? '';
    let dan = '';
    let form = { cookie: '', token: '' };
    beforeAll(async () => {
      dan = await t.loginAs(personLogin(danBsn));
      const res = await t.request({ url: '/berichten/instellingen', headers: html(dan) });
      expect(res.statusCode).toBe(200);
      const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
      expect(token).not.toBe('');
      form = { cookie: [dan, ...set].join('; '), token };
    });
    const post = (fields: [string, string][], token = form.token) =>
      t.request({
        method: 'POST',
        url: '/berichten/instellingen',
        headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams([['_csrf', token], ...fields]).toString(),
      });
    const settings = async () => (await t.request({ url: '/api/v1/messages/settings', headers: json(dan) })).json<unknown>();

    it('shows a Dutch error summary on bad input and stores nothing', async () => {
      const before = await settings();
      const bad = await post([
        ['email', 'niet-goed'],
        ['melding', 'ja'],
      ]);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('<title>Fout: Meldingen per e-mail');
      expect(bad.body).toContain('Er is een probleem');
      expect(bad.body).toContain('href="#email"');
      expect(bad.body).toContain('Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.');
      expect(bad.body).toContain('value="niet-goed"');
      const missing = await post([['melding', 'ja']]);
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('Vul uw e-mailadres in.');
      expect(await settings()).toEqual(before);
      const forged = await post(
        [
          ['email', 'dan@example.org'],
          ['melding', 'ja'],
        ],
        'vervalst',
      );
      expect(forged.statusCode).toBe(403);
      expect(await settings()).toEqual(before);
    });

    it('saves good input and redirects to the form with a confirmation', async () => {
      const res = await post([
        ['email', 'dan@example.org'],
        ['melding', 'ja'],
      ]);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/berichten/instellingen?opgeslagen=1');
      expect(await settings()).toEqual({ email: 'dan@example.org', notify: true });
      const shown = await t.request({ url: '/berichten/instellingen?opgeslagen=1', headers: html(dan) });
      expect(shown.body).toContain('Uw instellingen zijn opgeslagen.');
      expect(shown.body).toContain('value="dan@example.org"');
      expect(shown.body).toMatch(/id="melding" value="ja" checked/);
      const off = await post([['email', '']]);
      expect(off.statusCode).toBe(303);
      expect(await settings()).toEqual({ email: null, notify: false });
    });
  });

  it('UnreadMessagesNotice says how many are unread and links to them; nothing for none', async () => {
    expect(await UnreadMessagesNotice({ count: 0, lang: 'nl' })).toBe('');
    const one = await UnreadMessagesNotice({ count: 1, lang: 'nl' });
    expect(one).toContain('U hebt 1 ongelezen bericht.');
    expect(one).toContain('href="/berichten?filter=ongelezen"');
    expect(await UnreadMessagesNotice({ count: 1234, lang: 'nl' })).toContain('U hebt 1.234 ongelezen berichten.');
    expect(await UnreadMessagesNotice({ count: 3, lang: 'en' })).toContain('You have 3 unread messages.');
  });
});
