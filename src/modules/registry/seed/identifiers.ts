// Identity numbers of the seed data, computed from a person's or business's index in a sequence,
// so any chunk knows its numbers without generating the chunks before it.
//
// BSN (elfproef, see isValidBsn): Σ d_i·w_i with weights 9…2 over the first 8 digits, minus the 9th
// digit, divisible by 11. Fix the first 7 digits (their weighted sum S) and let the 8th digit d (weight
// 2) run over 0…9: the check digit is (S + 2d) mod 11, which is a digit unless it is 10. 2d mod 11 takes
// ten different values for d = 0…9, so at most one d per block of ten fails: every block of 7 leading
// digits holds 9 or 10 valid BSNs. The sequence takes the first 9 of each block, so the n-th BSN from a
// base block is closed-form: block ⌊n / 9⌋, the (n mod 9)-th usable d in it.

const WEIGHTS_7 = [9, 8, 7, 6, 5, 4, 3] as const;

function weightedSum7(block: number): number {
  let sum = 0;
  let rest = block;
  for (let i = 6; i >= 0; i--) {
    sum += (rest % 10) * (WEIGHTS_7[i] ?? 0);
    rest = Math.floor(rest / 10);
  }
  return sum;
}

/** The `index`-th valid BSN (0-based) counting up from the block of 7 leading digits `base`. */
export function bsnAt(base: number, index: number): string {
  const block = base + Math.floor(index / 9);
  if (block < 1_000_000 || block > 9_999_999) throw new RangeError(`BSN block ${block} out of range`);
  const s = weightedSum7(block);
  let wanted = index % 9;
  for (let d = 0; d < 10; d++) {
    const check = (s + 2 * d) % 11;
    if (check === 10) continue;
    if (wanted === 0) return `${block}${d}${check}`;
    wanted--;
  }
  throw new Error('unreachable: every block holds nine valid BSNs');
}

/** The inverse of bsnAt: the index of `bsn` in the sequence from `base`, or undefined when it is not in it. */
export function bsnIndex(base: number, bsn: string): number | undefined {
  if (!/^\d{9}$/.test(bsn)) return undefined;
  const block = Number(bsn.slice(0, 7));
  const d = Number(bsn.slice(7, 8));
  if (block < base) return undefined;
  const s = weightedSum7(block);
  if ((s + 2 * d) % 11 !== Number(bsn.slice(8))) return undefined;
  let position = 0;
  for (let e = 0; e < d; e++) if ((s + 2 * e) % 11 !== 10) position++;
  // The tenth valid number of a block is not in the sequence.
  return position < 9 ? (block - base) * 9 + position : undefined;
}

/** KVK number: 8 digits from a base. */
export function kvkAt(base: number, index: number): string {
  const n = base + index;
  if (n < 10_000_000 || n > 99_999_999) throw new RangeError(`KVK number ${n} out of range`);
  return String(n);
}

/** Vestigingsnummer: 12 digits; each business has room for `branchSlots` branches. */
export const branchSlots = 4;
export function branchNumberAt(base: number, businessIndex: number, branch: number): string {
  if (branch < 0 || branch >= branchSlots) throw new RangeError(`branch ${branch} out of range`);
  return String(base + businessIndex * branchSlots + branch).padStart(12, '0');
}

/** The number ranges each seed uses, apart from each other so demo and nation never collide. */
export const numberRanges = {
  /** The nation: BSNs from 100000002, KVK numbers from 30000000, branch numbers from 000100000000. */
  nation: { bsnBase: 1_000_000, kvkBase: 30_000_000, branchBase: 100_000_000 },
  /** The demo's background population. */
  demo: { bsnBase: 9_000_000, kvkBase: 60_000_000, branchBase: 600_000_000 },
  /** The demo's hand-made cases: 99999xxxx, the range RvIG uses for test BSNs. */
  curated: { bsnBase: 9_999_900, kvkBase: 90_000_000, branchBase: 900_000_000 },
} as const;
