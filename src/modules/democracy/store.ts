// democracy: all SQL of elections and referendums.
//
// Tables:
// - election: one row per election or referendum ballot (kind), with its status.
// - election_list, election_candidate: the lists (or referendum options) and their candidates.
// - election_station: the polling stations, each with the state of its double data entry and,
//   once agreed, the agreed count (JSON). Totals are summed from these rows.
// - election_entry: every entry ever made (never deleted; a discarded or recounted attempt stays).
// - election_import: every EML file imported, with its SHA-256 hash.
// - election_lot: lots drawn, consumed in order by the apportionment.
// - election_recount: every recount a coordinator ordered, with the reason.
// - election_result: every finalised result (version 1, 2 after a recount, …).
// - referendum, referendum_support: a referendum and the supporters of its request, per phase.
import { sql } from 'kysely';
import type { Db, MigrationSet, Trx } from '../../platform/db/index.ts';

export interface ElectionTable {
  id: string;
  kind: string;
  organisation_code: string;
  body: string | null;
  name: string;
  date: string;
  seats: number | null;
  status: string;
  eml_id: string | null;
  eligible_voters: number | null;
  created_at: string;
  finalised_at: string | null;
}

export interface ElectionListTable {
  election_id: string;
  number: number;
  name: string;
}

export interface ElectionCandidateTable {
  election_id: string;
  list_number: number;
  position: number;
  initials: string;
  first_name: string | null;
  prefix: string | null;
  last_name: string;
  locality: string | null;
  gender: string | null;
  deceased: number | boolean;
}

export interface ElectionStationTable {
  election_id: string;
  number: number;
  name: string;
  municipality_code: string;
  postal_code: string | null;
  eligible_voters: number | null;
  status: string;
  attempt: number;
  recounts: number;
  first_entered_by: string | null;
  /** The agreed StationCount (JSON) once status is agreed. */
  agreed: string | null;
  agreed_at: string | null;
  /** The coordinator who decided, or null when both entries were equal. */
  agreed_by: string | null;
}

export interface ElectionEntryTable {
  election_id: string;
  station_number: number;
  attempt: number;
  entry_no: number;
  entered_by: string;
  count: string;
  accepted_warnings: string;
  created_at: string;
  discarded_at: string | null;
}

export interface ElectionImportTable {
  id: string;
  election_id: string;
  kind: string;
  file_hash: string;
  imported_at: string;
  imported_by: string;
}

export interface ElectionLotTable {
  election_id: string;
  seq: number;
  kind: string;
  drawn: string;
  recorded_by: string;
  recorded_at: string;
}

export interface ElectionRecountTable {
  election_id: string;
  seq: number;
  station_number: number;
  reason: string;
  decided_by: string;
  decided_at: string;
}

export interface ElectionResultTable {
  election_id: string;
  version: number;
  finalised_at: string;
  finalised_by: string;
  totals: string;
  per_municipality: string;
  apportionment: string | null;
  referendum: string | null;
}

export interface ReferendumTable {
  id: string;
  organisation_code: string;
  title: string;
  question: string;
  policy_title: string;
  policy_url: string | null;
  policy_goal_id: string | null;
  rules: string;
  status: string;
  phase_index: number;
  phase_started_on: string | null;
  phase_ends_on: string | null;
  vote_date: string | null;
  election_id: string;
  created_at: string;
}

export interface ReferendumSupportTable {
  referendum_id: string;
  phase_index: number;
  bsn: string;
  supported_at: string;
  withdrawn_at: string | null;
}

export type DemocracyTables = {
  election: ElectionTable;
  election_list: ElectionListTable;
  election_candidate: ElectionCandidateTable;
  election_station: ElectionStationTable;
  election_entry: ElectionEntryTable;
  election_import: ElectionImportTable;
  election_lot: ElectionLotTable;
  election_recount: ElectionRecountTable;
  election_result: ElectionResultTable;
  referendum: ReferendumTable;
  referendum_support: ReferendumSupportTable;
};

export const tables = (db: Db | Trx) => db.withTables<DemocracyTables>();

export const democracyMigrations: MigrationSet = {
  '2026-11-30-850-democracy': async (db, t) => {
    const ref = (c: string) => sql.ref(c);
    await db.schema
      .createTable('election')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('date', t.date, (c) => c.notNull())
      .addColumn('seats', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('eml_id', 'text')
      .addColumn('eligible_voters', 'integer')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('finalised_at', t.timestamp)
      .addCheckConstraint('election_kind', sql`${ref('kind')} in ('election', 'referendum')`)
      .addCheckConstraint('election_status', sql`${ref('status')} in ('draft', 'counting', 'finalised')`)
      .addCheckConstraint(
        'election_body',
        sql`${ref('body')} is null or ${ref('body')} in ('municipal_council', 'provincial_council', 'water_board', 'house_of_representatives')`,
      )
      .addCheckConstraint('election_seats', sql`${ref('seats')} is null or (${ref('seats')} >= 1 and ${ref('seats')} <= 10000)`)
      .execute();
    await db.schema.createIndex('election_by_organisation').on('election').columns(['organisation_code', 'date']).execute();
    await db.schema
      .createTable('election_list')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('election_list_pk', ['election_id', 'number'])
      .execute();
    await db.schema
      .createTable('election_candidate')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('list_number', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('initials', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text')
      .addColumn('prefix', 'text')
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('locality', 'text')
      .addColumn('gender', 'text')
      .addColumn('deceased', t.bool, (c) => c.notNull())
      .addPrimaryKeyConstraint('election_candidate_pk', ['election_id', 'list_number', 'position'])
      .execute();
    await db.schema
      .createTable('election_station')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('municipality_code', 'text', (c) => c.notNull())
      .addColumn('postal_code', 'text')
      .addColumn('eligible_voters', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('recounts', 'integer', (c) => c.notNull())
      .addColumn('first_entered_by', 'text')
      .addColumn('agreed', t.json)
      .addColumn('agreed_at', t.timestamp)
      .addColumn('agreed_by', 'text')
      .addPrimaryKeyConstraint('election_station_pk', ['election_id', 'number'])
      .addCheckConstraint('election_station_status', sql`${ref('status')} in ('not_started', 'first_entry', 'different', 'agreed')`)
      .addCheckConstraint('election_station_agreed', sql`(${ref('status')} = 'agreed') = (${ref('agreed')} is not null)`)
      .execute();
    await db.schema
      .createTable('election_entry')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('station_number', 'integer', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('entry_no', 'integer', (c) => c.notNull())
      .addColumn('entered_by', 'text', (c) => c.notNull())
      .addColumn('count', t.json, (c) => c.notNull())
      .addColumn('accepted_warnings', t.json, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('discarded_at', t.timestamp)
      .addPrimaryKeyConstraint('election_entry_pk', ['election_id', 'station_number', 'attempt', 'entry_no'])
      .addCheckConstraint('election_entry_no', sql`${ref('entry_no')} in (1, 2)`)
      .execute();
    await db.schema
      .createTable('election_import')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_hash', 'text', (c) => c.notNull())
      .addColumn('imported_at', t.timestamp, (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addCheckConstraint('election_import_kind', sql`${ref('kind')} in ('110a', '110b', '230b')`)
      .execute();
    await db.schema
      .createTable('election_lot')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('drawn', t.json, (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('election_lot_pk', ['election_id', 'seq'])
      .addCheckConstraint('election_lot_kind', sql`${ref('kind')} in ('list', 'candidate')`)
      .execute();
    await db.schema
      .createTable('election_recount')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('station_number', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('election_recount_pk', ['election_id', 'seq'])
      .execute();
    await db.schema
      .createTable('election_result')
      .addColumn('election_id', t.uuid, (c) => c.notNull().references('election.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('finalised_at', t.timestamp, (c) => c.notNull())
      .addColumn('finalised_by', 'text', (c) => c.notNull())
      .addColumn('totals', t.json, (c) => c.notNull())
      .addColumn('per_municipality', t.json, (c) => c.notNull())
      .addColumn('apportionment', t.json)
      .addColumn('referendum', t.json)
      .addPrimaryKeyConstraint('election_result_pk', ['election_id', 'version'])
      .execute();
    await db.schema
      .createTable('referendum')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('organisation_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('policy_title', 'text', (c) => c.notNull())
      .addColumn('policy_url', 'text')
      .addColumn('policy_goal_id', 'text')
      .addColumn('rules', t.json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('phase_index', 'integer', (c) => c.notNull())
      .addColumn('phase_started_on', t.date)
      .addColumn('phase_ends_on', t.date)
      .addColumn('vote_date', t.date)
      .addColumn('election_id', t.uuid, (c) => c.notNull().unique().references('election.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addCheckConstraint(
        'referendum_status',
        sql`${ref('status')} in ('requesting', 'request_failed', 'scheduled', 'counting', 'finalised')`,
      )
      .execute();
    await db.schema
      .createTable('referendum_support')
      .addColumn('referendum_id', t.uuid, (c) => c.notNull().references('referendum.id'))
      .addColumn('phase_index', 'integer', (c) => c.notNull())
      .addColumn('bsn', 'text', (c) => c.notNull())
      .addColumn('supported_at', t.timestamp, (c) => c.notNull())
      .addColumn('withdrawn_at', t.timestamp)
      .addPrimaryKeyConstraint('referendum_support_pk', ['referendum_id', 'phase_index', 'bsn'])
      .execute();
  },
};
