// Logboek Dataverwerkingen (LDV, Logius; DOMAIN.md §2.3): every read or change of a person's
// data by an official or a process is logged, one line per data subject, no sampling, no
// delete interface (the table is append-only). The subject is stored as a keyed hash, so the log
// holds no BSN, and the person can still find every line about them.
import { createHmac, randomFillSync } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { newId } from '../ids/index.ts';
import { makeAppendOnly, writeJson, type Db, type MigrationSet, type Trx } from '../db/index.ts';

export type { ProcessingLogTable } from './store.ts';

/** W3C Trace Context of the current request (https://www.w3.org/TR/trace-context/). */
export interface TraceContext {
  traceId: string;
  /** The span of this request in Loket. */
  spanId: string;
  /** The caller's span, when the request came with a `traceparent`. */
  parentSpanId: string | null;
  /** The calling application, from `traceparent`'s origin (the `Origin`/`Referer` host), if any. */
  foreignProcessor: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext;
  }
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Trace and span ids for every request, taken from a pool the CSPRNG fills 4 KiB at a time (as
// crypto.randomUUID does): a randomBytes call per id costs about 20 times as much. No byte is used twice.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
function hex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const id = randomPool.toString('hex', randomOffset, randomOffset + bytes);
  randomOffset += bytes;
  return id;
}

export function parseTraceparent(header: string | undefined): { traceId: string; parentSpanId: string } | undefined {
  if (!header) return undefined;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m?.[1] || !m[2] || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], parentSpanId: m[2] };
}

/** Accepts an incoming `traceparent` and answers with this request's own. */
export function registerTraceContext(app: FastifyInstance): void {
  app.decorateRequest('trace', null as unknown as TraceContext);
  app.addHook('onRequest', (request, reply, done) => {
    const incoming = parseTraceparent(request.headers.traceparent as string | undefined);
    request.trace = {
      traceId: incoming?.traceId ?? hex(16),
      spanId: hex(8),
      parentSpanId: incoming?.parentSpanId ?? null,
      foreignProcessor: incoming ? (typeof request.headers.origin === 'string' ? request.headers.origin : null) : null,
    };
    void reply.header('traceparent', `00-${request.trace.traceId}-${request.trace.spanId}-01`);
    done();
  });
}

export interface ProcessingSubject {
  /** The identifier, e.g. a BSN. */
  id: string;
  type: 'BSN' | 'KVK';
}

export interface ProcessingEntry {
  /** Human-readable action, e.g. "Persoonsgegevens inzien". */
  name: string;
  /** URI of the entry in the register of processing activities. */
  activityId: string;
  subjects: readonly ProcessingSubject[];
  /** The organisation on whose behalf the data is processed. */
  organisationCode: string | null;
  status?: 'Unset' | 'Ok' | 'Error';
  startedAt: Date;
  endedAt?: Date;
  attributes?: Record<string, string | number | boolean>;
}

export class ProcessingLog {
  readonly #key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the installation's secret.
    this.#key = createHmac('sha256', secret).update('loket:processing-log:subject').digest();
  }

  /** The keyed hash stored instead of the identifier (LDV: the subject id is encrypted/pseudonymised). */
  subjectHash(subject: ProcessingSubject): string {
    return createHmac('sha256', this.#key).update(`${subject.type}:${subject.id}`).digest('hex');
  }

  /** Writes one line per data subject, each a child span of the request's span (LDV rule). */
  async record(db: Db | Trx, trace: TraceContext, entry: ProcessingEntry): Promise<void> {
    const base = {
      trace_id: trace.traceId,
      parent_span_id: trace.spanId,
      name: entry.name || 'Verwerking',
      status: entry.status ?? 'Ok',
      start_time: entry.startedAt.toISOString(),
      end_time: (entry.endedAt ?? new Date()).toISOString(),
      processing_activity_id: entry.activityId,
      organisation_code: entry.organisationCode,
      foreign_processor: trace.foreignProcessor,
      attributes: writeJson({
        ...(trace.parentSpanId ? { 'dpl.core.foreign_operation.span_id': trace.parentSpanId } : {}),
        ...entry.attributes,
      }),
    };
    const rows =
      entry.subjects.length === 0
        ? [{ ...base, id: newId(), span_id: hex(8), data_subject_id: null, data_subject_id_type: null }]
        : entry.subjects.map((s) => ({
            ...base,
            id: newId(),
            span_id: hex(8),
            data_subject_id: this.subjectHash(s),
            data_subject_id_type: s.type,
          }));
    await db.insertInto('processing_log').values(rows).execute();
  }

  /** The lines about one person, newest first: for "Wie heeft mijn gegevens gebruikt". */
  async about(
    db: Db,
    subject: ProcessingSubject,
    limit = 100,
    offset = 0,
  ): Promise<{ at: string; name: string; organisationCode: string | null; activityId: string; status: string }[]> {
    const rows = await db
      .selectFrom('processing_log')
      .select(['start_time', 'name', 'organisation_code', 'processing_activity_id', 'status'])
      .where('data_subject_id', '=', this.subjectHash(subject))
      .orderBy('start_time', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({
      at: r.start_time,
      name: r.name,
      organisationCode: r.organisation_code,
      activityId: r.processing_activity_id,
      status: r.status,
    }));
  }
}

/** Where the processing activities are registered (Register van Verwerkingsactiviteiten). */
export const processingActivityBase = 'urn:loket:verwerkingsactiviteit:';

export function traceOf(request: FastifyRequest): TraceContext {
  return request.trace;
}

/** A trace of its own, for work no request started (commands, jobs, event handlers, tests). */
export function newTrace(): TraceContext {
  return { traceId: hex(16), spanId: hex(8), parentSpanId: null, foreignProcessor: null };
}

export const processingLogMigrations: MigrationSet = {
  '2026-11-29-002-platform-processing-log': async (db: Kysely<unknown>, t) => {
    await db.schema
      .createTable('processing_log')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('trace_id', 'text', (c) => c.notNull())
      .addColumn('span_id', 'text', (c) => c.notNull())
      .addColumn('parent_span_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('start_time', t.timestamp, (c) => c.notNull())
      .addColumn('end_time', t.timestamp, (c) => c.notNull())
      .addColumn('processing_activity_id', 'text', (c) => c.notNull())
      .addColumn('data_subject_id', 'text')
      .addColumn('data_subject_id_type', 'text')
      .addColumn('organisation_code', 'text')
      .addColumn('foreign_processor', 'text')
      .addColumn('attributes', t.json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('processing_log_subject').on('processing_log').columns(['data_subject_id', 'start_time']).execute();
    await db.schema.createIndex('processing_log_trace').on('processing_log').column('trace_id').execute();
    await makeAppendOnly(db, t.dialect, 'processing_log');
  },
};
