import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db.ts';
import {
  dataVersionMigrations,
  dataVersionReader,
  inTransaction,
  markChanged,
  runMigrations,
  VersionedCache,
  type Database,
} from './index.ts';

describe('data versions', () => {
  let database: Database & { cleanup(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase('dataversion');
    await runMigrations(database.db, database.dialect, [dataVersionMigrations]);
  });
  afterAll(() => database.cleanup());

  it('is empty before the first change and new after every change, only when committed', async () => {
    const read = dataVersionReader(database.db, 'test.things');
    expect(await read()).toBe('');
    await inTransaction(database.db, (trx) => markChanged(trx, 'test.things'));
    const first = await read();
    expect(first).not.toBe('');
    await expect(
      inTransaction(database.db, async (trx) => {
        await markChanged(trx, 'test.things');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await read()).toBe(first);
    await inTransaction(database.db, (trx) => markChanged(trx, 'test.things'));
    expect(await read()).not.toBe(first);
    expect(await dataVersionReader(database.db, 'test.other')()).toBe('');
  });
});

describe('VersionedCache', () => {
  function setup(checkEveryMs: number, capacity?: number) {
    const state = { version: 'v1', now: 0, reads: 0, loads: 0 };
    const cache = new VersionedCache<string>(
      () => {
        state.reads += 1;
        return Promise.resolve(state.version);
      },
      { checkEveryMs, now: () => state.now, ...(capacity ? { capacity } : {}) },
    );
    const get = (key: string) =>
      cache.get(key, () => {
        state.loads += 1;
        return Promise.resolve(`${key}@${state.version}`);
      });
    return { state, cache, get };
  }

  it('keeps values while the version stays the same and drops them when it changes', async () => {
    const { state, get } = setup(0);
    expect(await get('a')).toBe('a@v1');
    expect(await get('a')).toBe('a@v1');
    expect(state.loads).toBe(1);
    state.version = 'v2';
    expect(await get('a')).toBe('a@v2');
    expect(state.loads).toBe(2);
    expect(state.reads).toBe(3);
  });

  it('reads the version at most once per checkEveryMs', async () => {
    const { state, get } = setup(1000);
    await get('a');
    state.version = 'v2';
    state.now = 999;
    expect(await get('a')).toBe('a@v1'); // within the bound: may be stale
    state.now = 1000;
    expect(await get('a')).toBe('a@v2');
    expect(state.reads).toBe(2);
  });

  it('drops everything at clear(), and does not keep a load that overlapped it', async () => {
    const { state, cache, get } = setup(60_000);
    await get('a');
    cache.clear();
    expect(await get('a')).toBe('a@v1');
    expect(state.loads).toBe(2);

    let finish = (_value: string): void => undefined;
    const slow = cache.get('b', () => new Promise<string>((resolve) => (finish = resolve)));
    await Promise.resolve(); // the load has started
    cache.clear();
    finish('b-old');
    expect(await slow).toBe('b-old');
    expect(await get('b')).toBe('b@v1');
  });

  it('keeps at most capacity values, dropping the oldest', async () => {
    const { state, get } = setup(60_000, 2);
    await get('a');
    await get('b');
    await get('c');
    expect(state.loads).toBe(3);
    await get('c');
    await get('b');
    expect(state.loads).toBe(3);
    await get('a');
    expect(state.loads).toBe(4);
  });
});
