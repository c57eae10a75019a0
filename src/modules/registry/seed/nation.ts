// The country at a given size: `persons` persons (17.5 million for the nation) with their households,
// parental authority, court registrations, and businesses in proportion (1.5 million for the nation).
//
// Chunks and resuming. Persons are generated in chunks of `chunkSize` (50,000) persons; chunk k holds
// persons k·C … k·C + C − 1 of one fixed sequence, whose BSNs follow from the index (identifiers.ts),
// with the businesses whose index falls in the chunk's share (⌊i · 3/35⌋). Every chunk is generated
// from (seed, k) alone and written in its own transaction, so the database holds whole chunks only.
// No progress table is needed: the resume point is read from the data. The number of persons in the
// nation's BSN range, if it is a whole number of chunks, is where to continue; the highest BSN must
// be the last of that many; and the last stored person must equal what the generator makes for it
// (same seed, same chunk size, same reference date), otherwise the run refuses instead of mixing two
// populations. The reference instant (ages, updated_at) is taken from the first person on a resume,
// so a run resumed on another day still writes the same rows as an uninterrupted one.
import { recordAudit, systemActor } from '../../../platform/audit/index.ts';
import { inTransaction, sql, type Database } from '../../../platform/db/index.ts';
import { isoDateInAmsterdam, systemClock, type Clock } from '../../../platform/time/index.ts';
import {
  Days,
  businessesBefore,
  generateChunk,
  rowCount,
  seedColumns,
  seedTables,
  type ChunkSpec,
  type Rows,
  type SeedTable,
  type Value,
} from './generate.ts';
import { bsnAt, numberRanges } from './identifiers.ts';
import { Places } from './places.ts';
import { insertAll, personRange, personRow } from './store.ts';

export const NATION_PERSONS = 17_500_000;
export const DEFAULT_CHUNK_SIZE = 50_000;
/** The sequence's BSN range has room for this many persons before it reaches the demo's range. */
export const MAX_PERSONS = 70_000_000;

export function businessesFor(persons: number): number {
  return businessesBefore(persons);
}

export interface NationProgress {
  /** Chunks done (also those of an earlier run) and in all. */
  chunk: number;
  chunks: number;
  /** Persons in the database so far, and the target. */
  persons: number;
  totalPersons: number;
  /** Rows (all tables) written by this run, and since when. */
  rows: number;
  elapsedMs: number;
  /** Persons that were already there when this run started. */
  startPersons: number;
}

export interface NationOptions {
  persons: number;
  seed: number;
  onProgress?: (p: NationProgress) => void;
  clock?: Clock;
  chunkSize?: number;
  /** Stop after writing this many chunks in this run (a deliberate interruption; run again to resume). */
  maxChunks?: number;
  /** Stops between two chunks; what is written stays, a new run resumes. */
  signal?: AbortSignal;
}

export interface NationSummary {
  persons: number;
  businesses: number;
  chunks: number;
  /** Chunks found complete at the start (a resumed run) and written now. */
  chunksBefore: number;
  chunksWritten: number;
  complete: boolean;
  /** Rows written by this run, per table. */
  rows: Record<SeedTable, number>;
  seconds: number;
}

export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

export interface Plan {
  persons: number;
  chunkSize: number;
  chunks: number;
}

export function nationPlan(persons: number, chunkSize = DEFAULT_CHUNK_SIZE): Plan {
  return { persons, chunkSize, chunks: Math.ceil(persons / chunkSize) };
}

/** What chunk `chunk` of a nation seed holds (also for benchmarks that generate the same rows). */
export function nationChunkSpec(plan: Plan, seed: number, chunk: number, days: Days, updatedAt: string, places: Places): ChunkSpec {
  const personStart = chunk * plan.chunkSize;
  const persons = Math.min(plan.chunkSize, plan.persons - personStart);
  const businessStart = businessesBefore(personStart);
  return {
    seed,
    chunk,
    personStart,
    persons,
    businessStart,
    businesses: businessesBefore(personStart + persons) - businessStart,
    ranges: numberRanges.nation,
    days,
    updatedAt,
    places,
  };
}

const sameRow = (a: readonly Value[], b: readonly Value[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Where an earlier run stopped: the number of complete chunks, and the reference instant it used. */
async function resumePoint(
  database: Database,
  plan: Plan,
  seed: number,
  places: Places,
): Promise<{ done: number; updatedAt: string | undefined }> {
  const base = numberRanges.nation.bsnBase;
  const first = bsnAt(base, 0);
  const existing = await personRange(database.db, first, bsnAt(base, MAX_PERSONS - 1));
  if (existing.count === 0) return { done: 0, updatedAt: undefined };
  const persons = existing.count;
  if (persons > plan.persons) {
    throw new SeedRefusedError(
      `De database bevat al ${persons.toLocaleString('nl-NL')} personen van een landelijke seed, meer dan de gevraagde ${plan.persons.toLocaleString('nl-NL')}. Er is niets gewijzigd.`,
    );
  }
  const whole = persons % plan.chunkSize === 0 || persons === plan.persons;
  if (!whole || existing.min !== first || existing.max !== bsnAt(base, persons - 1)) {
    throw new SeedRefusedError(
      `De database bevat ${persons.toLocaleString('nl-NL')} personen van een eerdere landelijke seed met een andere omvang of blokgrootte; verder gaan zou die gegevens mengen. Er is niets gewijzigd.`,
    );
  }
  const firstRow = await personRow(database.db, first);
  const updatedAt = typeof firstRow?.[12] === 'string' ? firstRow[12] : undefined;
  if (!updatedAt) throw new SeedRefusedError('De eerste persoon van de eerdere seed is onleesbaar. Er is niets gewijzigd.');
  // The last stored person must be what this seed generates for that place in the sequence.
  const done = Math.ceil(persons / plan.chunkSize);
  const days = new Days(isoDateInAmsterdam(new Date(updatedAt)));
  const last = generateChunk(nationChunkSpec(plan, seed, done - 1, days, updatedAt, places));
  const width = seedColumns.person.length;
  const expected = last.person.slice(last.person.length - width);
  const stored = await personRow(database.db, bsnAt(base, persons - 1));
  if (!stored || !sameRow(expected, stored)) {
    throw new SeedRefusedError(
      'De database bevat een eerdere landelijke seed met een ander startgetal (--seed) of een andere blokgrootte; verder gaan zou twee bevolkingen mengen. Er is niets gewijzigd.',
    );
  }
  return { done, updatedAt };
}

/** Generates (or completes) the country; see the comment at the top for how a run resumes. */
export async function seedNation(database: Database, options: NationOptions): Promise<NationSummary> {
  const started = Date.now();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(options.persons) || options.persons < 1 || options.persons > MAX_PERSONS) {
    throw new RangeError(`persons must be an integer from 1 to ${MAX_PERSONS}`);
  }
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive integer');
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new RangeError('seed must be a non-negative integer');
  const plan = nationPlan(options.persons, chunkSize);
  const places = new Places();
  const { done, updatedAt: earlier } = await resumePoint(database, plan, options.seed, places);
  const updatedAt = earlier ?? (options.clock ?? systemClock).now().toISOString();
  const days = new Days(isoDateInAmsterdam(new Date(updatedAt)));

  const written = Object.fromEntries(seedTables.map((t) => [t, 0])) as Record<SeedTable, number>;
  let rows = 0;
  let chunk = done;
  let chunksWritten = 0;
  const personsAt = (c: number): number => Math.min(plan.persons, c * chunkSize);
  const progress = (): void =>
    options.onProgress?.({
      chunk,
      chunks: plan.chunks,
      persons: personsAt(chunk),
      totalPersons: plan.persons,
      rows,
      elapsedMs: Date.now() - started,
      startPersons: personsAt(done),
    });
  progress();

  // SQLite: a larger page cache for this connection while seeding (the indexes grow to gigabytes).
  let restoreCache: number | undefined;
  if (database.dialect === 'sqlite') {
    const { rows: r } = await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db);
    restoreCache = r[0]?.cache_size;
    await sql`pragma cache_size = -262144`.execute(database.db);
  }
  try {
    while (chunk < plan.chunks) {
      if (options.signal?.aborted) break;
      if (options.maxChunks !== undefined && chunksWritten >= options.maxChunks) break;
      const generated: Rows = generateChunk(nationChunkSpec(plan, options.seed, chunk, days, updatedAt, places));
      await inTransaction(database.db, async (trx) => {
        // A crash loses at most the last chunks, which a new run writes again: durability per commit is not needed.
        if (database.dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
        rows += await insertAll(trx, database.dialect, generated);
      });
      for (const t of seedTables) written[t] += rowCount(generated, t);
      chunk++;
      chunksWritten++;
      progress();
    }
    const complete = chunk >= plan.chunks;
    if (chunksWritten > 0) {
      await inTransaction(database.db, (trx) =>
        recordAudit(trx, {
          actor: systemActor,
          action: 'registry.seeded',
          object: { type: 'seed', id: `nation-${options.seed}` },
          at: (options.clock ?? systemClock).now(),
          details: {
            scale: 'nation',
            persons: plan.persons,
            seed: options.seed,
            chunkSize,
            chunksBefore: done,
            chunksWritten,
            complete,
            rows: written,
          },
        }),
      );
    }
    return {
      persons: personsAt(chunk),
      businesses: businessesBefore(personsAt(chunk)),
      chunks: plan.chunks,
      chunksBefore: done,
      chunksWritten,
      complete,
      rows: written,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (restoreCache !== undefined) await sql`pragma cache_size = ${sql.raw(String(Math.trunc(restoreCache)))}`.execute(database.db);
  }
}
