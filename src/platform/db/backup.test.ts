// Backup and restore: a full round trip through the real app's schema, refusals that change
// nothing, the append-only audit log after a restore, and SQLite → PostgreSQL → SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, prepareDatabase } from '../../app.ts';
import { recordAudit, systemActor } from '../audit/index.ts';
import { EventBus } from '../events/index.ts';
import { newId } from '../ids/index.ts';
import { createSearchIndex } from '../search/index.ts';
import { testConfig } from '../testing/app.ts';
import { createTestDatabase, testDialect, type TestDialect } from '../testing/db.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { inTransaction, makeAppendOnly, runMigrations, sql, writeJson, type Database, type MigrationSet } from './index.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** Column types the app does not use yet, and foreign-key order against the alphabet. */
const probeMigrations: MigrationSet = {
  '9999-12-31-000-backup-test-probe': async (db, t) => {
    await db.schema
      .createTable('zz_probe_parent')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('flag', t.bool)
      .addColumn('n', 'integer')
      .addColumn('big', t.bigint)
      .addColumn('ratio', t.dialect === 'postgres' ? 'double precision' : 'real')
      .addColumn('day', t.date)
      .addColumn('at', t.timestamp)
      .addColumn('doc', t.json)
      .addColumn('note', 'text')
      .addColumn('raw', t.dialect === 'postgres' ? 'bytea' : 'blob')
      .execute();
    // Sorts before its parent: only the foreign-key order restores it.
    await db.schema
      .createTable('aa_probe_child')
      .addColumn('parent_id', t.uuid, (c) => c.notNull().references('zz_probe_parent.id'))
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('aa_probe_child_pk', ['parent_id', 'n'])
      .execute();
    // No primary key: paged by rowid (SQLite) or ctid (PostgreSQL); duplicates allowed.
    await db.schema.createTable('mm_probe_nokey').addColumn('v', 'text').execute();
    // A second append-only table besides the audit log.
    await db.schema
      .createTable('zz_probe_log')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('entry', 'text', (c) => c.notNull())
      .execute();
    await makeAppendOnly(db, t.dialect, 'zz_probe_log');
  },
};

const allMigrations = [...migrations, probeMigrations];

type ProbeTables = {
  zz_probe_parent: {
    id: string;
    flag: boolean | null;
    n: number | null;
    big: number | null;
    ratio: number | null;
    day: string | null;
    at: string | null;
    doc: string | null;
    note: string | null;
    raw: Buffer | null;
  };
  aa_probe_child: { parent_id: string; n: number; label: string };
  mm_probe_nokey: { v: string | null };
  zz_probe_log: { id: number; entry: string };
};

const jsonColumns: Record<string, readonly string[]> = { audit_log: ['details'], event_outbox: ['payload'], zz_probe_parent: ['doc'] };

/** A database with the schema of this Loket plus the probe tables, and its reference data. */
async function preparedDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  // createTestDatabase reads LOKET_TEST_DB before its first await.
  const saved = process.env['LOKET_TEST_DB'];
  process.env['LOKET_TEST_DB'] = dialect;
  const pending = createTestDatabase('backup');
  if (saved === undefined) delete process.env['LOKET_TEST_DB'];
  else process.env['LOKET_TEST_DB'] = saved;
  const database = await pending;
  await prepareDatabase(database, testConfig());
  await runMigrations(database.db, database.dialect, allMigrations);
  return database;
}

const official = { type: 'official' as const, id: 'ambtenaar-7', organisationId: 'gm0363' };

/** Fills the database through the platform's own writers, plus rows of every probe type. */
/** The catalog's search index (its tables come with the app's migrations). */
const searchIndex = createSearchIndex('catalog', { migrationName: 'unused' });

async function fill(database: Database): Promise<void> {
  await inTransaction(database.db, (trx) =>
    searchIndex.upsert(trx, [
      { id: 'restore-probe', fields: { title: 'Hondenbelasting terugzetten', body: 'proef' }, filters: { organisation: ['GM0344'] } },
    ]),
  );
  const bus = new EventBus();
  bus.subscribe({ name: 'backup-test', types: ['*'], handle: () => Promise.resolve() });
  for (let i = 0; i < 3; i += 1) {
    await inTransaction(database.db, async (trx) => {
      await recordAudit(trx, {
        actor: { ...official, onBehalfOf: { type: 'person', id: `p-${i}`, mandateId: newId() } },
        action: 'delivery.case_decided',
        object: { type: 'case', id: newId() },
        legalBasis: 'Awb 4:13',
        requestId: `req-${i}`,
        details: { zeta: i, alpha: 'ü "quoted" \n next line ☃ 🚀', nested: { list: [1, 2.5, -3, null, true], empty: {} } },
      });
      await bus.emit(
        trx,
        { type: 'case.decided', aggregate: { type: 'case', id: newId() }, payload: { outcome: i % 2 === 0 ? 'granted' : 'refused', n: i } },
        `req-${i}`,
      );
    });
  }
  await inTransaction(database.db, async (trx) => {
    await bus.emit(trx, { type: 'quality.signal_raised', payload: {} });
    await recordAudit(trx, { actor: systemActor, action: 'quality.signal_raised', object: { type: 'signal', id: newId() } });
  });
  const probe = database.db.withTables<ProbeTables>();
  const parents = [
    {
      id: newId(),
      flag: true,
      n: -42,
      big: 9_007_199_254_740_991,
      ratio: 0.1 + 0.2,
      day: '2024-02-29',
      at: '2026-11-29T10:11:12.345Z',
      doc: writeJson({ b: [1, { c: 'x' }], a: 'é' }),
      note: 'it\'s "quoted"\ttab',
      raw: Buffer.from([0, 1, 2, 254, 255]),
    },
    {
      id: newId(),
      flag: false,
      n: 0,
      big: -1,
      ratio: -1.5e-300,
      day: '1999-12-31',
      at: '2026-11-29T10:11:12.123456Z',
      doc: writeJson([]),
      note: '',
      raw: Buffer.alloc(0),
    },
    { id: newId(), flag: null, n: null, big: null, ratio: null, day: null, at: null, doc: null, note: null, raw: null },
  ];
  await probe.insertInto('zz_probe_parent').values(parents).execute();
  const children = parents.flatMap((p) => Array.from({ length: 450 }, (_, n) => ({ parent_id: p.id, n, label: `kind ${n}` })));
  for (let i = 0; i < children.length; i += 300)
    await probe
      .insertInto('aa_probe_child')
      .values(children.slice(i, i + 300))
      .execute();
  const loose = Array.from({ length: 1100 }, (_, i) => ({ v: i % 10 === 0 ? null : `waarde ${i % 250}` }));
  for (let i = 0; i < loose.length; i += 300)
    await probe
      .insertInto('mm_probe_nokey')
      .values(loose.slice(i, i + 300))
      .execute();
  await probe
    .insertInto('zz_probe_log')
    .values([
      { id: 1, entry: 'eerste' },
      { id: 2, entry: 'tweede' },
    ])
    .execute();
}

/** The ordinary tables a backup carries (SQLite: not the FTS5 virtual tables and their shadow tables; restore rebuilds those). */
async function tableNames(database: Database): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  const virtual =
    database.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'`.execute(database.db)).rows.map(
          (r) => r.name,
        )
      : [];
  return tables
    .filter((t) => !t.isView && !t.name.startsWith('loket_migration') && (database.dialect === 'sqlite' || t.schema === 'public'))
    .map((t) => t.name)
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
    .sort();
}

/** Every row of every table, order-independent; on PostgreSQL each row's exact text form. */
async function dump(database: Database, options: { parseJson?: boolean } = {}): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await tableNames(database)) {
    if (database.dialect === 'postgres' && !options.parseJson) {
      const { rows } = await sql<{ r: string }>`SELECT CAST(t AS text) AS r FROM ${sql.table(table)} t`.execute(database.db);
      out[table] = rows.map((r) => r.r).sort();
      continue;
    }
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(database.db);
    out[table] = rows
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            Buffer.isBuffer(v)
              ? `bytes:${v.toString('hex')}`
              : options.parseJson && jsonColumns[table]?.includes(k) && typeof v === 'string'
                ? JSON.parse(v)
                : v,
          ]),
        ),
      )
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort();
  }
  return out;
}

function readBackup(file: string): unknown[] {
  return zlib
    .gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

function writeBackup(file: string, lines: readonly unknown[]): void {
  fs.writeFileSync(file, zlib.gzipSync(lines.map((l) => `${JSON.stringify(l)}\n`).join('')));
}

/** UPDATE and DELETE are refused on the append-only tables (checked where they hold rows). */
async function expectAppendOnly(database: Database): Promise<void> {
  await expect(sql`UPDATE audit_log SET action = 'changed'`.execute(database.db)).rejects.toThrow(/append-only/);
  await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  const log = database.db.withTables<ProbeTables>();
  if (await log.selectFrom('zz_probe_log').select('id').limit(1).executeTakeFirst()) {
    await expect(log.updateTable('zz_probe_log').set({ entry: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(log.deleteFrom('zz_probe_log').execute()).rejects.toThrow(/append-only/);
  }
}

async function maxSeq(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  return row?.m ?? 0;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-backup-'));
const opened: TestDatabase[] = [];
async function track(p: Promise<TestDatabase>): Promise<TestDatabase> {
  const database = await p;
  opened.push(database);
  return database;
}

afterAll(async () => {
  for (const database of opened) await database.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`backup and restore (${testDialect()})`, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let victim: TestDatabase;
  const file = path.join(dir, 'full.loket.gz');

  beforeAll(async () => {
    [source, target, victim] = await Promise.all([track(preparedDatabase()), track(preparedDatabase()), track(preparedDatabase())]);
    await fill(source);
  });

  it('restores every table row for row into a freshly prepared database', async () => {
    const expected = await dump(source);
    const result = await backupDatabase(source, file);
    const tables = Object.keys(expected);
    expect(result).toEqual({ tables: tables.length, rows: Object.values(expected).reduce((n, rows) => n + rows.length, 0) });
    for (const table of [
      'audit_log',
      'event_outbox',
      'event_delivery',
      'organisation',
      'zz_probe_parent',
      'aa_probe_child',
      'mm_probe_nokey',
      'zz_probe_log',
    ]) {
      expect(expected[table]?.length, table).toBeGreaterThan(0);
    }

    // The target already holds prepareDatabase's reference data and audit records: replaced.
    const before = await dump(target);
    expect(before['organisation']?.length).toBeGreaterThan(0);
    expect(await restoreDatabase(target, file)).toEqual(result);
    expect(await dump(target)).toEqual(expected);
  });

  it('rebuilds the full-text index after a restore: the restored documents are found again', async () => {
    const hits = await searchIndex.search(target.db, 'hondenbelasting', { filters: { organisation: 'GM0344' } });
    expect(hits.hits.map((h) => h.id)).toEqual(['restore-probe']);
  });

  it('writes one gzip file: header, tables parents first with their rows, end line; owner-only', async () => {
    const lines = readBackup(file);
    const header = lines[0] as Record<string, unknown>;
    expect(header).toMatchObject({ format: 'loket-backup', version: 1, dialect: testDialect() });
    expect(new Date(String(header['createdAt'])).toISOString()).toBe(header['createdAt']);
    const applied = await sql<{ name: string }>`SELECT name FROM loket_migration ORDER BY name`.execute(source.db);
    expect(header['migrations']).toEqual(applied.rows.map((r) => r.name));
    expect(header['migrations']).toContain('9999-12-31-000-backup-test-probe');

    const tableLines = lines.filter(
      (l): l is { table: string; columns: string[]; rows: number } => typeof l === 'object' && l !== null && 'table' in l,
    );
    const order = tableLines.map((l) => l.table);
    expect([...order].sort()).toEqual(await tableNames(source));
    expect(order).not.toContain('loket_migration');
    expect(order.indexOf('zz_probe_parent')).toBeLessThan(order.indexOf('aa_probe_child'));
    expect(order.indexOf('event_outbox')).toBeLessThan(order.indexOf('event_delivery'));
    const audit = tableLines.find((l) => l.table === 'audit_log');
    expect(audit?.columns).toEqual(expect.arrayContaining(['seq', 'id', 'details', 'occurred_at']));
    expect(lines.at(-1)).toEqual({ end: true, tables: order.length, rows: lines.filter(Array.isArray).length });

    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the audit log append-only after a restore, and new records continue the sequence', async () => {
    await expectAppendOnly(target);
    const restoredMax = await maxSeq(target);
    expect(restoredMax).toBe(await maxSeq(source));
    // The sequence (PostgreSQL) or AUTOINCREMENT counter (SQLite) follows the restored rows.
    const id = await inTransaction(target.db, (trx) =>
      recordAudit(trx, { actor: systemActor, action: 'test.after_restore', object: { type: 'test', id: '1' } }),
    );
    const row = await target.db.selectFrom('audit_log').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.seq).toBe(restoredMax + 1);
  });

  it('refuses a database in which someone has already entered data, and changes nothing', async () => {
    // `target` now holds the restored data, with officials' audit records.
    const before = await dump(target);
    await expect(restoreDatabase(target, file)).rejects.toThrow(/niet leeg.*handelingen in het auditlogboek.*niets gewijzigd/);
    expect(await dump(target)).toEqual(before);
  });

  it('refuses a database whose other append-only tables hold rows, and changes nothing', async () => {
    const used = await track(preparedDatabase());
    await used.db.withTables<ProbeTables>().insertInto('zz_probe_log').values({ id: 7, entry: 'al gelogd' }).execute();
    const before = await dump(used);
    await expect(restoreDatabase(used, file)).rejects.toThrow(/niet leeg: tabel zz_probe_log bevat al gegevens.*niets gewijzigd/);
    expect(await dump(used)).toEqual(before);
    await expectAppendOnly(used);
  });

  describe('refusals leave the target unchanged', () => {
    let before: Record<string, unknown[]>;
    let lines: unknown[];
    beforeAll(async () => {
      before = await dump(victim);
      lines = readBackup(file);
    });
    const refuse = async (name: string, bytes: Buffer | readonly unknown[], message: RegExp): Promise<void> => {
      const f = path.join(dir, name);
      if (Buffer.isBuffer(bytes)) fs.writeFileSync(f, bytes);
      else writeBackup(f, bytes);
      await expect(restoreDatabase(victim, f)).rejects.toThrow(message);
      expect(await dump(victim)).toEqual(before);
      await expectAppendOnly(victim);
    };

    it('a file that is not gzip', () =>
      refuse('plain.txt', Buffer.from('{"format":"loket-backup"}\n'), /beschadigd of geen reservekopie.*niets gewijzigd/));
    it('a missing file', () => expect(restoreDatabase(victim, path.join(dir, 'nope.gz'))).rejects.toThrow(/kan niet worden gelezen/));
    it('an empty file', () => refuse('empty.gz', zlib.gzipSync(''), /is leeg/));
    it('a wrong header', () =>
      refuse(
        'header.gz',
        [{ format: 'other-backup', version: 1 }, ...lines.slice(1)],
        /geen reservekopie van Loket: de eerste regel klopt niet/,
      ));
    it('a later format version', () => refuse('version.gz', [{ ...(lines[0] as object), version: 2 }, ...lines.slice(1)], /versie 2/));
    it('other migrations', async () => {
      const header = lines[0] as { migrations: string[] };
      const other = [...header.migrations.filter((m) => !m.includes('registry')), '9999-12-31-001-newer'];
      await refuse(
        'migrations.gz',
        [{ ...header, migrations: other }, ...lines.slice(1)],
        /migraties verschillen.*Alleen in de reservekopie: 9999-12-31-001-newer.*Alleen in de database: .*registry/,
      );
    });
    it('a corrupt gzip stream', async () => {
      const bytes = fs.readFileSync(file);
      for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 64; i += 1) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      await refuse('corrupt.gz', bytes, /Terugzetten (geweigerd|mislukt)/);
    });
    it('a truncated file (gzip cut off)', () =>
      refuse('cut.gz', fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.8)), /beschadigd/));
    it('a file without its end line', () => refuse('noend.gz', lines.slice(0, -1), /eindregel ontbreekt/));
    /** The index of the last row of aa_probe_child (restored after most other tables). */
    const lastChildRow = (): number => {
      const start = lines.findIndex((l) => typeof l === 'object' && l !== null && (l as { table?: unknown }).table === 'aa_probe_child');
      let i = start + 1;
      while (Array.isArray(lines[i + 1])) i += 1;
      expect(Array.isArray(lines[i])).toBe(true);
      return i;
    };
    it('a table with fewer rows than announced', async () => {
      const drop = lastChildRow();
      await refuse(
        'fewer.gz',
        lines.filter((_, i) => i !== drop),
        /onvolledig: tabel aa_probe_child heeft 1349 van de 1350 rijen/,
      );
    });
    it('a row the database rejects halfway (after the tables were emptied)', async () => {
      const bad = lastChildRow();
      const broken = lines.map((l, i) => (i === bad && Array.isArray(l) ? l.map(() => null) : l)); // NOT NULL columns
      await refuse('rejected.gz', broken, /Terugzetten mislukt; er is niets gewijzigd/);
    });
    it('a child table before its parent', async () => {
      const header = lines[0];
      const rest = lines.slice(1, -1);
      const blocks: unknown[][] = [];
      for (const l of rest) {
        if (Array.isArray(l)) blocks.at(-1)?.push(l);
        else blocks.push([l]);
      }
      const childFirst = [...blocks].sort((a, b) =>
        (a[0] as { table: string }).table === 'aa_probe_child' ? -1 : (b[0] as { table: string }).table === 'aa_probe_child' ? 1 : 0,
      );
      await refuse('order.gz', [header, ...childFirst.flat(), lines.at(-1)], /vóór tabel zz_probe_parent/);
    });
  });
});

describe.skipIf(!process.env['LOKET_TEST_PG_URL'])('backup across dialects', () => {
  it('SQLite → PostgreSQL → SQLite gives identical rows', async () => {
    const [sqliteSource, postgres, sqliteTarget] = await Promise.all([
      track(preparedDatabase('sqlite')),
      track(preparedDatabase('postgres')),
      track(preparedDatabase('sqlite')),
    ]);
    await fill(sqliteSource);
    const first = path.join(dir, 'from-sqlite.gz');
    const second = path.join(dir, 'from-postgres.gz');
    const written = await backupDatabase(sqliteSource, first);
    expect(await restoreDatabase(postgres, first)).toEqual(written);
    expect(await backupDatabase(postgres, second)).toEqual(written);
    expect(await restoreDatabase(sqliteTarget, second)).toEqual(written);

    // Every value identical; JSON equal as JSON (jsonb orders an object's keys its own way).
    expect(await dump(sqliteTarget, { parseJson: true })).toEqual(await dump(sqliteSource, { parseJson: true }));
    const exact = await dump(sqliteTarget);
    const original = await dump(sqliteSource);
    for (const table of Object.keys(original)) if (!jsonColumns[table]) expect(exact[table], table).toEqual(original[table]);

    // In PostgreSQL the values have their proper types.
    const probe = await sql<{
      flag: boolean | null;
      day: string | null;
      at: string | null;
      big: number | null;
      raw: Buffer | null;
      doc: string | null;
    }>`
      SELECT flag, day, at::text AS at, big, raw, doc FROM zz_probe_parent ORDER BY n NULLS LAST`.execute(postgres.db);
    expect(probe.rows.map((r) => r.flag)).toEqual([true, false, null]);
    expect(probe.rows.map((r) => r.day)).toEqual(['2024-02-29', '1999-12-31', null]);
    expect(probe.rows[1]?.at).toMatch(/10:11:12\.123456\+00$/);
    expect(probe.rows[0]?.big).toBe(9_007_199_254_740_991);
    expect(probe.rows[0]?.raw).toEqual(Buffer.from([0, 1, 2, 254, 255]));
    expect(JSON.parse(probe.rows[0]?.doc ?? 'null')).toEqual({ b: [1, { c: 'x' }], a: 'é' });
    await expectAppendOnly(postgres);
    const id = await inTransaction(postgres.db, (trx) =>
      recordAudit(trx, { actor: systemActor, action: 'test.after_restore', object: { type: 'test', id: '1' } }),
    );
    const row = await postgres.db.selectFrom('audit_log').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.seq).toBe((await maxSeq(sqliteSource)) + 1);
  });
});
