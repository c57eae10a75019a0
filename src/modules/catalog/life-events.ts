// Life events (levensgebeurtenissen): curated groups of UPL products across organisations, so that
// someone who moves house sees the municipality's and the national services together
// (docs/DOMAIN.md, "Aanpak Levensgebeurtenissen"). The shipped set is reference data in
// data/catalog/life-events.json (source and licence in data/catalog/README.md). No database here.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Lang } from '../../platform/i18n/index.ts';
import { parseUplCsv, uplPlaceholderUri } from './model.ts';
import { shippedUplFile } from './reference.ts';

/** The life events shipped with Loket. */
export const shippedLifeEventsFile = fileURLToPath(new URL('../../../data/catalog/life-events.json', import.meta.url));

export const lifeEventAudiences = ['citizen', 'business'] as const;
export type LifeEventAudience = (typeof lifeEventAudiences)[number];

/** A text in every UI language, Dutch first. */
export type LocalizedText = Readonly<Record<Lang, string>>;

export interface LifeEventStep {
  /** OWMS URI of the UPL product (the `URI` column of the UPL). */
  readonly uplUri: string;
  /** One short sentence: why this service matters in this life event. */
  readonly why: LocalizedText;
}

export interface LifeEvent {
  /** Kebab-case Dutch, used in the address: `/levensgebeurtenissen/verhuizen`. */
  readonly slug: string;
  readonly audience: LifeEventAudience;
  readonly name: LocalizedText;
  /** One plain-language sentence. */
  readonly summary: LocalizedText;
  /** In the order a person meets them. */
  readonly steps: readonly LifeEventStep[];
}

/** How many products one life event groups: enough to be worth a page, few enough to read. */
export const lifeEventStepLimits = { min: 4, max: 12 } as const;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugMaxLength = 60;

export type LifeEventsParseResult = { ok: true; events: LifeEvent[] } | { ok: false; errors: string[] };

const languageNames: Record<Lang, string> = { nl: 'Dutch', en: 'English' };

function textIn(lang: Lang) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `missing ${languageNames[lang]} text` : 'must be text') })
    .regex(/\S/, `${languageNames[lang]} text is empty`);
}

const localizedText = z.strictObject(
  { nl: textIn('nl'), en: textIn('en') },
  { error: (issue) => (issue.input === undefined ? 'missing text in Dutch and English' : undefined) },
);

// Repeated slugs and URIs are reported even when other entries of the list are broken, so one run
// shows every problem: the check then sees the entries as they were given and reads them with care.
const checkRepeatsAnyway = (payload: { value: unknown }): boolean => Array.isArray(payload.value);

/** [index, index of the first occurrence, value] for every entry whose `key` repeats an earlier entry's. */
function repeats(list: readonly unknown[], key: string): [number, number, string][] {
  const first = new Map<string, number>();
  const out: [number, number, string][] = [];
  list.forEach((entry, i) => {
    const value: unknown = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') return;
    const j = first.get(value);
    if (j === undefined) first.set(value, i);
    else out.push([i, j, value]);
  });
  return out;
}

function lifeEventsSchema(knownUplUris: ReadonlySet<string>) {
  const uplUri = z
    .string({ error: (issue) => (issue.input === undefined ? 'missing UPL URI' : 'must be text') })
    .refine((uri) => uri !== uplPlaceholderUri, { error: 'is the UPL placeholder "UPL-naam nog niet beschikbaar", not a product' })
    .refine((uri) => uri === uplPlaceholderUri || knownUplUris.has(uri), { error: (issue) => `${String(issue.input)} is not in the UPL` });

  const step = z.strictObject({ uplUri, why: localizedText });

  const steps = z
    .array(step)
    .min(lifeEventStepLimits.min, `a life event needs at least ${lifeEventStepLimits.min} steps`)
    .max(lifeEventStepLimits.max, `a life event has at most ${lifeEventStepLimits.max} steps`)
    .superRefine(
      (list, ctx) => {
        for (const [i, j, uri] of repeats(list, 'uplUri')) {
          ctx.addIssue({ code: 'custom', path: [i, 'uplUri'], message: `${uri} is already step ${j + 1} of this life event` });
        }
      },
      { when: checkRepeatsAnyway },
    );

  const event = z.strictObject({
    slug: z
      .string({ error: (issue) => (issue.input === undefined ? 'missing slug' : 'must be text') })
      .max(slugMaxLength, `a slug has at most ${slugMaxLength} characters`)
      .regex(slugPattern, 'a slug is lower-case kebab-case: letters a-z, digits and single hyphens (e.g. "kind-krijgen")'),
    audience: z.enum(lifeEventAudiences, { error: `audience is one of ${lifeEventAudiences.join(', ')}` }),
    name: localizedText,
    summary: localizedText,
    steps,
  });

  return z.strictObject({
    source: z.string({ error: 'missing source (where the grouping comes from)' }).regex(/\S/, 'source is empty'),
    note: z.string({ error: 'missing note (curation and licence)' }).regex(/\S/, 'note is empty'),
    events: z
      .array(event)
      .min(1, 'no life events')
      .superRefine(
        (list, ctx) => {
          for (const [i, j, slug] of repeats(list, 'slug')) {
            ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `slug "${slug}" is already used by events[${j}]` });
          }
        },
        { when: checkRepeatsAnyway },
      ),
  });
}

/** `events[2].steps[0].uplUri` */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(file)';
}

/**
 * Checks a life-events document (the shape of data/catalog/life-events.json) against the UPL URIs
 * it may use. Reports every problem with its place in the document; never throws.
 */
export function parseLifeEvents(json: unknown, knownUplUris: ReadonlySet<string>): LifeEventsParseResult {
  const result = lifeEventsSchema(knownUplUris).safeParse(json);
  if (!result.success) return { ok: false, errors: result.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`) };
  return { ok: true, events: result.data.events };
}

let shipped: readonly LifeEvent[] | undefined;

/** The shipped life events, checked against the shipped UPL; read once, then cached. Throws when the data is broken. */
export function shippedLifeEvents(): LifeEvent[] {
  if (!shipped) {
    const upl = parseUplCsv(fs.readFileSync(shippedUplFile, 'utf8'));
    if (!upl.ok) throw new Error(`${shippedUplFile}: ${upl.errors.join('; ')}`);
    const json: unknown = JSON.parse(fs.readFileSync(shippedLifeEventsFile, 'utf8'));
    const result = parseLifeEvents(json, new Set(upl.products.map((p) => p.uri)));
    if (!result.ok) throw new Error(`data/catalog/life-events.json is invalid:\n${result.errors.join('\n')}`);
    shipped = deepFreeze(result.events);
  }
  // A fresh array each time, so that a caller sorting or filtering it in place cannot change the cache.
  return [...shipped];
}

/** One shipped life event by its slug. */
export function shippedLifeEvent(slug: string): LifeEvent | undefined {
  return shippedLifeEvents().find((e) => e.slug === slug);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
