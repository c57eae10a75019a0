// Issue 6 (mandates), "Bench": at national size (17.5 M persons, ~3.5 M minors with parents
// holding gezag, ~100,000 court registrations, 1.5 M businesses with functionaries, 5 M voluntary
// mandates), the latency (p50/p99) and checks per second of Loket's check on one core, next to npm
// `casbin` answering the same checks over the same relations in the same run. Targets: p99 < 1 ms,
// more checks/s than casbin.
//
// 1. Build (setup, not measured): the real migrations (prepareDatabase) on a SQLite file in a temp
//    dir, then the population generated in bench/lib/mandates-data.ts and bulk-inserted straight
//    into the registry and mandate tables through a connection of its own (prepared statements, one
//    transaction per 100,000 rows, secondary indexes made after the load, synchronous=OFF and
//    foreign keys off while building only). The app's connection keeps its own pragmas (WAL,
//    synchronous=FULL, 2 MB page cache) for the checks.
// 2. casbin (bench/lib/mandates-casbin.ts): an Enforcer with an in-memory RBAC-with-domains model
//    and an ABAC matcher, loaded by an adapter that reads the same tables and keeps the relations in
//    force at the moment of the checks (casbin holds no dates).
// 3. N checks drawn from the population (self; parent → child; court representatives; functionary
//    → business; mandatary in and out of scope; employee → business; intermediary employee → client;
//    unrelated actor), one at a time (sequential awaits), pinned to one core where taskset exists:
//    first through Loket's real path — `decide(ctx, principal, {action, subject, service})` in
//    src/modules/mandates/service.ts: the facts read fresh from the database, then the pure engine —
//    before casbin is loaded (a Loket process holds no casbin heap; with it, the young-generation
//    collections of a multi-GB heap add pauses to whatever runs); then casbin is loaded and answers
//    the same checks through `enforceSync`; then decide() runs again on part of the checks with
//    casbin's heap present, as a cross-check printed in the notes. The services are ServiceFacts
//    built in the bench (real organisation codes and UPL products), not catalog rows.
// 4. The pure `check()` alone over facts loaded beforehand (p50/p99, checks/s).
// 5. Agreement: on how many checks casbin and Loket both allow or both deny, with every
//    disagreement grouped by kind and by Loket's reason.
//
// casbin needs many GB of heap at national size, so the measuring runs in a child node process with
// a larger heap (--max-old-space-size, about the machine's memory less 4 GB, at most 20 GB); its
// progress goes to stderr and its results come back through a file.
//
//   LOKET_BENCH_MANDATES_SCALE=1        fraction of the national size (0.01 for a quick run)
//   LOKET_BENCH_MANDATES_CHECKS=200000  measured checks per side (after 5,000 warm-up checks each)
//   LOKET_BENCH_MANDATES_PURE=50000     checks timed through the pure check() (facts loaded beforehand)
//   LOKET_BENCH_MANDATES_SHARED=50000   checks through decide() again once casbin is loaded (its heap in the process)
//   LOKET_BENCH_MANDATES_CPU=50000      checks per side timed again by on-CPU time (process.cpuUsage), robust to a busy machine
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { prepareDatabase, resolveSecret } from '../src/app.ts';
import type { Principal } from '../src/platform/auth/model.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { EventBus } from '../src/platform/events/index.ts';
import type { ModuleContext } from '../src/platform/module.ts';
import { ProcessingLog } from '../src/platform/processing-log/index.ts';
import { testConfig } from '../src/platform/testing/app.ts';
import { fixedClock } from '../src/platform/time/index.ts';
import { check, type At, type CheckFacts, type CheckSettings, type Decision } from '../src/modules/mandates/model.ts';
import { mandateRules } from '../src/modules/mandates/reference.ts';
import { decide, loadFacts } from '../src/modules/mandates/service.ts';
import { corePlan, pinSelf } from './lib/child.ts';
import { casbinRequest, LoketTablesAdapter, loadEnforcer, type CasbinRequest } from './lib/mandates-casbin.ts';
import { checkKinds, loadPopulation, makeChecks, sizesAt, type CheckKind, type CheckSpec, type LoadCounts } from './lib/mandates-data.ts';
import type { BenchResult } from './lib/result.ts';

const scale = Number(process.env['LOKET_BENCH_MANDATES_SCALE'] ?? 1);
const checkCount = Number(process.env['LOKET_BENCH_MANDATES_CHECKS'] ?? 200_000);
const pureCount = Math.min(checkCount, Number(process.env['LOKET_BENCH_MANDATES_PURE'] ?? 50_000));
const sharedChecks = Number(process.env['LOKET_BENCH_MANDATES_SHARED'] ?? 50_000);
const cpuChecks = Number(process.env['LOKET_BENCH_MANDATES_CPU'] ?? 50_000);
const resultVariable = 'LOKET_BENCH_MANDATES_RESULT';
const rounds = 5;
const warmup = 5_000;
const targetP99Ms = 1;
const clock = fixedClock('2026-11-30T10:00:00Z');
const today = clock.today();
const at: At = { day: today, instant: clock.now().toISOString() };
const thisFile = fileURLToPath(import.meta.url);

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function progress(message: string): void {
  console.error(`  mandates: ${message}`);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

interface Latency {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** Checks per second over the measured wall time. */
  rate: number;
}

function latencyOf(times: Float64Array, wallMs: number): Latency {
  const sorted = Float64Array.from(times).sort();
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    rate: times.length / (wallMs / 1000),
  };
}

const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

// ---------------------------------------------------------------------------------------------
// The checks on both sides

interface LoketRequest {
  principal: Principal;
  request: Parameters<typeof decide>[2];
}

function loketRequest(spec: CheckSpec): LoketRequest {
  const session = { sessionId: 'bench', loa: spec.loa, name: 'Bench' };
  const principal: Principal =
    spec.business === null
      ? { kind: 'person', bsn: spec.actorBsn, ...session }
      : { kind: 'business', kvkNumber: spec.business, actingBsn: spec.actorBsn, ...session };
  return { principal, request: { action: spec.action, subject: spec.subject, service: spec.service } };
}

type LoketDecision = Awaited<ReturnType<typeof decide>>;

/** Garbage-collection pauses while measuring (major: mark-compact of the whole heap; the rest scavenges of the young generation). */
interface GcPauses {
  count: number;
  major: number;
  ms: number;
  longestMs: number;
}

/** Watches GC pauses from now on; `stop` sums those that started inside the measured windows. */
class GcWatch {
  private readonly entries: { start: number; duration: number; major: boolean }[] = [];
  private readonly windows: { start: number; end: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    this.take(list.getEntries());
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  private take(entries: readonly PerformanceEntry[]): void {
    for (const e of entries) {
      // Node puts the kind of collection in `detail` (NodeGCPerformanceDetail); @types/node leaves it off PerformanceEntry.
      const detail: unknown = (e as PerformanceEntry & { detail?: unknown }).detail;
      const kind = typeof detail === 'object' && detail !== null && 'kind' in detail ? detail.kind : undefined;
      this.entries.push({ start: e.startTime, duration: e.duration, major: kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR });
    }
  }
  window(start: number, end: number): void {
    this.windows.push({ start, end });
  }
  async stop(): Promise<GcPauses> {
    // Node hands GC entries to observers from the event loop, which the measured loops never reach
    // (their awaits resolve as microtasks): let it turn before reading them.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    this.take(this.observer.takeRecords());
    this.observer.disconnect();
    const out: GcPauses = { count: 0, major: 0, ms: 0, longestMs: 0 };
    for (const e of this.entries) {
      if (!this.windows.some((w) => e.start >= w.start && e.start < w.end)) continue;
      out.count += 1;
      if (e.major) out.major += 1;
      out.ms += e.duration;
      out.longestMs = Math.max(out.longestMs, e.duration);
    }
    return out;
  }
}

/** On-CPU time per check (process.cpuUsage around each; time spent preempted by other processes left out), in ms. */
interface CpuTime {
  checks: number;
  p50: number;
  p99: number;
}

interface Side<T> {
  latency: Latency;
  cpu: CpuTime;
  /** Checks per second in each round. */
  rounds: number[];
  answers: T[];
  gc: GcPauses;
  /** The load average (1 minute) before and after. */
  load: [number, number];
}

/**
 * Checks `from`…`from + n - 1` one at a time (each awaited before the next: one core), after
 * `warmup` unmeasured ones, in `rounds` rounds; the answers kept.
 */
async function measureSide<T>(n: number, one: (i: number) => T | Promise<T>, label: string): Promise<Side<T>> {
  for (let i = 0; i < Math.min(warmup, n); i++) await one(i);
  const load: [number, number] = [os.loadavg()[0] ?? 0, 0];
  const times = new Float64Array(n);
  const answers = new Array<T>(n);
  const perRound = Math.ceil(n / rounds);
  const roundRates: number[] = [];
  let wall = 0;
  const gcWatch = new GcWatch();
  for (let r = 0; r < rounds; r++) {
    const from = r * perRound;
    const to = Math.min(n, from + perRound);
    if (from >= to) break;
    const windowStart = performance.now();
    const started = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      const t = process.hrtime.bigint();
      const a = one(warmup + i);
      answers[i] = a instanceof Promise ? await a : a;
      times[i] = elapsedMs(t);
    }
    const ms = elapsedMs(started);
    gcWatch.window(windowStart, performance.now());
    wall += ms;
    roundRates.push((to - from) / (ms / 1000));
    progress(`${label} round ${r + 1}/${rounds}: ${fmt(roundRates[r] ?? 0)}/s`);
  }
  load[1] = os.loadavg()[0] ?? 0;
  const gc = await gcWatch.stop();
  // A separate pass for on-CPU time, so that the two extra calls per check stay out of the wall-time figures.
  const cpuCount = Math.min(n, cpuChecks);
  const cpuTimes = new Float64Array(cpuCount);
  for (let i = 0; i < cpuCount; i++) {
    const before = process.cpuUsage();
    const a = one(warmup + i);
    if (a instanceof Promise) await a;
    const used = process.cpuUsage(before);
    cpuTimes[i] = (used.user + used.system) / 1000;
  }
  cpuTimes.sort();
  const cpu = { checks: cpuCount, p50: percentile(cpuTimes, 0.5), p99: percentile(cpuTimes, 0.99) };
  return { latency: latencyOf(times, wall), cpu, rounds: roundRates, answers, gc, load };
}

interface Pure {
  latency: Latency;
  checks: number;
  /** Checks where the pure check over the preloaded facts did not decide as decide() did. */
  mismatches: number;
  loadMs: number;
}

/** The pure check() over facts loaded beforehand (as decide() loads them), for the first `count` measured checks. */
async function measurePure(ctx: ModuleContext, specs: CheckSpec[], decisions: LoketDecision[], count: number): Promise<Pure> {
  const rules = mandateRules();
  const settings: CheckSettings = { chainMinimumLoa: rules.chainMinimumLoa, legalMinimumLoa: rules.legalMinimumLoa };
  const empty: CheckFacts = { subject: null, legal: [], functionaries: [], mandates: [] };
  const loadStarted = process.hrtime.bigint();
  const prepared: { facts: CheckFacts; request: Parameters<typeof check>[1] }[] = [];
  for (let i = 0; i < count; i++) {
    const spec = specs[warmup + i] as CheckSpec;
    const actor = { bsn: spec.actorBsn, business: spec.business };
    const self = spec.subject.kind === 'person' && spec.business === null && spec.subject.id === spec.actorBsn;
    prepared.push({
      facts: self ? empty : await loadFacts(ctx, actor, spec.subject),
      request: { actor, subject: spec.subject, action: spec.action, service: spec.service, at, loa: spec.loa },
    });
  }
  const loadMs = elapsedMs(loadStarted);
  let sink = 0;
  for (let pass = 0; pass < 2; pass++) for (const p of prepared.slice(0, warmup)) sink += check(p.facts, p.request, settings).allow ? 1 : 0;
  const times = new Float64Array(prepared.length);
  let mismatches = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i] as (typeof prepared)[number];
    const t = process.hrtime.bigint();
    const d: Decision = check(p.facts, p.request, settings);
    times[i] = elapsedMs(t);
    const expected = decisions[i];
    if (!expected || expected.allow !== d.allow || (!d.allow && !expected.allow && expected.reason !== d.reason)) mismatches += 1;
  }
  const wall = elapsedMs(started);
  if (sink < 0) progress('unreachable');
  return { latency: latencyOf(times, wall), checks: prepared.length, mismatches, loadMs };
}

// ---------------------------------------------------------------------------------------------
// Agreement

interface Agreement {
  total: number;
  agree: number;
  byKind: Map<CheckKind, { total: number; loketAllows: number; casbinAllows: number; agree: number }>;
  /** Disagreements by kind, direction and Loket's reason or basis. */
  differences: Map<string, number>;
  loaTooLowOnMandate: number;
}

function agreementOf(specs: CheckSpec[], decisions: readonly LoketDecision[], casbinAllows: readonly boolean[]): Agreement {
  const byKind = new Map(checkKinds.map((k) => [k, { total: 0, loketAllows: 0, casbinAllows: 0, agree: 0 }]));
  const differences = new Map<string, number>();
  let agree = 0;
  let loaTooLowOnMandate = 0;
  for (let i = 0; i < decisions.length; i++) {
    const spec = specs[warmup + i] as CheckSpec;
    const d = decisions[i] as LoketDecision;
    const c = casbinAllows[i] === true;
    const k = byKind.get(spec.kind);
    if (!k) continue;
    k.total += 1;
    if (d.allow) k.loketAllows += 1;
    if (c) k.casbinAllows += 1;
    if (d.allow === c) {
      agree += 1;
      k.agree += 1;
      continue;
    }
    const why = d.allow ? `Loket allows (${d.basis.kind}), casbin denies` : `Loket denies (${d.reason}), casbin allows`;
    if (!d.allow && d.reason === 'loa_too_low') loaTooLowOnMandate += 1;
    const key = `${spec.kind}: ${why}`;
    differences.set(key, (differences.get(key) ?? 0) + 1);
  }
  return { total: decisions.length, agree, byKind, differences, loaTooLowOnMandate };
}

// ---------------------------------------------------------------------------------------------
// The run inside the child process

function describeCounts(c: LoadCounts): string {
  const list = (r: Record<string, number>): string =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
  return (
    `${fmt(c.persons)} persons (${fmt(c.minors)} minors, ${fmt(c.deceased)} deceased), gezag ${fmt(c.authorities)} rows over ${fmt(c.authorityChildren)} children ` +
    `(minors and 18-19-year-olds), ${fmt(c.courtRegistrations)} court registrations, ${fmt(c.businesses)} businesses (${fmt(c.endedBusinesses)} ended, ` +
    `${fmt(c.firms)} intermediary firms) with ${fmt(c.functionaries)} functionaries, ${fmt(c.mandates)} mandates (${list(c.mandatesByKind)}; ` +
    `${list(c.mandatesByState)}; scopes ${list(c.mandatesByScope)}), ${c.serviceSets} service sets`
  );
}

async function inner(): Promise<BenchResult[]> {
  const sizes = sizesAt(scale);
  const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
  const loadAtStart = os.loadavg();
  progress(
    `scale ${scale}: ${fmt(sizes.persons)} persons, ${fmt(sizes.businesses)} businesses, ${fmt(sizes.mandates)} mandates; ` +
      `${fmt(checkCount)} checks per side; heap limit ${gb((await import('node:v8')).getHeapStatistics().heap_size_limit)}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-bench-mandates-'));
  const file = path.join(dir, 'mandates.sqlite');
  const database = openDatabase({ dialect: 'sqlite', file });
  try {
    const config = testConfig();
    const ctx: ModuleContext = { database, bus: new EventBus(), clock, config, processingLog: new ProcessingLog(resolveSecret(config)) };
    let t = performance.now();
    await prepareDatabase(database, config, clock);
    const migrateSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    const { counts, samples } = loadPopulation({
      file,
      sizes,
      today,
      sampleSize: Math.min(200_000, Math.max(1_000, warmup + checkCount)),
      batch: 100_000,
      progress,
    });
    const buildSeconds = (performance.now() - t) / 1000;
    let dbBytes = 0;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) dbBytes += fs.statSync(f).size;
    progress(`built in ${buildSeconds.toFixed(0)} s (+ migrations ${migrateSeconds.toFixed(1)} s); database ${gb(dbBytes)}`);

    const specs = makeChecks(samples, warmup + checkCount);
    const loket = specs.map(loketRequest);
    const viaDecide = (i: number): Promise<LoketDecision> => {
      const l = loket[i] as LoketRequest;
      return decide(ctx, l.principal, l.request);
    };
    const core = corePlan().server;
    const pinned = core === undefined ? '' : ` on core ${core}`;

    // Phase A: Loket as a Loket process runs it, without casbin's heap.
    gc();
    let unpin = pinSelf(core);
    let decided: Side<LoketDecision>;
    let pure: Pure;
    try {
      progress(`decide(): ${fmt(checkCount)} checks${pinned} (casbin not loaded yet)…`);
      decided = await measureSide(checkCount, viaDecide, 'decide()');
      progress(`pure check() over ${fmt(pureCount)} checks with facts loaded beforehand…`);
      pure = await measurePure(ctx, specs, decided.answers, pureCount);
    } finally {
      unpin();
    }

    // Phase B: casbin, loaded from the same tables, on the same checks.
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    t = performance.now();
    const adapter = new LoketTablesAdapter(file, at, progress);
    const enforcer = await loadEnforcer(adapter);
    const casbinSeconds = (performance.now() - t) / 1000;
    gc();
    const casbinHeap = process.memoryUsage().heapUsed - heapBefore;
    const a = adapter.counts;
    progress(
      `casbin loaded ${fmt(a.links)} links (${fmt(a.legal)} legal, ${fmt(a.functionary)} functionary, ${fmt(a.mandate)} mandate relations) ` +
        `in ${casbinSeconds.toFixed(0)} s (reading ${a.seconds.toFixed(0)} s); heap +${gb(casbinHeap)}, rss ${gb(process.memoryUsage().rss)}`,
    );
    const casbin = specs.map(casbinRequest);
    const sharedCount = Math.min(checkCount, sharedChecks);
    unpin = pinSelf(core);
    let enforced: Side<boolean>;
    let shared: Side<LoketDecision>;
    try {
      progress(`casbin: ${fmt(checkCount)} checks${pinned}…`);
      enforced = await measureSide(checkCount, (i) => enforcer.enforceSync(...(casbin[i] as CasbinRequest)), 'casbin');
      progress(`decide() again over ${fmt(sharedCount)} checks with casbin's heap in the process…`);
      shared = await measureSide(sharedCount, viaDecide, 'decide() beside casbin');
    } finally {
      unpin();
    }

    const agreement = agreementOf(specs, decided.answers, enforced.answers);
    const l = decided.latency;
    const c = enforced.latency;
    const loketCpu = decided.cpu;
    const casbinCpu = enforced.cpu;
    progress(
      `decide() p50 ${us(l.p50)} p99 ${us(l.p99)} ${fmt(l.rate)}/s; check() p50 ${us(pure.latency.p50)} p99 ${us(pure.latency.p99)} ` +
        `${fmt(pure.latency.rate)}/s; casbin p50 ${us(c.p50)} p99 ${us(c.p99)} ${fmt(c.rate)}/s; agreement ${((100 * agreement.agree) / agreement.total).toFixed(2)}%`,
    );

    const setup = [
      `scale ${scale}: ${describeCounts(counts)}`,
      `built in ${buildSeconds.toFixed(0)} s (persons ${counts.seconds.persons.toFixed(0)} s, gezag and court ${counts.seconds.registers.toFixed(0)} s, ` +
        `businesses ${counts.seconds.businesses.toFixed(0)} s, mandates ${counts.seconds.mandates.toFixed(0)} s, indexes ${counts.seconds.indexes.toFixed(0)} s) ` +
        `after the real migrations (${migrateSeconds.toFixed(1)} s); SQLite database ${gb(dbBytes)}; synchronous=OFF, foreign keys off and secondary ` +
        `indexes dropped while building only, the app's own connection (WAL, synchronous=FULL, 2 MB page cache) answers the checks`,
      `load average (1 min) ${loadAtStart[0]?.toFixed(2) ?? '?'} at the start, ${decided.load.map((x) => x.toFixed(2)).join(' → ')} while ` +
        `measuring decide(), ${enforced.load.map((x) => x.toFixed(2)).join(' → ')} while measuring casbin; ${os.availableParallelism()} cores, ` +
        `${core === undefined ? 'not pinned' : `measuring pinned to core ${core}`}; node ${process.version}`,
    ];
    const casbinNote =
      `casbin 5.51.1 Enforcer (RBAC with domains + ABAC matcher, enforceSync, no p rules, role manager following direct links) holding ` +
      `${fmt(a.links)} g rules: every relation in force at ${at.day} (${fmt(a.legal)} legal, ${fmt(a.functionary)} functionary, ${fmt(a.mandate)} mandate ` +
      `relations; ${fmt(a.skipped.legal + a.skipped.functionary + a.skipped.mandate)} rows not in force left out), loaded from the same tables in ` +
      `${casbinSeconds.toFixed(0)} s, heap +${gb(casbinHeap)}`;
    const mix = [...agreement.byKind]
      .filter(([, k]) => k.total > 0)
      .map(
        ([kind, k]) =>
          `${kind} ${fmt(k.total)} (Loket allows ${fmt(k.loketAllows)}, casbin ${fmt(k.casbinAllows)}, agree ${((100 * k.agree) / k.total).toFixed(1)}%)`,
      )
      .join('; ');
    const differences = [...agreement.differences]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k} ×${fmt(n)}`)
      .join('; ');
    const agreementNotes = [
      `check mix (${fmt(agreement.total)} measured checks; 15% of relational checks "view" without service, the rest apply/read_case/respond/object ` +
        `on one of 19 services; logins 75% substantial, 15% high, 10% low): ${mix}`,
      agreement.agree === agreement.total
        ? 'casbin and Loket agree on every check'
        : `disagreements: ${differences}. Known: a mandate's own minimum level of assurance (casbin's model has none; ` +
          `${fmt(agreement.loaTooLowOnMandate)} of the differences are Loket's loa_too_low); casbin also holds no dates (loaded as of ${at.day}) and gives no reason`,
    ];
    const pureNote =
      `pure check() over ${fmt(pure.checks)} of the same checks, facts loaded beforehand with loadFacts (${(pure.loadMs / pure.checks).toFixed(3)} ms ` +
      `per check to load); ${pure.mismatches === 0 ? 'same decision and reason as decide() on every one' : `WARNING ${fmt(pure.mismatches)} decided otherwise than decide()`}`;
    const dist = (x: Latency): string => `p90 ${us(x.p90)}, p99.9 ${us(x.p999)}, max ${us(x.max)}`;
    const gcLine = (g: GcPauses): string =>
      `${fmt(g.count)} GC pauses (${fmt(g.major)} major) totalling ${g.ms.toFixed(0)} ms, longest ${g.longestMs.toFixed(1)} ms`;
    const s = shared.latency;
    const roundsNote =
      `decide() measured first, before casbin was loaded (a Loket process holds no casbin heap), then casbin; each ${fmt(checkCount)} checks one at ` +
      `a time after ${fmt(warmup)} warm-up checks, in ${rounds} rounds (decide() ${decided.rounds.map(fmt).join(', ')}/s; casbin ` +
      `${enforced.rounds.map(fmt).join(', ')}/s); decide() ${dist(l)}, ${gcLine(decided.gc)}; casbin ${dist(c)}, ${gcLine(enforced.gc)}`;
    const sharedNote =
      `decide() again over ${fmt(sharedCount)} of the checks with casbin's ${gb(casbinHeap)} in the same process: ` +
      `p50 ${us(s.p50)}, p99 ${us(s.p99)}, ${fmt(s.rate)}/s, ${gcLine(shared.gc)} (the scavenges of a process with a heap this size)`;
    const casbinName = 'casbin enforceSync, same checks, same relations in memory';
    return [
      {
        name: `decide() checks/s at scale ${scale} (sqlite, one core)`,
        figure: { value: l.rate, unit: '/s' },
        baseline: { value: c.rate, unit: '/s' },
        baselineName: casbinName,
        ratio: l.rate / c.rate,
        target: 'ratio > 1 (more checks/s than casbin)',
        met: l.rate > c.rate,
        notes: [
          ...setup,
          casbinNote,
          `decide(): facts read fresh from the database for every check (person or business, legal representations, mandates granted, ` +
            `functionaries and internal mandates of business mandataries), then the pure engine; ServiceFacts built in the bench, not catalog rows`,
          roundsNote,
          sharedNote,
        ],
      },
      {
        name: `decide() p99 at scale ${scale} (sqlite)`,
        figure: { value: l.p99, unit: 'ms' },
        baseline: { value: c.p99, unit: 'ms' },
        baselineName: casbinName,
        ratio: l.p99 / c.p99,
        target: `< ${targetP99Ms} ms`,
        met: l.p99 < targetP99Ms,
      },
      {
        name: `decide() on-CPU time p99 at scale ${scale} (sqlite)`,
        figure: { value: loketCpu.p99, unit: 'ms' },
        baseline: { value: casbinCpu.p99, unit: 'ms' },
        baselineName: 'casbin enforceSync, same checks, on-CPU time',
        ratio: loketCpu.p99 / casbinCpu.p99,
        target: `< ${targetP99Ms} ms`,
        met: loketCpu.p99 < targetP99Ms,
        notes: [
          `on-CPU time per check (process.cpuUsage before and after each, a separate pass over ${fmt(loketCpu.checks)} checks per side): ` +
            `the time the check itself used, without the time the process waited while other processes ran (the machine's load); ` +
            `decide() p50 ${us(loketCpu.p50)}, casbin p50 ${us(casbinCpu.p50)} (µs resolution)`,
        ],
      },
      {
        name: `decide() p50 at scale ${scale} (sqlite)`,
        figure: { value: l.p50, unit: 'ms' },
        baseline: { value: c.p50, unit: 'ms' },
        baselineName: casbinName,
        ratio: l.p50 / c.p50,
      },
      {
        name: `check() (pure, facts preloaded) checks/s at scale ${scale}`,
        figure: { value: pure.latency.rate, unit: '/s' },
        baseline: { value: c.rate, unit: '/s' },
        baselineName: casbinName,
        ratio: pure.latency.rate / c.rate,
        target: 'ratio > 1',
        met: pure.latency.rate > c.rate,
        notes: [pureNote],
      },
      {
        name: `check() (pure, facts preloaded) p99 at scale ${scale}`,
        figure: { value: pure.latency.p99, unit: 'ms' },
        baseline: { value: c.p99, unit: 'ms' },
        baselineName: casbinName,
        ratio: pure.latency.p99 / c.p99,
        target: `< ${targetP99Ms} ms`,
        met: pure.latency.p99 < targetP99Ms,
      },
      {
        name: `check() (pure, facts preloaded) p50 at scale ${scale}`,
        figure: { value: pure.latency.p50, unit: 'ms' },
        baseline: { value: c.p50, unit: 'ms' },
        baselineName: casbinName,
        ratio: pure.latency.p50 / c.p50,
      },
      {
        name: `allow/deny agreement with casbin at scale ${scale}`,
        figure: { value: (100 * agreement.agree) / agreement.total, unit: '%' },
        baseline: { value: 100, unit: '%' },
        baselineName: 'the same answer on every check',
        ratio: agreement.agree / agreement.total,
        notes: agreementNotes,
      },
    ];
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The parent side: `npm run bench -- mandates` starts the child with a larger heap

function isBenchResults(value: unknown): value is BenchResult[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null && 'name' in r && 'figure' in r);
}

export async function run(): Promise<BenchResult[]> {
  const heapMb = Math.max(4_096, Math.min(20_480, Math.floor(os.totalmem() / 2 ** 20) - 4_096));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-bench-mandates-result-'));
  const resultFile = path.join(dir, 'result.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--expose-gc', '--import', 'tsx', thisFile], {
        cwd: path.resolve(path.dirname(thisFile), '..'),
        env: { ...process.env, [resultVariable]: resultFile },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (exit, signal) => {
        resolve(signal === null ? exit : 128);
      });
    });
    if (code !== 0 || !fs.existsSync(resultFile))
      throw new Error(`the measuring process ended with exit code ${String(code)} and no results`);
    const results: unknown = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    if (!isBenchResults(results)) throw new Error('the measuring process wrote no results');
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The child: measure, write the results where the parent said, exit.
const resultFile = process.env[resultVariable];
if (resultFile !== undefined && process.argv[1] !== undefined && path.resolve(process.argv[1]) === thisFile) {
  try {
    fs.writeFileSync(resultFile, JSON.stringify(await inner()));
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  }
}
