// democracy/apportionment: the seat apportionment (zetelverdeling) and candidate nomination
// (toewijzing van zetels aan kandidaten) of the Kieswet, chapter P, as the Kiesraad's abacus
// implements them (data/elections/README.md). Pure: no I/O, no clock, no floating point; every
// number is an exact fraction (fraction.ts). Expected failures are values (status `Error`), and
// a tie that needs a drawing of lots is a status too, never an exception.
//
// Names and shapes of the result mirror the `expected` objects of data/elections/abacus_cases.json.
import { Fraction, type FractionObject, type FractionPair } from './fraction.ts';
import { kieswetRules, type ApportionmentRules } from './rules.ts';

// ─── input ──────────────────────────────────────────────────────────────────────────────────────

/** `process`: seats and candidates; `seat_assignment`: seats only; `candidate_nomination`: candidates for given seats. */
export type ApportionmentKind = 'process' | 'seat_assignment' | 'candidate_nomination';

export interface ListInput {
  /** The list number (lijstnummer), ≥ 1. Lists come in ascending order. */
  number: number;
  /** Votes per candidate, in the order of the list (position 1 first). */
  candidate_votes?: readonly number[] | undefined;
  /** Votes on the list; when candidate_votes is given too, it must be their sum. */
  votes?: number | undefined;
  /** Number of candidates, for a seat assignment given without candidate votes. */
  candidate_count?: number | undefined;
  /** Candidate numbers in list order; by default position i has number i. */
  candidate_numbers?: readonly number[] | undefined;
}

export interface DeceasedCandidatesInput {
  list: number;
  candidates: readonly number[];
}

export type ResidualSeatLotKind = 'LargestRemainderResidualSeat' | 'HighestAverageResidualSeat';
export type AbsoluteMajorityLotKind = 'AbsoluteMajorityLargestRemainder' | 'AbsoluteMajorityHighestAverage';
export type ListLotKind = ResidualSeatLotKind | AbsoluteMajorityLotKind;

export const LIST_LOT_KINDS: readonly ListLotKind[] = [
  'LargestRemainderResidualSeat',
  'HighestAverageResidualSeat',
  'AbsoluteMajorityLargestRemainder',
  'AbsoluteMajorityHighestAverage',
];

/** A drawing of lots between lists that has taken place: which of `options` was `drawn`. */
export interface ListLotDrawn {
  kind: ListLotKind;
  options: readonly number[];
  drawn: number;
}

/** A drawing of lots between candidates of one list that has taken place. */
export interface CandidateLotDrawn {
  list: number;
  options: readonly number[];
  seat_numbers: readonly number[];
  drawn: number;
}

export interface ApportionmentInput {
  /** Default: `candidate_nomination` when given_quota or given_seats_per_list is present, else `process`
   * when every list has candidate votes, else `seat_assignment`. */
  kind?: ApportionmentKind | undefined;
  /** Number of seats in the body. */
  seats: number;
  lists: readonly ListInput[];
  /** Candidates who died before the apportionment (Kieswet P 19a). */
  deceased_candidates?: readonly DeceasedCandidatesInput[] | undefined;
  /** Lots already drawn between lists, consumed in order. */
  lots_drawn_lists?: readonly ListLotDrawn[] | undefined;
  /** Lots already drawn between candidates, consumed in order. */
  lots_drawn_candidates?: readonly CandidateLotDrawn[] | undefined;
  /** For `candidate_nomination`: the quota (kiesdeler) and the seats per list (same order as lists). */
  given_quota?: FractionObject | undefined;
  given_seats_per_list?: readonly number[] | undefined;
}

/** Input sanity limits (not legal numbers): they keep every fraction in the result a safe JSON integer. */
export const MAX_SEATS = 10_000;
export const MAX_TOTAL_VOTES = 10_000_000_000;

// ─── result ─────────────────────────────────────────────────────────────────────────────────────

export type AssignmentStepType = 'LargestRemainderAssignment' | 'HighestAverageAssignment' | 'UniqueHighestAverageAssignment';

/** One change to the seats, in the order they were made. */
export type SeatStep =
  | { type: 'LargestRemainderAssignment'; list: number; options: number[]; remainder_votes: FractionPair; drawn: boolean }
  | {
      type: 'HighestAverageAssignment' | 'UniqueHighestAverageAssignment';
      list: number;
      options: number[];
      votes_per_seat: FractionPair;
      drawn: boolean;
    }
  | { type: 'AbsoluteMajorityReassignment'; from: number; to: number; drawn: boolean }
  | { type: 'ListExhaustionRemoval'; from: number; full_seat: boolean };

export type ApportionmentWarning = 'AbsoluteMajorityAndListExhaustion' | 'NotAllSeatsAssigned';

/** The seat assignment. When a lot is needed: the standings at that moment, and the totals of the full-seat round. */
export interface SeatAssignmentSummary {
  seats_per_list: number[];
  full_seats_per_list: number[];
  residual_seats_per_list: number[];
  meets_remainder_threshold: boolean[];
  full_seats_total: number;
  residual_seats_total: number;
  quota: FractionObject;
  steps: SeatStep[];
  warnings: ApportionmentWarning[];
}

export interface ListNomination {
  list: number;
  seats: number;
  /** Elected on preference votes (Kieswet P 15, P 16), in the order they were elected. */
  preferential: number[];
  /** Elected in list order for the remaining seats (Kieswet P 17). */
  other: number[];
  /** Whether `ranking` differs from the original list (Kieswet P 19; deceased candidates left out). */
  ranking_updated: boolean;
  ranking: number[];
}

export interface NominationSummary {
  preference_threshold: { percentage: number; votes: FractionObject };
  elected_candidates: { list: number; candidate: number }[];
  list_nominations: ListNomination[];
}

export type ListDrawingLots =
  | { kind: ResidualSeatLotKind; options: number[]; residual_seat_numbers: number[] }
  | { kind: AbsoluteMajorityLotKind; options: number[]; assign_to: number };

export interface CandidateDrawingLots {
  list: number;
  total_seats: number;
  number_of_votes: number;
  seat_numbers: number[];
  options: number[];
}

export type ApportionmentCompleted =
  | ({ status: 'Completed'; kind: 'process' } & SeatAssignmentSummary & NominationSummary)
  | ({ status: 'Completed'; kind: 'seat_assignment' } & SeatAssignmentSummary)
  | ({ status: 'Completed'; kind: 'candidate_nomination' } & NominationSummary);

export type ListDrawingLotsRequired = {
  status: 'ListDrawingLotsRequired';
  kind: 'process' | 'seat_assignment';
  drawing_lots: ListDrawingLots;
} & SeatAssignmentSummary;

export type CandidateDrawingLotsRequired =
  | ({ status: 'CandidateDrawingLotsRequired'; kind: 'process'; drawing_lots: CandidateDrawingLots } & SeatAssignmentSummary)
  | { status: 'CandidateDrawingLotsRequired'; kind: 'candidate_nomination'; drawing_lots: CandidateDrawingLots };

export type ApportionmentErrorCode =
  | 'InvalidSeats'
  | 'NoLists'
  | 'InvalidListNumber'
  | 'DuplicateListNumber'
  | 'UnsortedInput'
  | 'MissingVotes'
  | 'NegativeVotes'
  | 'InvalidVotes'
  | 'TooManyVotes'
  | 'VotesMismatch'
  | 'MissingCandidateCount'
  | 'CandidateCountMismatch'
  | 'EmptyList'
  | 'InvalidCandidateNumber'
  | 'DuplicateCandidateNumber'
  | 'CandidateVotesRequired'
  | 'UnknownList'
  | 'UnknownCandidate'
  | 'MissingGivenSeats'
  | 'InvalidGivenQuota'
  | 'InvalidGivenSeats'
  | 'InvalidLot'
  | 'UnknownListInLot'
  | 'UnknownCandidateInLot'
  | 'LotMismatch'
  | 'UnusedLots'
  | 'InternalError';

export interface ApportionmentError {
  status: 'Error';
  /** Stable code (the case file's `error`, e.g. `UnsortedInput`). */
  error: ApportionmentErrorCode;
  /** One line of plain Dutch for the person who supplied the input. */
  message: string;
}

export type ApportionmentResult = ApportionmentCompleted | ListDrawingLotsRequired | CandidateDrawingLotsRequired | ApportionmentError;

export type ApportionmentStatus = ApportionmentResult['status'];

// ─── prepared input ─────────────────────────────────────────────────────────────────────────────

interface Candidate {
  number: number;
  votes: bigint;
  deceased: boolean;
}

interface PreparedList {
  number: number;
  votes: bigint;
  /** All candidates in list order (votes 0 when only a candidate_count was given). */
  candidates: Candidate[];
  /** Candidates still alive (Kieswet P 19a): the most seats the list can fill (Kieswet P 10). */
  living: number;
}

interface Prepared {
  kind: ApportionmentKind;
  seats: number;
  lists: PreparedList[];
  listLots: LotQueue<ListLotDrawn>;
  candidateLots: LotQueue<CandidateLotDrawn>;
  givenQuota: Fraction | undefined;
  givenSeats: number[] | undefined;
}

/** Recorded lots, handed out in order. */
class LotQueue<T> {
  private next = 0;
  constructor(private readonly items: readonly T[]) {}

  take(): T | undefined {
    const item = this.items[this.next];
    if (item !== undefined) this.next += 1;
    return item;
  }

  get unused(): number {
    return this.items.length - this.next;
  }
}

function fail(error: ApportionmentErrorCode, message: string): ApportionmentError {
  return { status: 'Error', error, message };
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isPositive = (value: unknown): value is number => isCount(value) && value >= 1;

function voteError(value: number, where: string): ApportionmentError | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return fail('InvalidVotes', `${where}: het aantal stemmen moet een geheel getal zijn.`);
  if (value < 0) return fail('NegativeVotes', `${where}: het aantal stemmen mag niet negatief zijn (${value}).`);
  if (!Number.isSafeInteger(value)) return fail('InvalidVotes', `${where}: het aantal stemmen moet een geheel getal zijn (${value}).`);
  return undefined;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort((x, y) => x - y);
  const right = [...b].sort((x, y) => x - y);
  return left.every((value, i) => value === right[i]);
}

function inferKind(input: ApportionmentInput): ApportionmentKind {
  if (input.kind !== undefined) return input.kind;
  if (input.given_quota !== undefined || input.given_seats_per_list !== undefined) return 'candidate_nomination';
  return input.lists.every((list) => list.candidate_votes !== undefined) ? 'process' : 'seat_assignment';
}

function prepareList(list: ListInput, index: number, kind: ApportionmentKind): PreparedList | ApportionmentError {
  const where = `Lijst ${isPositive(list.number) ? String(list.number) : `op plaats ${index + 1}`}`;
  if (!isPositive(list.number)) return fail('InvalidListNumber', `${where}: het lijstnummer moet een geheel getal van 1 of meer zijn.`);
  const candidateVotes = list.candidate_votes;
  if (candidateVotes === undefined && list.votes === undefined) {
    return fail('MissingVotes', `${where}: geef de stemmen per kandidaat (candidate_votes) of het aantal stemmen op de lijst (votes).`);
  }
  if (candidateVotes === undefined && kind !== 'seat_assignment') {
    return fail(
      'CandidateVotesRequired',
      `${where}: voor het toewijzen van zetels aan kandidaten zijn de stemmen per kandidaat (candidate_votes) nodig.`,
    );
  }
  let sum = 0n;
  for (const [i, votes] of (candidateVotes ?? []).entries()) {
    const error = voteError(votes, `${where}, kandidaat op plaats ${i + 1}`);
    if (error) return error;
    sum += BigInt(votes);
  }
  if (list.votes !== undefined) {
    const error = voteError(list.votes, where);
    if (error) return error;
    if (candidateVotes !== undefined && BigInt(list.votes) !== sum) {
      return fail(
        'VotesMismatch',
        `${where}: het aantal stemmen op de lijst (${list.votes}) is niet gelijk aan de som van de stemmen op de kandidaten (${sum.toString()}).`,
      );
    }
    sum = BigInt(list.votes);
  }
  let count: number;
  if (candidateVotes !== undefined) {
    count = candidateVotes.length;
    if (list.candidate_count !== undefined && list.candidate_count !== count) {
      return fail(
        'CandidateCountMismatch',
        `${where}: candidate_count (${String(list.candidate_count)}) is niet gelijk aan het aantal kandidaten in candidate_votes (${count}).`,
      );
    }
  } else if (list.candidate_count !== undefined) {
    if (!isCount(list.candidate_count))
      return fail('MissingCandidateCount', `${where}: het aantal kandidaten moet een geheel getal van 0 of meer zijn.`);
    count = list.candidate_count;
  } else {
    return fail(
      'MissingCandidateCount',
      `${where}: geef het aantal kandidaten (candidate_count) of de stemmen per kandidaat (candidate_votes).`,
    );
  }
  if (count === 0) return fail('EmptyList', `${where} heeft geen kandidaten.`);
  const numbers = list.candidate_numbers ?? Array.from({ length: count }, (_, i) => i + 1);
  if (numbers.length !== count) {
    return fail('CandidateCountMismatch', `${where}: er zijn ${numbers.length} kandidaatnummers voor ${count} kandidaten.`);
  }
  const seen = new Set<number>();
  for (const number of numbers) {
    if (!isPositive(number))
      return fail('InvalidCandidateNumber', `${where}: een kandidaatnummer moet een geheel getal van 1 of meer zijn.`);
    if (seen.has(number)) return fail('DuplicateCandidateNumber', `${where}: kandidaatnummer ${number} komt meer dan eens voor.`);
    seen.add(number);
  }
  // abacus refuses a full apportionment on candidates out of order: "list order" must be the order of the numbers.
  if (kind !== 'candidate_nomination' && numbers.some((n, i) => i > 0 && n <= (numbers[i - 1] ?? 0))) {
    return fail('UnsortedInput', `${where}: de kandidaten moeten op oplopend kandidaatnummer staan.`);
  }
  const candidates = numbers.map((number, i) => ({ number, votes: BigInt(candidateVotes?.[i] ?? 0), deceased: false }));
  return { number: list.number, votes: sum, candidates, living: count };
}

function prepare(input: ApportionmentInput): Prepared | ApportionmentError {
  const kind = inferKind(input);
  const seats = input.seats;
  if (!isPositive(seats) || seats > MAX_SEATS) {
    return fail('InvalidSeats', `Het aantal zetels moet een geheel getal van 1 tot en met ${MAX_SEATS} zijn.`);
  }
  if (input.lists.length === 0) return fail('NoLists', 'Er zijn geen lijsten opgegeven.');

  const lists: PreparedList[] = [];
  for (const [index, list] of input.lists.entries()) {
    const prepared = prepareList(list, index, kind);
    if ('status' in prepared) return prepared;
    const previous = lists.find((l) => l.number === prepared.number);
    if (previous) return fail('DuplicateListNumber', `Lijstnummer ${prepared.number} komt meer dan eens voor.`);
    lists.push(prepared);
  }
  if (lists.some((list, i) => i > 0 && list.number < (lists[i - 1]?.number ?? 0))) {
    return fail('UnsortedInput', 'De lijsten moeten op oplopend lijstnummer staan.');
  }
  const totalVotes = lists.reduce((sum, list) => sum + list.votes, 0n);
  if (totalVotes > BigInt(MAX_TOTAL_VOTES)) {
    return fail('TooManyVotes', `Er zijn meer dan ${MAX_TOTAL_VOTES} stemmen opgegeven; dat kan niet kloppen.`);
  }
  const byNumber = new Map(lists.map((list) => [list.number, list]));

  // Kieswet P 19a: deceased candidates count for neither seats (P 10) nor nomination.
  for (const entry of input.deceased_candidates ?? []) {
    const list = byNumber.get(entry.list);
    if (!list) return fail('UnknownList', `Overleden kandidaten: er is geen lijst ${String(entry.list)}.`);
    for (const number of entry.candidates) {
      const candidate = list.candidates.find((c) => c.number === number);
      if (!candidate) return fail('UnknownCandidate', `Overleden kandidaten: lijst ${list.number} heeft geen kandidaat ${String(number)}.`);
      if (!candidate.deceased) {
        candidate.deceased = true;
        list.living -= 1;
      }
    }
  }

  for (const [i, lot] of (input.lots_drawn_lists ?? []).entries()) {
    const where = `Loting ${i + 1} tussen lijsten`;
    if (!LIST_LOT_KINDS.includes(lot.kind)) return fail('InvalidLot', `${where}: onbekende soort loting (${lot.kind}).`);
    const unknown = [...lot.options, lot.drawn].find((n) => !byNumber.has(n));
    if (unknown !== undefined) return fail('UnknownListInLot', `${where}: er is geen lijst ${String(unknown)}.`);
    if (lot.options.length < 2 || !lot.options.includes(lot.drawn)) {
      return fail('InvalidLot', `${where}: de getrokken lijst (${lot.drawn}) moet een van ten minste twee opties zijn.`);
    }
  }
  for (const [i, lot] of (input.lots_drawn_candidates ?? []).entries()) {
    const where = `Loting ${i + 1} tussen kandidaten`;
    const list = byNumber.get(lot.list);
    if (!list) return fail('UnknownListInLot', `${where}: er is geen lijst ${String(lot.list)}.`);
    const unknown = [...lot.options, lot.drawn].find((n) => !list.candidates.some((c) => c.number === n));
    if (unknown !== undefined)
      return fail('UnknownCandidateInLot', `${where}: lijst ${list.number} heeft geen kandidaat ${String(unknown)}.`);
    if (lot.options.length < 2 || !lot.options.includes(lot.drawn)) {
      return fail('InvalidLot', `${where}: de getrokken kandidaat (${lot.drawn}) moet een van ten minste twee opties zijn.`);
    }
    if (lot.seat_numbers.length === 0 || !lot.seat_numbers.every(isPositive)) {
      return fail('InvalidLot', `${where}: de zetelnummers moeten gehele getallen van 1 of meer zijn.`);
    }
  }

  let givenQuota: Fraction | undefined;
  let givenSeats: number[] | undefined;
  if (kind === 'candidate_nomination') {
    if (input.given_quota === undefined || input.given_seats_per_list === undefined) {
      return fail(
        'MissingGivenSeats',
        'Voor candidate_nomination zijn de kiesdeler (given_quota) en de zetels per lijst (given_seats_per_list) nodig.',
      );
    }
    const { num, den } = input.given_quota;
    if (!isCount(num) || !isPositive(den)) {
      return fail(
        'InvalidGivenQuota',
        'De kiesdeler (given_quota) moet een breuk zijn met een teller van 0 of meer en een noemer van 1 of meer.',
      );
    }
    givenQuota = Fraction.of(num, den);
    givenSeats = [...input.given_seats_per_list];
    if (givenSeats.length !== lists.length || !givenSeats.every(isCount)) {
      return fail(
        'InvalidGivenSeats',
        `De zetels per lijst (given_seats_per_list) moeten voor elk van de ${lists.length} lijsten een aantal van 0 of meer geven.`,
      );
    }
    const assigned = givenSeats.reduce((sum, n) => sum + n, 0);
    if (assigned > seats) {
      return fail(
        'InvalidGivenSeats',
        `De zetels per lijst (given_seats_per_list) tellen op tot ${assigned}, meer dan de ${seats} zetels van het orgaan.`,
      );
    }
  } else if (input.given_quota !== undefined || input.given_seats_per_list !== undefined) {
    return fail(
      'InvalidGivenSeats',
      'De kiesdeler (given_quota) en de zetels per lijst (given_seats_per_list) horen alleen bij kind candidate_nomination.',
    );
  }

  return {
    kind,
    seats,
    lists,
    listLots: new LotQueue(input.lots_drawn_lists ?? []),
    candidateLots: new LotQueue(input.lots_drawn_candidates ?? []),
    givenQuota,
    givenSeats,
  };
}

// ─── seat assignment: Kieswet P 5–P 10 ──────────────────────────────────────────────────────────

interface Standing {
  readonly list: number;
  readonly votes: bigint;
  /** Living candidates: the most seats this list can take (Kieswet P 10, P 19a). */
  readonly candidates: number;
  /** Votes left after the full seats (Kieswet P 8). */
  readonly remainder: Fraction;
  /** Votes ≥ ¾ of the quota (Kieswet P 8). */
  readonly meetsThreshold: boolean;
  full: number;
  residual: number;
}

interface AssignmentStep {
  type: AssignmentStepType;
  list: number;
  /** The tied group the seat was chosen from, in list order (one list when there was no tie). */
  options: number[];
  /** The remainder (largest remainders) or the average (highest averages) that won the seat. */
  value: Fraction;
  drawn: boolean;
  /** The lists that got a seat in this run of ties, ending with this one (Kieswet P 9 needs them). */
  tiedAssigned: number[];
}

type InternalStep =
  | AssignmentStep
  | { type: 'AbsoluteMajorityReassignment'; from: number; to: number; drawn: boolean }
  | { type: 'ListExhaustionRemoval'; from: number; fullSeat: boolean };

const seatsOf = (s: Standing): number => s.full + s.residual;
/** Kieswet P 7: the average if the list got one more seat. */
const nextAverage = (s: Standing): Fraction => Fraction.of(s.votes, seatsOf(s) + 1);
const isAssignment = (step: InternalStep | undefined): step is AssignmentStep =>
  step !== undefined && step.type !== 'AbsoluteMajorityReassignment' && step.type !== 'ListExhaustionRemoval';

type Interruption = { type: 'lot'; drawing: ListDrawingLots } | { type: 'error'; error: ApportionmentError };

interface SeatContext {
  seats: number;
  rules: ApportionmentRules;
  lots: LotQueue<ListLotDrawn>;
}

function range(from: number, to: number): number[] {
  return from > to ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The standings with the highest value, in list order. */
function best(standings: readonly Standing[], value: (s: Standing) => Fraction): { top: Fraction; group: Standing[] } {
  let top: Fraction | undefined;
  let group: Standing[] = [];
  for (const s of standings) {
    const v = value(s);
    const order = top === undefined ? 1 : v.compare(top);
    if (order > 0) {
      top = v;
      group = [s];
    } else if (order === 0) {
      group.push(s);
    }
  }
  return { top: top ?? Fraction.ZERO, group };
}

function lotMismatch(kind: string, options: readonly number[]): Interruption {
  return {
    type: 'error',
    error: fail(
      'LotMismatch',
      `De volgende opgegeven loting past niet bij de loting die nu nodig is (${kind} tussen lijsten ${options.join(', ')}).`,
    ),
  };
}

/**
 * Picks one list from a tied group. When the group is larger than the seats left (Kieswet P 7 lid 3,
 * P 8 lid 3: "door loting"), the next recorded lot decides, or the computation stops and asks for one.
 */
function pickFromTie(
  ctx: SeatContext,
  group: readonly Standing[],
  seatsLeft: number,
  kind: ResidualSeatLotKind,
  seatNumbers: number[],
): { list: number; drawn: boolean } | Interruption {
  const first = group[0];
  if (first === undefined) return { type: 'error', error: fail('InternalError', 'Geen lijst om een zetel aan toe te wijzen.') };
  if (group.length <= seatsLeft) return { list: first.list, drawn: false };
  const options = group.map((s) => s.list);
  const lot = ctx.lots.take();
  if (!lot) return { type: 'lot', drawing: { kind, options, residual_seat_numbers: seatNumbers } };
  if (lot.kind !== kind || !sameNumbers(lot.options, options)) return lotMismatch(kind, options);
  return { list: lot.drawn, drawn: true };
}

function countSteps(steps: readonly InternalStep[], type: AssignmentStepType, list: number): number {
  return steps.filter((step) => step.type === type && step.list === list).length;
}

/**
 * Whether a list may still get a seat in the largest-remainder round (`uniqueCount` undefined) or in
 * the unique-highest-average round (Kieswet P 8: one residual seat per list in each round). A list
 * whose seat was taken away by Kieswet P 9 may get one back (abacus, residual_seat_assignment.rs).
 */
function mayGetAnother(steps: readonly InternalStep[], list: number, unique: boolean): boolean {
  const retracted = steps.some((step) => step.type === 'AbsoluteMajorityReassignment' && step.from === list);
  const largestRemainders = countSteps(steps, 'LargestRemainderAssignment', list);
  if (!unique) return largestRemainders === 0 || (retracted && largestRemainders === 1);
  const uniqueAverages = countSteps(steps, 'UniqueHighestAverageAssignment', list);
  return uniqueAverages === 0 || (retracted && uniqueAverages === 1 && largestRemainders <= 1);
}

/** Chooses the method and the group for the next residual seat. */
function nextResidualSeat(
  ctx: SeatContext,
  eligible: readonly Standing[],
  steps: readonly InternalStep[],
): { type: AssignmentStepType; lotKind: ResidualSeatLotKind; group: Standing[]; value: (s: Standing) => Fraction } {
  if (ctx.seats >= ctx.rules.largeCouncilSeats) {
    // Kieswet P 7: highest averages; a list may win several residual seats.
    return {
      type: 'HighestAverageAssignment',
      lotKind: 'HighestAverageResidualSeat',
      group: best(eligible, nextAverage).group,
      value: nextAverage,
    };
  }
  // Kieswet P 8 lid 1: largest remainders, for lists with at least ¾ of the quota, one per list.
  const remainderLists = eligible.filter((s) => s.meetsThreshold && mayGetAnother(steps, s.list, false));
  if (remainderLists.length > 0) {
    const remainder = (s: Standing): Fraction => s.remainder;
    return {
      type: 'LargestRemainderAssignment',
      lotKind: 'LargestRemainderResidualSeat',
      group: best(remainderLists, remainder).group,
      value: remainder,
    };
  }
  // Kieswet P 8 lid 2: then highest averages, still one per list, without the threshold.
  const averageLists = eligible.filter((s) => mayGetAnother(steps, s.list, true));
  if (averageLists.length > 0) {
    return {
      type: 'UniqueHighestAverageAssignment',
      lotKind: 'HighestAverageResidualSeat',
      group: best(averageLists, nextAverage).group,
      value: nextAverage,
    };
  }
  // Every list had its residual seat (possible after list exhaustion, Kieswet P 10): highest averages.
  return {
    type: 'HighestAverageAssignment',
    lotKind: 'HighestAverageResidualSeat',
    group: best(eligible, nextAverage).group,
    value: nextAverage,
  };
}

/**
 * Assigns residual seats `done + 1 … total`. During the reassignment after list exhaustion
 * (Kieswet P 10) lists whose seats equal their living candidates are left out; when no list can
 * take a seat any more, the rest stays empty (warning NotAllSeatsAssigned).
 */
function assignResidualSeats(
  ctx: SeatContext,
  standings: Standing[],
  steps: InternalStep[],
  total: number,
  done: number,
  skipFullLists: boolean,
): Interruption | undefined {
  let assigned = done;
  while (assigned < total) {
    const eligible = standings.filter((s) => s.votes > 0n && !(skipFullLists && seatsOf(s) >= s.candidates));
    if (eligible.length === 0) break;
    const seatsLeft = total - assigned;
    assigned += 1;
    const choice = nextResidualSeat(ctx, eligible, steps);
    const picked = pickFromTie(ctx, choice.group, seatsLeft, choice.lotKind, range(assigned, total));
    if ('type' in picked) return picked;
    const winner = standings.find((s) => s.list === picked.list);
    if (!winner) return { type: 'error', error: fail('InternalError', `Lijst ${picked.list} ontbreekt in de stand.`) };
    const previous = steps.at(-1);
    const options = choice.group.map((s) => s.list);
    const tiedAssigned =
      isAssignment(previous) && previous.type === choice.type && previous.options.includes(winner.list)
        ? [...previous.tiedAssigned, winner.list]
        : [winner.list];
    steps.push({ type: choice.type, list: winner.list, options, value: choice.value(winner), drawn: picked.drawn, tiedAssigned });
    winner.residual += 1;
  }
  return undefined;
}

/**
 * Kieswet P 9: a list with more than half of the votes but at most half of the seats gets the last
 * residual seat assigned; if that seat went to one of a group of tied lists, a lot decides whose.
 */
function applyAbsoluteMajority(
  ctx: SeatContext,
  standings: Standing[],
  steps: InternalStep[],
  totalVotes: bigint,
): Interruption | undefined {
  const last = steps.at(-1);
  if (!isAssignment(last)) return undefined;
  const half = ctx.rules.absoluteMajority;
  const majority = standings.find((s) => Fraction.of(s.votes).gt(half.mul(totalVotes)));
  if (!majority || Fraction.of(seatsOf(majority)).gt(half.mul(ctx.seats))) return undefined;
  let from = last.tiedAssigned[0] ?? last.list;
  let drawn = false;
  if (last.tiedAssigned.length > 1) {
    const kind: AbsoluteMajorityLotKind =
      last.type === 'LargestRemainderAssignment' ? 'AbsoluteMajorityLargestRemainder' : 'AbsoluteMajorityHighestAverage';
    const options = [...last.tiedAssigned].sort((a, b) => a - b);
    const lot = ctx.lots.take();
    if (!lot) return { type: 'lot', drawing: { kind, options, assign_to: majority.list } };
    if (lot.kind !== kind || !sameNumbers(lot.options, options)) return lotMismatch(kind, options);
    from = lot.drawn;
    drawn = true;
  }
  const loser = standings.find((s) => s.list === from);
  if (!loser || loser.residual === 0)
    return { type: 'error', error: fail('InternalError', `Lijst ${from} heeft geen restzetel om af te staan.`) };
  loser.residual -= 1;
  majority.residual += 1;
  steps.push({ type: 'AbsoluteMajorityReassignment', from, to: majority.list, drawn });
  return undefined;
}

/**
 * Kieswet P 10 (with P 19a): a list with more seats than living candidates gives up the excess,
 * residual seats first; the freed seats go on in the residual procedure among the other lists.
 */
function applyListExhaustion(
  ctx: SeatContext,
  standings: Standing[],
  steps: InternalStep[],
  residualSeats: number,
): Interruption | undefined {
  let freed = 0;
  for (const s of standings) {
    while (seatsOf(s) > s.candidates) {
      const fullSeat = s.residual === 0;
      if (fullSeat) s.full -= 1;
      else s.residual -= 1;
      freed += 1;
      steps.push({ type: 'ListExhaustionRemoval', from: s.list, fullSeat });
    }
  }
  if (freed === 0) return undefined;
  return assignResidualSeats(ctx, standings, steps, residualSeats + freed, residualSeats, true);
}

function warningsFor(steps: readonly InternalStep[], assigned: number, seats: number): ApportionmentWarning[] {
  const warnings: ApportionmentWarning[] = [];
  const p9 = steps.some((step) => step.type === 'AbsoluteMajorityReassignment');
  const p10 = steps.some((step) => step.type === 'ListExhaustionRemoval');
  if (p9 && p10) warnings.push('AbsoluteMajorityAndListExhaustion');
  if (assigned < seats) warnings.push('NotAllSeatsAssigned');
  return warnings;
}

function toSeatStep(step: InternalStep): SeatStep {
  switch (step.type) {
    case 'LargestRemainderAssignment':
      return { type: step.type, list: step.list, options: step.options, remainder_votes: step.value.toPair(), drawn: step.drawn };
    case 'HighestAverageAssignment':
    case 'UniqueHighestAverageAssignment':
      return { type: step.type, list: step.list, options: step.options, votes_per_seat: step.value.toPair(), drawn: step.drawn };
    case 'AbsoluteMajorityReassignment':
      return { type: step.type, from: step.from, to: step.to, drawn: step.drawn };
    case 'ListExhaustionRemoval':
      return { type: step.type, from: step.from, full_seat: step.fullSeat };
  }
}

function summarise(
  standings: readonly Standing[],
  steps: readonly InternalStep[],
  quota: Fraction,
  totals: { full: number; residual: number },
  seats: number,
  completed: boolean,
): SeatAssignmentSummary {
  const assigned = standings.reduce((sum, s) => sum + seatsOf(s), 0);
  return {
    seats_per_list: standings.map(seatsOf),
    full_seats_per_list: standings.map((s) => s.full),
    residual_seats_per_list: standings.map((s) => s.residual),
    meets_remainder_threshold: standings.map((s) => s.meetsThreshold),
    full_seats_total: totals.full,
    residual_seats_total: totals.residual,
    quota: quota.toObject(),
    steps: steps.map(toSeatStep),
    warnings: warningsFor(steps, completed ? assigned : seats, seats),
  };
}

type SeatOutcome =
  | { type: 'completed'; summary: SeatAssignmentSummary; quota: Fraction; seatsPerList: number[] }
  | { type: 'lot'; summary: SeatAssignmentSummary; drawing: ListDrawingLots }
  | { type: 'error'; error: ApportionmentError };

function assignSeats(prepared: Prepared, rules: ApportionmentRules): SeatOutcome {
  const ctx: SeatContext = { seats: prepared.seats, rules, lots: prepared.listLots };
  // Kieswet P 5: the quota (kiesdeler) is the total of the votes on the lists divided by the seats.
  const totalVotes = prepared.lists.reduce((sum, list) => sum + list.votes, 0n);
  const quota = Fraction.of(totalVotes, prepared.seats);
  const threshold = quota.mul(rules.remainderThreshold);
  const standings: Standing[] = prepared.lists.map((list) => {
    // Kieswet P 6: a list gets as many full seats as the quota fits in its votes.
    const full = list.votes > 0n ? Number(Fraction.of(list.votes).div(quota).floor()) : 0;
    return {
      list: list.number,
      votes: list.votes,
      candidates: list.living,
      remainder: Fraction.of(list.votes).sub(quota.mul(full)),
      meetsThreshold: Fraction.of(list.votes).gte(threshold),
      full,
      residual: 0,
    };
  });
  const fullSeats = standings.reduce((sum, s) => sum + s.full, 0);
  const initial = { full: fullSeats, residual: prepared.seats - fullSeats };
  const steps: InternalStep[] = [];
  const stop = (interruption: Interruption): SeatOutcome =>
    interruption.type === 'error'
      ? interruption
      : { type: 'lot', drawing: interruption.drawing, summary: summarise(standings, steps, quota, initial, prepared.seats, false) };

  const interruption =
    assignResidualSeats(ctx, standings, steps, initial.residual, 0, false) ??
    applyAbsoluteMajority(ctx, standings, steps, totalVotes) ??
    applyListExhaustion(ctx, standings, steps, initial.residual);
  if (interruption) return stop(interruption);

  const final = { full: standings.reduce((sum, s) => sum + s.full, 0), residual: standings.reduce((sum, s) => sum + s.residual, 0) };
  return {
    type: 'completed',
    quota,
    seatsPerList: standings.map(seatsOf),
    summary: summarise(standings, steps, quota, final, prepared.seats, true),
  };
}

// ─── candidate nomination: Kieswet P 15–P 19 ────────────────────────────────────────────────────

type NominationOutcome =
  | { type: 'completed'; summary: NominationSummary }
  | { type: 'lot'; drawing: CandidateDrawingLots }
  | { type: 'error'; error: ApportionmentError };

/** Candidates by votes, most first; equal votes keep list order (Array.prototype.sort is stable). */
function byVotes(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => (a.votes === b.votes ? 0 : a.votes > b.votes ? -1 : 1));
}

function nominate(prepared: Prepared, rules: ApportionmentRules, quota: Fraction, seatsPerList: readonly number[]): NominationOutcome {
  const large = prepared.seats >= rules.largeCouncilSeats;
  // Kieswet P 15: the preference threshold is 25 % of the quota, or 50 % below 19 seats.
  const percentage = large ? rules.preferenceThresholdPercentage.largeCouncil : rules.preferenceThresholdPercentage.smallCouncil;
  const threshold = quota.mul(Fraction.of(percentage, 100));
  const elected: { list: number; candidate: number }[] = [];
  const nominations: ListNomination[] = [];

  for (const [index, list] of prepared.lists.entries()) {
    const seats = seatsPerList[index] ?? 0;
    const living = list.candidates.filter((c) => !c.deceased);
    // Kieswet P 15: a candidate with more votes than the threshold is elected on preference votes.
    const qualifying = byVotes(living.filter((c) => Fraction.of(c.votes).gt(threshold)));
    const waiting = [...qualifying];
    const preferential: number[] = [];
    // Kieswet P 16: in order of votes; when equal votes tie for the last seats, by lot.
    while (preferential.length < seats && waiting.length > 0) {
      const votes = waiting[0]?.votes ?? 0n;
      const group = waiting.filter((c) => c.votes === votes);
      const free = seats - preferential.length;
      let chosen: number[];
      if (group.length <= free) {
        chosen = group.map((c) => c.number);
      } else {
        const options = group.map((c) => c.number);
        const seatNumbers = range(preferential.length + 1, seats);
        const lot = prepared.candidateLots.take();
        if (!lot) {
          return {
            type: 'lot',
            drawing: { list: list.number, total_seats: seats, number_of_votes: Number(votes), seat_numbers: seatNumbers, options },
          };
        }
        if (lot.list !== list.number || !sameNumbers(lot.options, options) || !sameNumbers(lot.seat_numbers, seatNumbers)) {
          return {
            type: 'error',
            error: fail(
              'LotMismatch',
              `De volgende opgegeven loting past niet bij de loting die nu nodig is (lijst ${list.number}, kandidaten ${options.join(', ')}).`,
            ),
          };
        }
        chosen = [lot.drawn];
      }
      for (const number of chosen) {
        preferential.push(number);
        waiting.splice(
          waiting.findIndex((c) => c.number === number),
          1,
        );
      }
    }
    // Kieswet P 17: the remaining seats go to the other candidates in list order.
    const other = living
      .filter((c) => !preferential.includes(c.number))
      .slice(0, Math.max(0, seats - preferential.length))
      .map((c) => c.number);
    // Kieswet P 19: the updated ranking puts the elected and other qualifying candidates first, by
    // votes; abacus does not update it for a list without seats in a body of 19 seats or more.
    const reorder = qualifying.length > 0 && !(large && seats === 0);
    const qualifyingNumbers = new Set(qualifying.map((c) => c.number));
    const ranking = reorder
      ? [...preferential, ...waiting.map((c) => c.number), ...living.filter((c) => !qualifyingNumbers.has(c.number)).map((c) => c.number)]
      : living.map((c) => c.number);
    const original = list.candidates.map((c) => c.number);
    const nominated = new Set([...preferential, ...other]);
    for (const c of living) if (nominated.has(c.number)) elected.push({ list: list.number, candidate: c.number });
    nominations.push({
      list: list.number,
      seats,
      preferential,
      other,
      ranking_updated: ranking.length !== original.length || ranking.some((n, i) => n !== original[i]),
      ranking,
    });
  }
  return {
    type: 'completed',
    summary: {
      preference_threshold: { percentage, votes: threshold.toObject() },
      elected_candidates: elected,
      list_nominations: nominations,
    },
  };
}

// ─── entry point ────────────────────────────────────────────────────────────────────────────────

function unusedLots(queue: { unused: number }, what: string): ApportionmentError | undefined {
  return queue.unused > 0
    ? fail(
        'UnusedLots',
        `Er ${queue.unused === 1 ? 'is 1 loting' : `zijn ${queue.unused} lotingen`} ${what} opgegeven die niet nodig ${queue.unused === 1 ? 'was' : 'waren'}.`,
      )
    : undefined;
}

function run(input: ApportionmentInput, rules: ApportionmentRules): ApportionmentResult {
  const prepared = prepare(input);
  if ('status' in prepared) return prepared;

  if (prepared.kind === 'candidate_nomination') {
    const quota = prepared.givenQuota ?? Fraction.ZERO;
    const nomination = nominate(prepared, rules, quota, prepared.givenSeats ?? []);
    if (nomination.type === 'error') return nomination.error;
    const unused = unusedLots(prepared.listLots, 'tussen lijsten');
    if (unused) return unused;
    if (nomination.type === 'lot')
      return { status: 'CandidateDrawingLotsRequired', kind: 'candidate_nomination', drawing_lots: nomination.drawing };
    return (
      unusedLots(prepared.candidateLots, 'tussen kandidaten') ?? {
        status: 'Completed',
        kind: 'candidate_nomination',
        ...nomination.summary,
      }
    );
  }

  const seats = assignSeats(prepared, rules);
  if (seats.type === 'error') return seats.error;
  if (seats.type === 'lot')
    return { status: 'ListDrawingLotsRequired', kind: prepared.kind, drawing_lots: seats.drawing, ...seats.summary };
  const unusedListLots = unusedLots(prepared.listLots, 'tussen lijsten');
  if (unusedListLots) return unusedListLots;
  if (prepared.kind === 'seat_assignment') {
    return unusedLots(prepared.candidateLots, 'tussen kandidaten') ?? { status: 'Completed', kind: 'seat_assignment', ...seats.summary };
  }

  const nomination = nominate(prepared, rules, seats.quota, seats.seatsPerList);
  if (nomination.type === 'error') return nomination.error;
  if (nomination.type === 'lot') {
    return { status: 'CandidateDrawingLotsRequired', kind: 'process', drawing_lots: nomination.drawing, ...seats.summary };
  }
  return (
    unusedLots(prepared.candidateLots, 'tussen kandidaten') ?? {
      status: 'Completed',
      kind: 'process',
      ...seats.summary,
      ...nomination.summary,
    }
  );
}

/**
 * Apportions the seats of one body among its lists and its lists' candidates (Kieswet chapter P),
 * or only the seats, or only the candidates for given seats (`kind`). Never throws: invalid input
 * gives status `Error` with a code and a Dutch message; a needed drawing of lots gives status
 * `ListDrawingLotsRequired` or `CandidateDrawingLotsRequired` with the options. Record the drawn
 * result in `lots_drawn_lists` / `lots_drawn_candidates` and call again.
 */
export function apportion(input: ApportionmentInput, rules: ApportionmentRules = kieswetRules): ApportionmentResult {
  try {
    return run(input, rules);
  } catch {
    return fail('InternalError', 'De zetelverdeling kon door een interne fout niet worden berekend.');
  }
}
