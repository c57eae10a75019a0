// mandates: pages under /machtigen (built in the next step).
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/module.ts';

export function registerMandatePages(_app: FastifyInstance, _ctx: ModuleContext): void {}
