// Login through OpenID Connect against a real provider (oidc-provider on 127.0.0.1): the whole
// flow, followed hop by hop like a browser would, and every way it can go wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startOidcProvider, type RunningProvider, type TestAccount } from '../../../../e2e/oidc-provider.ts';
import { SESSION_COOKIE } from '../../../platform/auth/index.ts';
import { loadConfig } from '../../../platform/config/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { isoDateInAmsterdam, type Clock } from '../../../platform/time/index.ts';
import { decodeFlow, encodeFlow, FLOW_COOKIE, type LoginFlow } from './oidc.ts';
import { addLoginPeople, bakery, eh3, oidcConfig, saml, testClient } from './oidc-test-support.ts';

const LOKET = 'http://loket.test';
const client = testClient('test', LOKET);
/** Loket's configuration for logging in through the provider at `issuer`. */
const loginConfig = (issuer: string) => ({ ...oidcConfig(issuer, client), LOKET_OIDC_REDIRECT_URI: client.redirectUri });

/** A valid BSN (elfproef) from eight digits. */
function bsnFrom(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (9 - i);
  for (let d = 0; d <= 9; d++) if ((sum - d) % 11 === 0) return `${first8}${d}`;
  throw new Error(`no check digit for ${first8}`);
}

const bsn = {
  anna: bsnFrom('90000102'),
  piet: bsnFrom('90000202'),
  deceased: bsnFrom('90000302'),
  stranger: bsnFrom('90000402'),
  outsider: bsnFrom('90000502'),
};
const kvk = { bakery: bakery.kvkNumber };

const accounts: TestAccount[] = [
  { sub: 'anna', label: 'Anna', acr: saml('Smartcard'), claims: { bsn: bsn.anna } },
  { sub: 'anna-basis', label: 'Anna (Basis)', acr: saml('PasswordProtectedTransport'), claims: { bsn: bsn.anna } },
  { sub: 'deceased', label: 'Overleden', acr: saml('SmartcardPKI'), claims: { bsn: bsn.deceased } },
  { sub: 'stranger', label: 'Onbekend', acr: saml('Smartcard'), claims: { bsn: bsn.stranger } },
  { sub: 'no-bsn', label: 'Zonder BSN', acr: saml('Smartcard'), claims: {} },
  {
    sub: 'piet-bakery',
    label: 'Piet voor de bakkerij',
    acr: eh3,
    claims: { kvk: kvk.bakery, acting_bsn: bsn.piet },
  },
  {
    sub: 'outsider-bakery',
    label: 'Buitenstaander',
    acr: eh3,
    claims: { kvk: kvk.bakery, acting_bsn: bsn.outsider },
  },
];

/** A clock running with real time (ID tokens are checked against it) plus an offset a test can move. */
function movableClock(): Clock & { offsetMs: number } {
  const c = {
    offsetMs: 0,
    now: () => new Date(Date.now() + c.offsetMs),
    today: () => isoDateInAmsterdam(c.now()),
  };
  return c;
}
const clock = movableClock();

const addPeople = (db: Db): Promise<void> =>
  addLoginPeople(
    db,
    [
      { bsn: bsn.anna, given: 'Anna', surname: 'Jansen' },
      { bsn: bsn.piet, given: 'Piet', surname: 'Bakker' },
      { bsn: bsn.deceased, given: 'Dirk', surname: 'Doodgewoon', deathDate: '2024-03-01' },
      { bsn: bsn.outsider, given: 'Olga', surname: 'Buiten' },
    ],
    bsn.piet,
  );

// ---------------------------------------------------------------------------------------
// A user agent: cookies per origin, redirects followed by hand.
// ---------------------------------------------------------------------------------------

interface Hop {
  url: string;
  status: number;
  location: string | undefined;
  body: string;
  setCookies: string[];
}

class UserAgent {
  readonly jars = new Map<string, Map<string, string>>();
  constructor(private readonly app: TestApp) {}

  jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map<string, string>()));
    return jar;
  }

  cookieHeader(origin: string): string {
    return [...this.jar(origin)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(origin: string, setCookies: readonly string[]): void {
    const jar = this.jar(origin);
    for (const c of setCookies) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /max-age=0(;|$)/i.test(c) || /expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async get(url: string): Promise<Hop> {
    const u = new URL(url);
    if (u.origin === LOKET) {
      const res = await this.app.request({
        method: 'GET',
        url: `${u.pathname}${u.search}`,
        headers: { cookie: this.cookieHeader(u.origin), accept: 'text/html' },
      });
      const raw = res.headers['set-cookie'];
      const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      this.store(u.origin, setCookies);
      return { url, status: res.statusCode, location: res.headers.location, body: res.body, setCookies };
    }
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.cookieHeader(u.origin) } });
    const setCookies = res.headers.getSetCookie();
    this.store(u.origin, setCookies);
    const location = res.headers.get('location') ?? undefined;
    return {
      url,
      status: res.status,
      location: location === undefined ? undefined : new URL(location, url).href,
      body: await res.text(),
      setCookies,
    };
  }

  /** Follows redirects until a page (not a redirect) or until `stopAt` says so (that hop is not fetched). */
  async follow(url: string, stopAt?: (url: string) => boolean): Promise<{ hops: Hop[]; next: string | undefined }> {
    const hops: Hop[] = [];
    let next: string | undefined = url;
    while (next !== undefined && hops.length < 20) {
      if (stopAt?.(next)) return { hops, next };
      const hop = await this.get(next);
      hops.push(hop);
      next = hop.status >= 300 && hop.status < 400 ? hop.location : undefined;
    }
    return { hops, next };
  }
}

const isCallback = (url: string) => url.startsWith(`${LOKET}/inloggen/terug`);

/** Starts a login and lets the provider answer; stops before Loket's callback and returns it. */
async function toCallback(
  t: TestApp,
  provider: RunningProvider,
  means: 'digid' | 'eherkenning',
  sub: string,
  terug = '/mijn-gegevens',
): Promise<{ agent: UserAgent; callbackUrl: string; flowCookie: string; hops: Hop[] }> {
  provider.loginAs(sub);
  const agent = new UserAgent(t);
  const { hops, next } = await agent.follow(`${LOKET}/inloggen/${means}?terug=${encodeURIComponent(terug)}`, isCallback);
  if (next === undefined) throw new Error(`the flow did not reach the callback: ${hops.map((h) => `${h.status} ${h.url}`).join(' → ')}`);
  const flowCookie = agent.jar(LOKET).get(FLOW_COOKIE);
  if (flowCookie === undefined) throw new Error('no flow cookie');
  return { agent, callbackUrl: next, flowCookie, hops };
}

async function login(
  t: TestApp,
  provider: RunningProvider,
  means: 'digid' | 'eherkenning',
  sub: string,
  terug?: string,
): Promise<{ agent: UserAgent; callback: Hop; hops: Hop[] }> {
  const flow = await toCallback(t, provider, means, sub, terug);
  const callback = await flow.agent.get(flow.callbackUrl);
  return { agent: flow.agent, callback, hops: flow.hops };
}

async function sessionCount(t: TestApp): Promise<number> {
  const row = await t.database.db
    .selectFrom('auth_session')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The flow cookie with changed content, signed again with the app's secret (a forged but valid cookie). */
function reSigned(t: TestApp, signedCookie: string, change: (flow: LoginFlow) => LoginFlow): string {
  const unsigned = t.app.unsignCookie(decodeURIComponent(signedCookie));
  if (!unsigned.valid) throw new Error('cookie not signed');
  const flow = decodeFlow(unsigned.value);
  if (!flow) throw new Error('cookie not a flow');
  return encodeURIComponent(t.app.signCookie(encodeFlow(change(flow))));
}

/** The problem code a failure page carries (data-code on the alert). */
const codeOf = (hop: Hop) => /data-code="([^"]+)"/.exec(hop.body)?.[1];

let provider: RunningProvider;
let t: TestApp;

beforeAll(async () => {
  provider = await startOidcProvider({ client, accounts });
  t = await createTestApp({
    clock,
    config: {
      ...loginConfig(provider.issuer),
      LOKET_LOGIN_RATE_LIMIT: '1000',
    },
  });
  await addPeople(t.database.db);
});
afterAll(async () => {
  await t.close();
  await provider.close();
});

describe('OpenID Connect login: the whole flow', () => {
  it('offers DigiD and eHerkenning on the login page', async () => {
    const page = await t.request('/inloggen?terug=%2Fzaken');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/inloggen/digid?terug=%2Fzaken"');
    expect(page.body).toContain('href="/inloggen/eherkenning?terug=%2Fzaken"');
    expect(page.body).not.toContain('tijdelijk niet mogelijk');
  });

  it('starts with PKCE (S256), state, nonce and a hint for DigiD, in a signed httpOnly cookie of 10 minutes', async () => {
    const agent = new UserAgent(t);
    const start = await agent.get(`${LOKET}/inloggen/digid?terug=%2Fmijn-gegevens`);
    expect(start.status).toBe(303);
    const to = new URL(start.location ?? '');
    expect(to.origin).toBe(provider.issuer);
    const q = to.searchParams;
    expect(q.get('client_id')).toBe(client.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(client.redirectUri);
    expect(q.get('scope')).toBe('openid');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(40);
    expect(q.get('nonce')?.length).toBeGreaterThanOrEqual(40);
    expect(q.get('login_hint')).toBe('digid');
    const cookie = start.setCookies.find((c) => c.startsWith(`${FLOW_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/inloggen(;|$)/);
    expect(cookie).toMatch(/Max-Age=600/);
    // The verifier stays with the browser's cookie; the provider sees only its hash.
    const flow = decodeFlow(t.app.unsignCookie(decodeURIComponent(agent.jar(LOKET).get(FLOW_COOKIE) ?? '')).value ?? '');
    expect(flow?.state).toBe(q.get('state'));
    expect(flow?.nonce).toBe(q.get('nonce'));
    expect(to.href).not.toContain(flow?.verifier ?? 'x');
    expect((await agent.get(`${LOKET}/inloggen/eherkenning`)).location).toContain('login_hint=eherkenning');
  });

  it('logs a person in with DigiD and shows name and level on "Mijn gegevens"', async () => {
    const before = await sessionCount(t);
    const { agent, callback } = await login(t, provider, 'digid', 'anna');
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/mijn-gegevens');
    expect(callback.setCookies.some((c) => c.startsWith(`${FLOW_COOKIE}=;`))).toBe(true); // used up
    expect(agent.jar(LOKET).has(SESSION_COOKIE)).toBe(true);
    expect(await sessionCount(t)).toBe(before + 1);
    expect(provider.paths).not.toContain('/me'); // every claim was in the ID token
    const page = await agent.get(`${LOKET}/mijn-gegevens`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Anna Jansen');
    expect(page.body).toContain(bsn.anna);
    expect(page.body).toContain('substantieel');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.logged_in').execute();
    expect(audit.some((a) => a.actor_id === bsn.anna && (JSON.parse(a.details) as { method?: string }).method === 'oidc:digid')).toBe(true);
  });

  it('logs a business in with eHerkenning, with the person acting for it', async () => {
    const { agent, callback } = await login(t, provider, 'eherkenning', 'piet-bakery');
    expect(callback.status).toBe(303);
    const page = await agent.get(`${LOKET}/mijn-gegevens`);
    expect(page.body).toContain('Piet Bakker (Bakkerij Bakker)');
    expect(page.body).toContain(kvk.bakery);
    expect(page.body).toContain('substantieel');
  });

  it('returns to the page the user came from, and never to another site', async () => {
    expect((await login(t, provider, 'digid', 'anna', '/organisaties')).callback.location).toBe('/organisaties');
    expect((await login(t, provider, 'digid', 'anna', '//evil.example/x')).callback.location).toBe('/mijn-gegevens');
    expect((await login(t, provider, 'digid', 'anna', 'https://evil.example/')).callback.location).toBe('/mijn-gegevens');
  });

  it('rotates the session: a login on top of a session ends the old one', async () => {
    const first = await login(t, provider, 'digid', 'anna');
    const oldToken = first.agent.jar(LOKET).get(SESSION_COOKIE);
    const again = await toCallback(t, provider, 'digid', 'anna');
    again.agent.jar(LOKET).set(SESSION_COOKIE, oldToken ?? '');
    const callback = await again.agent.get(again.callbackUrl);
    expect(callback.status).toBe(303);
    expect(again.agent.jar(LOKET).get(SESSION_COOKIE)).not.toBe(oldToken);
    const old = await t.request({ url: '/mijn-gegevens', headers: { cookie: `${SESSION_COOKIE}=${oldToken ?? ''}` } });
    expect(old.statusCode).not.toBe(200);
  });
});

describe('OpenID Connect login: what goes wrong is refused with a plain Dutch page, nothing stored', () => {
  async function refused(run: () => Promise<Hop>, status: number, code: string, text: RegExp): Promise<Hop> {
    const before = await sessionCount(t);
    const hop = await run();
    expect(hop.status, hop.body.slice(0, 300)).toBe(status);
    expect(codeOf(hop)).toBe(code);
    expect(hop.body).toMatch(text);
    expect(hop.body).toContain('<html lang="nl"');
    expect(hop.body).toMatch(/href="\/inloggen(\/digid|\/eherkenning)?\?terug=/);
    expect(hop.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expect(await sessionCount(t)).toBe(before);
    return hop;
  }

  it('a wrong state', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    const url = new URL(flow.callbackUrl);
    url.searchParams.set('state', 'x'.repeat(43));
    const hop = await refused(() => flow.agent.get(url.href), 400, 'auth.oidc_state_mismatch', /hoort niet bij uw inlogpoging/);
    expect(hop.body).toContain('href="/inloggen/digid?terug=%2Fmijn-gegevens"');
  });

  it('a missing state', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    const url = new URL(flow.callbackUrl);
    url.searchParams.delete('state');
    await refused(() => flow.agent.get(url.href), 400, 'auth.oidc_state_mismatch', /hoort niet bij uw inlogpoging/);
  });

  it('a replayed code (same callback, same cookie, after a successful login)', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    expect((await flow.agent.get(flow.callbackUrl)).status).toBe(303);
    const attacker = new UserAgent(t);
    attacker.jar(LOKET).set(FLOW_COOKIE, flow.flowCookie);
    await refused(() => attacker.get(flow.callbackUrl), 400, 'auth.oidc_code_invalid', /al gebruikt of verlopen/);
  });

  it('a second visit to the callback in the same browser (the cookie is used up)', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    expect((await flow.agent.get(flow.callbackUrl)).status).toBe(303);
    await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_no_flow', /niet terugvinden/);
  });

  it('a nonce that does not match the ID token', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    flow.agent.jar(LOKET).set(
      FLOW_COOKIE,
      reSigned(t, flow.flowCookie, (f) => ({ ...f, nonce: 'n'.repeat(43) })),
    );
    await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_response_invalid', /klopt niet/);
  });

  it('a PKCE verifier that does not match the challenge', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    flow.agent.jar(LOKET).set(
      FLOW_COOKIE,
      reSigned(t, flow.flowCookie, (f) => ({ ...f, verifier: 'v'.repeat(43) })),
    );
    await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_code_invalid', /al gebruikt of verlopen/);
  });

  it('an expired flow cookie (the login took longer than 10 minutes)', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    clock.offsetMs = 10 * 60_000 + 1000;
    try {
      await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_flow_expired', /duurde te lang/);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('a flow cookie whose signature does not match, or none at all', async () => {
    const flow = await toCallback(t, provider, 'digid', 'anna');
    const forged = encodeURIComponent(
      `${encodeFlow({ ...(decodeFlow(decodeURIComponent(flow.flowCookie).split('.')[0] ?? '') as LoginFlow) })}.forged`,
    );
    flow.agent.jar(LOKET).set(FLOW_COOKIE, forged);
    await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_no_flow', /niet terugvinden/);
    flow.agent.jar(LOKET).delete(FLOW_COOKIE);
    await refused(() => flow.agent.get(flow.callbackUrl), 400, 'auth.oidc_no_flow', /niet terugvinden/);
  });

  it('a login the user cancelled at the provider', async () => {
    provider.cancelNext();
    const agent = new UserAgent(t);
    const { next } = await agent.follow(`${LOKET}/inloggen/digid`, isCallback);
    expect(new URL(next ?? '').searchParams.get('error')).toBe('access_denied');
    await refused(() => agent.get(next ?? ''), 400, 'auth.oidc_cancelled', /afgebroken/);
  });

  it('an unknown person (BSN not in the register)', async () => {
    const { callback } = await login(t, provider, 'digid', 'stranger');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.unknown_person');
    expect(callback.body).toContain('Wij kennen geen persoon met dit burgerservicenummer.');
    expect(callback.body).toContain('href="/inloggen?terug=%2Fmijn-gegevens"');
  });

  it('a deceased person', async () => {
    const before = await sessionCount(t);
    const { callback } = await login(t, provider, 'digid', 'deceased');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.deceased');
    expect(callback.body).toContain('overleden');
    expect(await sessionCount(t)).toBe(before);
  });

  it('DigiD Basis (password only), with a link to log in again', async () => {
    const { callback } = await login(t, provider, 'digid', 'anna-basis');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.loa_not_accepted');
    expect(callback.body).toContain('DigiD Basis');
    expect(callback.body).toContain('href="/inloggen/digid?terug=%2Fmijn-gegevens"');
  });

  it('a DigiD login without a BSN', async () => {
    const { callback } = await login(t, provider, 'digid', 'no-bsn');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.claims_bsn_missing');
  });

  it('an eHerkenning login through the DigiD button (the means must match)', async () => {
    const { callback } = await login(t, provider, 'digid', 'piet-bakery');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.claims_bsn_missing');
  });

  it('an eHerkenning login by someone who is not a functionary of the business', async () => {
    const { callback } = await login(t, provider, 'eherkenning', 'outsider-bakery');
    expect(callback.status).toBe(403);
    expect(codeOf(callback)).toBe('auth.not_a_functionary');
  });

  it('has no HEAD route on the callback (a HEAD request would use up the attempt)', async () => {
    const res = await t.request({ method: 'HEAD', url: '/inloggen/terug?code=x&state=y' });
    expect(res.statusCode).toBe(404);
  });
});

describe('OpenID Connect login: claims from the userinfo endpoint', () => {
  it('asks user info when the ID token carries only sub and acr (and adds a scope from LOKET_OIDC_DIGID_PARAMS)', async () => {
    const minimal = await startOidcProvider({ client, accounts, claimsInIdToken: false });
    const app = await createTestApp({
      config: {
        ...loginConfig(minimal.issuer),
        LOKET_OIDC_DIGID_PARAMS: 'login_hint=digid&scope=loket',
      },
    });
    try {
      await addPeople(app.database.db);
      const { agent, callback } = await login(app, minimal, 'digid', 'anna');
      expect(minimal.authorizationRequests.at(-1)?.get('scope')).toBe('openid loket');
      expect(callback.status).toBe(303);
      expect(minimal.paths).toContain('/me');
      expect((await agent.get(`${LOKET}/mijn-gegevens`)).body).toContain('Anna Jansen');
    } finally {
      await app.close();
      await minimal.close();
    }
  });
});

describe('OpenID Connect login: the provider is down at start', () => {
  it('keeps serving, says DigiD is temporarily unavailable, and recovers when the provider is back', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const downClock = movableClock();
    const app = await createTestApp({
      clock: downClock,
      config: {
        ...loginConfig(issuer),
      },
    });
    let late: RunningProvider | undefined;
    try {
      expect((await app.request('/health')).statusCode).toBe(200);
      const page = await app.request('/inloggen');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Inloggen met DigiD en eHerkenning is tijdelijk niet mogelijk');
      expect(page.body).not.toContain('href="/inloggen/digid');
      const start = await app.request({ url: '/inloggen/digid?terug=%2Fzaken', headers: { accept: 'text/html' } });
      expect(start.statusCode).toBe(503);
      expect(start.headers['retry-after']).toBe('30');
      expect(start.body).toContain('kunt u nu niet inloggen met DigiD');
      expect(start.body).toContain('href="/inloggen?terug=%2Fzaken"');
      expect(String(start.headers['set-cookie'] ?? '')).not.toContain(FLOW_COOKIE);

      late = await startOidcProvider({ client, accounts, port });
      // Within 30 seconds of the last attempt Loket does not ask again; after that it does.
      expect((await app.request('/inloggen/digid')).statusCode).toBe(503);
      downClock.offsetMs = 31_000;
      const retried = await app.request('/inloggen/digid');
      expect(retried.statusCode).toBe(303);
      expect(retried.headers.location).toContain(`${issuer}/auth?`);
      expect((await app.request('/inloggen')).body).toContain('href="/inloggen/digid');
    } finally {
      await app.close();
      await late?.close();
    }
  });
});

describe('OpenID Connect login: the provider goes down during a login', () => {
  it('refuses the callback with a plain page (400, not a server error) and stores nothing', async () => {
    const shaky = await startOidcProvider({ client, accounts });
    const app = await createTestApp({
      config: {
        ...loginConfig(shaky.issuer),
      },
    });
    try {
      await addPeople(app.database.db);
      const flow = await toCallback(app, shaky, 'digid', 'anna');
      await shaky.close();
      const hop = await flow.agent.get(flow.callbackUrl);
      expect(hop.status).toBe(400);
      expect(codeOf(hop)).toBe('auth.oidc_unreachable');
      expect(hop.body).toContain('niet bereikbaar');
      expect(await sessionCount(app)).toBe(0);
    } finally {
      await app.close();
      await shaky.close();
    }
  });
});

describe('OpenID Connect login: in English', () => {
  it('explains a failed login in English when the visitor chose English', async () => {
    const res = await t.request({ url: '/inloggen/terug?state=x&code=y', headers: { accept: 'text/html', cookie: 'lang=en' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Login failed');
    expect(res.body).toContain('We could not find your login attempt.');
  });
});

describe('OpenID Connect login: rate limited per address', () => {
  it('answers 429 after LOKET_LOGIN_RATE_LIMIT attempts a minute', async () => {
    const app = await createTestApp({
      config: {
        ...loginConfig(provider.issuer),
        LOKET_LOGIN_RATE_LIMIT: '2',
      },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.request('/inloggen/digid')).statusCode);
      expect(statuses).toEqual([303, 303, 429]);
      const callbacks: number[] = [];
      for (let i = 0; i < 3; i++)
        callbacks.push((await app.request({ url: '/inloggen/terug?state=x&code=y', headers: { accept: 'text/html' } })).statusCode);
      expect(callbacks).toEqual([400, 400, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('OpenID Connect configuration', () => {
  const base = { LOKET_OIDC_ISSUER: 'https://makelaar.example.nl', LOKET_OIDC_CLIENT_ID: 'loket', LOKET_OIDC_CLIENT_SECRET: 'geheim' };

  it('is off without LOKET_OIDC_ISSUER', () => {
    const r = loadConfig({});
    expect(r.ok && r.config.oidc).toBeUndefined();
  });

  it('has defaults: redirect URI from LOKET_BASE_URL, scope openid, claims bsn/kvk/acting_bsn/acr, login hints', () => {
    const r = loadConfig({ ...base, LOKET_BASE_URL: 'https://loket.example.nl/' });
    expect(r.ok && r.config.oidc).toEqual({
      issuer: 'https://makelaar.example.nl',
      clientId: 'loket',
      clientSecret: 'geheim',
      redirectUri: 'https://loket.example.nl/inloggen/terug',
      scopes: ['openid'],
      claims: { bsn: 'bsn', kvkNumber: 'kvk', actingBsn: 'acting_bsn', loa: ['acr'] },
      means: { digid: [['login_hint', 'digid']], eherkenning: [['login_hint', 'eherkenning']] },
    });
  });

  it('takes every setting', () => {
    const r = loadConfig({
      ...base,
      LOKET_OIDC_REDIRECT_URI: 'https://www.example.nl/loket/inloggen/terug',
      LOKET_OIDC_SCOPES: 'openid  profile',
      LOKET_OIDC_CLAIM_BSN: 'urn:nl-eid-gdi:1.0:id:BSN',
      LOKET_OIDC_CLAIM_KVK: 'urn:etoegang:1.9:EntityConcernedID:KvKnr',
      LOKET_OIDC_CLAIM_ACTING_BSN: 'urn:etoegang:1.9:ActingSubjectID:BSN',
      LOKET_OIDC_CLAIM_LOA: 'acr, loa_eidas',
      LOKET_OIDC_DIGID_PARAMS: 'acr_values=idp:digid&scope=digid',
      LOKET_OIDC_EHERKENNING_PARAMS: 'kc_idp_hint=eherkenning',
    });
    expect(r.ok).toBe(true);
    if (!r.ok || !r.config.oidc) return;
    expect(r.config.oidc.redirectUri).toBe('https://www.example.nl/loket/inloggen/terug');
    expect(r.config.oidc.scopes).toEqual(['openid', 'profile']);
    expect(r.config.oidc.claims).toEqual({
      bsn: 'urn:nl-eid-gdi:1.0:id:BSN',
      kvkNumber: 'urn:etoegang:1.9:EntityConcernedID:KvKnr',
      actingBsn: 'urn:etoegang:1.9:ActingSubjectID:BSN',
      loa: ['acr', 'loa_eidas'],
    });
    expect(r.config.oidc.means).toEqual({
      digid: [
        ['acr_values', 'idp:digid'],
        ['scope', 'digid'],
      ],
      eherkenning: [['kc_idp_hint', 'eherkenning']],
    });
  });

  it('explains every problem, naming the variable', () => {
    const r = loadConfig({
      LOKET_OIDC_ISSUER: 'http://makelaar.example.nl',
      LOKET_OIDC_REDIRECT_URI: 'https://loket.example.nl/callback',
      LOKET_OIDC_SCOPES: 'profile',
      LOKET_OIDC_DIGID_PARAMS: 'nonce=vast',
    });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toMatch(/LOKET_OIDC_ISSUER: moet https:\/\/ zijn/);
    expect(text).toMatch(/LOKET_OIDC_REDIRECT_URI: moet eindigen op \/inloggen\/terug/);
    expect(text).toMatch(/LOKET_OIDC_SCOPES: moet de scope openid bevatten/);
    expect(text).toMatch(/LOKET_OIDC_DIGID_PARAMS: mag deze parameters niet zetten/);
  });

  it('needs the client id, the secret and a redirect URI once the issuer is set', () => {
    const r = loadConfig({ LOKET_OIDC_ISSUER: 'https://makelaar.example.nl' });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.errors.join('\n');
    expect(text).toMatch(/LOKET_OIDC_CLIENT_ID: is nodig/);
    expect(text).toMatch(/LOKET_OIDC_CLIENT_SECRET: is nodig/);
    expect(text).toMatch(/LOKET_OIDC_REDIRECT_URI: is nodig/);
  });

  it('allows http:// for the issuer only on loopback', () => {
    expect(loadConfig({ ...base, LOKET_OIDC_ISSUER: 'http://127.0.0.1:4000', LOKET_BASE_URL: 'http://127.0.0.1:8080' }).ok).toBe(true);
    expect(loadConfig({ ...base, LOKET_OIDC_ISSUER: 'http://localhost:4000', LOKET_BASE_URL: 'http://127.0.0.1:8080' }).ok).toBe(true);
    expect(loadConfig({ ...base, LOKET_OIDC_ISSUER: 'ftp://makelaar.example.nl', LOKET_BASE_URL: 'http://127.0.0.1:8080' }).ok).toBe(false);
  });
});
