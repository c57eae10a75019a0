// democracy: all SQL of referendums: the referendum row (with its rules snapshotted as JSON), the
// supporters of its request per phase, and its ballot (an `election` of kind referendum whose lists
// are the answer options). The tables themselves are defined in store.ts.
//
// Supporters: one row per (referendum, phase, BSN), the primary key makes "once per person per
// phase" a database rule. Withdrawing sets withdrawn_at; supporting again clears it. Only counts of
// rows without withdrawn_at ever leave this file for the public.
import type { Db, Trx } from '../../platform/db/index.ts';
import { readCount, readJson, writeJson } from '../../platform/db/index.ts';
import { isUuid } from '../../platform/ids/index.ts';
import type { ElectionList, Referendum, ReferendumRules, ReferendumStatus } from './model.ts';
import { tables, type ReferendumTable } from './store.ts';

// ─── referendum ──────────────────────────────────────────────────────────────────────────────────

export function toReferendum(r: ReferendumTable): Referendum {
  return {
    id: r.id,
    organisationCode: r.organisation_code,
    title: r.title,
    question: r.question,
    policy: { title: r.policy_title, url: r.policy_url, goalId: r.policy_goal_id },
    rules: readJson<ReferendumRules>(r.rules),
    status: r.status as ReferendumStatus,
    phaseIndex: r.phase_index,
    phaseStartedOn: r.phase_started_on,
    phaseEndsOn: r.phase_ends_on,
    voteDate: r.vote_date,
    electionId: r.election_id,
    createdAt: r.created_at,
  };
}

function toRow(r: Referendum): ReferendumTable {
  return {
    id: r.id,
    organisation_code: r.organisationCode,
    title: r.title,
    question: r.question,
    policy_title: r.policy.title,
    policy_url: r.policy.url,
    policy_goal_id: r.policy.goalId,
    rules: writeJson(r.rules),
    status: r.status,
    phase_index: r.phaseIndex,
    phase_started_on: r.phaseStartedOn,
    phase_ends_on: r.phaseEndsOn,
    vote_date: r.voteDate,
    election_id: r.electionId,
    created_at: r.createdAt,
  };
}

export async function insertReferendum(trx: Trx, r: Referendum): Promise<void> {
  await tables(trx).insertInto('referendum').values(toRow(r)).execute();
}

/** The referendum with this id; undefined also for a malformed id (PostgreSQL would refuse it as a uuid). */
export async function findReferendum(db: Db | Trx, id: string): Promise<Referendum | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await tables(db).selectFrom('referendum').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReferendum(row) : undefined;
}

/** The referendum whose ballot is this election (undefined for an ordinary election). */
export async function findReferendumByElection(db: Db | Trx, electionId: string): Promise<Referendum | undefined> {
  if (!isUuid(electionId)) return undefined;
  const row = await tables(db).selectFrom('referendum').selectAll().where('election_id', '=', electionId).executeTakeFirst();
  return row ? toReferendum(row) : undefined;
}

/** Every referendum, newest first (by creation), then by id for a stable order. */
export async function listReferendumRows(db: Db | Trx): Promise<Referendum[]> {
  const rows = await tables(db).selectFrom('referendum').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toReferendum);
}

/**
 * Sets the status of the referendum whose ballot is this election (the ballot's counting and
 * finalisation drive it: scheduled → counting → finalised). Returns whether a row changed.
 */
export async function setReferendumStatusByElection(trx: Trx, electionId: string, status: ReferendumStatus): Promise<boolean> {
  if (!isUuid(electionId)) return false;
  const r = await tables(trx).updateTable('referendum').set({ status }).where('election_id', '=', electionId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Sets the vote date of a scheduled referendum and the date of its ballot (same transaction).
 * Only changes anything while the referendum is still `scheduled` (not yet counting): returns false
 * otherwise, so a concurrent start of counting wins.
 */
export async function setVoteDate(trx: Trx, id: string, voteDate: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await tables(trx)
    .updateTable('referendum')
    .set({ vote_date: voteDate })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .returning('election_id')
    .executeTakeFirst();
  if (!r) return false;
  await tables(trx).updateTable('election').set({ date: voteDate }).where('id', '=', r.election_id).execute();
  return true;
}

export interface PhaseState {
  status: ReferendumStatus;
  phaseIndex: number;
  phaseStartedOn: string | null;
  phaseEndsOn: string | null;
}

/**
 * Moves a requesting referendum from the phase it is in (`from`) to the next state. Only changes
 * the row while it is still requesting in that phase, so a second (concurrent) decision of the
 * same phase changes nothing: returns false then.
 */
export async function advanceRequest(trx: Trx, id: string, fromPhaseIndex: number, to: PhaseState): Promise<boolean> {
  const r = await tables(trx)
    .updateTable('referendum')
    .set({ status: to.status, phase_index: to.phaseIndex, phase_started_on: to.phaseStartedOn, phase_ends_on: to.phaseEndsOn })
    .where('id', '=', id)
    .where('status', '=', 'requesting')
    .where('phase_index', '=', fromPhaseIndex)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Requesting referendums whose current phase ended before `today` (its last day, a Dutch calendar
 * date, is over once today is later). Oldest deadline first.
 */
export async function dueRequestingReferendums(db: Db | Trx, today: string): Promise<Referendum[]> {
  const rows = await tables(db)
    .selectFrom('referendum')
    .selectAll()
    .where('status', '=', 'requesting')
    .where('phase_ends_on', '<', today)
    .orderBy('phase_ends_on')
    .orderBy('id')
    .execute();
  return rows.map(toReferendum);
}

// ─── supporters ──────────────────────────────────────────────────────────────────────────────────

export type SupportChange = 'created' | 'renewed' | 'unchanged';

/**
 * Records a person's support for a phase: a new row (created), a withdrawn row made active again
 * (renewed), or nothing when they already support it (unchanged). Never a second row.
 */
export async function upsertSupport(trx: Trx, referendumId: string, phaseIndex: number, bsn: string, at: string): Promise<SupportChange> {
  const inserted = await tables(trx)
    .insertInto('referendum_support')
    .values({ referendum_id: referendumId, phase_index: phaseIndex, bsn, supported_at: at, withdrawn_at: null })
    .onConflict((oc) => oc.columns(['referendum_id', 'phase_index', 'bsn']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return 'created';
  const renewed = await tables(trx)
    .updateTable('referendum_support')
    .set({ supported_at: at, withdrawn_at: null })
    .where('referendum_id', '=', referendumId)
    .where('phase_index', '=', phaseIndex)
    .where('bsn', '=', bsn)
    .where('withdrawn_at', 'is not', null)
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) > 0 ? 'renewed' : 'unchanged';
}

/** Withdraws a person's active support for a phase. Returns false when there was none. */
export async function withdrawSupportRow(trx: Trx, referendumId: string, phaseIndex: number, bsn: string, at: string): Promise<boolean> {
  const r = await tables(trx)
    .updateTable('referendum_support')
    .set({ withdrawn_at: at })
    .where('referendum_id', '=', referendumId)
    .where('phase_index', '=', phaseIndex)
    .where('bsn', '=', bsn)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Does this person support this phase now (not withdrawn)? */
export async function isSupporting(db: Db | Trx, referendumId: string, phaseIndex: number, bsn: string): Promise<boolean> {
  const row = await tables(db)
    .selectFrom('referendum_support')
    .select('bsn')
    .where('referendum_id', '=', referendumId)
    .where('phase_index', '=', phaseIndex)
    .where('bsn', '=', bsn)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Supporters (not withdrawn) of one phase. */
export async function countSupporters(db: Db | Trx, referendumId: string, phaseIndex: number): Promise<number> {
  const row = await tables(db)
    .selectFrom('referendum_support')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('referendum_id', '=', referendumId)
    .where('phase_index', '=', phaseIndex)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return readCount(row?.n);
}

/** Supporters (not withdrawn) per phase index; phases without supporters are absent. */
export async function countSupportersPerPhase(db: Db | Trx, referendumId: string): Promise<Map<number, number>> {
  const rows = await tables(db)
    .selectFrom('referendum_support')
    .select((eb) => ['phase_index', eb.fn.countAll().as('n')])
    .where('referendum_id', '=', referendumId)
    .where('withdrawn_at', 'is', null)
    .groupBy('phase_index')
    .execute();
  return new Map(rows.map((r) => [r.phase_index, readCount(r.n)]));
}

// ─── the ballot ──────────────────────────────────────────────────────────────────────────────────

export interface NewBallot {
  id: string;
  organisationCode: string;
  name: string;
  date: string;
  options: readonly string[];
  createdAt: string;
}

/** The ballot of a referendum: an election of kind referendum (draft) with one list per option, numbered from 1. */
export async function insertBallot(trx: Trx, b: NewBallot): Promise<void> {
  await tables(trx)
    .insertInto('election')
    .values({
      id: b.id,
      kind: 'referendum',
      organisation_code: b.organisationCode,
      body: null,
      name: b.name,
      date: b.date,
      seats: null,
      status: 'draft',
      eml_id: null,
      eligible_voters: null,
      created_at: b.createdAt,
      finalised_at: null,
    })
    .execute();
  if (b.options.length > 0)
    await tables(trx)
      .insertInto('election_list')
      .values(b.options.map((name, i) => ({ election_id: b.id, number: i + 1, name })))
      .execute();
}

/** The answer options of a ballot (its lists, without candidates), by number. */
export async function ballotOptions(db: Db | Trx, electionId: string): Promise<ElectionList[]> {
  const rows = await tables(db)
    .selectFrom('election_list')
    .select(['number', 'name'])
    .where('election_id', '=', electionId)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, name: r.name, candidates: [] }));
}

/** Names of the ballots' organisations are not kept here; this gives the ballot's status and date. */
export async function ballotState(db: Db | Trx, electionId: string): Promise<{ status: string; date: string } | undefined> {
  return tables(db).selectFrom('election').select(['status', 'date']).where('id', '=', electionId).executeTakeFirst();
}

/** The referendum outcome (JSON) of the ballot's latest finalised result version, or null when none. */
export async function latestReferendumResult(db: Db | Trx, electionId: string): Promise<unknown> {
  const row = await tables(db)
    .selectFrom('election_result')
    .select(['referendum'])
    .where('election_id', '=', electionId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.referendum === null || row === undefined ? null : readJson<unknown>(row.referendum);
}
