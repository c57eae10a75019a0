// Issue target: requests per second and p99 latency for GET /api/v1/organisations?limit=20 at
// 50 connections, next to bare node:http answering a fixed JSON body, both measured in the same
// run on the same core budget. Target: at least 0.5 of bare node:http, p99 under 10 ms.
//
// Each server runs alone in a child process pinned to one core; autocannon runs in this process
// on another core. The bare server answers with the body of a real Loket response; a second bare
// run also sends Loket's response headers (security, rate limit, API version, request and trace
// ids): writing and checking those headers is a large part of what a request costs node:http.
import type { BenchResult } from './lib/result.ts';
import { corePlan, pinSelf, startServer, type ServerChild } from './lib/child.ts';
import { describe, measure, type LoadFigures, type LoadSettings } from './lib/load.ts';

const route = '/api/v1/organisations?limit=20';
const settings: LoadSettings = {
  connections: 50,
  pipelining: 1,
  warmupSeconds: Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2),
  seconds: Number(process.env['BENCH_SECONDS'] ?? 10),
};
const targetRatio = 0.5;
const targetP99Ms = 10;

async function withServer<T>(server: ServerChild, work: (s: ServerChild) => Promise<T>): Promise<T> {
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Headers Node writes itself, or bare.ts sets: not copied into the same-headers baseline. */
const ownHeaders = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding']);

async function fetchResponse(server: ServerChild): Promise<{ body: string; headers: Record<string, string> }> {
  const res = await fetch(`${server.url}${route}`, { headers: { accept: 'application/json' } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}: ${body.slice(0, 200)}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of res.headers) if (!ownHeaders.has(name)) headers[name] = value;
  return { body, headers };
}

interface Pair {
  loket: LoadFigures;
  bare: LoadFigures;
  /** Bare node:http sending Loket's response headers too (security, rate limit, API version, ids). */
  bareSameHeaders: LoadFigures;
  bodyBytes: number;
  headerCount: number;
}

async function measurePair(
  database: { BENCH_DATABASE_URL: string } | Record<string, never>,
  serverCore: number | undefined,
): Promise<Pair> {
  // Loket first (and alone), then the baselines with the body (and the headers) Loket gave.
  let response = { body: '', headers: {} as Record<string, string> };
  const loket = await withServer(await startServer('loket.ts', database, serverCore), async (s) => {
    response = await fetchResponse(s);
    return measure(s, route, settings);
  });
  const { body, headers } = response;
  const bare = await withServer(await startServer('bare.ts', { BENCH_BODY: body }, serverCore), (s) => measure(s, route, settings));
  const bareSameHeaders = await withServer(
    await startServer('bare.ts', { BENCH_BODY: body, BENCH_HEADERS: JSON.stringify(headers) }, serverCore),
    (s) => measure(s, route, settings),
  );
  return { loket, bare, bareSameHeaders, bodyBytes: Buffer.byteLength(body), headerCount: Object.keys(headers).length };
}

/** NaN (printed as —) when the baseline is 0, e.g. a sub-millisecond latency. */
const ratio = (figure: number, baseline: number): number => (baseline > 0 ? figure / baseline : Number.NaN);

function results(label: string, p: Pair, cores: string): BenchResult[] {
  const common = [
    describe('loket', p.loket),
    describe('bare node:http', p.bare),
    describe(`bare node:http with Loket's ${p.headerCount} headers`, p.bareSameHeaders),
    `${settings.connections} connections, pipelining ${settings.pipelining}, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s each; JSON body ${p.bodyBytes.toLocaleString('en-US')} B; ${cores}`,
  ];
  const rpsRatio = p.loket.rps / p.bare.rps;
  return [
    {
      name: `GET ${route} (${label}) req/s`,
      figure: { value: p.loket.rps, unit: 'req/s' },
      baseline: { value: p.bare.rps, unit: 'req/s' },
      baselineName: 'bare node:http',
      ratio: rpsRatio,
      target: `ratio ≥ ${targetRatio}`,
      met: rpsRatio >= targetRatio,
      notes: common,
    },
    {
      name: `GET ${route} (${label}) p99`,
      figure: { value: p.loket.p99, unit: 'ms' },
      baseline: { value: p.bare.p99, unit: 'ms' },
      baselineName: 'bare node:http',
      ratio: ratio(p.loket.p99, p.bare.p99),
      target: `< ${targetP99Ms} ms`,
      met: p.loket.p99 < targetP99Ms,
    },
    {
      name: `GET ${route} (${label}) p50`,
      figure: { value: p.loket.p50, unit: 'ms' },
      baseline: { value: p.bare.p50, unit: 'ms' },
      baselineName: 'bare node:http',
      ratio: ratio(p.loket.p50, p.bare.p50),
      notes: ['autocannon records latency in whole milliseconds'],
    },
    {
      // Same bytes on the wire: what Loket costs beyond the headers it must send.
      name: `GET ${route} (${label}) req/s, same headers`,
      figure: { value: p.loket.rps, unit: 'req/s' },
      baseline: { value: p.bareSameHeaders.rps, unit: 'req/s' },
      baselineName: 'bare node:http, same headers',
      ratio: p.loket.rps / p.bareSameHeaders.rps,
    },
    {
      // CPU time per request moves less than req/s when other work shares the machine.
      name: `GET ${route} (${label}) server CPU`,
      figure: { value: p.loket.serverCpuPerRequestUs, unit: 'µs/req' },
      baseline: { value: p.bare.serverCpuPerRequestUs, unit: 'µs/req' },
      baselineName: 'bare node:http',
      ratio: ratio(p.loket.serverCpuPerRequestUs, p.bare.serverCpuPerRequestUs),
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const plan = corePlan();
  const cores =
    plan.server === undefined
      ? `${plan.cores} core(s), no pinning (needs 2 cores and taskset): server and load generator share the machine`
      : `${plan.cores} cores: server pinned to core ${plan.server}, load generator to core ${plan.client}`;
  const restore = pinSelf(plan.client);
  try {
    const out = results('sqlite', await measurePair({}, plan.server), cores);
    const pgUrl = process.env['DATABASE_URL'];
    if (pgUrl) {
      try {
        out.push(...results('postgres', await measurePair({ BENCH_DATABASE_URL: pgUrl }, plan.server), cores));
      } catch (e) {
        out[0]?.notes?.push(`postgres run failed (DATABASE_URL set): ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}`);
      }
    } else {
      out[0]?.notes?.push('postgres: not run (set DATABASE_URL to a server where a scratch database may be created)');
    }
    return out;
  } finally {
    restore();
  }
}
