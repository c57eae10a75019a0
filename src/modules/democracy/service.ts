// democracy: use cases of elections (and of the ballots of referendums). Every change is one
// transaction with its audit record (and an outbox event where others need to know). Officials act
// only for the organisation that runs the count: election officials enter, coordinators define,
// import, resolve, draw lots, finalise and order recounts. Reads of finalised results are public.
//
// STUB: signatures agreed with the team; bodies are being written (see /tmp/democracy-api.md).
import type { Principal } from '../../platform/auth/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { ApportionmentResult } from './apportionment/model.ts';
import type { FieldDifference } from './counting.ts';
import type { ReferendumOutcome } from './referendum.ts';
import type {
  CountEntry,
  CountFinding,
  CountTotals,
  Election,
  ElectionDefinition,
  EntryOutcome,
  LotRecord,
  StationProgress,
  StationStatus,
} from './model.ts';

export interface Origin {
  requestId: string | null;
}

export interface ElectionSummary extends Election {
  organisationName: string;
}

export interface CountingProgress {
  election: ElectionDefinition;
  stations: StationProgress[];
  counts: Record<StationStatus, number>;
  mayFinalise: boolean;
  /** What the principal may do here: enter (election official) and/or coordinate (coordinator). */
  may: { enter: boolean; coordinate: boolean };
}

export interface StationForEntry {
  election: ElectionDefinition;
  station: StationProgress;
  /** The entry this official would make now. */
  entryNo: 1 | 2;
}

export interface StationDifferences {
  election: ElectionDefinition;
  station: StationProgress;
  first: CountEntry;
  second: CountEntry;
  differences: FieldDifference[];
}

export interface ElectedCandidate {
  listNumber: number;
  listName: string;
  position: number;
  name: string;
  votes: number;
  how: 'preference' | 'list_order';
}

export interface MunicipalityTotals {
  code: string;
  name: string;
  totals: CountTotals;
}

export interface ResultView {
  election: ElectionDefinition;
  /** null while provisional (computed now, not stored). */
  version: number | null;
  finalisedAt: string | null;
  totals: CountTotals;
  perMunicipality: MunicipalityTotals[];
  turnout: { voted: number; eligible: number | null; percent: number | null };
  /** For an election; null for a referendum. */
  apportionment: ApportionmentResult | null;
  elected: ElectedCandidate[];
  /** For a referendum ballot; null for an election. */
  referendum: ReferendumOutcome | null;
  lots: LotRecord[];
  /** Versions before this one (after recounts), newest first. */
  earlierVersions: { version: number; finalisedAt: string }[];
}

export interface SavedEntry {
  outcome: EntryOutcome;
  station: StationProgress;
  /** Warnings of the saved count (all confirmed). */
  findings: CountFinding[];
}

export interface ImportedEml {
  election: ElectionDefinition;
  kind: '110a' | '230b' | '110b';
  hash: string;
}

const notYet = (): never => {
  throw new Error('democracy: not implemented yet');
};

export async function listElections(_ctx: ModuleContext, _filter: { kind?: 'election' | 'referendum' } = {}): Promise<ElectionSummary[]> {
  return notYet();
}
export async function getElection(_ctx: ModuleContext, _id: string): Promise<Result<ElectionDefinition>> {
  return notYet();
}
export async function getProgress(_ctx: ModuleContext, _principal: Principal, _id: string): Promise<Result<CountingProgress>> {
  return notYet();
}
export async function getStationForEntry(
  _ctx: ModuleContext,
  _principal: Principal,
  _id: string,
  _stationNumber: number,
): Promise<Result<StationForEntry>> {
  return notYet();
}
export async function getDifferences(
  _ctx: ModuleContext,
  _principal: Principal,
  _id: string,
  _stationNumber: number,
): Promise<Result<StationDifferences>> {
  return notYet();
}
export async function getProvisionalResult(_ctx: ModuleContext, _principal: Principal, _id: string): Promise<Result<ResultView>> {
  return notYet();
}
export async function getFinalResult(_ctx: ModuleContext, _id: string): Promise<Result<ResultView>> {
  return notYet();
}
export async function defineElection(
  _ctx: ModuleContext,
  _principal: Principal,
  _input: unknown,
  _origin: Origin,
): Promise<Result<ElectionDefinition>> {
  return notYet();
}
export async function importEml(
  _ctx: ModuleContext,
  _principal: Principal,
  _input: { electionId: string | null; organisationCode: string | null; xml: string; hash: string },
  _origin: Origin,
): Promise<Result<ImportedEml>> {
  return notYet();
}
export async function startCounting(_ctx: ModuleContext, _principal: Principal, _id: string, _origin: Origin): Promise<Result<Election>> {
  return notYet();
}
export async function saveEntry(
  _ctx: ModuleContext,
  _principal: Principal,
  _id: string,
  _stationNumber: number,
  _input: unknown,
  _origin: Origin,
): Promise<Result<SavedEntry>> {
  return notYet();
}
export async function resolveDifferences(
  _ctx: ModuleContext,
  _principal: Principal,
  _id: string,
  _stationNumber: number,
  _input: unknown,
  _origin: Origin,
): Promise<Result<StationProgress>> {
  return notYet();
}
export async function recordLot(_ctx: ModuleContext, _principal: Principal, _id: string, _input: unknown, _origin: Origin): Promise<Result<LotRecord>> {
  return notYet();
}
export async function finalise(_ctx: ModuleContext, _principal: Principal, _id: string, _origin: Origin): Promise<Result<ResultView>> {
  return notYet();
}
export async function orderRecount(
  _ctx: ModuleContext,
  _principal: Principal,
  _id: string,
  _stationNumber: number,
  _input: unknown,
  _origin: Origin,
): Promise<Result<StationProgress>> {
  return notYet();
}
export async function exportEml510(_ctx: ModuleContext, _id: string): Promise<Result<string>> {
  return notYet();
}
export async function exportEml520(_ctx: ModuleContext, _id: string): Promise<Result<string>> {
  return notYet();
}
