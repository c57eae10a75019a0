// democracy: the pure rules of a referendum: when a request phase ends, whether it passed, and
// the outcome of the vote against the ordinance's thresholds. No I/O; the clock is a parameter.
//
// Thresholds are compared in exact arithmetic (whole numbers, and BigInt where a percentage has
// decimals), never by comparing floating-point percentages: 30.0 % is met by 3,000 of 10,000
// voters, and 2,999 is not.
import { addDays, isoDateInAmsterdam, parseIsoDate } from '../../platform/time/index.ts';
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

/**
 * The last day (inclusive) of a phase that starts on startedOn and lasts `days` days: the first
 * day counts, so a phase of 28 days starting on 1 March ends on 28 March. Calendar days; throws
 * on an invalid date or a length that is not a whole number of at least 1 day.
 */
export function phaseEndsOn(startedOn: string, days: number): string {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`A phase lasts at least 1 whole day, not ${String(days)}`);
  return addDays(parseIsoDate(startedOn), days - 1);
}

/**
 * Whether a phase ending on endsOn (inclusive, Europe/Amsterdam) is over at `now`: true from
 * midnight at the start of the next day, Dutch time (summer or winter time as on that day).
 */
export function phaseIsOver(endsOn: string, now: Date): boolean {
  return isoDateInAmsterdam(now) > parseIsoDate(endsOn);
}

/** Whether the supporters (not withdrawn) reach the threshold of request phase `phaseIndex` (inclusive). */
export function phasePassed(rules: ReferendumRules, phaseIndex: number, supporters: number): boolean {
  const phase = rules.requestPhases[phaseIndex];
  if (phase === undefined) throw new RangeError(`The rules ${rules.key} have no request phase ${phaseIndex}`);
  return supporters >= phase.threshold;
}

/** A finite non-negative decimal as an exact fraction numerator/denominator (30 → 30/1, 12.5 → 125/10). */
function exactFraction(value: number): { numerator: bigint; denominator: bigint } {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Not a non-negative number: ${String(value)}`);
  // toFixed(20) would invent digits; the shortest round-trip text is what was written in the rules.
  const text = value.toString();
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/u.exec(text);
  if (match === null) throw new RangeError(`Not a decimal number: ${text}`);
  const [, whole = '0', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fraction.length;
  const digits = BigInt(whole + fraction);
  return exponent >= 0
    ? { numerator: digits * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-exponent) };
}

/** part / whole × 100, rounded half up to 1 decimal, computed in whole numbers. */
function percentOneDecimal(part: number, whole: number): number {
  const tenths = (BigInt(part) * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  return Number(tenths) / 10;
}

/** Whether `part` is at least `percent` % of `whole`, exactly: part · 100 ≥ percent · whole. */
function atLeastPercent(part: number, whole: number, percent: number): boolean {
  const { numerator, denominator } = exactFraction(percent);
  return BigInt(part) * 100n * denominator >= numerator * BigInt(whole);
}

/**
 * The outcome of a referendum's vote under its rules. Percentages per option are of the valid
 * votes; turnout is votes cast (H) of the eligible voters. When the rules have a turnout threshold
 * and the number of eligible voters is unknown, the threshold counts as not met. There is no winner
 * on a tie for the most votes, nor when no valid vote was cast; the outcome is decisive when there
 * is a winner and every threshold the rules set is met.
 */
export function referendumOutcome(
  rules: ReferendumRules,
  totals: CountTotals,
  options: readonly ElectionList[],
  eligible: number | null,
): ReferendumOutcome {
  const votesByNumber = new Map(totals.votes.lists.map((l) => [l.number, l.total]));
  const valid = totals.votes.totalValid;
  const voted = totals.votes.total;
  const perOption = options.map((option) => {
    const votes = votesByNumber.get(option.number) ?? 0;
    return { number: option.number, name: option.name, votes, percentOfValid: valid > 0 ? percentOneDecimal(votes, valid) : 0 };
  });

  const knownEligible = eligible !== null && eligible > 0 ? eligible : null;
  const turnoutPercent = knownEligible === null ? null : percentOneDecimal(voted, knownEligible);
  const threshold = rules.turnoutThresholdPercent;
  const turnoutThresholdMet = threshold === null ? null : knownEligible === null ? false : atLeastPercent(voted, knownEligible, threshold);

  const most = perOption.reduce((max, o) => Math.max(max, o.votes), 0);
  const leaders = perOption.filter((o) => o.votes === most);
  const winner = most > 0 && leaders.length === 1 ? (leaders[0]?.number ?? null) : null;
  const minimum = rules.minimumVotesForOutcome;
  const minimumVotesMet = minimum === null ? null : most >= minimum;

  return {
    perOption,
    valid,
    blank: totals.votes.blank,
    invalid: totals.votes.invalid,
    voted,
    eligible,
    turnoutPercent,
    turnoutThresholdMet,
    minimumVotesMet,
    winner,
    decisive: winner !== null && turnoutThresholdMet !== false && minimumVotesMet !== false,
  };
}
