/** The e2e server as a child process: for the browser tests' global setup and the page benchmark. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface E2eServer {
  url: string;
  token: string;
  /** An admin of the same provider without the Billing role (Admin only). */
  viewerToken: string;
  /** The ConnectWise simulator's credentials, for the journey's connect form. */
  connectWise: { site: string; companyId: string; publicKey: string; privateKey: string };
  /**
   * The JumpCloud journey's own provider (its Billing admin's `token`) and the JumpCloud simulator's
   * credentials for the connect form; `failingOrganization` is the one whose users cannot be counted.
   */
  jumpCloud: { token: string; providerId: string; apiKey: string; baseUrl: string; failingOrganization: string };
  /** A person of a provider of their own, with only a one-time setup link: the password sign-in journey's. */
  person: { email: string; setupLink: string };
  /** The People journey's ADMIN + BILLING admin, of a provider of its own. */
  peopleAdminToken: string;
  /**
   * The single sign-on journey: an ADMIN of a provider of its own, the in-suite identity provider's
   * settings to type in, and who it knows (an invited Billing admin, and a stranger never invited).
   */
  /** `pnpm demo`'s provider: the link that signs its admin in, and what it was set up with. */
  demo: { signInUrl: string; organizations: number; mapped: number };
  sso: { adminToken: string; domain: string; issuer: string; clientId: string; clientSecret: string; personEmail: string; strangerEmail: string };
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * `pnpm --filter web build`, always: a stale web/dist would test yesterday's app. vitest sets
 * NODE_ENV=test, which Vite would keep: the browser would test a development build of Vue.
 */
export function buildWebApp(): void {
  const build = spawnSync('pnpm', ['--filter', 'web', 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error(`pnpm --filter web build failed:\n${build.stdout}\n${build.stderr}`);
}

/**
 * `pnpm --filter server e2e-server` (with `env` added, e.g. E2E_ORGANIZATIONS), its log in
 * web/.artifacts/e2e-server.log; resolves once it printed its JSON line. `stop` ends it and all it started.
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<{ server: E2eServer; stop: () => Promise<void> }> {
  mkdirSync(artifacts, { recursive: true });
  // Its own process group, so stopping it stops pnpm, tsx and everything the server started.
  const child = spawn('pnpm', ['--filter', 'server', 'e2e-server'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const log = createWriteStream(`${artifacts}e2e-server.log`);
  child.stderr.pipe(log, { end: false });
  try {
    const server = await readServerLine(child, log);
    return {
      server,
      stop: async () => {
        await stop(child);
        log.end();
      },
    };
  } catch (error) {
    await stop(child);
    log.end();
    throw error;
  }
}

/** Waits for the one JSON line `{"url","token","viewerToken","connectWise","jumpCloud"}`; everything else on stdout goes to the log. */
function readServerLine(child: ChildProcess, log: NodeJS.WritableStream): Promise<E2eServer> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(new Error(`e2e-server printed no {"url","token","viewerToken","connectWise","jumpCloud"} line within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`e2e-server exited (code ${code}, signal ${signal}) before it was ready`));
    child.once('exit', onExit);

    let settled = false;
    function fail(error: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${error.message}; see web/.artifacts/e2e-server.log`));
    }

    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (settled) return;
      const parsed = parseServerLine(line);
      if (!parsed) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(parsed);
    });
  });
}

function parseServerLine(line: string): E2eServer | null {
  if (!line.trimStart().startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    if (!isRecord(value)) return null;
    const { url, token, viewerToken, connectWise, jumpCloud, person, peopleAdminToken, sso, demo } = value;
    if (
      typeof url === 'string' &&
      typeof peopleAdminToken === 'string' &&
      typeof token === 'string' &&
      typeof viewerToken === 'string' &&
      hasStrings<E2eServer['connectWise']>(connectWise, ['site', 'companyId', 'publicKey', 'privateKey']) &&
      hasStrings<E2eServer['jumpCloud']>(jumpCloud, ['token', 'providerId', 'apiKey', 'baseUrl', 'failingOrganization']) &&
      hasStrings<E2eServer['person']>(person, ['email', 'setupLink']) &&
      hasStrings<E2eServer['sso']>(sso, ['adminToken', 'domain', 'issuer', 'clientId', 'clientSecret', 'personEmail', 'strangerEmail']) &&
      hasStrings<Pick<E2eServer['demo'], 'signInUrl'>>(demo, ['signInUrl'])
    ) {
      return { url, token, viewerToken, connectWise, jumpCloud, person, peopleAdminToken, sso, demo: demo as E2eServer['demo'] };
    }
  } catch {
    // Not our line: pnpm or the server printed some other JSON-looking text.
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** An object with a string under each of `keys`. */
function hasStrings<T>(value: unknown, keys: Array<keyof T & string>): value is T {
  return isRecord(value) && keys.every((key) => typeof value[key] === 'string');
}

/** SIGTERM to the whole group, then wait until every process in it has gone (SIGKILL after a while). */
async function stop(child: ChildProcess) {
  const pid = child.pid;
  if (pid === undefined || !groupAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  if (!(await groupGone(pid, STOP_TIMEOUT_MS))) {
    signalGroup(pid, 'SIGKILL');
    await groupGone(pid, STOP_TIMEOUT_MS);
  }
}

async function groupGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
