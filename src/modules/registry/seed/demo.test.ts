// The demo seed on the test dialect: the promised cases are in the tables, the rows are consistent,
// the run is idempotent-safe and audited once, and two runs give identical data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import { roles } from '../../../platform/auth/model.ts';
import { sql } from '../../../platform/db/index.ts';
import { isUuid } from '../../../platform/ids/index.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase, testDialect } from '../../../platform/testing/db.ts';
import { addDays, addYears, fixedClock, isoDate, type IsoDate } from '../../../platform/time/index.ts';
import { courtRegistrationKinds, isValidBranchNumber, isValidBsn, isValidKvkNumber, legalForms } from '../people/model.ts';
import { DEMO_PERSONS, demoBsn, demoIdentities, demoMunicipalities, seedDemo, type SeedSummary } from './demo.ts';
import { businessIdentity, officialIdentity, personIdentity } from '../identity/service.ts';
import { EventBus } from '../../../platform/events/index.ts';
import { ProcessingLog } from '../../../platform/processing-log/index.ts';
import { seededDataFingerprint } from './store.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const clock = fixedClock('2026-11-29T10:00:00Z');
const today = isoDate(2026, 11, 29);
const adultBorn = addYears(today, -18);

async function freshDatabase(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  await prepareDatabase(database, testConfig(), clock);
  return database;
}

async function rows<T>(database: TestDatabase, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(database.db)).rows;
}

async function count(database: TestDatabase, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}

let database: TestDatabase;
let summary: SeedSummary;

beforeAll(async () => {
  database = await freshDatabase('seeddemo');
  summary = await seedDemo(database, clock);
});
afterAll(() => database.cleanup());

describe(`demo seed (${testDialect()})`, () => {
  it('fills the registers and reports what it wrote', async () => {
    if (summary.skipped) throw new Error('the first demo seed was skipped');
    expect(summary.rows.person).toBeGreaterThanOrEqual(DEMO_PERSONS);
    expect(summary.rows.business).toBeGreaterThan(200);
    const persons = await count(database, sql`select count(*) as n from person`);
    expect(persons).toBe(summary.rows.person);
    expect(summary.total).toBe(Object.values(summary.rows).reduce((a, b) => a + b, 0));
  });

  it('gives every person a valid BSN and every business a valid KVK and branch number', async () => {
    const bsns = await rows(database, sql<{ bsn: string }>`select bsn from person`);
    expect(bsns.filter((r) => !isValidBsn(r.bsn))).toEqual([]);
    const kvks = await rows(database, sql<{ kvk_number: string }>`select kvk_number from business`);
    expect(kvks.filter((r) => !isValidKvkNumber(r.kvk_number))).toEqual([]);
    const branches = await rows(database, sql<{ branch_number: string }>`select branch_number from business_branch`);
    expect(branches.filter((r) => !isValidBranchNumber(r.branch_number))).toEqual([]);
  });

  it('houses people at real-looking addresses in the demo municipalities, which exist as organisations', async () => {
    const orphans = await count(
      database,
      sql`select count(*) as n from person p left join organisation o on o.code = p.municipality_code where o.code is null`,
    );
    expect(orphans).toBe(0);
    const addresses = await rows(
      database,
      sql<{
        postcode: string;
        house_number: number;
        street: string;
        municipality_code: string;
      }>`select postcode, house_number, street, municipality_code from person`,
    );
    for (const a of addresses) {
      expect(a.postcode).toMatch(/^[1-9]\d{3}[A-Z]{2}$/);
      expect(a.postcode).not.toMatch(/(SA|SD|SS)$/);
      expect(a.house_number).toBeGreaterThan(0);
      expect(a.street.length).toBeGreaterThan(3);
    }
    expect(new Set(addresses.map((a) => a.municipality_code))).toEqual(new Set(demoMunicipalities));
    const businesses = await count(
      database,
      sql`select count(*) as n from business b left join organisation o on o.code = b.municipality_code where o.code is null`,
    );
    expect(businesses).toBe(0);
  });

  it('has Dutch names with prefixes, and names of other origins', async () => {
    const prefixes = await rows(
      database,
      sql<{ surname_prefix: string }>`select distinct surname_prefix from person where surname_prefix is not null`,
    );
    expect(prefixes.map((r) => r.surname_prefix)).toEqual(expect.arrayContaining(['de', 'van', 'van der', 'van den']));
    const names = (await rows(database, sql<{ surname: string }>`select surname from person`)).map((r) => r.surname);
    expect(names.some((n) => /[ıışŞçÇöÖüÜ]/.test(n))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['Yılmaz', 'El Amrani']));
  });

  it('gives every minor one or two holders of parental authority in force today', async () => {
    const minors = await rows(
      database,
      sql<{ bsn: string; holders: number | string }>`
        select p.bsn, (select count(*) from person_authority a
                        where a.child_bsn = p.bsn and a.valid_from <= ${today} and (a.valid_to is null or a.valid_to > ${today})) as holders
        from person p where p.birth_date > ${adultBorn} and p.death_date is null`,
    );
    expect(minors.length).toBeGreaterThan(DEMO_PERSONS * 0.12);
    expect(minors.filter((m) => Number(m.holders) < 1 || Number(m.holders) > 2)).toEqual([]);
    // Holders are adults.
    const minorHolders = await count(
      database,
      sql`select count(*) as n from person_authority a join person h on h.bsn = a.holder_bsn where h.birth_date > ${adultBorn}`,
    );
    expect(minorHolders).toBe(0);
    const deceasedHolders = await count(
      database,
      sql`select count(*) as n from person_authority a join person h on h.bsn = a.holder_bsn where h.death_date is not null`,
    );
    expect(deceasedHolders).toBe(0);
    // The parent of the demo holds authority over two minors.
    const kids = await rows(
      database,
      sql<{ child_bsn: string }>`select child_bsn from person_authority where holder_bsn = ${demoBsn.mohamed} order by child_bsn`,
    );
    expect(kids.map((k) => k.child_bsn)).toEqual([demoBsn.yasmina, demoBsn.adam].sort());
    const guardian = await rows(database, sql<{ kind: string }>`select kind from person_authority where child_bsn = ${demoBsn.noah}`);
    expect(guardian).toEqual([{ kind: 'guardian' }]);
  });

  it('has someone who turns 18 within a month, whose authority ends on the birthday', async () => {
    const soon = addDays(adultBorn, 30);
    const turning = await rows(
      database,
      sql<{
        bsn: string;
        birth_date: string;
      }>`select bsn, birth_date from person where birth_date > ${adultBorn} and birth_date <= ${soon}`,
    );
    expect(turning.map((t) => t.bsn)).toContain(demoBsn.lotte);
    const lotte = turning.find((t) => t.bsn === demoBsn.lotte);
    const ends = await rows(database, sql<{ valid_to: string }>`select valid_to from person_authority where child_bsn = ${demoBsn.lotte}`);
    expect(ends).toHaveLength(2);
    expect(ends.every((e) => e.valid_to === addYears(lotte?.birth_date as IsoDate, 18))).toBe(true);
    expect(ends[0]?.valid_to).toBe(addDays(today, 10));
  });

  it('has each kind of court registration, the hand-made ones included, with adult representatives', async () => {
    const kinds = await rows(database, sql<{ kind: string }>`select distinct kind from court_registration`);
    expect(kinds.map((k) => k.kind).sort()).toEqual([...courtRegistrationKinds].sort());
    const handMade = await rows(
      database,
      sql<{ person_bsn: string; representative_bsn: string; kind: string }>`
      select person_bsn, representative_bsn, kind from court_registration where person_bsn in (${demoBsn.pieter}, ${demoBsn.kees}, ${demoBsn.maria}) order by kind`,
    );
    expect(handMade).toEqual([
      { person_bsn: demoBsn.kees, representative_bsn: demoBsn.anna, kind: 'beschermingsbewind' },
      { person_bsn: demoBsn.pieter, representative_bsn: demoBsn.anna, kind: 'curatele' },
      { person_bsn: demoBsn.maria, representative_bsn: demoBsn.ingrid, kind: 'mentorschap' },
    ]);
    const self = await count(database, sql`select count(*) as n from court_registration where person_bsn = representative_bsn`);
    expect(self).toBe(0);
    const ids = await rows(database, sql<{ id: string }>`select id from court_registration`);
    expect(ids.filter((r) => !isUuid(r.id))).toEqual([]);
    const minorsInvolved = await count(
      database,
      sql`
      select count(*) as n from court_registration c join person p on p.bsn in (c.person_bsn, c.representative_bsn) where p.birth_date > ${adultBorn}`,
    );
    expect(minorsInvolved).toBe(0);
  });

  it('has a deceased person', async () => {
    const dead = await rows(
      database,
      sql<{
        bsn: string;
        death_date: string;
        birth_date: string;
      }>`select bsn, death_date, birth_date from person where death_date is not null`,
    );
    expect(dead.map((d) => d.bsn)).toContain(demoBsn.hendrik);
    for (const d of dead) {
      expect(d.death_date < today).toBe(true);
      expect(d.birth_date < d.death_date).toBe(true);
    }
  });

  it('has businesses of several legal forms, each with a main branch and functionaries who exist', async () => {
    const forms = await rows(
      database,
      sql<{ legal_form: string; n: number | string }>`select legal_form, count(*) as n from business group by legal_form`,
    );
    const byForm = Object.fromEntries(forms.map((f) => [f.legal_form, Number(f.n)]));
    expect(Object.keys(byForm).every((f) => (legalForms as readonly string[]).includes(f))).toBe(true);
    for (const f of ['eenmanszaak', 'bv', 'vof', 'stichting']) expect(byForm[f], f).toBeGreaterThan(0);
    const eenmanszaak = byForm['eenmanszaak'] ?? 0;
    expect(Math.max(...Object.values(byForm))).toBe(eenmanszaak);

    const noMain = await count(
      database,
      sql`select count(*) as n from business b where (select count(*) from business_branch r where r.kvk_number = b.kvk_number and r.is_main = ${database.dialect === 'postgres' ? sql`true` : sql`1`}) <> 1`,
    );
    expect(noMain).toBe(0);
    const orphanFunctionaries = await count(
      database,
      sql`
      select count(*) as n from business_functionary f
      left join person p on p.bsn = f.person_bsn left join business b on b.kvk_number = f.kvk_number
      where p.bsn is null or b.kvk_number is null`,
    );
    expect(orphanFunctionaries).toBe(0);
    const without = await count(
      database,
      sql`select count(*) as n from business b where not exists (select 1 from business_functionary f where f.kvk_number = b.kvk_number)`,
    );
    expect(without).toBe(0);
    const minorFunctionaries = await count(
      database,
      sql`select count(*) as n from business_functionary f join person p on p.bsn = f.person_bsn where p.birth_date > ${adultBorn}`,
    );
    expect(minorFunctionaries).toBe(0);
    // The BV with two directors who must act together.
    const directors = await rows(
      database,
      sql<{ person_bsn: string; authority: string }>`
      select person_bsn, authority from business_functionary where kvk_number = '90000001' and role = 'director' order by person_bsn`,
    );
    expect(directors).toEqual([
      { person_bsn: demoBsn.joost, authority: 'joint' },
      { person_bsn: demoBsn.ayse, authority: 'joint' },
    ]);
  });

  it('has officials of Amsterdam, Utrecht, Groningen, UWV and BZK covering every role', async () => {
    const held = await rows(
      database,
      sql<{
        role: string;
      }>`select distinct r.role from official_role r join official o on o.id = r.official_id where o.active = ${database.dialect === 'postgres' ? sql`true` : sql`1`}`,
    );
    expect(held.map((r) => r.role).sort()).toEqual([...roles].sort());
    const organisations = await rows(database, sql<{ organisation_code: string }>`select distinct organisation_code from official`);
    expect(organisations.map((o) => o.organisation_code).sort()).toEqual(['GM0014', 'GM0344', 'GM0363', 'MIN-BZK', 'UWV']);
    const ids = await rows(database, sql<{ id: string }>`select id from official`);
    expect(ids.filter((r) => !isUuid(r.id))).toEqual([]);
  });

  it('offers demo identities that exist in the registers, with one official per role', async () => {
    const keys = demoIdentities.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of demoIdentities) {
      expect(d.label.nl && d.label.en && d.description.nl && d.description.en, d.key).toBeTruthy();
      if (d.kind === 'person') {
        expect(d.bsn && isValidBsn(d.bsn), d.key).toBe(true);
        expect(await count(database, sql`select count(*) as n from person where bsn = ${d.bsn ?? ''} and death_date is null`), d.key).toBe(
          1,
        );
      } else if (d.kind === 'business') {
        const f = await rows(
          database,
          sql<{
            role: string;
          }>`select role from business_functionary where kvk_number = ${d.kvkNumber ?? ''} and person_bsn = ${d.actingBsn ?? ''}`,
        );
        expect(f.length, d.key).toBe(1);
      } else {
        expect(d.officialId && isUuid(d.officialId), d.key).toBe(true);
      }
    }
    const officialRoles = await rows(
      database,
      sql<{
        role: string;
      }>`select r.role from official_role r where r.official_id in (${sql.join(demoIdentities.flatMap((d) => (d.officialId ? [d.officialId] : [])))})`,
    );
    expect([...new Set(officialRoles.map((r) => r.role))].sort()).toEqual([...roles].sort());
    expect(demoIdentities.find((d) => d.key === 'bv-director')?.kvkNumber).toBe('90000001');
  });

  it('lets every demo identity log in through the identity service', async () => {
    const config = testConfig();
    const ctx = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(config.secret ?? 'test-secret') };
    for (const d of demoIdentities) {
      const result =
        d.kind === 'person'
          ? await personIdentity(ctx, d.bsn ?? '', 'substantial')
          : d.kind === 'business'
            ? await businessIdentity(ctx, d.kvkNumber ?? '', d.actingBsn ?? '', 'substantial')
            : await officialIdentity(ctx, d.officialId ?? '', 'substantial');
      expect(result.ok, d.key).toBe(true);
    }
  });

  it('writes one audit record for the run, and refuses a second run without changing anything', async () => {
    const audits = await rows(database, sql<{ details: string }>`select details from audit_log where action = 'registry.seeded'`);
    expect(audits).toHaveLength(1);
    const details = JSON.parse(audits[0]?.details ?? '{}') as { scale: string; rows: Record<string, number> };
    expect(details.scale).toBe('demo');
    if (!summary.skipped) expect(details.rows).toEqual(summary.rows);

    const before = await seededDataFingerprint(database.db);
    expect(await seedDemo(database, clock)).toEqual({ skipped: true });
    expect(await seededDataFingerprint(database.db)).toBe(before);
    expect(await count(database, sql`select count(*) as n from audit_log where action = 'registry.seeded'`)).toBe(1);
  });

  it('is deterministic: a second fresh database gets identical rows', async () => {
    const other = await freshDatabase('seeddemo2');
    try {
      await seedDemo(other, clock);
      expect(await seededDataFingerprint(other.db)).toBe(await seededDataFingerprint(database.db));
    } finally {
      await other.cleanup();
    }
  });
});
