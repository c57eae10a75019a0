// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- organisations db` runs the named ones.
// Benchmarks assert nothing: they print figures against a baseline measured in the same run.
// The exit code is non-zero only when a benchmark could not run, never for a missed target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from './lib/child.ts';
import { renderTable, type BenchResult } from './lib/result.ts';

const suffix = '.bench.ts';

function isRun(value: unknown): value is () => Promise<BenchResult[]> {
  return typeof value === 'function';
}

async function main(args: readonly string[]): Promise<number> {
  const available = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
  const unknown = args.filter((a) => !available.includes(a.replace(/\.bench(\.ts)?$/, '')));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
    return 2;
  }
  const chosen = args.length > 0 ? available.filter((n) => args.some((a) => a.replace(/\.bench(\.ts)?$/, '') === n)) : available;

  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`Loket benchmarks — node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${os.platform()} ${os.release()}`);
  // Other work on the machine skews every figure; the load average at the start says how busy it was.
  const busy = (os.loadavg()[0] ?? 0) >= os.availableParallelism() / 2;
  console.log(`load average at start: ${load}${busy ? ' — the machine is busy with other work: expect noisy, pessimistic figures' : ''}`);

  const rows: { bench: string; result: BenchResult }[] = [];
  const failed: string[] = [];
  for (const name of chosen) {
    console.error(`running ${name}…`);
    const started = Date.now();
    try {
      const mod: unknown = await import(pathToFileURL(path.join(benchDir, name + suffix)).href);
      const run = typeof mod === 'object' && mod !== null && 'run' in mod ? mod.run : undefined;
      if (!isRun(run)) throw new Error(`${name}${suffix} does not export run()`);
      for (const result of await run()) rows.push({ bench: name, result });
      console.error(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed.push(name);
      console.error(`  ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log('');
  console.log(renderTable(rows));
  if (failed.length > 0) {
    console.log(`\nfailed to run: ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
