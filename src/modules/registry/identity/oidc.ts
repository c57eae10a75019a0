// Login through OpenID Connect, as a DigiD/eHerkenning broker offers it: authorization code flow
// with PKCE, state and nonce (openid-client). The flow's secrets live in a signed, httpOnly,
// short-lived cookie bound to this browser; nothing is stored until the login succeeds.
//
//   GET /inloggen/digid | /inloggen/eherkenning   start: PKCE verifier, state, nonce → provider
//   GET /inloggen/terug                           callback: check state, exchange the code with
//                                                 PKCE, check the ID token (nonce), claims →
//                                                 identity (register), log in, back to `terug`
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { LoginIdentity } from '../../../platform/auth/index.ts';
import { OIDC_CALLBACK_PATH, type OidcConfig } from '../../../platform/config/index.ts';
import type { Result } from '../../../platform/http/problem.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import type { ModuleContext } from '../../../platform/module.ts';
import type { Clock } from '../../../platform/time/index.ts';
import { returnPath } from './model.ts';
import { identityFromClaims, type ClaimNames, type LoginMeans } from './oidc-claims.ts';
import { oidcMessages, showLoginProblem, type LoginProblem } from './oidc-pages.tsx';
import { businessIdentity, personIdentity } from './service.ts';

/** The cookie that carries one login attempt from the start to the callback. */
export const FLOW_COOKIE = 'loket_oidc';
/** How long a login attempt may take (the user may have to install or unlock the DigiD app). */
export const FLOW_MINUTES = 10;
/** After a failed discovery, try again at most this often. */
const RETRY_AFTER_MS = 30_000;
/** Discovery at start must not hold up the server long. */
const DISCOVERY_TIMEOUT_SECONDS = 5;
const REQUEST_TIMEOUT_SECONDS = 10;

const loginMeans: readonly LoginMeans[] = ['digid', 'eherkenning'];

/** Whether DigiD and eHerkenning can be used now (the provider's metadata could be loaded). */
export interface OidcAvailability {
  available(): boolean;
}

const flowSchema = z.object({
  v: z.literal(1),
  means: z.enum(['digid', 'eherkenning']),
  state: z.string().min(20).max(200),
  nonce: z.string().min(20).max(200),
  verifier: z.string().min(43).max(128),
  terug: z.string().max(500),
  /** Epoch milliseconds. */
  exp: z.number().int(),
});
export type LoginFlow = z.infer<typeof flowSchema>;

export function encodeFlow(flow: LoginFlow): string {
  return Buffer.from(JSON.stringify(flow), 'utf8').toString('base64url');
}

export function decodeFlow(value: string): LoginFlow | undefined {
  try {
    const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const describeError = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
};

/** The provider's metadata (discovery), loaded at start and again later when that failed. */
class OidcProvider implements OidcAvailability {
  private configuration: client.Configuration | undefined;
  private lastAttempt = 0;
  private pending: Promise<client.Configuration | undefined> | undefined;
  private failures = 0;

  constructor(
    private readonly config: OidcConfig,
    private readonly log: FastifyInstance['log'],
    private readonly clock: Clock,
  ) {}

  /** Loads the metadata; logs a failure and resolves to undefined. */
  connect(): Promise<client.Configuration | undefined> {
    this.pending ??= this.discover().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async discover(): Promise<client.Configuration | undefined> {
    this.lastAttempt = this.clock.now().getTime();
    const insecure = new URL(this.config.issuer).protocol === 'http:'; // only on loopback (config checks it)
    try {
      const configuration = await client.discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        undefined,
        client.ClientSecretBasic(this.config.clientSecret),
        {
          timeout: DISCOVERY_TIMEOUT_SECONDS,
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain http only to an issuer on loopback (tests, local development); the configuration refuses it elsewhere
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
      configuration.timeout = REQUEST_TIMEOUT_SECONDS;
      this.configuration = configuration;
      if (this.failures > 0)
        this.log.info(
          { issuer: this.config.issuer },
          'OpenID Connect-provider weer bereikbaar: inloggen met DigiD en eHerkenning werkt weer',
        );
      this.failures = 0;
      return configuration;
    } catch (error) {
      this.failures++;
      const fields = { issuer: this.config.issuer, error: describeError(error), attempt: this.failures };
      const message =
        'OpenID Connect-provider niet bereikbaar (discovery mislukt): inloggen met DigiD en eHerkenning is uit tot de provider weer bereikbaar is';
      if (this.failures === 1) this.log.error(fields, message);
      else this.log.warn(fields, message);
      return undefined;
    }
  }

  private stale(): boolean {
    return this.clock.now().getTime() - this.lastAttempt >= RETRY_AFTER_MS;
  }

  /** For the login page: no waiting; when the metadata is missing, a new attempt starts in the background. */
  available(): boolean {
    if (this.configuration) return true;
    if (this.stale()) void this.connect();
    return false;
  }

  /** For the routes: the metadata, trying once more first when the last attempt is old enough. */
  async ready(): Promise<client.Configuration | undefined> {
    if (this.configuration) return this.configuration;
    if (this.pending) return this.pending;
    return this.stale() ? this.connect() : undefined;
  }
}

type Messages = ReturnType<typeof oidcMessages>;

function problemFor(error: unknown, m: Messages): { code: string; detail: string } {
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === 'access_denied'
      ? { code: 'auth.oidc_cancelled', detail: m.cancelled }
      : { code: 'auth.oidc_provider_error', detail: m.providerError };
  }
  if (error instanceof client.ResponseBodyError) {
    return error.error === 'invalid_grant'
      ? { code: 'auth.oidc_code_invalid', detail: m.codeInvalid }
      : { code: 'auth.oidc_provider_error', detail: m.providerError };
  }
  if (error instanceof client.ClientError) return { code: 'auth.oidc_response_invalid', detail: m.responseInvalid };
  // fetch failed, timeout, connection refused: the provider cannot be reached.
  return { code: 'auth.oidc_unreachable', detail: m.unreachable };
}

/** The claims that must be there for this means; if the ID token lacks one, user info is asked. */
function missingClaims(claims: Readonly<Record<string, unknown>>, names: ClaimNames, means: LoginMeans): boolean {
  const has = (name: string) => Object.hasOwn(claims, name) && claims[name] !== null && claims[name] !== undefined;
  const identity = means === 'digid' ? [names.bsn] : [names.kvkNumber, names.actingBsn];
  return identity.some((n) => !has(n)) || !names.loa.some(has);
}

/**
 * Registers the OpenID Connect login when a provider is configured, and loads its metadata.
 * Returns what the login page needs: false without configuration, else whether it is available.
 */
export async function registerOidcLogin(app: FastifyInstance, ctx: ModuleContext): Promise<false | OidcAvailability> {
  const config = ctx.config.oidc;
  if (!config) return false;
  const provider = new OidcProvider(config, app.log, ctx.clock);
  // Per client address, on top of the global limit (LOKET_LOGIN_RATE_LIMIT).
  const rateLimit = { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' };
  await provider.connect();

  const callbackPath = new URL(config.redirectUri).pathname;
  // The cookie is sent only to the login routes (also when Loket runs under a path prefix).
  const cookiePath = callbackPath.slice(0, callbackPath.length - OIDC_CALLBACK_PATH.length) + '/inloggen';
  const cookieOptions = (request: FastifyRequest) => ({
    path: cookiePath,
    httpOnly: true,
    sameSite: 'lax' as const, // sent along on the top-level GET back from the provider
    secure: ctx.config.baseUrl?.startsWith('https:') === true || request.protocol === 'https',
  });

  for (const means of loginMeans) {
    app.get(`/inloggen/${means}`, { config: { access: 'public', rateLimit } }, async (request, reply) => {
      const m = oidcMessages(request.lang);
      const terug = returnPath((request.query as Record<string, unknown>)['terug']);
      const configuration = await provider.ready();
      if (!configuration) {
        void reply.header('retry-after', String(RETRY_AFTER_MS / 1000));
        return showLoginProblem(reply, {
          status: 503,
          code: 'auth.oidc_unavailable',
          title: m.unavailableTitle,
          detail: means === 'digid' ? m.unavailableDigid : m.unavailableEherkenning,
          retry: { href: `/inloggen?terug=${encodeURIComponent(terug)}`, label: m.backToLogin },
        });
      }
      const verifier = client.randomPKCECodeVerifier();
      const flow: LoginFlow = {
        v: 1,
        means,
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier,
        terug,
        exp: ctx.clock.now().getTime() + FLOW_MINUTES * 60_000,
      };
      const params = new URLSearchParams({
        redirect_uri: config.redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      // Which means the provider should offer (LOKET_OIDC_DIGID_PARAMS / _EHERKENNING_PARAMS).
      for (const [key, value] of config.means[means]) {
        if (key === 'scope') params.set('scope', [...new Set([...config.scopes, ...value.split(/\s+/).filter(Boolean)])].join(' '));
        else params.append(key, value);
      }
      void reply.setCookie(FLOW_COOKIE, encodeFlow(flow), { ...cookieOptions(request), signed: true, maxAge: FLOW_MINUTES * 60 });
      void reply.header('cache-control', 'no-store');
      return reply.redirect(client.buildAuthorizationUrl(configuration, params).href, 303);
    });
  }

  // No HEAD route: a HEAD request would use up the login attempt.
  app.get(OIDC_CALLBACK_PATH, { exposeHeadRoute: false, config: { access: 'public', rateLimit } }, async (request, reply) => {
    const lang: Lang = request.lang;
    const m = oidcMessages(lang);
    // One attempt, one use: the cookie goes, whatever happens next.
    const raw = request.cookies[FLOW_COOKIE];
    void reply.clearCookie(FLOW_COOKIE, cookieOptions(request));
    const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
    const flow = unsigned?.valid ? decodeFlow(unsigned.value) : undefined;

    const fail = (problem: Omit<LoginProblem, 'title' | 'retry'> & { retry?: LoginProblem['retry'] }): Promise<FastifyReply> => {
      request.log.info({ code: problem.code, means: flow?.means }, 'OpenID Connect-login mislukt');
      const terug = encodeURIComponent(flow?.terug ?? '/mijn-gegevens');
      return showLoginProblem(reply, {
        title: m.failedTitle,
        retry:
          problem.retry ??
          (flow
            ? { href: `/inloggen/${flow.means}?terug=${terug}`, label: m.retry }
            : { href: `/inloggen?terug=${terug}`, label: m.retry }),
        ...problem,
      });
    };

    if (!flow) return fail({ status: 400, code: 'auth.oidc_no_flow', detail: m.noFlow });
    if (flow.exp <= ctx.clock.now().getTime()) return fail({ status: 400, code: 'auth.oidc_flow_expired', detail: m.flowExpired });
    const query = request.query as Record<string, unknown>;
    if (query['state'] !== flow.state) return fail({ status: 400, code: 'auth.oidc_state_mismatch', detail: m.stateMismatch });
    const configuration = await provider.ready();
    if (!configuration) return fail({ status: 400, code: 'auth.oidc_unreachable', detail: m.unreachable });

    // The callback as the provider addressed it (behind a proxy the request URL may differ).
    const currentUrl = new URL(config.redirectUri);
    const queryStart = request.url.indexOf('?');
    currentUrl.search = queryStart === -1 ? '' : request.url.slice(queryStart);

    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) return await fail({ status: 400, code: 'auth.oidc_response_invalid', detail: m.responseInvalid });
      claims = { ...idToken };
      if (missingClaims(claims, config.claims, flow.means) && configuration.serverMetadata().userinfo_endpoint) {
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        // The signed ID token wins where both say something.
        claims = { ...userInfo, ...idToken };
      }
    } catch (error) {
      const { code, detail } = problemFor(error, m);
      request.log.info({ code, error: describeError(error) }, 'OpenID Connect: antwoord van de provider afgewezen');
      return fail({ status: 400, code, detail });
    }

    const claimed = identityFromClaims(claims, config.claims, flow.means);
    const back = { href: `/inloggen?terug=${encodeURIComponent(flow.terug)}`, label: m.backToLogin };
    // Too low a level: a new login (with the app) helps; anything else: back to the login page.
    if (!claimed.ok)
      return fail({
        status: 403,
        code: claimed.code,
        detail: claimed.detail,
        ...(claimed.code === 'auth.loa_not_accepted' ? {} : { retry: back }),
      });
    const c = claimed.identity;
    const identity: Result<LoginIdentity> =
      c.kind === 'person' ? await personIdentity(ctx, c.bsn, c.loa) : await businessIdentity(ctx, c.kvkNumber, c.actingBsn, c.loa);
    if (!identity.ok)
      return fail({ status: identity.failure.status, code: identity.failure.code, detail: identity.failure.detail, retry: back });

    await reply.logIn(identity.value, `oidc:${flow.means}`);
    void reply.header('cache-control', 'no-store');
    return reply.redirect(returnPath(flow.terug), 303);
  });

  return provider;
}
