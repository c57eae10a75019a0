// The `loket seed` command: arguments, progress output on a terminal and in a log, the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../app.ts';
import { testConfig } from '../../../platform/testing/app.ts';
import { createTestDatabase, testDialect } from '../../../platform/testing/db.ts';
import { fixedClock } from '../../../platform/time/index.ts';
import { formatDuration, parseSeedArgs, progressLine, seedCommand, type SeedIo } from './cli.ts';
import { MAX_PERSONS, NATION_PERSONS } from './nation.ts';
import { tableCounts } from './store.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
const clock = fixedClock('2026-11-29T10:00:00Z');

function capture(isTTY: boolean): SeedIo & { stdout: string[]; stderr: string[]; raw: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const raw: string[] = [];
  return { stdout, stderr, raw, isTTY, out: (l) => stdout.push(l), err: (l) => stderr.push(l), write: (t) => raw.push(t) };
}

const opened: TestDatabase[] = [];
async function fresh(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  await prepareDatabase(database, testConfig(), clock);
  opened.push(database);
  return database;
}
afterAll(async () => {
  for (const d of opened) await d.cleanup();
});

describe('parseSeedArgs', () => {
  it('defaults to the demo with seed 42', () => {
    expect(parseSeedArgs([])).toEqual({ ok: true, scale: { kind: 'demo' }, seed: 42, help: false });
  });

  it('reads nation, a number of persons and a seed, in both option forms', () => {
    expect(parseSeedArgs(['--scale', 'nation'])).toMatchObject({ ok: true, scale: { kind: 'persons', persons: NATION_PERSONS } });
    expect(parseSeedArgs(['--scale=500000', '--seed=7'])).toMatchObject({
      ok: true,
      scale: { kind: 'persons', persons: 500_000 },
      seed: 7,
    });
    expect(parseSeedArgs(['--scale', '1_000_000'])).toMatchObject({ ok: true, scale: { persons: 1_000_000 } });
    expect(parseSeedArgs(['--seed', '0', '--scale', 'demo'])).toMatchObject({ ok: true, scale: { kind: 'demo' }, seed: 0 });
  });

  it.each([
    [['--scale'], /heeft een waarde nodig/],
    [['--scale', 'land'], /--scale moet demo, nation of een aantal/],
    [['--scale', '0'], /--scale moet/],
    [['--scale', String(MAX_PERSONS + 1)], /--scale moet/],
    [['--seed', '-3'], /--seed moet een geheel getal/],
    [['--seed', 'abc'], /--seed moet/],
    [['--scale', 'demo', '--scale', 'nation'], /twee keer/],
    [['--fast'], /Onbekende optie: --fast/],
    [['demo'], /Onbekende optie: demo/],
  ])('refuses %j in Dutch', (args, message) => {
    const r = parseSeedArgs(args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('progress', () => {
  it('shows a bar, the percentage, rows per second and the time left', () => {
    const line = progressLine({
      chunk: 5,
      chunks: 10,
      persons: 250_000,
      totalPersons: 500_000,
      rows: 400_000,
      elapsedMs: 4_000,
      startPersons: 0,
    });
    expect(line).toBe(`[${'█'.repeat(12)}${'░'.repeat(12)}]  50,0 %  250.000 / 500.000 personen  100.000 rijen/s  nog 4 s`);
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 u 02 min');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});

describe(`loket seed (${testDialect()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await fresh('seedcli');
  });

  it('exits 2 with the usage on bad arguments, touching nothing', async () => {
    const io = capture(false);
    expect(await seedCommand(['--scale', 'veel'], database, clock, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--scale moet .*\n\nGebruik: loket seed/);
    expect((await tableCounts(database.db)).person).toBe(0);
  });

  it('prints help', async () => {
    const io = capture(false);
    expect(await seedCommand(['--help'], database, clock, io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Gebruik: loket seed/);
  });

  it('seeds N persons with a progress line per 5 % when not on a terminal, then a summary', async () => {
    const io = capture(false);
    expect(await seedCommand(['--scale', '2000', '--seed', '5'], database, clock, io)).toBe(0);
    expect(io.stderr[0]).toBe('Seed van 2.000 personen en 171 bedrijven (startgetal 5).');
    const lines = io.stderr.slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(21);
    expect(lines.at(-1)).toMatch(/100,0 % {2}2\.000 \/ 2\.000 personen .* rijen\/s {2}nog 0 s$/);
    expect(io.raw).toEqual([]);
    expect(io.stdout[0]).toMatch(/^Klaar: 2\.000 personen, .* 171 bedrijven met .* rijen in .* rijen\/s\)\.$/);

    const again = capture(false);
    expect(await seedCommand(['--scale', '2000', '--seed', '5'], database, clock, again)).toBe(0);
    expect(again.stdout).toEqual(['De database bevat al alle 2.000 personen van deze seed: er is niets toegevoegd.']);
  });

  it('refuses another seed on top (exit 1), and the demo on a filled database is skipped (exit 0)', async () => {
    const io = capture(false);
    expect(await seedCommand(['--scale', '2000', '--seed', '6'], database, clock, io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(/^Seed geweigerd: .*ander startgetal/);
    const demo = capture(false);
    expect(await seedCommand([], database, clock, demo)).toBe(0);
    expect(demo.stdout).toEqual(['Er staan al personen in de database: de demogegevens zijn niet (opnieuw) geladen.']);
  });

  it('redraws the bar in place on a terminal', async () => {
    const db = await fresh('seedclitty');
    const io = capture(true);
    expect(await seedCommand(['--scale', '1500'], db, clock, io)).toBe(0);
    expect(io.raw.length).toBeGreaterThanOrEqual(2);
    expect(io.raw.every((t) => t.startsWith('\r'))).toBe(true);
    expect(io.raw.at(-1)).toMatch(/100,0 % .*\n$/);
    expect(io.stderr).toHaveLength(1);
  });

  it('loads the demo on an empty database', async () => {
    const db = await fresh('seedclidemo');
    const io = capture(false);
    expect(await seedCommand(['--scale', 'demo'], db, clock, io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Demogegevens geladen: 3\.024 personen, .* 16 ambtenaren/);
  });
});
