// Logging in as a user would: the demo login form, "Mijn gegevens", rotation, timeouts, logout.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../../platform/audit/index.ts';
import { SESSION_COOKIE } from '../../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { isoDateInAmsterdam, type Clock } from '../../../platform/time/index.ts';
import { demoBsn, demoOfficialId, seedDemo } from '../seed/demo.ts';

let t: TestApp;
let now = new Date('2026-11-29T09:00:00Z');
const clock: Clock = { now: () => now, today: () => isoDateInAmsterdam(now) };

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedDemo(t.database, clock);
});
afterAll(() => t.close());

/** Cookies from a response, as a Cookie header (name=value; …), merged over `jar`. */
function cookies(res: { headers: Record<string, unknown> }, jar = ''): string {
  const map = new Map(jar ? jar.split('; ').map((c) => c.split('=') as [string, string]) : []);
  const raw = res.headers['set-cookie'];
  const list: string[] = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  for (const c of list) {
    const [pair = ''] = c.split(';');
    const i = pair.indexOf('=');
    const value = pair.slice(i + 1);
    if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(c)) map.delete(pair.slice(0, i));
    else map.set(pair.slice(0, i), value);
  }
  return [...map].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function demoLogin(
  key: string,
  loa = 'substantial',
  jar = '',
): Promise<{ status: number; location: string | undefined; jar: string; body: string }> {
  const form = await t.request({ url: '/inloggen/demo', headers: { cookie: jar } });
  expect(form.statusCode).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const jar2 = cookies(form, jar);
  const res = await t.request({
    method: 'POST',
    url: '/inloggen/demo',
    headers: { cookie: jar2, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, wie: key, niveau: loa, terug: '/mijn-gegevens' }).toString(),
  });
  return { status: res.statusCode, location: res.headers.location, jar: cookies(res, jar2), body: res.body };
}

describe('demo login', () => {
  it('logs a citizen in and shows who they are on "Mijn gegevens", with the level of assurance', async () => {
    const login = await demoLogin('citizen', 'substantial');
    expect(login.status).toBe(303);
    expect(login.location).toBe('/mijn-gegevens');
    expect(login.jar).toContain(`${SESSION_COOKIE}=`);
    const page = await t.request({ url: '/mijn-gegevens', headers: { cookie: login.jar } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sanne de Vries');
    expect(page.body).toContain(demoBsn.sanne);
    expect(page.body).toContain('substantieel');
    expect(page.body).toContain('Ingelogd als');
  });

  it('logs an official in with their organisation and roles', async () => {
    const login = await demoLogin('official-case-handler');
    expect(login.status).toBe(303);
    const page = await t.request({ url: '/mijn-gegevens', headers: { cookie: login.jar } });
    expect(page.body).toContain('zaakbehandelaar');
  });

  it('audits every login with who, how and at which level', async () => {
    const login = await demoLogin('citizen', 'high');
    expect(login.status).toBe(303);
    const last = await t.database.db
      .selectFrom('audit_log')
      .select(['object_id'])
      .where('action', '=', 'auth.logged_in')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const [entry] = await auditTrail(t.database.db, 'session', last.object_id);
    expect(entry).toMatchObject({
      action: 'auth.logged_in',
      actorType: 'person',
      actorId: demoBsn.sanne,
      details: { method: 'demo', loa: 'high', kind: 'person' },
    });
  });

  it('rotates the session at login: the old cookie stops working', async () => {
    const first = await demoLogin('citizen');
    const second = await demoLogin('parent', 'high', first.jar);
    expect(second.status).toBe(303);
    const oldToken = /loket_sessie=([^;]+)/.exec(first.jar)?.[1];
    const newToken = /loket_sessie=([^;]+)/.exec(second.jar)?.[1];
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(oldToken);
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: `${SESSION_COOKIE}=${oldToken ?? ''}` } })).statusCode).toBe(401);
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: second.jar } })).body).toContain('Mohamed El Amrani');
  });

  it('ends the session after 15 minutes without use', async () => {
    const login = await demoLogin('citizen');
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: login.jar } })).statusCode).toBe(401);
  });

  it('logs out, and logs out everywhere', async () => {
    const a = await demoLogin('curator');
    const b = await demoLogin('curator');
    const form = await t.request({ url: '/mijn-gegevens', headers: { cookie: a.jar } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const out = await t.request({
      method: 'POST',
      url: '/uitloggen/overal',
      headers: { cookie: cookies(form, a.jar), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('U bent uitgelogd');
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: a.jar } })).statusCode).toBe(401);
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: b.jar } })).statusCode).toBe(401);
  });

  it('refuses a logout without the form token (CSRF)', async () => {
    const a = await demoLogin('citizen');
    const out = await t.request({
      method: 'POST',
      url: '/uitloggen',
      headers: { cookie: a.jar, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(out.statusCode).toBe(403);
    expect((await t.request({ url: '/mijn-gegevens', headers: { cookie: a.jar } })).statusCode).toBe(200);
  });

  it('shows a Dutch error summary when nobody or no level is chosen, and logs nobody in', async () => {
    const none = await demoLogin('', '');
    expect(none.status).toBe(400);
    expect(none.body).toContain('Er is een probleem');
    expect(none.body).toContain('Kies als wie u wilt inloggen');
    expect(none.body).toContain('Kies een betrouwbaarheidsniveau');
    expect(none.jar).not.toContain(`${SESSION_COOKIE}=`);
  });

  it('never logs anyone in, nor fails, on arbitrary form input (property)', async () => {
    const form = await t.request('/inloggen/demo');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const jar = cookies(form);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 60 }),
        async (wie, niveau, terug) => {
          const res = await t.request({
            method: 'POST',
            url: '/inloggen/demo',
            headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ _csrf: csrf, wie, niveau, terug }).toString(),
          });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode === 303) expect(String(res.headers.location)).toMatch(/^\/(?!\/)/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never sends a user to another site after login', async () => {
    const form = await t.request('/inloggen/demo');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    for (const terug of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      const res = await t.request({
        method: 'POST',
        url: '/inloggen/demo',
        headers: { cookie: cookies(form), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, wie: 'citizen', niveau: 'low', terug }).toString(),
      });
      expect([res.statusCode, res.headers.location]).toEqual([303, '/mijn-gegevens']);
    }
  });

  it('limits login attempts per client address', async () => {
    const limited = await createTestApp({ config: { LOKET_LOGIN_RATE_LIMIT: '3' } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.request({ method: 'POST', url: '/inloggen/demo', payload: {} })).statusCode);
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(3)).toEqual([429, 429]);
    await limited.close();
  });

  it('does not offer demo login outside demo mode', async () => {
    const real = await createTestApp({ config: { LOKET_DEMO: '0' } });
    expect((await real.request('/inloggen/demo')).statusCode).toBe(404);
    expect((await real.request('/inloggen')).body).not.toContain('/inloggen/demo');
    await real.close();
  });

  it('refuses to log in as an official who is no longer active', async () => {
    await t.database.db
      .withTables<{ official: { id: string; active: boolean } }>()
      .updateTable('official')
      .set({ active: false })
      .where('id', '=', demoOfficialId.ombudsman)
      .execute();
    const login = await demoLogin('official-ombudsman');
    expect(login.status).toBe(400);
    expect(login.body).toContain('niet actief');
    expect(login.jar).not.toContain(`${SESSION_COOKIE}=`);
  });
});
