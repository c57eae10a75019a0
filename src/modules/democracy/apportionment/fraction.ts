// Exact rational numbers on bigint, for the seat apportionment (Kieswet P 5–P 8 and P 15).
// The kiesdeler, remainders, averages and the preference threshold are fractions; comparing them
// with floating point could give a seat to the wrong list, so nothing here is ever a float.
// Values are always normalised: the denominator is positive and shares no factor with the numerator.

/** An integer given as a bigint or as a safe JavaScript integer. */
export type IntegerLike = bigint | number;

/** A fraction as JSON: `{ num, den }` (the case file's `quota` and `preference_threshold.votes`). */
export interface FractionObject {
  num: number;
  den: number;
}

/** A fraction as a JSON pair `[num, den]` (the case file's `remainder_votes` and `votes_per_seat`). */
export type FractionPair = [number, number];

function toBigInt(value: IntegerLike): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${String(value)}`);
  return BigInt(value);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Too large to write as a JSON number: ${value.toString()}`);
  return n;
}

/** An exact fraction num/den of integers. Immutable; every operation returns a new normalised value. */
export class Fraction {
  /** The numerator (carries the sign). */
  readonly num: bigint;
  /** The denominator, always > 0. */
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** num/den, normalised. Throws a RangeError for a zero denominator (a programming error, not an input error). */
  static of(num: IntegerLike, den: IntegerLike = 1n): Fraction {
    let n = toBigInt(num);
    let d = toBigInt(den);
    if (d === 0n) throw new RangeError('Fraction with denominator 0');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    return g > 1n ? new Fraction(n / g, d / g) : new Fraction(n, d);
  }

  static readonly ZERO: Fraction = Fraction.of(0n);
  static readonly ONE: Fraction = Fraction.of(1n);

  add(other: Fraction | IntegerLike): Fraction {
    const o = asFraction(other);
    return Fraction.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(other: Fraction | IntegerLike): Fraction {
    const o = asFraction(other);
    return Fraction.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(other: Fraction | IntegerLike): Fraction {
    const o = asFraction(other);
    return Fraction.of(this.num * o.num, this.den * o.den);
  }

  /** this ÷ other; throws a RangeError when other is zero. */
  div(other: Fraction | IntegerLike): Fraction {
    const o = asFraction(other);
    if (o.num === 0n) throw new RangeError('Division by zero');
    return Fraction.of(this.num * o.den, this.den * o.num);
  }

  /** -1, 0 or 1 as this is smaller than, equal to or larger than other (cross-multiplication, exact). */
  compare(other: Fraction | IntegerLike): -1 | 0 | 1 {
    const o = asFraction(other);
    const left = this.num * o.den;
    const right = o.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Fraction | IntegerLike): boolean {
    return this.compare(other) === 0;
  }

  lt(other: Fraction | IntegerLike): boolean {
    return this.compare(other) < 0;
  }

  lte(other: Fraction | IntegerLike): boolean {
    return this.compare(other) <= 0;
  }

  gt(other: Fraction | IntegerLike): boolean {
    return this.compare(other) > 0;
  }

  gte(other: Fraction | IntegerLike): boolean {
    return this.compare(other) >= 0;
  }

  /** The largest integer not above this value (also for negative values). */
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** `{ num, den }` with JSON numbers; throws a RangeError if a part is not a safe integer. */
  toObject(): FractionObject {
    return { num: toSafeNumber(this.num), den: toSafeNumber(this.den) };
  }

  /** `[num, den]` with JSON numbers; throws a RangeError if a part is not a safe integer. */
  toPair(): FractionPair {
    return [toSafeNumber(this.num), toSafeNumber(this.den)];
  }

  toJSON(): FractionObject {
    return this.toObject();
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num.toString()}/${this.den.toString()}`;
  }
}

function asFraction(value: Fraction | IntegerLike): Fraction {
  return value instanceof Fraction ? value : Fraction.of(value);
}
