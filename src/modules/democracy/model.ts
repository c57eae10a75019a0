// democracy: the shapes of elections, referendums and counts, and the pure rules of their states.
// No I/O, no clock. The counting checks live in counting.ts, the seat apportionment in
// apportionment/, the EML_NL files in eml/.
//
// A referendum is counted like an election: its ballot is an `Election` of kind `referendum`
// whose lists are the answer options (without candidates). Polling stations, double data entry,
// the coordinator's decisions and finalisation are therefore the same code for both.

/** The body elected (Kieswet: gemeenteraad, provinciale staten, algemeen bestuur waterschap, Tweede Kamer). */
export const bodies = ['municipal_council', 'provincial_council', 'water_board', 'house_of_representatives'] as const;
export type Body = (typeof bodies)[number];

export const electionKinds = ['election', 'referendum'] as const;
export type ElectionKind = (typeof electionKinds)[number];

/** draft: lists and stations may still change; counting: entries are made; finalised: the result is fixed (until a recorded recount). */
export const electionStatuses = ['draft', 'counting', 'finalised'] as const;
export type ElectionStatus = (typeof electionStatuses)[number];

export interface Candidate {
  /** Position on the list, 1-based (in EML the CandidateIdentifier Id). */
  position: number;
  initials: string;
  firstName: string | null;
  /** Tussenvoegsel, e.g. "van der". */
  prefix: string | null;
  lastName: string;
  locality: string | null;
  gender: 'male' | 'female' | 'x' | null;
  /** Died before the apportionment (Kieswet P 19a); the candidate keeps the votes, but is not elected. */
  deceased: boolean;
}

/** A list (kandidatenlijst) of a political group; for a referendum: an answer option, without candidates. */
export interface ElectionList {
  number: number;
  name: string;
  candidates: Candidate[];
}

export interface PollingStation {
  /** The number of the polling station (stembureau), unique within the election. */
  number: number;
  name: string;
  /** The municipality the station is in (CBS code GM….), for totals per municipality. */
  municipalityCode: string;
  postalCode: string | null;
  /** Kiesgerechtigden assigned to the station, when known (for turnout). */
  eligibleVoters: number | null;
}

export interface Election {
  id: string;
  kind: ElectionKind;
  /** The organisation that runs the count (central polling station), e.g. GM0014. */
  organisationCode: string;
  /** null for a referendum. */
  body: Body | null;
  name: string;
  /** Election day, YYYY-MM-DD. */
  date: string;
  /** Seats of the body; null for a referendum. */
  seats: number | null;
  status: ElectionStatus;
  /** The ElectionIdentifier Id of the EML files (e.g. "GR2026_Groningen"); null when defined by hand. */
  emlId: string | null;
  /** Kiesgerechtigden in total, for turnout (sum of the stations when not set). */
  eligibleVoters: number | null;
  createdAt: string;
  finalisedAt: string | null;
}

export interface ElectionDefinition extends Election {
  lists: ElectionList[];
  stations: PollingStation[];
}

// ─── counts ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The numbers of one polling station's official report (proces-verbaal), as entered. Field
 * names follow the report: A/B/D admitted voters, E per list and candidate, blank, invalid,
 * totals, and the explained differences between admitted voters and counted ballots.
 */
export interface StationCount {
  voters: {
    /** Stempassen. */
    pollCards: number;
    /** Volmachtbewijzen. */
    proxyCertificates: number;
    /** Totaal toegelaten kiezers. */
    total: number;
  };
  votes: {
    /** Per list in list-number order: the votes per candidate (list position order) and the list total. A referendum option has no candidates. */
    lists: { number: number; candidates: number[]; total: number }[];
    /** Totaal stemmen op lijsten (geldige stemmen). */
    totalValid: number;
    blank: number;
    invalid: number;
    /** Totaal uitgebrachte stemmen = valid + blank + invalid. */
    total: number;
  };
  differences: {
    /** Meer getelde stembiljetten dan toegelaten kiezers. */
    moreBallots: number;
    /** Minder getelde stembiljetten dan toegelaten kiezers. */
    fewerBallots: number;
    /** The explanation written on the report, if any. */
    explanation: string | null;
  };
}

/** A finding of the count checks (counting.ts); errors refuse the entry, warnings must be confirmed. */
export interface CountFinding {
  code: string;
  severity: 'error' | 'warning';
  /** The fields the finding is about, as paths like "votes.lists.2.total". */
  fields: string[];
  message: { nl: string; en: string };
}

// ─── double data entry ───────────────────────────────────────────────────────────────────────────

/**
 * not_started → first_entry (entry 1 saved) → agreed (entry 2 equal) | different (entry 2 differs);
 * different → agreed (coordinator keeps one, or corrects) | not_started (coordinator discards both).
 * A recount puts an agreed station of a finalised election back to not_started.
 */
export const stationStatuses = ['not_started', 'first_entry', 'different', 'agreed'] as const;
export type StationStatus = (typeof stationStatuses)[number];

export const resolutions = ['keep_first', 'keep_second', 'correct', 'discard_both'] as const;
export type Resolution = (typeof resolutions)[number];

export interface StationProgress extends PollingStation {
  status: StationStatus;
  /** Increases when both entries are discarded or a recount starts; entries belong to one attempt. */
  attempt: number;
  recounts: number;
  /** Who made entry 1 of the current attempt (an official id), so entry 2 can refuse the same person. */
  firstEnteredBy: string | null;
  agreedAt: string | null;
}

export interface CountEntry {
  electionId: string;
  stationNumber: number;
  attempt: number;
  entryNo: 1 | 2;
  enteredBy: string;
  count: StationCount;
  /** Warning codes the official confirmed against the paper report. */
  acceptedWarnings: string[];
  createdAt: string;
}

export type EntryOutcome = 'saved_first' | 'agreed' | 'different';

/** What saving an entry does to the station (pure): entry 1 waits for entry 2; entry 2 agrees or differs. */
export function entryOutcome(status: StationStatus, equalToFirst: boolean | null): EntryOutcome | 'refused' {
  if (status === 'not_started') return 'saved_first';
  if (status === 'first_entry') return equalToFirst ? 'agreed' : 'different';
  return 'refused';
}

/** The station status after a coordinator's resolution of differences. */
export function resolvedStatus(resolution: Resolution): StationStatus {
  return resolution === 'discard_both' ? 'not_started' : 'agreed';
}

/** The election may be finalised when it is counting, has stations, and every station is agreed. */
export function mayFinalise(election: Pick<Election, 'status'>, stations: readonly Pick<StationProgress, 'status'>[]): boolean {
  return election.status === 'counting' && stations.length > 0 && stations.every((s) => s.status === 'agreed');
}

// ─── results ─────────────────────────────────────────────────────────────────────────────────────

/** Summed counts: over all agreed stations, or per municipality. Same shape as one station's count. */
export interface CountTotals {
  stations: number;
  voters: StationCount['voters'];
  votes: StationCount['votes'];
  differences: { moreBallots: number; fewerBallots: number };
}

export interface LotRecord {
  seq: number;
  kind: 'list' | 'candidate';
  /** A ListLotDrawn or CandidateLotDrawn of apportionment/model.ts. */
  drawn: unknown;
  recordedBy: string;
  recordedAt: string;
}

/** A finalised result; a recount and a new finalisation make a new version, the old one stays. */
export interface FinalResult {
  electionId: string;
  version: number;
  finalisedAt: string;
  finalisedBy: string;
  totals: CountTotals;
  perMunicipality: Record<string, CountTotals>;
  /** The ApportionmentResult for an election; null for a referendum. */
  apportionment: unknown;
  /** For a referendum: its outcome (referendum.ts). */
  referendum: unknown;
}

// ─── referendums ─────────────────────────────────────────────────────────────────────────────────

/** requesting: supporters are gathered per phase; request_failed: a phase missed its threshold; scheduled: the vote will be held; voting: the ballot is counted; decided: the result is final. */
export const referendumStatuses = ['requesting', 'request_failed', 'scheduled', 'counting', 'finalised'] as const;
export type ReferendumStatus = (typeof referendumStatuses)[number];

export interface RequestPhase {
  key: string;
  label: { nl: string; en: string };
  /** Supporters needed, inclusive. */
  threshold: number;
  /** Length of the phase in days, counted from its first day. */
  days: number;
}

/** The rules of an ordinance (referendumverordening) or law, as data (data/democracy/referendum-rules.json). */
export interface ReferendumRules {
  key: string;
  name: { nl: string; en: string };
  source: string;
  validFrom: string;
  requestPhases: RequestPhase[];
  /** Minimum turnout for a valid outcome, in percent of eligible voters; null when none. */
  turnoutThresholdPercent: number | null;
  /** Minimum votes for the winning option, when the ordinance sets that instead (e.g. Deventer); null when none. */
  minimumVotesForOutcome: number | null;
}

export interface Referendum {
  id: string;
  organisationCode: string;
  title: string;
  question: string;
  /** The policy the referendum is about: a title and, when published, a link. */
  policy: { title: string; url: string | null; goalId: string | null };
  rules: ReferendumRules;
  status: ReferendumStatus;
  /** Index into rules.requestPhases while requesting. */
  phaseIndex: number;
  phaseStartedOn: string | null;
  /** Last day (inclusive, Europe/Amsterdam) of the current phase. */
  phaseEndsOn: string | null;
  voteDate: string | null;
  /** The ballot: an Election of kind referendum, whose lists are the options. */
  electionId: string;
  createdAt: string;
}
