import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponseSerializerCompiler, fastPathFor, reusableResponse } from './serializer.ts';

const link = z.object({ href: z.string() });
const item = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['a', 'b']),
    note: z.string().nullable(),
    count: z.number().int(),
    share: z.number(),
    active: z.boolean(),
    tags: z.array(z.string()),
    _links: z.object({ self: link, next: link.optional() }),
  })
  .meta({ id: 'SerializerTestItem' });
const list = z.object({ items: z.array(item), total: z.number().int() });

function compile(schema: z.ZodType, checkResponses = false): (data: unknown) => string {
  const route = { schema, method: 'GET', url: '/test', httpStatus: '200' } as FastifyRouteSchemaDef<z.ZodType>;
  return createResponseSerializerCompiler({ checkResponses })(route);
}

const sample = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  name: 'Súdwest-Fryslân "quoted" \\ back\nline \u2028 \u0001 😀',
  kind: 'a' as const,
  note: null,
  count: 3,
  share: 0.1,
  active: false,
  tags: ['x', ''],
  _links: { self: { href: '/x?a=1&b=<2>' } },
};

describe('response serialisation', () => {
  it('takes the fast path for plain objects, arrays, enums, nullable scalars and optional fields', () => {
    expect(fastPathFor(list)).toBeDefined();
  });

  it('keeps zod for what its JSON Schema does not describe exactly', () => {
    const unsafe: Record<string, z.ZodType> = {
      transform: z.object({ n: z.string().transform((s) => s.length) }),
      codec: z.object({ n: z.codec(z.string(), z.number(), { decode: Number, encode: String }) }),
      default: z.object({ n: z.number().default(1) }),
      union: z.object({ n: z.union([z.string(), z.number()]) }),
      discriminated: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), n: z.number() })]),
      nullableObject: z.object({ n: z.object({ a: z.string() }).nullable() }),
      date: z.object({ n: z.date() }),
      record: z.record(z.string(), z.number()),
    };
    for (const [name, schema] of Object.entries(unsafe)) expect(fastPathFor(schema), name).toBeUndefined();
  });

  it('writes exactly what zod writes, dropping undeclared properties', () => {
    const data = {
      items: [sample, { ...sample, note: 'n', secret: 'not for the client', _links: { self: { href: '/y' }, next: { href: '/z' } } }],
      total: 2,
    };
    const expected = JSON.stringify(z.encode(list, data));
    expect(compile(list)(data)).toBe(expected);
    expect(compile(list, true)(data)).toBe(expected);
    expect(expected).not.toContain('secret');
  });

  it('with checkResponses, refuses what zod refuses', () => {
    const bad = { items: [{ ...sample, count: 1.5 }], total: 1 };
    expect(() => compile(list, true)(bad)).toThrow();
  });

  it('falls back to zod where the fast path does not apply', () => {
    const schema = z.object({ at: z.date() });
    const at = new Date('2026-11-29T10:00:00Z');
    expect(compile(schema)({ at })).toBe(JSON.stringify({ at }));
    expect(() => compile(schema)({ at: 'yesterday' })).toThrow();
  });

  it('writes the JSON of a reusable response once, and freezes it', () => {
    const serialize = compile(list, true);
    const body = reusableResponse({ items: [{ ...sample, tags: ['t'] }], total: 1 });
    const first = serialize(body);
    expect(serialize(body)).toBe(first);
    expect(Object.isFrozen(body.items[0]?.tags)).toBe(true);
    expect(() => {
      (body.items as unknown[]).push(sample);
    }).toThrow();
  });
});
