// democracy/eml: the integrity check of an imported EML_NL file, as the Kiesraad's counting
// software (abacus) does it. The election official sees the SHA-256 hash of the uploaded file in
// 16 chunks of 4 hex digits, with 2 chunks left blank; they retype those 2 chunks from the hash
// the Kiesraad published on paper. Only when they match is the file imported. Pure, no I/O.
//
// abacus picks the 2 blank chunks at random; Loket derives them from the hash itself, so the page
// can show the same 2 blanks again after a redirect without storing anything.

import { createHash } from 'node:crypto';

/** Number of chunks of a hash as shown to the official. */
export const HASH_CHUNK_COUNT = 16;
/** Hex digits per chunk. */
export const HASH_CHUNK_LENGTH = 4;

const sha256Hex = /^[0-9a-f]{64}$/;

/** SHA-256 of the UTF-8 bytes of the file's text, as 64 lowercase hex digits. */
export function emlHash(xml: string): string {
  return createHash('sha256').update(xml, 'utf8').digest('hex');
}

/** Removes all whitespace and lowercases, so "9F86 D081 …" and "9f86d081…" compare equal. */
export function normaliseHash(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Whether the text is a SHA-256 hash (64 hex digits, whitespace and case ignored). */
export function isEmlHash(text: string): boolean {
  return sha256Hex.test(normaliseHash(text));
}

function requireHash(hash: string): string {
  const normalised = normaliseHash(hash);
  if (!sha256Hex.test(normalised)) throw new RangeError('eml hash: expected a SHA-256 hash of 64 hex digits');
  return normalised;
}

/** The 16 chunks of 4 lowercase hex digits. Throws a RangeError when `hash` is not a SHA-256 hash. */
export function hashChunks(hash: string): string[] {
  const normalised = requireHash(hash);
  const chunks: string[] = [];
  for (let i = 0; i < HASH_CHUNK_COUNT; i++) chunks.push(normalised.slice(i * HASH_CHUNK_LENGTH, (i + 1) * HASH_CHUNK_LENGTH));
  return chunks;
}

/** The chunks joined by single spaces: "9f86 d081 884c …". Throws a RangeError when `hash` is not a SHA-256 hash. */
export function formatHash(hash: string): string {
  return hashChunks(hash).join(' ');
}

/**
 * The 2 chunk indexes (0–15, ascending, always different) the official must retype. Derived from
 * the hash: the first byte picks the first index, the second byte an offset of 1–15 from it, so
 * the same file always gives the same 2 blanks. Throws a RangeError when `hash` is not a SHA-256 hash.
 */
export function redactedChunkIndexes(hash: string): [number, number] {
  const normalised = requireHash(hash);
  const first = Number.parseInt(normalised.slice(0, 2), 16) % HASH_CHUNK_COUNT;
  const offset = 1 + (Number.parseInt(normalised.slice(2, 4), 16) % (HASH_CHUNK_COUNT - 1));
  const second = (first + offset) % HASH_CHUNK_COUNT;
  return first < second ? [first, second] : [second, first];
}

/** The chunks with the 2 redacted ones replaced by null (for the page that asks to retype them). */
export function redactedHash(hash: string): { chunks: (string | null)[]; redactedIndexes: [number, number] } {
  const redactedIndexes = redactedChunkIndexes(hash);
  const chunks = hashChunks(hash).map((chunk, index) => (redactedIndexes.includes(index) ? null : chunk));
  return { chunks, redactedIndexes };
}

/**
 * The full hash as the official confirmed it: the shown chunks plus the 2 they typed (in the order
 * of `redactedChunkIndexes`). The service compares this with the file's hash (`typedHashMatches`).
 * Throws a RangeError when `hash` is not a SHA-256 hash.
 */
export function assembleTypedHash(hash: string, typed: readonly [string, string]): string {
  const redactedIndexes = redactedChunkIndexes(hash);
  return hashChunks(hash)
    .map((chunk, index) => {
      if (index === redactedIndexes[0]) return normaliseHash(typed[0]);
      if (index === redactedIndexes[1]) return normaliseHash(typed[1]);
      return chunk;
    })
    .join(' ');
}

/** Whether the typed text is this hash; whitespace and upper/lower case do not matter. Never throws. */
export function typedHashMatches(hash: string, typed: string): boolean {
  if (typeof hash !== 'string' || typeof typed !== 'string') return false;
  const expected = normaliseHash(hash);
  return sha256Hex.test(expected) && normaliseHash(typed) === expected;
}
