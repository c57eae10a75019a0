// The count checks (every code fires when it should and not when it should not), the comparison of
// two entries, the summing of counts, the schema, and the labels; with properties over generated counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_COUNT_VALUE,
  ballotShapeOf,
  compareCounts,
  countFindingCodes,
  emptyCount,
  fieldLabel,
  normaliseExplanation,
  stationCountSchema,
  sumCounts,
  validateCount,
  type BallotShape,
  type CountFindingCode,
} from './counting.ts';
import type { CountFinding, CountTotals, StationCount } from './model.ts';

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const clone = (count: StationCount): StationCount => structuredClone(count);
const codes = (findings: readonly CountFinding[]): string[] => findings.map((f) => f.code);
const errors = (findings: readonly CountFinding[]): CountFinding[] => findings.filter((f) => f.severity === 'error');
const byCode = (findings: readonly CountFinding[], code: string): CountFinding | undefined => findings.find((f) => f.code === code);

interface Spec {
  lists: { number: number; candidates: number[]; total?: number }[];
  blank: number;
  invalid: number;
  /** D; by default equal to H (no difference). */
  admitted?: number;
  proxyCertificates?: number;
  explanation?: string | null;
}

/** A consistent count: every sum matches and the difference between D and H is entered in I or J. */
function consistent(spec: Spec): StationCount {
  const lists = spec.lists.map((l) => ({ number: l.number, candidates: [...l.candidates], total: l.total ?? sum(l.candidates) }));
  const totalValid = sum(lists.map((l) => l.total));
  const cast = totalValid + spec.blank + spec.invalid;
  const admitted = spec.admitted ?? cast;
  const proxyCertificates = Math.min(spec.proxyCertificates ?? 0, admitted);
  return {
    voters: { pollCards: admitted - proxyCertificates, proxyCertificates, total: admitted },
    votes: { lists, totalValid, blank: spec.blank, invalid: spec.invalid, total: cast },
    differences: {
      moreBallots: Math.max(0, cast - admitted),
      fewerBallots: Math.max(0, admitted - cast),
      explanation: spec.explanation ?? null,
    },
  };
}

/** Two lists (3 and 2 candidates): D = H = 1,000 of 1,500 eligible; 1 % blank, 1 % invalid. */
const ballot: BallotShape = {
  lists: [
    { number: 1, candidateCount: 3 },
    { number: 2, candidateCount: 2 },
  ],
};
const station = { eligibleVoters: 1500 };
const base = (): StationCount =>
  consistent({
    lists: [
      { number: 1, candidates: [300, 200, 100] },
      { number: 2, candidates: [150, 230] },
    ],
    blank: 10,
    invalid: 10,
    proxyCertificates: 50,
  });

/** base() with D lowered by `delta` (H − D = delta; A follows), and I or J entered accordingly. */
function withDifference(delta: number, explanation: string | null = 'Kiezer nam stembiljet mee.'): StationCount {
  const count = base();
  count.voters.pollCards -= delta;
  count.voters.total -= delta;
  count.differences.moreBallots = Math.max(0, delta);
  count.differences.fewerBallots = Math.max(0, -delta);
  count.differences.explanation = explanation;
  return count;
}

// Generators: a ballot of 1–5 lists (numbers ascending, with gaps; 0–6 candidates, 0 = a referendum option)
// and a consistent count for it (a difference of up to ±20 between D and H, with or without explanation).
const ballotArb: fc.Arbitrary<BallotShape> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), candidateCount: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 5 })
  .map((lists) => {
    let number = 0;
    return { lists: lists.map((l) => ({ number: (number += l.gap), candidateCount: l.candidateCount })) };
  });

function countArb(shape: BallotShape): fc.Arbitrary<StationCount> {
  const perList: fc.Arbitrary<Spec['lists'][number]>[] = shape.lists.map((l) =>
    l.candidateCount === 0
      ? fc.integer({ min: 0, max: 5000 }).map((total) => ({ number: l.number, candidates: [] as number[], total }))
      : fc
          .array(fc.integer({ min: 0, max: 800 }), { minLength: l.candidateCount, maxLength: l.candidateCount })
          .map((candidates) => ({ number: l.number, candidates })),
  );
  return fc
    .record({
      lists: fc.tuple(...perList),
      blank: fc.integer({ min: 0, max: 60 }),
      invalid: fc.integer({ min: 0, max: 60 }),
      delta: fc.integer({ min: -20, max: 20 }),
      proxyCertificates: fc.integer({ min: 0, max: 40 }),
      explanation: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    })
    .map(({ lists: generated, blank, invalid, delta, proxyCertificates, explanation }) => {
      const cast = sum(generated.map((l) => l.total ?? sum(l.candidates))) + blank + invalid;
      return consistent({ lists: generated, blank, invalid, admitted: Math.max(0, cast - delta), proxyCertificates, explanation });
    });
}

const ballotAndCount = ballotArb.chain((shape) => countArb(shape).map((count) => ({ shape, count })));
const ballotAndTwoCounts = ballotArb.chain((shape) => fc.tuple(countArb(shape), countArb(shape)).map(([a, b]) => ({ shape, a, b })));

/** Every leaf path of a count, in report order (as compareCounts reports them). */
function leafPaths(count: StationCount): string[] {
  return [
    'voters.pollCards',
    'voters.proxyCertificates',
    'voters.total',
    'votes.totalValid',
    'votes.blank',
    'votes.invalid',
    'votes.total',
    'differences.moreBallots',
    'differences.fewerBallots',
    'differences.explanation',
    ...count.votes.lists.flatMap((l) => [
      ...l.candidates.map((_v, i) => `votes.lists.${l.number}.candidates.${i}`),
      `votes.lists.${l.number}.total`,
    ]),
  ];
}

/** Reads or writes a leaf by path (list paths use the list number). */
function leaf(count: StationCount, path: string, value?: number | string | null): number | string | null {
  const parts = path.split('.');
  if (parts[0] === 'votes' && parts[1] === 'lists') {
    const list = count.votes.lists.find((l) => l.number === Number(parts[2]))!;
    if (parts[3] === 'total') {
      if (value !== undefined) list.total = value as number;
      return list.total;
    }
    const index = Number(parts[4]);
    if (value !== undefined) list.candidates[index] = value as number;
    return list.candidates[index]!;
  }
  const group = (count as unknown as Record<string, Record<string, number | string | null>>)[parts[0]!]!;
  if (value !== undefined) group[parts[1]!] = value;
  return group[parts[1]!]!;
}

// ─── validateCount: each code ────────────────────────────────────────────────────────────────────

describe('validateCount', () => {
  it('finds nothing in a consistent count of an ordinary station', () => {
    expect(validateCount(base(), ballot, station)).toEqual([]);
  });

  it('lists every code it can return in the catalogue, Dutch and English', () => {
    // Typed: a code removed from the catalogue breaks this file at compile time.
    const everyCode: CountFindingCode[] = [
      'F.001',
      'F.101',
      'F.201',
      'F.202',
      'F.301',
      'F.401',
      'F.402',
      'F.403',
      'W.201',
      'W.202',
      'W.203',
      'W.301',
      'W.302',
      'W.401',
    ];
    expect(Object.keys(countFindingCodes).sort()).toEqual([...everyCode].sort());
    for (const [code, entry] of Object.entries(countFindingCodes)) {
      expect(entry.severity).toBe(code.startsWith('F.') ? 'error' : 'warning');
      expect(entry.message.nl.length).toBeGreaterThan(20);
      expect(entry.message.en.length).toBeGreaterThan(20);
      expect(entry.message.nl).not.toBe(entry.message.en);
    }
  });

  describe('F.001 the count does not fit the ballot', () => {
    it('fires for a missing list, and is then the only finding', () => {
      const count = base();
      count.votes.lists.pop();
      count.voters.total = 5; // would be F.101 and more, but the sums cannot be checked
      const findings = validateCount(count, ballot, station);
      expect(codes(findings)).toEqual(['F.001']);
      expect(findings[0]!.severity).toBe('error');
      expect(findings[0]!.fields).toEqual(['votes.lists.2']);
      expect(findings[0]!.message.nl).toContain('1, 2');
    });

    it('fires for an extra list, a wrong number of candidates, a list entered twice, and lists out of order', () => {
      const extra = base();
      extra.votes.lists.push({ number: 7, candidates: [], total: 0 });
      expect(validateCount(extra, ballot, station)[0]!.fields).toEqual(['votes.lists.7']);

      const candidates = base();
      candidates.votes.lists[0]!.candidates.push(0);
      expect(validateCount(candidates, ballot, station)[0]!.fields).toEqual(['votes.lists.1.candidates']);

      const twice = base();
      twice.votes.lists[1] = { ...twice.votes.lists[0]!, candidates: [...twice.votes.lists[0]!.candidates] };
      expect(validateCount(twice, ballot, station)[0]!.fields).toEqual(['votes.lists.1', 'votes.lists.2']);

      const order = base();
      order.votes.lists.reverse();
      const findings = validateCount(order, ballot, station);
      expect(codes(findings)).toEqual(['F.001']);
      expect(findings[0]!.fields).toEqual(['votes.lists']);
    });

    it('does not fire when lists and candidates fit, also for a referendum ballot without candidates', () => {
      expect(codes(validateCount(base(), ballot, station))).not.toContain('F.001');
      const options: BallotShape = {
        lists: [
          { number: 1, candidateCount: 0 },
          { number: 2, candidateCount: 0 },
        ],
      };
      const count = consistent({
        lists: [
          { number: 1, candidates: [], total: 700 },
          { number: 2, candidates: [], total: 290 },
        ],
        blank: 5,
        invalid: 5,
      });
      expect(validateCount(count, options, station)).toEqual([]);
    });
  });

  it('F.101 fires when D ≠ A + B (fields A, B, D) and not when it adds up', () => {
    const count = base();
    count.voters.pollCards += 1;
    const findings = validateCount(count, ballot, station);
    expect(codes(errors(findings))).toEqual(['F.101']);
    const f = byCode(findings, 'F.101')!;
    expect(f.fields).toEqual(['voters.pollCards', 'voters.proxyCertificates', 'voters.total']);
    expect(f.message.nl).toContain('Het totaal toegelaten kiezers (D) is niet gelijk aan stempassen (A) plus volmachtbewijzen (B).');
    expect(f.message.nl).toContain('A + B = 1.001, bij D staat 1.000.');
    expect(f.message.en).toContain('A + B = 1,001, D says 1,000.');

    const moved = base();
    moved.voters.pollCards -= 20;
    moved.voters.proxyCertificates += 20;
    expect(codes(validateCount(moved, ballot, station))).not.toContain('F.101');
  });

  it('F.201 fires when E ≠ the sum of the list totals, and not when lists move votes between them', () => {
    const count = base();
    count.votes.totalValid += 1;
    count.votes.blank -= 1; // keeps H = E + F + G
    const findings = validateCount(count, ballot, station);
    expect(codes(errors(findings))).toEqual(['F.201']);
    expect(byCode(findings, 'F.201')!.fields).toEqual(['votes.lists.1.total', 'votes.lists.2.total', 'votes.totalValid']);

    const moved = consistent({
      lists: [
        { number: 1, candidates: [200, 200, 100] },
        { number: 2, candidates: [250, 230] },
      ],
      blank: 10,
      invalid: 10,
    });
    expect(validateCount(moved, ballot, station)).toEqual([]);
  });

  it('F.202 fires when H ≠ E + F + G, and not when F and G trade votes', () => {
    const count = base();
    count.votes.invalid += 2;
    count.votes.blank -= 1;
    const findings = validateCount(count, ballot, station);
    expect(codes(errors(findings))).toEqual(['F.202']);
    expect(byCode(findings, 'F.202')!.fields).toEqual(['votes.totalValid', 'votes.blank', 'votes.invalid', 'votes.total']);

    const traded = base();
    traded.votes.invalid += 3;
    traded.votes.blank -= 3;
    expect(codes(validateCount(traded, ballot, station))).not.toContain('F.202');
  });

  it('F.301 fires per list whose total ≠ its candidates, naming the list; never for an option without candidates', () => {
    const count = base();
    count.votes.lists[1]!.candidates[0]! += 4;
    count.votes.lists[1]!.candidates[1]! -= 5;
    const findings = validateCount(count, ballot, station);
    expect(codes(errors(findings))).toEqual(['F.301']);
    const f = byCode(findings, 'F.301')!;
    expect(f.fields).toEqual(['votes.lists.2.total']);
    expect(f.message.nl).toContain('Lijst 2: de kandidaten samen 379, bij het totaal van de lijst staat 380.');
    expect(f.message.en).toContain('List 2');

    // An option of a referendum has a total only: nothing to add up.
    const options: BallotShape = { lists: [{ number: 1, candidateCount: 0 }] };
    const option = consistent({ lists: [{ number: 1, candidates: [], total: 980 }], blank: 10, invalid: 10 });
    expect(codes(validateCount(option, options, station))).not.toContain('F.301');
  });

  describe('differences between D and H', () => {
    it('F.401 fires when H > D but I ≠ H − D (or J is filled in), and not when I = H − D', () => {
      const right = withDifference(3);
      expect(codes(errors(validateCount(right, ballot, station)))).toEqual([]);

      const wrongI = withDifference(3);
      wrongI.differences.moreBallots = 2;
      const findings = validateCount(wrongI, ballot, station);
      expect(codes(errors(findings))).toEqual(['F.401']);
      expect(byCode(findings, 'F.401')!.fields).toEqual(['differences.moreBallots']);
      expect(byCode(findings, 'F.401')!.message.nl).toContain('H − D = 3; bij I staat 2 en bij J 0.');

      const alsoJ = withDifference(3);
      alsoJ.differences.fewerBallots = 3;
      expect(byCode(validateCount(alsoJ, ballot, station), 'F.401')!.fields).toEqual([
        'differences.moreBallots',
        'differences.fewerBallots',
      ]);
    });

    it('F.402 fires when H < D but J ≠ D − H (or I is filled in), and not when J = D − H', () => {
      const right = withDifference(-4);
      expect(codes(errors(validateCount(right, ballot, station)))).toEqual([]);

      const wrongJ = withDifference(-4);
      wrongJ.differences.fewerBallots = 0;
      const findings = validateCount(wrongJ, ballot, station);
      expect(codes(errors(findings))).toEqual(['F.402']);
      expect(byCode(findings, 'F.402')!.fields).toEqual(['differences.fewerBallots']);

      const swapped = withDifference(-4);
      swapped.differences.moreBallots = 4;
      swapped.differences.fewerBallots = 0;
      expect(byCode(validateCount(swapped, ballot, station), 'F.402')!.fields).toEqual([
        'differences.moreBallots',
        'differences.fewerBallots',
      ]);
    });

    it('F.403 fires when D = H but I or J is not 0, and not when both are 0', () => {
      const count = base();
      count.differences.fewerBallots = 1;
      const findings = validateCount(count, ballot, station);
      expect(codes(errors(findings))).toEqual(['F.403']);
      expect(byCode(findings, 'F.403')!.fields).toEqual(['differences.fewerBallots']);
      count.differences.moreBallots = 1;
      expect(byCode(validateCount(count, ballot, station), 'F.403')!.fields).toEqual([
        'differences.moreBallots',
        'differences.fewerBallots',
      ]);

      expect(codes(validateCount(base(), ballot, station))).not.toContain('F.403');
    });
  });

  describe('warnings', () => {
    it('W.201 fires when more than 3 % of H is blank, and not at exactly 3 %', () => {
      // H = 1,000: 30 blank is exactly 3 %.
      const atLimit = consistent({
        lists: [
          { number: 1, candidates: [300, 200, 100] },
          { number: 2, candidates: [150, 210] },
        ],
        blank: 30,
        invalid: 10,
      });
      expect(atLimit.votes.total).toBe(1000);
      expect(validateCount(atLimit, ballot, station)).toEqual([]);
      const over = consistent({
        lists: [
          { number: 1, candidates: [300, 200, 100] },
          { number: 2, candidates: [150, 209] },
        ],
        blank: 31,
        invalid: 10,
      });
      const findings = validateCount(over, ballot, station);
      expect(codes(findings)).toEqual(['W.201']);
      expect(findings[0]!.severity).toBe('warning');
      expect(findings[0]!.fields).toEqual(['votes.blank']);
    });

    it('W.202 fires when more than 3 % of H is invalid, and not at exactly 3 %', () => {
      const atLimit = consistent({
        lists: [
          { number: 1, candidates: [300, 200, 100] },
          { number: 2, candidates: [150, 210] },
        ],
        blank: 10,
        invalid: 30,
      });
      expect(validateCount(atLimit, ballot, station)).toEqual([]);
      const over = consistent({
        lists: [
          { number: 1, candidates: [300, 200, 100] },
          { number: 2, candidates: [150, 209] },
        ],
        blank: 10,
        invalid: 31,
      });
      const findings = validateCount(over, ballot, station);
      expect(codes(findings)).toEqual(['W.202']);
      expect(findings[0]!.fields).toEqual(['votes.invalid']);
    });

    it('W.203 fires when D exceeds the eligible voters of the station, not when equal or unknown', () => {
      const findings = validateCount(base(), ballot, { eligibleVoters: 999 });
      expect(codes(findings)).toEqual(['W.203']);
      expect(findings[0]!.fields).toEqual(['voters.total']);
      expect(validateCount(base(), ballot, { eligibleVoters: 1000 })).toEqual([]);
      expect(validateCount(base(), ballot, { eligibleVoters: null })).toEqual([]);
    });

    it('W.301 fires for a difference without explanation (whitespace is no explanation), and not with one', () => {
      for (const explanation of [null, '', '   \n\t ']) {
        const findings = validateCount(withDifference(2, explanation), ballot, station);
        expect(codes(findings)).toEqual(['W.301']);
        expect(findings[0]!.fields).toEqual(['differences.explanation']);
      }
      expect(validateCount(withDifference(2, 'Twee kiezers namen het stembiljet mee.'), ballot, station)).toEqual([]);
      expect(validateCount(withDifference(-2, 'Stembiljet niet in de stembus gedaan.'), ballot, station)).toEqual([]);
      // No difference: no explanation needed.
      expect(codes(validateCount(base(), ballot, station))).not.toContain('W.301');
    });

    it('W.302 fires for a difference of more than 15, or more than 2 % of D; not at 15, nor at exactly 2 %', () => {
      expect(codes(validateCount(withDifference(15), ballot, station))).not.toContain('W.302');
      expect(codes(validateCount(withDifference(-15), ballot, station))).not.toContain('W.302');
      const large = validateCount(withDifference(16), ballot, station);
      expect(codes(large)).toEqual(['W.302']);
      expect(byCode(large, 'W.302')!.fields).toEqual(['voters.total', 'votes.total']);
      expect(codes(validateCount(withDifference(-16), ballot, station))).toEqual(['W.302']);

      // D = 500: a difference of 10 is exactly 2 %, 11 is 2.2 % (both ≤ 15).
      const small = (delta: number): StationCount =>
        consistent({
          lists: [
            { number: 1, candidates: [200, 100, 50] },
            { number: 2, candidates: [80, 50 + delta] },
          ],
          blank: 10,
          invalid: 10,
          admitted: 500,
          explanation: 'Uitleg.',
        });
      expect(small(-10).votes.total).toBe(490);
      expect(small(-10).voters.total).toBe(500);
      for (const delta of [-10, 10]) expect(codes(validateCount(small(delta), ballot, station))).not.toContain('W.302');
      for (const delta of [-11, 11]) expect(codes(validateCount(small(delta), ballot, station))).toEqual(['W.302']);
    });

    it('W.401 fires for an empty report at a station with (or with unknown) eligible voters, not at one without', () => {
      const empty = emptyCount(ballot);
      const findings = validateCount(empty, ballot, station);
      expect(codes(findings)).toEqual(['W.401']);
      expect(findings[0]!.fields).toEqual(['votes.total']);
      expect(codes(validateCount(empty, ballot, { eligibleVoters: null }))).toEqual(['W.401']);
      expect(validateCount(empty, ballot, { eligibleVoters: 0 })).toEqual([]);
      expect(codes(validateCount(base(), ballot, station))).not.toContain('W.401');
    });
  });

  it('reports several findings at once, errors before warnings', () => {
    const count = withDifference(40, null);
    count.voters.pollCards += 1;
    count.votes.invalid += 40;
    count.votes.total += 40;
    count.differences.moreBallots += 40;
    expect(codes(validateCount(count, ballot, station))).toEqual(['F.101', 'W.202', 'W.301', 'W.302']);
  });

  it('finds no errors in any consistent count, and the schema accepts it (property)', () => {
    fc.assert(
      fc.property(ballotAndCount, fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }), ({ shape, count }, eligibleVoters) => {
        expect(errors(validateCount(count, shape, { eligibleVoters }))).toEqual([]);
        expect(stationCountSchema.safeParse(count).success).toBe(true);
        for (const finding of validateCount(count, shape, { eligibleVoters })) expect(finding.code in countFindingCodes).toBe(true);
      }),
    );
  });

  it('finds an error for any single changed number in a consistent count (property)', () => {
    fc.assert(
      fc.property(ballotAndCount, fc.nat(), fc.integer({ min: 1, max: 50 }), ({ shape, count }, pick, delta) => {
        const numeric = leafPaths(count).filter((p) => p !== 'differences.explanation');
        const path = numeric[pick % numeric.length]!;
        const changed = clone(count);
        leaf(changed, path, (leaf(count, path) as number) + delta);
        expect(errors(validateCount(changed, shape, { eligibleVoters: null })).length).toBeGreaterThan(0);
      }),
    );
  });
});

// ─── compareCounts ───────────────────────────────────────────────────────────────────────────────

describe('compareCounts', () => {
  it('reports each differing field with both values, in report order', () => {
    const first = base();
    const second = base();
    second.votes.lists[1]!.candidates[1] = 231;
    second.voters.pollCards = 951;
    second.differences.explanation = 'Een kiezer ging weg.';
    expect(compareCounts(first, second)).toEqual([
      { field: 'voters.pollCards', first: 950, second: 951 },
      { field: 'differences.explanation', first: null, second: 'Een kiezer ging weg.' },
      { field: 'votes.lists.2.candidates.1', first: 230, second: 231 },
    ]);
  });

  it('ignores differences in whitespace of the explanation, not in its words', () => {
    const first = withDifference(1, '  Kiezer  nam\nstembiljet mee. ');
    const second = withDifference(1, 'Kiezer nam stembiljet mee.');
    expect(compareCounts(first, second)).toEqual([]);
    expect(compareCounts(withDifference(1, ''), withDifference(1, null))).toEqual([]);
    expect(compareCounts(first, withDifference(1, 'Kiezer nam stembiljet niet mee.'))).toEqual([
      { field: 'differences.explanation', first: 'Kiezer nam stembiljet mee.', second: 'Kiezer nam stembiljet niet mee.' },
    ]);
    expect(normaliseExplanation(' a \u00a0 b ')).toBe('a b');
  });

  it('reports a count of another shape as differing fields, with null where a value is missing', () => {
    const first = base();
    const second = base();
    second.votes.lists[0]!.candidates.push(7);
    second.votes.lists.pop();
    second.votes.lists.push({ number: 3, candidates: [], total: 0 });
    expect(compareCounts(first, second)).toEqual([
      { field: 'votes.lists.1.candidates.3', first: null, second: 7 },
      { field: 'votes.lists.2.candidates.0', first: 150, second: null },
      { field: 'votes.lists.2.candidates.1', first: 230, second: null },
      { field: 'votes.lists.2.total', first: 380, second: null },
      { field: 'votes.lists.3.total', first: null, second: 0 },
    ]);
  });

  it('finds nothing between a count and itself or a copy (property)', () => {
    fc.assert(
      fc.property(ballotAndCount, ({ count }) => {
        expect(compareCounts(count, count)).toEqual([]);
        expect(compareCounts(count, clone(count))).toEqual([]);
      }),
    );
  });

  it('is symmetric: the same fields with the values swapped (property)', () => {
    const anyTwo = fc.oneof(
      ballotAndTwoCounts.map(({ a, b }) => ({ a, b })),
      fc.tuple(ballotAndCount, ballotAndCount).map(([x, y]) => ({ a: x.count, b: y.count })), // also different shapes
    );
    fc.assert(
      fc.property(anyTwo, ({ a, b }) => {
        const ab = compareCounts(a, b);
        const ba = compareCounts(b, a);
        expect(ba.map((d) => d.field).sort()).toEqual(ab.map((d) => d.field).sort());
        const swapped = new Map(ab.map((d) => [d.field, { first: d.second, second: d.first }]));
        for (const d of ba) expect({ first: d.first, second: d.second }).toEqual(swapped.get(d.field));
      }),
    );
  });

  it('reports exactly the one leaf that was changed (property)', () => {
    fc.assert(
      fc.property(ballotAndCount, fc.nat(), fc.integer({ min: 1, max: MAX_COUNT_VALUE }), ({ count }, pick, delta) => {
        const paths = leafPaths(count);
        const path = paths[pick % paths.length]!;
        const changed = clone(count);
        const before = leaf(count, path);
        let after: number | string;
        if (path === 'differences.explanation') {
          const text = normaliseExplanation(before as string | null);
          after = text === null ? 'Verklaring' : `${text} (aangevuld)`;
        } else {
          after = ((before as number) + delta) % (MAX_COUNT_VALUE + 1); // never the same: 1 ≤ delta ≤ MAX
        }
        leaf(changed, path, after);
        expect(compareCounts(count, changed)).toEqual([
          {
            field: path,
            first: path === 'differences.explanation' ? normaliseExplanation(before as string | null) : before,
            second: after,
          },
        ]);
      }),
    );
  });

  it('never throws on counts of different ballots (property)', () => {
    fc.assert(
      fc.property(ballotAndCount, ballotAndCount, (x, y) => {
        const differences = compareCounts(x.count, y.count);
        for (const d of differences) expect(d.first).not.toEqual(d.second);
      }),
    );
  });
});

// ─── emptyCount and sumCounts ────────────────────────────────────────────────────────────────────

describe('emptyCount', () => {
  it('is all zeros in the shape of the ballot, and fits it', () => {
    const empty = emptyCount(ballot);
    expect(empty).toEqual({
      voters: { pollCards: 0, proxyCertificates: 0, total: 0 },
      votes: {
        lists: [
          { number: 1, candidates: [0, 0, 0], total: 0 },
          { number: 2, candidates: [0, 0], total: 0 },
        ],
        totalValid: 0,
        blank: 0,
        invalid: 0,
        total: 0,
      },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    });
    expect(errors(validateCount(empty, ballot, station))).toEqual([]);
    expect(stationCountSchema.safeParse(empty).success).toBe(true);
  });

  it('takes its shape from the lists of an election (ballotShapeOf)', () => {
    const shape = ballotShapeOf([
      { number: 4, candidates: ['a', 'b'] },
      { number: 9, candidates: [] },
    ]);
    expect(shape).toEqual({
      lists: [
        { number: 4, candidateCount: 2 },
        { number: 9, candidateCount: 0 },
      ],
    });
    expect(emptyCount(shape).votes.lists).toEqual([
      { number: 4, candidates: [0, 0], total: 0 },
      { number: 9, candidates: [], total: 0 },
    ]);
  });
});

/** The totals as a count (to check them with validateCount): explanation none. */
const asCount = (totals: CountTotals): StationCount => ({
  voters: totals.voters,
  votes: totals.votes,
  differences: { ...totals.differences, explanation: null },
});

describe('sumCounts', () => {
  it('adds every field, counts the stations and drops the explanations', () => {
    const a = base();
    const b = withDifference(-2);
    const totals = sumCounts([a, b], ballot);
    expect(totals).toEqual({
      stations: 2,
      voters: { pollCards: 1902, proxyCertificates: 100, total: 2002 },
      votes: {
        lists: [
          { number: 1, candidates: [600, 400, 200], total: 1200 },
          { number: 2, candidates: [300, 460], total: 760 },
        ],
        totalValid: 1960,
        blank: 20,
        invalid: 20,
        total: 2000,
      },
      differences: { moreBallots: 0, fewerBallots: 2 },
    });
    const empty = emptyCount(ballot);
    expect(sumCounts([], ballot)).toEqual({
      stations: 0,
      voters: empty.voters,
      votes: empty.votes,
      differences: { moreBallots: 0, fewerBallots: 0 },
    });
  });

  it('refuses a count that does not fit the ballot', () => {
    const short = base();
    short.votes.lists.pop();
    expect(() => sumCounts([base(), short], ballot)).toThrow(/ballot/u);
    const wrongCandidates = base();
    wrongCandidates.votes.lists[1]!.candidates.push(1);
    expect(() => sumCounts([wrongCandidates], ballot)).toThrow(/does not fit/u);
  });

  it('gives consistent totals of consistent counts, whatever their order (property)', () => {
    fc.assert(
      fc.property(
        ballotArb.chain((shape) => fc.array(countArb(shape), { maxLength: 12 }).map((counts) => ({ shape, counts }))),
        fc.nat(),
        ({ shape, counts }, seed) => {
          const totals = sumCounts(counts, shape);
          expect(totals.stations).toBe(counts.length);
          // The sums of A, B, D, E per list, F, G, H hold for the totals; I and J are summed as they
          // are (a station has one of them), so for totals the rule is I − J = H − D.
          const checked = validateCount(asCount(totals), shape, { eligibleVoters: null }).filter(
            (f) => f.severity === 'error' && !f.code.startsWith('F.4'),
          );
          expect(checked).toEqual([]);
          expect(totals.differences.moreBallots - totals.differences.fewerBallots).toBe(totals.votes.total - totals.voters.total);

          const shuffled = [...counts];
          let s = seed;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(sumCounts(shuffled, shape)).toEqual(totals);
          expect(sumCounts([...counts].reverse(), shape)).toEqual(totals);
        },
      ),
    );
  });

  it('sums a House of Representatives election (9,500 stations × 26 lists × 80 candidates) quickly', () => {
    const shape: BallotShape = { lists: Array.from({ length: 26 }, (_v, i) => ({ number: i + 1, candidateCount: 80 })) };
    const counts = Array.from({ length: 50 }, (_v, s) =>
      consistent({
        lists: shape.lists.map((l) => ({ number: l.number, candidates: Array.from({ length: 80 }, (_c, k) => (s + l.number + k) % 7) })),
        blank: s % 5,
        invalid: s % 3,
      }),
    );
    const stations = Array.from({ length: 9500 }, (_v, i) => counts[i % counts.length]!);
    const started = performance.now();
    const totals = sumCounts(stations, shape);
    const elapsed = performance.now() - started;
    expect(totals.stations).toBe(9500);
    const expectedCandidate = (n: number, k: number): number => sum(stations.map((_c, i) => ((i % 50) + n + k) % 7));
    expect(totals.votes.lists[25]!.candidates[79]).toBe(expectedCandidate(26, 79));
    expect(totals.votes.lists[0]!.candidates[0]).toBe(expectedCandidate(1, 0));
    expect(totals.votes.total).toBe(sum(stations.map((c) => c.votes.total)));
    expect(errors(validateCount(asCount(totals), shape, { eligibleVoters: null }))).toEqual([]);
    expect(elapsed).toBeLessThan(2000); // about 20 million additions; typically well under 100 ms
  });
});

// ─── schema ──────────────────────────────────────────────────────────────────────────────────────

describe('stationCountSchema', () => {
  it('accepts a count and rejects extra keys at every level', () => {
    expect(stationCountSchema.safeParse(base()).success).toBe(true);
    const extras: ((c: Record<string, unknown>) => void)[] = [
      (c) => (c.extra = 1),
      (c) => ((c.voters as Record<string, unknown>).voterCards = 0),
      (c) => ((c.votes as Record<string, unknown>).extra = 0),
      (c) => ((c.votes as { lists: Record<string, unknown>[] }).lists[0]!.name = 'x'),
      (c) => ((c.differences as Record<string, unknown>).unreturned = 0),
    ];
    for (const add of extras) {
      const count = clone(base()) as unknown as Record<string, unknown>;
      add(count);
      expect(stationCountSchema.safeParse(count).success).toBe(false);
    }
  });

  it('rejects an explanation longer than 2,000 characters, too many lists or candidates, and a missing field', () => {
    const long = withDifference(1, 'x'.repeat(2001));
    expect(stationCountSchema.safeParse(long).success).toBe(false);
    expect(stationCountSchema.safeParse(withDifference(1, 'x'.repeat(2000))).success).toBe(true);
    const manyLists = base();
    manyLists.votes.lists = Array.from({ length: 101 }, (_v, i) => ({ number: i + 1, candidates: [], total: 0 }));
    expect(stationCountSchema.safeParse(manyLists).success).toBe(false);
    const manyCandidates = base();
    manyCandidates.votes.lists[0]!.candidates = new Array<number>(201).fill(0);
    expect(stationCountSchema.safeParse(manyCandidates).success).toBe(false);
    const { differences: _dropped, ...missing } = base();
    expect(stationCountSchema.safeParse(missing).success).toBe(false);
    expect(stationCountSchema.safeParse(null).success).toBe(false);
  });

  it('rejects a negative, fractional, too large, non-finite or non-number value in any number field (property)', () => {
    const bad = fc.oneof(
      fc.integer({ min: -MAX_COUNT_VALUE, max: -1 }),
      fc.double({ min: 0.001, max: 1000, noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.integer({ min: MAX_COUNT_VALUE + 1, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, '12', null, true),
    );
    fc.assert(
      fc.property(ballotAndCount, fc.nat(), bad, ({ count }, pick, value) => {
        const numeric = leafPaths(count).filter((p) => p !== 'differences.explanation');
        const path = numeric[pick % numeric.length]!;
        const changed = clone(count);
        leaf(changed, path, value as number);
        expect(stationCountSchema.safeParse(changed).success).toBe(false);
      }),
    );
    expect(
      stationCountSchema.safeParse(consistent({ lists: [{ number: 1, candidates: [MAX_COUNT_VALUE - 20] }], blank: 10, invalid: 10 }))
        .success,
    ).toBe(true);
  });
});

// ─── labels ──────────────────────────────────────────────────────────────────────────────────────

describe('fieldLabel', () => {
  const names = new Map([
    [1, 'VVD'],
    [2, 'GroenLinks'],
  ]);

  it('labels the fields like the official report, Dutch and English', () => {
    expect(fieldLabel('voters.pollCards', names)).toEqual({ nl: 'A. Stempassen', en: 'A. Poll cards' });
    expect(fieldLabel('voters.proxyCertificates', names).nl).toBe('B. Volmachtbewijzen');
    expect(fieldLabel('voters.total', names).nl).toBe('D. Totaal toegelaten kiezers');
    expect(fieldLabel('votes.totalValid', names).nl).toMatch(/^E\. /u);
    expect(fieldLabel('votes.blank', names)).toEqual({ nl: 'F. Blanco stemmen', en: 'F. Blank votes' });
    expect(fieldLabel('votes.invalid', names).nl).toBe('G. Ongeldige stemmen');
    expect(fieldLabel('votes.total', names).nl).toBe('H. Totaal uitgebrachte stemmen');
    expect(fieldLabel('differences.moreBallots', names).nl).toBe('I. Meer getelde stembiljetten');
    expect(fieldLabel('differences.fewerBallots', names).nl).toBe('J. Minder getelde stembiljetten');
    expect(fieldLabel('differences.explanation', names).en).toBe('Explanation of the difference');
  });

  it('labels list fields with the list number and name, candidates by position (index + 1)', () => {
    expect(fieldLabel('votes.lists.2.candidates.5', names)).toEqual({
      nl: 'Lijst 2 (GroenLinks), kandidaat 6',
      en: 'List 2 (GroenLinks), candidate 6',
    });
    expect(fieldLabel('votes.lists.1.total', names)).toEqual({ nl: 'Lijst 1 (VVD), totaal', en: 'List 1 (VVD), total' });
    expect(fieldLabel('votes.lists.7.candidates.0', names)).toEqual({ nl: 'Lijst 7, kandidaat 1', en: 'List 7, candidate 1' });
    expect(fieldLabel('votes.lists.2', names).nl).toBe('Lijst 2 (GroenLinks)');
    expect(fieldLabel('votes.lists.2.candidates', names).nl).toBe('Lijst 2 (GroenLinks), stemmen op kandidaten');
    expect(fieldLabel('votes.lists', names).nl).toBe('Lijsten');
  });

  it('calls lists options on a referendum ballot', () => {
    const options = new Map([[1, 'Voor']]);
    expect(fieldLabel('votes.lists.1.total', options, 'referendum')).toEqual({
      nl: 'Keuze 1 (Voor), totaal',
      en: 'Option 1 (Voor), total',
    });
    expect(fieldLabel('votes.blank', options, 'referendum').nl).toBe('F. Blanco stemmen');
  });

  it('returns an unknown path as it is, and labels every path compareCounts reports (property)', () => {
    expect(fieldLabel('votes.lists.2.total.3', names)).toEqual({ nl: 'votes.lists.2.total.3', en: 'votes.lists.2.total.3' });
    expect(fieldLabel('nonsense', names)).toEqual({ nl: 'nonsense', en: 'nonsense' });
    fc.assert(
      fc.property(ballotAndCount, ({ count }) => {
        for (const path of leafPaths(count)) expect(fieldLabel(path, names).nl).not.toBe(path);
      }),
    );
  });
});
