/** One row per domain event, written in the transaction of the change that caused it. */
export interface EventTable {
  id: string;
  type: string;
  aggregate_type: string | null;
  aggregate_id: string | null;
  payload: string;
  occurred_at: string;
  request_id: string | null;
}

/** One row per event and subscriber: the delivery state, claimed by one process at a time. */
export interface DeliveryTable {
  id: string;
  event_id: string;
  subscriber: string;
  available_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  attempts: number;
  delivered_at: string | null;
  last_error: string | null;
}
