// STUB: being written (see /tmp/democracy-api.md).
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/module.ts';

export function registerDemocracyRoutes(_app: FastifyInstance, _ctx: ModuleContext): void {}
