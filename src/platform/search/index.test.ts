// The search index on the database chosen by LOKET_TEST_DB, and (when LOKET_TEST_PG_URL is set)
// the same data on SQLite and PostgreSQL side by side: the same hits in the same order with the same scores.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, runMigrations, type Database } from '../db/index.ts';
import { createTestDatabase } from '../testing/db.ts';
import { analyze } from './analyzer.ts';
import { RELEVANCE_QUERIES, SERVICES, syntheticDocuments } from './fixtures.ts';
import { createSearchIndex, type SearchDocument, type SearchIndex } from './index.ts';

type TestDb = Database & { cleanup(): Promise<void> };

async function openIndexed(index: SearchIndex, label: string, docs: readonly SearchDocument[]): Promise<TestDb> {
  const database = await createTestDatabase(label);
  await runMigrations(database.db, database.dialect, [index.migrations()]);
  await inTransaction(database.db, (trx) => index.upsert(trx, docs));
  return database;
}

describe('search index', () => {
  const index = createSearchIndex('test');
  let database: TestDb;
  let db: Database['db'];

  beforeAll(async () => {
    database = await openIndexed(index, 'search', syntheticDocuments());
    db = database.db;
  });
  afterAll(() => database.cleanup());

  it('holds the 200 documents and their vocabulary', async () => {
    expect(await index.count(db)).toBe(200);
    expect(await index.vocabulary.size(db)).toBeGreaterThan(300);
    const df = await index.vocabulary.documentFrequencies(db, ['paspoort', 'hondenbelast', 'nergens']);
    expect(df.get('hondenbelast')).toBe(4); // one per municipality
    expect(df.has('nergens')).toBe(false);
  });

  describe.each(RELEVANCE_QUERIES.map((q) => [q.kind, q.query, q.expect] as const))('%s query "%s"', (_kind, query, expected) => {
    it(`finds ${expected} in the top 5 of the citizen's municipality`, async () => {
      const { hits } = await index.search(db, query, { filters: { municipality: 'GM0344' }, limit: 5 });
      expect(hits.map((h) => h.id)).toContain(`GM0344:${expected}`);
    });
  });

  it("puts all municipalities' copies of a service together without a filter", async () => {
    const { hits, total } = await index.search(db, 'hondenbelasting', { limit: 4 });
    expect(hits.map((h) => h.id.split(':')[1])).toEqual(['hondenbelasting', 'hondenbelasting', 'hondenbelasting', 'hondenbelasting']);
    expect(total).toBeGreaterThanOrEqual(4);
  });

  it('filters by exact values, all of them', async () => {
    const business = await index.search(db, 'vergunning', { filters: { audience: 'business' }, limit: 100 });
    expect(business.total).toBeGreaterThan(0);
    const businessSlugs = new Set(SERVICES.filter((s) => s.audience === 'business').map((s) => s.slug));
    for (const hit of business.hits) expect(businessSlugs.has(hit.id.split(':')[1] ?? '')).toBe(true);
    const both = await index.search(db, 'vergunning', { filters: { audience: 'business', municipality: 'GM0363' }, limit: 100 });
    expect(both.total).toBe(business.total / 4);
    for (const hit of both.hits) expect(hit.id.startsWith('GM0363:')).toBe(true);
    expect((await index.search(db, 'vergunning', { filters: { municipality: 'GM9999' } })).total).toBe(0);
    expect((await index.search(db, 'vergunning', { filters: { 'no such key!': 'x' } })).total).toBe(0);
  });

  it('never lets a rarer completion of the last word outrank the word itself', async () => {
    const capped = createSearchIndex('capped');
    const docs: SearchDocument[] = [
      ...['a', 'b', 'c', 'd'].map((id) => ({ id: `common-${id}`, fields: { title: `Subsidie ${id}`, body: '' }, filters: {} })),
      { id: 'rare', fields: { title: 'Subsidiestelsel', body: '' }, filters: {} },
    ];
    const database2 = await openIndexed(capped, 'search-capped', docs);
    try {
      const { hits } = await capped.search(database2.db, 'subsidie');
      expect(hits[0]?.id).toMatch(/^common-/);
      expect(hits.map((h) => h.id)).toContain('rare');
    } finally {
      await database2.cleanup();
    }
  });

  it('matches any value of a listed filter, and documents that hold several values', async () => {
    const one = await index.search(db, 'vergunning', { filters: { municipality: 'GM0363' }, all: true });
    const two = await index.search(db, 'vergunning', { filters: { municipality: ['GM0363', 'GM0344'] }, all: true });
    expect(two.total).toBe(one.total * 2);
    expect(two.hits).toHaveLength(two.total);
    expect(new Set(two.hits.map((h) => h.id.split(':')[0]))).toEqual(new Set(['GM0363', 'GM0344']));
    expect((await index.search(db, 'vergunning', { filters: { municipality: [] } })).total).toBe(0);
    const shared = createSearchIndex('shared');
    const database2 = await openIndexed(shared, 'search-shared', [
      { id: 'a', fields: { title: 'paspoort', body: '' }, filters: { organisation: ['GM0344', 'GM0363'] } },
      { id: 'b', fields: { title: 'paspoort', body: '' }, filters: { organisation: 'GM0599' } },
    ]);
    try {
      const hits = async (org: string | string[]): Promise<string[]> =>
        (await shared.search(database2.db, 'paspoort', { filters: { organisation: org } })).hits.map((h) => h.id);
      expect(await hits('GM0363')).toEqual(['a']);
      expect(await hits(['GM0599', 'GM0344'])).toEqual(['a', 'b']);
      await inTransaction(database2.db, (trx) =>
        shared.upsert(trx, [{ id: 'a', fields: { title: 'paspoort', body: '' }, filters: { organisation: ['GM0344'] } }]),
      );
      expect(await hits('GM0363')).toEqual([]);
    } finally {
      await database2.cleanup();
    }
  });

  it('pages through the hits in a stable order', async () => {
    const all = await index.search(db, 'aanvragen', { limit: 100 });
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 7) pages.push(...(await index.search(db, 'aanvragen', { limit: 7, offset })).hits);
    expect(pages).toEqual(all.hits);
    for (let i = 1; i < all.hits.length; i++) expect(all.hits[i - 1]!.score).toBeGreaterThanOrEqual(all.hits[i]!.score);
  });

  it('suggests completions and typo corrections from the vocabulary', async () => {
    expect(await index.vocabulary.complete(db, 'Parke')).toEqual(expect.arrayContaining(['parkeervergunn', 'parker']));
    expect(await index.vocabulary.similar(db, 'paspoord')).toEqual(['paspoort']);
  });

  it('never fails on hostile or absurd input', async () => {
    const queries = [
      '" OR * NEAR(',
      'NEAR(paspoort rijbewijs, 2)',
      'title:paspoort',
      '^paspoort AND NOT rijbewijs',
      "paspoort' & !rijbewijs | <-> :* \\",
      "'; DROP TABLE search_test_doc; --",
      '?!.,;:()[]{}',
      '',
      '   ',
      'paspoort\u0000aanvragen',
      '\uD800 losse surrogaat',
      'x'.repeat(1_000_000),
      'paspoort '.repeat(50_000),
    ];
    for (const q of queries) {
      const result = await index.search(db, q, { limit: 5 });
      expect(result.hits.length).toBeLessThanOrEqual(5);
    }
    expect((await index.search(db, '" OR * NEAR(')).total).toBe(0);
    expect((await index.search(db, "'; DROP TABLE search_test_doc; --", { limit: 5 })).hits.length).toBeGreaterThanOrEqual(0);
    expect(await index.count(db)).toBe(200);
    const odd = await index.search(db, 'paspoort', { limit: Number.NaN, offset: -5, filters: { municipality: 'GM0344\u0000' } });
    expect(odd).toEqual({ hits: [], total: 0 });
    expect((await index.search(db, 'paspoort', { limit: 10_000 })).hits.length).toBeLessThanOrEqual(100);
  });

  it('finds a document by its own title (property)', async () => {
    const word = fc.stringMatching(/^[a-zA-Zéëï]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 5 }), fc.nat(1_000_000), async (ws, n) => {
        const title = ws.join(' ');
        if (analyze(title).length === 0) return;
        const id = `prop:${n}`;
        await inTransaction(database.db, (trx) =>
          index.upsert(trx, [{ id, fields: { title, body: '' }, filters: { municipality: 'PROP' } }]),
        );
        try {
          const { hits } = await index.search(db, title, { filters: { municipality: 'PROP' }, limit: 100 });
          expect(hits.map((h) => h.id)).toContain(id);
        } finally {
          await inTransaction(database.db, (trx) => index.remove(trx, [id]));
        }
      }),
      { numRuns: 25 },
    );
    expect(await index.count(db)).toBe(200);
  });
});

describe('keeping the statistics', () => {
  const index = createSearchIndex('stats');
  let database: TestDb;
  let db: Database['db'];
  const docs = syntheticDocuments().slice(0, 60);

  beforeAll(async () => {
    database = await openIndexed(index, 'searchstats', docs);
    db = database.db;
  });
  afterAll(() => database.cleanup());

  it('keeps document frequencies equal to a recount after replacing and removing documents', async () => {
    const replaced: SearchDocument[] = docs
      .slice(0, 10)
      .map((d) => ({ ...d, fields: { title: `${d.fields.title} gewijzigd`, body: 'Nieuwe tekst over een zeldzaamwoord.' } }));
    const removed = docs.slice(10, 20).map((d) => d.id);
    await inTransaction(database.db, async (trx) => {
      await index.upsert(trx, replaced);
      await index.remove(trx, [...removed, 'not-there']);
    });
    const current = [...replaced, ...docs.slice(20)];
    const expected = new Map<string, number>();
    for (const d of current) {
      for (const token of new Set([...analyze(d.fields.title), ...analyze(d.fields.body), ...analyze(d.fields.keywords ?? '')])) {
        expected.set(token, (expected.get(token) ?? 0) + 1);
      }
    }
    expect(await index.count(db)).toBe(current.length);
    expect(await index.vocabulary.size(db)).toBe(expected.size);
    const stored = await index.vocabulary.documentFrequencies(db, [...expected.keys()]);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
    expect((await index.search(db, 'zeldzaamwoord')).total).toBe(10);
    // A token whose last document went is gone from the typo table too.
    await inTransaction(database.db, (trx) =>
      index.remove(
        trx,
        replaced.map((d) => d.id),
      ),
    );
    expect(await index.vocabulary.similar(db, 'zeldzaamwoort')).toEqual([]);
    expect((await index.search(db, 'zeldzaamwoord')).total).toBe(0);
  });
});

/** Queries whose ranked ids and scores must be equal on both databases. */
const PARITY_QUERIES = [
  ...RELEVANCE_QUERIES.map((q) => q.query),
  'aanvragen',
  'vergunning',
  'gemeente',
  'belasting betalen',
  'toeslag',
  'pa',
  'kind',
  'hulp bij het huishouden',
  'werkloos uitkering aanvragen',
];

describe.runIf(process.env['LOKET_TEST_PG_URL'])('the same ranking on SQLite and PostgreSQL', () => {
  const index = createSearchIndex('parity');
  let sqlite: TestDb;
  let postgres: TestDb;
  const saved = process.env['LOKET_TEST_DB'];

  beforeAll(async () => {
    const docs = syntheticDocuments();
    const open = async (dialect: 'sqlite' | 'postgres'): Promise<TestDb> => {
      process.env['LOKET_TEST_DB'] = dialect;
      try {
        const database = await openIndexed(index, `parity${dialect}`, docs);
        // The same history of changes on both: replace some, remove some.
        await inTransaction(database.db, async (trx) => {
          await index.upsert(
            trx,
            docs.slice(0, 20).map((d) => ({ ...d, fields: { ...d.fields, body: `${d.fields.body} Aangepast.` } })),
          );
          await index.remove(
            trx,
            docs.slice(40, 50).map((d) => d.id),
          );
        });
        return database;
      } finally {
        if (saved === undefined) delete process.env['LOKET_TEST_DB'];
        else process.env['LOKET_TEST_DB'] = saved;
      }
    };
    sqlite = await open('sqlite');
    postgres = await open('postgres');
  });
  afterAll(async () => {
    await sqlite.cleanup();
    await postgres.cleanup();
  });

  it.each(PARITY_QUERIES)('"%s" gives the same hits, order and scores', async (query) => {
    for (const options of [{ limit: 100 }, { limit: 100, filters: { municipality: 'GM0344' } }]) {
      const a = await index.search(sqlite.db, query, options);
      const b = await index.search(postgres.db, query, options);
      expect(b).toEqual(a);
    }
  });

  it('the vocabulary is the same', async () => {
    expect(await index.vocabulary.size(postgres.db)).toBe(await index.vocabulary.size(sqlite.db));
    expect(await index.vocabulary.complete(postgres.db, 'ver', 50)).toEqual(await index.vocabulary.complete(sqlite.db, 'ver', 50));
  });
});
