// mandates: JSON API under /api/v1/mandates… (built in the next step).
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/module.ts';

export function registerMandateRoutes(_app: FastifyInstance, _ctx: ModuleContext): void {}
