// Domain events through a transactional outbox. `emit` writes the event (and one delivery row
// per subscriber) in the caller's transaction; the Dispatcher delivers after commit, at least
// once, survives restarts, and lets several processes share the work: a delivery is claimed by
// one process (FOR UPDATE SKIP LOCKED on PostgreSQL, the single writer lock on SQLite), and the
// subscriber's own database work commits together with the "delivered" mark, so it is never
// done twice.
import type { Kysely } from 'kysely';
import { newId } from '../ids/index.ts';
import { inTransaction, readJson, sql, writeJson, type Db, type Dialect, type MigrationSet, type Trx } from '../db/index.ts';

export interface DomainEvent {
  type: string;
  aggregate?: { type: string; id: string };
  payload: Record<string, unknown>;
}

export interface StoredEvent extends DomainEvent {
  id: string;
  occurredAt: string;
  requestId: string | null;
}

export interface Subscription {
  /** Stable name; deliveries are tracked per name, so renaming one starts it afresh. */
  name: string;
  /** Event types this subscriber receives (`*` for all). */
  types: readonly string[];
  handle(event: StoredEvent, trx: Trx): Promise<void>;
}

export class EventBus {
  readonly #subscriptions: Subscription[] = [];
  #afterCommit: () => void = () => undefined;

  subscribe(subscription: Subscription): void {
    if (this.#subscriptions.some((s) => s.name === subscription.name)) throw new Error(`duplicate subscriber ${subscription.name}`);
    this.#subscriptions.push(subscription);
  }

  subscriber(name: string): Subscription | undefined {
    return this.#subscriptions.find((s) => s.name === name);
  }

  /** Called by the Dispatcher so that an emit is delivered soon after its commit. */
  onEmit(wake: () => void): void {
    this.#afterCommit = wake;
  }

  /** Writes the event to the outbox inside the caller's transaction. */
  async emit(trx: Trx, event: DomainEvent, requestId: string | null = null, at: Date = new Date()): Promise<string> {
    const id = newId();
    const occurredAt = at.toISOString();
    await trx
      .insertInto('event_outbox')
      .values({
        id,
        type: event.type,
        aggregate_type: event.aggregate?.type ?? null,
        aggregate_id: event.aggregate?.id ?? null,
        payload: writeJson(event.payload),
        occurred_at: occurredAt,
        request_id: requestId,
      })
      .execute();
    const targets = this.#subscriptions.filter((s) => s.types.includes('*') || s.types.includes(event.type));
    if (targets.length > 0) {
      await trx
        .insertInto('event_delivery')
        .values(
          targets.map((s) => ({
            id: newId(),
            event_id: id,
            subscriber: s.name,
            available_at: occurredAt,
            claimed_by: null,
            claimed_until: null,
            attempts: 0,
            delivered_at: null,
            last_error: null,
          })),
        )
        .execute();
    }
    // The dispatcher polls as well; this only shortens the wait. It claims nothing uncommitted.
    queueMicrotask(this.#afterCommit);
    return id;
  }
}

export interface DispatcherOptions {
  workerId?: string;
  batchSize?: number;
  leaseMs?: number;
  pollMs?: number;
  now?: () => Date;
  onError?: (error: unknown, delivery: { subscriber: string; eventId: string }) => void;
}

export class Dispatcher {
  readonly workerId: string;
  readonly #opts: Required<Omit<DispatcherOptions, 'workerId'>>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = true;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly bus: EventBus,
    options: DispatcherOptions = {},
  ) {
    this.workerId = options.workerId ?? `${process.pid}-${newId()}`;
    this.#opts = {
      batchSize: options.batchSize ?? 50,
      leaseMs: options.leaseMs ?? 30_000,
      pollMs: options.pollMs ?? 500,
      now: options.now ?? (() => new Date()),
      onError: options.onError ?? (() => undefined),
    };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.bus.onEmit(() => this.wake());
    this.#schedule(0);
  }

  /** Stops polling and waits for the batch in hand. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  wake(): void {
    if (!this.#stopped) this.#schedule(10);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#running
        .then(() => this.runOnce())
        .catch((e: unknown) => this.#opts.onError(e, { subscriber: '', eventId: '' }))
        .finally(() => {
          if (!this.#stopped) this.#schedule(this.#opts.pollMs);
        });
    }, ms);
    this.#timer.unref();
  }

  /** Claims and delivers one batch; returns how many deliveries succeeded. */
  async runOnce(): Promise<number> {
    const now = this.#opts.now();
    const until = new Date(now.getTime() + this.#opts.leaseMs).toISOString();
    const nowIso = now.toISOString();
    const lock = this.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const claimed = await sql<{ id: string; event_id: string; subscriber: string; attempts: number }>`
      UPDATE event_delivery SET claimed_by = ${this.workerId}, claimed_until = ${until}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM event_delivery
        WHERE delivered_at IS NULL AND available_at <= ${nowIso} AND (claimed_until IS NULL OR claimed_until < ${nowIso})
        ORDER BY available_at, id LIMIT ${this.#opts.batchSize} ${lock})
      RETURNING id, event_id, subscriber, attempts`.execute(this.db);
    let delivered = 0;
    for (const d of claimed.rows) {
      const subscription = this.bus.subscriber(d.subscriber);
      const row = await this.db.selectFrom('event_outbox').selectAll().where('id', '=', d.event_id).executeTakeFirstOrThrow();
      const event: StoredEvent = {
        id: row.id,
        type: row.type,
        payload: readJson(row.payload),
        occurredAt: row.occurred_at,
        requestId: row.request_id,
        ...(row.aggregate_type && row.aggregate_id ? { aggregate: { type: row.aggregate_type, id: row.aggregate_id } } : {}),
      };
      try {
        await inTransaction(this.db, async (trx) => {
          if (!subscription) throw new Error(`no subscriber named ${d.subscriber} in this process`);
          await subscription.handle(event, trx);
          const done = await trx
            .updateTable('event_delivery')
            .set({ delivered_at: this.#opts.now().toISOString(), claimed_until: null, last_error: null })
            .where('id', '=', d.id)
            .where('claimed_by', '=', this.workerId)
            .where('delivered_at', 'is', null)
            .executeTakeFirst();
          // Our lease ran out and another process took over: undo our work, theirs counts.
          if (Number(done.numUpdatedRows) !== 1) throw new Error('lease lost');
        });
        delivered += 1;
      } catch (error) {
        this.#opts.onError(error, { subscriber: d.subscriber, eventId: d.event_id });
        const backoffMs = Math.min(60_000 * 60, 1000 * 2 ** Math.min(d.attempts, 12));
        await this.db
          .updateTable('event_delivery')
          .set({
            claimed_by: null,
            claimed_until: null,
            available_at: new Date(this.#opts.now().getTime() + backoffMs).toISOString(),
            last_error: error instanceof Error ? error.message.slice(0, 1000) : String(error).slice(0, 1000),
          })
          .where('id', '=', d.id)
          .where('claimed_by', '=', this.workerId)
          .execute();
      }
    }
    return delivered;
  }
}

export const eventMigrations: MigrationSet = {
  '2026-11-29-000-platform-events': async (db: Kysely<unknown>, t) => {
    await db.schema
      .createTable('event_outbox')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('aggregate_type', 'text')
      .addColumn('aggregate_id', 'text')
      .addColumn('payload', t.json, (c) => c.notNull())
      .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
      .addColumn('request_id', 'text')
      .execute();
    await db.schema
      .createTable('event_delivery')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('event_id', t.uuid, (c) => c.notNull().references('event_outbox.id'))
      .addColumn('subscriber', 'text', (c) => c.notNull())
      .addColumn('available_at', t.timestamp, (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', t.timestamp)
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('delivered_at', t.timestamp)
      .addColumn('last_error', 'text')
      .addUniqueConstraint('event_delivery_event_subscriber', ['event_id', 'subscriber'])
      .execute();
    await db.schema.createIndex('event_delivery_pending').on('event_delivery').columns(['delivered_at', 'available_at']).execute();
  },
};
