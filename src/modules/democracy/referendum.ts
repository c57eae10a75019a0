// democracy: the pure rules of a referendum: when a request phase ends, whether it passed, and
// the outcome of the vote against the ordinance's thresholds.
//
// STUB: signatures agreed with the team; bodies are being written (see /tmp/democracy-api.md).
import type { CountTotals, ElectionList, ReferendumRules } from './model.ts';

export interface ReferendumOutcome {
  perOption: { number: number; name: string; votes: number; percentOfValid: number }[];
  valid: number;
  blank: number;
  invalid: number;
  voted: number;
  eligible: number | null;
  /** Percentage of eligible voters who voted (1 decimal), null when eligible is unknown. */
  turnoutPercent: number | null;
  /** null when the rules set no turnout threshold. */
  turnoutThresholdMet: boolean | null;
  /** null when the rules set no minimum votes for the outcome. */
  minimumVotesMet: boolean | null;
  /** The option with the most votes; null on a tie. */
  winner: number | null;
  /** Whether the outcome counts under the rules (thresholds met and no tie). */
  decisive: boolean;
}

const notYet = (): never => {
  throw new Error('democracy: not implemented yet');
};

/** The last day (inclusive) of a phase that starts on startedOn and lasts `days` days. */
export function phaseEndsOn(_startedOn: string, _days: number): string {
  return notYet();
}
/** Whether a phase ending on endsOn (inclusive, Europe/Amsterdam) is over at `now`. */
export function phaseIsOver(_endsOn: string, _now: Date): boolean {
  return notYet();
}
export function phasePassed(_rules: ReferendumRules, _phaseIndex: number, _supporters: number): boolean {
  return notYet();
}
export function referendumOutcome(
  _rules: ReferendumRules,
  _totals: CountTotals,
  _options: readonly ElectionList[],
  _eligible: number | null,
): ReferendumOutcome {
  return notYet();
}
