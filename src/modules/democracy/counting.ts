// democracy: the checks of one polling station's count (errors and warnings with codes), the
// field-by-field comparison of two entries, and the summing of agreed counts. Pure.
//
// STUB: signatures agreed with the team; bodies are being written (see /tmp/democracy-api.md).
import type { z } from 'zod';
import type { CountFinding, CountTotals, StationCount } from './model.ts';

/** What a count must fit: the lists (or options) in number order, with their number of candidates (0 for an option). */
export interface BallotShape {
  lists: readonly { number: number; candidateCount: number }[];
}

/** One field whose value differs between entry 1 and entry 2. */
export interface FieldDifference {
  /** Path such as "voters.pollCards", "votes.lists.2.candidates.5" (list number 2, position 6 → index 5), "differences.explanation". */
  field: string;
  first: number | string | null;
  second: number | string | null;
}

const notYet = (): never => {
  throw new Error('democracy: not implemented yet');
};

/** The zod schema of a StationCount (non-negative integers up to MAX_COUNT_VALUE; explanation ≤ 2000 chars). */
export declare const stationCountSchema: z.ZodType<StationCount>;

export const MAX_COUNT_VALUE = 1_000_000;

export function ballotShapeOf(lists: readonly { number: number; candidates: readonly unknown[] }[]): BallotShape {
  return { lists: lists.map((l) => ({ number: l.number, candidateCount: l.candidates.length })) };
}
export function validateCount(_count: StationCount, _ballot: BallotShape, _station: { eligibleVoters: number | null }): CountFinding[] {
  return notYet();
}
export function compareCounts(_first: StationCount, _second: StationCount): FieldDifference[] {
  return notYet();
}
export function emptyCount(_ballot: BallotShape): StationCount {
  return notYet();
}
export function sumCounts(_counts: readonly StationCount[], _ballot: BallotShape): CountTotals {
  return notYet();
}
/** A Dutch and English label for a field path, as on the official report ("A. Stempassen", "Lijst 2, kandidaat 6"). */
export function fieldLabel(_field: string, _listNames: ReadonlyMap<number, string>): { nl: string; en: string } {
  return notYet();
}
