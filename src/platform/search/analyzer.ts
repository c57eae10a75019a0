// The one Dutch analyzer of Loket's search (ARCHITECTURE.md, "Search"): documents and queries go
// through the same steps, so SQLite and PostgreSQL are fed the same tokens.
//
//   fold      lower case, diacritics off (NFKD, marks stripped; ß → ss, æ → ae, ø → o, ĳ → ij)
//   split     on everything that is not a letter or a digit
//   stop      drop the words of data/search/stopwords-nl.txt
//   stem      Snowball Dutch (@orama/stemmers), repeated until stable so a stem stems to itself
//   compound  "parkeervergunning" also gives "parkeer" and "vergunning" (data/search/compound-heads.txt)
//   synonyms  at query time only: "paspoort kwijt" also searches "vermissing reisdocument"
//             (data/search/synonyms-nl.txt)
//
// The functions are pure: the three data files are read once, when this file is first imported.
import fs from 'node:fs';
import { stemmer } from '@orama/stemmers/dutch';

/** Words longer than this are noise (hashes, pasted URLs); they are dropped, never truncated. */
export const MAX_WORD_LENGTH = 60;
/** A query is cut to this many characters before it is analysed. */
export const MAX_QUERY_LENGTH = 256;
/** At most this many words of a query are used. */
export const MAX_QUERY_WORDS = 16;
/** Fuzzy variants (one edit away) are offered for words of at least this many letters. */
export const FUZZY_MIN_LENGTH = 5;
/** A prefix being typed is expanded from this many characters on. */
export const PREFIX_MIN_LENGTH = 2;

/** Weights of the kinds of query term relative to a word the user typed. */
export const TERM_WEIGHTS = { query: 1, compound: 0.5, synonym: 0.7 } as const;

export type TermOrigin = keyof typeof TERM_WEIGHTS;

/** One term of an analysed query. */
export interface QueryTerm {
  /** The token looked up in the index (a stem, as `analyze` produces it). */
  token: string;
  /** The folded word the token came from, unstemmed (prefix matching tries it too). */
  word: string;
  /** Where the term came from: typed, a part of a typed compound, or a synonym. */
  origin: TermOrigin;
  /** Its weight in the score, relative to a typed word (TERM_WEIGHTS). */
  weight: number;
  /** Also match index tokens that start with `token` or `word` (the word still being typed). */
  prefix: boolean;
  /** Also match index tokens one edit away from `token` (insert, delete, substitute, swap). */
  fuzzy: boolean;
  /** Whether `token` itself may be in the index (false for a stop word being typed: prefix only). */
  indexed: boolean;
}

export interface QueryOptions {
  /** Treat the last word as a prefix. Default: when the text does not end in a space or punctuation (still typing). */
  prefix?: boolean;
}

export interface Lexicon {
  stopwords: ReadonlySet<string>;
  /** Compound heads, folded (unstemmed). */
  compoundHeads: readonly string[];
  synonyms: readonly SynonymRule[];
}

/** `from` (a phrase) also searches each of `to`. Equivalence groups become one rule per member. */
export interface SynonymRule {
  from: string;
  to: readonly string[];
}

export interface Analyzer {
  analyze(text: string): string[];
  analyzeQuery(text: string, options?: QueryOptions): QueryTerm[];
}

// ── folding ──────────────────────────────────────────────────────────────────────────────────

/** Letters NFKD does not decompose. (ĳ decomposes to ij by itself.) */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu');

function foldOnce(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c);
}

/** Lower case, without diacritics; `fold(fold(x)) === fold(x)`. */
export function fold(text: string): string {
  // Repeated until stable: a compatibility letter may decompose to an upper-case or special one (ᴭ → Æ → æ → ae).
  let current = foldOnce(text);
  for (let round = 0; round < 3; round++) {
    const next = foldOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The folded words of a text: runs of letters and digits. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

// ── stemming ─────────────────────────────────────────────────────────────────────────────────

const LATIN_WORD = /^[a-z]+$/;
const stemCache = new Map<string, string>();

/**
 * Snowball Dutch, repeated until the result no longer changes (at most a few rounds), so that a
 * stem is its own stem and analysing tokens again gives the same tokens. Only words of the letters
 * a–z are stemmed; numbers, codes (gm0344) and other scripts are kept as they are.
 */
export function stem(word: string): string {
  if (!LATIN_WORD.test(word)) return word;
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let current = word;
  for (let round = 0; round < 5; round++) {
    const next = stemmer(current);
    if (next === current || next.length === 0) break;
    current = next;
  }
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(word, current);
  return current;
}

// ── the data files ───────────────────────────────────────────────────────────────────────────

function dataLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l.length > 0);
}

export function parseWordList(text: string): string[] {
  return dataLines(text).map((l) => fold(l));
}

/** Parses data/search/synonyms-nl.txt: `a, b, c` (equivalent) or `a => b, c` (one way). */
export function parseSynonyms(text: string): SynonymRule[] {
  const rules: SynonymRule[] = [];
  for (const line of dataLines(text)) {
    const arrow = line.indexOf('=>');
    if (arrow >= 0) {
      const from = line.slice(0, arrow).trim();
      const to = line
        .slice(arrow + 2)
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.length > 0);
      if (from.length === 0 || to.length === 0) throw new Error(`synonyms: empty side in "${line}"`);
      rules.push({ from, to });
    } else {
      const group = line
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.length > 0);
      if (group.length < 2) throw new Error(`synonyms: a group needs two phrases: "${line}"`);
      for (const from of group) rules.push({ from, to: group.filter((p) => p !== from) });
    }
  }
  return rules;
}

const dataDir = new URL('../../../data/search/', import.meta.url);

/** The lexicon shipped in data/search/. */
export function loadDefaultLexicon(): Lexicon {
  const read = (file: string): string => fs.readFileSync(new URL(file, dataDir), 'utf8');
  return {
    stopwords: new Set(parseWordList(read('stopwords-nl.txt'))),
    compoundHeads: parseWordList(read('compound-heads.txt')),
    synonyms: parseSynonyms(read('synonyms-nl.txt')),
  };
}

// ── the analyzer ─────────────────────────────────────────────────────────────────────────────

/** The shortest part a compound is split into. */
const MIN_PART_LENGTH = 3;
const CONSONANT_BEFORE_S = /[b-df-hj-np-tv-z]s$/;

export function createAnalyzer(lexicon: Lexicon): Analyzer {
  const { stopwords } = lexicon;
  // Longest heads first, so "uitkering" wins over a shorter head it ends with.
  const heads = [...new Set(lexicon.compoundHeads)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((word) => ({ word, stem: stem(word) }));

  const isStop = (w: string): boolean => stopwords.has(w);

  /** The token of a folded word, or undefined when it is not indexed (stop word, too long). */
  function tokenOf(w: string): string | undefined {
    if (w.length > MAX_WORD_LENGTH || isStop(w)) return undefined;
    const s = stem(w);
    return isStop(s) ? undefined : s;
  }

  /** A compound's first part without its linking s (after a consonant: "bijstands" → "bijstand"). */
  function withoutLinkingS(part: string): string {
    return CONSONANT_BEFORE_S.test(part) && part.length - 1 >= MIN_PART_LENGTH ? part.slice(0, -1) : part;
  }

  /** The parts of a compound (word `w`, its token `s`), each part split again; empty when none. */
  function compoundParts(w: string, s: string, depth = 0): string[] {
    if (depth > 3 || !LATIN_WORD.test(w)) return [];
    for (const head of heads) {
      let prefix: string | undefined;
      if (w.endsWith(head.word) && w.length - head.word.length >= MIN_PART_LENGTH) prefix = w.slice(0, -head.word.length);
      else if (s.endsWith(head.stem) && s.length - head.stem.length >= MIN_PART_LENGTH) prefix = s.slice(0, -head.stem.length);
      if (prefix === undefined) continue;
      const part = withoutLinkingS(prefix);
      const first = part.length >= MIN_PART_LENGTH ? tokenOf(part) : undefined;
      if (first === undefined) continue;
      const out = [first, ...compoundParts(part, first, depth + 1)];
      const second = tokenOf(head.word);
      if (second !== undefined) out.push(second);
      return out;
    }
    return [];
  }

  function analyze(text: string): string[] {
    const out: string[] = [];
    for (const w of words(text)) {
      const s = tokenOf(w);
      if (s === undefined) continue;
      out.push(s);
      for (const part of compoundParts(w, s)) out.push(part);
    }
    return out;
  }

  // Synonym rules, keyed by the first token of their `from` phrase.
  const phrase = (p: string): string[] => {
    const out: string[] = [];
    for (const w of words(p)) {
      const t = tokenOf(w);
      if (t !== undefined) out.push(t);
    }
    return out;
  };
  const synonymIndex = new Map<string, { from: string[]; to: string[][] }[]>();
  for (const rule of lexicon.synonyms) {
    const from = phrase(rule.from);
    const first = from[0];
    if (first === undefined) continue;
    const to = rule.to.map(phrase).filter((p) => p.length > 0);
    const list = synonymIndex.get(first) ?? [];
    list.push({ from, to });
    synonymIndex.set(first, list);
  }

  function analyzeQuery(text: string, options: QueryOptions = {}): QueryTerm[] {
    const capped = text.length > MAX_QUERY_LENGTH ? text.slice(0, MAX_QUERY_LENGTH) : text;
    const all = words(capped);
    const typed = all.slice(0, MAX_QUERY_WORDS);
    // Still typing: the text ends in a letter or digit (and was not cut off in the middle of a word).
    const typing = options.prefix ?? (typed.length === all.length && /[\p{L}\p{N}]$/u.test(capped));

    const terms: QueryTerm[] = [];
    const seen = new Map<string, QueryTerm>();
    const add = (term: QueryTerm): void => {
      const existing = seen.get(term.token);
      if (existing) {
        existing.weight = Math.max(existing.weight, term.weight);
        existing.prefix ||= term.prefix;
        existing.fuzzy ||= term.fuzzy;
        existing.indexed ||= term.indexed;
        return;
      }
      seen.set(term.token, term);
      terms.push(term);
    };

    const typedTokens: string[] = [];
    typed.forEach((w, i) => {
      const last = i === typed.length - 1;
      const s = tokenOf(w);
      if (s === undefined) {
        // A stop word being typed may be the start of a real word ("aan" → "aanvragen").
        if (last && typing && w.length >= PREFIX_MIN_LENGTH && w.length <= MAX_WORD_LENGTH) {
          add({ token: w, word: w, origin: 'query', weight: TERM_WEIGHTS.query, prefix: true, fuzzy: false, indexed: false });
        }
        return;
      }
      typedTokens.push(s);
      add({
        token: s,
        word: w,
        origin: 'query',
        weight: TERM_WEIGHTS.query,
        prefix: last && typing && w.length >= PREFIX_MIN_LENGTH,
        fuzzy: w.length >= FUZZY_MIN_LENGTH && FUZZY_TOKEN.test(s),
        indexed: true,
      });
      for (const part of compoundParts(w, s)) {
        add({ token: part, word: part, origin: 'compound', weight: TERM_WEIGHTS.compound, prefix: false, fuzzy: false, indexed: true });
      }
    });

    // Synonyms: every rule whose phrase starts at a position of the typed tokens.
    typedTokens.forEach((t, i) => {
      for (const rule of synonymIndex.get(t) ?? []) {
        if (!rule.from.every((f, j) => typedTokens[i + j] === f)) continue;
        for (const target of rule.to) {
          for (const token of target) {
            add({ token, word: token, origin: 'synonym', weight: TERM_WEIGHTS.synonym, prefix: false, fuzzy: false, indexed: true });
          }
        }
      }
    });
    return terms;
  }

  return { analyze, analyzeQuery };
}

let defaultAnalyzer: Analyzer | undefined;

/** The analyzer with the lexicon of data/search/. */
export function dutchAnalyzer(): Analyzer {
  defaultAnalyzer ??= createAnalyzer(loadDefaultLexicon());
  return defaultAnalyzer;
}

/** The tokens a text is indexed under, in order (compound parts follow their word). */
export function analyze(text: string): string[] {
  return dutchAnalyzer().analyze(text);
}

/** The terms a query searches for: typed words, compound parts, synonyms; the last word as a prefix while typing. */
export function analyzeQuery(text: string, options?: QueryOptions): QueryTerm[] {
  return dutchAnalyzer().analyzeQuery(text, options);
}

// ── edit distance ────────────────────────────────────────────────────────────────────────────

/** Tokens that take part in fuzzy matching: letters a–z and digits only, at least four of them. */
export const FUZZY_TOKEN = /^[a-z0-9]{4,}$/;

/** Whether a and b are at most one edit apart: insert, delete, substitute, or swap two neighbours (a–z, 0–9 tokens). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The strings one deletion away from `token` (for the fuzzy lookup table), without duplicates. */
export function deletionVariants(token: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < token.length; i++) out.add(token.slice(0, i) + token.slice(i + 1));
  return [...out];
}
