// HTTP load with autocannon: a warm-up, then the measured run, same settings for every target.
import autocannon from 'autocannon';
import type { ServerChild } from './child.ts';

export interface LoadSettings {
  connections: number;
  pipelining: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadFigures {
  /** Mean requests per second over the measured run (autocannon requests.average). */
  rps: number;
  /** Latency percentiles in ms (autocannon latency histogram). */
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Share of one core the load generator (this process) used during the measured run. */
  clientCpu: number;
  /** Share of one core the server process used during the measured run. */
  serverCpu: number;
  /** Response body bytes per request. */
  bytesPerResponse: number;
  /** Server CPU time (user + system) per request, in µs: less sensitive to other load on the machine than req/s. */
  serverCpuPerRequestUs: number;
}

export async function measure(server: ServerChild, pathAndQuery: string, s: LoadSettings): Promise<LoadFigures> {
  const url = `${server.url}${pathAndQuery}`;
  const base = { url, connections: s.connections, pipelining: s.pipelining, headers: { accept: 'application/json' } };
  await autocannon({ ...base, duration: s.warmupSeconds });

  const serverBefore = await server.cpu();
  const clientBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const r = await autocannon({ ...base, duration: s.seconds });
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverUs = (await server.cpu()) - serverBefore;

  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    clientCpu: (client.user + client.system) / wallUs,
    serverCpu: serverUs / wallUs,
    bytesPerResponse: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
    serverCpuPerRequestUs: r.requests.total > 0 ? serverUs / r.requests.total : Number.NaN,
  };
}

/** One line of context for a measured run: sample size, failures, CPU use. */
export function describe(label: string, f: LoadFigures): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const failures = f.non2xx + f.errors + f.timeouts;
  return (
    `${label}: ${f.total.toLocaleString('en-US')} requests, ~${Math.round(f.bytesPerResponse).toLocaleString('en-US')} B/response incl. headers, ` +
    `server CPU ${pct(f.serverCpu)} of a core (${Math.round(f.serverCpuPerRequestUs)} µs/request), load generator CPU ${pct(f.clientCpu)}` +
    (failures > 0 ? `; WARNING ${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts` : '')
  );
}
