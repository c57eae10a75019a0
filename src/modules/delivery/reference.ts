// Reads data/legal/awb-dwangsom.json (see data/legal/README.md, "awb-dwangsom.json") and checks it
// with zod: the legal numbers of late decisions (Awb 4:17, 4:20b) and of the objection term in a
// decision letter (Awb 6:7). An invalid file fails loudly; the product never reads outside the project.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isIsoDate } from '../../platform/time/index.ts';
import { firstDayConventions, type DeliveryLegalRules, type FirstDayConvention } from './model.ts';

export const deliveryLegalFile = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../data/legal/awb-dwangsom.json');

const isoDate = z.string().refine(isIsoDate, { error: 'expected a valid YYYY-MM-DD date' });
const status = z.enum(['verified', 'secondary', 'unverified']);
const citation = z.object({ law: z.string().min(1), article: z.string().min(1), paragraph: z.number().int().positive().optional() });
const provenance = {
  status,
  source: z.url(),
  secondarySources: z.array(z.url()).optional(),
  validFrom: isoDate,
  validUntil: isoDate.optional(),
  validFromStatus: status.optional(),
  validFromNote: z.string().optional(),
};
const cents = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

const amountsSchema = z
  .object({
    citation,
    summary: z.string().min(1),
    tiers: z.array(z.object({ fromDay: positiveInt, toDay: positiveInt, centsPerDay: cents })).min(1),
    maxTotalCents: cents,
    ...provenance,
  })
  .superRefine((a, ctx) => {
    a.tiers.forEach((t, i) => {
      const expectedFrom = i === 0 ? 1 : (a.tiers[i - 1]?.toDay ?? 0) + 1;
      if (t.fromDay !== expectedFrom) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'fromDay'], message: `expected ${expectedFrom}` });
      if (t.toDay < t.fromDay) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'toDay'], message: 'before fromDay' });
    });
    const total = a.tiers.reduce((sum, t) => sum + (t.toDay - t.fromDay + 1) * t.centsPerDay, 0);
    if (total !== a.maxTotalCents) {
      ctx.addIssue({ code: 'custom', path: ['maxTotalCents'], message: `the tiers add up to ${total}, not ${a.maxTotalCents}` });
    }
  });

const fileSchema = z
  .object({
    schemaVersion: z.literal(1),
    title: z.string().min(1),
    dataVersion: isoDate,
    status: z.string().min(1),
    note: z.string().min(1),
    penalty: z.object({
      citation,
      summary: z.string().min(1),
      appliesTo: z.string().min(1),
      maxDays: z.object({ citation, days: positiveInt, atwApplies: z.literal(false), summary: z.string().min(1), ...provenance }),
      amounts: z.array(amountsSchema).min(1),
      gracePeriod: z.object({
        citation,
        weeks: positiveInt,
        summary: z.string().min(1),
        ...provenance,
        atw: z.object({ default: z.boolean(), summary: z.string().min(1), openQuestion: z.string().optional(), ...provenance }),
      }),
      firstDay: z.object({
        citation,
        summary: z.string().min(1),
        conventions: z
          .array(
            z.object({
              id: z.enum(firstDayConventions),
              extraDaysAfterGracePeriod: z.number().int().nonnegative(),
              description: z.string(),
            }),
          )
          .refine((list) => firstDayConventions.every((id) => list.filter((c) => c.id === id).length === 1), {
            error: `each of ${firstDayConventions.join(', ')} exactly once`,
          }),
        default: z.enum(firstDayConventions),
        defaultReason: z.string().min(1),
        openQuestion: z.string().optional(),
        ...provenance,
      }),
      decisionDay: z.object({ counts: z.boolean(), summary: z.string().min(1), openQuestion: z.string().optional(), ...provenance }),
      pendingChange: z
        .object({ date: isoDate, summary: z.string().min(1), status, openQuestion: z.string().optional(), source: z.url() })
        .optional(),
    }),
    silenceConsent: z.object({
      citation,
      summary: z.string().min(1),
      effectiveDaysAfterTermExpiry: positiveInt,
      atwApplies: z.boolean(),
      countingNote: z.string().optional(),
      ...provenance,
    }),
    objectionTerm: z.object({
      citation,
      weeks: positiveInt,
      startsDayAfterAnnouncement: z.literal(true),
      atwApplies: z.boolean(),
      summary: z.string().min(1),
      ...provenance,
    }),
  })
  .superRefine((f, ctx) => {
    f.penalty.amounts.forEach((a, i) => {
      const last = a.tiers[a.tiers.length - 1]?.toDay;
      if (last !== f.penalty.maxDays.days) {
        ctx.addIssue({
          code: 'custom',
          path: ['penalty', 'amounts', i, 'tiers'],
          message: `the tiers must end at day ${f.penalty.maxDays.days}`,
        });
      }
    });
  });

export type AwbDwangsomFile = z.output<typeof fileSchema>;

/** Validates the JSON of data/legal/awb-dwangsom.json and maps it to the model's rules. Throws with every problem listed. */
export function parseDeliveryLegalRules(json: unknown): DeliveryLegalRules {
  const result = fileSchema.safeParse(json);
  if (!result.success) throw new Error(`data/legal/awb-dwangsom.json is invalid: ${z.prettifyError(result.error)}`);
  const { penalty, silenceConsent, objectionTerm } = result.data;
  const extra = (id: FirstDayConvention): number => penalty.firstDay.conventions.find((c) => c.id === id)?.extraDaysAfterGracePeriod ?? 0;
  return {
    penalty: {
      maxDays: penalty.maxDays.days,
      graceWeeks: penalty.gracePeriod.weeks,
      firstDayExtraDays: { A: extra('A'), B: extra('B') },
      amounts: penalty.amounts.map((a) => ({
        tiers: a.tiers,
        maxTotalCents: a.maxTotalCents,
        validFrom: a.validFrom,
        ...(a.validUntil === undefined ? {} : { validUntil: a.validUntil }),
        citation: a.citation,
        source: a.source,
        status: a.status,
      })),
      defaults: {
        firstDayConvention: penalty.firstDay.default,
        graceAtw: penalty.gracePeriod.atw.default,
        decisionDayCounts: penalty.decisionDay.counts,
      },
    },
    silenceConsent: { effectiveDaysAfterTermExpiry: silenceConsent.effectiveDaysAfterTermExpiry },
    objectionTerm: { weeks: objectionTerm.weeks, atwApplies: objectionTerm.atwApplies },
  };
}

let cached: DeliveryLegalRules | undefined;

/** The shipped rules (read and checked once). */
export function deliveryLegalRules(): DeliveryLegalRules {
  cached ??= parseDeliveryLegalRules(JSON.parse(fs.readFileSync(deliveryLegalFile, 'utf8')));
  return cached;
}
