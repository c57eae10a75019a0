import type { Generated } from 'kysely';

/** One row per state change; append-only (triggers refuse UPDATE and DELETE). */
export interface AuditTable {
  id: string;
  seq: Generated<number>;
  occurred_at: string;
  /** Who acted: `person`, `official`, `business`, `system`, `anonymous`. */
  actor_type: string;
  actor_id: string | null;
  /** For whom, when acting on someone's behalf (mandate, legal representation). */
  on_behalf_of_type: string | null;
  on_behalf_of_id: string | null;
  mandate_id: string | null;
  organisation_id: string | null;
  /** Stable action code, e.g. `registry.organisation_imported`. */
  action: string;
  object_type: string;
  object_id: string;
  /** The legal basis, e.g. `Awb 4:13`. */
  legal_basis: string | null;
  request_id: string | null;
  details: string;
}
