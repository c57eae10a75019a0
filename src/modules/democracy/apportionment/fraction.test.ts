import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fraction } from './fraction.ts';

const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const nonZero = big.filter((n) => n !== 0n);
const fraction = fc.tuple(big, nonZero).map(([n, d]) => Fraction.of(n, d));

describe('Fraction', () => {
  it('normalises: positive denominator, no common factor', () => {
    expect(Fraction.of(1200, 15).toObject()).toEqual({ num: 80, den: 1 });
    expect(Fraction.of(808, 14).toPair()).toEqual([404, 7]);
    expect(Fraction.of(3, -6).toObject()).toEqual({ num: -1, den: 2 });
    expect(Fraction.of(0, -7).toObject()).toEqual({ num: 0, den: 1 });
    expect(Fraction.of(20_000, 19).toString()).toBe('20000/19');
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    const third = Fraction.of(1, 3);
    expect(third.add(third).add(third).equals(1)).toBe(true);
    expect(Fraction.of(540).sub(Fraction.of(1200, 15).mul(6)).toPair()).toEqual([60, 1]);
    expect(Fraction.of(10_400).div(10).toPair()).toEqual([1040, 1]);
    expect(Fraction.of(1, 10).add(Fraction.of(2, 10)).equals(Fraction.of(3, 10))).toBe(true);
  });

  it('compares by cross-multiplication, also where a float would not see a difference', () => {
    const a = Fraction.of(10n ** 20n + 1n, 10n ** 20n);
    const b = Fraction.of(10n ** 20n + 2n, 10n ** 20n + 1n);
    expect(a.gt(b)).toBe(true);
    expect(Fraction.of(1249, 2).gt(Fraction.of(1249, 3))).toBe(true);
    expect(Fraction.of(600).gte(Fraction.of(700).mul(Fraction.of(3, 4)))).toBe(true);
    expect(Fraction.of(2, 4).compare(Fraction.of(1, 2))).toBe(0);
  });

  it('floors towards minus infinity', () => {
    expect(Fraction.of(7, 2).floor()).toBe(3n);
    expect(Fraction.of(-7, 2).floor()).toBe(-4n);
    expect(Fraction.of(-8, 2).floor()).toBe(-4n);
    expect(Fraction.of(10_400 * 19, 20_000).floor()).toBe(9n);
  });

  it('refuses a zero denominator, division by zero and unsafe numbers', () => {
    expect(() => Fraction.of(1, 0)).toThrow(RangeError);
    expect(() => Fraction.of(1).div(0)).toThrow(RangeError);
    expect(() => Fraction.of(0.5)).toThrow(RangeError);
    expect(() => Fraction.of(2n ** 60n).toObject()).toThrow(RangeError);
  });

  it('properties: field laws, order and floor agree with the definition', () => {
    fc.assert(
      fc.property(fraction, fraction, fraction, (a, b, c) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
        expect(a.compare(b) + b.compare(a)).toBe(0);
        expect(a.compare(a)).toBe(0);
        if (a.lte(b) && b.lte(c)) expect(a.lte(c)).toBe(true);
        const f = a.floor();
        expect(Fraction.of(f).lte(a) && a.lt(Fraction.of(f + 1n))).toBe(true);
        // normalised: a unique representation
        const again = Fraction.of(a.num * 7n, a.den * 7n);
        expect([again.num, again.den]).toEqual([a.num, a.den]);
        expect(a.den > 0n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
