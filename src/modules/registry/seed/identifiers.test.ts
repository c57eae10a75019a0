// Identity numbers and the generator: valid by construction, deterministic, and the index ↔ BSN
// mapping the nation seed resumes by.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid } from '../../../platform/ids/index.ts';
import { isValidBranchNumber, isValidBsn, isValidKvkNumber } from '../people/model.ts';
import { branchNumberAt, bsnAt, bsnIndex, kvkAt, numberRanges } from './identifiers.ts';
import { Random, Weighted, hashSeed, uuidV7 } from './random.ts';

describe('BSN sequence', () => {
  it('yields only numbers that pass the elfproef, strictly increasing, and bsnIndex inverts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000_000 }), (i) => {
        const bsn = bsnAt(numberRanges.nation.bsnBase, i);
        expect(isValidBsn(bsn)).toBe(true);
        expect(bsnAt(numberRanges.nation.bsnBase, i + 1) > bsn).toBe(true);
        expect(bsnIndex(numberRanges.nation.bsnBase, bsn)).toBe(i);
      }),
    );
  });

  it('takes nine of the nine or ten valid numbers of every block of ten, in order', () => {
    // 10,000 blocks of ten: 100000000 … 100999999.
    const valid: string[] = [];
    for (let v = 100_000_000; v < 101_000_000; v++) if (isValidBsn(String(v))) valid.push(String(v));
    const sequence = Array.from({ length: 90_000 }, (_, i) => bsnAt(numberRanges.nation.bsnBase, i));
    const inSequence = new Set(sequence);
    const validSet = new Set(valid);
    expect(sequence.every((b) => validSet.has(b))).toBe(true);
    expect(sequence.at(-1)! < '101000000').toBe(true);
    expect(valid.length).toBeGreaterThan(90_000);
    expect(valid.length).toBeLessThan(100_000);
    // The numbers left out are the tenth of a block, which bsnIndex does not know either.
    for (const v of valid.filter((b) => !inSequence.has(b))) {
      expect(v.slice(7, 8)).toBe('9');
      expect(bsnIndex(numberRanges.nation.bsnBase, v)).toBeUndefined();
    }
  });

  it('keeps the nation, demo and hand-made ranges apart', () => {
    const nationLast = bsnAt(numberRanges.nation.bsnBase, 70_000_000 - 1);
    expect(nationLast < bsnAt(numberRanges.demo.bsnBase, 0)).toBe(true);
    expect(bsnAt(numberRanges.demo.bsnBase, 1_000_000) < bsnAt(numberRanges.curated.bsnBase, 0)).toBe(true);
    expect(bsnAt(numberRanges.curated.bsnBase, 0)).toBe('999990007');
    expect(bsnIndex(numberRanges.nation.bsnBase, '12345678')).toBeUndefined();
    expect(bsnIndex(numberRanges.nation.bsnBase, '100000000')).toBeUndefined();
  });

  it('gives valid KVK and branch numbers', () => {
    expect(isValidKvkNumber(kvkAt(numberRanges.nation.kvkBase, 1_499_999))).toBe(true);
    expect(isValidBranchNumber(branchNumberAt(numberRanges.nation.branchBase, 1_499_999, 3))).toBe(true);
    expect(branchNumberAt(numberRanges.nation.branchBase, 0, 0)).toBe('000100000000');
    expect(() => branchNumberAt(0, 0, 4)).toThrow(RangeError);
  });
});

describe('Random', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Random(42, 1);
    const b = new Random(42, 1);
    const c = new Random(42, 2);
    const xs = Array.from({ length: 100 }, () => a.uint32());
    expect(Array.from({ length: 100 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.uint32())).not.toEqual(xs);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
  });

  it('draws floats in [0, 1) and integers in range, roughly uniformly', () => {
    const r = new Random(7);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      const k = r.int(10);
      buckets[k] = (buckets[k] ?? 0) + 1;
      const b = r.between(3, 5);
      if (!(b >= 3 && b <= 5)) outside++;
    }
    expect(outside).toBe(0);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('draws weighted choices in proportion', () => {
    const w = new Weighted([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const);
    const r = new Random(1);
    const n = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) n[w.draw(r)]++;
    expect(n.c).toBe(0);
    expect(n.b / n.a).toBeGreaterThan(2.7);
    expect(n.b / n.a).toBeLessThan(3.3);
  });

  it('makes UUIDv7-shaped ids carrying the given time', () => {
    const r = new Random(3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), (ms) => {
        const id = uuidV7(r, ms);
        expect(isUuid(id)).toBe(true);
        expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
      }),
    );
  });
});
