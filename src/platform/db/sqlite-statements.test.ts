import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sqliteForKysely } from './sqlite-statements.ts';

type Tables = { item: { id: number; name: string; flag: number | boolean | null } };

let sqlite: SQLite.Database;
let db: Kysely<Tables>;

beforeEach(async () => {
  sqlite = new SQLite(':memory:');
  db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqliteForKysely(sqlite, 3) }) });
  await sql`create table item (id integer primary key, name text not null, flag integer)`.execute(db);
  await db
    .insertInto('item')
    .values([1, 2, 3].map((id) => ({ id, name: `n${id}`, flag: null })))
    .execute();
});
afterEach(() => db.destroy());

const byId = (id: number) => db.selectFrom('item').select('name').where('id', '=', id).executeTakeFirst();

describe('SQLite statements for Kysely', () => {
  it('prepares a query once and runs it again with other parameters', async () => {
    const prepare = vi.spyOn(sqlite, 'prepare');
    expect(await byId(1)).toEqual({ name: 'n1' });
    expect(await byId(2)).toEqual({ name: 'n2' });
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('keeps the most recently used statements only', async () => {
    const prepare = vi.spyOn(sqlite, 'prepare');
    const queries = [
      () => byId(1),
      () => db.selectFrom('item').select('id').execute(),
      () => db.selectFrom('item').select('flag').execute(),
      () => db.selectFrom('item').selectAll().execute(),
    ];
    for (const q of queries) await q(); // four statements, room for three: the first goes
    await queries[3]?.();
    expect(prepare).toHaveBeenCalledTimes(4);
    await queries[0]?.();
    expect(prepare).toHaveBeenCalledTimes(5);
  });

  it('binds booleans as 1 and 0', async () => {
    await db.updateTable('item').set({ flag: true }).where('id', '=', 1).execute();
    await db.updateTable('item').set({ flag: false }).where('id', '=', 2).execute();
    expect(await db.selectFrom('item').select(['id', 'flag']).orderBy('id').execute()).toEqual([
      { id: 1, flag: 1 },
      { id: 2, flag: 0 },
      { id: 3, flag: null },
    ]);
    expect(await db.selectFrom('item').select('id').where('flag', '=', true).execute()).toEqual([{ id: 1 }]);
  });

  it('gives a query its own statement while the cached one is still being iterated', () => {
    // Kysely runs one query at a time per connection, so this is a safety net: a half-read
    // iterator must not make the next run of the same SQL fail with "statement is busy".
    const statements = sqliteForKysely(sqlite);
    const first = statements.prepare('select id from item order by id');
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ id: 1 });
    const second = statements.prepare('select id from item order by id');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...rows]).toEqual([{ id: 2 }, { id: 3 }]);
    expect(statements.prepare('select id from item order by id')).toBe(first);
  });

  it('sees schema changes made after a statement was prepared', async () => {
    const all = () => db.selectFrom('item').selectAll().where('id', '=', 1).executeTakeFirst();
    expect(await all()).toEqual({ id: 1, name: 'n1', flag: null });
    await sql`alter table item add column extra text default 'x'`.execute(db);
    expect(await all()).toEqual({ id: 1, name: 'n1', flag: null, extra: 'x' });
  });
});
