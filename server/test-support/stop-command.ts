import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/*
 * A root `pnpm <script>` (start, and later demo) run as a user runs it, then stopped by a signal: to the
 * pnpm process alone (`kill <pid>`, a process manager) or to its whole process group (Ctrl-C in a terminal,
 * `kill -- -<pgid>`). What a user would notice is collected: exit code, what was printed after the signal,
 * processes left behind, and whether the port is free again.
 */

export const repoDir = fileURLToPath(new URL('../../', import.meta.url));

export type StopTarget = 'pnpm' | 'group';

export interface RunningCommand {
  /** The URL from the ready line. */
  url: string;
  /** Everything printed so far (stdout and stderr, interleaved as they came). */
  output(): string;
  /**
   * Sends `signal` to pnpm alone or to its process group; resolves when pnpm has exited and every
   * process it started (FerretDB included, which runs in a group of its own) is gone or `timeoutMs` passed.
   */
  stop(signal: NodeJS.Signals, target: StopTarget, timeoutMs?: number): Promise<StoppedCommand>;
}

export interface StoppedCommand {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal to pnpm's exit. */
  afterMs: number;
  /** Non-empty lines printed after the signal. */
  linesAfterSignal: string[];
  /** Processes started under pnpm still alive after it exited: `pid command line`. */
  leftBehind: string[];
  /** Whether the server's port could be bound again. */
  portFree: boolean;
}

export interface CommandOptions {
  env?: Record<string, string>;
  /** The line that says it is ready; its first group is the URL. */
  ready?: RegExp;
  readyTimeoutMs?: number;
}

/** Runs `pnpm <script>` at the repository root, in a process group of its own, until it prints its ready line. */
export async function startCommand(script: string, { env = {}, ready = /ready at (http:\/\/\S+?)\/? /, readyTimeoutMs = 180_000 }: CommandOptions = {}): Promise<RunningCommand> {
  const child = spawn('pnpm', [script], { cwd: repoDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Descendants are collected while the command runs: once pnpm is gone, orphans are re-parented and
  // can no longer be found from it.
  const descendants = new Set<number>();
  const watch = setInterval(() => collectDescendants(child.pid!, descendants), 100);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm ${script} not ready within ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs);
    const check = () => {
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`pnpm ${script} exited with ${code} before it was ready:\n${output}`));
    });
  });
  collectDescendants(child.pid!, descendants);

  return {
    url,
    output: () => output,
    async stop(signal, target, timeoutMs = 30_000) {
      const printedBefore = output.length;
      const sent = Date.now();
      process.kill(target === 'group' ? -child.pid! : child.pid!, signal);
      const result = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs))]);
      const afterMs = Date.now() - sent;
      clearInterval(watch);
      const deadline = Date.now() + 5_000;
      while ([...descendants].some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const leftBehind = [...descendants].filter(isAlive).map((pid) => `${pid} ${commandLine(pid)}`);
      killAll(child, descendants);
      return {
        code: result?.code ?? null,
        signal: result?.signal ?? null,
        afterMs,
        linesAfterSignal: output
          .slice(printedBefore)
          .split('\n')
          .filter((line) => line.trim() !== ''),
        leftBehind,
        portFree: await portFree(Number(new URL(url).port)),
      };
    },
  };
}

function collectDescendants(root: number, into: Set<number>): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      into.add(child);
      walk(child);
    }
  };
  walk(root);
}

function isAlive(pid: number): boolean {
  try {
    // A zombie still answers kill(0); it has exited, only its exit status is not yet collected.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '?';
  }
}

/** Leaves nothing behind for the next test, whatever the assertions say. */
function killAll(child: ChildProcess, descendants: Set<number>): void {
  for (const pid of [child.pid!, ...descendants].filter(isAlive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
