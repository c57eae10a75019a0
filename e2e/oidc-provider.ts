// A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for login tests: it plays the
// DigiD/eHerkenning broker. Test accounts carry a BSN or a KVK number and a level of assurance.
// Instead of the library's development screens, the login step is either automatic (the account
// chosen with `loginAs`) or a tiny HTML page with one radio button per account.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  /** The subject (`sub`) the provider gives this account. */
  sub: string;
  /** Shown on the provider's login page. */
  label: string;
  /** The level URI the provider puts in `acr`, e.g. `urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard`. */
  acr: string;
  /** Further claims (`bsn`, `kvk`, `acting_bsn`, ...). */
  claims: Readonly<Record<string, string>>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface RunningProvider {
  /** `http://127.0.0.1:<port>` */
  issuer: string;
  port: number;
  provider: Provider;
  /** Log in automatically as this account at the next login step; undefined: show the login page. */
  loginAs(sub: string | undefined): void;
  /** Cancel the next login step automatically (the user pressed "Annuleren"). */
  cancelNext(): void;
  /** The authorization requests seen, newest last (their query parameters). */
  authorizationRequests: URLSearchParams[];
  /** The path of every request seen, in order. */
  paths: string[];
  close(): Promise<void>;
}

export interface ProviderOptions {
  client: TestClient;
  accounts: readonly TestAccount[];
  /** A fixed port (e.g. to start a provider that Loket could not reach before); default: random. */
  port?: number;
  /**
   * true (default): the ID token carries every claim; false: the ID token carries only `sub` and
   * `acr`, the other claims come from the userinfo endpoint, and only when the scope `loket` is
   * asked for.
   */
  claimsInIdToken?: boolean;
}

const claimNames = ['bsn', 'kvk', 'acting_bsn', 'loa'];

/** The level URIs the test accounts may use (oidc-provider releases `acr` only for listed values). */
export const testAcrValues = [
  'http://eidas.europa.eu/LoA/low',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
  'urn:etoegang:core:assurance-class:loa1',
  'urn:etoegang:core:assurance-class:loa2',
  'urn:etoegang:core:assurance-class:loa2plus',
  'urn:etoegang:core:assurance-class:loa3',
  'urn:etoegang:core:assurance-class:loa4',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
];

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, accounts: readonly TestAccount[]): string {
  const options = accounts
    .map(
      (a, i) =>
        `<p><input type="radio" name="account" id="a${i}" value="${escapeHtml(a.sub)}"${i === 0 ? ' checked' : ''}><label for="a${i}">${escapeHtml(a.label)}</label></p>`,
    )
    .join('\n');
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Testmakelaar: inloggen</title></head><body><main>
<h1>Testmakelaar: inloggen</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Log in als</legend>
${options}
</fieldset>
<button type="submit" name="actie" value="inloggen">Inloggen</button>
<button type="submit" name="actie" value="annuleren">Annuleren</button>
</form></main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider on 127.0.0.1; `close()` stops it. */
export async function startOidcProvider(options: ProviderOptions): Promise<RunningProvider> {
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));
  let autoLogin: string | undefined;
  let cancel = false;
  const authorizationRequests: URLSearchParams[] = [];
  const paths: string[] = [];
  const inIdToken = options.claimsInIdToken ?? true;

  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: 'test-key',
    use: 'sig',
    alg: 'RS256',
  };
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: [options.client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // acr under the openid scope: the provider then always puts the level in the ID token (as brokers do).
    // The other claims: with the openid scope in the ID token, or under the scope `loket`, which
    // (OpenID Connect Core §5.4) the provider returns from the userinfo endpoint only.
    claims: inIdToken
      ? { acr: null, auth_time: null, sid: null, openid: ['sub', 'acr', ...claimNames] }
      : { acr: null, auth_time: null, sid: null, openid: ['sub', 'acr'], loket: claimNames },
    conformIdTokenClaims: !inIdToken,
    acrValues: testAcrValues,
    pkce: { required: () => true },
    // Short lives, set explicitly (the library warns about its defaults otherwise).
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account.claims }) };
    },
    // A trusted first-party client: no consent screen, every claim granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(inIdToken ? 'openid' : 'openid loket');
      grant.addOIDCClaims(['sub', 'acr', ...claimNames]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const finishLogin = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    sub: string | undefined,
    cancelled: boolean,
  ): Promise<void> => {
    const account = sub === undefined ? undefined : accounts.get(sub);
    if (cancelled || !account) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'De gebruiker heeft het inloggen afgebroken.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub, acr: account.acr } },
      { mergeWithLastSubmission: false },
    );
  };

  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const [, , uid = '', action] = url.pathname.split('/');
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      res.writeHead(400).end();
      return;
    }
    if (req.method === 'GET' && action === undefined) {
      if (cancel) {
        cancel = false;
        await finishLogin(req, res, undefined, true);
        return;
      }
      if (autoLogin !== undefined) {
        await finishLogin(req, res, autoLogin, false);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, options.accounts));
      return;
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      await finishLogin(req, res, form.get('account') ?? undefined, form.get('actie') === 'annuleren');
      return;
    }
    res.writeHead(404).end();
  };

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    paths.push(url.pathname);
    if (url.pathname === '/auth') authorizationRequests.push(new URLSearchParams(url.search));
    if (url.pathname.startsWith('/interaction/')) {
      interaction(req, res, url).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      return;
    }
    void callback(req, res);
  };

  return {
    issuer,
    port,
    provider,
    loginAs: (sub) => {
      autoLogin = sub;
    },
    cancelNext: () => {
      cancel = true;
    },
    authorizationRequests,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free port on 127.0.0.1 (for a server that must know its own address before it starts). */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
