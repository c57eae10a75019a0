// The integrity check of an EML import: SHA-256 of the file, shown in 16 chunks with 2 to retype.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { emlFixtures, readEmlFixture } from './fixtures.ts';
import {
  assembleTypedHash,
  emlHash,
  formatHash,
  hashChunks,
  isEmlHash,
  normaliseHash,
  redactedChunkIndexes,
  redactedHash,
  typedHashMatches,
} from './hash.ts';

/** SHA-256("test"), the vector abacus also tests its hash display with. */
const testHash = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('emlHash', () => {
  it('is the lowercase SHA-256 hex of known inputs', () => {
    expect(emlHash('test')).toBe(testHash);
    expect(emlHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(emlHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the UTF-8 bytes of the text (é is C3 A9, not latin-1 E9)', () => {
    const utf8 = createHash('sha256')
      .update(Buffer.from([0x3c, 0xc3, 0xa9, 0x3e]))
      .digest('hex');
    const latin1 = createHash('sha256')
      .update(Buffer.from([0x3c, 0xe9, 0x3e]))
      .digest('hex');
    expect(emlHash('<é>')).toBe(utf8);
    expect(emlHash('<é>')).not.toBe(latin1);
  });

  it('changes when one character of a file changes', () => {
    const xml = readEmlFixture('definition');
    expect(emlHash(xml.replace('45', '46'))).not.toBe(emlHash(xml));
  });
});

describe('hashChunks and formatHash', () => {
  it('splits into 16 chunks of 4 hex digits that join back to the hash', () => {
    const chunks = hashChunks(testHash);
    expect(chunks).toHaveLength(16);
    expect(chunks.every((chunk) => /^[0-9a-f]{4}$/.test(chunk))).toBe(true);
    expect(chunks.join('')).toBe(testHash);
    expect(chunks[0]).toBe('9f86');
    expect(chunks[15]).toBe('0a08');
  });

  it('formats like abacus: chunks joined by single spaces', () => {
    expect(formatHash(testHash)).toBe('9f86 d081 884c 7d65 9a2f eaa0 c55a d015 a3bf 4f1b 2b0b 822c d15d 6c15 b0f0 0a08');
  });

  it('accepts an upper-case or spaced hash and normalises it', () => {
    expect(hashChunks(formatHash(testHash).toUpperCase())).toEqual(hashChunks(testHash));
    expect(normaliseHash(' 9F86 d081\n')).toBe('9f86d081');
  });

  it('refuses text that is not a SHA-256 hash', () => {
    expect(() => hashChunks('abc')).toThrow(RangeError);
    expect(() => formatHash(`${testHash}0`)).toThrow(RangeError);
    expect(() => redactedChunkIndexes('z'.repeat(64))).toThrow(RangeError);
    expect(isEmlHash(testHash)).toBe(true);
    expect(isEmlHash(formatHash(testHash).toUpperCase())).toBe(true);
    expect(isEmlHash(testHash.slice(1))).toBe(false);
    expect(isEmlHash('g'.repeat(64))).toBe(false);
  });
});

describe('redactedChunkIndexes', () => {
  it('derives the 2 blanks from the hash: first byte picks one, second byte an offset of 1–15', () => {
    // 0x9f = 159 → 159 % 16 = 15; 0x86 = 134 → 1 + 134 % 15 = 15; (15 + 15) % 16 = 14.
    expect(redactedChunkIndexes(testHash)).toEqual([14, 15]);
    expect(redactedChunkIndexes(`00${'0'.repeat(62)}`)).toEqual([0, 1]);
  });

  it('is deterministic, ascending, distinct and within 0–15 for any hash (property)', () => {
    fc.assert(
      fc.property(hexHash, (hash) => {
        const [a, b] = redactedChunkIndexes(hash);
        expect(redactedChunkIndexes(hash)).toEqual([a, b]);
        expect(redactedChunkIndexes(hash.toUpperCase())).toEqual([a, b]);
        expect(a).toBeLessThan(b);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(15);
      }),
    );
  });

  it('uses every chunk position across different files', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) for (const index of redactedChunkIndexes(emlHash(`file ${i}`))) seen.add(index);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
  });

  it('redactedHash blanks exactly those 2 chunks', () => {
    const { chunks, redactedIndexes } = redactedHash(testHash);
    expect(redactedIndexes).toEqual([14, 15]);
    expect(chunks.map((chunk, index) => (chunk === null ? index : -1)).filter((index) => index >= 0)).toEqual([14, 15]);
    expect(chunks[0]).toBe('9f86');
  });
});

describe('typedHashMatches', () => {
  it('matches the hash typed with spaces, newlines and upper case', () => {
    expect(typedHashMatches(testHash, testHash)).toBe(true);
    expect(typedHashMatches(testHash, formatHash(testHash).toUpperCase())).toBe(true);
    expect(typedHashMatches(testHash, ` ${formatHash(testHash).replace(/ /g, '\n')} `)).toBe(true);
    expect(typedHashMatches(formatHash(testHash), testHash)).toBe(true);
  });

  it('does not match a different, shorter or non-hex hash, or non-text', () => {
    expect(typedHashMatches(testHash, `${testHash.slice(0, 63)}9`)).toBe(false);
    expect(typedHashMatches(testHash, testHash.slice(0, 60))).toBe(false);
    expect(typedHashMatches(testHash, `${testHash}00`)).toBe(false);
    expect(typedHashMatches(testHash, '')).toBe(false);
    expect(typedHashMatches('not a hash', 'not a hash')).toBe(false);
    expect(typedHashMatches(testHash, null as unknown as string)).toBe(false);
  });

  it('assembleTypedHash fills in the 2 typed chunks: right chunks match, a wrong chunk does not', () => {
    const chunks = hashChunks(testHash);
    const [a, b] = redactedChunkIndexes(testHash);
    const right = assembleTypedHash(testHash, [chunks[a]!.toUpperCase(), ` ${chunks[b]!} `]);
    expect(right).toBe(formatHash(testHash));
    expect(typedHashMatches(testHash, right)).toBe(true);
    expect(typedHashMatches(testHash, assembleTypedHash(testHash, [chunks[a]!, 'ffff']))).toBe(false);
    expect(typedHashMatches(testHash, assembleTypedHash(testHash, [chunks[b]!, chunks[a]!]))).toBe(false);
  });

  it('never throws, whatever is typed (property)', () => {
    fc.assert(
      fc.property(hexHash, fc.string({ maxLength: 100 }), (hash, typed) => {
        expect(typeof typedHashMatches(hash, typed)).toBe('boolean');
      }),
    );
  });
});

describe('fixture hashes', () => {
  it('fixtures/README.md lists the hash of every fixture file', () => {
    const readme = readFileSync(new URL('./fixtures/README.md', import.meta.url), 'utf8');
    for (const [fixture, file] of Object.entries(emlFixtures) as [keyof typeof emlFixtures, string][]) {
      expect(readme).toContain(`${file}: ${formatHash(emlHash(readEmlFixture(fixture)))}`);
    }
  });
});
