// Reads data/delivery/offers.json (the rules of proactive offers) and checks it with zod: every
// rule has a known kind, a trigger the code knows, services or a life event, and at least one
// source. A rule that offers a life event gets that event's steps (data/catalog/life-events.json,
// read here as data: the catalog module exports no reader for it) as its products. An invalid file
// fails loudly with every problem and its place; the data is read once.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { decisionOutcomes } from '../model.ts';
import { authorityKinds, type OfferKind, type OfferRule, type OfferedProduct } from './model.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
export const offersFile = path.resolve(here, '../../../../data/delivery/offers.json');
export const lifeEventsFile = path.resolve(here, '../../../../data/catalog/life-events.json');

const text = z.string().regex(/\S/, 'is empty');
const localized = z.strictObject({ nl: text, en: text });
const slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'is lower-case kebab-case (e.g. "18-jaar-worden")');
const uplUri = z.string().regex(/^http:\/\/standaarden\.overheid\.nl\/owms\/terms\/\S+$/, 'is not a UPL URI');

const trigger = z.discriminatedUnion('event', [
  z.strictObject({
    event: z.literal('person.authority_registered'),
    authorityKinds: z.array(z.enum(authorityKinds)).min(1),
    childYoungerThanMonths: z.number().int().min(1).max(216),
  }),
  z.strictObject({
    event: z.literal('case.decided'),
    uplUris: z.array(uplUri).min(1),
    outcomes: z.array(z.enum(decisionOutcomes)).min(1),
  }),
  z.strictObject({ event: z.literal('birthday'), age: z.number().int().min(1).max(130) }),
]);

const product = z.strictObject({ uplUri, why: localized });
const offer = z.union([z.strictObject({ services: z.array(product).min(1).max(20) }), z.strictObject({ lifeEvent: slug })]);

const fileSchema = z
  .strictObject({
    source: text,
    note: text,
    kinds: z.array(z.strictObject({ id: slug, name: localized, description: localized })).min(1),
    rules: z
      .array(
        z.strictObject({
          id: slug,
          kind: slug,
          description: localized,
          reason: localized,
          when: trigger,
          offer,
          sources: z.array(z.strictObject({ title: localized, url: z.url({ protocol: /^https?$/ }) })).min(1),
        }),
      )
      .min(1),
  })
  .superRefine((file, ctx) => {
    const kinds = new Set<string>();
    file.kinds.forEach((k, i) => {
      if (kinds.has(k.id)) ctx.addIssue({ code: 'custom', path: ['kinds', i, 'id'], message: `kind "${k.id}" is listed twice` });
      kinds.add(k.id);
    });
    const ids = new Set<string>();
    file.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule "${r.id}" is listed twice` });
      ids.add(r.id);
      if (!kinds.has(r.kind)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'kind'], message: `unknown kind "${r.kind}"` });
      if ('services' in r.offer) {
        const seen = new Set<string>();
        r.offer.services.forEach((s, j) => {
          if (seen.has(s.uplUri))
            ctx.addIssue({ code: 'custom', path: ['rules', i, 'offer', 'services', j, 'uplUri'], message: `${s.uplUri} is listed twice` });
          seen.add(s.uplUri);
        });
      }
    });
  });

/** The part of data/catalog/life-events.json the offers use (the catalog checks the rest). */
const lifeEventsSchema = z.object({
  events: z.array(z.object({ slug: z.string(), steps: z.array(z.object({ uplUri: z.string(), why: localized })) })),
});

export interface OfferReference {
  kinds: readonly OfferKind[];
  rules: readonly OfferRule[];
}

export type OfferReferenceResult = { ok: true; value: OfferReference } | { ok: false; errors: string[] };

function pathText(p: readonly PropertyKey[]): string {
  let out = '';
  for (const key of p) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(file)';
}

/** Checks an offers document against the life events it may name; reports every problem, never throws. */
export function parseOfferReference(json: unknown, lifeEvents: unknown): OfferReferenceResult {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`) };
  const events = lifeEventsSchema.safeParse(lifeEvents);
  if (!events.success) return { ok: false, errors: events.error.issues.map((i) => `life events ${pathText(i.path)}: ${i.message}`) };
  const errors: string[] = [];
  const rules: OfferRule[] = [];
  parsed.data.rules.forEach((r, i) => {
    let products: OfferedProduct[];
    let lifeEvent: string | null = null;
    if ('services' in r.offer) products = r.offer.services;
    else {
      const slugName = r.offer.lifeEvent;
      const event = events.data.events.find((e) => e.slug === slugName);
      if (!event) {
        errors.push(`rules[${i}].offer.lifeEvent: no life event "${slugName}" in data/catalog/life-events.json`);
        return;
      }
      lifeEvent = slugName;
      products = event.steps.map((s) => ({ uplUri: s.uplUri, why: s.why }));
    }
    rules.push({
      id: r.id,
      kind: r.kind,
      description: r.description,
      reason: r.reason,
      when: r.when,
      products,
      lifeEvent,
      sources: r.sources,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { kinds: parsed.data.kinds, rules } };
}

let shipped: OfferReference | undefined;

/** The shipped rules and kinds; read once. Throws when the data is invalid. */
export function offerReference(): OfferReference {
  if (!shipped) {
    const result = parseOfferReference(
      JSON.parse(fs.readFileSync(offersFile, 'utf8')) as unknown,
      JSON.parse(fs.readFileSync(lifeEventsFile, 'utf8')) as unknown,
    );
    if (!result.ok) throw new Error(`data/delivery/offers.json is invalid:\n${result.errors.join('\n')}`);
    shipped = result.value;
  }
  return shipped;
}

export const offerRules = (): readonly OfferRule[] => offerReference().rules;
export const offerKinds = (): readonly OfferKind[] => offerReference().kinds;
export const offerRule = (id: string): OfferRule | undefined => offerRules().find((r) => r.id === id);
export const offerKind = (id: string): OfferKind | undefined => offerKinds().find((k) => k.id === id);
