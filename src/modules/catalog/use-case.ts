// What the catalog's use cases (feedback/, manage/) share: the answer to invalid input, and one
// transaction per use case in which a refusal rolls back whatever the use case wrote.
import type { Trx } from '../../platform/db/index.ts';
import {
  inUseCase as inDatabaseUseCase,
  invalidInputFailure,
  type Failure,
  type InvalidParam,
  type Result,
} from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';

/** 400 for invalid input: one invalid field gives its own code, several `catalog.invalid_input`; every field is listed. */
export function invalidInput(issues: readonly InvalidParam[]): Failure {
  return invalidInputFailure('catalog', issues);
}

/** One use case, one transaction: a refusal (a failed Result of `work`) rolls back everything written in it. */
export function inUseCase<T>(ctx: Pick<ModuleContext, 'database'>, work: (trx: Trx) => Promise<Result<T>>): Promise<Result<T>> {
  return inDatabaseUseCase(ctx.database, work);
}
