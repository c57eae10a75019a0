// The pure referendum rules: request phases (end date, deadline in Dutch time across DST, threshold)
// and the outcome of the vote against the turnout threshold or a minimum number of votes.
// Worked examples follow DOMAIN.md §7 (Wet raadgevend referendum, Wrr 2015–2018: 10,000 supporters
// in 4 weeks, then 300,000 in 6 weeks; a valid outcome needs a turnout of at least 30 %).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CountTotals, ElectionList, ReferendumRules } from './model.ts';
import { phaseEndsOn, phaseIsOver, phasePassed, referendumOutcome } from './referendum.ts';

// Rules written out here (the shipped rules file is tested in reference.test.ts).
const wrr: ReferendumRules = {
  key: 'wrr-2015',
  name: { nl: 'Wet raadgevend referendum', en: 'Advisory Referendum Act' },
  source: 'https://www.rijksoverheid.nl/onderwerpen/democratie/vraag-en-antwoord/wanneer-kan-ik-een-referendum-starten',
  validFrom: '2015-07-01',
  requestPhases: [
    { key: 'introductory', label: { nl: 'Inleidend verzoek', en: 'Introductory request' }, threshold: 10_000, days: 28 },
    { key: 'definitive', label: { nl: 'Definitief verzoek', en: 'Definitive request' }, threshold: 300_000, days: 42 },
  ],
  turnoutThresholdPercent: 30,
  minimumVotesForOutcome: null,
};
/** A Deventer-style ordinance: no turnout threshold, a minimum number of votes for the winning option (example value). */
const minimumVotes: ReferendumRules = {
  ...wrr,
  key: 'deventer-stijl',
  requestPhases: [],
  turnoutThresholdPercent: null,
  minimumVotesForOutcome: 5_000,
};
const noThresholds: ReferendumRules = {
  ...wrr,
  key: 'geen-drempels',
  requestPhases: [],
  turnoutThresholdPercent: null,
  minimumVotesForOutcome: null,
};

const forAgainst: ElectionList[] = [
  { number: 1, name: 'Voor', candidates: [] },
  { number: 2, name: 'Tegen', candidates: [] },
];

/** Totals of a referendum ballot: votes per option (option number i + 1), blank and invalid; D = H. */
function totals(votes: readonly number[], blank = 0, invalid = 0): CountTotals {
  const totalValid = votes.reduce((a, b) => a + b, 0);
  const total = totalValid + blank + invalid;
  return {
    stations: 1,
    voters: { pollCards: total, proxyCertificates: 0, total },
    votes: { lists: votes.map((v, i) => ({ number: i + 1, candidates: [], total: v })), totalValid, blank, invalid, total },
    differences: { moreBallots: 0, fewerBallots: 0 },
  };
}

// ─── request phases ──────────────────────────────────────────────────────────────────────────────

describe('phaseEndsOn', () => {
  it('counts the first day: 28 days from 1 January end on 28 January; 42 days from 1 February 2016 (leap year) on 13 March', () => {
    expect(phaseEndsOn('2016-01-01', 28)).toBe('2016-01-28');
    expect(phaseEndsOn('2016-02-01', 42)).toBe('2016-03-13');
    expect(phaseEndsOn('2026-02-01', 42)).toBe('2026-03-14');
    expect(phaseEndsOn('2026-12-20', 28)).toBe('2027-01-16');
    expect(phaseEndsOn('2026-03-05', 1)).toBe('2026-03-05');
  });

  it('refuses a phase of no whole days or an invalid date', () => {
    expect(() => phaseEndsOn('2026-03-05', 0)).toThrow(RangeError);
    expect(() => phaseEndsOn('2026-03-05', 1.5)).toThrow(RangeError);
    expect(() => phaseEndsOn('2026-02-30', 28)).toThrow(RangeError);
    expect(() => phaseEndsOn('5 maart', 28)).toThrow(RangeError);
  });

  it('ends `days − 1` days after the start, and the next phase starting the day after lasts its own days (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 400 }),
        (date, days) => {
          const start = date.toISOString().slice(0, 10);
          const end = phaseEndsOn(start, days);
          expect((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000).toBe(days - 1);
        },
      ),
    );
  });
});

describe('phaseIsOver', () => {
  const over = (endsOn: string, instant: string): boolean => phaseIsOver(endsOn, new Date(instant));

  it('is over from midnight after the last day, Dutch winter time (UTC+1) and summer time (UTC+2)', () => {
    expect(over('2026-01-15', '2026-01-15T00:00:00.000Z')).toBe(false);
    expect(over('2026-01-15', '2026-01-15T22:59:59.999Z')).toBe(false); // 23:59:59.999 in Amsterdam
    expect(over('2026-01-15', '2026-01-15T23:00:00.000Z')).toBe(true); // 16 January 00:00
    expect(over('2026-07-15', '2026-07-15T21:59:59.999Z')).toBe(false);
    expect(over('2026-07-15', '2026-07-15T22:00:00.000Z')).toBe(true);
    expect(over('2026-07-15', '2026-07-14T23:00:00.000Z')).toBe(false); // before the last day
  });

  it('follows the switch to summer time (Sunday 29 March 2026, 02:00 → 03:00)', () => {
    // The day before the switch ends in winter time.
    expect(over('2026-03-28', '2026-03-28T22:59:59.999Z')).toBe(false);
    expect(over('2026-03-28', '2026-03-28T23:00:00.000Z')).toBe(true);
    // The day of the switch is 23 hours long and ends in summer time.
    expect(over('2026-03-29', '2026-03-29T01:30:00.000Z')).toBe(false); // 03:30 CEST
    expect(over('2026-03-29', '2026-03-29T21:59:59.999Z')).toBe(false);
    expect(over('2026-03-29', '2026-03-29T22:00:00.000Z')).toBe(true);
  });

  it('follows the switch to winter time (Sunday 25 October 2026, 03:00 → 02:00)', () => {
    // The day before the switch ends in summer time.
    expect(over('2026-10-24', '2026-10-24T21:59:59.999Z')).toBe(false);
    expect(over('2026-10-24', '2026-10-24T22:00:00.000Z')).toBe(true);
    // The day of the switch is 25 hours long and ends in winter time.
    expect(over('2026-10-25', '2026-10-25T22:00:00.000Z')).toBe(false); // 23:00 CET
    expect(over('2026-10-25', '2026-10-25T22:59:59.999Z')).toBe(false);
    expect(over('2026-10-25', '2026-10-25T23:00:00.000Z')).toBe(true);
  });

  it('refuses an invalid end date', () => {
    expect(() => phaseIsOver('2026-13-01', new Date('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('phasePassed', () => {
  it('needs at least the threshold of the phase (Wrr: 10,000, then 300,000)', () => {
    expect(phasePassed(wrr, 0, 9_999)).toBe(false);
    expect(phasePassed(wrr, 0, 10_000)).toBe(true);
    expect(phasePassed(wrr, 0, 12_345)).toBe(true);
    expect(phasePassed(wrr, 1, 299_999)).toBe(false);
    expect(phasePassed(wrr, 1, 300_000)).toBe(true);
    expect(phasePassed(wrr, 1, 0)).toBe(false);
  });

  it('refuses a phase the rules do not have', () => {
    expect(() => phasePassed(wrr, 2, 1_000_000)).toThrow(RangeError);
    expect(() => phasePassed(noThresholds, 0, 1)).toThrow(RangeError);
  });
});

// ─── outcome ─────────────────────────────────────────────────────────────────────────────────────

describe('referendumOutcome', () => {
  it('works out a national vote like the 2016 Ukraine association referendum (turnout threshold met)', () => {
    // Eligible voters 12,862,658 and a turnout of 32.28 %, as reported for that referendum. The
    // split below (valid, blank, invalid, for, against) is made up for this test: 4,152,066 cast.
    const result = referendumOutcome(wrr, totals([1_570_000, 2_530_000], 32_066, 20_000), forAgainst, 12_862_658);
    expect(result).toEqual({
      perOption: [
        { number: 1, name: 'Voor', votes: 1_570_000, percentOfValid: 38.3 },
        { number: 2, name: 'Tegen', votes: 2_530_000, percentOfValid: 61.7 },
      ],
      valid: 4_100_000,
      blank: 32_066,
      invalid: 20_000,
      voted: 4_152_066,
      eligible: 12_862_658,
      turnoutPercent: 32.3, // 32.2799…%
      turnoutThresholdMet: true,
      minimumVotesMet: null,
      winner: 2,
      decisive: true,
    });
  });

  it('meets a 30 % threshold at exactly 30.0 %, not at 29.99 % (even though that rounds to 30.0)', () => {
    const exactly = referendumOutcome(wrr, totals([2_000, 990], 10), forAgainst, 10_000);
    expect(exactly.voted).toBe(3_000);
    expect(exactly.turnoutPercent).toBe(30);
    expect(exactly.turnoutThresholdMet).toBe(true);
    expect(exactly.decisive).toBe(true);

    const justBelow = referendumOutcome(wrr, totals([2_000, 989], 10), forAgainst, 10_000);
    expect(justBelow.voted).toBe(2_999);
    expect(justBelow.turnoutPercent).toBe(30); // 29.99 % shown with 1 decimal
    expect(justBelow.turnoutThresholdMet).toBe(false);
    expect(justBelow.winner).toBe(1);
    expect(justBelow.decisive).toBe(false);

    // 30 % of 12,862,658 is 3,858,797.4 voters: 3,858,798 meet it, 3,858,797 do not.
    expect(referendumOutcome(wrr, totals([1_858_798, 2_000_000]), forAgainst, 12_862_658).turnoutThresholdMet).toBe(true);
    expect(referendumOutcome(wrr, totals([1_858_797, 2_000_000]), forAgainst, 12_862_658).turnoutThresholdMet).toBe(false);
  });

  it('compares a threshold with decimals exactly (12.5 %)', () => {
    const rules = { ...wrr, turnoutThresholdPercent: 12.5 };
    expect(referendumOutcome(rules, totals([100, 25]), forAgainst, 1_000).turnoutThresholdMet).toBe(true);
    expect(referendumOutcome(rules, totals([100, 24]), forAgainst, 1_000).turnoutThresholdMet).toBe(false);
    // 0.1 + 0.2 style trouble: 33.3 % of 1,000 is 333 voters.
    const third = { ...wrr, turnoutThresholdPercent: 33.3 };
    expect(referendumOutcome(third, totals([333]), forAgainst, 1_000).turnoutThresholdMet).toBe(true);
    expect(referendumOutcome(third, totals([332]), forAgainst, 1_000).turnoutThresholdMet).toBe(false);
  });

  it('is not fooled by floating point: 29 of 100 meets 29 % (0.29 × 100 is 28.999… as a float)', () => {
    const rules = { ...wrr, turnoutThresholdPercent: 29 };
    expect((29 / 100) * 100).toBeLessThan(29); // the trap
    expect(referendumOutcome(rules, totals([20, 9]), forAgainst, 100).turnoutThresholdMet).toBe(true);
    expect(referendumOutcome(rules, totals([20, 8]), forAgainst, 100).turnoutThresholdMet).toBe(false);
  });

  it('meets a threshold with one decimal exactly when voted · 1000 ≥ tenths · eligible (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 0, max: 1000 }), fc.nat(), (eligible, tenths, v) => {
        const rules = { ...wrr, turnoutThresholdPercent: tenths / 10 };
        // Voters near the threshold, where rounding would show.
        const atThreshold = Math.ceil((tenths * eligible) / 1000);
        const voted = Math.min(eligible, Math.max(0, atThreshold - 1 + (v % 3)));
        const result = referendumOutcome(rules, totals([voted]), forAgainst.slice(0, 1), eligible);
        expect(result.turnoutThresholdMet).toBe(voted * 1000 >= tenths * eligible);
      }),
    );
  });

  it('has no winner on a tie for the most votes, and is then not decisive', () => {
    const tie = referendumOutcome(wrr, totals([5_000, 5_000]), forAgainst, 20_000);
    expect(tie.turnoutThresholdMet).toBe(true);
    expect(tie.winner).toBeNull();
    expect(tie.decisive).toBe(false);
    expect(tie.perOption.map((o) => o.percentOfValid)).toEqual([50, 50]);

    // A tie for second place does not matter.
    const three: ElectionList[] = [...forAgainst, { number: 3, name: 'Blanco alternatief', candidates: [] }];
    const second = referendumOutcome(noThresholds, totals([10, 4, 4]), three, null);
    expect(second.winner).toBe(1);
    expect(second.decisive).toBe(true);
  });

  it('has no winner when no valid vote was cast', () => {
    const none = referendumOutcome(noThresholds, totals([0, 0], 3, 1), forAgainst, 100);
    expect(none.winner).toBeNull();
    expect(none.decisive).toBe(false);
    expect(none.perOption.map((o) => o.percentOfValid)).toEqual([0, 0]);
    expect(none.turnoutPercent).toBe(4);
  });

  it('without thresholds: turnout shown, both checks null, decisive with a winner', () => {
    const result = referendumOutcome(noThresholds, totals([40, 60]), forAgainst, 1_000);
    expect(result.turnoutPercent).toBe(10);
    expect(result.turnoutThresholdMet).toBeNull();
    expect(result.minimumVotesMet).toBeNull();
    expect(result.winner).toBe(2);
    expect(result.decisive).toBe(true);
  });

  it('with unknown eligible voters: no turnout; a turnout threshold then counts as not met', () => {
    const unknown = referendumOutcome(wrr, totals([40, 60]), forAgainst, null);
    expect(unknown.turnoutPercent).toBeNull();
    expect(unknown.turnoutThresholdMet).toBe(false);
    expect(unknown.decisive).toBe(false);
    expect(unknown.eligible).toBeNull();

    const zero = referendumOutcome(wrr, totals([40, 60]), forAgainst, 0);
    expect(zero.turnoutPercent).toBeNull();
    expect(zero.turnoutThresholdMet).toBe(false);

    const free = referendumOutcome(noThresholds, totals([40, 60]), forAgainst, null);
    expect(free.turnoutPercent).toBeNull();
    expect(free.turnoutThresholdMet).toBeNull();
    expect(free.decisive).toBe(true);
  });

  it('checks a minimum number of votes for the winning option instead of turnout (Deventer style)', () => {
    const enough = referendumOutcome(minimumVotes, totals([5_000, 4_000]), forAgainst, 100_000);
    expect(enough.turnoutThresholdMet).toBeNull();
    expect(enough.minimumVotesMet).toBe(true);
    expect(enough.decisive).toBe(true);

    const short = referendumOutcome(minimumVotes, totals([3_000, 4_999]), forAgainst, 100_000);
    expect(short.winner).toBe(2);
    expect(short.minimumVotesMet).toBe(false);
    expect(short.decisive).toBe(false);
  });

  it('rounds percentages half up to 1 decimal', () => {
    const options: ElectionList[] = Array.from({ length: 8 }, (_v, i) => ({ number: i + 1, name: `Keuze ${i + 1}`, candidates: [] }));
    // 1 of 16 = 6.25 % → 6.3; 1 of 3 → 33.3; 2 of 3 → 66.7; 1 of 8 = 12.5 %.
    expect(referendumOutcome(noThresholds, totals([1, 15]), options.slice(0, 2), null).perOption[0]!.percentOfValid).toBe(6.3);
    expect(referendumOutcome(noThresholds, totals([1, 2]), options.slice(0, 2), null).perOption.map((o) => o.percentOfValid)).toEqual([
      33.3, 66.7,
    ]);
    expect(referendumOutcome(noThresholds, totals([1, 7]), options.slice(0, 2), null).perOption[0]!.percentOfValid).toBe(12.5);
    // 1 voter of 3 eligible: turnout 33.3 %.
    expect(referendumOutcome(noThresholds, totals([1]), options.slice(0, 1), 3).turnoutPercent).toBe(33.3);
  });

  it('gives 0 votes to an option without a total, and keeps the order of the options', () => {
    const three: ElectionList[] = [
      { number: 2, name: 'Tegen', candidates: [] },
      { number: 1, name: 'Voor', candidates: [] },
      { number: 9, name: 'Anders', candidates: [] },
    ];
    const result = referendumOutcome(noThresholds, totals([7, 3]), three, null);
    expect(result.perOption.map((o) => [o.number, o.votes])).toEqual([
      [2, 3],
      [1, 7],
      [9, 0],
    ]);
    expect(result.winner).toBe(1);
  });

  it('agrees with the exact rule voted · 100 ≥ 30 · eligible, and decisive means winner and thresholds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.nat(), fc.nat(), fc.nat({ max: 1000 }), (eligible, a, b, blank) => {
        const forVotes = a % (eligible + 1);
        const against = b % (eligible - forVotes + 1);
        const result = referendumOutcome(
          wrr,
          totals([forVotes, against], Math.min(blank, eligible - forVotes - against)),
          forAgainst,
          eligible,
        );
        expect(result.turnoutThresholdMet).toBe(result.voted * 100 >= 30 * eligible);
        expect(Math.abs(result.turnoutPercent! - (result.voted / eligible) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(result.decisive).toBe(result.winner !== null && result.turnoutThresholdMet === true);
        expect(result.winner).toBe(forVotes > against ? 1 : against > forVotes ? 2 : null);
      }),
    );
  });
});
