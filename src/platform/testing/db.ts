// A fresh, empty database per test file, on the dialect chosen by LOKET_TEST_DB:
// `sqlite` (default: a temporary file) or `postgres` (a new database on the server at
// LOKET_TEST_PG_URL, dropped afterwards).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseTarget } from '../db/index.ts';

export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(): TestDialect {
  const d = process.env['LOKET_TEST_DB'] ?? 'sqlite';
  if (d !== 'sqlite' && d !== 'postgres') throw new Error(`LOKET_TEST_DB must be sqlite or postgres, not ${d}`);
  return d;
}

function adminUrl(): string {
  const url = process.env['LOKET_TEST_PG_URL'];
  if (!url) throw new Error('LOKET_TEST_DB=postgres needs LOKET_TEST_PG_URL (see scripts/postgres.sh)');
  return url;
}

export interface TestDatabaseTarget {
  target: DatabaseTarget;
  /** Removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

/** Creates an empty database and returns how to reach it; nothing is opened yet. */
export async function createTestDatabaseTarget(label = 'loket'): Promise<TestDatabaseTarget> {
  const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (testDialect() === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
    return {
      target: { dialect: 'sqlite', file: path.join(dir, 'loket.sqlite') },
      drop: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const admin = adminUrl();
  const name = `t_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${suffix}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    target: { dialect: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** An opened empty database; `cleanup` closes and removes it. */
export async function createTestDatabase(label?: string): Promise<Database & { cleanup(): Promise<void>; target: DatabaseTarget }> {
  const t = await createTestDatabaseTarget(label);
  const database = openDatabase(t.target);
  return {
    ...database,
    target: t.target,
    cleanup: async () => {
      await database.close();
      await t.drop();
    },
  };
}
