// A small, fast, seeded pseudo-random generator for the seed data (never Math.random): the same
// seed gives the same rows on every machine and every run. sfc32 (Chris Doty-Humphrey's "small
// fast counting" generator, 128-bit state, passes PractRand) seeded through splitmix32.
//
// Every chunk of the nation seed gets its own generator from (seed, chunk index), so a chunk can
// be generated on its own: that is what makes an interrupted run resumable.

/** splitmix32 finaliser: a good 32-bit mix of one number. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** One 32-bit seed from several non-negative integers (seed, chunk index, purpose …). */
export function hashSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    // Integers up to 2^53: mix the high and the low 32 bits.
    const hi = Math.floor(p / 0x1_0000_0000) >>> 0;
    h = mix32(h ^ mix32(hi));
    h = mix32(h ^ mix32(p >>> 0));
  }
  return h;
}

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(...seed: readonly number[]) {
    const s = hashSeed(...seed);
    this.#a = mix32(s);
    this.#b = mix32(s ^ 0x5bd1e995);
    this.#c = mix32(s ^ 0x27d4eb2f);
    this.#d = 1;
    // Warm up: the first outputs of a freshly seeded sfc32 are weakly mixed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max] (both included). */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

/** Draws from a fixed list of weighted choices in O(log n). */
export class Weighted<T> {
  readonly #items: readonly T[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('no choices');
    this.#items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`negative weight ${w}`);
      total += w;
      this.#cumulative[i] = total;
    });
    if (total <= 0) throw new RangeError('weights sum to zero');
    this.#total = total;
  }

  get items(): readonly T[] {
    return this.#items;
  }

  draw(random: Random): T {
    const x = random.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo] as T;
  }
}

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');

/**
 * A UUIDv7-shaped id (RFC 9562: 48-bit Unix milliseconds, version 7, variant 10) whose random bits
 * come from `random`: deterministic, time-ordered like the app's own ids.
 */
export function uuidV7(random: Random, unixMs: number): string {
  const ms = Math.max(0, Math.floor(unixMs));
  const high = Math.floor(ms / 0x1_0000_0000);
  const low = ms >>> 0;
  const timeHex = hex(high & 0xffff, 4) + hex(low, 8);
  const a = random.uint32();
  const b = random.uint32();
  const c = random.uint32();
  const randA = hex(a & 0x0fff, 3);
  const variant = hex(0x8000 | ((a >>> 16) & 0x3fff), 4);
  const tail = hex(b & 0xffff, 4) + hex(c, 8);
  return `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}-7${randA}-${variant}-${tail}`;
}
