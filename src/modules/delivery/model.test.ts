import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromDayNumber,
  isNonWorkingDay,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
  type IsoDate,
} from '../../platform/time/index.ts';
import {
  actorKinds,
  allowedActions,
  caseActionRules,
  caseActions,
  caseStatuses,
  checkDecisionByOperationOfLaw,
  checkExtensionNotice,
  checkNoticeOfDefault,
  computeDecisionDue,
  computePenalty,
  decisionByOperationOfLaw,
  decisionTermBasis,
  informationRequestSuspension,
  isFinal,
  isPending,
  lateDecisionConsequence,
  lateDecisionRemedy,
  mayPerform,
  objectionTerm,
  transition,
  type CaseAction,
  type CaseStatus,
  type DecisionTermBasis,
  type ExtensionNotice,
  type LateDecisionInput,
  type PenaltyRules,
  type PenaltySettings,
  type Suspension,
} from './model.ts';
import { deliveryLegalFile, deliveryLegalRules, parseDeliveryLegalRules } from './reference.ts';
import fs from 'node:fs';

const d = parseIsoDate;
const rules = deliveryLegalRules();
const penaltyRules = rules.penalty;
const reasonable8: DecisionTermBasis = decisionTermBasis(null, 8);

// =======================================================================================
// The legal data
// =======================================================================================

describe('data/legal/awb-dwangsom.json', () => {
  const raw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(deliveryLegalFile, 'utf8')) as Record<string, unknown>;
  type Mutable = { penalty: { amounts: { tiers: { centsPerDay: number; toDay: number }[]; maxTotalCents: number }[] } } & Record<
    string,
    unknown
  >;

  it('holds the Awb 4:17 numbers of DOMAIN.md §1.2 (€23/€35/€45, 42 days, 2 weeks, max €1,442)', () => {
    expect(penaltyRules.maxDays).toBe(42);
    expect(penaltyRules.graceWeeks).toBe(2);
    const [amounts] = penaltyRules.amounts;
    expect(amounts?.tiers).toEqual([
      { fromDay: 1, toDay: 14, centsPerDay: 2300 },
      { fromDay: 15, toDay: 28, centsPerDay: 3500 },
      { fromDay: 29, toDay: 42, centsPerDay: 4500 },
    ]);
    expect(amounts?.maxTotalCents).toBe(144200);
    expect(penaltyRules.firstDayExtraDays).toEqual({ A: 0, B: 1 });
    expect(penaltyRules.defaults).toEqual({ firstDayConvention: 'A', graceAtw: false, decisionDayCounts: false });
    expect(rules.silenceConsent.effectiveDaysAfterTermExpiry).toBe(3);
    expect(rules.objectionTerm).toEqual({ weeks: 6, atwApplies: true });
  });

  it('refuses tiers that do not add up to the maximum', () => {
    const json = raw() as Mutable;
    const first = json.penalty.amounts[0]!;
    first.tiers[0]!.centsPerDay = 2000;
    expect(() => parseDeliveryLegalRules(json)).toThrow(/add up to 140000, not 144200/);
  });

  it('refuses tiers that do not end at the 42nd day', () => {
    const json = raw() as Mutable;
    const first = json.penalty.amounts[0]!;
    first.tiers[2]!.toDay = 41;
    first.maxTotalCents = 144200 - 4500;
    expect(() => parseDeliveryLegalRules(json)).toThrow(/must end at day 42/);
  });

  it('refuses a missing convention, an invalid date and a missing source', () => {
    const noB = raw() as { penalty: { firstDay: { conventions: unknown[] } } };
    noB.penalty.firstDay.conventions.pop();
    expect(() => parseDeliveryLegalRules(noB)).toThrow(/exactly once/);
    const badDate = raw() as { silenceConsent: { validFrom: string } };
    badDate.silenceConsent.validFrom = '2009-02-30';
    expect(() => parseDeliveryLegalRules(badDate)).toThrow(/YYYY-MM-DD/);
    const noSource = raw() as { objectionTerm: Record<string, unknown> };
    delete noSource.objectionTerm['source'];
    expect(() => parseDeliveryLegalRules(noSource)).toThrow(/source/);
  });
});

// =======================================================================================
// Lifecycle
// =======================================================================================

describe('case lifecycle', () => {
  const expected: Record<CaseStatus, readonly CaseAction[]> = {
    draft: ['submit'],
    submitted: ['claim', 'assign', 'give_notice_of_default', 'decide_by_operation_of_law', 'withdraw'],
    in_progress: [
      'claim',
      'assign',
      'request_information',
      'extend_term',
      'give_notice_of_default',
      'decide',
      'decide_by_operation_of_law',
      'withdraw',
    ],
    awaiting_information: [
      'claim',
      'assign',
      'receive_information',
      'resume',
      'give_notice_of_default',
      'decide_by_operation_of_law',
      'withdraw',
    ],
    decided: ['close'],
    decided_by_operation_of_law: ['close'],
    withdrawn: ['close'],
    closed: [],
  };

  it.each(caseStatuses)('allows exactly the documented actions in %s', (state) => {
    expect(allowedActions(state)).toEqual(expected[state]);
  });

  it('leads where README.md says', () => {
    expect(transition('draft', 'submit')).toEqual({ ok: true, next: 'submitted' });
    expect(transition('submitted', 'claim')).toEqual({ ok: true, next: 'in_progress' });
    expect(transition('submitted', 'assign')).toEqual({ ok: true, next: 'in_progress' });
    expect(transition('in_progress', 'request_information')).toEqual({ ok: true, next: 'awaiting_information' });
    expect(transition('awaiting_information', 'receive_information')).toEqual({ ok: true, next: 'in_progress' });
    expect(transition('awaiting_information', 'resume')).toEqual({ ok: true, next: 'in_progress' });
    expect(transition('in_progress', 'extend_term')).toEqual({ ok: true, next: 'in_progress' });
    expect(transition('awaiting_information', 'give_notice_of_default')).toEqual({ ok: true, next: 'awaiting_information' });
    expect(transition('in_progress', 'decide')).toEqual({ ok: true, next: 'decided' });
    expect(transition('submitted', 'decide_by_operation_of_law')).toEqual({ ok: true, next: 'decided_by_operation_of_law' });
    expect(transition('awaiting_information', 'withdraw')).toEqual({ ok: true, next: 'withdrawn' });
    expect(transition('decided', 'close')).toEqual({ ok: true, next: 'closed' });
    expect(transition('withdrawn', 'close')).toEqual({ ok: true, next: 'closed' });
  });

  it('refuses every other pair with the stable code', () => {
    let refused = 0;
    for (const state of caseStatuses) {
      for (const action of caseActions) {
        const result = transition(state, action);
        if (!expected[state].includes(action)) {
          expect(result).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
          refused += 1;
        } else {
          expect(result.ok).toBe(true);
        }
      }
    }
    expect(refused).toBe(caseStatuses.length * caseActions.length - Object.values(expected).flat().length);
    expect(transition('draft', 'decide')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(transition('closed', 'withdraw')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(transition('awaiting_information', 'extend_term')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(transition('submitted', 'decide')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
  });

  it('refuses unknown states and actions from outside (forged input) without throwing', () => {
    expect(transition('archived' as CaseStatus, 'close')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(transition('draft', 'toString' as CaseAction)).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(transition('__proto__' as CaseStatus, 'submit')).toEqual({ ok: false, code: 'delivery.transition_not_allowed' });
    expect(allowedActions('__proto__' as CaseStatus)).toEqual([]);
    expect(mayPerform('official', 'constructor' as CaseAction)).toBe(false);
  });

  it('says who may act', () => {
    expect(mayPerform('applicant', 'submit')).toBe(true);
    expect(mayPerform('official', 'submit')).toBe(false);
    expect(mayPerform('applicant', 'decide')).toBe(false);
    expect(mayPerform('official', 'decide')).toBe(true);
    expect(mayPerform('applicant', 'give_notice_of_default')).toBe(true);
    expect(mayPerform('official', 'give_notice_of_default')).toBe(false);
    expect(mayPerform('system', 'decide_by_operation_of_law')).toBe(true);
    expect(mayPerform('applicant', 'decide_by_operation_of_law')).toBe(false);
    expect(allowedActions('in_progress', 'applicant')).toEqual(['give_notice_of_default', 'withdraw']);
    expect(allowedActions('awaiting_information', 'applicant')).toEqual(['receive_information', 'give_notice_of_default', 'withdraw']);
    expect(allowedActions('decided', 'applicant')).toEqual([]);
    for (const action of caseActions) expect(caseActionRules[action].actors.length).toBeGreaterThan(0);
  });

  it('knows pending and final states', () => {
    expect(caseStatuses.filter(isPending)).toEqual(['submitted', 'in_progress', 'awaiting_information']);
    expect(caseStatuses.filter(isFinal)).toEqual(['closed']);
  });

  it('property: no sequence of actions leaves the machine, returns to draft or skips submitted', () => {
    const step = fc.record({ action: fc.constantFrom(...caseActions), actor: fc.constantFrom(...actorKinds) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (sequence) => {
        let state: CaseStatus = 'draft';
        const path: CaseStatus[] = [state];
        for (const { action, actor } of sequence) {
          const allowed = allowedActions(state, actor).includes(action);
          const result = transition(state, action);
          expect(result.ok).toBe(allowedActions(state).includes(action));
          if (!allowed || !result.ok) continue;
          expect(caseStatuses).toContain(result.next);
          expect(result.next).not.toBe('draft');
          state = result.next;
          path.push(state);
        }
        // The first state after draft is always submitted; every later state is reached through it.
        if (path.length > 1) expect(path[1]).toBe('submitted');
        // Once decided, withdrawn or closed, the case never becomes pending again.
        const firstEnd = path.findIndex((s) => s !== 'draft' && !isPending(s));
        if (firstEnd >= 0) expect(path.slice(firstEnd).some(isPending)).toBe(false);
      }),
    );
  });
});

// =======================================================================================
// Decision term
// =======================================================================================

describe('decision due date (Awb 4:13, 4:14, 4:15) through platform/time', () => {
  it('DOMAIN.md §11 vector 7: reasonable term of 8 weeks from Mon 2026-01-05 ends Mon 2026-03-02', () => {
    const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8 });
    expect(due.dueDate).toBe('2026-03-02');
    expect(due.termEnd).toBe('2026-03-02');
    expect(due.atwApplied).toBe(true);
    expect(due.steps).toEqual([{ kind: 'term', basis: 'reasonable', weeks: 8, rawEnd: '2026-03-02', end: '2026-03-02', atwApplied: true }]);
  });

  it('moves a term ending on Easter Monday 2026-04-06 to Tuesday 2026-04-07 (Atw art. 1)', () => {
    const due = computeDecisionDue({ receivedOn: d('2026-02-09'), term: reasonable8 });
    expect(due.steps[0]).toMatchObject({ rawEnd: '2026-04-06', end: '2026-04-07' });
    expect(due.dueDate).toBe('2026-04-07');
    expect(due.reasons.nl.join(' ')).toContain('Tweede Paasdag');
  });

  it('moves a term ending on Ascension Day 2026-05-14 past the decreed Friday and the weekend to Monday 2026-05-18', () => {
    const due = computeDecisionDue({ receivedOn: d('2026-03-19'), term: reasonable8 });
    expect(due.dueDate).toBe('2026-05-18');
  });

  it('moves a statutory 6-week term ending on Saturday 2026-04-18 to Monday 2026-04-20', () => {
    const due = computeDecisionDue({ receivedOn: d('2026-03-07'), term: decisionTermBasis(6, 8) });
    expect(due.steps[0]).toMatchObject({ basis: 'statutory', weeks: 6, rawEnd: '2026-04-18' });
    expect(due.dueDate).toBe('2026-04-20');
  });

  it('does not apply the Atw to a statutory term longer than 12 weeks (Atw art. 4)', () => {
    const due = computeDecisionDue({ receivedOn: d('2026-01-03'), term: decisionTermBasis(26, 8) });
    expect(due.dueDate).toBe('2026-07-04');
    expect(isoWeekday(d('2026-07-04'))).toBe(6);
    expect(due.atwApplied).toBe(false);
  });

  it('takes the reasonable term only when there is no statutory term', () => {
    expect(decisionTermBasis(null, 8)).toEqual({ kind: 'reasonable', weeks: 8 });
    expect(decisionTermBasis(12, 8)).toEqual({ kind: 'statutory', weeks: 12 });
    expect(decisionTermBasis(8, 8, { maxWeeks: 6, maxTimes: 1 })).toEqual({
      kind: 'statutory',
      weeks: 8,
      extension: { maxWeeks: 6, maxTimes: 1 },
    });
    expect(() => decisionTermBasis(0, 8)).toThrow(RangeError);
    expect(() => decisionTermBasis(null, 1.5)).toThrow(RangeError);
  });

  describe('suspension (Awb 4:15 ❓)', () => {
    it('suspends from the day after the request up to the day the information arrived', () => {
      const s = informationRequestSuspension({
        requestedOn: d('2026-01-19'),
        completeBy: d('2026-02-02'),
        receivedOn: d('2026-01-29'),
        today: d('2026-01-29'),
      });
      expect(s).toEqual({ reason: 'information_requested', from: '2026-01-20', until: '2026-01-29' });
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [s] });
      expect(due.suspendedDays).toBe(9);
      expect(due.dueDate).toBe('2026-03-11');
      expect(due.termEnd).toBe('2026-03-02');
    });

    it('ends the suspension when the completion term passed unused', () => {
      const s = informationRequestSuspension({ requestedOn: d('2026-01-19'), completeBy: d('2026-02-02'), today: d('2026-02-10') });
      expect(s.until).toBe('2026-02-03');
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [s] });
      expect(due.suspendedDays).toBe(14);
      expect(due.dueDate).toBe('2026-03-16');
      // Information arriving after the completion term does not lengthen the suspension.
      const late = informationRequestSuspension({
        requestedOn: d('2026-01-19'),
        completeBy: d('2026-02-02'),
        receivedOn: d('2026-02-09'),
        today: d('2026-02-09'),
      });
      expect(late.until).toBe('2026-02-03');
    });

    it('has no due date while the applicant has not answered and the completion term runs', () => {
      const s = informationRequestSuspension({ requestedOn: d('2026-01-19'), completeBy: d('2026-02-02'), today: d('2026-01-25') });
      expect(s.until).toBeNull();
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [s] });
      expect(due.dueDate).toBeNull();
      expect(due.suspendedSince).toBe('2026-01-20');
    });

    it('requires a completion term after the request (without one there is no suspension)', () => {
      expect(() =>
        informationRequestSuspension({ requestedOn: d('2026-01-19'), completeBy: d('2026-01-19'), today: d('2026-01-19') }),
      ).toThrow(RangeError);
    });

    it('an answer on the day after the request suspends nothing', () => {
      const s = informationRequestSuspension({
        requestedOn: d('2026-01-19'),
        completeBy: d('2026-02-02'),
        receivedOn: d('2026-01-20'),
        today: d('2026-01-20'),
      });
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [s] });
      expect(due.suspendedDays).toBe(0);
      expect(due.dueDate).toBe('2026-03-02');
    });

    it('counts a suspension only if its first day falls within the term (a request on the last day suspends nothing)', () => {
      const onLastDay = informationRequestSuspension({
        requestedOn: d('2026-03-01'),
        completeBy: d('2026-03-10'),
        receivedOn: d('2026-03-05'),
        today: d('2026-03-05'),
      });
      expect(onLastDay.from).toBe('2026-03-02');
      expect(computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [onLastDay] }).dueDate).toBe('2026-03-05');
      const tooLate = informationRequestSuspension({
        requestedOn: d('2026-03-02'),
        completeBy: d('2026-03-10'),
        receivedOn: d('2026-03-05'),
        today: d('2026-03-05'),
      });
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [tooLate] });
      expect(due.dueDate).toBe('2026-03-02');
      expect(due.steps[1]?.kind).toBe('suspension_ignored');
    });

    it('moves a suspended term that lands on Easter Monday to the next working day', () => {
      const s: Suspension = { reason: 'information_requested', from: d('2026-01-20'), until: d('2026-02-24') };
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [s] });
      expect(due.suspendedDays).toBe(35);
      expect(due.dueDate).toBe('2026-04-07');
    });

    it('counts overlapping suspensions once and ignores one that starts after the term expired', () => {
      const a: Suspension = { reason: 'information_requested', from: d('2026-01-20'), until: d('2026-01-30') };
      const b: Suspension = { reason: 'force_majeure', from: d('2026-01-25'), until: d('2026-02-04') };
      const due = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [b, a] });
      expect(due.suspendedDays).toBe(15); // 2026-01-20 up to 2026-02-04
      expect(due.dueDate).toBe('2026-03-17');
      const late: Suspension = { reason: 'applicant_consent', from: d('2026-03-20'), until: d('2026-04-01') };
      const after = computeDecisionDue({ receivedOn: d('2026-01-05'), term: reasonable8, suspensions: [late] });
      expect(after.dueDate).toBe('2026-03-02');
      expect(after.steps[1]).toEqual({
        kind: 'suspension_ignored',
        reason: 'applicant_consent',
        from: '2026-03-20',
        code: 'delivery.term_already_expired',
      });
    });
  });

  describe('extension notices (Awb 4:14)', () => {
    const received = d('2026-01-05'); // reasonable term ends 2026-03-02

    it('4:14 lid 3: a notice within the 8 weeks sets the new due date, once', () => {
      const first: ExtensionNotice = { sentOn: d('2026-02-20'), newDueDate: d('2026-04-13') };
      expect(checkExtensionNotice({ receivedOn: received, term: reasonable8, notice: first })).toEqual({
        ok: true,
        effect: 'due_date_moved',
        dueDate: '2026-04-13',
      });
      const due = computeDecisionDue({ receivedOn: received, term: reasonable8, extensions: [first] });
      expect(due.dueDate).toBe('2026-04-13');
      expect(due.extensionsUsed).toBe(1);
      const second: ExtensionNotice = { sentOn: d('2026-04-01'), newDueDate: d('2026-05-11') };
      expect(checkExtensionNotice({ receivedOn: received, term: reasonable8, extensions: [first], notice: second })).toEqual({
        ok: false,
        code: 'delivery.extension_limit_reached',
      });
    });

    it('refuses a notice sent after the due date, a date not later, and a date that is not a working day', () => {
      const check = (notice: ExtensionNotice) => checkExtensionNotice({ receivedOn: received, term: reasonable8, notice });
      expect(check({ sentOn: d('2026-03-02'), newDueDate: d('2026-03-30') }).ok).toBe(true);
      expect(check({ sentOn: d('2026-03-03'), newDueDate: d('2026-03-30') })).toEqual({ ok: false, code: 'delivery.extension_too_late' });
      expect(check({ sentOn: d('2026-02-20'), newDueDate: d('2026-03-02') })).toEqual({
        ok: false,
        code: 'delivery.extension_date_not_later',
      });
      expect(check({ sentOn: d('2026-02-20'), newDueDate: d('2026-04-06') })).toEqual({
        ok: false,
        code: 'delivery.extension_date_not_working_day',
      });
      expect(check({ sentOn: d('2026-02-20'), newDueDate: d('2026-03-07') })).toEqual({
        ok: false,
        code: 'delivery.extension_date_not_working_day',
      });
    });

    it('refuses an extension while the term is suspended', () => {
      const open: Suspension = { reason: 'information_requested', from: d('2026-01-20'), until: null };
      expect(
        checkExtensionNotice({
          receivedOn: received,
          term: reasonable8,
          suspensions: [open],
          notice: { sentOn: d('2026-01-22'), newDueDate: d('2026-04-13') },
        }),
      ).toEqual({ ok: false, code: 'delivery.term_suspended' });
    });

    it('4:14 lid 1: a notice under a statutory term announces a date but the statutory term stays', () => {
      const term = decisionTermBasis(8, 8);
      const notice: ExtensionNotice = { sentOn: d('2026-02-20'), newDueDate: d('2026-04-13') };
      expect(checkExtensionNotice({ receivedOn: received, term, notice })).toEqual({
        ok: true,
        effect: 'announced_only',
        dueDate: '2026-03-02',
      });
      const due = computeDecisionDue({ receivedOn: received, term, extensions: [notice] });
      expect(due.dueDate).toBe('2026-03-02');
      expect(due.announcedDecisionDate).toBe('2026-04-13');
      expect(due.extensionsUsed).toBe(0);
    });

    it("a statutory term extends only as far as the service's law allows (counted from the raw end)", () => {
      const term = decisionTermBasis(8, 8, { maxWeeks: 6, maxTimes: 1 });
      const check = (notice: ExtensionNotice, extensions: ExtensionNotice[] = []) =>
        checkExtensionNotice({ receivedOn: received, term, extensions, notice });
      // 2026-03-02 + 6 weeks = 2026-04-13.
      expect(check({ sentOn: d('2026-02-20'), newDueDate: d('2026-04-14') })).toEqual({ ok: false, code: 'delivery.extension_too_long' });
      const ok: ExtensionNotice = { sentOn: d('2026-02-20'), newDueDate: d('2026-04-13') };
      expect(check(ok)).toEqual({ ok: true, effect: 'due_date_moved', dueDate: '2026-04-13' });
      expect(check({ sentOn: d('2026-04-01'), newDueDate: d('2026-04-20') }, [ok])).toEqual({
        ok: false,
        code: 'delivery.extension_limit_reached',
      });
    });

    it('adds a later suspension to the named date and then moves it to a working day (Good Friday, Easter)', () => {
      const notice: ExtensionNotice = { sentOn: d('2026-02-20'), newDueDate: d('2026-04-02') };
      const s: Suspension = { reason: 'information_requested', from: d('2026-03-10'), until: d('2026-03-12') };
      const due = computeDecisionDue({ receivedOn: received, term: reasonable8, extensions: [notice], suspensions: [s] });
      expect(due.steps.map((x) => x.kind)).toEqual(['term', 'extension', 'suspension']);
      expect(due.dueDate).toBe('2026-04-07');
    });
  });

  const covered = fc.integer({ min: toDayNumber(d('2023-01-02')), max: toDayNumber(d('2027-12-31')) }).map(fromDayNumber);

  it('property: every computed due date is a working day (terms up to 12 weeks, where the Atw applies)', () => {
    const suspension = fc
      .record({ start: fc.integer({ min: 1, max: 120 }), length: fc.integer({ min: 0, max: 40 }), open: fc.boolean() })
      .map(({ start, length, open }) => ({ start, length, open: open && length % 5 === 0 }));
    const extension = fc.record({ sent: fc.integer({ min: 1, max: 120 }), extra: fc.integer({ min: 1, max: 60 }) });
    fc.assert(
      fc.property(
        covered,
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
        fc.array(suspension, { maxLength: 3 }),
        fc.array(extension, { maxLength: 2 }),
        fc.boolean(),
        (receivedOn, statutory, suspensionSpecs, extensionSpecs, extensible) => {
          const term = decisionTermBasis(statutory, 8, extensible ? { maxWeeks: 6, maxTimes: 2 } : undefined);
          const suspensions: Suspension[] = suspensionSpecs.map((s) => ({
            reason: 'information_requested',
            from: addDays(receivedOn, s.start),
            until: s.open ? null : addDays(receivedOn, s.start + s.length),
          }));
          const extensions: ExtensionNotice[] = extensionSpecs.map((e) => ({
            sentOn: addDays(receivedOn, e.sent),
            newDueDate: addDays(receivedOn, e.sent + e.extra),
          }));
          const due = computeDecisionDue({ receivedOn, term, suspensions, extensions });
          expect(isNonWorkingDay(due.termEnd)).toBe(false);
          for (const step of due.steps) {
            if (step.kind === 'suspension' && step.dueDate !== null) expect(isNonWorkingDay(step.dueDate)).toBe(false);
            if (step.kind === 'extension') expect(isNonWorkingDay(step.dueDate)).toBe(false);
          }
          if (due.dueDate !== null) {
            expect(isNonWorkingDay(due.dueDate)).toBe(false);
            // Suspensions and extensions never shorten the term.
            expect(due.dueDate >= due.termEnd).toBe(true);
          } else {
            expect(due.suspendedSince).not.toBeNull();
          }
        },
      ),
    );
  });
});

// =======================================================================================
// Penalty (Awb 4:17)
// =======================================================================================

describe('penalty for a late decision (Awb 4:17)', () => {
  const due = d('2026-03-02');
  const notice = d('2026-03-03');
  const penalty = (overrides: {
    decidedOn?: IsoDate | null;
    today?: IsoDate;
    settings?: Partial<PenaltySettings>;
    noticeReceivedOn?: IsoDate;
    rules?: PenaltyRules;
  }) =>
    computePenalty({
      dueDate: due,
      noticeReceivedOn: overrides.noticeReceivedOn ?? notice,
      decidedOn: overrides.decidedOn ?? null,
      today: overrides.today ?? d('2026-06-01'),
      rules: overrides.rules ?? penaltyRules,
      ...(overrides.settings === undefined ? {} : { settings: overrides.settings }),
    });
  /** The penalty after `n` days in default (convention A: first day 2026-03-17). */
  const afterDays = (n: number): number => {
    const r = penalty({ today: addDays(d('2026-03-17'), n - 1) });
    if (!r.ok) throw new Error(r.code);
    return r.penalty.amountCents;
  };

  it('DOMAIN.md §11 vector 14: first and last penalty day under conventions A and B; Koningsdag does not move the 42 days', () => {
    const a = penalty({ settings: { firstDayConvention: 'A' } });
    const b = penalty({ settings: { firstDayConvention: 'B' } });
    expect(a.ok && [a.penalty.firstDay, a.penalty.lastPossibleDay]).toEqual(['2026-03-17', '2026-04-27']);
    expect(b.ok && [b.penalty.firstDay, b.penalty.lastPossibleDay]).toEqual(['2026-03-18', '2026-04-28']);
    expect(isNonWorkingDay(d('2026-04-27'))).toBe(true);
    // The data's default is convention A.
    const byDefault = penalty({});
    expect(byDefault.ok && byDefault.penalty.firstDay).toBe('2026-03-17');
  });

  it('DOMAIN.md §11 vector 13: the amounts for n days in default', () => {
    const table: [number, number][] = [
      [1, 2300],
      [9, 20700],
      [14, 32200],
      [15, 35700],
      [20, 53200],
      [28, 81200],
      [29, 85700],
      [42, 144200],
      [60, 144200],
    ];
    for (const [n, cents] of table) expect(afterDays(n)).toBe(cents);
  });

  it('changes tier at days 14/15, 28/29 and stops at 42/43 (€23, €35, €45 a day)', () => {
    expect(afterDays(14) - afterDays(13)).toBe(2300);
    expect(afterDays(15) - afterDays(14)).toBe(3500);
    expect(afterDays(28) - afterDays(27)).toBe(3500);
    expect(afterDays(29) - afterDays(28)).toBe(4500);
    expect(afterDays(42) - afterDays(41)).toBe(4500);
    expect(afterDays(43) - afterDays(42)).toBe(0);
    const capped = penalty({ today: d('2026-12-31') });
    expect(capped.ok && capped.penalty).toMatchObject({ status: 'capped', days: 42, amountCents: 144200, lastCountedDay: '2026-04-27' });
    expect(capped.ok && capped.penalty.byTier.map((t) => [t.days, t.amountCents])).toEqual([
      [14, 32200],
      [14, 49000],
      [14, 63000],
    ]);
  });

  it('the same days under convention B start one day later', () => {
    const a = penalty({ today: d('2026-03-20'), settings: { firstDayConvention: 'A' } });
    const b = penalty({ today: d('2026-03-20'), settings: { firstDayConvention: 'B' } });
    expect(a.ok && a.penalty.days).toBe(4);
    expect(b.ok && b.penalty.days).toBe(3);
    expect(b.ok && b.penalty.amountCents).toBe(6900);
  });

  it('runs up to the day before the decision (or including it, as a setting)', () => {
    const onFirstDay = penalty({ decidedOn: d('2026-03-17') });
    expect(onFirstDay.ok && onFirstDay.penalty).toMatchObject({ status: 'none', days: 0, amountCents: 0, lastCountedDay: null });
    const nextDay = penalty({ decidedOn: d('2026-03-18') });
    expect(nextDay.ok && nextDay.penalty).toMatchObject({ status: 'final', days: 1, amountCents: 2300, lastCountedDay: '2026-03-17' });
    const counting = penalty({ decidedOn: d('2026-03-18'), settings: { decisionDayCounts: true } });
    expect(counting.ok && counting.penalty.days).toBe(2);
    // While the grace period runs nothing is owed yet.
    const pending = penalty({ today: d('2026-03-16') });
    expect(pending.ok && pending.penalty).toMatchObject({ status: 'pending', days: 0, amountCents: 0 });
    const accruing = penalty({ today: d('2026-03-17') });
    expect(accruing.ok && accruing.penalty).toMatchObject({ status: 'accruing', days: 1, amountCents: 2300 });
  });

  it('with graceAtw the two weeks end on a working day first (❓ setting)', () => {
    // Notice received Thu 2026-04-30; + 2 weeks = Ascension Day 2026-05-14, then the decreed Friday and the weekend.
    const without = penalty({ noticeReceivedOn: d('2026-04-30') });
    const withAtw = penalty({ noticeReceivedOn: d('2026-04-30'), settings: { graceAtw: true } });
    expect(without.ok && without.penalty.firstDay).toBe('2026-05-14');
    expect(withAtw.ok && withAtw.penalty.firstDay).toBe('2026-05-18');
    const withAtwB = penalty({ noticeReceivedOn: d('2026-04-30'), settings: { graceAtw: true, firstDayConvention: 'B' } });
    expect(withAtwB.ok && withAtwB.penalty.firstDay).toBe('2026-05-19');
  });

  it('refuses a premature notice, a notice after the decision, and a date without known amounts', () => {
    expect(penalty({ noticeReceivedOn: d('2026-03-02') })).toEqual({ ok: false, code: 'delivery.notice_of_default_premature' });
    expect(penalty({ noticeReceivedOn: d('2026-03-05'), decidedOn: d('2026-03-05') })).toEqual({
      ok: false,
      code: 'delivery.notice_of_default_after_decision',
    });
    expect(
      computePenalty({
        dueDate: d('2019-01-07'),
        noticeReceivedOn: d('2019-01-08'),
        decidedOn: null,
        today: d('2019-06-01'),
        rules: penaltyRules,
      }),
    ).toEqual({ ok: false, code: 'delivery.penalty_amounts_unknown' });
  });

  it('picks the amounts valid on the first penalty day', () => {
    const current = penaltyRules.amounts[0]!;
    const future = {
      ...current,
      tiers: current.tiers.map((t) => ({ ...t, centsPerDay: t.centsPerDay + 100 })),
      maxTotalCents: current.maxTotalCents + 4200,
      validFrom: d('2026-03-18'),
    };
    const versioned: PenaltyRules = { ...penaltyRules, amounts: [{ ...current, validUntil: d('2026-03-17') }, future] };
    const a = penalty({ rules: versioned, today: d('2026-03-17') });
    const b = penalty({ rules: versioned, today: d('2026-03-18'), settings: { firstDayConvention: 'B' } });
    expect(a.ok && a.penalty.amountCents).toBe(2300);
    expect(b.ok && b.penalty.amountCents).toBe(2400);
  });

  const date2026 = fc.integer({ min: toDayNumber(d('2026-01-01')), max: toDayNumber(d('2026-12-31')) }).map(fromDayNumber);
  const settings = fc.record({
    firstDayConvention: fc.constantFrom('A' as const, 'B' as const),
    graceAtw: fc.boolean(),
    decisionDayCounts: fc.boolean(),
  });

  it('property: monotone in the decision date, never above the cap, days ≤ 42, amount = sum of tiers', () => {
    fc.assert(
      fc.property(
        date2026,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 0, max: 30 }),
        settings,
        (dueDate, late, decideAfter, later, s) => {
          const noticeReceivedOn = addDays(dueDate, late);
          const at = (decidedOn: IsoDate) =>
            computePenalty({ dueDate, noticeReceivedOn, decidedOn, today: decidedOn, rules: penaltyRules, settings: s });
          const first = at(addDays(noticeReceivedOn, decideAfter));
          const second = at(addDays(noticeReceivedOn, decideAfter + later));
          if (!first.ok || !second.ok) throw new Error('unexpected refusal');
          expect(second.penalty.amountCents).toBeGreaterThanOrEqual(first.penalty.amountCents);
          expect(second.penalty.days).toBeGreaterThanOrEqual(first.penalty.days);
          for (const p of [first.penalty, second.penalty]) {
            expect(p.amountCents).toBeLessThanOrEqual(144200);
            expect(p.days).toBeLessThanOrEqual(42);
            expect(p.amountCents).toBe(p.byTier.reduce((sum, t) => sum + t.amountCents, 0));
            expect(daysBetween(p.firstDay, p.lastPossibleDay)).toBe(41);
          }
        },
      ),
    );
  });

  it('property: decided on day D gives the same penalty as still undecided at the end of day D − 1', () => {
    fc.assert(
      fc.property(date2026, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 90 }), (dueDate, late, after) => {
        const noticeReceivedOn = addDays(dueDate, late);
        const decidedOn = addDays(noticeReceivedOn, after);
        const decided = computePenalty({ dueDate, noticeReceivedOn, decidedOn, today: d('2030-01-01'), rules: penaltyRules });
        const open = computePenalty({ dueDate, noticeReceivedOn, decidedOn: null, today: addDays(decidedOn, -1), rules: penaltyRules });
        if (!decided.ok || !open.ok) throw new Error('unexpected refusal');
        expect(decided.penalty.amountCents).toBe(open.penalty.amountCents);
        expect(decided.penalty.days).toBe(open.penalty.days);
      }),
    );
  });
});

// =======================================================================================
// Penalty or silence consent: never both (Awb 4:20a lid 2)
// =======================================================================================

describe('penalty and decision by operation of law exclude each other (Awb 4:20a lid 2)', () => {
  it('reads the remedy from the service description', () => {
    expect(lateDecisionRemedy({ silenceConsentApplies: true, dwangsomApplies: true })).toEqual({
      ok: false,
      code: 'delivery.silence_consent_excludes_penalty',
    });
    expect(lateDecisionRemedy({ silenceConsentApplies: true, dwangsomApplies: false })).toEqual({ ok: true, remedy: 'silence_consent' });
    expect(lateDecisionRemedy({ silenceConsentApplies: false, dwangsomApplies: true })).toEqual({ ok: true, remedy: 'penalty' });
    expect(lateDecisionRemedy({ silenceConsentApplies: false, dwangsomApplies: false })).toEqual({ ok: true, remedy: 'none' });
  });

  it('DOMAIN.md §11 vector 15: term ended 2026-03-02, the decision by operation of law takes effect 2026-03-05', () => {
    const sc = rules.silenceConsent;
    expect(decisionByOperationOfLaw({ dueDate: d('2026-03-02'), decidedOn: null, today: d('2026-03-03'), rules: sc })).toEqual({
      termExpiredAfter: '2026-03-02',
      effectiveOn: '2026-03-05',
    });
    // Not yet expired, or decided in time: nothing.
    expect(decisionByOperationOfLaw({ dueDate: d('2026-03-02'), decidedOn: null, today: d('2026-03-02'), rules: sc })).toBeNull();
    expect(
      decisionByOperationOfLaw({ dueDate: d('2026-03-02'), decidedOn: d('2026-03-02'), today: d('2026-03-10'), rules: sc }),
    ).toBeNull();
    // A decision after the term does not undo the one given by law.
    expect(
      decisionByOperationOfLaw({ dueDate: d('2026-03-02'), decidedOn: d('2026-03-04'), today: d('2026-03-10'), rules: sc })?.effectiveOn,
    ).toBe('2026-03-05');
    // Calendar days: a term ending on Friday 2026-04-03 (Good Friday) gives Monday 2026-04-06 (Easter Monday), not moved.
    expect(decisionByOperationOfLaw({ dueDate: d('2026-04-03'), decidedOn: null, today: d('2026-04-10'), rules: sc })?.effectiveOn).toBe(
      '2026-04-06',
    );
  });

  it('checks when the decision by operation of law may be recorded', () => {
    const sc = rules.silenceConsent;
    expect(checkDecisionByOperationOfLaw({ remedy: 'penalty', dueDate: d('2026-03-02'), today: d('2026-03-03'), rules: sc })).toEqual({
      ok: false,
      code: 'delivery.silence_consent_not_applicable',
    });
    expect(checkDecisionByOperationOfLaw({ remedy: 'silence_consent', dueDate: null, today: d('2026-03-03'), rules: sc })).toEqual({
      ok: false,
      code: 'delivery.term_suspended',
    });
    expect(
      checkDecisionByOperationOfLaw({ remedy: 'silence_consent', dueDate: d('2026-03-02'), today: d('2026-03-02'), rules: sc }),
    ).toEqual({
      ok: false,
      code: 'delivery.term_not_expired',
    });
    expect(
      checkDecisionByOperationOfLaw({ remedy: 'silence_consent', dueDate: d('2026-03-02'), today: d('2026-03-03'), rules: sc }),
    ).toEqual({
      ok: true,
      decision: { termExpiredAfter: '2026-03-02', effectiveOn: '2026-03-05' },
    });
  });

  it('checks a notice of default', () => {
    const base = { dueDate: d('2026-03-02'), receivedOn: d('2026-03-03'), alreadyGiven: false };
    expect(checkNoticeOfDefault({ ...base, remedy: 'penalty' })).toEqual({ ok: true });
    expect(checkNoticeOfDefault({ ...base, remedy: 'silence_consent' })).toEqual({
      ok: false,
      code: 'delivery.notice_of_default_not_applicable',
    });
    expect(checkNoticeOfDefault({ ...base, remedy: 'none' })).toEqual({ ok: false, code: 'delivery.notice_of_default_not_applicable' });
    expect(checkNoticeOfDefault({ ...base, remedy: 'penalty', dueDate: null })).toEqual({ ok: false, code: 'delivery.term_suspended' });
    expect(checkNoticeOfDefault({ ...base, remedy: 'penalty', receivedOn: d('2026-03-02') })).toEqual({
      ok: false,
      code: 'delivery.term_not_expired',
    });
    expect(checkNoticeOfDefault({ ...base, remedy: 'penalty', alreadyGiven: true })).toEqual({
      ok: false,
      code: 'delivery.notice_of_default_already_given',
    });
  });

  it('the types keep a notice of default away from a silence-consent service', () => {
    const input: LateDecisionInput = {
      remedy: 'silence_consent',
      dueDate: d('2026-03-02'),
      decidedOn: null,
      today: d('2026-04-01'),
      rules: rules.silenceConsent,
      // @ts-expect-error Awb 4:20a lid 2: no notice of default (and so no penalty) where silence means consent.
      noticeReceivedOn: d('2026-03-03'),
    };
    expect(lateDecisionConsequence(input).kind).toBe('silence_consent');
  });

  it('property: silence consent and penalty never both apply', () => {
    const date = fc.integer({ min: toDayNumber(d('2026-01-01')), max: toDayNumber(d('2026-12-31')) }).map(fromDayNumber);
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        date,
        fc.option(fc.integer({ min: -10, max: 40 }), { nil: null }),
        fc.option(fc.integer({ min: -10, max: 120 }), { nil: null }),
        fc.integer({ min: -5, max: 150 }),
        (silence, dwangsom, dueDate, noticeOffset, decidedOffset, todayOffset) => {
          const remedy = lateDecisionRemedy({ silenceConsentApplies: silence, dwangsomApplies: dwangsom });
          if (!remedy.ok) {
            expect(silence && dwangsom).toBe(true);
            return;
          }
          const decidedOn = decidedOffset === null ? null : addDays(dueDate, decidedOffset);
          const today = addDays(dueDate, todayOffset);
          const input: LateDecisionInput =
            remedy.remedy === 'penalty'
              ? {
                  remedy: 'penalty',
                  dueDate,
                  noticeReceivedOn: noticeOffset === null ? null : addDays(dueDate, noticeOffset),
                  decidedOn,
                  today,
                  rules: penaltyRules,
                }
              : remedy.remedy === 'silence_consent'
                ? { remedy: 'silence_consent', dueDate, decidedOn, today, rules: rules.silenceConsent }
                : { remedy: 'none' };
          const result = lateDecisionConsequence(input);
          if (remedy.remedy === 'silence_consent') expect(['none', 'silence_consent']).toContain(result.kind);
          if (remedy.remedy === 'penalty') expect(['none', 'penalty', 'penalty_refused']).toContain(result.kind);
          if (remedy.remedy === 'none') expect(result.kind).toBe('none');
          if (result.kind === 'penalty') {
            expect(dwangsom && !silence).toBe(true);
            expect(result.penalty.amountCents).toBeLessThanOrEqual(144200);
          }
          if (result.kind === 'silence_consent') {
            expect(silence && !dwangsom).toBe(true);
            expect(result.decision.effectiveOn).toBe(addDays(dueDate, 3));
          }
        },
      ),
    );
  });
});

// =======================================================================================
// Objection term (Awb 6:7, 6:8)
// =======================================================================================

describe('objection term for the decision letter (Awb 6:7, 6:8) through platform/time', () => {
  it.each([
    ['2026-03-02', '2026-04-13', false],
    ['2026-03-24', '2026-05-06', true],
    ['2026-04-02', '2026-05-18', true],
    ['2025-11-20', '2026-01-05', true],
    ['2026-02-20', '2026-04-07', true],
  ])('DOMAIN.md §11 vectors 1–5: announced %s, last day %s', (announced, last, extended) => {
    const t = objectionTerm({ announcedOn: d(announced), rules: rules.objectionTerm });
    expect(t.lastDay).toBe(last);
    expect(t.extended).toBe(extended);
    expect(t.firstDay).toBe(addDays(d(announced), 1));
    expect(isNonWorkingDay(t.lastDay)).toBe(false);
    expect(t.reasons.nl.length).toBeGreaterThan(0);
  });
});
