// The legal numbers of the Kieswet, chapter P, that the apportionment uses. They are data
// (data/elections/kieswet-p.json, with source and validity), not literals in the code
// (ARCHITECTURE.md, rule 4); this file checks the shipped file once, when it is imported.
import data from '../../../../data/elections/kieswet-p.json' with { type: 'json' };
import { Fraction } from './fraction.ts';

/** The numbers of Kieswet chapter P, as the engine uses them. */
export interface ApportionmentRules {
  /** Kieswet P 7, P 8: at or above this number of seats, highest averages; below it, largest remainders first. */
  largeCouncilSeats: number;
  /** Kieswet P 8: the share of the quota a list needs to take part in the largest-remainder round (inclusive). */
  remainderThreshold: Fraction;
  /** Kieswet P 9: a list with strictly more than this share of the votes and at most this share of the seats. */
  absoluteMajority: Fraction;
  /** Kieswet P 15: the preference threshold in percent of the quota (a candidate needs strictly more). */
  preferenceThresholdPercentage: { largeCouncil: number; smallCouncil: number };
  /** Where the numbers come from, and from when they apply. */
  source: string;
  validFrom: string;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`kieswet-p.json: ${what} must be an object`);
  return value as Record<string, unknown>;
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`kieswet-p.json: ${what} must be a positive integer`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`kieswet-p.json: ${what} must be a non-empty string`);
  return value;
}

function share(value: unknown, what: string): Fraction {
  const r = record(value, what);
  const result = Fraction.of(positiveInteger(r.num, `${what}.num`), positiveInteger(r.den, `${what}.den`));
  if (result.gt(1)) throw new Error(`kieswet-p.json: ${what} must not exceed 1`);
  return result;
}

/** Checks the shape of kieswet-p.json and returns the rules; throws on a malformed file (a build error, caught by the tests). */
export function parseApportionmentRules(json: unknown): ApportionmentRules {
  const root = record(json, 'the file');
  if (root.schemaVersion !== 1) throw new Error('kieswet-p.json: unknown schemaVersion');
  const percentages = record(root.preferenceThresholdPercentage, 'preferenceThresholdPercentage');
  const validFrom = text(root.validFrom, 'validFrom');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) throw new Error('kieswet-p.json: validFrom must be a date YYYY-MM-DD');
  return {
    largeCouncilSeats: positiveInteger(record(root.largeCouncilSeats, 'largeCouncilSeats').value, 'largeCouncilSeats.value'),
    remainderThreshold: share(root.remainderThreshold, 'remainderThreshold'),
    absoluteMajority: share(root.absoluteMajority, 'absoluteMajority'),
    preferenceThresholdPercentage: {
      largeCouncil: positiveInteger(percentages.largeCouncil, 'preferenceThresholdPercentage.largeCouncil'),
      smallCouncil: positiveInteger(percentages.smallCouncil, 'preferenceThresholdPercentage.smallCouncil'),
    },
    source: text(root.source, 'source'),
    validFrom,
  };
}

/** The shipped rules of Kieswet chapter P. */
export const kieswetRules: ApportionmentRules = parseApportionmentRules(data);
