/** Server-side sessions. The cookie holds a random token; the table holds only its SHA-256. */
export interface SessionTable {
  id: string;
  /** Whose session: `person:BSN`, `business:KVK:BSN`, `official:ID`; "log out everywhere" ends all of one key. */
  subject_key: string;
  principal: string;
  loa: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
}
