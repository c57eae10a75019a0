// Login sessions on the HTTP server: who is making each request, log in, log out (everywhere),
// and the level-of-assurance check a service can require.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { ProblemError } from '../http/problem.ts';
import type { Clock } from '../time/index.ts';
import { actorOf, anonymous, loaAtLeast, loaLabels, type ActingFor, type LevelOfAssurance, type Principal } from './model.ts';
import {
  setSessionActingFor,
  createSession,
  endAllSessions,
  endSession,
  loadSession,
  type AuthenticatedPrincipal,
  type LoadedSession,
  type LoginIdentity,
  type SessionPolicy,
} from './sessions.ts';

export * from './model.ts';
export {
  sessionMigrations,
  activeSessionCount,
  type AuthenticatedPrincipal,
  type LoginIdentity,
  type LoadedSession,
  type SessionPolicy,
} from './sessions.ts';

export const SESSION_COOKIE = 'loket_sessie';

declare module 'fastify' {
  interface FastifyRequest {
    session?: LoadedSession;
    /** Set when the session was acting for someone and may no longer do so (the mandate ended): pages say so once. */
    actingForEnded?: ActingFor;
  }
  interface FastifyReply {
    /** Logs in: ends the current session (rotation), makes a new one, audits it, sets the cookie. */
    logIn(identity: LoginIdentity, method: string): Promise<void>;
    /** Logs out this session, or every session of the same user. */
    logOut(everywhere: boolean): Promise<number>;
    /** Acts for someone else from now on (null: for oneself again); audited. The caller has checked that it may. */
    actFor(actingFor: ActingFor | null): Promise<void>;
  }
}

export interface SessionOptions {
  database: Database;
  clock: Clock;
  policy: SessionPolicy;
  /** Set the Secure flag on the cookie; also set automatically on HTTPS requests. */
  secureCookies: boolean;
  /**
   * Whether a session's user may still act for the one they chose ("act for …"), asked on every
   * request that acts for someone, so an ended mandate ends it at once. Given by the composition
   * root (the mandates module); without it, acting for someone else is never kept.
   */
  mayStillActFor?: (principal: AuthenticatedPrincipal & { actingFor: ActingFor }) => Promise<boolean>;
}

export function registerSessions(app: FastifyInstance, options: SessionOptions): void {
  const { database, clock, policy } = options;
  const cookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies || request.protocol === 'https',
  });

  // Not an async hook: a request without a session cookie (most API calls) passes without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return done();
    loadSession(database.db, token, policy, clock.now())
      .then(async (loaded) => {
        if (!loaded) return;
        const principal = loaded.principal;
        if (principal.kind !== 'official' && principal.actingFor) {
          const acting = principal.actingFor;
          const still = options.mayStillActFor ? await options.mayStillActFor({ ...principal, actingFor: acting }) : false;
          if (!still) {
            await setSessionActingFor(database.db, principal.sessionId, null);
            const { actingFor: _ended, ...own } = principal;
            loaded.principal = own;
            request.actingForEnded = acting;
          }
        }
        request.principal = loaded.principal;
        request.session = loaded;
      })
      .then(() => done(), done);
  });

  app.decorateReply('logIn', async function (this: FastifyReply, identity: LoginIdentity, method: string) {
    const now = clock.now();
    const previous = this.request.session?.principal.sessionId;
    const { token, sessionId } = await inTransaction(database.db, async (trx) => {
      if (previous) await endSession(trx, previous, 'rotated', now);
      const made = await createSession(trx, identity, policy, now);
      await recordAudit(trx, {
        actor: actorOf({ ...identity, sessionId: made.sessionId }),
        action: 'auth.logged_in',
        object: { type: 'session', id: made.sessionId },
        requestId: this.request.id,
        at: now,
        details: { method, loa: identity.loa, kind: identity.kind },
      });
      return made;
    });
    this.request.principal = { ...identity, sessionId };
    void this.setCookie(SESSION_COOKIE, token, { ...cookieOptions(this.request), maxAge: policy.maxHours * 3600 });
  });

  app.decorateReply('actFor', async function (this: FastifyReply, actingFor: ActingFor | null) {
    const session = this.request.session;
    const principal = this.request.principal;
    if (!session || !principal || principal.kind === 'anonymous' || principal.kind === 'official') return;
    const now = clock.now();
    await inTransaction(database.db, async (trx) => {
      await setSessionActingFor(trx, principal.sessionId, actingFor);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: actingFor ? 'auth.acting_for_started' : 'auth.acting_for_stopped',
        object: { type: 'session', id: principal.sessionId },
        requestId: this.request.id,
        at: now,
        details: actingFor ? { onBehalfOf: { kind: actingFor.kind, id: actingFor.id } } : {},
      });
    });
    const { actingFor: _previous, ...own } = principal;
    this.request.principal = actingFor ? { ...own, actingFor } : own;
    session.principal = this.request.principal;
  });

  app.decorateReply('logOut', async function (this: FastifyReply, everywhere: boolean) {
    const session = this.request.session;
    void this.clearCookie(SESSION_COOKIE, cookieOptions(this.request));
    if (!session) return 0;
    const now = clock.now();
    const principal = session.principal;
    const ended = await inTransaction(database.db, async (trx) => {
      const n = everywhere
        ? await endAllSessions(trx, principal.sessionId, now)
        : (await endSession(trx, principal.sessionId, 'logout', now), 1);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: everywhere ? 'auth.logged_out_everywhere' : 'auth.logged_out',
        object: { type: 'session', id: principal.sessionId },
        requestId: this.request.id,
        at: now,
        details: { sessionsEnded: n },
      });
      return n;
    });
    this.request.principal = anonymous;
    return ended;
  });
}

/** The page that explains how to log in with a higher level of assurance (registered by the login pages). */
export const LOA_STEP_UP_PATH = '/inloggen/hoger-niveau';

/** A service that needs a higher level of assurance than this session has: a clear 403 (browsers go to the step-up page). */
export function assertLevelOfAssurance(principal: Principal, required: LevelOfAssurance, returnTo = '/'): void {
  if (principal.kind === 'anonymous') return;
  if (loaAtLeast(principal.loa, required)) return;
  throw new ProblemError({
    code: 'auth.loa_too_low',
    status: 403,
    title: 'Hoger inlogniveau nodig',
    detail: `Voor deze dienst moet u inloggen met betrouwbaarheidsniveau ${loaLabels[required].nl} (${loaLabels[required].means.nl}). U bent ingelogd met niveau ${loaLabels[principal.loa].nl}.`,
    location: `${LOA_STEP_UP_PATH}?nodig=${required}&terug=${encodeURIComponent(returnTo)}`,
  });
}
