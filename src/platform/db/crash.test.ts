// Durability: a writer process is killed with SIGKILL at random moments, several times over;
// every write it acknowledged (printed after COMMIT) must still be there, with its audit record,
// and no probe row may exist without its audit record or the other way round.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, testDialect, type TestDatabaseTarget } from '../testing/db.ts';
import type { CrashProbeTables } from './crash-writer.ts';
import { openDatabase, sql, type DatabaseTarget } from './index.ts';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rounds = 5;

interface Round {
  acknowledged: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the writer, waits for its first acknowledged write, then kills it 50–400 ms later. */
function killedRound(target: DatabaseTarget): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, JSON.stringify(target)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let armed = false;
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash-writer wrote nothing within 10 s; stderr: ${stderr}`));
    }, 10_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!armed && stdout.includes('\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.floor(Math.random() * 350));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(giveUp);
      // Only complete lines count: a line cut off by the kill was not (fully) acknowledged.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolve({ acknowledged: complete.split('\n').filter(Boolean).map(Number), signal, stderr });
    });
  });
}

describe(`acknowledged writes survive SIGKILL (${testDialect()})`, () => {
  let t: TestDatabaseTarget;
  beforeAll(async () => {
    t = await createTestDatabaseTarget('crash');
  });
  afterAll(async () => {
    await t.drop();
  });

  it(`keeps every acknowledged write over ${rounds} kills`, { timeout: 60_000 }, async () => {
    const acknowledged: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const round = await killedRound(t.target);
      expect(round.signal, round.stderr).toBe('SIGKILL');
      expect(round.acknowledged.length, `round ${i} acknowledged nothing`).toBeGreaterThan(0);
      acknowledged.push(...round.acknowledged);
    }
    expect(new Set(acknowledged).size).toBe(acknowledged.length); // an acknowledged id is never reused

    const database = openDatabase(t.target);
    try {
      if (database.dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(database.db);
        expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
      }
      const probes = await database.db.withTables<CrashProbeTables>().selectFrom('crash_probe').select('id').execute();
      const audited = await database.db.selectFrom('audit_log').select('object_id').where('object_type', '=', 'crash_probe').execute();
      const stored = new Set(probes.map((p) => p.id));
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing, 'acknowledged but lost').toEqual([]);
      // Atomic: the probe row and its audit record exist together or not at all.
      expect(audited.map((a) => Number(a.object_id)).sort((a, b) => a - b)).toEqual([...stored].sort((a, b) => a - b));
      // At most the one transaction in flight at each kill committed without being acknowledged.
      expect(stored.size - acknowledged.length).toBeLessThanOrEqual(rounds);
    } finally {
      await database.close();
    }
  });
});
