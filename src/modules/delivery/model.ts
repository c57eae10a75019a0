// delivery: the pure case model. The case lifecycle as a state machine, the decision term (Awb 4:13,
// 4:14, 4:15), the penalty for a late decision (Awb 4:17), the decision by operation of law (Awb
// 4:20b) and the objection term named in a decision letter (Awb 6:7, 6:8).
//
// Pure: no I/O and no clock; today's date is passed in. Dates are `IsoDate` strings; every date
// is computed with src/platform/time (term ends with the Algemene termijnenwet where it applies).
// The legal numbers (amounts, the 42 days, the two weeks, the 3 days, the 6 weeks) come from
// data/legal/awb-dwangsom.json through reference.ts; the decision term in weeks is a parameter
// (the service's statutory term, or Awb 4:13 lid 2's 8 weeks from data/upl/awb-decision-terms.json).
// The legal choices are listed in README.md ("Legal choices").
import { addDays, addWeeks, daysBetween, legalCalendar } from '../../platform/time/index.ts';
import type { Citation, IsoDate, LegalCalendar, LocalizedLines, SourceStatus } from '../../platform/time/index.ts';

// =======================================================================================
// 1. Case lifecycle
// =======================================================================================

/**
 * Where a case is. `draft` is an application not yet sent (no term runs); `submitted` is received
 * and waiting for an official; `in_progress` is being handled; `awaiting_information` waits for the
 * applicant after a request to complete the application (the decision term is suspended, Awb 4:15);
 * `decided` has a decision (its outcome is stored with it); `decided_by_operation_of_law` got the
 * requested decision by law because the term passed (Awb 4:20b); `withdrawn` was withdrawn by the
 * applicant; `closed` is archived after a decision or withdrawal.
 */
export const caseStatuses = [
  'draft',
  'submitted',
  'in_progress',
  'awaiting_information',
  'decided',
  'decided_by_operation_of_law',
  'withdrawn',
  'closed',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The outcome of a decision by an official (`decide`). */
export const decisionOutcomes = ['granted', 'partly_granted', 'refused', 'not_considered'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

/** Who performs an action: the applicant (or someone acting for them), an official, or Loket itself (a scheduled job). */
export const actorKinds = ['applicant', 'official', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const caseActions = [
  'submit',
  'claim',
  'assign',
  'request_information',
  'receive_information',
  'resume',
  'extend_term',
  'give_notice_of_default',
  'decide',
  'decide_by_operation_of_law',
  'withdraw',
  'close',
] as const;
export type CaseAction = (typeof caseActions)[number];

export interface CaseActionRule {
  /** Who may perform the action. */
  readonly actors: readonly ActorKind[];
  /** From-state → next state; a state not listed does not allow the action. */
  readonly transitions: Readonly<Partial<Record<CaseStatus, CaseStatus>>>;
  /** The article the action rests on, where there is one. */
  readonly citation?: string;
}

/** The states in which the application is pending: the decision term runs (or is suspended). */
export const pendingStatuses = ['submitted', 'in_progress', 'awaiting_information'] as const satisfies readonly CaseStatus[];
type PendingStatus = (typeof pendingStatuses)[number];

function each<T extends CaseStatus>(states: readonly T[], next: (s: T) => CaseStatus): Partial<Record<CaseStatus, CaseStatus>> {
  return Object.fromEntries(states.map((s) => [s, next(s)]));
}

/** The state machine as data: every action, who may do it and where it leads. README.md draws it. */
export const caseActionRules: { readonly [A in CaseAction]: CaseActionRule } = {
  submit: { actors: ['applicant'], transitions: { draft: 'submitted' }, citation: 'Awb 4:1' },
  // Claim = assign to oneself; assign = give the case to a (possibly other) official. Both may re-assign.
  claim: {
    actors: ['official'],
    transitions: { submitted: 'in_progress', in_progress: 'in_progress', awaiting_information: 'awaiting_information' },
  },
  assign: {
    actors: ['official'],
    transitions: { submitted: 'in_progress', in_progress: 'in_progress', awaiting_information: 'awaiting_information' },
  },
  request_information: { actors: ['official'], transitions: { in_progress: 'awaiting_information' }, citation: 'Awb 4:5, 4:15 lid 1' },
  // The applicant sends the information (or an official records a letter that brought it).
  receive_information: {
    actors: ['applicant', 'official'],
    transitions: { awaiting_information: 'in_progress' },
    citation: 'Awb 4:15 lid 1',
  },
  // The term set for completing the application passed unused: the term runs again (4:15 lid 1 a).
  resume: { actors: ['official', 'system'], transitions: { awaiting_information: 'in_progress' }, citation: 'Awb 4:15 lid 1' },
  // Not while suspended: there is no due date to extend until the term runs again.
  extend_term: { actors: ['official'], transitions: { in_progress: 'in_progress' }, citation: 'Awb 4:14' },
  give_notice_of_default: { actors: ['applicant'], transitions: each(pendingStatuses, (s) => s), citation: 'Awb 4:17 lid 3' },
  decide: { actors: ['official'], transitions: { in_progress: 'decided' }, citation: 'Awb 1:3, 4:13' },
  decide_by_operation_of_law: {
    actors: ['system', 'official'],
    transitions: each(pendingStatuses, () => 'decided_by_operation_of_law'),
    citation: 'Awb 4:20b',
  },
  withdraw: { actors: ['applicant'], transitions: each(pendingStatuses, () => 'withdrawn') },
  close: {
    actors: ['official', 'system'],
    transitions: { decided: 'closed', decided_by_operation_of_law: 'closed', withdrawn: 'closed' },
  },
};

export type TransitionResult = { ok: true; next: CaseStatus } | { ok: false; code: 'delivery.transition_not_allowed' };

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (caseStatuses as readonly string[]).includes(value);
}

export function isCaseAction(value: unknown): value is CaseAction {
  return typeof value === 'string' && (caseActions as readonly string[]).includes(value);
}

/** The next state after `action`, or `delivery.transition_not_allowed` (also for unknown states or actions). */
export function transition(state: CaseStatus, action: CaseAction): TransitionResult {
  if (!isCaseStatus(state) || !isCaseAction(action)) return { ok: false, code: 'delivery.transition_not_allowed' };
  const next = caseActionRules[action].transitions[state];
  return next === undefined ? { ok: false, code: 'delivery.transition_not_allowed' } : { ok: true, next };
}

export function mayPerform(actor: ActorKind, action: CaseAction): boolean {
  return isCaseAction(action) && caseActionRules[action].actors.includes(actor);
}

/** The actions allowed in `state` (for `actor`, if given), in the order of `caseActions`. For the UI. */
export function allowedActions(state: CaseStatus, actor?: ActorKind): CaseAction[] {
  if (!isCaseStatus(state)) return [];
  return caseActions.filter((a) => caseActionRules[a].transitions[state] !== undefined && (actor === undefined || mayPerform(actor, a)));
}

/** Submitted and not yet decided or withdrawn. */
export function isPending(state: CaseStatus): state is PendingStatus {
  return (pendingStatuses as readonly CaseStatus[]).includes(state);
}

/** No action leads anywhere from here. */
export function isFinal(state: CaseStatus): boolean {
  return allowedActions(state).length === 0;
}

// =======================================================================================
// 2. Decision term (Awb 4:13, 4:14, 4:15)
// =======================================================================================

/**
 * The decision term of a service. `statutory`: set by the service's own law (4:13 lid 1), with
 * `extension` when that law lets the body extend it (e.g. once by at most 6 weeks); `reasonable`:
 * no statutory term, so the reasonable term that has in any case expired `weeks` (8) weeks after
 * receipt (4:13 lid 2).
 */
export type DecisionTermBasis =
  | {
      readonly kind: 'statutory';
      readonly weeks: number;
      readonly extension?: { readonly maxWeeks: number; readonly maxTimes: number } | undefined;
    }
  | { readonly kind: 'reasonable'; readonly weeks: number };

/** The term that applies: the service's statutory term (`null` = none), else the reasonable term of `reasonableTermWeeks` (data). */
export function decisionTermBasis(
  statutoryTermWeeks: number | null,
  reasonableTermWeeks: number,
  extension?: { maxWeeks: number; maxTimes: number },
): DecisionTermBasis {
  const weeks = statutoryTermWeeks ?? reasonableTermWeeks;
  if (!Number.isSafeInteger(weeks) || weeks < 1) throw new RangeError(`A decision term is a positive number of weeks, got ${weeks}`);
  return statutoryTermWeeks === null
    ? { kind: 'reasonable', weeks: reasonableTermWeeks }
    : { kind: 'statutory', weeks: statutoryTermWeeks, ...(extension === undefined ? {} : { extension }) };
}

/** Why a term is suspended (Awb 4:15). ❓ 4:15 is not verified in DOMAIN.md; see README.md. */
export const suspensionReasons = [
  'information_requested', // 4:15 lid 1 a: the applicant was invited to complete the application (4:5)
  'foreign_authority', // 4:15 lid 1 b: information asked from a foreign authority
  'applicant_consent', // 4:15 lid 2 a: the applicant agreed in writing to a delay
  'applicant_delay', // 4:15 lid 2 b: the delay can be attributed to the applicant
  'force_majeure', // 4:15 lid 2 c: the body cannot decide because of force majeure
] as const;
export type SuspensionReason = (typeof suspensionReasons)[number];

/**
 * A period in which the decision term does not run: from `from` (the first suspended day) up to
 * but not including `until` (the day the term runs again); `until` null = still suspended.
 */
export interface Suspension {
  readonly reason: SuspensionReason;
  readonly from: IsoDate;
  readonly until: IsoDate | null;
}

/**
 * Awb 4:15 lid 1 a ❓: the term is suspended from the day after the invitation to complete the
 * application "tot" (until, not including) the day the application was completed, or the day the
 * term set for completing it passed unused (the day after `completeBy`). Without a term set there
 * is no suspension (ABRvS 21-9-2016, ECLI:NL:RVS:2016:2527), so `completeBy` is required.
 * `today` decides whether a request without an answer is still running.
 */
export function informationRequestSuspension(input: {
  requestedOn: IsoDate;
  completeBy: IsoDate;
  receivedOn?: IsoDate | null | undefined;
  today: IsoDate;
}): Suspension {
  const { requestedOn, completeBy, today } = input;
  if (completeBy <= requestedOn) throw new RangeError(`The completion term must end after the request (${requestedOn}), got ${completeBy}`);
  const from = addDays(requestedOn, 1);
  const lapsed = addDays(completeBy, 1);
  const receivedOn = input.receivedOn ?? null;
  let until: IsoDate | null;
  if (receivedOn !== null) until = receivedOn < lapsed ? receivedOn : lapsed;
  else until = today >= lapsed ? lapsed : null;
  if (until !== null && until < from) until = from; // answered on the day of the request: nothing suspended
  return { reason: 'information_requested', from, until };
}

/** Awb 4:14: a notice, sent on `sentOn`, that the decision will come by `newDueDate`. */
export interface ExtensionNotice {
  readonly sentOn: IsoDate;
  readonly newDueDate: IsoDate;
}

export type ExtensionRefusalCode =
  | 'delivery.term_suspended'
  | 'delivery.extension_too_late'
  | 'delivery.extension_date_not_later'
  | 'delivery.extension_date_not_working_day'
  | 'delivery.extension_limit_reached'
  | 'delivery.extension_too_long';

/** How the due date came about, step by step (for the case page and the accountability export). */
export type DecisionDueStep =
  | {
      readonly kind: 'term';
      readonly basis: DecisionTermBasis['kind'];
      readonly weeks: number;
      readonly rawEnd: IsoDate;
      readonly end: IsoDate;
      readonly atwApplied: boolean;
    }
  | {
      readonly kind: 'suspension';
      readonly reason: SuspensionReason;
      readonly from: IsoDate;
      readonly until: IsoDate | null;
      /** Days added to the term (0 where an earlier suspension already covered the period). */
      readonly days: number;
      /** The due date after this step; null while the suspension lasts. */
      readonly dueDate: IsoDate | null;
    }
  | {
      readonly kind: 'suspension_ignored';
      readonly reason: SuspensionReason;
      readonly from: IsoDate;
      readonly code: 'delivery.term_already_expired';
    }
  | {
      readonly kind: 'extension';
      readonly sentOn: IsoDate;
      readonly newDueDate: IsoDate;
      /** `due_date_moved`: the term now ends on `newDueDate`; `announced_only`: a 4:14 lid 1 notice, the statutory term stays. */
      readonly effect: 'due_date_moved' | 'announced_only';
      readonly dueDate: IsoDate;
    }
  | {
      readonly kind: 'extension_ignored';
      readonly sentOn: IsoDate;
      readonly newDueDate: IsoDate;
      readonly code: ExtensionRefusalCode;
    };

export interface DecisionDueInput {
  /** The day the application was received (Awb 4:13: the term runs from the day after). */
  readonly receivedOn: IsoDate;
  readonly term: DecisionTermBasis;
  readonly suspensions?: readonly Suspension[];
  readonly extensions?: readonly ExtensionNotice[];
  /** Defaults to the shipped legal calendar (data/legal/holidays.json). */
  readonly calendar?: LegalCalendar;
}

export interface DecisionDue {
  /** The last day of the decision term (inclusive): the legal due date. Null while the term is suspended. */
  readonly dueDate: IsoDate | null;
  /** The statutory or reasonable term's own end, before suspensions and extensions (Atw applied). */
  readonly termEnd: IsoDate;
  /** Whether the Atw was applied to the term (not for terms longer than 12 weeks, Atw art. 4). */
  readonly atwApplied: boolean;
  /** The first day of a suspension that still lasts. */
  readonly suspendedSince: IsoDate | null;
  /** Days the term was extended by suspensions. */
  readonly suspendedDays: number;
  /** The latest date announced in a 4:14 lid 1 notice that did not move a statutory term. */
  readonly announcedDecisionDate: IsoDate | null;
  /** Extension notices that were accepted. */
  readonly extensionsUsed: number;
  readonly steps: readonly DecisionDueStep[];
  /** The Atw explanation of `termEnd` (Dutch and English), from platform/time. */
  readonly reasons: LocalizedLines;
  readonly warnings: LocalizedLines;
}

type DueEvent = { kind: 'suspension'; at: IsoDate; s: Suspension } | { kind: 'extension'; at: IsoDate; n: ExtensionNotice };

/**
 * The decision due date. The term's raw end is the receipt date + `weeks` weeks; suspended days are
 * added to the raw end and the Atw (art. 1 and 2, not for terms over 12 weeks: art. 4) moves the end
 * to a working day, all through `termEnd` of platform/time. Events are taken in date order:
 *
 * - a suspension counts only if its first day falls within the term as it stands then; overlapping
 *   suspensions count each day once; an open suspension leaves the due date unknown (`null`);
 * - an extension notice must be sent on or before the current due date and name a later working
 *   day. For the reasonable term (4:14 lid 3) the named date becomes the due date; only one such
 *   notice counts (it must come "within those 8 weeks"). For a statutory term, a notice moves the
 *   due date only if the service's law allows extending (`term.extension`: at most `maxTimes`
 *   times, each by at most `maxWeeks` weeks counted from the raw end); otherwise it is a 4:14 lid 1
 *   notice that announces a date but leaves the statutory term as it is.
 * - suspensions after an extension add their days to the named date, then Atw art. 1 applies.
 */
export function computeDecisionDue(input: DecisionDueInput): DecisionDue {
  const calendar = input.calendar ?? legalCalendar;
  const { receivedOn, term } = input;
  const base = calendar.termEnd({ after: receivedOn, weeks: term.weeks, atw: true });
  const steps: DecisionDueStep[] = [
    { kind: 'term', basis: term.kind, weeks: term.weeks, rawEnd: base.rawEnd, end: base.end, atwApplied: base.atwApplied },
  ];

  // The current end: either the term (receipt + suspended days + weeks) or a named date (+ suspended days since).
  const firstTermDay = addDays(receivedOn, 1);
  let anchor: { kind: 'term'; suspended: number } | { kind: 'named'; date: IsoDate; suspended: number } = { kind: 'term', suspended: 0 };
  let totalSuspended = 0;
  let coveredUntil: IsoDate | null = null; // exclusive end of the suspensions counted so far
  let suspendedSince: IsoDate | null = null;
  let announced: IsoDate | null = null;
  let extensionsUsed = 0;

  const rawAndEnd = (): { raw: IsoDate; end: IsoDate } => {
    if (anchor.kind === 'term') {
      const r = calendar.termEnd({ after: addDays(receivedOn, anchor.suspended), weeks: term.weeks, atw: true });
      return { raw: r.rawEnd, end: r.end };
    }
    const raw = addDays(anchor.date, anchor.suspended);
    return { raw, end: calendar.nextWorkingDay(raw) };
  };

  const events: DueEvent[] = [
    ...(input.suspensions ?? []).map((s): DueEvent => ({ kind: 'suspension', at: s.from, s })),
    ...(input.extensions ?? []).map((n): DueEvent => ({ kind: 'extension', at: n.sentOn, n })),
  ];
  // Date order; on the same day an extension comes before a suspension (the suspension then moves the named date).
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === b.kind ? 0 : a.kind === 'extension' ? -1 : 1));

  for (const event of events) {
    const current = rawAndEnd();
    if (event.kind === 'suspension') {
      const { s } = event;
      if (suspendedSince !== null) {
        // Already suspended without end: everything after it is covered by that suspension.
        steps.push({ kind: 'suspension', reason: s.reason, from: s.from, until: s.until, days: 0, dueDate: null });
        continue;
      }
      // A suspension cannot start before the term does (the day after receipt), nor count a day twice.
      const effectiveFrom = [s.from, firstTermDay, coveredUntil ?? s.from].reduce((a, b) => (a > b ? a : b));
      if (s.until !== null && s.until <= effectiveFrom) {
        steps.push({ kind: 'suspension', reason: s.reason, from: s.from, until: s.until, days: 0, dueDate: current.end });
        continue;
      }
      if (effectiveFrom > current.end) {
        steps.push({ kind: 'suspension_ignored', reason: s.reason, from: s.from, code: 'delivery.term_already_expired' });
        continue;
      }
      if (s.until === null) {
        suspendedSince = effectiveFrom;
        steps.push({ kind: 'suspension', reason: s.reason, from: s.from, until: null, days: 0, dueDate: null });
        continue;
      }
      const days = daysBetween(effectiveFrom, s.until);
      anchor = { ...anchor, suspended: anchor.suspended + days };
      totalSuspended += days;
      coveredUntil = s.until;
      steps.push({ kind: 'suspension', reason: s.reason, from: s.from, until: s.until, days, dueDate: rawAndEnd().end });
      continue;
    }

    const { n } = event;
    const refusal = ((): ExtensionRefusalCode | null => {
      if (suspendedSince !== null) return 'delivery.term_suspended';
      if (n.sentOn > current.end) return 'delivery.extension_too_late';
      if (n.newDueDate <= current.end) return 'delivery.extension_date_not_later';
      if (calendar.isNonWorkingDay(n.newDueDate)) return 'delivery.extension_date_not_working_day';
      if (term.kind === 'reasonable') return extensionsUsed >= 1 ? 'delivery.extension_limit_reached' : null;
      if (term.extension === undefined) return null; // 4:14 lid 1: announced only
      if (extensionsUsed >= term.extension.maxTimes) return 'delivery.extension_limit_reached';
      // ❓ counted from the raw end (DOMAIN.md §11 vector 10), the extension itself as a statutory term with the Atw.
      const limit = calendar.termEnd({ after: current.raw, weeks: term.extension.maxWeeks, atw: true }).end;
      return n.newDueDate > limit ? 'delivery.extension_too_long' : null;
    })();
    if (refusal !== null) {
      steps.push({ kind: 'extension_ignored', sentOn: n.sentOn, newDueDate: n.newDueDate, code: refusal });
      continue;
    }
    if (term.kind === 'statutory' && term.extension === undefined) {
      announced = n.newDueDate;
      steps.push({ kind: 'extension', sentOn: n.sentOn, newDueDate: n.newDueDate, effect: 'announced_only', dueDate: current.end });
      continue;
    }
    anchor = { kind: 'named', date: n.newDueDate, suspended: 0 };
    extensionsUsed += 1;
    steps.push({ kind: 'extension', sentOn: n.sentOn, newDueDate: n.newDueDate, effect: 'due_date_moved', dueDate: n.newDueDate });
  }

  return {
    dueDate: suspendedSince === null ? rawAndEnd().end : null,
    termEnd: base.end,
    atwApplied: base.atwApplied,
    suspendedSince,
    suspendedDays: totalSuspended,
    announcedDecisionDate: announced,
    extensionsUsed,
    steps,
    reasons: base.reasons,
    warnings: base.warnings,
  };
}

export type CheckResult<Code extends string> = { ok: true } | { ok: false; code: Code };

/**
 * May this extension notice be sent, given the notices and suspensions already recorded? The same
 * rules as `computeDecisionDue` (which would ignore a refused notice). `effect` tells whether the
 * legal due date moves or a 4:14 lid 1 notice only announces a date.
 */
export function checkExtensionNotice(
  input: DecisionDueInput & { readonly notice: ExtensionNotice },
): { ok: true; effect: 'due_date_moved' | 'announced_only'; dueDate: IsoDate } | { ok: false; code: ExtensionRefusalCode } {
  const { notice, ...rest } = input;
  const due = computeDecisionDue({ ...rest, extensions: [...(rest.extensions ?? []), notice] });
  const step = [...due.steps]
    .reverse()
    .find((s) => (s.kind === 'extension' || s.kind === 'extension_ignored') && s.sentOn === notice.sentOn);
  if (step?.kind === 'extension_ignored') return { ok: false, code: step.code };
  if (step?.kind === 'extension') return { ok: true, effect: step.effect, dueDate: step.dueDate };
  /* v8 ignore next */
  throw new Error('unreachable: every extension notice yields a step');
}

// =======================================================================================
// 3. Late decisions: penalty (Awb 4:17) or decision by operation of law (Awb 4:20a/b)
// =======================================================================================

/**
 * What the law attaches to a late decision for this service: a penalty (Awb §4.1.3.2), the
 * decision by operation of law (Awb §4.1.3.3, only where a statutory provision says so, 4:20a lid
 * 1), or neither (e.g. no beschikking op aanvraag). Never both (4:20a lid 2).
 */
export type LateDecisionRemedy = 'penalty' | 'silence_consent' | 'none';

export function lateDecisionRemedy(service: {
  silenceConsentApplies: boolean;
  dwangsomApplies: boolean;
}): { ok: true; remedy: LateDecisionRemedy } | { ok: false; code: 'delivery.silence_consent_excludes_penalty' } {
  // Awb 4:20a lid 2: where silence means consent, the dwangsom paragraph does not apply.
  if (service.silenceConsentApplies && service.dwangsomApplies) return { ok: false, code: 'delivery.silence_consent_excludes_penalty' };
  return { ok: true, remedy: service.silenceConsentApplies ? 'silence_consent' : service.dwangsomApplies ? 'penalty' : 'none' };
}

/** Awb 4:17 lid 2: the amount per day for days `fromDay`…`toDay` of the penalty. */
export interface PenaltyTier {
  readonly fromDay: number;
  readonly toDay: number;
  readonly centsPerDay: number;
}

/** One version of the amounts, valid from `validFrom` (chosen by the first penalty day). */
export interface PenaltyAmounts {
  readonly tiers: readonly PenaltyTier[];
  readonly maxTotalCents: number;
  readonly validFrom: IsoDate;
  readonly validUntil?: IsoDate | undefined;
  readonly citation: Citation;
  readonly source: string;
  readonly status: SourceStatus;
}

/** ❓ The first-day reading of Awb 4:17 lid 3, for a notice received on day R: A = R + 14, B = R + 15. */
export const firstDayConventions = ['A', 'B'] as const;
export type FirstDayConvention = (typeof firstDayConventions)[number];

/** The open questions of Awb 4:17 as settings (defaults in data/legal/awb-dwangsom.json). */
export interface PenaltySettings {
  readonly firstDayConvention: FirstDayConvention;
  /** ❓ Whether the Atw extends the two-week grace period. */
  readonly graceAtw: boolean;
  /** ❓ Whether the day the decision is given is itself a penalty day. */
  readonly decisionDayCounts: boolean;
}

export interface PenaltyRules {
  /** Awb 4:17 lid 1: at most this many days (42); the Atw does not apply. */
  readonly maxDays: number;
  /** Awb 4:17 lid 3: the grace period after the notice of default (2 weeks). */
  readonly graceWeeks: number;
  /** Days after the grace period per convention (A: 0, B: 1). */
  readonly firstDayExtraDays: Readonly<Record<FirstDayConvention, number>>;
  readonly amounts: readonly PenaltyAmounts[];
  readonly defaults: PenaltySettings;
}

export interface SilenceConsentRules {
  /** Awb 4:20b lid 3: takes effect on this day (3) after the term expired, in calendar days. */
  readonly effectiveDaysAfterTermExpiry: number;
}

export interface ObjectionTermRules {
  /** Awb 6:7: 6 weeks. */
  readonly weeks: number;
  /** A statutory term: the Atw applies. */
  readonly atwApplies: boolean;
}

/** The legal numbers of data/legal/awb-dwangsom.json (loaded by reference.ts). */
export interface DeliveryLegalRules {
  readonly penalty: PenaltyRules;
  readonly silenceConsent: SilenceConsentRules;
  readonly objectionTerm: ObjectionTermRules;
}

export interface PenaltyInput {
  /** The last day of the decision term (`computeDecisionDue(...).dueDate`). */
  readonly dueDate: IsoDate;
  /** The day the body received the written notice of default. */
  readonly noticeReceivedOn: IsoDate;
  /** The day the decision was given (sent); null = not yet decided. */
  readonly decidedOn: IsoDate | null;
  /** Today, from the clock; the penalty so far counts up to and including today. */
  readonly today: IsoDate;
  readonly rules: PenaltyRules;
  /** Overrides of the data's defaults for the open questions. */
  readonly settings?: Partial<PenaltySettings>;
  readonly calendar?: LegalCalendar;
}

export interface PenaltyTierAmount extends PenaltyTier {
  readonly days: number;
  readonly amountCents: number;
}

/**
 * `pending`: the grace period runs, nothing owed yet; `accruing`: days are being added; `capped`:
 * the 42 days are reached; `final`: decided, the total is fixed; `none`: decided before the first
 * penalty day.
 */
export type PenaltyStatus = 'pending' | 'accruing' | 'capped' | 'final' | 'none';

export interface Penalty {
  readonly status: PenaltyStatus;
  readonly settings: PenaltySettings;
  /** The first day a penalty is owed (4:17 lid 3). */
  readonly firstDay: IsoDate;
  /** The 42nd penalty day (calendar days, never moved by the Atw). */
  readonly lastPossibleDay: IsoDate;
  /** The last day counted so far (null when no day counts). */
  readonly lastCountedDay: IsoDate | null;
  readonly days: number;
  readonly amountCents: number;
  readonly maxTotalCents: number;
  readonly byTier: readonly PenaltyTierAmount[];
  readonly amounts: PenaltyAmounts;
}

export type PenaltyRefusalCode =
  'delivery.notice_of_default_premature' | 'delivery.notice_of_default_after_decision' | 'delivery.penalty_amounts_unknown';

/**
 * Awb 4:17: the penalty for a late decision. First day: the notice of default's receipt day R plus
 * the grace period (2 weeks), plus one day under convention B; with `graceAtw` the two weeks end on
 * a working day first. Then one amount per calendar day (tiers from the data) up to and including
 * the day before the decision (or the decision day with `decisionDayCounts`), or up to today while
 * undecided, at most `maxDays` days. A notice received on or before the due date is premature and
 * gives no penalty (the term had not expired), nor does one received after the decision.
 */
export function computePenalty(input: PenaltyInput): { ok: true; penalty: Penalty } | { ok: false; code: PenaltyRefusalCode } {
  const { dueDate, noticeReceivedOn, decidedOn, today, rules } = input;
  const calendar = input.calendar ?? legalCalendar;
  const settings: PenaltySettings = { ...rules.defaults, ...input.settings };
  // Awb 4:17 lid 3: the later of term expiry and receipt; a notice before expiry does not count.
  if (noticeReceivedOn <= dueDate) return { ok: false, code: 'delivery.notice_of_default_premature' };
  if (decidedOn !== null && decidedOn <= noticeReceivedOn) return { ok: false, code: 'delivery.notice_of_default_after_decision' };

  const graceEnd = settings.graceAtw
    ? calendar.termEnd({ after: noticeReceivedOn, weeks: rules.graceWeeks, atw: true }).end
    : addWeeks(noticeReceivedOn, rules.graceWeeks);
  const firstDay = addDays(graceEnd, rules.firstDayExtraDays[settings.firstDayConvention]);
  const amounts = rules.amounts.find((a) => a.validFrom <= firstDay && (a.validUntil === undefined || firstDay <= a.validUntil));
  if (amounts === undefined) return { ok: false, code: 'delivery.penalty_amounts_unknown' };

  // Awb 4:17 lid 1: calendar days, the Atw does not apply to the 42 days.
  const lastPossibleDay = addDays(firstDay, rules.maxDays - 1);
  const lastInDefault = decidedOn === null ? today : settings.decisionDayCounts ? decidedOn : addDays(decidedOn, -1);
  const days = Math.max(0, Math.min(rules.maxDays, daysBetween(firstDay, lastInDefault) + 1));
  const byTier = amounts.tiers.map((t): PenaltyTierAmount => {
    const n = Math.max(0, Math.min(days, t.toDay) - t.fromDay + 1);
    return { ...t, days: n, amountCents: n * t.centsPerDay };
  });
  const amountCents = Math.min(
    amounts.maxTotalCents,
    byTier.reduce((sum, t) => sum + t.amountCents, 0),
  );
  const status: PenaltyStatus =
    decidedOn !== null ? (days === 0 ? 'none' : 'final') : days >= rules.maxDays ? 'capped' : days === 0 ? 'pending' : 'accruing';
  return {
    ok: true,
    penalty: {
      status,
      settings,
      firstDay,
      lastPossibleDay,
      lastCountedDay: days === 0 ? null : addDays(firstDay, days - 1),
      days,
      amountCents,
      maxTotalCents: amounts.maxTotalCents,
      byTier,
      amounts,
    },
  };
}

export interface DecisionByOperationOfLaw {
  /** The last day of the decision term; the decision is given by law when it passes (4:20b lid 1). */
  readonly termExpiredAfter: IsoDate;
  /** Awb 4:20b lid 3: the third day after the term expired (calendar days, ❓ without the Atw). */
  readonly effectiveOn: IsoDate;
}

/**
 * Awb 4:20b: where silence means consent and no decision was given by the due date, the requested
 * decision is given by operation of law. `null` while the term has not expired (today ≤ due date)
 * or when the decision was given in time.
 */
export function decisionByOperationOfLaw(input: {
  dueDate: IsoDate;
  decidedOn: IsoDate | null;
  today: IsoDate;
  rules: SilenceConsentRules;
}): DecisionByOperationOfLaw | null {
  const { dueDate, decidedOn, today, rules } = input;
  if (today <= dueDate) return null;
  if (decidedOn !== null && decidedOn <= dueDate) return null;
  return { termExpiredAfter: dueDate, effectiveOn: addDays(dueDate, rules.effectiveDaysAfterTermExpiry) };
}

/**
 * The input for `lateDecisionConsequence`: by remedy, so that a notice of default cannot be given
 * for a silence-consent service and vice versa (Awb 4:20a lid 2).
 */
export type LateDecisionInput =
  | {
      readonly remedy: 'penalty';
      readonly dueDate: IsoDate;
      readonly noticeReceivedOn: IsoDate | null;
      readonly decidedOn: IsoDate | null;
      readonly today: IsoDate;
      readonly rules: PenaltyRules;
      readonly settings?: Partial<PenaltySettings>;
      readonly calendar?: LegalCalendar;
    }
  | {
      readonly remedy: 'silence_consent';
      readonly dueDate: IsoDate;
      readonly decidedOn: IsoDate | null;
      readonly today: IsoDate;
      readonly rules: SilenceConsentRules;
      readonly noticeReceivedOn?: never;
    }
  | { readonly remedy: 'none' };

/** What a late decision leads to. The two remedies exclude each other (Awb 4:20a lid 2). */
export type LateDecisionConsequence =
  | { readonly kind: 'none' }
  | { readonly kind: 'penalty'; readonly penalty: Penalty }
  | { readonly kind: 'penalty_refused'; readonly code: PenaltyRefusalCode }
  | { readonly kind: 'silence_consent'; readonly decision: DecisionByOperationOfLaw };

export function lateDecisionConsequence(input: LateDecisionInput): LateDecisionConsequence {
  switch (input.remedy) {
    case 'none':
      return { kind: 'none' };
    case 'silence_consent': {
      const decision = decisionByOperationOfLaw(input);
      return decision === null ? { kind: 'none' } : { kind: 'silence_consent', decision };
    }
    case 'penalty': {
      if (input.noticeReceivedOn === null) return { kind: 'none' };
      const result = computePenalty({ ...input, noticeReceivedOn: input.noticeReceivedOn });
      return result.ok ? { kind: 'penalty', penalty: result.penalty } : { kind: 'penalty_refused', code: result.code };
    }
  }
}

/**
 * May the decision by operation of law be recorded today? Only for a silence-consent service, when
 * the term runs (not suspended) and has expired without a decision.
 */
export function checkDecisionByOperationOfLaw(input: {
  remedy: LateDecisionRemedy;
  dueDate: IsoDate | null;
  today: IsoDate;
  rules: SilenceConsentRules;
}):
  | { ok: true; decision: DecisionByOperationOfLaw }
  | { ok: false; code: 'delivery.silence_consent_not_applicable' | 'delivery.term_suspended' | 'delivery.term_not_expired' } {
  if (input.remedy !== 'silence_consent') return { ok: false, code: 'delivery.silence_consent_not_applicable' };
  if (input.dueDate === null) return { ok: false, code: 'delivery.term_suspended' };
  const decision = decisionByOperationOfLaw({ dueDate: input.dueDate, decidedOn: null, today: input.today, rules: input.rules });
  return decision === null ? { ok: false, code: 'delivery.term_not_expired' } : { ok: true, decision };
}

export type NoticeOfDefaultRefusalCode =
  | 'delivery.notice_of_default_not_applicable'
  | 'delivery.term_suspended'
  | 'delivery.term_not_expired'
  | 'delivery.notice_of_default_already_given';

/**
 * May the applicant give notice of default on `receivedOn`? Only where the penalty applies (not
 * with silence consent, 4:20a lid 2), once, and after the term expired (a notice before then is
 * premature).
 */
export function checkNoticeOfDefault(input: {
  remedy: LateDecisionRemedy;
  dueDate: IsoDate | null;
  receivedOn: IsoDate;
  alreadyGiven: boolean;
}): CheckResult<NoticeOfDefaultRefusalCode> {
  if (input.remedy !== 'penalty') return { ok: false, code: 'delivery.notice_of_default_not_applicable' };
  if (input.dueDate === null) return { ok: false, code: 'delivery.term_suspended' };
  if (input.receivedOn <= input.dueDate) return { ok: false, code: 'delivery.term_not_expired' };
  if (input.alreadyGiven) return { ok: false, code: 'delivery.notice_of_default_already_given' };
  return { ok: true };
}

// =======================================================================================
// 4. Objection term for the decision letter (Awb 6:7, 6:8)
// =======================================================================================

export interface ObjectionTerm {
  /** Awb 6:8 lid 1: the term starts the day after the decision was announced. */
  readonly firstDay: IsoDate;
  /** The last day on which an objection can be received (inclusive), after the Atw. */
  readonly lastDay: IsoDate;
  readonly rawEnd: IsoDate;
  readonly extended: boolean;
  readonly reasons: LocalizedLines;
  readonly warnings: LocalizedLines;
}

/** The last day to object to a decision announced (sent) on `announcedOn`: 6 weeks (6:7) from the next day (6:8), with the Atw. */
export function objectionTerm(input: { announcedOn: IsoDate; rules: ObjectionTermRules; calendar?: LegalCalendar }): ObjectionTerm {
  const calendar = input.calendar ?? legalCalendar;
  const r = calendar.termEnd({ after: input.announcedOn, weeks: input.rules.weeks, atw: input.rules.atwApplies });
  return {
    firstDay: addDays(input.announcedOn, 1),
    lastDay: r.end,
    rawEnd: r.rawEnd,
    extended: r.extended,
    reasons: r.reasons,
    warnings: r.warnings,
  };
}
