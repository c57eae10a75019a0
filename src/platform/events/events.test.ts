import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMigrations, recordAudit, systemActor } from '../audit/index.ts';
import { inTransaction, readCount, runMigrations } from '../db/index.ts';
import { createTestDatabase } from '../testing/db.ts';
import { Dispatcher, EventBus, eventMigrations, type StoredEvent } from './index.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;

beforeAll(async () => {
  database = await createTestDatabase('events');
  await runMigrations(database.db, database.dialect, [auditMigrations, eventMigrations]);
});
afterAll(() => database.cleanup());

/** A subscriber whose work is an audit row, so "done twice" would show as two rows. */
function auditingSubscriber(name: string, seen: StoredEvent[], failFirst = 0) {
  let failures = failFirst;
  return {
    name,
    types: ['test.happened'],
    handle: async (event: StoredEvent, trx: Parameters<typeof recordAudit>[0]) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('temporary failure');
      }
      seen.push(event);
      await recordAudit(trx, { actor: systemActor, action: `${name}.handled`, object: { type: 'event', id: event.id } });
    },
  };
}

async function handledCount(action: string): Promise<number> {
  const r = await database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', '=', action)
    .executeTakeFirst();
  return readCount(r?.n);
}

describe('transactional outbox', () => {
  it('delivers an event after commit, with its payload, to each subscriber once', async () => {
    const bus = new EventBus();
    const seenA: StoredEvent[] = [];
    const seenB: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('a', seenA));
    bus.subscribe(auditingSubscriber('b', seenB));
    const id = await inTransaction(database.db, (trx) =>
      bus.emit(trx, { type: 'test.happened', aggregate: { type: 'thing', id: 't1' }, payload: { n: 1, nested: { ok: true } } }, 'req-1'),
    );
    const dispatcher = new Dispatcher(database.db, database.dialect, bus);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(seenA.map((e) => e.id)).toEqual([id]);
    expect(seenA[0]?.payload).toEqual({ n: 1, nested: { ok: true } });
    expect(seenA[0]?.aggregate).toEqual({ type: 'thing', id: 't1' });
    expect(seenA[0]?.requestId).toBe('req-1');
    expect(seenB).toHaveLength(1);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const bus = new EventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('rollback', seen));
    await expect(
      inTransaction(database.db, async (trx) => {
        await bus.emit(trx, { type: 'test.happened', payload: {} });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(await new Dispatcher(database.db, database.dialect, bus).runOnce()).toBe(0);
    expect(seen).toHaveLength(0);
  });

  it('retries a failing subscriber later, and its failed attempt leaves no trace', async () => {
    const bus = new EventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('flaky', seen, 1));
    await inTransaction(database.db, (trx) => bus.emit(trx, { type: 'test.happened', payload: {} }));
    let now = Date.now();
    const errors: unknown[] = [];
    const dispatcher = new Dispatcher(database.db, database.dialect, bus, { now: () => new Date(now), onError: (e) => errors.push(e) });
    expect(await dispatcher.runOnce()).toBe(0);
    expect(errors).toHaveLength(1);
    expect(await dispatcher.runOnce()).toBe(0); // backing off
    now += 5 * 60_000;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(seen).toHaveLength(1);
    expect(await handledCount('flaky.handled')).toBe(1);
  });

  it('survives a restart: a new dispatcher delivers what an old process left, and a lost lease is taken over', async () => {
    const bus = new EventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('restart', seen));
    await inTransaction(database.db, (trx) => bus.emit(trx, { type: 'test.happened', payload: {} }));
    // An old process claimed it and died before delivering.
    await database.db
      .updateTable('event_delivery')
      .set({ claimed_by: 'dead-process', claimed_until: new Date(Date.now() + 30_000).toISOString() })
      .where('subscriber', '=', 'restart')
      .execute();
    const fresh = new Dispatcher(database.db, database.dialect, bus);
    expect(await fresh.runOnce()).toBe(0); // the lease still holds
    const later = new Dispatcher(database.db, database.dialect, bus, { now: () => new Date(Date.now() + 60_000) });
    expect(await later.runOnce()).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('lets several processes share the work without doing an event twice', async () => {
    const bus = new EventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('shared', seen));
    await inTransaction(database.db, async (trx) => {
      for (let i = 0; i < 40; i++) await bus.emit(trx, { type: 'test.happened', payload: { i } });
    });
    const workers = [1, 2, 3].map((n) => new Dispatcher(database.db, database.dialect, bus, { workerId: `w${n}`, batchSize: 7 }));
    let total = 0;
    for (let round = 0; round < 10; round++) {
      const done = await Promise.all(workers.map((w) => w.runOnce()));
      total += done.reduce((a, b) => a + b, 0);
    }
    expect(total).toBe(40);
    expect(new Set(seen.map((e) => e.id)).size).toBe(40);
    expect(await handledCount('shared.handled')).toBe(40);
  });

  it('delivers by itself soon after an emit once started', async () => {
    const bus = new EventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe(auditingSubscriber('live', seen));
    const dispatcher = new Dispatcher(database.db, database.dialect, bus, { pollMs: 50 });
    dispatcher.start();
    await inTransaction(database.db, (trx) => bus.emit(trx, { type: 'test.happened', payload: {} }));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
    await dispatcher.stop();
  });
});
