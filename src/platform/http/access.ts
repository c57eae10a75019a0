// Every route declares who may use it, in `config.access`. A route without a declaration
// cannot be registered: the server refuses to start.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type Role =
  | 'case_handler'
  | 'complaint_handler'
  | 'objection_committee'
  | 'service_designer'
  | 'quality_manager'
  | 'election_official'
  | 'administrator'
  | 'representative'
  | 'ombudsman';

/**
 * - `public`: anyone, also without login.
 * - `authenticated`: any logged-in user.
 * - `{ roles }`: an official holding one of these roles.
 */
export type Access = 'public' | 'authenticated' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

/** Installs the guard that refuses undeclared routes, and records the declarations. */
export function declareAccessGuard(app: FastifyInstance): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    }
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });
  return routes;
}

/** Who is making the request. Login (sessions) fills this in; until then everyone is anonymous. */
export interface Principal {
  kind: 'anonymous' | 'person' | 'business' | 'official';
  roles: readonly Role[];
}

export const anonymous: Principal = { kind: 'anonymous', roles: [] };

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

export function decideAccess(access: Access, principal: Principal): AccessDecision {
  if (access === 'public') return 'allow';
  if (principal.kind === 'anonymous') return 'unauthenticated';
  if (access === 'authenticated') return 'allow';
  return principal.kind === 'official' && principal.roles.some((r) => access.roles.includes(r)) ? 'allow' : 'forbidden';
}

export function principalOf(request: FastifyRequest): Principal {
  return request.principal ?? anonymous;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
