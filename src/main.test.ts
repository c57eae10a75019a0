// The `loket` command as a user runs it: a real process, on the test database's dialect.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, type TestDatabaseTarget } from './platform/testing/db.ts';

const bin = path.resolve(import.meta.dirname, '../bin/loket.js');
let target: TestDatabaseTarget;

beforeAll(async () => {
  target = await createTestDatabaseTarget('cli');
});
afterAll(async () => {
  await target.drop();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const db =
    target.target.dialect === 'postgres' ? { DATABASE_URL: target.target.url } : { LOKET_DATA_DIR: path.dirname(target.target.file) };
  return { PATH: process.env['PATH'], LOG_LEVEL: 'warn', LOKET_SECRET: 'cli-test-cli-test-cli-test-cli-test-0001', ...db, ...extra };
}

describe('loket serve', () => {
  it('creates and migrates the database on first start, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: env({ PORT: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /Loket draait op (http:\/\/[^\s]+)/.exec(output);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${output}`)));
    });
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
    expect((await fetch(`${url}/`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('loket command line', () => {
  const run = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { env: env(extra), encoding: 'utf8', timeout: 60_000 });

  it('explains every command with --help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['serve', 'migrate', 'backup FILE', 'restore FILE', 'deadline']) expect(r.stdout).toContain(c);
  });

  it('prints the last day of a term (Awb 6:7 with the Atw: 5 May moves it)', () => {
    const r = run(['deadline', '--after', '2026-03-24', '--weeks', '6']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('2026-05-06');
  });

  it('stops with a clear message and exit code 1 on bad configuration, without a stack trace', () => {
    const r = run(['serve'], { PORT: 'tachtig' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('migrates idempotently', () => {
    const first = run(['migrate']);
    expect(first.status).toBe(0);
    const again = run(['migrate']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('al bijgewerkt');
  });

  it('refuses an unknown command', () => {
    const r = run(['fly']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Onbekende opdracht');
  });
});
