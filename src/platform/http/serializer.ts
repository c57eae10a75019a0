// Response serialisation. The zod response schemas stay the one source of truth (types, the
// OpenAPI document); at run time each is compiled once, through its JSON Schema, to a
// fast-json-stringify function. That writes only the declared properties (nothing extra leaks)
// at about a third of the cost of zod's encode + JSON.stringify (ADR 0008).
//
// fast-json-stringify does not validate: a value of the wrong type is coerced rather than refused,
// and formats, patterns and enums are not checked. So:
//   - schemas whose JSON Schema does not describe the JSON zod would write (transforms, codecs,
//     defaults, unions, …) keep zod's serializer, see `fastPathFor`;
//   - with `checkResponses` (the test suite, `LOKET_CHECK_RESPONSES=1`) every response is also
//     encoded by zod, and a response that zod refuses, or that the fast serializer writes
//     differently, is an error: what the tests send, production sends byte for byte.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

const zodSerializerCompiler = createSerializerCompiler({});

/** zod schema kinds whose JSON Schema (output side) is not what zod's encode writes, or that fast-json-stringify handles differently. */
const unsafeKinds = new Set([
  'pipe',
  'transform',
  'default',
  'prefault',
  'catch',
  'success',
  'custom',
  'union',
  'intersection',
  'literal',
  'lazy',
  'tuple',
]);

/** JSON Schema keywords the fast path supports exactly like zod; anything else (anyOf, const, …) keeps zod. */
const keywords = new Set([
  '$schema', '$ref', 'definitions', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'description', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly',
  'format', 'pattern', 'minLength', 'maxLength', 'enum',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems',
]); // prettier-ignore

function supported(node: unknown): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  for (const [key, value] of Object.entries(node)) {
    if (!keywords.has(key)) return false;
    if (key === 'type' && Array.isArray(value) && value.filter((t) => t !== 'null').length > 1) return false;
    if ((key === 'properties' || key === 'definitions') && !Object.values(value as object).every(supported)) return false;
    if (key === 'items' && !supported(value)) return false;
    if (key === 'additionalProperties' && value !== false && !supported(value)) return false;
  }
  return true;
}

/** The JSON Schema fast-json-stringify can serialise `schema` from exactly as zod would, or undefined. */
export function fastPathFor(schema: z.ZodType): object | undefined {
  const kinds = new Set<string>();
  let json: object;
  try {
    json = z.toJSONSchema(schema, {
      target: 'draft-07',
      io: 'output',
      unrepresentable: 'throw',
      cycles: 'ref',
      override: ({ zodSchema }) => {
        kinds.add(zodSchema._zod.def.type);
      },
    });
  } catch {
    return undefined; // dates, bigints, … have no JSON Schema: zod writes them
  }
  if ([...kinds].some((kind) => unsafeKinds.has(kind))) return undefined;
  return supported(json) ? json : undefined;
}

// Compiled once per zod schema object and process (a schema is shared by routes, test apps, statuses).
const compiled = new WeakMap<z.ZodType, ((data: unknown) => string) | null>();

function fastSerializer(schema: z.ZodType): ((data: unknown) => string) | undefined {
  let fn = compiled.get(schema);
  if (fn === undefined) {
    const json = fastPathFor(schema);
    fn = json ? (fastJson(json) as (data: unknown) => string) : null;
    compiled.set(schema, fn);
  }
  return fn ?? undefined;
}

// Responses a route sends again and again (from a cache) are deep-frozen and marked, see
// reusableResponse. A route's serializer writes the JSON of such an object once and keeps it for
// as long as the object lives: it cannot change, so neither can its JSON.
const reusable = new WeakSet<object>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** Marks a response body the route will return again (e.g. kept in a cache): it is deep-frozen, and its JSON is written only once. */
export function reusableResponse<T extends object>(body: T): T {
  deepFreeze(body);
  reusable.add(body);
  return body;
}

export interface SerializerOptions {
  /** Also encode every response with zod, and fail when zod refuses it or writes other JSON (tests, development). */
  checkResponses: boolean;
}

export function createResponseSerializerCompiler(options: SerializerOptions): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const { schema, method, url } = route;
    const viaZod = zodSerializerCompiler(route);
    const zodSchema = schema instanceof z.ZodType ? schema : undefined;
    // Built on first use: most routes never send most of their declared statuses through here
    // (problem responses are written as text), and building costs a few milliseconds.
    let fast: ((data: unknown) => string) | undefined | null = null;
    const serialize = (data: unknown): string => {
      if (fast === null) fast = zodSchema ? fastSerializer(zodSchema) : undefined;
      if (fast === undefined) return viaZod(data);
      if (!options.checkResponses) return fast(data);
      const expected = viaZod(data); // throws ResponseSerializationError when zod refuses the data
      const written = fast(data);
      if (written !== expected) {
        throw new Error(`${method} ${url}: the fast serializer wrote ${written.slice(0, 500)}, zod wrote ${expected.slice(0, 500)}`);
      }
      return written;
    };
    const written = new WeakMap<object, string>();
    return (data: unknown) => {
      if (typeof data !== 'object' || data === null || !reusable.has(data)) return serialize(data);
      let json = written.get(data);
      if (json === undefined) {
        json = serialize(data);
        written.set(data, json);
      }
      return json;
    };
  };
}
