// Reading form posts and query strings in page handlers, the same way in every module.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tryParseIsoDate, type IsoDate } from '../time/index.ts';

/** A form or query value as text (the first of a repeated one; '' when there is none). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** A posted form's fields (none when the body is not a form). */
export const formBody = (request: FastifyRequest): Record<string, unknown> =>
  typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};

/** The query string's fields. */
export const queryOf = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;

/** A preHandler that sends a visitor who is not logged in to the login page, returning to `returnTo` afterwards. */
export function loginFirst(returnTo: (request: FastifyRequest) => string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.principal && request.principal.kind !== 'anonymous') return;
    await reply.redirect(`/inloggen?terug=${encodeURIComponent(returnTo(request))}`, 303);
  };
}

/** Sends a visitor who is not logged in to the login page, and back to the page asked for afterwards. */
export const loginToPage = loginFirst((request) => request.url);

/** A date as people type it: `2026-05-06`, `6-5-2026`, `06/05/2026`, `6.5.2026` → `2026-05-06`; else null. */
export function parseDateInput(text: string): IsoDate | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return tryParseIsoDate(t) ?? null;
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (!m) return null;
  return tryParseIsoDate(`${m[3]}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`) ?? null;
}

/** A typed date as ISO (see parseDateInput); anything else stays as typed (trimmed), for the use case to refuse. */
export const dateInput = (text: string): string => parseDateInput(text) ?? text.trim();
