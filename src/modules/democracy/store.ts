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
import { readBool, readCount, readJson, writeJson, type Db, type Dialect, type MigrationSet, type Trx } from '../../platform/db/index.ts';
import type {
  Body,
  Candidate,
  CountEntry,
  CountTotals,
  Election,
  ElectionDefinition,
  ElectionKind,
  ElectionList,
  ElectionStatus,
  FinalResult,
  LotRecord,
  PollingStation,
  StationCount,
  StationProgress,
  StationStatus,
} from './model.ts';

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

// ─── elections ───────────────────────────────────────────────────────────────────────────────────

/** A station with the state of its double data entry and, once agreed, the agreed count. */
export interface StationState extends StationProgress {
  agreed: StationCount | null;
  agreedBy: string | null;
}

function toElection(r: ElectionTable): Election {
  return {
    id: r.id,
    kind: r.kind as ElectionKind,
    organisationCode: r.organisation_code,
    body: r.body as Body | null,
    name: r.name,
    date: r.date,
    seats: r.seats,
    status: r.status as ElectionStatus,
    emlId: r.eml_id,
    eligibleVoters: r.eligible_voters,
    createdAt: r.created_at,
    finalisedAt: r.finalised_at,
  };
}

function toStation(r: ElectionStationTable): StationState {
  return {
    number: r.number,
    name: r.name,
    municipalityCode: r.municipality_code,
    postalCode: r.postal_code,
    eligibleVoters: r.eligible_voters,
    status: r.status as StationStatus,
    attempt: r.attempt,
    recounts: r.recounts,
    firstEnteredBy: r.first_entered_by,
    agreedAt: r.agreed_at,
    agreed: r.agreed === null ? null : readJson<StationCount>(r.agreed),
    agreedBy: r.agreed_by,
  };
}

function toEntry(r: ElectionEntryTable): CountEntry & { discardedAt: string | null } {
  return {
    electionId: r.election_id,
    stationNumber: r.station_number,
    attempt: r.attempt,
    entryNo: r.entry_no === 2 ? 2 : 1,
    enteredBy: r.entered_by,
    count: readJson<StationCount>(r.count),
    acceptedWarnings: readJson<string[]>(r.accepted_warnings),
    createdAt: r.created_at,
    discardedAt: r.discarded_at,
  };
}

export async function insertElection(trx: Trx, e: Election): Promise<void> {
  await tables(trx)
    .insertInto('election')
    .values({
      id: e.id,
      kind: e.kind,
      organisation_code: e.organisationCode,
      body: e.body,
      name: e.name,
      date: e.date,
      seats: e.seats,
      status: e.status,
      eml_id: e.emlId,
      eligible_voters: e.eligibleVoters,
      created_at: e.createdAt,
      finalised_at: e.finalisedAt,
    })
    .execute();
}

/** An election with its lists and stations, in one go (a definition by hand, a 110a import, a referendum's ballot). */
export async function insertElectionDefinition(trx: Trx, def: ElectionDefinition): Promise<void> {
  await insertElection(trx, def);
  await replaceLists(trx, def.id, def.lists);
  await replaceStations(trx, def.id, def.stations);
}

export async function findElection(db: Db | Trx, id: string): Promise<Election | undefined> {
  const r = await tables(db).selectFrom('election').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toElection(r) : undefined;
}

/** Locks the election row for a change (PostgreSQL; SQLite serialises writers anyway). */
export async function lockElection(trx: Trx, dialect: Dialect, id: string): Promise<Election | undefined> {
  const q = tables(trx).selectFrom('election').selectAll().where('id', '=', id);
  const r = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return r ? toElection(r) : undefined;
}

/** Every election (and referendum ballot), newest election day first. */
export async function listElectionRows(db: Db | Trx, filter: { kind?: ElectionKind } = {}): Promise<Election[]> {
  let q = tables(db).selectFrom('election').selectAll();
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  const rows = await q.orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toElection);
}

export async function setElectionStatus(trx: Trx, id: string, status: ElectionStatus, finalisedAt: string | null): Promise<void> {
  await tables(trx).updateTable('election').set({ status, finalised_at: finalisedAt }).where('id', '=', id).execute();
}

/** The fields an EML 110a (or a definition) sets on a draft election. */
export async function setElectionEmlId(trx: Trx, id: string, emlId: string | null): Promise<void> {
  await tables(trx).updateTable('election').set({ eml_id: emlId }).where('id', '=', id).execute();
}

export async function listsOf(db: Db | Trx, electionId: string): Promise<ElectionList[]> {
  const lists = await tables(db).selectFrom('election_list').selectAll().where('election_id', '=', electionId).orderBy('number').execute();
  const candidates = await tables(db)
    .selectFrom('election_candidate')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('list_number')
    .orderBy('position')
    .execute();
  const byList = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const list = byList.get(c.list_number) ?? [];
    list.push({
      position: c.position,
      initials: c.initials,
      firstName: c.first_name,
      prefix: c.prefix,
      lastName: c.last_name,
      locality: c.locality,
      gender: c.gender as Candidate['gender'],
      deceased: readBool(c.deceased),
    });
    byList.set(c.list_number, list);
  }
  return lists.map((l) => ({ number: l.number, name: l.name, candidates: byList.get(l.number) ?? [] }));
}

/** Replaces the lists and candidates of a (draft) election. */
export async function replaceLists(trx: Trx, electionId: string, lists: readonly ElectionList[]): Promise<void> {
  await tables(trx).deleteFrom('election_candidate').where('election_id', '=', electionId).execute();
  await tables(trx).deleteFrom('election_list').where('election_id', '=', electionId).execute();
  if (lists.length === 0) return;
  await tables(trx)
    .insertInto('election_list')
    .values(lists.map((l) => ({ election_id: electionId, number: l.number, name: l.name })))
    .execute();
  const candidates = lists.flatMap((l) =>
    l.candidates.map((c) => ({
      election_id: electionId,
      list_number: l.number,
      position: c.position,
      initials: c.initials,
      first_name: c.firstName,
      prefix: c.prefix,
      last_name: c.lastName,
      locality: c.locality,
      gender: c.gender,
      deceased: c.deceased,
    })),
  );
  // In slices: SQLite takes at most 32766 bound values per statement.
  for (let i = 0; i < candidates.length; i += 500) {
    await tables(trx)
      .insertInto('election_candidate')
      .values(candidates.slice(i, i + 500))
      .execute();
  }
}

/** Replaces the polling stations of a (draft) election; they start not_started, attempt 1. */
export async function replaceStations(trx: Trx, electionId: string, stations: readonly PollingStation[]): Promise<void> {
  await tables(trx).deleteFrom('election_station').where('election_id', '=', electionId).execute();
  const rows = stations.map((s) => ({
    election_id: electionId,
    number: s.number,
    name: s.name,
    municipality_code: s.municipalityCode,
    postal_code: s.postalCode,
    eligible_voters: s.eligibleVoters,
    status: 'not_started',
    attempt: 1,
    recounts: 0,
    first_entered_by: null,
    agreed: null,
    agreed_at: null,
    agreed_by: null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await tables(trx)
      .insertInto('election_station')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** Puts every station back to the start of counting: not_started, attempt 1, no recounts. */
export async function resetStations(trx: Trx, electionId: string): Promise<void> {
  await tables(trx)
    .updateTable('election_station')
    .set({ status: 'not_started', attempt: 1, recounts: 0, first_entered_by: null, agreed: null, agreed_at: null, agreed_by: null })
    .where('election_id', '=', electionId)
    .execute();
}

export async function stationsOf(db: Db | Trx, electionId: string): Promise<StationState[]> {
  const rows = await tables(db)
    .selectFrom('election_station')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('number')
    .execute();
  return rows.map(toStation);
}

export async function findStation(db: Db | Trx, electionId: string, number: number): Promise<StationState | undefined> {
  const r = await tables(db)
    .selectFrom('election_station')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('number', '=', number)
    .executeTakeFirst();
  return r ? toStation(r) : undefined;
}

/** Locks one station row for a change and reads it inside the transaction (PostgreSQL; SQLite serialises writers anyway). */
export async function lockStation(trx: Trx, dialect: Dialect, electionId: string, number: number): Promise<StationState | undefined> {
  const q = tables(trx).selectFrom('election_station').selectAll().where('election_id', '=', electionId).where('number', '=', number);
  const r = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return r ? toStation(r) : undefined;
}

/** Writes the entry state of a station. */
export async function updateStation(
  trx: Trx,
  electionId: string,
  number: number,
  s: Pick<StationState, 'status' | 'attempt' | 'recounts' | 'firstEnteredBy' | 'agreed' | 'agreedAt' | 'agreedBy'>,
): Promise<void> {
  await tables(trx)
    .updateTable('election_station')
    .set({
      status: s.status,
      attempt: s.attempt,
      recounts: s.recounts,
      first_entered_by: s.firstEnteredBy,
      agreed: s.agreed === null ? null : writeJson(s.agreed),
      agreed_at: s.agreedAt,
      agreed_by: s.agreedBy,
    })
    .where('election_id', '=', electionId)
    .where('number', '=', number)
    .execute();
}

// ─── entries ─────────────────────────────────────────────────────────────────────────────────────

export async function insertEntry(trx: Trx, e: CountEntry): Promise<void> {
  await tables(trx)
    .insertInto('election_entry')
    .values({
      election_id: e.electionId,
      station_number: e.stationNumber,
      attempt: e.attempt,
      entry_no: e.entryNo,
      entered_by: e.enteredBy,
      count: writeJson(e.count),
      accepted_warnings: writeJson(e.acceptedWarnings),
      created_at: e.createdAt,
      discarded_at: null,
    })
    .execute();
}

/** The entries of one attempt of a station (entry 1 first). */
export async function entriesOf(
  db: Db | Trx,
  electionId: string,
  stationNumber: number,
  attempt: number,
): Promise<(CountEntry & { discardedAt: string | null })[]> {
  const rows = await tables(db)
    .selectFrom('election_entry')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('station_number', '=', stationNumber)
    .where('attempt', '=', attempt)
    .orderBy('entry_no')
    .execute();
  return rows.map(toEntry);
}

export async function discardEntries(trx: Trx, electionId: string, stationNumber: number, attempt: number, at: string): Promise<void> {
  await tables(trx)
    .updateTable('election_entry')
    .set({ discarded_at: at })
    .where('election_id', '=', electionId)
    .where('station_number', '=', stationNumber)
    .where('attempt', '=', attempt)
    .where('discarded_at', 'is', null)
    .execute();
}

// ─── imports, lots, recounts ─────────────────────────────────────────────────────────────────────

export interface EmlImport {
  id: string;
  electionId: string;
  kind: '110a' | '110b' | '230b';
  fileHash: string;
  importedAt: string;
  importedBy: string;
}

export async function insertImport(trx: Trx, i: EmlImport): Promise<void> {
  await tables(trx)
    .insertInto('election_import')
    .values({
      id: i.id,
      election_id: i.electionId,
      kind: i.kind,
      file_hash: i.fileHash,
      imported_at: i.importedAt,
      imported_by: i.importedBy,
    })
    .execute();
}

export async function lotsOf(db: Db | Trx, electionId: string): Promise<LotRecord[]> {
  const rows = await tables(db).selectFrom('election_lot').selectAll().where('election_id', '=', electionId).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind === 'candidate' ? 'candidate' : 'list',
    drawn: readJson<unknown>(r.drawn),
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}

/** The next sequence number of an election's lots or recounts (the election row is locked by the caller). */
async function nextSeq(trx: Trx, table: 'election_lot' | 'election_recount', electionId: string): Promise<number> {
  const last = await tables(trx)
    .selectFrom(table)
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return readCount(last?.seq ?? 0) + 1;
}

/** Records a lot as the next in sequence (the election row is locked by the caller). */
export async function insertLot(trx: Trx, electionId: string, lot: Omit<LotRecord, 'seq'>): Promise<LotRecord> {
  const seq = await nextSeq(trx, 'election_lot', electionId);
  await tables(trx)
    .insertInto('election_lot')
    .values({
      election_id: electionId,
      seq,
      kind: lot.kind,
      drawn: writeJson(lot.drawn),
      recorded_by: lot.recordedBy,
      recorded_at: lot.recordedAt,
    })
    .execute();
  return { seq, ...lot };
}

export interface RecountRecord {
  seq: number;
  stationNumber: number;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/** Records a recount as the next in sequence (the election row is locked by the caller). */
export async function insertRecount(trx: Trx, electionId: string, r: Omit<RecountRecord, 'seq'>): Promise<RecountRecord> {
  const seq = await nextSeq(trx, 'election_recount', electionId);
  await tables(trx)
    .insertInto('election_recount')
    .values({
      election_id: electionId,
      seq,
      station_number: r.stationNumber,
      reason: r.reason,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
    })
    .execute();
  return { seq, ...r };
}

export async function recountsOf(db: Db | Trx, electionId: string): Promise<RecountRecord[]> {
  const rows = await tables(db).selectFrom('election_recount').selectAll().where('election_id', '=', electionId).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: r.seq,
    stationNumber: r.station_number,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

// ─── results ─────────────────────────────────────────────────────────────────────────────────────

function toResult(r: ElectionResultTable): FinalResult {
  return {
    electionId: r.election_id,
    version: r.version,
    finalisedAt: r.finalised_at,
    finalisedBy: r.finalised_by,
    totals: readJson<CountTotals>(r.totals),
    perMunicipality: readJson<Record<string, CountTotals>>(r.per_municipality),
    apportionment: r.apportionment === null ? null : readJson<unknown>(r.apportionment),
    referendum: r.referendum === null ? null : readJson<unknown>(r.referendum),
  };
}

export async function insertResult(trx: Trx, r: FinalResult): Promise<void> {
  await tables(trx)
    .insertInto('election_result')
    .values({
      election_id: r.electionId,
      version: r.version,
      finalised_at: r.finalisedAt,
      finalised_by: r.finalisedBy,
      totals: writeJson(r.totals),
      per_municipality: writeJson(r.perMunicipality),
      apportionment: r.apportionment === null ? null : writeJson(r.apportionment),
      referendum: r.referendum === null ? null : writeJson(r.referendum),
    })
    .execute();
}

/** The newest finalised result of an election, if any. */
export async function latestResult(db: Db | Trx, electionId: string): Promise<FinalResult | undefined> {
  const r = await tables(db)
    .selectFrom('election_result')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toResult(r) : undefined;
}

/** Every finalised version of an election, newest first (without the stored data). */
export async function resultVersions(db: Db | Trx, electionId: string): Promise<{ version: number; finalisedAt: string }[]> {
  const rows = await tables(db)
    .selectFrom('election_result')
    .select(['version', 'finalised_at'])
    .where('election_id', '=', electionId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, finalisedAt: r.finalised_at }));
}
