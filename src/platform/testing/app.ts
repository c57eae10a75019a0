// A whole Loket on a fresh test database, driven in-process with Fastify's inject.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, prepareDatabase, type Loket } from '../../app.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { SESSION_COOKIE, type LoginIdentity } from '../auth/index.ts';
import { createSession } from '../auth/sessions.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { fixedClock, systemClock, type Clock } from '../time/index.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp extends Loket {
  database: Database;
  config: Config;
  /** In-process request (no network). */
  request(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Makes a login session for this identity; returns the Cookie header value to send. */
  loginAs(identity: LoginIdentity): Promise<string>;
  /** GET and parse JSON. */
  getJson<T = unknown>(url: string): Promise<{ status: number; body: T; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const result = loadConfig({
    LOG_LEVEL: 'silent',
    LOKET_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOKET_RATE_LIMIT: '100000',
    LOKET_LOGIN_RATE_LIMIT: '100000',
    ...overrides,
  });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

export async function createTestApp(options: { clock?: Clock | string; config?: Record<string, string> } = {}): Promise<TestApp> {
  const clock = typeof options.clock === 'string' ? fixedClock(options.clock) : (options.clock ?? systemClock);
  const database = await createTestDatabase('app');
  const config = testConfig(options.config);
  await prepareDatabase(database, config, clock);
  // Every response the tests see is also checked against its zod schema.
  const loket = await buildApp(config, database, clock, { checkResponses: true });
  const request = (o: InjectOptions | string): Promise<LightMyRequestResponse> => loket.app.inject(o);
  return {
    ...loket,
    database,
    config,
    request,
    loginAs: async (identity) => {
      const { token } = await inTransaction(database.db, (trx) => createSession(trx, identity, config.session, clock.now()));
      return `${SESSION_COOKIE}=${token}`;
    },
    getJson: async <T>(url: string) => {
      const res = await request({ method: 'GET', url, headers: { accept: 'application/json' } });
      return { status: res.statusCode, body: res.json<T>(), headers: res.headers };
    },
    close: async () => {
      await loket.dispatcher.stop();
      await loket.app.close();
      await database.cleanup();
    },
  };
}

/** A form page as fetched by a test, with what posting it needs: the CSRF token and the cookies (session and CSRF). */
export interface OpenForm {
  res: LightMyRequestResponse;
  token: string;
  cookie: string;
}

/** Adds the CSRF cookie a form page set to the visitor's own cookie, and reads the form's token. */
export function formOf(res: LightMyRequestResponse, visitorCookie: string): OpenForm {
  const csrf = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  return {
    res,
    token: /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
    cookie: [visitorCookie, ...csrf].filter(Boolean).join('; '),
  };
}
