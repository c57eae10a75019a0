// Every route declares who may use it, in `config.access`. A route without a declaration
// cannot be registered: the server refuses to start.
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { anonymous, type Access, type Principal } from '../auth/model.ts';

export { decideAccess, type Access, type AccessDecision, type Principal, type Role } from '../auth/model.ts';

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

export function principalOf(request: FastifyRequest): Principal {
  return request.principal ?? anonymous;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
