// Reads the settings of mandates (data/mandates/rules.json) and which UPL products are about money
// and goods or about personal and care matters (data/mandates/service-matters.json), checked with
// zod; an invalid file fails loudly. Read once.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { levelsOfAssurance, type LevelOfAssurance } from '../../platform/auth/model.ts';
import type { Matter } from './model.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
export const rulesFile = path.resolve(here, '../../../data/mandates/rules.json');
export const mattersFile = path.resolve(here, '../../../data/mandates/service-matters.json');

const source = z.string().regex(/\S/);
const rulesSchema = z.object({
  maxValidityYears: z.number().int().min(1).max(100),
  maxValiditySource: source,
  chainMinimumLoa: z.enum(levelsOfAssurance),
  chainMinimumLoaSource: source,
  legalMinimumLoa: z.enum(levelsOfAssurance),
  legalMinimumLoaSource: source,
});

const mattersSchema = z.object({
  source: source,
  products: z
    .array(
      z.strictObject({
        uplUri: z.string().regex(/^http:\/\/standaarden\.overheid\.nl\/owms\/terms\/\S+$/),
        label: z.string().min(1),
        matter: z.enum(['financial', 'personal']),
      }),
    )
    .refine((list) => new Set(list.map((p) => p.uplUri)).size === list.length, 'a product is listed twice'),
});

export interface MandateRules {
  maxValidityYears: number;
  chainMinimumLoa: LevelOfAssurance;
  legalMinimumLoa: LevelOfAssurance;
}

let rules: MandateRules | undefined;
let matters: ReadonlyMap<string, Matter> | undefined;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

export function mandateRules(): MandateRules {
  rules ??= rulesSchema.parse(readJson(rulesFile));
  return rules;
}

export interface ServiceMatter {
  uplUri: string;
  /** The UPL name of the product, for people reading the file. */
  label: string;
  matter: Matter;
}

let matterList: readonly ServiceMatter[] | undefined;

/** Every UPL product the data classes as financial or personal (data/mandates/service-matters.json). */
export function serviceMatters(): readonly ServiceMatter[] {
  matterList ??= mattersSchema.parse(readJson(mattersFile)).products;
  return matterList;
}

/** The matter of a UPL product, or null (both) when the data does not say. */
export function matterOfProduct(uplUri: string | null): Matter | null {
  matters ??= new Map(serviceMatters().map((p) => [p.uplUri, p.matter]));
  return uplUri === null ? null : (matters.get(uplUri) ?? null);
}
