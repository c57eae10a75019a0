// The nation seed at a small scale: the proportions of the country, and resuming after an
// interruption gives exactly the rows of an uninterrupted run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import { sql } from '../../../platform/db/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase, testDialect } from '../../../platform/testing/db.ts';
import { addYears, fixedClock, isoDate } from '../../../platform/time/index.ts';
import { isValidBsn } from '../people/model.ts';
import { SeedRefusedError, businessesFor, seedNation, type NationProgress, type NationSummary } from './nation.ts';
import { seededDataFingerprint, tableCounts } from './store.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const clock = fixedClock('2026-11-29T10:00:00Z');
const today = isoDate(2026, 11, 29);
const PERSONS = 20_000;
const CHUNK = 5_000;
const SEED = 7;

async function freshDatabase(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  await prepareDatabase(database, testConfig(), clock);
  return database;
}

async function count(database: TestDatabase, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}

const opened: TestDatabase[] = [];
let full: TestDatabase;
let summary: NationSummary;
const progress: NationProgress[] = [];

beforeAll(async () => {
  full = await freshDatabase('nation');
  opened.push(full);
  summary = await seedNation(full, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK, onProgress: (p) => progress.push(p) });
});
afterAll(async () => {
  for (const d of opened) await d.cleanup();
});

describe(`nation seed at ${PERSONS} persons (${testDialect()})`, () => {
  it('writes all chunks and reports progress after each', async () => {
    expect(summary).toMatchObject({ persons: PERSONS, chunks: 4, chunksBefore: 0, chunksWritten: 4, complete: true });
    expect(progress.map((p) => p.persons)).toEqual([0, 5_000, 10_000, 15_000, 20_000]);
    expect(progress.at(-1)?.rows).toBe(Object.values(summary.rows).reduce((a, b) => a + b, 0));
    const counts = await tableCounts(full.db);
    expect(counts.person).toBe(PERSONS);
    expect(counts).toMatchObject({
      person: summary.rows.person,
      business: summary.rows.business,
      business_functionary: summary.rows.business_functionary,
    });
  });

  it('has the proportions of the country', async () => {
    const adultBorn = addYears(today, -18);
    const minors = await count(full, sql`select count(*) as n from person where birth_date > ${adultBorn}`);
    expect(minors / PERSONS).toBeGreaterThan(0.17);
    expect(minors / PERSONS).toBeLessThan(0.23);
    const elderly = await count(full, sql`select count(*) as n from person where birth_date <= ${addYears(today, -65)}`);
    expect(elderly / PERSONS).toBeGreaterThan(0.15);
    expect(elderly / PERSONS).toBeLessThan(0.25);

    const businesses = await count(full, sql`select count(*) as n from business`);
    expect(businesses).toBe(businessesFor(PERSONS));
    expect(businesses / PERSONS).toBeCloseTo(1.5 / 17.5, 3);
    const functionaries = await count(full, sql`select count(*) as n from business_functionary`);
    expect(functionaries / businesses).toBeGreaterThan(1.7);
    expect(functionaries / businesses).toBeLessThan(2.3);

    const forms = (
      await sql<{
        legal_form: string;
        n: number | string;
      }>`select legal_form, count(*) as n from business group by legal_form order by count(*) desc`.execute(full.db)
    ).rows;
    expect(forms[0]?.legal_form).toBe('eenmanszaak');
    expect(Number(forms[0]?.n) / businesses).toBeGreaterThan(0.55);
    expect(forms[1]?.legal_form).toBe('bv');

    // Court registrations: about 100,000 in 17.5 million.
    const court = await count(full, sql`select count(*) as n from court_registration`);
    expect(court).toBeGreaterThan((PERSONS * 60_000) / 17_500_000);
    expect(court).toBeLessThan((PERSONS * 160_000) / 17_500_000);
  });

  it('gives every minor one or two holders of authority, and every relation points at existing rows', async () => {
    const adultBorn = addYears(today, -18);
    const unrepresented = await count(
      full,
      sql`
      select count(*) as n from person p where p.birth_date > ${adultBorn}
      and (select count(*) from person_authority a where a.child_bsn = p.bsn) not between 1 and 2`,
    );
    expect(unrepresented).toBe(0);
    const deceasedHolders = await count(
      full,
      sql`select count(*) as n from person_authority a join person h on h.bsn = a.holder_bsn where h.death_date is not null`,
    );
    expect(deceasedHolders).toBe(0);
    const deceasedRepresentatives = await count(
      full,
      sql`select count(*) as n from court_registration c join person r on r.bsn = c.representative_bsn where r.death_date is not null`,
    );
    expect(deceasedRepresentatives).toBe(0);
    // BW 1:246: no holder of parental authority is under curatele.
    const curandusHolders = await count(
      full,
      sql`select count(*) as n from person_authority a join court_registration c on c.person_bsn = a.holder_bsn where c.kind = 'curatele'`,
    );
    expect(curandusHolders).toBe(0);
    const dangling = await count(
      full,
      sql`
      select count(*) as n from business_functionary f left join person p on p.bsn = f.person_bsn left join business b on b.kvk_number = f.kvk_number
      where p.bsn is null or b.kvk_number is null`,
    );
    expect(dangling).toBe(0);
    const noMunicipality = await count(
      full,
      sql`select count(*) as n from person p left join organisation o on o.code = p.municipality_code where o.code is null`,
    );
    expect(noMunicipality).toBe(0);
    const bsns = (await sql<{ bsn: string }>`select bsn from person`.execute(full.db)).rows;
    expect(bsns.filter((r) => !isValidBsn(r.bsn))).toEqual([]);
  });

  it('spreads people over the municipalities roughly by population', async () => {
    const spread = (
      await sql<{ municipality_code: string; n: number | string }>`
      select municipality_code, count(*) as n from person group by municipality_code order by count(*) desc`.execute(full.db)
    ).rows;
    expect(spread.length).toBeGreaterThan(250);
    expect(spread[0]?.municipality_code).toBe('GM0363');
    // Amsterdam holds about 5 % of the country.
    expect(Number(spread[0]?.n) / PERSONS).toBeGreaterThan(0.035);
    expect(Number(spread[0]?.n) / PERSONS).toBeLessThan(0.07);
  });

  it('resumes after an interruption and ends with exactly the rows of an uninterrupted run', async () => {
    const resumed = await freshDatabase('nationresume');
    opened.push(resumed);
    const first = await seedNation(resumed, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK, maxChunks: 1 });
    expect(first).toMatchObject({ chunksBefore: 0, chunksWritten: 1, complete: false, persons: CHUNK });
    // Stopped between two chunks by a signal (e.g. Ctrl-C), on another day: the reference date is kept.
    const controller = new AbortController();
    const second = await seedNation(resumed, {
      persons: PERSONS,
      seed: SEED,
      clock: fixedClock('2027-03-01T08:00:00Z'),
      chunkSize: CHUNK,
      onProgress: (p) => {
        if (p.chunk === 2) controller.abort();
      },
      signal: controller.signal,
    });
    expect(second).toMatchObject({ chunksBefore: 1, chunksWritten: 1, complete: false, persons: 2 * CHUNK });
    const third = await seedNation(resumed, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK });
    expect(third).toMatchObject({ chunksBefore: 2, chunksWritten: 2, complete: true, persons: PERSONS });
    expect(await seededDataFingerprint(resumed.db)).toBe(await seededDataFingerprint(full.db));

    // A complete seed run again adds nothing.
    const again = await seedNation(resumed, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK });
    expect(again).toMatchObject({ chunksWritten: 0, complete: true });
    expect(await count(resumed, sql`select count(*) as n from audit_log where action = 'registry.seeded'`)).toBe(3);
  });

  it('grows a complete smaller run to a larger size, as if run at that size', async () => {
    const grown = await freshDatabase('nationgrow');
    opened.push(grown);
    await seedNation(grown, { persons: 2 * CHUNK, seed: SEED, clock, chunkSize: CHUNK });
    const r = await seedNation(grown, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK });
    expect(r).toMatchObject({ chunksBefore: 2, chunksWritten: 2, complete: true });
    expect(await seededDataFingerprint(grown.db)).toBe(await seededDataFingerprint(full.db));
  });

  it('refuses to continue another seed, a different chunk size or a smaller size, and changes nothing', async () => {
    const other = await freshDatabase('nationrefuse');
    opened.push(other);
    await seedNation(other, { persons: PERSONS, seed: SEED, clock, chunkSize: CHUNK, maxChunks: 1 });
    const before = await seededDataFingerprint(other.db);
    await expect(seedNation(other, { persons: PERSONS, seed: SEED + 1, clock, chunkSize: CHUNK })).rejects.toThrow(SeedRefusedError);
    await expect(seedNation(other, { persons: PERSONS, seed: SEED + 1, clock, chunkSize: CHUNK })).rejects.toThrow(/ander startgetal/);
    await expect(seedNation(other, { persons: PERSONS, seed: SEED, clock, chunkSize: 3_000 })).rejects.toThrow(SeedRefusedError);
    await expect(seedNation(other, { persons: 1_000, seed: SEED, clock, chunkSize: CHUNK })).rejects.toThrow(/meer dan de gevraagde/);
    expect(await seededDataFingerprint(other.db)).toBe(before);
  });

  it('rejects impossible sizes', async () => {
    await expect(seedNation(full, { persons: 0, seed: SEED })).rejects.toThrow(RangeError);
    await expect(seedNation(full, { persons: 1.5, seed: SEED })).rejects.toThrow(RangeError);
    await expect(seedNation(full, { persons: 10, seed: -1 })).rejects.toThrow(RangeError);
  });
});
