// democracy: the checks of one polling station's count (errors and warnings with codes), the
// field-by-field comparison of two entries, and the summing of agreed counts. Pure: no I/O, no clock.
//
// The letters are those of the official report of a polling station (Model N 10-1, proces-verbaal
// van een stembureau), as the Kiesraad's counting software abacus also uses them:
//   A stempassen, B volmachtbewijzen, D totaal toegelaten kiezers,
//   E totaal stemmen op lijsten (geldige stemmen), F blanco, G ongeldig, H totaal uitgebrachte stemmen,
//   I meer getelde stembiljetten, J minder getelde stembiljetten.
// The codes themselves (F.xxx errors, W.xxx warnings) are Loket's own; `countFindingCodes` lists them.
//
// Field paths (used in findings, in `compareCounts` and by `fieldLabel`):
//   voters.pollCards · voters.proxyCertificates · voters.total
//   votes.totalValid · votes.blank · votes.invalid · votes.total
//   differences.moreBallots · differences.fewerBallots · differences.explanation
//   votes.lists.<list number>.candidates.<0-based candidate index> · votes.lists.<list number>.total
//   (and, for a count that does not fit the ballot: votes.lists · votes.lists.<n> · votes.lists.<n>.candidates)
import { z } from 'zod';
import type { CountFinding, CountTotals, ElectionKind, StationCount } from './model.ts';

/** What a count must fit: the lists (or options) in number order, with their number of candidates (0 for an option). */
export interface BallotShape {
  lists: readonly { number: number; candidateCount: number }[];
}

/** One field whose value differs between entry 1 and entry 2. */
export interface FieldDifference {
  /** Path such as "voters.pollCards", "votes.lists.2.candidates.5" (list number 2, position 6 → index 5), "differences.explanation". */
  field: string;
  first: number | string | null;
  second: number | string | null;
}

/** The largest number accepted in any field of a count (no polling station comes near it). */
export const MAX_COUNT_VALUE = 1_000_000;
export const MAX_EXPLANATION_LENGTH = 2000;
export const MAX_LISTS = 100;
export const MAX_CANDIDATES_PER_LIST = 200;

const countValue = z.number().int().min(0).max(MAX_COUNT_VALUE);

/** The zod schema of a StationCount (non-negative integers up to MAX_COUNT_VALUE; explanation ≤ 2000 chars). */
export const stationCountSchema: z.ZodType<StationCount> = z.strictObject({
  voters: z.strictObject({
    pollCards: countValue,
    proxyCertificates: countValue,
    total: countValue,
  }),
  votes: z.strictObject({
    lists: z
      .array(
        z.strictObject({
          number: z.number().int().min(1).max(MAX_COUNT_VALUE),
          candidates: z.array(countValue).max(MAX_CANDIDATES_PER_LIST),
          total: countValue,
        }),
      )
      .max(MAX_LISTS),
    totalValid: countValue,
    blank: countValue,
    invalid: countValue,
    total: countValue,
  }),
  differences: z.strictObject({
    moreBallots: countValue,
    fewerBallots: countValue,
    explanation: z.string().max(MAX_EXPLANATION_LENGTH).nullable(),
  }),
});

export function ballotShapeOf(lists: readonly { number: number; candidates: readonly unknown[] }[]): BallotShape {
  return { lists: lists.map((l) => ({ number: l.number, candidateCount: l.candidates.length })) };
}

// ─── finding codes ───────────────────────────────────────────────────────────────────────────────

type Text = { nl: string; en: string };

/** Every code validateCount can return, with its severity and a general message (findings add the numbers). */
export const countFindingCodes = {
  'F.001': {
    severity: 'error',
    message: {
      nl: 'De ingevoerde lijsten of kandidaten passen niet bij deze verkiezing.',
      en: 'The lists or candidates entered do not match this election.',
    },
  },
  'F.101': {
    severity: 'error',
    message: {
      nl: 'Het totaal toegelaten kiezers (D) is niet gelijk aan stempassen (A) plus volmachtbewijzen (B).',
      en: 'The total of admitted voters (D) is not equal to poll cards (A) plus proxy certificates (B).',
    },
  },
  'F.201': {
    severity: 'error',
    message: {
      nl: 'Het totaal stemmen op lijsten (E) is niet gelijk aan de optelling van de totalen van alle lijsten.',
      en: 'The total of votes for lists (E) is not equal to the sum of the totals of all lists.',
    },
  },
  'F.202': {
    severity: 'error',
    message: {
      nl: 'Het totaal uitgebrachte stemmen (H) is niet gelijk aan stemmen op lijsten (E) plus blanco (F) plus ongeldig (G).',
      en: 'The total of votes cast (H) is not equal to votes for lists (E) plus blank (F) plus invalid (G).',
    },
  },
  'F.301': {
    severity: 'error',
    message: {
      nl: 'Het totaal van een lijst is niet gelijk aan de optelling van de stemmen op de kandidaten van die lijst.',
      en: 'The total of a list is not equal to the sum of the votes for the candidates on that list.',
    },
  },
  'F.401': {
    severity: 'error',
    message: {
      nl: 'Er zijn meer stembiljetten geteld (H) dan kiezers toegelaten (D). Dan moet bij meer getelde stembiljetten (I) het verschil H min D staan, en bij minder getelde stembiljetten (J) 0.',
      en: 'More ballots were counted (H) than voters admitted (D). Then more ballots counted (I) must be the difference H minus D, and fewer ballots counted (J) must be 0.',
    },
  },
  'F.402': {
    severity: 'error',
    message: {
      nl: 'Er zijn minder stembiljetten geteld (H) dan kiezers toegelaten (D). Dan moet bij minder getelde stembiljetten (J) het verschil D min H staan, en bij meer getelde stembiljetten (I) 0.',
      en: 'Fewer ballots were counted (H) than voters admitted (D). Then fewer ballots counted (J) must be the difference D minus H, and more ballots counted (I) must be 0.',
    },
  },
  'F.403': {
    severity: 'error',
    message: {
      nl: 'Het aantal getelde stembiljetten (H) is gelijk aan het aantal toegelaten kiezers (D). Dan moeten meer getelde (I) en minder getelde stembiljetten (J) allebei 0 zijn.',
      en: 'The ballots counted (H) equal the voters admitted (D). Then more ballots counted (I) and fewer ballots counted (J) must both be 0.',
    },
  },
  'W.201': {
    severity: 'warning',
    message: {
      nl: 'Meer dan 3% van de uitgebrachte stemmen (H) is blanco (F). Controleer dit op het proces-verbaal.',
      en: 'More than 3% of the votes cast (H) are blank (F). Check this against the official report.',
    },
  },
  'W.202': {
    severity: 'warning',
    message: {
      nl: 'Meer dan 3% van de uitgebrachte stemmen (H) is ongeldig (G). Controleer dit op het proces-verbaal.',
      en: 'More than 3% of the votes cast (H) are invalid (G). Check this against the official report.',
    },
  },
  'W.203': {
    severity: 'warning',
    message: {
      nl: 'Er zijn meer kiezers toegelaten (D) dan er kiesgerechtigden bij dit stembureau horen. Controleer dit op het proces-verbaal.',
      en: 'More voters were admitted (D) than there are eligible voters for this polling station. Check this against the official report.',
    },
  },
  'W.301': {
    severity: 'warning',
    message: {
      nl: 'Het aantal getelde stembiljetten (H) verschilt van het aantal toegelaten kiezers (D), maar er is geen verklaring ingevuld. Neem de verklaring van het proces-verbaal over, of bevestig dat daar geen verklaring staat.',
      en: 'The ballots counted (H) differ from the voters admitted (D), but no explanation was entered. Copy the explanation from the official report, or confirm that there is none.',
    },
  },
  'W.302': {
    severity: 'warning',
    message: {
      nl: 'Het verschil tussen getelde stembiljetten (H) en toegelaten kiezers (D) is groot: meer dan 15, of meer dan 2% van D. Controleer dit op het proces-verbaal.',
      en: 'The difference between ballots counted (H) and voters admitted (D) is large: more than 15, or more than 2% of D. Check this against the official report.',
    },
  },
  'W.401': {
    severity: 'warning',
    message: {
      nl: 'Er zijn geen stemmen uitgebracht (H is 0), terwijl bij dit stembureau kiezers kunnen stemmen. Is het proces-verbaal leeg of verkeerd overgenomen?',
      en: 'No votes were cast (H is 0), while voters can vote at this polling station. Is the official report empty, or was it copied wrongly?',
    },
  },
} as const satisfies Record<string, { severity: CountFinding['severity']; message: Text }>;

export type CountFindingCode = keyof typeof countFindingCodes;

const nlNumber = new Intl.NumberFormat('nl-NL');
const enNumber = new Intl.NumberFormat('en-GB');

/** A finding: the code's general message followed by a sentence with the numbers of this count. */
function finding(
  code: CountFindingCode,
  fields: string[],
  detail?: (format: (n: number) => string, lang: 'nl' | 'en') => string,
): CountFinding {
  const entry = countFindingCodes[code];
  const message = {
    nl: detail === undefined ? entry.message.nl : `${entry.message.nl} ${detail((n) => nlNumber.format(n), 'nl')}`,
    en: detail === undefined ? entry.message.en : `${entry.message.en} ${detail((n) => enNumber.format(n), 'en')}`,
  };
  return { code, severity: entry.severity, fields, message };
}

const listPath = (number: number): string => `votes.lists.${number}`;
const listTotalPath = (number: number): string => `votes.lists.${number}.total`;
const candidatePath = (number: number, index: number): string => `votes.lists.${number}.candidates.${index}`;

/** The explanation as compared and checked: trimmed, whitespace collapsed, Unicode NFC; empty → null. */
export function normaliseExplanation(explanation: string | null): string | null {
  if (explanation === null) return null;
  const normalised = explanation.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return normalised === '' ? null : normalised;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The fields where the count does not fit the ballot (empty when it fits). */
function shapeMismatch(count: StationCount, ballot: BallotShape): string[] {
  const fields: string[] = [];
  const entered = count.votes.lists;
  const expected = new Map(ballot.lists.map((l) => [l.number, l.candidateCount]));
  const seen = new Set<number>();
  for (const list of entered) {
    const candidateCount = expected.get(list.number);
    if (candidateCount === undefined || seen.has(list.number)) fields.push(listPath(list.number));
    else if (list.candidates.length !== candidateCount) fields.push(`${listPath(list.number)}.candidates`);
    seen.add(list.number);
  }
  for (const list of ballot.lists) if (!seen.has(list.number)) fields.push(listPath(list.number));
  const inOrder = entered.length === ballot.lists.length && entered.every((l, i) => l.number === ballot.lists[i]?.number);
  if (fields.length === 0 && !inOrder) fields.push('votes.lists');
  return fields;
}

/**
 * The checks of one count against the ballot and the station. Errors (F.xxx) refuse the entry;
 * warnings (W.xxx) must be confirmed against the paper report. When the count does not fit the
 * ballot (F.001) that is the only finding: the sums cannot be checked.
 */
export function validateCount(count: StationCount, ballot: BallotShape, station: { eligibleVoters: number | null }): CountFinding[] {
  const mismatch = shapeMismatch(count, ballot);
  if (mismatch.length > 0) {
    const expected = ballot.lists.map((l) => l.number).join(', ');
    return [
      finding('F.001', mismatch, (_f, lang) =>
        lang === 'nl'
          ? `Deze verkiezing heeft de lijsten ${expected === '' ? '(geen)' : expected}, in die volgorde en met het aantal kandidaten van de kandidatenlijst.`
          : `This election has the lists ${expected === '' ? '(none)' : expected}, in that order and with the number of candidates on the candidate list.`,
      ),
    ];
  }

  const findings: CountFinding[] = [];
  const { voters, votes, differences } = count;

  const admitted = voters.pollCards + voters.proxyCertificates;
  if (voters.total !== admitted) {
    findings.push(
      finding('F.101', ['voters.pollCards', 'voters.proxyCertificates', 'voters.total'], (f, lang) =>
        lang === 'nl' ? `A + B = ${f(admitted)}, bij D staat ${f(voters.total)}.` : `A + B = ${f(admitted)}, D says ${f(voters.total)}.`,
      ),
    );
  }

  const listsTotal = sum(votes.lists.map((l) => l.total));
  if (votes.totalValid !== listsTotal) {
    findings.push(
      finding('F.201', [...votes.lists.map((l) => listTotalPath(l.number)), 'votes.totalValid'], (f, lang) =>
        lang === 'nl'
          ? `De lijsten samen: ${f(listsTotal)}, bij E staat ${f(votes.totalValid)}.`
          : `The lists together: ${f(listsTotal)}, E says ${f(votes.totalValid)}.`,
      ),
    );
  }

  const cast = votes.totalValid + votes.blank + votes.invalid;
  if (votes.total !== cast) {
    findings.push(
      finding('F.202', ['votes.totalValid', 'votes.blank', 'votes.invalid', 'votes.total'], (f, lang) =>
        lang === 'nl' ? `E + F + G = ${f(cast)}, bij H staat ${f(votes.total)}.` : `E + F + G = ${f(cast)}, H says ${f(votes.total)}.`,
      ),
    );
  }

  for (const list of votes.lists) {
    if (list.candidates.length === 0) continue;
    const candidatesTotal = sum(list.candidates);
    if (list.total !== candidatesTotal) {
      findings.push(
        finding('F.301', [listTotalPath(list.number)], (f, lang) =>
          lang === 'nl'
            ? `Lijst ${list.number}: de kandidaten samen ${f(candidatesTotal)}, bij het totaal van de lijst staat ${f(list.total)}.`
            : `List ${list.number}: the candidates together ${f(candidatesTotal)}, the list total says ${f(list.total)}.`,
        ),
      );
    }
  }

  const d = voters.total;
  const h = votes.total;
  const { moreBallots: i, fewerBallots: j } = differences;
  if (h > d && (i !== h - d || j !== 0)) {
    findings.push(
      finding('F.401', j === 0 ? ['differences.moreBallots'] : ['differences.moreBallots', 'differences.fewerBallots'], (f, lang) =>
        lang === 'nl'
          ? `H − D = ${f(h - d)}; bij I staat ${f(i)} en bij J ${f(j)}.`
          : `H − D = ${f(h - d)}; I says ${f(i)} and J says ${f(j)}.`,
      ),
    );
  } else if (h < d && (j !== d - h || i !== 0)) {
    findings.push(
      finding('F.402', i === 0 ? ['differences.fewerBallots'] : ['differences.moreBallots', 'differences.fewerBallots'], (f, lang) =>
        lang === 'nl'
          ? `D − H = ${f(d - h)}; bij J staat ${f(j)} en bij I ${f(i)}.`
          : `D − H = ${f(d - h)}; J says ${f(j)} and I says ${f(i)}.`,
      ),
    );
  } else if (h === d && (i !== 0 || j !== 0)) {
    const fields = [...(i !== 0 ? ['differences.moreBallots'] : []), ...(j !== 0 ? ['differences.fewerBallots'] : [])];
    findings.push(
      finding('F.403', fields, (f, lang) =>
        lang === 'nl' ? `Bij I staat ${f(i)} en bij J ${f(j)}.` : `I says ${f(i)} and J says ${f(j)}.`,
      ),
    );
  }

  // Warnings: percentages compared in whole numbers (x > 3 % of h ⇔ 100·x > 3·h).
  if (votes.blank * 100 > 3 * h) {
    findings.push(
      finding('W.201', ['votes.blank'], (f, lang) =>
        lang === 'nl' ? `Blanco: ${f(votes.blank)} van ${f(h)}.` : `Blank: ${f(votes.blank)} of ${f(h)}.`,
      ),
    );
  }
  if (votes.invalid * 100 > 3 * h) {
    findings.push(
      finding('W.202', ['votes.invalid'], (f, lang) =>
        lang === 'nl' ? `Ongeldig: ${f(votes.invalid)} van ${f(h)}.` : `Invalid: ${f(votes.invalid)} of ${f(h)}.`,
      ),
    );
  }
  const eligible = station.eligibleVoters;
  if (eligible !== null && d > eligible) {
    findings.push(
      finding('W.203', ['voters.total'], (f, lang) =>
        lang === 'nl' ? `Toegelaten: ${f(d)}, kiesgerechtigden: ${f(eligible)}.` : `Admitted: ${f(d)}, eligible: ${f(eligible)}.`,
      ),
    );
  }
  if (h !== d && normaliseExplanation(differences.explanation) === null) {
    findings.push(finding('W.301', ['differences.explanation']));
  }
  const gap = Math.abs(h - d);
  if (gap > 15 || gap * 100 > 2 * d) {
    findings.push(
      finding('W.302', ['voters.total', 'votes.total'], (f, lang) =>
        lang === 'nl' ? `Het verschil is ${f(gap)} (D = ${f(d)}, H = ${f(h)}).` : `The difference is ${f(gap)} (D = ${f(d)}, H = ${f(h)}).`,
      ),
    );
  }
  // An unknown number of eligible voters counts as "voters can vote here"; only a station known to have none is exempt.
  if (h === 0 && eligible !== 0) findings.push(finding('W.401', ['votes.total']));

  return findings;
}

// ─── comparing two entries ───────────────────────────────────────────────────────────────────────

type EnteredList = StationCount['votes']['lists'][number];

/** The lists of a count grouped by number (a number entered twice keeps both, in order). */
function listsByNumber(lists: readonly EnteredList[]): Map<number, EnteredList[]> {
  const byNumber = new Map<number, EnteredList[]>();
  for (const list of lists) {
    const same = byNumber.get(list.number);
    if (same === undefined) byNumber.set(list.number, [list]);
    else same.push(list);
  }
  return byNumber;
}

/**
 * Every field whose value differs between two entries, in the order of the report: A, B, D;
 * E, F, G, H; I, J and the explanation (normalised: whitespace does not count); then per list
 * its candidates and its total. Lists are matched by number; a list or candidate present in
 * only one entry is a difference with null on the other side. Never throws.
 */
export function compareCounts(first: StationCount, second: StationCount): FieldDifference[] {
  const out: FieldDifference[] = [];
  const compare = (field: string, a: number | string | null, b: number | string | null): void => {
    if (a !== b) out.push({ field, first: a, second: b });
  };
  compare('voters.pollCards', first.voters.pollCards, second.voters.pollCards);
  compare('voters.proxyCertificates', first.voters.proxyCertificates, second.voters.proxyCertificates);
  compare('voters.total', first.voters.total, second.voters.total);
  compare('votes.totalValid', first.votes.totalValid, second.votes.totalValid);
  compare('votes.blank', first.votes.blank, second.votes.blank);
  compare('votes.invalid', first.votes.invalid, second.votes.invalid);
  compare('votes.total', first.votes.total, second.votes.total);
  compare('differences.moreBallots', first.differences.moreBallots, second.differences.moreBallots);
  compare('differences.fewerBallots', first.differences.fewerBallots, second.differences.fewerBallots);
  compare(
    'differences.explanation',
    normaliseExplanation(first.differences.explanation),
    normaliseExplanation(second.differences.explanation),
  );

  const a = listsByNumber(first.votes.lists);
  const b = listsByNumber(second.votes.lists);
  const numbers = [...new Set([...a.keys(), ...b.keys()])];
  for (const number of numbers) {
    const inFirst = a.get(number) ?? [];
    const inSecond = b.get(number) ?? [];
    for (let occurrence = 0; occurrence < Math.max(inFirst.length, inSecond.length); occurrence++) {
      const x = inFirst[occurrence];
      const y = inSecond[occurrence];
      const candidates = Math.max(x?.candidates.length ?? 0, y?.candidates.length ?? 0);
      for (let index = 0; index < candidates; index++) {
        compare(candidatePath(number, index), x?.candidates[index] ?? null, y?.candidates[index] ?? null);
      }
      compare(listTotalPath(number), x?.total ?? null, y?.total ?? null);
    }
  }
  return out;
}

// ─── empty and summed counts ─────────────────────────────────────────────────────────────────────

/** A count of zeros that fits the ballot (the starting point of an entry form). */
export function emptyCount(ballot: BallotShape): StationCount {
  return {
    voters: { pollCards: 0, proxyCertificates: 0, total: 0 },
    votes: {
      lists: ballot.lists.map((l) => ({ number: l.number, candidates: new Array<number>(l.candidateCount).fill(0), total: 0 })),
      totalValid: 0,
      blank: 0,
      invalid: 0,
      total: 0,
    },
    differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
  };
}

/**
 * The sum of counts that fit the ballot (agreed counts always do; anything else throws). The
 * differences I and J are summed as they are, so for totals I − J = H − D holds, not the per-station
 * rule that only one of them is filled in. Explanations are not summed.
 */
export function sumCounts(counts: readonly StationCount[], ballot: BallotShape): CountTotals {
  const shape = ballot.lists;
  const listCount = shape.length;
  const accumulators = shape.map((l) => ({ number: l.number, candidates: new Array<number>(l.candidateCount).fill(0), total: 0 }));
  let pollCards = 0;
  let proxyCertificates = 0;
  let admitted = 0;
  let totalValid = 0;
  let blank = 0;
  let invalid = 0;
  let cast = 0;
  let moreBallots = 0;
  let fewerBallots = 0;

  for (let c = 0; c < counts.length; c++) {
    const count = counts[c];
    if (count === undefined) continue;
    pollCards += count.voters.pollCards;
    proxyCertificates += count.voters.proxyCertificates;
    admitted += count.voters.total;
    totalValid += count.votes.totalValid;
    blank += count.votes.blank;
    invalid += count.votes.invalid;
    cast += count.votes.total;
    moreBallots += count.differences.moreBallots;
    fewerBallots += count.differences.fewerBallots;

    const lists = count.votes.lists;
    if (lists.length !== listCount) throw new Error(`sumCounts: count ${c} has ${lists.length} lists, the ballot ${listCount}`);
    for (let i = 0; i < listCount; i++) {
      const list = lists[i];
      const accumulator = accumulators[i];
      if (list === undefined || accumulator === undefined) continue;
      const votes = list.candidates;
      const sums = accumulator.candidates;
      if (list.number !== accumulator.number || votes.length !== sums.length) {
        throw new Error(`sumCounts: count ${c} list ${list.number} does not fit the ballot (list ${accumulator.number})`);
      }
      accumulator.total += list.total;
      for (let k = 0; k < votes.length; k++) sums[k] = (sums[k] ?? 0) + (votes[k] ?? 0);
    }
  }

  return {
    stations: counts.length,
    voters: { pollCards, proxyCertificates, total: admitted },
    votes: { lists: accumulators, totalValid, blank, invalid, total: cast },
    differences: { moreBallots, fewerBallots },
  };
}

// ─── labels ──────────────────────────────────────────────────────────────────────────────────────

const fixedLabels: Record<string, Text> = {
  'voters.pollCards': { nl: 'A. Stempassen', en: 'A. Poll cards' },
  'voters.proxyCertificates': { nl: 'B. Volmachtbewijzen', en: 'B. Proxy certificates' },
  'voters.total': { nl: 'D. Totaal toegelaten kiezers', en: 'D. Total admitted voters' },
  'votes.totalValid': { nl: 'E. Totaal stemmen op lijsten', en: 'E. Total votes for lists' },
  'votes.blank': { nl: 'F. Blanco stemmen', en: 'F. Blank votes' },
  'votes.invalid': { nl: 'G. Ongeldige stemmen', en: 'G. Invalid votes' },
  'votes.total': { nl: 'H. Totaal uitgebrachte stemmen', en: 'H. Total votes cast' },
  'differences.moreBallots': { nl: 'I. Meer getelde stembiljetten', en: 'I. More ballots counted' },
  'differences.fewerBallots': { nl: 'J. Minder getelde stembiljetten', en: 'J. Fewer ballots counted' },
  'differences.explanation': { nl: 'Verklaring voor het verschil', en: 'Explanation of the difference' },
  'votes.lists': { nl: 'Lijsten', en: 'Lists' },
};

const referendumLabels: Record<string, Text> = {
  'votes.totalValid': { nl: 'E. Totaal stemmen op keuzes', en: 'E. Total votes for options' },
  'votes.lists': { nl: 'Keuzes', en: 'Options' },
};

const listFieldPattern = /^votes\.lists\.(\d+)(?:\.(total|candidates)(?:\.(\d+))?)?$/u;

/**
 * A Dutch and English label for a field path, as on the official report ("A. Stempassen",
 * "Lijst 2 (GroenLinks), kandidaat 6"). For a referendum ballot the lists are called options
 * ("Keuze 1 (Voor)"). An unknown path is returned as it is.
 */
export function fieldLabel(field: string, listNames: ReadonlyMap<number, string>, kind: ElectionKind = 'election'): Text {
  const fixed = (kind === 'referendum' ? referendumLabels[field] : undefined) ?? fixedLabels[field];
  if (fixed !== undefined) return fixed;
  const match = listFieldPattern.exec(field);
  if (match === null) return { nl: field, en: field };
  const [, numberText = '', part, indexText] = match;
  if (part === 'total' && indexText !== undefined) return { nl: field, en: field };
  const number = Number(numberText);
  const name = listNames.get(number);
  const named = name === undefined || name.trim() === '' ? '' : ` (${name})`;
  const list =
    kind === 'referendum'
      ? { nl: `Keuze ${number}${named}`, en: `Option ${number}${named}` }
      : { nl: `Lijst ${number}${named}`, en: `List ${number}${named}` };
  if (part === undefined) return list;
  if (part === 'total') return { nl: `${list.nl}, totaal`, en: `${list.en}, total` };
  if (indexText === undefined) return { nl: `${list.nl}, stemmen op kandidaten`, en: `${list.en}, votes for candidates` };
  const position = Number(indexText) + 1;
  return { nl: `${list.nl}, kandidaat ${position}`, en: `${list.en}, candidate ${position}` };
}
