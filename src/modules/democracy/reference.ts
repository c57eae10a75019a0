// democracy: reads the rules of referendums (data/democracy/referendum-rules.json), checked with
// zod; an invalid file fails loudly. Read once. Every value in the file carries a source; the
// fields for people reading it (`note`, `validUntil`, `…Source`) are checked but only `validUntil`
// is offered to the code (rulesInForce), the rest is not part of ReferendumRules.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isIsoDate } from '../../platform/time/index.ts';
import type { ReferendumRules } from './model.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
export const referendumRulesFile = path.resolve(here, '../../../data/democracy/referendum-rules.json');

const source = z.string().regex(/\S/);
const date = z.string().refine(isIsoDate, 'not a date YYYY-MM-DD');
const text = z.strictObject({ nl: z.string().min(1), en: z.string().min(1) });

const phaseSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  label: text,
  threshold: z.number().int().min(1),
  days: z.number().int().min(1).max(366),
  source,
});

const rulesSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: text,
    source,
    validFrom: date,
    validFromSource: source,
    validUntil: date.optional(),
    validUntilSource: source.optional(),
    note: source.optional(),
    requestPhases: z.array(phaseSchema).refine((ps) => new Set(ps.map((p) => p.key)).size === ps.length, 'a phase key is used twice'),
    turnoutThresholdPercent: z.number().min(0).max(100).nullable(),
    turnoutThresholdSource: source,
    minimumVotesForOutcome: z.number().int().min(1).nullable(),
    minimumVotesForOutcomeSource: source,
  })
  .refine((r) => (r.validUntil === undefined) === (r.validUntilSource === undefined), 'validUntil needs validUntilSource')
  .refine((r) => r.validUntil === undefined || r.validUntil >= r.validFrom, 'validUntil is before validFrom');

const fileSchema = z.object({
  $comment: z.string().optional(),
  source,
  rules: z
    .array(rulesSchema)
    .min(1)
    .refine((rs) => new Set(rs.map((r) => r.key)).size === rs.length, 'a rules key is used twice'),
});

type RulesEntry = z.infer<typeof rulesSchema>;

let entries: readonly RulesEntry[] | undefined;
let rules: readonly ReferendumRules[] | undefined;

function loadEntries(): readonly RulesEntry[] {
  entries ??= fileSchema.parse(JSON.parse(fs.readFileSync(referendumRulesFile, 'utf8')) as unknown).rules;
  return entries;
}

/** The rules as the code uses them (and as a referendum snapshots them): without the file's notes and sources per value. */
function toRules(e: RulesEntry): ReferendumRules {
  return {
    key: e.key,
    name: { nl: e.name.nl, en: e.name.en },
    source: e.source,
    validFrom: e.validFrom,
    requestPhases: e.requestPhases.map((p) => ({
      key: p.key,
      label: { nl: p.label.nl, en: p.label.en },
      threshold: p.threshold,
      days: p.days,
    })),
    turnoutThresholdPercent: e.turnoutThresholdPercent,
    minimumVotesForOutcome: e.minimumVotesForOutcome,
  };
}

/** Every set of referendum rules shipped, in file order. */
export function referendumRules(): ReferendumRules[] {
  rules ??= loadEntries().map(toRules);
  return rules.map((r) => structuredClone(r));
}

export function findReferendumRules(key: string): ReferendumRules | undefined {
  return referendumRules().find((r) => r.key === key);
}

/** The last day the rules apply (e.g. a repealed law), or null when still in force. */
export function rulesValidUntil(key: string): string | null {
  return loadEntries().find((e) => e.key === key)?.validUntil ?? null;
}

/** Do the rules apply to a request that starts on `day` (validFrom ≤ day ≤ validUntil)? */
export function rulesInForce(key: string, day: string): boolean {
  const e = loadEntries().find((x) => x.key === key);
  return e !== undefined && e.validFrom <= day && (e.validUntil === undefined || day <= e.validUntil);
}
