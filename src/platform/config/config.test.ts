import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('has working defaults: embedded SQLite in ./data, port 8080, demo mode on', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.port).toBe(8080);
    expect(r.config.database.dialect).toBe('sqlite');
    expect(r.config.database.dialect === 'sqlite' && r.config.database.file.endsWith('/data/loket.sqlite')).toBe(true);
    expect(r.config.demo).toBe(true);
  });

  it('uses PostgreSQL with DATABASE_URL, where demo mode is off unless asked for', () => {
    const secret = 'a-secret-of-at-least-32-characters-long';
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/loket' }).ok).toBe(false); // needs LOKET_SECRET
    const r = loadConfig({ DATABASE_URL: 'postgres://u@localhost/loket', LOKET_SECRET: secret });
    expect(r.ok && r.config.database).toEqual({ dialect: 'postgres', url: 'postgres://u@localhost/loket' });
    expect(r.ok && r.config.demo).toBe(false);
    const demo = loadConfig({ DATABASE_URL: 'postgres://u@localhost/loket', LOKET_SECRET: secret, LOKET_DEMO: '1' });
    expect(demo.ok && demo.config.demo).toBe(true);
  });

  it('puts the embedded database in LOKET_DATA_DIR', () => {
    const r = loadConfig({ LOKET_DATA_DIR: '/srv/loket' });
    expect(r.ok && r.config.database).toEqual({ dialect: 'sqlite', file: '/srv/loket/loket.sqlite' });
  });

  it('reports every bad value at once, naming the variable', () => {
    const r = loadConfig({ PORT: 'tachtig', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', LOKET_SECRET: 'short' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors.join('\n')).toMatch(/PORT/);
    expect(r.errors.join('\n')).toMatch(/DATABASE_URL/);
    expect(r.errors.join('\n')).toMatch(/LOG_LEVEL/);
    expect(r.errors.join('\n')).toMatch(/LOKET_SECRET/);
  });

  it('rejects a port out of range and treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '70000' }).ok).toBe(false);
    const r = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(r.ok && r.config.port).toBe(8080);
    expect(r.ok && r.config.database.dialect).toBe('sqlite');
  });
});
