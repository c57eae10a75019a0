// The catalog's full-text search: one index over the published services of all organisations.
// (Being built: the lead engineer fills this file in; other files call only what is exported here.)
import type { Trx } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';

export interface ServiceKey {
  organisationCode: string;
  serviceId: string;
}

/**
 * Brings the search index in line with these services' current state (published → indexed with
 * their current description; otherwise removed). Call it in the transaction that changed them.
 */
export async function reindexServices(_trx: Trx, _ctx: Pick<ModuleContext, 'database'>, _keys: readonly ServiceKey[]): Promise<void> {
  // Filled in by the lead engineer.
}
