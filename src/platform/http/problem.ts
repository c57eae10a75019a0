// Expected failures as values with stable codes, and their RFC 9457 problem+json form.
import { z } from 'zod';
import { inTransaction, type Db, type Trx } from '../db/index.ts';

export interface InvalidParam {
  /** Where: `query.limit`, `body.name`, `params.id`. */
  name: string;
  code: string;
  reason: string;
}

/** An expected failure of a use case: a stable code plus what a user needs to know. */
export interface Failure {
  code: string;
  status: number;
  title: string;
  detail: string;
  invalidParams?: InvalidParam[];
  /** A page that explains this failure and what to do, for browsers (the API ignores it). */
  location?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(failure: Failure): Result<T> => ({ ok: false, failure });

/**
 * 400 for invalid input of a module's use case: one invalid field gives its own code, several
 * `<module>.invalid_input`; every field is listed.
 */
export function invalidInputFailure(module: string, issues: readonly InvalidParam[]): Failure {
  const only = issues.length === 1 ? issues[0] : undefined;
  return {
    code: only ? only.code : `${module}.invalid_input`,
    status: 400,
    title: 'Ongeldige invoer',
    detail: only ? only.reason : `${issues.length} velden zijn niet goed ingevuld.`,
    invalidParams: [...issues],
  };
}

/** Ends a transaction with a refusal: thrown inside, turned back into a value outside, after the rollback. */
class Refused extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/** One use case, one transaction: a refusal (a failed Result of `work`) rolls back everything written in it. */
export async function inUseCase<T>(database: { db: Db }, work: (trx: Trx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await inTransaction(database.db, async (trx) => {
      const result = await work(trx);
      if (!result.ok) throw new Refused(result.failure);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return fail(error.failure);
    throw error;
  }
}

/** Thrown to end a request with a problem; caught by the central error handler. */
export class ProblemError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.code}: ${failure.detail}`);
    this.name = 'ProblemError';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  invalidParams?: InvalidParam[];
}

export function problemBody(failure: Failure, instance: string, requestId: string): ProblemBody {
  return {
    type: `urn:loket:problem:${failure.code}`,
    title: failure.title,
    status: failure.status,
    detail: failure.detail,
    instance,
    code: failure.code,
    requestId,
    ...(failure.invalidParams ? { invalidParams: failure.invalidParams } : {}),
  };
}

/** Common failures of the HTTP layer itself. */
export const httpFailures = {
  notFound: (what = 'De gevraagde bron bestaat niet.'): Failure => ({
    code: 'http.not_found',
    status: 404,
    title: 'Niet gevonden',
    detail: what,
  }),
  methodNotAllowed: (allow: string): Failure => ({
    code: 'http.method_not_allowed',
    status: 405,
    title: 'Methode niet toegestaan',
    detail: `Toegestaan: ${allow}.`,
  }),
  invalid: (invalidParams: InvalidParam[]): Failure => ({
    code: 'http.invalid_input',
    status: 400,
    title: 'Ongeldige invoer',
    detail: `${invalidParams.length} ${invalidParams.length === 1 ? 'veld is' : 'velden zijn'} niet goed ingevuld.`,
    invalidParams,
  }),
  unauthorized: (): Failure => ({
    code: 'auth.login_required',
    status: 401,
    title: 'Inloggen nodig',
    detail: 'Log in om dit te gebruiken.',
  }),
  forbidden: (): Failure => ({ code: 'auth.forbidden', status: 403, title: 'Geen toegang', detail: 'U hebt geen toegang tot deze bron.' }),
  internal: (): Failure => ({
    code: 'http.internal_error',
    status: 500,
    title: 'Er ging iets mis',
    detail: 'Er ging aan onze kant iets mis. Probeer het later opnieuw en noem het request-id als u contact opneemt.',
  }),
};

/** The problem+json body as a response schema for the OpenAPI document (one shared `Problem`). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    invalidParams: z.array(z.object({ name: z.string(), code: z.string(), reason: z.string() })).optional(),
  })
  .loose()
  .describe('Een fout volgens RFC 9457 (application/problem+json); bij 400 staan alle ongeldige velden in invalidParams.')
  .meta({ id: 'Problem' });
