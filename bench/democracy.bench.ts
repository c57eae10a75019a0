// Issue 7 (democracy), "Benchmark": a House of Representatives election (Tweede Kamer, 150 seats) at
// full size — about 9,500 polling stations, 26 lists of up to 80 candidates, ~10 million votes —
// counted: the aggregation of every agreed station count, the seat apportionment and the election of
// candidates, in one run, with the apportionment timed on its own, next to a plain summation of the
// same numbers in the same run as the baseline.
//
// 1. Set-up (not measured): the real migrations (prepareDatabase) on a SQLite file in a temp dir
//    (and on a scratch PostgreSQL database when LOKET_BENCH_PG_URL names a server; it is dropped
//    afterwards). Through the store (store.ts), in one transaction: the election in status counting
//    with its lists, candidates and polling stations (insertElectionDefinition), then every station
//    `agreed` with its agreed count (updateStation: the JSON the double data entry stores), as if all
//    reports had been entered twice (the entries themselves are not written: nothing here reads them).
//    The numbers are invented but shaped like a real House election: a few big lists and many small
//    ones (list sizes 80 down to 8), in each list a lijsttrekker with most of the votes and a few
//    candidates lower down with many preference votes; every station's count is consistent (the
//    checks of counting.ts pass it), 700–2,100 eligible voters per station, turnout 60–90 %, stations
//    spread over the municipalities of the CBS list.
// 2. Measured, in rounds after one warm-up round (figures: medians of the wall time; the notes add
//    the fastest round and the on-CPU time, which a busy machine disturbs less):
//    - Loket's total: `getProvisionalResult` (service.ts) for the coordinator — every station row
//      read through the store, the agreed counts summed (overall and per municipality), the seats
//      apportioned and the candidates elected: what the coordinator's "vaststellen" page asks for.
//    - read + parse: `stationsOf` (store.ts), the agreed counts parsed from JSON.
//    - aggregation: `stationsOf` plus `sumCounts` (counting.ts) of the agreed counts.
//    - apportionment: `apportion` (apportionment/model.ts) on the service's own input
//      (`apportionmentInput`), kind `seat_assignment` (seats per list) and kind
//      `candidate_nomination` (the election of candidates for those seats) timed apart — and kind
//      `process` (both), as the service runs it.
//    Baselines in the same run: (a) a plain loop summing the same numbers preloaded into one
//    Int32Array per station; (b) the same rows read through the driver (better-sqlite3 / pg) with a
//    plain SELECT, JSON.parse'd and summed by hand without any validation.
//
//   LOKET_BENCH_DEMOCRACY_SCALE=1     fraction of the full size (stations and, with them, votes); 0.01 for a quick run
//   LOKET_BENCH_DEMOCRACY_ROUNDS=7    measured rounds after one warm-up round (default 7 at scale ≥ 0.5, else 25)
//   LOKET_BENCH_PG_URL=postgres://…   also run on PostgreSQL (a scratch database is created and dropped)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { prepareDatabase, resolveSecret } from '../src/app.ts';
import type { Principal } from '../src/platform/auth/model.ts';
import { inTransaction, type Database } from '../src/platform/db/index.ts';
import { EventBus } from '../src/platform/events/index.ts';
import { newId } from '../src/platform/ids/index.ts';
import type { ModuleContext } from '../src/platform/module.ts';
import { ProcessingLog } from '../src/platform/processing-log/index.ts';
import { testConfig } from '../src/platform/testing/app.ts';
import { fixedClock } from '../src/platform/time/index.ts';
import { apportion, type ApportionmentResult } from '../src/modules/democracy/apportionment/model.ts';
import { ballotShapeOf, sumCounts, type BallotShape } from '../src/modules/democracy/counting.ts';
import type { CountTotals, ElectionDefinition, ElectionList, PollingStation, StationCount } from '../src/modules/democracy/model.ts';
import { apportionmentInput, getProvisionalResult } from '../src/modules/democracy/service.ts';
import * as store from '../src/modules/democracy/store.ts';
import { Random } from '../src/modules/registry/seed/random.ts';
import { benchDir } from './lib/child.ts';
import type { BenchResult } from './lib/result.ts';
import { scratchPostgres, scratchSqlite, type ScratchDatabase } from './lib/scratch-db.ts';

const scale = Number(process.env['LOKET_BENCH_DEMOCRACY_SCALE'] ?? 1);
/** More rounds for a small run: its parts take milliseconds, so one busy moment on the machine would decide a median of five. */
const rounds = Math.max(1, Number(process.env['LOKET_BENCH_DEMOCRACY_ROUNDS'] ?? (scale >= 0.5 ? 7 : 25)));
const pgUrl = process.env['LOKET_BENCH_PG_URL'] ?? process.env['BENCH_PG_URL'];
const clock = fixedClock('2026-11-30T10:00:00Z');
const SEED = 7;

/** A House election: 150 seats (Grondwet art. 51 lid 2). */
const SEATS = 150;
const FULL_STATIONS = 9_500;
/** Candidates per list: the big lists full (80), the small ones shorter. */
const LIST_SIZES = [80, 80, 80, 80, 80, 60, 50, 50, 50, 50, 40, 40, 35, 30, 30, 30, 25, 25, 20, 20, 17, 15, 12, 10, 10, 8] as const;
/** The national share of each list (weights, invented): four big lists, a long tail of small ones. */
const LIST_WEIGHTS = [
  24, 16, 15, 13, 5, 3.5, 3, 2.5, 2.2, 2, 1.8, 1.5, 1.2, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1,
];
/** Eligible voters per station (about 13.4 million over 9,500 stations), turnout 60–90 %. */
const ELIGIBLE = { min: 700, max: 2_100 };
/** The Kiesraad (central polling station of a House election) is not in the organisations register; the bench runs it under BZK. */
const ORGANISATION = 'MIN-BZK';

type Dialect = 'sqlite' | 'postgres';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2)} ms`;
const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function progress(dialect: Dialect, message: string): void {
  console.error(`  democracy (${dialect}): ${message}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

// ---------------------------------------------------------------------------------------------
// The election: lists, candidates, stations and their counts (generated, deterministic)

interface Generated {
  stations: { number: number; name: string; municipalityCode: string; eligibleVoters: number; count: StationCount }[];
  ballot: BallotShape;
  /**
   * The same numbers as the counts, one Int32Array per station, in a fixed layout: pollCards,
   * proxyCertificates, voters total, then per list its candidates' votes and its total, then
   * totalValid, blank, invalid, votes total, moreBallots, fewerBallots.
   */
  flat: Int32Array[];
  votes: number;
  candidates: number;
}

/** Municipality codes from the shipped CBS list (stations are spread over them by a weighted draw). */
function municipalityCodes(): string[] {
  const file = path.join(benchDir, '..', 'data', 'reference', 'gemeenten-2023.csv');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] ?? '')
    .filter((code) => /^GM\d{4}$/.test(code));
}

/** Candidate weights within a list: the lijsttrekker far ahead, a few popular candidates lower down, a long tail. */
function candidateWeights(listIndex: number, size: number): Float64Array {
  const w = new Float64Array(size);
  for (let p = 0; p < size; p++) w[p] = 1 / Math.pow(p + 1, 1.3);
  w[0] = size >= 40 ? 14 : 6; // the lijsttrekker
  // One or two candidates lower on the list with a following of their own (preference votes).
  const popular = [7 + (listIndex % 9), 15 + ((listIndex * 7) % 23)].filter((p) => p < size);
  for (const p of popular) w[p] = (w[p] ?? 0) + (listIndex < 4 ? 1.6 : 0.9);
  let sum = 0;
  for (const x of w) sum += x;
  for (let p = 0; p < size; p++) w[p] = (w[p] ?? 0) / sum;
  return w;
}

/** Splits `total` over weights: floors, then the remainder one by one from a start index (deterministic, sums exactly). */
function split(total: number, weights: Float64Array, into: number[], start: number): void {
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const v = Math.floor(total * (weights[i] ?? 0));
    into[i] = v;
    given += v;
  }
  for (let k = 0; given < total; k++, given++) {
    const i = (start + k) % weights.length;
    into[i] = (into[i] ?? 0) + 1;
  }
}

function generate(stationCount: number): Generated {
  const random = new Random(SEED, stationCount);
  const codes = municipalityCodes();
  const listCount = LIST_SIZES.length;
  const listWeightSum = LIST_WEIGHTS.reduce((a, b) => a + b, 0);
  const candWeights = LIST_SIZES.map((size, i) => candidateWeights(i, size));
  const ballot: BallotShape = { lists: LIST_SIZES.map((size, i) => ({ number: i + 1, candidateCount: size })) };
  const candidates = LIST_SIZES.reduce((a, b) => a + b, 0);
  const flatLength = 3 + candidates + listCount + 6;
  const stations: Generated['stations'] = [];
  const flat: Int32Array[] = [];
  const localWeights = new Float64Array(listCount);
  let votesAll = 0;
  for (let s = 0; s < stationCount; s++) {
    const eligibleVoters = random.between(ELIGIBLE.min, ELIGIBLE.max);
    const total = Math.round(eligibleVoters * (0.6 + 0.3 * random.next()));
    const blank = Math.floor(total * 0.002 * random.next() * 2);
    const invalid = Math.floor(total * 0.003 * random.next() * 2);
    const valid = total - blank - invalid;
    const proxies = Math.floor(total * 0.05 * random.next());
    // Regional variation: each list's share differs per station (±35 %).
    let localSum = 0;
    for (let l = 0; l < listCount; l++) {
      const x = ((LIST_WEIGHTS[l] ?? 0) / listWeightSum) * (0.65 + 0.7 * random.next());
      localWeights[l] = x;
      localSum += x;
    }
    for (let l = 0; l < listCount; l++) localWeights[l] = (localWeights[l] ?? 0) / localSum;
    const listVotes: number[] = [];
    split(valid, localWeights, listVotes, random.int(listCount));
    const lists: StationCount['votes']['lists'] = [];
    const row = new Int32Array(flatLength);
    row[0] = total - proxies;
    row[1] = proxies;
    row[2] = total;
    let at = 3;
    for (let l = 0; l < listCount; l++) {
      const size = LIST_SIZES[l] ?? 0;
      const lv = listVotes[l] ?? 0;
      const cands: number[] = new Array<number>(size);
      split(lv, candWeights[l] ?? new Float64Array(size), cands, random.int(Math.min(size, 12)));
      lists.push({ number: l + 1, candidates: cands, total: lv });
      for (const c of cands) row[at++] = c;
      row[at++] = lv;
    }
    row[at++] = valid;
    row[at++] = blank;
    row[at++] = invalid;
    row[at++] = total;
    row[at++] = 0;
    row[at++] = 0;
    const count: StationCount = {
      voters: { pollCards: total - proxies, proxyCertificates: proxies, total },
      votes: { lists, totalValid: valid, blank, invalid, total },
      differences: { moreBallots: 0, fewerBallots: 0, explanation: null },
    };
    stations.push({
      number: s + 1,
      name: `Stembureau ${s + 1}`,
      municipalityCode: codes[Math.floor(Math.pow(random.next(), 1.5) * codes.length)] ?? 'GM0363',
      eligibleVoters,
      count,
    });
    flat.push(row);
    votesAll += total;
  }
  return { stations, ballot, flat, votes: votesAll, candidates };
}

// ---------------------------------------------------------------------------------------------
// Set-up: the election written through the store

/** The definition as Loket keeps it: lists with (invented) candidates, and the polling stations. */
function definitionOf(id: string, generated: Generated): ElectionDefinition {
  const lists: ElectionList[] = LIST_SIZES.map((size, l) => ({
    number: l + 1,
    name: `Partij ${String.fromCharCode(65 + l)}`,
    candidates: Array.from({ length: size }, (_, p) => ({
      position: p + 1,
      initials: 'K.',
      firstName: null,
      prefix: null,
      lastName: `Kandidaat ${String.fromCharCode(65 + l)}${p + 1}`,
      locality: null,
      gender: null,
      deceased: false,
    })),
  }));
  const stations: PollingStation[] = generated.stations.map((s) => ({
    number: s.number,
    name: s.name,
    municipalityCode: s.municipalityCode,
    postalCode: null,
    eligibleVoters: s.eligibleVoters,
  }));
  return {
    id,
    kind: 'election',
    organisationCode: ORGANISATION,
    body: 'house_of_representatives',
    name: 'Tweede Kamerverkiezing (bench)',
    date: '2026-10-28',
    seats: SEATS,
    status: 'counting',
    emlId: 'TK2026_bench',
    eligibleVoters: null,
    createdAt: clock.now().toISOString(),
    finalisedAt: null,
    lists,
    stations,
  };
}

/** Through the store, in one transaction: the definition, then every station agreed with its count. */
async function storeElection(database: Database, generated: Generated): Promise<string> {
  const id = newId();
  const now = clock.now().toISOString();
  await inTransaction(database.db, async (trx) => {
    await store.insertElectionDefinition(trx, definitionOf(id, generated));
    for (const s of generated.stations) {
      await store.updateStation(trx, id, s.number, {
        status: 'agreed',
        attempt: 1,
        recounts: 0,
        firstEnteredBy: null,
        agreed: s.count,
        agreedAt: now,
        agreedBy: null,
      });
    }
  });
  return id;
}

// ---------------------------------------------------------------------------------------------
// Baselines

/** (a) A plain loop over the preloaded Int32Arrays. */
function plainSum(flat: readonly Int32Array[]): Float64Array {
  const width = flat[0]?.length ?? 0;
  const sums = new Float64Array(width);
  for (const row of flat) for (let i = 0; i < width; i++) sums[i] = (sums[i] ?? 0) + (row[i] ?? 0);
  return sums;
}

interface RawReader {
  /** The agreed counts' JSON text of the election, through the driver. */
  rows(electionId: string): Promise<string[]>;
  close(): Promise<void>;
}

function sqliteReader(file: string): RawReader {
  const raw = new SQLite(file, { readonly: true });
  const select = raw.prepare<[string], { agreed: string }>(
    "select agreed from election_station where election_id = ? and status = 'agreed'",
  );
  return {
    rows: (electionId) => Promise.resolve(select.all(electionId).map((r) => r.agreed)),
    close: () => {
      raw.close();
      return Promise.resolve();
    },
  };
}

async function postgresReader(url: string): Promise<RawReader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    rows: async (electionId) => {
      // ::text so that the parse happens here, as with SQLite (pg would JSON.parse jsonb itself).
      const r = await client.query<{ agreed: string }>({
        name: 'agreed',
        text: "select agreed::text as agreed from election_station where election_id = $1 and status = 'agreed'",
        values: [electionId],
      });
      return r.rows.map((x) => x.agreed);
    },
    close: () => client.end(),
  };
}

/** (b) The rows through the driver, JSON.parse'd and summed by hand: no validation, no shapes checked. */
async function rawReadAndSum(reader: RawReader, electionId: string): Promise<{ votes: number; perCandidate: number[][] }> {
  const texts = await reader.rows(electionId);
  const perCandidate = LIST_SIZES.map((size) => new Array<number>(size).fill(0));
  let votes = 0;
  for (const text of texts) {
    const c = JSON.parse(text) as StationCount;
    votes += c.votes.total;
    for (let l = 0; l < c.votes.lists.length; l++) {
      const list = c.votes.lists[l];
      const into = perCandidate[l];
      if (!list || !into) continue;
      for (let p = 0; p < list.candidates.length; p++) into[p] = (into[p] ?? 0) + (list.candidates[p] ?? 0);
    }
  }
  return { votes, perCandidate };
}

// ---------------------------------------------------------------------------------------------
// Loket's path

/** The agreed counts as the service reads them: every station row through the store (agreed JSON parsed). */
async function readAgreed(database: Database, electionId: string): Promise<StationCount[]> {
  const states = await store.stationsOf(database.db, electionId);
  return states.filter((s) => s.status === 'agreed' && s.agreed !== null).map((s) => s.agreed as StationCount);
}

const coordinator: Principal = {
  kind: 'official',
  officialId: '01a22688-7018-7b2c-9d3e-4f5a6b7c8d9e',
  organisationCode: ORGANISATION,
  roles: ['election_coordinator'],
  sessionId: 'bench',
  loa: 'high',
  name: 'Bench',
};

const parts = ['plain', 'raw', 'read', 'aggregate', 'seatAssignment', 'nomination', 'process', 'total'] as const;
type Part = (typeof parts)[number];

/** Per part: wall time and on-CPU time (user + system of this process) per round, in ms. */
type Timings = Record<Part, { wall: number[]; cpu: number[] }>;

const newTimings = (): Timings => Object.fromEntries(parts.map((p) => [p, { wall: [] as number[], cpu: [] as number[] }])) as Timings;

/** Runs `work`, recording its wall and on-CPU time under `part` (when recording). */
async function timed<T>(into: Timings | undefined, part: Part, work: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const out = await work();
  const wall = elapsedMs(t);
  const used = process.cpuUsage(cpu);
  into?.[part].wall.push(wall);
  into?.[part].cpu.push((used.user + used.system) / 1000);
  return out;
}

/** One measured round of every part, in a fixed order. Returns the results of the parts for a cross-check. */
async function round(
  ctx: ModuleContext,
  electionId: string,
  generated: Generated,
  def: ElectionDefinition,
  reader: RawReader,
  into: Timings | undefined,
): Promise<{
  totals: CountTotals;
  process: ApportionmentResult;
  plain: Float64Array;
  raw: { votes: number; perCandidate: number[][] };
  provisional: number;
}> {
  const ballot = ballotShapeOf(def.lists);
  const plain = await timed(into, 'plain', () => plainSum(generated.flat));
  const raw = await timed(into, 'raw', () => rawReadAndSum(reader, electionId));
  await timed(into, 'read', () => readAgreed(ctx.database, electionId));
  const totals = await timed(into, 'aggregate', async () => sumCounts(await readAgreed(ctx.database, electionId), ballot));
  const input = apportionmentInput(def, totals, []);
  const seats = await timed(into, 'seatAssignment', () => apportion({ ...input, kind: 'seat_assignment' }));
  if (seats.status !== 'Completed' || seats.kind !== 'seat_assignment') throw new Error(`seat assignment: ${seats.status}`);
  const nominated = await timed(into, 'nomination', () =>
    apportion({ ...input, kind: 'candidate_nomination', given_quota: seats.quota, given_seats_per_list: seats.seats_per_list }),
  );
  if (nominated.status !== 'Completed') throw new Error(`candidate nomination: ${nominated.status}`);
  const processed = await timed(into, 'process', () => apportion({ ...input, kind: 'process' }));
  const provisional = await timed(into, 'total', () => getProvisionalResult(ctx, coordinator, electionId));
  if (!provisional.ok) throw new Error(`getProvisionalResult: ${provisional.failure.code}`);
  return { totals, process: processed, plain, raw, provisional: provisional.value.totals.votes.total };
}

// ---------------------------------------------------------------------------------------------
// One database

interface Target extends ScratchDatabase {
  reader(): Promise<RawReader>;
}

function sqliteTarget(): Target {
  const scratch = scratchSqlite('democracy');
  return { ...scratch, reader: () => Promise.resolve(sqliteReader(scratch.where)) };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const scratch = await scratchPostgres(adminUrl, 'democracy');
  return { ...scratch, reader: () => postgresReader(scratch.where) };
}

function seatsLine(result: ApportionmentResult): string {
  if (result.status !== 'Completed' || result.kind !== 'process') return `status ${result.status}`;
  const preference = result.list_nominations.reduce((n, l) => n + l.preferential.length, 0);
  const residual = result.residual_seats_total;
  return (
    `seats per list ${result.seats_per_list.join(' ')} (${residual} residual seats by highest averages); ` +
    `${result.elected_candidates.length} candidates elected, ${preference} of them on preference votes ` +
    `(threshold ${result.preference_threshold.percentage} % of the quota)`
  );
}

async function benchOn(target: Target, generated: Generated): Promise<BenchResult[]> {
  const { dialect, database } = target;
  const config = testConfig();
  const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(resolveSecret(config)) };
  let t = performance.now();
  await prepareDatabase(database, config, clock);
  const migrateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const electionId = await storeElection(database, generated);
  const storeSeconds = (performance.now() - t) / 1000;
  progress(
    dialect,
    `migrated in ${migrateSeconds.toFixed(1)} s; ${fmt(generated.stations.length)} agreed stations stored in ${storeSeconds.toFixed(1)} s`,
  );

  const def = definitionOf(electionId, generated);
  const reader = await target.reader();
  try {
    progress(dialect, 'warm-up round…');
    const check = await round(ctx, electionId, generated, def, reader, undefined);
    const timings = newTimings();
    const loadBefore = os.loadavg()[0] ?? 0;
    for (let r = 0; r < rounds; r++) {
      await round(ctx, electionId, generated, def, reader, timings);
      if (rounds <= 10 || (r + 1) % 10 === 0 || r + 1 === rounds) {
        const w = (p: Part): string => ms(timings[p].wall[r] ?? 0);
        progress(
          dialect,
          `round ${r + 1}/${rounds}: total ${w('total')}, aggregation ${w('aggregate')}, apportionment ${w('seatAssignment')}, ` +
            `nomination ${w('nomination')}, plain sum ${w('plain')}, raw read+sum ${w('raw')}`,
        );
      }
    }
    const loadAfter = os.loadavg()[0] ?? 0;

    // Cross-check: every path summed the same numbers.
    const width = generated.flat[0]?.length ?? 0;
    const plainVotes = check.plain[width - 3] ?? Number.NaN;
    const agree =
      plainVotes === generated.votes &&
      check.raw.votes === generated.votes &&
      check.totals.votes.total === generated.votes &&
      check.provisional === generated.votes &&
      JSON.stringify(check.raw.perCandidate) === JSON.stringify(check.totals.votes.lists.map((l) => l.candidates));
    const m = (p: Part): number => median(timings[p].wall);
    const least = (p: Part): number => Math.min(...timings[p].wall);
    const cpu = (p: Part): number => median(timings[p].cpu);
    const plain = m('plain');
    const raw = m('raw');
    const plainName = 'plain loop summing the same numbers from preloaded Int32Arrays';
    const rawName = 'driver SELECT + JSON.parse + summing by hand, no validation';
    const where = `${dialect}, ${fmt(generated.stations.length)} stations`;
    const labels: Record<Part, string> = {
      plain: 'plain sum (baseline)',
      raw: 'raw read+parse+sum (baseline)',
      read: 'DB read+parse',
      aggregate: 'aggregation (read+parse+sumCounts)',
      seatAssignment: 'apportionment (seat assignment)',
      nomination: 'nomination (candidate election)',
      process: 'apportion kind process (both)',
      total: 'total getProvisionalResult',
    };
    const line = (f: (p: Part) => number): string => parts.map((p) => `${labels[p]} ${ms(f(p))}`).join(', ');
    const sizeNote =
      `scale ${scale}: ${fmt(generated.stations.length)} polling stations, ${LIST_SIZES.length} lists, ${fmt(generated.candidates)} candidates ` +
      `(list sizes ${LIST_SIZES.join(' ')}), ${fmt(generated.votes)} votes, ${SEATS} seats; set-up (not measured): migrations ` +
      `${migrateSeconds.toFixed(1)} s, stations stored through the store in ${storeSeconds.toFixed(1)} s; figures are medians of ${rounds} ` +
      `rounds after one warm-up round; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.availableParallelism()} cores`;
    const notes = [
      sizeNote,
      `medians (wall): ${line(m)}`,
      `fastest round (wall): ${line(least)}`,
      `medians (on-CPU time of this process, robust to other work on the machine${dialect === 'postgres' ? '; the server’s work is not in it' : ''}): ${line(cpu)}`,
      seatsLine(check.process),
      agree
        ? 'cross-check: every path summed the same votes per candidate and the same total'
        : `WARNING the paths disagree: generated ${generated.votes}, plain ${plainVotes}, raw ${check.raw.votes}, sumCounts ${check.totals.votes.total}, service ${check.provisional}`,
      'getProvisionalResult = the coordinator’s provisional result: every station row read through the store (stationsOf), the agreed ' +
        'counts summed (sumCounts) overall and per municipality, the apportionment and the election of candidates (apportion, kind process); ' +
        '"aggregation" = stationsOf + sumCounts of the agreed counts overall, as compute() in service.ts does first',
    ];
    const result = (name: string, value: number, baseline: { value: number; name: string }, extra?: string[]): BenchResult => ({
      name: `${name} (${where})`,
      figure: { value, unit: 'ms' },
      baseline: { value: baseline.value, unit: 'ms' },
      baselineName: baseline.name,
      ratio: value / baseline.value,
      ...(extra ? { notes: extra } : {}),
    });
    return [
      result(
        'total: aggregation + apportionment + candidate election (getProvisionalResult)',
        m('total'),
        { value: raw, name: rawName },
        notes,
      ),
      result('total: aggregation + apportionment + candidate election (getProvisionalResult)', m('total'), {
        value: plain,
        name: plainName,
      }),
      result('DB read + parse of the agreed counts (store)', m('read'), { value: raw, name: rawName }),
      result('aggregation: read + parse + sumCounts', m('aggregate'), { value: raw, name: rawName }),
      result('aggregation: read + parse + sumCounts', m('aggregate'), { value: plain, name: plainName }),
      result('apportionment: seat assignment (apportion)', m('seatAssignment'), { value: plain, name: plainName }),
      result('candidate election: nomination (apportion)', m('nomination'), { value: plain, name: plainName }),
      result('apportion kind process: seats + candidates', m('process'), { value: plain, name: plainName }),
    ];
  } finally {
    await reader.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const stationCount = Math.max(1, Math.round(FULL_STATIONS * scale));
  let t = performance.now();
  const generated = generate(stationCount);
  console.error(
    `  democracy: generated ${fmt(stationCount)} station counts, ${fmt(generated.votes)} votes, ${fmt(generated.candidates)} candidates ` +
      `in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const results: BenchResult[] = [];
  const targets: (() => Promise<Target>)[] = [() => Promise.resolve(sqliteTarget())];
  if (pgUrl) targets.push(() => postgresTarget(pgUrl));
  for (const make of targets) {
    const target = await make();
    try {
      t = performance.now();
      results.push(...(await benchOn(target, generated)));
      progress(target.dialect, `done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } finally {
      await target.cleanup();
    }
  }
  return results;
}
