// delivery: where a use case is called from — a request's trace (for the processing log) and id
// (for the audit trail). The services of cases, messages, offers and accountability take it.
import type { FastifyRequest } from 'fastify';
import { traceOf, type TraceContext } from '../../platform/processing-log/index.ts';

/** The origin of a use case called for a request. */
export const originOf = (request: FastifyRequest): { trace: TraceContext; requestId: string } => ({
  trace: traceOf(request),
  requestId: request.id,
});
