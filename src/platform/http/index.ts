// The HTTP server: Fastify 5 with zod schemas, OpenAPI, security headers, CSRF on forms,
// rate limiting, request ids, per-route access declarations and one central error handler.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { newId } from '../ids/index.ts';
import { registerHtml, sendErrorPage, type ErrorKind, type NavItem } from '../html/index.tsx';
import { declareAccessGuard, decideAccess, principalOf, type DeclaredRoute } from './access.ts';
import { httpFailures, problemBody, ProblemError, type Failure, type InvalidParam } from './problem.ts';
import { createResponseSerializerCompiler } from './serializer.ts';

export * from './problem.ts';
export * from './access.ts';
export { reusableResponse } from './serializer.ts';
export type { ZodTypeProvider } from 'fastify-type-provider-zod';

export interface HttpOptions {
  apiVersion: string;
  secret: string;
  bodyLimit: number;
  rateLimitPerMinute: number;
  logLevel: string;
  nav: readonly NavItem[];
  /** Public base URL for the OpenAPI `servers` entry. */
  baseUrl?: string | undefined;
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto from it (client address, HTTPS). */
  trustProxy?: boolean;
  /** Check every response against its zod schema as well (slower; tests and development), see serializer.ts. */
  checkResponses?: boolean;
}

export interface HttpServer {
  app: FastifyInstance;
  /** Every route with its access declaration, filled in as routes are registered. */
  routes: DeclaredRoute[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

export async function createHttpServer(options: HttpOptions): Promise<HttpServer> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId();
    },
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any route or hook (a malformed or over-long path): problem+json
    // or the error page, like every other failure.
    // The router fails before the request has the site's decorations (no page frame yet), so pages
    // get a bare Dutch page; the texts are fixed, never taken from the request.
    frameworkErrors: (error, request, rawReply) => {
      const reply = rawReply as FastifyReply;
      const failure = toFailure(error, request);
      if (isApiPath(request.url)) return void sendFailure(request, reply, failure);
      void reply
        .code(failure.status)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${failure.title} | Loket</title></head>` +
            `<body><main><h1>${failure.title}</h1><p>${failure.detail}</p><p><a href="/">Naar de startpagina</a></p></main></body></html>`,
        );
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ checkResponses: options.checkResponses ?? false }));
  const routes = declareAccessGuard(app);

  await app.register(cookie, { secret: options.secret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    // `secure: 'auto'`: the Secure flag on HTTPS (behind a proxy: with LOKET_TRUST_PROXY).
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' },
    getToken: (req) => (req.body as Record<string, string> | undefined)?.['_csrf'] ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(formbody, { bodyLimit: options.bodyLimit });
  // Security headers, from helmet. None of them depends on the request (no nonces, no directive
  // functions), so helmet runs once, on a probe response, and every response gets the headers it
  // set. (@fastify/helmet rebuilt the middleware, and parsed the Content-Security-Policy, for every
  // request.) Set through Fastify rather than on the raw response, Node validates each header once.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Only behind HTTPS; on plain http://localhost it would break form posts.
        upgradeInsecureRequests: options.baseUrl?.startsWith('https:') ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  const probe = new ServerResponse(new IncomingMessage(new Socket()));
  securityHeaders(probe.req, probe, () => undefined);
  const securityHeaderValues = probe.getHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaderValues);
    done();
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (req) => req.url === '/health' || req.url === '/ready',
    errorResponseBuilder: (_req, ctx) => {
      const err = new Error(`Te veel verzoeken; probeer het over ${Math.ceil(ctx.ttl / 1000)} seconden opnieuw.`) as FastifyError;
      err.statusCode = 429;
      err.code = 'FST_RATE_LIMITED';
      return err;
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loket API',
        version: options.apiVersion,
        description:
          'De API van Loket: overheidsdiensten vinden, aanvragen, volgen, corrigeren en machtigen. Fouten volgen RFC 9457 (application/problem+json).',
        contact: { name: 'Loket ontwikkelteam', url: 'https://github.com/loket-nl/loket/issues', email: 'loket-ontwikkelaars@example.org' },
        license: { name: 'EUPL-1.2', url: 'https://eupl.eu/1.2/nl/' },
      },
      servers: [{ url: options.baseUrl ?? '/', description: 'Deze Loket-installatie' }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      return isApiPath(input.url) ? out : { ...out, schema: { ...out.schema, hide: true } };
    },
    // Puts the named schemas (.meta({ id })) in components.schemas, which the paths refer to.
    transformObject: jsonSchemaTransformObject,
  });

  // Access: every route says who may use it (see access.ts); here the declaration is enforced,
  // after login (onRequest) and before the body is read or the input validated: whoever may not
  // use a route learns nothing from its validation messages.
  app.addHook('preParsing', (request, _reply, _payload, done) => {
    if (request.is404) return done();
    const access = request.routeOptions.config.access;
    const decision = access === undefined ? 'forbidden' : decideAccess(access, principalOf(request));
    if (decision === 'allow') return done();
    done(new ProblemError(decision === 'unauthenticated' ? httpFailures.unauthorized() : httpFailures.forbidden()));
  });

  // CSRF on the API: a browser can send a form or text/plain body to another site without asking,
  // but not JSON. So a state-changing API request with a body must be JSON; with the session
  // cookie's SameSite=Lax that closes cross-site requests to the API.
  app.addHook('preParsing', (request, _reply, _payload, done) => {
    const type = request.headers['content-type'];
    if (
      isApiPath(request.url) &&
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      type !== undefined &&
      !/^application\/([\w.+-]*\+)?json\b/i.test(type)
    ) {
      return done(
        new ProblemError({
          code: 'http.unsupported_media_type',
          status: 415,
          title: 'Onbekend formaat',
          detail: 'De API neemt alleen application/json aan.',
        }),
      );
    }
    done();
  });

  // CSRF: every form post (not the JSON API) carries a valid token (checked once the body is parsed).
  app.addHook('preHandler', (request, reply, done) => {
    const method = request.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || isApiPath(request.url)) return done();
    app.csrfProtection(request, reply, done);
  });

  // NL API Design Rules (/core/no-trailing-slash): a trailing slash is a 404, never a redirect.
  app.addHook('onRequest', (request, _reply, done) => {
    const path = request.url.split('?')[0] ?? '';
    if (isApiPath(path) && path.length > 1 && path.endsWith('/')) return done(new ProblemError(httpFailures.notFound()));
    done();
  });

  // NL API Design Rules: API-Version on every API response, no caching of API answers.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isApiPath(request.url)) {
      void reply.header('API-Version', options.apiVersion);
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    }
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  registerHtml(app, options.nav);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = toFailure(error, request);
    if (failure.status >= 500) request.log.error({ err: error }, 'unexpected error');
    return sendFailure(request, reply, failure);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // hasRoute reads its url as a route pattern: a request path holding `*` or `:` would be read as
    // a wildcard or parameter (and may make the router throw), so such a path is simply not found.
    const routable = !/[*:]/.test(path);
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
    const knows = (m: (typeof methods)[number]): boolean => {
      try {
        return app.hasRoute({ url: path, method: m });
      } catch {
        return false;
      }
    };
    const allowed = routable ? methods.filter((m) => m !== request.method && knows(m)) : [];
    if (isApiPath(path) && allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return sendFailure(request, reply, httpFailures.methodNotAllowed(allowed.join(', ')));
    }
    return sendFailure(request, reply, httpFailures.notFound());
  });

  return { app, routes };
}

const fastifyCodes: Record<string, Omit<Failure, 'status' | 'invalidParams'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'http.body_too_large',
    title: 'Verzoek te groot',
    detail: 'De inhoud van het verzoek is groter dan toegestaan.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'http.unsupported_media_type',
    title: 'Onbekend formaat',
    detail: 'Dit inhoudstype wordt niet ondersteund; gebruik application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'http.empty_body', title: 'Lege inhoud', detail: 'Het verzoek heeft een lege JSON-inhoud.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'http.invalid_content_length',
    title: 'Ongeldige lengte',
    detail: 'De Content-Length klopt niet met de inhoud.',
  },
  FST_ERR_BAD_URL: { code: 'http.bad_url', title: 'Ongeldig adres', detail: 'Het adres van het verzoek is ongeldig.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'http.uri_too_long',
    title: 'Adres te lang',
    detail: 'Een deel van het adres is langer dan toegestaan.',
  },
  FST_CSRF_INVALID_TOKEN: {
    code: 'http.csrf_invalid',
    title: 'Formulier verlopen',
    detail: 'Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw en probeer het nog eens.',
  },
  FST_CSRF_MISSING_SECRET: {
    code: 'http.csrf_invalid',
    title: 'Formulier verlopen',
    detail: 'Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw en probeer het nog eens.',
  },
  FST_RATE_LIMITED: {
    code: 'http.rate_limited',
    title: 'Te veel verzoeken',
    detail: 'U hebt in korte tijd te veel verzoeken gedaan. Wacht even en probeer het opnieuw.',
  },
};

function toFailure(error: FastifyError, request: FastifyRequest): Failure {
  if (error instanceof ProblemError) return error.failure;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const invalid: InvalidParam[] = error.validation.map((v) => ({
      name: [context === 'querystring' ? 'query' : context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      code: (v.params as { issue?: { code?: string } }).issue?.code ?? v.keyword,
      reason: v.message ?? 'ongeldig',
    }));
    return httpFailures.invalid(invalid);
  }
  if (error.validation) {
    return httpFailures.invalid(
      error.validation.map((v) => ({
        name: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        code: v.keyword,
        reason: v.message ?? 'ongeldig',
      })),
    );
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const known = fastifyCodes[error.code];
    if (known) return { ...known, status };
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return { code: 'http.invalid_json', status: 400, title: 'Ongeldige JSON', detail: 'De inhoud van het verzoek is geen geldige JSON.' };
    }
    request.log.info({ code: error.code }, 'client error');
    return { code: 'http.bad_request', status, title: 'Ongeldig verzoek', detail: 'Het verzoek kon niet worden verwerkt.' };
  }
  return httpFailures.internal();
}

const pageKind = (status: number): ErrorKind =>
  status === 404
    ? 'notFound'
    : status === 401
      ? 'login'
      : status === 403
        ? 'forbidden'
        : status === 429
          ? 'tooMany'
          : status >= 500
            ? 'server'
            : 'badRequest';

/** Sends a failure: problem+json on the API, an NL Design System error page elsewhere. */
export async function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure): Promise<FastifyReply> {
  const path = request.url.split('?')[0] ?? '/';
  if (isApiPath(path) || !(request.headers.accept ?? 'text/html').includes('html')) {
    return reply
      .code(failure.status)
      .type('application/problem+json; charset=utf-8')
      .send(JSON.stringify(problemBody(failure, path, request.id)));
  }
  // A failure with a page of its own (e.g. "log in with a higher level"): send the browser there.
  if (failure.location) return reply.redirect(failure.location, 303);
  return sendErrorPage(reply, failure.status, pageKind(failure.status));
}
