// The HTTP platform on its own: access declarations, problem+json, security, CSRF, shutdown.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer, ProblemError, type Principal, type ZodTypeProvider } from './index.ts';

const options = { apiVersion: '9.8.7', secret: 'x'.repeat(40), bodyLimit: 2048, rateLimitPerMinute: 100_000, logLevel: 'silent', nav: [] };

let app: FastifyInstance;
let release: () => void = () => undefined;
const held = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  ({ app } = await createHttpServer(options));
  app.addHook('onRequest', (request, _reply, done) => {
    const who = request.headers['x-test-principal'];
    if (who === 'handler')
      request.principal = {
        kind: 'official',
        sessionId: 's1',
        loa: 'substantial',
        name: 'A',
        officialId: 'o1',
        organisationCode: 'GM0363',
        roles: ['case_handler'],
      } satisfies Principal;
    if (who === 'citizen')
      request.principal = { kind: 'person', sessionId: 's2', loa: 'substantial', name: 'B', bsn: '999990019' } satisfies Principal;
    done();
  });
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/v1/things',
    { config: { access: 'public' }, schema: { body: z.object({ name: z.string().min(1), count: z.number().int().min(0) }) } },
    (request) => ({ created: request.body.name }),
  );
  api.get('/api/v1/boom', { config: { access: 'public' } }, () => {
    throw new Error('secret internal detail');
  });
  api.get('/api/v1/expected', { config: { access: 'public' } }, () => {
    throw new ProblemError({ code: 'test.expected', status: 409, title: 'Conflict', detail: 'Dat kan niet.' });
  });
  api.get('/api/v1/cases', { config: { access: { roles: ['case_handler'] } } }, () => ({ ok: true }));
  api.get('/api/v1/me', { config: { access: 'authenticated' } }, () => ({ ok: true }));
  api.get('/api/v1/my-things', { config: { access: { kinds: ['person'], roles: ['administrator'] } } }, () => ({ ok: true }));
  api.get('/api/v1/slow', { config: { access: 'public' } }, async () => {
    await held;
    return { finished: true };
  });
  api.get('/api/v1/things/:id', { config: { access: 'public' } }, () => ({ ok: true }));
  app.get('/dingen/:id', { config: { access: 'public' } }, () => 'ok');
  app.get('/formulier', { config: { access: 'public' } }, async (_request, reply) => reply.send({ token: reply.generateCsrf() }));
  app.post('/formulier', { config: { access: 'public' } }, () => 'ok');
  await app.ready();
});
afterAll(() => app.close());

describe('access declarations', () => {
  it('refuses to register a route that does not say who may use it', async () => {
    const { app: other } = await createHttpServer(options);
    expect(() => other.get('/undeclared', () => 'x')).toThrow(/declares no access/);
    await other.close();
  });

  it('enforces roles: nobody gets 401, a citizen 403, the right official 200', async () => {
    expect((await app.inject('/api/v1/cases')).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/cases', headers: { 'x-test-principal': 'citizen' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/cases', headers: { 'x-test-principal': 'handler' } })).statusCode).toBe(200);
    expect((await app.inject('/api/v1/me')).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/me', headers: { 'x-test-principal': 'citizen' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/my-things', headers: { 'x-test-principal': 'citizen' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/my-things', headers: { 'x-test-principal': 'handler' } })).statusCode).toBe(403);
  });
});

describe('problem+json (RFC 9457)', () => {
  it('lists every invalid field at once', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/things', payload: { name: '', count: -1 } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ status: number; title: string; detail: string; code: string; invalidParams: { name: string }[] }>();
    expect(body.status).toBe(400);
    expect(body.title).toBeTruthy();
    expect(body.detail).toBeTruthy();
    expect(body.invalidParams.map((p) => p.name).sort()).toEqual(['body.count', 'body.name']);
  });

  it('answers invalid JSON, a too large body and an unknown media type with a 4xx problem', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('http.invalid_json');
    const big = await app.inject({ method: 'POST', url: '/api/v1/things', payload: { name: 'x'.repeat(5000), count: 1 } });
    expect(big.statusCode).toBe(413);
    const media = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'x',
    });
    expect(media.statusCode).toBe(415);
    for (const r of [bad, big, media]) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps expected failures as their own code and status', async () => {
    const res = await app.inject('/api/v1/expected');
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string; type: string }>()).toMatchObject({ code: 'test.expected', type: 'urn:loket:problem:test.expected' });
  });

  it('answers an unexpected error with 500 and a request id, never the internals', async () => {
    const res = await app.inject({ url: '/api/v1/boom', headers: { 'x-request-id': 'trace-me-1234' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(res.json<{ requestId: string }>().requestId).toBe('trace-me-1234');
    expect(res.headers['x-request-id']).toBe('trace-me-1234');
  });

  it('answers 404 for unknown paths and trailing slashes, and 405 with Allow for a wrong method', async () => {
    expect((await app.inject('/api/v1/nothing-here')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/cases/')).statusCode).toBe(404);
    const wrong = await app.inject({ method: 'DELETE', url: '/api/v1/things' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    // A path the router would read as a pattern (wildcard, parameter) is just not found.
    for (const url of ['/api/v1/*/x', '/api/v1/things/*/y', '/api/v1/:id', '/api/v1/a*b//c']) {
      for (const method of ['GET', 'POST', 'DELETE'] as const)
        expect((await app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it('answers a path part longer than the router takes with 414: problem+json for the API, a Dutch page for browsers', async () => {
    const api = await app.inject(`/api/v1/things/${'a'.repeat(300)}`);
    expect(api.statusCode).toBe(414);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'http.uri_too_long', status: 414 });
    const page = await app.inject({ url: `/dingen/${'<b>'.repeat(100)}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(414);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Adres te lang');
    expect(page.body).not.toContain('<b>');
  });

  it('shows an HTML error page, not JSON, to a browser', async () => {
    const res = await app.inject({ url: '/bestaat-niet', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Pagina niet gevonden');
  });

  it('never answers 5xx to arbitrary bodies (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.json(), fc.string()),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (payload, type) => {
          const res = await app.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': type }, payload });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('headers', () => {
  it('sends API-Version and no-store on every API response, errors included', async () => {
    for (const url of ['/api/v1/cases', '/api/v1/nothing', '/api/v1/expected']) {
      const res = await app.inject(url);
      expect(res.headers['api-version']).toBe('9.8.7');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('sends the security headers of the NL API Design Rules', async () => {
    const res = await app.inject('/api/v1/expected');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toBeDefined();
  });
});

describe('CSRF', () => {
  it('refuses a form post without a valid token and accepts one with it', async () => {
    expect((await app.inject({ method: 'POST', url: '/formulier', payload: { a: '1' } })).statusCode).toBe(403);
    const get = await app.inject('/formulier');
    const cookie = String(get.headers['set-cookie']).split(';')[0] ?? '';
    const token = get.json<{ token: string }>().token;
    const forged = await app.inject({ method: 'POST', url: '/formulier', headers: { cookie }, payload: { _csrf: 'forged' } });
    expect(forged.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/formulier',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before closing, and refuses new ones meanwhile', async () => {
    const { app: server } = await createHttpServer(options);
    let releaseSlow: () => void = () => undefined;
    const gate = new Promise<void>((r) => (releaseSlow = r));
    let handlerStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => (handlerStarted = r));
    server.get('/slow', { config: { access: 'public' } }, async () => {
      handlerStarted();
      await gate;
      return { finished: true };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.json() as Promise<{ finished: boolean }>);
    // Close only once the request is really in the handler (a fixed sleep is too short on a busy machine).
    await started;
    const closed = server.close();
    releaseSlow();
    expect(await inFlight).toEqual({ finished: true });
    await closed;
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    release();
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json past the limit, and never limits the health checks', async () => {
    const { app: limited } = await createHttpServer({ ...options, rateLimitPerMinute: 3 });
    limited.get('/api/v1/ping', { config: { access: 'public' } }, () => ({ ok: true }));
    limited.get('/health', { config: { access: 'public' } }, () => ({ status: 'ok' }));
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.inject('/api/v1/ping')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const res = await limited.inject('/api/v1/ping');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<{ code: string }>().code).toBe('http.rate_limited');
    for (let i = 0; i < 5; i++) expect((await limited.inject('/health')).statusCode).toBe(200);
    await limited.close();
  });
});

describe('order of checks', () => {
  it('says "log in" before judging the input, so nobody learns from validation messages', async () => {
    const { app: server } = await createHttpServer(options);
    server
      .withTypeProvider<ZodTypeProvider>()
      .post(
        '/api/v1/secrets',
        { config: { access: { roles: ['administrator'] } }, schema: { body: z.object({ name: z.string().min(3) }) } },
        () => ({ ok: true }),
      );
    const res = await server.inject({ method: 'POST', url: '/api/v1/secrets', payload: { name: 1 } });
    expect(res.statusCode).toBe(401);
    await server.close();
  });

  it('refuses a form or text body on the API (cross-site requests cannot send JSON without asking)', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': type }, payload: 'name=x&count=1' });
      expect(res.statusCode, type).toBe(415);
      expect(res.json<{ code: string }>().code).toBe('http.unsupported_media_type');
    }
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: '{"name":"x","count":1}',
    });
    expect(json.statusCode).toBe(200);
  });

  it('sends a browser to the page of a failure that has one', async () => {
    const { app: server } = await createHttpServer(options);
    server.get('/dienst', { config: { access: 'public' } }, () => {
      throw new ProblemError({
        code: 'auth.loa_too_low',
        status: 403,
        title: 'Hoger niveau',
        detail: 'x',
        location: '/inloggen/hoger-niveau?nodig=high',
      });
    });
    const page = await server.inject({ url: '/dienst', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/inloggen/hoger-niveau?nodig=high');
    const api = await server.inject({ url: '/dienst', headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(403);
    await server.close();
  });
});
