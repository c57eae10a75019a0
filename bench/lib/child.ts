// A server in its own process, pinned to one core, so the load generator in this process
// never shares an event loop (or a core) with it. Talks over the IPC channel:
//   child → parent  { type: 'ready', port }            once listening
//   parent → child  { type: 'cpu' }  →  { type: 'cpu', user, system }   (µs, process.cpuUsage)
//   parent → child  { type: 'stop' }                    close and exit
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type ParentMessage = { type: 'cpu' } | { type: 'stop' };
export type ChildMessage =
  { type: 'ready'; port: number } | { type: 'cpu'; user: number; system: number } | { type: 'failed'; message: string };

function isChildMessage(m: unknown): m is ChildMessage {
  return typeof m === 'object' && m !== null && 'type' in m && typeof m.type === 'string';
}

let tasksetAvailable: boolean | undefined;
function hasTaskset(): boolean {
  if (tasksetAvailable === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      tasksetAvailable = true;
    } catch {
      tasksetAvailable = false;
    }
  }
  return tasksetAvailable;
}

/** Core budget: the server on the last core, the load generator on the first; none on a 1-core machine. */
export function corePlan(): { cores: number; server: number | undefined; client: number | undefined } {
  const cores = os.availableParallelism();
  if (cores < 2 || !hasTaskset()) return { cores, server: undefined, client: undefined };
  return { cores, server: cores - 1, client: 0 };
}

/** Pins this process (all its threads) to one core; returns a function that restores the old mask. */
export function pinSelf(core: number | undefined): () => void {
  if (core === undefined || !hasTaskset()) return () => undefined;
  const pid = String(process.pid);
  const before = /:\s*([0-9a-f,]+)\s*$/i.exec(execFileSync('taskset', ['-p', pid], { encoding: 'utf8' }))?.[1];
  execFileSync('taskset', ['-a', '-p', '-c', String(core), pid], { stdio: 'ignore' });
  return () => {
    if (before) execFileSync('taskset', ['-a', '-p', before, pid], { stdio: 'ignore' });
  };
}

export interface ServerChild {
  port: number;
  url: string;
  /** CPU time (user + system, µs) the child has used so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `bench/servers/<script>` under `node --import tsx`, pinned to `core`, and waits until it listens.
 * `extraNodeArgs` go to node before the script, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to profile the server.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  core: number | undefined,
  extraNodeArgs: readonly string[] = [],
): Promise<ServerChild> {
  const file = path.join(benchDir, 'servers', script);
  const nodeArgs = [...extraNodeArgs, '--import', 'tsx', file];
  const [command, args] =
    core === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]];
  const child: ChildProcess = spawn(command, args, {
    cwd: path.resolve(benchDir, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const next = (want: ChildMessage['type'], timeoutMs: number): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${script}: no '${want}' message within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: unknown): void => {
        if (!isChildMessage(m)) return;
        if (m.type === 'failed') finish(new Error(`${script}: ${m.message}`));
        else if (m.type === want) finish(undefined, m);
      };
      const onExit = (code: number | null): void => finish(new Error(`${script} exited (code ${code}) before '${want}'`));
      const finish = (error: Error | undefined, m?: ChildMessage): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error || !m) reject(error ?? new Error('no message'));
        else resolve(m);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });

  const send = (m: ParentMessage): void => {
    child.send(m);
  };

  let ready: ChildMessage;
  try {
    ready = await next('ready', 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  if (ready.type !== 'ready') throw new Error('unexpected message');
  const port = ready.port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cpu: async () => {
      const reply = next('cpu', 10_000);
      send({ type: 'cpu' });
      const m = await reply;
      return m.type === 'cpu' ? m.user + m.system : Number.NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}

/** For the child side: answer 'cpu', run `stop` on 'stop' and exit. */
export function serveParent(port: number, stop: () => Promise<void>): void {
  const send = (m: ChildMessage): void => {
    process.send?.(m);
  };
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || !('type' in m)) return;
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu', user: u.user, system: u.system });
    } else if (m.type === 'stop') {
      shutdown();
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', shutdown);
  send({ type: 'ready', port });
}

export function reportFailure(e: unknown): never {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  console.error(message);
  if (process.send) process.send({ type: 'failed', message } satisfies ChildMessage, () => process.exit(1));
  else process.exit(1);
  // process.exit runs once the message is out; never return to the caller.
  throw e;
}
